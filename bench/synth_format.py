"""Formatting of generated expressions the way black/ruff would lay them out: on one line when they fit
in 100 columns, else one element per line with a trailing comma. Expressions are strings that may span
lines; nested multi-line elements are indented."""
from __future__ import annotations

WIDTH = 100


def _indent(text: str, prefix: str = "    ") -> str:
    return "\n".join(prefix + line if line else line for line in text.split("\n"))


def _fits(text: str, used: int) -> bool:
    return "\n" not in text and used + len(text) <= WIDTH


def call_expr(head: str, args: list[str], used: int = 0) -> str:
    """`head(a, b)`; `used` is how many columns precede it on its first line."""
    one_line = f"{head}({', '.join(args)})"
    if _fits(one_line, used):
        return one_line
    return "\n".join([f"{head}(", *[_indent(arg) + "," for arg in args], ")"])


def list_expr(items: list[str], used: int = 0, brackets: str = "[]") -> str:
    one_line = brackets[0] + ", ".join(items) + brackets[1]
    if _fits(one_line, used):
        return one_line
    return "\n".join([brackets[0], *[_indent(item) + "," for item in items], brackets[1]])


def dict_expr(items: list[tuple[str, str]], used: int = 0) -> str:
    return list_expr([f"{key}: {value}" for key, value in items], used, "{}")


def statement(prefix: str, expr_builder, indent: str = "") -> list[str]:
    """Lines of `indent + prefix + expr`, where `expr_builder(used_columns)` builds the expression."""
    text = expr_builder(len(indent) + len(prefix))
    lines = (prefix + text).split("\n")
    return [indent + line if line else line for line in lines]
