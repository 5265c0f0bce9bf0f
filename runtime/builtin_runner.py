"""A run with the builtin engine, inside the worker: alias `dagster`, import the requested modules, check
for unsupported Dagster features, plan the selection and execute it against the filesystem store,
reporting to the recorder."""

from __future__ import annotations

from pathlib import Path

from assetlens.runtime.asset_graph import AssetGraph, Step
from assetlens.runtime.check_execution import CheckOutcome
from assetlens.runtime.context import DagsterRun
from assetlens.runtime.dagster_alias import install_dagster_alias
from assetlens.runtime.errors import DagsterError, UnsupportedByBuiltinEngine
from assetlens.runtime.execution import (
    Executor,
    Materialization,
    RunListener,
    StepFailure,
    collect_resources,
)
from assetlens.runtime.keys import AssetKey
from assetlens.runtime.layout import VALUES_DIR_NAME, prepare_subdir
from assetlens.runtime.loader import collect, import_modules, parse_definitions_ref
from assetlens.runtime.log_bridge import set_run_log_sink
from assetlens.runtime.metadata import metadata_to_json
from assetlens.runtime.partitions import (
    PARTITION_METADATA,
    PARTITIONS_METADATA,
    DagsterUnknownPartitionError,
    describe_partitions,
    expected_versions,
    unknown_partition_refusal,
)
from assetlens.runtime.preflight import scan_modules
from assetlens.runtime.protocol import MaterializeRequest
from assetlens.runtime.recorder import RunRecorder
from assetlens.runtime.value_store import FilesystemStore


class _RecordingListener(RunListener):
    def __init__(self, recorder: RunRecorder, code_versions: dict[tuple[str, ...], str | None]) -> None:
        self.recorder = recorder
        self.code_versions = code_versions

    def step_started(self, step: Step) -> None:
        self.recorder.asset_started([key.parts for key in sorted(step.keys)], step.name)

    def materialized(self, m: Materialization) -> None:
        self.recorder.materialized(
            m.key.parts,
            start=m.start_time,
            end=m.end_time,
            code_version=m.code_version,
            data_version=m.data_version,
            metadata={
                **metadata_to_json(m.metadata),
                **({PARTITION_METADATA: {"type": "text", "value": m.partition}} if m.partition is not None else {}),
                **(
                    {PARTITIONS_METADATA: {"type": "json", "value": describe_partitions(m.partitions_def)}}
                    if m.partitions_def is not None
                    else {}
                ),
            },
            logical_version=m.logical_version,
            input_versions={key.parts: version for key, version in (m.input_versions or {}).items()},
        )

    def step_failed(self, failure: StepFailure) -> None:
        self.recorder.failed(
            [key.parts for key in failure.keys], failure.summary, failure.traceback, code_versions=self.code_versions
        )

    def skipped(self, key: AssetKey, reason: str) -> None:
        self.recorder.skipped_asset(key.parts, reason)

    def log(self, level: str, message: str, step: Step | None) -> None:
        self.recorder.log(level, message)

    def check_evaluated(self, outcome: CheckOutcome) -> None:
        self.recorder.check_evaluated(
            outcome.key.parts,
            outcome.check_name,
            outcome.status,
            severity=outcome.severity,
            blocking=outcome.blocking,
            description=outcome.description,
            metadata=metadata_to_json(outcome.metadata),
            error=outcome.error,
        )


class UnsupportedFeatures(DagsterError):
    """The user's code uses Dagster features the builtin engine does not have (listed)."""


def _partition_versions(recorder: RunRecorder) -> dict[AssetKey, dict[str, str]]:
    """Per partitioned asset, the data version of each partition's latest materialization."""
    versions: dict[AssetKey, dict[str, str]] = {}
    for key, records in recorder.store.partition_history().items():
        for record in records:  # oldest first: the latest of each partition wins
            partition = record.metadata[PARTITION_METADATA].get("value")
            if record.logical_version is not None and isinstance(partition, str):
                versions.setdefault(AssetKey(list(key)), {})[partition] = record.logical_version
    return versions


def run_builtin(request: MaterializeRequest, recorder: RunRecorder) -> str:
    """Returns the run status: success or failure (raises on load errors and cancellation)."""
    from assetlens.runtime import dagster_api

    if request.partition and "..." in request.partition:
        raise UnsupportedFeatures(
            str(
                UnsupportedByBuiltinEngine(
                    f"--partition {request.partition} (a range)",
                    "a range runs as one backfill only for assets with BackfillPolicy.single_run(), which the "
                    "builtin engine does not have",
                )
            )
            + "\nNothing was run."
        )
    install_dagster_alias()
    ref = parse_definitions_ref(request.definitions)
    # as Dagster loads a code location: its Definitions module first (its import-time setup — load_dotenv,
    # environment defaults — happens before the asset modules run), then the modules the selection needs
    definitions_modules = [(import_modules([ref[0]])[0], ref[1])] if ref is not None else []
    modules = import_modules(request.modules)
    uses = scan_modules(Path(request.workspace))
    if uses:
        listed = "\n".join(f"  {use}" for use in uses)
        raise UnsupportedFeatures(
            f"{UnsupportedByBuiltinEngine(uses[0].name)}\nAll uses of features the builtin engine lacks:\n{listed}"
        )
    loaded = collect(modules, dagster_api, definitions_modules, transforms=request.load_transforms)
    graph = AssetGraph(loaded.assets)
    steps = graph.plan(AssetKey(list(key)) for key in request.selection)
    code_versions = {
        key.parts: spec_code_version
        for step in steps
        for key, spec_code_version in step.assets_def.code_versions_by_key.items()
    }
    listener = _RecordingListener(recorder, code_versions)
    executor = Executor(
        graph,
        steps,
        store=FilesystemStore(
            prepare_subdir(request.workspace, VALUES_DIR_NAME), expected_versions(recorder.store)
        ),
        listener=listener,
        run=DagsterRun(
            run_id=recorder.run_id,
            tags={**request.tags, **({"dagster/partition": request.partition} if request.partition else {})},
            run_config=dict(request.run_config),
        ),
        resources=collect_resources(loaded.assets, loaded.resources),
        run_config=request.run_config,
        checks=loaded.checks,
        partition_key=request.partition,
        data_versions={
            AssetKey(list(key)): record.logical_version
            for key, record in recorder.store.latest(status="success").items()
            if record.logical_version is not None
        },
        partition_versions=_partition_versions(recorder),
    )
    set_run_log_sink(lambda level, message: recorder.log(level, message))
    try:
        result = executor.execute()
    except DagsterUnknownPartitionError as error:  # raised before anything runs, as by dagster.materialize
        raise unknown_partition_refusal(
            str(error), request.partition or "", loaded.assets, {tuple(key) for key in request.selection}
        ) from None
    finally:
        set_run_log_sink(None)
    return "success" if result.success else "failure"

