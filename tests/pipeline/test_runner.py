"""The runner accounts for every input, isolates failures and never writes raw text."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from cxmaturity.cli import main
from cxmaturity.model import Conversation
from cxmaturity.pipeline import ConversationStage, register_stage
from cxmaturity.pipeline.config import PipelineConfigError, load_pipeline
from cxmaturity.pipeline.runner import RunOptions, analyze
from cxmaturity.pipeline.stage import Corpus, CorpusStage

SECRET = "4111 1111 1111 1111"


def _conversation(cid: str, customer: str = "I was charged twice this month", **extra) -> dict:
    return {
        "conversation_id": cid,
        "channel": "voice",
        "queue": "billing",
        "started_at": "2026-11-20T09:14:03Z",
        "turns": [
            {
                "speaker": "agent",
                "text": "Thanks for calling Northwind Bank, how can I help?",
                "start": 0.0,
                "end": 3.1,
            },
            {"speaker": "customer", "text": customer, "start": 3.4, "end": 9.0},
            {"speaker": "agent", "text": "I'm sorry about that, let me check.", "start": 9.5, "end": 12.0},
        ],
        **extra,
    }


def _write_jsonl(path: Path, conversations: list[dict]) -> Path:
    path.write_text("".join(json.dumps(c) + "\n" for c in conversations), encoding="utf-8")
    return path


def _pipeline(tmp_path: Path, stages: list[str]) -> Path:
    path = tmp_path / "pipeline.yaml"
    path.write_text("stages:\n" + "".join(f"  - name: {s}\n" for s in stages))
    return path


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    exports = tmp_path / "exports"
    exports.mkdir()
    _write_jsonl(exports / "a_good.jsonl", [_conversation("c-1"), _conversation("c-2"), _conversation("c-3")])
    _write_jsonl(
        exports / "b_dupes.jsonl", [_conversation("c-2"), _conversation("c-4"), {"conversation_id": "c-5", "turns": []}]
    )
    (exports / "empty.json").write_text("")
    (exports / "broken.json").write_text('{"conversation_id": "c-9", "turns": [{"speaker": "agent", "te')
    (exports / "notes.json").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00binary")
    (exports / "README.md").write_text("# Exports from the dialler\n")
    return exports


def _by_name(manifest: dict) -> dict[str, dict]:
    return {Path(entry["path"]).name: entry for entry in manifest["inputs"]}


def test_every_input_is_accounted_for_and_good_files_still_processed(tmp_path: Path, batch: Path) -> None:
    out = tmp_path / "out"
    manifest = analyze(load_pipeline(_pipeline(tmp_path, ["ingest"])), [str(batch)], RunOptions(out_dir=out))
    files = _by_name(manifest)
    assert set(files) == {"a_good.jsonl", "b_dupes.jsonl", "empty.json", "broken.json", "notes.json"}
    assert [Path(s["path"]).name for s in manifest["skipped"]] == ["README.md"]
    assert "no reader handles '.md'" in manifest["skipped"][0]["reason"]
    assert files["a_good.jsonl"]["status"] == "ok"
    assert files["a_good.jsonl"]["conversations_written"] == 3
    dupes = files["b_dupes.jsonl"]
    assert dupes["status"] == "partial"
    assert dupes["conversations_written"] == 1
    reasons = {r.get("conversation_id"): r["reason"] for r in dupes["rejected"]}
    assert "duplicate conversation_id" in reasons["c-2"] and "a_good.jsonl" in reasons["c-2"]
    assert "no turns" in reasons["c-5"]
    for name in ("empty.json", "broken.json", "notes.json"):
        assert files[name]["status"] == "rejected", name
        assert files[name]["reason"], name
    assert "empty" in files["empty.json"]["reason"].lower()
    calls = pd.read_parquet(out / "calls.parquet")
    assert sorted(calls.conversation_id) == ["c-1", "c-2", "c-3", "c-4"]
    assert manifest["totals"]["conversations_written"] == 4
    written = json.loads((out / "manifest.json").read_text())
    assert written["totals"] == manifest["totals"]


def test_without_a_redact_stage_no_text_is_written(tmp_path: Path, batch: Path) -> None:
    out = tmp_path / "out"
    _write_jsonl(batch / "pii.jsonl", [_conversation("c-pii", customer=f"my card is {SECRET}")])
    manifest = analyze(load_pipeline(_pipeline(tmp_path, ["ingest"])), [str(batch)], RunOptions(out_dir=out))
    turns = pd.read_parquet(out / "turns.parquet")
    assert turns.text.isna().all()
    assert "no redact stage" in manifest["outputs"]["turns.parquet"]["text"]
    for path in out.iterdir():
        assert SECRET.encode() not in path.read_bytes(), path.name


@register_stage("test_explodes_on_refunds")
class ExplodesOnRefunds(ConversationStage):
    """A stage that fails on one conversation, with raw text in its exception message."""

    def __call__(self, conversation: Conversation) -> Conversation:
        if "refund" in conversation.turns[1].text:
            raise ValueError(f"cannot handle {conversation.turns[1].text}")
        conversation.call["seen_by_test_stage"] = True
        return conversation


def test_a_stage_failure_rejects_that_conversation_only_and_quotes_no_text(tmp_path: Path) -> None:
    exports = tmp_path / "exports"
    exports.mkdir()
    _write_jsonl(
        exports / "calls.jsonl",
        [_conversation("c-1"), _conversation("c-2", customer=f"refund to {SECRET} please"), _conversation("c-3")],
    )
    out = tmp_path / "out"
    manifest = analyze(
        load_pipeline(_pipeline(tmp_path, ["ingest", "test_explodes_on_refunds"])),
        [str(exports)],
        RunOptions(out_dir=out),
    )
    entry = manifest["inputs"][0]
    assert entry["status"] == "partial"
    rejected = entry["rejected"]
    assert [(r["conversation_id"], r["stage"]) for r in rejected] == [("c-2", "test_explodes_on_refunds")]
    assert rejected[0]["reason"].startswith("test_explodes_on_refunds failed: ValueError at ")
    calls = pd.read_parquet(out / "calls.parquet")
    assert sorted(calls.conversation_id) == ["c-1", "c-3"]
    assert calls.seen_by_test_stage.all()
    assert SECRET not in (out / "manifest.json").read_text()


def test_streams_in_chunks_and_merges_schemas(tmp_path: Path) -> None:
    exports = tmp_path / "exports"
    exports.mkdir()
    conversations = [_conversation(f"c-{i:03d}") for i in range(70)]
    conversations[5]["queue"] = None
    _write_jsonl(exports / "many.jsonl", conversations)
    out = tmp_path / "out"
    manifest = analyze(
        load_pipeline(_pipeline(tmp_path, ["ingest"])), [str(exports)], RunOptions(out_dir=out, chunk_size=8)
    )
    assert manifest["outputs"]["calls.parquet"]["rows"] == 70
    turns = pd.read_parquet(out / "turns.parquet")
    assert len(turns) == 210
    assert list(turns.turn_index[:3]) == [0, 1, 2]
    assert not (out / ".parts").exists()


def test_workers_give_the_same_tables(tmp_path: Path) -> None:
    exports = tmp_path / "exports"
    exports.mkdir()
    for n in range(3):
        _write_jsonl(exports / f"part{n}.jsonl", [_conversation(f"c-{n}-{i}") for i in range(12)])
    pipeline = load_pipeline(_pipeline(tmp_path, ["ingest"]))
    one = analyze(pipeline, [str(exports)], RunOptions(out_dir=tmp_path / "one", chunk_size=5))
    two = analyze(pipeline, [str(exports)], RunOptions(out_dir=tmp_path / "two", chunk_size=5, workers=2))
    assert one["totals"] == two["totals"]
    a = pd.read_parquet(tmp_path / "one" / "calls.parquet").sort_values("conversation_id").reset_index(drop=True)
    b = pd.read_parquet(tmp_path / "two" / "calls.parquet").sort_values("conversation_id").reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b)


def test_pipeline_file_errors_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(PipelineConfigError, match="first stage must be 'ingest'"):
        load_pipeline(_pipeline(tmp_path, ["redact"]))
    bad = tmp_path / "bad.yaml"
    bad.write_text("stages: [ingest, {name: ingest}]")
    with pytest.raises(PipelineConfigError, match="listed twice"):
        load_pipeline(bad)
    with pytest.raises(PipelineConfigError, match="unknown pipeline stage 'sentimint'"):
        analyze(load_pipeline(_pipeline(tmp_path, ["ingest", "sentimint"])), [], RunOptions(out_dir=tmp_path / "o"))


def test_cli_exit_codes(tmp_path: Path, batch: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pipeline = str(_pipeline(tmp_path, ["ingest"]))
    assert main(["analyze", str(batch), "--out", str(tmp_path / "out"), "--pipeline", pipeline, "--quiet"]) == 0
    printed = capsys.readouterr().out
    assert "4 of" in printed and str((tmp_path / "out").resolve()) in printed
    # Nothing found to read: the run cannot proceed.
    assert (
        main(["analyze", str(tmp_path / "nowhere"), "--out", str(tmp_path / "o2"), "--pipeline", pipeline, "--quiet"])
        == 1
    )
    # A missing input among good ones is accounted for, the rest still runs.
    assert (
        main(
            [
                "analyze",
                str(batch / "a_good.jsonl"),
                str(tmp_path / "nowhere.json"),
                "--out",
                str(tmp_path / "o3"),
                "--pipeline",
                pipeline,
                "--quiet",
            ]
        )
        == 0
    )
    manifest = json.loads((tmp_path / "o3" / "manifest.json").read_text())
    assert {e["status"] for e in manifest["inputs"]} == {"ok", "rejected"}
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0


@register_stage("test_corpus_crash")
class CorpusCrash(CorpusStage):
    """A corpus stage with a bug, whose exception message quotes transcript text."""

    def __call__(self, corpus: Corpus) -> Corpus:
        raise KeyError(f"no column for {SECRET}")


def test_a_corpus_stage_crash_still_writes_the_manifest_and_the_later_stages(tmp_path: Path, caplog) -> None:
    exports = tmp_path / "exports"
    exports.mkdir()
    _write_jsonl(exports / "calls.jsonl", [_conversation("c-1", customer=f"my card is {SECRET}"), _conversation("c-2")])
    out = tmp_path / "out"
    pipeline = _pipeline(tmp_path, ["ingest", "redact", "signals", "test_corpus_crash", "maturity", "report"])
    code = main(["analyze", str(exports), "--out", str(out), "--pipeline", str(pipeline), "--quiet"])
    assert code == 1
    message = caplog.text
    assert "stage 'test_corpus_crash' failed: KeyError at pipeline/execute.py:" in message
    assert "corpus stage(s) 'test_corpus_crash' failed; the tables, manifest.json" in message
    assert SECRET not in message
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["corpus_stages"]["test_corpus_crash"]["status"] == "error"
    assert manifest["corpus_stages"]["test_corpus_crash"]["reason"].startswith("KeyError at ")
    assert manifest["corpus_stages"]["maturity"] == {"status": "ok"}
    assert manifest["totals"]["conversations_written"] == 2
    for name in ("calls.parquet", "turns.parquet", "evidence.json", "report.html"):
        assert (out / name).is_file(), name
    assert SECRET not in (out / "manifest.json").read_text()


@register_stage("test_corpus_reads_manifest")
class CorpusReadsManifest(CorpusStage):
    """Records what manifest.json on disk says while the corpus stages are still running."""

    seen: dict = {}

    def __call__(self, corpus: Corpus) -> Corpus:
        CorpusReadsManifest.seen = json.loads((corpus.out_dir / "manifest.json").read_text())
        return corpus


def test_the_manifest_is_on_disk_before_the_corpus_stages_run(tmp_path: Path) -> None:
    exports = tmp_path / "exports"
    exports.mkdir()
    _write_jsonl(exports / "calls.jsonl", [_conversation("c-1"), _conversation("c-2")])
    out = tmp_path / "out"
    pipeline = _pipeline(tmp_path, ["ingest", "redact", "signals", "test_corpus_reads_manifest", "maturity"])
    assert main(["analyze", str(exports), "--out", str(out), "--pipeline", str(pipeline), "--quiet"]) == 0
    during = CorpusReadsManifest.seen  # what a run killed at this point would leave
    assert during["totals"]["conversations_written"] == 2
    assert [entry["status"] for entry in during["inputs"]] == ["ok"]
    assert during["corpus_stages"] == {
        "test_corpus_reads_manifest": {"status": "not_finished"},
        "maturity": {"status": "not_finished"},
    }
    after = json.loads((out / "manifest.json").read_text())
    assert after["corpus_stages"] == {"test_corpus_reads_manifest": {"status": "ok"}, "maturity": {"status": "ok"}}
