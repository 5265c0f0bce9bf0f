"""Compare two asset graphs in assetlens's public JSON schema and describe the differences readably.

One side is what real Dagster builds (tests/differential/dagster_graph.py), the other what
`assetlens.analyzer` finds from source. Compared per asset key: deps, kind, group, code_version, and
node/output for assets that have a computation (Dagster has no node for "spec" and "source").

Kind normalisation (the same rule on both sides): Dagster keeps no record of the decorator that made
a node, so a node that produces ONE asset key is "asset" (op) or "graph_asset" (graph) even when it
was written as `@multi_asset`/`@graph_multi_asset`/`from_op`/`from_graph`. The loader already reports
Dagster's kind that way; `normalise_kind` maps the analyzer's "multi_asset"/"graph_multi_asset" to the
single form when Dagster says that key's node produces one key.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

Key = tuple[str, ...]

COMPARED_FIELDS = ("deps", "kind", "group", "code_version")
NODE_FIELDS = ("node", "output")
KINDS_WITHOUT_NODE = frozenset({"spec", "source"})
SINGLE_KIND = {"multi_asset": "asset", "graph_multi_asset": "graph_asset"}


def show_key(key: Sequence[str] | None) -> str:
    """`a/b/c`, or the JSON list when a part itself contains "/" (so `["a/b", "c"]` stays distinct)."""
    if key is None:
        return "<unresolved key>"
    if any("/" in part for part in key):
        return json.dumps(list(key))
    return "/".join(key)


def normalise_kind(kind: Any, dagster_node_asset_count: int | None) -> Any:
    if dagster_node_asset_count == 1:
        return SINGLE_KIND.get(kind, kind)
    return kind


def _deps(asset: Mapping[str, Any]) -> list[Key | None]:
    deps = asset.get("deps") or []
    return sorted(
        (tuple(dep) if dep is not None else None for dep in deps),
        key=lambda dep: (dep is None, dep or ()),
    )


def _show_value(field: str, value: Any) -> str:
    if field == "deps":
        return "[" + ", ".join(show_key(dep) for dep in value) + "]"
    return json.dumps(value)


def _where(asset: Mapping[str, Any]) -> str:
    return f"{asset.get('file', '?')}:{asset.get('line', '?')}"


def _index(assets: Iterable[Mapping[str, Any]], side: str, problems: list[str]) -> dict[Key, Mapping[str, Any]]:
    indexed: dict[Key, Mapping[str, Any]] = {}
    places: dict[Key, list[str]] = {}
    for asset in assets:
        raw_key = asset.get("key")
        if raw_key is None:
            problems.append(f"{side} has an asset whose key it could not resolve (node {asset.get('node')!r} at {_where(asset)})")
            continue
        key = tuple(raw_key)
        places.setdefault(key, []).append(_where(asset))
        indexed.setdefault(key, asset)
    for key, where in places.items():
        if len(where) > 1:
            problems.append(f"{side} lists {show_key(key)} {len(where)} times ({', '.join(where)})")
    return indexed


def diff_graphs(dagster_assets: Sequence[Mapping[str, Any]], assetlens_assets: Sequence[Mapping[str, Any]]) -> list[str]:
    """Every difference between the two graphs, one readable line each; [] when they agree."""
    problems: list[str] = []
    ours = _index(assetlens_assets, "assetlens", problems)
    theirs = _index(dagster_assets, "dagster", problems)

    for key in sorted(theirs.keys() - ours.keys()):
        problems.append(f"only in dagster:   {show_key(key)} ({theirs[key].get('kind')})")
    for key in sorted(ours.keys() - theirs.keys()):
        problems.append(f"only in assetlens: {show_key(key)} ({ours[key].get('kind')})")

    for key in sorted(theirs.keys() & ours.keys()):
        truth, found = theirs[key], ours[key]
        expected = {
            "deps": _deps(truth),
            "kind": truth.get("kind"),
            "group": truth.get("group"),
            "code_version": truth.get("code_version"),
        }
        actual = {
            "deps": _deps(found),
            "kind": normalise_kind(found.get("kind"), truth.get("node_asset_count")),
            "group": found.get("group"),
            "code_version": found.get("code_version"),
        }
        fields: tuple[str, ...] = COMPARED_FIELDS
        if truth.get("kind") not in KINDS_WITHOUT_NODE:
            fields += NODE_FIELDS
            for field in NODE_FIELDS:
                expected[field] = truth.get(field)
                actual[field] = found.get(field)
        for field in fields:
            if expected[field] != actual[field]:
                problems.append(
                    f"{show_key(key)}: {field} is {_show_value(field, actual[field])} in assetlens,"
                    f" {_show_value(field, expected[field])} in dagster"
                )
    return problems


def format_report(fixture: str, problems: Sequence[str]) -> str:
    header = f"assetlens and dagster disagree on {fixture} ({len(problems)} difference(s)):"
    return "\n".join([header, *("  " + line for line in problems)])
