"""Where the cursor is, for completing asset keys: inside `deps=[...]`, `AssetKey(...)`, `AssetIn(key=...)`,
`AssetDep(...)`, or the parameter list of a function.

Completion runs on text that is being typed and usually does not parse, so this reads the text before
the cursor with a small scanner that knows brackets, strings and comments — not with a parser. The
scan starts at the beginning of the top-level statement around the cursor. Columns are code points.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

ContextKind = Literal["deps", "key", "parameter"]

# calls whose first positional argument, or one of these keywords, is coerced to an asset key
_KEY_CALLS: dict[str, tuple[str, ...]] = {"AssetKey": ("path",), "AssetIn": ("key",), "AssetDep": ("asset",)}
_DEPS_KEYWORDS = frozenset({"deps", "non_argument_deps"})
_STATEMENT_START = re.compile(r"^(@|def\s|async\s+def\s|class\s|[^\W\d])")
# names are Unicode identifiers (`naïve_orders`, `注文`): \w and its letters, not just ASCII
_IDENTIFIER = re.compile(r"[^\W\d]\w*(?:[ \t]*\.[ \t]*[^\W\d]\w*)*")
_STRING_START = re.compile(r"(?:[rRbBfFuU]{1,2})?('''|\"\"\"|'|\")")
_DEF_BEFORE = re.compile(r"\bdef\s+$")
_TYPED_NAME = re.compile(r"\w*$")
_MAX_LOOKBACK_LINES = 400


@dataclass(frozen=True, slots=True)
class CompletionContext:
    """What kind of asset key is wanted at the cursor and how it is being written there.

    kind: "deps" (an element of a deps list: a string for one-part keys, else an AssetKey), "key" (a
    value coerced to an AssetKey: a string is one part, a list holds the parts) or "parameter" (a
    parameter of the function `function`).
    in_string: the cursor is inside a string literal opened with `quote`; `typed` is what was typed
    of the string (or of the name) so far, starting at code-point column `start` of the cursor's line.
    in_list / parts_before: inside `AssetKey([...])`, the parts already written before the cursor.
    """

    kind: ContextKind
    in_string: bool
    typed: str
    start: int
    quote: str = '"'
    in_list: bool = False
    parts_before: tuple[str, ...] = ()
    function: str | None = None
    existing_parameters: tuple[str, ...] = ()
    call: str | None = None  # the call whose argument is being written ("AssetKey", "AssetIn", ...)


@dataclass(slots=True)
class _Frame:
    opener: str
    start: int  # offset of the bracket
    callee: str | None  # the dotted name called with "(" ("AssetKey", "dg.AssetIn"); "def NAME" for a def
    keyword: str | None  # the keyword argument whose value this bracket opens ("deps")
    index: int = 0  # positional slot within this bracket
    slot_keyword: str | None = None  # the keyword of the current slot, once "name=" was read
    strings: list[str] = field(default_factory=list)  # string literals written in this list

    @property
    def is_def(self) -> bool:
        return self.callee is not None and self.callee.startswith("def ")

    @property
    def call_name(self) -> str | None:
        return self.callee.rsplit(".", 1)[-1] if self.callee is not None and not self.is_def else None


@dataclass(frozen=True, slots=True)
class _OpenString:
    quote: str
    body_start: int
    written: str


def completion_context(lines: list[str], line: int, col: int) -> CompletionContext | None:
    """The completion context at (1-based `line`, code-point `col`) of a text split into `lines`."""
    if not 1 <= line <= len(lines):
        return None
    col = max(0, min(col, len(lines[line - 1])))
    first = _statement_start(lines, line - 1)
    before = "\n".join(lines[first : line - 1] + [lines[line - 1][:col]])
    cursor_line_offset = len(before) - col
    frames, open_string = _scan(before)
    if not frames:
        return None
    top = frames[-1]
    if open_string is not None:
        start = open_string.body_start - cursor_line_offset
        if start < 0:
            return None  # a string that started on an earlier line is not a key being typed
        kind = _value_kind(frames)
        if kind is None:
            return None
        in_list = kind == "key" and top.opener == "["
        return CompletionContext(
            kind,
            True,
            open_string.written,
            start,
            quote=open_string.quote,
            in_list=in_list,
            parts_before=tuple(top.strings) if in_list else (),
            call=top.call_name if top.opener == "(" else None,
        )
    typed_match = _TYPED_NAME.search(before)
    typed = typed_match.group(0) if typed_match else ""
    start = col - len(typed)
    if top.is_def and top.opener == "(":
        existing, current = _parameters(before[top.start + 1 :])
        if ":" in current or "=" in current or current.lstrip().startswith("*"):
            return None  # in an annotation or a default value, or after * / **
        assert top.callee is not None
        return CompletionContext("parameter", False, typed, start, function=top.callee[4:], existing_parameters=existing)
    kind = _value_kind(frames)
    if kind is None:
        return None
    in_list = kind == "key" and top.opener == "["
    return CompletionContext(kind, False, typed, start, in_list=in_list, parts_before=tuple(top.strings) if in_list else ())


def _value_kind(frames: list[_Frame]) -> ContextKind | None:
    """What the current slot of the innermost bracket holds, when it is an asset key."""
    top = frames[-1]
    if top.opener == "(":
        return "key" if _is_key_slot(top) else None
    if top.keyword in _DEPS_KEYWORDS and top.opener in "[{(":
        return "deps"
    if top.opener == "[" and len(frames) >= 2:
        parent = frames[-2]
        if parent.opener == "(" and _is_key_slot(parent):
            return "key"
    return None


def _is_key_slot(frame: _Frame) -> bool:
    keywords = _KEY_CALLS.get(frame.call_name or "")
    if keywords is None:
        return False
    if frame.slot_keyword is None:
        return frame.index == 0
    return frame.slot_keyword in keywords


def _parameters(written: str) -> tuple[tuple[str, ...], str]:
    """The names of the complete parameters in a def's parameter list written so far, and the text of
    the parameter being written."""
    depth = 0
    pieces: list[str] = []
    current: list[str] = []
    for char in written:
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        if char == "," and depth == 0:
            pieces.append("".join(current))
            current = []
        else:
            current.append(char)
    names = []
    for piece in pieces:
        match = re.match(r"\s*\**\s*([^\W\d]\w*)", piece)
        if match:
            names.append(match.group(1))
    return tuple(names), "".join(current)


def _statement_start(lines: list[str], index: int) -> int:
    """The line where the top-level statement containing line `index` starts: the closest line above
    that starts at column 0 with a decorator, def, class or name (not continuing a backslash line),
    moved up over the decorators above it. Bounded by `_MAX_LOOKBACK_LINES`."""
    lowest = max(0, index - _MAX_LOOKBACK_LINES)
    for candidate in range(index, lowest - 1, -1):
        if _STATEMENT_START.match(lines[candidate]) and not (
            candidate > 0 and lines[candidate - 1].rstrip().endswith("\\")
        ):
            while candidate > lowest and lines[candidate - 1].startswith("@"):
                candidate -= 1
            return candidate
    return lowest


def _scan(text: str) -> tuple[list[_Frame], _OpenString | None]:
    """The brackets still open at the end of `text`, and the string literal the end is inside."""
    frames: list[_Frame] = []
    last_name: str | None = None
    last_name_end = -1
    position = 0
    length = len(text)
    while position < length:
        char = text[position]
        if char == "#":
            newline = text.find("\n", position)
            if newline < 0:
                return frames, None
            position = newline
            continue
        if char in "'\"rRbBfFuU":
            string = _STRING_START.match(text, position)
            if string is not None:
                quote = string.group(1)
                end = _string_end(text, string.end(), quote)
                if end is None:
                    return frames, _OpenString(quote, string.end(), text[string.end() :])
                body_end, position = end
                if frames and frames[-1].opener == "[":
                    frames[-1].strings.append(text[string.end() : body_end])
                last_name = None
                continue
        if char.isalpha() or char == "_":
            match = _IDENTIFIER.match(text, position)
            if match is None:  # a letter no identifier starts with: an ordinary character
                last_name = None
                position += 1
                continue
            last_name = re.sub(r"[ \t]+", "", match.group(0))
            last_name_end = position = match.end()
            continue
        if char in "([{":
            keyword = frames[-1].slot_keyword if frames else None
            callee = None
            if char == "(" and last_name is not None and not text[last_name_end:position].strip():
                callee = last_name
                name_start = last_name_end - len(last_name)
                if _DEF_BEFORE.search(text[max(0, name_start - 16) : name_start]):
                    callee = f"def {last_name}"
            frames.append(_Frame(char, position, callee, keyword))
        elif char in ")]}":
            if frames:
                frames.pop()
        elif char == ",":
            if frames:
                frames[-1].index += 1
                frames[-1].slot_keyword = None
        elif char == "=":
            is_comparison = text[position + 1 : position + 2] == "=" or text[position - 1 : position] in ("=", "!", "<", ">")
            if not is_comparison and frames and last_name is not None and "." not in last_name:
                frames[-1].slot_keyword = last_name
        elif char == ":" and frames and frames[-1].opener == "{":
            frames[-1].slot_keyword = None
        if not char.isspace():
            last_name = None
        position += 1
    return frames, None


def _string_end(text: str, start: int, quote: str) -> tuple[int, int] | None:
    """Where the string whose body starts at `start` ends: (end of its body, offset after it), or None
    when the text ends inside it. A one-line string that its line ends before closing is taken as
    ending there (the next lines then scan normally)."""
    position = start
    single_line = len(quote) == 1
    while position < len(text):
        char = text[position]
        if char == "\\":
            position += 2
            continue
        if single_line and char == "\n":
            return position, position
        if text.startswith(quote, position):
            return position, position + len(quote)
        position += 1
    return None
