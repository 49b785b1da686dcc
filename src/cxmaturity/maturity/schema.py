"""Loading and checking framework definitions and the evidence-rule library.

Frameworks are data: one YAML file per framework in `maturity/frameworks/`, plus any files a
pipeline adds (`maturity: {config: {framework_files: [...]}}`). A schema check here rejects
unknown keys and missing fields with errors that name the file and the field, so a typo in a
new framework fails loudly at load time instead of silently scoring nothing.

Besides what the engine scores, a framework says how the evidence pack presents it: `title`
(the headline), `order` (its place among the verdicts), `level_label` (layer, stage, level) and
an optional `report:` block (the headline's wording, a ladder chart or an item chart of its own).
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping, Sequence
from dataclasses import fields
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from cxmaturity.errors import ConfigError
from cxmaturity.ingest.annotations import ANNOTATIONS
from cxmaturity.maturity.ladder import ladder_problems
from cxmaturity.maturity.metrics import check_spec
from cxmaturity.maturity.rules import QUOTE_KEYS, metric_spec
from cxmaturity.maturity.verdict import CumulativeDetail, FrameworkVerdict

PACKAGE_DIR = Path(__file__).parent
FRAMEWORKS_DIR = PACKAGE_DIR / "frameworks"
RULES_FILE = PACKAGE_DIR / "evidence_rules.yaml"

SCORINGS = ("cumulative", "rated_items")
OBSERVABILITY = ("direct", "proxy", "none")
STATUSES = ("evidenced", "partial", "not_evidenced")

_TOP = {
    "required": {"id", "name", "source", "scoring", "levels", "criteria"},
    "optional": {
        "summary",
        "dimensions",
        "settings",
        "ladder",
        "foundation_rule",
        "bands",
        "transitions",
        "rating",
        "self_assessment",
        "notes",
        "level_label",
        "dimension_label",
        "title",
        "order",
        "report",
    },
}
_LEVEL = {
    "required": {"level", "name"},
    "optional": {
        "heading",
        "description",
        "primary_goal",
        "key_metrics",
        "actions",
        "graduation",
        "key_characteristics_intro",
    },
}
_DIMENSION = {"required": {"id", "name"}, "optional": {"description", "kind", "effort", "initiative"}}
_CRITERION = {
    "required": {"id", "name", "observability"},
    "optional": {"statement", "level", "dimension", "evidence", "combine", "reason", "effort", "initiative"},
}
_EVIDENCE_REF = {"required": {"rule"}, "optional": {"evidenced", "partial", "zero_at"}}
_BAND = {"required": {"min", "max", "level"}, "optional": set()}
_TRANSITION = {"required": {"from", "to", "actions"}, "optional": {"summary"}}
_ACTION = {"required": {"text"}, "optional": {"items"}}
_FOUNDATION = {"required": {"criterion", "cap_level", "required_status"}, "optional": {"statement"}}
_SETTINGS = {"required": set(), "optional": {"confidence_k", "proxy_weight"}}
_RATING = {"required": {"min", "max"}, "optional": {"proxy_max", "label_min", "label_max"}}
_SELF_ASSESSMENT = {
    "required": set(),
    "optional": {"tolerance", "min_confidence", "claimed_layer_framework", "priority_gaps"},
}
_REPORT = {"required": set(), "optional": {"headline", "ladder", "items"}}
_REPORT_SECTION = {"required": {"id", "heading"}, "optional": {"intro", "toc", "chart"}}
# What the report's texts (`report.headline`, a section's `heading`, `intro`, `toc`, `chart`) may name in braces.
REPORT_PLACEHOLDERS = frozenset(
    {
        "title",  # the framework's title
        "label",  # what it calls a level: "layer"
        "Label",  # ... capitalised: "Layer"
        "labels",  # ... plural: "layers"
        "level",  # the evidenced level's number
        "levels",  # how many levels there are: 6
        "levels_word",  # ... in words: "six"
        "score",  # a rated framework's evidenced score
        "max_score",  # ... and the top of its scale (the last band's max): 100
        "items",  # how many rated items: 20
        "rating_min",  # the items' rating scale: 1
        "rating_max",  # ... 5
    }
)
SECTION_ID = re.compile(r"^[a-z][a-z0-9-]*$")
LEVEL_LABEL = re.compile(r"^[a-z]+$")
# A ladder's level label becomes a key of its verdict ("layer": "Automate"), so it must not be one already.
RESERVED_LABELS = frozenset(f.name for record in (FrameworkVerdict, CumulativeDetail) for f in fields(record)) | {
    "layers"
}


class FrameworkError(ConfigError):
    """A framework or rule file is malformed; the message names the file and every problem."""

    def __init__(self, path: Path, problems: list[str]):
        self.path, self.problems = path, problems
        shown = path.name if path.is_absolute() and path.is_relative_to(PACKAGE_DIR) else str(path)
        super().__init__(f"{shown}: " + "; ".join(problems))


def _keys(where: str, obj: Any, spec: Mapping[str, set[str]], problems: list[str]) -> bool:
    if not isinstance(obj, Mapping):
        problems.append(f"{where} must be a mapping")
        return False
    for key in sorted(spec["required"] - set(obj)):
        problems.append(f"{where} is missing field {key!r}")
    for key in sorted(set(obj) - spec["required"] - spec["optional"]):
        problems.append(f"{where} has unknown key {key!r}")
    return True


def _check_rule(where: str, rule: Any, problems: list[str]) -> None:
    if not isinstance(rule, Mapping):
        problems.append(f"{where} must be a mapping")
        return
    for key in ("direction", "evidenced", "partial", "metric"):
        if key not in rule:
            problems.append(f"{where} is missing field {key!r}")
    if rule.get("direction") not in ("higher", "lower"):
        problems.append(f"{where} direction must be 'higher' or 'lower'")
    elif all(isinstance(rule.get(k), (int, float)) for k in ("evidenced", "partial")):
        ok = (
            rule["evidenced"] >= rule["partial"]
            if rule["direction"] == "higher"
            else rule["evidenced"] <= rule["partial"]
        )
        if not ok:
            problems.append(f"{where} thresholds are in the wrong order for direction {rule['direction']}")
    quote = rule.get("quote")
    if quote is not None and (not isinstance(quote, Mapping) or set(quote) - QUOTE_KEYS):
        problems.append(f"{where} quote may only have keys {sorted(QUOTE_KEYS)}")
    if "metric" in rule:
        problems.extend(f"{where}: {p}" for p in check_spec(metric_spec(rule)))
    if rule.get("metric") == "annotation_share":
        # Only names a reader can emit: a synonym outside the vocabulary would silently score 0.
        for key in ("any_of", "all_of"):
            for name in rule.get(key) or []:
                if name not in ANNOTATIONS:
                    problems.append(
                        f"{where} {key} names {name!r}, which no reader emits; "
                        f"known annotations: {', '.join(sorted(ANNOTATIONS))}"
                    )


@cache
def load_rules(path: Path = RULES_FILE) -> dict[str, dict[str, Any]]:
    """The evidence-rule library, checked."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise FrameworkError(path, [f"not valid YAML ({exc.__class__.__name__})"]) from None
    problems: list[str] = []
    if not isinstance(data, Mapping) or set(data) != {"rules"}:
        data = data if isinstance(data, Mapping) else {}
        problems.append("top level must have exactly the key 'rules'")
    rules = data.get("rules") or {}
    for rule_id, rule in rules.items():
        _check_rule(f"rule {rule_id!r}", rule, problems)
    if problems:
        raise FrameworkError(path, problems)
    return {rid: dict(rule, id=rid) for rid, rule in rules.items()}


