"""Everything in a pipeline is checked before the first conversation is read (pipeline/plan.py).

A typo in any stage's config fails in `cxm analyze` and `cxm nightly` with one line naming the
pipeline file, the stage and the field, and no input is opened, no stage after it is built, and no
conversation stage runs.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from cxmaturity.cli import main
from cxmaturity.errors import ConfigError, CxmError
from cxmaturity.ingest.stage import IngestStage
from cxmaturity.model import Conversation
from cxmaturity.pipeline import ConversationStage, CorpusStage, register_stage
from cxmaturity.pipeline.config import PipelineConfigError, load_pipeline
from cxmaturity.pipeline.plan import RunOptions, build_plan
from cxmaturity.pipeline.runner import analyze
from cxmaturity.pipeline.stage import Corpus

SECRET = "4111 1111 1111 1111"
EVENTS: list[str] = []  # what the spy stages and the spied-on ingest did, in order


@register_stage("test_plan_spy")
class Spy(ConversationStage):
    """Listed after the stage with the typo: it must never be built, let alone called."""

    def __init__(self) -> None:
        EVENTS.append("spy built")

    def __call__(self, conversation: Conversation) -> Conversation:
        EVENTS.append("spy called")
        return conversation


@register_stage("test_plan_corpus_spy")
class CorpusSpy(CorpusStage):
    """Records what a corpus stage is handed."""

    def prepare(self, options: dict[str, Any]) -> None:
        EVENTS.append(f"prepared with {options}")

    def __call__(self, corpus: Corpus) -> Corpus:
        EVENTS.append(f"corpus self_assessment={corpus.self_assessment}")
        return corpus


@register_stage("test_plan_leaky_constructor")
class LeakyConstructor(ConversationStage):
    """A constructor that fails with a library-style error whose message quotes text."""

    def __init__(self) -> None:
        raise RuntimeError(f"cannot parse {SECRET}")


@pytest.fixture(autouse=True)
def spied(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record any attempt to find or open an input."""
    EVENTS.clear()

    def expand(self: IngestStage, inputs: list[str], **kwargs: Any) -> list[Path]:
        EVENTS.append("inputs expanded")
        return []

    def read(self: IngestStage, path: Path, **kwargs: Any) -> Any:
        EVENTS.append("input read")
        return iter(())

    monkeypatch.setattr(IngestStage, "expand", expand)
    monkeypatch.setattr(IngestStage, "read", read)
    return EVENTS


