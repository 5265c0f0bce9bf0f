"""What compute functions receive as `context`: `AssetExecutionContext` and `OpExecutionContext` (the
parts of Dagster's that make sense for a local run), the run they belong to and their logger."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from assetlens.runtime.errors import (
    DagsterInvalidInvocationError,
    DagsterInvariantViolationError,
    UnsupportedByBuiltinEngine,
)
from assetlens.runtime.keys import AssetKey
from assetlens.runtime.metadata import normalize_metadata
from assetlens.runtime.results import DEFAULT_OUTPUT

if TYPE_CHECKING:
    from assetlens.runtime.assets_definition import AssetsDefinition
    from assetlens.runtime.nodes import OpDefinition

LogSink = Callable[[str, str], None]  # (level name, message)
ASSET_JOB_NAME = "__ASSET_JOB"


@dataclass(frozen=True)
class DagsterRun:
    """The run a context belongs to (the fields of Dagster's `DagsterRun` a compute function reads)."""

    run_id: str
    job_name: str = ASSET_JOB_NAME
    tags: Mapping[str, str] = field(default_factory=dict)
    run_config: Mapping[str, Any] = field(default_factory=dict)

    @property
    def is_finished(self) -> bool:
        return False


class DagsterLogManager:
    """`context.log`: logging methods that become the run's log lines."""

    def __init__(self, sink: LogSink, prefix: str = "") -> None:
        self._sink = sink
        self._prefix = prefix

    def log(self, level: int | str, msg: object, *args: Any, **kwargs: Any) -> None:
        names = {10: "DEBUG", 20: "INFO", 30: "WARNING", 40: "ERROR", 50: "CRITICAL"}
        name = level.upper() if isinstance(level, str) else names.get(level, str(level))
        text = str(msg) % args if args else str(msg)
        if kwargs.get("exc_info"):
            import traceback

            text += "\n" + traceback.format_exc().rstrip()
        self._sink(name, self._prefix + text)

    def debug(self, msg: object, *args: Any, **kwargs: Any) -> None:
        self.log("DEBUG", msg, *args, **kwargs)

    def info(self, msg: object, *args: Any, **kwargs: Any) -> None:
        self.log("INFO", msg, *args, **kwargs)

    def warning(self, msg: object, *args: Any, **kwargs: Any) -> None:
        self.log("WARNING", msg, *args, **kwargs)

    warn = warning

    def error(self, msg: object, *args: Any, **kwargs: Any) -> None:
        self.log("ERROR", msg, *args, **kwargs)

    def critical(self, msg: object, *args: Any, **kwargs: Any) -> None:
        self.log("CRITICAL", msg, *args, **kwargs)

    def exception(self, msg: object, *args: Any, **kwargs: Any) -> None:
        self.log("ERROR", msg, *args, exc_info=True, **kwargs)


class Resources:
    """`context.resources`: attribute access to the run's resources."""

    def __init__(self, resources: Mapping[str, Any], required: set[str] | None = None) -> None:
        self._resources = dict(resources)
        self._required = required

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        if name not in self._resources:
            raise DagsterInvalidInvocationError(
                f"Attempted to access resource '{name}', which was not provided. Resources available: {sorted(self._resources)}"
            )
        return self._resources[name]

    @property
    def original_resource_dict(self) -> dict[str, Any]:
        return dict(self._resources)


class StepState:
    """Everything a context needs about the node being computed (shared by op and asset contexts)."""

    def __init__(
        self,
        *,
        run: DagsterRun,
        op_def: OpDefinition,
        assets_def: AssetsDefinition | None,
        node_name: str,
        log: DagsterLogManager,
        resources: Mapping[str, Any],
        op_config: Any,
        selected_output_names: set[str],
        partition_key: str | None = None,
        partitions_def: Any = None,
    ) -> None:
        self.partition_key = partition_key  # the run's partition (a run has one or none)
        self.partitions_def = partitions_def  # the run's partitions definition
        self.run = run
        self.op_def = op_def
        self.assets_def = assets_def
        self.node_name = node_name
        self.log = log
        self.resources = Resources(resources)
        self.op_config = op_config
        self.selected_output_names = selected_output_names
        self.retry_number = 0
        self.output_metadata: dict[str, dict[str, Any]] = {}
        self.asset_metadata: dict[AssetKey, dict[str, Any]] = {}


class OpExecutionContext:
    """The context of an op (and, through `op_execution_context`, of an asset)."""

    def __init__(self, state: StepState) -> None:
        self._state = state

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        raise UnsupportedByBuiltinEngine(f"{type(self).__name__}.{name}")

    @property
    def op_execution_context(self) -> OpExecutionContext:
        return self

    @property
    def log(self) -> DagsterLogManager:
        return self._state.log

    @property
    def run(self) -> DagsterRun:
        return self._state.run

    dagster_run = run

    @property
    def run_id(self) -> str:
        return self._state.run.run_id

    @property
    def run_config(self) -> Mapping[str, Any]:
        return self._state.run.run_config

    @property
    def run_tags(self) -> Mapping[str, str]:
        return self._state.run.tags

    def has_tag(self, key: str) -> bool:
        return key in self._state.run.tags

    def get_tag(self, key: str) -> str | None:
        return self._state.run.tags.get(key)

    @property
    def job_name(self) -> str:
        return self._state.run.job_name

    @property
    def op_def(self) -> OpDefinition:
        return self._state.op_def

    @property
    def op_config(self) -> Any:
        return self._state.op_config

    @property
    def resources(self) -> Resources:
        return self._state.resources

    @property
    def retry_number(self) -> int:
        return self._state.retry_number

    @property
    def has_partition_key(self) -> bool:
        return self._state.partition_key is not None

    @property
    def has_partition_key_range(self) -> bool:
        return False  # a builtin run is never a range (a single-run backfill is refused before the run)

    @property
    def partition_key(self) -> str:
        if self._state.partition_key is None:
            raise DagsterInvariantViolationError("Cannot access partition_key for a non-partitioned run")
        return self._state.partition_key

    @property
    def partition_key_range(self) -> Any:
        from assetlens.runtime.partitions import PartitionKeyRange

        key = self.partition_key
        return PartitionKeyRange(key, key)

    @property
    def partition_keys(self) -> list[str]:
        return [self.partition_key]

    @property
    def partition_time_window(self) -> Any:
        from assetlens.runtime.partitions import TimeWindowPartitionsDefinition

        partitions_def = self._state.partitions_def
        if partitions_def is None:
            raise DagsterInvariantViolationError("Partitions definition is not defined")
        if not isinstance(partitions_def, TimeWindowPartitionsDefinition):
            raise DagsterInvariantViolationError(
                "Expected a TimeWindowPartitionsDefinition or MultiPartitionsDefinition with a single time "
                f"dimension, but instead found {type(partitions_def)}"
            )
        return partitions_def.time_window_for_partition_key(self.partition_key)

    def asset_partition_key_for_output(self, output_name: str = DEFAULT_OUTPUT) -> str:
        key = self.assets_def.node_keys_by_output_name.get(output_name)
        if key is None or self.assets_def.partitions_def is None:
            raise ValueError(
                f"Tried to get asset partitions for an output '{output_name}' that does not correspond to a "
                "partitioned asset."
            )
        return self.partition_key

    @property
    def selected_output_names(self) -> set[str]:
        return set(self._state.selected_output_names)

    def describe_op(self) -> str:
        return f'op "{self._state.node_name}"'

    @property
    def has_assets_def(self) -> bool:
        return self._state.assets_def is not None

    @property
    def assets_def(self) -> AssetsDefinition:
        if self._state.assets_def is None:
            raise DagsterInvalidInvocationError(f"{self.describe_op()} does not have an assets definition.")
        return self._state.assets_def

    @property
    def asset_key(self) -> AssetKey:
        keys = self.selected_asset_keys
        if len(keys) != 1:
            raise DagsterInvariantViolationError(
                "Cannot call `context.asset_key` in a multi_asset with more than one asset. Use "
                "`context.asset_key_for_output` instead."
            )
        return next(iter(keys))

    @property
    def selected_asset_keys(self) -> set[AssetKey]:
        return set(self.assets_def.keys) if self._state.assets_def is not None else set()

    @property
    def selected_asset_check_keys(self) -> set[Any]:
        """The `AssetCheckKey`s of the asset's `check_specs=` this step evaluates."""
        if self._state.assets_def is None:
            return set()
        keys = self.selected_asset_keys
        return {spec.key for spec in self._state.assets_def.check_specs if spec.asset_key in keys}

    def asset_key_for_output(self, output_name: str = DEFAULT_OUTPUT) -> AssetKey:
        keys = self.assets_def.node_keys_by_output_name
        if output_name not in keys:
            raise DagsterInvariantViolationError(f"Output '{output_name}' has no asset")
        return keys[output_name]

    def output_for_asset_key(self, asset_key: AssetKey) -> str:
        return self.assets_def.get_output_name_for_asset_key(asset_key)

    def asset_key_for_input(self, input_name: str) -> AssetKey:
        keys = self.assets_def.node_keys_by_input_name
        if input_name not in keys:
            raise DagsterInvariantViolationError(f"Input '{input_name}' has no asset")
        return keys[input_name]

    def add_output_metadata(
        self, metadata: Mapping[str, Any], output_name: str | None = None, mapping_key: str | None = None
    ) -> None:
        if output_name is None:
            names = [d.name for d in self._state.op_def.output_defs]
            if len(names) != 1:
                raise DagsterInvariantViolationError(
                    "Attempted to add metadata without specifying an output name, but the op has multiple outputs"
                )
            output_name = names[0]
        self._state.output_metadata.setdefault(output_name, {}).update(normalize_metadata(metadata))

    def add_asset_metadata(
        self, metadata: Mapping[str, Any], asset_key: Any = None, partition_key: str | None = None
    ) -> None:
        key = AssetKey.from_coercible(asset_key) if asset_key is not None else self.asset_key
        if key not in self.selected_asset_keys:
            raise DagsterInvariantViolationError(
                f"Asset key {key.to_user_string()} is not currently being materialized"
            )
        self._state.asset_metadata.setdefault(key, {}).update(normalize_metadata(metadata))

    def get_output_metadata(self, output_name: str, mapping_key: str | None = None) -> Mapping[str, Any] | None:
        return self._state.output_metadata.get(output_name)

    @property
    def is_subset(self) -> bool:
        return self._state.assets_def is not None and self._state.assets_def.is_subset

    def get_op_execution_context(self) -> OpExecutionContext:
        return self


class AssetExecutionContext(OpExecutionContext):
    """The context of an asset's compute function (mirrors `dagster.AssetExecutionContext`)."""

    @property
    def op_execution_context(self) -> OpExecutionContext:
        return OpExecutionContext(self._state)

    @staticmethod
    def get() -> AssetExecutionContext:
        from assetlens.runtime.execution import current_context

        context = current_context()
        if context is None:
            raise DagsterInvariantViolationError("Attempted to get context while not in an asset's execution.")
        return context if isinstance(context, AssetExecutionContext) else AssetExecutionContext(context._state)
