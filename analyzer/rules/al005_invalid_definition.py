"""AL005 invalid-definition: definitions Dagster would reject at load time, visible in the source."""
from __future__ import annotations

from collections.abc import Iterator

from assetlens.analyzer.facts import Diagnostic, Severity
from assetlens.analyzer.rules.context import RuleContext, problem_diagnostics

CODE = "AL005"
NAME = "invalid-definition"
SEVERITY: Severity = "error"
SUMMARY = "Definition that Dagster rejects when it loads the code location"
EXPLANATION = """\
Some mistakes only surface when Dagster imports the code location, often in CI or in production: an
`ins` entry whose name is not a parameter of the function, an `AssetIn` for a key that is also listed
in `deps`, a `multi_asset` output that is never yielded or returned (where that is decidable), a
`code_version` that is not a string, a key part or group name with characters Dagster refuses, and the
like. The analyzer sees them in the source; this rule reports them where they are written, with
Dagster's reason.
"""
WRONG = """\
import dagster as dg


@dg.asset(code_version=2)
def orders():
    return [1, 2, 3]
"""
RIGHT = """\
import dagster as dg


@dg.asset(code_version="2")
def orders():
    return [1, 2, 3]
"""


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    yield from problem_diagnostics(ctx, CODE, NAME, SEVERITY)
