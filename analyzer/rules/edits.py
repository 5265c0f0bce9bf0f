"""Edits that rule fixes propose, computed with libcst so that quotes, prefixes and formatting are kept:
bumping a `code_version` literal, pointing a dependency reference at another key, and declaring an
external `AssetSpec`. Each function returns None when it cannot make a correct edit (the rule then
offers no fix rather than a wrong one).
"""
from __future__ import annotations

import ast
import io
import keyword
import re
import tokenize

from typing import TYPE_CHECKING

from assetlens.analyzer.facts import AssetKeyParts, Range, TextEdit
from assetlens.analyzer.fixes import SourceLines

if TYPE_CHECKING:
    import libcst as cst

# libcst is imported where an edit is computed: importing it costs more than a whole warm check

# "1" -> "2", "v3" -> "v4", "1.2.9" -> "1.2.10", "007" -> "008": clearly a version number
_VERSION = re.compile(r"(?P<head>[vV]?(?:\d+\.)*)(?P<number>\d+)")
# anything else ending in digits ("2024-06-01", "etl_7"): bumping is a guess
_TRAILING_NUMBER = re.compile(r"(?P<head>.*\D)(?P<number>\d+)")


def bumped_version(value: str) -> tuple[str, bool] | None:
    """(next version, safe) for a code_version value, or None when there is no number to bump."""
    for pattern, safe in ((_VERSION, True), (_TRAILING_NUMBER, False)):
        match = pattern.fullmatch(value)
        if match:
            number = match["number"]
            return match["head"] + str(int(number) + 1).zfill(len(number)), safe
    return None


def _string_literal(source: str) -> cst.SimpleString | None:
    import libcst as cst

    try:
        node = cst.parse_expression(source.strip())
    except cst.ParserSyntaxError:
        return None
    return node if isinstance(node, cst.SimpleString) else None


def _with_value(literal: cst.SimpleString, value: str) -> str | None:
    """The literal's source with another value, same prefix and quotes (None if it needs escaping)."""
    import libcst as cst

    if "\\" in value or literal.quote[0] in value or "\n" in value or "b" in literal.prefix.lower():
        return None
    return cst.Module([]).code_for_node(literal.with_changes(value=f"{literal.prefix}{literal.quote}{value}{literal.quote}"))


def bump_version_edit(text: str, file: str, literal_range: Range) -> tuple[TextEdit, str, str, bool] | None:
    """The edit bumping the code_version string literal at `literal_range`:
    (edit, old value, new value, safe). None when the range is not a plain string literal (a
    constant shared by several assets, an f-string...) or the value has no number."""
    literal = _string_literal(SourceLines(text).slice(literal_range))
    if literal is None:
        return None
    old = literal.evaluated_value
    if not isinstance(old, str):
        return None
    bumped = bumped_version(old)
    if bumped is None:
        return None
    new, safe = bumped
    new_source = _with_value(literal, new)
    if new_source is None:
        return None
    return TextEdit(file, literal_range, new_source), old, new, safe


def replace_string_edit(text: str, file: str, ref_range: Range, old: str, new: str) -> TextEdit | None:
    """Within the reference at `ref_range` (`"orders"`, `AssetKey("orders")`, `AssetKey(["raw", "orders"])`),
    rewrite the one string literal whose value is `old` to `new`, keeping its quotes."""
    return FileEdits(text, file).replace_string(ref_range, old, new)


def _replace_string_edit(lines: SourceLines, file: str, ref_range: Range, old: str, new: str) -> TextEdit | None:
    snippet = lines.slice(ref_range)
    matches: list[tuple[tuple[int, int], tuple[int, int], str]] = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(snippet).readline):
            if token.type == tokenize.STRING:
                try:
                    value = ast.literal_eval(token.string)
                except (ValueError, SyntaxError):
                    continue
                if value == old:
                    matches.append((token.start, token.end, token.string))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return None
    if len(matches) != 1:
        return None
    (start_row, start_col), (end_row, end_col), source = matches[0]
    literal = _string_literal(source)
    new_source = _with_value(literal, new) if literal is not None else None
    if new_source is None:
        return None

    def absolute(row: int, col: int) -> tuple[int, int]:
        return ref_range.line + row - 1, (ref_range.col + col if row == 1 else col)

    line, col = absolute(start_row, start_col)
    end_line, end_col = absolute(end_row, end_col)
    return TextEdit(file, Range(line, col, end_line, end_col), new_source)


