"""MODEL_CARD.md for the sentiment and intent heads, written from the metrics training returns.

Cards are generated, not hand-edited, so the figures in them are always the ones the artifact
next to them was evaluated with.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

TWEETEVAL_ANCHORS = "SVM 62.9, FastText 62.9, LSTM 58.3, RoBERTa-base 71.3, RoBERTa-retrained 72.8 (Barbieri et al. 2020, test set)"
BANKING77_ANCHORS = "BERT-fixed 87.2, BERT-tuned 93.7, USE+ConveRT 93.4 (Casanueva et al. 2020, official test set)"


def _pct(value: float) -> str:
    return f"{100 * value:.1f}"


def _size(n_bytes: int) -> str:
    return f"{n_bytes / 1024:.0f} KiB" if n_bytes < 1 << 20 else f"{n_bytes / (1 << 20):.1f} MiB"


def write_sentiment_card(out_dir: Path, meta: dict[str, Any], artifact_bytes: int) -> Path:
    metrics = meta["metrics"]
    rows = []
    # Combined first, then by name: the same order whether the card is written at training time or from meta.json.
    for name, result in sorted(metrics["held_out"].items(), key=lambda item: (item[0] != "combined", item[0])):
        ours, vader = result["ours"], result["vader"]
        rows.append(
            f"| {name} | {ours['n']} | **{_pct(ours['macro_recall'])}** | {_pct(ours['macro_f1'])} | {_pct(ours['accuracy'])} "
            f"| {_pct(vader['macro_recall'])} | {_pct(vader['macro_f1'])} | {_pct(vader['accuracy'])} "
            f"| {100 * (ours['macro_recall'] - vader['macro_recall']):+.1f} |"
        )
    subsample = metrics.get("max_rows_per_source")
    combined = metrics["held_out"]["combined"]
    uss_rows = sum(r["ours"]["n"] for name, r in metrics["held_out"].items() if name.startswith("uss_") and name != "uss_all")
    share_uss = 100 * uss_rows / max(combined["ours"]["n"], 1)
    agreement = metrics.get("uss_annotator_agreement")
    agreement_text = (
        f"On the held-out USS turns, one annotator's own rating (mapped the same way) recovers the label made from the"
        f" other annotators' mean with a macro recall of only {_pct(agreement)}."
        if agreement is not None
        else ""
    )
    probe = metrics.get("agent_courtesy_probe") or {}
    probe_n = sum(probe.values())
    probe_text = ", ".join(f"{n} {label}" for label, n in probe.items()) or "not measured"
    agent_split = metrics["held_out"].get("contact_centre_own_agent")
    own_agent = (
        f"macro recall {_pct(agent_split['ours']['macro_recall'])}, accuracy {_pct(agent_split['ours']['accuracy'])} "
        f"(n={agent_split['ours']['n']}; VADER {_pct(agent_split['vader']['macro_recall'])}, {_pct(agent_split['vader']['accuracy'])})"
        if agent_split
        else "none in this split"
    )
    agent_rows = metrics["agent_train_rows"]
    text = f"""# Sentiment head (turn level)

Labels `negative` / `neutral` / `positive`; score = P(positive) - P(negative) in -1..1. Used by the
`classify` stage for every turn, on the shared MiniLM encoder pass.

## Model
- Encoder (frozen, not stored here): `{meta['encoder']['name']}` {meta['encoder']['version']}, transformers `AutoModel`,
  mean pooling, max length {meta['encoder']['max_length']}.
- Head: {meta['head']}. Redaction placeholders are
  normalised to neutral words, and 10% of training rows are duplicated with placeholders inserted.
- Artifact: `sentiment_head.skops` ({_size(artifact_bytes)}), SHA-256 in `meta.json`, loaded only after the hash check.

## Data
- TweetEval sentiment, validation split only (2,000 tweets; SemEval-2017 task 4). Research benchmark.
  Barbieri et al., "TweetEval: Unified Benchmark and Comparative Evaluation for Tweet Classification", Findings of EMNLP 2020.
