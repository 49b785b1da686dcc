"""The committed sample_data/ is exactly what the generator writes: same files, same bytes."""

from __future__ import annotations

from pathlib import Path

from tools.sample_data.generate import Generated, generate


def _files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def test_generator_writes_exactly_the_committed_files(regenerated: tuple[Path, Generated], sample_data: Path) -> None:
    out, result = regenerated
    assert _files(out) == _files(sample_data)
    assert {p.relative_to(out).as_posix() for p in result.paths} == _files(out)


def test_every_committed_file_matches_the_generator_byte_for_byte(
    regenerated: tuple[Path, Generated], sample_data: Path
) -> None:
    out, _ = regenerated
    differing = sorted(rel for rel in _files(out) if (out / rel).read_bytes() != (sample_data / rel).read_bytes())
    assert not differing, (
        f"sample_data/ differs from the generator in {differing}; "
        "run `.venv/bin/python -m tools.sample_data` and commit the result"
    )


def test_generation_is_deterministic(tmp_path: Path, regenerated: tuple[Path, Generated]) -> None:
    out, first = regenerated
    generate(tmp_path, first.dialogues)
    assert all((tmp_path / rel).read_bytes() == (out / rel).read_bytes() for rel in _files(out))
