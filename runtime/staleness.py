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
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from assetlens.runtime.data_versions import versions_differ
from assetlens.runtime.run_store import MaterializationRecord, RunStore

Key = tuple[str, ...]
NEVER, CODE_VERSION, CODE_CHANGED, UPSTREAM, DEPENDENCIES = (
    "never_materialized",
    "code_version_changed",
    "code_changed",
    "upstream_newer",
    "dependencies_changed",
)


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
class Staleness:
    key: Key
    status: str  # never | fresh | stale | failed (the last attempt failed or was canceled)
    reasons: tuple[StaleReason, ...]
    last: MaterializationRecord | None  # last successful materialization
    last_attempt: MaterializationRecord | None  # last outcome of any kind

    @property
    def stale(self) -> bool:
        return bool(self.reasons)

    def to_protocol(self) -> dict[str, Any]:
        """The `assetlens.server.status` entry of docs/protocol.md."""
        last = self.last
        return {
            "key": list(self.key),
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


def _reasons(
    asset: AssetState, last: MaterializationRecord | None, latest: Mapping[Key, MaterializationRecord]
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
        reasons.extend(_provenance_reasons(upstream, last.input_versions, latest))
        return reasons
    for upstream_key in upstream:
        record = latest.get(upstream_key)
        if record is not None and record.run_id != last.run_id and record.end_time > last.start_time:
            reasons.append(
                StaleReason(UPSTREAM, f"upstream {'/'.join(upstream_key)} materialized after it", upstream_key)
            )
    return reasons


def _provenance_reasons(
    upstream: list[Key], recorded: Mapping[Key, str], latest: Mapping[Key, MaterializationRecord]
) -> list[StaleReason]:
    reasons = []
    for key in sorted(set(recorded) - set(upstream)):
        reasons.append(StaleReason(DEPENDENCIES, f"removed dependency on {'/'.join(key)}", key))
    for key in sorted(upstream):
        if key not in recorded:
            reasons.append(StaleReason(DEPENDENCIES, f"new dependency on {'/'.join(key)}", key))
            continue
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
) -> dict[Key, Staleness]:
    """Staleness of every asset given its last successful (and, optionally, last) materialization."""
    attempts = latest_attempt or {}
    result = {}
    for asset in assets:
        key = tuple(asset.key)
        last = latest_success.get(key)
        attempt = attempts.get(key, last)
        reasons = tuple(_reasons(asset, last, latest_success))
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
        result[key] = Staleness(key, status, reasons, last, attempt)
    return result


def assess_from_store(assets: Sequence[AssetState], store: RunStore) -> dict[Key, Staleness]:
    """The same, reading the last materializations from a run store."""
    return assess_staleness(assets, store.latest(status="success"), store.latest(status=None))
