"""The canonical conversation shape every reader produces and every stage passes on.

Mirrors the canonical JSONL of the contract. Stages annotate conversations in place:
turn-level fields (`sentiment`, `sentiment_score`, `pii_types`) live on `Turn`,
call-level results (signals, intent, predictions) in `Conversation.call`, keyed by the
column name they get in `calls.parquet`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SPEAKERS = ("agent", "customer", "bot", "ivr", "system", "unknown")
# Self-service speakers: a bot or IVR turn means the contact met automation (containment, has_bot).
AUTOMATED_SPEAKERS = frozenset({"bot", "ivr"})
# Speakers who talk for the business: their "sorry" and "I understand" are courtesy, not distress.
SERVICE_SPEAKERS = frozenset({"agent"}) | AUTOMATED_SPEAKERS
CHANNELS = ("voice", "chat", "email", "sms", "social", "other")
DIRECTIONS = ("inbound", "outbound")


@dataclass(slots=True)
class Turn:
    speaker: str
    text: str
    start: float | None = None
    end: float | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    # Annotations filled by stages.
    sentiment: str | None = None
    sentiment_score: float | None = None
    pii_types: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.speaker not in SPEAKERS:
            raise ValueError(f"unknown speaker role {self.speaker!r}; expected one of {SPEAKERS}")


# What stages leave on a `Conversation` for later stages (the classify stage's turn embeddings, the
# signals stage's phrase matches): never written to outputs, never sent between processes.
WORKING_FIELDS = ("turn_embeddings", "turn_features", "turn_phrase_matches")


@dataclass(slots=True)
class Conversation:
    conversation_id: str
    turns: list[Turn]
    channel: str | None = None
    started_at: str | None = None  # ISO 8601, UTC where the source says so
    customer_id: str | None = None
    agent_id: str | None = None
    queue: str | None = None
    direction: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    # Provenance, set by ingest.
    source_file: str | None = None
    source_format: str | None = None
    # What the source export already carried (e.g. "sentiment", "categories", "qa_score",
    # "redaction"): evidence that analytics/QA/redaction run upstream of us. Names come from
    # the closed vocabulary of `ingest/annotations.py`; `annotation_fields` says which export
    # fields each came from ({"qa_score": ["metadata.QA Score"]}).
    source_annotations: list[str] = field(default_factory=list)
    annotation_fields: dict[str, list[str]] = field(default_factory=dict)
    # Set True only by the redact stage once every turn's text is redacted.
    redacted: bool = False
    # Call-level results keyed by calls.parquet column name.
    call: dict[str, Any] = field(default_factory=dict)
    # Sentence embeddings of the turns (numpy array, one row per turn) from the classify
    # stage's single encoder pass, for later stages to reuse. Never written to outputs.
    turn_embeddings: Any = None
    # The same pass's richer view of each turn (mean-pooled upper layers, concatenated: what the
    # heads read), for the signals turn model. Never written to outputs.
    turn_features: Any = None
    # The signals stage's phrase matches: (phrase file, the names of the lists matching each turn),
    # so a later stage reading the same file (predict's CSAT features) needs no second spaCy pass.
    # Never written to outputs.
    turn_phrase_matches: tuple[str, list[frozenset[str]]] | None = None

    def drop_working_state(self) -> None:
        """Forget what stages computed for each other (`WORKING_FIELDS`): not outputs, and large to send
        back from a worker process."""
        for name in WORKING_FIELDS:
            setattr(self, name, None)

    def __post_init__(self) -> None:
        if self.channel is not None and self.channel not in CHANNELS:
            raise ValueError(f"unknown channel {self.channel!r}; expected one of {CHANNELS}")
        if self.direction is not None and self.direction not in DIRECTIONS:
            raise ValueError(f"unknown direction {self.direction!r}; expected one of {DIRECTIONS}")

    def to_canonical(self) -> dict[str, Any]:
        """The contract's canonical JSON object (annotations left out)."""
        return {
            "conversation_id": self.conversation_id,
            "channel": self.channel,
            "started_at": self.started_at,
            "customer_id": self.customer_id,
            "agent_id": self.agent_id,
            "queue": self.queue,
            "direction": self.direction,
            "turns": [
                {"speaker": t.speaker, "text": t.text, "start": t.start, "end": t.end}
                | ({"metadata": t.metadata} if t.metadata else {})
                for t in self.turns
            ],
            "metadata": self.metadata,
        }


@dataclass(slots=True, frozen=True)
class Rejected:
    """A record a reader or stage could not accept; the manifest lists every one.

    `reason` must never quote transcript text: it may carry raw PII.
    """

    source_file: str
    reason: str
    conversation_id: str | None = None
    location: str | None = None  # e.g. "line 7", "record 3"
    stage: str = "ingest"
