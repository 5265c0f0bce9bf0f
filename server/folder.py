"""One workspace folder: its analysed workspace, its settings, and the diagnostics computed for it.

While a file's editor text does not parse, the folder keeps the file's last good facts in the graph (so
nothing that depends on them flickers to "missing") and remembers the unparsable text's facts, whose
syntax error is reported.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from assetlens.server import rules, run_status, scope
from assetlens.server.convert import relative_file
from assetlens.server.settings import ParsedSettings, parse_settings

if TYPE_CHECKING:
    from assetlens.analyzer.config import Settings
    from assetlens.analyzer.facts import Diagnostic, ModuleFacts
    from assetlens.analyzer.workspace import Workspace

logger = logging.getLogger(__name__)

Status = Literal["waiting", "indexing", "ready", "failed"]


@dataclass(slots=True)
class Unparsable:
    """An editor text that does not parse, and its facts (which carry the syntax error)."""

    text: str
    facts: ModuleFacts


@dataclass(slots=True, eq=False)  # identity: folders are keys of dicts and sets
class Folder:
    root: Path
    uri: str
    name: str
    client_settings: ParsedSettings = field(default_factory=lambda: parse_settings(None))
    rule_settings: Settings | None = None
    baseline: Any = None
    baseline_note: str | None = None  # why AL004 does not run, when it does not
    workspace: Workspace | None = None
    status: Status = "waiting"
    failure: str | None = None
    unparsable: dict[str, Unparsable] = field(default_factory=dict)
    diagnostics: dict[str, tuple[Diagnostic, ...]] = field(default_factory=dict)
    generation: int = 0  # bumped whenever facts change (code lenses, result ids)
    _memo: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    cycles_unchanged: bool = False  # set by affected_by for the compute_diagnostics that follows it
    run_records: Any = None  # the run store's last materializations, with the stamp they were read at

    @property
    def ready(self) -> bool:
        return self.status == "ready" and self.workspace is not None

    def memo(self, name: str, compute: Callable[[], Any], *, stamp: Any = None) -> Any:
        """`compute()`, remembered until the facts change (or `stamp` does)."""
        cached = self._memo.get(name)
        if cached is not None and cached[0] == (self.generation, stamp):
            return cached[1]
        value = compute()
        self._memo[name] = ((self.generation, stamp), value)
        return value

    def relpath(self, path: Path) -> str | None:
        return relative_file(self.root, path)

    def configure(self, client: ParsedSettings) -> list[str]:
        """Take new client settings; returns the problems met (for the user)."""
        self.client_settings = client
        settings, problems = rules.rule_settings(self.root, client)
        self.rule_settings = settings
        self.baseline, self.baseline_note = rules.load_baseline(self.root, settings)
        return list(client.warnings) + problems

    def exclude_patterns(self) -> tuple[str, ...]:
        return self.rule_settings.exclude if self.rule_settings is not None else ()

    def include_patterns(self) -> tuple[str, ...]:
        return self.rule_settings.include if self.rule_settings is not None else ()

    def accepts(self, file: str) -> bool:
        """Whether `file` (relative to the root) is one the folder analyses: a .py file, analysed already
        or not excluded by the settings."""
        if self.workspace is not None and file in self.workspace.modules:
            return True
        if not file.endswith(".py") or any(part.startswith(".") for part in file.split("/")[:-1]):
            return False
        from assetlens.analyzer.globs import glob_matches

        include = self.include_patterns()
        if include and not any(glob_matches(pattern, file) for pattern in include):
            return False
        return not any(glob_matches(pattern, file) for pattern in self.exclude_patterns())

    # ------------------------------------------------------------------------------------------ facts

    def apply_text(self, file: str, text: str | None) -> set[str]:
        """Re-analyse `file` from `text` (None: deleted). Returns the files whose facts changed."""
        workspace = self.workspace
        assert workspace is not None
        previous = workspace.modules.get(file)
        last_good: str | None = None
        if text is not None and previous is not None and previous.syntax_error is None:
            last_good = self.text_of_facts(file)  # (for a file kept from before, its last good text)
        try:
            changed = set(workspace.update_file(file, text))
        except Exception:  # an analyzer bug on text being typed: keep the last good facts, keep serving
            logger.exception("analysing %s failed; keeping its last analysed text", file)
            if last_good is None:
                raise
            changed = set(workspace.update_file(file, last_good))
            changed.add(file)
            self.generation += 1
            return changed
        facts = workspace.modules.get(file)
        if text is not None and facts is not None and facts.syntax_error is not None and last_good is not None:
            # keep the last good facts in the graph; remember the syntax error
            self.unparsable[file] = Unparsable(text, facts)
            changed |= set(workspace.update_file(file, last_good))
        else:
            self.unparsable.pop(file, None)
        changed.add(file)
        self.generation += 1
        return changed

    def facts_are_of(self, file: str, text: str) -> bool:
        """Whether the facts of `file` were extracted from `text`. Compared by content hash: for a file
        the editor never changed, `text_of_facts` reads the disk, which may hold a newer text than the
        one analysed (a file rewritten while closed)."""
        assert self.workspace is not None
        facts = self.workspace.modules.get(file)
        if facts is None:
            return False
        if file in self.unparsable:
            return self.unparsable[file].text == text
        from assetlens.analyzer.extract import content_hash

        return facts.content_hash == content_hash(text.encode("utf-8"))

    def text_of_facts(self, file: str) -> str:
        """The text the facts of `file` were extracted from ("" for a file that is gone)."""
        assert self.workspace is not None
        try:
            return self.workspace.file_text(file)
        except OSError:
            return ""

    # ------------------------------------------------------------------------------------ diagnostics

    def compute_diagnostics(self, files: Iterable[str] | None) -> set[str]:
        """Recompute the diagnostics of `files` (None: all). Returns the files whose diagnostics changed."""
        workspace = self.workspace
        assert workspace is not None and self.rule_settings is not None
        scope_files = None if files is None else set(files)
        settings = self.rule_settings
        if scope_files is not None and self.cycles_unchanged:
            settings = replace(settings, ignore=(*settings.ignore, scope.CYCLE))  # it would find none here
        self.cycles_unchanged = False
        found = rules.run_rules(
            workspace,
            settings,
            # every file by name, rather than None: the git baseline then compares each file's current
            # text, not the list of files that differed when the baseline was read
            files=scope_files if scope_files is not None else analysed_files(workspace),
            baseline=self.baseline,
            unparsable={file: item.facts for file, item in self.unparsable.items()},
        )
        found += run_status.unbumped_since_materialization(
            self, scope_files if scope_files is not None else set(workspace.modules), self.rule_settings, found
        )
        by_file: dict[str, list[Diagnostic]] = {}
        for diagnostic in found:
            by_file.setdefault(diagnostic.file, []).append(diagnostic)
        considered = analysed_files(workspace) | set(self.diagnostics) if scope_files is None else scope_files
        considered |= set(by_file)
        changed: set[str] = set()
        for file in considered:
            new = tuple(sorted(by_file.get(file, ()), key=_order))
            old = self.diagnostics.get(file, ())
            if new != old:
                changed.add(file)
            if new:
                self.diagnostics[file] = new
            else:
                self.diagnostics.pop(file, None)
        return changed

    def affected_by(self, apply: Callable[[], set[str]], files: Iterable[str]) -> set[str]:
        """Run `apply` (which changes the facts of `files`) and return the files whose diagnostics it
        may have changed."""
        workspace = self.workspace
        assert workspace is not None
        # the edited files and those whose facts are resolved through them (what update_file re-reads)
        edited = set(files)
        watched = edited | {
            path for path, facts in workspace.modules.items() if any(dep in edited for dep, _ in facts.depends_on)
        }
        before = scope.footprint(workspace, watched)
        changed = apply()
        after = scope.footprint(workspace, watched)
        affected = scope.affected_files(workspace, changed, watched, before, after, self.diagnostics)
        # the cycle rule reads the whole graph: it is worth not running when it cannot say anything new —
        # the edit defined no other keys, added no dependency that could close a cycle (an edge from a
        # key nothing feeds, such as a missing one, cannot), and removed dependencies only where no cycle
        # is reported (a removed edge can only break one)
        graph = workspace.graph
        closes_nothing = before[0] == after[0] and all(
            key not in graph or not graph.pred[key] for _, key in after[1] - before[1]
        )
        breaks_nothing = before[1] <= after[1] or not any(
            diagnostic.code == scope.CYCLE for diagnostics in self.diagnostics.values() for diagnostic in diagnostics
        )
        self.cycles_unchanged = closes_nothing and breaks_nothing and set(changed) <= watched and not any(
            diagnostic.code == scope.CYCLE for file in affected for diagnostic in self.diagnostics.get(file, ())
        )
        return affected


def _order(diagnostic: Diagnostic) -> tuple[int, int, str, str]:
    span = diagnostic.range
    return (span.line if span else 0, span.col if span else 0, diagnostic.code, diagnostic.message)



def analysed_files(workspace: Any) -> set[str]:
    """The Python modules and the non-Python files integrations define assets in (published too)."""
    from assetlens.analyzer.integrations.attach import analysed_files as files_of

    return files_of(workspace)
