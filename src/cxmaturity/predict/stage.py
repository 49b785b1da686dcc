"""The `predict` stage: `predicted_csat` and `csat_dissatisfied_proba` per call.

Runs after `classify` and `signals`: the call-level CSAT model reads the classify stage's turn
sentiment and turn embeddings (`conversation.turn_embeddings`, reused, not recomputed) and the
signals stage's call columns. A call that missed either stage is refused with a clear error
(`MissingSentimentError`, `MissingSignalsError`), which the runner turns into a rejected
conversation, rather than scored on inputs the model never saw missing. The model is loaded once
per stage from `models/csat`, hash-checked; a tampered file stops the run rather than scoring
calls with an unknown model. Churn risk is not scored here: it reads repeat contacts, which no
single call can know, so the `churn` corpus stage (`churn_stage.py`) scores it once over all calls.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from cxmaturity.errors import ConfigError
from cxmaturity.model import Conversation
from cxmaturity.pipeline.stage import ConversationStage
from cxmaturity.predict.csat import load_csat_model

# Settings this stage no longer has, and where their job went.
MOVED_SETTINGS = {
    "churn_model": "churn risk is scored by the `churn` corpus stage now; set its `model`",
    "compute_missing_signals": "list the `signals` stage before `predict` in the pipeline",
}


class PredictStage(ConversationStage):
    """Config: `csat_model` (a folder; default `models/csat`), `batch_size`."""

    name = "predict"

    def __init__(
        self,
        csat_model: str | None = None,
        batch_size: int = 256,
        churn_model: str | None = None,
        compute_missing_signals: bool | None = None,
    ) -> None:
        given = {"churn_model": churn_model, "compute_missing_signals": compute_missing_signals}
        for setting, value in given.items():
            if value is not None:
                raise ConfigError(f"predict.{setting}: no longer a setting of `predict`: {MOVED_SETTINGS[setting]}")
        self.csat = load_csat_model(Path(csat_model) if csat_model else None)
        self.batch_size = int(batch_size)

    def model_info(self) -> dict[str, Any]:
        return self.csat.info()

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
        """Score a batch; the model refuses (raises) a call that missed `signals` or `classify`."""
        prediction = self.csat.predict(batch)
        for index, conversation in enumerate(batch):
            conversation.call["predicted_csat"] = round(float(prediction.rating[index]), 4)
            conversation.call["csat_dissatisfied_proba"] = round(float(prediction.dissatisfied[index]), 4)
        return batch
