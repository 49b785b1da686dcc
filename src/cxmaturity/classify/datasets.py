"""Readers for the labelled public data in ../shared/data/ and the fixed held-out splits.

Each reader returns a DataFrame with `text`, `label` and `source` (sentiment readers also
`speaker`, the canonical role of who said it), so training and the
benchmark see the same rows and the same seeded, stratified 80/20 split. The data is read in
place and never copied into the repository.
"""

from __future__ import annotations

import json
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from cxmaturity.classify.taxonomy import Taxonomy

SENTIMENT_LABELS: tuple[str, ...] = ("negative", "neutral", "positive")
HELD_OUT_FRACTION = 0.2
OWN_SENTIMENT_FILE = Path(__file__).with_name("contact_centre_sentiment.tsv")
OWN_SENTIMENT_SPEAKERS: tuple[str, ...] = ("customer", "agent")


def _require(path: Path) -> Path:
    if not path.exists():
        raise FileNotFoundError(f"training data missing: {path} (see ../shared/data/README.md)")
    return path


def load_tweeteval(data_dir: Path) -> pd.DataFrame:
    """TweetEval sentiment validation split (0 negative, 1 neutral, 2 positive)."""
    folder = data_dir / "tweeteval_sentiment"
    texts = _require(folder / "val_text.txt").read_text(encoding="utf-8").splitlines()
    labels = _require(folder / "val_labels.txt").read_text(encoding="utf-8").split()
    if len(texts) != len(labels):
        raise ValueError(f"{folder}: {len(texts)} texts but {len(labels)} labels")
    return pd.DataFrame(
        {
            "text": [t.strip() for t in texts],
            "label": [SENTIMENT_LABELS[int(v)] for v in labels],
            "source": "tweeteval",
            "speaker": "unknown",  # members of the public writing in their own voice, nobody's agent
        }
    )


GOEMOTIONS_SPLITS: tuple[str, ...] = ("train", "dev")
# labels.txt of the sentiment grouping: 0 ambiguous, 1 negative, 2 neutral, 3 positive.
GOEMOTIONS_GROUPS: dict[str, str | None] = {"0": None, "1": "negative", "2": "neutral", "3": "positive"}


def load_goemotions(data_dir: Path, split: str = "train") -> pd.DataFrame:
    """GoEmotions Reddit comments with exactly one sentiment group (Demszky et al. 2020's grouping).

    Comments carrying several groups (negative and positive at once) or only `ambiguous` have no
    single tone to learn and are left out, as the single-label evaluations do.
    """
    if split not in GOEMOTIONS_SPLITS:
        raise ValueError(f"GoEmotions split must be one of {GOEMOTIONS_SPLITS}, got {split!r}")
    path = _require(data_dir / "goemotions_sentiment" / f"{split}.tsv")
    frame = pd.read_csv(
        path, sep="\t", header=None, names=["text", "labels", "comment_id"], dtype=str, quoting=3, keep_default_na=False
    )
    unknown = sorted(set(",".join(frame["labels"]).split(",")) - set(GOEMOTIONS_GROUPS))
    if unknown:
        raise ValueError(f"{path}: unknown label ids {unknown}")
    single = frame[~frame["labels"].str.contains(",") & frame["labels"].map(GOEMOTIONS_GROUPS).notna()]
    return pd.DataFrame(
        {
            "text": single["text"].str.strip().to_list(),
            "label": single["labels"].map(GOEMOTIONS_GROUPS).to_list(),
            "source": "goemotions",
            "speaker": "unknown",  # members of the public commenting, nobody's agent
            "split": split,
        }
    )


def load_own_sentiment() -> pd.DataFrame:
    """The project's own hand-labelled contact-centre turns (written for this project)."""
    frame = pd.read_csv(
        _require(OWN_SENTIMENT_FILE), sep="\t", comment="#", names=["label", "speaker", "text"], dtype=str
    )
    frame["text"] = frame["text"].str.strip()
    bad = sorted(set(frame["label"]) - set(SENTIMENT_LABELS))
    if bad:
        raise ValueError(f"{OWN_SENTIMENT_FILE}: unknown labels {bad}")
    bad = sorted(set(frame["speaker"]) - set(OWN_SENTIMENT_SPEAKERS))
    if bad:
        raise ValueError(f"{OWN_SENTIMENT_FILE}: unknown speakers {bad}")
    frame["source"] = "contact_centre_own"
    return frame


