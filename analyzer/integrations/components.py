"""YAML components: every `defs.yaml`/`component.yaml` under a code location's defs folder.

Walked as Dagster's `DefsFolderComponent` walks it: a folder with `defs.yaml` (else `defs.yml`, else the
deprecated `component.yaml`) is loaded as its component(s) — several `---` documents are several
instances — and a folder without one is walked into. Each instance's `type:` is resolved to:

- `dagster_dbt.DbtProjectComponent`: the dbt project (`attributes.project`, a path or `project_dir`,
  relative to the YAML file's folder or through `{{ context.project_root }}`), `select`/`exclude`,
  `translation` (`key`, `key_prefix`, `group_name`, `deps` templates over `node`), `op.name`;
- `dagster_sling.SlingReplicationCollectionComponent`: each `replications[].path` and its
  `translation` (templates over `stream_definition`);
- `dagster.FunctionComponent`/`PythonScriptComponent`/`UvRunComponent`/`TemplatedSqlComponent`: their
  `assets:` specs (`key`, `deps`, `group_name`);
- `dagster.DefsFolderComponent` (walked into) and `dagster.DefinitionsComponent` (its Python file is
  analysed as a module);
- a `Component` subclass in the project: followed to the integration class it extends; when it
  overrides `get_asset_spec` (or the translator) the names are known but not the keys (`known_name`).

`post_processing.assets` (`target: "*"`, `key:`/`group:` targets; `group_name` and `deps` attributes)
is applied. Anything else — an unknown or third-party type, a template the analyzer cannot evaluate, a
`@component_instance` in Python — becomes one unresolved placeholder asset per instance, reported by
AL006 inside the YAML file, never silence. A project or replication path that does not exist is AL005.
"""
from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from assetlens.analyzer.files import is_dir, is_file, read_file, visible_entries
from assetlens.analyzer.facts import AssetFact, DepRef, Problem, Range
from assetlens.analyzer.integrations import dbt as dbt_mod
from assetlens.analyzer.integrations import sling as sling_mod
from assetlens.analyzer.integrations.dbt_select import DEFAULT_SELECT, UnsupportedSelection, select_unique_ids
from assetlens.analyzer.integrations.templates import EnvScope, TemplateUnknown, has_template, render
from assetlens.analyzer.integrations.yaml_tree import YamlDocument, load_yaml

YAML_NAMES = ("defs.yaml", "defs.yml", "component.yaml")
SKIP_FOLDERS = frozenset({"__pycache__", "node_modules", ".git", ".venv", "target", "dbt_packages", "logs"})

DBT = "dbt"
SLING = "sling"
FOLDER = "folder"
EXECUTABLE = "executable"
DEFINITIONS = "definitions"
NO_ASSETS = "no_assets"  # a custom component whose build_defs visibly returns Definitions without assets

# Dagster's own component types (the last dotted part of `type:` under these packages)
BUILTIN_TYPES: dict[str, dict[str, str]] = {
    "dagster_dbt": {"DbtProjectComponent": DBT},
    "dagster_sling": {"SlingReplicationCollectionComponent": SLING},
    "dagster": {
        "DefsFolderComponent": FOLDER,
        "FunctionComponent": EXECUTABLE,
        "PythonScriptComponent": EXECUTABLE,
        "UvRunComponent": EXECUTABLE,
        "TemplatedSqlComponent": EXECUTABLE,
        "DefinitionsComponent": DEFINITIONS,
    },
}
TRANSLATOR_METHODS = frozenset({"get_asset_spec", "translator", "get_asset_key", "_base_translator"})


@dataclass
class ComponentType:
    kind: str | None  # DBT, SLING, ... or None when unknown
    partial: bool = False  # a subclass that changes keys: names known, keys not
    why: str = ""


@dataclass
class ComponentsResult:
    assets: list[AssetFact] = field(default_factory=list)
    yaml_files: list[str] = field(default_factory=list)  # the component files read
    dbt_projects: list[str] = field(default_factory=list)  # dbt project folders the components use
    replications: list[str] = field(default_factory=list)  # Sling replication files


