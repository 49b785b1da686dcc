"""Google Cloud Speech-to-Text recognition responses (REST JSON and client-library dicts).

Shapes handled:
- REST v1 `RecognizeResponse` / `LongRunningRecognizeResponse` (camelCase; reference
  <https://cloud.google.com/speech-to-text/docs/reference/rest/v1/speech/recognize>):
  `results[{alternatives[{transcript, confidence, words[{startTime, endTime, word,
  speakerTag}]}], channelTag, resultEndTime, languageCode}]`, `totalBilledTime`,
  `requestId`. Durations are strings such as "1.300s". A finished long-running operation
  (`{name, done, response{results}}`) is unwrapped.
- The same messages from the client libraries turned into dicts (`MessageToDict(...,
  preserving_proto_field_name=True)`, proto-plus `to_dict`): snake_case `channel_tag`,
  `speaker_tag`, `start_time`, `end_time`, `result_end_time`, `language_code`; durations as
  "1.3s", a number of seconds, or `{seconds, nanos}`.
- v2 results (`startOffset`, `endOffset`, `speakerLabel`, `resultEndOffset`) are read the
  same way.

Which turns are built (metadata `google_stt_shape` says which):
- `diarized` (Google docs "Detect different speakers in an audio recording",
  <https://cloud.google.com/speech-to-text/docs/multiple-voices>): words carry `speakerTag`.
  Google repeats every word of the audio, tagged, in the top alternative of the LAST result,
  so turns come from that result's words, grouped by consecutive speaker tag (a pause longer
  than `ingest.merge_gap_s` also starts a new turn, so holds stay visible). Labels
  `speaker_1`, `speaker_2` ... `diarized_per_result`: every result carries its own tagged
  words instead (the last result does not start over from the first word, as with some v2
  models), so the tagged words of all results are used, grouped the same way.
- `channels` (Google docs "Transcribe audio with multiple channels",
  <https://cloud.google.com/speech-to-text/docs/multi-channel>): results carry `channelTag`
  (two or more distinct values) and no speaker tags: one turn per result, labelled
  `channel_1`, `channel_2` ..., ordered by time (the first word's start; else the end of
  that channel's previous result).
- `plain`: neither: one turn per result, all under the one label `speaker`.

Mapped to the canonical shape: the top alternative's `transcript` (or, for diarized turns,
its `words[].word`) -> `text`; the first word's `startTime` -> `start` (None when word times
were not requested: a result's own start is not in the response); `resultEndTime` (or the
last word's `endTime`) -> `end`; `languageCode` -> metadata `language_code`;
`totalBilledTime` -> metadata `total_billed_time_s`. Roles: Google says only *who is
different*, so `speaker_N` / `channel_N` / `speaker` go through the content-cue heuristic of
`speakers` (an `ingest.speaker_map` entry such as {"channel_2": "agent"} wins); labels that
stay undecided are `unknown`. Channel tags carry no role convention in Google's API (unlike
Transcribe's ch_0/ch_1), so none is assumed. Channel is `voice` unless
`ingest.default_channel` says otherwise; the response has no conversation id, so the file
name's stem is used.

Speech-to-Text carries no analytics (sentiment, topics, summaries): no annotations are
recorded. Known gaps: a `plain` transcript of a two-party call is one label for everybody;
v2 `BatchRecognize` inline responses keyed by audio URI and streaming response logs are not
read; alternatives other than the top one are ignored.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cxmaturity.ingest.errors import SchemaError
from cxmaturity.ingest.fragments import Fragment, fragments_to_turns
from cxmaturity.ingest.jsondocs import json_head_has, json_records, json_shape
from cxmaturity.ingest.options import IngestOptions
from cxmaturity.ingest.registry import Reader, register_reader
from cxmaturity.ingest.source import Source
from cxmaturity.ingest.times import to_seconds
from cxmaturity.ingest.values import as_dict, clean_text, small
from cxmaturity.model import Conversation, Rejected

FORMAT = "google_stt"
#: Keys that only a Speech-to-Text result carries (any one is enough to recognise one).
_RESULT_KEYS = (
    "alternatives",
    "channelTag",
    "channel_tag",
    "resultEndTime",
    "result_end_time",
    "resultEndOffset",
    "result_end_offset",
    "languageCode",
    "language_code",
)
_HEAD_HINTS = (
    "speakerTag",
    "speaker_tag",
    "channelTag",
    "channel_tag",
    "resultEndTime",
    "result_end_time",
    "startTime",
    "start_time",
    "resultEndOffset",
    "languageCode",
)


def stt_results(document: Any) -> list | None:
    """The `results` list of a response, or of a finished long-running operation's `response`."""
    if not isinstance(document, dict):
        return None
    results = document.get("results")
    if isinstance(results, list):
        return results
    response = document.get("response")
    if isinstance(response, dict) and isinstance(response.get("results"), list):
        return response["results"]
    return None


