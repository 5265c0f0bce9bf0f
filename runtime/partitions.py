"""Partitions the builtin engine runs: `StaticPartitionsDefinition` and the time-window definitions
(`Daily`/`Hourly`/`Weekly`/`MonthlyPartitionsDefinition`, `TimeWindowPartitionsDefinition` with one of
their cron schedules) in UTC without offsets; their keys, windows and `PartitionKeyRange`, as Dagster
computes them. Anything else is refused (`--engine dagster` runs it)."""

from __future__ import annotations

import calendar
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta, timezone
from typing import Any, NamedTuple

from assetlens.runtime.errors import DagsterError, DagsterInvalidDefinitionError, UnsupportedByBuiltinEngine

PARTITION_PART = "\x00partition="  # a key part no asset key has: where one partition's value is stored (as --engine dagster)


class DagsterUnknownPartitionError(DagsterError):
    """A partition key that the partitions definition does not have."""


class PartitionKeyRange(NamedTuple):
    start: str
    end: str


class TimeWindow(NamedTuple):
    start: datetime
    end: datetime


def storage_key(parts: tuple[str, ...], partition: str | None) -> tuple[str, ...]:
    """Where a partition's value lives in the store (the asset's own key when it is not partitioned)."""
    return parts if partition is None else (*parts, PARTITION_PART + partition)


class PartitionsDefinition:
    """Base of the partitions definitions the builtin engine runs."""

    def get_partition_keys(self, current_time: datetime | None = None, dynamic_partitions_store: Any = None) -> list[str]:
        raise NotImplementedError

    def has_partition_key(self, partition_key: str, current_time: datetime | None = None) -> bool:
        return partition_key in self.get_partition_keys(current_time)

    def validate_partition_key(self, partition_key: str) -> None:
        if not self.has_partition_key(partition_key):
            raise DagsterUnknownPartitionError(f"Could not find a partition with key `{partition_key}`.")


class StaticPartitionsDefinition(PartitionsDefinition):
    """A fixed list of partition keys."""

    def __init__(self, partition_keys: Sequence[str]) -> None:
        keys = list(partition_keys)
        if any(not isinstance(key, str) for key in keys):
            raise DagsterInvalidDefinitionError("Partition keys must be strings")
        if len(set(keys)) != len(keys):
            duplicates = sorted({key for key in keys if keys.count(key) > 1})
            raise DagsterInvalidDefinitionError(f"Duplicate instances of partition keys: {duplicates}")
        self._keys = keys

    def get_partition_keys(self, current_time: datetime | None = None, dynamic_partitions_store: Any = None) -> list[str]:
        return list(self._keys)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, StaticPartitionsDefinition) and other._keys == self._keys

    def __hash__(self) -> int:
        return hash(tuple(self._keys))

    def __repr__(self) -> str:
        return f"StaticPartitionsDefinition({self._keys!r})"


_CRONS = {"0 * * * *": "hourly", "0 0 * * *": "daily", "0 0 * * 0": "weekly", "0 0 1 * *": "monthly"}
_DEFAULT_FMT = {"hourly": "%Y-%m-%d-%H:%M", "daily": "%Y-%m-%d", "weekly": "%Y-%m-%d", "monthly": "%Y-%m-%d"}


def _next(moment: datetime, unit: str) -> datetime:
    if unit == "hourly":
        return moment + timedelta(hours=1)
    if unit == "daily":
        return moment + timedelta(days=1)
    if unit == "weekly":
        return moment + timedelta(days=7)
    days = calendar.monthrange(moment.year, moment.month)[1]
    return moment + timedelta(days=days)


def _aligned(moment: datetime, unit: str) -> bool:
    if moment.minute or moment.second or moment.microsecond:
        return False
    if unit == "hourly":
        return True
    if moment.hour:
        return False
    if unit == "weekly":
        return moment.isoweekday() == 7  # Sunday, Dagster's default day_offset=0
    if unit == "monthly":
        return moment.day == 1
    return True


