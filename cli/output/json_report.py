"""JSON output: one object, `{"diagnostics": [...], "fixed": [...], "summary": {...}}`.

Positions are 1-based lines and 1-based columns counted in Unicode code points; paths are relative to
the current directory. Each diagnostic: code, name, severity, message, file, line, column, end_line,
end_column, key (list of parts or null), related [{file, line, column, message}], fixes [{title, safe,
edits: [{file, line, column, end_line, end_column, new_text}]}].
"""
from __future__ import annotations

import json
from collections import Counter
from typing import Any

from assetlens.analyzer.facts import Diagnostic, Fix, Range
from assetlens.cli.output import Report


def _span(range_: Range | None) -> dict[str, int | None]:
    if range_ is None:
        return {"line": None, "column": None, "end_line": None, "end_column": None}
    return {"line": range_.line, "column": range_.col + 1, "end_line": range_.end_line, "end_column": range_.end_col + 1}


def _fix(fix: Fix) -> dict[str, Any]:
    return {
        "title": fix.title,
        "safe": fix.safe,
        "edits": [{"file": e.file, **_span(e.range), "new_text": e.new_text} for e in fix.edits],
    }


def diagnostic_json(diagnostic: Diagnostic) -> dict[str, Any]:
    return {
        "code": diagnostic.code,
        "name": diagnostic.name,
        "severity": diagnostic.severity,
        "message": diagnostic.message,
        "file": diagnostic.file,
        **_span(diagnostic.range),
        "key": list(diagnostic.key) if diagnostic.key is not None else None,
        "related": [
            {"file": r.file, "line": r.range.line if r.range else None, "column": r.range.col + 1 if r.range else None, "message": r.message}
            for r in diagnostic.related
        ],
        "fixes": [_fix(f) for f in diagnostic.fixes],
    }


def render(report: Report) -> str:
    counts = Counter(d.severity for d in report.diagnostics)
    document = {
        "diagnostics": [diagnostic_json(d) for d in report.diagnostics],
        "fixed": [
            {"code": a.diagnostic.code, "file": a.diagnostic.file, **_span(a.diagnostic.range), "title": a.fix.title}
            for a in report.fixed
        ],
        "summary": {
            "files_checked": report.files_checked,
            "problems": len(report.diagnostics),
            "errors": counts["error"],
            "warnings": counts["warning"],
            "info": counts["info"],
            "hints": counts["hint"],
            "fixed": len(report.fixed),
        },
        "notes": report.notes,
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
