"""Where the shared public data sets live on disk, for every package that trains on them.

Both `predict` (the CSAT model learns from USS dialogues) and `signals` (USS turns are the turn
model's background) read the USS files; the path logic sits here so neither imports the other.
"""

from __future__ import annotations

from pathlib import Path

USS_PARTS: tuple[str, ...] = ("SGD", "MWOZ", "ReDial", "CCPE")


def resolve_uss_dir(data_dir: Path) -> Path:
    """The USS folder: accepts the shared data root or the uss folder itself."""
    data_dir = Path(data_dir)
    folder = data_dir / "uss" if (data_dir / "uss").is_dir() else data_dir
    if not (folder / f"{USS_PARTS[0]}.txt").exists():
        raise FileNotFoundError(
            f"USS data not found under {data_dir} (expected uss/SGD.txt etc.; see ../shared/data/README.md)"
        )
    return folder
