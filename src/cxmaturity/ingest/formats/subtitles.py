"""WebVTT and SRT captions with speaker names.

WebVTT names speakers with voice tags (`<v Sarah>text</v>`, `<v.loud Agent>`) or a
"Name: text" prefix; SRT only with the prefix. A cue without a name continues the previous
speaker. Consecutive cues of one speaker are merged into a turn unless a silence longer
than `merge_gap_s` separates them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from cxmaturity.ingest.errors import IngestError
from cxmaturity.ingest.fragments import Fragment, fragments_to_turns, merge_fragments
from cxmaturity.ingest.options import IngestOptions
from cxmaturity.ingest.registry import Reader, register_reader
from cxmaturity.ingest.source import Source
from cxmaturity.ingest.values import clean_text
from cxmaturity.model import Conversation, Rejected

_VTT_TIME = r"(?:\d+:)?\d{2}:\d{2}\.\d{3}"
_SRT_TIME = r"\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}"
VTT_TIMING = re.compile(rf"^\s*(?P<start>{_VTT_TIME})\s+-->\s+(?P<end>{_VTT_TIME})(?:\s+.*)?$")
SRT_TIMING = re.compile(rf"^\s*(?P<start>{_SRT_TIME})\s*-->\s*(?P<end>{_SRT_TIME})(?:\s+.*)?$")
VOICE_TAG = re.compile(r"<v(?:\.[^\s>]+)*\s+(?P<name>[^>]+)>", re.I)
TAG = re.compile(r"</?[^>]+>")
NAME_PREFIX = re.compile(r"^\s*(?:-\s*)?(?P<name>[A-Za-z\u00c0-\u024f][^:\n]{0,40}?)\s*:\s+(?P<text>.+)$", re.S)
_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&nbsp;": " ", "&lrm;": "", "&rlm;": ""}


def _clock_seconds(stamp: str) -> float:
    parts = stamp.replace(",", ".").split(":")
    seconds = float(parts[-1]) + int(parts[-2]) * 60
    if len(parts) == 3:
        seconds += int(parts[0]) * 3600
    return round(seconds, 3)


def _cue_fragment(payload: list[str], start: float, end: float) -> Fragment | None:
    raw = "\n".join(payload)
    voice = VOICE_TAG.search(raw)
    label = voice.group("name").strip() if voice else ""
    text = TAG.sub("", raw)
    for entity, replacement in _ENTITIES.items():
        text = text.replace(entity, replacement)
    if not label:
        prefix = NAME_PREFIX.match(text)
        if prefix and len(prefix.group("name").split()) <= 4:
            label, text = prefix.group("name").strip(), prefix.group("text")
    text = clean_text(text)
    if not text:
        return None
    return Fragment(label, text, start, end)


def _cues(text: str, timing: re.Pattern[str]) -> list[Fragment]:
    fragments: list[Fragment] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        match = timing.match(lines[i])
        if not match:
            i += 1
            continue
        start, end = _clock_seconds(match.group("start")), _clock_seconds(match.group("end"))
        payload = []
        i += 1
        while i < len(lines) and lines[i].strip():
            payload.append(lines[i])
            i += 1
        fragment = _cue_fragment(payload, start, end)
        if fragment is not None:
            fragments.append(fragment)
    # A cue without a name continues the previous speaker.
    previous = ""
    for fragment in fragments:
        if fragment.label:
            previous = fragment.label
        else:
            fragment.label = previous or "unknown"
    return fragments


class _SubtitleReader(Reader):
    timing: re.Pattern[str]

    def read(self, source: Source, options: IngestOptions) -> Iterator[Conversation | Rejected]:
        fragments = _cues(source.text, self.timing)
        if not fragments:
            raise IngestError(source.name, f"no {self.name} cues with text found")
        fragments = merge_fragments(fragments, options.merge_gap_s)
        metadata: dict = {}
        turns = fragments_to_turns(fragments, options, conversation_metadata=metadata)
        yield Conversation(
            conversation_id=source.path.stem,
            turns=turns,
            channel=options.default_channel or "voice",
            direction=options.default_direction,
            metadata=metadata,
        )


@register_reader("webvtt")
class WebVttReader(_SubtitleReader):
    suffixes = (".vtt", ".webvtt")
    timing = VTT_TIMING

    def sniff(self, source: Source) -> float:
        text = source.text
        return 1.0 if text.lstrip("\ufeff").startswith("WEBVTT") else 0.0


@register_reader("srt")
class SrtReader(_SubtitleReader):
    suffixes = (".srt",)
    timing = SRT_TIMING

    def sniff(self, source: Source) -> float:
        text = source.text
        head = text.lstrip("\ufeff")[:2000]
        if re.match(rf"\s*\d+\s*\r?\n\s*{_SRT_TIME}\s*-->\s*{_SRT_TIME}", head):
            return 0.95
        return 0.0
