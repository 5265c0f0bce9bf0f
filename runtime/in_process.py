"""`materialize()` and `materialize_to_memory()` for user code (tests, scripts): run definitions in this
process and return a result object with the parts of Dagster's `ExecuteInProcessResult` people use.

Asset checks given with the assets (`materialize([orders, orders_positive])`) run with their assets, as in
Dagster; `result.get_asset_check_evaluations()` lists the results of the checks that were evaluated (a
check that raised, or an embedded check an asset gave no result for, fails its step and has none)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from assetlens.runtime.asset_checks import AssetCheckKey, AssetChecksDefinition, AssetCheckSeverity
from assetlens.runtime.asset_graph import AssetGraph
from assetlens.runtime.assets_definition import AssetsDefinition
from assetlens.runtime.context import DagsterRun
from assetlens.runtime.errors import (
    DagsterInvariantViolationError,
    UnsupportedByBuiltinEngine,
)
from assetlens.runtime.execution import (
    Executor,
    RunListener,
    RunResult,
    collect_resources,
)
from assetlens.runtime.keys import AssetKey
from assetlens.runtime.metadata import MetadataValue
from assetlens.runtime.selection import AssetSelection
from assetlens.runtime.value_store import MemoryStore


@dataclass(frozen=True)
class AssetMaterializationEvent:
    """A materialization as `result.get_asset_materialization_events()` lists it."""

    asset_key: AssetKey
    node_name: str
    metadata: Mapping[str, MetadataValue]
    code_version: str | None

    @property
    def event_type_value(self) -> str:
        return "ASSET_MATERIALIZATION"


@dataclass(frozen=True)
class AssetCheckEvaluationTargetMaterializationData:
    """The materialization a check evaluated: its run and time (`storage_id` is the event's id in a Dagster
    instance; the builtin engine keeps no event log, so it is None)."""

    storage_id: int | None
    run_id: str
    timestamp: float


@dataclass(frozen=True)
class AssetCheckEvaluation:
    """One evaluated check, as `result.get_asset_check_evaluations()` lists it (Dagster's fields)."""

    asset_key: AssetKey
    check_name: str
    passed: bool
    metadata: Mapping[str, MetadataValue]
    target_materialization_data: AssetCheckEvaluationTargetMaterializationData | None
    severity: AssetCheckSeverity
    description: str | None
    blocking: bool | None
    partition: str | None = None

    @property
    def asset_check_key(self) -> AssetCheckKey:
        return AssetCheckKey(self.asset_key, self.check_name)


class ExecuteInProcessResult:
    """The result of `materialize()`."""

    def __init__(self, result: RunResult, tags: Mapping[str, str]) -> None:
        self._result = result
        self.dagster_run = DagsterRun(run_id=result.run_id, tags=dict(tags))

    @property
    def success(self) -> bool:
        return self._result.success

    @property
    def run_id(self) -> str:
        return self._result.run_id

    def asset_value(self, asset_key: Any) -> Any:
        key = AssetKey.from_coercible(asset_key)
        if key not in self._result.values:
            raise DagsterInvariantViolationError(
                f"Asset {key.to_user_string()} was not materialized with a value in this run"
            )
        return self._result.values[key]()

    def output_for_node(self, node_str: str, output_name: str = "result") -> Any:
        for materialization in self._result.materializations:
            same_output = (materialization.step_name, materialization.output_name) == (node_str, output_name)
            if same_output and materialization.key in self._result.values:
                return self._result.values[materialization.key]()
        raise DagsterInvariantViolationError(f"Did not find result {output_name} in {node_str}")

    def get_asset_materialization_events(self) -> list[AssetMaterializationEvent]:
        return [
            AssetMaterializationEvent(m.key, m.step_name, m.metadata, m.code_version)
            for m in self._result.materializations
        ]

    def asset_materializations_for_node(self, node_name: str) -> list[AssetMaterializationEvent]:
        return [event for event in self.get_asset_materialization_events() if event.node_name == node_name]

    def get_step_failure_events(self) -> list[Any]:
        return list(self._result.failures)

    def get_asset_check_evaluations(self) -> list[AssetCheckEvaluation]:
        """Each check evaluated in the run, in the order it was (passed or failed; a check that raised
        has no evaluation, as in Dagster)."""
        evaluations = []
        for outcome in self._result.checks:
            if outcome.status not in ("passed", "failed"):
                continue
            target = None
            for materialization in self._result.materializations:  # the latest one before the check
                if materialization.key == outcome.key and materialization.end_time <= outcome.time:
                    target = AssetCheckEvaluationTargetMaterializationData(None, self.run_id, materialization.end_time)
            evaluations.append(
                AssetCheckEvaluation(
                    asset_key=outcome.key,
                    check_name=outcome.check_name,
                    passed=outcome.status == "passed",
                    metadata=dict(outcome.metadata),
                    target_materialization_data=target,
                    severity=AssetCheckSeverity(outcome.severity),
                    description=outcome.description,
                    blocking=outcome.blocking,
                )
            )
        return evaluations


def _selection_keys(selection: Any, graph: AssetGraph) -> set[AssetKey]:
    """Dagster's coercible selections: None (everything), an AssetSelection, a key or user string, a
    definition, or a list of those."""
    if selection is None:
        return graph.executable_keys
    if isinstance(selection, AssetSelection):
        return selection.resolve(graph)
    items: Iterable[Any] = [selection] if isinstance(selection, (str, AssetKey, AssetsDefinition)) else selection
    keys: set[AssetKey] = set()
    for item in items:
        if isinstance(item, AssetsDefinition):
            keys |= set(item.keys)
        elif isinstance(item, str):
            keys.add(AssetKey.from_user_string(item))
        elif isinstance(item, (AssetKey, list, tuple)):
            keys.add(AssetKey.from_coercible(item))
        elif isinstance(item, AssetSelection):
            keys |= item.resolve(graph)
        else:
            raise UnsupportedByBuiltinEngine(
                f"materialize(selection={type(item).__name__})", "pass keys, strings or definitions"
            )
    return keys


def _materialize(
    assets: Sequence[Any],
    run_config: Any,
    instance: Any,
    resources: Mapping[str, Any] | None,
    partition_key: str | None,
    raise_on_error: bool,
    tags: Mapping[str, str] | None,
    selection: Any,
    store: MemoryStore,
) -> ExecuteInProcessResult:
    if instance is not None:
        raise UnsupportedByBuiltinEngine("materialize(instance=...)", "Dagster instances")
    checks = [item for item in assets if isinstance(item, AssetChecksDefinition)]
    assets = [item for item in assets if not isinstance(item, AssetChecksDefinition)]
    graph = AssetGraph(assets, strict=True)
    steps = graph.plan(_selection_keys(selection, graph))
    run_tags = {**(tags or {}), **({"dagster/partition": partition_key} if partition_key is not None else {})}
    run = DagsterRun(run_id=str(uuid.uuid4()), tags=run_tags, run_config=dict(run_config or {}))
    executor = Executor(
        graph,
        steps,
        store=store,
        listener=RunListener(),
        run=run,
        resources=collect_resources(assets, resources or {}),
        run_config=run_config,
        checks=checks,
        partition_key=partition_key,
    )
    result = executor.execute()
    if raise_on_error and result.failures:
        raise result.failures[0].error
    return ExecuteInProcessResult(result, tags or {})


def materialize(
    assets: Sequence[Any],
    run_config: Any = None,
    instance: Any = None,
    resources: Mapping[str, Any] | None = None,
    partition_key: str | None = None,
    raise_on_error: bool = True,
    tags: Mapping[str, str] | None = None,
    selection: Any = None,
) -> ExecuteInProcessResult:
    """Dagster's `materialize`: values are pickled between assets, as through the default IO manager."""
    return _materialize(
        assets,
        run_config,
        instance,
        resources,
        partition_key,
        raise_on_error,
        tags,
        selection,
        MemoryStore(pickled=True),
    )


def materialize_to_memory(
    assets: Sequence[Any],
    run_config: Any = None,
    instance: Any = None,
    resources: Mapping[str, Any] | None = None,
    partition_key: str | None = None,
    raise_on_error: bool = True,
    tags: Mapping[str, str] | None = None,
    selection: Any = None,
) -> ExecuteInProcessResult:
    """Dagster's `materialize_to_memory`: values are passed as objects."""
    return _materialize(
        assets,
        run_config,
        instance,
        resources,
        partition_key,
        raise_on_error,
        tags,
        selection,
        MemoryStore(pickled=False),
    )
