"""Evaluation run (ours vs baselines on the held-out splits) and encoder+heads throughput.

    .venv/bin/python benchmarks/classify/bench_classify.py [--data ../shared/data] [--turns 1024]

Re-evaluates the committed heads in models/ on the same seeded held-out splits training used
(seed read from their meta.json), with VADER and the nearest-label-prototype baselines in the
same run, then times the classify stage over real dialogue turns (USS dialogues replayed as
customer/agent conversations) at several encoder batch sizes. Writes RESULTS.md beside itself.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

from cxmaturity.classify.intent import INTENT_MODEL_DIR, IntentClassifier
from cxmaturity.classify.model_card import BANKING77_ANCHORS, TWEETEVAL_ANCHORS, per_class_recalls
from cxmaturity.classify.sentiment import (
    SENTIMENT_MODEL_DIR,
    SentimentClassifier,
    vader_labels,
)
from cxmaturity.classify.training import (
    classification_scores,
    courtesy_probe,
    evaluate_intent,
    evaluate_sentiment,
    intent_split,
    sentiment_predictions,
    sentiment_split,
)
from cxmaturity.model import Conversation, Turn
from cxmaturity.modelstore import default_data_dir, models_dir, read_meta

HERE = Path(__file__).resolve().parent


def machine_line() -> str:
    """CPU model, cores, memory and library versions: the throughput figures hold for that machine only."""
    spec = importlib.util.spec_from_file_location("bench_pipeline", HERE.parent / "pipeline" / "bench_pipeline.py")
    bench_pipeline = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules.setdefault("bench_pipeline", bench_pipeline)  # its dataclasses look their module up there
    spec.loader.exec_module(bench_pipeline)  # type: ignore[union-attr]
    return str(bench_pipeline.machine_line())


BATCH_SIZES = (16, 32, 64, 128)
# Contact-centre turns written for this benchmark by a session that never saw the training file
# (src/cxmaturity/classify/contact_centre_sentiment.tsv): no shared templates with what the model learnt.
INDEPENDENT_SET = HERE / "contact_centre_sentiment_eval.jsonl"
BRANCH_REPEATS = 3


def independent_sentiment(classifier: SentimentClassifier) -> dict[str, dict[str, dict]]:
    """Ours vs VADER on the independently written contact-centre turns: all, per speaker, per channel."""
    rows = [json.loads(line) for line in INDEPENDENT_SET.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts, speakers = [r["text"] for r in rows], [r["speaker"] for r in rows]
    ours = sentiment_predictions(classifier, texts, speakers)
    vader = np.array(vader_labels(texts))
    truth = np.array([r["label"] for r in rows])
    groups = {"all": np.ones(len(rows), dtype=bool)}
    for key in ("speaker", "channel"):
        for value in sorted({r[key] for r in rows}):
            groups[value] = np.array([r[key] == value for r in rows])
    return {
        name: {"ours": classification_scores(truth[m], ours[m]), "vader": classification_scores(truth[m], vader[m])}
        for name, m in groups.items()
    }


def branch_cost(data_dir: Path, max_turns: int, classifier: SentimentClassifier) -> dict[str, float]:
    """Encoder pass alone, with and without the sentiment branch, on the same turns, interleaved runs
    (batch 32): the branch's own cost as a ratio measured in one run."""
    from cxmaturity.classify.encoder import get_encoder

    texts = [t.text for c in uss_conversations(data_dir, max_turns) for t in c.turns]
    encoder = get_encoder()
    encoder.encode(texts[:64], batch_size=32, branches=classifier.branches)  # warm up
    plain, branched = [], []
    for _ in range(BRANCH_REPEATS):
        for runs, branches in ((plain, {}), (branched, classifier.branches)):
            started = time.perf_counter()
            encoder.encode(texts, batch_size=32, branches=branches)
            runs.append(time.perf_counter() - started)
    return {
        "turns": len(texts),
        "plain_s": min(plain),
        "branch_s": min(branched),
        "plain_turns_per_s": len(texts) / min(plain),
        "branch_turns_per_s": len(texts) / min(branched),
    }


def uss_conversations(data_dir: Path, max_turns: int) -> list[Conversation]:
    """USS SGD dialogues as conversations (USER -> customer, SYSTEM -> agent), up to `max_turns` turns."""
    conversations: list[Conversation] = []
    turns: list[Turn] = []
    total = 0
    for line in (data_dir / "uss" / "SGD.txt").read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if turns:
                conversations.append(
                    Conversation(conversation_id=f"sgd-{len(conversations)}", turns=turns, channel="chat")
                )
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
        rows.append(
            {
                "batch_size": batch_size,
                "turns": n_turns,
                "conversations": len(conversations),
                "seconds": seconds,
                "turns_per_s": n_turns / seconds,
            }
        )
        print(f"batch {batch_size}: {n_turns / seconds:.1f} turns/s", flush=True)
    return rows


def _pct(value: float) -> str:
    return f"{100 * value:.1f}"


