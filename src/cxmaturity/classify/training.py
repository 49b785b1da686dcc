"""`cxm train sentiment` / `cxm train intent`: fit the heads, evaluate them against the baselines
on a fixed held-out split, and write artifact + meta.json + MODEL_CARD.md.

Deterministic: the split, the placeholder augmentation and the classifiers are seeded, and the
encoder runs in inference mode. The shared data is read in place and never copied.
"""

from __future__ import annotations

import platform
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.metrics import accuracy_score, f1_score, recall_score

from cxmaturity.classify import datasets
from cxmaturity.classify.encoder import get_encoder
from cxmaturity.classify.heads import HybridHead, placeholder_augmentations
from cxmaturity.classify.intent import INTENT_MODEL_FILE, IntentClassifier, PrototypeBaseline, humanise_label
from cxmaturity.classify.model_card import write_intent_card, write_sentiment_card
from cxmaturity.classify.sentiment import SENTIMENT_MODEL_FILE, vader_labels
from cxmaturity.classify.taxonomy import Taxonomy, load_taxonomy

ENCODE_BATCH = 64
# N-grams the intent head keeps: 8,000 of ~26,000 keep held-out accuracy within 0.1 point of the
# unpruned head and the artifact near 2 MB instead of 10 (models/ stays small).
INTENT_NGRAM_FEATURES = 8000
# Scale of the sentiment head's service-side (agent, bot, IVR) embedding copy (see HybridHead.service_weight). Chosen by 5-fold
# cross-validation over the agent training rows; the figures are in the sentiment model card (model_card.py).
SENTIMENT_SERVICE_WEIGHT = 10.0


def _scores(truth: np.ndarray, predicted: np.ndarray) -> dict[str, float]:
    """Macro figures over the classes present in `truth` (a head may also know classes a data set lacks)."""
    labels = sorted(set(truth.tolist()))
    return {
        "macro_recall": round(float(recall_score(truth, predicted, labels=labels, average="macro", zero_division=0)), 4),
        "macro_f1": round(float(f1_score(truth, predicted, labels=labels, average="macro", zero_division=0)), 4),
        "accuracy": round(float(accuracy_score(truth, predicted)), 4),
        "n": int(len(truth)),
    }


def _subsample(frame: pd.DataFrame, max_rows_per_source: int | None, seed: int) -> pd.DataFrame:
    """A seeded per-source cap, for quick end-to-end checks of the training code."""
    if max_rows_per_source is None:
        return frame.reset_index(drop=True)
    parts = [g.sample(min(len(g), max_rows_per_source), random_state=seed) for _, g in frame.groupby("source", sort=True)]
    return pd.concat(parts).sort_index().reset_index(drop=True)


def sentiment_frame(data_dir: Path) -> pd.DataFrame:
    """All sentiment rows: TweetEval validation, USS user turns, the project's own turns."""
    return pd.concat(
        [datasets.load_tweeteval(data_dir), datasets.load_uss_user_turns(data_dir), datasets.load_own_sentiment()],
        ignore_index=True,
    )


