"""`cxm nightly` as a scheduler runs it: real subprocesses over drop folders into one DuckDB store.

Idempotent (a rerun adds nothing), incremental (a new file adds exactly its conversations, a re-export
replaces), crash-safe (SIGKILL at several moments, then a rerun, equals one clean run), a corrupt file does not
stop the night, and a second concurrent run refuses. Most runs use a light pipeline (ingest, a pacing stage
the test can watch, maturity) so the mechanics are tested in seconds; one run uses the default pipeline.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from cxmaturity.ingest.reader import expand_inputs, read_path
from cxmaturity.model import Conversation

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data"
# Columns that name the run that wrote a row, or the store's own hash key; everything else must match.
RUN_COLUMNS = ["run_id", "ingested_at", "content_hash"]


def _corpus_conversations() -> list[dict]:
    """The sample centre's conversations in canonical shape (every sample format, as read)."""
    return [
        c.to_canonical()
        for path in expand_inputs([str(SAMPLE)])
        for c in read_path(path)
        if isinstance(c, Conversation)
    ]


def write_drop(folder: Path, files: int, per_file: int, prefix: str = "n", day0: int = 1) -> list[str]:
    """`files` canonical JSONL exports of `per_file` conversations, ids unique, days spread over the month."""
    base = _corpus_conversations()
    folder.mkdir(parents=True, exist_ok=True)
    ids = []
    for f in range(files):
        lines = []
        for i in range(per_file):
            n = f * per_file + i
            conversation = dict(base[n % len(base)])
            conversation["conversation_id"] = f"{prefix}-{n:05d}"
            conversation["started_at"] = f"2026-11-{(day0 + n) % 28 + 1:02d}T09:{n % 60:02d}:00Z"
            ids.append(conversation["conversation_id"])
            lines.append(json.dumps(conversation))
        (folder / f"{prefix}_export_{f:02d}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ids


@pytest.fixture(scope="module")
def light_pipeline(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pipeline") / "light.yaml"
    path.write_text(
        "stages:\n  - name: ingest\n  - name: pace\n    config: {seconds: 0.01}\n"
        "  - name: repeat_contacts\n  - name: maturity\n",
        encoding="utf-8",
    )
    return path


def nightly(driver: Path, *args: str, env: dict | None = None, wait: bool = True):
    command = [sys.executable, str(driver), "nightly", *map(str, args), "--quiet"]
    environment = {**os.environ, **(env or {})}
    if not wait:
        return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment)
    return subprocess.run(command, capture_output=True, text=True, env=environment, timeout=600)


def summary(result) -> dict:
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1, result.stdout  # one line of JSON for the scheduler
    return json.loads(lines[0])


def table_checksum(store: Path, table: str, exclude: list[str]) -> tuple[int, str]:
    """(row count, SHA-256 of the sorted rows) without the columns that name the run."""
    with duckdb.connect(str(store), read_only=True) as con:
        frame = con.execute(f"SELECT * FROM {table}").df()
    frame = frame.drop(columns=[c for c in exclude if c in frame.columns])
    frame = frame[sorted(frame.columns)]
    lines = sorted(json.dumps(row, sort_keys=True, default=str) for row in frame.to_dict(orient="records"))
    return len(lines), hashlib.sha256("\n".join(lines).encode()).hexdigest()


def state(store: Path) -> dict[str, tuple[int, str]]:
    return {
        "conversations": table_checksum(store, "conversations", RUN_COLUMNS),
        "turns": table_checksum(store, "turns", RUN_COLUMNS),
        "evidence_snapshots": table_checksum(
            store, "evidence_snapshots", ["run_id", "created_at", "store_fingerprint", "evidence_json"]
        ),
    }


def runs(store: Path) -> pd.DataFrame:
    with duckdb.connect(str(store), read_only=True) as con:
        return con.execute("SELECT * FROM runs ORDER BY started_at").df()


# ------------------------------------------------------------------ the default pipeline


@pytest.fixture(scope="module")
def default_store(tmp_path_factory, driver) -> dict:
    """The default pipeline over a drop folder, then again after a new file arrives."""
    root = tmp_path_factory.mktemp("nightly_default")
    drop = root / "drop"
    ids = write_drop(drop, files=2, per_file=10)
    store = root / "cx.duckdb"
    first = summary(nightly(driver, drop, "--store", store))
    new_ids = write_drop(root / "late", files=1, per_file=6, prefix="late")
    (root / "late" / "late_export_00.jsonl").rename(drop / "late_export_00.jsonl")
    second = summary(nightly(driver, drop, "--store", store))
    return {"store": store, "ids": ids, "new_ids": new_ids, "first": first, "second": second}


def test_a_rerun_over_the_same_folder_adds_nothing(tmp_path, driver, light_pipeline):
    drop = tmp_path / "drop"
    write_drop(drop, files=2, per_file=10)
    store = tmp_path / "cx.duckdb"
    first = summary(nightly(driver, drop, "--store", store, "--pipeline", light_pipeline))
    after_first = state(store)
    second = summary(nightly(driver, drop, "--store", store, "--pipeline", light_pipeline))
    assert first["status"] == "completed" and first["conversations_added"] == 20
    assert second["conversations_added"] == 0 and second["conversations_skipped"] == 20
    assert second["snapshot_new"] is False and second["snapshot_run_id"] == first["run_id"]
    assert state(store) == after_first
    assert runs(store)["status"].tolist() == ["completed", "completed"]


def test_the_store_holds_redacted_analysed_rows(default_store):
    with duckdb.connect(str(default_store["store"]), read_only=True) as con:
        calls = con.execute("SELECT * FROM conversations").df()
        texts = [t for (t,) in con.execute("SELECT text FROM turns").fetchall()]
        snapshot = con.execute("SELECT framework, level, level_name, evidence_json FROM evidence_snapshots").df()
    assert {"intent", "predicted_csat", "transfers", "content_hash", "activity_date"} <= set(calls.columns)
    assert all(isinstance(t, str) for t in texts)  # redacted text is stored, never null text from a skipped stage
    assert not any("4111 1111 1111 1111" in t for t in texts)
    assert {"ai_maturity", "icmi"} <= set(snapshot["framework"])
    assert json.loads(snapshot["evidence_json"][0])["frameworks"]


def test_a_new_file_adds_exactly_its_conversations(default_store):
    first, second = default_store["first"], default_store["second"]
    assert first["status"] == "completed" and first["conversations_added"] == 20
    assert second["conversations_added"] == len(default_store["new_ids"]) == 6
    assert second["conversations_skipped"] == 20 and second["snapshot_new"] is True
    with duckdb.connect(str(default_store["store"]), read_only=True) as con:
        stored = {i for (i,) in con.execute("SELECT conversation_id FROM conversations").fetchall()}
        per_run = dict(con.execute("SELECT run_id, count(*) FROM conversations GROUP BY run_id").fetchall())
    assert stored == set(default_store["ids"]) | set(default_store["new_ids"])
    assert per_run == {first["run_id"]: 20, second["run_id"]: 6}
    assert runs(default_store["store"])["status"].tolist() == ["completed"] * 2


def test_report_and_export_read_the_store(default_store, tmp_path):
    from cxmaturity.cli import main

    store = default_store["store"]
    assert main(["report", "--store", str(store), "--out", str(tmp_path / "pack")]) == 0
    html = (tmp_path / "pack" / "report.html").read_text(encoding="utf-8")
    assert 'id="trend"' in html and "Trend across nightly snapshots" in html
    assert html.count("<tr><td>2026") >= 2  # one row per snapshot
    evidence = json.loads((tmp_path / "pack" / "evidence.json").read_text(encoding="utf-8"))
    assert evidence["frameworks"]["icmi"]["stage"]
    assert len(pd.read_parquet(tmp_path / "pack" / "calls.parquet")) == 26

    assert main(["export", "--store", str(store), "--parquet", str(tmp_path / "lake")]) == 0
    partitions = sorted(p.name for p in (tmp_path / "lake" / "conversations").iterdir())
    assert partitions and all(p.startswith("date=2026-11-") for p in partitions)
    with duckdb.connect() as con:
        glob = str(tmp_path / "lake" / "conversations" / "**" / "*.parquet")
        rows = con.execute(
            f"SELECT count(*), count(DISTINCT date) FROM read_parquet('{glob}', hive_partitioning = true)"
        ).fetchone()
        turns_glob = str(tmp_path / "lake" / "turns" / "**" / "*.parquet")
        n_turns = con.execute(f"SELECT count(*) FROM read_parquet('{turns_glob}', hive_partitioning = true)").fetchone()
    assert rows[0] == 26 and rows[1] == len(partitions)
    assert n_turns[0] == state(store)["turns"][0]
    assert len(pd.read_parquet(tmp_path / "lake" / "runs" / "runs.parquet")) == 2


# ------------------------------------------------------------------ re-exports, bad files, locks


def test_a_re_export_replaces_the_old_rows_and_is_recorded(tmp_path, driver, light_pipeline):
    drop = tmp_path / "drop"
    write_drop(drop, files=1, per_file=5)
    store = tmp_path / "cx.duckdb"
    summary(nightly(driver, drop, "--store", store, "--pipeline", light_pipeline))
    path = drop / "n_export_00.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    rows[2]["turns"].append({"speaker": "customer", "text": "and one more thing about my bill"})
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    again = summary(nightly(driver, drop, "--store", store, "--pipeline", light_pipeline))
    assert (again["conversations_replaced"], again["conversations_added"], again["conversations_skipped"]) == (1, 0, 4)
    with duckdb.connect(str(store), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM conversations").fetchone()[0] == 5
        n = con.execute("SELECT count(*) FROM turns WHERE conversation_id = 'n-00002'").fetchone()[0]
    assert n == len(rows[2]["turns"])


def test_a_corrupt_file_is_reported_and_the_rest_lands(tmp_path, driver, light_pipeline):
    drop = tmp_path / "drop"
    write_drop(drop, files=2, per_file=4)
    (drop / "truncated.json").write_text('{"conversation_id": "x-1", "turns": [{"speaker": "agent", "te')
    store, quarantine = tmp_path / "cx.duckdb", tmp_path / "quarantine"
    result = nightly(driver, drop, "--store", store, "--pipeline", light_pipeline, "--quarantine", quarantine)
    done = summary(result)  # exit 0: the run completed, even with a rejected file
    assert done["conversations_added"] == 8 and done["files_rejected"] == 1
    assert "truncated.json" in result.stderr
    recorded = json.loads(runs(store)["rejected_files"].iloc[0])
    assert [Path(r["path"]).name for r in recorded] == ["truncated.json"]
    assert recorded[0]["reason"] and recorded[0]["quarantined_to"]
    assert (quarantine / "truncated.json").exists() and not (drop / "truncated.json").exists()


def test_a_second_concurrent_run_refuses(tmp_path, driver, tmp_path_factory):
    drop = tmp_path / "drop"
    write_drop(drop, files=1, per_file=30)
    slow = tmp_path / "slow.yaml"
    slow.write_text("stages:\n  - name: ingest\n  - name: pace\n    config: {seconds: 0.2}\n  - name: maturity\n")
    store, log = tmp_path / "cx.duckdb", tmp_path / "pace.log"
    first = nightly(driver, drop, "--store", store, "--pipeline", slow, env={"PACE_LOG": str(log)}, wait=False)
    _wait_for_lines(log, 1, first)
    second = nightly(driver, drop, "--store", store, "--pipeline", slow)
    assert second.returncode == 3 and second.stdout == ""
    assert "another cxm run is using this store" in second.stderr and f"pid {first.pid}" in second.stderr
    out, err = first.communicate(timeout=120)
    assert first.returncode == 0, err
    assert json.loads(out)["conversations_added"] == 30


# ------------------------------------------------------------------ SIGKILL at any moment


def _wait_for_lines(log: Path, n: int, process: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if log.exists() and len(log.read_text().splitlines()) >= n:
            return
        if process.poll() is not None:
            raise AssertionError(f"the run ended before {n} conversations: {process.stderr.read()}")
        time.sleep(0.02)
    raise AssertionError(f"fewer than {n} conversations processed in {timeout}s")


@pytest.fixture(scope="module")
def kill_corpus(tmp_path_factory, driver, light_pipeline) -> dict:
    root = tmp_path_factory.mktemp("kill")
    drop = root / "drop"
    write_drop(drop, files=4, per_file=40)
    clean = root / "clean.duckdb"
    summary(nightly(driver, drop, "--store", clean, "--pipeline", light_pipeline, "--batch-size", "16"))
    return {"drop": drop, "clean": state(clean), "n": 160}


@pytest.mark.parametrize("kill_after", [5, 70, 131, 160])
def test_a_run_killed_at_any_moment_then_rerun_equals_a_clean_run(
    tmp_path, driver, light_pipeline, kill_corpus, kill_after
):
    store, log = tmp_path / "cx.duckdb", tmp_path / "pace.log"
    args = (kill_corpus["drop"], "--store", store, "--pipeline", light_pipeline, "--batch-size", "16")
    victim = nightly(driver, *args, env={"PACE_LOG": str(log)}, wait=False)
    _wait_for_lines(log, kill_after, victim)
    if kill_after == kill_corpus["n"]:
        time.sleep(0.05)  # in the last batch's commit or the snapshot
    victim.send_signal(signal.SIGKILL)
    victim.wait(timeout=60)
    assert victim.returncode == -signal.SIGKILL

    rerun = summary(nightly(driver, *args))
    assert state(store) == kill_corpus["clean"]
    history = runs(store)
    assert history["status"].tolist() in (["aborted", "completed"], ["completed", "completed"])
    assert rerun["conversations_added"] + rerun["conversations_skipped"] == kill_corpus["n"]
    if history["status"].iloc[0] == "aborted":  # the killed run is never marked finished
        assert pd.isna(history["finished_at"].iloc[0]) or history["error"].iloc[0]


# ------------------------------------------------------------------ the contract's form and clear errors


def test_the_contract_form_reads_a_config_file_and_the_window_counts_back_from_the_newest_day(tmp_path, capsys):
    from cxmaturity.cli import main

    write_drop(tmp_path / "drop", files=1, per_file=12)  # one conversation a day, 2026-11-02 to 2026-11-13
    (tmp_path / "bare.yaml").write_text("stages:\n  - name: ingest\n  - name: maturity\n", encoding="utf-8")
    (tmp_path / "nightly.yaml").write_text(
        "inputs: [drop]\nstore: cx.duckdb\npipeline: bare.yaml\nwindow_days: 7\n", encoding="utf-8"
    )
    assert main(["nightly", "--config", str(tmp_path / "nightly.yaml"), "--quiet"]) == 0
    assert json.loads(capsys.readouterr().out)["conversations_added"] == 12
    with duckdb.connect(str(tmp_path / "cx.duckdb"), read_only=True) as con:
        window = con.execute(
            "SELECT DISTINCT window_start, window_end, window_days, conversations FROM evidence_snapshots"
        ).fetchall()
    assert [(str(a), str(b), days, n) for a, b, days, n in window] == [("2026-11-07", "2026-11-13", 7, 7)]


def test_missing_store_or_snapshot_is_a_clear_error(tmp_path, caplog):
    from cxmaturity.cli import main

    assert main(["nightly", str(tmp_path)]) == 1
    assert "no store given" in caplog.text
    assert main(["report", "--store", str(tmp_path / "none.duckdb"), "--out", str(tmp_path / "pack")]) == 1
    assert "no such store" in caplog.text


def test_a_rerun_with_the_same_self_assessment_reuses_the_snapshot_and_a_changed_one_does_not(tmp_path, capsys):
    from cxmaturity.cli import main

    write_drop(tmp_path / "drop", files=1, per_file=4)
    (tmp_path / "bare.yaml").write_text("stages:\n  - name: ingest\n  - name: maturity\n", encoding="utf-8")
    assessment = tmp_path / "self_assessment.yaml"
    assessment.write_text((SAMPLE / "self_assessment.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    args = [
        "nightly",
        str(tmp_path / "drop"),
        "--store",
        str(tmp_path / "cx.duckdb"),
        "--pipeline",
        str(tmp_path / "bare.yaml"),
        "--self-assessment",
        str(assessment),
        "--quiet",
    ]
    runs_ = []
    for change in (False, False, True):
        if change:
            assessment.write_text(assessment.read_text(encoding="utf-8") + "\n# revised\n", encoding="utf-8")
        assert main(args) == 0
        runs_.append(json.loads(capsys.readouterr().out))
    assert [r["snapshot_new"] for r in runs_] == [True, False, True]
    with duckdb.connect(str(tmp_path / "cx.duckdb"), read_only=True) as con:
        evidence = json.loads(con.execute("SELECT evidence_json FROM evidence_snapshots LIMIT 1").fetchone()[0])
    assert evidence["self_assessment"]["items"]
