"""The `topics` corpus stage: contact drivers found in the customers' own words, beyond the taxonomy.

The classify stage leaves, per call, the customer turn that states the reason (`reason_turn`) and that
turn's sentence vector from its one encoder pass (`reason_embedding`); nothing is encoded again here.
This stage clusters those vectors (`clustering.cluster`: k chosen by silhouette), names each cluster
by its class-based TF-IDF terms over the reason turns' redacted text (turns.parquet), and writes:

- `topics.parquet`, one row per topic (`TOPIC_SCHEMA`): terms, size and share, the share of its calls
  the taxonomy could not place (`other` or confidence below `low_confidence`) and whether that is most
  of them (`beyond_taxonomy`), the dominant taxonomy intent and its share, calls per day with first and
  last day and a `trend`, and up to `examples` quotes (the most central reason turns) with their ids;
- `topic_id` (nullable int) on `calls.parquet`; null for a call with no reason turn.

`reason_embedding` is working data, not an output: it is removed from calls.parquet here, whatever
happens (also when no call has one). `reason_turn` stays, so a topic's calls can be traced to the turn.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from cxmaturity.errors import ConfigError
from cxmaturity.pipeline.stage import Corpus, CorpusStage
from cxmaturity.topics.clustering import ClusterResult, cluster, ctfidf_terms, nearest_to_centroid

log = logging.getLogger(__name__)

TOPICS_FILE = "topics.parquet"
EMBEDDING_COLUMN = "reason_embedding"
REASON_TURN_COLUMN = "reason_turn"
OTHER_INTENT = "other"
QUOTE_CHARS = 300  # characters of an example quote kept in topics.parquet
TREND_RATIO = 1.5  # share in the later half of the days / the earlier half at which a topic is rising
TREND_MIN_CALLS = 10  # dated calls a topic needs before a trend is called
BEYOND_SHARE = 0.5  # a topic mostly of calls the taxonomy could not place is beyond the taxonomy

EXAMPLE_TYPE = pa.struct([("conversation_id", pa.string()), ("turn_index", pa.int32()), ("text", pa.string())])
TOPIC_SCHEMA = pa.schema(
    [
        ("topic_id", pa.int32()),
        ("label", pa.string()),  # the top terms joined with ", "
        ("terms", pa.list_(pa.string())),
        ("size", pa.int32()),
        ("share", pa.float64()),  # of all calls in the corpus
        ("uncovered_share", pa.float64()),  # of the topic's calls: intent `other` or below `low_confidence`
        ("beyond_taxonomy", pa.bool_()),  # uncovered_share >= 0.5: a driver the taxonomy does not name
        ("dominant_intent", pa.string()),
        ("dominant_intent_share", pa.float64()),
        ("first_day", pa.string()),
        ("last_day", pa.string()),
        ("daily_counts", pa.string()),  # JSON object: "YYYY-MM-DD" -> calls
        ("trend", pa.string()),  # rising / falling / steady; null with too few dated calls or days
        ("examples", pa.list_(EXAMPLE_TYPE)),
    ]
)


class TopicsStage(CorpusStage):
    """Contact-reason topics from the classify stage's reason-turn embeddings (docs/architecture.md).

    Config: `max_topics` (most clusters tried), `min_topic_size` (calls per cluster on average at the
    most clusters tried), `low_confidence` (intent confidence below which a call counts as uncovered),
    `uncovered_weight` (weight of uncovered calls in the final k-means), `dims` (PCA dimensions),
    `sample_size` (calls used to choose k), `examples` (quotes per topic), `top_terms`, `seed`.
    """

    name = "topics"

    def __init__(
        self,
        max_topics: int = 40,
        min_topic_size: int = 5,
        low_confidence: float = 0.5,
        uncovered_weight: float = 2.0,
        dims: int = 32,
        sample_size: int = 2000,
        examples: int = 3,
        top_terms: int = 6,
        seed: int = 0,
    ) -> None:
        for key, value, least in (
            ("max_topics", max_topics, 1),
            ("min_topic_size", min_topic_size, 1),
            ("dims", dims, 2),
            ("sample_size", sample_size, 10),
            ("examples", examples, 0),
            ("top_terms", top_terms, 1),
        ):
            if not isinstance(value, int) or isinstance(value, bool) or value < least:
                raise ConfigError(f"topics.{key}: must be an integer of at least {least}, got {value!r}")
        for key, number in (("low_confidence", low_confidence), ("uncovered_weight", uncovered_weight)):
            if not isinstance(number, int | float) or isinstance(number, bool):
                raise ConfigError(f"topics.{key}: must be a number, got {number!r}")
        if not 0.0 <= float(low_confidence) <= 1.0:
            raise ConfigError(f"topics.low_confidence: must be between 0 and 1, got {low_confidence!r}")
        if float(uncovered_weight) <= 0:
            raise ConfigError(f"topics.uncovered_weight: must be positive, got {uncovered_weight!r}")
        self.max_topics, self.min_topic_size, self.dims = max_topics, min_topic_size, dims
        self.low_confidence, self.uncovered_weight = float(low_confidence), float(uncovered_weight)
        try:
            self.seed = int(seed)
        except (TypeError, ValueError):
            raise ConfigError(f"topics.seed: must be an integer, got {seed!r}") from None
        self.sample_size, self.examples, self.top_terms = sample_size, examples, top_terms
        self._info: dict[str, Any] = {}

    def __call__(self, corpus: Corpus) -> Corpus:
        calls = corpus.table("calls")
        try:
            topics, topic_ids = self.topics(calls, self._turns(corpus))
        except Exception:  # the working column never outlives this stage, even when clustering fails
            if EMBEDDING_COLUMN in calls.columns:
                corpus.replace_table("calls", calls.drop(columns=[EMBEDDING_COLUMN]))
            raise
        calls = calls.drop(columns=[EMBEDDING_COLUMN], errors="ignore")  # a new frame: the cached one stays as read
        calls["topic_id"] = topic_ids
        corpus.replace_table("calls", calls)
        pq.write_table(pa.Table.from_pylist(topics, schema=TOPIC_SCHEMA), corpus.out_dir / TOPICS_FILE)
        corpus.artifacts["topics"] = corpus.out_dir / TOPICS_FILE
        return corpus

    @staticmethod
    def _turns(corpus: Corpus) -> pd.DataFrame | None:
        if not (corpus.out_dir / "turns.parquet").exists():
            return None
        return corpus.table("turns")

    # -- the computation, on loaded tables (no file access)

    def topics(self, calls: pd.DataFrame, turns: pd.DataFrame | None) -> tuple[list[dict[str, Any]], pd.Series]:
        """(rows of topics.parquet, `topic_id` per call as a nullable Int64 series aligned with `calls`)."""
        topic_ids = pd.Series(pd.array([pd.NA] * len(calls), dtype="Int64"), index=calls.index)
        rows, vectors = _embedded_rows(calls)
        self._info = {
            "method": "PCA, k-means micro-clusters, Ward merge; k by silhouette",
            "calls_with_reason": len(rows),
            "calls": len(calls),
        }
        if len(rows) == 0:
            if EMBEDDING_COLUMN not in calls.columns:
                log.warning(
                    "topics: calls.parquet has no %s column (is the classify stage in the pipeline?)", EMBEDDING_COLUMN
                )
            self._info["topics"] = 0
            return [], topic_ids
        subset = calls.iloc[rows]
        uncovered = self._uncovered(subset)
        result = cluster(
            vectors,
            uncovered,
            max_topics=self.max_topics,
            min_topic_size=self.min_topic_size,
            dims=self.dims,
            sample_size=self.sample_size,
            uncovered_weight=self.uncovered_weight,
            seed=self.seed,
        )
        topic_ids.iloc[rows] = result.labels
        texts = _reason_texts(subset, turns)
        terms = ctfidf_terms(texts, result.labels, result.k, self.top_terms)
        self._info.update(
            {
                "topics": result.k,
                "pca_dims": result.dims,
                "silhouette": None if result.silhouette is None else round(result.silhouette, 4),
                "k_candidates": f"{min(result.scores)}-{max(result.scores)}" if result.scores else "1",
            }
        )
        days = _days(subset)
        usable = np.array([bool(text and text.strip()) for text in texts], dtype=bool)  # quotable
        table = [
            self._topic_row(topic, result, subset, uncovered, texts, usable, terms[topic], days, len(calls))
            for topic in range(result.k)
        ]
        return table, topic_ids

    def _uncovered(self, calls: pd.DataFrame) -> np.ndarray:
        """Calls the taxonomy could not place: intent `other` (or none) or confidence below the bar."""
        intent = calls["intent"] if "intent" in calls.columns else pd.Series([None] * len(calls), index=calls.index)
        other = intent.isna().to_numpy() | (intent.astype("string") == OTHER_INTENT).fillna(False).to_numpy()
        if "intent_confidence" not in calls.columns:
            return other
        confidence = pd.to_numeric(calls["intent_confidence"], errors="coerce").to_numpy(dtype=float)
        return other | (np.nan_to_num(confidence, nan=0.0) < self.low_confidence)

    def _topic_row(
        self,
        topic: int,
        result: ClusterResult,
        calls: pd.DataFrame,
        uncovered: np.ndarray,
        texts: list[str | None],
        usable: np.ndarray,
        terms: list[str],
        days: pd.Series,
        total_calls: int,
    ) -> dict[str, Any]:
        member = result.labels == topic
        size = int(member.sum())
        intents = Counter(
            "unknown" if pd.isna(value) else str(value)
            for value in (calls["intent"][member] if "intent" in calls.columns else [None] * size)
        )
        dominant, dominant_count = intents.most_common(1)[0]
        uncovered_share = float(uncovered[member].mean())
        examples: list[dict[str, Any]] = []
        seen: set[str] = set()
        for row in nearest_to_centroid(result.reduced, result.labels, result.centroids, topic, usable):
            if len(examples) >= self.examples:
                break
            text = str(texts[row]).strip()
            if text.lower() in seen:
                continue
            seen.add(text.lower())
            examples.append(
                {
                    "conversation_id": str(calls["conversation_id"].iloc[row]),
                    "turn_index": int(calls[REASON_TURN_COLUMN].iloc[row]),
                    "text": text[:QUOTE_CHARS],
                }
            )
        topic_days = days[member].dropna()
        counts = topic_days.value_counts().sort_index()
        return {
            "topic_id": topic,
            "label": ", ".join(terms),
            "terms": terms,
            "size": size,
            "share": size / total_calls if total_calls else 0.0,
            "uncovered_share": round(uncovered_share, 4),
            "beyond_taxonomy": uncovered_share >= BEYOND_SHARE,
            "dominant_intent": dominant,
            "dominant_intent_share": round(dominant_count / size, 4),
            "first_day": str(counts.index[0]) if len(counts) else None,
            "last_day": str(counts.index[-1]) if len(counts) else None,
            "daily_counts": json.dumps({str(day): int(n) for day, n in counts.items()}),
            "trend": _trend(days, member),
            "examples": examples,
        }

    def model_info(self) -> dict[str, Any]:
        return dict(self._info)


def _embedded_rows(calls: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(positions of calls with a usable reason vector, those vectors stacked as float32)."""
    if EMBEDDING_COLUMN not in calls.columns or REASON_TURN_COLUMN not in calls.columns:
        return np.zeros(0, dtype=np.int64), np.zeros((0, 0), dtype=np.float32)
    positions, vectors = [], []
    width = None
    turns = pd.to_numeric(calls[REASON_TURN_COLUMN], errors="coerce").to_numpy(dtype=float)
    for position, value in enumerate(calls[EMBEDDING_COLUMN].to_numpy()):
        vector = _as_vector(value)
        if vector is None or np.isnan(turns[position]):
            continue
        width = width or len(vector)
        if len(vector) != width or not np.isfinite(vector).all() or not vector.any():
            continue
        positions.append(position)
        vectors.append(vector)
    if not vectors:
        return np.zeros(0, dtype=np.int64), np.zeros((0, 0), dtype=np.float32)
    return np.array(positions, dtype=np.int64), np.stack(vectors)


