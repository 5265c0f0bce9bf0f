"""dbt projects read statically, and their assets as dagster-dbt's default translator names them.

Two sources, one model (`DbtNode`):

- `target/manifest.json` when it exists (what `dbt parse` writes; dagster-dbt reads the same file);
- otherwise the project's own files: `dbt_project.yml` (paths, `+schema`/`+tags`/`+meta`/`+group`/
  `+materialized`/`+enabled` per folder), `models/**/*.sql|py` (`ref()`, `source()`, `config()`),
  properties YAML (`models:`, `seeds:`, `snapshots:`, `sources:` with `config`/`meta`/`tags`), seeds
  (`*.csv`), snapshots (`{% snapshot %}` blocks and YAML snapshots).

Keys follow `dagster_dbt.asset_utils.default_asset_key_fn`: `meta.dagster.asset_key`, else
`[source_name, table]` for sources, else `[schema, name]` when a custom schema is configured, else
`[name]`. Groups follow `default_group_from_dbt_resource_props` (`meta.dagster.group`, then the dbt
group). Dependencies skip ephemeral models as dagster-dbt does. Anything Jinja hides (a `ref(var)`,
a `config(schema=var(...))`) makes that model's key or dependency unresolved, never guessed.
"""
from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from assetlens.analyzer.files import is_dir, is_file, read_file, rglob
from assetlens.analyzer.facts import AssetFact, DepRef, Problem, Range
from assetlens.analyzer.integrations.yaml_tree import YamlDocument, as_dict, as_list, load_yaml

# a real project's manifest.json runs to tens or hundreds of MB; anything larger is not read
MANIFEST_LIMIT = 512 * 1024 * 1024

ASSET_RESOURCE_TYPES = ("model", "seed", "snapshot")
CONFIG_KEYS = frozenset({
    "schema", "tags", "meta", "materialized", "enabled", "group", "alias", "database", "docs",
    "persist_docs", "full_refresh", "unique_key", "incremental_strategy", "on_schema_change", "pre-hook",
    "post-hook", "grants", "contract", "access", "quote_columns", "column_types", "delimiter",
    "strategy", "updated_at", "target_schema", "target_database", "check_cols", "sql_header", "batch_size",
    "event_time", "lookback", "begin", "concurrent_batches", "packages", "submission_method",
})
MAX_FILES = 20000


