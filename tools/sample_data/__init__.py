"""The generator of the project's sample transcripts (sample_data/), one folder per export format.

Why a generator: every format is rendered from the same hand-written dialogues
(`dialogues/*.yaml`), so timings, ids and speaker roles stay consistent across formats, and the
committed files rebuild byte-for-byte (`python -m tools.sample_data`; tests/tools checks it).

Layout, mirroring `cxmaturity.ingest`:
    dialogue.py        loads and validates the dialogues
    render.py          timings, tokens, stable ids and cue-based vendor sentiment
    registry.py        writers registered by name, like the readers
    writers/<fmt>.py   one module per reader module of `cxmaturity.ingest.formats`
    checks.py          what the corpus must keep showing
    readme.py, self_assessment.py, generate.py, __main__.py

All people, numbers and companies are fictional. Card numbers are the public Luhn-valid test
numbers (4111 1111 1111 1111 and friends); phone numbers use reserved fictional ranges.
"""
