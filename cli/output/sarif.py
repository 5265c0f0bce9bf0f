"""SARIF 2.1.0 output for code-scanning tools (GitHub code scanning, IDE viewers).

One run; the driver lists every rule (id, name, descriptions, help, default level); each result has its
rule, level, message, primary location, related locations and fixes. Columns count Unicode code points
(`columnKind: unicodeCodePoints`), as assetlens positions do; paths are relative to `%SRCROOT%`.
"""
from __future__ import annotations

import json
from typing import Any

from assetlens.analyzer.facts import Diagnostic, Range
from assetlens.analyzer.rules import ALL_RULES
from assetlens.cli.output import Report

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {"error": "error", "warning": "warning", "info": "note", "hint": "note"}


def _region(range_: Range | None) -> dict[str, int]:
    if range_ is None:
        return {"startLine": 1}
    return {
        "startLine": max(range_.line, 1),
        "startColumn": range_.col + 1,
        "endLine": max(range_.end_line, 1),
        "endColumn": range_.end_col + 1,
    }


def _location(file: str, range_: Range | None, message: str | None = None, id_: int | None = None) -> dict[str, Any]:
    location: dict[str, Any] = {
        "physicalLocation": {
            "artifactLocation": {"uri": file, "uriBaseId": "%SRCROOT%"},
            "region": _region(range_),
        }
    }
    if id_ is not None:
        location["id"] = id_
    if message is not None:
        location["message"] = {"text": message}
    return location


def _rules() -> list[dict[str, Any]]:
    from assetlens.cli import __version__

    return [
        {
            "id": rule.CODE,
            "name": rule.NAME,
            "shortDescription": {"text": rule.SUMMARY},
            "fullDescription": {"text": " ".join(rule.EXPLANATION.split())},
            "help": {"text": " ".join(rule.EXPLANATION.split())},
            "defaultConfiguration": {"level": _LEVELS[rule.SEVERITY]},
            "properties": {"tags": ["dagster", "assets"]},
        }
        for rule in ALL_RULES
    ]


def _result(diagnostic: Diagnostic, rule_index: dict[str, int]) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": diagnostic.code,
        "ruleIndex": rule_index.get(diagnostic.code, -1),
        "level": _LEVELS[diagnostic.severity],
        "message": {"text": diagnostic.message},
        "locations": [_location(diagnostic.file, diagnostic.range)],
    }
    if diagnostic.key is not None:
        result["properties"] = {"assetKey": list(diagnostic.key)}
    if diagnostic.related:
        result["relatedLocations"] = [
            _location(r.file, r.range, r.message, id_=number) for number, r in enumerate(diagnostic.related, start=1)
        ]
    fixes = []
    for fix in diagnostic.fixes:
        by_file: dict[str, list[dict[str, Any]]] = {}
        for edit in fix.edits:
            by_file.setdefault(edit.file, []).append(
                {"deletedRegion": _region(edit.range), "insertedContent": {"text": edit.new_text}}
            )
        fixes.append(
            {
                "description": {"text": fix.title + ("" if fix.safe else " (unsafe)")},
                "artifactChanges": [
                    {"artifactLocation": {"uri": file, "uriBaseId": "%SRCROOT%"}, "replacements": replacements}
                    for file, replacements in by_file.items()
                ],
            }
        )
    if fixes:
        result["fixes"] = fixes
    return result


def sarif_log(report: Report) -> dict[str, Any]:
    from assetlens.cli import __version__

    rules = _rules()
    rule_index = {rule["id"]: number for number, rule in enumerate(rules)}
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "assetlens",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": rules,
            }
        },
        "columnKind": "unicodeCodePoints",
        "results": [_result(d, rule_index) for d in report.diagnostics],
    }
    if report.base_uri:
        run["originalUriBaseIds"] = {"%SRCROOT%": {"uri": report.base_uri}}
    if report.notes:
        run["invocations"] = [
            {
                "executionSuccessful": True,
                "toolExecutionNotifications": [{"message": {"text": note}, "level": "note"} for note in report.notes],
            }
        ]
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def render(report: Report) -> str:
    return json.dumps(sarif_log(report), indent=2, ensure_ascii=False) + "\n"
