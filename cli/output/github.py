"""GitHub Actions workflow annotations: `::error file=...,line=...,col=...::message` per diagnostic
(warnings as `::warning`, info and hints as `::notice`), escaped as the runner requires."""
from __future__ import annotations

from assetlens.analyzer.facts import Diagnostic
from assetlens.cli.output import Report
from assetlens.cli.output.text import summary

_COMMANDS = {"error": "error", "warning": "warning", "info": "notice", "hint": "notice"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def annotation(diagnostic: Diagnostic) -> str:
    properties = [f"file={escape_property(diagnostic.file)}"]
    where = diagnostic.range
    if where is not None:
        properties.append(f"line={where.line}")
        properties.append(f"endLine={where.end_line}")
        if where.line == where.end_line:  # GitHub ignores columns on multi-line annotations
            properties.append(f"col={where.col + 1}")
            properties.append(f"endColumn={where.end_col + 1}")
    properties.append(f"title={escape_property(f'{diagnostic.code} {diagnostic.name}')}")
    message = diagnostic.message
    for related in diagnostic.related:
        at = f"{related.file}:{related.range.line}:{related.range.col + 1}" if related.range else related.file
        message += f"\n{at}: {related.message}"
    return f"::{_COMMANDS[diagnostic.severity]} {','.join(properties)}::{escape_data(message)}"


def render(report: Report) -> str:
    lines = [annotation(d) for d in report.diagnostics]
    lines.append(summary(report))
    return "\n".join(lines) + "\n"
