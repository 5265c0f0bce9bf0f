"""Dagster's data versions, computed as Dagster computes them: an asset's logical data version is the
SHA-256 of its code version (the run id when it has none, so every run of such an asset gives a new
version) followed by its inputs' data versions, sorted by key; an input never materialized counts as
`INITIAL`. Staleness compares the input versions recorded with a materialization to the current ones."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

INITIAL = "INITIAL"  # Dagster's DEFAULT_DATA_VERSION: an input with no recorded version
NULL = "NULL"  # Dagster's NULL_DATA_VERSION: a materializable asset never materialized

Key = tuple[str, ...]


def _sort_name(key: Sequence[str]) -> str:
    return f"AssetKey({list(key)!r})"  # str(dagster.AssetKey(...)), Dagster's sort order


def logical_data_version(code_version: str, input_versions: Mapping[Key, str]) -> str:
    ordered = [input_versions[key] for key in sorted(input_versions, key=_sort_name)]
    return hashlib.sha256("".join((code_version, *ordered)).encode("utf-8")).hexdigest()


def versions_differ(recorded: str | None, current: str | None) -> bool:
    """As Dagster's stale-status resolver: no version, INITIAL and NULL all mean "never changed"."""
    unchanged = (None, INITIAL, NULL)
    if recorded in unchanged and current in unchanged:
        return False
    return recorded != current
