"""From the analyzer's workspace to a runtime request: which assets a selection is (with its upstream or
downstream), which modules define them and their direct upstream (only those are imported), the
loaders' transforms as plain data, and each asset's fingerprint.

Shared by `assetlens materialize`/`assetlens status` and the language server's materialize command; it
lives here because it joins the analyzer and the runtime, which the runtime itself must never do.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assetlens.analyzer import AssetFact, Workspace
    from assetlens.runtime import MaterializeRequest
    from assetlens.runtime.protocol import LoadTransform

Key = tuple[str, ...]


class SelectionError(Exception):
    """A key the workspace does not define (or cannot run); the message says which."""


def parse_key(text: str) -> Key:
    return tuple(text.split("/"))


def assets_by_key(workspace: Workspace, location: str | None = None) -> dict[Key, list[AssetFact]]:
    """The workspace's definitions by key; only those `location` loads when it is given."""
    by_key = workspace.assets_by_key()
    if location is None:
        return by_key
    if not any(getattr(known, "name", None) == location for known in getattr(workspace, "locations", ())):
        names = ", ".join(sorted(known.name for known in getattr(workspace, "locations", ()))) or "none"
        raise SelectionError(f"no code location {location!r} in the workspace (code locations: {names})")
    return {
        key: kept for key, facts in by_key.items()
        if (kept := [fact for fact in facts if getattr(fact, "location", None) == location])
    }


def executable_assets(workspace: Workspace, location: str | None = None) -> dict[Key, list[AssetFact]]:
    return {
        key: [fact for fact in facts if fact.is_executable]
        for key, facts in assets_by_key(workspace, location).items()
        if any(fact.is_executable for fact in facts)
    }


def check_one_definition_each(workspace: Workspace, keys: Iterable[Key], location: str | None = None) -> None:
    """A run imports one definition per key: a key (of the selection or a direct upstream of it) that
    several code locations define differently must be narrowed to one location (`--location NAME`)."""
    needed: set[Key] = set(keys)
    for key in list(needed):
        if key in workspace.graph:
            needed |= set(workspace.graph.predecessors(key))
    by_key = assets_by_key(workspace, location)
    clashing: dict[Key, set[str]] = {}
    for key in needed:
        facts = by_key.get(key, [])
        if len({fact.file for fact in facts}) > 1:  # one file twice is a redefinition: Python keeps the last
            clashing[key] = {getattr(fact, "location", None) or "(no location)" for fact in facts}
    if not clashing:
        return
    key = min(clashing)
    where = sorted(clashing[key])
    more = f" (and {len(clashing) - 1} more key{'s' if len(clashing) > 2 else ''})" if len(clashing) > 1 else ""
    if len(where) > 1:
        raise SelectionError(
            f"{'/'.join(key)}{more} is defined in several code locations ({', '.join(where)}): "
            f"a run uses one code location; pick it with --location NAME"
        )
    raise SelectionError(
        f"{'/'.join(key)}{more} is defined more than once in code location {where[0]}: fix the duplicate (AL003) first"
    )