def rename_parameter_edits(text: str, file: str, param_range: Range, old: str, new: str) -> tuple[TextEdit, ...] | None:
    """Rename a compute function's parameter `old` (whose name is at `param_range`) to `new`, with
    every use of it in the function (libcst scope analysis). None when `new` is not an identifier,
    is already used in the function, or a use of `old` is not a plain name."""
    return FileEdits(text, file).rename_parameter(param_range, old, new)


class _Scopes:
    """One module parsed with libcst once: positions, scopes, and every function parameter by where
    its name starts — what each parameter rename then needs, without re-reading the module."""

    def __init__(self, text: str) -> None:
        import libcst as cst
        from libcst.metadata import MetadataWrapper, PositionProvider, ScopeProvider

        self.wrapper = MetadataWrapper(cst.parse_module(text), unsafe_skip_copy=True)
        self.positions = self.wrapper.resolve(PositionProvider)
        self.scopes = self.wrapper.resolve(ScopeProvider)
        finder = _param_finder(self.positions)
        self.wrapper.module.visit(finder)
        self.params = finder.params  # (line, col, name) -> (Param, FunctionDef)
        self.names = finder.names  # id(FunctionDef) -> every Name used inside it

    def rename(self, file: str, line: int, col: int, old: str, new: str) -> tuple[TextEdit, ...] | None:
        import libcst as cst

        found = self.params.get((line, col, old))
        if found is None:
            return None
        param, function = found
        if new in self.names.get(id(function), ()):
            return None  # `new` already means something in the function
        scope = self.scopes.get(param.name)
        if scope is None:
            return None
        names: list[cst.Name] = []
        for assignment in scope.assignments[old]:
            node = getattr(assignment, "node", None)
            if isinstance(node, cst.Param):
                names.append(node.name)
            elif isinstance(node, cst.Name):
                names.append(node)
            else:
                return None  # imported or defined under that name: too clever to rename blindly
            for access in assignment.references:
                if not isinstance(access.node, cst.Name) or access.node.value != old:
                    return None
                names.append(access.node)
        edits = {}
        for name in names:
            position = self.positions[name]
            where = Range(position.start.line, position.start.column, position.end.line, position.end.column)
            edits[where] = TextEdit(file, where, new)
        return tuple(edits[r] for r in sorted(edits, key=lambda r: (r.line, r.col)))


_UNSURE = object()
_NESTED_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


