"""The status lens's words for a partitioned asset (server/run_status.py), over the runtime's
`PartitionsStatus`."""
from __future__ import annotations

from assetlens.runtime.staleness import PartitionsStatus, StaleReason
from assetlens.server.run_status import partitions_title

REASON = (StaleReason("upstream_newer", "upstream sales partition eu has a new data version"),)


def status(keys: tuple[str, ...] | None, materialized: list[str], stale: list[str] = ()) -> PartitionsStatus:
    return PartitionsStatus(keys, {key: object() for key in materialized}, {key: REASON for key in stale})  # type: ignore[misc]


def test_words_for_stale_missing_complete_and_unlistable_partitions() -> None:
    regions = ("eu", "us", "asia", "af", "oc")
    assert partitions_title(status(regions, ["eu", "us", "asia", "af", "oc"], ["eu", "us", "asia"])) == "3 of 5 partitions stale"
    assert partitions_title(status(regions, ["eu", "us"], ["eu"])) == "1 of 5 partitions stale · 3 missing"
    assert partitions_title(status(regions, ["eu", "us"])) == "2 of 5 partitions · 3 missing"
    assert partitions_title(status(regions, list(regions))) == "all 5 partitions"
    assert partitions_title(status(("only",), ["only"])) == "its 1 partition"
    # a kind whose partitions cannot be listed (dynamic, run with --engine dagster): only what was materialized
    assert partitions_title(status(None, ["a", "b", "c"])) == "3 partitions"
    assert partitions_title(status(None, ["a", "b"], ["a"])) == "1 of 2 materialized partitions stale"
