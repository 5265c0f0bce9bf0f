"""The server's settings (docs/protocol.md "Settings"): typed, read from the client's camelCase JSON.

The client passes them as `initializationOptions` and answers `workspace/configuration` for the section
`assetlens`. Unknown keys are ignored; a key with an invalid value falls back to its default and yields a
warning naming the key, which the server shows with `window/showMessage`.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from assetlens.analyzer.facts import Severity

SECTION = "assetlens"

DiagnosticsOn = Literal["type", "save"]
Engine = Literal["builtin", "dagster"]

_RULE_CODE = re.compile(r"^(AL\d{0,3}|ALL)$")
_WIRE_SEVERITIES: dict[str, "Severity"] = {
    "error": "error",
    "warning": "warning",
    "information": "info",
    "info": "info",
    "hint": "hint",
}


@dataclass(frozen=True, slots=True)
class ServerSettings:
    """One workspace folder's settings, as the client gives them."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, "Severity"] = field(default_factory=dict)
    exclude: tuple[str, ...] = ()
    diagnostics_on: DiagnosticsOn = "type"
    engine: Engine = "builtin"
    trusted: bool = False
    runtime_interpreter: str | None = None
    base_ref: str = "HEAD"


@dataclass(frozen=True, slots=True)
class ParsedSettings:
    settings: ServerSettings
    warnings: tuple[str, ...]
    given: frozenset[str]  # the wire keys the client set (valid or not)


def _codes(value: Any) -> tuple[str, ...] | None:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        return None
    codes = tuple(item.strip().upper() for item in value)
    if not all(_RULE_CODE.match(code) for code in codes):
        return None
    return codes


def _strings(value: Any) -> tuple[str, ...] | None:
    if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
        return None
    return tuple(value)


def _severities(value: Any) -> dict[str, "Severity"] | None:
    if not isinstance(value, dict):
        return None
    result: dict[str, "Severity"] = {}
    for code, level in value.items():
        if not isinstance(code, str) or not _RULE_CODE.match(code.upper()) or not isinstance(level, str):
            return None
        severity = _WIRE_SEVERITIES.get(level.lower())
        if severity is None:
            return None
        result[code.upper()] = severity
    return result


def _choice(*choices: str):
    def parse(value: Any) -> str | None:
        return value if isinstance(value, str) and value in choices else None

    return parse


def _boolean(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _optional_path(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _revision(value: Any) -> str | None:
    if isinstance(value, str) and value.strip() and not value.startswith("-"):
        return value.strip()
    return None


# wire key -> (attribute, parser, what a valid value looks like)
_FIELDS: dict[str, tuple[str, Any, str]] = {
    "select": ("select", _codes, "a list of rule codes such as \"AL001\" or prefixes such as \"AL\""),
    "ignore": ("ignore", _codes, "a list of rule codes such as \"AL006\""),
    "severity": ("severity", _severities, 'an object of rule code -> "error" | "warning" | "information" | "hint"'),
    "exclude": ("exclude", _strings, "a list of glob patterns"),
    "diagnosticsOn": ("diagnostics_on", _choice("type", "save"), '"type" or "save"'),
    "engine": ("engine", _choice("builtin", "dagster"), '"builtin" or "dagster"'),
    "trusted": ("trusted", _boolean, "true or false"),
    "runtimeInterpreter": ("runtime_interpreter", _optional_path, "the path of a Python interpreter"),
    "baseRef": ("base_ref", _revision, "a git revision such as \"HEAD\" or \"origin/main\""),
}


def parse_settings(raw: object) -> ParsedSettings:
    """Settings from the client's JSON (`{"assetlens": {...}}` or the section itself; null or an empty list
    is empty)."""
    if isinstance(raw, Mapping) and isinstance(raw.get(SECTION), Mapping):
        raw = raw[SECTION]
    if raw is None or (isinstance(raw, (list, tuple)) and not raw):
        # an empty list is what some clients send for "no options" (e.g. a Lua `{}` serialised as [])
        return ParsedSettings(ServerSettings(), (), frozenset())
    if not isinstance(raw, Mapping):
        return ParsedSettings(
            ServerSettings(), (f"assetlens settings must be an object, got {type(raw).__name__}; using defaults",), frozenset()
        )
    values: dict[str, Any] = {}
    warnings: list[str] = []
    given: set[str] = set()
    for wire_key, (attribute, parse, expected) in _FIELDS.items():
        if wire_key not in raw or raw[wire_key] is None:
            continue
        given.add(wire_key)
        value = parse(raw[wire_key])
        if value is None:
            warnings.append(
                f"assetlens setting {wire_key!r}: invalid value {raw[wire_key]!r}, expected {expected}; using the default"
            )
            continue
        values[attribute] = value
    return ParsedSettings(ServerSettings(**values), tuple(warnings), frozenset(given))