def load_components(
    workspace_root: Path,
    defs_folder: str,
    *,
    project_root: str = "",
    env: Mapping[str, str] | None = None,
    import_roots: tuple[str, ...] = ("", "src"),
    read: Callable[[str], str | None] | None = None,
    python_instances: bool = True,
) -> ComponentsResult:
    """The assets of every YAML component under `defs_folder` (paths relative to the workspace root).
    `python_instances`: also report the `@component_instance` functions of the folder's modules."""
    loader = _Loader(workspace_root, project_root, env or {}, import_roots, read)
    loader.scan_python = python_instances
    folder = workspace_root / defs_folder if defs_folder else workspace_root
    if is_dir(folder):
        loader.walk(folder)
    return loader.result


class _Loader:
    def __init__(self, workspace_root: Path, project_root: str, env: Mapping[str, str], import_roots: tuple[str, ...],
                 read: Callable[[str], str | None] | None) -> None:
        self.root = workspace_root
        self.project_root = project_root
        self.env = EnvScope(env)
        self.import_roots = tuple(dict.fromkeys((*(f"{project_root}/{r}".strip("/") for r in import_roots), *import_roots)))
        self.read_override = read
        self.result = ComponentsResult()

    # ------------------------------------------------------------- walking
    def rel(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    def read(self, path: Path) -> str | None:
        relative = self.rel(path)
        if self.read_override is not None:
            text = self.read_override(relative)
            if text is not None:
                return text
        try:
            return read_file(path).decode("utf-8", errors="replace")
        except OSError:
            return None

    def walk(self, folder: Path, depth: int = 0) -> None:
        if depth > 30:
            return
        yaml_file = next((folder / name for name in YAML_NAMES if is_file(folder / name)), None)
        walk_children = yaml_file is None
        self.folder_documents = []
        if yaml_file is not None:
            walk_children = self.load_file(yaml_file)
        folder_documents = self.folder_documents  # `DefsFolderComponent` documents with post_processing
        if walk_children and getattr(self, "scan_python", True):
            self.python_instances(folder)
        start = len(self.result.assets)
        if walk_children:
            for child in visible_entries(folder):
                if is_dir(child) and not child.name.startswith(".") and child.name not in SKIP_FOLDERS:
                    self.walk(child, depth + 1)
        for document in folder_documents:  # applies to the YAML components below (Python ones: not followed)
            self.post_process(None, document, document.value, start, self.scope(folder))

    def python_instances(self, folder: Path) -> None:
        """`@component_instance` functions in the folder's Python modules: not followed statically."""
        for path in [child for child in visible_entries(folder) if child.suffix == ".py"]:
            text = self.read(path)
            if not text or "component_instance" not in text:
                continue
            try:
                tree = ast.parse(text)
            except SyntaxError:
                continue
            for node in tree.body:
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and any(
                    _dotted(d.func if isinstance(d, ast.Call) else d).endswith("component_instance") for d in node.decorator_list
                ):
                    where = Range(node.lineno, node.col_offset, node.lineno, node.col_offset + len(node.name) + 4)
                    self.placeholder(self.rel(path), where, f"component instance `{node.name}`",
                                     f"the assets of the component instance `{node.name}` are built when Dagster calls it; "
                                     "the analyzer does not run it", node_id=f"component:{self.rel(path)}:{node.name}")

    def load_file(self, path: Path) -> bool:
        """Load the instances of one component file; True when the folder is to be walked into."""
        file = self.rel(path)
        self.result.yaml_files.append(file)
        text = self.read(path) or ""
        loaded = load_yaml(text)
        if loaded.error:
            self.placeholder(file, loaded.error_range, "component file", f"{path.name} is {loaded.error}",
                             problem=("AL005", f"{path.name} is {loaded.error}: Dagster cannot load this component"))
        walk_children = False
        for index, document in enumerate(loaded.documents):
            if not isinstance(document.value, dict):
                continue
            if self.instance(path, file, index, document):
                walk_children = True
        return walk_children

    # ------------------------------------------------------------ instances
    def instance(self, path: Path, file: str, index: int, document: YamlDocument) -> bool:
        value = document.value
        type_name = value.get("type")
        type_range = document.range_of("type")
        node_id = f"component:{file}#{index}"
        if not isinstance(type_name, str) or not type_name.strip():
            self.placeholder(file, document.range, "component", "the component has no `type:`", node_id=node_id,
                             problem=("AL005", "the component has no `type:`: Dagster cannot load it"))
            return False
        component_type = self.resolve_type(type_name.strip(), path.parent)
        if component_type.kind is None:
            self.placeholder(file, type_range, f"component `{type_name}`",
                             f"component type `{type_name}` is not one the analyzer understands{component_type.why}; "
                             "the assets it may define cannot be determined statically", node_id=node_id)
            return False
        if component_type.kind == FOLDER:
            if value.get("post_processing"):
                self.folder_documents.append(document)
            return True
        if component_type.kind in (DEFINITIONS, NO_ASSETS):
            return False
        attributes = value.get("attributes") if isinstance(value.get("attributes"), dict) else {}
        scope = self.scope(path.parent)
        before = len(self.result.assets)
        try:
            if component_type.kind == DBT:
                self.dbt(path, file, document, attributes, scope, node_id, component_type)
            elif component_type.kind == SLING:
                self.sling(path, file, document, attributes, scope, node_id, component_type)
            elif component_type.kind == EXECUTABLE:
                self.executable(file, document, attributes, scope, node_id, type_name)
        except TemplateUnknown as unknown:
            del self.result.assets[before:]
            self.placeholder(file, type_range, f"component `{type_name}`",
                             f"{unknown}; the assets of this `{type_name.rsplit('.', 1)[-1]}` cannot be determined statically",
                             node_id=node_id)
            return False
        self.post_process(file, document, value, before, scope)
        return False

    def scope(self, folder: Path) -> dict[str, Any]:
        project_root = str((self.root / self.project_root).resolve()) if self.project_root else str(self.root.resolve())
        context = {"project_root": project_root}
        return {"context": context, "project_root": project_root, "env": self.env}

    def placeholder(self, file: str, where: Range | None, what: str, reason: str, *, node_id: str | None = None,
                    problem: tuple[str, str] | None = None, known_name: str | None = None) -> None:
        self.result.assets.append(AssetFact(
            key=None, kind="multi_asset", file=file, module="", node=what.replace("`", ""), output="result", deps=(),
            decorator_range=where, name_range=where, def_range=where, resolved=False, unresolved_reason=reason,
            problems=(Problem(problem[0], problem[1], where),) if problem else (),
            node_id=node_id or f"component:{file}:{what}", origin="component", known_name=known_name,
        ))

    # --------------------------------------------------------------- types
    def resolve_type(self, type_name: str, folder: Path, depth: int = 0) -> ComponentType:
        package, _, name = type_name.rpartition(".")
        top = package.split(".")[0]
        if top in BUILTIN_TYPES:
            kind = BUILTIN_TYPES[top].get(name)
            return ComponentType(kind, why="" if kind else f" (a `{top}` type the analyzer does not model)")
        if top.startswith("dagster"):
            return ComponentType(None, why=f" (an integration the analyzer does not model)")
        if depth > 3:
            return ComponentType(None)
        found = self.find_class(package, name, folder)
        if found is None:
            return ComponentType(None, why=f" (no class `{name}` found in `{package or '.'}`)")
        class_node, bases = found
        methods = {item.name for item in class_node.body if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef))}
        methods |= {t.id for item in class_node.body if isinstance(item, (ast.Assign, ast.AnnAssign))
                    for t in (item.targets if isinstance(item, ast.Assign) else [item.target]) if isinstance(t, ast.Name)}
        for base in bases:
            base_type = self.resolve_type(base, folder, depth + 1) if "." in base else ComponentType(None)
            if base_type.kind is None and base.rsplit(".", 1)[-1] in ("DbtProjectComponent", "SlingReplicationCollectionComponent"):
                base_type = ComponentType(DBT if "Dbt" in base else SLING)
            if base_type.kind in (DBT, SLING):
                partial = base_type.partial or bool(methods & TRANSLATOR_METHODS) or "build_defs" in methods or "build_defs_from_state" in methods
                return ComponentType(base_type.kind, partial, why=f" (subclass `{name}`)")
        if _builds_no_assets(class_node):
            return ComponentType(NO_ASSETS, why=f" (`{name}` builds Definitions without assets)")
        return ComponentType(None, why=f" (a custom component, `{name}`)")

    def find_class(self, module: str, name: str, folder: Path) -> tuple[ast.ClassDef, list[str]] | None:
        """The class `name` of the project module `module` and its bases as dotted names (imports
        followed), or None."""
        for path in self.module_files(module):
            text = self.read(path)
            if text is None:
                continue
            try:
                tree = ast.parse(text)
            except SyntaxError:
                return None
            imports = _imports(tree, module, path.name == "__init__.py")
            for node in tree.body:
                if isinstance(node, ast.ClassDef) and node.name == name:
                    bases = []
                    for base in node.bases:
                        dotted = _dotted(base)
                        head, _, rest = dotted.partition(".")
                        if head in imports:
                            dotted = imports[head] + ("." + rest if rest else "")
                        elif not rest and any(isinstance(n, ast.ClassDef) and n.name == head for n in tree.body):
                            dotted = f"{module}.{head}"
                        bases.append(dotted)
                    return node, bases
            if name in imports and imports[name].rpartition(".")[0] != module:
                target_module, _, target_name = imports[name].rpartition(".")
                return self.find_class(target_module, target_name, folder)
        return None

    def module_files(self, module: str) -> list[Path]:
        parts = module.split(".") if module else []
        found = []
        for root in self.import_roots:
            base = self.root / root if root else self.root
            for candidate in (base.joinpath(*parts).with_suffix(".py") if parts else None, base.joinpath(*parts, "__init__.py")):
                if candidate is not None and is_file(candidate):
                    found.append(candidate)
        return found

    # ----------------------------------------------------------------- dbt
    def dbt(self, path: Path, file: str, document: YamlDocument, attributes: dict[str, Any], scope: dict[str, Any],
            node_id: str, component_type: ComponentType) -> None:
        project = attributes.get("project")
        if isinstance(project, dict):  # only the folder matters for keys (not target, profile, ...)
            project = project.get("project_dir")
        project = render(project, scope)
        project_range = document.range_of("attributes", "project")
        if not isinstance(project, str) or not project:
            self.placeholder(file, project_range, "dbt component", "`attributes.project` is not a path",
                             node_id=node_id, problem=("AL005", "the dbt component has no `project` path"))
            return
        folder = (path.parent / project).resolve()
        if not is_file(folder / "dbt_project.yml"):
            shown = project if not Path(project).is_absolute() else self.rel(folder)
            self.placeholder(file, project_range, "dbt component",
                             f"the dbt project `{shown}` does not exist", node_id=node_id,
                             problem=("AL005", f"dbt project `{shown}` does not exist (no dbt_project.yml in {self.rel(folder)}/): "
                                               "Dagster cannot load this component"))
            return
        relative = self.rel(folder)
        self.result.dbt_projects.append(relative)
        info = dbt_mod.load_dbt_project(self.root, "" if relative == "." else relative)
        if info is None:
            return
        select = render(attributes.get("select", DEFAULT_SELECT), scope)
        exclude = render(attributes.get("exclude", ""), scope)
        if attributes.get("selector"):
            self.placeholder(file, document.range_of("attributes", "selector"), "dbt component",
                             "a YAML `selector` is not evaluated statically", node_id=node_id)
            return
        try:
            selected = select_unique_ids(info, str(select or ""), str(exclude or ""))
        except UnsupportedSelection as unsupported:
            self.placeholder(file, document.range_of("attributes", "select"), "dbt component",
                             f"the dbt selection `{unsupported}` is not evaluated statically", node_id=node_id)
            return
        op = render(attributes.get("op"), scope) if isinstance(attributes.get("op"), dict) else {}
        op_name = str(op.get("name") or info.name)
        translation = attributes.get("translation")
        translate = None
        if translation is not None:
            translate = self.translator(translation, scope, lambda node: {"node": _dbt_props(node)},
                                        document, ("attributes", "translation"))
        facts = dbt_mod.dbt_asset_facts(
            info, selected, op_name=op_name, node_id=node_id, key_known=not component_type.partial,
            translate=translate, origin="dbt",
            unresolved_reason=f"`{path.name}` uses a subclass of DbtProjectComponent that changes asset keys{component_type.why}"
            if component_type.partial else None,
        )
        self.result.assets.extend(facts)

    # --------------------------------------------------------------- sling
    def sling(self, path: Path, file: str, document: YamlDocument, attributes: dict[str, Any], scope: dict[str, Any],
              node_id: str, component_type: ComponentType) -> None:
        replications = attributes.get("replications")
        if not isinstance(replications, list):
            self.placeholder(file, document.range_of("attributes"), "Sling component", "`attributes.replications` is not a list",
                             node_id=node_id, problem=("AL005", "the Sling component has no `replications` list"))
            return
        for index, entry in enumerate(replications):
            if not isinstance(entry, dict):
                continue
            where = document.range_of("attributes", "replications", index, "path")
            replication_path = render(entry.get("path"), scope)
            if not isinstance(replication_path, str):
                continue
            target = (path.parent / replication_path).resolve()
            relative = self.rel(target)
            if not is_file(target):
                self.placeholder(file, where, "Sling component", f"the Sling replication `{replication_path}` does not exist",
                                 node_id=f"{node_id}:{index}",
                                 problem=("AL005", f"Sling replication `{replication_path}` does not exist: Dagster cannot load this component"))
                continue
            self.result.replications.append(relative)
            replication = sling_mod.replication_from_text(relative, self.read(target) or "")
            op = render(entry.get("op"), scope) if isinstance(entry.get("op"), dict) else {}
            translate = None
            if entry.get("translation") is not None:
                translate_spec = self.translator(entry["translation"], scope,
                                                 lambda stream: {"stream_definition": {"name": stream.name, "config": stream.config}},
                                                 document, ("attributes", "replications", index, "translation"))

                def translate(stream: Any, key: Any, group: Any, deps: Any, _t: Any = translate_spec) -> Any:
                    new_key, new_group, reason = _t(stream, key, group)
                    new_deps = getattr(_t, "last_deps", None)
                    return new_key, new_group, new_deps if new_deps is not None else deps, reason
            facts = sling_mod.sling_asset_facts(
                replication, op_name=str(op.get("name") or Path(replication_path).stem), node_id=f"{node_id}:{index}",
                key_known=not component_type.partial, translate=translate,
                unresolved_reason=f"a subclass of SlingReplicationCollectionComponent changes asset keys{component_type.why}"
                if component_type.partial else None,
            )
            self.result.assets.extend(facts)

    # ----------------------------------------------------- executable specs
    def executable(self, file: str, document: YamlDocument, attributes: dict[str, Any], scope: dict[str, Any],
                   node_id: str, type_name: str) -> None:
        specs = attributes.get("assets") or []
        execution = attributes.get("execution") if isinstance(attributes.get("execution"), dict) else {}
        op_name = execution.get("name") if isinstance(execution.get("name"), str) else None
        for index, spec in enumerate(specs if isinstance(specs, list) else []):
            if not isinstance(spec, dict):
                continue
            where = document.range_of("attributes", "assets", index, "key")
            rendered = render(spec, scope)
            key = _user_key(rendered.get("key"))
            deps = tuple(DepRef(_user_key(dep), "spec_deps", document.range_of("attributes", "assets", index, "deps", d_index), None, str(dep))
                         for d_index, dep in enumerate(rendered.get("deps") or ()))
            self.result.assets.append(AssetFact(
                key=key, kind="multi_asset", file=file, module="", node=op_name or type_name.rsplit(".", 1)[-1],
                output="_".join(key) if key else f"asset_{index}", deps=deps,
                group=str(rendered.get("group_name") or "default"),
                kinds=tuple(str(k) for k in rendered.get("kinds") or ()),
                decorator_range=where, name_range=where, def_range=document.range_of("attributes", "assets", index),
                resolved=key is not None, unresolved_reason=None if key is not None else "the spec's `key` is not a string",
                node_id=node_id, can_subset=False, origin="component",
            ))

    # --------------------------------------------------------- translation
    def translator(self, translation: Any, scope: dict[str, Any], variables: Callable[[Any], dict[str, Any]],
                   document: YamlDocument, where: tuple[Any, ...]) -> Callable[..., Any]:
        """`translate(item, key, group) -> (key, group, reason)` applying a component's `translation:`."""

        def translate(item: Any, key: tuple[str, ...], group: str | None) -> tuple[Any, Any, str | None]:
            translate.last_deps = None  # type: ignore[attr-defined]
            if not isinstance(translation, dict):
                return None, group, "the `translation` is not a mapping of attributes"
            local = {**scope, **variables(item), "spec": {"group_name": group}}
            try:
                rendered = render(translation, local)
            except TemplateUnknown as unknown:
                touched = {k for k in translation if has_template(translation[k])}
                if touched & {"key", "key_prefix"}:
                    return None, group, f"translation: {unknown}"
                rendered = {k: v for k, v in translation.items() if k not in touched}
            new_key = key
            if "key" in rendered:
                new_key = _user_key(rendered["key"])
                if new_key is None:
                    return None, group, "translation: `key` is not a string"
            if "key_prefix" in rendered:
                prefix = rendered["key_prefix"]
                prefix_parts = [prefix] if isinstance(prefix, str) else list(prefix) if isinstance(prefix, list) else None
                if prefix_parts is None:
                    return None, group, "translation: `key_prefix` is not a string or list"
                new_key = (*map(str, prefix_parts), *new_key)
            if "group_name" in rendered and rendered["group_name"] is not None:
                group = str(rendered["group_name"])
            if isinstance(rendered.get("deps"), list):
                translate.last_deps = [_user_key(dep) for dep in rendered["deps"]]  # type: ignore[attr-defined]
            return new_key, group, None

        translate.last_deps = None  # type: ignore[attr-defined]
        return translate

    # ------------------------------------------------------ post-processing
    def post_process(self, file: str | None, document: YamlDocument, value: dict[str, Any], start: int, scope: dict[str, Any]) -> None:
        """`post_processing.assets` of a component (`file`: its YAML) or of a defs folder (None: the
        ranges of its `deps` are in another file than the assets')."""
        post = value.get("post_processing")
        rules = post.get("assets") if isinstance(post, dict) else None
        if not isinstance(rules, list):
            return
        for index, rule in enumerate(rules):
            if not isinstance(rule, dict) or not isinstance(rule.get("attributes"), dict):
                continue
            target = str(rule.get("target", "*")).strip()
            attributes = rule["attributes"]
            for position in range(start, len(self.result.assets)):
                asset = self.result.assets[position]
                matched = _target_matches(target, asset)
                if matched is False:
                    continue
                changes: dict[str, Any] = {}
                try:
                    rendered = render(attributes, {**scope, "asset": {"group_name": asset.group}})
                except TemplateUnknown:
                    rendered = {}
                if matched is None:  # a selection the analyzer does not evaluate: the group is unknown
                    if "group_name" in attributes or "deps" in attributes:
                        changes["unresolved_reason"] = (asset.unresolved_reason + "; " if asset.unresolved_reason else "") + \
                            f"post_processing target `{target}` is not evaluated statically"
                        changes["resolved"] = False
                elif rendered:
                    if rendered.get("group_name"):
                        changes["group"] = str(rendered["group_name"])
                    if isinstance(rendered.get("deps"), list):
                        changes["deps"] = tuple(
                            DepRef(_user_key(dep), "spec_deps",
                                   document.range_of("post_processing", "assets", index, "attributes", "deps", d) if file == asset.file else None,
                                   None, str(dep))
                            for d, dep in enumerate(rendered["deps"]))
                if changes:
                    self.result.assets[position] = replace(asset, **changes)