def _as_vector(value: Any) -> np.ndarray | None:
    """A stored vector as float32: a list/array of numbers (or of number strings: a PostgreSQL store's
    text[]), or a JSON list in a string (a store column widened to text)."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return None
    try:
        vector = np.asarray(value, dtype=np.float32)
    except (TypeError, ValueError):
        return None
    return vector if vector.ndim == 1 and len(vector) else None


def _reason_texts(calls: pd.DataFrame, turns: pd.DataFrame | None) -> list[str | None]:
    """The redacted text of each call's reason turn (None without turns.parquet text)."""
    if turns is None or not {"conversation_id", "turn_index", "text"} <= set(turns.columns):
        return [None] * len(calls)
    keys = pd.DataFrame(
        {
            "conversation_id": calls["conversation_id"].astype(str).to_numpy(),
            "turn_index": pd.to_numeric(calls[REASON_TURN_COLUMN]).astype("int64").to_numpy(),
        }
    )
    source = turns[["conversation_id", "turn_index", "text"]].copy()
    source["conversation_id"] = source["conversation_id"].astype(str)
    source["turn_index"] = pd.to_numeric(source["turn_index"]).astype("int64")
    source = source.drop_duplicates(["conversation_id", "turn_index"])
    merged = keys.merge(source, on=["conversation_id", "turn_index"], how="left")
    return [text if isinstance(text, str) else None for text in merged["text"]]


