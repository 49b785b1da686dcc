"""The `predict` stage: `predicted_csat`, `csat_dissatisfied_proba` and `churn_risk` per call.

Runs after `classify` and `signals`: the call-level CSAT model reads the classify stage's turn
sentiment and turn embeddings (`conversation.turn_embeddings`, reused, not recomputed) and the
signals stage's call columns. A call that missed either stage is refused with a clear error
(`MissingSentimentError`, `MissingSignalsError`), which the runner turns into a rejected
conversation, rather than scored on inputs the model never saw missing. Models are loaded once
per stage from `models/csat` and `models/churn`, hash-checked; a tampered file stops the run
rather than scoring calls with an unknown model. Churn is rescored by the `repeat_contacts`
corpus stage once repeat contacts are known.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from cxmaturity.model import Conversation
from cxmaturity.pipeline.stage import ConversationStage
from cxmaturity.predict.churn import load_churn_model
from cxmaturity.predict.csat import load_csat_model
from cxmaturity.predict.features import MissingSignalsError


class PredictStage(ConversationStage):
    """Config: `csat_model` / `churn_model` (folders; default `models/csat`, `models/churn`),
    `batch_size`, `compute_missing_signals` (run the signals stage itself when the pipeline did not)."""

    name = "predict"

    def __init__(
        self,
        csat_model: str | None = None,
        churn_model: str | None = None,
        batch_size: int = 256,
        compute_missing_signals: bool = False,
    ) -> None:
        self.csat = load_csat_model(Path(csat_model) if csat_model else None)
        self.churn = load_churn_model(Path(churn_model) if churn_model else None)
        self.batch_size = int(batch_size)
        self._signals = None
        if compute_missing_signals:
            from cxmaturity.signals.stage import SignalsStage

            self._signals = SignalsStage()

    def model_info(self) -> dict[str, Any]:
        return {**self.csat.info(), **self.churn.info()}

    def __call__(self, conversation: Conversation) -> Conversation:
        return next(iter(self.pipe([conversation])))

    def pipe(self, conversations: Iterable[Conversation]) -> Iterator[Conversation]:
        batch: list[Conversation] = []
        for conversation in conversations:
            batch.append(conversation)
            if len(batch) >= self.batch_size:
                yield from self._predict(batch)
                batch = []
        if batch:
            yield from self._predict(batch)

    def _predict(self, batch: list[Conversation]) -> list[Conversation]:
        for conversation in batch:
            if "resolved" not in conversation.call:
                if self._signals is None:
                    raise MissingSignalsError(
                        f"conversation {conversation.conversation_id}: the pipeline must run `signals` before `predict`"
                    )
                self._signals(conversation)
        prediction = self.csat.predict(batch)
        for index, conversation in enumerate(batch):
            conversation.call["predicted_csat"] = round(float(prediction.rating[index]), 4)
            conversation.call["csat_dissatisfied_proba"] = round(float(prediction.dissatisfied[index]), 4)
        risks = self.churn.predict_proba_calls([c.call for c in batch])
        for conversation, risk in zip(batch, risks):
            conversation.call["churn_risk"] = round(float(risk), 4)
        return batch
