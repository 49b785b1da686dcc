"""Azure Speech batch, Azure AI Language conversations, Deepgram and AssemblyAI readers:
fixtures, detection by content, schema-broken files, roles for undiarized audio."""

from __future__ import annotations

import json
import shutil

import pytest

from cxmaturity.ingest import IngestError, detect_format, read_path
from cxmaturity.ingest.decoding import decode_bytes
from cxmaturity.ingest.stage import IngestStage

from .helpers import read_all, read_one, speakers

SECRET = "Mrs Jane Example 07700 900456"

FIXTURES = {
    "azure_speech_batch.json": "azure_speech",
    "azure_conversation.json": "azure_conversation",
    "deepgram_utterances.json": "deepgram",
    "deepgram_words_no_utterances.json": "deepgram",
    "assemblyai_utterances.json": "assemblyai",
}


# --------------------------------------------------------------------------- fixtures
def test_azure_speech_batch_diarized(fixtures):
    call = read_one(fixtures / "azure_speech_batch.json")
    assert call.source_format == "azure_speech" and call.channel == "voice"
    assert call.conversation_id == "northwind-call-20261117-0912"  # audio file name, not the URL
    assert call.metadata["source_audio"] == "northwind-call-20261117-0912.wav"
    assert "sig=" not in json.dumps(call.metadata)  # the SAS token never reaches metadata
    assert call.started_at is None and call.metadata["transcribed_at"] == "2026-11-17T09:31:44Z"
    assert call.metadata["duration_s"] == 61.2 and call.metadata["diarized"] is True
    # Phrases 5 and 6 (speaker 1, 0.4 s apart) are joined; the phrase after the hold is not.
    assert len(call.turns) == 7
    assert speakers(call) == ["agent", "customer", "agent", "customer", "agent", "agent", "customer"]
    first = call.turns[0]
    assert first.text == "Thank you for calling Northwind Energy, this is Dana speaking. How can I help?"
    assert (first.start, first.end) == (0.5, 4.8)
    assert (call.turns[4].text, call.turns[4].start, call.turns[4].end) == (
        "Thank you. Let me check that for you.",
        16.6,
        21.5,
    )
    assert (call.turns[5].start, call.turns[5].end) == (52.0, 57.3)
    assert first.metadata["source_speaker"] == "speaker_1"
    assert call.metadata["speaker_role_method"] == "content"
    assert call.source_annotations == ["sentiment"]
    assert "recognizedPhrases[].nBest[].sentiment" in call.annotation_fields["sentiment"]
    assert call.turns[1].metadata["source_sentiment"] == "negative"


def test_azure_speech_iso_durations_when_ticks_are_missing(fixtures, tmp_path):
    document = json.loads((fixtures / "azure_speech_batch.json").read_text())
    for phrase in document["recognizedPhrases"]:
        del phrase["offsetInTicks"], phrase["durationInTicks"]
    path = tmp_path / "iso.json"
    path.write_text(json.dumps(document))
    call = read_one(path)
    assert (call.turns[0].start, call.turns[0].end) == (0.5, 4.8)
    assert (call.turns[5].start, call.turns[5].end) == (52.0, 57.3)


def test_azure_speech_orders_by_offset_and_skips_failed_phrases(fixtures, tmp_path):
    document = json.loads((fixtures / "azure_speech_batch.json").read_text())
    phrases = document["recognizedPhrases"]
    phrases.reverse()
    phrases.append({"recognitionStatus": "NoMatch", "channel": 0, "offsetInTicks": 2.0e8, "durationInTicks": 1.0e7})
    path = tmp_path / "shuffled.json"
    path.write_text(json.dumps(document))
    call = read_one(path)
    assert [t.start for t in call.turns] == [0.5, 5.3, 10.4, 13.8, 16.6, 52.0, 58.0]
    assert call.metadata["phrases_skipped"] == {"NoMatch": 1}


