"""The contact-reason taxonomy: coarse intents, the fine intents mapped onto them, centre queues.

Lives in YAML (`taxonomy.yaml` beside this module) so a centre can copy it, remap fine intents
or its own queue names, and point the classify stage at its copy without touching code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from cxmaturity.errors import ConfigError

DEFAULT_TAXONOMY = Path(__file__).with_name("taxonomy.yaml")
OTHER = "other"


class TaxonomyNotFound(ConfigError, FileNotFoundError):
    """The taxonomy file does not exist: a config error, and still the `FileNotFoundError` it always was."""


@dataclass(frozen=True)
class Taxonomy:
    intents: dict[str, str]  # coarse intent -> description
    fine_to_coarse: dict[str, str]  # includes the `no_contact_reason` fine intents, mapped to `other`
    queues: dict[str, str]  # centre queue name -> coarse intent
    other_threshold: float
    source: Path
    aliases: dict[str, dict[str, str]] = field(default_factory=dict)  # data set -> its intent name -> fine intent

    def fine_name(self, dataset: str, intent: str) -> str:
        """The fine intent a training row of `dataset` labelled `intent` trains."""
        return self.aliases.get(dataset, {}).get(intent, intent)

    def coarse(self, fine_intent: str) -> str:
        """The coarse intent of a fine one; `other` for a fine intent the taxonomy does not map."""
        return self.fine_to_coarse.get(fine_intent, OTHER)

    def intent_for_queue(self, queue: str | None) -> str | None:
        """The coarse intent a centre's queue stands for (None when the queue is not mapped)."""
        if queue is None:
            return None
        return self.queues.get(queue)


def load_taxonomy(path: Path | str | None = None) -> Taxonomy:
    """Read and check a taxonomy file; problems are `ConfigError`s naming the file and the key."""
    source = Path(path) if path is not None else DEFAULT_TAXONOMY
    try:
        raw = yaml.safe_load(source.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise TaxonomyNotFound(f"intent taxonomy not found: {source}") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"{source}: not valid YAML ({exc.__class__.__name__})") from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("intents"), dict):
        raise ConfigError(f"{source}: needs an `intents` mapping of coarse intent -> description")
    not_mappings = sorted(str(name) for name, spec in raw["intents"].items() if not isinstance(spec, dict | None))
    if not_mappings:
        raise ConfigError(f"{source}: intents {not_mappings} must each be a mapping (with a `description`)")
    for key in ("fine_to_coarse", "queues"):
        if not isinstance(raw.get(key) or {}, dict):
            raise ConfigError(f"{source}: {key} must be a mapping")
    intents = {str(name): str((spec or {}).get("description", "")) for name, spec in raw["intents"].items()}
    if OTHER not in intents:
        intents[OTHER] = "No clear contact reason."
    fine_to_coarse = {str(k): str(v) for k, v in (raw.get("fine_to_coarse") or {}).items()}
    unknown = sorted({v for v in fine_to_coarse.values() if v not in intents})
    if unknown:
        raise ConfigError(f"{source}: fine_to_coarse maps onto undefined intents {unknown}")
    no_reason = raw.get("no_contact_reason") or []
    if not isinstance(no_reason, list):
        raise ConfigError(f"{source}: no_contact_reason must be a list of fine intents")
    twice = sorted(str(f) for f in no_reason if str(f) in fine_to_coarse and fine_to_coarse[str(f)] != OTHER)
    if twice:
        raise ConfigError(
            f"{source}: {twice} are in no_contact_reason and mapped onto a contact reason in fine_to_coarse"
        )
    fine_to_coarse.update({str(f): OTHER for f in no_reason})
    aliases_raw = raw.get("aliases") or {}
    if not isinstance(aliases_raw, dict) or not all(isinstance(v, dict) for v in aliases_raw.values()):
        raise ConfigError(f"{source}: aliases must map a data set name to {{its intent: fine intent}}")
    aliases = {str(d): {str(k): str(v) for k, v in names.items()} for d, names in aliases_raw.items()}
    unmapped = sorted({v for names in aliases.values() for v in names.values() if v not in fine_to_coarse})
    if unmapped:
        raise ConfigError(f"{source}: aliases name fine intents that fine_to_coarse does not map: {unmapped}")
    queues = {str(k): str(v) for k, v in (raw.get("queues") or {}).items()}
    unknown = sorted({v for v in queues.values() if v not in intents})
    if unknown:
        raise ConfigError(f"{source}: queues map onto undefined intents {unknown}")
    try:
        threshold = float(raw.get("other_threshold", 0.35))
    except (TypeError, ValueError):
        raise ConfigError(f"{source}: other_threshold must be a number, got {raw.get('other_threshold')!r}") from None
    if not 0.0 <= threshold <= 1.0:
        raise ConfigError(f"{source}: other_threshold must be within 0..1, got {threshold}")
    return Taxonomy(
        intents=intents,
        fine_to_coarse=fine_to_coarse,
        queues=queues,
        other_threshold=threshold,
        source=source,
        aliases=aliases,
    )
