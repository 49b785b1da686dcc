"""What the evidence pack knows about a framework: its title, order, levels, bands, groups and wording.

It is read from the framework's YAML definition (`maturity/frameworks/*.yaml`, plus any files the
maturity stage was given), so a new framework needs no Python here. For a verdict whose YAML the
report cannot see (a re-render of a run that used extra framework files), the same facts are
read from the verdict itself, which carries its title, label and levels.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from cxmaturity.report.formatting import NA, as_dict, as_dicts, as_float, fmt_number, humanize

NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
DEFAULT_HEADLINES = {"cumulative": "{Label} {level}", "rated_items": "{score} / {max_score} evidenced points"}


@dataclass(frozen=True)
class Section:
    """A section of its own for one framework (`report.ladder` / `report.items` in its YAML)."""

    id: str
    heading: str
    intro: str | None
    toc: str
    chart: str | None


@dataclass(frozen=True)
class Band:
    min: float
    max: float
    name: str


@dataclass(frozen=True)
class FrameworkInfo:
    """One framework as the report presents it."""

    key: str
    title: str
    known: bool  # its YAML definition was available
    scoring: str = "unknown"  # cumulative / rated_items / unknown
    order: float = math.inf
    label: str = "level"
    level_names: tuple[str, ...] = ()
    bands: tuple[Band, ...] = ()
    groups: tuple[str, ...] = ()  # rated items' group ids, in the definition's order
    item_count: int = 0
    rating_min: int = 1
    rating_max: int = 5
    headline_format: str = "{Label} {level}"
    ladder: Section | None = None
    items: Section | None = None
    self_assessed: bool = False  # the self-assessment rates this framework's items
    claimed_layer_framework: str | None = None  # ... and compares a claimed level with this framework

    @property
    def max_score(self) -> float | None:
        return self.bands[-1].max if self.bands else None

    def values(self, level: Any = None, score: Any = None) -> dict[str, str]:
        """Every placeholder a report text may use: the names `maturity.schema.REPORT_PLACEHOLDERS` allows."""
        count = len(self.level_names)
        values = {
            "title": self.title,
            "label": self.label,
            "Label": self.label.capitalize(),
            "labels": f"{self.label}s",
            "level": fmt_number(level),
            "levels": str(count),
            "levels_word": NUMBER_WORDS[count] if count < len(NUMBER_WORDS) else str(count),
            "score": fmt_number(score),
            "max_score": fmt_number(self.max_score),
            "items": str(self.item_count),
            "rating_min": str(self.rating_min),
            "rating_max": str(self.rating_max),
        }
        return values

    def text(self, template: str, level: Any = None, score: Any = None) -> str:
        return template.format_map(self.values(level, score))

    def headline(self, level: Any, score: Any) -> str:
        """The verdict's detail line: "Layer 2 of 6", "Stage 3", "57 / 100 evidenced points"."""
        if self.scoring == "rated_items" and as_float(score) is None:
            return "Score n/a"
        return self.text(self.headline_format, level, score)

    def band_name(self, total: Any) -> str:
        """The stage a rated total falls in (the definition's bands)."""
        number = as_float(total)
        if number is None or not self.bands:
            return NA
        for band in self.bands:
            if number <= band.max:
                return band.name
        return self.bands[-1].name


def _section(block: Any, info_values: FrameworkInfo) -> Section | None:
    block = as_dict(block)
    if not block.get("id") or not block.get("heading"):
        return None
    heading = info_values.text(str(block["heading"]))
    return Section(
        id=str(block["id"]),
        heading=heading,
        intro=info_values.text(str(block["intro"])) if block.get("intro") else None,
        toc=info_values.text(str(block["toc"])) if block.get("toc") else heading,
        chart=info_values.text(str(block["chart"])) if block.get("chart") else None,
    )


