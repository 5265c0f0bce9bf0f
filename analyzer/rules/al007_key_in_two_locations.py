"""AL007 key-in-two-locations: one materializable asset key defined by two code locations."""
from __future__ import annotations

from collections.abc import Iterator

from assetlens.analyzer.facts import AssetFact, Diagnostic, Related, Severity
from assetlens.analyzer.rules.context import RuleContext, definition_range, position, user_key

CODE = "AL007"
NAME = "key-in-two-locations"
SEVERITY: Severity = "warning"
SUMMARY = "The same materializable asset key in two code locations"
EXPLANATION = """\
Each code location loads on its own, so Dagster accepts the same asset key in two locations — but the
webserver then shows one asset with two definitions, warns about it, and refuses to launch it from the
launchpad ("asset is defined in multiple code locations"), and each location's runs overwrite the
other's materializations. Usually one location should own the asset and the other declare it as an
external `AssetSpec` (a spec or source asset in the other location is fine and not reported), or the
two were meant to be different assets and need different keys (a `key_prefix` per location). A module
that both locations import and load is reported once, naming both locations. Only locations declared
together (workspace.yaml, dagster_cloud.yaml, a `dg` workspace) are compared: projects found each in
its own pyproject.toml are separate deployments.
"""
WRONG = {
    "workspace.yaml": """\
load_from:
  - python_module:
      module_name: sales
      location_name: sales
  - python_module:
      module_name: finance
      location_name: finance
""",
    "sales.py": """\
import dagster as dg


@dg.asset
def orders():
    return [1, 2, 3]


defs = dg.Definitions(assets=[orders])
""",
    "finance.py": """\
import dagster as dg


@dg.asset
def orders():
    return [4, 5, 6]


defs = dg.Definitions(assets=[orders])
""",
}
RIGHT = {
    "workspace.yaml": WRONG["workspace.yaml"],
    "sales.py": WRONG["sales.py"],
    "finance.py": """\
import dagster as dg

orders = dg.AssetSpec("orders")  # owned by the sales location


@dg.asset(deps=[orders])
def revenue():
    return 15


defs = dg.Definitions(assets=[orders, revenue])
""",
}


def _materializable(asset: AssetFact) -> bool:
    return asset.kind not in ("spec", "source") and asset.is_executable and asset.location is not None


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    discovery = getattr(ctx.workspace, "discovery", None)
    if len(getattr(ctx.workspace, "locations", ())) < 2 or (discovery is not None and not discovery.workspace):
        return  # projects found each in its own pyproject.toml are deployed apart: not one webserver
    nodes = ctx.workspace.graph.nodes
    keys = (
        dict.fromkeys(asset.key for asset in ctx.assets() if asset.key is not None)
        if ctx.files is not None
        else list(nodes)
    )
    for key in keys:
        if key not in nodes:
            continue
        definitions = [asset for asset in nodes[key].get("assets", ()) if _materializable(asset)]
        locations = sorted({asset.location for asset in definitions if asset.location is not None})
        if len(locations) < 2:
            continue
        sites: dict[tuple, list[AssetFact]] = {}
        for asset in definitions:
            sites.setdefault((asset.file, asset.node_id, asset.output), []).append(asset)
        for copies in sites.values():
            asset = copies[0]
            if not ctx.in_scope(asset.file):
                continue
            others = [other for site, group in sites.items() if group is not copies for other in group[:1]]
            yield _diagnostic(asset, sorted({c.location for c in copies if c.location}), others, locations)


def _diagnostic(asset: AssetFact, own: list[str], others: list[AssetFact], locations: list[str]) -> Diagnostic:
    names = ", ".join(f"`{name}`" for name in locations)
    if not others:
        message = f"{user_key(asset.key)} is loaded by {len(own)} code locations ({names}): Dagster's webserver shows it with several definitions and will not launch it"
    else:
        where = ", ".join(f"{position(o.file, definition_range(o))} (location `{o.location}`)" for o in others[:3])
        if len(others) > 3:
            where += f" and {len(others) - 3} more"
        message = (
            f"{user_key(asset.key)} is also defined by another code location: {where}; "
            "Dagster's webserver shows it with several definitions and will not launch it"
        )
    return Diagnostic(
        code=CODE,
        name=NAME,
        message=message,
        file=asset.file,
        range=definition_range(asset),
        severity=SEVERITY,
        related=tuple(
            Related(file=o.file, range=definition_range(o), message=f"{user_key(o.key)} in location `{o.location}`")
            for o in others
        ),
        key=asset.key,
        data=(("locations", tuple(locations)),),
    )
