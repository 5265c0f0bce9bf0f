"""The JSON-lines conversation between a host (CLI, language server) and a worker process, as plain
dataclasses: the `MaterializeRequest` the host sends, the `RunEvent`s the worker streams, the `RunOutcome` of a
run (shaped like the `assetlens.server.materialize` answer in docs/protocol.md)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

Key = tuple[str, ...]
ENGINES = ("builtin", "dagster")
RUN_STATUSES = ("success", "failure", "canceled")


def _key(value: Sequence[str]) -> Key:
    if isinstance(value, str) or not all(isinstance(part, str) for part in value):
        raise ValueError(f"an asset key is a list of strings, got {value!r}")
    return tuple(value)


@dataclass(frozen=True)
class LoadTransform:
    """What a `load_assets_from_modules(...)` call elsewhere in the project does to some modules' assets,
    as plain data, so the worker can apply it without importing the module that makes the call (which
    usually imports the whole project). `modules` are the (imported) modules it applies to; `renamed`
    and `renamed_sources` are every key the call prefixes, across all of its modules, so that
    dependencies on assets of modules that are not imported are prefixed too."""

    modules: tuple[str, ...]
    key_prefix: Key | None = None
    group_name: str | None = None
    source_key_prefix: Key | None = None
    include_specs: bool = False
    renamed: tuple[Key, ...] = ()
    renamed_sources: tuple[Key, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "modules": list(self.modules),
            "key_prefix": list(self.key_prefix) if self.key_prefix is not None else None,
            "group_name": self.group_name,
            "source_key_prefix": list(self.source_key_prefix) if self.source_key_prefix is not None else None,
            "include_specs": self.include_specs,
            "renamed": [list(k) for k in self.renamed],
            "renamed_sources": [list(k) for k in self.renamed_sources],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LoadTransform:
        return cls(
            modules=tuple(str(m) for m in data.get("modules", ())),
            key_prefix=_key(data["key_prefix"]) if data.get("key_prefix") is not None else None,
            group_name=data.get("group_name"),
            source_key_prefix=_key(data["source_key_prefix"]) if data.get("source_key_prefix") is not None else None,
            include_specs=bool(data.get("include_specs", False)),
            renamed=tuple(_key(k) for k in data.get("renamed", ())),
            renamed_sources=tuple(_key(k) for k in data.get("renamed_sources", ())),
        )


@dataclass(frozen=True)
class MaterializeRequest:
    """What to run.

    `modules` are imported (in order) in the worker, with `python_path` entries (default: the workspace)
    first on `sys.path`; `definitions` optionally names a module (`pkg.defs` or `pkg.defs:defs`) whose
    `Definitions` supply resources and (for `--engine dagster`) the assets. `selection` is the exact set
    of keys to materialize (expand upstream/downstream before). `fingerprints` are the caller's (the
    analyzer's) per key, recorded with each materialization. `load_transforms` describe the module
    loaders that give some of these assets their keys and groups (see `LoadTransform`).
    """

    workspace: str
    modules: tuple[str, ...]
    selection: tuple[Key, ...]
    engine: str = "builtin"
    python_path: tuple[str, ...] = ()
    definitions: str | None = None
    fingerprints: tuple[tuple[Key, str], ...] = ()
    run_id: str | None = None
    run_config: dict[str, Any] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)
    load_transforms: tuple[LoadTransform, ...] = ()
    partition: str | None = None  # one partition key, or "START...END" (a range, as Dagster's single-run backfill)

    def __post_init__(self) -> None:
        if self.engine not in ENGINES:
            raise ValueError(f"engine must be one of {ENGINES}, got {self.engine!r}")

    def fingerprint_of(self, key: Sequence[str]) -> str | None:
        return dict(self.fingerprints).get(tuple(key))

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["selection"] = [list(key) for key in self.selection]
        data["fingerprints"] = [[list(key), fp] for key, fp in self.fingerprints]
        data["load_transforms"] = [transform.to_json() for transform in self.load_transforms]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> MaterializeRequest:
        return cls(
            workspace=str(data["workspace"]),
            modules=tuple(str(m) for m in data.get("modules", ())),
            selection=tuple(_key(k) for k in data.get("selection", ())),
            engine=str(data.get("engine", "builtin")),
            python_path=tuple(str(p) for p in data.get("python_path", ())),
            definitions=data.get("definitions"),
            fingerprints=tuple((_key(k), str(fp)) for k, fp in data.get("fingerprints", ())),
            run_id=data.get("run_id"),
            run_config=dict(data.get("run_config") or {}),
            tags={str(k): str(v) for k, v in (data.get("tags") or {}).items()},
            load_transforms=tuple(LoadTransform.from_json(t) for t in data.get("load_transforms", ())),
            partition=str(data["partition"]) if data.get("partition") is not None else None,
        )


@dataclass(frozen=True)
class RunEvent:
    """One line from the worker. `kind` is one of: run_started, log, asset_started, asset_materialized,
    asset_failed, asset_skipped, check_evaluated, run_finished. `data` holds the fields of that kind (keys
    as lists)."""

    kind: str
    data: dict[str, Any]

    def to_line(self) -> str:
        return json.dumps({"event": self.kind, **self.data}, ensure_ascii=False, default=repr)

    @classmethod
    def from_line(cls, line: str) -> RunEvent:
        payload = json.loads(line)
        if not isinstance(payload, dict) or "event" not in payload:
            raise ValueError(f"not a run event: {line[:200]!r}")
        kind = payload.pop("event")
        return cls(str(kind), payload)

    @property
    def key(self) -> Key | None:
        value = self.data.get("key")
        return tuple(value) if value is not None else None

    def log_text(self) -> str:
        """A human line for this event (what the server sends as `window/logMessage`)."""
        key = "/".join(self.data["key"]) if self.data.get("key") else None
        if self.kind == "log":
            return f"[{self.data.get('level', 'INFO')}]{' ' + key if key else ''} {self.data.get('message', '')}"
        if self.kind == "asset_started":
            return "started " + ", ".join("/".join(k) for k in self.data.get("keys", []))
        if self.kind == "asset_materialized":
            return f"materialized {key}"
        if self.kind == "asset_failed":
            names = ", ".join("/".join(k) for k in self.data.get("keys", []))
            return f"failed {names}\n{self.data.get('traceback', '')}"
        if self.kind == "asset_skipped":
            return f"skipped {key}: {self.data.get('reason', '')}"
        if self.kind == "check_evaluated":
            return f"check {self.data.get('check')} on {key}: {self.data.get('status')}"
        if self.kind == "run_started":
            return f"run {self.data.get('run_id')} started ({self.data.get('engine')} engine)"
        if self.kind == "run_finished":
            return f"run {self.data.get('run_id')} finished: {self.data.get('status')}"
        return json.dumps(self.data)


@dataclass(frozen=True)
class RunOutcome:
    """How a run ended: the `assetlens.server.materialize` answer."""

    run_id: str
    status: str  # success | failure | canceled
    failed_key: Key | None = None
    error: str | None = None
    materialized: tuple[Key, ...] = ()
    skipped: tuple[Key, ...] = ()
    refused: bool = False  # nothing ran: the store is unusable, another run holds the workspace, or the request was wrong (an unknown partition)

    def to_protocol(self) -> dict[str, Any]:
        return {
            "runId": self.run_id,
            "status": self.status,
            "failedKey": list(self.failed_key) if self.failed_key is not None else None,
            "error": self.error,
            "materialized": [list(key) for key in self.materialized],
        }

    @classmethod
    def from_event(cls, event: RunEvent) -> RunOutcome:
        data = event.data
        return cls(
            run_id=str(data["run_id"]),
            status=str(data["status"]),
            failed_key=tuple(data["failed_key"]) if data.get("failed_key") else None,
            error=data.get("error"),
            materialized=tuple(tuple(k) for k in data.get("materialized", [])),
            skipped=tuple(tuple(k) for k in data.get("skipped", [])),
            refused=bool(data.get("refused", False)),
        )
