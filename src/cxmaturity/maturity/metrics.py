"""Named, parameterised corpus metrics over the calls/turns tables.

Every evidence rule in `evidence_rules.yaml` names one metric kind here plus its
parameters (`{metric: rate, column: survey_offered, where: {has_bot: true}}`), so adding a
rule or a framework needs only YAML. A metric never raises on a missing column: it
returns a result with `value=None` and the reason, because other pipeline stages decide
which columns a run has.

Each kind is registered by `@metric` in `cxmaturity.registries.metrics`, with the parameters its
spec must and may carry, so a misspelt parameter in YAML fails the schema check at load time.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from cxmaturity import registries
from cxmaturity.errors import ConfigError


@dataclass(frozen=True)
class Tables:
    """The two tables a metric may read; `turns` may be absent in a run."""

    calls: pd.DataFrame
    turns: pd.DataFrame | None = None


@dataclass
class MetricResult:
    """A metric's value and what it rests on.

    `n` is the number of units (conversations, or customers for per-customer metrics)
    the value is computed over, and `denominator` says in words what they are; confidence
    is derived from `n`. `structural` marks a result that cannot exist in this run at all
    (a column the run does not have), as opposed to one that merely has no data yet (n == 0).
    """

    value: float | None
    n: int
    reason: str | None = None
    denominator: str | None = None
    structural: bool = False
    positive_ids: list[str] = field(default_factory=list)
    matched_turns: dict[str, list[int]] = field(default_factory=dict)
    detail: dict[str, Any] = field(default_factory=dict)


class MetricSpecError(ConfigError):
    """A rule's metric parameters are wrong (unknown kind, unknown parameter)."""


MetricFn = Callable[[Tables, Mapping[str, Any]], MetricResult]


@dataclass(frozen=True)
class MetricKind:
    """A registered metric kind: the function, and the parameters a YAML spec must and may carry."""

    fn: MetricFn
    required: frozenset[str]
    optional: frozenset[str]


def metric(kind: str, required: tuple[str, ...] = (), optional: tuple[str, ...] = ()) -> Callable[[MetricFn], MetricFn]:
    """Register a metric kind in `cxmaturity.registries.metrics`, with the parameters its YAML spec may carry."""

    def decorate(fn: MetricFn) -> MetricFn:
        registries.metrics.register(kind, func=MetricKind(fn, frozenset(required), frozenset(optional)))
        return fn

    return decorate


def metric_kind(kind: str) -> MetricKind | None:
    """The registered kind, or None when no metric has that name."""
    return registries.metrics.get(kind) if isinstance(kind, str) and kind in registries.metrics else None


def metric_kinds() -> list[str]:
    return sorted(registries.metrics.get_all())


def check_spec(spec: Mapping[str, Any]) -> list[str]:
    """Problems with a metric spec (empty list when valid); used by the YAML schema check."""
    kind = spec.get("metric")
    registered = metric_kind(kind) if isinstance(kind, str) else None
    if registered is None:
        return [f"unknown metric kind {kind!r}; known: {', '.join(metric_kinds())}"]
    params = set(spec) - {"metric"}
    problems = [f"metric {kind!r} is missing parameter {p!r}" for p in sorted(registered.required - params)]
    problems += [
        f"metric {kind!r} does not take parameter {p!r}"
        for p in sorted(params - registered.required - registered.optional)
    ]
    return problems


def compute(tables: Tables, spec: Mapping[str, Any]) -> MetricResult:
    """Evaluate a metric spec; a missing column yields a structural not-observable result."""
    problems = check_spec(spec)
    if problems:
        raise MetricSpecError("; ".join(problems))
    fn = registries.metrics.get(spec["metric"]).fn
    result = fn(tables, {k: v for k, v in spec.items() if k != "metric"})
    if result.denominator is None:
        result.denominator = spec_denominator(spec)
    return result


def spec_denominator(spec: Mapping[str, Any]) -> str:
    """What a metric's n counts, in words, from its spec alone (also used by the docs)."""
    if spec.get("metric") == "group_multi_value":
        return denominator(spec.get("where"), "identified customers")
    text = denominator(spec.get("where"))
    if spec.get("metric") == "phrase_rate":
        said_by = f"with {'/'.join(spec['speakers'])} turns" if spec.get("speakers") else "with turn text"
        text = f"{text.removeprefix('all ')} {said_by}"
    return text


# --- row tests -------------------------------------------------------------------------


def _missing(frame: pd.DataFrame, columns: list[str], table: str = "calls") -> MetricResult | None:
    for column in columns:
        if column not in frame.columns:
            return MetricResult(None, 0, f"column {column} not in this run", structural=True)
    return None


