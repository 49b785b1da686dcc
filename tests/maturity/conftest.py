"""Synthetic contact-centre corpora: calls and turns tables with every documented column.

A `CentreProfile` says how often each behaviour happens; `make_corpus` draws conversations
from it with a seeded generator and writes agent/customer/bot turns whose (already redacted)
text matches the signals, so evidence quotes come from real turn text.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import catalogue
import numpy as np
import pandas as pd
import pytest

from cxmaturity import registries
from cxmaturity.maturity.metrics import MetricKind, MetricResult, Tables


def replace_metric(
    monkeypatch: pytest.MonkeyPatch, kind: str, wrapper: Callable[[Callable[..., MetricResult], Tables, Any], Any]
) -> None:
    """Swap a registered metric kind for `wrapper(original_fn, tables, params)` for one test."""
    original: MetricKind = registries.metrics.get(kind)
    replaced = MetricKind(lambda tables, p: wrapper(original.fn, tables, p), original.required, original.optional)
    monkeypatch.setitem(catalogue.REGISTRY, (*registries.metrics.namespace, kind), replaced)


CALL_COLUMNS = [
    "conversation_id",
    "source_file",
    "source_format",
    "channel",
    "direction",
    "queue",
    "started_at",
    "customer_id",
    "agent_id",
    "duration_s",
    "handle_time_s",
    "n_turns",
    "n_agent_turns",
    "n_customer_turns",
    "n_bot_turns",
    "n_ivr_turns",
    "source_annotations",
    "pii_found",
    "pii_types",
    "source_redacted",
    "intent",
    "intent_fine",
    "intent_confidence",
    "sentiment_start",
    "sentiment_end",
    "sentiment_mean",
    "customer_sentiment_start",
    "customer_sentiment_end",
    "customer_sentiment_trajectory",
    "talk_ratio",
    "silence_ratio",
    "agent_talk_share",
    "customer_talk_share",
    "interruptions",
    "holds",
    "hold_time_s",
    "transfers",
    "repeat_after_transfer",
    "escalation_requested",
    "has_bot",
    "bot_contained",
    "human_agent_involved",
    "resolved",
    "survey_offered",
    "disclosure_given",
    "identity_verified",
    "greeting",
    "empathy",
    "ownership",
    "closing",
    "wait_complaint",
    "cancellation_mention",
    "competitor_mention",
    "history_reference",
    "proactive_offer",
    "outbound_proactive",
    "signal_turns",
    "repeat_contact_7d",
    "contacts_by_customer_7d",
    "predicted_csat",
    "csat_dissatisfied_proba",
    "churn_risk",
]
TURN_COLUMNS = [
    "conversation_id",
    "turn_index",
    "speaker",
    "start",
    "end",
    "text",
    "sentiment",
    "sentiment_score",
    "pii_types",
]


@dataclass(frozen=True)
class CentreProfile:
    """Probabilities of each behaviour per conversation (0..1) and the channel mix."""

    channels: dict[str, float] = field(default_factory=lambda: {"voice": 1.0})
    bot: float = 0.0
    bot_contained: float = 0.0
    bot_task_phrase: float = 0.0
    transfer: float = 0.1
    repeat_after_transfer: float = 0.3
    source_redacted: float = 0.0
    pii_leak: float = 0.3
    annotations: dict[str, float] = field(default_factory=dict)
    survey: float = 0.0
    disclosure: float = 0.5
    identity: float = 0.5
    resolved: float = 0.6
    wait_complaint: float = 0.1
    hold: float = 0.3
    history: float = 0.0
    proactive_offer: float = 0.0
    outbound_proactive: float = 0.0
    predicted_need: float = 0.0
    cross_channel_ref: float = 0.0
    cancellation: float = 0.1
    repeat_contact: float = 0.2
    soft_skills: float = 0.6
    customers_per_call: float = 0.8  # distinct customers / conversations
    handle_time_s: float = 400.0


def _json(value: dict) -> str:
    return json.dumps(value, sort_keys=True)


def make_corpus(profile: CentreProfile, n: int, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Draw `n` conversations from `profile`: (calls, turns) with the documented columns."""
    rng = np.random.default_rng(seed)
    channels = list(profile.channels)
    weights = np.array([profile.channels[c] for c in channels], dtype=float)
    weights /= weights.sum()
    n_customers = max(1, int(round(n * profile.customers_per_call)))
    calls, turns = [], []
    start = pd.Timestamp("2026-11-01T08:00:00Z")
    for i in range(n):
        cid = f"c-{seed}-{i:05d}"

        def draw(p: float) -> bool:
            return bool(rng.random() < p)

        channel = str(rng.choice(channels, p=weights))
        outbound = draw(profile.outbound_proactive)
        has_bot = (not outbound) and draw(profile.bot)
        contained = has_bot and draw(profile.bot_contained)
        human = not contained
        transfers = int(human and draw(profile.transfer))
        signals: dict[str, list[int]] = {}
        lines: list[tuple[str, str]] = []

        def say(
            speaker: str,
            text: str,
            signal: str | None = None,
            signals: dict[str, list[int]] = signals,
            lines: list[tuple[str, str]] = lines,
        ) -> None:
            if signal:
                signals.setdefault(signal, []).append(len(lines))
            lines.append((speaker, text))

        redacted_src = draw(profile.source_redacted)
        name = "[PII]" if redacted_src else "<PERSON>"
        if has_bot:
            say("bot", "Hi, I'm the virtual assistant. What can I help you with today?")
            say("customer", "I need to change my delivery date.")
            if draw(profile.bot_task_phrase):
                say("bot", "Done, I've rescheduled your delivery to Thursday.", "bot_task")
            if contained:
                say("bot", "Is there anything else I can help with? Great, goodbye.", "bot_contained")
            else:
                say("bot", "Let me connect you to an agent who can help further.")
        flags = {
            k: False
            for k in (
                "greeting",
                "empathy",
                "ownership",
                "closing",
                "survey_offered",
                "disclosure_given",
                "identity_verified",
                "wait_complaint",
                "history_reference",
                "proactive_offer",
                "cancellation_mention",
                "resolved",
            )
        }
        holds = 0
        repeat_after = False

        def show(flag: str, p: float, flags: dict[str, bool] = flags) -> bool:
            """Draw whether this conversation shows `flag`, and record it (one draw, as before)."""
            flags[flag] = draw(p)
            return flags[flag]

        if human:
            if outbound:
                say(
                    "agent",
                    f"Hello {name}, I'm calling from Northwind because we noticed your plan renewal is due next week.",
                    "outbound_proactive",
                )
            if show("greeting", profile.soft_skills):
                say("agent", "Thank you for contacting Northwind, my name is Sam, how can I help?", "greeting")
            if show("disclosure_given", profile.disclosure):
                say(
                    "agent",
                    "Please note this call may be recorded for quality and training purposes.",
                    "disclosure_given",
                )
            if show("wait_complaint", profile.wait_complaint):
                say("customer", "I've been waiting on hold for forty minutes, this is ridiculous.", "wait_complaint")
            leak = draw(profile.pii_leak) and not redacted_src
            say("customer", f"My name is {name} and my account number is {'***' if redacted_src else '<ACCOUNT>'}.")
            if show("identity_verified", profile.identity):
                say("agent", "Thanks, I've verified your identity with your date of birth.", "identity_verified")
            if show("cancellation_mention", profile.cancellation):
                say("customer", "Honestly I'm thinking about cancelling my contract.", "cancellation_mention")
            if show("empathy", profile.soft_skills):
                say("agent", "I'm really sorry about the trouble, I understand how frustrating that is.", "empathy")
            if show("history_reference", profile.history):
                say(
                    "agent", "I can see from your account that you called us last week about this.", "history_reference"
                )
            if draw(profile.cross_channel_ref):
                say("agent", "I can see your chat from yesterday with our web team, so no need to repeat it.")
            if draw(profile.predicted_need):
                say(
                    "agent",
                    "Our system flagged that you're likely to need a bigger data plan next month, "
                    "so I've prepared one.",
                )
            if draw(profile.hold):
                holds = 1
                say("agent", "Let me place you on a brief hold while I check that.", "holds")
            if transfers:
                say("agent", "I'm going to transfer you to our billing team now.", "transfers")
                if draw(profile.repeat_after_transfer):
                    repeat_after = True
                    say(
                        "customer",
                        "As I already explained to your colleague, the bill is wrong.",
                        "repeat_after_transfer",
                    )
            if show("ownership", profile.soft_skills):
                say("agent", "I'll take care of this for you personally and follow up by Friday.", "ownership")
            offer = draw(profile.proactive_offer) or (
                flags["cancellation_mention"] and draw(min(1.0, profile.proactive_offer * 4))
            )
            if offer:
                flags["proactive_offer"] = True
                say(
                    "agent",
                    "While I have you, you qualify for a loyalty discount on your next renewal.",
                    "proactive_offer",
                )
            if show("resolved", profile.resolved):
                say("agent", "That's all sorted now, the correction is applied.", "resolved")
            if show("survey_offered", profile.survey):
                say("agent", "You'll get a short survey after this call, we'd value your feedback.", "survey_offered")
            if show("closing", profile.soft_skills):
                say("agent", "Is there anything else I can help with today? Have a great day.", "closing")
        else:
            leak = False
            flags["resolved"] = True
        ann = sorted(a for a, p in profile.annotations.items() if draw(p))
        pii_found = int(leak) * 2
        customer = f"cust-{int(rng.integers(0, n_customers))}"
        for idx, (speaker, text) in enumerate(lines):
            turns.append(
                {
                    "conversation_id": cid,
                    "turn_index": idx,
                    "speaker": speaker,
                    "start": idx * 6.0,
                    "end": idx * 6.0 + 5.0,
                    "text": text,
                    "sentiment": "neutral",
                    "sentiment_score": 0.0,
                    "pii_types": ["ACCOUNT_NUMBER"] if leak and speaker == "customer" and "account" in text else [],
                }
            )
        calls.append(
            {
                "conversation_id": cid,
                "source_file": f"export_{seed}.jsonl",
                "source_format": "canonical",
                "channel": channel,
                "direction": "outbound" if outbound else "inbound",
                "queue": str(rng.choice(["billing", "tech", "sales"])),
                "started_at": (start + pd.Timedelta(minutes=37 * i)).isoformat(),
                "customer_id": customer,
                "agent_id": f"a-{int(rng.integers(0, 12))}" if human else None,
                "duration_s": float(len(lines) * 6.0),
                "handle_time_s": float(rng.normal(profile.handle_time_s, 30)),
                "n_turns": len(lines),
                "n_agent_turns": sum(s == "agent" for s, _ in lines),
                "n_customer_turns": sum(s == "customer" for s, _ in lines),
                "n_bot_turns": sum(s == "bot" for s, _ in lines),
                "n_ivr_turns": 0,
                "source_annotations": ann + (["redaction"] if redacted_src else []),
                "pii_found": pii_found,
                "pii_types": ["ACCOUNT_NUMBER"] if leak else [],
                "source_redacted": redacted_src,
                "intent": "billing",
                "intent_fine": "billing.dispute",
                "intent_confidence": 0.8,
                "sentiment_start": -0.2,
                "sentiment_end": 0.1,
                "sentiment_mean": 0.0,
                "customer_sentiment_start": -0.3,
                "customer_sentiment_end": 0.2,
                "customer_sentiment_trajectory": "improved" if flags["resolved"] else "worsened",
                "talk_ratio": 0.8,
                "silence_ratio": 0.2,
                "agent_talk_share": 0.5,
                "customer_talk_share": 0.5,
                "interruptions": 0,
                "holds": holds,
                "hold_time_s": 30.0 * holds,
                "transfers": transfers,
                "repeat_after_transfer": repeat_after,
                "escalation_requested": False,
                "has_bot": has_bot,
                "bot_contained": contained,
                "human_agent_involved": human,
                "resolved": flags["resolved"],
                "survey_offered": flags["survey_offered"],
                "disclosure_given": flags["disclosure_given"],
                "identity_verified": flags["identity_verified"],
                "greeting": flags["greeting"],
                "empathy": flags["empathy"],
                "ownership": flags["ownership"],
                "closing": flags["closing"],
                "wait_complaint": flags["wait_complaint"],
                "cancellation_mention": flags["cancellation_mention"],
                "competitor_mention": False,
                "history_reference": flags["history_reference"],
                "proactive_offer": flags["proactive_offer"],
                "outbound_proactive": outbound,
                "signal_turns": _json(signals),
                "repeat_contact_7d": draw(profile.repeat_contact),
                "contacts_by_customer_7d": 1,
                "predicted_csat": 3.5,
                "csat_dissatisfied_proba": 0.3,
                "churn_risk": 0.2,
            }
        )
    calls_df = pd.DataFrame(calls, columns=CALL_COLUMNS)
    turns_df = pd.DataFrame(turns, columns=TURN_COLUMNS)
    return calls_df, turns_df


