"""A sixth framework, written only as YAML, goes through the maturity stage and the report.

Nothing in Python knows the toy framework: the maturity stage is pointed at its file with the
`framework_files` option, and the report finds its title, level label, levels and ladder section in
the definitions the maturity stage hands on.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from cxmaturity.maturity.stage import MaturityStage
from cxmaturity.pipeline.stage import Corpus
from cxmaturity.report.stage import ReportStage
from tests.maturity.conftest import AUTOMATED, COMMON_VERDICT_KEYS, make_corpus

TOY = """
id: toy_model
name: The toy maturity model (a test fixture)
title: Toy maturity
source: written for this test
order: 6
scoring: cumulative
level_label: step
report:
  headline: "{Label} {level} of {levels}"
  ladder:
    id: toy-ladder
    heading: Toy ladder
    intro: The {levels_word} {labels} of the toy model.
levels:
  - level: 1
    name: Start
  - level: 2
    name: Steady
  - level: 3
    name: Stellar
criteria:
  - id: agents_greet
    level: 2
    name: Agents greet the customer
    observability: direct
    evidence:
      - id: greeting_share
        metric: rate
        column: greeting
        where: {human_agent_involved: true}
        direction: higher
        evidenced: 0.6
        partial: 0.3
        describe: share of agent-handled conversations with a greeting
  - id: agents_know_history
    level: 3
    name: Agents know the customer's history
    observability: direct
    evidence:
      - id: history_share
        metric: rate
        column: history_reference
        where: {human_agent_involved: true}
        direction: higher
        evidenced: 0.5
        partial: 0.2
        describe: share of agent-handled conversations citing the customer's history
  - id: export_carries_qa
    level: 3
    name: The export carries QA scores
    observability: proxy
    evidence: [qa_fields_in_export]
"""


@pytest.fixture(scope="module")
def toy_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("toy")
    frameworks = folder / "frameworks"
    frameworks.mkdir()
    (frameworks / "toy_model.yaml").write_text(TOY, encoding="utf-8")
    out = folder / "out"
    out.mkdir()
    calls, turns = make_corpus(AUTOMATED, 200, seed=21)  # greets (0.8 of calls), never cites history
    calls.to_parquet(out / "calls.parquet", index=False)
    turns.to_parquet(out / "turns.parquet", index=False)

    maturity = MaturityStage(framework_files=[str(frameworks)])
    report = ReportStage(title="Toy centre")
    for stage in (maturity, report):
        stage.prepare({})
    corpus = Corpus(out_dir=out)
    for stage in (maturity, report):
        corpus = stage(corpus)
    return out


def test_the_toy_verdict_is_in_evidence_json_with_the_common_shape(toy_run: Path) -> None:
    evidence = json.loads((toy_run / "evidence.json").read_text(encoding="utf-8"))
    toy = evidence["frameworks"]["toy_model"]
    assert toy["title"] == "Toy maturity" and toy["label"] == "step" and toy["status"] == "ok"
    assert [level["name"] for level in toy["levels"]] == ["Start", "Steady", "Stellar"]
    # Agents greet (evidenced) but never cite history (QA in the export is not enough on its own):
    # step 2, with step 3 partial and its unmet criterion as the next step.
    assert toy["level"] == 2 and toy["level_name"] == "Steady" and toy["step"] == "Steady"
    assert [level["status"] for level in toy["levels"]] == ["evidenced", "evidenced", "partial"]
    assert toy["next_level"] == {"level": 3, "name": "Stellar", "gaps": ["agents_know_history"]}
    assert toy["summary"] == "Evidenced at step 2 (Steady)."
    greet = toy["levels"][1]["criteria"][0]
    assert greet["status"] == "evidenced" and greet["metrics"]["greeting_share"]["n"] > 0
    # The shipped frameworks are still there, and every verdict has the common keys.
    assert {"ai_maturity", "icmi", "four_stage", "five_level", "curve"} < set(evidence["frameworks"])
    for verdict in evidence["frameworks"].values():
        assert COMMON_VERDICT_KEYS <= set(verdict)


def test_the_toy_framework_renders_in_the_report_with_its_title_levels_and_ladder(toy_run: Path) -> None:
    html = (toy_run / "report.html").read_text(encoding="utf-8")
    verdict = re.search(r'<article class="verdict" id="verdict-toy_model">.*?</article>', html, flags=re.S)
    assert verdict, "the toy framework has no headline verdict"
    assert "<h3>Toy maturity</h3>" in verdict.group(0)
    assert "Steady" in verdict.group(0) and "Step 2 of 3" in verdict.group(0)
    # It comes after the five shipped frameworks (`order: 6`).
    keys = re.findall(r'id="verdict-([a-z_]+)"', html)
    assert keys == ["ai_maturity", "icmi", "four_stage", "five_level", "curve", "toy_model"]
    ladder = re.search(r'<section id="toy-ladder".*?</section>', html, flags=re.S)
    assert ladder, "the toy framework's ladder section is missing"
    assert "Toy ladder" in ladder.group(0) and "The three steps of the toy model." in ladder.group(0)
    assert ladder.group(0).count('<g class="rung">') == 3
    for name in ("Start", "Steady", "Stellar"):
        assert name in ladder.group(0)
    cards = re.search(r'<h3 id="evidence-toy_model">.*?(?=<h3 id="evidence-|</section>)', html, flags=re.S)
    assert cards and cards.group(0).count('<article class="card"') == 3
    assert "Step 3 · Stellar" in cards.group(0) and "Agents know the customer&#39;s history" in cards.group(0)
    assert '<a href="#toy-ladder">Toy ladder</a>' in html
