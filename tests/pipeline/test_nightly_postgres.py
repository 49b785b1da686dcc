"""`cxm nightly --store postgresql://...` against a real PostgreSQL server started for this module.

The server is Debian's PostgreSQL (`.ci/run` installs it), initialised in a temporary folder and listening on
loopback only; nothing is mocked. Skips, saying why, where the server binaries are not installed.
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.pipeline.test_nightly import _wait_for_lines, nightly, summary, write_drop


def _server_binary(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def postgres_url():
    pytest.importorskip("sqlalchemy")
    pytest.importorskip("psycopg")
    initdb, pg_ctl = _server_binary("initdb"), _server_binary("pg_ctl")
    if not initdb or not pg_ctl:
        pytest.skip("PostgreSQL server binaries not installed (`.ci/run` installs Debian's postgresql)")
    as_root = os.geteuid() == 0
    run_as = ["runuser", "-u", "postgres", "--"] if as_root else []
    home = Path(tempfile.mkdtemp(prefix="cxm-pg-"))
    if as_root:
        shutil.chown(home, "postgres")
    data, port = home / "data", _free_port()
    subprocess.run(
        [*run_as, initdb, "-D", str(data), "-A", "trust", "-U", "cxm", "--no-sync"], check=True, capture_output=True
    )
    options = f"-p {port} -k {home} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run(
        [*run_as, pg_ctl, "-D", str(data), "-o", options, "-l", str(home / "server.log"), "-w", "start"],
        check=True,
        capture_output=True,
    )
    try:
        yield f"postgresql://cxm@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*run_as, pg_ctl, "-D", str(data), "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(home, ignore_errors=True)


def _fresh_database(postgres_url: str) -> str:
    """A new empty database on the module's server."""
    import sqlalchemy

    name = f"cxm_{os.urandom(4).hex()}"
    engine = sqlalchemy.create_engine(
        postgres_url.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT"
    )
    with engine.connect() as con:
        con.execute(sqlalchemy.text(f"CREATE DATABASE {name}"))
    engine.dispose()
    return postgres_url.rsplit("/", 1)[0] + "/" + name


@pytest.fixture(scope="module")
def light_pipeline(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pipeline") / "light.yaml"
    path.write_text(
        "stages:\n  - name: ingest\n  - name: redact\n  - name: pace\n    config: {seconds: 0.01}\n"
        "  - name: repeat_contacts\n  - name: maturity\n",
        encoding="utf-8",
    )
    return path


def _rows(url: str, sql: str) -> list[tuple]:
    import sqlalchemy

    engine = sqlalchemy.create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as con:
        rows = [tuple(r) for r in con.execute(sqlalchemy.text(sql))]
    engine.dispose()
    return rows


@pytest.fixture(scope="module")
def pg_store(tmp_path_factory, driver, light_pipeline, postgres_url) -> dict:
    """Three runs into PostgreSQL (first, rerun, a re-export) and one into DuckDB over the same folder."""
    root = tmp_path_factory.mktemp("pg")
    url = _fresh_database(postgres_url)
    drop = root / "drop"
    write_drop(drop, files=2, per_file=8)
    first = summary(nightly(driver, drop, "--store", url, "--pipeline", light_pipeline))
    again = summary(nightly(driver, drop, "--store", url, "--pipeline", light_pipeline))
    lines = (drop / "n_export_00.jsonl").read_text(encoding="utf-8").splitlines()
    changed = json.loads(lines[3])
    changed["turns"].append({"speaker": "customer", "text": "sorry, one more question about the refund"})
    lines[3] = json.dumps(changed)
    (drop / "n_export_00.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    third = summary(nightly(driver, drop, "--store", url, "--pipeline", light_pipeline))
    duck = root / "cx.duckdb"
    summary(nightly(driver, drop, "--store", duck, "--pipeline", light_pipeline))
    return {"url": url, "duck": duck, "runs": (first, again, third)}


def test_nightly_into_postgres_is_incremental(pg_store):
    first, again, third = pg_store["runs"]
    assert first["conversations_added"] == 16 and first["status"] == "completed"
    assert again["conversations_added"] == 0 and again["conversations_skipped"] == 16
    assert (third["conversations_replaced"], third["conversations_skipped"]) == (1, 15)
    assert "cxm@127.0.0.1" in first["store"]
    statuses = [s for (s,) in _rows(pg_store["url"], "SELECT status FROM runs ORDER BY started_at")]
    assert statuses == ["completed"] * 3
    frameworks = {f for (f,) in _rows(pg_store["url"], "SELECT DISTINCT framework FROM evidence_snapshots")}
    assert {"ai_maturity", "icmi"} <= frameworks


def test_postgres_and_duckdb_stores_hold_the_same_rows(pg_store):
    import duckdb

    columns = "conversation_id, n_turns, n_customer_turns, pii_found, source_annotations"
    with duckdb.connect(str(pg_store["duck"]), read_only=True) as con:
        expected = sorted(con.execute(f"SELECT {columns} FROM conversations").fetchall())
        expected_texts = sorted(
            con.execute("SELECT conversation_id, turn_index, text, pii_types FROM turns").fetchall()
        )
    assert sorted(_rows(pg_store["url"], f"SELECT {columns} FROM conversations")) == expected
    assert (
        sorted(_rows(pg_store["url"], "SELECT conversation_id, turn_index, text, pii_types FROM turns"))
        == expected_texts
    )


def test_the_report_renders_from_a_postgres_store(tmp_path, pg_store):
    from cxmaturity.cli import main

    assert main(["report", "--store", pg_store["url"], "--out", str(tmp_path / "pack")]) == 0
    assert 'id="trend"' in (tmp_path / "pack" / "report.html").read_text(encoding="utf-8")


def test_a_second_run_on_a_postgres_store_refuses(tmp_path, driver, postgres_url):
    url = _fresh_database(postgres_url)
    drop = tmp_path / "drop"
    write_drop(drop, files=1, per_file=20)
    slow = tmp_path / "slow.yaml"
    slow.write_text("stages:\n  - name: ingest\n  - name: pace\n    config: {seconds: 0.2}\n  - name: maturity\n")
    log = tmp_path / "pace.log"
    first = nightly(driver, drop, "--store", url, "--pipeline", slow, env={"PACE_LOG": str(log)}, wait=False)
    _wait_for_lines(log, 1, first)
    second = nightly(driver, drop, "--store", url, "--pipeline", slow)
    assert second.returncode == 3 and "another cxm run is using this store" in second.stderr
    out, err = first.communicate(timeout=120)
    assert first.returncode == 0, err
    assert json.loads(out)["conversations_added"] == 20
