"""Where `cxm nightly` keeps what it has analysed: an embedded DuckDB file by default (no server needed), or
PostgreSQL (`postgresql://...`); one writer at a time; a Hive-partitioned Parquet export for the warehouse."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from cxmaturity.store.base import BaseStore, StoreError, StoreLocked
from cxmaturity.store.duck import Store
from cxmaturity.store.lock import store_lock
from cxmaturity.store.postgres import PostgresStore, is_postgres_url

__all__ = ["BaseStore", "PostgresStore", "Store", "StoreError", "StoreLocked", "open_store", "writing_store"]


@contextmanager
def writing_store(target: str | Path) -> Iterator[BaseStore]:
    """The store at `target` (a path or a PostgreSQL URL), created if missing, held for one writer.

    DuckDB: the file lock comes first, so a second writer learns who holds the store instead of failing
    inside DuckDB. PostgreSQL: an advisory lock on the connection.
    """
    if is_postgres_url(target):
        postgres = PostgresStore(str(target))
        try:
            postgres.lock()
            yield postgres
        finally:
            postgres.close()
    else:
        with store_lock(Path(target)), Store(Path(target)) as store:
            yield store


def open_store(target: str | Path) -> BaseStore:
    """The store at `target` for reading (reports); close it when done."""
    if is_postgres_url(target):
        return PostgresStore(str(target), read_only=True)
    return Store(Path(target), read_only=True)
