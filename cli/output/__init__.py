"""Output formats of `assetlens check`: text (ruff-like), json, github (workflow annotations), sarif.

Every formatter takes a `Report` whose diagnostics already carry display paths (relative to the
current directory), and returns the whole output as one string.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from assetlens.analyzer.facts import Diagnostic
from assetlens.analyzer.fixes import AppliedFix


@dataclass(slots=True)
class Report:
    diagnostics: list[Diagnostic]
    fixed: list[AppliedFix] = field(default_factory=list)
    files_checked: int = 0
    assets_found: int = -1  # assets (and specs) the workspace defines; -1: not counted
    base_uri: str = ""  # file URI of the folder display paths are relative to (SARIF's %SRCROOT%)
    notes: list[str] = field(default_factory=list)  # e.g. "AL004 skipped: not a git repository"


def formatter(name: str) -> Callable[[Report], str]:
    """The render function of an output format."""
    if name == "text":
        from assetlens.cli.output.text import render
    elif name == "json":
        from assetlens.cli.output.json_report import render
    elif name == "github":
        from assetlens.cli.output.github import render
    elif name == "sarif":
        from assetlens.cli.output.sarif import render
    else:
        raise ValueError(f"unknown output format {name!r}")
    return render


FORMATS = ("text", "json", "github", "sarif")
