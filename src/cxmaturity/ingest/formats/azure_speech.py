"""Azure AI Speech batch transcription result JSON (one result file per audio file).

Shape (Microsoft Learn, "Get batch transcription results", section "Transcription result
file": <https://learn.microsoft.com/azure/ai-services/speech-service/batch-transcription-get>):
`source` (the audio URL), `timestamp` (when the transcription was made), `durationInTicks`
/ `durationMilliseconds` / `duration` (ISO 8601), `combinedRecognizedPhrases[{channel,
lexical, itn, maskedITN, display}]` and `recognizedPhrases[{recognitionStatus, channel,
speaker (only with diarization), offset, duration (ISO 8601, e.g. "PT0.76S"), offsetInTicks,
durationInTicks (100 ns ticks), locale (with language identification), nBest[{confidence,
lexical, itn, maskedITN, display, sentiment{negative, neutral, positive} (v3.0 jobs with
sentiment analysis), words / displayWords}]}]`.

Fields mapped to the canonical shape:
- turn text: `nBest[0].display` (else `itn`, `maskedITN`, `lexical`); phrases whose
  `recognitionStatus` is not "Success" are skipped and counted in metadata `phrases_skipped`;
- turn `start` / `end`: `offsetInTicks` / `offsetInTicks + durationInTicks` over 10^7 (seconds),
  else the ISO 8601 `offset` / `duration` strings; phrases are ordered by offset;
- speaker label: `speaker` N -> "speaker_N" when diarization is on, else `channel` N ->
  "channel_N" (with diarization on several channels: "channel_C speaker_N"). The labels
  carry no role, so `speakers.resolve_roles` decides them from content cues (greeting /
  offer to help, who speaks first); a label it cannot decide stays `unknown`. `speaker_map`
  wins and accepts either our label ("speaker_1", "channel_0") or the bare number ("1").
  An undiarized mono file has one label for everybody: it becomes a content-cue role or
  `unknown`, never an invented second speaker;
- consecutive phrases of one speaker are JOINED into one turn when the pause between them is
  at most `merge_gap_s` (Azure cuts phrases at short silences, not at speaker changes); a
  longer pause (a hold) keeps them apart;
- `conversation_id`: the audio file name from `source` without its extension (the URL's
  query string, which may hold a SAS token, is never kept), else the result file's stem;
- `channel` "voice"; `direction` from the config default. `started_at` stays empty: the
  file only says when the transcription ran (kept as metadata `transcribed_at`).
- metadata: `source_audio` (file name only), `transcribed_at`, `duration_s`, `language`
  (phrase `locale`), `diarized`, `audio_channels`, `asr_confidence` (mean of `nBest[0]`),
  `phrases_skipped`.

Annotations: `nBest[0].sentiment` -> `sentiment` (turn metadata `source_sentiment` is the
highest-scoring label of the turn's first phrase).

When `recognizedPhrases` is an empty list (silence only), `combinedRecognizedPhrases` gives
one untimed turn per channel. A document without `recognizedPhrases` is not a result file:
an IngestError naming the format and the missing field.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from cxmaturity.ingest.annotations import SourceAnnotations
from cxmaturity.ingest.fragments import Fragment, fragments_to_turns, merge_fragments, speaker_map_with_aliases
from cxmaturity.ingest.jsondocs import json_documents, json_head_has, json_shape
from cxmaturity.ingest.options import IngestOptions
from cxmaturity.ingest.registry import Reader, register_reader
from cxmaturity.ingest.source import Source
from cxmaturity.ingest.times import to_iso
from cxmaturity.ingest.values import audio_file_name, clean_text
from cxmaturity.model import Conversation, Rejected

FORMAT = "azure_speech"
TICKS_PER_SECOND = 10_000_000
_ISO_DURATION = re.compile(
    r"^P(?:(?P<days>\d+(?:\.\d+)?)D)?(?:T(?:(?P<hours>\d+(?:\.\d+)?)H)?(?:(?P<minutes>\d+(?:\.\d+)?)M)?"
    r"(?:(?P<seconds>\d+(?:\.\d+)?)S)?)?$"
)


@register_reader(FORMAT)
class AzureSpeechReader(Reader):
    suffixes = (".json",)

    def sniff(self, source: Source) -> float:
        text = source.text
        shape = json_shape(source)
        if shape is not None:
            if "recognizedPhrases" in shape or "combinedRecognizedPhrases" in shape:
                return 0.95
            # A result file missing its phrases: claim it, so the reader names what is missing.
            if "durationInTicks" in shape and "source" in shape:
                return 0.6
            return 0.0
        if json_head_has(text, "recognizedPhrases") or json_head_has(text, "combinedRecognizedPhrases"):
            return 0.95
        return 0.6 if json_head_has(text, "durationInTicks", "source") else 0.0

    def read(self, source: Source, options: IngestOptions) -> Iterator[Conversation | Rejected]:
        for item in json_documents(source, _schema_problem):
            yield item if isinstance(item, Rejected) else _conversation(item[0], source, options, item[1])


def _schema_problem(document: Any) -> str | None:
    if not isinstance(document, dict):
        return f"{FORMAT}: not a JSON object (expected an Azure Speech batch transcription result)"
    if not isinstance(document.get("recognizedPhrases"), list):
        return f"{FORMAT}: missing 'recognizedPhrases' list (not an Azure Speech batch transcription result file)"
    return None


def _conversation(document: dict[str, Any], source: Source, options: IngestOptions, index: int | None) -> Conversation:
    metadata: dict[str, Any] = {}
    audio = audio_file_name(document.get("source"))
    if audio:
        metadata["source_audio"] = audio
    conversation_id = Path(audio).stem if audio else (f"{source.path.stem}-{index}" if index else source.path.stem)
    transcribed_at = to_iso(document.get("timestamp"))
    if transcribed_at:
        metadata["transcribed_at"] = transcribed_at
    duration = _seconds(document.get("durationInTicks"), document.get("duration"))
    if duration is None and isinstance(document.get("durationMilliseconds"), (int, float)):
        duration = round(document["durationMilliseconds"] / 1000.0, 3)
    if duration is not None:
        metadata["duration_s"] = duration

    annotations = SourceAnnotations()
    phrases = [p for p in document["recognizedPhrases"] if isinstance(p, dict)]
    skipped: Counter[str] = Counter()
    kept: list[dict[str, Any]] = []
    for phrase in phrases:
        status = str(phrase.get("recognitionStatus") or "Success")
        if status.lower() != "success":
            skipped[status] += 1
        else:
            kept.append(phrase)
    if skipped:
        metadata["phrases_skipped"] = dict(sorted(skipped.items()))

    diarized = any(p.get("speaker") is not None for p in kept)
    channels = sorted({str(p.get("channel")) for p in kept if p.get("channel") is not None})
    metadata["diarized"] = diarized
    if channels:
        metadata["audio_channels"] = len(channels)

    fragments: list[tuple[float, int, Fragment]] = []
    aliases: dict[str, str] = {}
    confidences: list[float] = []
    locales: set[str] = set()
    for order, phrase in enumerate(kept):
        best = _best(phrase)
        text = clean_text(best.get("display") or best.get("itn") or best.get("maskedITN") or best.get("lexical"))
        raw, label = _label(phrase, diarized, len(channels) > 1)
        aliases.setdefault(raw, label)
        start = _seconds(phrase.get("offsetInTicks"), phrase.get("offset"))
        length = _seconds(phrase.get("durationInTicks"), phrase.get("duration"))
        end = round(start + length, 3) if start is not None and length is not None else None
        turn_metadata: dict[str, Any] = {"source_speaker": label}
        sentiment = _sentiment_label(best.get("sentiment"))
        if sentiment:
            turn_metadata["source_sentiment"] = sentiment
            annotations.add("sentiment", "recognizedPhrases[].nBest[].sentiment")
        if isinstance(best.get("confidence"), (int, float)):
            confidences.append(float(best["confidence"]))
        if phrase.get("locale"):
            locales.add(str(phrase["locale"]))
        fragment = Fragment(label, text, start, end, turn_metadata)
        fragments.append((start if start is not None else float("inf"), order, fragment))
    fragments.sort(key=lambda item: (item[0], item[1]))
    ordered = [item[2] for item in fragments]

    if not kept and not phrases:
        ordered = _combined_fragments(document)
    if confidences:
        metadata["asr_confidence"] = round(sum(confidences) / len(confidences), 3)
    if locales:
        metadata["language"] = min(locales) if len(locales) == 1 else sorted(locales)

    merged = merge_fragments(ordered, options.merge_gap_s)
    turns = fragments_to_turns(merged, speaker_map_with_aliases(options, aliases), conversation_metadata=metadata)
    return Conversation(
        conversation_id=conversation_id,
        turns=turns,
        channel=options.default_channel or "voice",
        direction=options.default_direction,
        metadata=metadata,
        source_annotations=annotations.names,
        annotation_fields=annotations.fields,
    )


def _combined_fragments(document: dict[str, Any]) -> list[Fragment]:
    """No phrases at all: one untimed fragment per channel from `combinedRecognizedPhrases`."""
    fragments = []
    for combined in document.get("combinedRecognizedPhrases") or []:
        if not isinstance(combined, dict):
            continue
        label = f"channel_{combined.get('channel', 0)}"
        text = clean_text(combined.get("display") or combined.get("itn") or combined.get("lexical"))
        fragments.append(Fragment(label, text, metadata={"source_speaker": label}))
    return fragments


def _best(phrase: dict[str, Any]) -> dict[str, Any]:
    n_best = phrase.get("nBest")
    if isinstance(n_best, list) and n_best and isinstance(n_best[0], dict):
        return n_best[0]
    # Some exports flatten the best hypothesis onto the phrase.
    return {k: phrase.get(k) for k in ("display", "itn", "maskedITN", "lexical", "confidence")}


def _label(phrase: dict[str, Any], diarized: bool, several_channels: bool) -> tuple[str, str]:
    """(raw vendor id, our label) for a phrase."""
    channel = phrase.get("channel", 0)
    speaker = phrase.get("speaker")
    if diarized and speaker is not None:
        if several_channels:
            return f"{channel}/{speaker}", f"channel_{channel} speaker_{speaker}"
        return str(speaker), f"speaker_{speaker}"
    return str(channel), f"channel_{channel}"


def _seconds(ticks: Any, iso: Any) -> float | None:
    """Seconds from 100 ns ticks, else from an ISO 8601 duration ('PT1M2.5S')."""
    if isinstance(ticks, (int, float)) and not isinstance(ticks, bool):
        return round(float(ticks) / TICKS_PER_SECOND, 3)
    if isinstance(iso, str):
        match = _ISO_DURATION.match(iso.strip().upper())
        if match and any(match.groupdict().values()):
            parts = {k: float(v) if v else 0.0 for k, v in match.groupdict().items()}
            return round(parts["days"] * 86400 + parts["hours"] * 3600 + parts["minutes"] * 60 + parts["seconds"], 3)
    return None


def _sentiment_label(value: Any) -> str | None:
    """The highest-scoring label of {negative, neutral, positive}, or a plain label."""
    if isinstance(value, dict):
        scores = {
            str(k).lower(): v for k, v in value.items() if isinstance(v, (int, float)) and not isinstance(v, bool)
        }
        scores = {k: v for k, v in scores.items() if k in ("negative", "neutral", "positive")}
        return max(scores, key=lambda label: scores[label]) if scores else None
    if isinstance(value, str) and value.strip().lower() in ("negative", "neutral", "positive", "mixed"):
        return value.strip().lower()
    return None
