"""Amazon Connect Contact Lens conversational analytics output JSON (voice and chat).

Shape (AWS docs: "Example Contact Lens conversational analytics output files for a call"):
`Version`, `AccountId`, `Channel` VOICE/CHAT, `ContentMetadata{Output, RedactionTypes}`,
`CustomerMetadata{ContactId, InstanceId, InputS3Uri}`, `Participants[{ParticipantId,
ParticipantRole}]`, `Transcript[{ParticipantId, Id, Content, BeginOffsetMillis,
EndOffsetMillis, Sentiment, Redaction, IssuesDetected}]`, `Categories`,
`ConversationCharacteristics`. Roles come from `ParticipantRole` (AGENT, CUSTOMER, SYSTEM,
CUSTOM_BOT, SUPERVISOR), looked up through `ParticipantId` when a turn lacks it.

Chat output (AWS docs: "Example Contact Lens output files for a chat"; `Version` "CHAT-...",
`Channel` CHAT) keeps the Amazon Connect chat transcript items instead: `AbsoluteTime`
(ISO 8601), `Type` MESSAGE/EVENT, `ContentType`, `DisplayName`, no offsets. How their times,
events and sentiment are read is described in `_aws_analytics`. `DisplayName` is a person's
name and never reaches metadata.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cxmaturity.ingest.errors import IngestError
from cxmaturity.ingest.formats._aws_analytics import analytics_conversation
from cxmaturity.ingest.jsondocs import json_head_has, json_shape, parsed_document
from cxmaturity.ingest.options import IngestOptions
from cxmaturity.ingest.registry import Reader, register_reader
from cxmaturity.ingest.source import Source
from cxmaturity.ingest.values import as_dict
from cxmaturity.model import Conversation, Rejected


def is_contact_lens(document: dict[str, Any]) -> bool:
    """Contact Lens names participants by id (`ParticipantId`) and carries `CustomerMetadata`."""
    transcript = document.get("Transcript")
    if not isinstance(transcript, list):
        return False
    return "CustomerMetadata" in document or any(isinstance(e, dict) and "ParticipantId" in e for e in transcript[:50])


@register_reader("contact_lens")
class ContactLensReader(Reader):
    suffixes = (".json",)

    def sniff(self, source: Source) -> float:
        text = source.text
        shape = json_shape(source)
        if shape is not None:
            return 0.95 if is_contact_lens(shape) else 0.0
        if not json_head_has(text, "Transcript"):
            return 0.0
        if json_head_has(text, "CustomerMetadata") or json_head_has(text, "ParticipantId"):
            return 0.95
        return 0.0

    def read(self, source: Source, options: IngestOptions) -> Iterator[Conversation | Rejected]:
        document = parsed_document(source)
        if not isinstance(document, dict) or not isinstance(document.get("Transcript"), list):
            raise IngestError(source.name, "not a Contact Lens output (no 'Transcript' list)")
        customer = as_dict(document.get("CustomerMetadata"))
        metadata: dict[str, Any] = {}
        for key, name in (("ContactId", "contact_id"), ("InstanceId", "instance_id"), ("InputS3Uri", "input_s3_uri")):
            if customer.get(key):
                metadata[name] = str(customer[key])[:300]
        conversation_id = str(customer.get("ContactId") or source.path.stem)
        roles = {
            str(p.get("ParticipantId")): str(p.get("ParticipantRole") or p.get("ParticipantId"))
            for p in document.get("Participants") or []
            if isinstance(p, dict) and p.get("ParticipantId")
        }

        def label_of(entry: dict[str, Any]) -> str:
            if entry.get("ParticipantRole"):
                return str(entry["ParticipantRole"])
            participant = str(entry.get("ParticipantId") or "unknown")
            return roles.get(participant, participant)

        yield analytics_conversation(document, conversation_id, label_of, options, metadata)
