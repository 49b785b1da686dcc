"""The corpus overview: what was analysed, read from calls.parquet (and turns.parquet).

Any column may be absent when its stage was not in the pipeline; each part of the overview
then carries a note naming what is missing instead of a chart, and the report still renders.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from cxmaturity.report.formatting import NA, as_float, fmt_number

TOP_CATEGORIES = 12
CHURN_LIST_SIZE = 15
CHURN_HIGH_RISK = 0.5
TRAJECTORIES = ["improved", "flat", "worsened"]
CSAT_BINS = [1, 2, 3, 4, 5]


@dataclass
class Part:
    """One block of the overview: data when its columns exist, a note saying what is missing otherwise."""

    available: bool
    note: str | None = None
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class CitedConversation:
    conversation_id: str
    anchor: str
    cells: dict[str, str]


@dataclass
class CorpusView:
    conversations: str
    turns: str
    date_range: str
    channels: Part
    queues: Part
    days: Part
    sentiment: Part
    intents: Part
    csat: Part
    churn: Part
    pii: Part
    characteristics: Part
    categories: Part
    scorecard: Part
    cited: list[CitedConversation]
    cited_columns: list[str]


def _missing(table_name: str, columns: list[str], stage: str) -> Part:
    names = ", ".join(f"`{column}`" for column in columns)
    return Part(
        False,
        f"Not available: {table_name} has no {names} column (the `{stage}` stage was not in "
        f"this run's pipeline, or it wrote nothing).",
    )


def _no_table(table_name: str) -> Part:
    return Part(False, f"Not available: this run has no {table_name}.parquet.")


def _counts(series, top: int = TOP_CATEGORIES) -> list[tuple[str, int]]:
    counter = Counter("unknown" if value is None or value != value else str(value) for value in series)
    ranked = counter.most_common()
    if len(ranked) > top:
        rest = sum(count for _, count in ranked[top - 1 :])
        ranked = ranked[: top - 1] + [("other", rest)]
    return ranked


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    try:
        return list(value)
    except TypeError:
        return []


def _channel_part(calls) -> Part:
    if calls is None:
        return _no_table("calls")
    if "channel" not in calls.columns:
        return _missing("calls", ["channel"], "ingest")
    return Part(True, data={"counts": _counts(calls["channel"])})


def _queue_part(calls) -> Part:
    if calls is None:
        return _no_table("calls")
    if "queue" not in calls.columns or calls["queue"].isna().all():
        return Part(False, "Not available: the exports carried no queue names.")
    return Part(True, data={"counts": _counts(calls["queue"])})


def _started(calls):
    import pandas as pd

    return pd.to_datetime(calls["started_at"], utc=True, errors="coerce", format="mixed")


def _day_part(calls) -> Part:
    if calls is None:
        return _no_table("calls")
    if "started_at" not in calls.columns:
        return _missing("calls", ["started_at"], "ingest")
    started = _started(calls)
    if started.notna().sum() == 0:
        return Part(False, "Not available: no conversation carried a start time.")
    frame = calls.assign(_day=started.dt.strftime("%Y-%m-%d"))
    frame = frame[frame["_day"].notna()]
    channel = frame["channel"].fillna("unknown").astype(str) if "channel" in frame.columns else "all"
    frame = frame.assign(_channel=channel)
    series = []
    for day, group in sorted(frame.groupby("_day"), key=lambda pair: pair[0]):
        series.append((str(day), dict(Counter(group["_channel"]))))
    undated = int(started.isna().sum())
    mean_by_day = []
    if "sentiment_mean" in frame.columns:
        for day, group in sorted(frame.groupby("_day"), key=lambda pair: pair[0]):
            values = _numbers(group["sentiment_mean"])
            if values:
                mean_by_day.append((str(day), sum(values) / len(values)))
    return Part(True, data={"series": series, "undated": undated, "sentiment_by_day": mean_by_day})


def _numbers(values: Any) -> list[float]:
    """The numeric values of a column, missing and non-numeric ones left out."""
    return [number for number in map(as_float, values) if number is not None]


def _sentiment_part(calls) -> Part:
    if calls is None:
        return _no_table("calls")
    if "customer_sentiment_trajectory" not in calls.columns:
        return _missing("calls", ["customer_sentiment_trajectory"], "classify")
    counts = Counter(str(value) for value in calls["customer_sentiment_trajectory"] if isinstance(value, str))
    ordered = [(name, counts.get(name, 0)) for name in TRAJECTORIES]
    ordered += [(name, count) for name, count in counts.items() if name not in TRAJECTORIES]
    means = []
    for column, label in (
        ("sentiment_start", "start"),
        ("sentiment_end", "end"),
        ("sentiment_mean", "whole conversation"),
    ):
        if column in calls.columns:
            values = _numbers(calls[column])
            if values:
                means.append((label, f"{sum(values) / len(values):+.2f}"))
    return Part(True, data={"trajectory": ordered, "total": sum(counts.values()), "means": means})


def _intent_part(calls) -> Part:
    if calls is None:
        return _no_table("calls")
    if "intent" not in calls.columns:
        return _missing("calls", ["intent"], "classify")
    return Part(True, data={"counts": _counts(calls["intent"])})


def _csat_part(calls) -> Part:
    if calls is None:
        return _no_table("calls")
    if "predicted_csat" not in calls.columns:
        return _missing("calls", ["predicted_csat"], "predict")
    values = [min(max(value, 1.0), 5.0) for value in _numbers(calls["predicted_csat"])]
    if not values:
        return Part(False, "Not available: no conversation has a predicted CSAT.")
    bins = Counter(int(round(value)) for value in values)
    dissatisfied = sum(1 for value in values if value < 2.5)
    return Part(
        True,
        data={
            "bins": [(f"{score}", bins.get(score, 0)) for score in CSAT_BINS],
            "mean": fmt_number(sum(values) / len(values)),
            "dissatisfied_share": f"{dissatisfied / len(values):.0%}",
            "scored": len(values),
        },
    )


def _churn_part(calls) -> Part:
    if calls is None:
        return _no_table("calls")
    if "churn_risk" not in calls.columns:
        return _missing("calls", ["churn_risk"], "churn")
    scored = [
        (str(cid), risk)
        for cid, risk in zip(calls["conversation_id"], map(as_float, calls["churn_risk"]), strict=True)
        if risk is not None
    ]
    if not scored:
        return Part(False, "Not available: no conversation has a churn-risk score.")
    scored.sort(key=lambda pair: (-pair[1], pair[0]))
    high = [pair for pair in scored if pair[1] >= CHURN_HIGH_RISK]
    rows = [{"conversation_id": cid, "risk": f"{risk:.2f}"} for cid, risk in high[:CHURN_LIST_SIZE]]
    return Part(
        True, data={"rows": rows, "high_count": len(high), "scored": len(scored), "threshold": f"{CHURN_HIGH_RISK:.2f}"}
    )


def _pii_part(calls) -> Part:
    if calls is None:
        return _no_table("calls")
    if "pii_types" not in calls.columns and "pii_found" not in calls.columns:
        return _missing("calls", ["pii_types", "pii_found"], "redact")
    by_type: Counter[str] = Counter()
    if "pii_types" in calls.columns:
        for value in calls["pii_types"]:
            for entity in set(str(item) for item in _as_list(value)):
                by_type[entity] += 1
    total = None
    with_pii = None
    if "pii_found" in calls.columns:
        counts = _numbers(calls["pii_found"])
        total = int(sum(counts))
        with_pii = sum(1 for value in counts if value > 0)
    redacted_upstream = None
    if "source_redacted" in calls.columns:
        redacted_upstream = int(sum(bool(value) for value in calls["source_redacted"] if value is not None))
    return Part(
        True,
        data={
            "by_type": by_type.most_common(),
            "total": fmt_number(total),
            "conversations_with_pii": fmt_number(with_pii),
            "source_redacted": fmt_number(redacted_upstream),
        },
    )


# Characters of a category's example quote shown in the report.
CATEGORY_QUOTE_CHARS = 200


def _categories_part(calls, turns) -> Part:
    """The user's categories: calls matched, share, and one redacted quote of a triggering turn each."""
    if calls is None:
        return _no_table("calls")
    if "categories" not in calls.columns:
        return _missing("calls", ["categories"], "categories")
    counts: Counter[str] = Counter()
    first_hit: dict[str, tuple[str, int]] = {}
    has_turns = "category_turns" in calls.columns
    for _, row in calls.iterrows():
        names = [str(name) for name in _as_list(row["categories"])]
        counts.update(names)
        if not has_turns:
            continue
        try:
            turns_of = json.loads(row["category_turns"] or "{}")
        except (TypeError, ValueError):
            continue
        for name in names:
            if name not in first_hit or (first_hit[name][1] < 0 and turns_of.get(name)):
                turn = int(turns_of[name][0]) if turns_of.get(name) else -1  # signal-only rules cite the call
                first_hit[name] = (str(row["conversation_id"]), turn)
    quotes = _turn_texts(turns, set(first_hit.values()))
    total = len(calls)
    rows = [
        {
            "name": name,
            "calls": fmt_number(count),
            "share": f"{100 * count / total:.1f}%" if total else NA,
            "example": (quotes.get(first_hit.get(name, ("", -1))) or "")[:CATEGORY_QUOTE_CHARS],
            "conversation_id": first_hit.get(name, ("", -1))[0],
        }
        for name, count in counts.most_common()
    ]
    return Part(True, data={"rows": rows, "total": fmt_number(total)})