def _round_up(moment: datetime, unit: str) -> datetime:
    """The first partition boundary at or after `moment`."""
    candidate = moment.replace(minute=0, second=0, microsecond=0)
    if candidate < moment:
        candidate += timedelta(hours=1)
    while not _aligned(candidate, unit):
        candidate += timedelta(hours=1)
    return candidate


class TimeWindowPartitionsDefinition(PartitionsDefinition):
    """Time windows on an hourly, daily, weekly (Sunday) or monthly (1st) schedule, in UTC."""

    def __init__(
        self,
        start: Any = None,
        fmt: str | None = None,
        end: Any = None,
        schedule_type: Any = None,
        timezone: str | None = None,
        end_offset: int = 0,
        minute_offset: int | None = None,
        hour_offset: int | None = None,
        day_offset: int | None = None,
        cron_schedule: str | None = None,
        exclusions: Any = None,
    ) -> None:
        if schedule_type is not None or exclusions:
            raise UnsupportedByBuiltinEngine("TimeWindowPartitionsDefinition(schedule_type/exclusions=...)", "partitions")
        unit = _CRONS.get(" ".join((cron_schedule or "").split()))
        if unit is None:
            raise UnsupportedByBuiltinEngine(
                f"a time-window partitions definition with cron schedule {cron_schedule!r}",
                "only hourly, daily, weekly (Sunday) and monthly (1st) windows",
            )
        self._init(unit, start, end, fmt, timezone, end_offset, (minute_offset, hour_offset, day_offset))

    def _init(
        self, unit: str, start: Any, end: Any, fmt: str | None, tz: str | None, end_offset: int, offsets: tuple
    ) -> None:
        if tz not in (None, "UTC", "Etc/UTC"):
            raise UnsupportedByBuiltinEngine(f"partitions in timezone {tz!r}", "only UTC time windows")
        if end_offset:
            raise UnsupportedByBuiltinEngine("a time-window partitions definition with end_offset", "partitions")
        if any(offset for offset in offsets):
            raise UnsupportedByBuiltinEngine("minute/hour/day offsets on time-window partitions", "partitions")
        if start is None:
            raise DagsterInvalidDefinitionError("A time-window partitions definition needs a start date")
        self.unit = unit
        self.fmt = fmt or _DEFAULT_FMT[unit]
        self.timezone = "UTC"
        self.start = self._parse_date(start)
        self.end = self._parse_date(end) if end is not None else None
        self.cron_schedule = next(cron for cron, name in _CRONS.items() if name == unit)

    def _parse_date(self, value: Any) -> datetime:
        if isinstance(value, datetime):
            return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)
        for fmt in (self.fmt, "%Y-%m-%d", "%Y-%m-%d-%H:%M"):
            try:
                return datetime.strptime(str(value), fmt).replace(tzinfo=timezone.utc)
            except ValueError:
                continue
        return datetime.fromisoformat(str(value)).astimezone(timezone.utc)

    def _windows(self, current_time: datetime | None) -> list[TimeWindow]:
        now = current_time or datetime.now(timezone.utc)
        limit = min(now, self.end) if self.end is not None else now
        windows = []
        start = _round_up(self.start, self.unit)
        while True:
            end = _next(start, self.unit)
            if end > limit:
                return windows
            windows.append(TimeWindow(start, end))
            start = end

    def get_partition_keys(self, current_time: datetime | None = None, dynamic_partitions_store: Any = None) -> list[str]:
        return [window.start.strftime(self.fmt) for window in self._windows(current_time)]

    def time_window_for_partition_key(self, partition_key: str) -> TimeWindow:
        start = datetime.strptime(partition_key, self.fmt).replace(tzinfo=timezone.utc)
        return TimeWindow(start, _next(start, self.unit))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TimeWindowPartitionsDefinition) and (
            (other.unit, other.fmt, other.start, other.end) == (self.unit, self.fmt, self.start, self.end)
        )

    def __hash__(self) -> int:
        return hash((self.unit, self.fmt, self.start, self.end))

    def __repr__(self) -> str:
        return f"{self.unit.capitalize()}PartitionsDefinition(start={self.start.strftime(self.fmt)!r})"


