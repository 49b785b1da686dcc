"""Amazon Transcribe batch JSON (speaker labels or channel identification).

Read back by `cxmaturity.ingest.formats.transcribe`. Times are strings, as the service
writes them; only agent and customer can speak (two speakers, or two channels).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tools.sample_data.dialogue import Dialogue
from tools.sample_data.registry import Written, register_writer
from tools.sample_data.render import TimedTurn, confidence, timed_turns, tokens_of, word_timings
from tools.sample_data.writers._common import output_path, required_file_stem, write_json

ACCOUNT_ID = "123456789012"


def transcribe_items(
    dialogue: Dialogue, turns: list[TimedTurn], label_key: str, label_of: dict[str, str]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Items and audio segments of a batch Transcribe result."""
    items: list[dict[str, Any]] = []
    segments: list[dict[str, Any]] = []
    for ti, t in enumerate(turns):
        label = label_of[t.speaker]
        ids = []
        for wi, (tok, s, e) in enumerate(word_timings(t, tokens_of(t.text))):
            item: dict[str, Any] = {"id": len(items)}
            if s is None or e is None:
                item["type"] = "punctuation"
                item["alternatives"] = [{"confidence": "0.0", "content": tok}]
            else:
                item["type"] = "pronunciation"
                word_confidence = confidence(dialogue.conversation_id, ti, wi)
                item["alternatives"] = [{"confidence": f"{word_confidence:.4f}", "content": tok}]
                item["start_time"] = f"{s:.3f}"
                item["end_time"] = f"{e:.3f}"
            item[label_key] = label
            ids.append(item["id"])
            items.append(item)
        segments.append(
            {
                "id": ti,
                "transcript": t.text,
                "start_time": f"{t.start:.3f}",
                "end_time": f"{t.end:.3f}",
                label_key: label,
                "items": ids,
            }
        )
    return items, segments


def _job_document(dialogue: Dialogue, turns: list[TimedTurn], results: dict[str, Any]) -> dict[str, Any]:
    return {
        "jobName": f"{dialogue.file_stem}-{dialogue.conversation_id}",
        "accountId": ACCOUNT_ID,
        "status": "COMPLETED",
        "results": {"transcripts": [{"transcript": " ".join(t.text for t in turns)}], **results},
    }


@register_writer(
    "transcribe_speakers",
    label="Amazon Transcribe batch JSON, speaker labels (spk_0/spk_1)",
    reader="transcribe",
)
def write_transcribe_speakers(dialogues: Sequence[Dialogue], out: Path) -> list[Written]:
    written = []
    for d in dialogues:
        turns = timed_turns(d)
        items, audio_segments = transcribe_items(d, turns, "speaker_label", {"agent": "spk_0", "customer": "spk_1"})
        speaker_segments = []
        for seg in audio_segments:
            seg_items = [
                {"speaker_label": seg["speaker_label"], "start_time": it["start_time"], "end_time": it["end_time"]}
                for it in items
                if it["id"] in seg["items"] and it["type"] == "pronunciation"
            ]
            speaker_segments.append(
                {
                    "start_time": seg["start_time"],
                    "end_time": seg["end_time"],
                    "speaker_label": seg["speaker_label"],
                    "items": seg_items,
                }
            )
        results = {
            "speaker_labels": {"speakers": 2, "segments": speaker_segments},
            "items": items,
            "audio_segments": audio_segments,
        }
        path = output_path(out, "transcribe", f"{required_file_stem(d)}.json")
        written.append(Written(write_json(path, _job_document(d, turns, results)), (d,)))
    return written


@register_writer(
    "transcribe_channels",
    label="Amazon Transcribe batch JSON, channel identification (ch_0/ch_1)",
    reader="transcribe",
)
def write_transcribe_channels(dialogues: Sequence[Dialogue], out: Path) -> list[Written]:
    written = []
    for d in dialogues:
        turns = timed_turns(d)
        items, audio_segments = transcribe_items(d, turns, "channel_label", {"agent": "ch_0", "customer": "ch_1"})
        channels = []
        for ch in ("ch_0", "ch_1"):
            ch_items = [{k: v for k, v in it.items() if k != "id"} for it in items if it["channel_label"] == ch]
            channels.append({"channel_label": ch, "items": ch_items})
        results = {
            "channel_labels": {"channels": channels, "number_of_channels": 2},
            "items": items,
            "audio_segments": audio_segments,
        }
        path = output_path(out, "transcribe", f"{required_file_stem(d)}.json")
        written.append(Written(write_json(path, _job_document(d, turns, results)), (d,)))
    return written
