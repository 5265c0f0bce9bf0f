"""AL003 duplicate-key: one asset key defined by two definitions in one code location."""
from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from assetlens.analyzer.facts import AssetFact, Diagnostic, Related, Severity
from assetlens.analyzer.rules.context import RuleContext, definition_range, position, user_key

CODE = "AL003"
NAME = "duplicate-key"
SEVERITY: Severity = "error"
SUMMARY = "Two definitions of one asset key"
EXPLANATION = """\
Dagster refuses to load a code location in which two definitions produce the same asset key
("Duplicate asset key"), typically a copied asset whose name was not changed, a factory called twice
with the same arguments, or a `key_prefix` forgotten on one side. Each definition gets the diagnostic,
pointing at the others. A duplicate that involves a definition whose key is only probable (an
unresolved one, e.g. behind a decorator that cannot be followed) is information, never an error. Only definitions one code location loads are compared: the same key in two
locations is AL007, and a module no location loads (a draft, a course's `lesson_N` copy) is never
a duplicate of anything. As in Dagster, these are not duplicates: a function redefined later in the
same module (Python keeps the last one; the analyzer already does the same), several `SourceAsset`s of
one key (Dagster keeps one), and several identical `AssetSpec`s. `AssetSpec`s of one key that differ
are reported (Dagster: "conflicting AssetSpecs").
"""
WRONG = {
    "sales/orders.py": """\
import dagster as dg


@dg.asset
def orders():
    return [1, 2, 3]
""",
    "finance/orders.py": """\
import dagster as dg


@dg.asset
def orders():
    return [4, 5, 6]
""",
}
RIGHT = {
    "sales/orders.py": """\
import dagster as dg


@dg.asset(key_prefix="sales")
def orders():
    return [1, 2, 3]
""",
    "finance/orders.py": """\
import dagster as dg


@dg.asset(key_prefix="finance")
def orders():
    return [4, 5, 6]
""",
}


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    for key, definitions in _definitions_by_key(ctx):
        if key is None or len(definitions) < 2:
            continue
        by_location: dict[str | None, list[AssetFact]] = {}
        for asset in definitions:  # the graph holds what locations load: never an unloaded module
            by_location.setdefault(asset.location, []).append(asset)
        for located in by_location.values():
            distinct = _distinct_sites(located)
            if len(distinct) < 2 or not _conflict(distinct):
                continue
            several = len(getattr(ctx.workspace, "locations", ())) > 1
            # a key only probable (an unresolved definition: a decorator not followed, say) makes no
            # certain duplicate: an error needs two resolved definitions that conflict
            resolved = [asset for asset in distinct if asset.resolved]
            certain = len(resolved) >= 2 and _conflict(resolved)
            for asset in distinct:
                if ctx.in_scope(asset.file):
                    others = [other for other in distinct if other is not asset]
                    if certain and asset.resolved:
                        yield _diagnostic(asset, others, several)
                    else:
                        yield _uncertain(_diagnostic(asset, others, several), [a for a in distinct if not a.resolved])


def _definitions_by_key(ctx: RuleContext) -> Iterator[tuple[tuple[str, ...], list[AssetFact]]]:
    """Every key with its definitions, from the graph (what the code locations load); with a file
    scope, only the keys defined in those files (so an edit costs the size of the file, not of the
    workspace)."""
    nodes = ctx.workspace.graph.nodes
    if ctx.files is None:
        for key, data in nodes(data=True):
            yield key, list(data.get("assets", ()))
        return
    for key in dict.fromkeys(asset.key for asset in ctx.assets() if asset.key is not None):
        if key in nodes:
            yield key, list(nodes[key].get("assets", ()))


def _site(asset: AssetFact) -> tuple:
    return (asset.file, asset.def_range or asset.decorator_range or asset.name_range, asset.node, asset.output)


def _distinct_sites(definitions: list[AssetFact]) -> list[AssetFact]:
    """One fact per place in the source: a definition reached twice (a module loaded by two
    `load_assets_from_modules` calls with the same prefix) is one definition object in Dagster too."""
    seen: dict[tuple, AssetFact] = {}
    for asset in definitions:
        seen.setdefault(_site(asset), asset)
    return list(seen.values())


def _spec_identity(asset: AssetFact) -> tuple:
    return (
        tuple(ref.key for ref in asset.deps),
        asset.group,
        asset.code_version,
        asset.description,
        asset.owners,
        asset.tags,
        asset.kinds,
        repr(asset.metadata),
    )


def _conflict(definitions: list[AssetFact]) -> bool:
    kinds = {asset.kind for asset in definitions}
    if kinds == {"source"}:
        return False
    if kinds == {"spec"}:
        return len({_spec_identity(asset) for asset in definitions}) > 1
    return True


def _diagnostic(asset: AssetFact, others: list[AssetFact], name_location: bool = False) -> Diagnostic:
    where = ", ".join(position(o.file, definition_range(o)) for o in others[:3])
    if len(others) > 3:
        where += f" and {len(others) - 3} more"
    specs_only = asset.kind == "spec" and all(o.kind == "spec" for o in others)
    what = "conflicting AssetSpecs for" if specs_only else "duplicate asset key"
    return Diagnostic(
        code=CODE,
        name=NAME,
        message=f"{what} {user_key(asset.key)}"
        + (f" in code location `{asset.location}`" if name_location and asset.location else "")
        + f": also defined at {where}",
        file=asset.file,
        range=definition_range(asset),
        severity=SEVERITY,
        related=tuple(
            Related(file=o.file, range=definition_range(o), message=f"{user_key(o.key)} is also defined here")
            for o in others
        ),
        key=asset.key,
    )


def _uncertain(diagnostic: Diagnostic, unresolved: list[AssetFact]) -> Diagnostic:
    """At most information: the duplicate depends on a definition whose key is not certain."""
    names = ", ".join(f"`{a.node or a.user_key}`" for a in unresolved[:3])
    return dataclasses.replace(
        diagnostic,
        severity="info",
        message=f"possible {diagnostic.message} (it depends on {names}, whose key is not known for certain statically)",
    )