def is_stt_response(document: Any) -> bool:
    results = stt_results(document)
    if not results:
        return False
    sample = [r for r in results[:50] if isinstance(r, dict)]
    return bool(sample) and any(key in r for r in sample for key in _RESULT_KEYS)


@register_reader(FORMAT)
class GoogleSttReader(Reader):
    suffixes = (".json",)

    def sniff(self, source: Source) -> float:
        text = source.text
        shape = json_shape(source)
        if shape is not None:
            return 0.95 if is_stt_response(shape) else 0.0
        if (
            json_head_has(text, "results")
            and json_head_has(text, "alternatives")
            and any(json_head_has(text, key) for key in _HEAD_HINTS)
            and not json_head_has(text, "transcripts")
            and not json_head_has(text, "items")
        ):
            return 0.85
        return 0.0

    def read(self, source: Source, options: IngestOptions) -> Iterator[Conversation | Rejected]:
        def convert(document: Any, index: int | None) -> Conversation:
            results = stt_results(document)
            if results is None:
                raise SchemaError(f"not a {FORMAT} response (no 'results' list)")
            return _conversation(document, results, source, options, index)

        yield from json_records(source, convert)


# --------------------------------------------------------------------------- fields
def _get(mapping: dict[str, Any], *keys: str) -> Any:
    """The first present (non-None) value among spellings of one field."""
    for key in keys:
        if mapping.get(key) is not None:
            return mapping[key]
    return None


def duration_s(value: Any) -> float | None:
    """Seconds from "1.300s", "1.3", a number, "0:00:01.3" or a protobuf `{seconds, nanos}`."""
    if isinstance(value, dict):
        seconds, nanos = value.get("seconds", 0), value.get("nanos", 0)
        try:
            return round(float(seconds or 0) + float(nanos or 0) / 1e9, 3)
        except (TypeError, ValueError):
            return None
    return to_seconds(value)


def _tag(value: Any) -> str | None:
    """A speaker/channel tag as text; 0 and "" are protobuf defaults meaning "not set"."""
    if value is None or isinstance(value, bool):
        return None
    text = str(value).strip()
    return None if text in ("", "0") else text


class _Result:
    """One recognition result, reduced to what turns need."""

    def __init__(self, position: int, raw: dict[str, Any]) -> None:
        alternatives = raw.get("alternatives")
        top = as_dict(alternatives[0]) if isinstance(alternatives, list) and alternatives else {}
        self.position = position
        self.has_alternatives = isinstance(alternatives, list)
        self.transcript = clean_text(top.get("transcript"))
        self.channel = _tag(_get(raw, "channelTag", "channel_tag"))
        self.end = duration_s(_get(raw, "resultEndTime", "result_end_time", "resultEndOffset", "result_end_offset"))
        self.language = _get(raw, "languageCode", "language_code")
        self.words: list[Fragment] = []
        for word in top.get("words") or []:
            if not isinstance(word, dict):
                continue
            text = clean_text(word.get("word"))
            if not text:
                continue
            tag = _tag(_get(word, "speakerTag", "speaker_tag", "speakerLabel", "speaker_label"))
            self.words.append(
                Fragment(
                    tag or "",
                    text,
                    duration_s(_get(word, "startTime", "start_time", "startOffset", "start_offset")),
                    duration_s(_get(word, "endTime", "end_time", "endOffset", "end_offset")),
                )
            )

    @property
    def tagged(self) -> bool:
        return any(w.label for w in self.words)

    @property
    def start(self) -> float | None:
        return self.words[0].start if self.words else None


