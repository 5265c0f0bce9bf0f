"""A static interpreter: runs a module's top level over `ast` without importing anything.

It folds what can be known from source alone — literals, module constants, f-strings, concatenation,
names imported from other project modules, `for` loops and comprehensions over literal lists, factory
functions called with literal arguments (in this module or another) — and applies Dagster's
decorators and constructors as Dagster would (`dagster_api.py`). What it cannot know is an `Unknown`.

Only the module's top level and the bodies of functions it calls are interpreted; asset bodies are
never executed (they are only fingerprinted).
"""
from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from assetlens.analyzer import builtins_eval, dagster_api, stdlib_eval
from assetlens.analyzer.facts import Problem, Range
from assetlens.analyzer.positions import LineIndex
from assetlens.analyzer.values import (
    AssetsValue,
    BoundFunction,
    BoundMethod,
    BreakSignal,
    CallBudget,
    ClassValue,
    ContinueSignal,
    DagsterSymbol,
    DecoratorValue,
    DefinitionsValue,
    ExternalDecorator,
    ExternalSymbol,
    FunctionValue,
    InstanceValue,
    KeyValue,
    LoadedAssets,
    ModuleValue,
    OpValue,
    ReturnSignal,
    SourceStr,
    Unknown,
    WrapsDecorator,
)

MAX_ITERATIONS = 10_000
STATEMENT_STEPS = 100_000  # interpretation steps one top-level statement may take
FILE_STEPS = 2_000_000  # ... and a whole file
_MISSING = object()
_new_str = str.__new__
DAGSTER_MODULES = ("dagster",)
_NOT_PROJECT = frozenset(sys.stdlib_module_names) | {"dagster", "__future__"}


class Project(Protocol):
    """What the interpreter needs to know of the other modules of the workspace."""

    def resolve_module(self, name: str, near: str | None = None) -> str | None:
        """The file of project module `name` (the one closest to the importing file `near` when several
        code locations have a module of that name), else None."""

    def module_name_of(self, path: str) -> str:
        """The dotted module name of a project file."""

    def is_namespace(self, name: str) -> bool:
        """Whether `name` is a package without `__init__.py` whose submodules are in the project."""

    def scope_of(self, path: str) -> ModuleScope | None:
        """The interpreted top level of a project file (memoised; None while it is in progress)."""


@dataclass
class ModuleScope:
    """A module being (or already) interpreted: its globals and what its top level created."""

    module: str
    file: str
    is_package: bool
    source_lines: list[str]
    index: LineIndex
    content_hash: str = ""
    globals: dict[str, Any] = field(default_factory=dict)
    created: list[AssetsValue] = field(default_factory=list)
    load_calls: list[Any] = field(default_factory=list)
    definitions: list[Any] = field(default_factory=list)
    depends_on: dict[str, str] = field(default_factory=dict)  # module file -> content hash
    done: bool = False
    star_dagster: bool = False  # `from dagster import *`: unknown names are Dagster's
    path: str = ""  # the file's absolute posix path (`__file__`), when the workspace root is known

    def range(self, node: ast.AST) -> Range | None:
        return self.index.range(node)


@dataclass
class Frame:
    scope: ModuleScope
    locals: dict[str, Any] | None = None
    closure: dict[str, Any] | None = None

    def lookup(self, name: str) -> Any:
        if self.locals is not None and name in self.locals:
            return self.locals[name]
        if self.closure is not None and name in self.closure:
            return self.closure[name]
        if name in self.scope.globals:
            return self.scope.globals[name]
        if name in builtins_eval.BUILTINS:
            return builtins_eval.BUILTINS[name]
        if name == "__name__":
            return self.scope.module
        if name == "__file__" and self.scope.path:
            return self.scope.path
        if self.scope.star_dagster:
            return DagsterSymbol(name)  # `from dagster import *`
        return Unknown(f"name `{name}` is not defined statically")

    def bind(self, name: str, value: Any) -> None:
        if self.locals is not None:
            self.locals[name] = value
        else:
            self.scope.globals[name] = value


