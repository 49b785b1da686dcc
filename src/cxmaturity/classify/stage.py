"""The `classify` conversation stage: one encoder pass over every turn, two heads on its output.

`pipe` gathers turns across several conversations into one length-sorted batch run, so short
chat conversations still fill encoder batches. Every spoken or typed turn (customer, agent, bot,
IVR, unknown) gets `sentiment` and `sentiment_score`; `system` turns (transfer/hold events,
disposition lines written by the platform, not by a person or a bot) and empty turns get None,
so they cannot dilute a call's mean. Call-level columns follow docs/architecture.md.

The heads are loaded (and hash-checked) by each stage instance and held on it: the runner, its
process pool and the Ray actors build one stage per worker. Only the encoder, which holds no text,
is shared per process (`encoder.get_encoder`). `precision` (auto, fp32, bf16) is resolved once per stage
and recorded in the manifest's model info: with `auto` a run's embeddings, and so rarely a borderline
label, can differ between machines with and without native bfloat16 (`benchmarks/classify/PRECISION.md`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

from cxmaturity.classify.encoder import (
    DEFAULT_MAX_LENGTH,
    PRECISIONS,
    EmbeddingCache,
    get_encoder,
    resolve_precision,
)
from cxmaturity.classify.intent import INTENT_MODEL_DIR, INTENT_MODEL_FILE, IntentClassifier
from cxmaturity.classify.sentiment import (
    SENTIMENT_BRANCH_FILE,
    SENTIMENT_MODEL_DIR,
    SENTIMENT_MODEL_FILE,
    SentimentClassifier,
    edge_mean,
    trajectory,
)
from cxmaturity.classify.taxonomy import Taxonomy, load_taxonomy
from cxmaturity.digest_cache import checked_size
from cxmaturity.errors import ConfigError
from cxmaturity.model import Conversation
from cxmaturity.pipeline.stage import ConversationStage

UNSCORED_SPEAKERS = frozenset({"system"})
# The encoder's position embeddings end here (MiniLM-L6: 512 tokens).
MAX_ENCODER_LENGTH = 512


def _check_counts(**counts: object) -> None:
    """Each of the stage's sizes is a whole number of at least 1; a `ConfigError` names the one that is not."""
    for name, value in counts.items():
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"classify.{name}: expected a whole number, got {type(value).__name__} {value!r}")
        if value < 1:
            raise ConfigError(f"classify.{name}: must be >= 1, got {value}")


def _load_taxonomy(path: str | None) -> Taxonomy:
    """The taxonomy the stage maps fine intents with; a bad or missing file is a config error naming the field."""
    try:
        return load_taxonomy(path)
    except ConfigError as exc:
        raise ConfigError(f"classify.taxonomy: {exc}") from None


