"""A preview of one stored value, made in a child process of the user's interpreter (never in the host:
unpickling runs code, and only the user's interpreter has the value's classes and libraries).

    python -m assetlens.runtime.preview    # stdin: {"workspace": ..., "key": [...], "python_path": [...],
                                           #         "partition": "eu" (a partitioned asset's partition)}
                                           # stdout: one JSON line, {"preview": {...}} or {"error": "..."}

The preview: `{"key", "type", "size", "repr", "table"}` — `type` the value's qualified type name, `size`
the stored pickle's bytes, `repr` the head of its `repr`, `table` `{"columns", "dtypes", "rows", "total_rows", "total_columns", "index_columns"}`
for pandas frames and series, polars frames and pyarrow tables (the first rows, cells as JSON-safe values;
`total_rows` x `total_columns` is the value's shape; a pandas index that is not the default 0..n-1 comes
first, as `index_columns` more columns) or None (and `partition`
for one partition of a partitioned asset, which is stored per partition). The value is
loaded only when the run store recorded its materialization and the file hashes to the recorded version.

The host side (`preview_value`) is in `assetlens.runtime.host_preview`.
"""

from __future__ import annotations

import json
import math
import sys
from typing import Any

REPR_CHARS = 2000
TABLE_ROWS = 20
TABLE_COLUMNS = 50
CELL_CHARS = 200


