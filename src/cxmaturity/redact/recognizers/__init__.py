"""Registry of our presidio recognizers: one module per recognizer, a decorator to register.

A new entity type is a new module in this package that decorates its recognizer class with
`@register_recognizer`; `load_recognizers()` imports every module here, so the engine never
needs a list edited by hand.
"""

from __future__ import annotations

import importlib
import pkgutil

from presidio_analyzer import EntityRecognizer

_RECOGNIZERS: dict[str, type[EntityRecognizer]] = {}


def register_recognizer(cls: type[EntityRecognizer]) -> type[EntityRecognizer]:
    """Class decorator: make a recognizer part of every `Redactor` built after import."""
    _RECOGNIZERS[cls.__name__] = cls
    return cls


def recognizer_classes() -> list[type[EntityRecognizer]]:
    """Every registered recognizer class, importing this package's modules first."""
    for module in pkgutil.iter_modules(__path__):
        if not module.name.startswith("_"):
            importlib.import_module(f"{__name__}.{module.name}")
    return [_RECOGNIZERS[name] for name in sorted(_RECOGNIZERS)]


def load_recognizers() -> list[EntityRecognizer]:
    """One instance of every registered recognizer."""
    return [cls() for cls in recognizer_classes()]