def _check_criterion(
    where: str,
    criterion: Any,
    rules: Mapping[str, Any],
    level_numbers: set[int],
    dimension_ids: set[str],
    problems: list[str],
) -> None:
    if not _keys(where, criterion, _CRITERION, problems):
        return
    obs = criterion.get("observability")
    if obs not in OBSERVABILITY:
        problems.append(f"{where} observability must be one of {OBSERVABILITY}")
    evidence = criterion.get("evidence") or []
    if obs == "none":
        if evidence:
            problems.append(f"{where} has observability 'none' but lists evidence")
        if not criterion.get("reason"):
            problems.append(f"{where} has observability 'none' and needs a 'reason'")
    elif obs in ("direct", "proxy") and not evidence:
        problems.append(f"{where} is {obs} but lists no evidence")
    for i, ref in enumerate(evidence):
        if isinstance(ref, str):
            rule_id = ref
        elif isinstance(ref, Mapping) and "metric" in ref:
            _check_rule(f"{where} evidence[{i}]", ref, problems)
            if "id" not in ref:
                problems.append(f"{where} evidence[{i}] inline rule needs an 'id'")
            continue
        elif _keys(f"{where} evidence[{i}]", ref, _EVIDENCE_REF, problems):
            rule_id = ref.get("rule")
        else:
            continue
        if rule_id not in rules:
            problems.append(f"{where} names unknown evidence rule {rule_id!r}")
    if criterion.get("combine", "all") not in ("all", "any"):
        problems.append(f"{where} combine must be 'all' or 'any'")
    if "level" in criterion and criterion["level"] not in level_numbers:
        problems.append(f"{where} level {criterion['level']!r} is not a level of this framework")
    if "dimension" in criterion and criterion["dimension"] not in dimension_ids:
        problems.append(f"{where} dimension {criterion['dimension']!r} is not a dimension of this framework")