# --------------------------------------------------------------------------- conversation
def _conversation(
    document: dict[str, Any], raw_results: list, source: Source, options: IngestOptions, index: int | None
) -> Conversation:
    for position, raw in enumerate(raw_results):
        if not isinstance(raw, dict):
            raise SchemaError(f"{FORMAT} response: results[{position}] is not an object")
    if raw_results and not any("alternatives" in raw for raw in raw_results):
        raise SchemaError(f"{FORMAT} response: no result in 'results' has 'alternatives' (required)")
    results = [_Result(position, raw) for position, raw in enumerate(raw_results)]
    metadata: dict[str, Any] = {}
    skipped = sum(1 for r in results if not r.has_alternatives)
    if skipped:
        metadata["results_without_alternatives"] = skipped
    results = [r for r in results if r.has_alternatives]

    channels = {r.channel for r in results if r.channel is not None and (r.transcript or r.words)}
    if len(channels) >= 2:
        shape, fragments = "channels", _channel_fragments(results)
    elif any(r.tagged for r in results):
        shape, fragments = _diarized_fragments(results, options.merge_gap_s)
    else:
        shape, fragments = "plain", [_result_fragment(r, "speaker") for r in results]
    metadata["google_stt_shape"] = shape

    languages = sorted({str(r.language) for r in results if r.language and small(r.language, 35)})
    if languages:
        metadata["language_code"] = languages[0] if len(languages) == 1 else languages
    billed = duration_s(_get(document, "totalBilledTime", "total_billed_time"))
    if billed is None and isinstance(document.get("response"), dict):
        billed = duration_s(_get(document["response"], "totalBilledTime", "total_billed_time"))
    if billed is not None:
        metadata["total_billed_time_s"] = billed
    request_id = _get(document, "requestId", "request_id")
    if request_id is not None and small(request_id, 64):
        metadata["request_id"] = str(request_id)

    turns = fragments_to_turns(fragments, options, conversation_metadata=metadata)
    return Conversation(
        conversation_id=f"{source.path.stem}-{index}" if index else source.path.stem,
        turns=turns,
        channel=options.default_channel or "voice",
        direction=options.default_direction,
        metadata=metadata,
    )


def _result_fragment(result: _Result, label: str) -> Fragment:
    text = result.transcript or clean_text(" ".join(w.text for w in result.words))
    end = result.end if result.end is not None else (result.words[-1].end if result.words else None)
    return Fragment(label, text, result.start, end)


def _channel_fragments(results: list[_Result]) -> list[Fragment]:
    """One fragment per result, `channel_N`, in time order across channels."""
    keyed: list[tuple[float, float, str, int, Fragment]] = []
    previous_end: dict[str | None, float] = {}
    for result in results:
        fragment = _result_fragment(result, f"channel_{result.channel}" if result.channel else "channel_unknown")
        # Ordering only: a result without word times began no earlier than its channel's last result ended.
        begin = fragment.start if fragment.start is not None else previous_end.get(result.channel, 0.0)
        finish = fragment.end if fragment.end is not None else begin
        if fragment.end is not None:
            previous_end[result.channel] = fragment.end
        keyed.append((begin, finish, fragment.label, result.position, fragment))
    keyed.sort(key=lambda item: item[:4])
    return [item[4] for item in keyed]


def _diarized_fragments(results: list[_Result], max_gap_s: float) -> tuple[str, list[Fragment]]:
    """Speaker runs from the final result's repeated words (or every result's, see docstring)."""
    tagged = [r for r in results if r.tagged]
    last, earlier = tagged[-1], tagged[:-1]
    earlier_words = [w for r in earlier for w in r.words]
    if not earlier_words:
        repeated = True
    else:
        first_earlier = next((w.start for w in earlier_words if w.start is not None), None)
        if last.start is not None and first_earlier is not None:
            repeated = last.start <= first_earlier + 1e-6
        else:
            repeated = len(last.words) >= len(earlier_words)
    words = last.words if repeated else [w for r in tagged for w in r.words]
    runs: list[Fragment] = []
    label = ""
    for word in words:
        label = word.label or label  # an untagged word belongs to the speaker before it
        name = f"speaker_{label}" if label else "speaker"
        previous = runs[-1] if runs else None
        if (
            previous is not None
            and previous.label == name
            and (previous.end is None or word.start is None or word.start - previous.end <= max_gap_s)
        ):
            previous.text = f"{previous.text} {word.text}"
            if word.end is not None:
                previous.end = word.end
        else:
            runs.append(Fragment(name, word.text, word.start, word.end))
    return ("diarized" if repeated else "diarized_per_result"), runs
