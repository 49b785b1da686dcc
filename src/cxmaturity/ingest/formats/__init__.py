"""Format readers; importing this package registers every one of them.

Each public module here (no leading underscore) holds one export format and registers its
reader with `@register_reader`; a new format is a new file, with no list to edit.
"""

import importlib
import pkgutil

for _module in pkgutil.iter_modules(__path__):
    if not _module.name.startswith("_"):
        importlib.import_module(f"{__name__}.{_module.name}")
