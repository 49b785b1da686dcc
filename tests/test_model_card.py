"""Model cards are generated from meta.json, so a card rewritten later must match the one training wrote."""

import json
from pathlib import Path

from cxmaturity.classify.model_card import write_intent_card, write_sentiment_card

MODELS = Path(__file__).resolve().parents[1] / "models"


def _meta(name: str) -> dict:
    return json.loads((MODELS / name / "meta.json").read_text())


def _dir(path: Path) -> Path:
    path.mkdir(parents=True)
    return path


def test_sentiment_card_lists_combined_first_whatever_order_the_metrics_came_in(tmp_path: Path) -> None:
    meta = _meta("sentiment")
    as_stored = write_sentiment_card(_dir(tmp_path / "stored"), meta, 1000).read_text()
    reversed_meta = json.loads(json.dumps(meta))
    reversed_meta["metrics"]["held_out"] = dict(reversed(list(meta["metrics"]["held_out"].items())))
    as_reversed = write_sentiment_card(_dir(tmp_path / "reversed"), reversed_meta, 1000).read_text()

    assert as_stored == as_reversed
    table = [line.split("|")[1].strip() for line in as_stored.splitlines() if line.startswith("| ") and "**" in line]
    assert table[0] == "combined"
    assert table[1:] == sorted(table[1:])


def test_committed_cards_are_what_their_meta_generates(tmp_path: Path) -> None:
    for name, write in (("sentiment", write_sentiment_card), ("intent", write_intent_card)):
        directory = MODELS / name
        meta = _meta(name)
        # As training measures it: the sentiment head with its branch; the intent head alone.
        files = meta["files"] if name == "sentiment" else ["intent_head.skops"]
        artifact_bytes = sum((directory / f).stat().st_size for f in files)
        card = write(_dir(tmp_path / name), meta, artifact_bytes)
        assert card.read_text() == (directory / "MODEL_CARD.md").read_text(), f"{name} card is stale: regenerate it"
