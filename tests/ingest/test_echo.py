"""Echo and crosstalk: an utterance heard on both channels is one turn, and the manifest says so."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cxmaturity.ingest.echo import merge_echo_fragments
from cxmaturity.ingest.fragments import Fragment
from cxmaturity.pipeline.config import load_pipeline
from cxmaturity.pipeline.runner import RunOptions, analyze

from .helpers import REAL_EXPORTS, read_one, speakers

REAL = REAL_EXPORTS / "contact_lens"


def _fragment(label: str, start: float, end: float, text: str, loudness: float | None = None) -> Fragment:
    return Fragment(label, text, start, end, {} if loudness is None else {"loudness_mean": loudness})


def test_echoed_utterance_is_kept_once_on_the_louder_channel():
    fragments = [
        _fragment("AGENT", 2.9, 4.3, "Hi there, thanks for holding.", loudness=81.0),
        _fragment("CUSTOMER", 3.0, 4.4, "Hi there thanks for holding", loudness=62.0),
        _fragment("CUSTOMER", 5.1, 9.8, "I'm ringing about my order from the twelfth", loudness=79.0),
        _fragment("AGENT", 5.2, 9.6, "I'm ringing about the order from the twelfth", loudness=70.5),
    ]
    kept, dropped = merge_echo_fragments(fragments)
    assert dropped == 2
    assert [(f.label, f.text) for f in kept] == [
        ("AGENT", "Hi there, thanks for holding."),
        ("CUSTOMER", "I'm ringing about my order from the twelfth"),
    ]


def test_without_loudness_the_earlier_copy_wins_and_one_word_copies_merge():
    fragments = [
        _fragment("ch_0", 10.00, 10.40, "Okay."),
        _fragment("ch_1", 10.10, 10.55, "Okay."),
        _fragment("ch_1", 11.0, 12.0, "2405."),
        _fragment("ch_0", 11.1, 12.1, "245."),
    ]
    kept, dropped = merge_echo_fragments(fragments)
    assert dropped == 2
    assert [(f.label, f.text) for f in kept] == [("ch_0", "Okay."), ("ch_1", "2405.")]


def test_real_crosstalk_and_answers_are_not_echoes():
    fragments = [
        _fragment("AGENT", 0.0, 3.0, "Can I take the postcode on the account?"),
        _fragment("CUSTOMER", 2.5, 4.0, "Yes it's on the account"),  # overlaps, shares few words
        _fragment("AGENT", 4.2, 4.6, "Yeah."),
        _fragment("CUSTOMER", 4.3, 4.7, "Okay."),  # both speak at once, different words
        _fragment("AGENT", 6.0, 7.0, "Can you click?"),
        _fragment("CUSTOMER", 6.2, 30.0, "Can you, we can stop recording? Clicking on pause now, the recording stops."),
    ]
    kept, dropped = merge_echo_fragments(fragments)
    assert dropped == 0 and len(kept) == len(fragments)


def test_untimed_chat_is_left_alone():
    fragments = [Fragment("Agent", "Hello, how can I help?"), Fragment("Customer", "Hello, how can I help?")]
    assert merge_echo_fragments(fragments) == (fragments, 0)


def _echo_contact_lens(path: Path) -> Path:
    """A Contact Lens call whose every utterance is on both channels, the customer's side louder."""
    lines = [
        ("Good morning, you're through to Fernleigh Energy.", 0, 3100),
        ("Hi, I've had a letter saying my direct debit is going up.", 3500, 8200),
        ("Let me have a look at that for you.", 8600, 10900),
    ]
    transcript = []
    for index, (text, begin, end) in enumerate(lines):
        loud, quiet = (84.0, 61.0) if index != 1 else (58.0, 80.0)
        transcript.append(
            {
                "ParticipantId": "AGENT",
                "Id": f"a{index}",
                "Content": text,
                "BeginOffsetMillis": begin,
                "EndOffsetMillis": end,
                "LoudnessScore": [loud],
            }
        )
        transcript.append(
            {
                "ParticipantId": "CUSTOMER",
                "Id": f"c{index}",
                "Content": text.replace(",", ""),
                "BeginOffsetMillis": begin + 120,
                "EndOffsetMillis": end + 90,
                "LoudnessScore": [quiet],
            }
        )
    document = {
        "Version": "1.1.0",
        "Channel": "VOICE",
        "AccountId": "000000000000",
        "CustomerMetadata": {"ContactId": "echo-call-1", "InstanceId": "i-1", "InputS3Uri": "s3://bucket/echo.wav"},
        "Participants": [
            {"ParticipantId": "AGENT", "ParticipantRole": "AGENT"},
            {"ParticipantId": "CUSTOMER", "ParticipantRole": "CUSTOMER"},
        ],
        "Transcript": transcript,
    }
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_contact_lens_echo_call_reads_each_line_once_and_the_manifest_counts_merges(tmp_path):
    (tmp_path / "exports").mkdir()
    path = _echo_contact_lens(tmp_path / "exports" / "echo.json")
    conversation = read_one(path)
    assert speakers(conversation) == ["agent", "customer", "agent"]
    assert conversation.metadata["echo_turns_merged"] == 3
    pipeline = tmp_path / "pipeline.yaml"
    pipeline.write_text("stages:\n  - name: ingest\n")
    manifest = analyze(load_pipeline(pipeline), [str(tmp_path / "exports")], RunOptions(out_dir=tmp_path / "out"))
    assert manifest["inputs"][0]["echo_turns_merged"] == 3
    assert manifest["totals"]["echo_turns_merged"] == 3


@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/real_exports is not present")
def test_real_echo_sample_yields_each_utterance_once():
    conversation = read_one(REAL / "voicefoundry-zendesk-cl-sample-2025.json")
    texts = [turn.text for turn in conversation.turns]
    assert len(texts) == 6 and conversation.metadata["echo_turns_merged"] == 7
    assert sum("good morning" in text.lower() for text in texts) == 1
    assert sum("thanks very much" in text.lower() for text in texts) == 1
    assert sum("order number 671" in text for text in texts) == 1