def _from_definition(key: str, definition: Mapping[str, Any]) -> FrameworkInfo:
    levels = as_dicts(definition.get("levels"))
    names = {int(level["level"]): str(level["name"]) for level in levels if "level" in level and "name" in level}
    rating = as_dict(definition.get("rating"))
    scoring = str(definition.get("scoring") or "unknown")
    assessment = as_dict(definition.get("self_assessment"))
    report = as_dict(definition.get("report"))
    info = FrameworkInfo(
        key=key,
        title=str(definition.get("title") or definition.get("name") or humanize(key)),
        known=True,
        scoring=scoring,
        order=float(definition["order"]) if isinstance(definition.get("order"), int) else math.inf,
        label=str(definition.get("level_label") or "level"),
        level_names=tuple(names[n] for n in sorted(names)),
        bands=tuple(
            Band(float(b["min"]), float(b["max"]), names.get(int(b["level"]), NA))
            for b in as_dicts(definition.get("bands"))
        ),
        groups=tuple(str(d["id"]) for d in as_dicts(definition.get("dimensions")) if "id" in d),
        item_count=len(as_dicts(definition.get("criteria"))) if scoring == "rated_items" else 0,
        rating_min=int(rating.get("min", 1)),
        rating_max=int(rating.get("max", 5)),
        headline_format=str(report.get("headline") or DEFAULT_HEADLINES.get(scoring, "{Label} {level}")),
        self_assessed=bool(assessment),
        claimed_layer_framework=assessment.get("claimed_layer_framework"),
    )
    return _with_sections(info, report)


def _with_sections(info: FrameworkInfo, report: Mapping[str, Any]) -> FrameworkInfo:
    return replace(info, ladder=_section(report.get("ladder"), info), items=_section(report.get("items"), info))


def _from_verdict(key: str, block: Mapping[str, Any]) -> FrameworkInfo:
    """A framework whose YAML the report cannot see: what its verdict says about itself."""
    levels = as_dicts(block.get("levels")) or as_dicts(block.get("layers"))
    names = [str(level.get("name") or NA) for level in levels]
    bands = []
    for level, name in zip(levels, names, strict=True):
        low, high = as_float(as_dict(level.get("band")).get("min")), as_float(as_dict(level.get("band")).get("max"))
        if low is not None and high is not None:
            bands.append(Band(low, high, name))
    rating = as_dict(block.get("rating"))
    scoring = str(block.get("scoring") or ("rated_items" if "items" in block else "unknown"))
    return FrameworkInfo(
        key=key,
        title=str(block.get("title") or humanize(key)),
        known=False,
        scoring=scoring,
        label=str(block.get("label") or ("layer" if "layers" in block else "level")),
        level_names=tuple(names),
        bands=tuple(bands),
        groups=tuple(str(g["id"]) for g in as_dicts(block.get("groups")) if "id" in g),
        item_count=len(as_dicts(block.get("items"))),
        rating_min=int(as_float(rating.get("min")) or 1),
        rating_max=int(as_float(rating.get("max")) or 5),
        headline_format=DEFAULT_HEADLINES.get(scoring, "{Label} {level}"),
    )


def framework_infos(
    frameworks_evidence: Mapping[str, Any], definitions: Mapping[str, Mapping[str, Any]]
) -> dict[str, FrameworkInfo]:
    """Every framework the evidence has a verdict for, plus every defined one, in report order.

    Defined frameworks without a verdict are kept so that the sections a definition asks for (the
    AI ladder, the ICMI items) still render, with "n/a", when a run's evidence is thin.
    """
    keys = list(frameworks_evidence) + [key for key in definitions if key not in frameworks_evidence]
    infos = {
        key: _from_definition(key, definitions[key])
        if key in definitions
        else _from_verdict(key, as_dict(frameworks_evidence.get(key)))
        for key in keys
    }
    position = {key: index for index, key in enumerate(keys)}
    return dict(sorted(infos.items(), key=lambda item: (item[1].order, position[item[0]])))


def assessed_info(infos: Mapping[str, FrameworkInfo], assessment: Mapping[str, Any]) -> FrameworkInfo | None:
    """The framework the self-assessment rates: as its section says, else the definition that takes it."""
    key = assessment.get("framework")
    if isinstance(key, str) and key in infos:
        return infos[key]
    return next((info for info in infos.values() if info.self_assessed), None)


def claimed_info(infos: Mapping[str, FrameworkInfo], assessment: Mapping[str, Any]) -> FrameworkInfo | None:
    """The framework a claimed level is compared with (the AI layers)."""
    key = as_dict(assessment.get("ai_layer")).get("framework")
    if isinstance(key, str) and key in infos:
        return infos[key]
    assessed = assessed_info(infos, assessment)
    claimed = assessed.claimed_layer_framework if assessed is not None else None
    return infos[claimed] if claimed is not None and claimed in infos else None