def agent_pseudonym(agent_id: str, key: bytes) -> str:
    """`agent-3f9a1c20`: a keyed hash, so the id cannot be recovered by hashing a list of staff ids."""
    return "agent-" + hmac.new(key, agent_id.encode("utf-8"), hashlib.sha256).hexdigest()[:8]


def _agent_rows(calls, pseudonym_key: bytes | None) -> list[dict[str, str]]:
    """Per-agent scored calls and mean score, agents pseudonymised unless `pseudonym_key` is None."""
    if "agent_id" not in calls.columns or "scorecard_score" not in calls.columns:
        return []
    scores: dict[str, list[float]] = {}
    for agent, score in zip(calls["agent_id"], calls["scorecard_score"], strict=True):
        value = as_float(score)
        if agent is None or agent != agent or value is None:
            continue
        name = agent_pseudonym(str(agent), pseudonym_key) if pseudonym_key is not None else str(agent)
        scores.setdefault(name, []).append(value)
    return [
        {"agent": name, "calls": fmt_number(len(values)), "mean_score": f"{sum(values) / len(values):.1f}"}
        for name, values in sorted(scores.items(), key=lambda item: -len(item[1]))
    ]


def _scorecard_part(calls, turns=None, per_agent: bool = False, pseudonym_key: bytes | None = b"") -> Part:
    """QA scorecard: pass rate per question (passed / applicable), overall and by queue. Per agent only when
    asked (`per_agent`), and then with pseudonymised ids unless `pseudonym_key` is None."""
    if calls is None:
        return _no_table("calls")
    if "scorecard_answers" not in calls.columns:
        return _missing("calls", ["scorecard_answers"], "scorecard")
    tallies: dict[str, dict[str, Counter[str]]] = {}  # question -> queue ("all" too) -> result counts
    passed_at: dict[str, tuple[str, int]] = {}  # question -> the first pass with an evidence turn
    failed_in: dict[str, str] = {}  # question -> the first call that failed it
    queues = calls["queue"] if "queue" in calls.columns else [None] * len(calls)
    for raw, queue, conversation in zip(calls["scorecard_answers"], queues, calls["conversation_id"], strict=True):
        try:
            answers = json.loads(raw or "{}")
        except (TypeError, ValueError):
            continue
        for question, result in answers.items():
            outcome = str(result.get("result")) if isinstance(result, dict) else ""
            evidence = result.get("turns") if isinstance(result, dict) else None
            if outcome == "pass" and evidence and question not in passed_at:
                passed_at[question] = (str(conversation), int(evidence[0]))
            if outcome == "fail":
                failed_in.setdefault(question, str(conversation))
            by_queue = tallies.setdefault(question, {})
            for key in ("all", None if queue is None or queue != queue else str(queue)):
                if key is not None:
                    by_queue.setdefault(key, Counter())[outcome] += 1
    queue_names = [name for name, _ in _counts(calls["queue"].dropna())] if "queue" in calls.columns else []
    queue_names = [name for name in queue_names if name != "other"][:6]

    def rate(counter: Counter[str] | None) -> str:
        if not counter or counter["pass"] + counter["fail"] == 0:
            return NA
        return f"{100 * counter['pass'] / (counter['pass'] + counter['fail']):.0f}%"

    quotes = _turn_texts(turns, set(passed_at.values()))
    rows = [
        {
            "question": question,
            "pass_rate": rate(by_queue.get("all")),
            "applicable": fmt_number(by_queue["all"]["pass"] + by_queue["all"]["fail"]),
            "not_applicable": fmt_number(by_queue["all"]["na"]),
            "by_queue": [rate(by_queue.get(name)) for name in queue_names],
            "passed_quote": (quotes.get(passed_at.get(question, ("", -1))) or "")[:CATEGORY_QUOTE_CHARS],
            "passed_in": passed_at.get(question, ("", -1))[0],
            "failed_in": failed_in.get(question, ""),
        }
        for question, by_queue in tallies.items()
    ]
    scores = _numbers(calls["scorecard_score"]) if "scorecard_score" in calls.columns else []
    mean = f"{sum(scores) / len(scores):.1f}" if scores else NA
    by_agent = _agent_rows(calls, pseudonym_key) if per_agent else []
    return Part(
        True,
        data={
            "rows": rows,
            "queues": queue_names,
            "mean_score": mean,
            "scored": fmt_number(len(scores)),
            "by_agent": by_agent,
            "pseudonymised": pseudonym_key is not None,
        },
    )


