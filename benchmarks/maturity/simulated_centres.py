"""Each framework's level for every simulated centre, through the pipeline, in one run.

The centres are the test suite's (`tests/maturity/simulated_centres.py`): four ladders of five
ranks of strictly rising capability, with and without export analytics and timestamps, plus the
top two centres of each analytics ladder with the QA scores taken out of their export. All are
read in one `cxm analyze` run (default pipeline unless `--evidence-stages`), each centre judged on
its own slice. Writes RESULTS.md: the level table, monotonicity violations, extremes, timing.

    .venv/bin/python benchmarks/maturity/simulated_centres.py [--n 100] [--seeds 7] [--workers 2]
"""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.maturity.centre_runs import CUMULATIVE, EVIDENCE_STAGES, level_table, monotonicity_violations, run_centres  # noqa: E402
from tests.maturity.simulated_centres import LADDERS, centre_ladder, without_automated_qa  # noqa: E402

VARIANTS = (
    (True, True, "analytics, timestamps"),
    (False, False, "no analytics, no timestamps"),
    (True, False, "analytics, no timestamps"),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100, help="conversations per centre")
    parser.add_argument("--seeds", default="7", help="comma-separated generator seeds, one run each")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--evidence-stages",
        action="store_true",
        help=f"run only {', '.join(EVIDENCE_STAGES)} (faster) instead of the default pipeline",
    )
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("RESULTS.md"))
    args = parser.parse_args()

    ladders = {
        (ladder, label): centre_ladder(ladder, analytics=analytics, timestamps=timestamps)
        for ladder in LADDERS
        for analytics, timestamps, label in VARIANTS
    }
    no_qa = [
        without_automated_qa(c)
        for (ladder, label), cs in ladders.items()
        if label.startswith("analytics")
        for c in cs[-2:]
    ]
    centres = [c for cs in ladders.values() for c in cs] + no_qa
    lines = [
        f"# Maturity levels of simulated centres ({args.n} conversations a centre)",
        "",
        "Written by `benchmarks/maturity/simulated_centres.py`; rerun it to refresh. Pipeline: "
        + ("`" + " -> ".join(EVIDENCE_STAGES) + "`" if args.evidence_stages else "the default pipeline")
        + f". Machine: {platform.machine()}, Python {platform.python_version()}.",
        "",
    ]
    for seed in (int(s) for s in args.seeds.split(",")):
        started = time.perf_counter()
        with tempfile.TemporaryDirectory() as folder:
            verdicts = run_centres(
                centres,
                args.n,
                Path(folder),
                seed=seed,
                workers=args.workers,
                stages=EVIDENCE_STAGES if args.evidence_stages else None,
            )
        seconds = time.perf_counter() - started
        rows = {row["centre"]: row for row in level_table(centres, verdicts)}
        violations = [v for cs in ladders.values() for v in monotonicity_violations(cs, verdicts)]
        lines += [
            f"## Seed {seed}",
            "",
            f"{len(centres)} centres, {len(centres) * args.n} conversations, {seconds:.0f} s "
            f"({len(centres) * args.n / seconds:.1f} conversations/s, {args.workers} workers).",
            "",
            f"Monotonicity violations (a centre below a less capable one): **{len(violations)}**"
            + "".join(f"\n- {v}" for v in violations),
            "",
            "| ladder | variant | rank | AI layer | four stages | five levels | curve | ICMI stage | ICMI score |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for (ladder, label), cs in ladders.items():
            for c in cs:
                r = rows[c.name]
                lines.append(
                    f"| {ladder} | {label} | {c.rank} | {r['ai_maturity']} | {r['four_stage']} | "
                    f"{r['five_level']} | {r['curve']} | {r['icmi_stage']} | {r['icmi_score']} |"
                )
        lines += [
            "",
            "Without QA scores in the export (same dialogues): AI layer, and where the evidence "
            "would place it without the foundation rule.",
            "",
            "| centre | AI layer | uncapped | with QA |",
            "|---|---|---|---|",
        ]
        for c in no_qa:
            original = rows[c.name.removesuffix("+noqa")]
            lines.append(
                f"| {c.name} | {rows[c.name]['ai_maturity']} | {rows[c.name]['ai_uncapped']} | "
                f"{original['ai_maturity']} |"
            )
        spread = [(key, rows[cs[0].name], rows[cs[-1].name]) for key, cs in ladders.items()]
        lines += [
            "",
            "Extremes (rank 1 -> rank 5): "
            + "; ".join(
                f"{ladder} / {label}: AI {lo['ai_maturity']} -> {hi['ai_maturity']}, "
                f"ICMI {lo['icmi_score']} -> {hi['icmi_score']}"
                for (ladder, label), lo, hi in spread
            ),
            "",
        ]
        print(f"seed {seed}: {len(violations)} violations, {seconds:.0f} s", flush=True)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    assert set(CUMULATIVE) == {"ai_maturity", "four_stage", "five_level", "curve"}
    main()
