"""Pipeline configs: a YAML list of named stages with their settings.

```yaml
stages:
  - name: ingest
  - name: redact
    config: {placeholders: consistent}
```
The first stage is always `ingest` (the source). Conversation stages follow, then corpus
stages; a stage that is not built is simply absent from the file.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from cxmaturity.errors import ConfigError


class PipelineConfigError(ConfigError):
    """The pipeline file is unusable; the message names the file and the problem."""


@dataclass(frozen=True)
class StageSpec:
    name: str
    config: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PipelineConfig:
    path: Path
    stages: tuple[StageSpec, ...]
    sha256: str

    def stage(self, name: str) -> StageSpec | None:
        return next((s for s in self.stages if s.name == name), None)


def default_pipeline_path() -> Path:
    """`pipelines/default.yaml` of the checkout the package runs from, else the copy shipped in the package."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / "pipelines" / "default.yaml"
        if (parent / "pyproject.toml").exists() and candidate.exists():
            return candidate
    return here.parent.parent / "pipelines" / "default.yaml"


def load_pipeline(path: Path | None = None) -> PipelineConfig:
    """Read and check a pipeline file."""
    path = Path(path) if path else default_pipeline_path()
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PipelineConfigError(f"{path}: cannot read pipeline file ({exc.strerror})") from None
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        raise PipelineConfigError(f"{path}: invalid YAML ({exc.__class__.__name__})") from None
    if not isinstance(data, dict) or not isinstance(data.get("stages"), list) or not data["stages"]:
        raise PipelineConfigError(f"{path}: expected a mapping with a non-empty 'stages' list")
    unknown = set(data) - {"stages", "description"}
    if unknown:
        raise PipelineConfigError(f"{path}: unknown top-level keys {sorted(unknown)}")
    stages = []
    for index, entry in enumerate(data["stages"]):
        if isinstance(entry, str):
            entry = {"name": entry}
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise PipelineConfigError(f"{path}: stage {index + 1} needs a 'name'")
        extra = set(entry) - {"name", "config"}
        if extra:
            raise PipelineConfigError(f"{path}: stage {entry['name']!r} has unknown keys {sorted(extra)}")
        config = entry.get("config") or {}
        if not isinstance(config, dict):
            raise PipelineConfigError(f"{path}: stage {entry['name']!r} config must be a mapping")
        stages.append(StageSpec(entry["name"], config))
    names = [s.name for s in stages]
    if names[0] != "ingest":
        raise PipelineConfigError(f"{path}: the first stage must be 'ingest', not {names[0]!r}")
    if len(set(names)) != len(names):
        raise PipelineConfigError(f"{path}: a stage is listed twice: {names}")
    return PipelineConfig(path=path, stages=tuple(stages), sha256=hashlib.sha256(raw).hexdigest())
