"""The pipeline benchmark (issue 17) stays runnable: its call generator, and the long suite end to end at N = 20.

The suite test is a real run (cxm analyze, the N = 1 start-up run, the profile, both naive baselines), small
enough for CI, so the benchmark cannot rot between the lead's full runs.
"""

from __future__ import annotations

import importlib.util
import json
import re
import statistics
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from cxmaturity.ingest import IngestOptions, read_path
from cxmaturity.model import SPEAKERS, Conversation

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "pipeline"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def long_calls() -> ModuleType:
    return _load("long_calls")


def test_calls_are_six_minutes_75_turns_740_words(long_calls: ModuleType) -> None:
    """The shape issue 17 measures on: six minutes, about 75 turns and 740 words, ordered timestamps."""
    calls = list(long_calls.iter_calls(40, seed=5))
    turns = statistics.mean(len(c["turns"]) for c in calls)
    words = statistics.mean(sum(len(t["text"].split()) for t in c["turns"]) for c in calls)
    minutes = statistics.mean(c["turns"][-1]["end"] for c in calls) / 60
    assert 68 <= turns <= 82
    assert 670 <= words <= 810
    assert 5.5 <= minutes <= 6.5
    for call in calls:
        assert call["channel"] == "voice" and call["turns"][0]["start"] == 0.0
        assert {t["speaker"] for t in call["turns"]} >= {"agent", "customer"}
        assert all(t["speaker"] in SPEAKERS for t in call["turns"])
        ends = [(t["start"], t["end"]) for t in call["turns"]]
        assert all(s <= e for s, e in ends) and all(a[1] <= b[0] for a, b in zip(ends, ends[1:], strict=False))


def test_minutes_set_the_length(long_calls: ModuleType) -> None:
    """Shorter calls have proportionally fewer turns, so words per second stay realistic."""
    shape = long_calls.CallShape(minutes=3.0)
    calls = list(long_calls.iter_calls(20, seed=5, shape=shape))
    assert 33 <= statistics.mean(len(c["turns"]) for c in calls) <= 42
    assert 2.7 <= statistics.mean(c["turns"][-1]["end"] for c in calls) / 60 <= 3.3


def test_seeded_and_independent_of_n(long_calls: ModuleType) -> None:
    """Same seed, same calls; the N = 200 corpus is the start of the N = 5,000 one (same calls in every run)."""
    assert list(long_calls.iter_calls(5, seed=3)) == list(long_calls.iter_calls(5, seed=3))
    assert list(long_calls.iter_calls(12, seed=3))[:5] == list(long_calls.iter_calls(5, seed=3))
    assert list(long_calls.iter_calls(3, seed=3)) != list(long_calls.iter_calls(3, seed=4))


def test_mix_of_industries_pii_and_call_events(long_calls: ModuleType) -> None:
    """Redaction and the signals get realistic work: spoken PII, holds, transfers, bots, repeated scripts."""
    calls = list(long_calls.iter_calls(150, seed=11))
    assert {c["metadata"]["industry"] for c in calls} == {i.key for i in long_calls.INDUSTRIES}
    text = "\n".join(t["text"] for c in calls for t in c["turns"])
    assert re.search(r"\bat \w+ dot (com|co dot uk)\b", text)  # spoken email
    assert re.search(r"@\w+\.(com|co\.uk)\b", text)  # written email
    assert re.search(r"\b\d{15,16}\b|\b\d{4} \d{4} \d{4}\b", text)  # card in digits
    assert re.search(
        r"\b(one|two|three|four|five|six|seven|eight|nine|oh)( (double )?(one|two|three|four|five|six|"
        r"seven|eight|nine|oh|zero)){10,}",
        text,
    )  # a number read out digit by digit
    assert re.search(r"\b[A-Z]{1,2}\d{1,2} \d[A-Z]{2}\b", text)  # postcode
    assert any(c["metadata"]["holds"] for c in calls) and any(c["metadata"]["transfers"] for c in calls)
    assert any(t["speaker"] in ("ivr", "bot") for c in calls for t in c["turns"])
    # scripted agent lines repeat across calls; customers mostly say their own thing
    agent = [t["text"] for c in calls for t in c["turns"] if t["speaker"] == "agent"]
    customer = [t["text"] for c in calls for t in c["turns"] if t["speaker"] == "customer" and len(t["text"]) > 30]
    assert len(set(agent)) / len(agent) < 0.6
    assert len(set(customer)) / len(customer) > 0.5


def test_cxm_reads_the_corpus(long_calls: ModuleType, tmp_path: Path) -> None:
    """The corpus is canonical JSONL as ingest reads it: every call and turn arrives."""
    path = tmp_path / "calls.jsonl"
    stats = long_calls.write_corpus(path, 6, seed=2)
    read = [c for c in read_path(path, IngestOptions()) if isinstance(c, Conversation)]
    assert len(read) == stats.calls == 6
    assert sum(len(c.turns) for c in read) == stats.turns
    assert read[0].channel == "voice" and read[0].turns[0].end is not None


def test_long_suite_small_run_writes_results(tmp_path: Path) -> None:
    """The CI-sized long suite: N = 20, one worker, baselines on 100 turns (about a minute on an idle 2-core box)."""
    out = tmp_path / "RESULTS.md"
    done = subprocess.run(
        [sys.executable, str(BENCH / "bench_pipeline.py"), "--sizes", "20", "--workers", "1",
         "--baseline-turns", "100", "--no-startup", "--out", str(out), "--workdir", str(tmp_path / "work")],
        timeout=900, capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    text = out.read_text(encoding="utf-8")
    for heading in ("## Issue 17's bars", "## End to end", "## Per stage", "## Naive baselines", "## Ratios",
                    "## Profile"):  # fmt: skip
        assert heading in text
    row = re.search(r"^\| 20 \| 1 \| (\d+) \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \| (\d+) \|", text, re.M)
    assert row, text
    turns, wall, calls_s, turns_s, rss = (float(x) for x in row.groups())
    assert turns > 1000 and wall > 0 and calls_s > 0 and turns_s > 0 and rss > 100
    for name in ("presidio AnalyzerEngine", "transformers pipeline"):
        base = re.search(rf"^\| {name}[^|]*\| 100 \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \|", text, re.M)
        assert base and float(base.group(2)) > 0 and float(base.group(3)) > 0, name
    assert "peak RSS < 3 GB" in text and "Start-up: not measured" in text
    assert re.search(r"Top \d+ by own time", text) and "`cxmaturity/" in text  # our code shows in the profile
    raw = json.loads((tmp_path / "work" / "results.json").read_text())
    assert raw["runs"][0]["n"] == 20 and raw["profile"]["own"]
