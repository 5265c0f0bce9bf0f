"""`[tool.assetlens]` settings: reading, validating and matching them.

The same `Settings` value drives `assetlens check` and the language server (which builds it from its
client settings with `settings_from_mapping`). Keys (kebab-case or snake_case):

    include = ["src/**/*.py"]          # globs of files to analyse (default: every .py file)
    exclude = ["tests/**"]             # globs of files not to analyse (besides .gitignore)
    select = ["AL"]                    # rule codes or code prefixes to enable ("ALL" = every rule)
    ignore = ["AL006"]                 # rule codes or prefixes to disable (wins over select)
    base = "HEAD"                      # git revision AL004 compares with
    [tool.assetlens.per-file-ignores]
    "legacy/*.py" = ["AL002"]          # glob -> codes ignored in matching files
    [tool.assetlens.severity]
    AL002 = "error"                    # code -> "error" | "warning" | "info" | "hint"
    [tool.assetlens.env]
    DAGSTER_ENV = "prod"               # environment the code locations load with, after their .env

Globs match paths relative to the workspace root, with `/` separators; `*` stays inside one folder,
`**` crosses folders, and a pattern without `/` also matches a file name in any folder.
Invalid configuration raises `ConfigError`, whose message names the offending key.
"""
from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assetlens.analyzer.facts import Severity
from assetlens.analyzer.files import is_file, read_file
from assetlens.analyzer.globs import glob_matches
from assetlens.analyzer.rules import RULE_CODES

SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info", "hint")
_SEVERITY_ALIASES = {"information": "info", "warn": "warning"}
_KEY_ALIASES = {"base-ref": "base"}  # the language server's `baseRef` (docs/protocol.md)
KNOWN_KEYS = ("include", "exclude", "select", "ignore", "base", "per-file-ignores", "severity", "env")


class ConfigError(Exception):
    """Invalid `[tool.assetlens]` configuration; the message names the key."""


@dataclass(frozen=True, slots=True)
class Settings:
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    select: tuple[str, ...] = ()  # empty: every rule
    ignore: tuple[str, ...] = ()
    base: str = "HEAD"
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    severity: tuple[tuple[str, Severity], ...] = ()
    source: str = field(default="defaults", compare=False)  # where the settings came from

    def enabled_codes(self) -> frozenset[str]:
        """The rule codes that run: selected (all when `select` is empty) and not ignored."""
        selected = {c for c in RULE_CODES if not self.select or _matches_any(c, self.select)}
        return frozenset(c for c in selected if not _matches_any(c, self.ignore))

    def severity_of(self, code: str, default: Severity) -> Severity:
        for overridden, severity in self.severity:
            if overridden == code:
                return severity
        return default

    def ignored_in_file(self, file: str) -> frozenset[str]:
        """Codes that `per-file-ignores` turns off for `file` (a root-relative posix path)."""
        codes: set[str] = set()
        for pattern, pattern_codes in self.per_file_ignores:
            if glob_matches(pattern, file):
                codes.update(c for c in RULE_CODES if _matches_any(c, pattern_codes))
        return frozenset(codes)

    def with_overrides(
        self, *, select: Iterable[str] | None = None, ignore: Iterable[str] | None = None, base: str | None = None
    ) -> Settings:
        """Command-line options replace `select` and add to `ignore` (like ruff's `--select`/`--ignore`)."""
        from dataclasses import replace

        changes: dict[str, Any] = {}
        if select is not None:
            changes["select"] = _codes(list(select), "--select")
        if ignore is not None:
            changes["ignore"] = self.ignore + _codes(list(ignore), "--ignore")
        if base is not None:
            changes["base"] = base
        return replace(self, **changes)


def _matches_any(code: str, selectors: Iterable[str]) -> bool:
    return any(s == "ALL" or code.startswith(s) for s in selectors)


def load_settings(root: Path) -> Settings:
    """Settings from `root/pyproject.toml`'s `[tool.assetlens]` table (defaults when there is none)."""
    pyproject = root / "pyproject.toml"
    if not is_file(pyproject):
        return Settings()
    try:
        data = tomllib.loads(read_file(pyproject).decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"{pyproject}: not valid TOML: {error}") from None
    except OSError as error:
        raise ConfigError(f"{pyproject}: cannot be read: {error.strerror or error}") from None
    tool = data.get("tool", {})
    if not isinstance(tool, dict):
        raise ConfigError(f"{pyproject}: `tool` must be a table, got {tool!r}")
    table = tool.get("assetlens")
    if table is None:
        return Settings(source=str(pyproject))
    if not isinstance(table, dict):
        raise ConfigError(f"{pyproject}: `tool.assetlens` must be a table")
    return settings_from_mapping(table, source=str(pyproject))