def load_banking77(data_dir: Path) -> pd.DataFrame:
    """Banking77 queries with their fine-grained intent."""
    frame = pd.read_csv(_require(data_dir / "banking77" / "train.csv"))
    frame = frame.rename(columns={"category": "label"})
    frame["source"] = "banking77"
    return frame[["text", "label", "source"]]


def held_out_mask(frame: pd.DataFrame, seed: int, fraction: float = HELD_OUT_FRACTION) -> np.ndarray:
    """True for held-out rows: stratified by source and label, grouped by dialogue where one exists.

    USS turns of one dialogue stay on the same side so the held-out turns come from dialogues the
    head never saw. Each source's draw depends only on the seed, its name and its own rows.
    """
    mask = np.zeros(len(frame), dtype=bool)
    groups = frame["group"] if "group" in frame else pd.Series([None] * len(frame), index=frame.index)
    positions = np.arange(len(frame))
    for source in sorted(frame["source"].unique()):
        # One generator per source, seeded by its name: adding rows to one source (the own
        # labelled turns grow) must not move the held-out rows of another.
        rng = np.random.default_rng([seed, zlib.crc32(source.encode("utf-8"))])
        in_source = (frame["source"] == source).to_numpy()
        source_groups = groups[in_source]
        if source_groups.notna().all():
            unique = np.array(sorted(source_groups.unique()))
            rng.shuffle(unique)
            chosen = set(unique[: int(round(len(unique) * fraction))])
            mask[positions[in_source]] = source_groups.isin(chosen).to_numpy()
            continue
        for label in sorted(frame.loc[in_source, "label"].unique()):
            members = positions[in_source & (frame["label"] == label).to_numpy()]
            members = members.copy()
            rng.shuffle(members)
            mask[members[: int(round(len(members) * fraction))]] = True
    return mask


CLINC_SPLITS = ("train", "val", "oos_train", "oos_val")


def load_clinc150(data_dir: Path, taxonomy: Taxonomy) -> pd.DataFrame:
    """CLINC150 queries (all four stored splits, in the `split` column) labelled with the fine intent
    each trains (`taxonomy.aliases['clinc150']` renames; out-of-scope `oos` becomes `out_of_scope`).

    Every CLINC intent must be known to the taxonomy, as a contact reason or in `no_contact_reason`:
    an intent that is neither would silently train a fine label that maps to nothing.
    """
    path = _require(data_dir / "clinc150" / "data_train_val.json")
    raw = json.loads(path.read_text(encoding="utf-8"))
    rows = [
        (text, taxonomy.fine_name("clinc150", intent), intent, split)
        for split in CLINC_SPLITS
        for text, intent in raw[split]
    ]
    unknown = sorted({fine for _, fine, _, _ in rows if fine not in taxonomy.fine_to_coarse})
    if unknown:
        raise ValueError(
            f"{taxonomy.source}: CLINC150 intents {unknown} are neither mapped in fine_to_coarse "
            "nor listed in no_contact_reason"
        )
    frame = pd.DataFrame(rows, columns=["text", "label", "clinc_intent", "split"])
    frame["source"] = "clinc150"
    return frame


OWN_INTENT_FILE = Path(__file__).with_name("contact_centre_intents.tsv")


def load_own_intents() -> pd.DataFrame:
    """The project's own general contact-centre opening requests (fine intents Banking77 lacks)."""
    frame = pd.read_csv(_require(OWN_INTENT_FILE), sep="\t", comment="#", names=["label", "text"], dtype=str)
    frame["text"] = frame["text"].str.strip()
    frame["source"] = "contact_centre_own"
    return frame[["text", "label", "source"]]
