"""Bedrock Data Automation audio, AWS Post Call Analytics and Amazon Connect chat transcripts:
fixtures, detection by content, the published real files, and schema-broken files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from cxmaturity.ingest import IngestError, detect_format, expand_inputs, read_path
from cxmaturity.ingest.decoding import decode_bytes

from .helpers import REAL_EXPORTS, read_all, read_one, speakers

REAL = REAL_EXPORTS / "other"
SECRET = "Mrs Jane Example 07700 900456"

FIXTURE_FORMATS = {
    "bedrock_audio.json": "bedrock_audio",
    "post_call_analytics.json": "post_call_analytics",
    "connect_chat_transcript.json": "connect_chat",
}


def _everything_kept(conversation) -> str:
    """Metadata and ids as they leave ingest (turn text excluded), for 'never copied' checks."""
    return json.dumps(
        {
            "metadata": conversation.metadata,
            "turns": [turn.metadata for turn in conversation.turns],
            "ids": [conversation.conversation_id, conversation.agent_id, conversation.customer_id, conversation.queue],
            "annotations": conversation.annotation_fields,
        }
    )


# --------------------------------------------------------------------------- fixtures
def test_bedrock_audio(fixtures):
    call = read_one(fixtures / "bedrock_audio.json")
    assert call.source_format == "bedrock_audio"
    assert call.conversation_id == "fabrikam-call-0412"  # the input audio's name (metadata.s3_key)
    assert call.channel == "voice" and call.started_at is None
    # 11 segments; the customer's two segments 0.6 s apart merge into one turn.
    assert len(call.turns) == 10
    assert speakers(call) == [
        "agent",
        "customer",
        "agent",
        "agent",
        "customer",
        "agent",
        "customer",
        "agent",
        "customer",
        "agent",
    ]
    assert call.turns[0].text == "Thank you for calling Fabrikam Travel, this is Priya. How can I help you today?"
    assert (call.turns[0].start, call.turns[0].end) == (0.84, 5.2)
    assert (call.turns[4].start, call.turns[4].end) == (19.5, 25.0)
    assert call.turns[4].text == "Yes, it's F K 7 7 2 1. It's under Tomasz Nowak."
    assert call.turns[2].text == "Oh no."  # a backchannel inside the customer's turn stays a turn
    assert call.source_annotations == ["categories", "summary"]
    assert call.annotation_fields == {"summary": ["audio.summary"], "categories": ["topics"]}
    assert call.metadata["duration_s"] == 61.25
    assert call.metadata["sensitive_entity_types"] == ["NAME"]
    assert call.metadata["speaker_role_method"] == "content"
    kept = _everything_kept(call)
    assert "Tomasz" not in kept and "duplicate hotel charge" not in kept  # detections and summaries not copied


def test_bedrock_audio_topics_under_audio_and_transcript_only(tmp_path):
    document = {
        "metadata": {"semantic_modality": "AUDIO", "duration_millis": 4000},
        "audio": {
            "summary": "",
            "topics": [{"topic_index": 0, "summary": "A greeting."}],
            "transcript": {"representation": {"text": "Hello, thanks for calling."}},
        },
    }
    path = tmp_path / "result.json"
    path.write_text(json.dumps(document))
    call = read_one(path)
    assert call.conversation_id == "result"
    assert speakers(call) == ["unknown"] and call.turns[0].text == "Hello, thanks for calling."
    assert call.metadata["bda_shape"] == "transcript_only"
    assert call.source_annotations == ["categories"]  # an empty summary is not a summary
    assert call.annotation_fields["categories"] == ["audio.topics"]


def test_bedrock_audio_speaker_map_wins(fixtures):
    call = read_one(fixtures / "bedrock_audio.json", speaker_map={"spk_1": "customer", "spk_0": "agent"})
    assert speakers(call)[:2] == ["customer", "agent"]


def test_post_call_analytics(fixtures):
    call = read_one(fixtures / "post_call_analytics.json")
    assert call.source_format == "post_call_analytics"
    assert call.conversation_id == "2d9c1e4b-7a31-4f0e-9b6d-5c8e2f1a0417"
    assert (call.channel, call.agent_id, call.customer_id) == ("voice", "agent-0417", None)
    assert call.started_at == "2026-11-19T15:42:07"  # PCA gives no zone; the zone name is kept
    assert call.metadata["conversation_location"] == "Europe/London"
    # spk_0 is the customer here: roles follow SpeakerLabels, not speaker order; the IVR segment is ivr.
    assert len(call.turns) == 9
    assert speakers(call) == ["ivr", "agent", "customer", "agent", "customer", "agent", "customer", "agent", "customer"]
    assert call.turns[0].text == "This call may be recorded for quality and training purposes."
    assert (call.turns[0].start, call.turns[0].end) == (0.2, 3.9)
    assert (call.turns[2].start, call.turns[2].end) == (9.3, 15.9)
    assert call.source_annotations == ["categories", "issues", "redaction", "sentiment", "summary"]
    assert "ConversationAnalytics.ActionItemsDetected" in call.annotation_fields["issues"]
    assert call.metadata["categories"] == ["Missing delivery", "Replacement offered"]
    assert call.metadata["overall_sentiment"] == {"customer": -0.8, "agent": 2.1}
    assert call.metadata["talk_time_s"] == {"customer": 13.6, "agent": 24.9}
    assert call.metadata["duration_s"] == 46.8
    assert call.turns[2].metadata["source_sentiment"] == "negative"
    assert call.turns[2].metadata["issues_detected"] == 1
    assert call.turns[4].metadata["interruption"] is True
    assert call.turns[5].metadata["action_items_detected"] == 1
    assert "source_sentiment" not in call.turns[8].metadata  # segment PCA did not score
    kept = _everything_kept(call)
    assert "7700" not in kept  # `Cust` (a phone number) is never read
    assert "NW-558120" not in kept and "replacement for Thursday" not in kept  # entity values, summary text


def test_post_call_analytics_speaker_map_on_the_speaker_id_wins(fixtures):
    call = read_one(fixtures / "post_call_analytics.json", speaker_map={"spk_0": "agent", "SPK_1": "customer"})
    assert speakers(call)[:3] == ["ivr", "customer", "agent"]


def test_post_call_analytics_without_speaker_labels_uses_content(tmp_path):
    document = {
        "SpeechSegments": [
            {
                "SegmentStartTime": 0.0,
                "SegmentEndTime": 2.0,
                "SegmentSpeaker": "spk_1",
                "DisplayText": "I'm calling about my bill.",
            },
            {
                "SegmentStartTime": 2.5,
                "SegmentEndTime": 5.0,
                "SegmentSpeaker": "spk_0",
                "DisplayText": "Thanks for calling, how can I help with your bill?",
            },
        ]
    }
    path = tmp_path / "pca.json"
    path.write_text(json.dumps(document))
    call = read_one(path)
    assert call.conversation_id == "pca"
    assert speakers(call) == ["customer", "agent"]


def test_connect_chat(fixtures):
    chat = read_one(fixtures / "connect_chat_transcript.json")
    assert chat.source_format == "connect_chat"
    assert chat.conversation_id == "8a1b2c3d-0000-4eee-9fff-00000000c0de"
    assert chat.channel == "chat"
    assert chat.started_at == "2026-11-21T09:30:00Z"  # the customer's participant.joined event
    assert chat.metadata["ended_at"] == "2026-11-21T09:32:50Z"  # chat.ended
    assert chat.metadata["duration_s"] == 170.5
    # Events and the attachment are not turns; the list picker reads as its titles.
    assert len(chat.turns) == 8
    assert speakers(chat) == ["bot", "bot", "customer", "system", "agent", "customer", "agent", "customer"]
    assert chat.turns[0].text == "Hi! I'm the Contoso assistant."
    assert chat.turns[1].text == "What can I help you with? / Change delivery address / Track an order"
    assert [t.start for t in chat.turns][:5] == [1.2, 1.9, 15.5, 17.0, 65.0]
    assert all(t.end is None for t in chat.turns)  # a message is posted at one instant
    assert chat.metadata["chat_events"] == {"chat.ended": 1, "participant.joined": 2, "participant.left": 1}
    assert chat.metadata["attachments"] == 1
    assert chat.turns[4].metadata["participant_id"] == "6c5d4e3f-4444-4aaa-8bbb-00000000a9e1"
    assert chat.source_annotations == []  # a plain transcript carries no analytics
    kept = _everything_kept(chat)
    assert not any(name in kept for name in ("Ines", "Duarte", "Rahul", "proof-of-address"))


def test_connect_chat_roles_from_participants_and_get_transcript_shape(tmp_path):
    # A GetTranscript response: no Version/AWSAccountId, roles only in the participant list.
    document = {
        "InitialContactId": "c-77",
        "Participants": [
            {"ParticipantId": "p-a", "ParticipantRole": "AGENT"},
            {"ParticipantId": "p-c", "ParticipantRole": "CUSTOMER"},
        ],
        "Transcript": [
            {
                "AbsoluteTime": "2026-11-21T10:00:00.000Z",
                "Type": "MESSAGE",
                "ContentType": "text/plain",
                "ParticipantId": "p-c",
                "DisplayName": "Jane Example",
                "Content": "Hello?",
            },
            {
                "AbsoluteTime": "2026-11-21T10:00:04.500Z",
                "Type": "MESSAGE_READ",
                "ParticipantId": "p-a",
                "ContentType": "application/vnd.amazonaws.connect.event.message.read",
            },
            {
                "AbsoluteTime": "2026-11-21T10:00:09.000Z",
                "Type": "MESSAGE",
                "ContentType": "text/plain",
                "ParticipantId": "p-a",
                "DisplayName": "Sam",
                "Content": "Hi, how can I help?",
            },
        ],
        "NextToken": "abc",
    }
    path = tmp_path / "page.json"
    path.write_text(json.dumps(document))
    assert detect_format(path, path.read_text()) == "connect_chat"
    chat = read_one(path)
    assert chat.conversation_id == "c-77"
    assert speakers(chat) == ["customer", "agent"]
    assert chat.turns[1].start == 9.0
    assert "Jane" not in _everything_kept(chat)


# --------------------------------------------------------------------------- detection
@pytest.mark.parametrize("name", sorted(FIXTURE_FORMATS))
def test_detected_by_content_with_a_disguised_suffix(fixtures, tmp_path, name):
    disguised = tmp_path / "export.dat"
    shutil.copy(fixtures / name, disguised)
    text, _ = decode_bytes(disguised.read_bytes())
    assert detect_format(disguised, text) == FIXTURE_FORMATS[name]
    conversations, rejected = read_all(disguised)
    assert not rejected and conversations
    assert all(c.source_format == FIXTURE_FORMATS[name] for c in conversations)


def test_contact_lens_chat_output_stays_contact_lens(fixtures, tmp_path):
    path = fixtures / "contact_lens_chat.json"
    assert detect_format(path, path.read_text()) == "contact_lens"
    # Even without CustomerMetadata, its "CHAT-..." version and analytics keep it Contact Lens.
    document = json.loads(path.read_text())
    document.pop("CustomerMetadata")
    stripped = tmp_path / "export.dat"
    stripped.write_text(json.dumps(document))
    assert detect_format(stripped, stripped.read_text()) == "contact_lens"


def test_truncated_connect_chat_is_detected_and_reported(fixtures, tmp_path):
    text = (fixtures / "connect_chat_transcript.json").read_text()
    path = tmp_path / "chat.json"
    path.write_text(text[: text.index("12 Example Street")])
    assert detect_format(path, path.read_text()) == "connect_chat"
    with pytest.raises(IngestError, match="truncated JSON"):
        read_all(path)


# --------------------------------------------------------------------------- real files
_real = pytest.mark.skipif(not REAL.is_dir(), reason="real exports folder not available")


@_real
def test_real_bedrock_standard_audio():
    path = REAL / "aws-bda-standard-audio.json"
    if not path.is_file():
        pytest.skip("real BDA file not available")
    call = read_one(path)
    assert call.source_format == "bedrock_audio" and call.conversation_id == "test-audio"
    # 51 segments: same-speaker segments merged, two crosstalk copies on the other channel dropped.
    assert len(call.turns) == 42
    assert set(speakers(call)) == {"agent", "customer"}
    assert speakers(call)[:2] == ["agent", "customer"]  # spk_1 answers the phone
    assert call.turns[0].text == "Hello. Sleepaway Camp Hotel. We're a cut above the competition. How can I help you?"
    assert (call.turns[0].start, call.turns[0].end) == (1.62, 5.84)
    assert call.source_annotations == ["categories", "summary"]
    assert "Carl" not in _everything_kept(call)


@_real
def test_real_post_call_analytics_testfile():
    path = REAL / "aws-pca-parsed-testfile.json"
    if not path.is_file():
        pytest.skip("real PCA file not available")
    call = read_one(path)
    assert call.source_format == "post_call_analytics" and call.conversation_id == "stereo_std_1.mp3"
    assert len(call.turns) == 12
    # The file's SpeakerLabels say spk_0 is the agent, but spk_1 greets ("Thank you for calling ...",
    # "This is ... speaking"): PCA's channel setting was wrong for this call, and the labels are swapped.
    assert speakers(call) == ["customer", "agent"] * 6
    assert call.metadata["speaker_labels_swapped"] is True
    assert call.turns[0].text == "MM."
    assert call.turns[1].text == "Thank you for calling Networks abc technical Support."
    assert call.agent_id is None  # "None" in the file
    assert call.source_annotations == ["categories", "redaction", "sentiment"]


# --------------------------------------------------------------------------- broken files
BROKEN = {
    "bda.json": (
        "bedrock_audio",
        "audio_segments",
        {
            "metadata": {"asset_id": "0", "semantic_modality": "AUDIO", "duration_millis": 1000},
            "audio": {"summary": SECRET},
            "statistics": {"speaker_count": 2},
        },
    ),
    "pca.json": (
        "post_call_analytics",
        "SpeechSegments",
        {
            "ConversationAnalytics": {
                "GUID": "g-1",
                "SpeakerLabels": [{"Speaker": "spk_0", "DisplayText": "Agent"}],
                "Summary": {"Summary": SECRET},
            }
        },
    ),
    "chat.json": (
        "connect_chat",
        "Transcript",
        {
            "Version": "2019-08-26",
            "AWSAccountId": "111122223333",
            "ContactId": "c-1",
            "Participants": [{"ParticipantId": "p-1", "DisplayName": SECRET}],
        },
    ),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_schema_broken_file_is_a_one_line_error_naming_format_and_field(tmp_path, name):
    format_name, field, document = BROKEN[name]
    path = tmp_path / name
    path.write_text(json.dumps(document))
    assert detect_format(path, path.read_text()) == format_name
    with pytest.raises(IngestError) as info:
        read_all(path)
    message = str(info.value)
    assert message.startswith(f"{path}: ") and "\n" not in message
    assert format_name in message and f"'{field}'" in message
    assert SECRET not in message and "Jane" not in message


def test_broken_files_do_not_stop_the_batch(fixtures, tmp_path):
    for name, (_, _, document) in BROKEN.items():
        (tmp_path / f"broken-{name}").write_text(json.dumps(document))
    for name in FIXTURE_FORMATS:
        shutil.copy(fixtures / name, tmp_path / name)
    read, failed = [], []
    for path in expand_inputs([str(tmp_path)]):
        try:
            read.extend(c.source_format for c in read_path(path))
        except IngestError as error:
            failed.append(error.source)
    assert sorted(read) == sorted(FIXTURE_FORMATS.values())
    assert sorted(Path(source).name for source in failed) == sorted(f"broken-{name}" for name in BROKEN)
