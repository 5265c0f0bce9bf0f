"""A run with real Dagster (`--engine dagster`), inside the worker: the user's definitions and resources,
`dagster.materialize` on the selection, values through an IO manager that reads and writes the same
`.assetlens/storage` store as the builtin engine, and every event recorded in the same run store."""

from __future__ import annotations

import json
import os
import pickle
from typing import Any

from assetlens.runtime.layout import VALUES_DIR_NAME, prepare_subdir
from assetlens.runtime.loader import collect, import_modules, parse_definitions_ref
from assetlens.runtime.partitions import (
    PARTITION_METADATA,
    PARTITIONS_METADATA,
    describe_partitions,
    expected_versions,
    unknown_partition_refusal,
)
from assetlens.runtime.protocol import MaterializeRequest
from assetlens.runtime.recorder import RunRecorder
from assetlens.runtime.value_store import PICKLE_PROTOCOL, FilesystemStore, StoreError

_LOGGED_EVENTS = {"STEP_START", "STEP_SUCCESS", "STEP_FAILURE", "STEP_SKIPPED", "ASSET_MATERIALIZATION", "RUN_FAILURE"}


def _metadata_json(metadata: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Dagster's MetadataValue objects as the run store records them ({"type", "value"})."""
    result = {}
    for label, value in metadata.items():
        kind = type(value).__name__.removesuffix("MetadataValue").lower() or "text"
        kind = {"markdown": "md", "dagsterasset": "asset", "dagsterrun": "dagster_run"}.get(kind, kind)
        raw = getattr(value, "value", value)
        if hasattr(raw, "path") and kind == "asset":
            raw = list(raw.path)
        elif kind == "path":
            raw = str(raw)
        try:
            json.dumps(raw)
        except TypeError:
            raw = repr(raw)
        result[label] = {"type": kind, "value": raw}
    return result


PARTITION_PART = "\x00partition="  # a key part no asset key has: where one partition's value is stored


def _storage_key(key: tuple[str, ...], partition: str | None) -> tuple[str, ...]:
    return key if partition is None else (*key, PARTITION_PART + partition)


def _store_io_manager(dg: Any, store: FilesystemStore, data_versions: dict[tuple[str, ...], str | None]) -> Any:
    """Asset values in `.assetlens/storage` (as the builtin engine stores them), one file per partition of
    a partitioned asset (recorded with `dagster/partition` metadata, so later runs of either engine load it);
    op outputs in memory."""
    intermediate: dict[tuple[str, str], bytes] = {}

    class AssetlensStoreIOManager(dg.IOManager):
        def handle_output(self, context: Any, obj: Any) -> None:
            if context.has_asset_key:
                key = tuple(context.asset_key.path)
                if context.has_asset_partitions:
                    for partition in context.asset_partition_keys:
                        data_versions[_storage_key(key, partition)] = store.save(_storage_key(key, partition), obj).data_version
                else:
                    data_versions[key] = store.save(key, obj).data_version
            else:
                intermediate[(context.step_key, context.name)] = pickle.dumps(obj, protocol=PICKLE_PROTOCOL)

        def load_input(self, context: Any) -> Any:
            if context.has_asset_key:
                key = tuple(context.asset_key.path)
                if context.has_asset_partitions:
                    partitions = list(context.asset_partition_keys)
                    values = {partition: store.load(_storage_key(key, partition)) for partition in partitions}
                    # as Dagster's default IO manager: none, the one value, or a dict by partition key
                    return None if not values else next(iter(values.values())) if len(values) == 1 else values
                return store.load(key)
            upstream = context.upstream_output
            return pickle.loads(intermediate[(upstream.step_key, upstream.name)])

    return AssetlensStoreIOManager()


def run_dagster(request: MaterializeRequest, recorder: RunRecorder) -> str:
    import dagster as dg

    definitions_modules = []
    ref = parse_definitions_ref(request.definitions)
    if ref is not None:  # first, as Dagster loads a code location (its import-time setup runs first)
        definitions_modules.append((import_modules([ref[0]])[0], ref[1]))
    modules = import_modules(request.modules)
    loaded = collect(modules, dg, definitions_modules, transforms=request.load_transforms)
    resources = dict(loaded.resources)
    data_versions: dict[tuple[str, ...], str | None] = {}
    stores_values = "io_manager" not in resources
    if stores_values:
        recorded = expected_versions(recorder.store)  # a partition's file: the latest record of that partition

        def expected(key: tuple[str, ...]) -> str | None:
            return data_versions[key] if key in data_versions else recorded(key)

        store = FilesystemStore(prepare_subdir(request.workspace, VALUES_DIR_NAME), expected)
        resources["io_manager"] = _store_io_manager(dg, store, data_versions)
    code_versions: dict[tuple[str, ...], str | None] = {}
    described: dict[tuple[str, ...], dict[str, Any]] = {}  # partitions definitions, recorded with each partition
    keys_by_node: dict[str, list[tuple[str, ...]]] = {}
    check_steps: dict[str, list[tuple[tuple[str, ...], str, bool]]] = {}  # graph ops feeding check outputs
    for item in loaded.assets:
        if isinstance(item, dg.AssetsDefinition) and item.is_executable:
            for key, spec in item.specs_by_key.items():
                code_versions[tuple(key.path)] = spec.code_version
                if item.partitions_def is not None:
                    described[tuple(key.path)] = describe_partitions(item.partitions_def)
            keys_by_node[item.node_def.name] = sorted(tuple(key.path) for key in item.keys)
            check_steps.update(_graph_check_steps(dg, item))
    selection = {tuple(key) for key in request.selection}
    # the selection's asset checks, which Dagster runs with their assets
    checks = [
        check
        for check in loaded.checks
        if check.check_keys and all(tuple(k.asset_key.path) in selection for k in check.check_keys)
    ]
    checks_by_node = {
        check.node_def.name: [
            (tuple(spec.asset_key.path), spec.name, bool(spec.blocking)) for spec in check.check_specs
        ]
        for check in checks
    }
    evaluated: set[tuple[tuple[str, ...], str]] = set()
    step_started: dict[str, float] = {}
    outcome: set[tuple[str, ...]] = set()

    def step_keys(step_key: str | None) -> list[tuple[str, ...]]:
        node = (step_key or "").split(".")[0]
        return [key for key in keys_by_node.get(node, []) if key in selection]

    def on_event(entry: Any) -> None:
        event = entry.dagster_event
        if event is None:
            recorder.log(_level_name(entry.level), entry.user_message)
            return
        kind = event.event_type_value
        if kind in _LOGGED_EVENTS:
            recorder.log(_level_name(entry.level), f"{kind} {event.step_key or ''} {event.message or ''}".strip())
        if kind == "STEP_START":
            step_started[event.step_key] = entry.timestamp
            if event.step_key not in check_steps:  # a graph op that only checks its asset starts no asset
                recorder.asset_started(step_keys(event.step_key), event.step_key)
        elif kind == "ASSET_MATERIALIZATION":
            materialization = event.event_specific_data.materialization
            key = tuple(materialization.asset_key.path)
            outcome.add(key)
            logical, inputs = _provenance(materialization.tags or {})
            partition = materialization.partition  # recorded as the builtin engine records it
            recorder.materialized(
                key,
                start=step_started.get(event.step_key) or entry.timestamp,
                end=entry.timestamp,
                code_version=code_versions.get(key),
                data_version=data_versions.get(_storage_key(key, partition)) if stores_values else None,
                metadata={
                    **_metadata_json(dict(materialization.metadata)),
                    **({"dagster/partition": {"type": "text", "value": partition}} if partition else {}),
                    **(
                        {PARTITIONS_METADATA: {"type": "json", "value": described[key]}}
                        if partition and key in described
                        else {}
                    ),
                },
                logical_version=logical,
                input_versions=inputs,
            )
        elif kind == "ASSET_CHECK_EVALUATION":
            evaluation = event.event_specific_data
            key = tuple(evaluation.asset_key.path)
            recorder.check_evaluated(
                key,
                evaluation.check_name,
                "passed" if evaluation.passed else "failed",
                severity=str(getattr(evaluation.severity, "value", evaluation.severity)),
                blocking=bool(evaluation.blocking),
                description=evaluation.description,
                metadata=_metadata_json(dict(evaluation.metadata or {})),
                error=None,
            )
            evaluated.add((key, evaluation.check_name))
        elif kind == "STEP_FAILURE" and (
            event.step_key in check_steps or (event.step_key or "").split(".")[0] in checks_by_node
        ):  # a check's step: a check that raised is an error; a failed blocking one was already evaluated
            summary, text = _user_error(event.event_specific_data.error)
            specs = check_steps.get(event.step_key) or checks_by_node[(event.step_key or "").split(".")[0]]
            for key, name, blocking in specs:
                if (key, name) not in evaluated:
                    recorder.check_evaluated(
                        key, name, "error", severity="ERROR", blocking=blocking, description=None, metadata={}, error=text
                    )
        elif kind == "STEP_FAILURE":
            summary, text = _user_error(event.event_specific_data.error)
            keys = [key for key in step_keys(event.step_key) if key not in outcome]
            outcome.update(keys)
            recorder.failed(keys, summary, text, code_versions=code_versions)
        elif kind == "STEP_SKIPPED":
            for key in step_keys(event.step_key):
                if key not in outcome:
                    outcome.add(key)
                    recorder.skipped_asset(key, "skipped by Dagster (an upstream output was not produced)")
        elif kind == "STEP_SUCCESS":
            for key in step_keys(event.step_key):
                if key not in outcome and event.step_key.split(".")[0] == event.step_key:
                    outcome.add(key)
                    recorder.skipped_asset(key, "its compute function did not yield it (the output is not required)")
            recorder.step_done()

    instance = dg.DagsterInstance.ephemeral()
    original = instance.handle_new_event

    def handle_new_event(entry: Any, **kwargs: Any) -> None:
        original(entry, **kwargs)
        on_event(entry)

    _seed_data_versions(dg, instance, loaded.assets, selection, recorder)
    instance.handle_new_event = handle_new_event  # type: ignore[method-assign]
    _check_range(request.partition, loaded.assets, selection)
    try:
        result = _materialize(dg, request, loaded, checks, resources, instance)
    except dg.DagsterUnknownPartitionError as error:  # raised by dagster.materialize before the run
        raise unknown_partition_refusal(str(error), request.partition or "", loaded.assets, selection) from None
    for key in sorted(selection - outcome):
        recorder.skipped_asset(key, "not run: an upstream asset failed")
    return "success" if result.success else "failure"


def _check_range(partition: str | None, assets: list[Any], selection: set[tuple[str, ...]]) -> None:
    """A range whose ends the selection's partitions do not have is refused before the run, with Dagster's
    words (which it would otherwise raise from deep inside the run, as a traceback)."""
    if not partition or "..." not in partition:
        return
    start, _, end = (part.strip() for part in partition.partition("..."))
    for item in assets:
        partitions_def = getattr(item, "partitions_def", None)
        if partitions_def is None or not any(tuple(key.path) in selection for key in getattr(item, "keys", ())):
            continue
        try:
            missing = [key for key in dict.fromkeys((start, end)) if not partitions_def.has_partition_key(key)]
        except Exception:  # noqa: BLE001 - dynamic partitions need an instance: Dagster decides in the run
            return
        if missing:
            raise unknown_partition_refusal(
                f"Partition range {start} to {end} is not a valid range. Nonexistent partition keys: {missing}",
                partition,
                assets,
                selection,
            )
        return


def _graph_check_steps(dg: Any, assets_def: Any) -> dict[str, list[tuple[tuple[str, ...], str, bool]]]:
    """The steps (`graph.op`) of a graph-backed asset's ops that feed only its check outputs
    (`@graph_asset(check_specs=...)`): Dagster runs each as a step of its own."""
    node_def = assets_def.node_def
    if not isinstance(node_def, dg.GraphDefinition) or not assets_def.check_specs_by_output_name:
        return {}
    feeding: dict[str, list[tuple[tuple[str, ...], str, bool]]] = {}
    others: set[str] = set()
    for output_name in (out.name for out in node_def.output_defs):
        op_name = node_def.get_output_mapping(output_name).maps_from.node_name
        spec = assets_def.check_specs_by_output_name.get(output_name)
        if spec is None:
            others.add(op_name)
        else:
            feeding.setdefault(op_name, []).append((tuple(spec.asset_key.path), spec.name, bool(spec.blocking)))
    return {f"{node_def.name}.{op}": specs for op, specs in feeding.items() if op not in others}


def _materialize(dg: Any, request: MaterializeRequest, loaded: Any, checks: list[Any], resources: dict, instance: Any) -> Any:
    """`dagster.materialize` of the selection, with its checks, into the run store's events."""
    return dg.materialize(
        [*loaded.assets, *checks],
        selection=[dg.AssetKey(list(key)) for key in request.selection],
        resources=resources,
        instance=instance,
        raise_on_error=False,
        run_config=_quiet_console(request.run_config),
        tags={**request.tags, **_range_tags(request.partition)} or None,
        partition_key=request.partition if request.partition and "..." not in request.partition else None,
    )


_DATA_VERSION_TAG = "dagster/data_version"
_INPUT_VERSION_PREFIX = "dagster/input_data_version/"


def _provenance(tags: dict[str, str]) -> tuple[str | None, dict[tuple[str, ...], str] | None]:
    """Dagster's data version of a materialization and the input data versions, from its tags."""
    logical = tags.get(_DATA_VERSION_TAG)
    if logical is None:
        return None, None
    inputs = {
        tuple(name[len(_INPUT_VERSION_PREFIX) :].split("/")): value
        for name, value in tags.items()
        if name.startswith(_INPUT_VERSION_PREFIX)
    }
    return logical, inputs


def _seed_data_versions(dg: Any, instance: Any, assets: list[Any], selection: set[tuple[str, ...]], recorder: RunRecorder) -> None:
    """Tell Dagster's (ephemeral) instance the current data versions of the selection's upstream assets
    that this run does not materialize, from the run store, so the provenance Dagster records for the
    selected assets is the one a persistent Dagster instance would record."""
    upstream: set[tuple[str, ...]] = set()
    for item in assets:
        if isinstance(item, dg.AssetsDefinition):
            for key, deps in item.asset_deps.items():
                if tuple(key.path) in selection:
                    upstream.update(tuple(dep.path) for dep in deps)
    upstream -= selection
    if not upstream:
        return
    latest = recorder.store.latest(upstream, status="success")
    partitions = recorder.store.partition_history()
    for key, record in sorted(latest.items()):
        # each partition's latest data version (in the order they were recorded), then the asset's latest
        seeded: dict[str, Any] = {}
        for partition_record in partitions.get(key, []):
            if isinstance(partition_record.metadata[PARTITION_METADATA].get("value"), str):
                seeded[partition_record.metadata[PARTITION_METADATA]["value"]] = partition_record
        for partition, partition_record in sorted(seeded.items(), key=lambda item: item[1].end_time):
            same = (partition_record.run_id, partition_record.end_time) == (record.run_id, record.end_time)
            if not same and partition_record.logical_version is not None:
                instance.report_runless_asset_event(
                    dg.AssetMaterialization(
                        asset_key=list(key), partition=partition, tags={_DATA_VERSION_TAG: partition_record.logical_version}
                    )
                )
        if record.logical_version is not None:
            recorded_partition = record.metadata.get(PARTITION_METADATA)
            instance.report_runless_asset_event(
                dg.AssetMaterialization(
                    asset_key=list(key),
                    partition=recorded_partition.get("value") if isinstance(recorded_partition, dict) else None,
                    tags={_DATA_VERSION_TAG: record.logical_version},
                )
            )


def _range_tags(partition: str | None) -> dict[str, str]:
    """A partition range as Dagster spells it for one run (`dagster/asset_partition_range_start|end`)."""
    if not partition or "..." not in partition:
        return {}
    start, _, end = partition.partition("...")
    return {"dagster/asset_partition_range_start": start.strip(), "dagster/asset_partition_range_end": end.strip()}


def _quiet_console(run_config: dict[str, Any]) -> dict[str, Any]:
    """Dagster's console logger would repeat on stderr what the event hook already records."""
    if "loggers" in run_config:
        return run_config
    return {**run_config, "loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}


def _user_error(error: Any) -> tuple[str, str]:
    """(summary, traceback) of a step failure: the innermost cause (the user's exception) with the frames
    outside Dagster's own code."""
    if error is None:
        return "step failed", "step failed"
    innermost = error
    while getattr(innermost, "cause", None) is not None:
        innermost = innermost.cause
    engine = os.path.dirname(os.path.abspath(__file__)) + os.sep
    frames = [
        frame
        for frame in innermost.stack
        if f"{os.sep}dagster{os.sep}" not in frame and engine not in frame and "<frozen " not in frame
    ]
    message = innermost.message.strip()
    if message.startswith("dagster._core.errors."):  # Dagster's own error, named as the user imports it
        message = message[len("dagster._core.errors.") :]
    if getattr(innermost, "cls_name", None) in ("StoreError", "StoreProblem", "RunStoreError"):
        message = message.split(": ", 1)[1] if message.startswith(("assetlens.", "StoreError")) else message
        frames = []
    text = ("Traceback (most recent call last):\n" + "".join(frames) if frames else "") + message
    return (message.splitlines() or ["step failed"])[0], text


def _level_name(level: int | str) -> str:
    if isinstance(level, str):
        return level.upper()
    return {10: "DEBUG", 20: "INFO", 30: "WARNING", 40: "ERROR", 50: "CRITICAL"}.get(level, "INFO")