class Interpreter:
    """Interprets one module's top level (the root) and the functions it calls."""

    # node class -> the `exec_*` / `eval_*` function for it, filled on first use (`_Dispatch`)
    _executors: _Dispatch
    _evaluators: _Dispatch

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._executors, cls._evaluators = _Dispatch(cls, "exec_"), _Dispatch(cls, "eval_")  # a subclass's own methods

    def __init__(self, root: ModuleScope, project: Project) -> None:
        self.root = root
        self.project = project
        self.budget = CallBudget()
        self.call_sites: list[Range | None] = []  # root-file ranges of the calls being executed

    # ------------------------------------------------------------------ module
    def run_module(self, tree: ast.Module) -> list[Problem]:
        """Interpret every top-level statement. One that cannot be followed (too deep, too costly) is
        noted — and an asset definition in it becomes an unresolved asset, never silently dropped."""
        frame = Frame(self.root)
        notes: list[Problem] = []
        total = FILE_STEPS
        executors = self._executors
        for position, statement in enumerate(tree.body):
            # each statement has its own allowance, within the file's
            self.budget.steps = min(STATEMENT_STEPS, total) - 1  # self.exec_statement(statement, frame), inlined
            try:
                if self.budget.steps < 0:
                    raise BudgetExceeded()
                executors[statement.__class__](self, statement, frame)
            except (ReturnSignal, BreakSignal, ContinueSignal):
                continue
            except BudgetExceeded:
                if total <= STATEMENT_STEPS:
                    notes.append(Problem("AL006", "this file needs too much work to interpret statically; the rest of it is not analysed", self.root.range(statement)))
                    self._placeholders(tree.body[position:], frame)
                    break
                notes.append(Problem("AL006", "this statement needs too much work to interpret statically; it is skipped", self.root.range(statement)))
                self._placeholders([statement], frame)
            except (RecursionError, MemoryError, OverflowError) as error:
                what = "nested too deeply" if isinstance(error, RecursionError) else "too large"
                notes.append(Problem("AL006", f"this statement is {what} to interpret statically", self.root.range(statement)))
                self._placeholders([statement], frame)
            finally:
                self.call_sites.clear()
                self.budget.depth = 0
                total -= min(STATEMENT_STEPS, total) - max(self.budget.steps, 0)
        self.root.done = True
        return notes

    def _placeholders(self, statements: list[ast.stmt], frame: Frame) -> None:
        """Unresolved assets for the decorated functions of statements that could not be interpreted."""
        from assetlens.analyzer.asset_builder import placeholder_asset

        for statement in statements:
            if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)) and any(
                "asset" in _decorator_name(decorator).lower() for decorator in statement.decorator_list
            ):
                value = placeholder_asset(self, statement)
                self.root.created.append(value)
                frame.bind(statement.name, value)

    def in_root(self, frame: Frame) -> bool:
        return frame.scope is self.root and not self.call_sites

    def site_range(self, frame: Frame, node: ast.AST) -> Range | None:
        """Where, in the root file, something created by `node` should be shown."""
        if self.call_sites:
            return self.call_sites[0]
        if frame.scope is self.root:
            return frame.scope.index.range(node)
        return None

    # ------------------------------------------------------------ statements
    def exec_block(self, body: list[ast.stmt], frame: Frame) -> None:
        for statement in body:
            self.exec_statement(statement, frame)

    def exec_statement(self, node: ast.stmt, frame: Frame) -> None:
        budget = self.budget
        budget.steps -= 1
        if budget.steps < 0:
            raise BudgetExceeded()
        self._executors[node.__class__](self, node, frame)

    def exec_Expr(self, node: ast.Expr, frame: Frame) -> None:
        if isinstance(node.value, ast.Constant):
            return
        self.eval(node.value, frame)

    def exec_Assign(self, node: ast.Assign, frame: Frame) -> None:
        value = self.eval(node.value, frame)
        for target in node.targets:
            if target.__class__ is ast.Name:  # self.assign's first case, inlined
                frame.bind(target.id, value)
            else:
                self.assign(target, value, frame)

    def exec_AnnAssign(self, node: ast.AnnAssign, frame: Frame) -> None:
        if node.value is not None:
            self.assign(node.target, self.eval(node.value, frame), frame)

    def exec_AugAssign(self, node: ast.AugAssign, frame: Frame) -> None:
        if not isinstance(node.target, ast.Name):
            return
        current = frame.lookup(node.target.id)
        value = self.eval(node.value, frame)
        frame.bind(node.target.id, builtins_eval.binary(node.op, current, value))

    def assign(self, target: ast.expr, value: Any, frame: Frame) -> None:
        if isinstance(target, ast.Name):
            frame.bind(target.id, value)
        elif isinstance(target, (ast.Tuple, ast.List)):
            items = builtins_eval.iterate(value, len(target.elts))
            starred = [i for i, element in enumerate(target.elts) if isinstance(element, ast.Starred)]
            if items is None or (not starred and len(items) != len(target.elts)):
                for element in target.elts:
                    self.assign(element, Unknown("unpacking of an unknown value"), frame)
                return
            if starred:
                at = starred[0]
                after = len(target.elts) - at - 1
                head, middle, tail = items[:at], items[at : len(items) - after], items[len(items) - after :]
                for element, item in zip(target.elts[:at], head):
                    self.assign(element, item, frame)
                self.assign(target.elts[at].value, list(middle), frame)  # type: ignore[attr-defined]
                for element, item in zip(target.elts[at + 1 :], tail):
                    self.assign(element, item, frame)
                return
            for element, item in zip(target.elts, items):
                self.assign(element, item, frame)
        elif isinstance(target, ast.Subscript):
            container = self.eval(target.value, frame)
            key = self.eval(target.slice, frame)
            if isinstance(container, dict) and builtins_eval.hashable(key):
                container[key] = value
            elif container is frame.scope.globals and _defines_assets(value):
                # `globals()[name] = make_spec(name)` with a name not known statically: what it
                # defines stays reachable (unresolved), never dropped; no real name can collide
                container[f"<unknown name {len(container)}>"] = Unknown("a module name not known statically", (value,))
            elif isinstance(container, list) and isinstance(key, int) and -len(container) <= key < len(container):
                container[key] = value
        elif isinstance(target, ast.Attribute):
            owner = self.eval(target.value, frame)
            if isinstance(owner, FunctionValue):
                stdlib_eval.set_function_attribute(owner, target.attr, value)
            elif isinstance(owner, InstanceValue):
                owner.attributes[target.attr] = value

    def exec_Import(self, node: ast.Import, frame: Frame) -> None:
        for alias in node.names:
            if alias.asname:
                frame.bind(alias.asname, self.module_value(alias.name, frame))
            else:
                top = alias.name.partition(".")[0]
                frame.bind(top, self.module_value(top, frame))

    def exec_ImportFrom(self, node: ast.ImportFrom, frame: Frame) -> None:
        base = self.absolute_module(node.module, node.level, frame.scope)
        if base is None:
            for alias in node.names:
                frame.bind(alias.asname or alias.name, Unknown(f"relative import beyond the project: {alias.name}"))
            return
        dagster = base.partition(".")[0] in DAGSTER_MODULES
        path: Any = _MISSING  # the module's file, resolved once for all the names imported
        for alias in node.names:
            if alias.name == "*":
                if dagster:
                    frame.scope.star_dagster = True
                else:
                    self.import_star(base, frame)
                continue
            if dagster:
                value: Any = DagsterSymbol(alias.name)
            else:
                if path is _MISSING:
                    path = self.resolve(base, frame)
                value = self._import_resolved(base, alias.name, frame, path)
            frame.bind(alias.asname or alias.name, value)

    def import_star(self, module: str, frame: Frame) -> None:
        path = self.resolve(module, frame)
        if path is None:
            return
        scope = self.project.scope_of(path)
        if scope is None:
            return
        self.note_dependency(scope)
        exported = scope.globals.get("__all__")
        names = [str(n) for n in exported] if isinstance(exported, list) else [n for n in scope.globals if not n.startswith("_")]
        for name in names:
            if name in scope.globals:
                frame.bind(name, imported(scope.globals[name]))

    def absolute_module(self, module: str | None, level: int, scope: ModuleScope) -> str | None:
        if level == 0:
            return module or ""
        parts = scope.module.split(".") if scope.module else []
        if not scope.is_package:
            parts = parts[:-1]
        if level - 1 > len(parts):
            return None
        if level > 1:
            parts = parts[: len(parts) - (level - 1)]
        if module:
            parts = [*parts, *module.split(".")]
        return ".".join(parts)

    def resolve(self, name: str, frame: Frame) -> str | None:
        """The file of project module `name` as seen from the importing file; a miss is recorded, so
        that creating that module later re-analyses this file."""
        path = self.project.resolve_module(name, frame.scope.file)
        if path is None and name.partition(".")[0] not in _NOT_PROJECT:
            self.root.depends_on[f"module:{name}"] = ""
        return path

    def module_value(self, name: str, frame: Frame) -> Any:
        if name.partition(".")[0] in DAGSTER_MODULES:
            return ModuleValue(name, in_project=False)
        path = self.resolve(name, frame)
        if path is not None:
            return ModuleValue(self.project.module_name_of(path), in_project=True, path=path)
        if self.project.is_namespace(name):
            return ModuleValue(name, in_project=True)  # a namespace package: its submodules resolve
        return ModuleValue(name, in_project=False)

    def import_name(self, module: str, name: str, frame: Frame, path: str | None = None) -> Any:
        """`from module import name` (or `module.name` on a project module)."""
        if module.partition(".")[0] in DAGSTER_MODULES:
            return DagsterSymbol(name)
        return self._import_resolved(module, name, frame, path or self.resolve(module, frame))

    def _import_resolved(self, module: str, name: str, frame: Frame, path: str | None) -> Any:
        """`from module import name` once the file of (project) `module` is known (None: none is)."""
        if path is None:
            submodule = self.resolve(f"{module}.{name}", frame) if self.project.is_namespace(module) else None
            if submodule is not None:
                return ModuleValue(self.project.module_name_of(submodule), in_project=True, path=submodule)
            return ExternalSymbol(module, name)
        scope = self.project.scope_of(path)
        if scope is not None and name in scope.globals:
            self.note_dependency(scope)
            return imported(scope.globals[name])
        submodule = self.project.resolve_module(f"{self.project.module_name_of(path)}.{name}", frame.scope.file)
        if submodule is not None:
            return ModuleValue(self.project.module_name_of(submodule), in_project=True, path=submodule)
        if scope is None:
            return Unknown(f"`{module}` imports this module back (import cycle) before defining `{name}`")
        self.note_dependency(scope)
        return Unknown(f"`{module}` defines no `{name}` statically")

    def note_dependency(self, scope: ModuleScope) -> None:
        if scope is not self.root:
            self.root.depends_on[scope.file] = scope.content_hash
            self.root.depends_on.update(scope.depends_on)

    def exec_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef, frame: Frame) -> None:
        closure = None
        if frame.locals is not None:
            closure = {**(frame.closure or {}), **frame.locals}
        value: Any = FunctionValue(node, frame.scope, closure)
        names = frame.locals if frame.locals is not None else frame.scope.globals  # frame.bind
        names[node.name] = value  # visible to its own decorators' arguments? no, but to recursion
        for decorator in reversed(node.decorator_list):
            value = self.apply_decorator(decorator, value, node, frame)
        names[node.name] = value

    exec_AsyncFunctionDef = exec_FunctionDef

    def exec_ClassDef(self, node: ast.ClassDef, frame: Frame) -> None:
        bases = [self.eval(base, frame) for base in node.bases]
        value = ClassValue(node.name, bases, is_resource=builtins_eval.is_resource_class(bases))
        value.defined = frozenset(
            statement.name for statement in node.body if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef))
        )
        value.class_node = node  # integrations evaluate a dbt translator subclass's methods (python_hooks)
        named_tuple = len(bases) == 1 and isinstance(bases[0], ExternalSymbol) and (bases[0].module, bases[0].name) in (("typing", "NamedTuple"), ("typing_extensions", "NamedTuple"))
        dataclass = not node.bases and len(node.decorator_list) == 1 and _is_dataclass_decorator(node.decorator_list[0])
        plain = all(isinstance(base, ast.Name) and base.id == "object" for base in node.bases) and not node.decorator_list
        if (plain or dataclass or named_tuple) and not node.keywords:
            # a plain class (a class-based decorator, a small helper) or a record (dataclass,
            # NamedTuple): its class-level names, fields and plain methods can be followed
            value.plain = True
            value.tuple_like = named_tuple
            closure = {**(frame.closure or {}), **frame.locals} if frame.locals is not None else None
            body = Frame(frame.scope, value.attributes, closure)
            fields: list[tuple[str, Any]] = []
            for statement in node.body:
                if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)) and not statement.decorator_list:
                    value.methods[statement.name] = FunctionValue(statement, frame.scope, closure)
                elif isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)) and len(statement.decorator_list) == 1 and _text(statement.decorator_list[0]) in ("staticmethod", "classmethod"):
                    # a factory class's static and class methods: looked up on the class or an
                    # instance, a static method is the plain function, a class method gets the class
                    function = FunctionValue(statement, frame.scope, closure)
                    static = _text(statement.decorator_list[0]) == "staticmethod"
                    value.attributes[statement.name] = function if static else BoundFunction(function, value)
                elif isinstance(statement, ast.Assign):
                    self.exec_Assign(statement, body)
                elif isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
                    if "ClassVar" in _text(statement.annotation):
                        self.exec_AnnAssign(statement, body)
                        continue
                    default = _NO_DEFAULT if statement.value is None else self.eval(statement.value, body)
                    if dataclass and isinstance(statement.value, ast.Call) and _text(statement.value.func).split(".")[-1] == "field":
                        default = self._dataclass_field_default(statement.value, body)
                    fields.append((statement.target.id, default))
                    if default is not _NO_DEFAULT:
                        value.attributes[statement.target.id] = default
            if dataclass or named_tuple:
                value.fields = fields
        frame.bind(node.name, value)

    def _dataclass_field_default(self, call: ast.Call, frame: Frame) -> Any:
        for keyword in call.keywords:
            if keyword.arg == "default":
                return self.eval(keyword.value, frame)
            if keyword.arg == "default_factory":
                factory = self.eval(keyword.value, frame)
                return self.call_value(factory, [], {}, call, frame)
        return _NO_DEFAULT

    def exec_For(self, node: ast.For, frame: Frame) -> None:
        iterable = self.eval(node.iter, frame)
        items = builtins_eval.iterate(iterable)
        if items is None:
            # the body may run any number of times, or none: followed once, as an undecided branch
            self.assign(node.target, Unknown("loop variable over an unknown iterable"), frame)
            self._exec_undecided([node.body, []], f"a loop over `{_text(node.iter)}`, which is not known statically", frame, loop=True)
            return
        for item in items[:MAX_ITERATIONS]:
            self.assign(node.target, item, frame)
            try:
                self.exec_block(node.body, frame)
            except BreakSignal:
                return
            except ContinueSignal:
                continue
        self.exec_block(node.orelse, frame)

    exec_AsyncFor = exec_For

    def exec_If(self, node: ast.If, frame: Frame) -> None:
        if _is_main_guard(node.test) or _is_type_checking(node.test):
            return
        test = self.eval(node.test, frame)
        truth = builtins_eval.truth(test)
        if truth is True:
            self.exec_block(node.body, frame)
        elif truth is False:
            self.exec_block(node.orelse, frame)
        else:
            self._exec_undecided_if(node, test, frame)

    def _exec_undecided_if(self, node: ast.If, test: Any, frame: Frame) -> None:
        """A branch that cannot be decided: both ways are followed, each from the same state. A name
        they bind differently is unknown afterwards; when a way returns, what the function returns is
        only known if every way returns the same value — never the first `return` met. A way that
        ends in `raise` is not taken (the code loads, so it was not)."""
        reason = test.reason if isinstance(test, Unknown) else f"`{_text(node.test)}` is not known statically"
        self._exec_undecided([node.body, node.orelse], reason, frame)

    def _exec_undecided(self, blocks: list[list[ast.stmt]], reason: str, frame: Frame, loop: bool = False) -> None:
        blocks = [block for block in blocks if not (block and isinstance(block[-1], ast.Raise))]
        if len(blocks) <= 1:
            if blocks:
                self._exec_loop_body(blocks[0], frame) if loop else self.exec_block(blocks[0], frame)
            return
        namespace = frame.locals if frame.locals is not None else frame.scope.globals
        before = dict(namespace)
        outcomes: list[tuple[dict[str, Any], Exception | None]] = []
        for block in blocks:
            namespace.clear()
            namespace.update(before)
            signal: Exception | None = None
            try:
                self._exec_loop_body(block, frame) if loop else self.exec_block(block, frame)
            except (ReturnSignal, BreakSignal, ContinueSignal) as raised:
                signal = raised
            outcomes.append((dict(namespace), signal))
        namespace.clear()
        namespace.update(_merge_bindings([bindings for bindings, _ in outcomes], reason))
        returns = [signal for _, signal in outcomes if isinstance(signal, ReturnSignal)]
        if returns:
            first = returns[0].value
            if len(returns) == len(outcomes) and all(_same_value(first, other.value) for other in returns[1:]):
                raise ReturnSignal(first)
            text = f"the value depends on a condition that cannot be decided statically ({reason})"
            if any(_defines_assets(signal.value) for signal in returns):
                # one way returns a definition (an asset, a spec): what the call defines is unknown —
                # kept as one unresolved definition, never silently dropped (and never two guesses)
                from assetlens.analyzer.asset_builder import conditional_placeholder

                raise ReturnSignal(Unknown(text, (conditional_placeholder(self, text),)))
            raise ReturnSignal(Unknown(text))
        signals = {type(signal) for _, signal in outcomes}
        if len(signals) == 1 and outcomes[0][1] is not None:
            raise outcomes[0][1]

    def _exec_loop_body(self, block: list[ast.stmt], frame: Frame) -> None:
        """A loop body that may run or not: its `break`/`continue` stay inside it."""
        try:
            self.exec_block(block, frame)
        except (BreakSignal, ContinueSignal):
            pass

    def exec_Match(self, node: ast.Match, frame: Frame) -> None:
        """`match`: a case decided by a known subject runs alone; from the first case that cannot be
        decided, every remaining case (and no case at all, without a wildcard) is an undecided way."""
        subject = self.eval(node.subject, frame)
        ways: list[list[ast.stmt]] = []
        for case in node.cases:
            verdict = _case_matches(case.pattern, subject) if case.guard is None else None
            if verdict is False and not ways:
                continue
            if verdict is True and not ways:
                if isinstance(case.pattern, ast.MatchAs) and case.pattern.name:
                    frame.bind(case.pattern.name, subject)
                self.exec_block(case.body, frame)
                return
            if isinstance(case.pattern, ast.MatchAs) and case.pattern.name:
                ways.append([ast.Assign(targets=[ast.Name(case.pattern.name, ast.Store())], value=node.subject, lineno=0, col_offset=0), *case.body])
            else:
                ways.append(case.body)
            if verdict is True:
                break  # a wildcard: some case runs
        else:
            ways.append([])  # no case matched
        self._exec_undecided(ways, f"`match {_text(node.subject)}` is not decided statically", frame)

    def exec_While(self, node: ast.While, frame: Frame) -> None:
        truth = builtins_eval.truth(self.eval(node.test, frame))
        if truth is False:
            self.exec_block(node.orelse, frame)
            return
        # how often it runs is not followed: its body may run or not
        self._exec_undecided([node.body, []], f"a `while {_text(node.test)}` loop", frame, loop=True)

    def exec_With(self, node: ast.With, frame: Frame) -> None:
        self.exec_block(node.body, frame)

    exec_AsyncWith = exec_With

    def exec_Try(self, node: ast.Try, frame: Frame) -> None:
        """`try`: whether its body raises is not known statically, so the body (then `else`) and each
        handler are undecided ways, as for a branch: a name they bind differently is unknown
        afterwards, a handler that ends in `raise` is not taken (the code loads). `finally` runs after."""
        ways = [[*node.body, *node.orelse], *(handler.body for handler in node.handlers)]
        try:
            self._exec_undecided(ways, f"whether the `try` at line {node.lineno} raises is not known statically", frame)
        except (ReturnSignal, BreakSignal, ContinueSignal):
            self.exec_block(node.finalbody, frame)
            raise
        self.exec_block(node.finalbody, frame)

    exec_TryStar = exec_Try

    def exec_Return(self, node: ast.Return, frame: Frame) -> None:
        raise ReturnSignal(self.eval(node.value, frame) if node.value is not None else None)

    def exec_Break(self, node: ast.Break, frame: Frame) -> None:
        raise BreakSignal()

    def exec_Continue(self, node: ast.Continue, frame: Frame) -> None:
        raise ContinueSignal()

    def exec_Delete(self, node: ast.Delete, frame: Frame) -> None:
        for target in node.targets:
            if isinstance(target, ast.Name):
                if frame.locals is not None:
                    frame.locals.pop(target.id, None)
                else:
                    frame.scope.globals.pop(target.id, None)

    # ------------------------------------------------------------ decorators
    def apply_decorator(self, decorator: ast.expr, target: Any, node: ast.FunctionDef | ast.AsyncFunctionDef, frame: Frame) -> Any:
        value = self.eval(decorator, frame)
        if isinstance(value, DagsterSymbol):
            value = DecoratorValue(value.name, {}, [], frame.scope.index.range(decorator))
        if isinstance(value, DecoratorValue):
            return dagster_api.apply_decorator(self, value, target, node, decorator, frame)
        if isinstance(value, ExternalSymbol) and value.defines_assets:
            value = ExternalDecorator(value, frame.scope.index.range(decorator))
        if isinstance(value, ExternalDecorator) and isinstance(target, FunctionValue):
            return dagster_api.apply_external_decorator(self, value, target, decorator, frame)
        return self.decorate(value, target, decorator, frame)

    def decorate(self, value: Any, target: Any, decorator: ast.expr, frame: Frame) -> Any:
        """A decorator that is not Dagster's, applied as Python does: `functools.wraps(fn)`, project
        decorators (pass-through, wrappers, factories applying a Dagster decorator inside), class-based
        ones. One that cannot be followed leaves the function marked unresolved: its name and
        signature are then only what a `functools.wraps` decorator would keep."""
        if isinstance(value, WrapsDecorator):
            return stdlib_eval.apply_wraps(value.wrapped, target)
        if stdlib_eval.keeps_function(value):
            return target
        if isinstance(value, (FunctionValue, BoundFunction, InstanceValue, ClassValue, stdlib_eval.Partial)):
            created = len(self.root.created)
            result = self.call_value(value, [target], {}, decorator, frame)
            if not isinstance(result, Unknown) and result is not None:
                return result
            reason = result.reason if isinstance(result, Unknown) else "it returns None"
            made = self.root.created[created:]
            # the assets the decorator really defined stand for the call (not the placeholder of a branch)
            made = [value for value in made if any(draft.node for draft in value.drafts)] or made
            if made:
                # the decorator defined assets, but what it returns is not known (a branch it cannot
                # decide): they are kept, unresolved, rather than lost with the unknown result
                for definition in made:
                    for draft in definition.drafts:
                        draft.unresolved.append(f"decorator `{_text(decorator)}` returns a value not known statically ({reason})")
                return made[-1] if len(made) == 1 else Unknown(reason, tuple(made))
        elif isinstance(value, Unknown):
            reason = value.reason
        else:
            reason = "it is not a function the analyzer can follow"
        if isinstance(target, FunctionValue):
            copy = FunctionValue(target.node, target.scope, target.closure, target.runs, target.name_as)
            copy.unresolved = f"decorator `{_text(decorator)}` is not followed statically ({reason})"
            return copy
        return target

    # ------------------------------------------------------------ expressions
    def eval(self, node: ast.expr | None, frame: Frame) -> Any:
        return self._evaluators[node.__class__](self, node, frame)  # None evaluates to None

    def eval_Constant(self, node: ast.Constant, frame: Frame) -> Any:
        value = node.value
        if isinstance(value, str):
            scope = frame.scope
            if scope is self.root:
                # SourceStr.at, inlined (one per string literal): the range is computed when read
                text = _new_str(SourceStr, value)
                text._index = scope.index
                text._node = node
                text.in_root = not self.call_sites
                text.file = scope.file
                return text
            return SourceStr(value, None, False, scope.file)
        return value

    def eval_Name(self, node: ast.Name, frame: Frame) -> Any:
        # Frame.lookup, inlined for the common cases (one call fewer per name)
        name = node.id
        names = frame.locals
        if names is not None and name in names:
            return names[name]
        names = frame.scope.globals
        if frame.closure is None and name in names:
            return names[name]
        return frame.lookup(name)

    def eval_JoinedStr(self, node: ast.JoinedStr, frame: Frame) -> Any:
        pieces: list[str] = []
        for part in node.values:
            if isinstance(part, ast.Constant):
                pieces.append(str(part.value))
                continue
            assert isinstance(part, ast.FormattedValue)
            value = self.eval(part.value, frame)
            spec = self.eval(part.format_spec, frame) if part.format_spec is not None else ""
            text = builtins_eval.format_value(value, part.conversion, spec)
            if isinstance(text, Unknown):
                return Unknown(f"f-string part `{_text(part.value)}` is not known statically")
            pieces.append(text)
        return "".join(pieces)

    def eval_BinOp(self, node: ast.BinOp, frame: Frame) -> Any:
        return builtins_eval.binary(node.op, self.eval(node.left, frame), self.eval(node.right, frame))

    def eval_UnaryOp(self, node: ast.UnaryOp, frame: Frame) -> Any:
        return builtins_eval.unary(node.op, self.eval(node.operand, frame))

    def eval_BoolOp(self, node: ast.BoolOp, frame: Frame) -> Any:
        result: Any = None
        for value_node in node.values:
            result = self.eval(value_node, frame)
            truth = builtins_eval.truth(result)
            if truth is None:
                return Unknown("boolean expression over unknown values")
            if isinstance(node.op, ast.And) and not truth:
                return result
            if isinstance(node.op, ast.Or) and truth:
                return result
        return result

    def eval_Compare(self, node: ast.Compare, frame: Frame) -> Any:
        left = self.eval(node.left, frame)
        for op, right_node in zip(node.ops, node.comparators):
            right = self.eval(right_node, frame)
            outcome = builtins_eval.compare(op, left, right)
            if outcome is not True:
                return outcome
            left = right
        return True

    def eval_IfExp(self, node: ast.IfExp, frame: Frame) -> Any:
        truth = builtins_eval.truth(self.eval(node.test, frame))
        if truth is None:
            return Unknown(f"`{_text(node.test)}` is not known statically")
        return self.eval(node.body if truth else node.orelse, frame)

    def eval_List(self, node: ast.List, frame: Frame) -> Any:
        return self.eval_elements(node.elts, frame)

    def eval_Tuple(self, node: ast.Tuple, frame: Frame) -> Any:
        items = self.eval_elements(node.elts, frame)
        return tuple(items) if isinstance(items, list) else items

    def eval_Set(self, node: ast.Set, frame: Frame) -> Any:
        # sets keep source order here: Dagster sorts or de-duplicates where it matters
        items = self.eval_elements(node.elts, frame)
        return _unique(items) if isinstance(items, list) else items

    def eval_elements(self, elements: list[ast.expr], frame: Frame) -> Any:
        evaluators = self._evaluators
        result: list[Any] = []
        for element in elements:
            if element.__class__ is not ast.Starred:
                result.append(evaluators[element.__class__](self, element, frame))
            else:
                value = self.eval(element.value, frame)
                items = builtins_eval.iterate(value)
                if items is None and isinstance(value, LoadedAssets):
                    result.append(value)  # `[*load_assets_from_modules(...)]`: what a Definitions loads
                elif items is None:
                    held = value.holds if isinstance(value, Unknown) else ()
                    result.append(Unknown(f"`*{_text(element.value)}` is not known statically", held))
                else:
                    result.extend(items)
        return result

    def eval_Dict(self, node: ast.Dict, frame: Frame) -> Any:
        evaluators = self._evaluators
        hashable = builtins_eval.hashable
        result: dict[Any, Any] = {}
        for key_node, value_node in zip(node.keys, node.values):
            if key_node is None:
                other = self.eval(value_node, frame)
                if isinstance(other, dict):
                    result.update(other)
                else:
                    return Unknown(f"`**{_text(value_node)}` is not known statically")
                continue
            key = evaluators[key_node.__class__](self, key_node, frame)
            if key.__class__ is not SourceStr and not hashable(key):
                return Unknown(f"dictionary key `{_text(key_node)}` is not known statically")
            result[key] = evaluators[value_node.__class__](self, value_node, frame)
        return result

    def eval_ListComp(self, node: ast.ListComp, frame: Frame) -> Any:
        items = self.comprehension(node.generators, frame, lambda inner: self.eval(node.elt, inner))
        return items

    def eval_SetComp(self, node: ast.SetComp, frame: Frame) -> Any:
        items = self.comprehension(node.generators, frame, lambda inner: self.eval(node.elt, inner))
        return _unique(items) if isinstance(items, list) else items

    def eval_GeneratorExp(self, node: ast.GeneratorExp, frame: Frame) -> Any:
        return self.comprehension(node.generators, frame, lambda inner: self.eval(node.elt, inner))

    def eval_DictComp(self, node: ast.DictComp, frame: Frame) -> Any:
        pairs = self.comprehension(
            node.generators, frame, lambda inner: (self.eval(node.key, inner), self.eval(node.value, inner))
        )
        if isinstance(pairs, Unknown):
            return pairs
        result: dict[Any, Any] = {}
        for key, value in pairs:
            if not builtins_eval.hashable(key):
                return Unknown("dictionary comprehension with unknown keys")
            result[key] = value
        return result

    def comprehension(self, generators: list[ast.comprehension], frame: Frame, produce: Any) -> Any:
        inner = Frame(frame.scope, dict(frame.locals or {}), frame.closure)
        results: list[Any] = []

        def walk(level: int) -> bool:
            if level == len(generators):
                results.append(produce(inner))
                return True
            generator = generators[level]
            items = builtins_eval.iterate(self.eval(generator.iter, inner))
            if items is None:
                # what one element would be, with unknown loop variables: a definition made there is
                # kept (unresolved) instead of vanishing with the unknown collection
                self.assign(generator.target, Unknown("comprehension variable over an unknown iterable"), inner)
                walk(level + 1)
                return False
            for item in items[:MAX_ITERATIONS]:
                self.budget.steps -= 1
                if self.budget.steps < 0:
                    raise BudgetExceeded()
                self.assign(generator.target, item, inner)
                conditions = [builtins_eval.truth(self.eval(test, inner)) for test in generator.ifs]
                if any(condition is None for condition in conditions):
                    return False
                if all(conditions) and not walk(level + 1):
                    return False
            return True

        if not walk(0):
            held = tuple(value for value in results if not isinstance(value, Unknown) or value.holds)
            return Unknown("comprehension over values that are not known statically", held)
        return results

    def eval_Subscript(self, node: ast.Subscript, frame: Frame) -> Any:
        container = self.eval(node.value, frame)
        if isinstance(container, ExternalSymbol):  # os.environ[...] (assetlens.analyzer.environment)
            from assetlens.analyzer import environment

            value = environment.subscript(self, container, self.eval(node.slice, frame))
            if value is not environment.NOT_ENVIRONMENT:
                return value
        if isinstance(node.slice, ast.Slice):
            bounds = [self.eval(part, frame) if part is not None else None for part in (node.slice.lower, node.slice.upper, node.slice.step)]
            return builtins_eval.slice_value(container, *bounds)
        return builtins_eval.subscript(container, self.eval(node.slice, frame))

    def eval_Starred(self, node: ast.Starred, frame: Frame) -> Any:
        return self.eval(node.value, frame)

    def eval_Attribute(self, node: ast.Attribute, frame: Frame) -> Any:
        value = node.value
        target = self._evaluators[value.__class__](self, value, frame)
        name = node.attr
        # (the value kinds tested below are distinct classes: the order of the tests is only for speed)
        if isinstance(target, ModuleValue):
            if not target.in_project:
                if target.name.partition(".")[0] in DAGSTER_MODULES:
                    return DagsterSymbol(name)
                return ExternalSymbol(target.name, name)
            return self.import_name(target.name, name, frame, target.path)
        if isinstance(target, DagsterSymbol):
            return DagsterSymbol(f"{target.name}.{name}")
        if isinstance(target, Unknown) and target.holds:
            # `specs.values` of an unknown dict that holds definitions: they stay held
            return Unknown(target.reason, target.holds)
        if isinstance(target, ExternalSymbol):
            return ExternalSymbol(target.module, f"{target.name}.{name}")
        if isinstance(target, FunctionValue):
            return stdlib_eval.function_attribute(target, name)
        if isinstance(target, InstanceValue):
            if name in target.attributes:
                return target.attributes[name]
            if name in target.cls.methods:
                return BoundFunction(target.cls.methods[name], target)
            if name in target.cls.attributes:
                return target.cls.attributes[name]
            if target.wrapped is not None and name in ("__name__", "__doc__", "__module__", "__qualname__"):
                return stdlib_eval.function_attribute(target.wrapped, name)
            return Unknown(f"attribute `{name}` of a `{target.cls.name}` is not known statically")
        if isinstance(target, ClassValue) and name in target.methods:
            return target.methods[name]
        if isinstance(target, ClassValue) and name in target.attributes:
            return target.attributes[name]
        attribute = dagster_api.attribute(target, name)
        if attribute is not None:
            return attribute
        return builtins_eval.attribute(target, name)

    def eval_Call(self, node: ast.Call, frame: Frame) -> Any:
        if isinstance(node.func, ast.Name) and node.func.id == "globals" and not node.args and "globals" not in frame.scope.globals:
            return frame.scope.globals  # `globals()[name] = make_asset(name)`
        evaluators = self._evaluators  # self.eval, inlined: one call fewer per argument
        function = evaluators[node.func.__class__](self, node.func, frame)
        args: list[Any] = []
        for argument in node.args:
            if argument.__class__ is ast.Starred:
                items = builtins_eval.iterate(self.eval(argument.value, frame))
                if items is None:
                    return Unknown(f"`*{_text(argument.value)}` is not known statically")
                args.extend(items)
            else:
                args.append(evaluators[argument.__class__](self, argument, frame))
        kwargs: dict[str, Any] = {}
        for keyword in node.keywords:
            name = keyword.arg
            value = keyword.value
            if name is None:
                extra = evaluators[value.__class__](self, value, frame)
                if not isinstance(extra, dict):
                    return Unknown(f"`**{_text(value)}` is not known statically")
                kwargs.update({str(k): v for k, v in extra.items()})
            else:
                kwargs[name] = evaluators[value.__class__](self, value, frame)
        if function.__class__ is DagsterSymbol:  # the most common callee, before call_value's tests
            return dagster_api.call(self, function, args, kwargs, node, frame)
        return self.call_value(function, args, kwargs, node, frame)

    def call_value(self, function: Any, args: list[Any], kwargs: dict[str, Any], node: ast.AST, frame: Frame) -> Any:
        """Call a value the interpreter knows with evaluated arguments, as Python would."""
        if isinstance(function, DagsterSymbol):
            return dagster_api.call(self, function, args, kwargs, node, frame)
        if isinstance(function, Unknown) and function.holds:
            return Unknown(function.reason, function.holds)
        if isinstance(function, FunctionValue):
            return self.call_function(function, args, kwargs, node, frame)
        if isinstance(function, OpValue):
            return dagster_api.call_op(self, function, args, kwargs)
        if isinstance(function, AssetsValue):
            return Unknown("calling an asset definition directly")
        if isinstance(function, BoundMethod):
            return dagster_api.call_method(self, function, args, kwargs, node, frame)
        if callable(function) and getattr(function, "_static_builtin", False):
            return builtins_eval.call_static(function, args, kwargs, lambda callee, *values: self.call_value(callee, list(values), {}, node, frame))
        if isinstance(function, BoundFunction):
            return self.call_function(function.function, [function.instance, *args], kwargs, node, frame)
        if isinstance(function, ClassValue):
            return self.instantiate(function, args, kwargs, node, frame)
        if isinstance(function, InstanceValue):
            method = function.cls.methods.get("__call__")
            if method is None:
                return Unknown(f"a `{function.cls.name}` is not callable statically")
            return self.call_function(method, [function, *args], kwargs, node, frame)
        if isinstance(function, WrapsDecorator):
            if len(args) == 1 and not kwargs:
                return stdlib_eval.apply_wraps(function.wrapped, args[0])
            return Unknown("functools.wraps(...) applied to unexpected arguments")
        if isinstance(function, stdlib_eval.Partial):
            return self.call_value(function.function, [*function.args, *args], {**function.kwargs, **kwargs}, node, frame)
        if isinstance(function, stdlib_eval.KeepingDecorator):
            return args[0] if len(args) == 1 and not kwargs else Unknown(f"{function.name}(...) applied to unexpected arguments")
        if isinstance(function, DecoratorValue):
            # `asset(name="x")(compute)`: the decorator applied by hand
            if len(args) == 1 and isinstance(args[0], FunctionValue):
                return dagster_api.apply_decorator(self, function, args[0], args[0].node, node, frame)
            if len(args) == 1 and isinstance(args[0], InstanceValue) and args[0].wrapped is not None:
                return dagster_api.apply_decorator(self, function, args[0], args[0].wrapped.node, node, frame)
            return Unknown(f"`{_callee(node)}(...)` applied to a value that is not a function")
        if isinstance(function, ExternalDecorator):
            if len(args) == 1 and isinstance(args[0], FunctionValue):
                return dagster_api.apply_external_decorator(self, function, args[0], node, frame)
            return Unknown(f"`{_callee(node)}(...)` applied to a value that is not a function")
        if isinstance(function, ExternalSymbol):
            return dagster_api.call_external(self, function, args, kwargs, node, frame)
        return Unknown(f"`{_callee(node)}(...)` cannot be evaluated statically")

    def instantiate(self, cls: ClassValue, args: list[Any], kwargs: dict[str, Any], node: ast.AST, frame: Frame) -> Any:
        """An instance of a plain project class, with what its `__init__` sets."""
        if not cls.plain:
            from assetlens.analyzer.integrations import python_hooks

            translator = python_hooks.translator_instance(cls)  # a DagsterDbtTranslator subclass
            if translator is not None:
                return translator
            return Unknown(f"`{cls.name}(...)` cannot be evaluated statically")
        instance = InstanceValue(cls)
        init = cls.methods.get("__init__")
        if cls.fields is not None and (init is None or cls.tuple_like):
            # the __init__ a dataclass or NamedTuple generates
            names = [name for name, _ in cls.fields]
            if len(args) > len(names) or any(key not in names for key in kwargs):
                return Unknown(f"`{cls.name}(...)` is called with arguments it does not take")
            for (name, default), position in zip(cls.fields, range(len(names))):
                if position < len(args):
                    instance.attributes[name] = args[position]
                elif name in kwargs:
                    instance.attributes[name] = kwargs[name]
                elif default is not _NO_DEFAULT:
                    instance.attributes[name] = default
                else:
                    return Unknown(f"`{cls.name}(...)` is called without `{name}`")
            post_init = cls.methods.get("__post_init__")
            if post_init is not None:
                self.call_function(post_init, [instance], {}, node, frame)
            return instance
        if init is not None:
            result = self.call_function(init, [instance, *args], kwargs, node, frame)
            if isinstance(result, Unknown) and "do not match" in result.reason:
                return result
        elif args or kwargs:
            return Unknown(f"`{cls.name}(...)` is called with arguments it does not take")
        return instance

    def call_function(self, function: FunctionValue, args: list[Any], kwargs: dict[str, Any], node: ast.AST, frame: Frame) -> Any:
        """Interpret a project function (a factory) called with known arguments."""
        if self.budget.depth >= self.budget.max_depth:
            return Unknown(f"`{function.name}` calls itself too deeply to follow")
        self.budget.steps -= 1
        if self.budget.steps < 0:
            raise BudgetExceeded()
        function = function.body  # after functools.wraps, the wrapper runs
        definition = function.node
        local: dict[str, Any] = {}
        if not _bind_arguments(self, definition.args, args, kwargs, local, function):
            return Unknown(f"`{function.name}(...)` is called with arguments that do not match its parameters")
        self.call_sites.append(self.site_range(frame, node))
        self.budget.depth += 1
        if function.scope is not self.root:
            self.note_dependency(function.scope)
        inner = Frame(function.scope, local, function.closure)
        try:
            if isinstance(definition, ast.Lambda):
                return self.eval(definition.body, inner)
            self.exec_block(definition.body, inner)
        except ReturnSignal as returned:
            return returned.value
        except (BreakSignal, ContinueSignal):
            return None
        finally:
            self.budget.depth -= 1
            self.call_sites.pop()
        return None

    def eval_Lambda(self, node: ast.Lambda, frame: Frame) -> Any:
        closure = {**(frame.closure or {}), **frame.locals} if frame.locals is not None else None
        return FunctionValue(node, frame.scope, closure)  # type: ignore[arg-type]

    def eval_NamedExpr(self, node: ast.NamedExpr, frame: Frame) -> Any:
        value = self.eval(node.value, frame)
        self.assign(node.target, value, frame)
        return value