def _cell(value: Any) -> Any:
    """A JSON-safe cell: None, booleans, numbers and strings as they are (numpy scalars as the Python ones);
    NaN and the infinities as pandas prints them; anything else as its `str` (a timestamp as
    `2024-01-01 00:00:00`, not its repr), cut at CELL_CHARS."""
    if type(value).__module__ == "numpy" and hasattr(value, "item"):
        try:
            value = value.item()
        except Exception:  # noqa: BLE001 - a numpy value without a Python equivalent keeps its text
            pass
    if value is None or isinstance(value, (bool, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else ("NaN" if math.isnan(value) else ("inf" if value > 0 else "-inf"))
    try:
        text = value if isinstance(value, str) else str(value)
    except Exception as error:  # noqa: BLE001 - a broken __str__ is the value's, not ours
        text = f"<str failed: {type(error).__name__}>"
    return text if len(text) <= CELL_CHARS else text[:CELL_CHARS] + "…"


def _loaded(module: str, name: str) -> type | None:
    """The class `module.name` when its library is already imported (unpickling the value imported it);
    a library the value does not use is never imported here."""
    found = getattr(sys.modules.get(module), name, None)
    return found if isinstance(found, type) else None


def _instance(value: Any, module: str, *names: str) -> str | None:
    for name in names:
        kind = _loaded(module, name)
        if kind is not None and isinstance(value, kind):
            return name
    return None


def _pandas_table(value: Any, pandas: Any) -> dict[str, Any]:
    if isinstance(value, pandas.Series):
        value = value.to_frame(name=value.name if value.name is not None else "value")
    total_rows, total_columns = value.shape
    head = value.iloc[:TABLE_ROWS, :TABLE_COLUMNS]
    index = head.index
    rows = [[_cell(cell) for cell in values] for values in head.itertuples(index=False, name=None)]
    columns = [str(column) for column in head.columns]
    dtypes = [str(dtype) for dtype in head.dtypes]
    levels = []
    if not (isinstance(index, pandas.RangeIndex) and index.start == 0 and index.step == 1):
        # a meaningful index (a group-by's keys, dates) is part of what the user sees: its levels come first
        levels = [index.get_level_values(level) for level in range(index.nlevels)]
        names = [name if name is not None else ("index" if len(levels) == 1 else f"level_{i}") for i, name in enumerate(index.names)]
        columns = [str(name) for name in names] + columns
        dtypes = [str(level.dtype) for level in levels] + dtypes
        rows = [[_cell(level[number]) for level in levels] + row for number, row in enumerate(rows)]
    return {
        "columns": columns,
        "dtypes": dtypes,
        "rows": rows,
        "total_rows": int(total_rows),
        "total_columns": int(total_columns),
        "index_columns": len(levels),
    }


def _table(value: Any) -> dict[str, Any] | None:
    """Columns, their types and the first rows of a pandas DataFrame or Series, a polars DataFrame or a
    pyarrow Table or RecordBatch (subclasses too); None for anything else."""
    try:
        pandas = sys.modules.get("pandas")
        if _instance(value, "pandas", "DataFrame", "Series"):
            return _pandas_table(value, pandas)
        if _instance(value, "polars", "DataFrame"):
            names = value.columns[:TABLE_COLUMNS]
            head = value.head(TABLE_ROWS).select(names)
            return {
                "columns": [str(column) for column in names],
                "dtypes": [str(dtype) for dtype in head.dtypes],
                "rows": [[_cell(cell) for cell in row] for row in head.rows()],
                "total_rows": int(value.height),
                "total_columns": int(value.width),
                "index_columns": 0,
            }
        if _instance(value, "pyarrow", "Table", "RecordBatch"):
            names = value.column_names[:TABLE_COLUMNS]
            head = value.slice(0, TABLE_ROWS).select(names)
            data = head.to_pydict()
            return {
                "columns": [str(column) for column in names],
                "dtypes": [str(field.type) for field in head.schema],
                "rows": [[_cell(data[column][index]) for column in names] for index in range(head.num_rows)],
                "total_rows": int(value.num_rows),
                "total_columns": int(value.num_columns),
                "index_columns": 0,
            }
    except Exception:  # noqa: BLE001 - a frame that cannot be shown as a table still has its repr
        return None
    return None


def make_preview(key: tuple[str, ...], value: Any, size: int) -> dict[str, Any]:
    try:
        text = repr(value)
    except Exception as error:  # noqa: BLE001 - a broken __repr__ is the value's, not ours
        text = f"<repr failed: {type(error).__name__}: {error}>"
    if len(text) > REPR_CHARS:
        text = text[:REPR_CHARS] + "…"
    kind = type(value)
    return {
        "key": "/".join(key),
        "type": kind.__qualname__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}",
        "size": size,
        "repr": text,
        "table": _table(value),
    }


def table_shape(table: dict[str, Any]) -> str | None:
    """A preview table's shape in words, `30 rows × 4 columns` (None when it does not say)."""
    rows, columns = table.get("total_rows"), table.get("total_columns", len(table.get("columns") or []))
    if not isinstance(rows, int) or not isinstance(columns, int):
        return None
    return f"{rows:,} row{'' if rows == 1 else 's'} × {columns:,} column{'' if columns == 1 else 's'}"


class PartitionNeeded(Exception):
    """A partitioned asset's value was asked for without a partition, or one never stored: the message
    lists the stored partitions and says how to pick one (a usage error for the CLI)."""


def _partition_records(store: Any, key: tuple[str, ...]) -> dict[str, Any]:
    """Each stored partition of `key` and its latest successful materialization."""
    from assetlens.runtime.partitions import PARTITION_METADATA

    latest: dict[str, Any] = {}
    for record in store.partition_history().get(key, []):
        latest[str(record.metadata[PARTITION_METADATA].get("value"))] = record
    return latest


def _pick_hint(name: str, partitions: list[str]) -> str:
    from assetlens.runtime.partitions import few_keys

    return (
        f"its stored partitions ({len(partitions)}): {few_keys(partitions)} — pick one with --partition KEY, "
        f"e.g. `assetlens show {name} --partition {partitions[-1]}`"
    )


def preview_stored(workspace: str, key: tuple[str, ...], partition: str | None = None) -> dict[str, Any]:
    """Read, verify, unpickle and preview `key`'s stored value — or one partition's (in this process: call
    it in the worker). A partitioned asset without `partition` is refused with its stored partitions."""
    import pickle

    from assetlens.runtime.layout import VALUES_DIR_NAME, existing_store
    from assetlens.runtime.partitions import PARTITION_METADATA, storage_key
    from assetlens.runtime.run_store import RunStore
    from assetlens.runtime.value_store import FilesystemStore, StoreError

    name = "/".join(key)
    root = existing_store(workspace)
    store = RunStore.open_existing(workspace) if root is not None else None
    if store is None:
        raise StoreError(f"{name} has never been materialized in this workspace (there is no run store)")
    with store:
        record = store.latest([key]).get(key)
        partitions = _partition_records(store, key) if record is not None else {}
    if record is None:
        raise StoreError(f"{name} has never been materialized in this workspace")
    ordered = [p for p, _ in sorted(partitions.items(), key=lambda item: item[0])]
    if partition is not None:
        record = partitions.get(partition)
        if record is None:
            if not partitions:
                raise PartitionNeeded(f"{name} is not partitioned (no partition of it was ever materialized): show it without --partition")
            raise PartitionNeeded(f"partition {partition} of {name} has never been materialized; {_pick_hint(name, ordered)}")
    elif isinstance(record.metadata.get(PARTITION_METADATA), dict):
        raise PartitionNeeded(f"{name} is partitioned, each partition stored on its own; {_pick_hint(name, ordered)}")
    if record.data_version is None:
        raise StoreError(f"the last materialization of {name} stored no value assetlens can read (an IO manager of its own?)")
    stored_key = storage_key(key, partition)
    values = FilesystemStore(root / VALUES_DIR_NAME, {stored_key: record.data_version}.get)
    payload = values.read_verified(stored_key)
    preview = make_preview(key, pickle.loads(payload), len(payload))
    return {**preview, "partition": partition} if partition is not None else preview


def main() -> int:
    from assetlens.runtime.layout import StoreProblem
    from assetlens.runtime.value_store import StoreError

    out = sys.stdout
    try:
        request = json.loads(sys.stdin.readline())
        workspace = str(request["workspace"])
        key = tuple(request["key"])
        if not key or not all(isinstance(part, str) for part in key):
            raise ValueError("key must be a non-empty list of strings")
        partition = request.get("partition")
        if partition is not None and not isinstance(partition, str):
            raise ValueError("partition must be a string")
        for entry in reversed([str(p) for p in request.get("python_path") or [workspace]]):
            if entry not in sys.path:
                sys.path.insert(0, entry)
    except (ValueError, KeyError, TypeError) as error:
        out.write(json.dumps({"error": f"bad request: {error}"}) + "\n")
        return 2
    sys.stdout = sys.stderr  # whatever unpickling prints stays off the answer line
    import importlib.util

    if importlib.util.find_spec("dagster") is None:  # values made by the builtin engine, whose `dagster` it is
        from assetlens.runtime.dagster_alias import install_dagster_alias

        install_dagster_alias()
    try:
        preview = preview_stored(workspace, key, partition)
    except PartitionNeeded as error:
        out.write(json.dumps({"error": str(error), "usage": True}) + "\n")
        return 2
    except (StoreError, StoreProblem) as error:
        out.write(json.dumps({"error": str(error)}) + "\n")
        return 1
    except Exception as error:  # noqa: BLE001 - unpickling ran the value's own code
        out.write(json.dumps({"error": f"the stored value of {'/'.join(key)} cannot be loaded here: {type(error).__name__}: {error}"}) + "\n")
        return 1
    out.write(json.dumps({"preview": preview}, ensure_ascii=False, default=repr) + "\n")
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
