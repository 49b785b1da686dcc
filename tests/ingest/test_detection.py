"""Format detection by content, suffix as tie-breaker only, and the `--format` override."""

from __future__ import annotations

import json
import shutil

import pytest

from cxmaturity.ingest import IngestError, available_formats, detect_format, read_path
from cxmaturity.ingest.decoding import decode_bytes

from .helpers import read_all, read_one

EXPECTED = {
    "canonical.jsonl": "jsonl",
    "canonical_array.json": "jsonl",
    "turns.csv": "csv",
    "chat_transcripts.txt": "text",
    "call_timestamps.txt": "text",
    "call.vtt": "webvtt",
    "call.srt": "srt",
    "transcribe_diarized.json": "transcribe",
    "transcribe_audio_segments.json": "transcribe",
    "transcribe_channels.json": "transcribe",
    "call_analytics.json": "transcribe_call_analytics",
    "contact_lens_voice.json": "contact_lens",
    "contact_lens_chat.json": "contact_lens",
    "genesys_call.json": "genesys",
    "google_ccai_conversation.json": "google_ccai",
    "google_stt_diarized.json": "google_stt",
    "google_stt_channels_snake.json": "google_stt",
    "azure_speech_batch.json": "azure_speech",
    "azure_conversation.json": "azure_conversation",
    "deepgram_utterances.json": "deepgram",
    "deepgram_words_no_utterances.json": "deepgram",
    "assemblyai_utterances.json": "assemblyai",
    "bedrock_audio.json": "bedrock_audio",
    "post_call_analytics.json": "post_call_analytics",
    "connect_chat_transcript.json": "connect_chat",
}


def test_every_format_is_registered():
    assert available_formats() == sorted(
        [
            "assemblyai",
            "azure_conversation",
            "azure_speech",
            "bedrock_audio",
            "connect_chat",
            "contact_lens",
            "csv",
            "deepgram",
            "genesys",
            "google_ccai",
            "google_stt",
            "jsonl",
            "parquet",
            "post_call_analytics",
            "srt",
            "text",
            "transcribe",
            "transcribe_call_analytics",
            "webvtt",
        ]
    )


def test_every_fixture_has_an_expected_format(fixtures):
    on_disk = {p.name for p in fixtures.iterdir() if p.suffix != ".md"}
    assert on_disk == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_detected_by_content_even_without_a_telling_suffix(fixtures, tmp_path, name):
    disguised = tmp_path / "export.dat"
    shutil.copy(fixtures / name, disguised)
    text, _ = decode_bytes(disguised.read_bytes())
    assert detect_format(disguised, text) == EXPECTED[name]
    conversations, _ = read_all(disguised)
    assert conversations and all(c.source_format == EXPECTED[name] for c in conversations)


def test_parquet_detected_by_magic_bytes(tmp_path):
    import pandas as pd

    path = tmp_path / "no_suffix"
    pd.DataFrame({"call_id": ["1"], "speaker": ["agent"], "text": ["Hello"]}).to_parquet(path)
    assert detect_format(path, "") == "parquet"


def test_format_override_wins_over_detection(tmp_path):
    # Reads as speaker-labelled text by content; forced to CSV it is a two-column table.
    path = tmp_path / "export.txt"
    path.write_text("speaker|text\nAgent|Hello, how can I help?\nCustomer|My bill is wrong.\n")
    forced = read_one(path, format="csv")
    assert forced.source_format == "csv"
    assert [t.speaker for t in forced.turns] == ["agent", "customer"]
    assert forced.conversation_id == "export"


def test_format_override_that_does_not_fit_fails_per_file(fixtures):
    with pytest.raises(IngestError, match="no webvtt cues"):
        list(read_path(fixtures / "call.srt", _options(format="webvtt")))


def test_unknown_override_name_is_rejected_by_config():
    from cxmaturity.ingest import IngestOptions

    with pytest.raises(ValueError, match="ingest.format"):
        IngestOptions.from_config({"format": "docx"})


def _options(**kwargs):
    from cxmaturity.ingest import IngestOptions

    return IngestOptions(**kwargs)


def test_structure_not_key_order_decides_for_large_json(fixtures, tmp_path):
    # Real Contact Lens files can carry tens of kB of characteristics before `Transcript`.
    document = json.loads((fixtures / "contact_lens_voice.json").read_text())
    document.pop("CustomerMetadata")
    padded = {"ConversationCharacteristics": {"Padding": ["x" * 100] * 400}, **document}
    path = tmp_path / "big.json"
    path.write_text(json.dumps(padded))
    assert detect_format(path, path.read_text()) == "contact_lens"