def _turn_texts(turns, wanted: set[tuple[str, int]]) -> dict[tuple[str, int], str]:
    """Redacted text of the (conversation, turn) pairs wanted, from turns.parquet."""
    if turns is None or not wanted or not {"conversation_id", "turn_index", "text"} <= set(turns.columns):
        return {}
    ids = {conversation for conversation, _ in wanted}
    subset = turns[turns["conversation_id"].astype(str).isin(ids)]
    return {
        (str(row.conversation_id), int(row.turn_index)): str(row.text)
        for row in subset.itertuples()
        if (str(row.conversation_id), int(row.turn_index)) in wanted and row.text
    }


# (column, label, format) of the characteristics table; medians over the conversations that have them.
CHARACTERISTICS = [
    ("agent_talk_s", "Agent talk time", "{:.0f} s"),
    ("customer_talk_s", "Customer talk time", "{:.0f} s"),
    ("automated_talk_s", "IVR / bot talk time", "{:.0f} s"),
    ("non_talk_s", "Non-talk time", "{:.0f} s"),
    ("agent_interruptions", "Agent interruptions", "{:.0f}"),
    ("customer_interruptions", "Customer interruptions", "{:.0f}"),
    ("agent_wpm", "Agent words per minute", "{:.0f}"),
    ("customer_wpm", "Customer words per minute", "{:.0f}"),
    ("first_response_s", "First response (messaging)", "{:.0f} s"),
    ("mean_response_s", "Mean response (messaging)", "{:.0f} s"),
    ("sentiment_q1", "Customer sentiment, first quarter", "{:+.2f}"),
    ("sentiment_q4", "Customer sentiment, last quarter", "{:+.2f}"),
    ("sentiment_change", "Customer sentiment change", "{:+.2f}"),
]