class Unknown:
    """A value Jinja computes (a `var()`, an `env_var()`, a macro call): not known statically."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return f"Unknown({self.text!r})"


@dataclass
class DbtNode:
    """One dbt resource (model, seed, snapshot, source, or another kind that only matters for selection)."""

    unique_id: str
    resource_type: str
    name: str
    package: str
    fqn: tuple[str, ...]
    path: str  # original_file_path, relative to the dbt project folder
    file: str  # relative to the workspace root (posix)
    range: Range | None = None
    config: dict[str, Any] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)  # the resource's top-level `meta`
    tags: tuple[str, ...] = ()
    depends_on: list[str] = field(default_factory=list)
    dep_ranges: dict[str, list[Range]] = field(default_factory=dict)  # upstream unique id -> ref() ranges
    source_name: str | None = None
    version: Any = None
    alias: str | None = None
    unknown: list[str] = field(default_factory=list)  # what Jinja hid (makes the key unresolved)
    unresolved_refs: list[tuple[str, Range | None]] = field(default_factory=list)

    @property
    def enabled(self) -> bool:
        return self.config.get("enabled", True) is not False

    @property
    def materialized(self) -> Any:
        return self.config.get("materialized")

    def is_asset(self) -> bool:
        return self.resource_type in ASSET_RESOURCE_TYPES and self.materialized != "ephemeral"


@dataclass
class DbtProjectInfo:
    """A dbt project: its nodes (by unique id) and what could not be read."""

    name: str
    folder: str  # relative to the workspace root ("" = the root)
    nodes: dict[str, DbtNode]
    adapter_type: str | None = None
    from_manifest: bool = False
    problems: list[tuple[str, Range | None, str]] = field(default_factory=list)  # (file, range, message)
    project_file: str = ""


# ------------------------------------------------------------------ loading
def load_dbt_project(workspace_root: Path, folder: str, *, prefer_manifest: bool = True, target_path: str = "target") -> DbtProjectInfo | None:
    """The dbt project in `folder` (relative to the workspace root), or None when it has no
    `dbt_project.yml`. Reads `<target_path>/manifest.json` when present and `prefer_manifest`."""
    project_dir = workspace_root / folder if folder else workspace_root
    project_yml = project_dir / "dbt_project.yml"
    if not is_file(project_yml):
        return None
    manifest = project_dir / target_path / "manifest.json"
    if prefer_manifest and is_file(manifest):
        try:
            data = json.loads(read_file(manifest, limit=MANIFEST_LIMIT))
            return project_from_manifest(data, workspace_root, folder, manifest)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            pass  # an unreadable manifest: fall back to the sources
    return project_from_sources(workspace_root, folder)


def _rel(workspace_root: Path, path: Path) -> str:
    try:
        return path.resolve().relative_to(workspace_root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def project_from_manifest(data: dict[str, Any], workspace_root: Path, folder: str, manifest_path: Path | None = None) -> DbtProjectInfo:
    """Nodes from a `manifest.json` (the file dagster-dbt reads)."""
    project_dir = workspace_root / folder if folder else workspace_root
    if not isinstance(data, dict):
        raise ValueError("manifest.json is not an object")
    metadata = as_dict(data.get("metadata"))
    nodes: dict[str, DbtNode] = {}
    project_name = str(metadata.get("project_name") or "")
    for collection in ("nodes", "sources", "exposures", "metrics", "semantic_models", "saved_queries", "unit_tests"):
        for unique_id, props in as_dict(data.get(collection)).items():
            if not isinstance(props, dict) or not isinstance(unique_id, str):
                continue
            path = str(props.get("original_file_path") or props.get("path") or "")
            node = DbtNode(
                unique_id=unique_id,
                resource_type=str(props.get("resource_type") or unique_id.split(".")[0]),
                name=str(props.get("name") or unique_id.split(".")[-1]),
                package=str(props.get("package_name") or ""),
                fqn=tuple(str(part) for part in as_list(props.get("fqn"))),
                path=path,
                file=_rel(workspace_root, project_dir / path) if path else "",
                config=dict(as_dict(props.get("config"))),
                meta=dict(as_dict(props.get("meta"))),
                tags=tuple(str(tag) for tag in as_list(props.get("tags"))),
                depends_on=[str(n) for n in as_list(as_dict(props.get("depends_on")).get("nodes"))],
                source_name=props.get("source_name") if isinstance(props.get("source_name"), str) else None,
                version=props.get("version"),
                alias=props.get("alias"),
            )
            nodes[unique_id] = node
    info = DbtProjectInfo(project_name, folder, nodes, metadata.get("adapter_type"), True,
                          project_file=_rel(workspace_root, project_dir / "dbt_project.yml"))
    _locate(info, workspace_root)
    return info


def _locate(info: DbtProjectInfo, workspace_root: Path) -> None:
    """Ranges for manifest nodes: a model's `.sql` file (its first line), a source's `name:` in YAML."""
    texts: dict[str, YamlDocument | None] = {}
    for node in info.nodes.values():
        if node.range is not None or not node.file:
            continue
        if node.resource_type == "source":
            document = texts.get(node.file, False)
            if document is False:
                document = _first_document(workspace_root / node.file)
                texts[node.file] = document
            node.range = _source_range(document, node.source_name or "", node.name) if document else None
        else:
            node.range = Range(1, 0, 1, 0)


def _first_document(path: Path) -> YamlDocument | None:
    try:
        loaded = load_yaml(read_file(path).decode("utf-8", errors="replace"))
    except OSError:
        return None
    return loaded.documents[0] if loaded.documents else None


def _source_range(document: YamlDocument, source: str, table: str) -> Range | None:
    value = document.value if isinstance(document.value, dict) else {}
    for s_index, entry in enumerate(as_list(value.get("sources"))):
        if isinstance(entry, dict) and entry.get("name") == source:
            for t_index, table_entry in enumerate(as_list(entry.get("tables"))):
                if isinstance(table_entry, dict) and table_entry.get("name") == table:
                    return document.range_of("sources", s_index, "tables", t_index, "name")
    return None


def project_from_sources(workspace_root: Path, folder: str) -> DbtProjectInfo:
    """Nodes from the project's own files (no dbt run, no manifest)."""
    return _SourceReader(workspace_root, folder).read()


