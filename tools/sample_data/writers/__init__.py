"""Format writers; importing this package registers every one of them.

Each public module here (no leading underscore) mirrors one reader module of
`cxmaturity.ingest.formats` and registers its writers with `@register_writer`; a new format
is a new file, with no list to edit.
"""

import importlib
import pkgutil

for _module in pkgutil.iter_modules(__path__):
    if not _module.name.startswith("_"):
        importlib.import_module(f"{__name__}.{_module.name}")
