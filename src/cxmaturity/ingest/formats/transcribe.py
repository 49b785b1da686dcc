"""Amazon Transcribe batch output JSON.

Shapes handled (AWS docs: "Example diarization output (batch)", "Example channel
identification output (batch)"):
- `results.audio_segments` (newer jobs): one entry per speaker segment with its
  transcript, times and `speaker_label` or `channel_label`;
- `results.speaker_labels.segments` + `results.items` (diarization): words carry
  `speaker_label` (older jobs: matched to segments by start time); punctuation items have no
  times and attach to the preceding word;
- `results.channel_labels.channels[].items` (channel identification);
- neither: one `unknown` turn per transcript.
Role of `spk_N` / `ch_N` is decided by `speakers` (ch_0 agent / ch_1 customer by
convention, spk_N from content cues).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from cxmaturity.ingest.fragments import Fragment, fragments_to_turns, merge_fragments
from cxmaturity.ingest.jsondocs import json_head_has, json_shape, parsed_document
from cxmaturity.ingest.options import IngestOptions
from cxmaturity.ingest.registry import Reader, register_reader
from cxmaturity.ingest.source import Source
from cxmaturity.ingest.times import to_seconds
from cxmaturity.ingest.values import clean_text, small
from cxmaturity.model import Conversation, Rejected, Turn


@register_reader("transcribe")
class TranscribeReader(Reader):
    suffixes = (".json",)

    def sniff(self, source: Source) -> float:
        text = source.text
        shape = json_shape(source)
        if shape is not None:
            results = shape.get("results")
            if isinstance(results, dict) and ("transcripts" in results or "items" in results):
                return 0.95
            return 0.0
        if json_head_has(text, "results") and (json_head_has(text, "transcripts") or json_head_has(text, "items")):
            return 0.95 if json_head_has(text, "jobName") or json_head_has(text, "transcript") else 0.8
        return 0.0

    def read(self, source: Source, options: IngestOptions) -> Iterator[Conversation | Rejected]:
        value = parsed_document(source)
        documents = value if isinstance(value, list) else [value]
        for index, document in enumerate(documents, start=1):
            results = document.get("results") if isinstance(document, dict) else None
            if not isinstance(results, dict):
                yield Rejected(
                    source.name,
                    "not a Transcribe result (no 'results' object)",
                    location=f"record {index}" if len(documents) > 1 else None,
                )
                continue
            yield _conversation(document, results, source, options, index if len(documents) > 1 else None)


def _conversation(
    document: dict[str, Any], results: dict[str, Any], source: Source, options: IngestOptions, index: int | None
) -> Conversation:
    conversation_id = str(document.get("jobName") or (f"{source.path.stem}-{index}" if index else source.path.stem))
    metadata: dict[str, Any] = {
        k: document[k] for k in ("jobName", "accountId", "status") if small(document.get(k)) and document.get(k)
    }
    if results.get("language_code"):
        metadata["language_code"] = results["language_code"]
    fragments, shape = _fragments(results, options.merge_gap_s)
    metadata["transcribe_shape"] = shape
    if shape == "plain":
        texts = [clean_text(t.get("transcript")) for t in results.get("transcripts") or [] if isinstance(t, dict)]
        turns = [Turn("unknown", text) for text in texts if text]
    else:
        fragments = merge_fragments(fragments, options.merge_gap_s)
        turns = fragments_to_turns(fragments, options, conversation_metadata=metadata)
    return Conversation(
        conversation_id=conversation_id,
        turns=turns,
        channel=options.default_channel or "voice",
        direction=options.default_direction,
        metadata=metadata,
    )


def _fragments(results: dict[str, Any], max_gap_s: float) -> tuple[list[Fragment], str]:
    segments = results.get("audio_segments")
    if (
        isinstance(segments, list)
        and segments
        and any(isinstance(s, dict) and (s.get("speaker_label") or s.get("channel_label")) for s in segments)
    ):
        fragments = []
        for segment in segments:
            if not isinstance(segment, dict):
                continue
            label = segment.get("speaker_label") or segment.get("channel_label") or "unknown"
            fragments.append(
                Fragment(
                    str(label),
                    clean_text(segment.get("transcript")),
                    to_seconds(segment.get("start_time")),
                    to_seconds(segment.get("end_time")),
                )
            )
        return fragments, "audio_segments"

    items = results.get("items")
    speaker_labels = results.get("speaker_labels")
    if isinstance(items, list) and items and isinstance(speaker_labels, dict):
        by_start: dict[str, str] = {}
        for segment in speaker_labels.get("segments") or []:
            for item in segment.get("items") or []:
                if item.get("start_time") is not None:
                    by_start[str(item["start_time"])] = str(item.get("speaker_label") or segment.get("speaker_label"))
        labelled = _words(items, lambda item: item.get("speaker_label") or by_start.get(str(item.get("start_time"))))
        return _group(labelled, max_gap_s), "speaker_labels"

    channel_labels = results.get("channel_labels")
    if isinstance(channel_labels, dict) and channel_labels.get("channels"):
        timed: list[tuple[float, int, Fragment]] = []
        for channel in channel_labels["channels"]:
            label = str(channel.get("channel_label") or "unknown")
            for order, frag in enumerate(_words(channel.get("items") or [], _constant_label(label))):
                timed.append((frag.start if frag.start is not None else 0.0, order, frag))
        timed.sort(key=lambda w: (w[0], w[2].label, w[1]))
        return _group([w[2] for w in timed], max_gap_s), "channel_labels"
    return [], "plain"


def _constant_label(label: str) -> Callable[[dict[str, Any]], str]:
    """Every item of a channel takes the channel's label."""
    return lambda _item: label


def _words(items: list[Any], label_of: Callable[[dict[str, Any]], Any]) -> list[Fragment]:
    """Items -> one fragment per word, punctuation appended to the word before it."""
    words: list[Fragment] = []
    current_label: Any = None
    for item in items:
        if not isinstance(item, dict):
            continue
        alternatives = item.get("alternatives") or [{}]
        content = str(alternatives[0].get("content") or "")
        if item.get("type") == "punctuation":
            if words:
                words[-1].text += content
            continue
        label = label_of(item) or current_label or "unknown"
        current_label = label
        words.append(
            Fragment(str(label), content, to_seconds(item.get("start_time")), to_seconds(item.get("end_time")))
        )
    return words


def _group(words: list[Fragment], max_gap_s: float) -> list[Fragment]:
    """Words -> speaker runs; a pause longer than `max_gap_s` starts a new run."""
    runs: list[Fragment] = []
    for word in words:
        previous = runs[-1] if runs else None
        if (
            previous is not None
            and previous.label == word.label
            and (previous.end is None or word.start is None or word.start - previous.end <= max_gap_s)
        ):
            runs[-1].text = f"{runs[-1].text} {word.text}"
            if word.end is not None:
                runs[-1].end = word.end
        else:
            runs.append(Fragment(word.label, word.text, word.start, word.end))
    for run in runs:
        run.text = clean_text(run.text)
    return runs