class _SimpleRenames:
    """The common case of a parameter rename without libcst (whose scope analysis of a large module
    costs seconds): Python's `ast`, for a parameter whose name nothing in its function binds again in
    another way than a plain assignment in the function's own scope. Anything else — `global`,
    `nonlocal`, `del`, an import, a nested scope or comprehension that binds the name, the new name
    already appearing in the function — is left to libcst (`_UNSURE`). Tested to give libcst's edits."""

    def __init__(self, text: str) -> None:
        try:
            tree = ast.parse(text)
        except (SyntaxError, ValueError):
            self.functions: dict[tuple[int, int, str], ast.FunctionDef | ast.AsyncFunctionDef] = {}
            return
        self.lines = text.splitlines()
        self.functions = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                spec = node.args
                for arg in (*spec.posonlyargs, *spec.args, *spec.kwonlyargs, spec.vararg, spec.kwarg):
                    if arg is not None:
                        self.functions.setdefault((arg.lineno, self._column(arg.lineno, arg.col_offset), arg.arg), node)

    def _column(self, line: int, byte_offset: int) -> int:
        """ast's UTF-8 byte column as a code-point column."""
        if not 0 < line <= len(self.lines):
            return byte_offset
        text = self.lines[line - 1]
        return byte_offset if text.isascii() else len(text.encode("utf-8")[:byte_offset].decode("utf-8", errors="replace"))

    def rename(self, file: str, line: int, col: int, old: str, new: str) -> tuple[TextEdit, ...] | None | object:
        if not (old.isascii() and new.isascii()):
            return _UNSURE  # ast normalises identifiers (NFKC): spellings could differ from the source
        function = self.functions.get((line, col, old))
        if function is None:
            return _UNSURE
        first = min([function.lineno, *(d.lineno for d in function.decorator_list)])
        last = function.end_lineno or function.lineno
        if re.search(rf"(?<!\w){re.escape(new)}(?!\w)", "\n".join(self.lines[first - 1 : last])):
            return _UNSURE  # the new name is already written somewhere in the function
        uses: list[ast.Name] = []
        for statement in function.body:
            if not self._collect(statement, old, uses, nested=False):
                return _UNSURE
        edits = {Range(line, col, line, col + len(old)): None}
        for name in uses:
            start = self._column(name.lineno, name.col_offset)
            edits[Range(name.lineno, start, name.lineno, start + len(old))] = None
        return tuple(TextEdit(file, where, new) for where in sorted(edits, key=lambda r: (r.line, r.col)))

    def _collect(self, node: ast.AST, old: str, uses: list[ast.Name], nested: bool) -> bool:
        """Gather the uses of `old` under `node`; False when a construct needs real scope analysis."""
        if isinstance(node, ast.Global | ast.Nonlocal):
            return old not in node.names
        if isinstance(node, ast.Import | ast.ImportFrom):
            return all((alias.asname or alias.name.split(".")[0]) != old for alias in node.names)
        if isinstance(node, ast.Delete | ast.NamedExpr | ast.ExceptHandler | ast.MatchAs | ast.MatchStar | ast.MatchMapping):
            return old not in ast.dump(node)  # a binding of another kind: leave it to libcst
        if isinstance(node, _NESTED_SCOPES):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and node.name == old:
                return False
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                spec = node.args
                if any(a is not None and a.arg == old for a in (*spec.posonlyargs, *spec.args, *spec.kwonlyargs, spec.vararg, spec.kwarg)):
                    return False
            nested = True
        if isinstance(node, ast.Name) and node.id == old:
            if nested and not isinstance(node.ctx, ast.Load):
                return False  # bound in a nested scope (or a comprehension's target)
            uses.append(node)
            return True
        return all(self._collect(child, old, uses, nested) for child in ast.iter_child_nodes(node))


class FileEdits:
    """The fix edits of one file, each prepared once per file and reused by every fix in it (a file
    with thousands of misspelt dependencies is parsed once, not once per fix): line offsets, the
    libcst scopes, where an `AssetSpec` declaration goes, and the names already taken."""

    def __init__(self, text: str, file: str) -> None:
        self.text = text
        self.file = file
        self._lines: SourceLines | None = None
        self._scopes: _Scopes | None | bool = False  # False: not parsed yet; None: does not parse
        self._simple: _SimpleRenames | None | bool = False
        self._layout: tuple | None | bool = False
        self._taken: set[str] | None = None
        self._declared: dict[AssetKeyParts, TextEdit | None] = {}

    @property
    def lines(self) -> SourceLines:
        if self._lines is None:
            self._lines = SourceLines(self.text)
        return self._lines

    def replace_string(self, ref_range: Range, old: str, new: str) -> TextEdit | None:
        return _replace_string_edit(self.lines, self.file, ref_range, old, new)

    def rename_parameter(self, param_range: Range, old: str, new: str) -> tuple[TextEdit, ...] | None:
        if not new.isidentifier() or keyword.iskeyword(new):
            return None
        if self._simple is False:
            self._simple = _SimpleRenames(self.text)
        if self._simple is not None:
            found = self._simple.rename(self.file, param_range.line, param_range.col, old, new)
            if found is not _UNSURE:
                return found  # type: ignore[return-value]
        if self._scopes is False:
            import libcst as cst

            try:
                self._scopes = _Scopes(self.text)
            except cst.ParserSyntaxError:
                self._scopes = None
        if self._scopes is None:
            return None
        return self._scopes.rename(self.file, param_range.line, param_range.col, old, new)

    def external_spec(self, key: AssetKeyParts) -> TextEdit | None:
        """Insert `name = AssetSpec(key)` after the module's top-level imports (adding the import if
        the module does not import AssetSpec or dagster), declaring `key` as an external asset."""
        if key in self._declared:
            return self._declared[key]
        if self._layout is False:
            self._layout = _spec_layout(self.text, self.lines)
        if self._layout is None:
            return None
        if self._taken is None:
            self._taken = set(re.findall(r"\w+", self.text))
        constructor, needs_import, at, before, after = self._layout
        lines = ["from dagster import AssetSpec"] if needs_import else []
        variable = _free_name(self._taken, re.sub(r"\W", "_", "_".join(key)) + "_spec")
        key_source = repr(key[0]) if len(key) == 1 else repr(list(key))
        if '"' not in "".join(key) and "'" not in "".join(key):
            key_source = key_source.replace("'", '"')
        lines.append(f"{variable} = {constructor}({key_source})")
        edit = TextEdit(self.file, at, before + "\n".join(lines) + after)
        self._declared[key] = edit
        return edit


