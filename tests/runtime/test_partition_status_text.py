"""`assetlens status` for an asset with many partitions stays short (counts, then the first few stale and
missing keys); the per-partition assessment reads only what the run store recorded, and a malformed record
(a store that came with the repository) does not break it."""

from __future__ import annotations

from assetlens.cli.status_command import _partitions_text
from assetlens.runtime.run_store import MaterializationRecord
from assetlens.runtime.staleness import AssetState, assess_staleness

DAILY = {"kind": "time", "unit": "daily", "fmt": "%Y-%m-%d", "start": "2024-01-01T00:00:00+00:00", "end": "2025-01-01T00:00:00+00:00"}


def _record(key: str, partition: str, time: float, version: str, inputs: dict | None = None, description: object = DAILY) -> MaterializationRecord:
    return MaterializationRecord(
        run_id=f"run-{time}",
        key=(key,),
        status="success",
        start_time=time,
        end_time=time + 0.5,
        code_version=None,
        fingerprint=None,
        data_version="d",
        metadata={
            "dagster/partition": {"type": "text", "value": partition},
            "assetlens/partitions": {"type": "json", "value": description},
        },
        error=None,
        logical_version=version,
        input_versions=inputs,
    )


def test_many_daily_partitions_are_summarised() -> None:
    days = [f"2024-01-{day:02d}" for day in range(1, 31)] + [f"2024-02-{day:02d}" for day in range(1, 30)]
    upstream = [_record("visits", day, index, f"v{index}") for index, day in enumerate(days)]
    downstream = [_record("summary", day, 100 + index, f"s{index}", {("visits",): "x"}) for index, day in enumerate(days)]
    changed = [_record("visits", day, 200 + index, f"new{index}") for index, day in enumerate(days[:8])]
    history = {("visits",): upstream + changed, ("summary",): downstream}
    latest = {("visits",): changed[-1], ("summary",): downstream[-1]}
    result = assess_staleness(
        [AssetState(("visits",)), AssetState(("summary",), upstream=(("visits",),))], latest, latest, history
    )
    summary = result[("summary",)]
    assert summary.status == "stale" and summary.partitions is not None
    assert summary.partitions.ordered(summary.partitions.stale) == days[:8]
    assert len(summary.partitions.missing or []) == 366 - len(days)
    text = _partitions_text(summary.partitions)
    assert text.splitlines()[1].strip() == "partitions: 59 of 366 materialized, 8 stale, 307 missing"
    assert "stale 2024-01-01: upstream visits partition 2024-01-01 has a new materialization" in text
    assert "... and 3 more stale (--format json lists them all)" in text
    assert "missing: 2024-01-31, 2024-03-01, 2024-03-02, 2024-03-03, 2024-03-04 (and 302 more)" in text
    assert len(text.splitlines()) <= 9
    assert result[("visits",)].status == "fresh"


def test_a_malformed_partitions_record_lists_only_what_was_materialized() -> None:
    records = [_record("odd", "a", 1, "v1", description="not a mapping"), _record("odd", "b", 2, "v2", description={"kind": "static", "keys": 5})]
    result = assess_staleness([AssetState(("odd",))], {("odd",): records[-1]}, None, {("odd",): records})
    partitions = result[("odd",)].partitions
    assert partitions is not None and partitions.keys is None and partitions.materialized == ["a", "b"]
    assert "cannot be listed" in _partitions_text(partitions)


def test_without_partition_history_partitioned_upstreams_are_not_called_stale() -> None:
    """A caller that passes no partition history (the language server's staleness) gets no false "upstream
    has a new data version" for a partitioned upstream, whose data versions are per partition."""
    upstream = _record("visits", "2024-01-02", 1, "v1")
    downstream = _record("summary", "2024-01-02", 2, "s1", {("visits",): "hash-of-the-partitions-read"})
    latest = {("visits",): upstream, ("summary",): downstream}
    result = assess_staleness([AssetState(("summary",), upstream=(("visits",),))], latest, latest)
    assert result[("summary",)].status == "fresh" and result[("summary",)].partitions is None
