"""Contact drivers beyond the taxonomy: clusters of the customers' reason turns (the `topics` corpus stage)."""
