"""The interpreter's fast paths behave as the general code they stand for: the class-keyed dispatch
(an expression it cannot evaluate is unknown, a statement it does not interpret does nothing), a
string literal's range computed when first read, and the Dagster calls answered without the chain
of name tests."""
from __future__ import annotations

import ast
import inspect
import pickle
from pathlib import Path

from assetlens.analyzer import dagster_api
from assetlens.analyzer.extract import ModuleIndex
from assetlens.analyzer.interpreter import Frame, Interpreter, ModuleScope
from assetlens.analyzer.positions import LineIndex
from assetlens.analyzer.values import SourceStr, Unknown


def _interpreter(text: str) -> tuple[Interpreter, ModuleScope, ast.Module]:
    tree = ast.parse(text)
    scope = ModuleScope("pkg.mod", "pkg/mod.py", False, text.split("\n"), LineIndex(text))
    files = {"pkg/mod.py": text.encode()}
    return Interpreter(scope, ModuleIndex(Path("."), list(files), files.get)), scope, tree


def test_dispatch_of_unknown_nodes_and_none() -> None:
    interp, scope, tree = _interpreter("global x\nname = 1\n")
    frame = Frame(scope)
    interp.run_module(tree)  # `global` is not interpreted: skipped, the rest runs
    assert scope.globals == {"name": 1}
    assert interp.eval(None, frame) is None
    value = interp.eval(ast.Yield(value=ast.Constant(1)), frame)
    assert isinstance(value, Unknown)
    assert value.reason == "`(yield 1)` cannot be evaluated statically"


def test_subclass_dispatches_to_its_own_methods() -> None:
    class Tracing(Interpreter):
        seen: list[str] = []

        def eval_Name(self, node: ast.Name, frame: Frame) -> object:
            self.seen.append(node.id)
            return super().eval_Name(node, frame)

    tree = ast.parse("a = 1\nb = [a, a]\n")
    scope = ModuleScope("m", "m.py", False, [], LineIndex(""))
    Tracing(scope, ModuleIndex(Path("."), [], {}.get)).run_module(tree)
    assert Tracing.seen == ["a", "a"]
    assert scope.globals["b"] == [1, 1]
    assert Interpreter._evaluators[ast.Name] is Interpreter.eval_Name  # the base class's table is its own


def test_string_literal_range_is_the_line_index_range_when_read() -> None:
    text = 'A = "ascii"\nB = {"clé": "välue"}\nC = ["x", "é" + "y"]\n'
    interp, scope, tree = _interpreter(text)
    interp.run_module(tree)
    index = LineIndex(text)
    constants = {node.value: node for node in ast.walk(tree) if isinstance(node, ast.Constant)}
    a = scope.globals["A"]
    [(key, value)] = scope.globals["B"].items()
    for literal in (a, key, value, scope.globals["C"][0]):
        assert isinstance(literal, SourceStr)
        assert literal.range == index.range(constants[str(literal)])  # code-point columns on a non-ASCII line
        assert literal.range_in("pkg/mod.py") == literal.range and literal.editable_in("pkg/mod.py")
    assert key.range.col == 5 and value.range.col == 12
    assert type(scope.globals["C"][1]) is str  # a derived string has no range
    a.range = None
    assert a.range is None and not a.editable_in("pkg/mod.py")
    assert pickle.loads(pickle.dumps(value)) == "välue" and type(pickle.loads(pickle.dumps(value))) is str


def test_names_dagster_api_call_tests_are_all_listed() -> None:
    """`call` answers every name outside CALLS_BY_NAME (and the decorators) with a DagsterObject
    without testing it: each name it does test must be listed."""
    function = next(node for node in ast.parse(inspect.getsource(dagster_api)).body
                    if isinstance(node, ast.FunctionDef) and node.name == "call")
    tested: set[str] = set()
    for node in ast.walk(function):
        if isinstance(node, ast.Compare) and isinstance(node.left, ast.Name) and node.left.id == "name":
            for comparator in node.comparators:
                for item in ast.walk(comparator):
                    if isinstance(item, ast.Constant) and isinstance(item.value, str):
                        tested.add(item.value)
    assert "AssetKey.from_user_string" in tested and "with_resources" in tested
    assert tested <= dagster_api.CALLS_BY_NAME
    assert not dagster_api.CALLS_BY_NAME & dagster_api.DECORATORS


def test_a_builtin_called_with_arguments_it_does_not_take_is_unknown_not_a_crash() -> None:
    """`zip(..., strict=True)` (pandas does this at module level) and calls with arguments a folded
    builtin does not take give unknown values; the rest of the file is analysed."""
    from assetlens.analyzer.extract import analyze_text

    facts = analyze_text(
        'import dagster as dg\nA = ["a", "b"]\nPAIRS = dict(zip(A, ["x", "y"], strict=True))\n'
        'BAD = zip(A, ["z"], strict=True)\nN = len(A, A)\nS = sorted(A, bogus=1)\n'
        '@dg.asset(key=PAIRS["a"])\ndef one(): ...\n@dg.asset(key=N)\ndef two(): ...\n'
        '@dg.asset(key=str(BAD))\ndef three(): ...\n@dg.asset(key=S)\ndef four(): ...\n',
        "pkg/mod.py", "pkg.mod",
    )
    one, two, three, four = sorted(facts.assets, key=lambda fact: fact.decorator_range)
    assert one.key == ("x",) and one.resolved
    assert two.unresolved_reason == "key: `len(...)` is called with arguments it does not take statically"
    assert not three.resolved and not four.resolved
    assert facts.notes == () and facts.syntax_error is None