def _window_class(unit: str) -> type[TimeWindowPartitionsDefinition]:
    def __init__(
        self: TimeWindowPartitionsDefinition,
        start_date: Any,
        end_date: Any = None,
        minute_offset: int = 0,
        hour_offset: int = 0,
        day_offset: int = 0,
        timezone: str | None = None,
        fmt: str | None = None,
        end_offset: int = 0,
        exclusions: Any = None,
        **_ignored: Any,
    ) -> None:
        if exclusions:
            raise UnsupportedByBuiltinEngine("time-window partitions with exclusions", "partitions")
        self._init(unit, start_date, end_date, fmt, timezone, end_offset, (minute_offset, hour_offset, day_offset))

    name = f"{unit.capitalize()}PartitionsDefinition"
    return type(name, (TimeWindowPartitionsDefinition,), {"__init__": __init__, "__doc__": f"Dagster's `{name}`."})


HourlyPartitionsDefinition = _window_class("hourly")
DailyPartitionsDefinition = _window_class("daily")
WeeklyPartitionsDefinition = _window_class("weekly")
MonthlyPartitionsDefinition = _window_class("monthly")


PARTITION_METADATA = "dagster/partition"  # how a partition's materialization is recorded in the run store


def expected_versions(store: Any) -> Callable[[tuple[str, ...]], str | None]:
    """The data version a stored value must hash to: the asset's latest successful materialization, or for
    one partition's file, the latest that recorded that partition."""
    latest = store.stored_versions()

    def expected(key: tuple[str, ...]) -> str | None:
        if not key or not key[-1].startswith(PARTITION_PART):
            return latest.get(key)
        partition = key[-1][len(PARTITION_PART) :]
        for record in store.history(key[:-1], limit=1_000_000):
            recorded = record.metadata.get(PARTITION_METADATA)
            if record.status == "success" and isinstance(recorded, dict) and recorded.get("value") == partition:
                return record.data_version
        return None

    return expected


def few_keys(keys: Sequence[str]) -> str:
    """A few keys, the first and the last of a long list."""
    if len(keys) <= 6:
        return ", ".join(keys)
    return f"{', '.join(keys[:3])}, ..., {', '.join(keys[-2:])}"


def unknown_partition_refusal(message: str, partition_key: str, assets: Sequence[Any], selection: set[tuple[str, ...]]) -> Any:
    """Dagster's `DagsterUnknownPartitionError` message for `--partition KEY`, with the partitions the
    selected assets have and how to pick one, as the `RunRefused` the worker reports. `assets` are either
    engine's definitions (`.keys`, `.partitions_def`)."""
    from assetlens.runtime.errors import RunRefused

    names: list[str] = []
    keys: list[str] | None = None
    for item in assets:
        partitions_def = getattr(item, "partitions_def", None)
        selected = [key for key in getattr(item, "keys", ()) if tuple(key.path) in selection]
        if partitions_def is None or not selected:
            continue
        names.extend("/".join(key.path) for key in selected)
        if keys is None:
            try:
                keys = list(partitions_def.get_partition_keys())
            except Exception:  # noqa: BLE001 - dynamic partitions need an instance: then no list
                keys = []
    what = f"{', '.join(sorted(names))} {'has' if len(names) == 1 else 'have'}" if names else "the selection has"
    pick = "pick a range of them with --partition START...END" if "..." in partition_key else "pick one with --partition KEY"
    if keys:
        advice = f"{what} {len(keys)} partition{'s' if len(keys) != 1 else ''}: {few_keys(keys)}; {pick}."
    else:
        advice = f"{pick} (of its partitions)."
    return RunRefused(f"--partition {partition_key}: {message}\n{advice}\nNothing was run.")


