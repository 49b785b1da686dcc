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
from cxmaturity.classify.intent import (
    IN_SCOPE, INTENT_MODEL_FILE, OUT_OF_SCOPE, SCOPE_MODEL_FILE, IntentClassifier, PrototypeBaseline, humanise_label,
)
from cxmaturity.classify.model_card import write_intent_card, write_sentiment_card
from cxmaturity.classify.sentiment import SENTIMENT_MODEL_FILE, vader_labels
from cxmaturity.classify.taxonomy import OTHER, Taxonomy, load_taxonomy

ENCODE_BATCH = 64
# N-grams the intent head keeps: 8,000 of ~26,000 keep held-out accuracy within 0.1 point of the
# unpruned head and the artifact near 2 MB instead of 10 (models/ stays small).
INTENT_NGRAM_FEATURES = 8000
# Scale of the sentiment head's service-side (agent, bot, IVR) embedding copy (see HybridHead.service_weight). Chosen by 5-fold
# cross-validation over the agent training rows; the figures are in the sentiment model card (model_card.py).
SENTIMENT_SERVICE_WEIGHT = 10.0
# Share of calibration contact-reason queries the scope head must let through; the threshold is the
# strictest that does (measured during development: 0.98 keeps ~97.5% of held-out contact reasons
# and rejects ~86% of out-of-scope queries).
SCOPE_KEEP = 0.98


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


def intent_frame(data_dir: Path, taxonomy: Taxonomy) -> pd.DataFrame:
    """Banking77, CLINC150 (its four stored splits in `split`) and the project's own openings."""
    return pd.concat([datasets.load_banking77(data_dir).assign(split="train"),
                      datasets.load_clinc150(data_dir, taxonomy),
                      datasets.load_own_intents().assign(split="train")], ignore_index=True)