def _days(calls: pd.DataFrame) -> pd.Series:
    """Each call's day (YYYY-MM-DD, UTC), or NA without a readable start time; positional index."""
    if "started_at" not in calls.columns:
        return pd.Series([None] * len(calls), dtype="object")
    started = pd.to_datetime(calls["started_at"], utc=True, errors="coerce", format="mixed")
    return pd.Series(started.dt.strftime("%Y-%m-%d").to_numpy(), dtype="object")


def _trend(days: pd.Series, member: np.ndarray) -> str | None:
    """The topic's share of calls in the later half of the corpus's days against the earlier half."""
    dated = days.notna().to_numpy()
    if (dated & member).sum() < TREND_MIN_CALLS:
        return None
    ordered = sorted(set(days[dated]))
    if len(ordered) < 2:
        return None
    later_days = set(ordered[len(ordered) // 2 :])
    later = dated & days.isin(later_days).to_numpy()
    earlier = dated & ~later
    if not earlier.any() or not later.any():
        return None
    share_early = (member & earlier).sum() / earlier.sum()
    share_late = (member & later).sum() / later.sum()
    if share_late >= TREND_RATIO * max(share_early, 1e-9):
        return "rising"
    if share_early >= TREND_RATIO * max(share_late, 1e-9):
        return "falling"
    return "steady"