PARTITIONS_METADATA = "assetlens/partitions"  # the partitions definition, recorded with each partition's materialization
SKIP_DEPENDENCY_THRESHOLD = 100  # Dagster's SKIP_PARTITION_DATA_VERSION_DEPENDENCY_THRESHOLD


def describe_partitions(partitions_def: Any) -> dict[str, Any]:
    """Plain data for a partitions definition of either engine, which `partitions_from_description` turns
    back into one the builtin engine computes keys with; a kind it does not have is described by name."""
    name = type(partitions_def).__name__
    if isinstance(partitions_def, StaticPartitionsDefinition) or name == "StaticPartitionsDefinition":
        return {"kind": "static", "keys": list(partitions_def.get_partition_keys())}
    if isinstance(partitions_def, TimeWindowPartitionsDefinition):
        return {
            "kind": "time",
            "unit": partitions_def.unit,
            "fmt": partitions_def.fmt,
            "start": partitions_def.start.isoformat(),
            "end": partitions_def.end.isoformat() if partitions_def.end is not None else None,
        }
    unit = _CRONS.get(" ".join(str(getattr(partitions_def, "cron_schedule", "")).split()))
    if (
        unit is not None
        and str(getattr(partitions_def, "timezone", "UTC")) in ("UTC", "Etc/UTC")
        and not getattr(partitions_def, "end_offset", 0)
        and not getattr(partitions_def, "exclusions", None)
        and isinstance(getattr(partitions_def, "start", None), datetime)
    ):  # Dagster's own time windows the builtin engine computes the same way
        end = getattr(partitions_def, "end", None)
        return {
            "kind": "time",
            "unit": unit,
            "fmt": partitions_def.fmt,
            "start": partitions_def.start.astimezone(timezone.utc).isoformat(),
            "end": end.astimezone(timezone.utc).isoformat() if isinstance(end, datetime) else None,
        }
    return {"kind": name}


def partitions_from_description(description: Any) -> PartitionsDefinition | None:
    """The partitions definition `describe_partitions` described (None: a kind the builtin engine lacks)."""
    if not isinstance(description, dict):
        return None
    try:
        if description.get("kind") == "static":
            return StaticPartitionsDefinition([str(key) for key in description["keys"]])
        if description.get("kind") == "time" and description.get("unit") in _DEFAULT_FMT:
            window = TimeWindowPartitionsDefinition.__new__(TimeWindowPartitionsDefinition)
            window._init(
                description["unit"], datetime.fromisoformat(description["start"]),
                datetime.fromisoformat(description["end"]) if description.get("end") else None,
                str(description["fmt"]), None, 0, (),
            )
            return window
    except (KeyError, TypeError, ValueError, DagsterError):
        return None
    return None


def default_mapping(upstream: Any, downstream: Any, partition: str | None) -> list[str] | None:
    """The partitions of `upstream` that `partition` of `downstream` depends on with Dagster's default
    mapping (identity, overlapping time windows, every partition for an unpartitioned downstream); None
    when it is no default mapping the builtin engine knows."""
    if upstream is None:
        return None
    if downstream is None:
        return upstream.get_partition_keys()
    if upstream == downstream:
        return [partition] if partition is not None else None
    if isinstance(upstream, TimeWindowPartitionsDefinition) and isinstance(downstream, TimeWindowPartitionsDefinition):
        window = downstream.time_window_for_partition_key(partition)
        return [
            key
            for key in upstream.get_partition_keys()
            if (w := upstream.time_window_for_partition_key(key)).start < window.end and w.end > window.start
        ]
    return None


def partitions_data_version(versions: Sequence[tuple[str, str]]) -> str:
    """Dagster's data version of an input that reads several partitions (or one): the SHA-256 of their data
    versions joined in partition-key order (`_get_partitions_data_version_from_keys`)."""
    import hashlib

    return hashlib.sha256("".join(version for _, version in sorted(versions)).encode("utf-8")).hexdigest()