def check_framework(path: Path, data: Any, rules: Mapping[str, Any]) -> dict[str, Any]:
    """Validate one framework document; raises FrameworkError listing every problem."""
    problems: list[str] = []
    if not _keys("framework", data, _TOP, problems):
        raise FrameworkError(path, problems)
    if data.get("scoring") not in SCORINGS:
        problems.append(f"scoring must be one of {SCORINGS}")
    levels = data.get("levels") or []
    numbers_in_order: list[Any] = []
    for i, level in enumerate(levels):
        if _keys(f"levels[{i}]", level, _LEVEL, problems):
            numbers_in_order.append(level.get("level"))
    level_numbers: set[int] = set(numbers_in_order)
    if numbers_in_order != list(range(1, len(levels) + 1)):
        problems.append("levels must be numbered 1..N in order")
    if "ladder" in data:
        if isinstance(data["ladder"], Mapping):
            problems.extend(ladder_problems(data["ladder"]))
            floor = data["ladder"].get("floor", 1)
            if floor not in level_numbers:
                problems.append(f"ladder floor {floor!r} is not a level of this framework")
        else:
            problems.append("ladder must be a mapping")
    dimension_ids: set[str] = set()
    for i, dim in enumerate(data.get("dimensions") or []):
        if _keys(f"dimensions[{i}]", dim, _DIMENSION, problems):
            dimension_ids.add(dim.get("id"))
    seen: set[Any] = set()  # criterion ids as written (a missing id is reported once, above)
    for i, criterion in enumerate(data.get("criteria") or []):
        where = f"criterion {criterion.get('id', i)!r}" if isinstance(criterion, Mapping) else f"criteria[{i}]"
        _check_criterion(where, criterion, rules, level_numbers, dimension_ids, problems)
        if isinstance(criterion, Mapping):
            if criterion.get("id") in seen:
                problems.append(f"{where} is defined twice")
            seen.add(criterion.get("id"))
    for level in levels:
        if isinstance(level, Mapping):
            for j, grad in enumerate(level.get("graduation") or []):
                _check_criterion(
                    f"level {level.get('level')} graduation[{j}]", grad, rules, level_numbers, dimension_ids, problems
                )
    for i, band in enumerate(data.get("bands") or []):
        if _keys(f"bands[{i}]", band, _BAND, problems) and band.get("level") not in level_numbers:
            problems.append(f"bands[{i}] names unknown level {band.get('level')!r}")
    for i, transition in enumerate(data.get("transitions") or []):
        if _keys(f"transitions[{i}]", transition, _TRANSITION, problems):
            for j, action in enumerate(transition.get("actions") or []):
                if _keys(f"transitions[{i}].actions[{j}]", action, _ACTION, problems):
                    for item in action.get("items") or []:
                        if item not in seen:
                            problems.append(f"transitions[{i}].actions[{j}] names unknown item {item!r}")
    if "foundation_rule" in data and _keys("foundation_rule", data["foundation_rule"], _FOUNDATION, problems):
        if data["foundation_rule"].get("criterion") not in seen:
            problems.append("foundation_rule names an unknown criterion")
    for key, spec in (("settings", _SETTINGS), ("rating", _RATING), ("self_assessment", _SELF_ASSESSMENT)):
        if key in data:
            _keys(key, data[key], spec, problems)
    _check_presentation(data, problems)
    if data.get("scoring") == "rated_items":
        for key in ("bands", "rating"):
            if key not in data:
                problems.append(f"scoring 'rated_items' needs {key!r}")
        for criterion in data.get("criteria") or []:
            if isinstance(criterion, Mapping) and "dimension" not in criterion:
                problems.append(f"item {criterion.get('id')!r} needs a 'dimension' (its group)")
    if data.get("id") != path.stem:
        problems.append(f"id {data.get('id')!r} must match the file name {path.stem!r}")
    if problems:
        raise FrameworkError(path, problems)
    return data


