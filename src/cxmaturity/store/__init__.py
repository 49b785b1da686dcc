"""Where `cxm nightly` keeps what it has analysed: an embedded DuckDB database (no server needed),
with a lock for one writer at a time and a Hive-partitioned Parquet export for the warehouse."""

from cxmaturity.store.duck import Store, StoreError
from cxmaturity.store.lock import StoreLocked, store_lock

__all__ = ["Store", "StoreError", "StoreLocked", "store_lock"]
