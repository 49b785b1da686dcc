"""`cxm analyze --engine ray` gives the local engine's tables and manifest (issue #16).

Each Ray run starts (and shuts down) its own local Ray instance, as the command line does; the
two engines must agree on every `calls` row, every turn's text and the accounting of every input.
The row encoding the engine sends between Ray processes is checked without Ray.
"""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cxmaturity.ingest import IngestOptions, expand_inputs, read_path
from cxmaturity.model import Conversation, Turn
from cxmaturity.pipeline.config import load_pipeline
from cxmaturity.pipeline.ray_engine import (
    _decode_conversation,
    _encode_conversation,
    _outbound,
    analyze_on_ray,
)
from cxmaturity.pipeline.runner import RunOptions, analyze
from tests.conftest import SAMPLE_DATA

SECRET = "4111 1111 1111 1111"
# Ray Data's own DataContext reads its deprecated settings when it copies itself.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:ray.*")


def _ray():
    return pytest.importorskip("ray")


def test_conversations_cross_ray_boundaries_unchanged() -> None:
    conversations = [
        c
        for path in expand_inputs([str(SAMPLE_DATA)])
        for c in read_path(path, IngestOptions())
        if isinstance(c, Conversation)
    ]
    assert len(conversations) == 50
    for conversation in conversations:
        assert _decode_conversation(json.loads(_encode_conversation(conversation))) == conversation


def test_an_unredacted_conversation_leaves_an_actor_without_text() -> None:
    conversation = Conversation(
        "c-1",
        [Turn("customer", f"my card is {SECRET}", metadata={"note": SECRET})],
        metadata={"subject": SECRET, "echo_turns_merged": 2},
    )
    conversation.call["holds"] = 1
    sent = _encode_conversation(_outbound(conversation))
    assert SECRET not in sent
    back = _decode_conversation(json.loads(sent))
    assert back.call == {"holds": 1} and back.metadata == {"echo_turns_merged": 2}
    conversation = Conversation("c-2", [Turn("customer", "my card is [CREDIT_CARD]")], redacted=True)
    assert _outbound(conversation) is conversation


def _frame(out: Path, name: str, keys: list[str]) -> pd.DataFrame:
    return pd.read_parquet(out / name).sort_values(keys).reset_index(drop=True)


def _same_value(a, b) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return list(a) == list(b)
    if a is None or a is pd.NA or b is None or b is pd.NA:
        return (a is None or a is pd.NA) and (b is None or b is pd.NA)
    if isinstance(a, float) and isinstance(b, float):
        return (math.isnan(a) and math.isnan(b)) or math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-12)
    return bool(a == b)


def assert_same_calls(local: Path, on_ray: Path) -> None:
    a = _frame(local, "calls.parquet", ["conversation_id"])
    b = _frame(on_ray, "calls.parquet", ["conversation_id"])
    assert list(a.conversation_id) == list(b.conversation_id)
    assert list(a.columns) == list(b.columns)
    differences = [
        (column, a.conversation_id[i])
        for column in a.columns
        for i, (x, y) in enumerate(zip(a[column], b[column], strict=True))
        if not _same_value(x, y)
    ]
    assert not differences, differences[:10]


def assert_same_turns(local: Path, on_ray: Path) -> None:
    a = _frame(local, "turns.parquet", ["conversation_id", "turn_index"])
    b = _frame(on_ray, "turns.parquet", ["conversation_id", "turn_index"])
    assert len(a) == len(b)
    assert list(a.text) == list(b.text)
    assert list(a.speaker) == list(b.speaker)


def _manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text())


def _accounting(manifest: dict) -> dict:
    return {
        entry["path"]: (
            entry["status"],
            entry["reason"],
            entry["conversations_read"],
            entry["conversations_written"],
            sorted(json.dumps(r, sort_keys=True) for r in entry["rejected"]),
        )
        for entry in manifest["inputs"]
    }