def has_assetlens_table(pyproject: Path) -> bool:
    """Whether `pyproject` exists and has a `[tool.assetlens]` table (invalid TOML counts as yes, so the
    error is reported rather than the file skipped)."""
    if not is_file(pyproject):
        return False
    try:
        data = tomllib.loads(read_file(pyproject).decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError):
        return True
    return isinstance(data.get("tool"), dict) and "assetlens" in data["tool"]


def settings_from_mapping(table: Mapping[str, Any], *, source: str = "settings") -> Settings:
    """Validate a `[tool.assetlens]`-shaped mapping (kebab-case, snake_case or camelCase keys)."""
    values: dict[str, Any] = {}
    for raw_key, value in table.items():
        key = _normalise_key(str(raw_key))
        if key not in KNOWN_KEYS:
            hint = difflib.get_close_matches(key, KNOWN_KEYS, n=1)
            suggestion = f" (did you mean `{hint[0]}`?)" if hint else ""
            raise ConfigError(f"{source}: [tool.assetlens] unknown key `{raw_key}`{suggestion}")
        values[key] = value
    env = values.get("env", {})  # read by assetlens.analyzer.environment (the locations' environment)
    if not isinstance(env, dict) or not all(isinstance(v, str) for v in env.values()):
        raise ConfigError(f"{_where(source, 'env')}: expected a table of NAME = \"value\" strings, got {env!r}")
    return Settings(
        include=_globs(values.get("include", []), "include", source),
        exclude=_globs(values.get("exclude", []), "exclude", source),
        select=_codes(values.get("select", []), "select", source),
        ignore=_codes(values.get("ignore", []), "ignore", source),
        base=_string(values.get("base", "HEAD"), "base", source),
        per_file_ignores=_per_file_ignores(values.get("per-file-ignores", {}), source),
        severity=_severity(values.get("severity", {}), source),
        source=source,
    )


def _normalise_key(key: str) -> str:
    key = re.sub(r"(?<=[a-z])([A-Z])", r"-\1", key).lower().replace("_", "-")  # camelCase -> kebab-case
    return _KEY_ALIASES.get(key, key)


def _where(source: str, key: str) -> str:
    return f"{source}: [tool.assetlens] {key}" if source else key


def _string_list(value: Any, key: str, source: str) -> list[str]:
    if isinstance(value, str) or not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{_where(source, key)}: expected a list of strings, got {value!r}")
    return value


def _string(value: Any, key: str, source: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{_where(source, key)}: expected a non-empty string, got {value!r}")
    return value.strip()


def _globs(value: Any, key: str, source: str) -> tuple[str, ...]:
    patterns = _string_list(value, key, source)
    for pattern in patterns:
        if not pattern.strip():
            raise ConfigError(f"{_where(source, key)}: empty glob pattern")
    return tuple(p.strip() for p in patterns)


def _codes(value: Any, key: str, source: str = "") -> tuple[str, ...]:
    codes = _string_list(value, key, source)
    result = []
    for raw in codes:
        code = raw.strip().upper()
        if not code or (code != "ALL" and not any(known.startswith(code) for known in RULE_CODES)):
            known = ", ".join(RULE_CODES)
            raise ConfigError(f"{_where(source, key)}: unknown rule code `{raw}` (known: {known}, or ALL)")
        result.append(code)
    return tuple(result)


def _per_file_ignores(value: Any, source: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not isinstance(value, dict):
        raise ConfigError(f"{_where(source, 'per-file-ignores')}: expected a table of glob = [codes], got {value!r}")
    return tuple(
        (pattern, _codes(codes, f"per-file-ignores.{pattern!r}", source)) for pattern, codes in value.items()
    )


def _severity(value: Any, source: str) -> tuple[tuple[str, Severity], ...]:
    if not isinstance(value, dict):
        raise ConfigError(f"{_where(source, 'severity')}: expected a table of code = severity, got {value!r}")
    result: list[tuple[str, Severity]] = []
    for code, severity in value.items():
        key = f"severity.{code}"
        if code.upper() not in RULE_CODES:
            raise ConfigError(f"{_where(source, key)}: unknown rule code `{code}` (known: {', '.join(RULE_CODES)})")
        normalised = _SEVERITY_ALIASES.get(str(severity).lower(), str(severity).lower())
        if not isinstance(severity, str) or normalised not in SEVERITIES:
            raise ConfigError(f"{_where(source, key)}: expected one of {', '.join(SEVERITIES)}, got {severity!r}")
        result.append((code.upper(), normalised))  # type: ignore[arg-type]
    return tuple(result)


def find_project_root(path: Path) -> Path:
    """The project root for `path` (a file or folder), found upward from it — the same wherever the
    command starts (see `assetlens.analyzer.roots`: `[tool.assetlens]`, then the outermost workspace
    file, then the nearest pyproject.toml/setup.cfg/setup.py, then the git work tree's top)."""
    from assetlens.analyzer.roots import find_root

    return find_root(path)
