"""Experiment: does fine-tuning the shared encoder lift Banking77 intent accuracy? (Not shipped; see the intent card.)

    .venv/bin/python benchmarks/classify/finetune_intent.py --mode lora --epochs 6 --lr 2e-3 --head-lr 5e-3 --seed 13
    .venv/bin/python benchmarks/classify/finetune_intent.py --mode full --epochs 5 --lr 8e-5 --head-lr 2e-3 --seed 1

Trains MiniLM on the intent training share of one seeded draw (the same split `cxm train intent` uses, so the
held-out queries never reach the encoder), with a linear softmax head and label-smoothed cross-entropy, batches of
similar length and a linear warm-up/decay schedule. Then reports held-out accuracy for: that softmax head, the shipped
hybrid head refitted on the adapted encoder's features, and the two blended. The frozen-encoder figure for the same
draw is the shipped head's (the intent card lists it for five draws). `--mode lora` needs `peft` (not a dependency
of cxmaturity). About 100 s an epoch on 2 cores. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

import numpy as np

from cxmaturity.classify.encoder import SentenceEncoder, normalise_placeholders
from cxmaturity.classify.heads import softmax
from cxmaturity.classify.training import intent_head, intent_split, with_placeholder_copies
from cxmaturity.modelstore import default_data_dir

BATCH = 32
# Batches are cut from shuffled windows this many batches long, sorted by length: less padding, still shuffled.
LENGTH_WINDOW = 20
TRAIN_MAX_LENGTH = 64
LORA_TARGETS = ["query", "key", "value", "attention.output.dense", "intermediate.dense", "output.dense"]


def adapt(
    encoder: SentenceEncoder, texts: list[str], labels: np.ndarray, n_classes: int, args: argparse.Namespace
) -> tuple[Any, float]:
    """Fine-tune `encoder.model` in place (full or LoRA); returns the trained softmax head and seconds per epoch."""
    import torch

    torch.manual_seed(args.seed)
    model = encoder.model
    if args.mode == "lora":
        from peft import LoraConfig, get_peft_model

        config = LoraConfig(r=args.rank, lora_alpha=2 * args.rank, lora_dropout=0.1, target_modules=LORA_TARGETS)
        model = get_peft_model(model, config)
    head = torch.nn.Linear(encoder.dim, n_classes)
    optimiser = torch.optim.AdamW(
        [
            {"params": [p for p in model.parameters() if p.requires_grad], "lr": args.lr},
            {"params": head.parameters(), "lr": args.head_lr},
        ],
        weight_decay=0.01,
    )
    steps = args.epochs * -(-len(texts) // BATCH)
    warmup = 0.06 * steps
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda step: min(1.0, step / warmup) * max(0.0, (steps - step) / (steps - warmup))
    )
    cleaned = [normalise_placeholders(t) for t in texts]
    rng = np.random.default_rng(args.seed)
    started = time.perf_counter()
    for _ in range(args.epochs):
        model.train()
        order = rng.permutation(len(cleaned))
        window = BATCH * LENGTH_WINDOW
        chunks = [sorted(order[i : i + window], key=lambda j: len(cleaned[j])) for i in range(0, len(order), window)]
        batches = [chunk[i : i + BATCH] for chunk in chunks for i in range(0, len(chunk), BATCH)]
        for b in rng.permutation(len(batches)):
            idx = np.asarray(batches[b])
            batch = encoder.tokenizer(
                [cleaned[i] for i in idx],
                padding=True,
                truncation=True,
                max_length=TRAIN_MAX_LENGTH,
                return_tensors="pt",
            )
            mask = batch["attention_mask"].unsqueeze(-1).float()
            pooled = (model(**batch).last_hidden_state * mask).sum(1) / mask.sum(1).clamp(min=1.0)
            loss = torch.nn.functional.cross_entropy(head(pooled), torch.as_tensor(labels[idx]), label_smoothing=0.1)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
    model.eval()
    encoder.model = model
    return head, (time.perf_counter() - started) / args.epochs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=default_data_dir())
    parser.add_argument("--mode", choices=("lora", "full"), default="lora")
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--lr", type=float, default=2e-3, help="encoder (or adapter) learning rate")
    parser.add_argument("--head-lr", type=float, default=5e-3)
    parser.add_argument("--rank", type=int, default=16, help="LoRA rank")
    parser.add_argument("--seed", type=int, default=13, help="which seeded draw of the 20%% held-out split")
    parser.add_argument("--max-rows-per-source", type=int, default=None, help="subsample (smoke runs only)")
    args = parser.parse_args()

    import torch

    torch.set_num_threads(2)
    train, _, test = intent_split(args.data, args.seed, args.max_rows_per_source)
    # This experiment is about Banking77: its held-out share, trained without CLINC150.
    train, test = train[train["source"] != "clinc150"], test[test["source"] == "banking77"]
    rows = with_placeholder_copies(train, args.seed)
    texts, labels = rows["text"].tolist(), rows["label"].tolist()
    classes = np.array(sorted(set(labels)))
    index = {label: i for i, label in enumerate(classes)}

    encoder = SentenceEncoder()  # a private copy: the process-wide encoder stays frozen
    softmax_head, epoch_seconds = adapt(
        encoder, texts, np.array([index[label] for label in labels]), len(classes), args
    )

    test_texts, truth = test["text"].tolist(), test["label"].to_numpy()
    test_encoded = encoder.encode(test_texts)
    with torch.inference_mode():
        last_layer = torch.from_numpy(np.ascontiguousarray(test_encoded.features[:, -encoder.dim :]))
        soft = softmax(softmax_head(last_layer).numpy())
    hybrid = intent_head(args.seed)
    hybrid.fit(texts, hybrid.select(encoder.encode(texts)), labels)
    if list(hybrid.classes_) != list(classes):
        raise RuntimeError("hybrid head and softmax head disagree on the class order")
    hybrid_proba = hybrid.predict_proba(test_texts, hybrid.select(test_encoded))

    def accuracy(proba: np.ndarray) -> float:
        return round(100 * float(np.mean(classes[proba.argmax(1)] == truth)), 2)

    print(
        json.dumps(
            {
                "mode": args.mode,
                "epochs": args.epochs,
                "lr": args.lr,
                "head_lr": args.head_lr,
                "seed": args.seed,
                "rank": args.rank if args.mode == "lora" else None,
                "train_rows": len(texts),
                "held_out": len(test),
                "seconds_per_epoch": round(epoch_seconds, 1),
                "accuracy": {
                    "softmax_head": accuracy(soft),
                    "hybrid_head_on_adapted_encoder": accuracy(hybrid_proba),
                    "blend_half_half": accuracy(0.5 * soft + 0.5 * hybrid_proba),
                },
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
