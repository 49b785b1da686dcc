"""Every registry of named parts, in one place and one mechanism (`catalogue`, as spaCy does).

A name in a pipeline YAML, a `--format`, an entity type or a metric kind in a framework file
resolves through one of these. Each kind is one `catalogue.Registry`; the ones that third-party
packages may extend also read entry points, so an installed plugin package adds a stage or a
reader without any edit here (group `cxmaturity_<kind>`, e.g. `cxmaturity_stages`).

    from cxmaturity import registries

    @registries.stages.register("my_stage")
    class MyStage(ConversationStage): ...

Registering is explicit and happens on import of the module that defines the part; the
modules that own a kind import their built-in parts on first lookup.
"""

from __future__ import annotations

import catalogue

#: Pipeline stages (`stages:` in `pipelines/*.yaml`): conversation and corpus stages.
stages = catalogue.create("cxmaturity", "stages", entry_points=True)
#: Export-format readers (`--format`, `ingest.format`).
readers = catalogue.create("cxmaturity", "readers", entry_points=True)
#: presidio recognizers added to every redaction engine.
recognizers = catalogue.create("cxmaturity", "recognizers", entry_points=True)
#: Evidence metric kinds that framework and evidence-rule YAML may name.
metrics = catalogue.create("cxmaturity", "metrics")
#: Ladder rules (`ladder.rule` in framework YAML).
ladders = catalogue.create("cxmaturity", "ladders")

__all__ = ["ladders", "metrics", "readers", "recognizers", "stages"]