def sentiment_split(data_dir: Path, seed: int, max_rows_per_source: int | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(train, held-out) sentiment rows: the fixed split every figure is reported on."""
    frame = _subsample(sentiment_frame(Path(data_dir)), max_rows_per_source, seed)
    held_out = datasets.held_out_mask(frame, seed)
    return frame[~held_out].reset_index(drop=True), frame[held_out].reset_index(drop=True)


def evaluate_sentiment(head: HybridHead, test: pd.DataFrame) -> dict[str, Any]:
    """Ours vs VADER on held-out rows, per source, USS combined and everything combined."""
    test_texts = test["text"].tolist()
    encoded = get_encoder().encode(test_texts, batch_size=ENCODE_BATCH)
    ours = head.predict(test_texts, head.select(encoded), test["speaker"].tolist())
    vader = np.array(vader_labels(test_texts))
    truth = test["label"].to_numpy()
    groups: dict[str, np.ndarray] = {"combined": np.ones(len(test), dtype=bool)}
    for source in sorted(test["source"].unique()):
        groups[source] = (test["source"] == source).to_numpy()
    own = (test["source"] == "contact_centre_own").to_numpy()
    for speaker in datasets.OWN_SENTIMENT_SPEAKERS:
        own_speaker = own & (test["speaker"] == speaker).to_numpy()
        if own_speaker.any():
            groups[f"contact_centre_own_{speaker}"] = own_speaker
    uss = test["source"].str.startswith("uss_").to_numpy()
    if uss.any():
        groups["uss_all"] = uss
    return {name: {"ours": _scores(truth[m], ours[m]), "vader": _scores(truth[m], vader[m])} for name, m in groups.items()}


def with_placeholder_copies(train: pd.DataFrame, seed: int) -> pd.DataFrame:
    """Training rows plus copies carrying redaction placeholders, as the heads see text in a run
    (each copy keeps its row's label and speaker)."""
    copies = placeholder_augmentations(train["text"].tolist(), seed)
    extra = train.iloc[[i for i, _ in copies]].assign(text=[text for _, text in copies])
    return pd.concat([train, extra], ignore_index=True)


COURTESY_PROBE_FILE = Path(__file__).with_name("agent_courtesy_probe.txt")


def courtesy_probe_texts() -> list[str]:
    """The routine agent courtesy turns of agent_courtesy_probe.txt (written after the first training
    runs and never trained on): all neutral by the labelling rules."""
    return [line.strip() for line in COURTESY_PROBE_FILE.read_text(encoding="utf-8").splitlines() if line.strip()]


def courtesy_probe(head: HybridHead) -> dict[str, int]:
    """Labels the sentiment head gives the courtesy probe turns read as agent turns: all should be neutral."""
    from collections import Counter

    texts = courtesy_probe_texts()
    labels = head.predict(texts, head.select(get_encoder().encode(texts)), ["agent"] * len(texts))
    return {label: int(n) for label, n in sorted(Counter(labels.tolist()).items())}


def run_record(
    train: pd.DataFrame, test: pd.DataFrame, n_train_texts: int, seed: int, max_rows_per_source: int | None, started: float
) -> dict[str, Any]:
    """What every training run records beside its held-out figures: split sizes, seed, subsample, time."""
    return {
        "train_rows": int(len(train)),
        "augmented_rows": n_train_texts - len(train),
        "held_out_rows": int(len(test)),
        "seed": seed,
        "max_rows_per_source": max_rows_per_source,
        "train_seconds": round(time.perf_counter() - started, 1),
    }


def train_sentiment(data_dir: Path, out_dir: Path, seed: int = 13, max_rows_per_source: int | None = None) -> dict[str, Any]:
    """Train the sentiment head into `out_dir` (e.g. models/sentiment); returns the metrics."""
    from cxmaturity.modelstore import save_model

    started = time.perf_counter()
    train, test = sentiment_split(Path(data_dir), seed, max_rows_per_source)
    rows = with_placeholder_copies(train, seed)
    train_texts = rows["text"].tolist()

    encoder = get_encoder()
    head = HybridHead(
        embedding="both", embedding_weight=1.0, use_vader=True, vader_weight=3.0, C=0.001,
        ngrams="none", classifier="logreg", class_weight="balanced", service_weight=SENTIMENT_SERVICE_WEIGHT, seed=seed,
    )
    head.fit(train_texts, head.select(encoder.encode(train_texts, batch_size=ENCODE_BATCH)), rows["label"].tolist(), rows["speaker"].tolist())
    metrics: dict[str, Any] = {
        "held_out": evaluate_sentiment(head, test),
        "uss_annotator_agreement": datasets.annotator_agreement(test["ratings"]) if "ratings" in test else None,
        "agent_courtesy_probe": courtesy_probe(head),
        "agent_train_rows": int((train["speaker"] == "agent").sum()),
        "label_counts": {k: int(v) for k, v in pd.concat([train, test])["label"].value_counts().sort_index().items()},
    }
    metrics.update(run_record(train, test, len(train_texts), seed, max_rows_per_source, started))
    meta = {
        "model": "sentiment",
        "command": "cxm train sentiment",
        "encoder": encoder.info(),
        "head": "HybridHead: class-balanced, strongly regularised (C=0.001) logistic regression over the mean-pooled MiniLM layers 4-6 + normalised sentence vector (and a copy of both for agent, bot and IVR turns) + VADER scores",
        "service_weight": SENTIMENT_SERVICE_WEIGHT,
        "data": ["tweeteval_sentiment (validation)", "uss user turns (SGD, MWOZ, ReDial, CCPE)", "contact_centre_sentiment.tsv (own)"],
        "metrics": metrics,
        "python": platform.python_version(),
    }
    record = save_model(head.to_state(), Path(out_dir), SENTIMENT_MODEL_FILE, meta=meta)
    write_sentiment_card(Path(out_dir), record, (Path(out_dir) / SENTIMENT_MODEL_FILE).stat().st_size)
    return metrics


def intent_frame(data_dir: Path) -> pd.DataFrame:
    """Banking77 plus the project's own general contact-centre intents."""
    return pd.concat([datasets.load_banking77(data_dir), datasets.load_own_intents()], ignore_index=True)


def intent_split(data_dir: Path, seed: int, max_rows_per_source: int | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(train, held-out): 20% of Banking77 held out; the own examples always train."""
    frame = _subsample(intent_frame(Path(data_dir)), max_rows_per_source, seed)
    held_out = datasets.held_out_mask(frame, seed) & (frame["source"] == "banking77").to_numpy()
    return frame[~held_out].reset_index(drop=True), frame[held_out].reset_index(drop=True)


def evaluate_intent(head: HybridHead, test: pd.DataFrame, taxonomy: Taxonomy) -> dict[str, Any]:
    """Ours vs nearest-label-prototype on held-out Banking77, fine (77) and coarse (taxonomy)."""
    encoder = get_encoder()
    test_texts = test["text"].tolist()
    test_encoded = encoder.encode(test_texts, batch_size=ENCODE_BATCH)
    truth = test["label"].to_numpy()
    ours = head.predict(test_texts, head.select(test_encoded))

    fine_labels = sorted(test["label"].unique())
    prototypes = encoder.encode([humanise_label(label) for label in fine_labels]).sentence
    baseline = PrototypeBaseline(fine_labels, prototypes).predict(test_encoded.sentence)

    classifier = IntentClassifier(head, taxonomy)
    coarse_truth = np.array([taxonomy.coarse(label) for label in truth])
    coarse_ours = np.array([r.intent for r in classifier.classify(test_texts, head.select(test_encoded))])
    coarse_names = sorted(n for n in taxonomy.intents if n != "other")
    coarse_protos = encoder.encode([taxonomy.intents[n] for n in coarse_names]).sentence
    coarse_baseline = PrototypeBaseline(coarse_names, coarse_protos).predict(test_encoded.sentence)
    return {
        "banking77_fine": {"ours": _scores(truth, ours), "prototype": _scores(truth, baseline)},
        "banking77_coarse": {
            "ours": _scores(coarse_truth, coarse_ours),
            "prototype": _scores(coarse_truth, coarse_baseline),
            "other_rate": round(float(np.mean(coarse_ours == "other")), 4),
        },
    }


def intent_head(seed: int) -> HybridHead:
    """The shipped intent head's settings, unfitted (shared with the encoder fine-tuning experiment)."""
    return HybridHead(
        embedding="both", embedding_weight=0.05, C=1.0, ngrams="words+chars", classifier="svm",
        max_ngram_features=INTENT_NGRAM_FEATURES, seed=seed,
    )


def train_intent(data_dir: Path, out_dir: Path, seed: int = 13, max_rows_per_source: int | None = None) -> dict[str, Any]:
    """Train the intent head into `out_dir` (e.g. models/intent); returns the metrics.

    Held out: 20% of Banking77, stratified by intent. The own contact-centre examples all train
    (they are too few to split) and are not part of any reported figure.
    """
    from cxmaturity.modelstore import save_model

    started = time.perf_counter()
    train, test = intent_split(Path(data_dir), seed, max_rows_per_source)
    rows = with_placeholder_copies(train, seed)
    train_texts, train_labels = rows["text"].tolist(), rows["label"].tolist()

    encoder = get_encoder()
    head = intent_head(seed)
    head.fit(train_texts, head.select(encoder.encode(train_texts, batch_size=ENCODE_BATCH)), train_labels)

    taxonomy = load_taxonomy()
    metrics: dict[str, Any] = {
        "held_out": evaluate_intent(head, test, taxonomy),
        "fine_intents": int(len(head.classes_)),
    }
    metrics.update(run_record(train, test, len(train_texts), seed, max_rows_per_source, started))
    meta = {
        "model": "intent",
        "command": "cxm train intent",
        "encoder": encoder.info(),
        "head": f"HybridHead: LinearSVC (softmax temperature fitted on 3-fold out-of-fold scores) over word+char TF-IDF (pruned to the {INTENT_NGRAM_FEATURES} n-grams with the largest weight in any class, then refitted) + mean-pooled MiniLM layers 4-6 + normalised sentence vector; weights stored as float16",
        "data": ["banking77 (train.csv)", "contact_centre_intents.tsv (own)"],
        "taxonomy": "src/cxmaturity/classify/taxonomy.yaml",
        "other_threshold": taxonomy.other_threshold,
        "metrics": metrics,
        "python": platform.python_version(),
    }
    record = save_model(head.to_state(), Path(out_dir), INTENT_MODEL_FILE, meta=meta)
    write_intent_card(Path(out_dir), record, (Path(out_dir) / INTENT_MODEL_FILE).stat().st_size)
    return metrics
