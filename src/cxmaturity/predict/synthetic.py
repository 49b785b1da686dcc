"""A SYNTHETIC labelled churn set, for exercising `cxm train churn --labels FILE` end to end.

No public data links contact-centre transcripts to later churn. To check that the retraining
path fits, calibrates and evaluates correctly, this draws calls whose signals are correlated
through a latent "unhappiness", and churn outcomes from a known logistic model whose weights
differ from the packaged transparent ones. Nothing measured on it says anything about real
customers; results on it are always labelled synthetic.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cxmaturity.predict.churn import CHURN_FEATURES

# The generating model (log-odds). Deliberately not the packaged weights.
TRUE_INTERCEPT = -2.6
TRUE_WEIGHTS = {
    "cancellation_mention": 2.4, "competitor_mention": 0.9, "escalation_requested": 0.5,
    "csat_dissatisfied_proba": 1.6, "negative_sentiment_end": 0.9, "unresolved": 0.7,
    "repeat_contact_7d": 1.1, "wait_complaint": 0.2, "repeat_after_transfer": 0.3, "transfers": 0.15,
}  # fmt: skip


def make_synthetic_churn_set(n: int = 4000, seed: int = 13) -> pd.DataFrame:
    """`conversation_id`, `churned` and the churn feature columns for `n` synthetic calls."""
    rng = np.random.default_rng(seed)
    unhappy = rng.normal(size=n)

    def flag(base_logit: float, slope: float) -> np.ndarray:
        return rng.random(n) < 1.0 / (1.0 + np.exp(-(base_logit + slope * unhappy)))

    frame = pd.DataFrame(
        {
            "conversation_id": [f"syn-{i:05d}" for i in range(n)],
            "cancellation_mention": flag(-2.8, 1.0),
            "competitor_mention": flag(-3.2, 0.8),
            "escalation_requested": flag(-3.0, 1.0),
            "csat_dissatisfied_proba": np.clip(rng.beta(2, 6, n) + 0.12 * unhappy, 0, 1),
            "customer_sentiment_end": np.clip(rng.normal(0.1, 0.35, n) - 0.25 * unhappy, -1, 1),
            "resolved": ~flag(-0.6, 0.9),
            "repeat_contact_7d": flag(-1.2, 0.6),
            "wait_complaint": flag(-2.2, 0.7),
            "repeat_after_transfer": flag(-3.0, 0.5),
            "transfers": rng.poisson(np.exp(-1.0 + 0.3 * unhappy)),
        }
    )
    from cxmaturity.predict.churn import call_records, churn_feature_matrix

    matrix = churn_feature_matrix(call_records(frame))
    logits = TRUE_INTERCEPT + matrix @ np.array([TRUE_WEIGHTS[name] for name in CHURN_FEATURES])
    frame["churned"] = (rng.random(n) < 1.0 / (1.0 + np.exp(-logits))).astype(int)
    return frame