def _characteristics_part(calls) -> Part:
    """Median of each characteristic over the conversations that have it (they need timestamps)."""
    if calls is None:
        return _no_table("calls")
    present = [(c, label, fmt) for c, label, fmt in CHARACTERISTICS if c in calls.columns]
    if not present:
        return _missing("calls", ["agent_talk_s"], "signals")
    rows = []
    for column, label, fmt in present:
        values = [v for v in (as_float(x) for x in calls[column]) if v is not None]
        if values:
            rows.append({"label": label, "median": fmt.format(statistics.median(values)), "n": fmt_number(len(values))})
    if not rows:
        return Part(
            False,
            "Not available: no conversation carried timestamps, so talk time, non-talk time, "
            "interruptions, pace, response times and sentiment by quarter are unknown (not zero).",
        )
    return Part(True, data={"rows": rows, "total": fmt_number(len(calls))})


CITED_COLUMNS = [
    ("channel", "Channel"),
    ("queue", "Queue"),
    ("started_at", "Started"),
    ("intent", "Intent"),
    ("predicted_csat", "Pred. CSAT"),
    ("churn_risk", "Churn risk"),
    ("source_file", "Source file"),
]


def _cited(calls, cited_ids: list[str]) -> tuple[list[CitedConversation], list[str]]:
    from cxmaturity.report.evidence_view import conversation_anchor

    columns = [(column, label) for column, label in CITED_COLUMNS if calls is not None and column in calls.columns]
    rows_by_id: dict[str, dict[str, Any]] = {}
    if calls is not None and "conversation_id" in calls.columns:
        wanted = set(cited_ids)
        for record in calls[calls["conversation_id"].astype(str).isin(wanted)].to_dict("records"):
            rows_by_id[str(record["conversation_id"])] = record
    cited = []
    for conversation_id in cited_ids:
        record = rows_by_id.get(conversation_id, {})
        cells = {label: fmt_number(record.get(column)) for column, label in columns}
        cited.append(CitedConversation(conversation_id, conversation_anchor(conversation_id), cells))
    return cited, [label for _, label in columns]


