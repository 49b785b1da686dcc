"""Clustering reason-turn embeddings into topics, and naming each topic by its distinctive terms.

Pure functions over arrays (no file access), so the stage, the tests and the benchmark share them.

Clustering (`cluster`): the vectors are L2-normalised, reduced by PCA (fitted on a sample) to a few
dozen dimensions and normalised again, so squared Euclidean distance is cosine distance. K-means then
cuts them into many small micro-clusters, and Ward's hierarchy over the micro-centroids merges those
into topics (on the topics tests' corpus, plain k-means at the chosen k often split a large reason in
two while merging small ones; the two-step clustering did not). The number of topics is chosen from the
data: the hierarchy is cut at every candidate k and the cut with the best silhouette on a sample (every
uncovered call and a random draw of the rest, up to `sample_size`) is kept. Calls the taxonomy could not
place (`other` or low confidence) count `uncovered_weight` times in the micro-clustering, so their
regions get finer micro-clusters and a small driver the taxonomy misses is less likely to be absorbed
by a big known one.

Naming (`ctfidf_terms`): class-based TF-IDF (Grootendorst 2022, BERTopic): the reason texts of a
cluster are one document; a term's weight is its frequency in that document (L1-normalised) times
log(1 + A / f), A the mean number of words per cluster and f the term's frequency over all clusters.
Redaction placeholders ([PERSON], <EMAIL>), stop words and contact-centre fillers are not terms.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from cxmaturity.classify.encoder import PLACEHOLDER

# Words that say nothing about a contact reason, on top of scikit-learn's English stop words.
FILLER_WORDS = frozenset(
    """
    um uh er erm hmm mm ah oh yeah yes yep yup no nope ok okay sure right hi hello hey hiya dear sir madam
    morning afternoon evening good thanks thank cheers please pls plz just like want wanted need needed know
    call calling ring ringing phone phoning phoned contact contacting help ask asking question query enquiry
    wondering wonder wondered quick basically actually really sorry hope hoping team guys got get getting
    ve ll don didn doesn isn wasn weren haven hasn won wouldn couldn shouldn im ive id dont cant wont thats
    u ur ya lol asap today yesterday tomorrow week month year time day days way thing things lot bit
    say said tell told let make made sort going go went come came did does able
    """.split()
)
_TOKEN = r"(?u)\b[a-z][a-z]+\b"
MICRO_DIRECT = 60  # up to this many calls, every call is its own micro-cluster
MICRO_PER_TOPIC = 5  # micro-clusters per topic tried, at most
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class ClusterResult:
    """Labels (one per input row, 0..k-1 ordered by size, largest first) and how k was chosen."""

    labels: np.ndarray
    k: int
    reduced: np.ndarray  # the normalised PCA coordinates the clusters were found in (n, dims)
    centroids: np.ndarray  # (k, dims), normalised
    silhouette: float | None  # of the chosen k on the sample; None when k was not searched
    scores: dict[int, float] = field(default_factory=dict)  # candidate k -> silhouette on the sample
    dims: int = 0


def normalise_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return (matrix / np.clip(norms, 1e-12, None)).astype(np.float32, copy=False)


def candidate_ks(n_points: int, max_topics: int, min_topic_size: int) -> list[int]:
    """k from 2 to the most topics the data allows (each at least `min_topic_size` calls on average),
    every k up to 20, then every other, then every fourth: the silhouette is flat there anyway."""
    top = min(max_topics, n_points // max(min_topic_size, 1), n_points - 1)
    ks = [k for k in range(2, min(top, 20) + 1)]
    ks += list(range(22, min(top, 40) + 1, 2)) + list(range(44, top + 1, 4))
    return ks


def _reduce(points: np.ndarray, dims: int, sample: np.ndarray, seed: int) -> tuple[np.ndarray, int]:
    from sklearn.decomposition import PCA

    dims = int(min(dims, points.shape[1], len(sample) - 1))
    if dims < 2:
        return normalise_rows(points), points.shape[1]
    pca = PCA(n_components=dims, svd_solver="randomized", random_state=seed).fit(points[sample])
    return normalise_rows(pca.transform(points)), dims


def cluster(
    embeddings: np.ndarray,
    uncovered: np.ndarray | None = None,
    *,
    max_topics: int = 40,
    min_topic_size: int = 5,
    dims: int = 32,
    sample_size: int = 2000,
    uncovered_weight: float = 2.0,
    seed: int = 0,
) -> ClusterResult:
    """Topics of `embeddings` (n, d); `uncovered` marks calls the taxonomy could not place."""
    from threadpoolctl import threadpool_limits

    # Small matrices: one BLAS thread is far faster than two contending (an SVD of 2000 x 384 took
    # 9 s on two threads and 0.14 s on one on the 2-core reference machine), as in predict/training.py.
    with threadpool_limits(1, user_api="blas"):
        return _cluster(
            embeddings,
            uncovered,
            max_topics=max_topics,
            min_topic_size=min_topic_size,
            dims=dims,
            sample_size=sample_size,
            uncovered_weight=uncovered_weight,
            seed=seed,
        )


def _cluster(
    embeddings: np.ndarray,
    uncovered: np.ndarray | None,
    *,
    max_topics: int,
    min_topic_size: int,
    dims: int,
    sample_size: int,
    uncovered_weight: float,
    seed: int,
) -> ClusterResult:
    from scipy.cluster.hierarchy import fcluster, linkage
    from sklearn.cluster import KMeans
    from sklearn.metrics import pairwise_distances, silhouette_score

    n = len(embeddings)
    if n == 0:
        empty = np.zeros((0, 0), np.float32)
        return ClusterResult(np.zeros(0, dtype=np.int64), 0, empty, empty, None)
    uncovered = np.zeros(n, dtype=bool) if uncovered is None else np.asarray(uncovered, dtype=bool)
    rng = np.random.default_rng(seed)
    points = normalise_rows(np.asarray(embeddings, dtype=np.float32))
    sample = _choose_sample(uncovered, sample_size, rng)
    ks = candidate_ks(n, max_topics, min_topic_size)
    if not ks or np.ptp(points[sample], axis=0).max() < 1e-6:  # too few calls, or all alike: one topic
        return _single(points, points.shape[1])
    reduced, used_dims = _reduce(points, dims, sample, seed)
    distinct = len(np.unique(np.round(reduced, 4), axis=0))
    ks = [k for k in ks if k < distinct]
    if not ks:
        return _single(reduced, used_dims)
    # Micro-clusters first (uncovered calls weigh more, so their regions get finer ones), then Ward's
    # hierarchy over the micro-centroids, cut at each candidate k.
    micro_count = min(distinct, n if n <= MICRO_DIRECT else max(n // 3, ks[-1] + 1), MICRO_PER_TOPIC * max_topics)
    weights = np.where(uncovered, float(uncovered_weight), 1.0)
    micro = KMeans(n_clusters=micro_count, n_init=1, random_state=seed).fit(reduced, sample_weight=weights)
    tree = linkage(micro.cluster_centers_.astype(np.float64), method="ward")
    distances = pairwise_distances(reduced[sample], metric="euclidean")
    scores: dict[int, float] = {}
    cuts: dict[int, np.ndarray] = {}
    for k in ks:
        if k >= micro_count:
            break
        cut = fcluster(tree, k, criterion="maxclust") - 1
        labels = cut[micro.labels_[sample]]
        if len(np.unique(labels)) > 1:
            scores[k] = float(silhouette_score(distances, labels, metric="precomputed"))
            cuts[k] = cut
    if not scores:
        return _single(reduced, used_dims)
    k = max(scores, key=lambda key: (round(scores[key], 3), key))  # ties (to 0.001) go to the larger k
    labels = cuts[k][micro.labels_]
    labels, centroids = _by_size(labels, reduced)
    return ClusterResult(labels, len(centroids), reduced, centroids, scores[k], scores, used_dims)


def _single(reduced: np.ndarray, dims: int) -> ClusterResult:
    labels = np.zeros(len(reduced), dtype=np.int64)
    return ClusterResult(labels, 1, reduced, normalise_rows(reduced.mean(axis=0, keepdims=True)), None, {}, dims)


def _choose_sample(uncovered: np.ndarray, size: int, rng: np.random.Generator) -> np.ndarray:
    """Row indexes for choosing k: every uncovered call (up to half the sample), the rest at random."""
    n = len(uncovered)
    if n <= size:
        return np.arange(n)
    flagged = np.flatnonzero(uncovered)
    if len(flagged) > size // 2:
        flagged = rng.choice(flagged, size // 2, replace=False)
    rest = np.setdiff1d(np.arange(n), flagged, assume_unique=True)
    drawn = rng.choice(rest, size - len(flagged), replace=False)
    return np.sort(np.concatenate([flagged, drawn]))


def _by_size(labels: np.ndarray, reduced: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Clusters renumbered 0.. largest first (ties by old number), and their normalised mean points."""
    present, counts = np.unique(labels, return_counts=True)
    order = present[np.lexsort((present, -counts))]
    new_of = {int(old): new for new, old in enumerate(order)}
    relabelled = np.array([new_of[int(label)] for label in labels], dtype=np.int64)
    centroids = np.stack([reduced[relabelled == topic].mean(axis=0) for topic in range(len(order))])
    return relabelled, normalise_rows(centroids)


