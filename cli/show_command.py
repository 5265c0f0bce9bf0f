"""`assetlens show KEY [--partition P] [--path P] [--python INTERPRETER] [--format text|json]`: a preview of
an asset's stored value (of one partition, for a partitioned asset: without `--partition` its stored
partitions are listed) — its type, size, the head of its `repr`, and for pandas, polars and pyarrow frames their shape and a
table head (columns, their types, the first rows). The value is loaded in a child process of the given interpreter (the one the runs use), and only
when its file's hash is the one recorded at its materialization."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("key", metavar="KEY", help="asset key, parts joined by '/' (raw/orders)")
    parser.add_argument(
        "--partition", default=None, metavar="KEY", help="the partition to show, for a partitioned asset"
    )
    parser.add_argument("--path", default=".", help="workspace folder (default: the current folder)")
    parser.add_argument(
        "--python",
        default=None,
        metavar="INTERPRETER",
        help="the interpreter that loads the value (default: the one running assetlens)",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")


def _size(count: int) -> str:
    size = float(count)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{count} B"


def render_table(table: dict[str, Any], width: int = 24) -> list[str]:
    """The table head as text: column names, their types (when known), a rule, the rows; then what was
    left out."""
    columns = [str(column) for column in table.get("columns", [])]
    dtypes = [str(dtype) for dtype in table.get("dtypes") or []]
    heading = [columns] + ([dtypes] if len(dtypes) == len(columns) else [])
    rows = [[("None" if cell is None else str(cell)) for cell in row] for row in table.get("rows", [])]
    widths = [
        min(width, max([len(line[index]) for line in heading] + [len(row[index]) for row in rows if index < len(row)]))
        for index in range(len(columns))
    ]

    def line(cells: list[str]) -> str:
        return "  ".join(
            (cell if len(cell) <= widths[i] else cell[: widths[i] - 1] + "…").ljust(widths[i]) for i, cell in enumerate(cells)
        ).rstrip()

    lines = [line(cells) for cells in heading] + [line(["-" * w for w in widths])]
    lines.extend(line(row) for row in rows)
    total = table.get("total_rows")
    if isinstance(total, int) and total > len(rows):
        lines.append(f"… {total - len(rows):,} more row(s) ({total:,} in all)")
    index = table.get("index_columns") if isinstance(table.get("index_columns"), int) else 0
    hidden = table.get("total_columns")
    if isinstance(hidden, int) and hidden > len(columns) - index:
        lines.append(f"… {hidden - (len(columns) - index):,} more column(s) ({hidden:,} in all)")
    return lines


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from assetlens.runtime.host_preview import PreviewError, preview_value
    from assetlens.runtime.layout import StoreProblem
    from assetlens.runtime.preview import table_shape

    if not Path(args.path).is_dir():
        print(f"assetlens show: no such folder: {args.path}", file=sys.stderr)
        return 2
    key = tuple(args.key.split("/"))
    try:
        preview = preview_value(args.path, key, interpreter=args.python, partition=args.partition)
    except PreviewError as error:
        print(f"assetlens show: {error}", file=sys.stderr)
        return 2 if error.usage else 1
    except StoreProblem as error:
        print(f"assetlens show: {error}", file=sys.stderr)
        return 2
    if args.format == "json":
        print(json.dumps(preview, indent=2, ensure_ascii=False))
        return 0
    where = f" [partition {preview['partition']}]" if preview.get("partition") is not None else ""
    table = preview.get("table")
    dimensions = table_shape(table) if isinstance(table, dict) else None
    extent = f", {dimensions}" if dimensions else ""
    print(f"{preview['key']}{where}: {preview['type']} ({_size(int(preview.get('size') or 0))} stored{extent})")
    if table:
        for line in render_table(table):
            print(line)
    else:
        print(preview.get("repr", ""))
    return 0
