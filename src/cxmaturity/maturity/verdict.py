"""The verdict shape: what the engine decides, typed, and its `evidence.json` serialisation.

Every framework's verdict is a `FrameworkVerdict` with the same keys, whatever the framework calls its
rungs (`label`: layer, stage, level): `level`, `level_name`, `levels` (each a `LevelResult`), `next_level`,
`confidence`, `summary`. What only one scoring has sits in a detail record that is flattened into the
verdict when serialised (`CumulativeDetail` for ladders, `RatedItemsDetail` for ICMI-style rated items).

`to_json()` is the only way a verdict becomes JSON. Field metadata says how: `optional()` fields are
left out when None (they exist only for some frameworks or results), `internal()` fields never leave
the engine, `flattened()` records merge their keys into the parent. The keys evidence.json had before
this shape existed are kept (see `FrameworkVerdict.to_json`), so older readers keep working.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, ClassVar

EVIDENCED, PARTIAL, NOT_EVIDENCED, NOT_OBSERVABLE = "evidenced", "partial", "not_evidenced", "not_observable"
# A rule or metric that raised: contained to its criterion, which is then neither scored nor
# counted as missing evidence; the reason names the exception type and our frame only.
ERROR = "error"
OK = "ok"  # a framework verdict that could be evaluated


def optional(default: Any = None) -> Any:
    """A field left out of the JSON when it is None (it exists only for some frameworks or results)."""
    return field(default=default, metadata={"omit_none": True})


def internal(default: Any = None) -> Any:
    """A field the engine needs while deciding, never written to evidence.json."""
    return field(default=default, metadata={"internal": True})


def internal_list() -> Any:
    """An internal list field (starts empty)."""
    return field(default_factory=list, metadata={"internal": True})


def flattened() -> Any:
    """A detail record whose keys are written into the parent's JSON object (when it is not None)."""
    return field(default=None, metadata={"flatten": True})


