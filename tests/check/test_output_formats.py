"""The machine-readable outputs: SARIF 2.1.0 checked against the schema's required fields and value
constraints (transcribed from sarif-schema-2.1.0.json; no network), and GitHub annotation escaping."""
from __future__ import annotations

import json

from assetlens.analyzer.facts import Diagnostic, Fix, Range, Related, TextEdit
from assetlens.cli.output import Report, formatter
from assetlens.cli.output.github import annotation

DIAGNOSTICS = [
    Diagnostic(
        code="AL001",
        name="cycle",
        message="dependency cycle: a -> b -> a",
        file="pkg/a.py",
        range=Range(5, 6, 5, 7),
        related=(Related("pkg/b.py", Range(5, 6, 5, 7), "`b` depends on `a` here"),),
        key=("a",),
    ),
    Diagnostic(
        code="AL004",
        name="code-version-not-bumped",
        message='`orders` changed since HEAD but its code_version is still "1"',
        file="orders.py",
        range=Range(4, 23, 4, 26),
        severity="warning",
        fixes=(Fix('Bump code_version "1" -> "2"', (TextEdit("orders.py", Range(4, 23, 4, 26), '"2"'),)),),
        key=("orders",),
    ),
    Diagnostic(code="AL006", name="unresolved", message="key: 50%, a, b: c\nnext", file="x,y.py", range=None, severity="info"),
]

# required properties per SARIF object (sarif-schema-2.1.0.json "required") and allowed properties of
# the objects assetlens writes ("additionalProperties": false in the schema)
REQUIRED = {
    "log": {"version", "runs"},
    "run": {"tool"},
    "tool": {"driver"},
    "toolComponent": {"name"},
    "reportingDescriptor": {"id"},
    "result": {"message"},
    "fix": {"artifactChanges"},
    "artifactChange": {"artifactLocation", "replacements"},
    "replacement": {"deletedRegion"},
    "multiformatMessageString": {"text"},
}
ALLOWED = {
    "log": {"$schema", "version", "runs", "inlineExternalProperties", "properties"},
    "run": {"tool", "invocations", "results", "columnKind", "originalUriBaseIds", "artifacts", "properties", "automationDetails"},
    "result": {"ruleId", "ruleIndex", "rule", "kind", "level", "message", "locations", "relatedLocations", "fixes", "properties", "partialFingerprints", "fingerprints"},
    "location": {"id", "physicalLocation", "logicalLocations", "message", "annotations", "relationships", "properties"},
    "physicalLocation": {"address", "artifactLocation", "region", "contextRegion", "properties"},
    "region": {"startLine", "startColumn", "endLine", "endColumn", "charOffset", "charLength", "byteOffset", "byteLength", "snippet", "message", "sourceLanguage", "properties"},
    "artifactLocation": {"uri", "uriBaseId", "index", "description", "properties"},
    "reportingDescriptor": {"id", "deprecatedIds", "guid", "deprecatedGuids", "name", "deprecatedNames", "shortDescription", "fullDescription", "messageStrings", "defaultConfiguration", "helpUri", "help", "relationships", "properties"},
}
LEVELS = {"none", "note", "warning", "error"}


def _check(kind: str, value: dict) -> None:
    assert isinstance(value, dict), (kind, value)
    missing = REQUIRED.get(kind, set()) - set(value)
    assert not missing, f"{kind} lacks {missing}"
    if kind in ALLOWED:
        extra = set(value) - ALLOWED[kind]
        assert not extra, f"{kind} has unknown properties {extra}"


def _message(value: dict) -> None:
    assert isinstance(value, dict) and ("text" in value or "id" in value)


def _region(region: dict) -> None:
    _check("region", region)
    for name in ("startLine", "startColumn", "endLine", "endColumn"):
        if name in region:
            assert isinstance(region[name], int) and region[name] >= 1, (name, region)