def resolve_keys(workspace: Workspace, texts: Iterable[str], location: str | None = None) -> list[Key]:
    import difflib

    known = executable_assets(workspace, location)
    defined = assets_by_key(workspace, location)
    keys = []
    for text in texts:
        key = parse_key(text)
        if key in known:
            keys.append(key)
            continue
        if key in defined:
            raise SelectionError(f"{text} is not executable (a source asset or spec): it cannot be materialized")
        names = ["/".join(k) for k in known]
        close = difflib.get_close_matches(text, names, n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        where = f"code location {location}" if location is not None else "the workspace"
        raise SelectionError(f"no asset {text} in {where}{hint}")
    return keys


def resolve_selection(
    workspace: Workspace, texts: Iterable[str], select_all: bool = False, location: str | None = None
) -> list[Key]:
    """Keys from what the user typed: plain keys (`raw/orders`, with did-you-mean) or Dagster's selection
    syntax (`+key:raw/orders`, `group:marts and not tag:slow`...), or every executable asset (`--all`);
    only assets that can be materialized, in the workspace's order."""
    from assetlens.server.asset_selection import SelectionSyntaxError, looks_like_selection, select

    known = executable_assets(workspace, location)
    if select_all:
        return list(known)
    chosen: set[Key] = set()
    for text in texts:
        if not looks_like_selection(text):
            chosen.update(resolve_keys(workspace, [text], location))
            continue
        try:
            found = {key for key in select(workspace, text) if key in known}
        except SelectionSyntaxError as error:
            raise SelectionError(f"invalid selection: {error}") from None
        if not found:
            raise SelectionError(f"the selection {text!r} matches no asset that can be materialized")
        chosen |= found
    order = {key: index for index, key in enumerate(known)}
    return sorted(chosen, key=lambda key: order.get(key, len(order)))


def expand_selection(
    workspace: Workspace, keys: Iterable[Key], upstream: bool, downstream: bool, location: str | None = None
) -> list[Key]:
    """The keys, their upstream/downstream closures over executable assets (of `location` when given),
    and the other outputs of non-subsettable multi-assets (Dagster runs those whole)."""
    import networkx as nx

    known = executable_assets(workspace, location)
    graph = workspace.graph
    selected = set(keys)
    if upstream:
        for key in list(selected):
            selected |= {k for k in nx.ancestors(graph, key) if k in known}
    if downstream:
        for key in list(selected):
            selected |= {k for k in nx.descendants(graph, key) if k in known}
    by_node: dict[str, set[Key]] = {}
    for key, facts in known.items():
        for fact in facts:
            by_node.setdefault(fact.node_id, set()).add(key)
    for key in list(selected):
        for fact in known[key]:
            if not fact.can_subset:
                selected |= by_node.get(fact.node_id, set())
    order = {key: index for index, key in enumerate(known)}
    return sorted(selected, key=lambda k: order.get(k, len(order)))


def modules_and_paths(
    workspace: Workspace, keys: Iterable[Key], location: str | None = None
) -> tuple[list[str], list[str]]:
    """Modules to import for these keys and their direct upstream, and the folders they import from."""
    needed: set[Key] = set(keys)
    for key in list(needed):
        needed |= {pred for pred in workspace.graph.predecessors(key) if pred in workspace.graph}
    by_key = assets_by_key(workspace, location)
    facts = [fact for key in needed for fact in by_key.get(key, [])]
    modules: dict[str, None] = {}
    roots: dict[str, None] = {}
    for fact in facts:
        if not fact.module:
            raise SelectionError(f"{fact.file} defines {fact.user_key} but is not importable as a module")
        modules[fact.module] = None
        roots[_import_root(workspace.root, fact.file, fact.module)] = None
    return list(modules), list(roots)


def load_transforms(workspace: Workspace, modules: Iterable[str]) -> list[LoadTransform]:
    """The `load_assets_from_modules` calls that give these modules' assets their keys and groups, as
    data (the first call covering a module wins, as in the analyzer), so the worker need not import the
    module making the call."""
    from assetlens.runtime.protocol import LoadTransform

    calls = [
        call
        for facts in workspace.modules.values()
        for call in facts.load_calls
        if call.key_prefix or call.group_name or call.source_key_prefix
    ]
    by_call: dict[int, list[str]] = {}
    for module in modules:
        for index, call in enumerate(calls):
            if call.covers(module):
                by_call.setdefault(index, []).append(module)
                break
    transforms = []
    for index, covered_needed in by_call.items():
        call = calls[index]
        covered = [facts for facts in workspace.modules.values() if call.covers(facts.module)]
        renamed = (
            sorted(
                {
                    asset.key
                    for facts in covered
                    for asset in facts.assets
                    if asset.key is not None and (asset.key_prefixable or (call.include_specs and asset.kind == "spec"))
                }
            )
            if call.key_prefix
            else []
        )
        sources = (
            sorted(
                {
                    asset.key
                    for facts in covered
                    for asset in facts.assets
                    if asset.key is not None and asset.kind == "source"
                }
            )
            if call.source_key_prefix
            else []
        )
        transforms.append(
            LoadTransform(
                modules=tuple(covered_needed),
                key_prefix=tuple(call.key_prefix) if call.key_prefix else None,
                group_name=call.group_name,
                source_key_prefix=tuple(call.source_key_prefix) if call.source_key_prefix else None,
                include_specs=call.include_specs,
                renamed=tuple(renamed),
                renamed_sources=tuple(sources),
            )
        )
    return transforms


def _import_root(root: Path, relpath: str, module: str) -> str:
    parts = relpath[:-3].split("/") if relpath.endswith(".py") else relpath.split("/")
    if parts[-1] == "__init__":
        parts = parts[:-1]
    depth = len(module.split("."))
    return str(root.joinpath(*parts[: len(parts) - depth])) if len(parts) > depth else str(root)


def definitions_from_pyproject(root: Path) -> str | None:
    """Dagster's own convention: `[tool.dagster] module_name` (or `[tool.dg.project] root_module`)."""
    import tomllib

    from assetlens.analyzer.files import is_file, read_file

    try:  # a regular file of bounded size only (a FIFO named pyproject.toml would block)
        data = tomllib.loads(read_file(root / "pyproject.toml").decode("utf-8"))
    except (OSError, ValueError):
        return None
    def table(parent: object, name: str) -> dict:  # `tool = 5`, `[tool] dagster = 5`: no table, no module
        value = parent.get(name) if isinstance(parent, dict) else None
        return value if isinstance(value, dict) else {}

    tool = table(data, "tool")
    module = table(tool, "dagster").get("module_name")
    if isinstance(module, str) and module:
        attr = table(tool, "dagster").get("attribute")
        return f"{module}:{attr}" if isinstance(attr, str) and attr else module
    root_module = table(table(tool, "dg"), "project").get("root_module")
    if isinstance(root_module, str) and is_file(root / root_module.replace(".", "/") / "definitions.py"):
        return f"{root_module}.definitions"
    return None


def build_request(
    workspace: Workspace, selection: list[Key], engine: str, definitions: str | None, location: str | None = None
) -> MaterializeRequest:
    """The run request; a `SelectionError` when a key needed has several definitions (pick a location)."""
    from assetlens.runtime import MaterializeRequest

    check_one_definition_each(workspace, selection, location)
    if definitions is None and hasattr(workspace, "definitions_target"):
        definitions = workspace.definitions_target(selection)  # the selection's own code location's
    modules, roots = modules_and_paths(workspace, selection, location)
    by_key = assets_by_key(workspace, location)
    fingerprints = []
    for key in selection:
        for fact in by_key.get(key, []):
            if fact.fingerprint is not None:
                fingerprints.append((key, fact.fingerprint))
                break
    return MaterializeRequest(
        workspace=str(workspace.root),
        modules=tuple(modules),
        load_transforms=tuple(load_transforms(workspace, modules)),
        selection=tuple(selection),
        engine=engine,
        python_path=tuple(roots),
        definitions=definitions,
        fingerprints=tuple(fingerprints),
    )