def _json_value(value: Any) -> Any:
    if isinstance(value, Record):
        return value.to_json()
    if isinstance(value, (list, tuple)):
        return [_json_value(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _json_value(item) for key, item in value.items()}
    return value


@dataclass
class Record:
    """Base of every verdict record: serialises its fields in order, as the field metadata says."""

    # Keys written first, in this order (the order evidence.json has always had), then the rest.
    json_order: ClassVar[tuple[str, ...]] = ()

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for spec in fields(self):
            value = getattr(self, spec.name)
            if spec.metadata.get("internal") or (value is None and spec.metadata.get("omit_none")):
                continue
            if spec.metadata.get("flatten"):
                if value is not None:
                    out.update(value.to_json())
                continue
            out[spec.name] = _json_value(value)
        if not self.json_order:
            return out
        first = {key: out[key] for key in self.json_order if key in out}
        return first | {key: value for key, value in out.items() if key not in first}


@dataclass
class Example(Record):
    """One quoted turn (already redacted text), or a note on what the export carried."""

    conversation_id: str
    turn_index: int | None
    quote: str | None
    detail: str | None = optional()


@dataclass
class RuleResult(Record):
    """One evidence rule on this corpus: the metric's value over n units, judged against two thresholds."""

    describe: str | None
    value: float | None
    n: int
    denominator: str | None
    direction: str | None
    evidenced: float | None
    partial: float | None
    status: str
    score: float | None
    confidence: float
    shares: dict[str, float] | None = optional()  # distinct_count: the share of each value kept
    reason: str | None = optional()  # why it is not observable, or what raised
    structural: bool = internal(False)  # the run cannot have this metric at all (a missing column)
    examples: list[Example] = internal_list()  # candidates; the criterion keeps up to three

    json_order = ("describe", "value", "n", "denominator", "direction", "evidenced", "partial", "shares")


@dataclass
class CriterionResult(Record):
    """A criterion's verdict: its rules combined, with the denominators and up to three examples."""

    id: str
    name: str
    observability: str  # direct / proxy / none
    status: str
    score: float | None
    confidence: float
    statement: str | None = optional()
    reason: str | None = optional()
    metrics: dict[str, RuleResult] = field(default_factory=dict)  # rule id -> result
    denominators: list[str] | None = optional()  # "conversations handled by a human agent (n=40)"
    examples: list[Example] = field(default_factory=list)
    structural: bool = internal(False)

    json_order = ("id", "name", "statement", "observability")


@dataclass
class Aggregate(Record):
    """Status, score and confidence of a group of criteria (a level, a dimension, graduation checks)."""

    status: str
    score: float | None
    confidence: float | None


@dataclass
class Graduation(Aggregate):
    """A level's "ready to graduate when" checks and their aggregate."""

    checks: list[CriterionResult] = field(default_factory=list)


@dataclass
class Band(Record):
    """The score range that places a centre at a level (rated-items frameworks)."""

    min: float
    max: float


@dataclass
class LevelResult(Record):
    """One rung of a framework: its status from its criteria, and whether the centre reached it."""

    level: int
    name: str
    status: str
    score: float | None
    confidence: float | None
    heading: str | None = optional()
    primary_goal: str | None = optional()
    description: str | None = optional()
    baseline: bool | None = optional()  # a level without criteria: where every centre starts
    criteria: list[CriterionResult] = field(default_factory=list)
    not_observable: int = 0
    ready_to_graduate: Graduation | None = optional()
    actions_to_advance: list[str] | None = optional()
    band: Band | None = optional()
    reached: bool = False
    gap: bool = False  # partial, and below the placement: reported as a gap to fix

    json_order = ("level", "name", "heading", "primary_goal", "description")


@dataclass
class NextLevel(Record):
    """The first level not reached, and the criteria (or items) that stand in the way."""

    level: int
    name: str
    gaps: list[str] = field(default_factory=list)


@dataclass
class ConfidenceBasis(Record):
    conversations: int
    criteria: int
    criteria_observable: int
    criteria_observed: int
    criteria_error: int


@dataclass
class LadderSettings(Record):
    """The ladder rule the placement used (`maturity/ladder.py`)."""

    rule: str
    evidenced: float
    partial: float
    max_gaps: int


@dataclass
class FoundationResult(Record):
    """A foundation rule (the AI model's "automated QA first") and whether it capped the level."""

    statement: str | None
    criterion: str
    criterion_status: str
    holds: bool
    capped: bool
    cap_level: int
    uncapped_level: int


@dataclass
class GapEntry(Record):
    """An unmet criterion at or below the placed level."""

    level: int
    name: str
    status: str
    criterion: str
    criterion_name: str


@dataclass
class ErrorEntry(Record):
    criterion: str
    reason: str | None


@dataclass
class DimensionResult(Record):
    id: str
    name: str
    status: str
    score: float | None
    confidence: float | None
    kind: str | None = optional()
    criteria: list[str] = field(default_factory=list)

    json_order = ("id", "name", "kind")


@dataclass
class CumulativeDetail(Record):
    """What a ladder (cumulative) verdict adds: the rule, the foundation cap, gaps and dimensions."""

    ladder: LadderSettings
    floor_only: bool  # placed at the floor without its evidence
    blocked_at: int | None  # the lowest not-evidenced level above the placement
    gaps: list[GapEntry]
    criteria_total: int
    not_observable: int
    foundation_rule: FoundationResult | None = optional()
    dimensions: list[DimensionResult] | None = optional()
    maturity_by_kind: dict[str, Aggregate] | None = optional()


@dataclass
class ItemResult(Record):
    """One rated item (ICMI): its evidenced rating on the toolkit's scale, or unverifiable."""

    id: str
    name: str
    group: str
    statement: str | None
    evidenced_rating: int | None
    evidenced_rating_exact: float | None
    evidence_score: float | None
    status: str
    confidence: float
    observability: str
    denominators: list[str] = field(default_factory=list)
    metrics: dict[str, RuleResult] = field(default_factory=dict)
    examples: list[Example] = field(default_factory=list)
    reason: str | None = optional()


@dataclass
class GroupResult(Record):
    id: str
    name: str
    items: list[str]
    evidenced_total: int
    unverifiable: int


@dataclass
class NextStage(Record):
    """The toolkit's transition to the next stage: its summary and actions."""

    stage: str
    summary: str | None
    actions: list[str]


@dataclass
class RatingScale(Record):
    min: int
    max: int


@dataclass
class RatedItemsDetail(Record):
    """What a rated-items (ICMI) verdict adds: the 0-100 score, the stage, the items and their groups."""

    stage: str | None
    score: int | None
    evidenced_total_verifiable: float | None
    key_metrics: list[str]
    items_verifiable: int
    items_unverifiable: int
    groups: list[GroupResult]
    items: list[ItemResult]
    rating: RatingScale
    next_stage: NextStage | None = optional()


@dataclass
class FrameworkVerdict(Record):
    """One framework's verdict on this corpus: the same keys for every framework."""

    id: str
    name: str
    source: str
    title: str  # the short heading the evidence pack uses
    scoring: str  # cumulative / rated_items
    label: str  # what the framework calls a level: layer, stage, level
    level: int | None
    level_name: str | None
    confidence: float
    confidence_label: str
    status: str = OK  # ok / error
    summary: str | None = None  # one sentence a centre can quote
    levels: list[LevelResult] = field(default_factory=list)
    next_level: NextLevel | None = None
    reason: str | None = optional()  # why the framework could not be evaluated
    confidence_basis: ConfidenceBasis | None = optional()
    errors: list[ErrorEntry] | None = optional()
    cumulative: CumulativeDetail | None = flattened()
    rated: RatedItemsDetail | None = flattened()

    def to_json(self) -> dict[str, Any]:
        out = super().to_json()
        if self.cumulative is not None:
            # Kept for readers of evidence.json written before the common shape: a ladder verdict also
            # carries the placed level's name under its label ("layer": "Automate", "stage": ...), and
            # a framework whose label is "layer" lists its levels as `layers`, each with a `layer` number.
            if self.label != "level":
                out[self.label] = self.level_name
            if self.label == "layer":
                out["layers"] = [{"layer": level["level"], **level} for level in out["levels"]]
        return out


def verdicts_json(verdicts: dict[str, FrameworkVerdict]) -> dict[str, dict[str, Any]]:
    """The `frameworks` section of evidence.json."""
    return {framework_id: verdict.to_json() for framework_id, verdict in verdicts.items()}