def _pipeline(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "typo.yaml"
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def _export(tmp_path: Path) -> Path:
    path = tmp_path / "calls.jsonl"
    turns = [{"speaker": "customer", "text": f"my card is {SECRET}"}]
    path.write_text(json.dumps({"conversation_id": "c-1", "turns": turns}) + "\n", encoding="utf-8")
    return path


TYPOS = {
    "ingest": (
        """
        stages:
          - name: ingest
            config: {speker_map: {spk_0: agent}}
          - name: test_plan_spy
        """,
        "speker_map",
    ),
    "redact": (
        """
        stages:
          - name: ingest
          - name: redact
            config: {placeholderz: consistent}
          - name: test_plan_spy
        """,
        "placeholderz",
    ),
    "classify": (
        """
        stages:
          - name: ingest
          - name: classify
            config: {batchsize: 8}
          - name: test_plan_spy
        """,
        "batchsize",
    ),
    "report": (
        """
        stages:
          - name: ingest
          - name: test_plan_spy
          - name: report
            config: {max_exampels: 3}
        """,
        "max_exampels",
    ),
}


@pytest.mark.parametrize("stage", sorted(TYPOS))
def test_a_config_typo_fails_before_any_input_is_read(
    tmp_path: Path, stage: str, caplog: pytest.LogCaptureFixture
) -> None:
    body, field = TYPOS[stage]
    pipeline = _pipeline(tmp_path, body)
    args = ["analyze", str(_export(tmp_path)), "--out", str(tmp_path / "out"), "--pipeline", str(pipeline)]
    with caplog.at_level(logging.ERROR, logger="cxmaturity"):
        assert main([*args, "--quiet"]) == 1
    message = caplog.text
    assert str(pipeline) in message and f"stage '{stage}'" in message and field in message
    assert "unexpected" not in message
    assert EVENTS == []  # no input found or opened, and the spy stage never built
    assert not (tmp_path / "out" / "manifest.json").exists()


def test_a_config_typo_fails_nightly_before_any_input_is_read(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    body, field = TYPOS["redact"]
    pipeline = _pipeline(tmp_path, body)
    drop = tmp_path / "drop"
    drop.mkdir()
    _export(drop)
    store = tmp_path / "cx.duckdb"
    with caplog.at_level(logging.ERROR, logger="cxmaturity"):
        assert main(["nightly", str(drop), "--store", str(store), "--pipeline", str(pipeline), "--quiet"]) == 1
    assert str(pipeline) in caplog.text and "stage 'redact'" in caplog.text and field in caplog.text
    assert EVENTS == []
    assert not store.exists()  # an option typo fails before the store is created or locked


def test_a_bad_value_names_the_stage_and_the_field(tmp_path: Path) -> None:
    pipeline = _pipeline(
        tmp_path,
        """
        stages:
          - name: ingest
          - name: report
            config: {agent_ids: everyone}
        """,
    )
    with pytest.raises(ConfigError, match=r"typo\.yaml: stage 'report': .*agent_ids"):
        build_plan(load_pipeline(pipeline))


def test_corpus_stages_are_checked_before_conversation_stages_are_built(tmp_path: Path) -> None:
    """So a typo in `report` does not wait for the conversation stages' models to load."""
    pipeline = _pipeline(
        tmp_path,
        """
        stages:
          - name: ingest
          - name: test_plan_spy
          - name: report
            config: {agent_ids: everyone}
        """,
    )
    with pytest.raises(ConfigError):
        build_plan(load_pipeline(pipeline))
    assert EVENTS == []


def test_with_workers_a_typo_still_fails_before_any_input(tmp_path: Path) -> None:
    # The workers build the stages (this process does not build them twice) and report the typo back.
    # The spy stage of TYPOS is registered in this process only, so a worker would not know it.
    body = TYPOS["redact"][0].replace("- name: test_plan_spy", "")
    pipeline = load_pipeline(_pipeline(tmp_path, body))
    with pytest.raises(ConfigError, match=r"typo\.yaml: stage 'redact': .*placeholderz"):
        analyze(pipeline, [str(_export(tmp_path))], RunOptions(out_dir=tmp_path / "out", workers=2))
    assert EVENTS == []


def test_with_workers_a_bad_value_found_while_a_worker_builds_fails_before_any_input(tmp_path: Path) -> None:
    # Known keys pass this process's checks; the value is refused by the stage's constructor, which with
    # workers runs only in the pool, and its message comes back as this process's own would have.
    body = """
        stages:
          - name: ingest
          - name: signals
            config: {cached_texts: -1, turn_model: false}
        """
    pipeline = load_pipeline(_pipeline(tmp_path, body))
    with pytest.raises(ConfigError, match=r"typo\.yaml: stage 'signals': signals\.cached_texts"):
        analyze(pipeline, [str(_export(tmp_path))], RunOptions(out_dir=tmp_path / "out", workers=2))
    assert EVENTS == []


def test_config_errors_are_one_hierarchy(tmp_path: Path) -> None:
    assert issubclass(PipelineConfigError, ConfigError) and issubclass(ConfigError, CxmError)
    assert issubclass(ConfigError, ValueError)  # callers that caught ValueError still do
    with pytest.raises(PipelineConfigError, match="unknown pipeline stage 'sentimint'"):
        build_plan(load_pipeline(_pipeline(tmp_path, "stages: [ingest, sentimint]\n")))


def test_the_cli_never_prints_a_library_message(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    pipeline = _pipeline(tmp_path, "stages: [ingest, test_plan_leaky_constructor]\n")
    args = ["analyze", str(_export(tmp_path)), "--out", str(tmp_path / "out"), "--pipeline", str(pipeline)]
    with caplog.at_level(logging.ERROR, logger="cxmaturity"):
        assert main([*args, "--quiet"]) == 1
    assert "unexpected RuntimeError at pipeline/plan.py:" in caplog.text
    assert SECRET not in caplog.text


def test_the_self_assessment_reaches_prepare_and_the_corpus_as_a_typed_field(tmp_path: Path) -> None:
    pipeline = load_pipeline(_pipeline(tmp_path, "stages: [ingest, test_plan_corpus_spy]\n"))
    claims = tmp_path / "claims.yaml"
    analyze(pipeline, ["nothing"], RunOptions(out_dir=tmp_path / "out", self_assessment=claims))
    assert EVENTS == [
        f"prepared with {{'self_assessment': {claims!r}}}",
        "inputs expanded",
        f"corpus self_assessment={claims}",
    ]


def test_a_run_without_classify_never_imports_it_nor_torch(tmp_path: Path) -> None:
    """Stages are entry points, imported when a pipeline names them (spaCy-based stages bring torch with thinc)."""
    pipeline = _pipeline(tmp_path, "stages: [ingest, repeat_contacts, maturity, report]\n")
    probe = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from cxmaturity.pipeline.config import load_pipeline
        from cxmaturity.pipeline.plan import build_plan
        from cxmaturity.pipeline.registry import registered_stages
        assert "classify" in registered_stages()
        build_plan(load_pipeline(Path({str(pipeline)!r})))
        print(sorted(m for m in ("torch", "transformers", "cxmaturity.classify.stage") if m in sys.modules))
    """)
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=300, check=True)
    assert done.stdout.strip() == "[]"