def _sentiment_row(name: str, result: dict) -> str:
    o, v = result["ours"], result["vader"]
    return (
        f"| {name} | {o['n']} | **{_pct(o['macro_recall'])}** | {per_class_recalls(o)} | {_pct(v['macro_recall'])} | "
        f"{per_class_recalls(v)} "
        f"| {100 * (o['macro_recall'] - v['macro_recall']):+.1f} | {_pct(o['macro_f1'])} | {_pct(v['macro_f1'])} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=default_data_dir())
    parser.add_argument("--turns", type=int, default=1024, help="turns timed per batch size")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args()

    folder = models_dir()
    sentiment_meta = read_meta(folder / SENTIMENT_MODEL_DIR)
    intent_meta = read_meta(folder / INTENT_MODEL_DIR)
    sentiment_classifier = SentimentClassifier.load(folder)
    intent_classifier = IntentClassifier.load(folder)

    started = time.perf_counter()
    _, sentiment_test = sentiment_split(args.data, sentiment_meta["metrics"]["seed"])
    sentiment = evaluate_sentiment(sentiment_classifier, sentiment_test)
    independent = independent_sentiment(sentiment_classifier)
    _, _, intent_test = intent_split(args.data, intent_meta["metrics"]["seed"])
    intent = evaluate_intent(intent_classifier, intent_test)
    courtesy = courtesy_probe(sentiment_classifier)
    eval_seconds = time.perf_counter() - started
    print(f"evaluation done in {eval_seconds:.0f} s", flush=True)
    load_before = os.getloadavg()[0]  # includes the evaluation just run: read the figures with it in mind
    speed = throughput(args.data, args.turns)
    cost = branch_cost(args.data, args.turns, sentiment_classifier)

    lines = [
        "# classify: evaluation and throughput",
        "",
        f"Generated by `benchmarks/classify/bench_classify.py` on {machine_line()} "
        f"(1-minute load average {load_before:.2f} when the timing started, this run's evaluation included). "
        "Held-out splits are the ones",
        "training used (20% per source, seeded); the data is ../shared/data/ (see its README).",
        "",
        "## Sentiment (macro-averaged recall is the headline metric; recall per class negative / neutral / positive)",
        "",
        "| held-out split | n | ours macro recall | ours per class | VADER macro recall | VADER per class | gain "
        "(points) | ours macro F1 | VADER macro F1 |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    lines += [_sentiment_row(name, result) for name, result in sentiment.items()]
    lines += [
        "",
        f"Independently written contact-centre turns (`{INDEPENDENT_SET.name}`: written for this benchmark by a "
        "session that never",
        "saw the training file, so no shared templates; labelled for tone by the same rules):",
        "",
        "| group | n | ours macro recall | ours per class | VADER macro recall | VADER per class | gain (points) | "
        "ours macro F1 | VADER macro F1 |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    lines += [_sentiment_row(name, result) for name, result in independent.items()]
    fine, coarse = intent["banking77_fine"], intent["banking77_coarse"]
    lines += [
        "",
        f"Published TweetEval anchors (macro recall, official test set): {TWEETEVAL_ANCHORS}.",
        "",
        f"Agent courtesy probe (`src/cxmaturity/classify/agent_courtesy_probe.txt`, {sum(courtesy.values())} routine "
        "agent apology/empathy turns, all neutral "
        f"by the labelling rules): {', '.join(f'{n} {label}' for label, n in courtesy.items())}.",
        "",
        "## Intent (Banking77 held out)",
        "",
        "| task | n | ours accuracy | ours macro F1 | prototype accuracy | prototype macro F1 |",
        "|---|---|---|---|---|---|",
        f"| fine intent (77) | {fine['ours']['n']} | **{_pct(fine['ours']['accuracy'])}** | "
        f"{_pct(fine['ours']['macro_f1'])} | {_pct(fine['prototype']['accuracy'])} | "
        f"{_pct(fine['prototype']['macro_f1'])} |",
        f"| coarse contact reason | {coarse['ours']['n']} | {_pct(coarse['ours']['accuracy'])} | "
        f"{_pct(coarse['ours']['macro_f1'])} | {_pct(coarse['prototype']['accuracy'])} | "
        f"{_pct(coarse['prototype']['macro_f1'])} |",
        "",
        "Fine intent (77) is the benchmark's 77-way task: the best of Banking77's own intents. Over all "
        f"{len(intent_classifier.head.classes_)} fine intents (the label `cxm analyze` reports) "
        f"accuracy is {_pct(fine['ours_any_fine_intent']['accuracy'])}: "
        f"{fine['ours_any_fine_intent']['misses_to_other_sources']} queries go to another source's near-synonym, "
        f"{fine['ours_any_fine_intent']['of_which_same_coarse_reason']} of them under the right coarse reason.",
        "",
        f"Coarse `other` rate (confidence below threshold): {_pct(coarse['other_rate'])}%. "
        f"Published Banking77 anchors (accuracy, official test set): {BANKING77_ANCHORS}.",
        "",
        "## Throughput of the encoder + heads stage",
        "",
        "`ClassifyStage.pipe` over USS SGD dialogues replayed as chat conversations (one MiniLM pass per turn, max "
        "length 128,",
        "length-sorted batches, both heads, call-level columns). torch threads: default.",
        "",
        "| encoder batch size | conversations | turns | seconds | turns/s |",
        "|---|---|---|---|---|",
    ]
    for row in speed:
        lines.append(
            f"| {row['batch_size']} | {row['conversations']} | {row['turns']} | {row['seconds']:.1f} | "
            f"{row['turns_per_s']:.1f} |"
        )
    lines += [
        "",
        "Cost of the sentiment branch (its own two layers on the shared pass), encoder pass alone at batch 32 on the "
        f"same {cost['turns']}",
        f"turns, best of {BRANCH_REPEATS} interleaved runs each: without the branch {cost['plain_turns_per_s']:.0f} "
        "turns/s, with it "
        f"{cost['branch_turns_per_s']:.0f} turns/s (ratio "
        f"{cost['branch_turns_per_s'] / cost['plain_turns_per_s']:.2f}).",
        "",
    ]
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
