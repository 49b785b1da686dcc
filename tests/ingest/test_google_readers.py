"""Google readers: CCAI Insights conversation JSON and Cloud Speech-to-Text responses.

Fixtures in tests/fixtures/formats; the real exports in ../shared/real_exports are read in
place (never copied) and their tests skip when that folder is absent.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from cxmaturity.ingest import IngestError, detect_format, read_path
from cxmaturity.ingest.decoding import decode_bytes
from cxmaturity.ingest.formats.google_stt import duration_s

from .helpers import REAL_EXPORTS, read_all, read_one, speakers

REAL = REAL_EXPORTS
REAL_CCAI = REAL / "google_ccai"
SECRET = "Mrs Jane Example 07700 900456"

needs_real = pytest.mark.skipif(not REAL_CCAI.is_dir(), reason="real exports folder not present")


def _write(tmp_path: Path, document, name: str = "export.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def _texts(conversation) -> list[str]:
    return [" ".join(turn.text.split()) for turn in conversation.turns]


# --------------------------------------------------------------------------- CCAI fixture
def test_google_ccai_conversation(fixtures):
    call = read_one(fixtures / "google_ccai_conversation.json")
    assert call.source_format == "google_ccai"
    assert call.conversation_id == "google_ccai_conversation"
    assert speakers(call) == ["bot", "customer", "bot", "agent", "customer", "agent", "customer"]
    assert call.turns[0].text == "Hi, I'm the Fernhill Energy virtual assistant. What can I help you with today?"
    # Two END_USER entries in a row are one turn; times are seconds since the first entry.
    assert call.turns[1].text == "My bill is much higher than usual this month. I'd like to talk to a person, please."
    assert call.turns[1].metadata["entries_joined"] == 2
    assert [t.start for t in call.turns] == [0.0, 6.5, 14.0, 41.0, 52.5, 60.0, 75.0]
    assert all(t.end is None for t in call.turns)
    assert call.started_at == "2025-11-20T09:00:00Z"
    assert call.metadata["categories"] == ["Billing dispute", "Payment plan"]
    assert call.source_annotations == ["categories"]
    assert call.turns[0].metadata["source_speaker"] == "AUTOMATED_AGENT"
    assert call.agent_id is None and call.customer_id is None  # user_id is not an agent id


def test_google_ccai_without_timestamps(fixtures, tmp_path):
    document = json.loads((fixtures / "google_ccai_conversation.json").read_text())
    for entry in document["entries"]:
        del entry["start_timestamp_usec"]
    call = read_one(_write(tmp_path, document))
    assert len(call.turns) == 7
    assert all(t.start is None and t.end is None for t in call.turns)
    assert call.started_at is None


def test_google_ccai_docs_example_offsets_are_not_dates(tmp_path):
    # The docs' example uses start_timestamp_usec 1000000 and 5000000: offsets, not 1970.
    path = _write(
        tmp_path,
        {
            "entries": [
                {
                    "start_timestamp_usec": 1000000,
                    "text": "Hello, I'm calling in regards to my bill.",
                    "role": "CUSTOMER",
                    "user_id": 1,
                },
                {
                    "start_timestamp_usec": 5000000,
                    "text": "Yes, I can answer your question.",
                    "role": "AGENT",
                    "user_id": 2,
                },
            ]
        },
    )
    call = read_one(path)
    assert call.started_at is None
    assert [(t.speaker, t.start) for t in call.turns] == [("customer", 0.0), ("agent", 4.0)]


def test_google_ccai_other_roles_are_unknown_and_speaker_map_wins(fixtures, tmp_path):
    path = _write(
        tmp_path,
        {
            "entries": [
                {"text": "Welcome to Fernhill Energy.", "role": "ROLE_UNSPECIFIED", "user_id": 9},
                {"text": "Thank you for calling, how can I help?", "role": "AGENT", "user_id": 2},
                {"text": "Hi.", "user_id": 1},
            ]
        },
    )
    call = read_one(path)
    assert speakers(call) == ["unknown", "agent", "unknown"]  # no guessing from content
    assert call.metadata["entries_without_role"] == 1
    mapped = read_one(fixtures / "google_ccai_conversation.json", speaker_map={"automated_agent": "ivr"})
    assert speakers(mapped)[:3] == ["ivr", "customer", "ivr"]
    assert "override" in mapped.metadata["speaker_role_method"]


def test_google_ccai_same_participant_far_apart_stays_two_turns(tmp_path):
    path = _write(
        tmp_path,
        {
            "entries": [
                {
                    "start_timestamp_usec": 1763629200000000,
                    "text": "Let me check that for you.",
                    "role": "AGENT",
                    "user_id": 2,
                },
                {
                    "start_timestamp_usec": 1763629290000000,
                    "text": "Thanks for holding.",
                    "role": "AGENT",
                    "user_id": 2,
                },
                {"start_timestamp_usec": 1763629293000000, "text": "It is sorted now.", "role": "AGENT", "user_id": 2},
            ]
        },
    )
    call = read_one(path)
    assert _texts(call) == ["Let me check that for you.", "Thanks for holding. It is sorted now."]
    assert [t.start for t in call.turns] == [0.0, 90.0]


def test_google_ccai_vendor_analytics_become_annotations_and_medium_the_channel(tmp_path):
    path = _write(
        tmp_path,
        {
            "name": "projects/p-1/locations/us-central1/conversations/conv-77",
            "conversation_info": {
                "medium": "PHONE_CALL",
                "summary": {"text": SECRET},
                "categories": [{"display_name": "Billing"}],
            },
            "entries": [
                {"text": "Thank you for calling.", "role": "AGENT", "user_id": 2, "sentiment": {"score": 0.4}},
                {"text": "Hi.", "role": "CUSTOMER", "user_id": 1},
            ],
        },
    )
    call = read_one(path)
    assert call.conversation_id == "conv-77"
    assert call.channel == "voice"
    assert call.source_annotations == ["categories", "sentiment", "summary"]
    assert call.annotation_fields["sentiment"] == ["entries[].sentiment"]
    assert SECRET not in json.dumps(call.to_canonical())  # analytics values are not copied


def test_google_ccai_array_of_conversations_rejects_only_the_broken_one(fixtures, tmp_path):
    good = json.loads((fixtures / "google_ccai_conversation.json").read_text())
    broken = {"entries": [{"role": "CUSTOMER", "user_id": 1, "start_timestamp_usec": 1}]}
    conversations, rejected = read_all(_write(tmp_path, [good, broken, good]))
    assert [c.conversation_id for c in conversations] == ["export-1", "export-3"]
    assert [(r.location, r.reason) for r in rejected] == [
        ("record 2", "google_ccai export: entries[0] has no 'text' field (required)")
    ]


# --------------------------------------------------------------------------- STT fixtures
def test_google_stt_diarized_rest(fixtures):
    call = read_one(fixtures / "google_stt_diarized.json")
    assert call.source_format == "google_stt"
    assert call.metadata["google_stt_shape"] == "diarized"
    # Turns come from the last result's tagged words only (earlier results are not repeated);
    # the 6-second pause inside speaker 2's talk keeps two turns (hold stays visible).
    assert speakers(call) == ["agent", "customer", "agent", "agent", "customer"]
    assert call.turns[0].text == "Thank you for calling Fernhill Energy, this is Tom. How can I help?"
    assert (call.turns[0].start, call.turns[0].end) == (0.0, 4.05)
    assert (call.turns[3].start, call.turns[3].end) == (17.68, 20.56)
    assert [t.metadata["source_speaker"] for t in call.turns] == [
        "speaker_2",
        "speaker_1",
        "speaker_2",
        "speaker_2",
        "speaker_1",
    ]
    assert call.metadata["speaker_role_method"] == "content"
    assert call.metadata["language_code"] == "en-us"
    assert call.metadata["total_billed_time_s"] == 22.0
    assert call.channel == "voice"
    assert call.source_annotations == []


def test_google_stt_channels_snake_case(fixtures):
    call = read_one(fixtures / "google_stt_channels_snake.json")
    assert call.metadata["google_stt_shape"] == "channels"
    # Results come channel by channel; turns are put in time order, one per result.
    assert speakers(call) == ["agent", "customer", "agent", "customer", "agent"]
    assert [t.metadata["source_speaker"] for t in call.turns] == [
        "channel_2",
        "channel_1",
        "channel_2",
        "channel_1",
        "channel_2",
    ]
    assert call.turns[0].text == "Good morning, Fernhill Energy, you're speaking with Aisha. How can I help?"
    assert (call.turns[0].start, call.turns[0].end) == (0.4, 4.57)  # {seconds, nanos} and "4.570s"
    assert (call.turns[1].start, call.turns[1].end) == (5.07, 9.21)
    assert call.metadata["language_code"] == "en-gb"


def test_google_stt_speaker_map_wins(fixtures):
    call = read_one(
        fixtures / "google_stt_channels_snake.json", speaker_map={"channel_1": "agent", "channel_2": "customer"}
    )
    assert speakers(call) == ["customer", "agent", "customer", "agent", "customer"]


def test_google_stt_without_diarization_or_channels_is_one_label(tmp_path):
    agent_like = _write(
        tmp_path,
        {
            "results": [
                {
                    "alternatives": [
                        {"transcript": "thank you for calling Fernhill how can I help", "confidence": 0.9}
                    ],
                    "resultEndTime": "3.100s",
                    "languageCode": "en-us",
                },
                {
                    "alternatives": [{"transcript": " let me check that for you", "confidence": 0.9}],
                    "resultEndTime": "6s",
                },
            ]
        },
        "agent.json",
    )
    call = read_one(agent_like)
    assert call.metadata["google_stt_shape"] == "plain"
    assert speakers(call) == ["agent", "agent"]
    assert _texts(call) == ["thank you for calling Fernhill how can I help", "let me check that for you"]
    assert [(t.start, t.end) for t in call.turns] == [(None, 3.1), (None, 6.0)]
    undecided = _write(
        tmp_path,
        {"results": [{"alternatives": [{"transcript": "the weather was fine on Tuesday"}], "resultEndTime": "2s"}]},
        "plain.json",
    )
    assert speakers(read_one(undecided)) == ["unknown"]  # never guessed silently


def test_google_stt_per_result_speaker_labels_v2_and_operation_wrapper(tmp_path):
    def word(text, start, end, label):
        return {"word": text, "startOffset": f"{start}s", "endOffset": f"{end}s", "speakerLabel": label}

    operation = {
        "name": "4417",
        "done": True,
        "response": {
            "results": [
                {
                    "alternatives": [
                        {
                            "transcript": "thank you for calling how can I help",
                            "words": [
                                word("thank", 0.1, 0.3, "1"),
                                word("you", 0.3, 0.5, "1"),
                                word("for", 0.5, 0.6, "1"),
                                word("calling", 0.6, 1.0, "1"),
                                word("how", 1.1, 1.2, "1"),
                                word("can", 1.2, 1.3, "1"),
                                word("I", 1.3, 1.4, "1"),
                                word("help", 1.4, 1.7, "1"),
                            ],
                        }
                    ],
                    "resultEndOffset": "1.8s",
                },
                {
                    "alternatives": [
                        {
                            "transcript": "I'm calling about my bill",
                            "words": [
                                word("I'm", 2.0, 2.2, "2"),
                                word("calling", 2.2, 2.6, "2"),
                                word("about", 2.6, 2.9, "2"),
                                word("my", 2.9, 3.0, "2"),
                                word("bill", 3.0, 3.3, "2"),
                            ],
                        }
                    ],
                    "resultEndOffset": "3.5s",
                },
            ]
        },
    }
    call = read_one(_write(tmp_path, operation))
    assert call.metadata["google_stt_shape"] == "diarized_per_result"
    assert speakers(call) == ["agent", "customer"]
    assert _texts(call) == ["thank you for calling how can I help", "I'm calling about my bill"]
    assert (call.turns[1].start, call.turns[1].end) == (2.0, 3.3)


def test_google_stt_channel_results_without_word_times_ordered_by_channel_time(tmp_path):
    path = _write(
        tmp_path,
        {
            "results": [
                {
                    "alternatives": [{"transcript": "hi I'm calling about my bill"}],
                    "channel_tag": 1,
                    "result_end_time": "6s",
                },
                {"alternatives": [{"transcript": "it doubled this month"}], "channel_tag": 1, "result_end_time": "14s"},
                {
                    "alternatives": [{"transcript": "thank you for calling how can I help"}],
                    "channel_tag": 2,
                    "result_end_time": "3s",
                },
                {
                    "alternatives": [{"transcript": "let me check your account"}],
                    "channel_tag": 2,
                    "result_end_time": "9s",
                },
            ]
        },
    )
    call = read_one(path)
    assert _texts(call) == [
        "thank you for calling how can I help",
        "hi I'm calling about my bill",
        "let me check your account",
        "it doubled this month",
    ]
    assert speakers(call) == ["agent", "customer", "agent", "customer"]
    assert all(t.start is None for t in call.turns)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("1.300s", 1.3),
        ("0s", 0.0),
        ("12s", 12.0),
        (2.5, 2.5),
        ({"seconds": 3, "nanos": 500000000}, 3.5),
        ({"seconds": "4"}, 4.0),
        ({"nanos": 250000000}, 0.25),
        ("0:00:01.300000", 1.3),
        (None, None),
    ],
)
def test_google_stt_duration_forms(value, seconds):
    assert duration_s(value) == seconds


# --------------------------------------------------------------------------- detection
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("google_ccai_conversation.json", "google_ccai"),
        ("google_stt_diarized.json", "google_stt"),
        ("google_stt_channels_snake.json", "google_stt"),
    ],
)
def test_google_fixtures_detected_by_content_with_a_disguised_suffix(fixtures, tmp_path, name, expected):
    disguised = tmp_path / "export.dat"
    shutil.copy(fixtures / name, disguised)
    text, _ = decode_bytes(disguised.read_bytes())
    assert detect_format(disguised, text) == expected
    conversations, rejected = read_all(disguised)
    assert conversations and not rejected
    assert all(c.source_format == expected for c in conversations)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("google_ccai_conversation.json", "google_ccai"),
        ("google_stt_diarized.json", "google_stt"),
    ],
)
def test_truncated_google_exports_are_reported_as_truncated(fixtures, tmp_path, name, expected):
    text = (fixtures / name).read_text()
    path = tmp_path / "cut.json"
    path.write_text(text[: len(text) // 2])
    assert detect_format(path, path.read_text()) == expected
    with pytest.raises(IngestError, match="truncated JSON"):
        read_all(path)


# --------------------------------------------------------------------------- schema errors
def _broken_ccai(tmp_path: Path) -> Path:
    return _write(
        tmp_path,
        {
            "entries": [
                {"start_timestamp_usec": 1763629200000000, "text": SECRET, "role": "CUSTOMER", "user_id": 1},
                {"start_timestamp_usec": 1763629205000000, "role": "AGENT", "user_id": 2},
            ]
        },
        "broken_ccai.json",
    )


def _broken_stt(tmp_path: Path) -> Path:
    return _write(
        tmp_path,
        {
            "results": [
                {"resultEndTime": "3.100s", "languageCode": "en-us", "transcript": SECRET},
                {"resultEndTime": "6s", "languageCode": "en-us"},
            ]
        },
        "broken_stt.json",
    )


@pytest.mark.parametrize(
    ("make", "fmt", "field"),
    [
        (_broken_ccai, "google_ccai", "entries[1] has no 'text'"),
        (_broken_stt, "google_stt", "'alternatives'"),
    ],
)
def test_schema_broken_file_is_one_line_error_naming_file_format_and_field(tmp_path, make, fmt, field):
    path = make(tmp_path)
    assert detect_format(path, path.read_text()) == fmt  # it looks like the format
    with pytest.raises(IngestError) as info:
        read_all(path)
    message = str(info.value)
    assert message.startswith(f"{path}: ") and "\n" not in message
    assert fmt in message and field in message
    assert SECRET not in message and "Jane" not in message


def test_batch_goes_on_past_schema_broken_files(fixtures, tmp_path):
    inputs = [
        _broken_ccai(tmp_path),
        fixtures / "google_ccai_conversation.json",
        _broken_stt(tmp_path),
        fixtures / "google_stt_diarized.json",
        fixtures / "google_stt_channels_snake.json",
    ]
    read, failed = {}, {}
    for path in inputs:  # as the runner does: one file's IngestError never stops the others
        try:
            read[path.name] = [item.conversation_id for item in read_path(path)]
        except IngestError as exc:
            failed[path.name] = str(exc)
    assert sorted(failed) == ["broken_ccai.json", "broken_stt.json"]
    assert read == {
        "google_ccai_conversation.json": ["google_ccai_conversation"],
        "google_stt_diarized.json": ["google_stt_diarized"],
        "google_stt_channels_snake.json": ["google_stt_channels_snake"],
    }


def test_forced_format_on_a_different_shape_is_a_file_error(fixtures):
    with pytest.raises(IngestError, match="google_stt.*no 'results' list"):
        list(read_path(fixtures / "google_ccai_conversation.json", _options(format="google_stt")))
    with pytest.raises(IngestError, match="google_ccai.*no 'entries' list"):
        list(read_path(fixtures / "google_stt_diarized.json", _options(format="google_ccai")))


def _options(**kwargs):
    from cxmaturity.ingest import IngestOptions

    return IngestOptions(**kwargs)


# --------------------------------------------------------------------------- real exports
@needs_real
@pytest.mark.parametrize(
    ("name", "n_turns", "roles", "first_text"),
    [
        ("ccai-devkit-aws_output-converted.json", 10, ["agent", "customer"] * 5, "Okay."),
        (
            "ccai-devkit-genesys_output-converted.json",
            3,
            ["customer", "agent", "customer"],
            "you are treating me well thank you very very much",
        ),
        (
            "ccai-devkit-sample_conversation.json",
            10,
            ["agent", "customer"] * 5,
            "This is SkyHigh Airlines. Can I have your booking reference please?",
        ),
    ],
)
def test_real_ccai_files(name, n_turns, roles, first_text):
    path = REAL_CCAI / name
    assert detect_format(path, path.read_text()) == "google_ccai"
    call = read_one(path)
    assert len(call.turns) == n_turns
    assert speakers(call) == roles
    assert call.turns[0].text == first_text


@needs_real
def test_real_ccai_timestamps():
    converted = read_one(REAL_CCAI / "ccai-devkit-aws_output-converted.json")
    assert converted.started_at == "2024-01-01T03:00:00Z"
    assert [t.start for t in converted.turns][:4] == [0.0, 0.0, 4.0, 7.0]
    sample = read_one(REAL_CCAI / "ccai-devkit-sample_conversation.json")
    assert sample.started_at is None and all(t.start is None for t in sample.turns)


@needs_real
@pytest.mark.parametrize(
    ("original", "converted", "original_format"),
    [
        (
            "contact_lens/ccai-devkit-aws_transcript-docs-example.json",
            "ccai-devkit-aws_output-converted.json",
            "contact_lens",
        ),
        ("genesys/ccai-devkit-genesys_transcript.json", "ccai-devkit-genesys_output-converted.json", "genesys"),
    ],
)
def test_google_conversion_agrees_with_the_original_export(original, converted, original_format):
    source = read_one(REAL / original)
    copy = read_one(REAL_CCAI / converted)
    assert source.source_format == original_format and copy.source_format == "google_ccai"
    assert _texts(copy) == _texts(source)
    assert speakers(copy) == speakers(source)
