"""Write the whole sample_data/ folder: check the dialogues, render every format, then the README."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tools.sample_data.checks import check_corpus
from tools.sample_data.dialogue import Dialogue, load_dialogues
from tools.sample_data.readme import write_readme
from tools.sample_data.registry import Written, get_writer, writers
from tools.sample_data.self_assessment import write_self_assessment

#: The committed folder the tool regenerates by default.
SAMPLE_DATA = Path(__file__).resolve().parents[2] / "sample_data"


@dataclass(frozen=True)
class Generated:
    """What one run wrote."""

    dialogues: tuple[Dialogue, ...]
    transcripts: tuple[Written, ...]  # sorted by path
    other_files: tuple[Path, ...]  # self-assessment and README

    @property
    def paths(self) -> list[Path]:
        return [w.path for w in self.transcripts] + list(self.other_files)


def group_by_format(dialogues: Sequence[Dialogue]) -> dict[str, list[Dialogue]]:
    """Dialogues per export format, each group in conversation order."""
    groups: dict[str, list[Dialogue]] = {}
    for d in dialogues:
        groups.setdefault(d.export_format, []).append(d)
    return groups


def generate(out: Path = SAMPLE_DATA, dialogues: Sequence[Dialogue] | None = None) -> Generated:
    """Render `dialogues` (default: every file in `dialogues/`) into `out`; same input, same bytes."""
    dialogues = load_dialogues() if dialogues is None else list(dialogues)
    check_corpus(dialogues, known_formats=writers())
    transcripts: list[Written] = []
    for name, group in group_by_format(dialogues).items():
        transcripts += get_writer(name).write(group, out)
    transcripts.sort(key=lambda w: w.path.as_posix())
    other = (write_self_assessment(out), write_readme(out, dialogues, transcripts))
    return Generated(tuple(dialogues), tuple(transcripts), other)
