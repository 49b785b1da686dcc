"""sample_data/README.md, written from the dialogues so the description cannot drift from the files."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from tools.sample_data.checks import REPEAT_STORIES, contact_ids, repeaters
from tools.sample_data.dialogue import Dialogue
from tools.sample_data.registry import Written, get_writer

INTRO = (
    "All companies, people and numbers are fictional. Card numbers are public test numbers; phone numbers "
    "are in reserved drama/fictional ranges. The files deliberately contain PII in written and spoken "
    "(speech-to-text) form, so the redaction stage has something real to find; never copy them into a "
    "real system."
)
SCENARIOS = (
    "- IVR menus, bots that resolve on their own (bot containment) and bots that hand over to a human; "
    "transfers (including customers forced to repeat themselves), holds with real timing gaps, escalation "
    "requests, wait-time complaints, survey offers, recording disclosures, identity checks, empathy, "
    "ownership, confirmed resolutions, unresolved and angry contacts, cancellations and competitor mentions, "
    "agents referring to contact history or to a predicted need."
)
PII_TYPES = (
    "- PII types present (values not listed here): payment card numbers (written, spoken digit by digit, "
    "split across turns), expiry dates, CVV, UK/US/international phone numbers, email addresses (written "
    "and spoken 'dot'/'at'), US SSN, UK National Insurance number, IBAN, sort code and account number, "
    "policy/order/claim numbers, dates of birth, street addresses, UK postcodes and US ZIP codes, names "
    "(including lower-case names in ASR text)."
)
ANALYTICS = (
    "- Exports that already carry analytics: Contact Lens and Call Analytics files with per-turn sentiment "
    "and categories; one Contact Lens and one Call Analytics file redacted at source (`[PII]`)."
)
SELF_ASSESSMENT_ROW = (
    "| `self_assessment.yaml` | ICMI self-assessment (YAML) | n/a | the 20 ICMI items rated 1-5 (total 72, "
    "Customer-Centric) and `claimed_ai_layer: 3`; deliberately optimistic so the evidence has something to "
    "challenge |"
)
IDS_NOTE = (
    "Conversation ids (`c-...`) are the generator's; formats that carry their own ids (Amazon, Genesys) "
    "use ids derived from them, so the README's id is a cross-reference, not necessarily the id a reader reports."
)
GENERATED_BY = "`tools/sample_data/` from the dialogues in `tools/sample_data/dialogues/`"
REGENERATE = [
    "From the repository root, with the project's virtual environment:",
    "",
    "```",
    ".venv/bin/python -m tools.sample_data",
    "```",
    "",
    "`tests/tools/` regenerates the folder into a temporary directory and fails when any file differs "
    "from the committed one, so commit the dialogue change and the regenerated files together.",
]


def _summary(d: Dialogue) -> str:
    return f"{d.company}, {d.channel} {d.direction}, {d.queue.replace('_', ' ')}: {d.notes}"


def _coverage(dialogues: Sequence[Dialogue]) -> list[str]:
    dates = sorted(d.started_at for d in dialogues)
    channels = ", ".join(
        f"{ch} ({sum(d.channel == ch for d in dialogues)})" for ch in ("voice", "chat", "email", "sms")
    )
    outbound = sum(d.direction == "outbound" for d in dialogues)
    stories = "; ".join(
        f"`{cid}` {story} (" + ", ".join(contact_ids(dialogues, cid)) + ")" for cid, story in REPEAT_STORIES.items()
    )
    others = ", ".join(f"`{cid}`" for cid in sorted(set(repeaters(dialogues)) - set(REPEAT_STORIES)))
    return [
        f"- Contacts from {dates[0][:10]} to {dates[-1][:10]} for five fictional companies: Northgate Bank, "
        "Brightwave (broadband and mobile), Harbour Mutual (insurer), Cartwell (online retailer), "
        "Veridian Energy (utility).",
        f"- Channels: {channels}; {outbound} outbound proactive contacts.",
        "- Queues: " + ", ".join(sorted({d.queue for d in dialogues})) + ".",
        SCENARIOS,
        "- Repeat contacts about one problem, each within 7 days of the previous contact: "
        f"{stories}. Other customers ({others}) contact twice about unrelated things.",
        PII_TYPES,
        ANALYTICS,
        "- One hostile chat (`c-1008`) whose text contains HTML/script injection attempts, to test escaping.",
    ]


def _file_row(out: Path, written: Written) -> str:
    rel = written.path.relative_to(out).as_posix()
    label = get_writer(written.dialogues[0].export_format).label
    if len(written.dialogues) == 1:
        ids = written.dialogues[0].conversation_id
        shows = _summary(written.dialogues[0])
    else:
        ids = ", ".join(d.conversation_id for d in written.dialogues)
        shows = "; ".join(f"`{d.conversation_id}` {_summary(d)}" for d in written.dialogues)
    return f"| `{rel}` | {label} | {ids} | {shows} |"


def readme_text(out: Path, dialogues: Sequence[Dialogue], files: Sequence[Written]) -> str:
    """The README for `files` (sorted by path) written from `dialogues` into `out`."""
    n_formats = len({d.export_format for d in dialogues})
    lines = [
        "# sample_data",
        "",
        f"Contact-centre transcripts the project wrote itself: {len(dialogues)} conversations across "
        f"{n_formats} export formats, plus a sample ICMI self-assessment. Everything here is generated by "
        f"{GENERATED_BY} (deterministic; rerun it rather than editing these files by hand).",
        "",
        INTRO,
        "",
        "## What the corpus covers",
        "",
        *_coverage(dialogues),
        "",
        "## Files",
        "",
        "| file | format | conversations | what it shows |",
        "|---|---|---|---|",
        *(_file_row(out, written) for written in files),
        SELF_ASSESSMENT_ROW,
        "",
        IDS_NOTE,
        "",
        "## Regenerate",
        "",
        *REGENERATE,
        "",
    ]
    return "\n".join(lines)


def write_readme(out: Path, dialogues: Sequence[Dialogue], files: Sequence[Written]) -> Path:
    path = out / "README.md"
    path.write_text(readme_text(out, dialogues, files), encoding="utf-8", newline="\n")
    return path