def test_azure_conversation_wrapper_with_two_conversations(fixtures):
    conversations, rejected = read_all(fixtures / "azure_conversation.json")
    assert not rejected
    chat, call = conversations
    assert (chat.conversation_id, chat.channel, chat.source_format) == (
        "chat-20261118-0042",
        "chat",
        "azure_conversation",
    )
    assert len(chat.turns) == 6
    # Opaque participant ids: the items' `role` decides.
    assert speakers(chat) == ["agent", "customer"] * 3
    assert chat.turns[0].text == "Hello, you're chatting with Rosa at Tailspin Toys. How may I help you?"
    assert (chat.turns[0].start, chat.turns[0].end) == (None, None)
    assert chat.metadata["speaker_role_method"] == "role"
    assert "source_speaker" not in chat.turns[0].metadata  # "p-7f21" is not a structural label
    assert chat.metadata["language"] == "en"

    assert (call.conversation_id, call.channel) == ("call-20261118-0107", "voice")
    assert len(call.turns) == 4
    assert speakers(call) == ["agent", "customer", "agent", "customer"]  # "agent_1" / "customer_1"
    assert call.turns[0].text == "Good morning, Woodgrove Bank."
    assert (call.turns[0].start, call.turns[0].end) == (1.17, 2.369)  # audioTimings ticks
    assert call.turns[1].start == 3.0 and call.turns[1].metadata["source_speaker"] == "customer_1"


def test_azure_conversation_generic_participant_takes_the_missing_role(tmp_path):
    path = tmp_path / "conv.json"
    path.write_text(
        json.dumps(
            {
                "id": "c-9",
                "modality": "text",
                "conversationItems": [
                    {"id": "1", "participantId": "u-1", "role": "generic", "text": "Hello? Is anybody there?"},
                    {"id": "2", "participantId": "u-2", "role": "agent", "text": "Yes, hello."},
                    {"id": "3", "participantId": "u-1", "role": "generic", "text": "Okay."},
                ],
            }
        )
    )
    conversation = read_one(path)
    assert speakers(conversation) == ["customer", "agent", "customer"]
    # speaker_map wins over the item role.
    overridden = read_one(path, speaker_map={"u-2": "bot"})
    # ...and the generic participant, with no role left to take and no cues, stays undecided.
    assert speakers(overridden) == ["unknown", "bot", "unknown"]
    assert overridden.metadata["speaker_role_method"] == ["override", "undecided"]
    by_role = read_one(path, speaker_map={"agent": "bot"})
    assert speakers(by_role)[1] == "bot"


def test_azure_conversation_preview_content_shape(tmp_path):
    path = tmp_path / "preview.json"
    path.write_text(
        json.dumps(
            {
                "conversations": [
                    {
                        "id": "p-1",
                        "language": "en",
                        "modality": "transcript",
                        "conversationItems": [
                            {
                                "modality": "transcript",
                                "participantId": "speaker",
                                "id": "x1",
                                "content": {
                                    "text": "Hi.",
                                    "lexical": "hi",
                                    "itn": "hi",
                                    "maskedItn": "hi",
                                    "audioTimings": [{"word": "hi", "offset": 4500000, "duration": 2800000}],
                                },
                            }
                        ],
                    }
                ]
            }
        )
    )
    conversation = read_one(path)
    assert conversation.turns[0].text == "Hi."
    assert (conversation.turns[0].start, conversation.turns[0].end) == (0.45, 0.73)
    assert speakers(conversation) == ["unknown"]  # one participant, no cues


def test_azure_conversation_bad_conversation_rejected_rest_read(fixtures, tmp_path):
    document = json.loads((fixtures / "azure_conversation.json").read_text())
    del document["analysisInput"]["conversations"][0]["conversationItems"]
    path = tmp_path / "conv.json"
    path.write_text(json.dumps(document))
    conversations, rejected = read_all(path)
    assert [c.conversation_id for c in conversations] == ["call-20261118-0107"]
    assert [(r.conversation_id, r.location) for r in rejected] == [("chat-20261118-0042", "conversation 1")]
    assert "conversationItems" in rejected[0].reason and "azure_conversation" in rejected[0].reason


def test_deepgram_utterances(fixtures):
    call = read_one(fixtures / "deepgram_utterances.json")
    assert call.conversation_id == "5f1d2c3b-8a7e-4f60-b1c2-d3e4f5a6b7c8"
    assert call.source_format == "deepgram" and call.channel == "voice"
    assert call.metadata["deepgram_shape"] == "utterances"
    # speaker 1 speaks first ("Hello?") but speaker 0 greets like an agent.
    assert len(call.turns) == 6
    assert speakers(call) == ["customer", "agent", "customer", "agent", "agent", "customer"]
    assert call.turns[0].text == "Hello?"
    assert (call.turns[0].start, call.turns[0].end) == (0.32, 0.8)
    assert (call.turns[3].start, call.turns[3].end) == (12.0, 17.9)  # two utterances 0.5 s apart joined
    assert call.turns[3].text == "I'm sorry about that, let me check your account. I can see the duplicate payment."
    assert call.turns[4].start == 38.0  # the hold keeps the agent's speech apart
    assert call.turns[1].metadata["source_speaker"] == "speaker_0"
    assert call.source_annotations == ["categories", "sentiment", "summary"]
    assert call.metadata["topics"] == ["Billing error"]
    assert call.metadata["intents"] == ["Dispute duplicate charge"]
    assert call.metadata["overall_sentiment"] == {"sentiment": "neutral", "score": 0.08}
    assert "duplicate payment refunded" not in json.dumps(call.metadata)  # summary text not copied
    assert call.metadata["duration_s"] == 46.4 and call.started_at is None


