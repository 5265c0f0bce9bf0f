"""Executing a plan of steps: checks before anything runs (resources, IO managers, stored inputs,
config), then each step in order, loading inputs from this run or the store, storing outputs, telling a
listener what happened, and skipping what depends on a failure."""

from __future__ import annotations

import pickle
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from assetlens.runtime.asset_graph import AssetGraph, Step
from assetlens.runtime.assets_definition import AssetsDefinition
from assetlens.runtime.compute import CheckResultEvent, OutputEvent, run_compute
from assetlens.runtime.config import (
    ConfigurableResource,
    check_config_against_schema,
    is_config_class,
)
from assetlens.runtime.context import (
    AssetExecutionContext,
    DagsterLogManager,
    DagsterRun,
    OpExecutionContext,
    StepState,
)
from assetlens.runtime.asset_checks import AssetChecksDefinition
from assetlens.runtime.check_execution import CheckOutcome, checks_on, run_check
from assetlens.runtime.data_versions import INITIAL, logical_data_version
from assetlens.runtime.errors import (
    DagsterAssetCheckFailedError,
    DagsterError,
    DagsterInvalidDefinitionError,
    DagsterInvariantViolationError,
    UnsupportedByBuiltinEngine,
)
from assetlens.runtime.graph_execution import CheckErrorEvent, run_graph
from assetlens.runtime.graphs import GraphDefinition
from assetlens.runtime.keys import AssetKey
from assetlens.runtime.metadata import MetadataValue
from assetlens.runtime.partitions import (
    SKIP_DEPENDENCY_THRESHOLD,
    TimeWindowPartitionsDefinition,
    partitions_data_version,
    storage_key,
)
from assetlens.runtime.nodes import (
    DEFAULT_IO_MANAGER_KEY,
    OpDefinition,
    OutputDefinition,
)
from assetlens.runtime.results import NoValueSentinel
from assetlens.runtime.source_assets import SourceAsset
from assetlens.runtime.tracebacks import error_summary, format_user_traceback
from assetlens.runtime.value_store import PICKLE_PROTOCOL, StoreError, ValueStore

_current_context: OpExecutionContext | None = None


def current_context() -> OpExecutionContext | None:
    return _current_context


