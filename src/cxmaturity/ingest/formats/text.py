"""Speaker-labelled plain text ("Agent: ...", "[00:01:02] Customer: ...").

Optional header lines before the turns ("Conversation-ID: c-1", "Channel: chat",
"Queue: billing", "Date: ...", "Agent-Name: Sarah") describe the conversation. A line
without a speaker label continues the previous turn. One file may hold several
conversations: a new header block (a second "Conversation-ID:" line) or a separator line
("---", "===") after turns starts the next one.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from cxmaturity.ingest.annotations import annotation_for_field, field_words
from cxmaturity.ingest.fragments import Fragment, fragments_to_turns
from cxmaturity.ingest.jsondocs import looks_like_json
from cxmaturity.ingest.options import IngestOptions
from cxmaturity.ingest.registry import Reader, register_reader
from cxmaturity.ingest.source import Source
from cxmaturity.ingest.speakers import normalise_label, role_word
from cxmaturity.ingest.times import to_iso, to_seconds
from cxmaturity.ingest.values import clean_text
from cxmaturity.ingest.vocabularies import map_channel, map_direction
from cxmaturity.model import Conversation, Rejected

_TS = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?"
TURN_LINE = re.compile(
    rf"^\s*(?:[\[\(]?(?P<ts1>{_TS})[\]\)]?\s*[-–|]?\s*)?"
    r"(?P<label>[A-Za-z\u00c0-\u024f][^:\[\]\n]{0,48}?)"
    rf"\s*(?:[\[\(](?P<ts2>{_TS})[\]\)])?\s*:(?:\s+(?P<text>.*)|\s*$)"
)
HEADER_LINE = re.compile(r"^\s*(?P<key>[A-Za-z][A-Za-z _-]{0,30}?)\s*:\s*(?P<value>.*?)\s*$")
SEPARATOR = re.compile(r"^\s*(?:-{3,}|={3,}|\*{3,}|#{3,})\s*$")

HEADER_KEYS = {
    "conversationid": "conversation_id",
    "conversation": "conversation_id",
    "callid": "conversation_id",
    "contactid": "conversation_id",
    "interactionid": "conversation_id",
    "chatid": "conversation_id",
    "transcriptid": "conversation_id",
    "sessionid": "conversation_id",
    "ticketid": "conversation_id",
    "channel": "channel",
    "mediatype": "channel",
    "medium": "channel",
    "queue": "queue",
    "skill": "queue",
    "department": "queue",
    "date": "started_at",
    "startedat": "started_at",
    "started": "started_at",
    "starttime": "started_at",
    "datetime": "started_at",
    "start": "started_at",
    "time": "started_at",
    "direction": "direction",
    "calldirection": "direction",
    "agentid": "agent_id",
    "customerid": "customer_id",
    "agentname": "agent_name",
    "agentnames": "agent_name",
    "agents": "agent_name",
    "customername": "customer_name",
    "callername": "customer_name",
    "language": "language",
    "languagecode": "language",
    "locale": "language",
    "subject": "subject",
    "topic": "subject",
    "disposition": "disposition",
    "wrapup": "disposition",
    "wrapupcode": "disposition",
}
# Header keys that name export analytics (`QA Score:`, `Sentiment:`, `Summary:`) are kept as
# metadata under this prefix; `ingest/annotations.py` decides what each one is.
_ANNOTATION_PREFIX = "annotation:"
_ID_FIELD = "conversation_id"


@dataclass
class _Block:
    header: dict[str, str] = field(default_factory=dict)
    lines: list[tuple[int, str]] = field(default_factory=list)  # (line number, text)


def header_field(line: str) -> tuple[str, str] | None:
    match = HEADER_LINE.match(line)
    if not match:
        return None
    key = re.sub(r"[^a-z]", "", match.group("key").lower())
    fieldname = HEADER_KEYS.get(key)
    if fieldname is None and annotation_for_field(match.group("key")) is not None:
        fieldname = _ANNOTATION_PREFIX + field_words(match.group("key")).replace(" ", "_")
    return (fieldname, match.group("value")) if fieldname else None


def split_blocks(text: str) -> list[_Block]:
    blocks = [_Block()]
    in_header = True
    for number, line in enumerate(text.splitlines(), start=1):
        block = blocks[-1]
        if SEPARATOR.match(line):
            if block.lines:
                blocks.append(_Block())
                in_header = True
            continue
        if not line.strip():
            if in_header and block.header:
                in_header = False  # a blank line ends the header block
            elif block.lines:
                block.lines.append((number, ""))
            continue
        parsed = header_field(line)
        if parsed is not None and (in_header or parsed[0] == _ID_FIELD and _has_turn_text(block)):
            if not in_header or (parsed[0] == _ID_FIELD and _ID_FIELD in block.header):
                blocks.append(_Block())
                block = blocks[-1]
                in_header = True
            block.header[parsed[0]] = parsed[1]
            continue
        in_header = False
        block.lines.append((number, line))
    return [b for b in blocks if b.lines or b.header]


def _has_turn_text(block: _Block) -> bool:
    return any(line.strip() for _, line in block.lines)


def accepted_labels(blocks: list[_Block], options: IngestOptions, names: set[str]) -> set[str]:
    """Which `Label:` prefixes are speakers (role words, known names, or frequent short labels)."""
    counts: Counter[str] = Counter()
    for block in blocks:
        for _, line in block.lines:
            match = TURN_LINE.match(line)
            if match:
                counts[match.group("label").strip()] += 1
    overrides = {normalise_label(k) for k in options.speaker_map}
    accepted = set()
    frequent = []
    for label, count in counts.items():
        norm = normalise_label(label)
        inner = re.search(r"\(([^)]*)\)", norm)
        if (
            role_word(label)
            or norm in overrides
            or norm in names
            or (inner and normalise_label(inner.group(1)) in names)
        ):
            accepted.add(label)
        elif count >= 2 and len(label.split()) <= 3:
            frequent.append(label)
    if len(frequent) <= 4:
        accepted.update(frequent)
    return accepted


@register_reader("text")
class TextReader(Reader):
    suffixes = (".txt", ".text", ".log")

    def sniff(self, source: Source) -> float:
        text = source.text
        if not text.strip() or looks_like_json(text) or text.lstrip().startswith("WEBVTT"):
            return 0.0
        head = "\n".join(text.splitlines()[:300])
        blocks = split_blocks(head)
        role_lines = sum(
            1 for b in blocks for _, line in b.lines if (m := TURN_LINE.match(line)) and role_word(m.group("label"))
        )
        labelled = accepted_labels(blocks, IngestOptions(), set())
        has_header = any(b.header for b in blocks)
        if role_lines >= 2 or (role_lines and has_header):
            return 0.7
        if labelled and has_header:
            return 0.6
        if len(labelled) >= 2:
            return 0.4
        return 0.0

    def read(self, source: Source, options: IngestOptions) -> Iterator[Conversation | Rejected]:
        blocks = split_blocks(source.text)
        multiple = len(blocks) > 1
        for index, block in enumerate(blocks, start=1):
            yield _conversation(block, index, multiple, blocks, source, options)


def _names(value: str | None) -> list[str]:
    return [n.strip() for n in re.split(r"[,;/&]| and ", value or "") if n.strip()]


def _conversation(
    block: _Block, index: int, multiple: bool, blocks: list[_Block], source: Source, options: IngestOptions
) -> Conversation | Rejected:
    header = block.header
    agent_names = _names(header.get("agent_name"))
    customer_names = _names(header.get("customer_name"))
    labels = accepted_labels(
        [block], options, {normalise_label(n) for n in [*agent_names, *customer_names, *options.agent_names]}
    )
    fragments: list[Fragment] = []
    for _, line in block.lines:
        match = TURN_LINE.match(line)
        if match and match.group("label").strip() in labels:
            start = to_seconds(match.group("ts1") or match.group("ts2"))
            fragments.append(Fragment(match.group("label").strip(), clean_text(match.group("text")), start))
        elif fragments:
            if line.strip():
                fragments[-1].text = f"{fragments[-1].text}\n{line.strip()}".strip()
    for frag in fragments:
        frag.text = clean_text(frag.text)

    timed = [f.start for f in fragments if f.start is not None]
    if timed and timed[0] >= 3600:  # clock times of day, not offsets into the call
        first = timed[0]
        for frag in fragments:
            if frag.start is not None:
                frag.start = round(frag.start - first, 3)

    metadata: dict[str, Any] = {}
    turns = fragments_to_turns(
        fragments, options, agent_names=agent_names, customer_names=customer_names, conversation_metadata=metadata
    )
    for key in ("language", "subject", "disposition"):
        if header.get(key):
            metadata[key] = header[key][:200]
    for key, value in header.items():
        if key.startswith(_ANNOTATION_PREFIX) and value:
            metadata[key.removeprefix(_ANNOTATION_PREFIX)] = value[:500]
    conversation_id = (header.get(_ID_FIELD) or "").strip()
    if not conversation_id:
        conversation_id = f"{source.path.stem}-{index}" if multiple else source.path.stem
    started_at = to_iso(header.get("started_at"))
    if header.get("started_at") and started_at is None:
        metadata["source_started_at"] = header["started_at"][:64]
    if not turns:
        return Rejected(
            source.name,
            "no speaker-labelled turns found",
            conversation_id=conversation_id,
            location=f"line {block.lines[0][0]}" if block.lines else None,
        )
    return Conversation(
        conversation_id=conversation_id,
        turns=turns,
        channel=map_channel(header.get("channel"), metadata) or options.default_channel,
        started_at=started_at,
        customer_id=header.get("customer_id") or None,
        agent_id=header.get("agent_id") or None,
        queue=header.get("queue") or None,
        direction=map_direction(header.get("direction"), metadata) or options.default_direction,
        metadata=metadata,
    )


_INLINE_ROLE = re.compile(
    r"(?:^|(?<=\s))(?P<label>Agent|Customer|Caller|Client|Rep|Representative|Advisor|Bot|Chatbot|"
    r"Virtual Assistant|IVR|System|Visitor|Member)\s*(?:\([^)]{1,40}\))?\s*:\s",
)


def split_labelled_text(text: str) -> list[Fragment] | None:
    """A whole conversation in one field ("Agent: ... Customer: ...", one line or many)
    -> fragments; None when it is not written that way (fewer than two labelled turns)."""
    fragments: list[Fragment] = []
    for line in str(text).splitlines():
        match = TURN_LINE.match(line)
        if match and role_word(match.group("label")) and not _INLINE_ROLE.search(match.group("text") or ""):
            fragments.append(Fragment(match.group("label").strip(), clean_text(match.group("text"))))
            continue
        pieces = list(_INLINE_ROLE.finditer(line))
        if pieces:
            if pieces[0].start() > 0 and fragments:
                fragments[-1].text = clean_text(f"{fragments[-1].text} {line[: pieces[0].start()]}")
            for piece, following in zip(pieces, [*pieces[1:], None], strict=True):
                end = following.start() if following is not None else len(line)
                label = line[piece.start() : piece.end()].rstrip().rstrip(":").strip()
                fragments.append(Fragment(label, clean_text(line[piece.end() : end])))
        elif fragments and line.strip():
            fragments[-1].text = clean_text(f"{fragments[-1].text} {line}")
    return fragments if len(fragments) >= 2 else None
