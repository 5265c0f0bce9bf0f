"""The diagnostics engine: every check rule over a workspace, with settings and suppressions applied.

`run_rules` is the one function the command line (`assetlens check`) and the language server call,
so both report exactly the same diagnostics. It is pure (it reads facts and, for fixes, file texts;
it writes nothing) and cheap enough to run after every edit: each rule is linear in the graph, and
with `files` given only diagnostics located in those files are built.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from assetlens.analyzer.config import Settings
from assetlens.analyzer.facts import Diagnostic
from assetlens.analyzer.rules import ALL_RULES
from assetlens.analyzer.rules.context import RuleContext, WorkspaceView

if TYPE_CHECKING:
    from assetlens.analyzer.baseline import Baseline

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2, "hint": 3}


def run_rules(
    workspace: WorkspaceView,
    settings: Settings | None = None,
    *,
    files: Iterable[str] | None = None,
    baseline: Baseline | None = None,
) -> list[Diagnostic]:
    """Diagnostics of the enabled rules, sorted by file and position.

    `files`: root-relative posix paths to report on (None: the whole workspace). The whole graph is
    still read, so a cycle or duplicate through another file is reported in these files too.
    `baseline`: the git revision AL004 compares with (None: AL004 does not run).
    Applied here, after the rules: `select`/`ignore`, `per-file-ignores`, severity overrides and inline
    `# assetlens: ignore[CODE, ...]` comments (on the diagnostic's first or last line; no codes = all).
    """
    settings = settings or Settings()
    enabled = settings.enabled_codes()
    context = RuleContext(workspace, frozenset(files) if files is not None else None, baseline)
    ignored_by_file: dict[str, frozenset[str]] = {}
    suppressions_by_file: dict[str, dict[int, tuple[str, ...]]] = {}
    seen: set[tuple] = set()
    results: list[Diagnostic] = []
    for rule in ALL_RULES:
        if rule.CODE not in enabled:
            continue
        overridden = dict(settings.severity).get(rule.CODE)
        for diagnostic in rule.check(context):
            file = diagnostic.file
            if file not in ignored_by_file:
                ignored_by_file[file] = settings.ignored_in_file(file)
            if diagnostic.code in ignored_by_file[file]:
                continue
            if file not in suppressions_by_file:
                module = workspace.modules.get(file)
                suppressions_by_file[file] = dict(module.suppressions) if module is not None else {}
            if is_suppressed(diagnostic, suppressions_by_file[file]):
                continue
            identity = (diagnostic.code, file, diagnostic.range, diagnostic.message)
            if identity in seen:
                continue
            seen.add(identity)
            if overridden is not None and diagnostic.severity != overridden and (diagnostic.severity != "info" or rule.SEVERITY == "info"):  # uncertain findings stay info
                diagnostic = replace(diagnostic, severity=overridden)
            results.append(diagnostic)
    results.sort(key=sort_key)
    return results


def sort_key(diagnostic: Diagnostic) -> tuple:
    where = diagnostic.range
    return (diagnostic.file, where.line if where else 0, where.col if where else 0, diagnostic.code, diagnostic.message)


def is_suppressed(diagnostic: Diagnostic, suppressions: dict[int, tuple[str, ...]]) -> bool:
    """An inline `# assetlens: ignore[...]` (line -> codes; no codes = all) on the diagnostic's first or
    last line."""
    if not suppressions or diagnostic.range is None:
        return False
    for line in {diagnostic.range.line, diagnostic.range.end_line}:
        codes = suppressions.get(line)
        if codes is not None and (not codes or diagnostic.code in codes):
            return True
    return False


def fails(diagnostics: Iterable[Diagnostic]) -> bool:
    """Whether these diagnostics fail a check (exit 1): any error or warning; info and hints do not."""
    return any(d.severity in ("error", "warning") for d in diagnostics)
