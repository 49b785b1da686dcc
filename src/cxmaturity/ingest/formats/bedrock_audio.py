"""Amazon Bedrock Data Automation (BDA) standard output for audio (`result.json`).

Shape (AWS docs, Amazon Bedrock user guide, "Audio" / audio standard output:
<https://docs.aws.amazon.com/bedrock/latest/userguide/audio-processing.html>; a real file:
aws-samples/amazon-transcribe-output-word-document, `sample-data/bda-standard.json`):

- `metadata{asset_id, semantic_modality "AUDIO", s3_bucket, s3_key, sample_rate,
  number_of_channels, duration_millis, format, dominant_asset_language}`;
- `audio_segments[{segment_index, type "TRANSCRIPT", text, start_timestamp_millis,
  end_timestamp_millis, speaker{speaker_label}, channel{channel_label}, language,
  audio_item_indices, sensitive_data_detection[{entity_type, content, ...}]}]`;
- `audio_items[]` (words; not needed, the segments carry the text);
- `audio{summary, summary_sensitive_data_detection, transcript{representation{text}},
  content_moderation[], topics[]}`; `topics[{topic_index, start_timestamp_millis,
  end_timestamp_millis, summary, transcript, audio_segment_indices}]` (top level in the
  files BDA writes, under `audio` in some descriptions: both are read);
- `statistics{speaker_count, channel_count, word_count, topic_count}`.

Mapping to the canonical shape:

- each `audio_segments[]` entry is a fragment: `text` -> text, `start_timestamp_millis` /
  `end_timestamp_millis` -> start / end in seconds, label `speaker.speaker_label` (`spk_N`),
  else `channel.channel_label` (`ch_N`), also accepted flat (`speaker_label`,
  `channel_label`). Fragments are put in time order and consecutive fragments of one
  speaker closer than `merge_gap_s` are merged (as for Transcribe `audio_segments`; BDA's
  own Word sample does the same). Roles come from `speakers`: `spk_N` by content cues, `ch_N`
  by the channel convention checked against content; a label left undecided is `unknown`.
- no `audio_segments` but `audio.transcript.representation.text`: one `unknown` turn.
- `conversation_id`: the stem of `metadata.s3_key` (the input audio file; BDA names every
  output `result.json`), else the file's stem. `channel` voice; no start time in the output.
- metadata: `duration_s` (`metadata.duration_millis`), `language`, `speaker_count`,
  `channel_count`, `sensitive_entity_types` (entity types only: the detections quote the
  personal data itself and never reach metadata).

Annotations: `audio.summary` -> `summary`; `topics` / `audio.topics` -> `categories`. Their
text (generated from the conversation, names included) is not copied.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import Any

from cxmaturity.ingest.annotations import SourceAnnotations, carries_value
from cxmaturity.ingest.errors import IngestError
from cxmaturity.ingest.fragments import Fragment, fragments_to_turns, merge_fragments
from cxmaturity.ingest.jsondocs import json_head_has, json_shape, parsed_document
from cxmaturity.ingest.options import IngestOptions
from cxmaturity.ingest.registry import Reader, register_reader
from cxmaturity.ingest.source import Source
from cxmaturity.ingest.times import to_seconds
from cxmaturity.ingest.values import as_dict, clean_text
from cxmaturity.model import Conversation, Rejected, Turn

FORMAT = "bedrock_audio"
_WHAT = "Bedrock Data Automation audio output"


def is_bedrock_audio(document: dict[str, Any]) -> bool:
    """BDA audio output: `audio_segments` with millisecond timestamps, or audio `metadata`."""
    metadata = document.get("metadata")
    if isinstance(metadata, dict) and str(metadata.get("semantic_modality", "")).upper() == "AUDIO":
        return True
    segments = document.get("audio_segments")
    if isinstance(segments, list):
        return any(isinstance(s, dict) and "start_timestamp_millis" in s for s in segments[:20]) or (
            isinstance(metadata, dict) and isinstance(document.get("audio"), dict)
        )
    return False


@register_reader(FORMAT)
class BedrockAudioReader(Reader):
    suffixes = (".json",)

    def sniff(self, source: Source) -> float:
        text = source.text
        shape = json_shape(source)
        if shape is not None:
            return 0.95 if is_bedrock_audio(shape) else 0.0
        if json_head_has(text, "audio_segments", "start_timestamp_millis"):
            return 0.9
        if json_head_has(text, "semantic_modality") and '"AUDIO"' in text[:20000]:
            return 0.9
        return 0.0

    def read(self, source: Source, options: IngestOptions) -> Iterator[Conversation | Rejected]:
        document = parsed_document(source)
        if not isinstance(document, dict):
            raise IngestError(source.name, f"{FORMAT}: not a {_WHAT} (expected a JSON object)")
        yield _conversation(document, source, options)


def _conversation(document: dict[str, Any], source: Source, options: IngestOptions) -> Conversation:
    source_meta = as_dict(document.get("metadata"))
    audio = as_dict(document.get("audio"))
    statistics = as_dict(document.get("statistics"))
    metadata: dict[str, Any] = {}
    segments = document.get("audio_segments")

    if isinstance(segments, list):
        fragments = [f for f in (_fragment(s) for s in segments if isinstance(s, dict)) if f is not None]
        fragments.sort(key=lambda f: (f.start is None, f.start or 0.0))  # stable: ties keep source order
        fragments = merge_fragments(fragments, options.merge_gap_s)
        turns = fragments_to_turns(fragments, options, conversation_metadata=metadata)
        metadata["bda_shape"] = "audio_segments"
    else:
        transcript = as_dict(audio.get("transcript"))
        representation = as_dict(transcript.get("representation"))
        text = clean_text(representation.get("text"))
        if not text:
            raise IngestError(source.name, f"{FORMAT}: missing 'audio_segments' list ({_WHAT} without a transcript)")
        turns = [Turn("unknown", text)]
        metadata["bda_shape"] = "transcript_only"

    duration = to_seconds(source_meta.get("duration_millis"), millis=True)
    if duration is not None:
        metadata["duration_s"] = duration
    if source_meta.get("dominant_asset_language"):
        metadata["language"] = str(source_meta["dominant_asset_language"])[:16]
    for key in ("speaker_count", "channel_count"):
        if isinstance(statistics.get(key), int) and not isinstance(statistics.get(key), bool):
            metadata[key] = statistics[key]
    entity_types = (
        sorted(
            {
                str(d["entity_type"])[:40]
                for s in segments
                if isinstance(s, dict)
                for d in s.get("sensitive_data_detection") or []
                if isinstance(d, dict) and d.get("entity_type")
            }
        )
        if isinstance(segments, list)
        else []
    )
    if entity_types:
        metadata["sensitive_entity_types"] = entity_types[:20]

    annotations = SourceAnnotations()
    if carries_value(audio.get("summary")):
        annotations.add("summary", "audio.summary")
    for topics, field in ((document.get("topics"), "topics"), (audio.get("topics"), "audio.topics")):
        if isinstance(topics, list) and topics:
            annotations.add("categories", field)

    s3_key = source_meta.get("s3_key")
    stem = PurePosixPath(str(s3_key)).stem if isinstance(s3_key, str) and s3_key.strip() else ""
    return Conversation(
        conversation_id=stem or source.path.stem,
        turns=turns,
        channel=options.default_channel or "voice",
        direction=options.default_direction,
        metadata=metadata,
        source_annotations=annotations.names,
        annotation_fields=annotations.fields,
    )


def _fragment(segment: dict[str, Any]) -> Fragment | None:
    if str(segment.get("type") or "TRANSCRIPT").upper() != "TRANSCRIPT":
        return None
    speaker = segment.get("speaker")
    channel = segment.get("channel")
    label = (
        (speaker.get("speaker_label") if isinstance(speaker, dict) else None)
        or segment.get("speaker_label")
        or (channel.get("channel_label") if isinstance(channel, dict) else None)
        or segment.get("channel_label")
        or "unknown"
    )
    turn_metadata: dict[str, Any] = {}
    if isinstance(segment.get("segment_index"), int):
        turn_metadata["source_id"] = str(segment["segment_index"])
    return Fragment(
        str(label),
        clean_text(segment.get("text")),
        to_seconds(segment.get("start_timestamp_millis"), millis=True),
        to_seconds(segment.get("end_timestamp_millis"), millis=True),
        turn_metadata,
    )
