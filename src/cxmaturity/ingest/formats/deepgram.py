"""Deepgram pre-recorded (`POST /v1/listen`) response JSON.

Shape (Deepgram docs, "Pre-recorded audio: Getting started"
<https://developers.deepgram.com/docs/pre-recorded-audio>, and the feature pages
"Utterances" <https://developers.deepgram.com/docs/utterances>, "Diarization"
<https://developers.deepgram.com/docs/diarization>, "Multichannel"
<https://developers.deepgram.com/docs/multichannel>, "Paragraphs"
<https://developers.deepgram.com/docs/paragraphs>, "Audio Intelligence"
<https://developers.deepgram.com/docs/audio-intelligence>):
`metadata{request_id, created, duration, channels, models, ...}` and
`results{channels[{alternatives[{transcript, confidence, words[{word, start, end,
confidence, speaker, speaker_confidence, punctuated_word}], paragraphs{transcript,
paragraphs[{sentences[{text, start, end}], start, end, num_words, speaker}]}}],
detected_language}], utterances[{id, start, end, confidence, channel, transcript, words,
speaker}], summary{result, short}, topics{segments[{topics[{topic, confidence_score}]}]},
intents{segments[{intents[{intent, confidence_score}]}]}, sentiments{segments[],
average{sentiment, sentiment_score}}}`. Times are seconds (floats).

Turns, in order of preference:
1. `results.utterances` (utterances=true): one fragment per utterance, text `transcript`,
   `start` / `end` as given; label `speaker` N -> "speaker_N" (diarize=true), else `channel`
   C -> "channel_C" ("channel_C speaker_N" when several channels are also diarized);
2. else diarized words (`words[].speaker`, diarize=true without utterances): consecutive
   words of one speaker form a fragment (a pause over `merge_gap_s` starts a new one), text
   from `punctuated_word` (else `word`);
3. else, without any diarization: per channel, one turn per paragraph when `paragraphs` is
   present, otherwise one turn for the channel's transcript (times from its first and last
   word). Multichannel files are ordered by start time across channels.
Fragments from 1 and 2 are ordered by start time, and consecutive fragments of one speaker
are joined when the pause between them is at most `merge_gap_s` (Deepgram also cuts
utterances at short pauses); paragraphs from 3 stay separate turns.

Roles: none of these labels carries a role, so `speakers.resolve_roles` decides them from
content cues (greeting / offer to help, who speaks first); an undecided label is `unknown`.
An undiarized mono file has a single label for everybody: it becomes a content-cue role or
`unknown`, never an invented second speaker. `speaker_map` wins and accepts our label
("speaker_0", "channel_1") or Deepgram's bare number ("0").

Other fields: `conversation_id` = `metadata.request_id` (else the file's stem); `channel`
"voice"; `metadata.duration` -> metadata `duration_s`; `metadata.created` (when the request
ran, not when the call started) -> `transcribed_at`; `detected_language` -> `language`;
`metadata.channels` -> `audio_channels`. `started_at` stays empty.

Annotations kept: `results.summary` (and v1 `alternatives[].summaries`) -> `summary` (the
text itself is not copied); `results.topics` -> `categories` (topic names in metadata
`topics`); `results.intents` -> `categories` (intent names in metadata `intents`);
`results.sentiments` -> `sentiment` (the average in metadata `overall_sentiment`), and a
`sentiment` on an utterance -> turn metadata `source_sentiment`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cxmaturity.ingest.annotations import SourceAnnotations
from cxmaturity.ingest.fragments import Fragment, fragments_to_turns, merge_fragments, speaker_map_with_aliases
from cxmaturity.ingest.jsondocs import json_documents, json_head_has, json_shape
from cxmaturity.ingest.options import IngestOptions
from cxmaturity.ingest.registry import Reader, register_reader
from cxmaturity.ingest.source import Source
from cxmaturity.ingest.times import to_iso, to_seconds
from cxmaturity.ingest.values import as_dict, clean_text, small
from cxmaturity.model import Conversation, Rejected

FORMAT = "deepgram"
_MAX_LABELS = 30


def _looks_like_deepgram(shape: dict[str, Any]) -> float:
    results, metadata = shape.get("results"), shape.get("metadata")
    if not isinstance(results, dict):
        return 0.0
    if isinstance(results.get("utterances"), list) or (
        isinstance(results.get("channels"), list)
        and any(isinstance(c, dict) and "alternatives" in c for c in results["channels"])
    ):
        return 0.95
    # A response missing its transcript: claim it, so the reader names what is missing.
    if isinstance(metadata, dict) and ("request_id" in metadata or "transaction_key" in metadata):
        return 0.7
    return 0.0


@register_reader(FORMAT)
class DeepgramReader(Reader):
    suffixes = (".json",)

    def sniff(self, source: Source) -> float:
        text = source.text
        shape = json_shape(source)
        if shape is not None:
            return _looks_like_deepgram(shape)
        if json_head_has(text, "results") and json_head_has(text, "request_id"):
            return 0.95 if json_head_has(text, "alternatives") or json_head_has(text, "utterances") else 0.7
        return 0.0

    def read(self, source: Source, options: IngestOptions) -> Iterator[Conversation | Rejected]:
        for item in json_documents(source, _schema_problem):
            yield item if isinstance(item, Rejected) else _conversation(item[0], source, options, item[1])


def _schema_problem(document: Any) -> str | None:
    if not isinstance(document, dict):
        return f"{FORMAT}: not a JSON object (expected a Deepgram pre-recorded response)"
    results = document.get("results")
    if not isinstance(results, dict):
        return f"{FORMAT}: missing 'results' object (not a Deepgram pre-recorded response)"
    if not isinstance(results.get("utterances"), list) and not isinstance(results.get("channels"), list):
        return f"{FORMAT}: missing 'results.channels' list (and no 'results.utterances')"
    return None


def _conversation(document: dict[str, Any], source: Source, options: IngestOptions, index: int | None) -> Conversation:
    results = document["results"]
    info = as_dict(document.get("metadata"))
    conversation_id = str(info.get("request_id") or (f"{source.path.stem}-{index}" if index else source.path.stem))
    metadata: dict[str, Any] = {}
    if info.get("request_id"):
        metadata["request_id"] = str(info["request_id"])[:100]
    if isinstance(info.get("duration"), (int, float)):
        metadata["duration_s"] = round(float(info["duration"]), 3)
    if info.get("created") and to_iso(info["created"]):
        metadata["transcribed_at"] = to_iso(info["created"])
    if isinstance(info.get("channels"), int):
        metadata["audio_channels"] = info["channels"]
    channels = [c for c in results.get("channels") or [] if isinstance(c, dict)]
    languages = sorted({str(c["detected_language"]) for c in channels if c.get("detected_language")})
    if languages:
        metadata["language"] = languages[0] if len(languages) == 1 else languages
    several_channels = len(channels) > 1 or (isinstance(info.get("channels"), int) and info["channels"] > 1)

    aliases: dict[str, str] = {}
    utterances = [u for u in results.get("utterances") or [] if isinstance(u, dict)]
    if utterances:
        shape, fragments = "utterances", _from_utterances(utterances, several_channels, aliases)
    elif any(w.get("speaker") is not None for w in _words(channels)):
        shape, fragments = "diarized_words", _from_words(channels, several_channels, options.merge_gap_s, aliases)
    else:
        shape, fragments = "channels", _from_channels(channels, aliases)
    metadata["deepgram_shape"] = shape
    metadata["diarized"] = shape == "diarized_words" or any(u.get("speaker") is not None for u in utterances)
    fragments.sort(key=lambda f: (f.start is None, f.start or 0.0))
    if shape != "channels":
        fragments = merge_fragments(fragments, options.merge_gap_s)

    annotations = SourceAnnotations()
    if any(f.metadata.get("source_sentiment") for f in fragments):
        annotations.add("sentiment", "results.utterances[].sentiment")
    _annotations(results, channels, metadata, annotations)
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


def _label(channel: Any, speaker: Any, several_channels: bool, aliases: dict[str, str]) -> str:
    if speaker is not None:
        if several_channels:
            label = f"channel_{channel if channel is not None else 0} speaker_{speaker}"
            aliases.setdefault(f"{channel}/{speaker}", label)
        else:
            label = f"speaker_{speaker}"
            aliases.setdefault(str(speaker), label)
        return label
    label = f"channel_{channel if channel is not None else 0}"
    aliases.setdefault(str(channel if channel is not None else 0), label)
    return label


def _from_utterances(
    utterances: list[dict[str, Any]], several_channels: bool, aliases: dict[str, str]
) -> list[Fragment]:
    fragments = []
    for utterance in utterances:
        label = _label(utterance.get("channel"), utterance.get("speaker"), several_channels, aliases)
        turn_metadata: dict[str, Any] = {"source_speaker": label}
        sentiment = utterance.get("sentiment")
        if isinstance(sentiment, str) and sentiment.strip():
            turn_metadata["source_sentiment"] = sentiment.strip().lower()
            if isinstance(utterance.get("sentiment_score"), (int, float)):
                turn_metadata["source_sentiment_score"] = utterance["sentiment_score"]
        fragments.append(
            Fragment(
                label,
                clean_text(utterance.get("transcript")),
                to_seconds(utterance.get("start")),
                to_seconds(utterance.get("end")),
                turn_metadata,
            )
        )
    return fragments


def _words(channels: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [w for channel in channels for w in (_best(channel).get("words") or []) if isinstance(w, dict)]


def _best(channel: dict[str, Any]) -> dict[str, Any]:
    alternatives = channel.get("alternatives")
    if isinstance(alternatives, list) and alternatives and isinstance(alternatives[0], dict):
        return alternatives[0]
    return {}


def _from_words(
    channels: list[dict[str, Any]], several_channels: bool, max_gap_s: float, aliases: dict[str, str]
) -> list[Fragment]:
    """Diarized words -> runs of one speaker; a pause longer than `max_gap_s` starts a new run."""
    runs: list[Fragment] = []
    for number, channel in enumerate(channels):
        for word in _best(channel).get("words") or []:
            if not isinstance(word, dict):
                continue
            label = _label(number, word.get("speaker"), several_channels, aliases)
            text = str(word.get("punctuated_word") or word.get("word") or "")
            start, end = to_seconds(word.get("start")), to_seconds(word.get("end"))
            previous = runs[-1] if runs else None
            if (
                previous is not None
                and previous.label == label
                and (previous.end is None or start is None or start - previous.end <= max_gap_s)
            ):
                previous.text = f"{previous.text} {text}"
                previous.end = end if end is not None else previous.end
            else:
                runs.append(Fragment(label, text, start, end, {"source_speaker": label}))
    for run in runs:
        run.text = clean_text(run.text)
    return runs


def _from_channels(channels: list[dict[str, Any]], aliases: dict[str, str]) -> list[Fragment]:
    """No diarization: one fragment per paragraph when present, else per channel transcript."""
    fragments = []
    for number, channel in enumerate(channels):
        label = _label(number, None, False, aliases)
        best = _best(channel)
        paragraphs = as_dict(best.get("paragraphs"))
        items = [p for p in paragraphs.get("paragraphs") or [] if isinstance(p, dict)]
        if items:
            for paragraph in items:
                sentences = [s for s in paragraph.get("sentences") or [] if isinstance(s, dict)]
                text = clean_text(" ".join(str(s.get("text") or "") for s in sentences))
                fragments.append(
                    Fragment(
                        label,
                        text,
                        to_seconds(paragraph.get("start")),
                        to_seconds(paragraph.get("end")),
                        {"source_speaker": label},
                    )
                )
            continue
        words = [w for w in best.get("words") or [] if isinstance(w, dict)]
        start = to_seconds(words[0].get("start")) if words else None
        end = to_seconds(words[-1].get("end")) if words else None
        fragments.append(Fragment(label, clean_text(best.get("transcript")), start, end, {"source_speaker": label}))
    return fragments


def _annotations(
    results: dict[str, Any], channels: list[dict[str, Any]], metadata: dict[str, Any], annotations: SourceAnnotations
) -> None:
    summary = results.get("summary")
    summarized = (
        (summary.get("short") or summary.get("result") == "success")
        if isinstance(summary, dict)
        else (isinstance(summary, str) and summary.strip())
    )
    if summarized:
        annotations.add("summary", "results.summary")
    if any(_best(c).get("summaries") for c in channels):
        annotations.add("summary", "results.channels[].alternatives[].summaries")

    topics = _segment_labels(results.get("topics"), "topics", "topic")
    if topics:
        metadata["topics"] = topics
        annotations.add("categories", "results.topics")
    intents = _segment_labels(results.get("intents"), "intents", "intent")
    if intents:
        metadata["intents"] = intents
        annotations.add("categories", "results.intents")

    sentiments = results.get("sentiments")
    if isinstance(sentiments, dict) and (sentiments.get("segments") or sentiments.get("average")):
        annotations.add("sentiment", "results.sentiments")
        average = sentiments.get("average")
        if isinstance(average, dict) and average.get("sentiment"):
            overall: dict[str, Any] = {"sentiment": str(average["sentiment"]).lower()}
            if isinstance(average.get("sentiment_score"), (int, float)):
                overall["score"] = average["sentiment_score"]
            metadata["overall_sentiment"] = overall


def _segment_labels(block: Any, list_key: str, name_key: str) -> list[str]:
    """Distinct short labels (topic / intent names) from a Deepgram intelligence block."""
    if not isinstance(block, dict):
        return []
    names: list[str] = []
    for segment in block.get("segments") or []:
        if not isinstance(segment, dict):
            continue
        for item in segment.get(list_key) or []:
            name = item.get(name_key) if isinstance(item, dict) else None
            if isinstance(name, str) and name.strip() and small(name, 80) and name.strip() not in names:
                names.append(name.strip())
    return names[:_MAX_LABELS]
