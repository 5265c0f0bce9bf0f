"""Dagster's asset selection syntax over the analyzer's graph, for `assetlens materialize` and
`assetlens status`: `key:raw/orders` (`*` wildcards, quotes optional), `group:`, `tag:name` or
`tag:name=value` (`tag:name` is a tag with an empty value, as in Dagster), `kind:`, `owner:`,
`code_location:`; `+` before/after an item for everything upstream/downstream, `N+`/`+N` for N layers;
`and`, `or`, `not` and parentheses. A bare word is a key (`raw/orders`). Checked against Dagster's
`AssetSelection.from_string` in the tests.

    select(workspace, '+key:"mart/summary" or group:ingest')  ->  {("raw", "orders"), ...}
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assetlens.analyzer import Workspace

Key = tuple[str, ...]
ATTRIBUTES = ("key", "group", "tag", "kind", "owner", "code_location")
_ALL = None  # traversal depth: every layer


class SelectionSyntaxError(ValueError):
    """The text is not a valid selection; the message says where."""


def looks_like_selection(text: str) -> bool:
    """Selection syntax rather than a plain key: an attribute, an operator, a traversal or parentheses."""
    stripped = text.strip()
    return (
        any(f"{name}:" in stripped for name in ATTRIBUTES)
        or any(f" {word} " in f" {stripped} " for word in ("and", "or", "not"))
        or stripped[:1] in ("+", "*", "(")
        or stripped[-1:] in ("+", ")")
        or (stripped[:1].isdigit() and "+" in stripped.split("/")[0])
    )


@dataclass(frozen=True)
class _Token:
    kind: str  # ( ) word up down item
    text: str
    value: Any = None
    position: int = 0


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char.isspace():
            i += 1
            continue
        if char in "()":
            tokens.append(_Token(char, char, position=i))
            i += 1
            continue
        start = i
        # upstream traversal: `*`, `+`, `N+` directly before an item or a parenthesis
        j = i
        while j < n and text[j].isdigit():
            j += 1
        if j < n and text[j] == "+" and (j + 1 < n and not text[j + 1].isspace()):
            tokens.append(_Token("up", text[i : j + 1], int(text[i:j]) if j > i else _ALL, start))
            i = j + 1
            continue
        # an item: attr:value or a bare key, up to whitespace or a parenthesis
        j = i
        while j < n and text[j] not in "()\"" and not text[j].isspace():
            j += 1
        word = text[i:j]
        if j < n and text[j] == '"' and word.endswith(":"):
            end = text.find('"', j + 1)
            if end < 0:
                raise SelectionSyntaxError(f"unclosed quote at column {j + 1}: {text!r}")
            value, i = text[j + 1 : end], end + 1
            attribute = word[:-1]
            down = _Token("down", "", 0, i)
            k = i
            while k < n and (text[k] == "+" or text[k].isdigit()):
                k += 1
            if k > i:
                down = _down_token(text[i:k], i)
                i = k
            tokens.append(_Token("item", text[start:i], (attribute, value), start))
            if down.value != 0:
                tokens.append(down)
            continue
        i = j
        if word in ("and", "or", "not"):
            tokens.append(_Token("word", word, position=start))
            continue
        down = _Token("down", "", 0, start)
        plus = len(word)
        while plus > 0 and word[plus - 1].isdigit():
            plus -= 1
        if plus > 0 and word[plus - 1] == "+":
            down = _down_token(word[plus - 1 :], start + plus - 1)
            word = word[: plus - 1]
        attribute, sep, value = word.partition(":")
        if not sep:
            attribute, value = "key", word
        if not value:
            raise SelectionSyntaxError(f"nothing to select at column {start + 1}: {text!r}")
        tokens.append(_Token("item", word, (attribute, value), start))
        if down.value != 0:
            tokens.append(down)
    return tokens


def _down_token(text: str, position: int) -> _Token:
    if text.startswith("+") and (len(text) == 1 or text[1:].isdigit()):
        return _Token("down", text, int(text[1:]) if len(text) > 1 else _ALL, position)
    raise SelectionSyntaxError(f"unexpected {text!r} at column {position + 1}")


class _Parser:
    def __init__(self, workspace: Workspace, text: str, matcher: Callable[[str, str], set[Key]]) -> None:
        self.workspace = workspace
        self.text = text
        self.tokens = _tokens(text)
        self.index = 0
        self.matcher = matcher
        self.universe = {key for key in workspace.graph.nodes}

    def _peek(self) -> _Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def _take(self) -> _Token:
        token = self._peek()
        if token is None:
            raise SelectionSyntaxError(f"the selection ends too early: {self.text!r}")
        self.index += 1
        return token

    def parse(self) -> set[Key]:
        result = self._or()
        token = self._peek()
        if token is not None:
            raise SelectionSyntaxError(f"unexpected {token.text!r} at column {token.position + 1}: {self.text!r}")
        return result

    def _or(self) -> set[Key]:
        result = self._and()
        while (token := self._peek()) is not None and token.kind == "word" and token.text == "or":
            self._take()
            result = result | self._and()
        return result

    def _and(self) -> set[Key]:
        result = self._not()
        while (token := self._peek()) is not None and token.kind == "word" and token.text == "and":
            self._take()
            result = result & self._not()
        return result

    def _not(self) -> set[Key]:
        token = self._peek()
        if token is not None and token.kind == "word" and token.text == "not":
            self._take()
            return self.universe - self._not()
        return self._traversal()

    def _traversal(self) -> set[Key]:
        up = None
        token = self._peek()
        if token is not None and token.kind == "up":
            up = self._take().value or _ALL_LAYERS
        selected = self._primary()
        token = self._peek()
        down = None
        if token is not None and token.kind == "down":
            down = self._take().value or _ALL_LAYERS
        result = set(selected)
        if up is not None:
            result |= _layers(selected, self.workspace.graph.predecessors, up)
        if down is not None:
            result |= _layers(selected, self.workspace.graph.successors, down)
        return result

    def _primary(self) -> set[Key]:
        token = self._take()
        if token.kind == "(":
            result = self._or()
            closing = self._take()
            if closing.kind != ")":
                raise SelectionSyntaxError(f"expected ')' at column {closing.position + 1}: {self.text!r}")
            return result
        if token.kind == "item":
            attribute, value = token.value
            if attribute not in ATTRIBUTES:
                raise SelectionSyntaxError(
                    f"unknown attribute {attribute!r} (known: {', '.join(ATTRIBUTES)}): {self.text!r}"
                )
            return self.matcher(attribute, value)
        raise SelectionSyntaxError(f"unexpected {token.text!r} at column {token.position + 1}: {self.text!r}")


_ALL_LAYERS = 10**9


def _layers(start: Iterable[Key], neighbours: Callable[[Key], Iterable[Key]], depth: int) -> set[Key]:
    seen: set[Key] = set()
    frontier = set(start)
    for _ in range(depth):
        frontier = {n for key in frontier for n in neighbours(key) if n not in seen} - set(start)
        if not frontier:
            break
        seen |= frontier
    return seen


def _fact_matcher(workspace: Workspace) -> Callable[[str, str], set[Key]]:
    facts = workspace.assets_by_key()

    def matches(attribute: str, value: str) -> set[Key]:
        found: set[Key] = set()
        for key, key_facts in facts.items():
            for fact in key_facts:
                if attribute == "key":
                    ok = fnmatch.fnmatchcase("/".join(key), value) if "*" in value else "/".join(key) == value
                elif attribute == "group":
                    ok = fact.group == value
                elif attribute == "tag":
                    name, sep, wanted = value.partition("=")
                    ok = any(tag == name and tag_value == wanted for tag, tag_value in fact.tags)
                elif attribute == "kind":
                    ok = value in fact.kinds
                elif attribute == "owner":
                    ok = value in fact.owners
                else:
                    ok = fact.location == value
                if ok:
                    found.add(key)
                    break
        return found

    return matches


def select(workspace: Workspace, text: str) -> set[Key]:
    """The keys `text` selects (any asset of the graph; the caller keeps the executable ones)."""
    return _Parser(workspace, text, _fact_matcher(workspace)).parse()
