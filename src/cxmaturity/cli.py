"""`cxm`: the command line.

Exit codes: 0 the command ran and every input is accounted for in the manifest (some may be
rejected); 1 the run could not proceed (bad pipeline file, unwritable output folder, no input
found, a model failing its integrity check); 2 bad command-line usage; 3 (`nightly`) another run
holds the store, nothing was done.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cxmaturity import __version__
from cxmaturity.errors import CxmError, RunError, describe_exception

if TYPE_CHECKING:
    from cxmaturity.pipeline.config import PipelineConfig
    from cxmaturity.pipeline.plan import RunOptions

    #: `runner.analyze`, `runner.redact` or the Ray engine's `analyze_on_ray`: returns the manifest.
    Runner = Callable[[PipelineConfig, list[str], RunOptions], dict[str, Any]]

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_STORE_BUSY = 0, 1, 2, 3
NIGHTLY_DEFAULTS = {"window_days": 30, "workers": 1}


def _add_run_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="files, folders or globs of exported transcripts")
    parser.add_argument("--out", required=True, type=Path, metavar="DIR", help="output folder")
    parser.add_argument("--pipeline", type=Path, metavar="FILE", help="pipeline YAML (default: pipelines/default.yaml)")
    parser.add_argument("--format", metavar="NAME", help="read every input as this format instead of detecting it")
    parser.add_argument("--workers", type=int, default=1, metavar="N", help="worker processes (default 1)")
    parser.add_argument("--quiet", action="store_true", help="no progress display; errors only")


def _add_engine_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--engine",
        choices=["local", "ray"],
        default="local",
        help="where the conversation stages run: here and in --workers processes (local, the "
        "default), or in a pool of Ray actors (ray: pip install 'cxmaturity[ray]', "
        "see docs/scale-out.md)",
    )
    parser.add_argument(
        "--ray-actors",
        type=int,
        default=2,
        metavar="N",
        help="--engine ray: actors in the pool, each loading the models once (default 2)",
    )
    parser.add_argument(
        "--ray-address",
        metavar="ADDR",
        help="--engine ray: the Ray cluster to run on (auto, ray://HEAD:10001); "
        "default $RAY_ADDRESS, else a local Ray instance started for this run",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cxm",
        description=__doc__.splitlines()[0].strip("`: "),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="exit codes: 0 done (rejected inputs are listed in manifest.json), "
        "1 the run could not proceed, 2 usage error",
    )
    parser.add_argument("--version", action="version", version=f"cxmaturity {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    analyze = commands.add_parser("analyze", help="analyse exported transcripts and write the evidence pack")
    _add_run_arguments(analyze)
    analyze.add_argument(
        "--self-assessment", type=Path, metavar="FILE", help="ICMI self-assessment (YAML or CSV) to validate"
    )
    analyze.add_argument(
        "--categories",
        type=Path,
        metavar="FILE",
        help="your call categories (YAML; default: pipelines/categories.yaml)",
    )
    analyze.add_argument(
        "--scorecard", type=Path, metavar="FILE", help="your QA scorecard (YAML; default: pipelines/scorecard.yaml)"
    )
    analyze.add_argument(
        "--per-agent",
        action="store_true",
        help="add the QA scorecard per agent to the report (agents pseudonymised; off by default: "
        "scoring employees is sensitive)",
    )
    _add_engine_arguments(analyze)
    analyze.set_defaults(handler=_cmd_analyze)

    redact = commands.add_parser("redact", help="redact PII only; writes DIR/redacted.jsonl")
    _add_run_arguments(redact)
    redact.set_defaults(handler=_cmd_redact)

    validate = commands.add_parser("validate", help="re-score a finished run's evidence against a self-assessment")
    validate.add_argument("run_dir", type=Path, metavar="DIR", help="output folder of a finished `cxm analyze`")
    validate.add_argument("--self-assessment", type=Path, required=True, metavar="FILE")
    validate.set_defaults(handler=_cmd_validate)

    frameworks = commands.add_parser("frameworks", help="list the maturity frameworks shipped with cxmaturity")
    frameworks.set_defaults(handler=_cmd_frameworks)

    stages = commands.add_parser("stages", help="list the pipeline stages available")
    stages.set_defaults(handler=_cmd_stages)

    nightly = commands.add_parser(
        "nightly",
        help="incremental run over drop folders into a DuckDB store (for cron, systemd, Airflow)",
        description="Analyse only conversations not yet in the store (key: id + content hash), land them in "
        "batches of one transaction each, then recompute the maturity snapshot over the last "
        "--window-days. Prints a one-line JSON summary on stdout. See docs/nightly.md.",
    )
    nightly.add_argument("inputs", nargs="*", metavar="INPUT", help="drop folders, files or globs")
    nightly.add_argument(
        "--store",
        metavar="FILE.duckdb|URL",
        help="the store: a DuckDB file (created if missing) or postgresql://user@host/db",
    )
    nightly.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="YAML with any of: inputs, store, pipeline, window_days, quarantine, self_assessment, "
        "workers, format (command-line options win)",
    )
    nightly.add_argument(
        "--pipeline", type=Path, metavar="FILE", help="pipeline YAML (default: pipelines/default.yaml)"
    )
    nightly.add_argument(
        "--window-days",
        type=int,
        metavar="N",
        help="days of conversations the maturity snapshot covers, counted back from the newest "
        f"(default {NIGHTLY_DEFAULTS['window_days']})",
    )
    nightly.add_argument("--quarantine", type=Path, metavar="DIR", help="move wholly rejected files here")
    nightly.add_argument("--self-assessment", type=Path, metavar="FILE", help="validate it in every snapshot")
    nightly.add_argument("--format", metavar="NAME", help="read every input as this format instead of detecting it")
    nightly.add_argument("--workers", type=int, metavar="N", help="worker processes (default 1)")
    nightly.add_argument(
        "--batch-size",
        type=int,
        default=64,
        metavar="N",
        help="conversations per store transaction, the most a crash can cost (default 64)",
    )
    nightly.add_argument("--quiet", action="store_true", help="errors only on stderr")
    _add_engine_arguments(nightly)
    nightly.set_defaults(handler=_cmd_nightly)

    report = commands.add_parser("report", help="render the evidence pack from a nightly store, with trends")
    report.add_argument("--store", required=True, metavar="FILE.duckdb|URL")
    report.add_argument("--out", type=Path, required=True, metavar="DIR")
    report.set_defaults(handler=_cmd_report)

    export = commands.add_parser("export", help="write a nightly store as Hive-partitioned Parquet (by date)")
    export.add_argument("--store", required=True, metavar="FILE.duckdb")
    export.add_argument("--parquet", type=Path, required=True, metavar="DIR")
    export.set_defaults(handler=_cmd_export)

    train = commands.add_parser("train", help="rebuild a model in models/ from the training data")
    train.add_argument("model", choices=["sentiment", "intent", "csat", "churn", "signals"])
    train.add_argument(
        "--data", type=Path, default=None, metavar="DIR", help="training data folder (default ../shared/data)"
    )
    train.add_argument(
        "--out", type=Path, default=None, metavar="DIR", help="where to write the model (default models/NAME)"
    )
    train.add_argument(
        "--labels",
        type=Path,
        default=None,
        metavar="FILE",
        help="churn only: your own outcomes, CSV of conversation_id,churned",
    )
    train.add_argument(
        "--calls",
        type=Path,
        default=None,
        metavar="PARQUET",
        help="churn only: calls.parquet of the run those conversations came from",
    )
    train.add_argument("--seed", type=int, default=13)
    train.set_defaults(handler=_cmd_train)
    return parser


def _configure_logging(quiet: bool) -> None:
    """Our messages at INFO (ERROR under --quiet); libraries (presidio, transformers) only when they warn."""
    logging.basicConfig(level=logging.WARNING, format="cxm: %(levelname)s: %(message)s", stream=sys.stderr)
    logging.getLogger("cxmaturity").setLevel(logging.ERROR if quiet else logging.INFO)
    for noisy in ("presidio-analyzer", "presidio-anonymizer"):
        logging.getLogger(noisy).setLevel(logging.ERROR)


def _run(args: argparse.Namespace, runner: Runner) -> int:
    from cxmaturity.pipeline.config import load_pipeline
    from cxmaturity.pipeline.plan import RunOptions

    config = load_pipeline(args.pipeline)
    _check_rule_files(config, args)
    options = RunOptions(
        out_dir=args.out,
        workers=args.workers,
        format=args.format,
        progress=not args.quiet,
        self_assessment=getattr(args, "self_assessment", None),
        command=args.command,
    )
    manifest = runner(config, args.inputs, options)
    totals = manifest["totals"]
    if totals["files_found"] == 0:
        logging.getLogger("cxmaturity").error("no input file found in %s", " ".join(args.inputs))
        return EXIT_FAILED
    outputs = ", ".join(sorted(manifest["outputs"]))
    print(
        f"cxm: {totals['conversations_written']} of {totals['conversations_read']} conversations written "
        f"from {totals['files']} files ({totals['files_rejected']} rejected, {totals['files_partial']} partial)"
    )
    print(f"cxm: outputs in {args.out.resolve()}: {outputs}, manifest.json")
    return EXIT_OK


def _check_rule_files(config: PipelineConfig, args: argparse.Namespace) -> None:
    """Point the `categories` and `scorecard` stages at `--categories` / `--scorecard` and check both files
    before any input is read (a typo in a rule fails in a second, not after the night's encoding); with
    `--per-agent`, turn on the report's per-agent scorecard table."""
    from cxmaturity.categories.rules import load_categories
    from cxmaturity.categories.scorecard import load_scorecard
    from cxmaturity.categories.scorecard_stage import default_scorecard_path
    from cxmaturity.categories.stage import default_categories_path

    for stage, given, load, default in (
        ("categories", getattr(args, "categories", None), load_categories, default_categories_path),
        ("scorecard", getattr(args, "scorecard", None), load_scorecard, default_scorecard_path),
    ):
        spec = config.stage(stage)
        if given is not None:
            if spec is None:
                raise RunError(f"{config.path}: --{stage} needs a `{stage}` stage in the pipeline")
            spec.config["file"] = str(given)
        if spec is not None:
            load(Path(spec.config.get("file") or default()))
    if getattr(args, "per_agent", False):
        report = config.stage("report")
        if report is None:
            raise RunError(f"{config.path}: --per-agent needs a `report` stage in the pipeline")
        report.config["per_agent"] = True


def _cmd_analyze(args: argparse.Namespace) -> int:
    from cxmaturity.pipeline.runner import analyze

    if args.engine == "ray":
        from functools import partial

        from cxmaturity.pipeline.ray_engine import analyze_on_ray

        return _run(args, partial(analyze_on_ray, actors=args.ray_actors, address=args.ray_address))
    return _run(args, analyze)  # the maturity stage checks --self-assessment before any input is read


def _cmd_redact(args: argparse.Namespace) -> int:
    from cxmaturity.pipeline.runner import redact

    return _run(args, redact)


def _cmd_validate(args: argparse.Namespace) -> int:
    from cxmaturity.maturity.validate import validate_run
    from cxmaturity.report.render import render_report

    result = validate_run(args.run_dir, args.self_assessment)
    report = render_report(args.run_dir)
    summary = result.get("self_assessment", result)
    print(
        f"cxm: claimed {summary.get('claimed_total')} ({summary.get('claimed_stage')}), "
        f"evidenced {summary.get('evidenced_total')} ({summary.get('evidenced_stage', 'n/a')})"
    )
    print(f"cxm: updated {args.run_dir / 'evidence.json'} and {report}")
    return EXIT_OK


def _nightly_settings(args: argparse.Namespace) -> dict[str, Any]:
    """--config file values, overridden by the options given on the command line."""
    settings: dict[str, Any] = dict(NIGHTLY_DEFAULTS)
    if args.config is not None:
        import yaml

        try:
            loaded = yaml.safe_load(args.config.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise RunError(f"{args.config}: cannot read the nightly config ({type(exc).__name__})") from None
        known = {"inputs", "store", "pipeline", "window_days", "quarantine", "self_assessment", "workers", "format"}
        if not isinstance(loaded, dict) or set(loaded) - known:
            raise RunError(f"{args.config}: expected a mapping with keys among {sorted(known)}")
        base = args.config.resolve().parent
        for key in ("store", "pipeline", "quarantine", "self_assessment"):
            if loaded.get(key) is not None and "://" not in str(loaded[key]):
                loaded[key] = base / Path(str(loaded[key]))
        if isinstance(loaded.get("inputs"), str):
            loaded["inputs"] = [loaded["inputs"]]
        loaded["inputs"] = [str(base / str(p)) for p in loaded.get("inputs") or []]
        settings.update(loaded)
    for key in ("inputs", "store", "pipeline", "window_days", "quarantine", "self_assessment", "workers", "format"):
        value = getattr(args, key, None)
        if value not in (None, []):
            settings[key] = value
    if not settings.get("store"):
        raise RunError("nightly: no store given (--store FILE.duckdb or `store:` in --config)")
    if not settings.get("inputs"):
        raise RunError("nightly: no input given (INPUT... or `inputs:` in --config)")
    return settings


def _cmd_nightly(args: argparse.Namespace) -> int:
    import json

    from cxmaturity.pipeline.config import load_pipeline
    from cxmaturity.pipeline.nightly import NightlyOptions, nightly
    from cxmaturity.store import StoreLocked

    settings = _nightly_settings(args)
    config = load_pipeline(settings.get("pipeline"))
    _check_rule_files(config, args)
    store = str(settings["store"])
    options = NightlyOptions(
        store=store if "://" in store else Path(store),
        window_days=int(settings["window_days"]),
        quarantine=settings.get("quarantine"),
        self_assessment=settings.get("self_assessment"),
        workers=int(settings["workers"]),
        format=settings.get("format"),
        batch_size=max(1, args.batch_size),
        engine=args.engine,
        ray_actors=args.ray_actors,
        ray_address=args.ray_address,
    )
    try:
        summary = nightly(config, list(settings["inputs"]), options)
    except StoreLocked as exc:
        logging.getLogger("cxmaturity").error("%s", exc)
        return EXIT_STORE_BUSY
    print(json.dumps(summary, sort_keys=True, default=str))
    if summary["files_seen"] == 0:
        logging.getLogger("cxmaturity").warning("no input file found in %s", " ".join(settings["inputs"]))
    return EXIT_OK if summary["status"] == "completed" else EXIT_FAILED


def _cmd_report(args: argparse.Namespace) -> int:
    from cxmaturity.report.from_store import render_from_store

    path = render_from_store(args.store, args.out)
    print(f"cxm: evidence pack from {args.store} in {path.parent.resolve()}")
    return EXIT_OK


def _cmd_export(args: argparse.Namespace) -> int:
    from cxmaturity.store.export import export_parquet

    written = export_parquet(args.store, args.parquet)
    print("cxm: " + ", ".join(f"{table}: {rows} rows" for table, rows in written.items()) + f" in {args.parquet}")
    return EXIT_OK


def _cmd_frameworks(args: argparse.Namespace) -> int:
    from cxmaturity.maturity.validate import list_frameworks

    for framework in list_frameworks():
        levels = " > ".join(str(level) for level in framework.get("levels", []))
        print(f"{framework['id']:<12} {framework['name']} (source {framework.get('source', '?')})")
        print(f"{'':<12} {framework.get('level_label', 'level')}s: {levels}")
        print(
            f"{'':<12} {framework.get('criteria', '?')} criteria, "
            f"{framework.get('not_observable_by_design', 0)} not observable from transcripts"
        )
    return EXIT_OK


def _cmd_stages(args: argparse.Namespace) -> int:
    from cxmaturity.pipeline.registry import registered_stages

    print("\n".join(registered_stages()))
    return EXIT_OK


def _cmd_train(args: argparse.Namespace) -> int:
    from cxmaturity.modelstore import default_data_dir, models_dir

    data = args.data or default_data_dir()
    out = args.out or models_dir() / args.model
    if args.model in ("sentiment", "intent"):
        from cxmaturity.classify import training as classify_training

        metrics = getattr(classify_training, f"train_{args.model}")(data, out, seed=args.seed)
    elif args.model == "csat":
        from cxmaturity.predict.training import train_csat

        metrics = train_csat(data, out, seed=args.seed)
    elif args.model == "signals":
        from cxmaturity.signals.training import train_signals

        metrics = train_signals(data, out, seed=args.seed)
    else:
        from cxmaturity.predict.training import train_churn

        metrics = train_churn(data, out, seed=args.seed, labels=args.labels, calls=args.calls)
    print(f"cxm: trained {args.model} into {out}")
    for key, value in metrics.items():
        if isinstance(value, (int, float, str)):
            print(f"  {key}: {value}")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    _configure_logging(getattr(args, "quiet", False))
    workers = getattr(args, "workers", None)  # None: `nightly` without --workers (its config may set it)
    if workers is not None and workers < 1:
        parser.error("--workers must be at least 1")
    if getattr(args, "engine", "local") == "ray":
        if args.ray_actors < 1:
            parser.error("--ray-actors must be at least 1")
        if (args.workers or 1) != 1:
            parser.error("--workers is for --engine local; with --engine ray, use --ray-actors")
    try:
        return args.handler(args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - one clear line, no traceback, no transcript text
        if isinstance(exc, (CxmError, FileNotFoundError)):
            # Our own errors name files, stages and fields, never transcript text; a missing file names a path.
            message = str(exc)
        else:
            # A library's message may quote the text it choked on: name the type and our frame only.
            message = f"unexpected {describe_exception(exc)}"
        logging.getLogger("cxmaturity").error("%s", message)
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
