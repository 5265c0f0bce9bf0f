"""AL006 unresolved: where the analyzer could not determine a key or a dependency statically."""
from __future__ import annotations

from collections.abc import Iterator

from assetlens.analyzer.facts import Diagnostic, Severity
from assetlens.analyzer.rules.context import RuleContext, definition_range, problem_diagnostics, user_key

CODE = "AL006"
NAME = "unresolved"
SEVERITY: Severity = "info"
SUMMARY = "Asset key or dependency that cannot be determined without running the code"
EXPLANATION = """\
The analyzer folds constants, f-strings, loops over literal lists and factory calls with literal
arguments, but a key computed at import time from the environment, a file or a network call cannot be
known without running the code. Such definitions and dependencies are kept with `resolved: false`
instead of being guessed or dropped; this informational diagnostic says where and why, so that the
other rules' silence about them is not mistaken for a clean bill (AL002 and AL003 cannot see what they
cannot resolve). It never fails a check. Use literals, or names built from literals, where you can.
"""
WRONG = """\
import os

import dagster as dg


@dg.asset(key=os.environ["ORDERS_TABLE"])
def orders():
    return [1, 2, 3]
"""
RIGHT = """\
import dagster as dg

ORDERS_TABLE = "orders"


@dg.asset(key=ORDERS_TABLE)
def orders():
    return [1, 2, 3]
"""


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    partial_groups: dict[str, list] | None = None
    for asset in ctx.assets():
        # unresolved dependencies get their own diagnostic below, at the reference
        reasons = [part for part in (asset.unresolved_reason or "").split("; ") if part and not part.startswith("dependency:")]
        if asset.key is None and asset.known_name and asset.origin:
            # partly known keys (a custom dbt/Sling translator): one diagnostic per definition, not per model
            if partial_groups is None:
                partial_groups = {}
                for other in ctx.workspace.assets:
                    if other.key is None and other.known_name and other.origin:
                        partial_groups.setdefault(other.node_id, []).append(other)
            group = partial_groups.get(asset.node_id) or [asset]
            if group[0] is not asset:
                continue
            if len(group) > 1:
                names = ", ".join(f"`{other.known_name}`" for other in group[:5]) + (", …" if len(group) > 5 else "")
                reasons = [*reasons, f"{len(group)} {asset.origin} assets ({names}) whose names are known, not their keys"]
        if asset.key is None or reasons:
            reason = "; ".join(reasons) or "its key is not a value the analyzer can compute"
            if asset.key is not None:
                what = f"part of {user_key(asset.key)}"
            elif asset.kind == "spec":
                what = "the key of this asset spec"
            elif asset.kind == "source":
                what = "the key of this source asset"
            elif not asset.node:
                what = "the key of what this defines"
            else:
                what = f"asset key of `{asset.node}`"
            yield Diagnostic(
                code=CODE,
                name=NAME,
                message=f"{what} cannot be determined statically: {reason}",
                file=asset.file,
                range=definition_range(asset),
                severity=SEVERITY,
                key=asset.key,
            )
        for ref in asset.deps:
            if ref.key is not None:
                continue
            written = f" `{ref.text}`" if ref.text else ""
            yield Diagnostic(
                code=CODE,
                name=NAME,
                message=f"dependency{written} of {user_key(asset.key)} cannot be resolved statically",
                file=asset.file,
                range=ref.range or definition_range(asset),
                severity=SEVERITY,
                key=asset.key,
            )
    yield from problem_diagnostics(ctx, CODE, NAME, SEVERITY)
