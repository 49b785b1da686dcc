"""`cxm export --parquet`: the store as Hive-partitioned Parquet that Spark, Athena, BigQuery and DuckDB
read as they are (`DIR/conversations/date=2026-11-20/*.parquet`).

Each table is written into a staging folder beside its final place and swapped in with renames, so a
reader (or a crash) never sees a half-written table.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from cxmaturity.store.base import StoreError
from cxmaturity.store.duck import Store, sql_path
from cxmaturity.store.postgres import is_postgres_url

PARTITIONED = {
    "conversations": "SELECT *, activity_date AS date FROM conversations",
    "turns": "SELECT t.*, c.activity_date AS date FROM turns t JOIN conversations c USING (conversation_id)",
}
WHOLE = {"runs": "SELECT * FROM runs", "evidence_snapshots": "SELECT * FROM evidence_snapshots"}


def export_parquet(store_path: Path, out_dir: Path) -> dict[str, int]:
    """Write every table; returns rows per table. Conversations and turns are partitioned by `date`."""
    if is_postgres_url(store_path):
        raise StoreError("cxm export reads a DuckDB store; a PostgreSQL store is already in the warehouse")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: dict[str, int] = {}
    with Store(Path(store_path), read_only=True) as store:
        for table, query in {**PARTITIONED, **WHOLE}.items():
            staging = out_dir / f".{table}.staging"
            shutil.rmtree(staging, ignore_errors=True)
            staging.mkdir()
            if table in PARTITIONED:
                copied = store.con.execute(
                    f"COPY ({query}) TO '{sql_path(staging)}' "
                    "(FORMAT PARQUET, PARTITION_BY (date), WRITE_PARTITION_COLUMNS false)"
                )
            else:
                copied = store.con.execute(
                    f"COPY ({query}) TO '{sql_path(staging / (table + '.parquet'))}' (FORMAT PARQUET)"
                )
            rows = copied.fetchone()  # COPY returns the rows it wrote
            written[table] = int(rows[0]) if rows else 0
            _swap_in(staging, out_dir / table)
    return written


def _swap_in(staging: Path, final: Path) -> None:
    old = final.with_name(f".{final.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        final.rename(old)
    staging.rename(final)
    shutil.rmtree(old, ignore_errors=True)