class _SourceReader:
    def __init__(self, workspace_root: Path, folder: str) -> None:
        self.workspace_root = workspace_root
        self.folder = folder
        self.dir = workspace_root / folder if folder else workspace_root
        self.problems: list[tuple[str, Range | None, str]] = []
        self.nodes: dict[str, DbtNode] = {}
        self.pending_refs: dict[str, list[tuple[tuple[Any, ...], Range | None, str]]] = {}
        self.file_configs: dict[str, dict[str, Any]] = {}  # config() in the .sql/.py file
        self.yaml_configs: dict[str, dict[str, Any]] = {}  # properties YAML
        self.versioned: set[str] = set()  # names of versioned models (`ref` to them: not followed)
        self.project_file = _rel(workspace_root, self.dir / "dbt_project.yml")

    def read(self) -> DbtProjectInfo:
        loaded = load_yaml(_read_text(self.dir / "dbt_project.yml"))
        project = loaded.documents[0].value if loaded.documents and isinstance(loaded.documents[0].value, dict) else {}
        if loaded.error:
            self.problems.append((self.project_file, loaded.error_range, f"dbt_project.yml is {loaded.error}"))
        self.name = str(project.get("name") or self.dir.name)
        self.project = project
        model_paths = _paths(project.get("model-paths") or project.get("source-paths"), ["models"])
        seed_paths = _paths(project.get("seed-paths") or project.get("data-paths"), ["seeds"])
        snapshot_paths = _paths(project.get("snapshot-paths"), ["snapshots"])
        for base in model_paths:
            for path in self._files(base, (".sql", ".py")):
                self._model(path, base)
        for base in seed_paths:
            for path in self._files(base, (".csv",)):
                self._seed(path, base)
        for base in snapshot_paths:
            for path in self._files(base, (".sql",)):
                self._snapshot_file(path, base)
        for base in sorted(set(model_paths + seed_paths + snapshot_paths)):
            for path in self._files(base, (".yml", ".yaml")):
                self._properties(path)
        self._resolve_refs()
        return DbtProjectInfo(self.name, self.folder, self.nodes, _adapter(self.dir, project), False,
                              self.problems, self.project_file)

    # ---------------------------------------------------------------- files
    def _files(self, base: str, suffixes: tuple[str, ...]) -> list[Path]:
        root = self.dir / base
        if not is_dir(root):
            return []
        found = []
        for path in rglob(root):
            if path.suffix in suffixes and is_file(path) and not any(part.startswith(".") for part in path.relative_to(self.dir).parts):
                found.append(path)
                if len(found) > MAX_FILES:
                    break
        return found

    def _file(self, path: Path) -> str:
        return _rel(self.workspace_root, path)

    def _fqn(self, path: Path, base: str, name: str) -> tuple[str, ...]:
        folders = path.relative_to(self.dir / base).parent.parts
        return (self.name, *folders, name)

    def _project_config(self, resource: str, fqn: tuple[str, ...]) -> dict[str, Any]:
        """`models:`/`seeds:`/`snapshots:` in dbt_project.yml, from the least to the most specific level."""
        config: dict[str, Any] = {}
        level = self.project.get(resource)
        _merge(config, _level_config(level))
        for part in fqn:
            if not isinstance(level, dict):
                break
            level = level.get(part)
            _merge(config, _level_config(level))
        return config

    def _add(self, node: DbtNode) -> None:
        if node.unique_id in self.nodes and self.nodes[node.unique_id].enabled and node.enabled:
            self.problems.append((node.file, node.range, f"dbt: two resources named {node.name!r} ({node.unique_id})"))
        if node.unique_id not in self.nodes or node.enabled:
            self.nodes[node.unique_id] = node

    # --------------------------------------------------------------- models
    def _model(self, path: Path, base: str) -> None:
        name = path.stem
        fqn = self._fqn(path, base, name)
        text = _read_text(path)
        node = DbtNode(f"model.{self.name}.{name}", "model", name, self.name, fqn,
                       path.relative_to(self.dir).as_posix(), self._file(path), Range(1, 0, 1, 0),
                       config=self._project_config("models", fqn))
        self._jinja(node, text, python=path.suffix == ".py")
        self._add(node)

    def _seed(self, path: Path, base: str) -> None:
        name = path.stem
        fqn = self._fqn(path, base, name)
        node = DbtNode(f"seed.{self.name}.{name}", "seed", name, self.name, fqn,
                       path.relative_to(self.dir).as_posix(), self._file(path), Range(1, 0, 1, 0),
                       config=self._project_config("seeds", fqn))
        self._add(node)

    def _snapshot_file(self, path: Path, base: str) -> None:
        text = _read_text(path)
        for match in re.finditer(r"{%-?\s*snapshot\s+(\w+)\s*-?%}(.*?){%-?\s*endsnapshot\s*-?%}", text, re.S):
            name = match.group(1)
            fqn = (*self._fqn(path, base, path.stem), name)
            start = _position(text, match.start(1))
            node = DbtNode(f"snapshot.{self.name}.{name}", "snapshot", name, self.name, fqn,
                           path.relative_to(self.dir).as_posix(), self._file(path),
                           Range(start[0], start[1], start[0], start[1] + len(name)),
                           config=self._project_config("snapshots", fqn))
            self._jinja(node, text, offset=match.start(2), end=match.end(2))
            self._add(node)

    def _jinja(self, node: DbtNode, text: str, *, python: bool = False, offset: int = 0, end: int | None = None) -> None:
        """ref()/source()/config() calls of one model or snapshot body."""
        body = text[offset:end] if end is not None else text[offset:]
        body = re.sub(r"{#.*?#}", lambda m: " " * len(m.group(0)), body, flags=re.S)
        if python:
            pattern = re.compile(r"\bdbt\s*\.\s*(ref|source|config)\s*\(")
            blocks = [(0, len(body))]
        else:
            pattern = re.compile(r"\b(ref|source|config)\s*\(")
            blocks = [(m.start(), m.end()) for m in re.finditer(r"{{.*?}}|{%.*?%}", body, re.S)]
        in_call_config: dict[str, Any] = {}
        for block_start, block_end in blocks:
            block = body[block_start:block_end]
            for match in pattern.finditer(block):
                call_start = block_start + match.start()
                close = _closing_paren(body, block_start + match.end() - 1)
                if close is None:
                    continue
                args_text = body[block_start + match.end(): close]
                start = _position(text, offset + call_start)
                stop = _position(text, offset + close + 1)
                where = Range(start[0], start[1], stop[0], stop[1])
                args, kwargs = _call_arguments(args_text)
                kind = match.group(1)
                if kind == "config":
                    if kwargs is None:
                        node.unknown.append(f"config({args_text.strip()})")
                        continue
                    _merge(in_call_config, kwargs)
                elif kind == "ref":
                    values = [a for a in (args or []) if not isinstance(a, Unknown)]
                    if args is None or len(values) != len(args) or not values or not all(isinstance(v, str) for v in values):
                        node.unresolved_refs.append((f"ref({args_text.strip()})", where))
                        continue
                    self.pending_refs.setdefault(node.unique_id, []).append((("ref", *values), where, f"ref({args_text.strip()})"))
                else:
                    values = [a for a in (args or []) if isinstance(a, str)]
                    if args is None or len(values) != 2 or len(args) != 2:
                        node.unresolved_refs.append((f"source({args_text.strip()})", where))
                        continue
                    self.pending_refs.setdefault(node.unique_id, []).append((("source", *values), where, f"source({args_text.strip()})"))
        for key, value in in_call_config.items():
            if isinstance(value, Unknown):
                node.unknown.append(f"config {key}={value.text}")
        self.file_configs[node.unique_id] = in_call_config

    # ------------------------------------------------------------ properties
    def _properties(self, path: Path) -> None:
        loaded = load_yaml(_read_text(path))
        file = self._file(path)
        if loaded.error:
            self.problems.append((file, loaded.error_range, f"dbt properties file is {loaded.error}"))
        for document in loaded.documents:
            value = document.value if isinstance(document.value, dict) else {}
            for resource, plural in (("model", "models"), ("seed", "seeds"), ("snapshot", "snapshots")):
                for index, entry in enumerate(as_list(value.get(plural))):
                    if isinstance(entry, dict) and isinstance(entry.get("name"), str):
                        self._property_entry(resource, entry, document, (plural, index), file, path)
            for s_index, source in enumerate(as_list(value.get("sources"))):
                if isinstance(source, dict) and isinstance(source.get("name"), str):
                    self._source(source, document, s_index, file, path)

    def _property_entry(self, resource: str, entry: dict[str, Any], document: YamlDocument, where: tuple[Any, ...], file: str, path: Path) -> None:
        unique_id = f"{resource}.{self.name}.{entry['name']}"
        if resource == "model" and entry.get("versions"):
            # versioned models (`name_v1.sql`...): their keys are their aliases, read from a manifest only
            for version in as_list(entry.get("versions")):
                number = version.get("v") if isinstance(version, dict) else None
                versioned = self.nodes.get(f"model.{self.name}.{entry['name']}_v{number}")
                if versioned is not None:
                    versioned.unknown.append(f"versioned model `{entry['name']}` v{number} (its key is read from a manifest only)")
            self.versioned.add(str(entry["name"]))
        node = self.nodes.get(unique_id)
        if node is None:
            if resource == "snapshot" and entry.get("relation"):
                fqn = (self.name, *path.relative_to(self.dir).parent.parts[1:], entry["name"])
                node = DbtNode(unique_id, "snapshot", entry["name"], self.name, fqn,
                               path.relative_to(self.dir).as_posix(), file, document.range_of(*where, "name"),
                               config=self._project_config("snapshots", fqn))
                args, _ = _call_arguments(_strip_jinja_call(str(entry["relation"]), "ref"))
                if args and all(isinstance(a, str) for a in args):
                    self.pending_refs.setdefault(unique_id, []).append((("ref", *args), document.range_of(*where, "relation"), str(entry["relation"])))
                else:
                    args, _ = _call_arguments(_strip_jinja_call(str(entry["relation"]), "source"))
                    if args and len(args) == 2 and all(isinstance(a, str) for a in args):
                        self.pending_refs.setdefault(unique_id, []).append((("source", *args), document.range_of(*where, "relation"), str(entry["relation"])))
                    else:
                        node.unresolved_refs.append((str(entry["relation"]), document.range_of(*where, "relation")))
                self._add(node)
            return
        from_yaml = self.yaml_configs.setdefault(unique_id, {})
        for key in ("meta", "tags", "group", "docs", "access"):
            if key in entry:
                _merge(from_yaml, {key: entry[key]})
        if isinstance(entry.get("config"), dict):
            _merge(from_yaml, entry["config"])

    def _source(self, source: dict[str, Any], document: YamlDocument, s_index: int, file: str, path: Path) -> None:
        source_name = source["name"]
        source_config: dict[str, Any] = {}
        _merge(source_config, _level_config(self.project.get("sources")))
        level = self.project.get("sources")
        for part in (self.name, source_name):
            if not isinstance(level, dict):
                break
            level = level.get(part)
            _merge(source_config, _level_config(level))
        if isinstance(source.get("meta"), dict):
            _merge(source_config, {"meta": source["meta"]})
        if isinstance(source.get("tags"), list):
            _merge(source_config, {"tags": source["tags"]})
        if isinstance(source.get("config"), dict):
            _merge(source_config, source["config"])
        for t_index, table in enumerate(as_list(source.get("tables"))):
            if not isinstance(table, dict) or not isinstance(table.get("name"), str):
                continue
            config = {k: (dict(v) if isinstance(v, dict) else list(v) if isinstance(v, list) else v) for k, v in source_config.items()}
            if isinstance(table.get("meta"), dict):
                _merge(config, {"meta": table["meta"]})
            if isinstance(table.get("tags"), list):
                _merge(config, {"tags": table["tags"]})
            if isinstance(table.get("config"), dict):
                _merge(config, table["config"])
            name = table["name"]
            node = DbtNode(f"source.{self.name}.{source_name}.{name}", "source", name, self.name,
                           (self.name, *path.relative_to(self.dir).parent.parts[1:], source_name, name),
                           path.relative_to(self.dir).as_posix(), file,
                           document.range_of("sources", s_index, "tables", t_index, "name"),
                           config=config, source_name=source_name)
            self._add(node)

    def _resolve_refs(self) -> None:
        # precedence: dbt_project.yml < properties YAML < config() in the file
        for unique_id, node in self.nodes.items():
            _merge(node.config, self.yaml_configs.get(unique_id, {}))
            _merge(node.config, self.file_configs.get(unique_id, {}))
        by_name: dict[str, list[DbtNode]] = {}
        for node in self.nodes.values():
            if node.resource_type in ASSET_RESOURCE_TYPES and node.enabled:
                by_name.setdefault(node.name, []).append(node)
        for node in self.nodes.values():
            node.tags = tuple(dict.fromkeys(str(t) for t in _as_list(node.config.get("tags"))))
            meta = node.config.get("meta")
            node.meta = dict(meta) if isinstance(meta, dict) else {}
        for unique_id, refs in self.pending_refs.items():
            node = self.nodes.get(unique_id)
            if node is None:
                continue
            for call, where, text in refs:
                target = None
                if call[0] == "ref":
                    name = call[-1]
                    candidates = [c for c in by_name.get(name, []) if len(call) == 2 or c.package == call[1]]
                    target = candidates[0].unique_id if candidates else None
                else:
                    candidate = f"source.{self.name}.{call[1]}.{call[2]}"
                    target = candidate if candidate in self.nodes else None
                if target is None:
                    if node.enabled and call[-1] not in self.versioned:
                        self.problems.append((node.file, where, f"dbt: {text} names no resource of the project"))
                    node.unresolved_refs.append((text, where))
                    continue
                if target not in node.depends_on:
                    node.depends_on.append(target)
                node.dep_ranges.setdefault(target, []).append(where)