def test_deepgram_diarized_words_without_utterances(fixtures):
    call = read_one(fixtures / "deepgram_words_no_utterances.json")
    assert call.metadata["deepgram_shape"] == "diarized_words"
    assert len(call.turns) == 4
    assert speakers(call) == ["agent", "customer", "agent", "customer"]
    assert call.turns[0].text == "Good afternoon, Contoso Travel, this is Mia. How can I help?"  # punctuated_word
    assert (call.turns[0].start, call.turns[0].end) == (0.4, 4.265)
    assert (call.turns[3].start, call.turns[3].end) == (11.6, 13.05)
    assert call.source_annotations == []


def test_deepgram_speaker_map_by_bare_number_or_label(fixtures):
    by_number = read_one(fixtures / "deepgram_words_no_utterances.json", speaker_map={"0": "bot", "1": "customer"})
    assert speakers(by_number) == ["bot", "customer", "bot", "customer"]
    by_label = read_one(fixtures / "deepgram_words_no_utterances.json", speaker_map={"speaker_0": "customer"})
    assert speakers(by_label) == ["customer", "agent", "customer", "agent"]


def test_assemblyai_utterances(fixtures):
    call = read_one(fixtures / "assemblyai_utterances.json")
    assert call.conversation_id == "6rlr37h2ne-9b3c-4f2e-8d1a-adventureworks"
    assert call.source_format == "assemblyai" and call.channel == "voice"
    assert len(call.turns) == 6
    assert speakers(call) == ["agent", "customer"] * 3
    first = call.turns[0]
    assert first.text == "Good morning, Adventure Works support, my name is Sam. How can I help?"
    assert (first.start, first.end) == (0.24, 4.82)  # milliseconds -> seconds
    assert (call.turns[3].start, call.turns[3].end) == (16.4, 18.2)
    assert first.metadata["source_speaker"] == "speaker A"
    assert call.turns[1].metadata["source_sentiment"] == "negative"
    assert call.source_annotations == ["categories", "sentiment", "summary"]
    assert call.metadata["topics"] == ["Sports>Cycling", "Automotive>AutoRepair"]
    assert call.metadata["duration_s"] == 27.0 and call.metadata["language"] == "en_uk"
    assert call.metadata["source_audio"] == "adventure-works-call-1121.mp3"
    assert "re-adjustment" not in json.dumps(call.metadata)  # summary / highlights not copied


def test_assemblyai_speaker_map_and_identified_speakers(fixtures, tmp_path):
    assert speakers(read_one(fixtures / "assemblyai_utterances.json", speaker_map={"A": "bot"}))[0] == "bot"
    # Speaker Identification already names roles; names are not kept in metadata.
    document = json.loads((fixtures / "assemblyai_utterances.json").read_text())
    for utterance in document["utterances"]:
        utterance["speaker"] = "Customer" if utterance["speaker"] == "B" else "Sam Okafor"
    path = tmp_path / "identified.json"
    path.write_text(json.dumps(document))
    call = read_one(path)
    assert speakers(call) == ["agent", "customer"] * 3
    assert all("source_speaker" not in t.metadata or t.metadata["source_speaker"] == "Customer" for t in call.turns)
    assert not any("Okafor" in json.dumps(t.metadata) for t in call.turns)


def test_assemblyai_text_only_without_speaker_labels(fixtures, tmp_path):
    document = json.loads((fixtures / "assemblyai_utterances.json").read_text())
    document["utterances"] = None
    document["speaker_labels"] = False
    for word in document["words"]:
        word["speaker"] = None
    path = tmp_path / "text_only.json"
    path.write_text(json.dumps(document))
    call = read_one(path)
    assert len(call.turns) == 1 and call.metadata["diarized"] is False
    assert call.turns[0].speaker in ("unknown", "agent", "customer")
    assert (call.turns[0].start, call.turns[0].end) == (0.24, document["words"][-1]["end"] / 1000)
    assert call.turns[0].metadata["source_speaker"] == "unlabelled"


