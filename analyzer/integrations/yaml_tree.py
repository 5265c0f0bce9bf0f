"""YAML read with positions: plain Python values plus the source range of every value and mapping key.

Integrations point at places inside `defs.yaml`, dbt schema files and Sling replications (go to
definition, diagnostics), so a document is loaded through PyYAML's node tree and each value's range is
kept under its path (`("sources", 0, "tables", 1, "name")`); `key_ranges` holds the ranges of mapping
keys under the same paths. Never raises: a file that is not valid YAML gives `error`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assetlens.analyzer.facts import Range

Path_ = tuple[Any, ...]


@dataclass
class YamlDocument:
    """One `---` document of a YAML file."""

    value: Any
    ranges: dict[Path_, Range] = field(default_factory=dict)
    key_ranges: dict[Path_, Range] = field(default_factory=dict)
    range: Range | None = None  # the whole document

    def range_of(self, *path: Any) -> Range | None:
        """The value at `path`, or the nearest enclosing one that has a range."""
        while path:
            if path in self.ranges:
                return self.ranges[path]
            path = path[:-1]
        return self.range

    def key_range_of(self, *path: Any) -> Range | None:
        return self.key_ranges.get(path) or self.range_of(*path)


@dataclass
class YamlFile:
    documents: list[YamlDocument]
    error: str | None = None
    error_range: Range | None = None


def _range(node: Any) -> Range:
    start, end = node.start_mark, node.end_mark
    return Range(start.line + 1, start.column, end.line + 1, end.column)


def load_yaml(text: str) -> YamlFile:
    """Every document of `text` with positions (a parse error gives the documents before it)."""
    import yaml

    documents: list[YamlDocument] = []
    try:
        for node in yaml.compose_all(text, Loader=yaml.SafeLoader):
            if node is None:
                continue
            document = YamlDocument(None, range=_range(node))
            constructor = yaml.SafeLoader("")
            document.value = _convert(node, (), document, constructor)
            documents.append(document)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        where = Range(mark.line + 1, mark.column, mark.line + 1, mark.column + 1) if mark is not None else None
        message = " ".join(str(error).split())
        return YamlFile(documents, f"not valid YAML: {message}", where)
    except Exception as error:  # noqa: BLE001 - never crash on a user's file
        return YamlFile(documents, f"not readable as YAML: {error}", None)
    return YamlFile(documents)


def _convert(node: Any, path: Path_, document: YamlDocument, constructor: Any) -> Any:
    import yaml

    document.ranges[path] = _range(node)
    if isinstance(node, yaml.MappingNode):
        constructor.flatten_mapping(node)
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _convert(key_node, path + ("<key>",), document, constructor)
            try:
                hash(key)
            except TypeError:
                key = str(key)
            document.key_ranges[path + (key,)] = _range(key_node)
            result[key] = _convert(value_node, path + (key,), document, constructor)
        document.ranges.pop(path + ("<key>",), None)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, path + (index,), document, constructor) for index, item in enumerate(node.value)]
    return constructor.construct_object(node, deep=True)


def as_dict(value: Any) -> dict[Any, Any]:
    """`value` when it is a mapping, else an empty one (a user's file may hold anything anywhere)."""
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    """`value` when it is a list, else an empty one."""
    return value if isinstance(value, list) else []
