"""User categories: analysts' own rules (phrases, proximity, negation, speaker, position, signals) in YAML."""
