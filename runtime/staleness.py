"""Whether each asset is stale, the way Dagster's UI tells it, from plain data: the caller (CLI, language
server) passes every asset's current code version, computation fingerprint and upstream keys; the run
store supplies the last materializations. Nothing here knows about the analyzer.

Rules, against the asset's last successful materialization, as Dagster's stale-status resolver decides:
  * never materialized;
  * it has a code version, and it differs from the recorded one (an asset without one is never stale
    for its code: Dagster gives each of its materializations a new data version instead);
  * it has a code version and its computation fingerprint changed while the version did not (assetlens's
    own rule, AL004: the code changed without a version bump);
  * data provenance (recorded with every materialization since schema 2): an upstream asset's current
    data version differs from the one it was computed from (an upstream re-materialized with an
    unchanged data version does not count), a dependency was added or removed;
  * without provenance (older records): an upstream asset was materialized after it, in another run.

A partitioned asset (its materializations recorded with `dagster/partition`) is assessed per partition,
as Dagster's resolver does for each partition key: a partition never materialized is missing; one
materialized is stale by the rules above, where an upstream partition it depends on (Dagster's default
mapping: the same partition, overlapping time windows, every partition of a static upstream for an
unpartitioned asset; fewer than 100) is stale-making when it was re-materialized after it with another
data version. The partitions an asset has now come from the definition recorded with its latest run.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from assetlens.runtime.data_versions import versions_differ
from assetlens.runtime.partitions import (
    PARTITION_METADATA,
    PARTITIONS_METADATA,
    SKIP_DEPENDENCY_THRESHOLD,
    TimeWindowPartitionsDefinition,
    default_mapping,
    partitions_from_description,
)
from assetlens.runtime.run_store import MaterializationRecord, RunStore

Key = tuple[str, ...]
NEVER, CODE_VERSION, CODE_CHANGED, UPSTREAM, DEPENDENCIES = (
    "never_materialized",
    "code_version_changed",
    "code_changed",
    "upstream_newer",
    "dependencies_changed",
)
PARTITIONS = "partitions_stale"  # a partitioned asset: some of its materialized partitions are stale


@dataclass(frozen=True)
class AssetState:
    """An asset as it is now (from the caller's analysis)."""

    key: Key
    code_version: str | None = None
    fingerprint: str | None = None
    upstream: tuple[Key, ...] = ()


@dataclass(frozen=True)
class StaleReason:
    code: str
    message: str
    upstream: Key | None = None


@dataclass(frozen=True)
class PartitionsStatus:
    """Per partition of a partitioned asset: which are materialized, stale (with why), missing."""

    keys: tuple[str, ...] | None  # every partition its definition has now (None: a kind assetlens cannot list)
    latest: Mapping[str, MaterializationRecord]  # each materialized partition's latest success
    stale: Mapping[str, tuple[StaleReason, ...]]
    kind: str = "static"  # static | time | the Dagster class name of another kind

    @property
    def materialized(self) -> list[str]:
        return self.ordered(self.latest)

    @property
    def fresh(self) -> list[str]:
        return [key for key in self.materialized if key not in self.stale]

    @property
    def missing(self) -> list[str] | None:
        return None if self.keys is None else [key for key in self.keys if key not in self.latest]

    def ordered(self, keys: Iterable[str]) -> list[str]:
        order = {key: index for index, key in enumerate(self.keys or ())}
        return sorted(keys, key=lambda key: (order.get(key, len(order)), key))

    def to_protocol(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "total": None if self.keys is None else len(self.keys),
            "materialized": self.materialized,
            "fresh": self.fresh,
            "stale": {key: [reason.message for reason in self.stale[key]] for key in self.ordered(self.stale)},
            "missing": self.missing,
        }


@dataclass(frozen=True)
class Staleness:
    key: Key
    status: str  # never | fresh | stale | failed (the last attempt failed or was canceled)
    reasons: tuple[StaleReason, ...]
    last: MaterializationRecord | None  # last successful materialization
    last_attempt: MaterializationRecord | None  # last outcome of any kind
    partitions: PartitionsStatus | None = None  # a partitioned asset's partitions

    @property
    def stale(self) -> bool:
        return bool(self.reasons)

    def to_protocol(self) -> dict[str, Any]:
        """The `assetlens.server.status` entry of docs/protocol.md."""
        last = self.last
        return {
            "key": list(self.key),
            **({"partitions": self.partitions.to_protocol()} if self.partitions is not None else {}),
            "stale": self.stale,
            "reasons": [reason.message for reason in self.reasons],
            "lastMaterialization": None
            if last is None
            else {
                "runId": last.run_id,
                "endTime": iso_time(last.end_time),
                "codeVersion": last.code_version,
                "status": last.status,
            },
        }


def iso_time(timestamp: float) -> str:
    return datetime.datetime.fromtimestamp(timestamp, tz=datetime.timezone.utc).isoformat()


class _PartitionHistory:
    """The run store's successful materializations of single partitions, per key (oldest first)."""

    def __init__(self, history: Mapping[Key, Sequence[MaterializationRecord]] | None) -> None:
        self.history = {tuple(key): list(records) for key, records in (history or {}).items() if records}
        self._by_partition: dict[tuple[Key, str], list[MaterializationRecord]] = {}
        self._latest: dict[Key, dict[str, MaterializationRecord]] = {}
        self._definitions: dict[Key, Any] = {}
        self.unknown: set[Key] = set()  # partitioned (by their latest record) with no history given: not compared
        for key, records in self.history.items():
            for record in records:
                self._latest.setdefault(key, {})[_partition_of(record)] = record
                self._by_partition.setdefault((key, _partition_of(record)), []).append(record)

    def is_partitioned(self, key: Key) -> bool:
        return key in self.history or key in self.unknown

    def has_history(self, key: Key) -> bool:
        return key in self.history

    def description(self, key: Key) -> Any:
        recorded = self.history[key][-1].metadata.get(PARTITIONS_METADATA) if key in self.history else None
        return recorded.get("value") if isinstance(recorded, dict) else None

    def definition(self, key: Key) -> Any:
        if key not in self._definitions:
            self._definitions[key] = partitions_from_description(self.description(key))
        return self._definitions[key]

    def latest(self, key: Key) -> dict[str, MaterializationRecord]:
        return self._latest.get(key, {})

    def at(self, key: Key, partition: str, moment: float) -> MaterializationRecord | None:
        """The partition's latest materialization that ended by `moment` (what a step starting then read)."""
        found = None
        for record in self._by_partition.get((key, partition), ()):
            if record.end_time <= moment:
                found = record
        return found


def _partition_of(record: MaterializationRecord) -> str:
    return str(record.metadata[PARTITION_METADATA].get("value"))


def _reasons(
    asset: AssetState,
    last: MaterializationRecord | None,
    latest: Mapping[Key, MaterializationRecord],
    partitions: _PartitionHistory,
    partition: str | None = None,
) -> list[StaleReason]:
    if last is None:
        return [StaleReason(NEVER, "never materialized")]
    reasons = []
    if asset.code_version and asset.code_version != last.code_version:
        reasons.append(
            StaleReason(
                CODE_VERSION, f"code version changed ({_show(last.code_version)} → {_show(asset.code_version)})"
            )
        )
    elif (
        asset.code_version
        and asset.fingerprint is not None
        and last.fingerprint is not None
        and asset.fingerprint != last.fingerprint
    ):
        reasons.append(
            StaleReason(CODE_CHANGED, "code changed since the last materialization (code_version not bumped)")
        )
    upstream = [tuple(key) for key in asset.upstream]
    if last.input_versions is not None:
        reasons.extend(_provenance_reasons(upstream, last.input_versions, latest, partitions))
        for key in sorted(upstream):
            if key in last.input_versions and partitions.is_partitioned(key):
                reasons.extend(_partition_dep_reasons(tuple(asset.key), partition, key, last, latest, partitions))
        return reasons
    for upstream_key in upstream:
        record = latest.get(upstream_key)
        if record is not None and record.run_id != last.run_id and record.end_time > last.start_time:
            reasons.append(
                StaleReason(UPSTREAM, f"upstream {'/'.join(upstream_key)} materialized after it", upstream_key)
            )
    return reasons


def _partition_dep_reasons(
    key: Key,
    partition: str | None,
    dep: Key,
    last: MaterializationRecord,
    latest: Mapping[Key, MaterializationRecord],
    partitions: _PartitionHistory,
) -> list[StaleReason]:
    """A partitioned upstream, as Dagster's resolver checks it: each upstream partition this (partition of
    the) asset depends on that was materialized after it with a data version other than the one it read."""
    upstream_def = partitions.definition(dep)
    downstream_def = partitions.definition(key) if partition is not None else None
    if partition is None and isinstance(upstream_def, TimeWindowPartitionsDefinition):
        return []  # Dagster's AllPartitionMapping from a time-window upstream: not checked
    mapped = default_mapping(upstream_def, downstream_def, partition) if upstream_def is not None else None
    if mapped is None or len(mapped) >= SKIP_DEPENDENCY_THRESHOLD:
        return []  # a mapping assetlens does not know, or as many partitions as Dagster skips
    news = "a new data version" if latest.get(dep) is not None and latest[dep].code_version else "a new materialization"
    reasons = []
    for upstream_partition in mapped:
        current = partitions.latest(dep).get(upstream_partition)
        if current is None or current.end_time <= last.start_time:
            continue
        read = partitions.at(dep, upstream_partition, last.start_time)
        if (read.logical_version if read is not None else None) != current.logical_version:
            reasons.append(
                StaleReason(UPSTREAM, f"upstream {'/'.join(dep)} partition {upstream_partition} has {news}", dep)
            )
    return reasons


def _provenance_reasons(
    upstream: list[Key],
    recorded: Mapping[Key, str],
    latest: Mapping[Key, MaterializationRecord],
    partitions: _PartitionHistory | None = None,
) -> list[StaleReason]:
    reasons = []
    for key in sorted(set(recorded) - set(upstream)):
        reasons.append(StaleReason(DEPENDENCIES, f"removed dependency on {'/'.join(key)}", key))
    for key in sorted(upstream):
        if key not in recorded:
            reasons.append(StaleReason(DEPENDENCIES, f"new dependency on {'/'.join(key)}", key))
            continue
        if partitions is not None and partitions.is_partitioned(key):
            continue  # checked partition by partition
        record = latest.get(key)
        if versions_differ(recorded[key], record.logical_version if record is not None else None):
            news = "a new data version" if record is not None and record.code_version else "a new materialization"
            reasons.append(StaleReason(UPSTREAM, f"upstream {'/'.join(key)} has {news}", key))
    return reasons


def _show(code_version: str | None) -> str:
    return "none" if code_version is None else repr(code_version)


def assess_staleness(
    assets: Iterable[AssetState],
    latest_success: Mapping[Key, MaterializationRecord],
    latest_attempt: Mapping[Key, MaterializationRecord] | None = None,
    partition_history: Mapping[Key, Sequence[MaterializationRecord]] | None = None,
) -> dict[Key, Staleness]:
    """Staleness of every asset given its last successful (and, optionally, last) materialization, and for
    partitioned assets each partition's (`RunStore.partition_history()`)."""
    attempts = latest_attempt or {}
    partitions = _PartitionHistory(partition_history)
    if partition_history is None:  # a caller that passes no partition history: partitioned upstreams are not
        partitions.unknown = {  # compared (their data versions are per partition), rather than called stale
            key for key, record in latest_success.items() if isinstance(record.metadata.get(PARTITION_METADATA), dict)
        }
    result = {}
    for asset in assets:
        key = tuple(asset.key)
        last = latest_success.get(key)
        attempt = attempts.get(key, last)
        by_partition = _assess_partitions(asset, latest_success, partitions) if partitions.has_history(key) else None
        if by_partition is not None:
            reasons: tuple[StaleReason, ...] = ()
            if by_partition.stale:
                stale = by_partition.ordered(by_partition.stale)
                reasons = (
                    StaleReason(PARTITIONS, f"{len(stale)} stale partition{'s' if len(stale) != 1 else ''}: {_few(stale)}"),
                )
        else:
            reasons = tuple(_reasons(asset, last, latest_success, partitions))
        if (
            attempt is not None
            and attempt.status in ("failure", "canceled")
            and (last is None or attempt.end_time >= last.end_time)
        ):
            status = "failed"
        elif last is None:
            status = "never"
        else:
            status = "stale" if reasons else "fresh"
        result[key] = Staleness(key, status, reasons, last, attempt, by_partition)
    return result


def _few(keys: Sequence[str], count: int = 5) -> str:
    return ", ".join(keys[:count]) + (f" (and {len(keys) - count} more)" if len(keys) > count else "")


def _assess_partitions(
    asset: AssetState, latest_success: Mapping[Key, MaterializationRecord], partitions: _PartitionHistory
) -> PartitionsStatus:
    key = tuple(asset.key)
    definition = partitions.definition(key)
    description = partitions.description(key)
    keys = tuple(definition.get_partition_keys()) if definition is not None else None
    latest = partitions.latest(key)
    stale = {}
    for partition, record in latest.items():
        reasons = _reasons(asset, record, latest_success, partitions, partition)
        if reasons:
            stale[partition] = tuple(reasons)
    kind = str(description.get("kind")) if isinstance(description, dict) else "unknown"
    return PartitionsStatus(keys, latest, stale, kind)


def assess_from_store(assets: Sequence[AssetState], store: RunStore) -> dict[Key, Staleness]:
    """The same, reading the last materializations from a run store."""
    return assess_staleness(
        assets, store.latest(status="success"), store.latest(status=None), store.partition_history()
    )
