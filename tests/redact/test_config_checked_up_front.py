"""Redaction settings that name something missing fail when the pipeline is built, not per conversation."""

from __future__ import annotations

from pathlib import Path

import pytest

from cxmaturity.errors import ConfigError
from cxmaturity.pipeline.config import load_pipeline
from cxmaturity.pipeline.plan import build_plan
from cxmaturity.redact.engine import known_entity_types
from cxmaturity.redact.recognizers import load_recognizers
from cxmaturity.redact.stage import RedactStage


def test_an_unknown_entity_type_fails_when_the_stage_is_built() -> None:
    with pytest.raises(ConfigError, match=r"redact\.entities: unknown entity types \['PERSN'\]"):
        RedactStage(entities=["PERSON", "PERSN"])


def test_a_missing_spacy_pipeline_fails_when_the_stage_is_built() -> None:
    with pytest.raises(ConfigError, match=r"redact\.spacy_model: 'en_core_web_xx'"):
        RedactStage(spacy_model="en_core_web_xx")


def test_the_plan_names_the_pipeline_file_and_the_stage(tmp_path: Path) -> None:
    pipeline = tmp_path / "p.yaml"
    pipeline.write_text(
        "stages:\n  - name: ingest\n  - name: redact\n    config: {entities: [CREDIT_CARDS]}\n", encoding="utf-8"
    )
    with pytest.raises(ConfigError, match=r"p\.yaml: stage 'redact': redact\.entities"):
        build_plan(load_pipeline(pipeline))


def test_known_types_include_the_recognizers_and_the_conversation_passes() -> None:
    known = known_entity_types(load_recognizers())
    assert {"PERSON", "CREDIT_CARD", "PHONE_NUMBER", "EMAIL_ADDRESS", "PIN", "SECURITY_ANSWER"} <= set(known)
    RedactStage(entities=["CREDIT_CARD", "PIN"])  # a valid subset still builds
