"""Every reader on its fixture: ids, turn counts, speakers, timing, channel, annotations."""

from __future__ import annotations

import pandas as pd
import pytest

from cxmaturity.ingest import IngestOptions, read_path

from .helpers import read_all, read_one, speakers


def test_canonical_jsonl(fixtures):
    conversations, rejected = read_all(fixtures / "canonical.jsonl")
    assert not rejected
    assert [c.conversation_id for c in conversations] == ["c-0001", "c-0002", "c-0003"]
    first = conversations[0]
    assert (first.channel, first.direction, first.queue, first.agent_id, first.customer_id) == (
        "voice",
        "inbound",
        "billing",
        "a-12",
        "cust-77",
    )
    assert first.started_at == "2026-11-20T09:14:03Z"
    assert speakers(first) == ["agent", "customer", "agent", "agent", "customer"]
    assert (first.turns[3].start, first.turns[3].end) == (41.5, 48.0)
    assert first.metadata["crm_case"] == "CASE-5521"
    assert first.source_format == "jsonl" and first.source_file.endswith("canonical.jsonl")
    assert speakers(conversations[1]) == ["bot", "customer", "bot", "customer"]
    assert conversations[1].source_annotations == ["sentiment"]
    odd = conversations[2]
    assert odd.channel == "other" and odd.metadata["source_channel"] == "Carrier Pigeon"
    assert odd.direction is None and odd.metadata["source_direction"] == "sideways"
    assert "redaction" in odd.source_annotations  # "***1234" in the text


def test_canonical_json_array(fixtures):
    conversations, rejected = read_all(fixtures / "canonical_array.json")
    assert not rejected
    assert [(c.conversation_id, c.channel, c.direction) for c in conversations] == [
        ("arr-1", "email", None),
        ("arr-2", "sms", "outbound"),
    ]
    assert speakers(conversations[1]) == ["system", "customer"]


def test_single_canonical_object(tmp_path):
    path = tmp_path / "one.json"
    path.write_text('{"conversation_id": 17, "turns": [{"speaker": "customer", "text": "Hello?"}]}')
    conversation = read_one(path)
    assert conversation.conversation_id == "17"
    assert conversation.channel is None


def test_csv_rows_grouped_and_ordered_by_turn_index(fixtures):
    conversations, rejected = read_all(fixtures / "turns.csv")
    assert not rejected
    billing, broadband = conversations
    assert billing.conversation_id == "CT-9001"
    assert speakers(billing) == ["agent", "customer", "agent", "customer", "agent"]
    assert billing.turns[0].text.startswith("Thank you for calling Contoso")
    assert (billing.turns[1].start, billing.turns[1].end) == (3.9, 8.2)  # milliseconds column
    assert (billing.channel, billing.queue, billing.agent_id, billing.customer_id) == (
        "voice",
        "Billing",
        "agent-204",
        "cust-1001",
    )
    assert billing.started_at == "2026-11-18T14:02:11Z"
    assert billing.source_annotations == ["qa_score", "redaction", "sentiment"]
    assert not any("Phone" in key for key in billing.metadata)  # personal data columns are not copied
    assert broadband.channel == "chat" and len(broadband.turns) == 3
    assert broadband.source_annotations == ["sentiment"]


def test_csv_column_mapping_from_config(tmp_path):
    path = tmp_path / "export.tsv"
    path.write_text(
        "Ticket\tWho\tVerbatim\tSecs\n"
        "T1\tRep\tGood morning, how can I help?\t0\n"
        "T1\tMember\tI'd like to update my address.\t2.5\n"
    )
    conversation = read_one(path, columns={"conversation_id": "Ticket", "text": "Verbatim", "start": "Secs"})
    assert conversation.conversation_id == "T1"
    assert speakers(conversation) == ["agent", "customer"]
    assert conversation.turns[1].start == 2.5


def test_csv_without_text_column_is_a_file_error(tmp_path):
    from cxmaturity.ingest import IngestError

    path = tmp_path / "scores.csv"
    path.write_text("id,rating\n1,5\n")
    with pytest.raises(IngestError, match="no text column"):
        read_all(path, format="csv")


def test_parquet_orders_by_start_time(tmp_path):
    frame = pd.DataFrame(
        {
            "interaction_id": ["P-1", "P-1", "P-1", "P-2"],
            "party": ["customer", "agent", "customer", "agent"],
            "message": ["My parcel never arrived.", "Hi, how can I help?", "It was due Monday.", "Hello!"],
            "start_time": [2.0, 0.0, 5.5, 0.0],
            "end_time": [4.0, 1.5, 7.0, 1.0],
            "channel": ["Chat", "Chat", "Chat", "Voice"],
        }
    )
    path = tmp_path / "turns.parquet"
    frame.to_parquet(path, index=False)
    conversations, rejected = read_all(path)
    assert not rejected
    parcel = conversations[0]
    assert parcel.source_format == "parquet"
    assert speakers(parcel) == ["agent", "customer", "customer"]
    assert [t.start for t in parcel.turns] == [0.0, 2.0, 5.5]
    assert parcel.channel == "chat" and conversations[1].channel == "voice"