def intent_split(
    data_dir: Path, seed: int, max_rows_per_source: int | None = None, taxonomy: Taxonomy | None = None
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(train, calibration, held-out) intent rows.

    - held out: 20% of Banking77 (stratified by intent), half of CLINC150 `val` (stratified) and
      CLINC150 `oos_val`;
    - calibration (for the scope threshold): the other half of CLINC150 `val` and `oos_train`;
    - train: the rest (80% of Banking77, CLINC150 `train`, the own openings, which are never evaluated).
    """
    taxonomy = taxonomy or load_taxonomy()
    frame = _subsample(intent_frame(Path(data_dir), taxonomy), max_rows_per_source, seed)
    banking = (frame["source"] == "banking77").to_numpy()
    clinc_val = ((frame["source"] == "clinc150") & (frame["split"] == "val")).to_numpy()
    val_half = np.zeros(len(frame), dtype=bool)
    val_half[np.flatnonzero(clinc_val)[datasets.held_out_mask(frame[clinc_val], seed, fraction=0.5)]] = True
    held_out = (datasets.held_out_mask(frame, seed) & banking) | val_half | (frame["split"] == "oos_val").to_numpy()
    calibration = (clinc_val & ~val_half) | (frame["split"] == "oos_train").to_numpy()
    train = ~held_out & ~calibration
    return tuple(frame[m].reset_index(drop=True) for m in (train, calibration, held_out))  # type: ignore[return-value]


def contact_reason_mask(frame: pd.DataFrame, taxonomy: Taxonomy) -> np.ndarray:
    """True for rows whose fine intent is a contact reason (not mapped to `other`)."""
    return np.array([taxonomy.coarse(label) != OTHER for label in frame["label"]])


def calibrate_scope(classifier: IntentClassifier, calibration: pd.DataFrame, keep: float = SCOPE_KEEP) -> dict[str, Any]:
    """The scope threshold: the lowest P(no contact reason) that still lets through `keep` of the
    calibration contact-reason queries (lower rejects more); with what it rejects at that point."""
    texts = calibration["text"].tolist()
    view = classifier.head.select(get_encoder().encode(texts, batch_size=ENCODE_BATCH))
    outside = classifier.outside_proba(texts, view)
    contact = contact_reason_mask(calibration, classifier.taxonomy)
    oos = (calibration["split"] == "oos_train").to_numpy()
    grid = [round(float(x), 2) for x in np.arange(0.2, 0.96, 0.05)]
    chosen = next((th for th in grid if np.mean(outside[contact] < th) >= keep), grid[-1])
    return {
        "threshold": chosen,
        "contact_reason_kept": round(float(np.mean(outside[contact] < chosen)), 4),
        "out_of_scope_rejected": round(float(np.mean(outside[oos] >= chosen)), 4),
        "n_contact_reason": int(contact.sum()), "n_out_of_scope": int(oos.sum()),
    }


def evaluate_intent(classifier: IntentClassifier, test: pd.DataFrame) -> dict[str, Any]:
    """Held-out figures: Banking77 fine and coarse (ours vs nearest label prototype), and on CLINC150
    the contact-reason accuracy, the rejection of in-scope non-contact and out-of-scope queries,
    each with and without the scope head (a threshold on the coarse probability alone)."""
    head, taxonomy = classifier.head, classifier.taxonomy
    encoder = get_encoder()
    out: dict[str, Any] = {}
    banking = test[test["source"] == "banking77"]
    if len(banking):
        texts = banking["text"].tolist()
        encoded = encoder.encode(texts, batch_size=ENCODE_BATCH)
        truth = banking["label"].to_numpy()
        ours = head.predict(texts, head.select(encoded))
        fine_labels = sorted(banking["label"].unique())
        baseline = PrototypeBaseline(fine_labels, encoder.encode([humanise_label(x) for x in fine_labels]).sentence)
        coarse_truth = np.array([taxonomy.coarse(label) for label in truth])
        coarse_ours = np.array([r.intent for r in classifier.classify(texts, head.select(encoded))])
        coarse_names = sorted(n for n in taxonomy.intents if n != OTHER)
        coarse_baseline = PrototypeBaseline(coarse_names, encoder.encode([taxonomy.intents[n] for n in coarse_names]).sentence)
        out["banking77_fine"] = {"ours": _scores(truth, ours), "prototype": _scores(truth, baseline.predict(encoded.sentence))}
        out["banking77_coarse"] = {"ours": _scores(coarse_truth, coarse_ours),
                                   "prototype": _scores(coarse_truth, coarse_baseline.predict(encoded.sentence)),
                                   "other_rate": round(float(np.mean(coarse_ours == OTHER)), 4)}
    clinc = test[test["source"] == "clinc150"]
    if len(clinc):
        texts = clinc["text"].tolist()
        view = head.select(encoder.encode(texts, batch_size=ENCODE_BATCH))
        truth = np.array([taxonomy.coarse(label) for label in clinc["label"]])
        oos = (clinc["split"] == "oos_val").to_numpy()
        contact = truth != OTHER
        no_scope = IntentClassifier(head, taxonomy)
        for name, model in (("with_scope_head", classifier), ("coarse_threshold_only", no_scope)):
            predicted = np.array([r.intent for r in model.classify(texts, view)])
            out[f"clinc150_{name}"] = {
                "contact_reason_accuracy": round(float(np.mean(predicted[contact] == truth[contact])), 4),
                "no_contact_reason_rejected": round(float(np.mean(predicted[~contact & ~oos] == OTHER)), 4),
                "out_of_scope_recall": round(float(np.mean(predicted[oos] == OTHER)), 4) if oos.any() else None,
                "n_contact_reason": int(contact.sum()), "n_no_contact_reason": int((~contact & ~oos).sum()),
                "n_out_of_scope": int(oos.sum()),
            }
    return out


def intent_head(seed: int) -> HybridHead:
    """The shipped intent head's settings, unfitted (shared with the encoder fine-tuning experiment)."""
    return HybridHead(
        embedding="both", embedding_weight=0.05, C=1.0, ngrams="words+chars", classifier="svm",
        max_ngram_features=INTENT_NGRAM_FEATURES, seed=seed,
    )


def scope_head(seed: int) -> HybridHead:
    """The binary contact-reason-or-not head: same encoder view as the intent head, logistic regression."""
    return HybridHead(embedding="both", embedding_weight=0.05, C=0.3, ngrams="words+chars", classifier="logreg",
                      class_weight="balanced", seed=seed)


def train_intent(data_dir: Path, out_dir: Path, seed: int = 13, max_rows_per_source: int | None = None) -> dict[str, Any]:
    """Train the intent and scope heads into `out_dir` (e.g. models/intent); returns the metrics.

    The intent head learns the contact-reason fine intents (Banking77, CLINC150's contact reasons,
    the own openings); the scope head learns contact reason vs not from the same rows plus
    CLINC150's other intents. The scope threshold is calibrated on the calibration rows; every
    figure is on the held-out rows (see `intent_split`).
    """
    from cxmaturity.modelstore import save_model

    started = time.perf_counter()
    taxonomy = load_taxonomy()
    train, calibration, test = intent_split(Path(data_dir), seed, max_rows_per_source, taxonomy)
    rows = with_placeholder_copies(train, seed)
    texts = rows["text"].tolist()
    encoder = get_encoder()
    head = intent_head(seed)
    view = head.select(encoder.encode(texts, batch_size=ENCODE_BATCH))
    contact = contact_reason_mask(rows, taxonomy)
    head.fit([t for t, c in zip(texts, contact) if c], view[contact], rows["label"][contact].tolist())
    scope = scope_head(seed).fit(texts, view, [IN_SCOPE if c else OUT_OF_SCOPE for c in contact])
    classifier = IntentClassifier(head, taxonomy, scope)
    calibrated = calibrate_scope(classifier, calibration)
    classifier.scope_threshold = calibrated["threshold"]

    metrics: dict[str, Any] = {
        "held_out": evaluate_intent(classifier, test),
        "scope_calibration": calibrated,
        "fine_intents": int(len(head.classes_)),
        "own_openings": int((train["source"] == "contact_centre_own").sum()),
        "no_contact_reason_train_rows": int((~contact_reason_mask(train, taxonomy)).sum()),
        "calibration_rows": int(len(calibration)),
    }
    metrics.update(run_record(train, test, len(texts), seed, max_rows_per_source, started))
    meta = {
        "model": "intent",
        "command": "cxm train intent",
        "encoder": encoder.info(),
        "head": f"HybridHead: LinearSVC (softmax temperature fitted on 3-fold out-of-fold scores) over word+char TF-IDF (pruned to the {INTENT_NGRAM_FEATURES} n-grams with the largest weight in any class, then refitted) + mean-pooled MiniLM layers 4-6 + normalised sentence vector; weights stored as float16",
        "scope_head": "HybridHead: class-balanced logistic regression, contact reason vs not, over the same features",
        "scope_threshold": calibrated["threshold"],
        "data": ["banking77 (train.csv)", "clinc150 (train; val and oos splits for calibration and evaluation)",
                 "contact_centre_intents.tsv (own)"],
        "taxonomy": "src/cxmaturity/classify/taxonomy.yaml",
        "other_threshold": taxonomy.other_threshold,
        "metrics": metrics,
        "python": platform.python_version(),
    }
    record = save_model(scope.to_state(), Path(out_dir), SCOPE_MODEL_FILE, meta=meta)
    record = save_model(head.to_state(), Path(out_dir), INTENT_MODEL_FILE, meta=record)
    write_intent_card(Path(out_dir), record, (Path(out_dir) / INTENT_MODEL_FILE).stat().st_size)
    return metrics