# ------------------------------------------------------------------ helpers
def _read_text(path: Path) -> str:
    try:
        return read_file(path).decode("utf-8", errors="replace")
    except OSError:
        return ""


def _paths(value: Any, default: list[str]) -> list[str]:
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [v.strip("/") for v in value]
    return default


def _adapter(project_dir: Path, project: dict[str, Any]) -> str | None:
    """The adapter type of the project's profile, when a profiles.yml beside the project says it."""
    profiles = project_dir / "profiles.yml"
    if not is_file(profiles):
        return None
    loaded = load_yaml(_read_text(profiles))
    if not loaded.documents or not isinstance(loaded.documents[0].value, dict):
        return None
    profile = loaded.documents[0].value.get(project.get("profile"))
    if not isinstance(profile, dict):
        return None
    outputs = profile.get("outputs") or {}
    target = outputs.get(profile.get("target")) if isinstance(outputs, dict) else None
    kind = target.get("type") if isinstance(target, dict) else None
    return kind if isinstance(kind, str) else None


def _level_config(level: Any) -> dict[str, Any]:
    if not isinstance(level, dict):
        return {}
    config: dict[str, Any] = {}
    for key, value in level.items():
        if not isinstance(key, str):
            continue
        if key.startswith("+"):
            config[key[1:]] = value
        elif key in CONFIG_KEYS and not (isinstance(value, dict) and key not in ("meta", "docs", "persist_docs", "grants", "contract")):
            config[key] = value
    return config


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _merge(config: dict[str, Any], new: dict[str, Any]) -> None:
    """dbt's config merge: tags accumulate, meta is updated key by key, anything else is replaced."""
    for key, value in new.items():
        if key == "tags":
            config["tags"] = list(dict.fromkeys([*_as_list(config.get("tags")), *_as_list(value)]))
        elif key == "meta" and isinstance(value, dict) and isinstance(config.get("meta"), dict):
            config["meta"] = {**config["meta"], **value}
        else:
            config[key] = value