def _same_value(a: Any, b: Any) -> bool:
    """Whether two values are certainly the same (plain data, keys, or the same object)."""
    if a is b:
        return True
    if isinstance(a, str) and isinstance(b, str):
        return str(a) == str(b)
    if isinstance(a, KeyValue) and isinstance(b, KeyValue):
        return a.parts == b.parts
    if isinstance(a, (DagsterSymbol, ExternalSymbol)) and type(a) is type(b):
        return a == b  # `from dagster import X` on one way, `from dagster._core... import X` on the other
    if builtins_eval.is_plain(a) and builtins_eval.is_plain(b) and type(a) is type(b):
        return bool(a == b)
    return False


# values that define something: a way through that binds one keeps it (its assets exist either way)
_DEFINITIONS = (AssetsValue, DefinitionsValue, FunctionValue, ClassValue, OpValue, ModuleValue, LoadedAssets)


def _merge_bindings(ways: list[dict[str, Any]], reason: str) -> dict[str, Any]:
    """The names after an undecided branch: what every way agrees on; a name bound differently (or
    only on some ways) is unknown — a definition keeps the last way's, as before."""
    merged: dict[str, Any] = {}
    names = dict.fromkeys(name for way in ways for name in way)
    for name in names:
        values = [way[name] for way in ways if name in way]
        first = values[0]
        if len(values) == len(ways) and all(_same_value(first, other) for other in values[1:]):
            merged[name] = first
        elif all(isinstance(value, FunctionValue) for value in values):
            # `def wrapper` written on both ways (sync and async, say): the same name and signature
            # is all Dagster reads; a different one makes the function unresolved
            last = values[-1]
            if len(values) < len(ways) or len({(value.name, ast.dump(value.node.args)) for value in values}) > 1:
                last = FunctionValue(last.node, last.scope, last.closure, last.runs, last.name_as,
                                     f"`{name}` is defined differently depending on a condition that cannot be decided statically ({reason})")
            merged[name] = last
        elif isinstance(values[-1], _DEFINITIONS):
            merged[name] = values[-1]
            if isinstance(values[-1], AssetsValue):
                # defined only on some ways, or differently: it exists as written only if that way runs
                for draft in values[-1].drafts:
                    draft.unresolved.append(f"`{name}` is defined only on one way of a condition that cannot be decided statically ({reason})")
        else:
            # definitions made on some way (specs in a list, say) stay reachable, unresolved
            held = tuple(value for value in values if _defines_assets(value))
            merged[name] = Unknown(f"`{name}` depends on a condition that cannot be decided statically ({reason})", held)
    return merged