def _placeholder_problems(where: str, text: Any) -> list[str]:
    if not isinstance(text, str) or not text.strip():
        return [f"{where} must be a non-empty string"]
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError as exc:
        return [f"{where} has unbalanced braces ({exc})"]
    unknown = sorted(names - REPORT_PLACEHOLDERS)
    return [
        f"{where} names unknown placeholder {{{name}}}; known: {', '.join(sorted(REPORT_PLACEHOLDERS))}"
        for name in unknown
    ]


def _check_presentation(data: Mapping[str, Any], problems: list[str]) -> None:
    """`title`, `order`, `level_label` and the `report:` block: what the evidence pack shows."""
    if "title" in data and (not isinstance(data["title"], str) or not data["title"].strip()):
        problems.append("title must be a non-empty string")
    if "order" in data and (isinstance(data["order"], bool) or not isinstance(data["order"], int)):
        problems.append(f"order must be a whole number, got {data['order']!r}")
    label = data.get("level_label", "level")
    if not isinstance(label, str) or not LEVEL_LABEL.match(label):
        problems.append(f"level_label must be one lower-case word (layer, stage, level), got {label!r}")
    elif label in RESERVED_LABELS and label != "level" and data.get("scoring") == "cumulative":
        problems.append(f"level_label {label!r} is a key of the verdict already; choose another word")
    report = data.get("report")
    if report is None or not _keys("report", report, _REPORT, problems):
        return
    if "headline" in report:
        problems.extend(_placeholder_problems("report.headline", report["headline"]))
    for section in ("ladder", "items"):
        block = report.get(section)
        if block is None or not _keys(f"report.{section}", block, _REPORT_SECTION, problems):
            continue
        if not isinstance(block.get("id"), str) or not SECTION_ID.match(block.get("id", "")):
            problems.append(
                f"report.{section}.id must be lower-case letters, digits and dashes, got {block.get('id')!r}"
            )
        for key in ("heading", "intro", "toc", "chart"):
            if key in block:
                problems.extend(_placeholder_problems(f"report.{section}.{key}", block[key]))
    if "items" in report and data.get("scoring") != "rated_items":
        problems.append("report.items needs scoring 'rated_items' (only rated frameworks have items to chart)")