def _truthy(series: pd.Series) -> pd.Series:
    """True where a value shows the thing: True bools, numbers > 0, non-empty strings/lists."""
    if series.dtype == bool:
        return series.fillna(False).astype(bool)
    if pd.api.types.is_numeric_dtype(series):
        return pd.to_numeric(series, errors="coerce").fillna(0) > 0

    def one(value: Any) -> bool:
        if value is None or (isinstance(value, float) and np.isnan(value)):
            return False
        if isinstance(value, (list, tuple, np.ndarray)):
            return len(value) > 0
        if isinstance(value, str):
            return value.strip().lower() not in ("", "false", "0", "no", "none", "null")
        return bool(value)

    return series.map(one).astype(bool)


def _not_null(series: pd.Series) -> pd.Series:
    return series.map(lambda v: v is not None and not (isinstance(v, float) and np.isnan(v))).astype(bool)


def row_test(series: pd.Series, test: Any) -> pd.Series:
    """Boolean mask of rows passing `test`.

    `test` is None (truthy), a scalar (equals), a list (one of), or a mapping with
    any of `above`, `below`, `at_least`, `at_most`, `equals`, `in`, `not_in`, `notnull`.
    `not_in` lets nulls through: an unknown channel is not one of the excluded ones.
    """
    if test is None:
        return _truthy(series)
    if isinstance(test, list):
        return series.isin(test).fillna(False).astype(bool)
    if not isinstance(test, Mapping):
        if isinstance(test, bool):
            return _truthy(series) if test else ~_truthy(series) & _not_null(series)
        return (series == test).fillna(False).astype(bool)
    mask = pd.Series(True, index=series.index)
    numeric = None
    for key, bound in test.items():
        if key in ("above", "below", "at_least", "at_most"):
            if numeric is None:
                numeric = pd.to_numeric(series, errors="coerce")
            compare = {
                "above": numeric > bound,
                "below": numeric < bound,
                "at_least": numeric >= bound,
                "at_most": numeric <= bound,
            }[key]
            mask &= compare.fillna(False).astype(bool)
        elif key == "equals":
            mask &= (series == bound).fillna(False).astype(bool)
        elif key == "in":
            mask &= series.isin(list(bound)).fillna(False).astype(bool)
        elif key == "not_in":
            mask &= ~series.isin(list(bound)).fillna(False).astype(bool)
        elif key == "notnull":
            mask &= _not_null(series) if bound else ~_not_null(series)
        else:
            raise MetricSpecError(f"unknown row test {key!r}")
    return mask


def _where(calls: pd.DataFrame, where: Mapping[str, Any] | None) -> tuple[pd.DataFrame, MetricResult | None]:
    if not where:
        return calls, None
    missing = _missing(calls, list(where))
    if missing:
        return calls, missing
    mask = pd.Series(True, index=calls.index)
    for column, test in where.items():
        mask &= row_test(calls[column], test)
    return calls[mask], None


def _column_where(tables: Tables, p: Mapping[str, Any]) -> tuple[pd.DataFrame, MetricResult | None]:
    """Calls matching `where`, once `p["column"]` is known to exist (else a not-observable result)."""
    missing = _missing(tables.calls, [p["column"]])
    if missing:
        return tables.calls.iloc[:0], missing
    return _where(tables.calls, p.get("where"))


def _ids(frame: pd.DataFrame) -> list[str]:
    if "conversation_id" not in frame.columns:
        return []
    return [str(v) for v in frame["conversation_id"].tolist()]


# How a `where` condition reads in a denominator ("conversations handled by a human agent").
_WHERE_PHRASES: dict[str, str] = {
    "human_agent_involved": "handled by a human agent",
    "has_bot": "that met a bot or IVR",
    "bot_contained": "contained by a bot or IVR",
    "cancellation_mention": "where the customer talked about cancelling",
    "customer_id": "with a customer id",
    "customer_sentiment_start": "where the customer started negative",
    "n_customer_turns": "with a customer turn",
}


def _condition_phrase(column: str, test: Any) -> str:
    if column in ("channel", "direction"):
        word = "channel" if column == "channel" else "direction"
        if isinstance(test, str):
            return f"on the {test} channel" if column == "channel" else test
        if isinstance(test, Mapping) and "not_in" in test:
            return f"not {'/'.join(str(v) for v in test['not_in'])}" + (f" ({word})" if column == "channel" else "")
    if column in _WHERE_PHRASES and (test is True or test is None or isinstance(test, Mapping)):
        return _WHERE_PHRASES[column]
    if isinstance(test, Mapping) and "not_in" in test:
        return f"with {column} not {'/'.join(str(v) for v in test['not_in'])}"
    if isinstance(test, Mapping) and "in" in test:
        return f"with {column} {'/'.join(str(v) for v in test['in'])}"
    if isinstance(test, list):
        return f"with {column} {'/'.join(str(v) for v in test)}"
    if test is False:
        return f"not {_WHERE_PHRASES.get(column, column)}"
    return f"with {column} {test}"


