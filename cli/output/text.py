"""Text output, like gcc and mypy: one `path:line:col: severity: CODE message` line per diagnostic
(1-based column; `[*]` after the code when `--fix` can fix it), related locations indented under it as
`path:line:col: note: ...`, then a summary line — which says so when there was nothing to check (no
Python files, or no assets in them) rather than "All checks passed!"."""
from __future__ import annotations

from collections import Counter

from assetlens.analyzer.facts import Diagnostic
from assetlens.cli.output import Report


def location(diagnostic: Diagnostic) -> str:
    where = diagnostic.range
    if where is None:
        return f"{diagnostic.file}:1:1"
    return f"{diagnostic.file}:{where.line}:{where.col + 1}"


def render(report: Report) -> str:
    lines: list[str] = []
    for fixed in report.fixed:
        lines.append(f"{location(fixed.diagnostic)}: fixed {fixed.diagnostic.code}: {fixed.fix.title}")
    for diagnostic in report.diagnostics:
        marker = " [*]" if any(f.safe for f in diagnostic.fixes) else ""
        lines.append(f"{location(diagnostic)}: {diagnostic.severity}: {diagnostic.code}{marker} {diagnostic.message}")
        for related in diagnostic.related:
            where = f"{related.file}:{related.range.line}:{related.range.col + 1}" if related.range else related.file
            lines.append(f"    {where}: note: {related.message}")
    for note in report.notes:
        lines.append(f"note: {note}")
    lines.append(summary(report))
    return "\n".join(lines) + "\n"


def summary(report: Report) -> str:
    counts = Counter(d.severity for d in report.diagnostics)
    fixed = f"Fixed {len(report.fixed)} problem{'s' if len(report.fixed) != 1 else ''}. " if report.fixed else ""
    if not report.diagnostics:
        if report.files_checked == 0:
            return f"{fixed}No Python files found: nothing checked."
        if report.assets_found == 0:
            return f"{fixed}No assets found in {_plural(report.files_checked, 'Python file')}: nothing to check."
        return f"{fixed}All checks passed! ({_plural(report.files_checked, 'file')} checked)"
    parts = [_plural(counts[s], n) for s, n in (("error", "error"), ("warning", "warning"), ("info", "info"), ("hint", "hint")) if counts[s]]
    files = len({d.file for d in report.diagnostics})
    fixable = sum(1 for d in report.diagnostics if any(f.safe for f in d.fixes))
    line = f"{fixed}Found {_plural(len(report.diagnostics), 'problem')} ({', '.join(parts)}) in {_plural(files, 'file')}."
    if fixable:
        line += f" [*] {fixable} fixable with `assetlens check --fix`."
    return line


def _plural(count: int, noun: str) -> str:
    if noun == "info":
        return f"{count} info"
    return f"{count} {noun}{'s' if count != 1 else ''}"