def _target_matches(target: str, asset: AssetFact) -> bool | None:
    """Whether a post-processing `target` selects the asset (None: not evaluated statically)."""
    if target in ("*", ""):
        return True
    if target.startswith("key:"):
        wanted = target[4:].strip().strip('"')
        return asset.key is not None and "/".join(asset.key) == wanted
    if target.startswith("group:"):
        return asset.group == target[6:].strip().strip('"')
    if target.startswith("kind:"):
        return target[5:].strip().strip('"') in asset.kinds
    return None


def _user_key(value: Any) -> tuple[str, ...] | None:
    """`AssetKey.from_user_string`: slash-separated."""
    if isinstance(value, str) and value:
        return tuple(value.split("/"))
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return tuple(value)
    return None


def _dbt_props(node: dbt_mod.DbtNode) -> dict[str, Any]:
    """The manifest properties a translation template can read."""
    return {
        "name": node.name, "unique_id": node.unique_id, "resource_type": node.resource_type,
        "package_name": node.package, "fqn": list(node.fqn), "original_file_path": node.path,
        "path": node.path, "config": node.config, "meta": node.meta, "tags": list(node.tags),
        **({"source_name": node.source_name} if node.source_name else {}),
    }


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    if isinstance(node, ast.Call):
        return _dotted(node.func)
    return ""


