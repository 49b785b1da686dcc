"""The per-framework reference of `docs/maturity.md`, generated from the framework YAML.

What a level needs, criterion by criterion, with each rule's thresholds and denominator, is
written here from the same data the engine scores, so the documentation cannot drift from the
verdicts: `tests/maturity/test_reference_doc.py` fails when the committed page is stale.
Regenerate with `python -m cxmaturity.maturity.reference docs/maturity.md`.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from cxmaturity.maturity.ladder import LadderPolicy
from cxmaturity.maturity.metrics import spec_denominator
from cxmaturity.maturity.rules import metric_spec
from cxmaturity.maturity.schema import load_frameworks, load_rules, resolve_evidence

BEGIN = "<!-- BEGIN GENERATED: framework reference (python -m cxmaturity.maturity.reference docs/maturity.md) -->"
END = "<!-- END GENERATED -->"


def _threshold(rule: Mapping[str, Any]) -> str:
    symbol = ">=" if rule["direction"] == "higher" else "<="
    return f"evidenced {symbol} {rule['evidenced']}, partial {symbol} {rule['partial']}"


def _criterion_lines(criterion: Mapping[str, Any], rules: Mapping[str, Any]) -> list[str]:
    name = str(criterion["name"]).rstrip(".")
    if criterion["observability"] == "none":
        return [f"- **{name}** (`{criterion['id']}`): not observable. {criterion['reason']}"]
    evidence = resolve_evidence(criterion, rules)
    combine = (
        ""
        if len(evidence) == 1
        else ": any one of"
        if criterion.get("combine") == "any"
        else ": all of (mean score; the weakest sets the status)"
    )
    lines = [f"- **{name}** (`{criterion['id']}`, {criterion['observability']}){combine}"]
    for rule in evidence:
        lines.append(
            f"  - `{rule['id']}`: {rule.get('describe', '')}; {_threshold(rule)}; "
            f"over {spec_denominator(metric_spec(rule))}"
        )
    return lines


def framework_reference(framework: Mapping[str, Any], rules: Mapping[str, Any]) -> str:
    """One framework's section: how each level is reached, with the evidence and denominators."""
    label = framework.get("level_label", "level")
    out = [f"### {framework['name']} (`{framework['id']}`)", "", f"Source: `{framework['source']}`.", ""]
    if framework["scoring"] == "rated_items":
        bands = ", ".join(
            f"{b['min']}-{b['max']} {framework['levels'][b['level'] - 1]['name']}" for b in framework["bands"]
        )
        out += [
            f"Each item is rated {framework['rating']['min']}-{framework['rating']['max']} from its evidence "
            f"score (proxy items at most {framework['rating'].get('proxy_max', framework['rating']['max'])}); "
            f"the 0-100 score is the verifiable items' mean scaled to the toolkit's total. Stages: {bands}.",
            "",
        ]
        for dimension in framework.get("dimensions") or []:
            out.append(f"**{dimension['name'].capitalize()}**")
            out.append("")
            for criterion in framework["criteria"]:
                if criterion.get("dimension") == dimension["id"]:
                    out += _criterion_lines(criterion, rules)
            out.append("")
        return "\n".join(out)
    policy = LadderPolicy.from_yaml(framework.get("ladder"))
    out += [
        f"Ladder rule `{policy.rule}`: a {label} is evidenced at a mean criterion score >= {policy.evidenced}, "
        f"partial at >= {policy.partial}; at most {policy.max_gaps} partial {label}(s) below the placement."
    ]
    foundation = framework.get("foundation_rule")
    if foundation:
        statement = str(foundation.get("statement") or "").removeprefix("Foundation Rule:").strip()
        out.append(
            f"Foundation rule: {statement} (`{foundation['criterion']}` must be "
            f"{' or '.join(foundation['required_status'])}, else the verdict is capped at {label} "
            f"{foundation['cap_level']})."
        )
    out.append("")
    for level in framework["levels"]:
        members = [c for c in framework["criteria"] if c.get("level") == level["level"]]
        out.append(
            f"**{label.capitalize()} {level['level']}: {level['name']}**"
            + ("" if members else ": where every centre starts (no criteria).")
        )
        out.append("")
        for criterion in members:
            out += _criterion_lines(criterion, rules)
        if members:
            out.append("")
    unlevelled = [c for c in framework["criteria"] if "level" not in c]
    if unlevelled:
        out += [f"Scored for their {framework.get('dimension_label', 'dimension')} only (no {label}):", ""]
        for criterion in unlevelled:
            out += _criterion_lines(criterion, rules)
        out.append("")
    return "\n".join(out)


def reference_markdown() -> str:
    """Every shipped framework's section, in a stable order."""
    rules = load_rules()
    frameworks = load_frameworks()
    order = ["ai_maturity", "icmi"] + sorted(k for k in frameworks if k not in ("ai_maturity", "icmi"))
    return "\n".join(framework_reference(frameworks[k], rules) for k in order if k in frameworks).rstrip() + "\n"


def regenerate(path: Path) -> bool:
    """Rewrite the generated block of `path`; True when it changed."""
    text = path.read_text(encoding="utf-8")
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    updated = f"{head}{BEGIN}\n\n{reference_markdown()}\n{END}{tail}"
    if updated != text:
        path.write_text(updated, encoding="utf-8")
    return updated != text


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/maturity.md")
    print(f"{target}: {'updated' if regenerate(target) else 'up to date'}")
