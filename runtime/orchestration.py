"""Jobs, schedules and sensors, as the definitions they are: records a code location holds next to its
assets. A materialize run never runs a job or evaluates a schedule or a sensor, so the builtin engine
only keeps them (asking it to execute one fails, naming the feature)."""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from assetlens.runtime.errors import UnsupportedByBuiltinEngine
from assetlens.runtime.keys import check_valid_name
from assetlens.runtime.selection import AssetSelection


class DefaultScheduleStatus(enum.Enum):
    RUNNING = "RUNNING"
    STOPPED = "STOPPED"


class DefaultSensorStatus(enum.Enum):
    RUNNING = "RUNNING"
    STOPPED = "STOPPED"


@dataclass(frozen=True)
class UnresolvedAssetJobDefinition:
    """What `define_asset_job` returns: a named selection of assets (with the job's own settings)."""

    name: str
    selection: AssetSelection | None
    config: Any = None
    description: str | None = None
    tags: Mapping[str, Any] = field(default_factory=dict)
    run_tags: Mapping[str, Any] = field(default_factory=dict)
    metadata: Mapping[str, Any] = field(default_factory=dict)

    def execute_in_process(self, *args: Any, **kwargs: Any) -> Any:
        raise UnsupportedByBuiltinEngine("running a job (execute_in_process)", "materialize its assets instead")


def define_asset_job(
    name: str,
    selection: Any = None,
    config: Any = None,
    description: str | None = None,
    tags: Mapping[str, object] | None = None,
    run_tags: Mapping[str, object] | None = None,
    metadata: Mapping[str, Any] | None = None,
    partitions_def: Any = None,
    executor_def: Any = None,
    hooks: Any = None,
    op_retry_policy: Any = None,
) -> UnresolvedAssetJobDefinition:
    for argument, value in {
        "partitions_def": partitions_def,
        "executor_def": executor_def,
        "hooks": hooks,
        "op_retry_policy": op_retry_policy,
    }.items():
        if value is not None:
            raise UnsupportedByBuiltinEngine(f"define_asset_job({argument}=...)")
    return UnresolvedAssetJobDefinition(
        name=check_valid_name(name),
        selection=AssetSelection.from_coercible(selection) if selection is not None else None,
        config=config,
        description=description,
        tags=dict(tags or {}),
        run_tags=dict(run_tags or {}),
        metadata=dict(metadata or {}),
    )


@dataclass(frozen=True)
class ScheduleDefinition:
    """A schedule: which job, on which cron schedule (never evaluated by a materialize run)."""

    name: str | None = None
    cron_schedule: str | Sequence[str] | None = None
    job_name: str | None = None
    run_config: Any = None
    run_config_fn: Callable[..., Any] | None = None
    tags: Mapping[str, str] | None = None
    tags_fn: Callable[..., Any] | None = None
    should_execute: Callable[..., Any] | None = None
    environment_vars: Mapping[str, str] | None = None
    execution_timezone: str | None = None
    execution_fn: Callable[..., Any] | None = None
    description: str | None = None
    job: Any = None
    default_status: DefaultScheduleStatus = DefaultScheduleStatus.STOPPED
    required_resource_keys: Any = None
    target: Any = None
    metadata: Mapping[str, Any] | None = None
    owners: Sequence[str] | None = None

    def __post_init__(self) -> None:
        if self.cron_schedule is None:
            raise TypeError("ScheduleDefinition needs a cron_schedule")
        if self.name is None:
            job_name = self.job_name or getattr(self.job, "name", None)
            object.__setattr__(self, "name", f"{job_name}_schedule" if job_name else None)


def schedule(
    cron_schedule: str | Sequence[str],
    *,
    job_name: str | None = None,
    name: str | None = None,
    job: Any = None,
    default_status: DefaultScheduleStatus = DefaultScheduleStatus.STOPPED,
    execution_timezone: str | None = None,
    description: str | None = None,
    **kwargs: Any,
) -> Callable[[Callable[..., Any]], ScheduleDefinition]:
    def build(fn: Callable[..., Any]) -> ScheduleDefinition:
        return ScheduleDefinition(
            name=name or fn.__name__,
            cron_schedule=cron_schedule,
            job_name=job_name,
            job=job,
            execution_fn=fn,
            default_status=default_status,
            execution_timezone=execution_timezone,
            description=description or fn.__doc__,
        )

    return build


@dataclass(frozen=True)
class SensorDefinition:
    """A sensor (never evaluated by a materialize run)."""

    name: str
    evaluation_fn: Callable[..., Any] | None = None
    minimum_interval_seconds: int | None = None
    description: str | None = None
    job: Any = None
    jobs: Sequence[Any] | None = None
    default_status: DefaultSensorStatus = DefaultSensorStatus.STOPPED


def sensor(
    job_name: str | None = None,
    *,
    name: str | None = None,
    minimum_interval_seconds: int | None = None,
    description: str | None = None,
    job: Any = None,
    jobs: Sequence[Any] | None = None,
    default_status: DefaultSensorStatus = DefaultSensorStatus.STOPPED,
    **kwargs: Any,
) -> Callable[[Callable[..., Any]], SensorDefinition]:
    def build(fn: Callable[..., Any]) -> SensorDefinition:
        return SensorDefinition(
            name=name or fn.__name__,
            evaluation_fn=fn,
            minimum_interval_seconds=minimum_interval_seconds,
            description=description or fn.__doc__,
            job=job,
            jobs=jobs,
            default_status=default_status,
        )

    return build


@dataclass(frozen=True)
class RunRequest:
    """What a schedule or sensor asks for (kept as data)."""

    run_key: str | None = None
    run_config: Any = None
    tags: Mapping[str, Any] | None = None
    job_name: str | None = None
    asset_selection: Sequence[Any] | None = None
    stale_assets_only: bool = False
    partition_key: str | None = None


@dataclass(frozen=True)
class SkipReason:
    skip_message: str | None = None
