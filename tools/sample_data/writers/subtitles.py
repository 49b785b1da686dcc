"""Subtitle files (WebVTT voice tags, SRT `Name: text` cues), read back by `cxmaturity.ingest.formats.subtitles`."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from tools.sample_data.dialogue import Dialogue
from tools.sample_data.registry import Written, register_writer
from tools.sample_data.render import display_name, hhmmss, timed_turns, wrap
from tools.sample_data.writers._common import output_path, write_text


@register_writer("vtt", label="WebVTT with `<v Name>` voice tags", reader="webvtt")
def write_vtt(dialogues: Sequence[Dialogue], out: Path) -> list[Written]:
    written = []
    for d in dialogues:
        lines = ["WEBVTT", ""]
        for i, t in enumerate(timed_turns(d), start=1):
            lines += [
                str(i),
                f"{hhmmss(t.start, '.')} --> {hhmmss(t.end, '.')}",
                f"<v {display_name(d, t)}>{t.text}</v>",
                "",
            ]
        path = output_path(out, "vtt", f"{d.conversation_id}.vtt")
        write_text(path, "\n".join(lines))
        written.append(Written(path, (d,)))
    return written


@register_writer("srt", label="SRT with `Name: text` cues", reader="srt")
def write_srt(dialogues: Sequence[Dialogue], out: Path) -> list[Written]:
    written = []
    for d in dialogues:
        lines: list[str] = []
        for i, t in enumerate(timed_turns(d), start=1):
            lines += [str(i), f"{hhmmss(t.start, ',')} --> {hhmmss(t.end, ',')}"]
            lines += wrap(f"{display_name(d, t)}: {t.text}")
            lines.append("")
        path = output_path(out, "srt", f"{d.conversation_id}.srt")
        write_text(path, "\n".join(lines))
        written.append(Written(path, (d,)))
    return written