class _Dispatch(dict):
    """Node class -> the interpreter's `exec_*` / `eval_*` function for it, looked up by name the
    first time a class is met. A statement it does not interpret does nothing; an expression it
    cannot evaluate is an `Unknown`; `None` (an absent child) evaluates to `None`."""

    def __init__(self, owner: type, prefix: str) -> None:
        super().__init__()
        self.owner = owner
        self.prefix = prefix

    def __missing__(self, kind: type) -> Any:
        method = getattr(self.owner, f"{self.prefix}{kind.__name__}", None)
        if method is None:
            if self.prefix == "exec_":
                method = _skip_statement
            elif kind is type(None):
                method = _evaluate_none
            else:
                method = _not_evaluated
        self[kind] = method
        return method


def _skip_statement(interpreter: Interpreter, node: ast.stmt, frame: Frame) -> None:
    return None


def _evaluate_none(interpreter: Interpreter, node: None, frame: Frame) -> None:
    return None


def _not_evaluated(interpreter: Interpreter, node: ast.expr, frame: Frame) -> Unknown:
    return Unknown(f"`{_text(node)}` cannot be evaluated statically")


Interpreter._executors = _Dispatch(Interpreter, "exec_")
Interpreter._evaluators = _Dispatch(Interpreter, "eval_")