def denominator(where: Mapping[str, Any] | None, unit: str = "conversations") -> str:
    """What a metric's n counts, in words: `where` read as a phrase."""
    parts = [_condition_phrase(column, test) for column, test in (where or {}).items()]
    return " ".join([unit, ", ".join(parts)]) if parts else f"all {unit}"


# --- metric kinds ----------------------------------------------------------------------


@metric("rate", optional=("column", "any_of", "test", "where"))
def rate(tables: Tables, p: Mapping[str, Any]) -> MetricResult:
    """Share of conversations (matching `where`) whose column(s) pass `test`.

    With `any_of`, a conversation counts when any listed column passes. Rows whose
    measured columns are all null are left out of the denominator: null means the
    signal was not computed for that conversation, not that it was absent.
    """
    columns = list(p.get("any_of") or [p["column"]]) if (p.get("any_of") or p.get("column")) else []
    if not columns:
        raise MetricSpecError("metric 'rate' needs 'column' or 'any_of'")
    calls = tables.calls
    missing = _missing(calls, columns)
    if missing:
        return missing
    subset, missing = _where(calls, p.get("where"))
    if missing:
        return missing
    known = pd.Series(False, index=subset.index)
    passed = pd.Series(False, index=subset.index)
    for column in columns:
        known |= _not_null(subset[column])
        passed |= row_test(subset[column], p.get("test"))
    subset, passed = subset[known], passed[known]
    n = int(len(subset))
    if n == 0:
        return MetricResult(
            None, 0, f"no {denominator(p.get('where')).removeprefix('all ')} with {'/'.join(columns)} known"
        )
    return MetricResult(float(passed.mean()), n, positive_ids=_ids(subset[passed]))


@metric("mean", required=("column",), optional=("where",))
def mean(tables: Tables, p: Mapping[str, Any]) -> MetricResult:
    """Mean of a numeric column over conversations matching `where` (nulls left out)."""
    subset, missing = _column_where(tables, p)
    if missing:
        return missing
    values = pd.to_numeric(subset[p["column"]], errors="coerce").dropna()
    if values.empty:
        return MetricResult(None, 0, f"no values of {p['column']} in {denominator(p.get('where'))}")
    return MetricResult(float(values.mean()), int(values.size), positive_ids=_ids(subset.loc[values.index]))


