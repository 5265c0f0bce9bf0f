"""Dagster's validation of asset tags, kinds and owners (strict tag rules, `dagster/kind/` tags)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from assetlens.runtime.errors import DagsterInvalidDefinitionError

KIND_PREFIX = "dagster/kind/"
_VALID_TAG_KEY = re.compile(r"^([A-Za-z0-9_.-]{1,63}/|dagster/kind/)?[A-Za-z0-9_.-]{1,63}$")
_VALID_STRICT_TAG_VALUE = re.compile(r"^[A-Za-z0-9_.-]{0,63}$")
_VALID_EMAIL = re.compile(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Z|a-z]{2,7}\b")
_TAG_KEY_EXPLANATION = (
    "Allowed characters: alpha-numeric, '_', '-', '.'. Tag keys can also contain a namespace section, "
    "separated by a '/'. Each section must have <= 63 characters."
)


def normalize_tags(tags: Mapping[str, Any] | None) -> dict[str, str]:
    """Dagster's `normalize_tags(tags, strict=True)`."""
    normalized: dict[str, str] = {}
    invalid_keys = []
    for key, value in (tags or {}).items():
        if not isinstance(key, str):
            raise DagsterInvalidDefinitionError("Tag keys must be strings")
        if not _VALID_TAG_KEY.match(key):
            invalid_keys.append(key)
        if not isinstance(value, str):
            raise DagsterInvalidDefinitionError(f"Tag values must be strings, got type {type(value)} at key {key}.")
        if not _VALID_STRICT_TAG_VALUE.match(value):
            raise DagsterInvalidDefinitionError(
                f"Invalid tag value: {value}, for key: {key}. Allowed characters: alpha-numeric, '_', '-', '.'. "
                "Must have <= 63 characters."
            )
        normalized[key] = value
    if invalid_keys:
        raise DagsterInvalidDefinitionError(f"Found invalid tag keys: {invalid_keys[:5]}. {_TAG_KEY_EXPLANATION}")
    return normalized


def tags_with_kinds(tags: Mapping[str, Any] | None, kinds: Iterable[str] | None) -> dict[str, str]:
    kinds = list(kinds or [])
    if len(kinds) > 10:
        raise DagsterInvalidDefinitionError("Assets can have at most ten kinds currently.")
    return {**normalize_tags(tags), **{f"{KIND_PREFIX}{kind}": "" for kind in kinds}}


def validate_owner(owner: str, key: object) -> None:
    if not (_VALID_EMAIL.fullmatch(owner) or (owner.startswith("team:") and len(owner) > 5)):
        raise DagsterInvalidDefinitionError(
            f"Invalid owner '{owner}' for asset '{key}'. Owner must be an email address or a team "
            "name prefixed with 'team:'."
        )
