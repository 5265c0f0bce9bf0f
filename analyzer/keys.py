"""Asset keys as Dagster spells and coerces them (dagster/_core/definitions/asset_key.py).

Dagster is inconsistent about `/` in strings, and the analyzer follows it exactly:
`AssetKey("a/b")`, `key="a/b"`, `deps=["a/b"]`, `AssetIn(key_prefix="a/b")` make ONE key part;
only `AssetKey.from_user_string("a/b")` splits on `/`.
"""
from __future__ import annotations

import difflib
import keyword
import re

from assetlens.analyzer.facts import AssetKeyParts

KEY_DELIMITER = "/"

# dagster/_core/definitions/utils.py: names of assets, ops, inputs and outputs
VALID_NAME = re.compile(r"^[A-Za-z0-9_]+$")
DISALLOWED_NAMES = frozenset(
    [
        "context",
        "conf",
        "config",
        "meta",
        "arg_dict",
        "dict",
        "input_arg_dict",
        "output_arg_dict",
        "int",
        "str",
        "float",
        "bool",
        "input",
        "output",
        "type",
        *keyword.kwlist,
    ]
)


def from_user_string(text: str) -> AssetKeyParts:
    """`AssetKey.from_user_string`: `raw/orders` -> ("raw", "orders")."""
    return tuple(text.split(KEY_DELIMITER))


def to_user_string(key: AssetKeyParts) -> str:
    return KEY_DELIMITER.join(key)


def invalid_name_reason(name: str) -> str | None:
    """Why Dagster's `check_valid_name` refuses `name`, or None when it accepts it."""
    if name in DISALLOWED_NAMES:
        return f'"{name}" is a reserved name in Dagster'
    if not VALID_NAME.match(name):
        return f'"{name}" must contain only letters, digits and underscores'
    return None


def invalid_characters_reason(name: str) -> str | None:
    """Why Dagster refuses `name` as a group name or key prefix part (characters only)."""
    if not VALID_NAME.match(name):
        return f'"{name}" must contain only letters, digits and underscores'
    return None


def closest_keys(key: AssetKeyParts, candidates: list[AssetKeyParts], limit: int = 3) -> list[AssetKeyParts]:
    """The defined keys most like `key` (for "did you mean ...?")."""
    wanted = to_user_string(key)
    by_text = {to_user_string(candidate): candidate for candidate in candidates}
    found = difflib.get_close_matches(wanted, list(by_text), n=limit, cutoff=0.6)
    if not found:
        # a key that only differs by its prefix: match the last part alone
        last_parts: dict[str, list[AssetKeyParts]] = {}
        for candidate in candidates:
            last_parts.setdefault(candidate[-1], []).append(candidate)
        for name in difflib.get_close_matches(key[-1], list(last_parts), n=limit, cutoff=0.75):
            found.extend(to_user_string(candidate) for candidate in last_parts[name])
    return [by_text[text] for text in found[:limit]]


def input_name_for_key(key: AssetKeyParts) -> str:
    """dagster's stringify_asset_key_to_input_name: the input name Dagster gives a `deps` entry."""
    return "_".join(key).replace("-", "_")
