"""Stage registry: names in the pipeline YAML resolve to stage classes.

Built-in stages are declared as entry points (group `cxmaturity.stages` in pyproject.toml)
so they are imported only when a pipeline uses them: a run without `classify` never loads
torch. Third-party packages add stages the same way; tests and scripts can also register a
class directly with `@register_stage`.
"""

from __future__ import annotations

from importlib.metadata import entry_points

_REGISTERED: dict[str, type] = {}
ENTRY_POINT_GROUP = "cxmaturity.stages"


def register_stage(name: str):
    """Class decorator: make a stage available to pipeline configs under `name`."""

    def decorate(cls: type) -> type:
        cls.name = name
        _REGISTERED[name] = cls
        return cls

    return decorate


def registered_stages() -> list[str]:
    names = set(_REGISTERED)
    names.update(ep.name for ep in entry_points(group=ENTRY_POINT_GROUP))
    return sorted(names)


def get_stage(name: str) -> type:
    """The stage class for `name`; a clear error listing the known names otherwise."""
    if name in _REGISTERED:
        return _REGISTERED[name]
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        if ep.name == name:
            cls = ep.load()
            _REGISTERED.setdefault(name, cls)
            return cls
    raise KeyError(f"unknown pipeline stage {name!r}; known stages: {', '.join(registered_stages())}")
