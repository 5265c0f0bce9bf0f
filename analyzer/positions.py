"""Source ranges from `ast` nodes, in code points (ast's columns count UTF-8 bytes)."""
from __future__ import annotations

import ast
import re

from assetlens.analyzer.facts import Range


LINE_BREAK = re.compile(r"\r\n|\r|\n")
_new_range = tuple.__new__  # Range(...) without NamedTuple's Python-level __new__ (hot: every node's range)


def source_lines(text: str) -> list[str]:
    """The lines as Python counts them: only \n, \r\n and \r end a line (not \f, \v or \u2028,
    which `str.splitlines` also splits on)."""
    if "\r" not in text:
        return text.split("\n")  # the same lines, without the regular expression (most files)
    return LINE_BREAK.split(text)


class LineIndex:
    """Converts ast's (line, byte column) positions to code-point columns for one file."""

    __slots__ = ("_lines",)

    def __init__(self, text: str) -> None:
        self._lines = source_lines(text) if not text.isascii() else None

    def column(self, line: int, byte_col: int) -> int:
        if self._lines is None or line < 1 or line > len(self._lines):
            return byte_col
        text = self._lines[line - 1]
        if text.isascii():
            return byte_col
        return len(text.encode("utf-8")[:byte_col].decode("utf-8", errors="ignore"))

    def range(self, node: ast.AST) -> Range | None:
        try:  # what the parser makes (the common case: no getattr defaults)
            line, col, end_line, end_col = node.lineno, node.col_offset, node.end_lineno, node.end_col_offset  # type: ignore[attr-defined]
        except AttributeError:  # a node without a position, or one made by hand
            line = getattr(node, "lineno", None)
            if line is None:
                return None
            end_line = getattr(node, "end_lineno", None)
            end_col = getattr(node, "end_col_offset", None)
            col = getattr(node, "col_offset", 0)
        if line is None:
            return None
        end_line = end_line or line
        if self._lines is None:  # an ASCII file: byte columns are code-point columns
            return _new_range(Range, (line, col, end_line, end_col if end_col is not None else col))
        return Range(
            line,
            self.column(line, col),
            end_line,
            self.column(end_line, end_col if end_col is not None else col),
        )

    def line_text(self, line: int, source_lines: list[str]) -> str:
        return source_lines[line - 1] if 0 < line <= len(source_lines) else ""


_DEF_NAME = re.compile(r"(?:async\s+)?def\s+(\w+)")


def function_name_range(node: ast.FunctionDef | ast.AsyncFunctionDef, source_lines: list[str], index: LineIndex) -> Range:
    """The range of the name in `def name(...)`."""
    line = node.lineno
    text = source_lines[line - 1] if 0 < line <= len(source_lines) else ""
    start = index.column(line, node.col_offset)
    match = _DEF_NAME.search(text, start) if text else None
    if match and match.group(1) == node.name:
        return Range(line, match.start(1), line, match.end(1))
    return Range(line, start, line, start + len(node.name))


def decorator_range(decorator: ast.expr, index: LineIndex, source: list[str] | None = None) -> Range | None:
    """The decorator including its `@` (which may be followed by spaces)."""
    inner = index.range(decorator)
    if inner is None:
        return None
    line = source[inner.line - 1] if source and 0 < inner.line <= len(source) else ""
    at = line.rfind("@", 0, inner.col) if line else -1
    return Range(inner.line, at if at >= 0 else max(inner.col - 1, 0), inner.end_line, inner.end_col)
