"""docs/maturity.md's per-framework reference is generated from the YAML and must not go stale."""

from pathlib import Path

from cxmaturity.maturity.reference import BEGIN, END, reference_markdown

DOC = Path(__file__).resolve().parents[2] / "docs" / "maturity.md"


def test_reference_block_matches_the_frameworks():
    text = DOC.read_text(encoding="utf-8")
    block = text.split(BEGIN, 1)[1].split(END, 1)[0]
    assert block.strip() == reference_markdown().strip(), (
        "docs/maturity.md is stale: run `python -m cxmaturity.maturity.reference docs/maturity.md`"
    )


def test_every_framework_and_denominator_is_documented():
    text = DOC.read_text(encoding="utf-8")
    for framework in ("ai_maturity", "icmi", "curve", "five_level", "four_stage"):
        assert f"(`{framework}`)" in text
    assert "over conversations handled by a human agent" in text
    assert "Evidenced at level 4 (Strategic) with a gap at level 2 (Emerging)" in text
