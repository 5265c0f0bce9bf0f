"""Sling replications read statically, and their assets as dagster-sling's default translator names them.

`get_streams_from_replication` + `streams_with_default_dagster_meta` + `DagsterSlingTranslator`:
every stream of `streams:` that is not `disabled`, with `defaults.meta.dagster` merged under the
stream's own `meta.dagster`; key `meta.dagster.asset_key` (dot-separated) else
`["target", *sanitized(object or stream name).split(".")]`; deps `meta.dagster.deps` else the sanitized
stream name split on dots; group `meta.dagster.group`. Each asset points at its stream's key in the
YAML file.
"""
from __future__ import annotations

import re
from copy import deepcopy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assetlens.analyzer.files import read_file
from assetlens.analyzer.facts import AssetFact, DepRef, Problem, Range
from assetlens.analyzer.integrations.yaml_tree import YamlDocument, as_dict, load_yaml

TARGET_PREFIX = "target"


@dataclass
class SlingStream:
    name: str
    config: dict[str, Any]
    range: Range | None


@dataclass
class SlingReplication:
    file: str  # relative to the workspace root
    streams: list[SlingStream]
    problems: list[tuple[Range | None, str]] = field(default_factory=list)
    document: YamlDocument | None = None


def sanitize(name: str) -> str:
    """`DagsterSlingTranslator.sanitize_stream_name` (`clean_name_lower_with_dots` without quotes)."""
    return re.sub(r"[^A-Za-z0-9_.]+", "_", name.replace('"', "")).lower()


def read_replication(workspace_root: Path, file: str, text: str | None = None) -> SlingReplication:
    """The enabled streams of a replication file (a missing or invalid file gives problems, no streams)."""
    if text is None:
        try:
            text = read_file(workspace_root / file).decode("utf-8", errors="replace")
        except OSError as error:
            return SlingReplication(file, [], [(None, f"the Sling replication {file} cannot be read ({error.strerror})")])
    return replication_from_text(file, text)


def replication_from_text(file: str, text: str) -> SlingReplication:
    loaded = load_yaml(text)
    if loaded.error:
        return SlingReplication(file, [], [(loaded.error_range, f"the Sling replication is {loaded.error}")])
    if not loaded.documents or not isinstance(loaded.documents[0].value, dict):
        return SlingReplication(file, [], [(None, "the Sling replication has no `streams:` mapping")])
    document = loaded.documents[0]
    config = document.value
    streams_value = config.get("streams") or {}
    if not isinstance(streams_value, dict):
        return SlingReplication(file, [], [(document.range_of("streams"), "`streams:` is not a mapping")], document)
    default_meta = as_dict(as_dict(as_dict(config.get("defaults")).get("meta")).get("dagster"))
    streams = []
    for name, stream_config in streams_value.items():
        if stream_config and isinstance(stream_config, dict) and stream_config.get("disabled", False):
            continue
        stream_config = deepcopy(stream_config) if isinstance(stream_config, dict) else stream_config
        if default_meta:
            if not stream_config:
                stream_config = {"meta": {"dagster": deepcopy(default_meta)}}
            else:
                stream_config["meta"] = _deep_merge({"dagster": default_meta}, as_dict(stream_config.get("meta")))
        streams.append(SlingStream(str(name), stream_config or {}, document.key_range_of("streams", name)))
    return SlingReplication(file, streams, [], document)


def _deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    result = deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = _deep_merge(result[key], value)
        else:
            result[key] = deepcopy(value)
    return result


def stream_key(stream: SlingStream) -> tuple[tuple[str, ...] | None, str | None]:
    """(key, problem): dagster-sling's `_default_asset_key_fn` (a problem where dagster-sling raises)."""
    config = as_dict(stream.config)
    meta = as_dict(as_dict(config.get("meta")).get("dagster"))
    asset_key = meta.get("asset_key")
    if asset_key:
        if not isinstance(asset_key, str) or sanitize(asset_key) != asset_key:
            return None, f"Asset key {asset_key} for stream {stream.name} is not sanitized (dagster-sling refuses it)"
        return tuple(asset_key.split(".")), None
    name = config.get("object") or stream.name
    return (TARGET_PREFIX, *sanitize(str(name)).split(".")), None


def stream_deps(stream: SlingStream) -> tuple[list[tuple[str, ...]], str | None]:
    config = as_dict(stream.config)
    meta = as_dict(as_dict(config.get("meta")).get("dagster"))
    deps = meta.get("deps")
    if deps and isinstance(deps, str):
        deps = [deps]
    if deps and not isinstance(deps, list):
        return [], f"`meta.dagster.deps` of stream {stream.name} is not a list (dagster-sling refuses it)"
    if deps:
        result = []
        for dep in deps:
            if not isinstance(dep, str) or sanitize(dep) != dep:
                return [], f"Deps Asset key {dep} for stream {stream.name} is not sanitized (dagster-sling refuses it)"
            result.append(tuple(dep.split(".")))
        return result, None
    return [tuple(sanitize(stream.name).split("."))], None


def stream_group(stream: SlingStream) -> str | None:
    meta = as_dict(as_dict(as_dict(stream.config).get("meta")).get("dagster"))
    group = meta.get("group")
    return str(group) if group else None


def sling_asset_facts(
    replication: SlingReplication,
    *,
    op_name: str,
    node_id: str,
    module: str = "",
    key_known: bool = True,
    translate: Any = None,
    origin: str = "sling",
    unresolved_reason: str | None = None,
) -> list[AssetFact]:
    """One AssetFact per stream. `key_known=False` (custom translator): the stream name stays known.
    `translate(stream, key, group, deps) -> (key, group, deps, reason)` applies a component's translation."""
    facts = []
    for stream in replication.streams:
        key, problem = stream_key(stream) if key_known else (None, None)
        deps, deps_problem = stream_deps(stream)
        group = stream_group(stream)
        reason = unresolved_reason if not key_known else None
        if translate is not None and key is not None:
            key, group, deps, reason = translate(stream, key, group, deps)
        problems = tuple(Problem("AL005", message, stream.range) for message in (problem, deps_problem) if message)
        facts.append(AssetFact(
            key=key,
            kind="multi_asset",
            file=replication.file,
            module=module,
            node=op_name,
            output=sanitize(stream.name).replace(".", "_"),
            deps=tuple(DepRef(dep, "sling_stream", stream.range, None, ".".join(dep)) for dep in deps),
            group=group or "default",
            kinds=("sling",),
            decorator_range=stream.range,
            name_range=stream.range,
            def_range=stream.range,
            resolved=key is not None and reason is None,
            unresolved_reason=None if key is not None and reason is None else (reason or f"Sling stream `{stream.name}`: key not known statically"),
            problems=problems,
            node_id=node_id,
            can_subset=True,
            origin=origin,
            known_name=stream.name,
        ))
    return facts
