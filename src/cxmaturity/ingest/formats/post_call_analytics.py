"""AWS Post Call Analytics (PCA) parsed results JSON (amazon-transcribe-post-call-analytics).

PCA runs Amazon Transcribe (standard or Call Analytics) plus Amazon Comprehend over call
recordings and writes one parsed file per call. Shape (the solution's own schema,
`output_json_structure.md` in <https://github.com/aws-samples/amazon-transcribe-post-call-analytics>,
and `pca-server/src/pca/pcaresults.py` there, which writes it):

- `ConversationAnalytics{GUID, Agent, Agents, Cust, ConversationTime, ConversationLocation,
  ProcessTime, Duration, LanguageCode, EntityRecognizerName, SpeakerLabels[{Speaker,
  DisplayText, UserId}], SentimentTrends{<spk>: {SentimentScore, SentimentChange,
  SentimentPerQuarter}}, SpeakerTime{<spk>: {TotalTimeSecs}, NonTalkTime}, CustomEntities[{Name,
  Instances, Values}], CategoriesDetected[{Name, Instances, Timestamps}], IssuesDetected,
  ActionItemsDetected, OutcomesDetected, Summary, Telephony, SourceInformation[{TranscribeJobInfo}]}`;
- `SpeechSegments[{SegmentStartTime, SegmentEndTime (seconds), SegmentSpeaker (spk_N),
  SegmentInterruption, IVRSegment, OriginalText, DisplayText, SentimentIsPositive,
  SentimentIsNegative, SentimentScore (-5..5), BaseSentimentScores, LoudnessScores,
  EntitiesDetected, CategoriesDetected, IssuesDetected, ActionItemsDetected, OutcomesDetected,
  WordConfidence}]`.

Mapping to the canonical shape:

- one turn per speech segment (PCA segments are already turns; they are not merged, so the
  per-segment sentiment stays with its text): `DisplayText` (else `OriginalText`) -> text,
  `SegmentStartTime` / `SegmentEndTime` -> start / end.
- speaker: `SegmentSpeaker` looked up in `SpeakerLabels` (`Speaker` -> `DisplayText`,
  "Agent"/"Customer" unless renamed) and the display text resolved by `speakers` (role words,
  else content cues); an `IVRSegment` is `ivr`. A speaker without a label keeps `spk_N`
  (content cues decide). PCA's labels come from a setting (which channel the agent is on), so
  when the content cues of the opening turns contradict them by a clear margin the two are
  swapped (metadata `speaker_labels_swapped`), as the Transcribe channel convention is; a
  `speaker_map` entry for the `spk_N` id (or for the display text) overrides both.
- `conversation_id`: `GUID`, else `TranscribeJobInfo.TranscriptionJobName`, else the file's
  stem. `started_at`: `ConversationTime` as written (PCA gives no zone; its zone name
  `ConversationLocation` is kept in metadata). `agent_id`: `Agent` (a telephony id or user
  name). `channel` voice. `Cust` (a customer name or phone number) is never read.
- metadata: `duration_s` (`Duration`), `language_code`, `conversation_location`,
  `job_name`, `transcribe_api_type`, `entity_recognizer`, `categories` (names of `CategoriesDetected`),
  `overall_sentiment` / `talk_time_s` by role (`SentimentTrends`, `SpeakerTime`),
  `non_talk_time_s`, `custom_entity_types` (entity names only; their values quote the call).
- turn metadata: `source_sentiment` (positive/negative/neutral from the two flags, when the
  segment was scored), `source_sentiment_score`, `loudness_mean`, `interruption`,
  `issues_detected` / `action_items_detected` / `outcomes_detected` (counts),
  `segment_speaker` (`spk_N`).

Annotations: `CategoriesDetected` -> `categories`; `IssuesDetected` -> `issues`;
`ActionItemsDetected` and `OutcomesDetected` -> `issues` (the vocabulary's "issues or
outcomes detected by analytics"; their own field names are recorded); segment sentiment and
`SentimentTrends` -> `sentiment`; `Summary` (PCA's LLM summary, text or fields) -> `summary`.
`[PII]` placeholders in the text are recognised as redaction at ingest. Issue, action-item,
summary and entity text is never copied.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from cxmaturity.ingest.annotations import SourceAnnotations, carries_value
from cxmaturity.ingest.errors import IngestError
from cxmaturity.ingest.fragments import Fragment, fragments_to_turns
from cxmaturity.ingest.jsondocs import json_head_has, json_shape, parsed_document
from cxmaturity.ingest.options import IngestOptions
from cxmaturity.ingest.registry import Reader, register_reader
from cxmaturity.ingest.source import Source
from cxmaturity.ingest.speakers import cue_score, normalise_label
from cxmaturity.ingest.times import to_iso, to_seconds
from cxmaturity.ingest.values import as_dict, clean_text, small
from cxmaturity.model import Conversation, Rejected

FORMAT = "post_call_analytics"
_WHAT = "Post Call Analytics output"
_NONE = {"", "none", "null", "n/a"}
_MAX_CATEGORIES = 30


def is_post_call_analytics(document: dict[str, Any]) -> bool:
    if isinstance(document.get("ConversationAnalytics"), dict):
        return True
    segments = document.get("SpeechSegments")
    return isinstance(segments, list) and any(isinstance(s, dict) and "SegmentSpeaker" in s for s in segments[:20])


@register_reader(FORMAT)
class PostCallAnalyticsReader(Reader):
    suffixes = (".json",)

    def sniff(self, source: Source) -> float:
        text = source.text
        shape = json_shape(source)
        if shape is not None:
            return 0.95 if is_post_call_analytics(shape) else 0.0
        if json_head_has(text, "ConversationAnalytics") or json_head_has(text, "SpeechSegments", "SegmentSpeaker"):
            return 0.9
        return 0.0

    def read(self, source: Source, options: IngestOptions) -> Iterator[Conversation | Rejected]:
        document = parsed_document(source)
        if not isinstance(document, dict):
            raise IngestError(source.name, f"{FORMAT}: not a {_WHAT} (expected a JSON object)")
        if not isinstance(document.get("SpeechSegments"), list):
            raise IngestError(source.name, f"{FORMAT}: missing 'SpeechSegments' list ({_WHAT} without turns)")
        yield _conversation(document, source, options)


def _conversation(document: dict[str, Any], source: Source, options: IngestOptions) -> Conversation:
    header = as_dict(document.get("ConversationAnalytics"))
    annotations = SourceAnnotations()
    metadata: dict[str, Any] = {}

    display = {
        str(s.get("Speaker")): clean_text(s.get("DisplayText"))
        for s in header.get("SpeakerLabels") or []
        if isinstance(s, dict) and s.get("Speaker")
    }
    overridden = {normalise_label(label) for label in options.speaker_map}
    if _labels_contradicted(document["SpeechSegments"], display):
        swap = {"agent": "Customer", "customer": "Agent"}
        display = {speaker: swap.get(text.lower(), text) for speaker, text in display.items()}
        metadata["speaker_labels_swapped"] = True
    fragments: list[Fragment] = []
    for segment in document["SpeechSegments"]:
        if not isinstance(segment, dict):
            continue
        speaker = str(segment.get("SegmentSpeaker") or "unknown")
        if segment.get("IVRSegment") is True:
            label = "IVR"
        elif normalise_label(speaker) in overridden:  # `speaker_map: {spk_0: customer}` beats the export's label
            label = speaker
        else:
            label = display.get(speaker) or speaker
        turn_metadata = _turn_metadata(segment, annotations)
        turn_metadata["segment_speaker"] = speaker[:40]
        text = clean_text(segment.get("DisplayText") or segment.get("OriginalText"))
        start, end = to_seconds(segment.get("SegmentStartTime")), to_seconds(segment.get("SegmentEndTime"))
        fragments.append(Fragment(label, text, start, end, turn_metadata))
    turns = fragments_to_turns(fragments, options, conversation_metadata=metadata)
    role_of: dict[str, str] = {}
    for turn in turns:
        speaker = turn.metadata["segment_speaker"]
        if role_of.get(speaker) in (None, "ivr"):  # an IVR segment does not decide the speaker's role
            role_of[speaker] = turn.speaker

    duration = _number(header.get("Duration"))
    if duration is not None:
        metadata["duration_s"] = duration
    for key, name in (
        ("LanguageCode", "language_code"),
        ("ConversationLocation", "conversation_location"),
        ("EntityRecognizerName", "entity_recognizer"),
    ):
        if _present(header.get(key)) and small(header[key], 80):
            metadata[name] = str(header[key])
    job = _job_info(header)
    if _present(job.get("TranscriptionJobName")) and small(job["TranscriptionJobName"]):
        metadata["job_name"] = str(job["TranscriptionJobName"])
    if _present(job.get("TranscribeApiType")) and small(job["TranscribeApiType"], 40):
        metadata["transcribe_api_type"] = str(job["TranscribeApiType"])

    categories = [
        str(c.get("Name")).strip()
        for c in header.get("CategoriesDetected") or []
        if isinstance(c, dict) and _present(c.get("Name"))
    ]
    if categories:
        metadata["categories"] = categories[:_MAX_CATEGORIES]
        annotations.add("categories", "ConversationAnalytics.CategoriesDetected")
    for key in ("IssuesDetected", "ActionItemsDetected", "OutcomesDetected"):
        if carries_value(header.get(key)):
            annotations.add("issues", f"ConversationAnalytics.{key}")
    if carries_value(header.get("Summary")) and not _is_placeholder_summary(header.get("Summary")):
        annotations.add("summary", "ConversationAnalytics.Summary")

    trends = _by_role(header.get("SentimentTrends"), role_of, "SentimentScore")
    if trends:
        metadata["overall_sentiment"] = trends
        annotations.add("sentiment", "ConversationAnalytics.SentimentTrends")
    talk = _by_role(header.get("SpeakerTime"), role_of, "TotalTimeSecs")
    if talk:
        metadata["talk_time_s"] = talk
    speaker_time = as_dict(header.get("SpeakerTime"))
    non_talk = speaker_time.get("NonTalkTime")
    if isinstance(non_talk, dict) and _number(non_talk.get("TotalTimeSecs")) is not None:
        metadata["non_talk_time_s"] = _number(non_talk["TotalTimeSecs"])
    entity_types = sorted(
        {
            str(e["Name"])[:40]
            for e in header.get("CustomEntities") or []
            if isinstance(e, dict) and _present(e.get("Name"))
        }
    )
    if entity_types:
        metadata["custom_entity_types"] = entity_types[:20]

    agent = header.get("Agent")
    guid = header.get("GUID")
    conversation_id = next(
        (str(v).strip() for v in (guid, job.get("TranscriptionJobName")) if _present(v)), source.path.stem
    )
    return Conversation(
        conversation_id=conversation_id,
        turns=turns,
        channel=options.default_channel or "voice",
        started_at=to_iso(header["ConversationTime"]) if _present(header.get("ConversationTime")) else None,
        agent_id=str(agent).strip()[:120] if _present(agent) else None,
        direction=options.default_direction,
        metadata=metadata,
        source_annotations=annotations.names,
        annotation_fields=annotations.fields,
    )


# How much more agent-like (speakers.cue_score over the opening turns) the export's "Customer"
# must sound than its "Agent" for the two labels to be swapped.
SWAP_MARGIN = 2.0


def _labels_contradicted(segments: list[Any], display: dict[str, str]) -> bool:
    """PCA derives Agent/Customer from which channel it was told the agent is on, a setting, not an
    observation. When the one it calls Customer clearly talks like the agent ("Thank you for calling
    ... this is ... speaking") and the other does not, the setting was wrong for this call."""
    by_role = {text.lower(): speaker for speaker, text in display.items() if text.lower() in ("agent", "customer")}
    if len(by_role) != 2:
        return False
    opening: dict[str, list[str]] = {speaker: [] for speaker in by_role.values()}
    for segment in segments:
        if isinstance(segment, dict) and segment.get("IVRSegment") is not True:
            texts = opening.get(str(segment.get("SegmentSpeaker")))
            if texts is not None and len(texts) < 6:
                texts.append(clean_text(segment.get("DisplayText") or segment.get("OriginalText")))
    agent_score = cue_score(opening[by_role["agent"]])
    customer_score = cue_score(opening[by_role["customer"]])
    return customer_score - agent_score >= SWAP_MARGIN


def _turn_metadata(segment: dict[str, Any], annotations: SourceAnnotations) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    positive, negative = segment.get("SentimentIsPositive"), segment.get("SentimentIsNegative")
    scored = bool(positive) or bool(negative) or carries_value(segment.get("BaseSentimentScores"))
    if scored:
        meta["source_sentiment"] = "positive" if positive else "negative" if negative else "neutral"
        score = _number(segment.get("SentimentScore"))
        if score is not None:
            meta["source_sentiment_score"] = score
        annotations.add("sentiment", "SpeechSegments[].SentimentScore")
    loudness = [x for x in map(_number, segment.get("LoudnessScores") or []) if x is not None]
    if loudness:
        meta["loudness_mean"] = round(sum(loudness) / len(loudness), 2)
    if segment.get("SegmentInterruption") is True:
        meta["interruption"] = True
    for key, name, annotation in (
        ("IssuesDetected", "issues_detected", "issues"),
        ("ActionItemsDetected", "action_items_detected", "issues"),
        ("OutcomesDetected", "outcomes_detected", "issues"),
    ):
        found = segment.get(key)
        if isinstance(found, list) and found:
            meta[name] = len(found)
            annotations.add(annotation, f"SpeechSegments[].{key}")
    return meta


def _job_info(header: dict[str, Any]) -> dict[str, Any]:
    for entry in header.get("SourceInformation") or []:
        if isinstance(entry, dict) and isinstance(entry.get("TranscribeJobInfo"), dict):
            return entry["TranscribeJobInfo"]
    return {}


def _by_role(section: Any, role_of: dict[str, str], key: str) -> dict[str, float]:
    """`{spk_0: {key: x}}` -> `{role: x}`; speakers without turns or a shared role are left out."""
    if not isinstance(section, dict):
        return {}
    out: dict[str, float] = {}
    taken: set[str] = set()
    for speaker, values in section.items():
        role = role_of.get(str(speaker))
        value = _number(values.get(key)) if isinstance(values, dict) else None
        if role is None or value is None:
            continue
        if role in out:
            taken.add(role)  # two speakers with one role (two agents): ambiguous, dropped below
        out[role] = value
    return {role: value for role, value in out.items() if role not in taken}


def _present(value: Any) -> bool:
    return value is not None and not isinstance(value, (dict, list)) and str(value).strip().lower() not in _NONE


def _number(value: Any) -> float | None:
    """A finite number from a number or a numeric string (PCA writes `Duration` as a string)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return round(number, 3) if math.isfinite(number) else None


def _is_placeholder_summary(summary: Any) -> bool:
    """PCA writes a note, not a summary, when summarisation is off or failed."""
    text = summary.get("Summary") if isinstance(summary, dict) and len(summary) == 1 else summary
    if not isinstance(text, str):
        return False
    lowered = text.strip().lower()
    return lowered in {"no summary available", "summarization disabled.", "no summary"} or lowered.startswith(
        "an error occurred"
    )