- User Satisfaction Simulation (USS) user turns, English parts SGD, MultiWOZ 2.1, ReDial, CCPE (the paper's data minus its
  first fold). Each user turn's satisfaction ratings (1-5, 3+ annotators) are averaged and mapped: below 2.5 negative, below
  3.5 neutral, otherwise positive. The dialogue-final `OVERALL` line (a rating of the whole dialogue, not a turn) is left out. Sun et al., "Simulating User Satisfaction for the Evaluation of Task-oriented Dialogue
  Systems", SIGIR 2021. No licence file in the source repository (research release; the underlying corpora are CC BY /
  CC BY-SA / MIT).
- `src/cxmaturity/classify/contact_centre_sentiment.tsv`: contact-centre turns from customers and agents, written and
  labelled for tone for this project (routine agent apologies and calm requests are neutral; rules in its header).
- Every row weighs the same. Weighting the tone-labelled rows up (they mean what the classify stage reports; USS
  ratings are a satisfaction proxy) was measured on this split, before the head was speaker-aware, and not kept: it trades the combined figure for
  the tone sets: TweetEval/own weighted 1/5x gave combined 65.5, TweetEval 57.5, own 72.3; 1/10x 64.7, 58.0, 74.6;
  2/5x 65.5, 59.1, 74.7; unweighted 66.2, 56.7, 69.8 (VADER on the own turns: 74.2). Re-measured with the
  speaker-aware head, TweetEval alone weighted 3x / 6x: combined 66.1 / 63.8, TweetEval 59.0 / 60.4, own 86.5 / 85.4
  (unweighted: 66.7, 57.0, 85.1), so tweets gain what USS loses and every row still weighs the same.
- None of the data is stored in this repository; training reads `../shared/data/`.
- Label counts (all rows): {metrics['label_counts']}.

## Split
Held out 20% of each source, seeded (seed {metrics['seed']}, and per source, so one source growing moves no other's
held-out rows): stratified by label for TweetEval and the own set, by whole dialogue for USS (no dialogue contributes to
both sides). {metrics['train_rows']} training rows (+{metrics['augmented_rows']}
placeholder copies), {metrics['held_out_rows']} held out.{' Subsampled to ' + str(subsample) + ' rows per source.' if subsample else ''}

## Held-out results (ours vs the VADER baseline, compound >= 0.05 positive, <= -0.05 negative)
| split | n | ours macro recall | ours macro F1 | ours acc | VADER macro recall | VADER macro F1 | VADER acc | recall gain |
|---|---|---|---|---|---|---|---|---|
{chr(10).join(rows)}

Published anchors, TweetEval sentiment macro recall on its official test set (not comparable one-to-one: our figure is on
a held-out 20% of the validation split, with a 1,600-tweet training share): {TWEETEVAL_ANCHORS}.
USS labels measure satisfaction with the system's previous reply rather than the tone of the turn itself, so most turns
are `neutral` and many rated ones are worded neutrally: the USS figures are the harder, noisier part of the combined score.

## Against the acceptance bar (macro recall >= 70 and >= 15 points above VADER)
- Gain over VADER on the combined split: {100 * (combined['ours']['macro_recall'] - combined['vader']['macro_recall']):+.1f} points
  (bar +15: **{'met' if combined['ours']['macro_recall'] - combined['vader']['macro_recall'] >= 0.15 else 'not met'}**). Macro recall {_pct(combined['ours']['macro_recall'])} (bar 70.0): **{'met' if combined['ours']['macro_recall'] >= 0.70 else 'not met'}** on the combined split;
  the own contact-centre turns reach {_pct(metrics['held_out'].get('contact_centre_own', combined)['ours']['macro_recall'])}.
- How much one draw of the split says: the same training on five seeded draws (seeds 13, 1, 2, 3, 4; measured during
  development, not regenerated by training) gave combined macro recall 66.7, 66.8, 66.7, 66.6, 65.3 (mean 66.4, sd 0.6)
  and gains over VADER of +15.5, +16.5, +16.9, +17.0, +16.9 (mean +16.6); own agent turns 84.4, 90.4, 86.5, 85.3,
  86.0; the courtesy probe 10, 9, 9, 9, 9 of 10 neutral.
- Why the combined figure stops in the 60s: {share_uss:.0f}% of the held-out rows are USS turns, rated for satisfaction
  (not tone) with low agreement between annotators. {agreement_text}
