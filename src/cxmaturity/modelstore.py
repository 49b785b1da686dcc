"""Safe persistence for trained models: skops files whose SHA-256 is recorded and checked.

Every artifact in `models/NAME/` is written with a `meta.json` beside it that records the
file's SHA-256, the training command, data and metrics. `load_model` refuses a file whose
hash does not match: a tampered or half-copied model must not score anybody's calls.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from cxmaturity.errors import CxmError

MODELS_ENV = "CXM_MODELS_DIR"


class ModelIntegrityError(CxmError, RuntimeError):
    """The model file on disk is not the one that was trained; the message names the file, never its content."""


def models_dir() -> Path:
    """Where trained artifacts live: `$CXM_MODELS_DIR`, else the repo's `models/`, else the package's."""
    import os

    env = os.environ.get(MODELS_ENV)
    if env:
        return Path(env)
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / "models"
        if (parent / "pyproject.toml").exists() and candidate.is_dir():
            return candidate
    return here.parent / "models"


def default_data_dir() -> Path:
    """Training data: `../shared/data` beside the checkout, the layout of the team's machines and CI."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent.parent / "shared" / "data"
        if (parent / "pyproject.toml").exists() and candidate.is_dir():
            return candidate
    return Path("../shared/data")


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def save_model(
    obj: Any, directory: Path, filename: str = "model.skops", meta: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Write `obj` with skops and record its hash in `meta.json`; returns the meta written."""
    import skops.io as sio

    directory.mkdir(parents=True, exist_ok=True)
    path = directory / filename
    sio.dump(obj, path)
    record = dict(meta or {})
    record.setdefault("files", {})[filename] = sha256_file(path)
    (directory / "meta.json").write_text(json.dumps(record, indent=2, sort_keys=True, default=str) + "\n")
    return record


def read_meta(directory: Path) -> dict[str, Any]:
    return json.loads((directory / "meta.json").read_text())


def verify_file(directory: Path, filename: str) -> str:
    """Check `filename` against the hash in `meta.json`; returns the hash or raises."""
    path = directory / filename
    if not path.exists():
        raise FileNotFoundError(f"model file missing: {path} (rebuild it with `cxm train`)")
    expected = read_meta(directory).get("files", {}).get(filename)
    if expected is None:
        raise ModelIntegrityError(f"{path}: no recorded hash in meta.json; refusing to load")
    actual = sha256_file(path)
    if actual != expected:
        raise ModelIntegrityError(
            f"{path}: SHA-256 {actual[:12]}... does not match recorded {expected[:12]}...; refusing to load"
        )
    return actual


def load_model(directory: Path, filename: str = "model.skops") -> Any:
    """Load a skops artifact after checking its hash.

    Of the types skops does not trust by default, only those of our package and of the scientific stack
    (sklearn, numpy, scipy) and builtins are trusted; any other type refuses the file.
    """
    import skops.io as sio

    verify_file(directory, filename)
    path = directory / filename
    untrusted = sio.get_untrusted_types(file=path)
    allowed_prefixes = ("sklearn.", "numpy.", "scipy.", "cxmaturity.", "builtins.", "collections.")
    unexpected = [t for t in untrusted if not t.startswith(allowed_prefixes)]
    if unexpected:
        raise ModelIntegrityError(f"{path}: contains unexpected types {unexpected}; refusing to load")
    return sio.load(path, trusted=untrusted)