def _closing_paren(text: str, open_index: int) -> int | None:
    depth = 0
    quote: str | None = None
    index = open_index
    while index < len(text):
        char = text[index]
        if quote:
            if char == "\\":
                index += 2
                continue
            if char == quote:
                quote = None
        elif char in "'\"":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
            if depth == 0:
                return index
        index += 1
    return None


def _value(node: ast.AST) -> Any:
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        return {"true": True, "false": False, "none": None, "True": True, "False": False, "None": None}.get(node.id, Unknown(node.id))
    if isinstance(node, ast.List) or isinstance(node, ast.Tuple):
        return [_value(item) for item in node.elts]
    if isinstance(node, ast.Dict):
        result = {}
        for key, item in zip(node.keys, node.values):
            key_value = _value(key) if key is not None else None
            if not isinstance(key_value, (str, int, bool)) :
                return Unknown(ast.unparse(node))
            result[key_value] = _value(item)
        return result
    return Unknown(ast.unparse(node))


def _call_arguments(text: str) -> tuple[list[Any] | None, dict[str, Any] | None]:
    """The arguments of a Jinja call as Python values (Unknown for what Jinja computes)."""
    try:
        call = ast.parse(f"f({text})", mode="eval").body
    except SyntaxError:
        return None, None
    assert isinstance(call, ast.Call)
    args = [_value(arg) for arg in call.args]
    kwargs: dict[str, Any] | None = {}
    for keyword in call.keywords:
        if keyword.arg is None:
            kwargs = None
            break
        kwargs[keyword.arg] = _value(keyword.value)
    return args, kwargs


