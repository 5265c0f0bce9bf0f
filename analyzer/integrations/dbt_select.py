"""dbt's node selection syntax, evaluated on a statically read project (`select=`/`exclude=`).

Understood: space-separated unions, comma-separated intersections, `+`/`N+` ancestors and `+`/`+N`
descendants, `@` (descendants and all their ancestors), the methods `fqn:` (the default: a model name,
a folder path in dot notation, the project name, with `*` wildcards), `tag:`, `path:`, `file:`,
`resource_type:`, `source:`, `package:`, `group:` and `config.<key>:`. Anything else (selectors,
`state:`, `result:`, YAML selectors...) raises `UnsupportedSelection`: the caller reports the assets as
unresolved instead of guessing.
"""
from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable

from assetlens.analyzer.integrations.dbt import DbtNode, DbtProjectInfo

DEFAULT_SELECT = "fqn:*"


class UnsupportedSelection(ValueError):
    """A selection this module cannot evaluate statically."""


_SPEC = re.compile(r"^(?P<at>@)?(?P<parents>(\d*)\+)?(?P<body>[^+]+?)(?P<children>\+(\d*))?$")


def select_unique_ids(project: DbtProjectInfo, select: str = DEFAULT_SELECT, exclude: str = "") -> set[str]:
    """The unique ids dbt would select (before dagster-dbt keeps only models, seeds and snapshots)."""
    select = (select or "").strip() or DEFAULT_SELECT
    selected = _union(project, select.split())
    if exclude and exclude.strip():
        selected -= _union(project, exclude.split())
    return selected


def _union(project: DbtProjectInfo, specs: Iterable[str]) -> set[str]:
    result: set[str] = set()
    for spec in specs:
        parts = [part for part in spec.split(",") if part]
        if not parts:
            continue
        selected = _one(project, parts[0])
        for part in parts[1:]:
            selected &= _one(project, part)
        result |= selected
    return result


def _one(project: DbtProjectInfo, spec: str) -> set[str]:
    match = _SPEC.match(spec)
    if match is None:
        raise UnsupportedSelection(spec)
    body = match.group("body")
    method, _, value = body.partition(":") if ":" in body else ("", "", body)
    base = {unique_id for unique_id, node in project.nodes.items() if _matches(node, method, value, project)}
    result = set(base)
    if match.group("at"):
        children = _walk(project, base, down=True, depth=None)
        result |= children | _walk(project, base | children, down=False, depth=None)
        return result
    if match.group("parents"):
        depth = match.group(3)
        result |= _walk(project, base, down=False, depth=int(depth) if depth else None)
    if match.group("children"):
        depth = match.group(6)
        result |= _walk(project, base, down=True, depth=int(depth) if depth else None)
    return result


def _walk(project: DbtProjectInfo, start: set[str], *, down: bool, depth: int | None) -> set[str]:
    children: dict[str, list[str]] = {}
    if down:
        for unique_id, node in project.nodes.items():
            for parent in node.depends_on:
                children.setdefault(parent, []).append(unique_id)
    found: set[str] = set()
    frontier = set(start)
    level = 0
    while frontier and (depth is None or level < depth):
        level += 1
        following: set[str] = set()
        for unique_id in frontier:
            if down:
                neighbours = children.get(unique_id, [])
            else:
                node = project.nodes.get(unique_id)
                neighbours = node.depends_on if node is not None else []
            for neighbour in neighbours:
                if neighbour not in found and neighbour in project.nodes:
                    found.add(neighbour)
                    following.add(neighbour)
        frontier = following
    return found


def _wild(pattern: str, value: str) -> bool:
    return fnmatch.fnmatchcase(value, pattern) if any(c in pattern for c in "*?[") else pattern == value


def _matches(node: DbtNode, method: str, value: str, project: DbtProjectInfo) -> bool:
    if not method:
        if "/" in value or value.endswith((".sql", ".py", ".csv", ".yml", ".yaml")):
            method = "path" if "/" in value else "file"
        else:
            method = "fqn"
    if method == "fqn":
        return _fqn_matches(node, value)
    if method == "tag":
        return any(_wild(value, tag) for tag in node.tags)
    if method == "path":
        path = value.rstrip("/")
        return _wild(path, node.path) or node.path.startswith(path + "/") or path in ("", ".")
    if method == "file":
        return _wild(value, node.path.rsplit("/", 1)[-1]) or _wild(value, node.path.rsplit("/", 1)[-1].rsplit(".", 1)[0])
    if method == "resource_type":
        return node.resource_type == value
    if method == "source":
        if node.resource_type != "source":
            return False
        parts = value.split(".")
        candidates = [node.package, node.source_name or "", node.name]
        if len(parts) == 1:
            return _wild(parts[0], node.source_name or "")
        if len(parts) == 2:
            return _wild(parts[0], candidates[1]) and _wild(parts[1], node.name)
        return all(_wild(p, c) for p, c in zip(parts, candidates))
    if method == "package":
        return _wild(value, node.package)
    if method == "group":
        return _wild(value, str(node.config.get("group") or ""))
    if method.startswith("config."):
        config_value = node.config.get(method[len("config."):])
        if isinstance(config_value, list):
            return any(_wild(value, str(item)) for item in config_value)
        return config_value is not None and _wild(value, str(config_value).lower() if isinstance(config_value, bool) else str(config_value))
    raise UnsupportedSelection(f"{method}:{value}")


def _fqn_matches(node: DbtNode, value: str) -> bool:
    """dbt's FQNSelector: the node's name, or a dotted prefix of its fqn (package first)."""
    if node.resource_type == "source":
        return False  # sources are selected with `source:`, never by fqn
    if value == "*":
        return True
    fqn = list(node.fqn)
    if not fqn:
        return False
    if _wild(value, fqn[-1]):
        return True
    parts = value.split(".")
    # qualified with the package name, or unscoped (the path below the package)
    for candidate in (fqn, fqn[1:]):
        if candidate and len(parts) <= len(candidate) and all(_wild(part, candidate[index]) for index, part in enumerate(parts)):
            return True
    return False
