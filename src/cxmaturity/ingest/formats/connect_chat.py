"""Amazon Connect chat transcripts as Connect stores them in S3 (no Contact Lens analytics).

Shape (the file Connect writes under `.../ChatTranscripts/` when chat transcripts are
stored: `Version` "2019-08-26", `AWSAccountId`, `InstanceId`, `InitialContactId`,
`ContactId`, `Participants[{ParticipantId}]`, `Transcript[]`); each transcript entry is an
`Item` of the Amazon Connect Participant Service (AWS docs:
<https://docs.aws.amazon.com/connect/latest/APIReference/API_connect-participant_Item.html>,
returned by `GetTranscript`:
<https://docs.aws.amazon.com/connect/latest/APIReference/API_connect-participant_GetTranscript.html>):
`AbsoluteTime` (ISO 8601, UTC, milliseconds), `Content`, `ContentType`, `Id`, `Type`
MESSAGE/EVENT/ATTACHMENT (also CONNECTION_ACK, MESSAGE_DELIVERED, MESSAGE_READ),
`ParticipantId`, `DisplayName`, `ParticipantRole` AGENT/CUSTOMER/SYSTEM/CUSTOM_BOT/SUPERVISOR,
`Attachments`. A `GetTranscript` response (`InitialContactId`, `Transcript`) reads the same.

Contact Lens output for a chat (`Version` "CHAT-...", `CustomerMetadata`,
`ConversationCharacteristics`) is the `contact_lens` reader's: `sniff` leaves those files
alone, and claims the plain transcript more confidently than `contact_lens` (whose test,
a `Transcript` with `ParticipantId`s, the plain transcript also passes).

Mapping to the canonical shape:

- `Type` MESSAGE items become turns: `Content` -> text (interactive messages, JSON with a
  `templateType`, give their title and element titles); role from `ParticipantRole`
  (AGENT/SUPERVISOR -> agent, CUSTOMER -> customer, CUSTOM_BOT -> bot, SYSTEM -> system),
  looked up through `Participants[].ParticipantId` when an item lacks it; without any role the
  opaque `ParticipantId` is the label and content cues decide (else `unknown`).
- `started_at`: the earliest item's `AbsoluteTime` (normally the customer's
  `participant.joined` event), UTC 'Z'; a turn's `start` is seconds since then and its
  `end` stays None: a chat message is posted at one instant (as for Contact Lens chat,
  see `_aws_analytics`).
- events (participant joined/left, transfers, `chat.ended` ...) are not turns; their kinds
  are counted in metadata `chat_events`, and their times kept as metadata `ended_at`
  (`chat.ended`, else the last item) and `duration_s` (first to last item).
- attachments are not turns either: metadata `attachments` counts them (file names are not
  kept).
- `conversation_id`: `ContactId`, else `InitialContactId`, else the file's stem; metadata
  `contact_id`, `initial_contact_id` (when it differs), `instance_id`, `account_id`,
  `version`; channel chat.
- turn metadata: `source_id` (item `Id`) and `participant_id` (opaque; lets the signals see a
  change of agent). `DisplayName` is a person's name and is never read.

Annotations: none (the plain transcript carries no analytics); redaction markers in the text
are recognised at ingest.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from typing import Any

from cxmaturity.ingest.errors import IngestError
from cxmaturity.ingest.formats._aws_analytics import absolute_time
from cxmaturity.ingest.fragments import Fragment, fragments_to_turns
from cxmaturity.ingest.jsondocs import json_head_has, json_shape, parsed_document
from cxmaturity.ingest.options import IngestOptions
from cxmaturity.ingest.registry import Reader, register_reader
from cxmaturity.ingest.source import Source
from cxmaturity.ingest.times import to_iso
from cxmaturity.ingest.values import clean_text, small
from cxmaturity.model import Conversation, Rejected

FORMAT = "connect_chat"
_WHAT = "Amazon Connect chat transcript"
CHAT_TRANSCRIPT_VERSION = "2019-08-26"
_EVENT_PREFIX = "application/vnd.amazonaws.connect.event."
# Keys only Contact Lens output has: those files belong to the contact_lens reader.
_CONTACT_LENS_KEYS = (
    "CustomerMetadata",
    "ConversationCharacteristics",
    "Categories",
    "ChatTranscriptVersion",
    "JobStatus",
    "ContentMetadata",
)


def is_connect_chat(document: dict[str, Any]) -> bool:
    """The plain chat transcript (S3 file or GetTranscript response), not Contact Lens output."""
    version = str(document.get("Version", ""))
    if any(key in document for key in _CONTACT_LENS_KEYS) or version.upper().startswith("CHAT"):
        return False
    if version == CHAT_TRANSCRIPT_VERSION or "AWSAccountId" in document:
        return True
    transcript = document.get("Transcript")
    return (
        "InitialContactId" in document
        and isinstance(transcript, list)
        and any(isinstance(item, dict) and "AbsoluteTime" in item for item in transcript[:20])
    )


@register_reader(FORMAT)
class ConnectChatReader(Reader):
    suffixes = (".json",)

    def sniff(self, source: Source) -> float:
        # Above contact_lens's 0.95: its `ParticipantId` test matches these files too.
        text = source.text
        shape = json_shape(source)
        if shape is not None:
            return 0.98 if is_connect_chat(shape) else 0.0
        head = text[:20000]
        if any(f'"{key}"' in head for key in _CONTACT_LENS_KEYS) or '"CHAT-' in head:
            return 0.0
        if json_head_has(text, "AWSAccountId", "InitialContactId") or (
            json_head_has(text, "InitialContactId", "Transcript", "AbsoluteTime")
        ):
            return 0.98
        return 0.0

    def read(self, source: Source, options: IngestOptions) -> Iterator[Conversation | Rejected]:
        document = parsed_document(source)
        if not isinstance(document, dict):
            raise IngestError(source.name, f"{FORMAT}: not an {_WHAT} (expected a JSON object)")
        if not isinstance(document.get("Transcript"), list):
            raise IngestError(source.name, f"{FORMAT}: missing 'Transcript' list ({_WHAT} without items)")
        yield _conversation(document, source, options)


def _conversation(document: dict[str, Any], source: Source, options: IngestOptions) -> Conversation:
    metadata: dict[str, Any] = {}
    for key, name in (
        ("ContactId", "contact_id"),
        ("InitialContactId", "initial_contact_id"),
        ("InstanceId", "instance_id"),
        ("AWSAccountId", "account_id"),
        ("Version", "version"),
    ):
        if document.get(key) and small(document[key], 120):
            metadata[name] = str(document[key])
    if metadata.get("initial_contact_id") == metadata.get("contact_id"):
        metadata.pop("initial_contact_id", None)  # kept only when the chat was transferred to a new contact
    roles = {
        str(p["ParticipantId"]): str(p["ParticipantRole"])
        for p in document.get("Participants") or []
        if isinstance(p, dict) and p.get("ParticipantId") and p.get("ParticipantRole")
    }

    items = [item for item in document["Transcript"] if isinstance(item, dict)]
    times = [at for item in items if (at := absolute_time(item.get("AbsoluteTime"))) is not None]
    first = min(times) if times else None
    events: Counter[str] = Counter()
    ended = None
    attachments = 0
    fragments: list[Fragment] = []
    for item in items:
        kind = str(item.get("Type") or "").upper()
        content_type = str(item.get("ContentType") or "")
        posted_at = absolute_time(item.get("AbsoluteTime"))
        if kind == "EVENT" or content_type.startswith(_EVENT_PREFIX):
            name = content_type.removeprefix(_EVENT_PREFIX) or "event"
            events[name[:80]] += 1
            if name == "chat.ended" and posted_at is not None:
                ended = posted_at
            continue
        if kind == "ATTACHMENT" or (not kind and item.get("Attachments")):
            attachments += 1
            continue
        if kind not in ("MESSAGE", ""):
            continue  # receipts and acknowledgements (MESSAGE_DELIVERED, MESSAGE_READ, CONNECTION_ACK)
        participant = str(item.get("ParticipantId") or "")
        label = str(item.get("ParticipantRole") or roles.get(participant) or participant or "unknown")
        turn_metadata: dict[str, Any] = {}
        if item.get("Id"):
            turn_metadata["source_id"] = str(item["Id"])[:120]
        if participant:
            turn_metadata["participant_id"] = participant[:120]
        start = round((posted_at - first).total_seconds(), 3) if posted_at is not None and first is not None else None
        fragments.append(Fragment(label, _message_text(item.get("Content"), content_type), start, None, turn_metadata))
    turns = fragments_to_turns(fragments, options, conversation_metadata=metadata)

    if events:
        metadata["chat_events"] = dict(sorted(events.items()))
    if attachments:
        metadata["attachments"] = attachments
    if times:
        last = ended or max(times)
        metadata["ended_at"] = to_iso(last)
        if len(times) > 1:
            metadata["duration_s"] = round((max(times) - min(times)).total_seconds(), 3)

    conversation_id = next(
        (
            str(document[k]).strip()
            for k in ("ContactId", "InitialContactId")
            if document.get(k) and str(document[k]).strip()
        ),
        source.path.stem,
    )
    return Conversation(
        conversation_id=conversation_id,
        turns=turns,
        channel=options.default_channel or "chat",
        started_at=to_iso(first) if first is not None else None,
        direction=options.default_direction,
        metadata=metadata,
    )


def _message_text(content: Any, content_type: str) -> str:
    """Plain text of a message; interactive messages (JSON templates) give their titles."""
    text = clean_text(content)
    if not text.startswith("{") or not ("interactive" in content_type or content_type == "application/json"):
        return text
    try:
        template = json.loads(str(content))
    except (json.JSONDecodeError, RecursionError):
        return text
    data = template.get("data") if isinstance(template, dict) else None
    body = data.get("content") if isinstance(data, dict) else None
    if not isinstance(body, dict):
        return ""
    parts = [clean_text(body.get("title")), clean_text(body.get("subtitle"))]
    parts += [clean_text(e.get("title")) for e in body.get("elements") or [] if isinstance(e, dict)]
    return " / ".join(p for p in parts if p)