def _strip_jinja_call(text: str, name: str) -> str:
    match = re.search(r"\b" + name + r"\s*\((.*)\)", text, re.S)
    return match.group(1) if match else "__no_call__ +"


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1)
    return line, column


def contains_unknown(value: Any) -> bool:
    if isinstance(value, Unknown):
        return True
    if isinstance(value, dict):
        return any(contains_unknown(v) for v in value.values())
    if isinstance(value, list):
        return any(contains_unknown(v) for v in value)
    return False


# --------------------------------------------------------------- translator
def node_meta(node: DbtNode) -> dict[str, Any]:
    """What dagster-dbt's key function reads: `config.meta`, else the top-level `meta`."""
    config_meta = node.config.get("meta")
    if isinstance(config_meta, dict) and config_meta:
        return config_meta
    return node.meta if isinstance(node.meta, dict) else {}


def default_asset_key(node: DbtNode) -> tuple[str, ...] | None:
    """`dagster_dbt.asset_utils.default_asset_key_fn`, or None when Jinja hides a part of it."""
    meta = node_meta(node)
    dagster = meta.get("dagster") if isinstance(meta.get("dagster"), dict) else {}
    asset_key = dagster.get("asset_key") if dagster else None
    if contains_unknown(asset_key):
        return None
    if asset_key:
        parts = [asset_key] if isinstance(asset_key, str) else list(asset_key)
        return tuple(str(p) for p in parts)
    if node.resource_type == "source":
        return (str(node.source_name), node.name)
    if node.version:
        return (str(node.alias or node.name),)
    schema = node.config.get("schema")
    if isinstance(schema, Unknown):
        return None
    return (str(schema), node.name) if schema is not None else (node.name,)