def clean_text(text: str | None) -> str:
    """Lowercased text without redaction placeholders, for term counting."""
    if not text:
        return ""
    return _SPACES.sub(" ", PLACEHOLDER.sub(" ", str(text))).strip().lower()


def ctfidf_terms(texts: Sequence[str | None], labels: np.ndarray, n_topics: int, top: int = 6) -> list[list[str]]:
    """The `top` most distinctive terms (words and two-word phrases) of each topic, best first.

    A term is kept only when it adds a word not already shown (so "loyalty points" after "points"
    adds "loyalty"; "points" after "loyalty points" is skipped)."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

    empty: list[list[str]] = [[] for _ in range(n_topics)]
    cleaned = [clean_text(text) for text in texts]
    if n_topics == 0 or not any(cleaned):
        return empty
    stop = sorted(ENGLISH_STOP_WORDS | FILLER_WORDS)
    min_df = 2 if sum(1 for text in cleaned if text) >= 20 else 1
    vectorizer = CountVectorizer(
        token_pattern=_TOKEN, stop_words=stop, ngram_range=(1, 2), min_df=min_df, dtype=np.float64
    )
    try:
        counts = vectorizer.fit_transform(cleaned)
    except ValueError:  # every text was stop words
        return empty
    from scipy import sparse

    membership = sparse.csr_matrix(
        (np.ones(len(labels)), (labels, np.arange(len(labels)))), shape=(n_topics, len(labels))
    )
    per_topic = np.asarray((membership @ counts).todense())  # (topics, terms)
    totals = per_topic.sum(axis=1, keepdims=True)
    tf = per_topic / np.clip(totals, 1e-12, None)
    frequency = per_topic.sum(axis=0)
    average = per_topic.sum() / max(n_topics, 1)
    weights = tf * np.log1p(average / np.clip(frequency, 1e-12, None))
    vocabulary = vectorizer.get_feature_names_out()
    names: list[list[str]] = []
    for topic in range(n_topics):
        chosen: list[str] = []
        seen: set[str] = set()
        for index in np.argsort(-weights[topic], kind="stable"):
            if weights[topic, index] <= 0 or len(chosen) >= top:
                break
            words = str(vocabulary[index]).split()
            if len(words) > 1 and words[0] == words[1]:
                continue
            if set(words) <= seen:
                continue
            chosen.append(str(vocabulary[index]))
            seen.update(words)
        names.append(chosen)
    return names


def nearest_to_centroid(
    reduced: np.ndarray, labels: np.ndarray, centroids: np.ndarray, topic: int, usable: np.ndarray
) -> np.ndarray:
    """Row indexes of the topic's usable rows, most central (highest cosine to its centroid) first."""
    rows = np.flatnonzero((labels == topic) & usable)
    if len(rows) == 0:
        return rows
    similarity = reduced[rows] @ centroids[topic]
    return rows[np.argsort(-similarity, kind="stable")]