def build_corpus_view(
    calls,
    turns,
    corpus_block: dict[str, Any] | None,
    cited_ids: list[str],
    per_agent: bool = False,
    pseudonym_key: bytes | None = b"",
) -> CorpusView:
    """The overview from the tables, falling back to evidence.json's `corpus` block for the totals.

    `per_agent` adds the scorecard per agent (off by default: scoring employees is sensitive); agents are then
    shown by keyed pseudonym, or as exported when `pseudonym_key` is None."""
    block = corpus_block if isinstance(corpus_block, dict) else {}
    conversations = len(calls) if calls is not None else block.get("conversations")
    date_range = NA
    if calls is not None and "started_at" in calls.columns:
        started = _started(calls).dropna()
        if len(started):
            date_range = f"{started.min():%Y-%m-%d} to {started.max():%Y-%m-%d}"
    elif isinstance(block.get("date_range"), list) and len(block["date_range"]) == 2:
        date_range = " to ".join(str(value)[:10] for value in block["date_range"])
    channels = _channel_part(calls)
    if not channels.available and isinstance(block.get("channels"), dict):
        channels = Part(
            True,
            data={
                "counts": sorted(
                    ((str(k), int(v)) for k, v in block["channels"].items() if as_float(v) is not None),
                    key=lambda p: -p[1],
                )
            },
        )
    cited, cited_columns = _cited(calls, cited_ids)
    return CorpusView(
        conversations=fmt_number(conversations),
        turns=fmt_number(len(turns)) if turns is not None else NA,
        date_range=date_range,
        channels=channels,
        queues=_queue_part(calls),
        days=_day_part(calls),
        sentiment=_sentiment_part(calls),
        intents=_intent_part(calls),
        csat=_csat_part(calls),
        churn=_churn_part(calls),
        pii=_pii_part(calls),
        characteristics=_characteristics_part(calls),
        categories=_categories_part(calls, turns),
        scorecard=_scorecard_part(calls, turns, per_agent, pseudonym_key),
        cited=cited,
        cited_columns=cited_columns,
    )
