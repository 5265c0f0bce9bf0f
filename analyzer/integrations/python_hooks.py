"""dagster-dbt and dagster-sling as Python code uses them, for the static interpreter.

- `DbtProject(project_dir=...)` → a `DbtProjectValue` (its `.manifest_path`, `.project_dir`);
- `@dbt_assets(manifest=..., select=..., exclude=..., dagster_dbt_translator=..., name=...)` → one
  multi-asset whose outputs are the selected models/seeds/snapshots (keys as dagster-dbt's default
  translator gives them; with a custom translator, names known and keys not);
- `get_asset_key_for_model([assets], "name")`, `get_asset_key_for_source([assets], "source")`;
- `@sling_assets(replication_config=..., dagster_sling_translator=...)` → one output per stream.

Paths must be known statically (literals, `Path(__file__).parent / "dbt"`); a relative path depends on
the working directory Dagster is started from and stays unresolved. The module that uses them records
`file:<path>` dependencies so it is analysed again (never served stale from the cache) — the dbt and
Sling files are not Python modules the cache hashes.
"""
from __future__ import annotations

import ast

import posixpath
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from assetlens.analyzer.files import is_file, read_file
from assetlens.analyzer.facts import AssetFact, DepRef
from assetlens.analyzer.integrations import dbt as dbt_mod
from assetlens.analyzer.integrations import sling as sling_mod
from assetlens.analyzer.integrations.dbt_select import UnsupportedSelection, select_unique_ids

NOT_HANDLED = object()


@dataclass(frozen=True)
class DbtProjectValue:
    """`DbtProject(project_dir=...)` with an absolute, normalised project folder."""

    project_dir: str
    target_path: str = "target"

    def attribute(self, name: str) -> Any:
        if name == "manifest_path":
            return ManifestPath(self.project_dir, posixpath.join(self.project_dir, self.target_path, "manifest.json"))
        if name == "project_dir":
            return PurePosixPath(self.project_dir)
        if name in ("prepare_if_dev", "preparer"):
            return _Ignored()
        return None


@dataclass(frozen=True)
class ManifestPath:
    """`DbtProject.manifest_path`: the manifest, or the project's sources when it is not built yet."""

    project_dir: str
    path: str


@dataclass(frozen=True)
class DefaultTranslator:
    """`DagsterDbtTranslator(...)` / `DagsterSlingTranslator(...)` itself: the default keys."""

    name: str


class _Ignored:
    """`project.prepare_if_dev()`: a call with no effect on keys."""

    def attribute(self, name: str) -> Any:
        return None


def _absolute(value: Any) -> str | None:
    if isinstance(value, (str, PurePosixPath)):
        text = str(value)
        if text.startswith("/"):
            return posixpath.normpath(text)
    return None


def workspace_root(interp: Any) -> Path | None:
    root = getattr(getattr(interp, "project", None), "root", None)
    return Path(root) if root is not None else None


def _relative(interp: Any, absolute: str) -> str | None:
    root = workspace_root(interp)
    if root is None:
        return None
    try:
        return PurePosixPath(absolute).relative_to(PurePosixPath(root.resolve().as_posix())).as_posix()
    except ValueError:
        return None


def _record(interp: Any, relative: str) -> None:
    """The module's facts depend on a non-Python file: never reuse them from the cache."""
    interp.root.depends_on[f"file:{relative}"] = "-"


