"""PII redaction: the first stage after ingest; nothing downstream sees raw text."""
