"""The redact stage: annotations, fail-closed rejection, config, classify-friendly output."""

import pytest

from cxmaturity.errors import ConfigError
from cxmaturity.model import Conversation, Rejected, Turn
from cxmaturity.redact.stage import RedactionError, RedactStage

SECRET = "4111 1111 1111 1111"


def _conversation(cid="c-1", text=f"my card is {SECRET}"):
    return Conversation(
        conversation_id=cid,
        source_file="calls.jsonl",
        turns=[
            Turn("agent", "thanks for calling, you're speaking with sarah"),
            Turn("customer", text),
            Turn("customer", "it was already masked as [PII] before"),
        ],
        metadata={"note": "callback 07911 123456"},
        source_annotations=["redaction"],  # what ingest found: the "[PII]" marker below
    )


@pytest.fixture(scope="module")
def stage(redactor):
    s = RedactStage()
    s._redactor = redactor  # reuse the session's loaded engine
    return s


def test_stage_sets_pii_types_and_counts(stage):
    out = list(stage.pipe([_conversation()]))
    assert len(out) == 1 and isinstance(out[0], Conversation)
    conv = out[0]
    assert conv.redacted is True
    assert conv.turns[1].text == "my card is [CREDIT_CARD]"
    assert conv.turns[0].pii_types == ["PERSON"] and conv.turns[1].pii_types == ["CREDIT_CARD"]
    assert conv.call["pii_found"] == 2
    assert conv.call["pii_types"] == ["CREDIT_CARD", "PERSON"]
    assert conv.call["source_redacted"] is True
    assert conv.metadata["note"] == "callback [PHONE_NUMBER]"
    assert SECRET not in str(conv.to_canonical())


def test_failure_yields_rejected_without_raw_text(stage, monkeypatch):
    good, bad = _conversation("c-good"), _conversation("c-bad", text=f"boom {SECRET}")
    original = stage.redactor.redact_conversations

    def explode_on_bad(conversations):
        if any(f"boom {SECRET}" in t for _, texts in conversations for t in texts):
            raise KeyError(f"boom {SECRET}")
        return original(conversations)

    monkeypatch.setattr(stage.redactor, "redact_conversations", explode_on_bad)
    out = list(stage.pipe([good, bad]))
    assert isinstance(out[0], Conversation) and out[0].redacted
    rejected = out[1]
    assert isinstance(rejected, Rejected)
    assert rejected.stage == "redact" and rejected.conversation_id == "c-bad"
    assert rejected.reason == "redaction failed: KeyError"
    assert SECRET not in repr(rejected)
    assert bad.turns[1].text == f"boom {SECRET}" and not bad.redacted  # never half-redacted

    with pytest.raises(RedactionError) as info:
        stage(_conversation("c-bad2", text=f"boom {SECRET}"))
    assert SECRET not in str(info.value) and "KeyError" in str(info.value)
    assert info.value.__cause__ is None and info.value.__suppress_context__


def test_unknown_option_is_rejected():
    with pytest.raises(ConfigError, match=r"^redact: unknown option\(s\) \['placeholder'\]"):
        RedactStage(placeholder="typed")
    with pytest.raises(ConfigError, match=r"^redact\.placeholders: must be one of \['typed', 'consistent'\]"):
        RedactStage(placeholders="hashed")


@pytest.mark.parametrize(
    "config, field",
    [
        ({"score_threshold": 1.5}, "redact.score_threshold: must be between 0 and 1"),
        ({"score_threshold": "high"}, "redact.score_threshold: expected float or int, got str"),
        ({"batch_size": 0}, "redact.batch_size: must be >= 1"),
        ({"cross_turn_window": 0}, "redact.cross_turn_window: must be >= 1"),
        ({"context_turns": -1}, "redact.context_turns: must be >= 0"),
        ({"context_turns": True}, "redact.context_turns: expected int, got bool"),
        ({"entities": "PERSON"}, "redact.entities: expected list or null, got str"),
        ({"entities": ["PERSON", 3]}, "redact.entities: expected a list of entity type names"),
    ],
)
def test_bad_config_is_a_config_error_naming_the_field(config, field):
    """Config problems are `ConfigError`s (the CLI prints them as they are), raised before any text is read."""
    with pytest.raises(ConfigError) as info:
        RedactStage(**config)
    assert str(info.value).startswith(field)
    assert isinstance(info.value, ValueError)  # still what callers catching ValueError expect


def test_unknown_entity_type_is_a_config_error(redactor):
    from cxmaturity.redact.engine import RedactionConfig, Redactor

    with pytest.raises(ConfigError, match=r"^redact\.entities: unknown entity types \['PASSPORT'\]"):
        Redactor(RedactionConfig(entities=["PERSON", "PASSPORT"]))


def test_stage_is_registered_under_redact():
    from cxmaturity.pipeline.registry import get_stage

    assert get_stage("redact") is RedactStage


def test_redacted_text_keeps_sentiment_words(stage):
    conv = list(stage.pipe([_conversation(text=f"I'm furious, you charged {SECRET} twice")]))[0]
    assert conv.turns[1].text == "I'm furious, you charged [CREDIT_CARD] twice"