# ------------------------------------------------------------------- calls
def call(interp: Any, module: str, name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """A call of a dagster_dbt/dagster_sling name that is not an asset decorator, or NOT_HANDLED."""
    from assetlens.analyzer.values import KeyValue, Unknown

    top = module.split(".")[0]
    if top not in ("dagster_dbt", "dagster_sling"):
        return NOT_HANDLED
    if name == "DbtProject":
        project_dir = args[0] if args else kwargs.get("project_dir")
        absolute = _absolute(project_dir)
        if absolute is None:
            return Unknown("`DbtProject(project_dir=...)` with a path not known statically (a relative path depends on the working directory)")
        target = kwargs.get("target_path", "target")
        return DbtProjectValue(absolute, str(target) if isinstance(target, (str, PurePosixPath)) else "target")
    if name in ("DagsterDbtTranslator", "DagsterSlingTranslator"):
        return DefaultTranslator(name)
    if name in ("DagsterDbtTranslatorSettings",):
        return _Ignored()
    if name in ("get_asset_key_for_model", "get_asset_key_for_source"):
        assets = args[0] if args else kwargs.get("dbt_assets")
        wanted = args[1] if len(args) > 1 else kwargs.get("model_name" if name.endswith("model") else "source_name")
        if not isinstance(wanted, str) or not isinstance(assets, (list, tuple)):
            return Unknown(f"`{name}(...)` with arguments not known statically")
        drafts = [draft for value in assets for draft in getattr(value, "drafts", ())]
        if name.endswith("model"):
            found = [d for d in drafts if getattr(d, "origin", None) == "dbt" and getattr(d, "known_name", None) == wanted]
            if found and found[0].key is not None:
                return KeyValue(found[0].key)
            return Unknown(f"dbt model `{wanted}` is not known statically in these dbt assets")
        keys = {ref.key for d in drafts if getattr(d, "origin", None) == "dbt" for ref in d.deps
                if ref.via == "dbt_source" and ref.text.startswith(f"source {wanted}.") and ref.key is not None}
        if len(keys) == 1:
            return KeyValue(next(iter(keys)))
        return Unknown(f"dbt source `{wanted}` has no single table known statically in these dbt assets")
    return NOT_HANDLED


def attribute(target: Any, name: str) -> Any:
    """Attributes of the values above (None: not one of them)."""
    if isinstance(target, (DbtProjectValue, _Ignored)):
        return target.attribute(name)
    return None


# ---------------------------------------------------------------- decorators
def assets_for(interp: Any, module: str, name: str, kwargs: dict[str, Any], function_name: str, where: Any) -> list[Any] | None:
    """The drafts of `@dbt_assets(...)`/`@sling_assets(...)` (None: not one of these)."""
    top = module.split(".")[0]
    if top == "dagster_dbt" and name == "dbt_assets":
        return _dbt_assets(interp, kwargs, function_name, where)
    if top == "dagster_sling" and name == "sling_assets":
        return _sling_assets(interp, kwargs, function_name, where)
    return None


def _dbt_assets(interp: Any, kwargs: dict[str, Any], function_name: str, where: Any) -> list[Any] | None:
    root = workspace_root(interp)
    manifest = kwargs.get("manifest")
    project = kwargs.get("project")
    project_dir: str | None = None
    manifest_file: str | None = None
    if isinstance(manifest, ManifestPath):
        project_dir, manifest_file = manifest.project_dir, manifest.path
    else:
        manifest_file = _absolute(manifest)
        if isinstance(project, DbtProjectValue):
            project_dir = project.project_dir
        elif manifest_file is not None:
            candidate = posixpath.dirname(posixpath.dirname(manifest_file))
            if is_file(Path(candidate, "dbt_project.yml")):
                project_dir = candidate
    if root is None or (project_dir is None and manifest_file is None):
        return None
    info = None
    if manifest_file is not None and is_file(Path(manifest_file)):
        import json

        relative_manifest = _relative(interp, manifest_file)
        if relative_manifest is not None:
            _record(interp, relative_manifest)
        folder = _relative(interp, project_dir) if project_dir else None
        try:
            data = json.loads(read_file(Path(manifest_file), limit=dbt_mod.MANIFEST_LIMIT))
            info = dbt_mod.project_from_manifest(data, root, folder or "")
        except (OSError, ValueError, KeyError, TypeError):
            info = None
    if info is None and project_dir is not None:
        folder = _relative(interp, project_dir)
        if folder is None:
            return None
        _record(interp, f"{folder}/dbt_project.yml" if folder else "dbt_project.yml")
        info = dbt_mod.load_dbt_project(root, folder, prefer_manifest=False)
    if info is None:
        return None
    select = kwargs.get("select", "fqn:*")
    exclude = kwargs.get("exclude", "")
    reason = None
    if not isinstance(select, str) or not isinstance(exclude or "", str):
        return _unresolved(function_name, where, "the dbt selection is not known statically")
    if kwargs.get("selector"):
        return _unresolved(function_name, where, "a dbt YAML selector is not evaluated statically")
    try:
        selected = select_unique_ids(info, select, exclude or "")
    except UnsupportedSelection as unsupported:
        return _unresolved(function_name, where, f"the dbt selection `{unsupported}` is not evaluated statically")
    translator = kwargs.get("dagster_dbt_translator")
    key_known, note = translator_effect(translator)
    if not key_known:
        reason = f"`@dbt_assets` with a custom translator: the dbt names are known, not the keys"
    op_name = kwargs.get("name") if isinstance(kwargs.get("name"), str) else function_name
    facts = _evaluated_translator(info, selected, op_name, translator)
    if facts is not None:
        note = None
    else:
        facts = dbt_mod.dbt_asset_facts(info, selected, op_name=op_name, node_id="", key_known=key_known,
                                        unresolved_reason=reason)
    return [_draft(fact, where, op_name, note) for fact in facts]


def _sling_assets(interp: Any, kwargs: dict[str, Any], function_name: str, where: Any) -> list[Any] | None:
    root = workspace_root(interp)
    config = kwargs.get("replication_config")
    absolute = _absolute(config)
    if root is None or absolute is None:
        return None
    relative = _relative(interp, absolute)
    if relative is None:
        return None
    _record(interp, relative)
    replication = sling_mod.read_replication(root, relative)
    translator = kwargs.get("dagster_sling_translator")
    key_known, note = translator_effect(translator)
    op_name = kwargs.get("name") if isinstance(kwargs.get("name"), str) else function_name
    facts = sling_mod.sling_asset_facts(
        replication, op_name=op_name, node_id="", key_known=key_known,
        unresolved_reason=None if key_known else "`@sling_assets` with a custom translator: the stream names are known, not the keys")
    return [_draft(fact, where, op_name, note) for fact in facts]


def _evaluated_translator(info: Any, selected: set[str], op_name: str, translator: Any) -> list[AssetFact] | None:
    """The facts with a translator subclass's `get_asset_key`/`get_group_name` evaluated model by
    model (dbt_translator), or None when it overrides something else or a method is not static."""
    from assetlens.analyzer.integrations.dbt_translator import EVALUATED_METHODS, NotStatic, make_translate

    if not isinstance(translator, TranslatorSubclass):
        return None
    changed = translator.overrides & (KEY_METHODS | GROUP_METHODS)
    if not changed or not changed <= EVALUATED_METHODS:
        return None
    methods = {name: node for name, node in translator.methods if name in EVALUATED_METHODS}
    if set(methods) != changed:
        return None
    translate = make_translate(methods, dbt_mod.default_asset_key, dbt_mod.default_group)
    try:
        return dbt_mod.dbt_asset_facts(info, selected, op_name=op_name, node_id="", key_known=True, translate=translate)
    except NotStatic:
        return None


def _unresolved(function_name: str, where: Any, reason: str) -> list[Any]:
    from assetlens.analyzer.asset_builder import AssetDraft

    return [AssetDraft(None, "multi_asset", function_name, "result", unresolved=[reason])]


def _draft(fact: AssetFact, where: Any, op_name: str, note: str | None = None) -> Any:
    """An integration fact as a draft of the Python module that builds it: shown at the decorated
    function, with the .sql/.yaml definition site kept in `source_file`/`source_range`."""
    from assetlens.analyzer.asset_builder import AssetDraft

    draft = AssetDraft(
        fact.key, "multi_asset", op_name, fact.output,
        deps=[DepRef(ref.key, ref.via, where.decorator, None, ref.text) for ref in fact.deps],
        group=fact.group, tags=fact.tags, kinds=fact.kinds,
        unresolved=[fact.unresolved_reason] if fact.unresolved_reason else [],
        problems=[problem._replace(range=where.decorator) for problem in fact.problems],
        can_subset=True,
        description=note,
    )
    for name, value in (("origin", fact.origin), ("known_name", fact.known_name),
                        ("source_file", fact.file), ("source_range", fact.name_range)):
        if hasattr(draft, name):
            setattr(draft, name, value)
    return draft


# ------------------------------------------------------------ translators
KEY_METHODS = frozenset({"get_asset_key", "get_asset_spec", "get_deps_asset_key", "sanitize_stream_name", "__init__", "__new__"})
GROUP_METHODS = frozenset({"get_group_name"})
TRANSLATOR_BASES = frozenset({"DagsterDbtTranslator", "DagsterSlingTranslator"})


@dataclass(frozen=True)
class TranslatorSubclass:
    """An instance of a project subclass of `DagsterDbtTranslator`/`DagsterSlingTranslator`: the methods
    it (and its project bases) override decide whether the default keys still hold."""

    name: str
    overrides: frozenset[str]
    # the nearest definition of each method dbt_translator evaluates (name -> FunctionDef)
    methods: tuple[tuple[str, Any], ...] = ()


def translator_instance(cls: Any) -> TranslatorSubclass | None:
    """`MyTranslator()` where the class extends a dagster-dbt/dagster-sling translator (else None)."""
    overrides: set[str] = set()
    methods: dict[str, Any] = {}
    seen = 0
    current = [cls]
    found = False
    while current and seen < 10:
        seen += 1
        following = []
        for klass in current:
            overrides |= set(getattr(klass, "defined", ()) or ())
            class_node = getattr(klass, "class_node", None)
            for statement in getattr(class_node, "body", ()):
                if isinstance(statement, ast.FunctionDef) and statement.name not in methods:
                    methods[statement.name] = statement
            for base in getattr(klass, "bases", ()):
                module = getattr(base, "module", "")
                if module.split(".")[0] in ("dagster_dbt", "dagster_sling") and getattr(base, "name", "").split(".")[-1] in TRANSLATOR_BASES:
                    found = True
                elif hasattr(base, "bases"):
                    following.append(base)
        current = following
    if not found:
        return None
    return TranslatorSubclass(cls.name, frozenset(overrides), tuple(sorted(methods.items())))


def translator_effect(translator: Any) -> tuple[bool, str | None]:
    """(keys are the default ones, a note on what the translator changes that is not known statically)."""
    if translator is None or isinstance(translator, DefaultTranslator):
        return True, None
    if isinstance(translator, TranslatorSubclass):
        if translator.overrides & KEY_METHODS:
            return False, None
        if translator.overrides & GROUP_METHODS:
            return True, f"group set by `{translator.name}.get_group_name`, not known statically"
        return True, None
    return False, None
