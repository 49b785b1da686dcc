"""`train_csat` end to end on a small USS-shaped folder: the real classify and signals stages, the
cross-validated choice, a calibrated P(dissatisfied), a hash-checked artifact with its card, and a
model that ranks a failing dialogue below a smooth one and refuses other features."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from cxmaturity.model import Conversation, Turn
from cxmaturity.modelstore import ModelIntegrityError, models_dir
from cxmaturity.predict.csat import MissingSentimentError, RatingScale, load_csat_model
from cxmaturity.predict.training import fit_calibration
from cxmaturity.predict.uss import PARTS

PLACES = ("Windsor", "Leeds", "Oxford", "Bath", "York")
FOODS = ("Italian", "Thai", "Mexican", "Indian")


def _smooth(i: int) -> list[str]:
    place, food = PLACES[i % 5], FOODS[i % 4]
    return [
        f"USER\tI'd like a table for two at a {food} place in {place} tonight.\tINFORM\t3,3,3",
        f"SYSTEM\tI booked a table for two at Casa {i} in {place} at 7pm.\tNOTIFY_SUCCESS\t",
        "USER\tPerfect, that's great, thank you so much!\tTHANK\t4,4,5",
        "SYSTEM\tYou're welcome. Is there anything else I can help with?\tREQMORE\t",
        "USER\tNo, that's all, thanks for your help.\tBYE\t4,4,4",
        f"USER\tOVERALL\tOTHER\t{4 + i % 2},4,{3 + i % 3}",
    ]


def _failing(i: int) -> list[str]:
    place, food = PLACES[i % 5], FOODS[i % 4]
    return [
        f"USER\tI'd like a table for two at a {food} place in {place} tonight.\tINFORM\t3,3,3",
        "SYSTEM\tWhich city would you like?\tREQUEST\t",
        f"USER\tAs I said, {place}. A {food} place in {place} tonight.\tINFORM\t2,2,3",
        "SYSTEM\tSorry, I can't do that.\tNOTIFY_FAILURE\t",
        "USER\tThis is useless, you never understand anything.\tOTHER\t1,2,1",
        f"USER\tOVERALL\tOTHER\t{1 + i % 2},2,{2 + i % 2}",
    ]


def _write_uss(folder: Path, per_part: int = 20) -> Path:
    uss = folder / "uss"
    uss.mkdir(parents=True)
    for offset, part in enumerate(PARTS):
        dialogues = [(_failing if (i + offset) % 3 == 0 else _smooth)(i + offset) for i in range(per_part)]
        (uss / f"{part}.txt").write_text("\n\n".join("\n".join(lines) for lines in dialogues) + "\n")
    return folder


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Path]:
    from cxmaturity.predict.training import train_csat

    root = tmp_path_factory.mktemp("uss")
    meta = train_csat(_write_uss(root / "data"), root / "csat")
    return meta, root / "csat"


def test_training_records_what_it_was_trained_on(trained: tuple[dict, Path]) -> None:
    meta, directory = trained
    assert meta["kind"] == "csat-call-level"
    assert meta["data"]["n_train_calls"] == 64 and meta["data"]["n_test_calls"] == 16
    assert meta["estimator_choice"]["chosen"] in meta["estimator_choice"]["candidates"]
    assert set(meta["analysis"]) >= {
        "classify",
        "signals",
    }  # the real stages ran over the calls
    assert "sentiment" in meta["analysis"]["classify"]["models"]
    assert set(meta["upstream"]) == {"sentiment", "signals", "phrases"}
    installed = json.loads((models_dir() / "sentiment" / "meta.json").read_text())
    assert meta["upstream"]["sentiment"] == installed["files"]  # recorded as the classify stage loaded it
    assert isinstance(meta["sentiment_data"], list)
    assert "upstream" not in meta["analysis"]
    assert (directory / "MODEL_CARD.md").read_text().startswith("# Predicted CSAT, call level")
    assert json.loads((directory / "meta.json").read_text())["files"]["model.skops"] == meta["files"]["model.skops"]


def test_held_out_failing_dialogues_rank_below_smooth_ones(
    trained: tuple[dict, Path],
) -> None:
    metrics = trained[0]["metrics"]["all"]
    assert metrics["rho"]["predicted_csat"] > 0.4  # labels vary within each kind of dialogue: ~0.8 is the ceiling
    assert metrics["auc_dissatisfied"] > 0.8
    assert set(metrics["rho"]) == {
        "predicted_csat",
        "sentiment_mean",
        "customer_sentiment_end",
    }


def test_trained_model_scores_new_calls_in_range(trained: tuple[dict, Path]) -> None:
    from cxmaturity.classify.stage import ClassifyStage
    from cxmaturity.signals.stage import SignalsStage

    model = load_csat_model(trained[1])
    calls = [
        Conversation(
            "bad",
            [
                Turn("customer", "I want a table in Bath tonight."),
                Turn("agent", "Which city?"),
                Turn("customer", "As I said, Bath."),
                Turn("agent", "Sorry, I can't do that."),
                Turn("customer", "This is useless."),
            ],
            channel="chat",
        ),
        Conversation(
            "good",
            [
                Turn("customer", "I want a table in Bath tonight."),
                Turn("agent", "I booked Casa 3 in Bath at 7pm."),
                Turn("customer", "Perfect, thank you so much!"),
            ],
            channel="chat",
        ),
    ]
    calls = list(SignalsStage().pipe(ClassifyStage().pipe(calls)))
    prediction = model.predict(calls)
    assert np.all((prediction.rating >= 1) & (prediction.rating <= 5))
    assert np.all((prediction.dissatisfied >= 0) & (prediction.dissatisfied <= 1))
    assert prediction.rating[0] < prediction.rating[1]
    assert prediction.dissatisfied[0] > prediction.dissatisfied[1]
    with pytest.raises(MissingSentimentError, match="classify"):
        model.predict([SignalsStage()(Conversation("raw", [Turn("customer", "Hello?")]))])


def test_load_refuses_a_model_trained_on_other_features(trained: tuple[dict, Path], tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "csat"
    shutil.copytree(trained[1], copy)
    meta = json.loads((copy / "meta.json").read_text())
    meta["features"] = meta["features"][:-1]
    (copy / "meta.json").write_text(json.dumps(meta))
    with pytest.raises(ModelIntegrityError, match="other features"):
        load_csat_model(copy)


def test_rating_scale_keeps_the_ranking_and_takes_the_ratings_spread() -> None:
    rng = np.random.default_rng(0)
    labels = np.clip(3.1 + 0.45 * rng.normal(size=2000), 1, 5)
    scores = 3.1 + 0.15 * (labels - 3.1) + 0.05 * rng.normal(size=2000)  # a cautious regressor
    scale = RatingScale.fit(scores, labels)
    rating = scale.to_rating(scores)
    assert np.std(rating) == pytest.approx(np.std(labels), rel=0.05)
    assert np.all(np.diff(rating[np.argsort(scores)]) >= 0)
    assert scale.to_rating(np.array([-100.0, 100.0])).tolist() == [1.0, 5.0]
    assert RatingScale.from_array(scale.as_array()) == scale


def test_calibration_is_a_probability_falling_with_the_score() -> None:
    rng = np.random.default_rng(1)
    scores = rng.normal(3.1, 0.3, size=3000)
    dissatisfied = rng.random(3000) < 1 / (1 + np.exp(12 * (scores - 2.7)))
    calibration = fit_calibration(scores, dissatisfied)
    grid = calibration.predict_proba(np.linspace(2.0, 4.0, 21).reshape(-1, 1))[:, 1]
    assert np.all(np.diff(grid) < 0) and grid[0] > 0.9 and grid[-1] < 0.01
    assert calibration.predict_proba(scores.reshape(-1, 1))[:, 1].mean() == pytest.approx(dissatisfied.mean(), abs=0.01)
    with pytest.raises(ValueError, match="both"):
        fit_calibration(scores, np.zeros(3000, dtype=bool))


def test_load_warns_when_the_sentiment_model_changed_since_training(
    trained: tuple[dict, Path], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Features read the sentiment head's output: a model trained behind another head still loads
    (a run must not stop) but says it should be retrained."""
    import logging
    import shutil

    copy = tmp_path / "csat"
    shutil.copytree(trained[1], copy)
    with caplog.at_level(logging.WARNING, logger="cxmaturity.predict.csat"):
        load_csat_model(copy)
    assert not caplog.records
    meta = json.loads((copy / "meta.json").read_text())
    meta["upstream"]["sentiment"] = {"sentiment_head.skops": "0" * 64}
    (copy / "meta.json").write_text(json.dumps(meta))
    with caplog.at_level(logging.WARNING, logger="cxmaturity.predict.csat"):
        load_csat_model(copy)
    assert "sentiment" in caplog.text and "cxm train csat" in caplog.text