class PreflightError(DagsterError):
    """Problems found before any asset ran; nothing was executed."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("the run cannot start:\n" + "\n".join(f"  - {problem}" for problem in problems))


@dataclass
class Materialization:
    key: AssetKey
    step_name: str
    output_name: str
    start_time: float
    end_time: float
    code_version: str | None
    data_version: str | None
    stored: bool
    metadata: dict[str, MetadataValue]
    logical_version: str | None = None  # Dagster's data version of this materialization
    input_versions: dict[AssetKey, str] | None = None  # the parent assets' data versions it was computed from
    partition: str | None = None  # the partition it materialized (its value is in that partition's file)
    partitions_def: Any = None  # its partitions definition, when it is partitioned


@dataclass
class StepFailure:
    step_name: str
    keys: list[AssetKey]
    summary: str
    traceback: str
    error: BaseException


class RunListener:
    """Receives what happens during a run (no-op by default)."""

    def step_started(self, step: Step) -> None: ...

    def materialized(self, materialization: Materialization) -> None: ...

    def step_failed(self, failure: StepFailure) -> None: ...

    def skipped(self, key: AssetKey, reason: str) -> None: ...

    def log(self, level: str, message: str, step: Step | None) -> None: ...

    def check_evaluated(self, outcome: CheckOutcome) -> None: ...


@dataclass
class RunResult:
    run_id: str
    materializations: list[Materialization] = field(default_factory=list)
    failures: list[StepFailure] = field(default_factory=list)
    skipped: dict[AssetKey, str] = field(default_factory=dict)
    values: dict[AssetKey, Callable[[], Any]] = field(default_factory=dict)
    checks: list[CheckOutcome] = field(default_factory=list)

    @property
    def success(self) -> bool:
        return not self.failures and not any(check.fails_run for check in self.checks)


def _config_at(run_config: Mapping[str, Any], path: tuple[str, ...]) -> Any:
    level: Any = run_config.get("ops", {}) if isinstance(run_config, Mapping) else {}
    for index, name in enumerate(path):
        entry = level.get(name, {}) if isinstance(level, Mapping) else {}
        if index == len(path) - 1:
            return entry.get("config") if isinstance(entry, Mapping) else None
        level = entry.get("ops", {}) if isinstance(entry, Mapping) else {}
    return None


def _ops_in(
    node_def: Any, path: tuple[str, ...], defaults: Mapping[str, Any]
) -> Iterator[tuple[OpDefinition, tuple[str, ...], Any]]:
    """(op, node path, default config from enclosing graphs) for every op a node runs."""
    if isinstance(node_def, GraphDefinition):
        for node_name, invocation in node_def.nodes.items():
            default = (
                node_def.config.get(node_name, {}).get("config")
                if isinstance(node_def.config.get(node_name), Mapping)
                else None
            )
            yield from _ops_in(invocation.node_def, (*path, node_name), {"config": default})
    else:
        yield node_def, path, defaults.get("config")


def resolve_op_config(op_def: OpDefinition, path: tuple[str, ...], run_config: Mapping[str, Any], default: Any) -> Any:
    raw = _config_at(run_config, path)
    raw = default if raw is None else raw
    where = "/".join(path)
    params = op_def.params
    if params.has_config and is_config_class(params.config_annotation):
        params.config_annotation.from_op_config(raw)  # validates now, before anything runs
        return {**params.config_annotation.static_defaults(), **dict(raw or {})}  # as Dagster resolves it
    return check_config_against_schema(op_def.config_schema, raw, where) if op_def.config_schema is not None else raw


class Executor:
    """One run of a plan."""

    def __init__(
        self,
        graph: AssetGraph,
        steps: list[Step],
        *,
        store: ValueStore,
        listener: RunListener,
        run: DagsterRun,
        resources: Mapping[str, Any],
        run_config: Mapping[str, Any] | None = None,
        data_versions: Mapping[AssetKey, str] | None = None,
        checks: Iterable[AssetChecksDefinition] = (),
        partition_key: str | None = None,
        partition_versions: Mapping[AssetKey, Mapping[str, str]] | None = None,
    ) -> None:
        self.partition_key = partition_key  # the run's one partition (`--partition KEY`)
        # current data version of each partition of partitioned assets, updated as they materialize
        self.partition_versions = {key: dict(versions) for key, versions in (partition_versions or {}).items()}
        self.graph, self.steps, self.store, self.listener, self.run = graph, steps, store, listener, run
        self.data_versions: dict[AssetKey, str] = dict(data_versions or {})  # current, updated as assets materialize
        self.run_config = dict(run_config or {})
        self.provided_resources = dict(resources)
        self.result = RunResult(run.run_id)
        self.in_run: dict[AssetKey, Callable[[], Any]] = {}
        self.unsuccessful: dict[AssetKey, str] = {}
        self.op_configs: dict[tuple[str, ...], Any] = {}
        self.resources: dict[str, Any] = {}
        self.planned = {key for step in steps for key in step.keys}
        self.pending_checks = checks_on(checks, self.planned)  # Dagster runs a selected asset's checks
        self.materialized_keys: set[AssetKey] = set()

    # -- before anything runs ------------------------------------------------------------------------

    def _partitions_def_of(self, key: AssetKey) -> Any:
        producer = self.graph.producer.get(key)
        return producer.partitions_def if producer is not None else None

    def _storage(self, key: AssetKey) -> tuple[str, ...]:
        """The stored value of `key` in this run: its partition's file when it is partitioned."""
        return storage_key(key.parts, self.partition_key if self._partitions_def_of(key) is not None else None)

    def _mapped_partitions(self, key: AssetKey, assets_def: AssetsDefinition) -> list[str] | None:
        """The upstream partitions of `key` an input of `assets_def` reads with Dagster's default mapping, or
        None when it reads one stored value (an unpartitioned upstream, or the same partition)."""
        upstream, downstream = self._partitions_def_of(key), assets_def.partitions_def
        if upstream is None or upstream == downstream:
            return None
        if downstream is None:
            return upstream.get_partition_keys()
        window = downstream.time_window_for_partition_key(self.partition_key)  # TimeWindowPartitionMapping()
        keys = upstream.get_partition_keys()
        overlapping = [
            k for k in keys
            if (w := upstream.time_window_for_partition_key(k)).start < window.end and w.end > window.start
        ]
        covered_start = min((upstream.time_window_for_partition_key(k).start for k in overlapping), default=None)
        covered_end = max((upstream.time_window_for_partition_key(k).end for k in overlapping), default=None)
        if covered_start is None or covered_start > window.start or covered_end < window.end:
            raise DagsterInvariantViolationError(
                f"partition {self.partition_key} of {', '.join(k.to_user_string() for k in assets_def.keys)} "
                f"depends on partitions of {key.to_user_string()} that do not exist (its time window "
                f"{window.start.isoformat()} to {window.end.isoformat()} is not covered by {upstream!r})"
            )
        return overlapping

    def _input_version(self, dep: AssetKey, assets_def: AssetsDefinition) -> str:
        """The data version of upstream `dep` as Dagster records it for this step: a partitioned upstream's
        is the hash of the data versions of the partitions this partition reads (fewer than 100 of them),
        any other's the version of its latest materialization (INITIAL when it has none)."""
        upstream = self._partitions_def_of(dep)
        if upstream is None or dep not in self.data_versions:
            return self.data_versions.get(dep, INITIAL)
        if upstream == assets_def.partitions_def:
            partitions: list[str] | None = [self.partition_key] if self.partition_key is not None else None
        else:
            partitions = self._mapped_partitions(dep, assets_def)
        if partitions is None or len(partitions) >= SKIP_DEPENDENCY_THRESHOLD:
            return self.data_versions[dep]
        recorded = self.partition_versions.get(dep, {})
        return partitions_data_version([(p, recorded[p]) for p in partitions if p in recorded])

    def _partition_problems(self) -> list[str]:
        """What the builtin engine cannot run as Dagster would, said before the run (Dagster's own errors
        for a partitioned asset without a key and different partitions in one run). An unknown key raises
        `DagsterUnknownPartitionError` itself, as `dagster.materialize` does (even with
        `raise_on_error=False`)."""
        problems: list[str] = []
        partitioned = {key: self._partitions_def_of(key) for step in self.steps for key in step.keys}
        partitioned = {key: d for key, d in partitioned.items() if d is not None}
        definitions = list(dict.fromkeys(partitioned.values()))
        if len(definitions) > 1:
            problems.append(
                "the selected assets have different partitions definitions, which Dagster cannot run as one job "
                f"({', '.join(sorted(key.to_user_string() for key in partitioned))}): select assets of one partitions definition"
            )
        elif definitions and self.partition_key is None:
            problems.append(
                f"{', '.join(sorted(key.to_user_string() for key in partitioned))} is partitioned: "
                "choose a partition with --partition KEY"
            )
        elif definitions:
            # as Dagster's execute_in_process: DagsterUnknownPartitionError before anything else is looked at
            definitions[0].validate_partition_key(self.partition_key)
        elif self.partition_key is not None:
            problems.append(f"--partition {self.partition_key}: none of the selected assets is partitioned")
        for step in self.steps:
            downstream = step.assets_def.partitions_def
            for key in step.assets_def.node_keys_by_input_name.values():
                upstream = self._partitions_def_of(key)
                both_time = isinstance(upstream, TimeWindowPartitionsDefinition) and isinstance(
                    downstream, TimeWindowPartitionsDefinition
                )
                if upstream is not None and downstream is not None and upstream != downstream and not both_time:
                    problems.append(
                        str(
                            UnsupportedByBuiltinEngine(
                                f"a partition mapping from {key.to_user_string()} ({upstream!r}) to "
                                f"{', '.join(sorted(k.to_user_string() for k in step.keys))} ({downstream!r})",
                                "only the identity mapping between assets of one partitions definition and the "
                                "default time-window mapping",
                            )
                        )
                    )
        return problems

    def preflight(self) -> None:
        problems: list[str] = self._partition_problems()
        if DEFAULT_IO_MANAGER_KEY in self.provided_resources:
            problems.append(str(UnsupportedByBuiltinEngine("a custom 'io_manager' resource", "custom IO managers")))
        for step in self.steps:
            assets_def = step.assets_def
            problems.extend(_shared_graph_outputs(assets_def))
            for key in step.keys:
                io_key = assets_def.get_io_manager_key_for_asset_key(key)
                if io_key != DEFAULT_IO_MANAGER_KEY:
                    problems.append(
                        str(
                            UnsupportedByBuiltinEngine(
                                f"io_manager_key={io_key!r} on {key.to_user_string()}", "custom IO managers"
                            )
                        )
                    )
            available = {**self.provided_resources, **assets_def.resource_defs}
            for op_def, path, default in _ops_in(assets_def.node_def, (assets_def.node_def.name,), {}):
                for resource_key in sorted(op_def.required_resource_keys):
                    if resource_key not in available:
                        problems.append(
                            f"resource with key '{resource_key}' required by op '{op_def.name}' was not provided"
                        )
                    elif resource_key == DEFAULT_IO_MANAGER_KEY:
                        continue
                    else:
                        self.resources.setdefault(resource_key, available[resource_key])
                try:
                    self.op_configs[path] = resolve_op_config(op_def, path, self.run_config, default)
                except DagsterError as error:
                    problems.append(f"invalid config for op '{'/'.join(path)}': {error}")
            for input_name, key in assets_def.node_keys_by_input_name.items():
                input_def = assets_def.node_def.input_def_named(input_name)
                if input_def.dagster_type.is_nothing or key in assets_def.keys or key in self.planned:
                    continue
                external = self.graph.external.get(key)
                if isinstance(external, SourceAsset) and external.io_manager_key not in (None, DEFAULT_IO_MANAGER_KEY):
                    problems.append(
                        str(
                            UnsupportedByBuiltinEngine(
                                f"io_manager_key={external.io_manager_key!r} on source asset {key.to_user_string()}",
                                "custom IO managers",
                            )
                        )
                    )
                elif external is not None:
                    continue  # as in Dagster: the step fails when it loads the value, independent assets run
                elif self._partitions_def_of(key) not in (None, assets_def.partitions_def):
                    continue  # several of its partitions are loaded; Dagster fails the step when one is missing
                elif not self.store.exists(self._storage(key)):
                    problems.append(
                        f"{', '.join(sorted(k.to_user_string() for k in step.keys))} needs the stored value of "
                        f"{key.to_user_string()}, which has never been materialized (materialize it too, e.g. with --upstream)"
                    )
        if problems:
            raise PreflightError(list(dict.fromkeys(problems)))

    # -- the run ---------------------------------------------------------------------------------------

    def execute(self) -> RunResult:
        self.preflight()
        from assetlens.runtime.resources import InitializedResources

        initialized = InitializedResources(
            self.resources,
            self.run_config,
            self.run,
            DagsterLogManager(lambda level, message: self.listener.log(level, message, None)),
            available=self.provided_resources,
        )
        try:
            initialized.initialize_all()
            for step in self.steps:
                self._run_step(step)
        finally:
            initialized.teardown()
        self.result.values = dict(self.in_run)
        return self.result

    def _transfer(self, value: Any) -> Callable[[], Any]:
        """How a value reaches the next op of a graph: copied through pickle, unless the run keeps objects."""
        if not getattr(self.store, "pickled", True):
            return lambda: value
        payload = pickle.dumps(value, protocol=PICKLE_PROTOCOL)
        return lambda: pickle.loads(payload)

    def _log_sink(self, step: Step) -> Callable[[str, str], None]:
        return lambda level, message: self.listener.log(level, message, step)

    def _skip(self, keys: Iterable[AssetKey], reason: str) -> None:
        for key in sorted(keys):
            self.unsuccessful[key] = "was skipped"
            self.result.skipped[key] = reason
            self.listener.skipped(key, reason)

    def _load_inputs(self, assets_def: AssetsDefinition) -> dict[str, Any]:
        inputs = {}
        for input_name, key in assets_def.node_keys_by_input_name.items():
            input_def = assets_def.node_def.input_def_named(input_name)
            if input_def.dagster_type.is_nothing or key in assets_def.keys:
                continue
            reload = self.in_run.get(key)
            if reload is None and key in self.graph.external and not self.store.exists(key.parts):
                raise StoreError(
                    f"no value of {key.to_user_string()} to load for input '{input_name}': it is an external asset "
                    "(an AssetSpec or source asset, which no run materializes) and nothing is stored for it — "
                    "Dagster fails this step the same way when its IO manager finds no value"
                )
            partitions = self._mapped_partitions(key, assets_def)
            if partitions is not None:  # as Dagster's default IO manager: none, the one value, or a dict by key
                values = {partition: self.store.load(storage_key(key.parts, partition)) for partition in partitions}
                inputs[input_name] = None if not values else next(iter(values.values())) if len(values) == 1 else values
                continue
            inputs[input_name] = reload() if reload is not None else self.store.load(self._storage(key))
        return inputs

    def _state(self, step: Step, op_def: OpDefinition, path: tuple[str, ...], selected: set[str]) -> StepState:
        return StepState(
            run=self.run,
            op_def=op_def,
            assets_def=step.assets_def,
            node_name=path[-1],
            log=DagsterLogManager(self._log_sink(step)),
            resources=self.resources,
            op_config=self.op_configs.get(path),
            selected_output_names=selected,
            partition_key=self.partition_key,
            partitions_def=next(
                (d for d in (self._partitions_def_of(k) for st in self.steps for k in st.keys) if d is not None), None
            ),
        )

    def _op_events(
        self,
        step: Step,
        op_def: OpDefinition,
        path: tuple[str, ...],
        load_inputs: Callable[[], dict[str, Any]],
        selected: set[str],
        state_out: list[StepState],
        check_outputs: Mapping[Any, str] | None = None,
    ) -> Iterator[OutputEvent]:
        """Run one op (again, with freshly loaded inputs after a pause, as its retry policy allows) and
        yield its outputs."""
        global _current_context
        policy = op_def.retry_policy
        attempt = 0
        while True:
            state = self._state(step, op_def, path, selected)
            state.retry_number = attempt
            state_out.append(state)
            annotation = op_def.params.context_param.annotation if op_def.params.context_param is not None else None
            top_level_asset_op = len(path) == 1
            if annotation is OpExecutionContext or (not top_level_asset_op and annotation is not AssetExecutionContext):
                context: OpExecutionContext = OpExecutionContext(state)
            else:
                context = AssetExecutionContext(state)
            previous, _current_context = _current_context, context
            try:
                yield from run_compute(
                    op_def,
                    context,
                    load_inputs(),
                    self.resources,
                    state.op_config,
                    selected,
                    step.assets_def,
                    f'op "{path[-1]}"',
                    check_outputs,
                )
                return
            except Exception as error:  # noqa: BLE001 - decided by the retry policy, re-raised otherwise
                if policy is None or not policy.allows_retry(error, attempt):
                    raise
                attempt += 1
                delay = policy.calculate_delay(attempt)
                self.listener.log(
                    "WARNING",
                    f"{path[-1]} failed ({error_summary(error)}); retry {attempt} of {policy.max_retries} in {delay:g} s",
                    step,
                )
                if delay > 0:
                    time.sleep(delay)
            finally:
                _current_context = previous

    def _run_step(self, step: Step) -> None:
        assets_def = step.assets_def
        upstream = {dep for key in step.keys for dep in self.graph.upstream(key)}
        upstream |= set(assets_def.node_keys_by_input_name.values())
        blocked = sorted(dep for dep in upstream - step.keys if dep in self.unsuccessful)
        if blocked:
            self._skip(step.keys, f"upstream {blocked[0].to_user_string()} {self.unsuccessful[blocked[0]]}")
            return
        self.listener.step_started(step)
        start = time.time()
        produced: set[AssetKey] = set()
        states: list[StepState] = []
        node_def = assets_def.node_def
        selected_outputs = {name for name, key in assets_def.node_keys_by_output_name.items() if key in step.keys}
        check_outputs = {
            name: spec for name, spec in assets_def.check_specs_by_output_name.items() if spec.asset_key in step.keys
        }
        try:
            if isinstance(node_def, GraphDefinition):

                def run_op(
                    op_def: OpDefinition,
                    path: tuple[str, ...],
                    op_inputs: Callable[[], dict[str, Any]],
                    feeds: Mapping[Any, str] | None = None,
                ) -> Iterator[OutputEvent]:
                    outputs = {d.name for d in op_def.output_defs}
                    return self._op_events(step, op_def, path, op_inputs, outputs, states, feeds)

                graph_inputs = self._load_inputs(assets_def)
                events = run_graph(
                    node_def,
                    graph_inputs,
                    selected_outputs | set(check_outputs),
                    (node_def.name,),
                    run_op,
                    self._transfer,
                    check_outputs,
                )
            else:
                assert isinstance(node_def, OpDefinition)
                events = self._op_events(
                    step, node_def, (node_def.name,), lambda: self._load_inputs(assets_def), selected_outputs, states
                )
            step_checks: list[CheckOutcome] = []
            for event in events:
                if isinstance(event, CheckResultEvent):
                    step_checks.append(self._record_check_result(event))
                    continue
                if isinstance(event, CheckErrorEvent):
                    step_checks.extend(self._record_check_error(event))
                    continue
                if event.output_name in check_outputs:
                    continue  # a check's output (None): its result came as a CheckResultEvent
                self._record_output(step, event, start, states)
                produced.add(assets_def.node_keys_by_output_name[event.output_name])
            self._finish_embedded_checks(step_checks)
        except Exception as error:  # noqa: BLE001 - user code may raise anything; it fails this step only
            failed = sorted(step.keys - produced)
            for key in step.keys:  # as in Dagster: nothing downstream of a failed step runs
                if key not in self.unsuccessful:  # a failed blocking check has already said why
                    self.unsuccessful[key] = "failed" if key in failed else f"was produced by the failed step {step.name}"
            failure = StepFailure(step.name, failed, error_summary(error), format_user_traceback(error), error)
            self.result.failures.append(failure)
            self.listener.step_failed(failure)
            return
        missing = step.keys - produced
        if missing:
            self._skip(missing, "its compute function did not yield it (the output is not required)")
        self.materialized_keys |= produced
        self._run_checks(step)

    def _record_check_result(self, event: CheckResultEvent) -> CheckOutcome:
        """An AssetCheckResult the asset yielded for one of its `check_specs`, recorded like an @asset_check's."""
        outcome = CheckOutcome.of_result(event.spec, event.result)
        self.result.checks.append(outcome)
        self.listener.check_evaluated(outcome)
        return outcome

    def _record_check_error(self, event: CheckErrorEvent) -> list[CheckOutcome]:
        """The op of a graph-backed asset that feeds only checks raised: an error result for each."""
        outcomes = []
        for spec in event.specs:
            outcome = CheckOutcome(
                spec.asset_key,
                spec.name,
                "error",
                "ERROR",
                spec.blocking,
                spec.description,
                error=format_user_traceback(event.error),
                time=time.time(),
            )
            self.result.checks.append(outcome)
            self.listener.check_evaluated(outcome)
            outcomes.append(outcome)
        return outcomes

    def _finish_embedded_checks(self, outcomes: list[CheckOutcome]) -> None:
        """As Dagster after an asset step: a blocking check that failed with ERROR severity fails the step
        (its assets stay materialized, nothing downstream runs)."""
        for outcome in outcomes:
            if outcome.stops_downstream:
                self.unsuccessful[outcome.key] = f"has a failed blocking check '{outcome.check_name}'"
        # a check that raised is recorded as an error (which fails the run); one that failed fails the step
        failed = [outcome for outcome in outcomes if outcome.stops_downstream and outcome.status == "failed"]
        if failed:
            grouped: dict[AssetKey, list[str]] = {}
            for outcome in failed:
                grouped.setdefault(outcome.key, []).append(outcome.check_name)
            lines = "\n".join(f"{key.to_user_string()}: {','.join(names)}" for key, names in grouped.items())
            raise DagsterAssetCheckFailedError(
                f"{len(failed)} blocking asset check{'s' if len(failed) > 1 else ''} failed with ERROR severity:\n{lines}"
            )

    def _run_checks(self, step: Step) -> None:
        """Every pending check whose assets are all materialized in this run, right after them."""
        ready = [check for check in self.pending_checks if all(spec.asset_key in self.materialized_keys for spec in check.specs)]
        for check in ready:
            self.pending_checks.remove(check)
            outcomes = run_check(
                check,
                load_value=lambda key: self.in_run[key]() if key in self.in_run else self.store.load(self._storage(key)),
                resources=self.resources,
                run=self.run,
                log=DagsterLogManager(self._log_sink(step)),
                format_error=format_user_traceback,
            )
            for outcome in outcomes:
                self.result.checks.append(outcome)
                if outcome.stops_downstream:  # as in Dagster: nothing downstream of a failed blocking check runs
                    self.unsuccessful[outcome.key] = f"has a failed blocking check '{outcome.check_name}'"
                self.listener.check_evaluated(outcome)

    def _record_output(self, step: Step, event: OutputEvent, start: float, states: list[StepState]) -> None:
        assets_def = step.assets_def
        key = assets_def.node_keys_by_output_name[event.output_name]
        output_def = _origin_output(assets_def, event.output_name)
        metadata = dict(event.metadata)
        for state in states:
            if not isinstance(assets_def.node_def, GraphDefinition):
                metadata.update(state.output_metadata.get(event.output_name, {}))
            metadata.update(state.asset_metadata.get(key, {}))
        dagster_type = output_def.dagster_type
        skip_storage = dagster_type.is_nothing or (
            dagster_type.is_any and event.from_asset_result and event.value is NoValueSentinel
        )
        data_version = None
        if not skip_storage:
            value = None if event.value is NoValueSentinel else event.value
            stored = self.store.save(self._storage(key), value)
            self.in_run[key] = stored.reload
            data_version = stored.data_version
        code_version = assets_def.specs_by_key[key].code_version
        inputs = {dep: self._input_version(dep, assets_def) for dep in self.graph.upstream(key)}
        logical = logical_data_version(code_version or self.run.run_id, {dep.parts: v for dep, v in inputs.items()})
        self.data_versions[key] = logical
        if assets_def.partitions_def is not None and self.partition_key is not None:
            self.partition_versions.setdefault(key, {})[self.partition_key] = logical
        materialization = Materialization(
            key=key,
            step_name=step.name,
            output_name=event.output_name,
            start_time=start,
            end_time=time.time(),
            code_version=code_version,
            data_version=data_version,
            stored=not skip_storage,
            metadata=metadata,
            logical_version=logical,
            input_versions=inputs,
            partition=self.partition_key if step.assets_def.partitions_def is not None else None,
            partitions_def=step.assets_def.partitions_def,
        )
        self.result.materializations.append(materialization)
        self.listener.materialized(materialization)


