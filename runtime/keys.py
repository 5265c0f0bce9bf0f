"""Asset keys and Dagster's naming rules (`AssetKey`, key coercion, valid node/input/output names)."""

from __future__ import annotations

import json
import keyword
import re
from collections.abc import Iterable, Sequence
from typing import Any

from assetlens.runtime.errors import DagsterInvalidDefinitionError

VALID_NAME_REGEX_STR = r"^[A-Za-z0-9_]+$"
_VALID_NAME = re.compile(VALID_NAME_REGEX_STR)
_VALID_GROUP_NAME = re.compile(r"^[A-Za-z0-9_]+(/[A-Za-z0-9_]+)*$")
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
DEFAULT_GROUP_NAME = "default"


class AssetKey:
    """The identity of an asset: a tuple of strings (mirrors `dagster.AssetKey`)."""

    __slots__ = ("_hash", "parts")

    def __init__(self, path: str | Sequence[str]) -> None:
        if isinstance(path, str):
            parts: tuple[str, ...] = (path,)
        else:
            if not isinstance(path, Sequence):
                raise TypeError(f'Param "path" is not a Sequence. Got {path!r} which is type {type(path)}.')
            parts = tuple(path)
            for part in parts:
                if not isinstance(part, str):
                    raise TypeError(f'Param "path" is a Sequence containing {part!r} which is not a str.')
        object.__setattr__(self, "parts", parts)
        object.__setattr__(self, "_hash", hash(parts))

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("AssetKey is immutable")

    def __reduce__(self):
        return (AssetKey, (list(self.parts),))

    @property
    def path(self) -> list[str]:
        return list(self.parts)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, AssetKey) and other.parts == self.parts

    def __hash__(self) -> int:
        return self._hash

    def __lt__(self, other: AssetKey) -> bool:
        return self.parts < other.parts

    def __repr__(self) -> str:
        return f"AssetKey({list(self.parts)!r})"

    __str__ = __repr__

    def to_string(self) -> str:
        return json.dumps(list(self.parts))

    to_db_string = to_string

    def to_user_string(self) -> str:
        return "/".join(self.parts)

    def to_escaped_user_string(self) -> str:
        return "/".join(part.replace("\\", "\\\\").replace("/", "\\/") for part in self.parts)

    def to_python_identifier(self, suffix: str | None = None) -> str:
        path = list(self.parts)
        if suffix is not None:
            path.append(suffix)
        return "__".join(path).replace("-", "_").replace(".", "_")

    @staticmethod
    def from_user_string(asset_key_string: str) -> AssetKey:
        return AssetKey(asset_key_string.split("/"))

    @staticmethod
    def from_coercible(arg: CoercibleToAssetKey) -> AssetKey:
        if isinstance(arg, AssetKey):
            return arg
        if isinstance(arg, str):
            return AssetKey([arg])
        if isinstance(arg, (list, tuple)):
            return AssetKey(arg)
        raise TypeError(f"Unexpected type for AssetKey: {type(arg)}")

    @staticmethod
    def from_coercible_or_definition(arg: Any) -> AssetKey:
        key = getattr(arg, "key", None)
        if isinstance(key, AssetKey) and not isinstance(arg, AssetKey):
            return key
        return AssetKey.from_coercible(arg)

    def has_prefix(self, prefix: Sequence[str]) -> bool:
        return len(self.parts) >= len(prefix) and list(self.parts[: len(prefix)]) == list(prefix)

    def with_prefix(self, prefix: CoercibleToAssetKeyPrefix) -> AssetKey:
        return AssetKey([*key_prefix_from_coercible(prefix), *self.parts])


CoercibleToAssetKey = AssetKey | str | Sequence[str]
CoercibleToAssetKeyPrefix = str | Sequence[str]


def key_prefix_from_coercible(key_prefix: CoercibleToAssetKeyPrefix) -> list[str]:
    if isinstance(key_prefix, str):
        return [key_prefix]
    if isinstance(key_prefix, Sequence):
        return list(key_prefix)
    raise TypeError(f"Unexpected type for key_prefix: {type(key_prefix)}")


def opt_key_prefix(prefix: CoercibleToAssetKeyPrefix | None, param_name: str) -> list[str] | None:
    if prefix is None:
        return None
    try:
        return key_prefix_from_coercible(prefix)
    except TypeError:
        raise TypeError(f'Param "{param_name}" is not a string or a sequence of strings') from None


def key_from_prefix_and_name(prefix: Iterable[str] | None, name: str) -> AssetKey:
    """Dagster's `AssetKey(list(filter(None, [*prefix, name])))` (empty parts are dropped)."""
    return AssetKey([part for part in [*(prefix or []), name] if part])


def stringify_asset_key_to_input_name(asset_key: AssetKey) -> str:
    return "_".join(asset_key.parts).replace("-", "_").replace(".", "_")


def is_valid_name(name: str) -> bool:
    return name not in DISALLOWED_NAMES and bool(_VALID_NAME.match(name))


def check_valid_name(name: str, allow_list: Iterable[str] = ()) -> str:
    """Dagster's rule for node, input and output names."""
    if not isinstance(name, str):
        raise TypeError(f'Param "name" is not a str. Got {name!r} which is type {type(name)}.')
    if name in allow_list:
        return name
    if name in DISALLOWED_NAMES:
        raise DagsterInvalidDefinitionError(
            f'"{name}" is not a valid name in Dagster. It conflicts with a Dagster or python reserved keyword.'
        )
    if not _VALID_NAME.match(name):
        raise DagsterInvalidDefinitionError(
            f'"{name}" is not a valid name in Dagster. Names must be in regex {VALID_NAME_REGEX_STR}.'
        )
    return name


def validate_group_name(group_name: str | None) -> None:
    if group_name:
        if not _VALID_GROUP_NAME.match(group_name):
            raise DagsterInvalidDefinitionError(
                f'"{group_name}" is not a valid asset group name. Group names must be one or more segments '
                f"matching {VALID_NAME_REGEX_STR} separated by '/' (e.g. 'marketing' or 'marketing/foo/bar')."
            )
    elif group_name == "":
        raise DagsterInvalidDefinitionError(
            "Empty asset group name was provided, which is not permitted. "
            "Set group_name=None to use the default group_name or set non-empty string"
        )


def normalize_group_name(group_name: str | None) -> str:
    validate_group_name(group_name)
    return group_name or DEFAULT_GROUP_NAME
