"""The `dagster` namespace of the builtin engine: every Dagster name it implements. When the worker runs
user code, `import dagster` resolves to this module; any other name fails with a message naming it."""

from __future__ import annotations

from typing import Any as _Any

from assetlens.runtime.asset_decorators import asset, multi_asset
from assetlens.runtime.assets_definition import AssetsDefinition
from assetlens.runtime.automation import AutomationCondition
from assetlens.runtime.config import (
    Config,
    ConfigurableResource,
    ResourceParam,
    TreatAsResourceParam,
)
from assetlens.runtime.context import (
    AssetExecutionContext,
    DagsterRun,
    OpExecutionContext,
)
from assetlens.runtime.dagster_types import (
    Any,
    Bool,
    DagsterType,
    Float,
    Int,
    Nothing,
    String,
)
from assetlens.runtime.definitions import (
    Definitions,
    LazyDefinitions,
    definitions,
    load_assets_from_current_module,
    load_assets_from_modules,
    load_assets_from_package_module,
    load_assets_from_package_name,
)
from assetlens.runtime.errors import (
    DagsterError,
    DagsterExecutionStepExecutionError,
    DagsterInvalidConfigError,
    DagsterInvalidDefinitionError,
    DagsterInvalidInvocationError,
    DagsterInvalidSubsetError,
    DagsterInvariantViolationError,
    DagsterStepOutputNotFoundError,
    DagsterTypeCheckDidNotPass,
    DagsterUnknownResourceError,
    Failure,
    UnsupportedByBuiltinEngine,
)
from assetlens.runtime.graph_asset_decorators import graph_asset, graph_multi_asset
from assetlens.runtime.graphs import GraphDefinition, GraphIn, GraphOut, graph
from assetlens.runtime.in_process import (
    AssetCheckEvaluation,
    ExecuteInProcessResult,
    materialize,
    materialize_to_memory,
)
from assetlens.runtime.invocation import build_asset_context, build_op_context
from assetlens.runtime.keys import AssetKey
from assetlens.runtime.log_bridge import get_dagster_logger
from assetlens.runtime.metadata import MetadataValue
from assetlens.runtime.nodes import In, OpDefinition, Out, op
from assetlens.runtime.partitions import (
    DagsterUnknownPartitionError,
    DailyPartitionsDefinition,
    HourlyPartitionsDefinition,
    MonthlyPartitionsDefinition,
    PartitionKeyRange,
    PartitionsDefinition,
    StaticPartitionsDefinition,
    TimeWindow,
    TimeWindowPartitionsDefinition,
    WeeklyPartitionsDefinition,
)
from assetlens.runtime.asset_checks import (
    AssetCheckKey,
    AssetCheckResult,
    AssetChecksDefinition,
    AssetCheckSeverity,
    AssetCheckSpec,
    asset_check,
    load_asset_checks_from_modules,
    multi_asset_check,
)
from assetlens.runtime.check_execution import AssetCheckExecutionContext
from assetlens.runtime.orchestration import (
    DefaultScheduleStatus,
    DefaultSensorStatus,
    RunRequest,
    ScheduleDefinition,
    SensorDefinition,
    SkipReason,
    UnresolvedAssetJobDefinition,
    define_asset_job,
    schedule,
    sensor,
)
from assetlens.runtime.resources import (
    EnvVar,
    InitResourceContext,
    ResourceDefinition,
    build_init_resource_context,
    resource,
)
from assetlens.runtime.results import MaterializeResult, Output
from assetlens.runtime.retries import Backoff, Jitter, RetryPolicy
from assetlens.runtime.selection import AssetSelection
from assetlens.runtime.source_assets import (
    DataVersion,
    SourceAsset,
    observable_source_asset,
)
from assetlens.runtime.specs import (
    AssetDep,
    AssetIn,
    AssetOut,
    AssetSpec,
    map_asset_specs,
)

__version__ = "assetlens-builtin"

__all__ = [
    "AssetCheckKey",
    "AssetCheckResult",
    "AssetChecksDefinition",
    "AssetCheckSeverity",
    "AssetCheckSpec",
    "asset_check",
    "multi_asset_check",
    "AssetCheckExecutionContext",
    "load_asset_checks_from_modules",
    "Any",
    "AssetDep",
    "AssetExecutionContext",
    "AssetIn",
    "AssetKey",
    "AssetOut",
    "AssetSelection",
    "AssetSpec",
    "AssetsDefinition",
    "AutomationCondition",
    "Backoff",
    "Bool",
    "Config",
    "ConfigurableResource",
    "DagsterError",
    "DagsterExecutionStepExecutionError",
    "DagsterInvalidConfigError",
    "DagsterInvalidDefinitionError",
    "DagsterInvalidInvocationError",
    "DagsterInvalidSubsetError",
    "DagsterInvariantViolationError",
    "DagsterRun",
    "DagsterStepOutputNotFoundError",
    "DagsterType",
    "DagsterTypeCheckDidNotPass",
    "DagsterUnknownResourceError",
    "DataVersion",
    "EnvVar",
    "InitResourceContext",
    "ResourceDefinition",
    "build_init_resource_context",
    "resource",
    "DefaultScheduleStatus",
    "DefaultSensorStatus",
    "Definitions",
    "ExecuteInProcessResult",
    "AssetCheckEvaluation",
    "Failure",
    "Float",
    "GraphDefinition",
    "GraphIn",
    "GraphOut",
    "In",
    "Int",
    "Jitter",
    "LazyDefinitions",
    "MaterializeResult",
    "MetadataValue",
    "Nothing",
    "OpDefinition",
    "OpExecutionContext",
    "Out",
    "Output",
    "ResourceParam",
    "RetryPolicy",
    "RunRequest",
    "ScheduleDefinition",
    "SensorDefinition",
    "SkipReason",
    "SourceAsset",
    "String",
    "TreatAsResourceParam",
    "UnresolvedAssetJobDefinition",
    "asset",
    "build_asset_context",
    "build_op_context",
    "define_asset_job",
    "definitions",
    "get_dagster_logger",
    "graph",
    "graph_asset",
    "graph_multi_asset",
    "load_assets_from_current_module",
    "load_assets_from_modules",
    "load_assets_from_package_module",
    "load_assets_from_package_name",
    "map_asset_specs",
    "materialize",
    "materialize_to_memory",
    "DagsterUnknownPartitionError",
    "file_relative_path",
    "DailyPartitionsDefinition",
    "HourlyPartitionsDefinition",
    "MonthlyPartitionsDefinition",
    "PartitionKeyRange",
    "PartitionsDefinition",
    "StaticPartitionsDefinition",
    "TimeWindow",
    "TimeWindowPartitionsDefinition",
    "WeeklyPartitionsDefinition",
    "multi_asset",
    "observable_source_asset",
    "op",
    "schedule",
    "sensor",
]


def file_relative_path(dunderfile: str, relative_path: str) -> str:
    """Dagster's `file_relative_path`: a path relative to the file `dunderfile` names, resolved."""
    import os
    from pathlib import Path

    if not isinstance(dunderfile, str) or not isinstance(relative_path, str):
        raise TypeError("file_relative_path takes two strings")
    return os.fspath(Path(dunderfile, "..", relative_path).resolve())


def __getattr__(name: str) -> _Any:
    if name.startswith("__"):
        raise AttributeError(name)
    raise UnsupportedByBuiltinEngine(f"dagster.{name}")
