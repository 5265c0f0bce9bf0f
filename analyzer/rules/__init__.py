"""The check rules, one module per rule.

Each rule module defines `CODE` (stable, `AL` + number), `NAME`, a default `SEVERITY`, a one-line
`SUMMARY`, an `EXPLANATION` paragraph, `WRONG` and `RIGHT` examples (a file's text, or a dict of
relpath -> text; `BASE` is the committed version for rules that compare with git, `FIXED` the expected
result of `--fix` on `WRONG`) — the examples are run as tests — and `check(ctx) -> Iterable[Diagnostic]`.
`assetlens.analyzer.diagnostics.run_rules` runs them.
"""
from __future__ import annotations

from types import ModuleType

from assetlens.analyzer.rules import (
    al000_syntax_error,
    al001_cycle,
    al002_missing_upstream,
    al003_duplicate_key,
    al004_code_version_not_bumped,
    al005_invalid_definition,
    al006_unresolved,
    al007_key_in_two_locations,
)

ALL_RULES: tuple[ModuleType, ...] = (
    al000_syntax_error,
    al001_cycle,
    al002_missing_upstream,
    al003_duplicate_key,
    al004_code_version_not_bumped,
    al005_invalid_definition,
    al006_unresolved,
    al007_key_in_two_locations,
)
RULES: dict[str, ModuleType] = {rule.CODE: rule for rule in ALL_RULES}
RULE_CODES: tuple[str, ...] = tuple(RULES)


def rule_by_code_or_name(name: str) -> ModuleType | None:
    """A rule by code (`AL004`, any case) or name (`code-version-not-bumped`)."""
    wanted = name.strip()
    return RULES.get(wanted.upper()) or next((r for r in ALL_RULES if r.NAME == wanted.lower()), None)
