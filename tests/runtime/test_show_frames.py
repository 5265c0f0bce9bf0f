"""`assetlens show` of real pandas and pyarrow values (issue 11, "see the result"): assets returning a
DataFrame, a Series, a group-by result with its index, missing values, a wide frame and a pyarrow Table are
materialized through the real CLI and worker; `show` prints their shape, column names, column types and
first rows, and the JSON preview (what the language server's showValue answers) carries the same table."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pandas
import pyarrow
import pytest
from assetlens.runtime.host_preview import preview_value

ASSETS = '''\
import dagster as dg
import pandas as pd
import pyarrow as pa


@dg.asset
def orders() -> pd.DataFrame:
    return pd.DataFrame({
        "id": range(1, 31),
        "amount": [i * 1.5 for i in range(30)],
        "customer": [f"c{i % 4}" for i in range(30)],
        "day": pd.date_range("2024-01-01", periods=30, freq="D"),
    })


@dg.asset
def by_customer(orders: pd.DataFrame) -> pd.DataFrame:
    return orders.groupby("customer").agg(total=("amount", "sum"), n=("id", "count"))


@dg.asset
def amounts(orders: pd.DataFrame) -> pd.Series:
    return orders["amount"]


@dg.asset
def gaps() -> pd.DataFrame:
    return pd.DataFrame({"x": [1.0, None, float("inf")], "n": pd.array([1, None, 3], dtype="Int64")})


@dg.asset
def wide() -> pd.DataFrame:
    return pd.DataFrame({f"c{i}": [i, i + 1] for i in range(60)})


@dg.asset
def order_table(orders: pd.DataFrame) -> pa.Table:
    return pa.Table.from_pandas(orders, preserve_index=False)
'''


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assetlens.cli", *args], cwd=cwd, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def frames(tmp_path_factory: pytest.TempPathFactory) -> Path:
    workspace = tmp_path_factory.mktemp("frames")
    (workspace / "frames").mkdir()
    (workspace / "frames" / "__init__.py").write_text("")
    (workspace / "frames" / "assets.py").write_text(ASSETS)
    past = time.time() - 60  # as a user's files are (the result cache keeps no result of just-modified inputs)
    for path in (workspace / "frames" / "__init__.py", workspace / "frames" / "assets.py"):
        os.utime(path, (past, past))
    completed = cli("materialize", "--all", cwd=workspace)
    assert completed.returncode == 0, completed.stderr
    return workspace


def show(workspace: Path, key: str) -> list[str]:
    completed = cli("show", key, cwd=workspace)
    assert completed.returncode == 0, completed.stderr
    assert "Traceback" not in completed.stderr
    return completed.stdout.splitlines()


def size_of(workspace: Path, key: str) -> int:
    return (workspace / ".assetlens" / "storage" / f"{key}.pkl").stat().st_size


def test_a_pandas_frame_shows_its_shape_columns_types_and_first_rows(frames: Path) -> None:
    lines = show(frames, "orders")
    assert lines[0].startswith("orders: pandas.DataFrame (") and lines[0].endswith(" stored, 30 rows × 4 columns)")
    assert lines[1].split() == ["id", "amount", "customer", "day"]
    dtypes = lines[2].split()
    assert dtypes[:2] == ["int64", "float64"] and dtypes[3].startswith("datetime64[")
    assert dtypes[2] == str(pandas.DataFrame({"s": ["a"]}).dtypes.iloc[0])  # "str" in pandas 3, "object" before
    assert set(lines[3]) <= {"-", " "}
    assert lines[4].split() == ["1", "0.0", "c0", "2024-01-01", "00:00:00"]  # a timestamp as pandas prints it
    assert lines[23].split() == ["20", "28.5", "c3", "2024-01-20", "00:00:00"]
    assert lines[24:] == ["… 10 more row(s) (30 in all)"]


def test_the_json_preview_has_the_table_as_the_language_server_gets_it(frames: Path) -> None:
    completed = cli("show", "orders", "--format", "json", cwd=frames)
    assert completed.returncode == 0, completed.stderr
    answer = json.loads(completed.stdout)
    assert answer == preview_value(frames, ("orders",))  # the server's showValue answers preview_value's dict
    assert answer["key"] == "orders" and answer["type"] == "pandas.DataFrame"
    assert answer["size"] == size_of(frames, "orders")
    assert answer["repr"].splitlines()[0].split() == ["id", "amount", "customer", "day"]
    table = answer["table"]
    assert table["columns"] == ["id", "amount", "customer", "day"]
    assert table["dtypes"][:2] == ["int64", "float64"] and table["dtypes"][3].startswith("datetime64[")
    assert (table["total_rows"], table["total_columns"], table["index_columns"]) == (30, 4, 0)
    assert len(table["rows"]) == 20
    assert table["rows"][:2] == [[1, 0.0, "c0", "2024-01-01 00:00:00"], [2, 1.5, "c1", "2024-01-02 00:00:00"]]


def test_a_group_by_result_shows_its_index_and_missing_values_read_as_in_pandas(frames: Path) -> None:
    lines = show(frames, "by_customer")
    assert lines[0].endswith("4 rows × 2 columns)")  # the frame's shape: the index is not a column
    assert lines[1].split() == ["customer", "total", "n"] and lines[2].split()[1:] == ["float64", "int64"]
    assert [line.split() for line in lines[4:]] == [["c0", "168.0", "8"], ["c1", "180.0", "8"], ["c2", "147.0", "7"], ["c3", "157.5", "7"]]
    table = preview_value(frames, ("by_customer",))["table"]
    assert table["index_columns"] == 1 and table["columns"][0] == "customer"
    gaps = preview_value(frames, ("gaps",))["table"]
    assert gaps["dtypes"] == ["float64", "Int64"]
    assert gaps["rows"] == [[1.0, 1], ["NaN", "<NA>"], ["inf", 3]]  # JSON has no NaN: pandas's words
    series = show(frames, "amounts")
    assert series[0].startswith("amounts: pandas.Series (") and series[0].endswith("30 rows × 1 column)")
    assert series[1:4] == ["amount", "float64", "-------"] and series[4:6] == ["0.0", "1.5"]


def test_a_wide_frame_says_how_many_columns_are_left_out(frames: Path) -> None:
    lines = show(frames, "wide")
    assert lines[0].endswith("2 rows × 60 columns)")
    assert lines[1].split() == [f"c{i}" for i in range(50)]
    assert lines[-1] == "… 10 more column(s) (60 in all)"
    table = preview_value(frames, ("wide",))["table"]
    assert len(table["columns"]) == 50 and table["total_columns"] == 60 and table["rows"][1][:3] == [1, 2, 3]


def test_a_pyarrow_table_shows_its_arrow_types(frames: Path) -> None:
    lines = show(frames, "order_table")
    assert lines[0].startswith(f"order_table: {pyarrow.Table.__module__}.Table (") and lines[0].endswith("30 rows × 4 columns)")
    assert lines[1].split() == ["id", "amount", "customer", "day"]
    arrow_types = lines[2].split()
    assert arrow_types[:2] == ["int64", "double"] and "string" in arrow_types[2] and arrow_types[3].startswith("timestamp[")
    assert lines[4].split() == ["1", "0.0", "c0", "2024-01-01", "00:00:00"]
    table = preview_value(frames, ("order_table",))["table"]
    assert (table["total_rows"], table["total_columns"], len(table["rows"])) == (30, 4, 20)
    assert table["rows"][29 - 10] == [20, 28.5, "c3", "2024-01-20 00:00:00"]


@pytest.mark.slow
def test_a_frame_stored_by_real_dagster_shows_the_same(tmp_path: Path) -> None:
    (tmp_path / "frames").mkdir()
    (tmp_path / "frames" / "__init__.py").write_text("")
    (tmp_path / "frames" / "assets.py").write_text(ASSETS)
    completed = cli("materialize", "orders", "--engine", "dagster", cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    dagster = cli("show", "orders", "--format", "json", cwd=tmp_path)
    assert dagster.returncode == 0, dagster.stderr
    table = json.loads(dagster.stdout)["table"]
    assert table["columns"] == ["id", "amount", "customer", "day"] and table["total_rows"] == 30
    assert table["rows"][0] == [1, 0.0, "c0", "2024-01-01 00:00:00"]