class BudgetExceeded(Exception):
    """The module asked for more interpretation than one file may cost."""


def _bind_arguments(
    interpreter: Interpreter,
    spec: ast.arguments,
    args: list[Any],
    kwargs: dict[str, Any],
    local: dict[str, Any],
    function: FunctionValue,
) -> bool:
    positional = [*spec.posonlyargs, *spec.args]
    defaults = [None] * (len(positional) - len(spec.defaults)) + list(spec.defaults)
    frame = Frame(function.scope, None, function.closure)
    remaining = dict(kwargs)
    for index, parameter in enumerate(positional):
        if index < len(args):
            local[parameter.arg] = args[index]
        elif parameter.arg in remaining:
            local[parameter.arg] = remaining.pop(parameter.arg)
        elif defaults[index] is not None:
            local[parameter.arg] = interpreter.eval(defaults[index], frame)
        else:
            return False
    if len(args) > len(positional):
        if spec.vararg is None:
            return False
        local[spec.vararg.arg] = tuple(args[len(positional) :])
    elif spec.vararg is not None:
        local[spec.vararg.arg] = ()
    for parameter, default in zip(spec.kwonlyargs, spec.kw_defaults):
        if parameter.arg in remaining:
            local[parameter.arg] = remaining.pop(parameter.arg)
        elif default is not None:
            local[parameter.arg] = interpreter.eval(default, frame)
        else:
            return False
    if remaining:
        if spec.kwarg is None:
            return False
        local[spec.kwarg.arg] = remaining
    elif spec.kwarg is not None:
        local[spec.kwarg.arg] = {}
    return True


