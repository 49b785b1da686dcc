"""Method notes from manifest.json: tool and model versions, hashes, timings, inputs accounted for.

The manifest is written by the runner; its nesting may vary by stage, so model records are
found by walking it, and anything absent reads "n/a".
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from cxmaturity import __version__
from cxmaturity.report.formatting import NA, fmt_number, humanize

HASH_KEYS = ("sha256", "hash", "sha", "digest", "config_sha256", "config_hash")
HASH_SHOWN_CHARS = 12


@dataclass
class ModelRow:
    label: str
    details: list[tuple[str, str, str]]  # (key, shown value, full value)


@dataclass
class MethodView:
    tool_version: str
    run_times: list[tuple[str, str]]
    pipeline: list[tuple[str, str, str]]
    models: list[ModelRow]
    timings: list[tuple[str, str]]
    inputs: dict[str, int]
    rejected_reasons: list[tuple[str, str]]
    not_observable: list[tuple[str, str, str]] = field(default_factory=list)  # framework, criterion, reason


def _shown(key: str, value: Any) -> tuple[str, str, str]:
    full = fmt_number(value, digits=3)
    is_hash = key.lower() in HASH_KEYS or (isinstance(value, str) and len(value) >= 40 and value.isalnum())
    shown = full[:HASH_SHOWN_CHARS] + "…" if is_hash and len(full) > HASH_SHOWN_CHARS else full
    return humanize(key), shown, full


def _model_rows(value: Any, path: list[str]) -> list[ModelRow]:
    """A dict of scalars is one model record; deeper dicts are walked; lists give one row per entry."""
    if isinstance(value, dict):
        scalars = {k: v for k, v in value.items() if not isinstance(v, (dict, list))}
        nested = {k: v for k, v in value.items() if isinstance(v, (dict, list))}
        rows = []
        if scalars and (path or not nested):
            if nested or len(path) > 1 or any(k in ("version", "name", *HASH_KEYS) for k in scalars):
                rows.append(ModelRow(" / ".join(path) or "models", [_shown(k, v) for k, v in scalars.items()]))
            else:
                rows += [ModelRow(" / ".join([*path, str(k)]), [_shown("model", v)]) for k, v in scalars.items()]
        elif scalars:
            rows += [ModelRow(str(k), [_shown("model", v)]) for k, v in scalars.items()]
        for key, child in nested.items():
            rows += _model_rows(child, [*path, str(key)])
        return rows
    if isinstance(value, list):
        rows = []
        for index, entry in enumerate(value):
            if isinstance(entry, dict):
                label = str(entry.get("stage") or entry.get("name") or index)
                rows += _model_rows({k: v for k, v in entry.items() if k != "stage"}, [*path, label])
            else:
                rows.append(ModelRow(" / ".join(path) or "models", [_shown("model", entry)]))
        return rows
    return [ModelRow(" / ".join(path) or "models", [_shown("model", value)])]


def _timing_label(key: str) -> str:
    """`stages_s` -> `Stages`, `total_s` -> `Total`: the unit goes in the value column."""
    return humanize(key[:-2] if key.endswith("_s") else key)


def _flat_timings(value: Any, prefix: str = "") -> list[tuple[str, str]]:
    if isinstance(value, dict):
        rows = []
        for key, child in value.items():
            label = f"{prefix}{_timing_label(str(key))}"
            rows += _flat_timings(child, f"{label} / " if isinstance(child, dict) else label)
        return rows
    number = fmt_number(value, digits=1)
    return [(prefix.rstrip(" /") or "Total", f"{number} s" if number != NA else NA)]


def build_method_view(manifest: dict[str, Any] | None, not_observable: list[tuple[str, str, str]]) -> MethodView:
    manifest = manifest if isinstance(manifest, dict) else {}
    tool: dict[str, Any] = manifest["tool"] if isinstance(manifest.get("tool"), dict) else {}
    version = tool.get("version") or manifest.get("tool_version") or manifest.get("version") or __version__
    pipeline_block = manifest.get("pipeline")
    pipeline: list[tuple[str, str, str]] = []
    if isinstance(pipeline_block, dict):
        pipeline = [_shown(k, v) for k, v in pipeline_block.items() if not isinstance(v, (dict, list))]
        stages = pipeline_block.get("stages")
        if isinstance(stages, list):
            names = [str(s.get("name", s)) if isinstance(s, dict) else str(s) for s in stages]
            pipeline.append(("Stages", " → ".join(names), " → ".join(names)))
    elif pipeline_block is not None:
        pipeline = [_shown("pipeline", pipeline_block)]
    for key in ("pipeline_config_hash", "pipeline_sha256", "config_hash"):
        if key in manifest:
            pipeline.append(_shown(key, manifest[key]))
    if isinstance(pipeline_block, dict):
        pipeline = [row for row in pipeline if row[0] != "Stages"] + [row for row in pipeline if row[0] == "Stages"]
    models_block = next((manifest[k] for k in ("models", "model_info", "model_versions") if k in manifest), None)
    models = _model_rows(models_block, []) if models_block else []
    files: list[Any] = next((manifest[k] for k in ("files", "inputs") if isinstance(manifest.get(k), list)), [])
    statuses = Counter(str(entry.get("status", "unknown")) for entry in files if isinstance(entry, dict))
    reasons = [
        (str(entry.get("path") or entry.get("file") or NA), str(entry.get("reason") or NA))
        for entry in files
        if isinstance(entry, dict) and entry.get("status") in ("rejected", "partial")
    ]
    return MethodView(
        tool_version=fmt_number(version),
        run_times=[(humanize(key), str(manifest[key])) for key in ("started_at", "finished_at") if manifest.get(key)]
        + ([("Python", str(tool["python"]))] if tool.get("python") else []),
        pipeline=pipeline,
        models=models,
        timings=_flat_timings(manifest.get("timings")) if manifest.get("timings") else [],
        inputs=dict(statuses),
        rejected_reasons=reasons[:50],
        not_observable=not_observable,
    )
