"""`python -m tools.sample_data [--out DIR]`: regenerate sample_data/ (run from the repository root)."""

from __future__ import annotations

import argparse
from pathlib import Path

from tools.sample_data.generate import SAMPLE_DATA, generate


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tools.sample_data", description=__doc__)
    parser.add_argument("--out", type=Path, default=SAMPLE_DATA, help="folder to write (default: sample_data/)")
    args = parser.parse_args(argv)
    result = generate(args.out)
    total = sum(p.stat().st_size for p in result.paths)
    print(
        f"{len(result.dialogues)} conversations, {len(result.transcripts)} transcript files, "
        f"{total / 1024:.0f} KiB under {args.out}"
    )


if __name__ == "__main__":
    main()
