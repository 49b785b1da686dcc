"""Azure AI Language conversation documents (the conversations sent to conversation
summarization, conversation PII and other conversational analysis tasks).

Shape (Microsoft Learn, "How to use conversation summarization":
<https://learn.microsoft.com/azure/ai-services/language-service/summarization/how-to/conversation-summarization>,
"Detect and redact PII in conversations":
<https://learn.microsoft.com/azure/ai-services/language-service/personally-identifiable-information/how-to/redact-conversation-pii>,
REST reference "Analyze Conversations - Submit Job"
<https://learn.microsoft.com/rest/api/language/analyze-conversations/analyze-conversations-submit-job>):
`{"displayName", "analysisInput": {"conversations": [{"id", "language", "modality"
("text" or "transcript"), "domain", "conversationItems": [{"id", "participantId", "role"
("agent" / "customer" / "generic", any case), "text", and for transcripts "lexical", "itn",
"maskedItn", "audioTimings": [{"word", "offset", "duration"}] (100 ns ticks)}]}]}, "tasks":
[...]}`. Also read: one conversation object on its own (`{"id", "conversationItems"}`), a
`{"conversations": [...]}` list, and the older preview transcript items that nest the text
and timings under `content` (`content.text`, `content.audioTimings`).

Fields mapped to the canonical shape:
- one conversation per `conversations[]` entry; `conversation_id` = its `id` (else the file
  stem with the entry's position); `language` -> metadata `language`; `modality` "text" ->
  channel "chat", "transcript" -> "voice" (else the config default);
- one turn per conversation item, in the list's order (the API defines it as the ordered
  conversation; items are not merged: each item is one message or one recognised phrase);
  text `text` (else `itn`, `maskedItn`, `lexical`);
- `start` / `end`: the first word's `offset` and the last word's `offset + duration` in
  `audioTimings`, ticks / 10^7 (item-level `offset`/`duration` ticks are used when given);
  chat items have no times;
- roles: `role` agent/customer is taken as given, for every item of that `participantId`
  (metadata `speaker_role_method` "role"); items with `role` "generic" or none are decided by
  `speakers.resolve_roles` over their `participantId` (role words such as "agent_1",
  "customer_1"; otherwise content cues, and a participant left over once the other role is
  taken); undecided participants are `unknown`. `speaker_map` (keyed by `participantId`, or
  by "agent"/"customer") wins over both. `participantId` is kept in turn metadata
  (`source_speaker`) only when it is not a name;
- turn metadata `source_id` = the item `id`.

Annotations: when the same file also carries the job's results (`tasks.items[].results
.conversations[]`, e.g. a request saved together with its response), `summaries` there ->
`summary` for the conversation with that id (the summary text is not copied). PII results
are not merged: turns keep the input text.

A document without a conversation list is an IngestError naming the format and the missing
field; a conversation without `conversationItems`, or an item with neither `participantId`
nor `role`, rejects that conversation only.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cxmaturity.ingest.errors import IngestError
from cxmaturity.ingest.jsondocs import json_head_has, json_shape, parsed_document
from cxmaturity.ingest.options import IngestOptions
from cxmaturity.ingest.registry import Reader, register_reader
from cxmaturity.ingest.source import Source
from cxmaturity.ingest.speakers import (
    is_structural_label,
    normalise_label,
    resolve_roles,
)
from cxmaturity.ingest.values import as_dict, clean_text, small
from cxmaturity.model import Conversation, Rejected, Turn

FORMAT = "azure_conversation"
TICKS_PER_SECOND = 10_000_000
_EXPLICIT_ROLES = {"agent": "agent", "customer": "customer"}
_CHANNEL_BY_MODALITY = {"text": "chat", "transcript": "voice"}


def _looks_like_conversations(shape: dict[str, Any]) -> float:
    if isinstance(shape.get("conversationItems"), list):
        return 0.95
    analysis = shape.get("analysisInput")
    if isinstance(analysis, dict):
        # Claimed even without conversations, so the reader names what is missing.
        return 0.95 if isinstance(analysis.get("conversations"), list) else 0.7
    conversations = shape.get("conversations")
    if isinstance(conversations, list) and any(
        isinstance(c, dict) and "conversationItems" in c for c in conversations[:20]
    ):
        return 0.95
    return 0.0


@register_reader(FORMAT)
class AzureConversationReader(Reader):
    suffixes = (".json",)

    def sniff(self, source: Source) -> float:
        text = source.text
        shape = json_shape(source)
        if shape is not None:
            return _looks_like_conversations(shape)
        if json_head_has(text, "conversationItems") and json_head_has(text, "participantId"):
            return 0.95
        return 0.7 if json_head_has(text, "analysisInput") else 0.0

    def read(self, source: Source, options: IngestOptions) -> Iterator[Conversation | Rejected]:
        conversations, summaries = _conversations(parsed_document(source), source)
        several = len(conversations) > 1
        for position, conversation in enumerate(conversations, start=1):
            location = f"conversation {position}" if several else None
            problem = _conversation_problem(conversation)
            if problem is not None:
                if not several:
                    raise IngestError(source.name, problem)
                conversation_id = (
                    str(conversation.get("id"))
                    if isinstance(conversation, dict) and conversation.get("id") is not None
                    else None
                )
                yield Rejected(source.name, problem, conversation_id=conversation_id, location=location)
                continue
            yield _conversation(conversation, source, options, position if several else None, summaries)


def _conversations(document: Any, source: Source) -> tuple[list[Any], dict[str, list[str]]]:
    """The conversation objects of a document, and summary fields per conversation id."""
    if isinstance(document, list):
        return document, {}
    if not isinstance(document, dict):
        raise IngestError(source.name, f"{FORMAT}: not a JSON object (expected Azure AI Language conversations)")
    if isinstance(document.get("conversationItems"), list):
        return [document], {}
    if "analysisInput" in document:
        analysis = document["analysisInput"]
        conversations = analysis.get("conversations") if isinstance(analysis, dict) else None
        if not isinstance(conversations, list):
            raise IngestError(source.name, f"{FORMAT}: missing 'analysisInput.conversations' list")
        return conversations, _result_summaries(document.get("tasks"))
    if isinstance(document.get("conversations"), list):
        return document["conversations"], {}
    raise IngestError(source.name, f"{FORMAT}: missing 'conversationItems' list (or 'analysisInput.conversations')")


def _result_summaries(tasks: Any) -> dict[str, list[str]]:
    """Job results saved with the request: conversation id -> fields that hold summaries."""
    found: dict[str, list[str]] = {}
    items = tasks.get("items") if isinstance(tasks, dict) else None
    for item in items if isinstance(items, list) else []:
        results = item.get("results") if isinstance(item, dict) else None
        conversations = results.get("conversations") if isinstance(results, dict) else None
        for conversation in conversations if isinstance(conversations, list) else []:
            if isinstance(conversation, dict) and conversation.get("summaries"):
                field = "tasks.items[].results.conversations[].summaries"
                found.setdefault(str(conversation.get("id")), []).append(field)
    return found


def _conversation_problem(conversation: Any) -> str | None:
    if not isinstance(conversation, dict):
        return f"{FORMAT}: conversation is not a JSON object"
    items = conversation.get("conversationItems")
    if not isinstance(items, list):
        return f"{FORMAT}: missing 'conversationItems' list"
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            return f"{FORMAT}: conversation item {number} is not a JSON object"
        if item.get("participantId") in (None, "") and not item.get("role"):
            return f"{FORMAT}: missing 'participantId' on conversation item {number}"
    return None


def _conversation(
    conversation: dict[str, Any],
    source: Source,
    options: IngestOptions,
    position: int | None,
    summaries: dict[str, list[str]],
) -> Conversation:
    conversation_id = conversation.get("id")
    if conversation_id in (None, ""):
        conversation_id = f"{source.path.stem}-{position}" if position else source.path.stem
    conversation_id = str(conversation_id)
    metadata: dict[str, Any] = {}
    for key, name in (("language", "language"), ("modality", "modality"), ("domain", "domain")):
        if conversation.get(key) and small(conversation[key], 40):
            metadata[name] = str(conversation[key])
    modality = str(conversation.get("modality") or "").strip().lower()

    rows: list[tuple[str, str, float | None, float | None, dict[str, Any]]] = []
    explicit: dict[str, str] = {}
    for item in conversation["conversationItems"]:
        content = as_dict(item.get("content"))
        participant = item.get("participantId")
        role = str(item.get("role") or "").strip().lower()
        label = str(participant) if participant not in (None, "") else role
        if role in _EXPLICIT_ROLES:
            explicit.setdefault(label, _EXPLICIT_ROLES[role])
        text = clean_text(_first(item, content, "text", "itn", "maskedItn", "lexical"))
        start, end = _times(item, content)
        turn_metadata: dict[str, Any] = {}
        if item.get("id") is not None and small(item["id"], 100):
            turn_metadata["source_id"] = str(item["id"])
        if is_structural_label(label):
            turn_metadata["source_speaker"] = label
        rows.append((label, text, start, end, turn_metadata))
        if not modality and (item.get("modality") or content):
            modality = str(item.get("modality") or "transcript").strip().lower()

    spoken = [row for row in rows if row[1]]
    if len(spoken) < len(rows):
        metadata["empty_turns_dropped"] = len(rows) - len(spoken)
    roles, method = _roles(spoken, explicit, options)
    if method:
        metadata["speaker_role_method"] = method
    turns = [Turn(roles[label], text, start, end, turn_metadata) for label, text, start, end, turn_metadata in spoken]

    fields = {"summary": summaries[conversation_id]} if conversation_id in summaries else {}
    return Conversation(
        conversation_id=conversation_id,
        turns=turns,
        channel=_CHANNEL_BY_MODALITY.get(modality) or options.default_channel,
        direction=options.default_direction,
        metadata=metadata,
        source_annotations=sorted(fields),
        annotation_fields=fields,
    )


def _roles(rows: list[tuple], explicit: dict[str, str], options: IngestOptions) -> tuple[dict[str, str], Any]:
    """Roles per participant: `speaker_map` first, then the item `role`, then `speakers`' heuristic.

    The explicit roles go in as overrides under the user's map, so the heuristic places the
    remaining (generic) participants around them: a lone generic participant takes the role
    still missing. A `speaker_map` entry for "agent" or "customer" applies to every
    participant the items give that role.
    """
    user = {normalise_label(k): v for k, v in options.speaker_map.items()}
    given: dict[str, str] = {}
    overridden: set[str] = set()
    for label, role in explicit.items():
        if normalise_label(label) in user:
            overridden.add(label)  # the user's entry for the participant itself wins below
        elif role in user:
            given[label] = user[role]
            overridden.add(label)
        else:
            given[label] = role
    assignment = resolve_roles(
        [(row[0], row[1]) for row in rows],
        speaker_map={**given, **options.speaker_map},
        agent_names=options.agent_names,
    )
    methods = {
        label: "role" if method == "override" and label in explicit and label not in overridden else method
        for label, method in assignment.methods.items()
    }
    distinct = sorted(set(methods.values()))
    return assignment.roles, (distinct[0] if len(distinct) == 1 else distinct) if distinct else None


def _first(item: dict[str, Any], content: dict[str, Any], *keys: str) -> Any:
    for key in keys:
        for holder in (item, content):
            value = holder.get(key)
            if isinstance(value, str) and value.strip():
                return value
    return None


def _times(item: dict[str, Any], content: dict[str, Any]) -> tuple[float | None, float | None]:
    """(start, end) seconds from item-level ticks or the word `audioTimings`."""
    offset = _ticks(item.get("offset"))
    if offset is not None:
        duration = _ticks(item.get("duration"))
        return offset, round(offset + duration, 3) if duration is not None else None
    timings = item.get("audioTimings") or content.get("audioTimings") or item.get("wordLevelTimings")
    words = [w for w in timings if isinstance(w, dict)] if isinstance(timings, list) else []
    starts = [s for w in words if (s := _ticks(w.get("offset"))) is not None]
    ends = [
        s + d
        for w in words
        if (s := _ticks(w.get("offset"))) is not None and (d := _ticks(w.get("duration"))) is not None
    ]
    return (min(starts) if starts else None), (round(max(ends), 3) if ends else None)


def _ticks(value: Any) -> float | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return round(float(value) / TICKS_PER_SECOND, 3)
    return None
