"""The `repeat_contacts` corpus stage: did the same customer contact us again within 7 days?

Runs once over `calls.parquet` because it needs every call of a customer. A call is a repeat
contact when the same customer has another contact within `window_days` before or after it.
A call without a customer id or a start time cannot be judged: its flag stays null (unknown),
never False. This stage writes the repeat-contact columns only; churn risk, which reads them, is
scored afterwards by the `churn` corpus stage (`predict/churn_stage.py`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cxmaturity.errors import ConfigError
from cxmaturity.pipeline.stage import Corpus, CorpusStage


def repeat_contact_columns(calls: pd.DataFrame, window_days: float = 7.0) -> pd.DataFrame:
    """`repeat_contact_7d` (nullable bool) and `contacts_by_customer_7d` (nullable int) per call.

    `contacts_by_customer_7d` counts this customer's contacts within the window around the call,
    the call itself included.
    """
    n = len(calls)
    repeat = pd.array([pd.NA] * n, dtype="boolean")
    counts = pd.array([pd.NA] * n, dtype="Int64")
    if n and "customer_id" in calls and "started_at" in calls:
        started = pd.to_datetime(calls["started_at"], errors="coerce", utc=True, format="mixed")
        known = calls["customer_id"].notna() & started.notna()
        window = np.timedelta64(int(window_days * 86400), "s")
        frame = pd.DataFrame({"customer": calls["customer_id"].astype("string"), "t": started, "pos": np.arange(n)})[
            known
        ]
        for _, group in frame.groupby("customer", sort=False):
            times = group["t"].to_numpy(dtype="datetime64[ns]")
            order = np.argsort(times, kind="stable")
            sorted_times = times[order]
            low = np.searchsorted(sorted_times, sorted_times - window, side="left")
            high = np.searchsorted(sorted_times, sorted_times + window, side="right")
            within = high - low
            positions = group["pos"].to_numpy()[order]
            for pos, count in zip(positions, within, strict=True):
                counts[pos] = int(count)
                repeat[pos] = bool(count > 1)
    return pd.DataFrame({"repeat_contact_7d": repeat, "contacts_by_customer_7d": counts}, index=calls.index)


class RepeatContactsStage(CorpusStage):
    """Adds the repeat-contact columns to `calls.parquet` (config: `window_days`)."""

    name = "repeat_contacts"

    def __init__(self, window_days: float = 7.0, rescore_churn: bool | None = None) -> None:
        if rescore_churn is not None:
            raise ConfigError(
                "repeat_contacts.rescore_churn: churn risk is scored by the `churn` stage now; "
                "list `churn` after `repeat_contacts` in the pipeline (or leave it out for no churn risk)"
            )
        self.window_days = float(window_days)

    def __call__(self, corpus: Corpus) -> Corpus:
        calls = corpus.table("calls").copy()
        columns = repeat_contact_columns(calls, self.window_days)
        for name in columns.columns:
            calls[name] = columns[name]
        corpus.replace_table("calls", calls)
        return corpus
