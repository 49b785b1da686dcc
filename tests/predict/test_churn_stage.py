"""The `churn` corpus stage is `churn_risk`'s one writer: it scores every call once, after
`repeat_contacts`, with the packaged hash-checked model; `cxm nightly` stores the per-conversation
score as each batch lands and the snapshot scores the window with repeat contacts known."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest
import yaml

from cxmaturity.model import Conversation, Turn
from cxmaturity.pipeline.config import load_pipeline
from cxmaturity.pipeline.nightly import NightlyOptions, nightly
from cxmaturity.pipeline.registry import get_stage, register_stage
from cxmaturity.pipeline.stage import ConversationStage, Corpus
from cxmaturity.predict.churn import load_churn_model
from cxmaturity.predict.churn_stage import ChurnStage, MissingChurnInputsError
from cxmaturity.signals.corpus import RepeatContactsStage
from tests.conftest import ROOT


def calls_frame() -> pd.DataFrame:
    """What the conversation stages leave: signals and CSAT columns; c1 and c2 are one customer 5 days apart."""
    return pd.DataFrame(
        {
            "conversation_id": ["c1", "c2", "c3"],
            "customer_id": ["cust-1", "cust-1", "cust-2"],
            "started_at": ["2026-03-01T09:00:00Z", "2026-03-06T17:30:00Z", "2026-03-02T10:00:00Z"],
            "resolved": [True, True, True],
            "cancellation_mention": [False, False, False],
            "predicted_csat": [3.1, 3.1, 3.1],
            "csat_dissatisfied_proba": [0.05, 0.05, 0.05],
            "categories": [[], [], []],
        }
    )


@pytest.fixture
def corpus(tmp_path: Path) -> Corpus:
    calls_frame().to_parquet(tmp_path / "calls.parquet", index=False)
    return Corpus(out_dir=tmp_path)


def test_scores_once_repeat_contacts_are_known(corpus: Corpus, tmp_path: Path) -> None:
    ChurnStage()(RepeatContactsStage()(corpus))
    written = pd.read_parquet(tmp_path / "calls.parquet")
    # A repeat contact raises churn risk; everything else about these calls is equal.
    assert written.loc[0, "churn_risk"] == written.loc[1, "churn_risk"] > written.loc[2, "churn_risk"]
    expected = load_churn_model().predict_proba_calls(written.to_dict(orient="records"))
    assert written["churn_risk"].tolist() == pytest.approx(list(expected), abs=0)


def test_column_sits_where_the_predict_stage_wrote_it(corpus: Corpus, tmp_path: Path) -> None:
    ChurnStage()(corpus)
    columns = list(pd.read_parquet(tmp_path / "calls.parquet").columns)
    assert columns[columns.index("csat_dissatisfied_proba") + 1] == "churn_risk"


def test_an_existing_column_is_replaced_in_place(corpus: Corpus, tmp_path: Path) -> None:
    frame = calls_frame().assign(churn_risk=-1.0)
    frame.to_parquet(tmp_path / "calls.parquet", index=False)
    ChurnStage()(Corpus(out_dir=tmp_path))
    written = pd.read_parquet(tmp_path / "calls.parquet")
    assert list(written.columns) == list(frame.columns)
    assert (written["churn_risk"] > 0).all()


def test_without_the_stages_it_reads_it_says_which(tmp_path: Path) -> None:
    calls_frame().drop(columns=["csat_dissatisfied_proba"]).to_parquet(tmp_path / "calls.parquet", index=False)
    with pytest.raises(MissingChurnInputsError, match="csat_dissatisfied_proba: the pipeline must run predict"):
        ChurnStage()(Corpus(out_dir=tmp_path))


def test_an_empty_run_gets_an_empty_column(tmp_path: Path) -> None:
    pd.DataFrame({"conversation_id": pd.Series([], dtype="string")}).to_parquet(tmp_path / "calls.parquet")
    ChurnStage()(Corpus(out_dir=tmp_path))
    assert list(pd.read_parquet(tmp_path / "calls.parquet").columns) == ["conversation_id", "churn_risk"]


def test_model_info_names_the_hash_checked_weights() -> None:
    info = ChurnStage().model_info()
    assert info["churn_model"] == "transparent" and len(info["churn_weights_sha256"]) == 64


def test_rows_landing_in_a_store_are_scored_without_repeat_contacts() -> None:
    rows = [dict(r) for r in calls_frame().to_dict(orient="records")]
    landed = ChurnStage().on_landing(rows)
    for row in landed:
        columns = list(row)
        assert columns[columns.index("csat_dissatisfied_proba") + 1] == "churn_risk"
    assert len({r["churn_risk"] for r in landed}) == 1  # repeat contacts are not known one batch at a time
    assert landed[0]["churn_risk"] == round(ChurnStage().score(rows)[0], 4)


def test_default_pipeline_runs_churn_right_after_repeat_contacts() -> None:
    names = [spec["name"] for spec in yaml.safe_load((ROOT / "pipelines" / "default.yaml").read_text())["stages"]]
    assert names.index("churn") == names.index("repeat_contacts") + 1
    assert names.index("predict") < names.index("repeat_contacts")
    assert get_stage("churn") is ChurnStage  # the entry point of pyproject.toml


@register_stage("churn_test_inputs")
class ChurnInputs(ConversationStage):
    """Stands in for signals and predict: the call columns churn reads, cancellation in c1 only."""

    def __call__(self, conversation: Conversation) -> Conversation:
        cancels = conversation.conversation_id == "n-1"
        conversation.call.update(resolved=True, cancellation_mention=cancels, csat_dissatisfied_proba=0.05)
        return conversation


def test_nightly_store_holds_per_conversation_churn_risk(tmp_path: Path) -> None:
    """Each stored conversation has the churn risk of its own columns (repeat contacts unknown), as when
    the per-call predict stage scored it; the snapshot's churn stage runs over the window too."""
    drop = tmp_path / "drop"
    drop.mkdir()
    lines = []
    for n, (customer, day) in enumerate([("a", 3), ("a", 5), ("b", 4)]):
        conversation = Conversation(
            f"n-{n}",
            [Turn("agent", "Hello, how can I help?"), Turn("customer", "I need help with my bill.")],
            channel="chat",
            started_at=f"2026-11-{day:02d}T09:00:00Z",
            customer_id=customer,
        )
        lines.append(json.dumps(conversation.to_canonical()))
    (drop / "export.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    pipeline = tmp_path / "pipeline.yaml"
    pipeline.write_text(
        "stages: [ingest, churn_test_inputs, repeat_contacts, churn]\n",
        encoding="utf-8",
    )
    store = tmp_path / "cx.duckdb"
    result = nightly(load_pipeline(pipeline), [str(drop)], NightlyOptions(store=store, window_days=3650))
    assert result["status"] == "completed"  # the snapshot ran repeat_contacts and churn over the window
    with duckdb.connect(str(store), read_only=True) as con:
        stored = con.execute("SELECT * FROM conversations ORDER BY conversation_id").df()
        manifest = json.loads(con.execute("SELECT manifest FROM runs").fetchone()[0])
    rows: list[dict[str, Any]] = [
        {"resolved": True, "cancellation_mention": n == 1, "csat_dissatisfied_proba": 0.05} for n in range(3)
    ]
    assert stored["churn_risk"].tolist() == [round(risk, 4) for risk in ChurnStage().score(rows)]  # as predict stored
    assert stored.loc[1, "churn_risk"] > stored.loc[0, "churn_risk"] == stored.loc[2, "churn_risk"]
    assert "churn" in manifest["pipeline"]["stages"]