def default_group(node: DbtNode) -> str | None:
    """`default_group_from_dbt_resource_props`: `meta.dagster.group`, else the dbt group."""
    meta = node.meta if isinstance(node.meta, dict) else {}
    dagster = meta.get("dagster") if isinstance(meta.get("dagster"), dict) else {}
    group = dagster.get("group") if dagster else None
    if group and not isinstance(group, Unknown):
        return str(group)
    dbt_group = node.config.get("group")
    if dbt_group and not isinstance(dbt_group, Unknown):
        return str(dbt_group)
    return None


def upstream_ids(project: DbtProjectInfo, node: DbtNode) -> list[str]:
    """`get_upstream_unique_ids`: parents, with non-asset parents (ephemeral models) walked through."""
    result: list[str] = []
    for parent_id in node.depends_on:
        parent = project.nodes.get(parent_id)
        if parent is None:
            continue
        if _is_non_asset(parent):
            queue = list(parent.depends_on)
            seen: set[str] = set()
            while queue:
                candidate_id = queue.pop()
                if candidate_id in seen:
                    continue
                seen.add(candidate_id)
                candidate = project.nodes.get(candidate_id)
                if candidate is None:
                    continue
                if _is_non_asset(candidate):
                    queue.extend(candidate.depends_on)
                elif candidate.resource_type in (*ASSET_RESOURCE_TYPES, "source") and candidate_id not in result:
                    result.append(candidate_id)
        elif parent.resource_type in (*ASSET_RESOURCE_TYPES, "source") and parent_id not in result:
            result.append(parent_id)
    return result


def _is_non_asset(node: DbtNode) -> bool:
    return node.resource_type in ("metric", "semantic_model", "saved_query", "function") or (
        node.resource_type == "model" and node.materialized == "ephemeral"
    )


def dbt_output_name(unique_id: str) -> str:
    """`dagster_dbt.utils.dagster_name_fn`."""
    return unique_id.replace(".", "_").replace("-", "_").replace("*", "_star")