def imported(value: Any, depth: int = 0) -> Any:
    """A value as another module sees it: its literals were written elsewhere, so they carry no
    range of this file and cannot be edited from it (a rename or a version bump must not touch them)."""
    if isinstance(value, SourceStr):
        return str(value)
    if isinstance(value, KeyValue) and (value.range is not None or value.renameable):
        return KeyValue(value.parts)
    if depth < 8 and isinstance(value, list) and any(isinstance(item, (SourceStr, KeyValue, list, tuple, dict)) for item in value):
        return [imported(item, depth + 1) for item in value]
    if depth < 8 and isinstance(value, tuple) and any(isinstance(item, (SourceStr, KeyValue, list, tuple, dict)) for item in value):
        return tuple(imported(item, depth + 1) for item in value)
    if depth < 8 and isinstance(value, dict) and any(isinstance(item, (SourceStr, KeyValue, list, tuple, dict)) for item in [*value, *value.values()]):
        return {imported(key, depth + 1): imported(item, depth + 1) for key, item in value.items()}
    return value


def _decorator_name(decorator: ast.expr) -> str:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    if isinstance(target, ast.Name):
        return target.id
    if isinstance(target, ast.Attribute):
        return target.attr
    return ""


_NO_DEFAULT = object()


def _defines_assets(value: Any) -> bool:
    from assetlens.analyzer.asset_builder import is_external_spec

    return any(isinstance(item, AssetsValue) or is_external_spec(item) for item in walk_values(value))