def _param_finder(positions):
    """A visitor collecting every function parameter: (line, col, name) of its name -> (the
    parameter, its function)."""
    import libcst as cst

    class ParamFinder(cst.CSTVisitor):
        def __init__(self) -> None:
            self.stack: list[cst.FunctionDef] = []
            self.params: dict[tuple[int, int, str], tuple[cst.Param, cst.FunctionDef]] = {}
            self.names: dict[int, set[str]] = {}

        def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
            self.stack.append(node)
            self.names[id(node)] = set()

        def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
            inner = self.names[id(self.stack.pop())]
            if self.stack:  # an enclosing function contains these names too
                self.names[id(self.stack[-1])].update(inner)

        def visit_Name(self, node: cst.Name) -> None:
            if self.stack:
                self.names[id(self.stack[-1])].add(node.value)

        def visit_Param(self, node: cst.Param) -> None:
            if not self.stack:
                return  # a lambda's parameter at module level
            start = positions[node.name].start
            self.params.setdefault((start.line, start.column, node.name.value), (node, self.stack[-1]))

    return ParamFinder()


def external_spec_edit(text: str, file: str, key: AssetKeyParts) -> TextEdit | None:
    """Insert `name = AssetSpec(key)` after the module's top-level imports (adding the import if the
    module does not import AssetSpec or dagster), declaring `key` as an external asset."""
    return FileEdits(text, file).external_spec(key)


def _spec_layout(text: str, source_lines: SourceLines) -> tuple[str, bool, Range, str, str] | None:
    """How this module spells AssetSpec, and where a declaration goes: (constructor, needs an import,
    insertion point, text before, text after)."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return None
    constructor = None
    last_import: ast.stmt | None = None
    for statement in tree.body:
        if isinstance(statement, ast.Import | ast.ImportFrom):
            last_import = statement
        if isinstance(statement, ast.Import):
            for alias in statement.names:
                if alias.name == "dagster":
                    constructor = constructor or f"{alias.asname or 'dagster'}.AssetSpec"
        elif isinstance(statement, ast.ImportFrom) and statement.module == "dagster" and not statement.level:
            for alias in statement.names:
                if alias.name == "AssetSpec":
                    constructor = alias.asname or "AssetSpec"
    needs_import = constructor is None
    constructor = constructor or "AssetSpec"
    anchor = last_import
    if anchor is None and tree.body:
        first = tree.body[0]
        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
            anchor = first  # after the module docstring
    if anchor is None:
        return constructor, needs_import, Range(1, 0, 1, 0), "", "\n\n"
    end_line = anchor.end_lineno or anchor.lineno
    if end_line < len(source_lines.starts):
        return constructor, needs_import, Range(end_line + 1, 0, end_line + 1, 0), "\n", "\n"
    line, col = source_lines.position(len(text))
    return constructor, needs_import, Range(line, col, line, col), "\n\n", "\n"


def _free_name(taken: set[str], name: str) -> str:
    """`name`, or `name_2`, `name_3`... : the first that is no word of the module (nor proposed before)."""
    if not name[0].isalpha() and name[0] != "_":
        name = "_" + name
    candidate, number = name, 2
    while candidate in taken:
        candidate, number = f"{name}_{number}", number + 1
    taken.add(candidate)
    return candidate
