"""Asset keys as Dagster spells and coerces them (dagster/_core/definitions/asset_key.py).

Dagster is inconsistent about `/` in strings, and the analyzer follows it exactly:
`AssetKey("a/b")`, `key="a/b"`, `deps=["a/b"]`, `AssetIn(key_prefix="a/b")` make ONE key part;
only `AssetKey.from_user_string("a/b")` splits on `/`.
"""
from __future__ import annotations

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


def input_name_for_key(key: AssetKeyParts) -> str:
    """dagster's stringify_asset_key_to_input_name: the input name Dagster gives a `deps` entry."""
    return "_".join(key).replace("-", "_")