def _is_dataclass_decorator(decorator: ast.expr) -> bool:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    return _text(target) in ("dataclass", "dataclasses.dataclass")


def _case_matches(pattern: ast.pattern, subject: Any) -> bool | None:
    """Whether a simple `case` pattern matches a known subject (None: not decided statically)."""
    if isinstance(pattern, ast.MatchAs) and pattern.pattern is None:
        return True  # `case _:` or `case name:`
    if isinstance(pattern, ast.MatchOr):
        verdicts = [_case_matches(option, subject) for option in pattern.patterns]
        return True if True in verdicts else (False if all(v is False for v in verdicts) else None)
    if not builtins_eval.is_plain(subject) or isinstance(subject, Unknown):
        return None
    if isinstance(pattern, ast.MatchValue) and isinstance(pattern.value, ast.Constant):
        return bool(subject == pattern.value.value)
    if isinstance(pattern, ast.MatchSingleton):
        return subject is pattern.value
    return None


def _unique(items: list[Any]) -> list[Any]:
    """A set's elements, in first-seen order (sets keep source order here: Dagster sorts or
    de-duplicates where it matters)."""
    unique: list[Any] = []
    seen: set[Any] = set()
    for item in items:
        if builtins_eval.hashable(item):
            if item in seen:
                continue
            seen.add(item)
        elif any(item is other for other in unique):
            continue
        unique.append(item)
    return unique