def _as_names(value: Any) -> set[str]:
    """A source_annotations cell (list, array, JSON string or comma string) as lower-case names."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return set()
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                value = json.loads(text)
            except json.JSONDecodeError:
                value = text.strip("[]").split(",")
        else:
            value = text.split(",")
    if isinstance(value, Mapping):
        value = list(value)
    return {str(v).strip().strip("'\"").lower() for v in value if str(v).strip()}


@metric("annotation_share", optional=("any_of", "all_of", "column", "where"))
def annotation_share(tables: Tables, p: Mapping[str, Any]) -> MetricResult:
    """Share of conversations whose source export already carried the named fields.

    This is how the tool sees analytics that run upstream of it (QA scores, sentiment,
    categories, redaction): the export has the fields.
    """
    column = p.get("column", "source_annotations")
    missing = _missing(tables.calls, [column])
    if missing:
        return missing
    subset, missing = _where(tables.calls, p.get("where"))
    if missing:
        return missing
    any_of = {s.lower() for s in p.get("any_of", [])}
    all_of = {s.lower() for s in p.get("all_of", [])}
    if not any_of and not all_of:
        raise MetricSpecError("metric 'annotation_share' needs 'any_of' or 'all_of'")
    names = subset[column].map(_as_names)
    passed = names.map(lambda s: (not any_of or bool(s & any_of)) and all_of <= s).astype(bool)
    n = int(len(subset))
    if n == 0:
        return MetricResult(None, 0, "no conversations in this run")
    wanted = any_of | all_of
    found = sorted(set().union(*names[passed].tolist())) if passed.any() else []
    detail: dict[str, Any] = {"fields_seen": [f for f in found if f in wanted]}
    if FIELDS_COLUMN in subset.columns and passed.any():
        detail["by_conversation"] = {
            str(cid): _fields_phrase(raw, wanted)
            for cid, raw in zip(
                subset.loc[passed, "conversation_id"].head(10),
                subset.loc[passed, FIELDS_COLUMN].head(10),
                strict=True,
            )
        }
    return MetricResult(float(passed.mean()), n, positive_ids=_ids(subset[passed]), detail=detail)


FIELDS_COLUMN = "source_annotation_fields"


def _fields_phrase(raw: Any, wanted: set[str]) -> str:
    """ "qa_score from metadata.QA Score": which export fields carried the wanted annotations."""
    try:
        fields = json.loads(raw) if isinstance(raw, str) else dict(raw or {})
    except (ValueError, TypeError):
        fields = {}
    parts = [
        f"{name} from {', '.join(str(f) for f in fields.get(name) or []) or 'the export'}"
        for name in sorted(wanted)
        if name in fields
    ]
    return "; ".join(parts)


@metric("distinct_count", required=("column",), optional=("min_share", "where"))
def distinct_count(tables: Tables, p: Mapping[str, Any]) -> MetricResult:
    """Number of distinct values holding at least `min_share` of conversations (e.g. channels)."""
    subset, missing = _column_where(tables, p)
    if missing:
        return missing
    values = subset[p["column"]].dropna()
    if values.empty:
        return MetricResult(None, 0, f"no values of {p['column']} in this run")
    shares = values.value_counts(normalize=True)
    kept = shares[shares >= float(p.get("min_share", 0.0))]
    return MetricResult(
        float(len(kept)),
        int(values.size),
        positive_ids=_ids(subset.loc[values.index]),
        detail={"shares": {str(k): round(float(v), 4) for k, v in kept.items()}},
    )


@metric("group_multi_value", required=("group", "column"), optional=("where",))
def group_multi_value(tables: Tables, p: Mapping[str, Any]) -> MetricResult:
    """Share of groups (e.g. customers) seen with more than one value of a column (e.g. channel)."""
    missing = _missing(tables.calls, [p["group"], p["column"]])
    if missing:
        return missing
    subset, missing = _where(tables.calls, p.get("where"))
    if missing:
        return missing
    subset = subset.dropna(subset=[p["group"], p["column"]])
    if subset.empty:
        return MetricResult(None, 0, f"no conversations with both {p['group']} and {p['column']}")
    distinct = subset.groupby(p["group"])[p["column"]].nunique()
    multi = set(distinct[distinct > 1].index)
    positive = subset[subset[p["group"]].isin(multi)]
    return MetricResult(float((distinct > 1).mean()), int(distinct.size), positive_ids=_ids(positive))


@metric("phrase_rate", required=("patterns",), optional=("speakers", "where"))
def phrase_rate(tables: Tables, p: Mapping[str, Any]) -> MetricResult:
    """Share of conversations (matching `where`) with a turn by `speakers` matching a pattern.

    Runs on the redacted turn text, for evidence no signal column carries (e.g. agents
    citing a prediction). Patterns are case-insensitive regular expressions.
    """
    turns = tables.turns
    if turns is None or "text" not in turns.columns:
        return MetricResult(None, 0, "column text not in this run (turns table)", structural=True)
    subset, missing = _where(tables.calls, p.get("where"))
    if missing:
        return missing
    if "conversation_id" not in subset.columns:
        return MetricResult(None, 0, "column conversation_id not in this run", structural=True)
    ids = set(subset["conversation_id"].astype(str))
    in_scope = turns[(turns["conversation_id"].astype(str).isin(ids) & _not_null(turns["text"])).to_numpy(dtype=bool)]
    if in_scope.empty:
        return MetricResult(None, 0, "no redacted turn text for the conversations in scope")
    speakers = p.get("speakers")
    if speakers:
        in_scope = in_scope[in_scope["speaker"].isin(list(speakers)).to_numpy(dtype=bool)]
    # The denominator is conversations where those speakers said something: a customer-only
    # corpus has no agent turns to look in, which is not the same as agents never saying it.
    covered = set(in_scope["conversation_id"].astype(str))
    if not covered:
        return MetricResult(
            None, 0, f"no {'/'.join(speakers or ['any'])} turns with text in the conversations in scope"
        )
    pattern = re.compile("|".join(f"(?:{x})" for x in p["patterns"]), re.IGNORECASE)
    # An explicit bool dtype: on an empty frame `map` returns an object Series, which pandas
    # would read as a list of column labels instead of a row mask.
    matches = in_scope["text"].astype(str).map(lambda t: bool(pattern.search(t))).astype(bool)
    hits = in_scope[matches.to_numpy(dtype=bool)]
    matched: dict[str, list[int]] = {}
    for cid, index in zip(hits["conversation_id"].astype(str), hits["turn_index"], strict=True):
        matched.setdefault(cid, []).append(int(index))
    order = [cid for cid in subset["conversation_id"].astype(str) if cid in matched]
    return MetricResult(len(matched) / len(covered), len(covered), positive_ids=order, matched_turns=matched)
