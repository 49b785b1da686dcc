"""Call signals from transcripts: phrase lists matched with spaCy, timestamps, repeat contacts."""