# --------------------------------------------------------------------------- detection
@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_detected_by_content_with_a_disguised_suffix(fixtures, tmp_path, name):
    disguised = tmp_path / "export.dat"
    shutil.copy(fixtures / name, disguised)
    text, _ = decode_bytes(disguised.read_bytes())
    assert detect_format(disguised, text) == FIXTURES[name]
    conversations, _ = read_all(disguised)
    assert conversations and all(c.source_format == FIXTURES[name] for c in conversations)


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_truncated_export_is_reported_as_truncated(fixtures, tmp_path, name):
    text = (fixtures / name).read_text()
    path = tmp_path / "cut.json"
    path.write_text(text[: len(text) // 2])
    assert detect_format(path, path.read_text()) == FIXTURES[name]
    with pytest.raises(IngestError, match="truncated JSON"):
        read_all(path)


# --------------------------------------------------------------------------- schema-broken files
BROKEN = {
    "azure_speech": (
        {
            "source": "https://example.invalid/calls/x.wav",
            "timestamp": "2026-11-17T09:31:44Z",
            "durationInTicks": 41200000,
            "duration": "PT4.12S",
            "combinedRecognizedPhrases": [{"channel": 0, "display": SECRET}],
        },
        "recognizedPhrases",
    ),
    "azure_conversation": (
        {"displayName": "x", "analysisInput": {"documents": [{"id": "1", "text": SECRET}]}, "tasks": []},
        "analysisInput.conversations",
    ),
    "deepgram": (
        {
            "metadata": {"request_id": "r-1", "duration": 4.0, "channels": 1},
            "results": {"summary": {"result": "success", "short": SECRET}},
        },
        "results.channels",
    ),
    "assemblyai": (
        {
            "id": "t-1",
            "status": "completed",
            "audio_url": "https://example.invalid/a.mp3",
            "audio_duration": 12,
            "summary": SECRET,
        },
        "utterances",
    ),
}


@pytest.mark.parametrize("format_name", sorted(BROKEN))
def test_schema_broken_file_is_a_one_line_error_naming_file_format_and_field(tmp_path, format_name):
    document, field = BROKEN[format_name]
    path = tmp_path / f"{format_name}-broken.json"
    path.write_text(json.dumps(document))
    assert detect_format(path, path.read_text()) == format_name
    with pytest.raises(IngestError) as info:
        read_all(path)
    message = str(info.value)
    assert message.startswith(f"{path}: {format_name}: ") and "\n" not in message
    assert f"'{field}'" in message
    assert SECRET not in message


def test_assemblyai_unfinished_transcript_is_a_file_error(tmp_path):
    path = tmp_path / "queued.json"
    path.write_text(
        json.dumps(
            {
                "id": "t-2",
                "status": "processing",
                "audio_url": "https://example.invalid/a.mp3",
                "text": None,
                "utterances": None,
            }
        )
    )
    with pytest.raises(IngestError, match=r"assemblyai: transcript 'status' is 'processing'"):
        read_all(path)


def test_a_broken_file_does_not_stop_the_batch(fixtures, tmp_path):
    folder = tmp_path / "drop"
    folder.mkdir()
    for name in FIXTURES:
        shutil.copy(fixtures / name, folder / name)
    for format_name, (document, _) in BROKEN.items():
        (folder / f"zz-{format_name}-broken.json").write_text(json.dumps(document))
    stage = IngestStage()
    read, failed = {}, {}
    for path in stage.expand([str(folder)]):
        try:
            read[path.name] = [item.conversation_id for item in stage.read(path)]
        except IngestError as exc:
            failed[path.name] = str(exc)
    assert set(read) == set(FIXTURES)
    assert sum(len(ids) for ids in read.values()) == 6  # azure_conversation holds two
    assert sorted(failed) == sorted(f"zz-{f}-broken.json" for f in BROKEN)
    assert all(f"{f}: missing" in failed[f"zz-{f}-broken.json"] for f in BROKEN)


# --------------------------------------------------------------------------- undiarized audio
def _deepgram_mono(text: str) -> dict:
    words = [
        {
            "word": w.lower().strip(",.?"),
            "start": 0.5 + i * 0.4,
            "end": 0.8 + i * 0.4,
            "confidence": 0.9,
            "punctuated_word": w,
        }
        for i, w in enumerate(text.split())
    ]
    return {
        "metadata": {"request_id": "mono-1", "duration": 20.0, "channels": 1},
        "results": {"channels": [{"alternatives": [{"transcript": text, "confidence": 0.9, "words": words}]}]},
    }


def _azure_mono(texts: list[str]) -> dict:
    return {
        "source": "https://example.invalid/mono.wav",
        "timestamp": "2026-11-17T09:31:44Z",
        "durationInTicks": 300000000,
        "recognizedPhrases": [
            {
                "recognitionStatus": "Success",
                "channel": 0,
                "offsetInTicks": float(i * 50000000),
                "durationInTicks": 30000000.0,
                "nBest": [{"confidence": 0.9, "display": text}],
            }
            for i, text in enumerate(texts)
        ],
    }


def test_undiarized_deepgram_without_cues_is_unknown(tmp_path):
    path = tmp_path / "mono.json"
    path.write_text(json.dumps(_deepgram_mono("Okay. Right. Sure, that works.")))
    call = read_one(path)
    assert call.metadata["deepgram_shape"] == "channels" and call.metadata["diarized"] is False
    assert speakers(call) == ["unknown"]
    assert call.metadata["speaker_role_method"] == "undecided"


def test_undiarized_deepgram_with_greeting_gets_a_content_role_and_no_second_speaker(tmp_path):
    path = tmp_path / "mono.json"
    path.write_text(json.dumps(_deepgram_mono("Thank you for calling Contoso, how can I help?")))
    call = read_one(path)
    assert speakers(call) == ["agent"] and call.metadata["speaker_role_method"] == "content"


def test_undiarized_deepgram_paragraphs_are_separate_turns_of_one_label(tmp_path):
    document = _deepgram_mono("Okay. Right. Sure.")
    document["results"]["channels"][0]["alternatives"][0]["paragraphs"] = {
        "transcript": "x",
        "paragraphs": [
            {"sentences": [{"text": "Okay.", "start": 0.5, "end": 0.8}], "start": 0.5, "end": 0.8, "num_words": 1},
            {
                "sentences": [
                    {"text": "Right.", "start": 0.9, "end": 1.2},
                    {"text": "Sure.", "start": 1.3, "end": 1.6},
                ],
                "start": 0.9,
                "end": 1.6,
                "num_words": 2,
            },
        ],
    }
    path = tmp_path / "paragraphs.json"
    path.write_text(json.dumps(document))
    call = read_one(path)
    assert [t.text for t in call.turns] == ["Okay.", "Right. Sure."]
    assert speakers(call) == ["unknown", "unknown"]
    assert {t.metadata["source_speaker"] for t in call.turns} == {"channel_0"}


def test_undiarized_azure_mono_stays_one_label(tmp_path):
    path = tmp_path / "mono.json"
    path.write_text(json.dumps(_azure_mono(["Okay, fine.", "Right then.", "Sure."])))
    call = read_one(path)
    assert call.metadata["diarized"] is False
    assert set(speakers(call)) == {"unknown"}
    assert {t.metadata["source_speaker"] for t in call.turns} == {"channel_0"}

    path.write_text(json.dumps(_azure_mono(["Thank you for calling Contoso, this is Ana, how can I help?", "Okay."])))
    call = read_one(path)
    assert set(speakers(call)) == {"agent"}  # a content-cue role, never an invented customer


def test_azure_stereo_channels_decided_by_content_and_speaker_map(tmp_path):
    document = _azure_mono([])
    document["recognizedPhrases"] = [
        {
            "recognitionStatus": "Success",
            "channel": 1,
            "offsetInTicks": 5000000.0,
            "durationInTicks": 30000000.0,
            "nBest": [{"display": "Hello, I'm calling about my bill."}],
        },
        {
            "recognitionStatus": "Success",
            "channel": 0,
            "offsetInTicks": 40000000.0,
            "durationInTicks": 30000000.0,
            "nBest": [{"display": "Thanks for calling, let me check that for you."}],
        },
    ]
    path = tmp_path / "stereo.json"
    path.write_text(json.dumps(document))
    call = read_one(path)
    assert speakers(call) == ["customer", "agent"]  # no ch_0 = agent convention assumed
    assert [t.metadata["source_speaker"] for t in call.turns] == ["channel_1", "channel_0"]
    assert speakers(read_one(path, speaker_map={"0": "customer", "channel_1": "agent"})) == ["agent", "customer"]


def test_read_path_with_format_override(fixtures):
    items = list(read_path(fixtures / "deepgram_utterances.json", _options(format="deepgram")))
    assert len(items) == 1 and items[0].source_format == "deepgram"


def _options(**kwargs):
    from cxmaturity.ingest import IngestOptions

    return IngestOptions(**kwargs)
