"""`materialize()` and `materialize_to_memory()` for user code (tests, scripts): run definitions in this
process and return a result object with the parts of Dagster's `ExecuteInProcessResult` people use."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

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