- Tried during development (seed 13, on earlier draws of this split: before the per-source seeding and the larger own
  set, the context and fine-tuning runs already without the `OVERALL` lines; not regenerated by training):
  - context features (the previous system turn's embedding, similarity to the user's previous turn, position in the
    dialogue): +0.2 to +0.7 combined, not kept;
  - an MLP head with class prior offsets (60.6 against 63.6 for the head of the time) and decision offsets (63.2);
  - fine-tuning the encoder itself (class-weighted cross-entropy on the annotators' vote shares): the top two layers
    reached 67.7 at their best epoch, all six layers 68.4 at their best epoch and 67.0 after the third (about 4 minutes
    an epoch on 2 cores), against 67.4 for this head on the same rows. The best epochs were picked on the held-out rows,
    so these are upper bounds. One point does not pay for a second, fine-tuned encoder copy (90 MB, a second pass) or
    for retraining intent and CSAT on an adapted shared encoder, so the encoder stays frozen.

## Agent turns: courtesy is not distress
The training corpora are customer and social-media turns, where "sorry" and "no" mean dissatisfaction (VADER's lexicon
agrees), so a head that ignores who speaks reads routine agent courtesy ("I do apologise, let me pull up the order")
as negative: before the head was made speaker-aware, 9 of the 10 turns of `agent_courtesy_probe.txt` came out
negative, 1 positive, none neutral, and weighting the own set 20x fixed only 2 of them.
The head is now speaker-aware (feature augmentation: agent, bot and IVR turns get a second copy of the embedding,
weight {meta.get('service_weight')}, zero for everyone else), so the {agent_rows} labelled agent turns the own set trains on teach what reads
differently from the service side while the shared block keeps what the customer-side corpora teach. The `classify`
stage passes each turn's canonical speaker.
- Courtesy probe (`src/cxmaturity/classify/agent_courtesy_probe.txt`: {probe_n} routine agent apology/empathy turns, all
  neutral by the labelling rules, never trained on), read as agent turns: {probe_text}.
- Held-out own agent turns: {own_agent}.
- The copy's weight was chosen by 5-fold cross-validation over 251 agent training rows (development run,
  seed 13, not regenerated by training): macro recall 82.5 at weight 1, 89.7 at 3, 91.6 at 10 (accuracy 74.5,
  87.6, 91.6). With the first 118 agent rows the same search gave 79.6, 84.7 and 85.9 and weight 3 was kept; the
  160 agent turns added since made the difference clear.
Agent-turn sentiment is still the weaker read ({agent_rows} agent training turns against some 30,000 customer-side ones); the `signals`
stage counts apologies and empathy as agent behaviours separately.

## Reproduce
`cxm train sentiment` (calls `cxmaturity.classify.training.train_sentiment(data_dir, models/sentiment, seed=13)`);
about {metrics['train_seconds']:.0f} s on the 2-core machine.
"""
    path = out_dir / "MODEL_CARD.md"
    path.write_text(text, encoding="utf-8")
    return path


def write_intent_card(out_dir: Path, meta: dict[str, Any], artifact_bytes: int) -> Path:
    metrics = meta["metrics"]
    fine = metrics["held_out"]["banking77_fine"]
    coarse = metrics["held_out"]["banking77_coarse"]
    scoped = metrics["held_out"].get("clinc150_with_scope_head", {})
    unscoped = metrics["held_out"].get("clinc150_coarse_threshold_only", {})
    calibration = metrics.get("scope_calibration", {})
    subsample = metrics.get("max_rows_per_source")
    text = f"""# Intent head (call level contact reason)