def _location(location: dict) -> None:
    _check("location", location)
    physical = location["physicalLocation"]
    _check("physicalLocation", physical)
    assert "artifactLocation" in physical or "address" in physical
    _check("artifactLocation", physical["artifactLocation"])
    assert "/" not in physical["artifactLocation"]["uri"][:1]  # relative to %SRCROOT%
    _region(physical["region"])
    if "message" in location:
        _message(location["message"])


def validate_sarif(log: dict) -> None:
    _check("log", log)
    assert log["version"] == "2.1.0"
    for run in log["runs"]:
        _check("run", run)
        assert run.get("columnKind") in (None, "utf16CodeUnits", "unicodeCodePoints")
        _check("tool", run["tool"])
        driver = run["tool"]["driver"]
        _check("toolComponent", driver)
        rule_ids = []
        for rule in driver.get("rules", []):
            _check("reportingDescriptor", rule)
            rule_ids.append(rule["id"])
            for text in ("shortDescription", "fullDescription", "help"):
                if text in rule:
                    _check("multiformatMessageString", rule[text])
            assert rule["defaultConfiguration"]["level"] in LEVELS
        for base in run.get("originalUriBaseIds", {}).values():
            assert base["uri"].endswith("/")
        for result in run["results"]:
            _check("result", result)
            _message(result["message"])
            assert result["level"] in LEVELS
            assert rule_ids[result["ruleIndex"]] == result["ruleId"]
            for location in [*result["locations"], *result.get("relatedLocations", [])]:
                _location(location)
            for fix in result.get("fixes", []):
                _check("fix", fix)
                assert len(fix["artifactChanges"]) >= 1
                for change in fix["artifactChanges"]:
                    _check("artifactChange", change)
                    assert len(change["replacements"]) >= 1
                    for replacement in change["replacements"]:
                        _check("replacement", replacement)
                        _region(replacement["deletedRegion"])


def test_sarif_is_valid_2_1_0():
    log = json.loads(formatter("sarif")(Report(DIAGNOSTICS, base_uri="file:///work/project/", files_checked=3)))
    validate_sarif(log)
    run = log["runs"][0]
    assert [rule["id"] for rule in run["tool"]["driver"]["rules"]] == ["AL000", "AL001", "AL002", "AL003", "AL004", "AL005", "AL006", "AL007"]
    first, second, third = run["results"]
    assert first["locations"][0]["physicalLocation"]["region"] == {"startLine": 5, "startColumn": 7, "endLine": 5, "endColumn": 8}
    assert first["relatedLocations"][0]["message"]["text"] == "`b` depends on `a` here"
    assert second["level"] == "warning" and second["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"] == '"2"'
    assert third["level"] == "note"


def test_sarif_of_a_clean_run_is_valid():
    validate_sarif(json.loads(formatter("sarif")(Report([]))))


def test_github_annotations_escape_data_and_properties():
    assert annotation(DIAGNOSTICS[0]) == (
        "::error file=pkg/a.py,line=5,endLine=5,col=7,endColumn=8,title=AL001 cycle::"
        "dependency cycle: a -> b -> a%0Apkg/b.py:5:7: `b` depends on `a` here"
    )
    assert annotation(DIAGNOSTICS[2]) == "::notice file=x%2Cy.py,title=AL006 unresolved::key: 50%25, a, b: c%0Anext"
    multi_line = Diagnostic("AL003", "duplicate-key", "m", "a.py", Range(1, 0, 3, 4))
    assert annotation(multi_line) == "::error file=a.py,line=1,endLine=3,title=AL003 duplicate-key::m"


def test_text_output_marks_fixable_and_summarises():
    text = formatter("text")(Report(DIAGNOSTICS, files_checked=3))
    assert text.splitlines() == [
        "pkg/a.py:5:7: error: AL001 dependency cycle: a -> b -> a",
        "    pkg/b.py:5:7: note: `b` depends on `a` here",
        'orders.py:4:24: warning: AL004 [*] `orders` changed since HEAD but its code_version is still "1"',
        "x,y.py:1:1: info: AL006 key: 50%, a, b: c",
        "next",
        "Found 3 problems (1 error, 1 warning, 1 info) in 3 files. [*] 1 fixable with `assetlens check --fix`.",
    ]