# The five scenario centres, from reactive to predictive. Shares are per conversation.
# The keys every framework's verdict carries in evidence.json, whatever it calls its levels.
COMMON_VERDICT_KEYS = {
    "id",
    "name",
    "source",
    "title",
    "scoring",
    "label",
    "status",
    "level",
    "level_name",
    "confidence",
    "confidence_label",
    "summary",
    "levels",
    "next_level",
}


REACTIVE = CentreProfile(
    channels={"voice": 1.0},
    transfer=0.45,
    repeat_after_transfer=0.7,
    pii_leak=0.5,
    survey=0.0,
    disclosure=0.3,
    identity=0.3,
    resolved=0.45,
    wait_complaint=0.3,
    hold=0.55,
    repeat_contact=0.4,
    soft_skills=0.35,
    handle_time_s=780,
)
EMERGING = CentreProfile(
    channels={"voice": 0.75, "email": 0.25},
    transfer=0.25,
    repeat_after_transfer=0.5,
    pii_leak=0.3,
    survey=0.35,
    disclosure=0.6,
    identity=0.6,
    resolved=0.6,
    wait_complaint=0.12,
    hold=0.35,
    repeat_contact=0.25,
    soft_skills=0.9,
    handle_time_s=600,
)
AUTOMATED = CentreProfile(
    channels={"voice": 0.6, "chat": 0.4},
    bot=0.5,
    bot_contained=0.55,
    transfer=0.12,
    repeat_after_transfer=0.15,
    source_redacted=0.97,
    pii_leak=0.0,
    annotations={"qa_score": 0.95},
    survey=0.55,
    disclosure=0.85,
    identity=0.8,
    resolved=0.7,
    wait_complaint=0.08,
    hold=0.25,
    repeat_contact=0.2,
    soft_skills=0.8,
    handle_time_s=450,
)
ANALYTICAL = replace(
    AUTOMATED,
    annotations={"qa_score": 0.95, "sentiment": 0.95, "categories": 0.95, "summary": 0.9, "csat": 0.9},
    disclosure=0.9,
    proactive_offer=0.12,
    cancellation=0.15,
    repeat_contact=0.14,
    wait_complaint=0.04,
    hold=0.15,
    resolved=0.8,
    channels={"voice": 0.5, "chat": 0.3, "email": 0.2},
)
PREDICTIVE = replace(
    ANALYTICAL,
    history=0.5,
    outbound_proactive=0.15,
    predicted_need=0.3,
    proactive_offer=0.25,
    cross_channel_ref=0.2,
    repeat_contact=0.08,
    customers_per_call=0.4,
)
# Everything the predictive centre has, except that the export carries no QA evidence.
PREDICTIVE_WITHOUT_QA = replace(
    PREDICTIVE, annotations={k: v for k, v in PREDICTIVE.annotations.items() if k != "qa_score"}
)


@pytest.fixture(scope="session")
def scenario_corpora() -> dict[str, tuple[pd.DataFrame, pd.DataFrame]]:
    profiles = {
        "reactive": REACTIVE,
        "emerging": EMERGING,
        "automated": AUTOMATED,
        "analytical": ANALYTICAL,
        "predictive": PREDICTIVE,
        "predictive_without_qa": PREDICTIVE_WITHOUT_QA,
    }
    return {name: make_corpus(p, 400, seed=i) for i, (name, p) in enumerate(profiles.items())}
