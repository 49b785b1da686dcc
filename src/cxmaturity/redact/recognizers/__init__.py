"""Our presidio recognizers: one module per recognizer, registered in `cxmaturity.registries.recognizers`.

A new entity type is a new module in this package that decorates its recognizer class with
`@register_recognizer`; `recognizer_classes()` imports every module here first, so the engine
never needs a list edited by hand. A recognizer is registered under its class name (two may
find one entity: `PostcodeRecognizer` and `SpokenPostcodeRecognizer`). An installed package adds
one through the entry-point group `cxmaturity_recognizers` (name = class name, value =
`module:Class`); every `Redactor` built afterwards uses it.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any, Protocol, TypeVar, cast

from presidio_analyzer import EntityRecognizer

from cxmaturity import registries
from cxmaturity.errors import ConfigError


class RecognizerClass(Protocol):
    """What the registry holds: a presidio recognizer class that builds itself with no arguments."""

    __name__: str

    def __call__(self) -> EntityRecognizer: ...


_Registered = TypeVar("_Registered", bound=RecognizerClass)


def register_recognizer(cls: _Registered) -> _Registered:
    """Class decorator: make a recognizer part of every `Redactor` built after import."""
    registries.recognizers.register(cls.__name__, func=cls)
    return cls


def import_builtin_recognizers() -> None:
    """Import every module of this package, which registers its recognizer."""
    for module in pkgutil.iter_modules(__path__):
        if not module.name.startswith("_"):
            importlib.import_module(f"{__name__}.{module.name}")


def recognizer_classes() -> list[RecognizerClass]:
    """Every registered recognizer class (ours, then any from plugins), sorted by name."""
    import_builtin_recognizers()
    registered = registries.recognizers.get_all()
    return [_checked(name, registered[name]) for name in sorted(registered)]


def load_recognizers() -> list[EntityRecognizer]:
    """One instance of every registered recognizer."""
    return [cls() for cls in recognizer_classes()]


def _checked(name: str, registered: Any) -> RecognizerClass:
    """`registered` if it is a presidio recognizer class; a plugin's mistake named otherwise."""
    if not (isinstance(registered, type) and issubclass(registered, EntityRecognizer)):
        raise ConfigError(
            f"recognizer {name!r} (registry cxmaturity.registries.recognizers, entry-point group "
            f"cxmaturity_recognizers) is {type(registered).__name__}, not a presidio EntityRecognizer class"
        )
    # A class is checked to be a recognizer here; that it builds with no arguments is the registry's contract.
    return cast(RecognizerClass, registered)