def load_framework_file(path: Path) -> dict[str, Any]:
    """Load and check one framework YAML file."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise FrameworkError(path, [f"not valid YAML ({exc.__class__.__name__})"]) from None
    return check_framework(path, data, load_rules())


@cache
def _load_all(directory: Path) -> tuple[tuple[str, dict[str, Any]], ...]:
    return tuple((p.stem, load_framework_file(p)) for p in sorted(directory.glob("*.yaml")))


def load_frameworks(directory: Path = FRAMEWORKS_DIR) -> dict[str, dict[str, Any]]:
    """Every framework shipped in the package (or in `directory`), keyed by id."""
    return dict(_load_all(directory))


def _framework_files(path: Path) -> list[Path]:
    if path.is_dir():
        files = sorted(path.glob("*.yaml"))
        if not files:
            raise FrameworkError(path, ["folder has no *.yaml framework files"])
        return files
    if not path.is_file():
        raise FrameworkError(path, ["file not found"])
    return [path]


def check_framework_set(frameworks: Mapping[str, Mapping[str, Any]]) -> None:
    """What only the whole set can show: at most one framework takes the self-assessment, and the
    framework it compares a claimed level with exists."""
    assessed = [fid for fid, f in frameworks.items() if f.get("self_assessment")]
    if len(assessed) > 1:
        raise FrameworkError(
            Path(f"{assessed[1]}.yaml"),
            [f"self_assessment is already defined by framework {assessed[0]!r}; only one framework takes it"],
        )
    for fid in assessed:
        claimed = frameworks[fid]["self_assessment"].get("claimed_layer_framework")
        if claimed is not None and claimed not in frameworks:
            raise FrameworkError(
                Path(f"{fid}.yaml"), [f"self_assessment.claimed_layer_framework names unknown framework {claimed!r}"]
            )


def load_framework_set(paths: Sequence[str | Path] = ()) -> dict[str, dict[str, Any]]:
    """The shipped frameworks plus those in `paths` (YAML files, or folders of them), keyed by id.

    Every file is checked; an id that is already taken (by a shipped framework or another file)
    is a FrameworkError naming the file, as is a path that does not exist.
    """
    frameworks = load_frameworks()
    origin = {fid: f"the shipped {fid}.yaml" for fid in frameworks}
    for given in paths:
        for file in _framework_files(Path(given)):
            framework = load_framework_file(file)
            fid = framework["id"]
            if fid in frameworks:
                raise FrameworkError(file, [f"id {fid!r} is already defined by {origin[fid]}"])
            frameworks[fid], origin[fid] = framework, str(file)
    check_framework_set(frameworks)
    return frameworks


def select_frameworks(
    framework_ids: list[str] | None = None, frameworks: Mapping[str, dict[str, Any]] | None = None
) -> dict[str, dict[str, Any]]:
    """The named frameworks (all when None), in the given order; an unknown id is a FrameworkError.

    `frameworks` is the set to choose from (default: the shipped frameworks).
    """
    available = load_frameworks() if frameworks is None else dict(frameworks)
    unknown = sorted(set(framework_ids or []) - set(available))
    if unknown:
        raise FrameworkError(
            Path("pipeline: maturity.frameworks"),
            [f"unknown framework(s) {', '.join(unknown)}; known: {', '.join(sorted(available))}"],
        )
    return {fid: f for fid, f in available.items() if not framework_ids or fid in framework_ids}


def resolve_evidence(criterion: Mapping[str, Any], rules: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
    """A criterion's evidence list as full rules (library rule + the criterion's overrides)."""
    resolved = []
    for ref in criterion.get("evidence") or []:
        if isinstance(ref, str):
            resolved.append(dict(rules[ref]))
        elif "metric" in ref:
            resolved.append(dict(ref))
        else:
            resolved.append(dict(rules[ref["rule"]]) | {k: v for k, v in ref.items() if k != "rule"})
    return resolved
