"""Amazon Transcribe Call Analytics (post-call) output JSON.

Shape (AWS docs: "Post-call analytics output"): `JobName`, `AccountId`, `JobStatus`,
`Channel`, `LanguageCode`, `Participants[{ParticipantRole}]`, `Transcript[{ParticipantRole
AGENT/CUSTOMER, Id, Content, BeginOffsetMillis, EndOffsetMillis, Sentiment, LoudnessScores,
IssuesDetected, OutcomesDetected, ActionItemsDetected}]`, `Categories{MatchedCategories,
MatchedDetails}`, `ConversationCharacteristics`, `ContentMetadata`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cxmaturity.ingest.errors import IngestError
from cxmaturity.ingest.formats._aws_analytics import analytics_conversation
from cxmaturity.ingest.formats.contact_lens import is_contact_lens
from cxmaturity.ingest.jsondocs import json_head_has, json_shape, parsed_document
from cxmaturity.ingest.options import IngestOptions
from cxmaturity.ingest.registry import Reader, register_reader
from cxmaturity.ingest.source import Source
from cxmaturity.model import Conversation, Rejected


@register_reader("transcribe_call_analytics")
class CallAnalyticsReader(Reader):
    suffixes = (".json",)

    def sniff(self, source: Source) -> float:
        text = source.text
        shape = json_shape(source)
        if shape is not None:
            transcript = shape.get("Transcript")
            if not isinstance(transcript, list) or is_contact_lens(shape):
                return 0.0
            if any(isinstance(e, dict) and "ParticipantRole" in e for e in transcript[:50]):
                return 0.9
            return 0.5 if "JobName" in shape else 0.0
        if not json_head_has(text, "Transcript") or json_head_has(text, "CustomerMetadata"):
            return 0.0
        if json_head_has(text, "ParticipantRole") and not json_head_has(text, "ParticipantId"):
            return 0.9 if json_head_has(text, "JobName") or json_head_has(text, "JobStatus") else 0.8
        return 0.0

    def read(self, source: Source, options: IngestOptions) -> Iterator[Conversation | Rejected]:
        document = parsed_document(source)
        if not isinstance(document, dict) or not isinstance(document.get("Transcript"), list):
            raise IngestError(source.name, "not a Call Analytics output (no 'Transcript' list)")
        metadata: dict[str, Any] = {}
        if document.get("JobName"):
            metadata["job_name"] = str(document["JobName"])[:200]
        conversation_id = str(document.get("JobName") or source.path.stem)

        def label_of(entry: dict[str, Any]) -> str:
            return str(entry.get("ParticipantRole") or "unknown")

        yield analytics_conversation(document, conversation_id, label_of, options, metadata)