def dbt_asset_facts(
    project: DbtProjectInfo,
    selected: set[str],
    *,
    op_name: str,
    node_id: str,
    module: str = "",
    key_known: bool = True,
    translate: Any = None,
    origin: str = "dbt",
    unresolved_reason: str | None = None,
) -> list[AssetFact]:
    """One AssetFact per selected model/seed/snapshot, as dagster-dbt builds its specs.

    `key_known=False` (a custom translator): keys are unknown, `known_name` carries the dbt name.
    `translate(node, key, group) -> (key, group, problem)` applies a component's `translation`."""
    facts: list[AssetFact] = []
    keys: dict[str, tuple[str, ...] | None] = {}
    groups: dict[str, str | None] = {}
    reasons: dict[str, str | None] = {}

    def key_of(unique_id: str) -> tuple[str, ...] | None:
        if unique_id not in keys:
            node = project.nodes[unique_id]
            key = default_asset_key(node) if key_known else None
            group = default_group(node)
            reason = None
            if key_known and key is None:
                reason = f"the key of dbt {node.resource_type} `{node.name}` depends on Jinja ({'; '.join(node.unknown) or 'meta'})"
            elif key_known and any(text.startswith("versioned model") for text in node.unknown):
                key, reason = None, "; ".join(text for text in node.unknown if text.startswith("versioned model"))
            if translate is not None and key is not None:
                key, group, reason = translate(node, key, group)
            keys[unique_id], groups[unique_id], reasons[unique_id] = key, group, reason
        return keys[unique_id]

    for unique_id in sorted(selected):
        node = project.nodes.get(unique_id)
        if node is None or not node.enabled or not node.is_asset():
            continue
        key = key_of(unique_id)
        deps: list[DepRef] = []
        for upstream_id in upstream_ids(project, node):
            upstream = project.nodes[upstream_id]
            ranges = node.dep_ranges.get(upstream_id) or [None]
            via = "dbt_source" if upstream.resource_type == "source" else "dbt_ref"
            deps.append(DepRef(key_of(upstream_id), via, ranges[0], None,
                               (f"source {upstream.source_name}.{upstream.name}" if via == "dbt_source" else f"ref {upstream.name}")))
        for text, where in node.unresolved_refs:
            deps.append(DepRef(None, "dbt_ref", where, None, text))
        if not key_known:  # keys unknown: their dependencies would only repeat that
            deps = [dep for dep in deps if dep.key is not None]
        reason = reasons.get(unique_id) or unresolved_reason
        problems = tuple(Problem("AL006", f"dbt {node.resource_type} `{node.name}`: {text} cannot be read statically", where)
                         for text, where in node.unresolved_refs)
        facts.append(AssetFact(
            key=key,
            kind="multi_asset",
            file=node.file,
            module=module,
            node=op_name,
            output=dbt_output_name(unique_id),
            deps=tuple(deps),
            group=groups.get(unique_id) or "default",
            tags=tuple((str(t), "") for t in node.tags if isinstance(t, str)),
            kinds=("dbt", project.adapter_type or "dbt") if project.adapter_type else ("dbt",),
            decorator_range=node.range,
            name_range=node.range,
            def_range=node.range,
            resolved=key is not None and reason is None,
            unresolved_reason=None if key is not None and reason is None else (reason or f"dbt {node.resource_type} `{node.name}`: key not known statically"),
            problems=problems,
            node_id=node_id,
            can_subset=True,
            key_prefixable=True,
            origin=origin,
            known_name=node.name,
        ))
    return _with_collisions(project, facts, keys)


def _with_collisions(project: DbtProjectInfo, facts: list[AssetFact], keys: dict[str, tuple[str, ...] | None]) -> list[AssetFact]:
    """dagster-dbt refuses a project where two resources get one key (`_validate_asset_keys`): AL005."""
    by_key: dict[tuple[str, ...], list[str]] = {}
    for unique_id, key in keys.items():
        if key is not None:
            by_key.setdefault(key, []).append(unique_id)
    colliding = {key: ids for key, ids in by_key.items() if len(ids) > 1}
    if not colliding:
        return facts
    from assetlens.analyzer.facts import evolve

    result = []
    for fact in facts:
        ids = colliding.get(fact.key) if fact.key is not None else None
        if ids:
            message = (f"dbt resources {', '.join(sorted(ids))} all get the asset key {'/'.join(fact.key)}: "
                       "dagster-dbt refuses the project (give them distinct keys)")
            fact = evolve(fact, problems=(*fact.problems, Problem("AL005", message, fact.name_range)))
        result.append(fact)
    return result


def find_node(project: DbtProjectInfo, name: str, *, source_table: str | None = None) -> DbtNode | None:
    """`get_asset_key_for_model(name)` / `get_asset_key_for_source(source)` lookups."""
    for node in project.nodes.values():
        if source_table is None and node.resource_type in ASSET_RESOURCE_TYPES and node.name == name and node.enabled:
            return node
    return None


def relative_folder(workspace_root: Path, folder: Path) -> str:
    """A dbt project folder relative to the workspace root ("" for the root itself)."""
    relative = _rel(workspace_root, folder)
    return "" if relative in (".", "") else str(PurePosixPath(relative))