Predicts a fine intent ({metrics['fine_intents']} classes: the 77 Banking77 intents, the CLINC150 intents that are contact
reasons, and the project's own retail, telecom, utility, travel, insurance, healthcare and bereavement ones);
`taxonomy.yaml` maps each onto a coarse contact reason (billing, payments, cancellation, technical support,
orders/delivery, returns/refunds, appointments, bookings, claims, moving home, bereavement, ...). Coarse confidence =
summed probability of its fine intents; below `other_threshold` ({meta['other_threshold']}) a text is `other`.

A second, binary **scope head** says whether a text states a contact reason at all. It is trained on the contact-reason
queries against CLINC150's {metrics.get('no_contact_reason_train_rows', 0)} training queries of intents that are none
(small talk, greetings, thanks, yes/no, assistant commands, kitchen, commute, work and general-knowledge questions).
A text whose P(no contact reason) reaches the calibrated threshold ({meta.get('scope_threshold')}) is `other`. The threshold
is the strictest that still lets through {_pct(calibration.get('contact_reason_kept', 0))}% (target 98%) of the calibration
contact-reason queries (half of CLINC150 `val`); at it, {_pct(calibration.get('out_of_scope_rejected', 0))}% of CLINC150
`oos_train` ({calibration.get('n_out_of_scope')} out-of-scope queries, never trained on) are rejected.

## Call-level reason
`IntentClassifier.call_intent` reads the customer's first eight turns: turns with no words of their own (redacted
verification answers, digits, yes/no, fillers) are skipped; a turn states a reason when the scope head accepts it and its
best coarse intent clears the threshold; one- and two-word fragments (IVR menu words) count a quarter; the reasons of
the stating turns are summed with those weights, so a reason told to a bot and repeated to the agent adds up, and each
full statement after the first counts half the one before. When no turn states a reason the call is `other`, with the
(low) confidence of the strongest candidate turned down. Tested on
100 multi-turn calls across ten industries written separately from the training openings
(`tests/classify/call_reasons.jsonl`, `tests/classify/test_call_reason.py`).

## Model
- Encoder (frozen, not stored here): `{meta['encoder']['name']}` {meta['encoder']['version']}, mean-pooled hidden
  states of layers {meta['encoder']['feature_layers']} concatenated, from the same single encoder pass that serves sentiment.
- Head: {meta['head']}. No fine-tuned encoder or adapter: the frozen encoder with a
  logistic-regression head reaches about 92-93% here; joining it with word and character n-grams in one linear model
  adds a little at a fraction of the cost of fine-tuning on 2 CPU cores, and keeps one encoder pass per turn.
- Artifacts: `intent_head.skops` ({_size(artifact_bytes)}) and `scope_head.skops`, SHA-256 of each in `meta.json`,
  loaded only after the hash check.

## Data
- Banking77 (`train.csv`, 10,003 queries, 77 intents). CC BY 4.0. Casanueva et al., "Efficient Intent Detection with Dual
  Sentence Encoders", NLP4ConvAI 2020.
- CLINC150 (`data_train_val.json`: 15,000 training queries in 150 intents and 10 domains, 3,000 validation, 100 + 100
  out-of-scope). CC BY 3.0. Larson et al., "An Evaluation Dataset for Intent Classification and Out-of-Scope
  Prediction", EMNLP 2019. Its contact-reason intents train the intent head; the rest train the scope head's "none".
- `src/cxmaturity/classify/contact_centre_intents.tsv`: {metrics.get('own_openings', 0)} contact-centre opening requests
  written for this project (billing disputes, cancellations, outages, orders, returns, engineer visits, bookings,
  claims, moving home, bereavement, ...; 45 per fine intent for the retail, telecom, utility, travel, insurance,
  healthcare and bereavement ones); all used for training, none evaluated.
- None of the data is stored in this repository; training reads `../shared/data/`.

## Split
Held out: 20% of Banking77 `train.csv`, stratified by intent, seed {metrics['seed']} (drawn per source, so the own examples
growing moves no held-out query); half of CLINC150 `val`, stratified; CLINC150 `oos_val`: {metrics['held_out_rows']} queries.
Calibration ({metrics.get('calibration_rows')} queries): the other half of CLINC150 `val` and `oos_train`.
{metrics['train_rows']} training rows (+{metrics['augmented_rows']} placeholder copies).{' Subsampled to ' + str(subsample) + ' rows per source.' if subsample else ''}

## Held-out results
| task | ours accuracy | ours macro F1 | baseline accuracy | baseline macro F1 |
|---|---|---|---|---|
| Banking77 fine intent (77) | **{_pct(fine['ours']['accuracy'])}** | {_pct(fine['ours']['macro_f1'])} | {_pct(fine['prototype']['accuracy'])} | {_pct(fine['prototype']['macro_f1'])} |
| coarse contact reason | {_pct(coarse['ours']['accuracy'])} | {_pct(coarse['ours']['macro_f1'])} | {_pct(coarse['prototype']['accuracy'])} | {_pct(coarse['prototype']['macro_f1'])} |

CLINC150 held out ({scoped.get('n_contact_reason')} contact-reason queries, {scoped.get('n_no_contact_reason')} in-scope
queries that are no contact reason, {scoped.get('n_out_of_scope')} out-of-scope queries):

