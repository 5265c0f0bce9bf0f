"""The values of the static interpreter: what an expression is known to be without running it.

Python literals stay Python values (`str`, `int`, `list`, `dict`, ...); a string literal written in the
source is a `SourceStr`, which remembers where it is written. Everything the interpreter cannot know is
an `Unknown` carrying the reason, so nothing is silently dropped.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from assetlens.analyzer.facts import AssetKeyParts, Range

if TYPE_CHECKING:
    from assetlens.analyzer.interpreter import ModuleScope


class SourceStr(str):
    """A string literal from the source, with its range; derived strings are plain `str`.

    The range of a literal of the interpreted file is computed when first asked for (`at`): most
    literals (descriptions, metadata, SQL) never are."""

    # no per-string __dict__: one is made per string literal evaluated
    __slots__ = ("_range", "in_root", "file", "_index", "_node")

    in_root: bool  # written at the top level of its file, outside any called function
    file: str  # the file it is written in

    def __new__(cls, value: str, range_: Range | None, in_root: bool, file: str = "") -> SourceStr:
        self = str.__new__(cls, value)
        self._range = range_
        self._index = None
        self.in_root = in_root
        self.file = file
        return self

    @classmethod
    def at(cls, value: str, index: Any, node: ast.AST, in_root: bool, file: str) -> SourceStr:
        """The literal `node` of a file, whose range `index.range(node)` (a `LineIndex`) is computed
        on first use."""
        self = str.__new__(cls, value)
        self._index = index
        self._node = node
        self.in_root = in_root
        self.file = file
        return self

    @property
    def range(self) -> Range | None:
        index = self._index
        if index is not None:
            self._range = index.range(self._node)
            self._index = self._node = None
        return self._range

    @range.setter
    def range(self, value: Range | None) -> None:
        self._range = value
        self._index = self._node = None

    def __reduce__(self):  # pickles as a plain str
        return (str, (str(self),))

    def range_in(self, file: str) -> Range | None:
        """The range, when it is a range of `file` (a value imported from elsewhere has none there)."""
        return self.range if self.file == file else None

    def editable_in(self, file: str) -> bool:
        return self.in_root and self.file == file and self.range is not None


@dataclass(frozen=True)
class Unknown:
    """A value the analyzer cannot determine statically. `holds`: definitions made while computing it
    (a comprehension over an unknown iterable, evaluated once with unknown loop variables), so that
    an AssetSpec or asset built there is reported unresolved rather than silently missing."""

    reason: str
    holds: tuple[Any, ...] = field(default=(), compare=False, hash=False, repr=False)


@dataclass
class KeyValue:
    """An `AssetKey`."""

    parts: AssetKeyParts
    range: Range | None = None
    renameable: bool = False  # AssetKey("name") written in the root file: the literal spells the key
    file: str = ""  # where `range` is

    def range_in(self, file: str) -> Range | None:
        return self.range if self.file == file else None

    def renameable_in(self, file: str) -> bool:
        return self.renameable and self.file == file


@dataclass(frozen=True)
class DagsterSymbol:
    """A name exported by `dagster` (or a dotted attribute of one: `AssetKey.from_user_string`)."""

    name: str

    def __init__(self, name: str) -> None:
        # what the generated frozen __init__ does (object.__setattr__), at half the cost: one is made
        # for every `dg.X` the interpreter evaluates
        self.__dict__["name"] = name


@dataclass(frozen=True)
class ExternalSymbol:
    """A name from a package outside the project and outside `dagster` (`dagster_dbt.dbt_assets`)."""

    module: str
    name: str

    @property
    def integration(self) -> bool:
        """From a Dagster integration package (dagster_dbt, dagster_sling, ...)."""
        return self.module.partition(".")[0].startswith("dagster_")

    @property
    def defines_assets(self) -> bool:
        """A decorator or builder that produces assets whose keys only its package knows at load time
        (`@dbt_assets`, `@sling_assets`, `build_airbyte_assets(...)`, `load_assets_from_dbt_project`)."""
        leaf = self.name.split(".")[-1]
        return self.integration and (leaf.endswith("_assets") or leaf.endswith("_asset") or leaf.endswith("_assets_definitions"))


@dataclass
class ExternalDecorator:
    """`@dbt_assets(manifest=...)`: an integration decorator called with arguments."""

    symbol: ExternalSymbol
    range: Range | None
    kwargs: dict[str, Any] = field(default_factory=dict)  # read by integrations.python_hooks


@dataclass(frozen=True)
class ModuleValue:
    """A module: a project module (by dotted name) or an external one."""

    name: str
    in_project: bool
    path: str | None = None  # the project file (None for a namespace package or an external module)


@dataclass
class FunctionValue:
    """A plain function (a factory, an op body before decoration, ...).

    `node` and `scope` are the function as Dagster sees it: its name, signature and docstring. After
    `functools.wraps(fn)` (or `update_wrapper`) they are the wrapped function's — `inspect.signature`
    follows `__wrapped__` and `__name__`/`__doc__` are copied — while `runs` is the wrapper whose body
    actually runs. `unresolved` says why what a decorator did to it is not known statically.
    """

    node: ast.FunctionDef | ast.AsyncFunctionDef
    scope: ModuleScope
    closure: dict[str, Any] | None = None
    runs: FunctionValue | None = None
    name_as: str | None = None  # `__name__` assigned by hand
    unresolved: str | None = None

    @property
    def name(self) -> str:
        return self.name_as or getattr(self.node, "name", "<lambda>")

    @property
    def body(self) -> FunctionValue:
        """The function whose body runs when it is called."""
        function = self
        while function.runs is not None:
            function = function.runs
        return function


@dataclass(eq=False)
class InstanceValue:
    """An instance of a plain project class (a class-based decorator): its attributes as far as
    `__init__` set them statically."""

    cls: ClassValue
    attributes: dict[str, Any] = field(default_factory=dict)
    wrapped: FunctionValue | None = None  # functools.update_wrapper(self, fn)


@dataclass(eq=False)
class BoundFunction:
    """A method of a project class bound to an instance (or the class, for `__init__`)."""

    function: FunctionValue
    instance: Any


@dataclass(eq=False)
class WrapsDecorator:
    """`functools.wraps(fn)`: applied to a wrapper, makes it look like `fn` to Dagster."""

    wrapped: Any


@dataclass
class ClassValue:
    name: str
    bases: list[Any]
    is_resource: bool = False
    methods: dict[str, Any] = field(default_factory=dict)  # plain `def`s of its body (plain classes only)
    plain: bool = False  # no bases but `object` (or a dataclass / NamedTuple): instances can be followed
    attributes: dict[str, Any] = field(default_factory=dict)  # class-level names assigned in its body
    fields: list[tuple[str, Any]] | None = None  # a dataclass's or NamedTuple's fields, with defaults
    tuple_like: bool = False  # a NamedTuple: its instances unpack and index like tuples
    defined: frozenset[str] = frozenset()  # every name its body defines (a translator subclass: what it overrides)


@dataclass
class BoundMethod:
    """A method of a known value, e.g. `key.with_prefix`, `"a".upper`, `spec.replace_attributes`."""

    target: Any
    name: str


@dataclass
class DagsterObject:
    """A call of a Dagster class: AssetIn, AssetOut, AssetSpec, AssetDep, SourceAsset, Definitions, ..."""

    kind: str
    args: list[Any]
    kwargs: dict[str, Any]
    range: Range | None = None
    in_root: bool = True
    consumed: bool = False  # an AssetSpec used as a multi_asset's spec is not an external asset
    created_in: str = ""  # the file whose top level created it (its owner)
    identity: str = ""  # FILE:NODE#N, stable while lines move (see extract.assign_identities)


@dataclass
class DecoratorValue:
    """`@asset(...)`, `@multi_asset(...)`, `@op(...)` ...: a decorator called with arguments."""

    kind: str  # the dagster name: "asset", "multi_asset", "graph_asset", "op", ...
    kwargs: dict[str, Any]
    args: list[Any]
    range: Range | None


@dataclass
class OpValue:
    """An `@op` (or `@graph`): a node that graph assets call."""

    name: str
    function: FunctionValue
    kwargs: dict[str, Any]
    is_graph: bool = False
    fingerprint: str | None = None  # of its body, computed once


@dataclass
class OpOutput:
    """The value an op call returns inside a graph body: which op produced it, which output."""

    op: OpValue | None
    output: str | None
    upstream_inputs: frozenset[str]  # the graph inputs this value derives from


@dataclass(eq=False)
class AssetsValue:
    """The result of a decorator or factory that defines assets: one `AssetsDefinition`."""

    drafts: list[Any]  # asset_builder.AssetDraft
    source: Any = None  # the OpValue/GraphValue behind from_graph/from_op, if any
    created_in: str = ""  # the file whose top level created it (its owner)


@dataclass(eq=False)
class DefinitionsValue:
    kwargs: dict[str, Any]


@dataclass(eq=False)
class LoadedAssets:
    """The result of `load_assets_from_modules(...)`."""

    modules: tuple[str, ...]
    key_prefix: AssetKeyParts | None
    group_name: str | None
    source_key_prefix: AssetKeyParts | None
    range: Range | None
    include_specs: bool = False  # AssetSpecs are loaded (and their keys prefixed in deps) only then
    recursive: bool = False


@dataclass
class ReturnSignal(Exception):
    value: Any = None


class BreakSignal(Exception):
    pass


class ContinueSignal(Exception):
    pass


@dataclass
class CallBudget:
    """Bounds the work one file may cost: factory calls, loop iterations, recursion depth."""

    steps: int = 200_000
    depth: int = 0
    max_depth: int = 40
    notes: list[str] = field(default_factory=list)


def is_known(value: Any) -> bool:
    return not isinstance(value, Unknown)


def describe(value: Any) -> str:
    """A short text for unresolved values in messages."""
    if isinstance(value, Unknown):
        return value.reason
    return type(value).__name__