class ClassifyStage(ConversationStage):
    """Turn sentiment, call sentiment summaries and the call's contact reason."""

    name = "classify"

    def __init__(
        self,
        models_dir: str | None = None,
        taxonomy: str | None = None,
        batch_size: int = 32,
        max_length: int = DEFAULT_MAX_LENGTH,
        intent_turns: int = 8,
        turns_per_run: int = 512,
        cached_texts: int = 20_000,
        precision: str = "auto",
    ) -> None:
        from cxmaturity.modelstore import models_dir as default_models_dir

        _check_counts(
            batch_size=batch_size, max_length=max_length, intent_turns=intent_turns, turns_per_run=turns_per_run
        )
        cached_texts = checked_size(cached_texts, "classify.cached_texts")
        if max_length > MAX_ENCODER_LENGTH:
            raise ConfigError(f"classify.max_length: at most {MAX_ENCODER_LENGTH} tokens, got {max_length}")
        try:
            # Resolved once: this worker's answers (and its cache) come from one arithmetic all run.
            resolved_precision = resolve_precision(precision)
        except ValueError:
            raise ConfigError(f"classify.precision: one of {', '.join(PRECISIONS)}, got {precision!r}") from None
        if models_dir is not None and not Path(models_dir).is_dir():
            raise ConfigError(f"classify.models_dir: no such directory: {models_dir}")
        self.models_dir = Path(models_dir) if models_dir else default_models_dir()
        self.taxonomy = taxonomy
        self.batch_size = batch_size
        self.max_length = max_length
        self.intent_turns = intent_turns
        self.turns_per_run = turns_per_run
        self.cached_texts = cached_texts
        self.precision = resolved_precision
        # Vectors of the texts this worker has encoded, by digest: repeated lines are encoded once per run.
        self.cache = EmbeddingCache(cached_texts) if cached_texts else None
        loaded_taxonomy = _load_taxonomy(taxonomy)
        self.encoder = get_encoder(max_length)
        self.sentiment = SentimentClassifier.load(self.models_dir)
        self.intent = IntentClassifier.load(self.models_dir, loaded_taxonomy)

    def __call__(self, conversation: Conversation) -> Conversation:
        return next(iter(self.pipe([conversation])))

    def pipe(self, conversations: Iterable[Conversation]) -> Iterator[Conversation]:
        """Batch turns across conversations; yields every conversation, in order."""
        pending: list[Conversation] = []
        n_turns = 0
        for conversation in conversations:
            pending.append(conversation)
            n_turns += len(conversation.turns)
            if n_turns >= self.turns_per_run:
                yield from self._classify(pending)
                pending, n_turns = [], 0
        if pending:
            yield from self._classify(pending)

    def _classify(self, conversations: list[Conversation]) -> list[Conversation]:
        positions: list[tuple[int, int]] = []  # (conversation, turn) of each scored turn
        texts: list[str] = []
        speakers: list[str] = []
        for c, conversation in enumerate(conversations):
            for t, turn in enumerate(conversation.turns):
                if turn.speaker in UNSCORED_SPEAKERS or not (turn.text or "").strip():
                    turn.sentiment, turn.sentiment_score = None, None
                    continue
                positions.append((c, t))
                texts.append(turn.text)
                speakers.append(turn.speaker)
        encoded = self.encoder.encode(
            texts,
            batch_size=self.batch_size,
            branches=self.sentiment.branches,
            cache=self.cache,
            precision=self.precision,
        )
        # A (text, speaker) pair has one encoding, so it is scored once: scripted lines and "yes" recur all run.
        first_of: dict[tuple[str, str], int] = {}
        source = [first_of.setdefault(pair, row) for row, pair in enumerate(zip(texts, speakers, strict=True))]
        distinct = list(first_of.values())
        scored = self.sentiment.classify(
            [texts[i] for i in distinct], self.sentiment.head.select(encoded)[distinct], [speakers[i] for i in distinct]
        )
        by_row = dict(zip(distinct, scored, strict=True))
        sentiments = [by_row[row] for row in source]
        row_of: dict[tuple[int, int], int] = {}
        for row, ((c, t), result) in enumerate(zip(positions, sentiments, strict=True)):
            turn = conversations[c].turns[t]
            turn.sentiment, turn.sentiment_score = result.label, result.score
            row_of[(c, t)] = row
        intent_view = self.intent.head.select(encoded)  # once per run, not per conversation
        for c, conversation in enumerate(conversations):
            self._call_columns(conversation, c, row_of, texts, intent_view, encoded.sentence)
            conversation.turn_embeddings = self._turn_matrix(conversation, c, row_of, encoded.sentence)
            conversation.turn_features = self._turn_matrix(conversation, c, row_of, encoded.features)
        return conversations

    @staticmethod
    def _turn_matrix(
        conversation: Conversation, c: int, row_of: dict[tuple[int, int], int], vectors: np.ndarray
    ) -> np.ndarray:
        """One of this pass's views (sentence vectors or head features), one row per turn (zeros for
        unscored turns), for later stages (signals, predict) to reuse instead of encoding the text again."""
        matrix = np.zeros((len(conversation.turns), vectors.shape[1]), dtype=np.float32)
        for t in range(len(conversation.turns)):
            row = row_of.get((c, t))
            if row is not None:
                matrix[t] = vectors[row]
        return matrix

    def _call_columns(
        self,
        conversation: Conversation,
        c: int,
        row_of: dict[tuple[int, int], int],
        texts: list[str],
        intent_view: np.ndarray,
        sentence: np.ndarray,
    ) -> None:
        scored = [
            (t, turn, turn.sentiment_score)
            for t, turn in enumerate(conversation.turns)
            if turn.sentiment_score is not None
        ]
        scores = [score for _, _, score in scored]
        customer = [score for _, turn, score in scored if turn.speaker == "customer"]
        conversation.call["sentiment_start"] = edge_mean(scores, at_end=False)
        conversation.call["sentiment_end"] = edge_mean(scores, at_end=True)
        conversation.call["sentiment_mean"] = round(float(np.mean(scores)), 4) if scores else None
        conversation.call["customer_sentiment_start"] = edge_mean(customer, at_end=False)
        conversation.call["customer_sentiment_end"] = edge_mean(customer, at_end=True)
        conversation.call["customer_sentiment_trajectory"] = trajectory(customer)

        opening_turns = [t for t, turn, _ in scored if turn.speaker == "customer"][: self.intent_turns]
        if not opening_turns:  # no labelled customer: exports without roles still state their reason somewhere
            opening_turns = [t for t, turn, _ in scored if turn.speaker == "unknown"][: self.intent_turns]
        opening = [row_of[(c, t)] for t in opening_turns]
        result = self.intent.call_intent(
            [texts[r] for r in opening], intent_view[opening] if opening else intent_view[:0]
        )
        conversation.call["intent"] = result.intent
        conversation.call["intent_fine"] = result.intent_fine
        conversation.call["intent_confidence"] = round(result.confidence, 4)
        # The turn that states the reason and this pass's vector of it, for the `topics` corpus stage
        # (working data: that stage drops `reason_embedding` from calls.parquet once it has clustered).
        carrier = result.reason_index
        conversation.call["reason_turn"] = opening_turns[carrier] if carrier is not None else None
        conversation.call["reason_embedding"] = sentence[opening[carrier]].copy() if carrier is not None else None

    def model_info(self) -> dict[str, Any]:
        from cxmaturity.modelstore import read_meta

        info: dict[str, Any] = {"encoder": {**self.encoder.info(), "precision": self.precision}}
        for name, folder, filename in (
            ("sentiment", SENTIMENT_MODEL_DIR, SENTIMENT_MODEL_FILE),
            ("intent", INTENT_MODEL_DIR, INTENT_MODEL_FILE),
        ):
            meta = read_meta(self.models_dir / folder)
            info[name] = {"file": filename, "sha256": meta["files"][filename], "command": meta.get("command")}
        if self.sentiment.branch is not None:
            meta = read_meta(self.models_dir / SENTIMENT_MODEL_DIR)
            info["sentiment"]["branch"] = {
                "file": SENTIMENT_BRANCH_FILE,
                "sha256": meta["files"][SENTIMENT_BRANCH_FILE],
            }
        info["taxonomy"] = str(self.intent.taxonomy.source)
        return info
