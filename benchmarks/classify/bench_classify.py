"""Evaluation run (ours vs baselines on the held-out splits) and encoder+heads throughput.

    /work/venv/bin/python benchmarks/classify/bench_classify.py [--data ../shared/data] [--turns 1024]

Re-evaluates the committed heads in models/ on the same seeded held-out splits training used
(seed read from their meta.json), with VADER and the nearest-label-prototype baselines in the
same run, then times the classify stage over real dialogue turns (USS dialogues replayed as
customer/agent conversations) at several encoder batch sizes. Writes RESULTS.md beside itself.
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from pathlib import Path

from cxmaturity.classify import datasets
from cxmaturity.classify.heads import HybridHead
from cxmaturity.classify.intent import INTENT_MODEL_DIR, INTENT_MODEL_FILE
from cxmaturity.classify.model_card import BANKING77_ANCHORS, TWEETEVAL_ANCHORS
from cxmaturity.classify.sentiment import SENTIMENT_MODEL_DIR, SENTIMENT_MODEL_FILE
from cxmaturity.classify.taxonomy import load_taxonomy
from cxmaturity.classify.training import evaluate_intent, evaluate_sentiment, intent_split, sentiment_split
from cxmaturity.model import Conversation, Turn
from cxmaturity.modelstore import default_data_dir, load_model, models_dir, read_meta

HERE = Path(__file__).resolve().parent
BATCH_SIZES = (16, 32, 64, 128)


def uss_conversations(data_dir: Path, max_turns: int) -> list[Conversation]:
    """USS SGD dialogues as conversations (USER -> customer, SYSTEM -> agent), up to `max_turns` turns."""
    conversations: list[Conversation] = []
    turns: list[Turn] = []
    total = 0
    for line in (data_dir / "uss" / "SGD.txt").read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if turns:
                conversations.append(Conversation(conversation_id=f"sgd-{len(conversations)}", turns=turns, channel="chat"))
                total += len(turns)
                turns = []
                if total >= max_turns:
                    break
            continue
        role, text = line.split("\t")[:2]
        turns.append(Turn(speaker="customer" if role == "USER" else "agent", text=text))
    return conversations


def throughput(data_dir: Path, max_turns: int) -> list[dict[str, float]]:
    from cxmaturity.classify.stage import ClassifyStage

    conversations = uss_conversations(data_dir, max_turns)
    n_turns = sum(len(c.turns) for c in conversations)
    rows = []
    list(ClassifyStage(batch_size=32).pipe(conversations[:3]))  # load encoder + heads before timing
    for batch_size in BATCH_SIZES:
        stage = ClassifyStage(batch_size=batch_size)
        started = time.perf_counter()
        done = list(stage.pipe(conversations))
        seconds = time.perf_counter() - started
        assert len(done) == len(conversations)
        rows.append({"batch_size": batch_size, "turns": n_turns, "conversations": len(conversations), "seconds": seconds, "turns_per_s": n_turns / seconds})
        print(f"batch {batch_size}: {n_turns / seconds:.1f} turns/s", flush=True)
    return rows


def courtesy_probe(head: HybridHead) -> dict[str, int]:
    """Labels the sentiment head gives the routine agent courtesy turns in agent_courtesy.txt
    (written after training, none in it): all should be neutral (see the model card's limitation)."""
    from collections import Counter

    from cxmaturity.classify.encoder import get_encoder

    texts = [line.strip() for line in (HERE / "agent_courtesy.txt").read_text(encoding="utf-8").splitlines() if line.strip()]
    labels = head.predict(texts, head.select(get_encoder().encode(texts)))
    return {label: int(n) for label, n in sorted(Counter(labels.tolist()).items())}


def _pct(value: float) -> str:
    return f"{100 * value:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=default_data_dir())
    parser.add_argument("--turns", type=int, default=1024, help="turns timed per batch size")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args()

    folder = models_dir()
    sentiment_meta = read_meta(folder / SENTIMENT_MODEL_DIR)
    intent_meta = read_meta(folder / INTENT_MODEL_DIR)
    sentiment_head = HybridHead.from_state(load_model(folder / SENTIMENT_MODEL_DIR, SENTIMENT_MODEL_FILE))
    intent_head = HybridHead.from_state(load_model(folder / INTENT_MODEL_DIR, INTENT_MODEL_FILE))

    started = time.perf_counter()
    _, sentiment_test = sentiment_split(args.data, sentiment_meta["metrics"]["seed"])
    sentiment = evaluate_sentiment(sentiment_head, sentiment_test)
    _, intent_test = intent_split(args.data, intent_meta["metrics"]["seed"])
    intent = evaluate_intent(intent_head, intent_test, load_taxonomy())
    courtesy = courtesy_probe(sentiment_head)
    eval_seconds = time.perf_counter() - started
    print(f"evaluation done in {eval_seconds:.0f} s", flush=True)
    speed = throughput(args.data, args.turns)

    lines = [
        "# classify: evaluation and throughput",
        "",
        f"Generated by `benchmarks/classify/bench_classify.py` on {platform.machine()} with {os.cpu_count()} CPU cores "
        f"(shared with other jobs while measured), Python {platform.python_version()}. Held-out splits are the ones",
        "training used (20% per source, seeded); the data is ../shared/data/ (see its README).",
        "",
        "## Sentiment (macro-averaged recall is the headline metric)",
        "",
        "| held-out split | n | ours macro recall | VADER macro recall | gain (points) | ours macro F1 | VADER macro F1 | ours acc | VADER acc |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, result in sentiment.items():
        o, v = result["ours"], result["vader"]
        lines.append(
            f"| {name} | {o['n']} | **{_pct(o['macro_recall'])}** | {_pct(v['macro_recall'])} | {100 * (o['macro_recall'] - v['macro_recall']):+.1f} "
            f"| {_pct(o['macro_f1'])} | {_pct(v['macro_f1'])} | {_pct(o['accuracy'])} | {_pct(v['accuracy'])} |"
        )
    fine, coarse = intent["banking77_fine"], intent["banking77_coarse"]
    lines += [
        "",
        f"Published TweetEval anchors (macro recall, official test set): {TWEETEVAL_ANCHORS}.",
        "",
        f"Agent courtesy probe (`agent_courtesy.txt`, {sum(courtesy.values())} routine agent apology/empathy turns, all neutral "
        f"by the labelling rules): {', '.join(f'{n} {label}' for label, n in courtesy.items())}.",
        "",
        "## Intent (Banking77 held out)",
        "",
        "| task | n | ours accuracy | ours macro F1 | prototype accuracy | prototype macro F1 |",
        "|---|---|---|---|---|---|",
        f"| fine intent (77) | {fine['ours']['n']} | **{_pct(fine['ours']['accuracy'])}** | {_pct(fine['ours']['macro_f1'])} | {_pct(fine['prototype']['accuracy'])} | {_pct(fine['prototype']['macro_f1'])} |",
        f"| coarse contact reason | {coarse['ours']['n']} | {_pct(coarse['ours']['accuracy'])} | {_pct(coarse['ours']['macro_f1'])} | {_pct(coarse['prototype']['accuracy'])} | {_pct(coarse['prototype']['macro_f1'])} |",
        "",
        f"Coarse `other` rate (confidence below threshold): {_pct(coarse['other_rate'])}%. "
        f"Published Banking77 anchors (accuracy, official test set): {BANKING77_ANCHORS}.",
        "",
        "## Throughput of the encoder + heads stage",
        "",
        "`ClassifyStage.pipe` over USS SGD dialogues replayed as chat conversations (one MiniLM pass per turn, max length 128,",
        "length-sorted batches, both heads, call-level columns). torch threads: default.",
        "",
        "| encoder batch size | conversations | turns | seconds | turns/s |",
        "|---|---|---|---|---|",
    ]
    for row in speed:
        lines.append(f"| {row['batch_size']} | {row['conversations']} | {row['turns']} | {row['seconds']:.1f} | {row['turns_per_s']:.1f} |")
    lines.append("")
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