def test_text_with_headers_multiline_turns_and_several_conversations(fixtures):
    conversations, rejected = read_all(fixtures / "chat_transcripts.txt")
    assert [c.conversation_id for c in conversations] == ["chat-4471", "chat-4472"]
    assert [(r.conversation_id, r.reason) for r in rejected] == [("chat-4473", "no speaker-labelled turns found")]
    chat = conversations[0]
    assert (chat.channel, chat.queue, chat.started_at) == ("chat", "billing", "2026-11-19T16:20:05")
    assert speakers(chat) == ["bot", "customer", "bot", "system", "agent", "customer", "agent", "customer"]
    assert chat.turns[4].text.endswith("Which day of the month would suit you best?")  # continuation line
    assert chat.turns[5].text == "The 28th please. It lines up with when I get paid."
    assert conversations[1].channel == "chat"  # "Web Chat"


def test_text_with_timestamps_and_named_agent(fixtures):
    call = read_one(fixtures / "call_timestamps.txt")
    assert call.conversation_id == "CALL-88120"
    assert (call.channel, call.direction, call.queue, call.started_at) == (
        "voice",
        "inbound",
        "Retentions",
        "2026-11-21T08:30:00Z",
    )
    assert speakers(call) == ["agent", "customer"] * 3
    assert [t.start for t in call.turns] == [1.0, 6.0, 12.0, 18.0, 105.0, 118.0]
    assert call.turns[4].text.endswith("for another twelve months.")
    assert "source_speaker" not in call.turns[0].metadata  # "Agent (Marcus)" carries a name


def test_webvtt_voice_tags_merged_and_roles_from_content(fixtures):
    call = read_one(fixtures / "call.vtt")
    assert call.conversation_id == "call" and call.channel == "voice"
    assert speakers(call) == ["agent", "customer", "agent", "agent", "customer"]
    assert (call.turns[0].start, call.turns[0].end) == (0.5, 5.9)  # two cues, one turn
    assert call.turns[0].text == "Thank you for calling Fabrikam Insurance, my name is Priya speaking, how can I help?"
    assert call.turns[3].start == 45.0  # a 31 s hold keeps the agent's turns apart
    assert "&" in call.turns[3].text and "<i>" not in call.turns[4].text


def test_srt_name_prefixes_and_unlabelled_continuation(fixtures):
    call = read_one(fixtures / "call.srt")
    assert speakers(call) == ["ivr", "agent", "customer", "agent", "customer"]
    assert call.turns[3].text == "Let me check that for you. It looks like roaming charges from last week."
    assert (call.turns[3].start, call.turns[3].end) == (10.2, 14.5)


def test_transcribe_diarized_items(fixtures):
    call = read_one(fixtures / "transcribe_diarized.json")
    assert call.conversation_id == "litware-call-20261122-0930"
    assert call.source_format == "transcribe" and call.channel == "voice"
    # spk_1 speaks first ("Hello?") but spk_0 greets like an agent.
    assert speakers(call) == ["customer", "agent", "customer", "agent", "agent", "customer"]
    assert call.turns[1].text == "Hi, thank you for calling Litware Broadband, this is Kim speaking, how can I help?"
    assert call.turns[1].start == 1.5
    assert call.turns[4].start == 60.5  # hold gap splits the agent's speech
    assert call.turns[1].metadata["source_speaker"] == "spk_0"
    assert call.metadata["speaker_role_method"] == "content"


def test_transcribe_audio_segments(fixtures):
    call = read_one(fixtures / "transcribe_audio_segments.json")
    assert call.metadata["transcribe_shape"] == "audio_segments"
    assert speakers(call) == ["customer", "agent", "customer", "agent", "agent", "customer"]
    assert (call.turns[2].start, call.turns[2].end) == (6.6, 10.8)
    assert call.metadata["language_code"] == "en-GB"


def test_transcribe_channels_swap_when_content_contradicts_convention(fixtures):
    call = read_one(fixtures / "transcribe_channels.json")
    assert call.metadata["transcribe_shape"] == "channel_labels"
    assert [t.metadata["source_speaker"] for t in call.turns] == ["ch_1", "ch_0", "ch_1", "ch_0"]
    assert speakers(call) == ["agent", "customer", "agent", "customer"]
    assert call.turns[3].text == "It's [PII]."
    assert call.source_annotations == ["redaction"]


def test_transcribe_channel_convention_and_override(fixtures):
    overridden = read_one(fixtures / "transcribe_channels.json", speaker_map={"ch_1": "customer", "ch_0": "agent"})
    assert speakers(overridden) == ["customer", "agent", "customer", "agent"]


