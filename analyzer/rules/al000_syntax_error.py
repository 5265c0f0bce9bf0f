"""AL000 syntax-error: a file the analyzer could not read or parse."""
from __future__ import annotations

from collections.abc import Iterator

from assetlens.analyzer.facts import Diagnostic, Severity
from assetlens.analyzer.rules.context import RuleContext

CODE = "AL000"
NAME = "syntax-error"
SEVERITY: Severity = "error"
SUMMARY = "File cannot be read or parsed"
EXPLANATION = """\
A file that is not valid Python (or not UTF-8) cannot be analysed: its assets are missing from the graph,
so other rules may report their downstream as depending on undefined keys, and Dagster itself would fail
to import the module. The diagnostic points at the position the parser gave up at. Fix the syntax; the
rest of the workspace is still analysed meanwhile.
"""
WRONG = """\
import dagster as dg


@dg.asset
def orders(:
    return [1, 2, 3]
"""
RIGHT = """\
import dagster as dg


@dg.asset
def orders():
    return [1, 2, 3]
"""


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    for module in ctx.modules():
        problem = module.syntax_error
        if problem is None:
            continue
        yield Diagnostic(
            code=CODE,
            name=NAME,
            message=problem.message,
            file=module.file,
            range=problem.range,
            severity=SEVERITY,
        )
