"""Unusual but legal corpora complete `cxm analyze` with exit 0 and every output written.

Each shape runs the default pipeline end to end (models load once per test process): social posts
with no agent at all, a bot that handles everything, an outbound agent talking to voicemail,
one-turn conversations, a single conversation, and an export with no timestamps. The maturity
stage must say what it cannot observe, not crash after the expensive work.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from cxmaturity.cli import main

OUTPUTS = ("turns.parquet", "calls.parquet", "evidence.json", "report.html", "manifest.json")


def _turn(speaker: str, text: str, start: float | None = None) -> dict:
    turn = {"speaker": speaker, "text": text}
    if start is not None:
        turn.update(start=start, end=start + 2.5)
    return turn


def _customer_only() -> list[dict]:
    posts = [
        "Your app has been down all morning and nobody answers, sort it out",
        "Third time this month my parcel has gone missing, thinking of switching",
        "Is anyone actually reading these? Still no refund after two weeks",
    ]
    return [
        {
            "conversation_id": f"post-{i}",
            "channel": "social",
            "turns": [_turn("customer", text), _turn("customer", "Still waiting.")],
        }
        for i, text in enumerate(posts)
    ]


def _bot_only() -> list[dict]:
    return [
        {
            "conversation_id": f"bot-{i}",
            "channel": "chat",
            "direction": "inbound",
            "turns": [
                _turn("bot", "Hi, I'm the virtual assistant. What can I help with?"),
                _turn("customer", "where is my order"),
                _turn("bot", "Your order shipped yesterday and arrives on Friday. Anything else?"),
                _turn("customer", "no thanks"),
            ],
        }
        for i in range(4)
    ]


def _agent_only_outbound() -> list[dict]:
    return [
        {
            "conversation_id": f"vm-{i}",
            "channel": "voice",
            "direction": "outbound",
            "turns": [
                _turn("agent", "Hello, this is Sam from Northwind calling about your renewal next week.", 0.0),
                _turn("agent", "Please call us back when you can. Goodbye.", 4.0),
            ],
        }
        for i in range(3)
    ]


def _one_turn() -> list[dict]:
    return [
        {"conversation_id": f"one-{i}", "turns": [_turn("customer", text)]}
        for i, text in enumerate(["How do I reset my password?", "Cancel my subscription please"])
    ]


def _single() -> list[dict]:
    return [
        {
            "conversation_id": "only",
            "channel": "voice",
            "started_at": "2026-11-20T09:00:00Z",
            "turns": [
                _turn("agent", "Thanks for calling Northwind, how can I help?", 0.0),
                _turn("customer", "I lost my bank card yesterday.", 3.0),
                _turn("agent", "I've cancelled it and a new one is on its way. Anything else?", 7.0),
                _turn("customer", "No, that's all, thanks.", 12.0),
            ],
        }
    ]


def _no_timestamps() -> list[dict]:
    return [
        {
            "conversation_id": f"nt-{i}",
            "channel": "voice",
            "turns": [
                _turn("agent", "Thanks for calling, this call may be recorded. How can I help?"),
                _turn("customer", "My bill is higher than usual."),
                _turn("agent", "Let me put you on hold while I check."),
                _turn("agent", "Thanks for holding, that's corrected now. Anything else?"),
                _turn("customer", "No that's everything, thanks."),
            ],
        }
        for i in range(3)
    ]


SHAPES = {
    "customer_only": _customer_only,
    "bot_only": _bot_only,
    "agent_only_outbound": _agent_only_outbound,
    "one_turn": _one_turn,
    "single_conversation": _single,
    "no_timestamps": _no_timestamps,
}


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[str, tuple[Path, int]]:
    """Every shape through `cxm analyze` once: name -> (output folder, exit code)."""
    out: dict[str, tuple[Path, int]] = {}
    for name, build in SHAPES.items():
        folder = tmp_path_factory.mktemp(name)
        export = folder / "export.jsonl"
        export.write_text("".join(json.dumps(c) + "\n" for c in build()), encoding="utf-8")
        out[name] = (folder / "out", main(["analyze", str(export), "--out", str(folder / "out"), "--quiet"]))
    return out


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_completes_with_every_output(runs, name):
    out, code = runs[name]
    assert code == 0
    for output in OUTPUTS:
        assert (out / output).is_file(), output
    manifest = json.loads((out / "manifest.json").read_text())
    assert {stage["status"] for stage in manifest["corpus_stages"].values()} == {"ok"}
    assert manifest["totals"]["conversations_written"] == manifest["totals"]["conversations_read"] > 0


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_every_framework_has_a_verdict_with_honest_confidence(runs, name):
    out, _ = runs[name]
    evidence = json.loads((out / "evidence.json").read_text())
    for framework_id, verdict in evidence["frameworks"].items():
        assert verdict.get("status") != "error", (framework_id, verdict.get("reason"))
        assert not verdict.get("errors"), (framework_id, verdict["errors"])
        assert verdict["confidence_label"] == "low", framework_id  # a handful of conversations
    calls = pd.read_parquet(out / "calls.parquet")
    assert len(calls) == evidence["corpus"]["conversations"]


@pytest.mark.parametrize("name", ["customer_only", "bot_only"])
def test_agent_measures_are_not_observable_without_agents(runs, name):
    out, _ = runs[name]
    evidence = json.loads((out / "evidence.json").read_text())
    items = {item["id"]: item for item in evidence["frameworks"]["icmi"]["items"]}
    feedback = items["feedback_management"]  # survey offers by agents
    assert feedback["status"] == "not_observable" and feedback["evidenced_rating"] is None
    assert feedback["metrics"]["survey_offer_rate"]["reason"] == (
        "no conversations handled by a human agent with survey_offered known"
    )