| | contact-reason accuracy (coarse) | no-contact-reason rejected | out-of-scope recall |
|---|---|---|---|
| with the scope head (shipped) | **{_pct(scoped.get('contact_reason_accuracy', 0))}** | {_pct(scoped.get('no_contact_reason_rejected', 0))} | **{_pct(scoped.get('out_of_scope_recall') or 0)}** |
| coarse threshold alone (softmax baseline) | {_pct(unscoped.get('contact_reason_accuracy', 0))} | {_pct(unscoped.get('no_contact_reason_rejected', 0))} | {_pct(unscoped.get('out_of_scope_recall') or 0)} |

Published anchors, CLINC150 test set (Larson et al. 2019): BERT in-scope accuracy 96.9 with out-of-scope recall 40.3
(trained out-of-scope class) and 96.2 with 52.3 (softmax threshold), over 150 fine intents; ours is coarse contact-reason
accuracy, a different (easier) task, and our out-of-scope figure rests on only 100 held-out queries.

Baseline: nearest label prototype, cosine between the query's MiniLM embedding and the embedding of the label's name
(fine) or the taxonomy description (coarse). Coarse `other` rate on the held-out queries: {_pct(coarse['other_rate'])}%.
Published anchors, Banking77 accuracy with the full training data on the official test set: {BANKING77_ANCHORS}.

How much one draw of the split says: the same head trained and evaluated on five seeded draws of the 20% split (seeds
13, 1, 2, 3, 4; measured during development, not regenerated by training) scored 93.44, 92.39, 93.49, 93.14 and 93.24:
mean 93.1, standard deviation 0.4. The 94.1 this card showed before came from an earlier draw, in the upper tail of that
spread; 94% is not reached on average.

Fine-tuning the encoder, measured with `benchmarks/classify/finetune_intent.py` (development runs, not regenerated by
training; trained on each draw's training share only, label-smoothed cross-entropy through a linear softmax head,
batches of similar length). LoRA: `peft`, rank 16 on every linear layer of all six layers (0.66M trainable
parameters), 6 epochs, learning rate 2e-3, about 105 s an epoch on 2 cores. Full: every weight, 5 epochs, learning rate
8e-5, about 100 s an epoch. "Hybrid" is this head refitted on the adapted encoder's features; "blend" averages it with
the softmax head.

| draw | this head, frozen encoder | LoRA softmax | LoRA hybrid | LoRA blend | full softmax | full hybrid | full blend |
|---|---|---|---|---|---|---|---|
| seed 13 | 93.4 | 93.6 | 94.0 | 93.9 | 93.3 | 93.3 | 93.4 |
| seed 1 | 92.4 | 92.3 | 92.1 | 92.2 | 92.5 | 92.4 | 92.6 |
| seed 2 | 93.5 | 92.7 | 93.1 | 92.8 | | | |
| seed 3 | 93.1 | 92.9 | 93.2 | 93.6 | | | |
| mean over the draws run | 93.1 | 92.9 | 93.1 | 93.1 | 92.9 | 92.9 | 93.0 |

The frozen column's mean is over the same four draws as the LoRA columns; over the two full fine-tune draws it is
92.9. Neither kind of fine-tuning lifts this MiniLM above the frozen encoder on average: the seed-13 LoRA gain (+0.55)
is inside the draw-to-draw spread. An earlier, shorter LoRA run on seed 13 (4 epochs, learning rate 1e-3) gave 93.5 / 93.6 / 93.7. So no
adapted encoder is shipped; one would also change the embedding every other model reads (the sentiment head and the
CSAT model would need retraining on it). A k-nearest-neighbour vote over the training queries' sentence vectors
blended with this head (seed-13 draw) scored 93.5 to 93.9 over nine settings of k and blend weight, picked on the
held-out rows and so an upper bound; it would also need the training vectors stored in `models/` (about 7.5 MB at
float16), so it is not shipped either. The script's docstring has the commands; LoRA needs `peft`, which cxmaturity
does not depend on.

## Reproduce
`cxm train intent` (calls `cxmaturity.classify.training.train_intent(data_dir, models/intent, seed=13)`);
about {metrics['train_seconds']:.0f} s on the 2-core machine.
"""
    path = out_dir / "MODEL_CARD.md"
    path.write_text(text, encoding="utf-8")
    return path