def _imports(tree: ast.Module, module: str, is_package: bool) -> dict[str, str]:
    """Local name -> dotted name, for the module's imports."""
    names: dict[str, str] = {}
    package = module if is_package else module.rpartition(".")[0]
    for node in tree.body:
        if isinstance(node, ast.Import):
            for alias in node.names:
                names[(alias.asname or alias.name).split(".")[0]] = alias.name if alias.asname else alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".") if package else []
                parts = parts[: len(parts) - (node.level - 1)] if node.level > 1 else parts
                base = ".".join([*parts, *([base] if base else [])])
            for alias in node.names:
                names[alias.asname or alias.name] = f"{base}.{alias.name}" if base else alias.name
    return names


_DEFINITIONS_ASSET_ARGUMENTS = frozenset({"assets", "asset_checks"})


def _builds_no_assets(class_node: ast.ClassDef) -> bool:
    """Whether the class's own `build_defs` returns, on every path, a `Definitions(...)` call without
    `assets=` (only jobs, schedules, sensors, resources): the component defines no asset. Anything
    else (a merge, a helper's result, `**kwargs`, a `yield`, no `build_defs` here) is not clear."""
    method = next((item for item in class_node.body
                   if isinstance(item, ast.FunctionDef) and item.name == "build_defs"), None)
    if method is None:
        return False
    returns = []
    for node in ast.walk(method):
        if isinstance(node, (ast.Yield, ast.YieldFrom)):
            return False
        if isinstance(node, ast.Return):
            returns.append(node.value)
    if not returns:
        return False
    for value in returns:
        if not isinstance(value, ast.Call) or value.args:
            return False
        func = value.func
        if not ((isinstance(func, ast.Name) and func.id == "Definitions")
                or (isinstance(func, ast.Attribute) and func.attr == "Definitions" and isinstance(func.value, ast.Name))):
            return False
        for keyword in value.keywords:
            if keyword.arg is None:
                return False
            if keyword.arg in _DEFINITIONS_ASSET_ARGUMENTS and not (
                    isinstance(keyword.value, (ast.List, ast.Tuple)) and not keyword.value.elts):
                return False
    return True