def _callee(node: ast.AST) -> str:
    return _text(node.func) if isinstance(node, ast.Call) else _text(node)


def _is_main_guard(test: ast.expr) -> bool:
    return (
        isinstance(test, ast.Compare)
        and isinstance(test.left, ast.Name)
        and test.left.id == "__name__"
        and len(test.comparators) == 1
        and isinstance(test.comparators[0], ast.Constant)
        and test.comparators[0].value == "__main__"
    )


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _text(node: ast.AST) -> str:
    try:
        text = ast.unparse(node)
    except Exception:  # noqa: BLE001 - only for messages
        return type(node).__name__
    return text if len(text) <= 60 else text[:57] + "..."


def walk_values(value: Any, seen: set[int] | None = None) -> Iterator[Any]:
    """Every value reachable from `value` through lists, tuples, dicts and Definitions (iterative:
    a value nested thousands deep must not exhaust the stack)."""
    seen = seen if seen is not None else set()
    stack = [value]
    pop, extend, add = stack.pop, stack.extend, seen.add
    while stack:
        current = pop()
        identity = id(current)
        if identity in seen:
            continue
        add(identity)
        yield current
        kind = current.__class__
        if kind is str or kind is SourceStr:
            continue  # the most common leaves, before the checks below
        if isinstance(current, (list, tuple)):
            extend(reversed(current))
        elif isinstance(current, dict):
            extend(reversed(current.values()))
        elif isinstance(current, DefinitionsValue):
            stack.extend(reversed(list(current.kwargs.values())))
        elif isinstance(current, Unknown) and current.holds:
            stack.extend(reversed(current.holds))


__all__ = ["Frame", "Interpreter", "ModuleScope", "Project", "BudgetExceeded", "walk_values"]
