"""Recognizers live in `cxmaturity.registries.recognizers` (catalogue), as stages and readers do."""

from __future__ import annotations

import importlib.metadata
import pkgutil
import sys
import types

import catalogue
import pytest
from presidio_analyzer import Pattern, PatternRecognizer

from cxmaturity import registries
from cxmaturity.errors import ConfigError
from cxmaturity.redact import recognizers as package
from cxmaturity.redact.recognizers import (
    import_builtin_recognizers,
    load_recognizers,
    recognizer_classes,
    register_recognizer,
)


@pytest.fixture
def clean_registry(monkeypatch):
    """Registrations made by a test are undone after it (the built-ins registered first, so they stay)."""
    import_builtin_recognizers()
    monkeypatch.setattr(catalogue, "REGISTRY", dict(catalogue.REGISTRY))


class TicketRecognizer(PatternRecognizer):
    def __init__(self) -> None:
        super().__init__(supported_entity="TICKET", patterns=[Pattern("ticket", r"\bTK-\d{6}\b", 0.9)])


def test_every_module_of_the_package_registers_its_recognizer_by_class_name():
    classes = recognizer_classes()
    names = [cls.__name__ for cls in classes]
    assert names == sorted(names)
    assert set(registries.recognizers.get_all()) == set(names)
    modules = [m.name for m in pkgutil.iter_modules(package.__path__) if not m.name.startswith("_")]
    assert len(names) == len(modules)  # one recognizer per module, none forgotten
    assert {"PostcodeRecognizer", "SpokenPostcodeRecognizer", "EmailRecognizer", "SpokenEmailRecognizer"} <= set(names)


def test_a_registered_recognizer_joins_every_engine(clean_registry):
    register_recognizer(TicketRecognizer)
    assert registries.recognizers.get("TicketRecognizer") is TicketRecognizer
    assert any(isinstance(r, TicketRecognizer) for r in load_recognizers())


def test_a_plugin_adds_a_recognizer_through_the_entry_point_group(clean_registry, monkeypatch):
    module = types.ModuleType("cxm_ticket_plugin")
    module.TicketRecognizer = TicketRecognizer
    monkeypatch.setitem(sys.modules, "cxm_ticket_plugin", module)
    entry = importlib.metadata.EntryPoint(
        name="TicketRecognizer", value="cxm_ticket_plugin:TicketRecognizer", group="cxmaturity_recognizers"
    )
    assert registries.recognizers.entry_point_namespace == "cxmaturity_recognizers"
    monkeypatch.setattr(registries.recognizers, "_get_entry_points", lambda: [entry])
    assert "TicketRecognizer" in [cls.__name__ for cls in recognizer_classes()]


def test_a_plugin_that_is_no_recognizer_is_a_config_error(clean_registry):
    registries.recognizers.register("NotARecognizer", func=lambda: None)
    with pytest.raises(ConfigError, match="'NotARecognizer'.*not a presidio EntityRecognizer class"):
        recognizer_classes()


def test_a_redactor_uses_a_registered_recognizer(clean_registry, redactor):
    from cxmaturity.redact.engine import RedactionConfig, Redactor

    register_recognizer(TicketRecognizer)
    engine = Redactor(RedactionConfig())
    assert "TICKET" in engine.entity_types
    assert "TICKET" in {entity.entity_type for entity in engine.analyze_texts(["my ticket is TK-123456"])[0]}
