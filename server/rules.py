"""The bridge to the check engine: the same rules, settings and baseline as `assetlens check`.

The rule settings of a workspace folder are its `[tool.assetlens]` table with the client's settings laid
over it: the client's `select` replaces the project's when given, `ignore`, `exclude` and severity
overrides add to the project's, and `baseRef` replaces `base` when given.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assetlens.server.settings import ParsedSettings

if TYPE_CHECKING:
    from assetlens.analyzer.config import Settings
    from assetlens.analyzer.facts import Diagnostic, ModuleFacts

SYNTAX_ERROR_CODE = "AL000"


def rule_settings(root: Path, client: ParsedSettings) -> tuple[Settings, list[str]]:
    """The settings the rules run with in `root`, and the problems met building them."""
    from assetlens.analyzer.config import ConfigError, Settings, load_settings

    problems: list[str] = []
    try:
        project = load_settings(root)
    except ConfigError as error:
        problems.append(f"{error}; using the defaults for [tool.assetlens]")
        project = Settings()
    wanted = client.settings
    changes: dict[str, Any] = {}
    if "select" in client.given and wanted.select:
        changes["select"] = wanted.select
    if wanted.ignore:
        changes["ignore"] = project.ignore + wanted.ignore
    if wanted.exclude:
        changes["exclude"] = project.exclude + wanted.exclude
    if wanted.severity:
        merged = dict(project.severity)
        merged.update(wanted.severity)
        changes["severity"] = tuple(merged.items())
    if "baseRef" in client.given and wanted.base_ref:
        changes["base"] = wanted.base_ref
    return replace(project, **changes), problems


class _WithModules:
    """A workspace seen with some files' facts replaced (the rules read `modules` for syntax errors)."""

    def __init__(self, workspace: Any, replaced: Mapping[str, ModuleFacts]) -> None:
        self._workspace = workspace
        self.modules = {**workspace.modules, **replaced}

    def __getattr__(self, name: str) -> Any:
        return getattr(self._workspace, name)


def run_rules(
    workspace: Any,
    settings: Settings,
    *,
    files: Iterable[str] | None,
    baseline: Any,
    unparsable: Mapping[str, ModuleFacts],
) -> list[Diagnostic]:
    """The check rules' diagnostics for `files` (None: every file).

    `unparsable` holds the facts of files whose editor text does not parse while the workspace keeps
    their last good facts: their syntax errors are reported as `assetlens check` reports them, and the
    other rules keep seeing the last good facts."""
    from assetlens.analyzer.diagnostics import run_rules as run_check_rules

    scope = None if files is None else frozenset(files)
    diagnostics = list(run_check_rules(workspace, settings, files=scope, baseline=baseline))
    broken = {file: facts for file, facts in unparsable.items() if scope is None or file in scope}
    if broken:
        view: Any = _WithModules(workspace, broken)  # the workspace, but for these files' modules
        only_syntax = replace(settings, select=(SYNTAX_ERROR_CODE,))
        diagnostics.extend(run_check_rules(view, only_syntax, files=frozenset(broken), baseline=baseline))
    return diagnostics


def load_baseline(root: Path, settings: Settings) -> tuple[Any, str | None]:
    """The git baseline AL004 compares with, as `assetlens check` loads it, and a note when there is
    none (AL004 disabled, not a git repository, unknown revision: AL004 is then skipped)."""
    from assetlens.analyzer.baseline import Baseline, BaselineError

    if "AL004" not in settings.enabled_codes():
        return None, None
    try:
        return Baseline.from_git(root, settings.base), None
    except BaselineError as error:
        return None, f"AL004 (code-version-not-bumped) skipped in {root.name}: {error}"
