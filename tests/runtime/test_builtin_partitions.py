"""Partitions in the builtin engine (issue 11): static and daily partitions run one `--partition KEY`
with Dagster's default mappings (identity, unpartitioned upstream, every partition as a dict for an
unpartitioned downstream), each partition stored in its own file; the values and context fields equal
`--engine dagster`'s and plain `dagster.materialize`'s. What the builtin engine does not run is refused
before the run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.runtime.conftest import copy_fixture, keys, plain_dagster, run_worker, stored_values

MODULES = ("partitions_builtin.assets",)
DEFS = "partitions_builtin.definitions"
# (selection, partition) in order; the last unpartitioned run reads every partition of sales
RUNS = [
    (("rates", "sales", "sales_doubled"), "eu"),
    (("sales", "sales_doubled"), "us"),
    (("visits", "visits_next"), "2024-01-02"),
    (("all_sales",), None),
]

PLAIN = """
import json, os, pickle, sys
sys.path.insert(0, os.getcwd())
import dagster as dg
from partitions_builtin.definitions import defs
io = dg.FilesystemIOManager(base_dir=sys.argv[2])
partitioned = {k.to_user_string() for a in defs.assets for k in a.keys if a.partitions_def is not None}
values = {}
for selection, partition in json.loads(sys.argv[1]):
    result = dg.materialize(list(defs.assets), selection=selection, partition_key=partition, resources={"io_manager": io})
    for key in selection:
        values[key + ("@" + partition if key in partitioned else "")] = repr(result.asset_value(key))
print(json.dumps(values))
"""


def _run(workspace: Path, engine: str, selection: tuple[str, ...], partition: str | None):
    return run_worker(workspace, MODULES, keys(*selection), engine=engine, definitions=DEFS, partition=partition)


@pytest.mark.slow
def test_partitions_run_like_dagster(tmp_path: Path) -> None:
    builtin = copy_fixture("partitions_builtin", tmp_path / "builtin")
    for selection, partition in RUNS:
        assert _run(builtin, "builtin", selection, partition).status == "success", (selection, partition)
    values = stored_values(builtin)
    assert values["sales/%00partition%3Deu.pkl"]["value"] == 20
    assert values["sales_doubled/%00partition%3Dus.pkl"] == ("us", 60)
    assert values["all_sales.pkl"] == {"eu": 20, "us": 30}
    assert values["visits/%00partition%3D2024-01-02.pkl"] == (
        "2024-01-02", "2024-01-02T00:00:00+00:00", "2024-01-03T00:00:00+00:00"
    )
    # --engine dagster stores the same files, recorded per partition so that later runs read them
    dagster = copy_fixture("partitions_builtin", tmp_path / "dagster")
    for selection, partition in RUNS:
        assert _run(dagster, "dagster", selection, partition).status == "success", (selection, partition)
    assert stored_values(dagster) == values
    # and each engine reads what the other stored
    assert _run(dagster, "builtin", *RUNS[-1]).status == "success"
    assert _run(builtin, "dagster", *RUNS[-1]).status == "success"
    assert stored_values(dagster) == stored_values(builtin) == values
    # plain dagster.materialize with a filesystem IO manager across the same runs
    plain = plain_dagster(["-c", PLAIN, json.dumps([[list(s), p] for s, p in RUNS]), str(tmp_path / "plain_io")], copy_fixture("partitions_builtin", tmp_path / "plain"))
    ours = {}
    for name, value in values.items():
        key, _, rest = name.removesuffix(".pkl").partition("/%00partition%3D")
        ours[key + ("@" + rest if rest else "")] = repr(value)
    assert {k: v for k, v in ours.items() if k in plain} == plain
    assert set(plain) <= set(ours)


@pytest.mark.parametrize(
    ("selection", "partition", "message"),
    [
        (("sales",), None, "sales is partitioned: choose a partition with --partition KEY"),
        (("sales",), "asia", "Could not find a partition with key `asia`."),
        (("sales", "visits"), "eu", "different partitions definitions"),
        (("rates",), "eu", "none of the selected assets is partitioned"),
        (("sales",), "eu...us", "BackfillPolicy.single_run()"),
    ],
)
def test_what_the_builtin_engine_cannot_run_is_refused_before_the_run(
    tmp_path: Path, selection: tuple[str, ...], partition: str | None, message: str
) -> None:
    workspace = copy_fixture("partitions_builtin", tmp_path)
    outcome = _run(workspace, "builtin", selection, partition)
    assert outcome.status != "success"
    assert message in (outcome.error or ""), outcome.error
    assert not (workspace / ".assetlens" / "storage").exists() or not stored_values(workspace)


def _granularity_cases(dg, materialize):
    """Hourly into daily (24 partitions as a dict), daily into hourly (the one containing day), and a
    one-partition upstream of an unpartitioned asset (the value itself, as Dagster's IO manager loads it)."""
    hours = dg.HourlyPartitionsDefinition(start_date="2024-01-01-00:00", end_date="2024-01-03-00:00")
    days = dg.DailyPartitionsDefinition(start_date="2024-01-01", end_date="2024-01-03")
    one = dg.StaticPartitionsDefinition(["only"])

    @dg.asset(partitions_def=hours)
    def hourly(context):
        return context.partition_key

    @dg.asset(partitions_def=days)
    def daily(context, hourly):
        return sorted(hourly.items())[:2], len(hourly), tuple(context.partition_time_window)

    @dg.asset(partitions_def=hours)
    def hourly_after(daily):
        return daily[1]

    @dg.asset(partitions_def=one)
    def single():
        return 5

    @dg.asset
    def whole_single(single):
        return single

    assets = [hourly, daily, hourly_after, single, whole_single]
    for hour in range(24):
        materialize(assets, [hourly], f"2024-01-02-{hour:02d}:00")
    materialize(assets, [single], "only")
    return (
        materialize(assets, [daily], "2024-01-02").asset_value("daily"),
        materialize(assets, [hourly_after], "2024-01-02-05:00").asset_value("hourly_after"),
        materialize(assets, [whole_single], None).asset_value("whole_single"),
    )


def test_time_windows_of_different_granularity_map_as_dagster_maps_them(tmp_path: Path) -> None:
    import dagster as real

    from assetlens.runtime import dagster_api as builtin
    from assetlens.runtime import in_process
    from assetlens.runtime.value_store import MemoryStore

    io = {"io_manager": real.FilesystemIOManager(base_dir=str(tmp_path))}
    expected = _granularity_cases(
        real, lambda assets, sel, pk: real.materialize(assets, selection=sel, partition_key=pk, resources=io)
    )
    store = MemoryStore(pickled=True)  # kept across the runs, as the filesystem store is
    ours = _granularity_cases(
        builtin, lambda assets, sel, pk: in_process._materialize(assets, None, None, {}, pk, True, None, sel, store)  # noqa: SLF001
    )
    assert ours == expected
    assert ours[0][1] == 24 and ours[1] == 24 and ours[2] == 5