def test_call_analytics(fixtures):
    call = read_one(fixtures / "call_analytics.json")
    assert call.conversation_id == "tca-contoso-20261119-1130"
    assert call.source_format == "transcribe_call_analytics" and call.channel == "voice"
    assert speakers(call) == ["agent", "customer"] * 3
    assert (call.turns[4].start, call.turns[4].end) == (71.2, 77.55)
    assert call.source_annotations == ["categories", "issues", "redaction", "sentiment"]
    assert call.metadata["categories"] == ["billing-dispute", "positive-resolution"]
    assert call.turns[1].metadata["source_sentiment"] == "negative"
    assert call.turns[1].metadata["issues_detected"] == 1
    assert call.metadata["non_talk_time_ms"] == 55180


def test_contact_lens_voice(fixtures):
    call = read_one(fixtures / "contact_lens_voice.json")
    assert call.conversation_id == "7a3c2f10-5b2e-4c1d-9e8f-0a1b2c3d4e5f"
    assert call.channel == "voice" and len(call.turns) == 6
    assert speakers(call) == ["agent", "customer"] * 3
    assert (call.turns[0].start, call.turns[0].end) == (0.21, 3.84)
    assert call.source_annotations == ["categories", "issues", "redaction", "sentiment"]
    assert call.metadata["categories"] == ["Cancellation", "Competitor mention"]
    assert call.turns[3].metadata["source_redacted"] is True
    assert call.metadata["overall_sentiment"] == {"agent": 2.5, "customer": -1.1}


def test_contact_lens_chat(fixtures):
    chat = read_one(fixtures / "contact_lens_chat.json")
    assert chat.channel == "chat" and chat.conversation_id == "c4d5e6f7-0000-4aaa-bbbb-cccc0000dddd"
    assert speakers(chat) == ["bot", "customer", "system", "agent", "customer", "agent", "customer"]
    assert chat.source_annotations == ["sentiment"]  # no category matched, output not redacted
    assert chat.started_at == "2026-11-20T14:02:10Z"
    assert chat.turns[3].start == 95.0  # more in test_reader_fixes.py


def test_genesys(fixtures):
    call = read_one(fixtures / "genesys_call.json")
    assert call.conversation_id == "b0e1c2d3-4f5a-4b6c-8d7e-9f0a1b2c3d4e"
    assert (call.channel, call.direction, call.agent_id, call.queue) == (
        "voice",
        "inbound",
        "u-33aa44bb-agent",
        "q-7f3a9c21-billing",
    )
    assert call.started_at == "2026-11-20T10:40:00Z"
    # Phrases 3 and 4 (customer, 0.1 s apart) merge; the agent's phrase after a 61 s gap stays apart.
    assert speakers(call) == ["ivr", "customer", "agent", "customer", "agent", "agent"]
    assert (call.turns[3].start, call.turns[3].end) == (30.6, 36.8)
    assert (
        call.turns[3].text
        == "Hi Grace, I was charged a reconnection fee, but I never got disconnected. This is really annoying."
    )
    assert call.turns[0].start == 0.5
    assert call.source_annotations == ["categories", "sentiment"]
    assert call.metadata["topics"] == ["Billing Dispute"]


def test_genesys_purposes_map_to_roles(tmp_path):
    path = tmp_path / "g.json"
    path.write_text(
        '{"conversationId": "g-1", "communicationId": "x", "mediaType": "message", "transcripts": [{"phrases": ['
        '{"text": "Hi, I am the Contoso bot", "startTimeMs": 0, "participantPurpose": "workflow"},'
        '{"text": "I need help", "startTimeMs": 5000, "participantPurpose": "customer"},'
        '{"text": "Hello, Sam here", "startTimeMs": 9000, "participantPurpose": "agent"},'
        '{"text": "Please hold", "startTimeMs": 12000, "participantPurpose": "acd"}]}]}'
    )
    conversation = read_one(path)
    assert conversation.channel == "chat"
    assert speakers(conversation) == ["bot", "customer", "agent", "ivr"]
    assert conversation.turns[1].start == 5.0 and conversation.started_at is None


def test_read_path_default_options_and_provenance(fixtures):
    items = list(read_path(fixtures / "call.srt"))
    assert len(items) == 1
    assert items[0].metadata["source_encoding"] == "utf-8"
    assert items[0].source_file == str(fixtures / "call.srt")
    assert IngestOptions().format is None


def test_csv_with_one_row_per_conversation_and_labelled_transcript(tmp_path):
    path = tmp_path / "conversations.csv"
    path.write_text(
        "interaction_id,channel,transcript\n"
        'W-1,chat,"Customer: Hi, my order is late. Agent (Li): Sorry to hear that, let me check. Customer: Thanks"\n'
        'W-2,voice,"Agent: Thank you for calling.\nCaller: I want to cancel.\n'
        'The contract ends soon.\nAgent: I can help with that."\n'
    )
    conversations, rejected = read_all(path)
    assert not rejected
    chat, call = conversations
    assert speakers(chat) == ["customer", "agent", "customer"]
    assert chat.turns[1].text == "Sorry to hear that, let me check."
    assert speakers(call) == ["agent", "customer", "agent"]
    assert call.turns[1].text == "I want to cancel. The contract ends soon."
