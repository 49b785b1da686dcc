"""Stage registry: names in the pipeline YAML resolve to stage classes.

A thin layer over `cxmaturity.registries.stages` (catalogue, as spaCy's registries are). Built-in
stages are entry points (group `cxmaturity_stages` in pyproject.toml), so a stage's module is
imported only when a pipeline names it: a run without `classify` never loads torch. An installed
package adds stages the same way; tests and scripts can also register a class directly with
`@register_stage`.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib.metadata import entry_points
from typing import ClassVar, Protocol, TypeVar

import catalogue

from cxmaturity import registries

ENTRY_POINT_GROUP = registries.stages.entry_point_namespace  # "cxmaturity_stages"


class _Named(Protocol):
    """What the registry needs of a stage class: the name the runner reports it by."""

    name: ClassVar[str]


_StageClass = TypeVar("_StageClass", bound=type[_Named])


def register_stage(name: str) -> Callable[[_StageClass], _StageClass]:
    """Class decorator: make a stage available to pipeline configs under `name`.

    A class that declares its own `name` keeps it; one that does not is given `name`, which is what
    the runner reports the stage as (timings, rejections, the manifest).
    """

    def decorate(cls: _StageClass) -> _StageClass:
        if not cls.__dict__.get("name"):
            cls.name = name
        registries.stages.register(name, func=cls)
        return cls

    return decorate


def registered_stages() -> list[str]:
    """Every stage name a pipeline may use, without importing any stage's module."""
    names = {ep.name for ep in entry_points(group=ENTRY_POINT_GROUP)}
    namespace = tuple(registries.stages.namespace)
    names.update(key[-1] for key in catalogue.REGISTRY if key[:-1] == namespace)
    return sorted(names)


def get_stage(name: str) -> type:
    """The stage class for `name` (importing only its module); a KeyError listing the known names otherwise."""
    # `in` loads at most this one entry point; catalogue's own error would import every stage to list them.
    if name not in registries.stages:
        raise KeyError(f"unknown pipeline stage {name!r}; known stages: {', '.join(registered_stages())}")
    found = registries.stages.get(name)
    if not isinstance(found, type):
        raise KeyError(f"pipeline stage {name!r} is registered as a {type(found).__name__}, not a class")
    return found
