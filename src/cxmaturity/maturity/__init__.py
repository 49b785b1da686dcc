"""Maturity inference: frameworks as YAML, evidence rules over the calls/turns tables,
verdicts per framework, and self-assessment validation."""