@pytest.fixture(scope="module")
def sample_runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The default pipeline over sample_data, locally and on Ray (2 actors), once for the module."""
    ray = _ray()
    base = tmp_path_factory.mktemp("engines")
    config = load_pipeline()
    analyze(config, [str(SAMPLE_DATA)], RunOptions(out_dir=base / "local"))
    try:
        analyze_on_ray(config, [str(SAMPLE_DATA)], RunOptions(out_dir=base / "ray"), actors=2)
        assert not ray.is_initialized(), "the engine shuts down the Ray instance it started"
    finally:
        ray.shutdown()
    return base / "local", base / "ray"


def test_ray_and_local_give_equal_calls_rows(sample_runs) -> None:
    assert_same_calls(*sample_runs)


def test_ray_and_local_give_the_same_turns(sample_runs) -> None:
    assert_same_turns(*sample_runs)


def test_ray_manifest_accounts_for_every_input_as_local_does(sample_runs) -> None:
    local, on_ray = (_manifest(out) for out in sample_runs)
    assert on_ray["totals"] == local["totals"]
    assert on_ray["totals"]["conversations_written"] == 50
    assert _accounting(on_ray) == _accounting(local)
    assert [entry["format"] for entry in on_ray["inputs"]] == [entry["format"] for entry in local["inputs"]]
    assert on_ray["skipped"] == local["skipped"]
    assert on_ray["outputs"] == local["outputs"]
    assert on_ray["models"] == local["models"]
    assert on_ray["corpus_stages"] == local["corpus_stages"]
    assert set(on_ray["timings"]["stages_s"]) == set(local["timings"]["stages_s"])
    engine = on_ray["engine"]
    assert (engine["name"], engine["actors"], engine["address"]) == ("ray", 2, "local")
    assert len(engine["actor_peak_rss_mib"]) >= 1
    for name in ("evidence.json", "report.html"):
        assert (sample_runs[1] / name).is_file()


def _exports_with_problems(folder: Path) -> Path:
    """sample_data/jsonl and /srt, plus a broken JSON file, a conversation without turns and a
    second copy of an id that an earlier file already has."""
    shutil.copytree(SAMPLE_DATA / "jsonl", folder / "a_jsonl")
    shutil.copytree(SAMPLE_DATA / "srt", folder / "b_srt")
    first = json.loads((SAMPLE_DATA / "jsonl" / "contacts_2026-11.jsonl").read_text().splitlines()[0])
    (folder / "c_broken.json").write_text(
        '{"conversation_id": "c-broken", "turns": [{"speaker": "customer", "text": "my card is ' + SECRET
    )
    extra = [
        dict(first, turns=first["turns"][:3]),  # the same id again: a duplicate of a_jsonl's
        {"conversation_id": "c-no-turns", "turns": []},
        dict(first, conversation_id="c-fresh"),
    ]
    (folder / "d_more.jsonl").write_text("".join(json.dumps(c) + "\n" for c in extra))
    return folder


def test_a_corrupt_file_is_rejected_and_the_rest_lands(tmp_path: Path) -> None:
    ray = _ray()
    exports = _exports_with_problems(tmp_path / "exports")
    pipeline = tmp_path / "pipeline.yaml"
    pipeline.write_text("stages: [ingest, redact, signals, repeat_contacts, maturity, report]\n")
    config = load_pipeline(pipeline)
    local = analyze(config, [str(exports)], RunOptions(out_dir=tmp_path / "local"))
    try:
        on_ray = analyze_on_ray(config, [str(exports)], RunOptions(out_dir=tmp_path / "ray"), actors=2)
    finally:
        ray.shutdown()
    files = {Path(entry["path"]).name: entry for entry in on_ray["inputs"]}
    assert files["c_broken.json"]["status"] == "rejected"
    assert files["c_broken.json"]["reason"]
    assert files["contacts_2026-11.jsonl"]["status"] == "ok"
    more = files["d_more.jsonl"]
    assert more["status"] == "partial" and more["conversations_written"] == 1
    reasons = {r["conversation_id"]: r["reason"] for r in more["rejected"]}
    assert (
        "contacts_2026-11.jsonl"
        in reasons[
            json.loads((exports / "a_jsonl" / "contacts_2026-11.jsonl").read_text().splitlines()[0])["conversation_id"]
        ]
    )
    assert "no turns" in reasons["c-no-turns"]
    assert _accounting(on_ray) == _accounting(local)
    assert on_ray["totals"] == local["totals"]
    assert on_ray["totals"]["conversations_written"] == len(pd.read_parquet(tmp_path / "ray" / "calls.parquet"))
    assert_same_calls(tmp_path / "local", tmp_path / "ray")
    assert_same_turns(tmp_path / "local", tmp_path / "ray")
    for path in (tmp_path / "ray").iterdir():
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path.name


def test_nightly_on_ray_lands_what_the_local_engine_lands_and_reruns_add_nothing(tmp_path) -> None:
    _ray()
    import subprocess
    import sys

    from tests.pipeline.test_nightly import state, summary, write_drop

    write_drop(tmp_path / "drop", files=2, per_file=6)
    pipeline = tmp_path / "pipeline.yaml"
    pipeline.write_text("stages:\n  - name: ingest\n  - name: redact\n  - name: signals\n  - name: maturity\n")

    def nightly(store: Path, *engine: str) -> dict:
        command = [
            sys.executable,
            "-m",
            "cxmaturity.cli",
            "nightly",
            str(tmp_path / "drop"),
            "--store",
            str(store),
            "--pipeline",
            str(pipeline),
            "--quiet",
            *engine,
        ]
        return summary(subprocess.run(command, capture_output=True, text=True, timeout=600))

    local = nightly(tmp_path / "local.duckdb")
    on_ray = nightly(tmp_path / "ray.duckdb", "--engine", "ray", "--ray-actors", "2")
    again = nightly(tmp_path / "ray.duckdb", "--engine", "ray", "--ray-actors", "2")
    assert local["conversations_added"] == on_ray["conversations_added"] == 12
    assert state(tmp_path / "ray.duckdb") == state(tmp_path / "local.duckdb")
    assert (again["conversations_added"], again["conversations_skipped"]) == (0, 12)
