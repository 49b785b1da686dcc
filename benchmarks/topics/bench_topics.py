"""Time the `topics` corpus stage on 10,000 synthetic calls (the issue's budget: under 10 s).

The calls' reason vectors are real sentence embeddings (the classify stage's encoder) of the topics
tests' openings, five planted reasons outside the taxonomy and ten ordinary ones, each call a random
opening plus Gaussian noise, re-normalised. calls.parquet and turns.parquet are written as a run
would leave them (20 turns per call, the reason turn among them), and the stage runs through `Corpus`,
so the figure includes reading both tables, the clustering, the naming and writing topics.parquet and
calls.parquet. Also printed: how well the planted reasons are recovered at this scale.

    .venv/bin/python benchmarks/topics/bench_topics.py [--calls 10000] [--noise 0.02] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # the openings live with the topics tests
TURNS_PER_CALL = 20


def synthetic_run(out_dir: Path, n_calls: int, noise: float, seed: int = 0) -> dict[str, str]:
    """Write calls.parquet and turns.parquet; returns conversation_id -> true reason."""
    from cxmaturity.classify.encoder import get_encoder
    from tests.topics.planted import BACKGROUND, PLANTED

    reasons = [(name, text) for name, texts in PLANTED.items() for text in texts]
    reasons += [(f"bg:{name}", text) for name, texts in BACKGROUND.items() for text in texts]
    base = get_encoder().encode([text for _, text in reasons], batch_size=32).sentence
    rng = np.random.default_rng(seed)
    # Planted reasons are 2% of calls each; the ordinary ones share the rest.
    weights = np.array(
        [
            0.02 / len(PLANTED[name]) if name in PLANTED else 0.9 / sum(map(len, BACKGROUND.values()))
            for name, _ in reasons
        ]
    )
    pick = rng.choice(len(reasons), n_calls, p=weights / weights.sum())
    vectors = base[pick] + rng.normal(0.0, noise, (n_calls, base.shape[1])).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    ids = [f"b-{i:06d}" for i in range(n_calls)]
    reason_turn = rng.integers(1, 4, n_calls)
    planted = np.array([reasons[i][0] in PLANTED for i in pick])
    intent = np.where(
        planted,
        rng.choice(["other", "claims", "information_request"], n_calls),
        [reasons[i][0][3:] if reasons[i][0].startswith("bg:") else "other" for i in pick],
    )
    confidence = np.where(planted, rng.uniform(0.0, 0.8, n_calls), rng.uniform(0.6, 1.0, n_calls)).round(4)
    days = rng.integers(1, 29, n_calls)
    calls = pd.DataFrame(
        {
            "conversation_id": ids,
            "channel": "voice",
            "started_at": [f"2026-02-{d:02d}T10:00:00Z" for d in days],
            "intent": intent,
            "intent_confidence": confidence,
            "reason_turn": reason_turn,
            "reason_embedding": list(vectors),
        }
    )
    turn_ids = np.repeat(ids, TURNS_PER_CALL)
    turn_index = np.tile(np.arange(TURNS_PER_CALL), n_calls)
    filler = np.array(["Thanks, let me check that for you.", "okay", "Is there anything else I can help with?"])
    text = filler[rng.integers(0, len(filler), len(turn_ids))].astype(object)
    at_reason = turn_index == np.repeat(reason_turn, TURNS_PER_CALL)
    text[at_reason] = [reasons[i][1] for i in pick]
    turns = pd.DataFrame(
        {
            "conversation_id": turn_ids,
            "turn_index": turn_index.astype("int32"),
            "speaker": np.where(at_reason, "customer", "agent"),
            "text": text,
        }
    )
    calls.to_parquet(out_dir / "calls.parquet", index=False)
    turns.to_parquet(out_dir / "turns.parquet", index=False)
    return {conversation_id: reasons[i][0] for conversation_id, i in zip(ids, pick, strict=True)}


def recovery(calls: pd.DataFrame, truth: dict[str, str], reasons: list[str]) -> list[tuple[str, int, float, float]]:
    """(reason, calls, recall, purity) of each planted reason's largest cluster."""
    frame = calls.assign(truth=calls["conversation_id"].map(truth))
    rows = []
    for reason in reasons:
        mine = frame[frame["truth"] == reason]
        topic, held = Counter(mine["topic_id"].dropna()).most_common(1)[0]
        cluster = frame[frame["topic_id"] == topic]
        rows.append((reason, len(mine), held / len(mine), float((cluster["truth"] == reason).mean())))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=10_000)
    parser.add_argument("--noise", type=float, default=0.02, help="std of the Gaussian noise per dimension")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from cxmaturity.pipeline.stage import Corpus
    from cxmaturity.topics.stage import TopicsStage
    from tests.topics.planted import PLANTED

    seconds = []
    with tempfile.TemporaryDirectory() as folder:
        for attempt in range(args.repeat):
            out = Path(folder) / f"run{attempt}"
            out.mkdir()
            truth = synthetic_run(out, args.calls, args.noise, seed=attempt)
            stage = TopicsStage()
            started = time.perf_counter()
            stage(Corpus(out_dir=out))
            seconds.append(time.perf_counter() - started)
            calls = pd.read_parquet(out / "calls.parquet")
            topics = pd.read_parquet(out / "topics.parquet")
            assert "reason_embedding" not in calls.columns
            print(f"run {attempt}: {seconds[-1]:.2f} s, {len(topics)} topics, {json.dumps(stage.model_info())}")
            for reason, n, recall, purity in recovery(calls, truth, list(PLANTED)):
                print(f"    {reason:24s} {n:4d} calls  recall {recall:.2f}  purity {purity:.2f}")
    print(
        f"\ntopics stage, {args.calls:,} calls: median {sorted(seconds)[len(seconds) // 2]:.2f} s "
        f"(min {min(seconds):.2f}, max {max(seconds):.2f}) on {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}"
    )


if __name__ == "__main__":
    main()