def _shared_graph_outputs(assets_def: AssetsDefinition) -> list[str]:
    """Assets of a graph-backed definition fed by one and the same op output: Dagster materializes only the
    last of them (and fails what reads the others), so the builtin engine refuses it before the run."""
    node_def = assets_def.node_def
    if not isinstance(node_def, GraphDefinition):
        return []
    by_source: dict[tuple[str, str], list[str]] = {}
    for output_name, key in assets_def.node_keys_by_output_name.items():
        by_source.setdefault(node_def.output_mappings[output_name], []).append(key.to_user_string())
    return [
        f"{', '.join(keys)} of graph '{node_def.name}' all come from the output '{output}' of its op '{node}': Dagster "
        f"materializes only one of them and fails what reads the others — give each asset an op "
        "output of its own"
        for (node, output), keys in by_source.items()
        if len(keys) > 1
    ]


def _origin_output(assets_def: AssetsDefinition, output_name: str) -> OutputDefinition:
    node_def = assets_def.node_def
    if isinstance(node_def, GraphDefinition):
        return node_def.resolve_output_to_origin(output_name)[0]
    return node_def.output_def_named(output_name)


def collect_resources(assets: Iterable[Any], provided: Mapping[str, Any]) -> dict[str, Any]:
    """Run resources: the given ones plus each definition's own `resource_defs` (conflicts are errors)."""
    resources = dict(provided)
    for item in assets:
        for name, value in getattr(item, "resource_defs", {}).items():
            if name in resources and resources[name] is not value and name not in provided:
                raise DagsterInvalidDefinitionError(
                    f"Conflicting versions of resource with key '{name}' were provided to different assets."
                )
            resources.setdefault(name, value)
    return resources
