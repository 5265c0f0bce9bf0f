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
from assetlens.runtime.protocol import MaterializeRequest
from assetlens.runtime.recorder import RunRecorder
from assetlens.runtime.value_store import PICKLE_PROTOCOL, FilesystemStore

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


def _store_io_manager(dg: Any, store: FilesystemStore, data_versions: dict[tuple[str, ...], str | None]) -> Any:
    intermediate: dict[tuple[str, str], bytes] = {}

    class AssetlensStoreIOManager(dg.IOManager):
        """Asset values in `.assetlens/storage` (as the builtin engine stores them); op outputs in memory."""

        def handle_output(self, context: Any, obj: Any) -> None:
            if context.has_asset_key:
                key = tuple(context.asset_key.path)
                data_versions[key] = store.save(key, obj).data_version
            else:
                intermediate[(context.step_key, context.name)] = pickle.dumps(obj, protocol=PICKLE_PROTOCOL)

        def load_input(self, context: Any) -> Any:
            if context.has_asset_key:
                return store.load(tuple(context.asset_key.path))
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
        recorded = recorder.store.stored_versions()

        def expected(key: tuple[str, ...]) -> str | None:
            return data_versions[key] if key in data_versions else recorded.get(key)

        store = FilesystemStore(prepare_subdir(request.workspace, VALUES_DIR_NAME), expected)
        resources["io_manager"] = _store_io_manager(dg, store, data_versions)
    code_versions: dict[tuple[str, ...], str | None] = {}
    keys_by_node: dict[str, list[tuple[str, ...]]] = {}
    for item in loaded.assets:
        if isinstance(item, dg.AssetsDefinition) and item.is_executable:
            for key, spec in item.specs_by_key.items():
                code_versions[tuple(key.path)] = spec.code_version
            keys_by_node[item.node_def.name] = sorted(tuple(key.path) for key in item.keys)
    selection = {tuple(key) for key in request.selection}
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
            recorder.asset_started(step_keys(event.step_key), event.step_key)
        elif kind == "ASSET_MATERIALIZATION":
            materialization = event.event_specific_data.materialization
            key = tuple(materialization.asset_key.path)
            outcome.add(key)
            recorder.materialized(
                key,
                start=step_started.get(event.step_key) or entry.timestamp,
                end=entry.timestamp,
                code_version=code_versions.get(key),
                data_version=data_versions.get(key) if stores_values else None,
                metadata=_metadata_json(dict(materialization.metadata)),
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

    instance.handle_new_event = handle_new_event  # type: ignore[method-assign]
    result = dg.materialize(
        loaded.assets,
        selection=[dg.AssetKey(list(key)) for key in request.selection],
        resources=resources,
        instance=instance,
        raise_on_error=False,
        run_config=_quiet_console(request.run_config),
        tags=dict(request.tags) or None,
    )
    for key in sorted(selection - outcome):
        recorder.skipped_asset(key, "not run: an upstream asset failed")
    return "success" if result.success else "failure"


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
    frames = [frame for frame in innermost.stack if f"{os.sep}dagster{os.sep}" not in frame]
    message = innermost.message.strip()
    text = ("Traceback (most recent call last):\n" + "".join(frames) if frames else "") + message
    return (message.splitlines() or ["step failed"])[0], text


def _level_name(level: int | str) -> str:
    if isinstance(level, str):
        return level.upper()
    return {10: "DEBUG", 20: "INFO", 30: "WARNING", 40: "ERROR", 50: "CRITICAL"}.get(level, "INFO")
