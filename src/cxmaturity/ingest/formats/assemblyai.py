"""AssemblyAI transcript JSON (the body of `GET /v2/transcript/{id}`).

Shape (AssemblyAI API reference "Get transcript":
<https://www.assemblyai.com/docs/api-reference/transcripts/get>, and the feature pages
"Speaker Diarization" <https://www.assemblyai.com/docs/pre-recorded-audio/label-speakers>,
"Multichannel" <https://www.assemblyai.com/docs/pre-recorded-audio/transcribe-multiple-audio-channels>):
`id`, `status` (queued/processing/completed/error), `audio_url`, `audio_duration`
(seconds), `language_code`, `text`, `words[{text, start, end, confidence, speaker,
channel}]`, `utterances[{speaker, channel, start, end, confidence, text, words}]` (with
`speaker_labels` or `multichannel`), `speaker_labels`, `multichannel`, `redact_pii`, and the
Speech Understanding results `sentiment_analysis_results[{text, start, end, sentiment,
confidence, speaker}]`, `auto_highlights_result{status, results[]}`,
`iab_categories_result{status, results[], summary{label: relevance}}`, `summary`,
`chapters[{summary, headline, gist, start, end}]`. Word and utterance times are
MILLISECONDS; `audio_duration` is seconds.

Fields mapped to the canonical shape:
- turns: one per utterance (`text`, `start` / `end` ms -> seconds); consecutive utterances
  of one speaker are joined when the pause between them is at most `merge_gap_s` (as for the
  other ASR readers), a longer pause keeps them apart. Without `utterances` (no speaker
  labels) the whole `text` is one turn (times from the first and last word).
- speaker label: `speaker` "A" -> "speaker A"; with `multichannel` the channel "1" ->
  "channel 1" and per-channel diarization "1A" -> "channel 1 speaker A". These labels carry
  no role, so `speakers.resolve_roles` decides them from content cues (greeting / offer to
  help, who speaks first); undecided labels stay `unknown`. With Speaker Identification the
  `speaker` is already a role ("Agent", "Customer") or a name, and is used as the label
  (names are never copied to metadata). `speaker_map` wins and accepts our label
  ("speaker A") or AssemblyAI's bare value ("A"). Text-only transcripts have one label
  ("unlabelled") for everybody: a content-cue role or `unknown`, never an invented second
  speaker.
- `conversation_id` = `id` (else the file's stem); `channel` "voice"; `audio_duration` ->
  metadata `duration_s`; `language_code` -> `language`; `audio_url` -> `source_audio` (file
  name only, never the URL); `status`. `started_at` stays empty (not in the export).

Annotations kept: `sentiment_analysis_results` -> `sentiment` (turn metadata
`source_sentiment` = the most frequent label of the sentences starting inside the turn);
`auto_highlights_result` -> `categories` (key phrases: transcript text, never copied);
`iab_categories_result` -> `categories` (the top IAB labels in metadata `topics`);
`summary` and `chapters` -> `summary` (texts not copied); `redact_pii` true -> `redaction`.

A document whose `status` is not "completed", or with neither `utterances`, `text` nor
`words`, is an IngestError naming the format and the missing field.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

from cxmaturity.ingest.annotations import SourceAnnotations
from cxmaturity.ingest.fragments import Fragment, fragments_to_turns, merge_fragments, speaker_map_with_aliases
from cxmaturity.ingest.jsondocs import json_documents, json_head_has, json_shape
from cxmaturity.ingest.options import IngestOptions
from cxmaturity.ingest.registry import Reader, register_reader
from cxmaturity.ingest.source import Source
from cxmaturity.ingest.times import to_seconds
from cxmaturity.ingest.values import as_dict, audio_file_name, clean_text, small
from cxmaturity.model import Conversation, Rejected

FORMAT = "assemblyai"
_SPEAKER_LETTER = re.compile(r"^[A-Z]{1,2}$")
_CHANNEL_NUMBER = re.compile(r"^\d{1,2}$")
_CHANNEL_SPEAKER = re.compile(r"^(\d{1,2})([A-Z]{1,2})$")
_TRANSCRIPT_KEYS = ("utterances", "text", "words")
_HINT_KEYS = ("audio_url", "audio_duration", "acoustic_model", "speech_model", "language_model")
_MAX_TOPICS = 10


def _looks_like_assemblyai(shape: dict[str, Any]) -> float:
    if not any(key in shape for key in _HINT_KEYS):
        return 0.0
    if any(key in shape for key in _TRANSCRIPT_KEYS):
        return 0.95
    # A transcript missing its text: claim it, so the reader names what is missing.
    return 0.7 if "id" in shape and "status" in shape else 0.0


@register_reader(FORMAT)
class AssemblyAIReader(Reader):
    suffixes = (".json",)

    def sniff(self, source: Source) -> float:
        text = source.text
        shape = json_shape(source)
        if shape is not None:
            return _looks_like_assemblyai(shape)
        if not any(json_head_has(text, key) for key in _HINT_KEYS):
            return 0.0
        return 0.9 if any(json_head_has(text, key) for key in _TRANSCRIPT_KEYS) else 0.0

    def read(self, source: Source, options: IngestOptions) -> Iterator[Conversation | Rejected]:
        for item in json_documents(source, _schema_problem):
            yield item if isinstance(item, Rejected) else _conversation(item[0], source, options, item[1])


def _schema_problem(document: Any) -> str | None:
    if not isinstance(document, dict):
        return f"{FORMAT}: not a JSON object (expected an AssemblyAI transcript)"
    status = str(document.get("status") or "completed").lower()
    if status != "completed":
        return f"{FORMAT}: transcript 'status' is '{status[:20]}', not 'completed' (no transcript text)"
    if not any(isinstance(document.get(k), list) and document[k] for k in ("utterances", "words")) and not (
        isinstance(document.get("text"), str) and document["text"].strip()
    ):
        return f"{FORMAT}: missing 'utterances' and 'text' (no transcript in this AssemblyAI export)"
    return None


def _conversation(document: dict[str, Any], source: Source, options: IngestOptions, index: int | None) -> Conversation:
    conversation_id = str(document.get("id") or (f"{source.path.stem}-{index}" if index else source.path.stem))
    metadata: dict[str, Any] = {"status": "completed"}
    if isinstance(document.get("audio_duration"), (int, float)):
        metadata["duration_s"] = round(float(document["audio_duration"]), 3)
    if document.get("language_code") and small(document["language_code"], 20):
        metadata["language"] = str(document["language_code"])
    audio = audio_file_name(document.get("audio_url"))
    if audio:
        metadata["source_audio"] = audio

    aliases: dict[str, str] = {}
    utterances = [u for u in document.get("utterances") or [] if isinstance(u, dict)]
    if utterances:
        metadata["assemblyai_shape"] = "utterances"
        fragments = []
        for utterance in utterances:
            label, structural = _label(utterance.get("speaker"), utterance.get("channel"), aliases)
            turn_metadata = {"source_speaker": label} if structural else {}
            fragments.append(
                Fragment(
                    label,
                    clean_text(utterance.get("text")),
                    to_seconds(utterance.get("start"), millis=True),
                    to_seconds(utterance.get("end"), millis=True),
                    turn_metadata,
                )
            )
        fragments.sort(key=lambda f: (f.start is None, f.start or 0.0))
    else:
        metadata["assemblyai_shape"] = "text"
        words = [w for w in document.get("words") or [] if isinstance(w, dict)]
        text = clean_text(document.get("text")) or clean_text(" ".join(str(w.get("text") or "") for w in words))
        start = to_seconds(words[0].get("start"), millis=True) if words else None
        end = to_seconds(words[-1].get("end"), millis=True) if words else None
        fragments = [Fragment("unlabelled", text, start, end, {"source_speaker": "unlabelled"})]
    metadata["diarized"] = bool(utterances) and any(
        _SPEAKER_LETTER.match(str(u.get("speaker") or "")) or _CHANNEL_SPEAKER.match(str(u.get("speaker") or ""))
        for u in utterances
    )

    annotations = SourceAnnotations()
    _sentiment(document.get("sentiment_analysis_results"), fragments, annotations)
    fragments = merge_fragments(fragments, options.merge_gap_s)
    _annotations(document, metadata, annotations)
    turns = fragments_to_turns(fragments, speaker_map_with_aliases(options, aliases), conversation_metadata=metadata)
    return Conversation(
        conversation_id=conversation_id,
        turns=turns,
        channel=options.default_channel or "voice",
        direction=options.default_direction,
        metadata=metadata,
        source_annotations=annotations.names,
        annotation_fields=annotations.fields,
    )


def _label(speaker: Any, channel: Any, aliases: dict[str, str]) -> tuple[str, bool]:
    """(label, whether it is a generated id rather than a name) for an utterance."""
    raw = str(speaker).strip() if speaker is not None else ""
    if not raw and channel is not None:
        raw = str(channel).strip()
    if not raw:
        return "unlabelled", True
    if _SPEAKER_LETTER.match(raw):
        label = f"speaker {raw}"
    elif _CHANNEL_NUMBER.match(raw):
        label = f"channel {raw}"
    elif match := _CHANNEL_SPEAKER.match(raw):
        label = f"channel {match.group(1)} speaker {match.group(2)}"
    else:
        return raw[:100], False  # Speaker Identification: a role word or a person's name
    aliases.setdefault(raw, label)
    return label, True


def _sentiment(results: Any, fragments: list[Fragment], annotations: SourceAnnotations) -> None:
    """Per-turn sentiment: the most frequent label of the sentences that start inside the turn."""
    if not isinstance(results, list) or not results:
        return
    annotations.add("sentiment", "sentiment_analysis_results")
    sentences = [
        (to_seconds(r.get("start"), millis=True), str(r.get("sentiment") or "").lower())
        for r in results
        if isinstance(r, dict) and r.get("sentiment")
    ]
    for fragment in fragments:
        if fragment.start is None or fragment.end is None:
            continue
        labels = Counter(
            label for start, label in sentences if start is not None and fragment.start <= start <= fragment.end
        )
        if labels:
            fragment.metadata["source_sentiment"] = labels.most_common(1)[0][0]


def _annotations(document: dict[str, Any], metadata: dict[str, Any], annotations: SourceAnnotations) -> None:
    highlights = document.get("auto_highlights_result")
    if isinstance(highlights, dict) and highlights.get("results"):
        annotations.add("categories", "auto_highlights_result")
    iab = document.get("iab_categories_result")
    if isinstance(iab, dict) and (iab.get("results") or iab.get("summary")):
        annotations.add("categories", "iab_categories_result")
        ranked = as_dict(iab.get("summary"))
        topics = [
            str(label)
            for label, score in sorted(
                ((k, v) for k, v in ranked.items() if isinstance(v, (int, float))), key=lambda kv: -kv[1]
            )
            if small(label, 120)
        ]
        if topics:
            metadata["topics"] = topics[:_MAX_TOPICS]
    if isinstance(document.get("summary"), str) and document["summary"].strip():
        annotations.add("summary", "summary")
    if isinstance(document.get("chapters"), list) and document["chapters"]:
        annotations.add("summary", "chapters")
    if document.get("redact_pii") is True:
        annotations.add("redaction", "redact_pii")
