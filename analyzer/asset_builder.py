"""Turns a Dagster decorator (or `AssetsDefinition.from_graph/from_op`) applied to a function into
asset drafts, with Dagster's exact rules for keys, inputs, deps, groups and code versions
(dagster/_core/definitions/decorators/asset_decorator.py and decorator_assets_definition_builder.py).
"""
from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from assetlens.analyzer import builtins_eval
from assetlens.analyzer.dagster_api import coerce_key, coerce_prefix, object_key
from assetlens.analyzer.facts import AssetKeyParts, DepRef, Problem, Range
from assetlens.analyzer.fingerprints import _serialise, _serialise_fast, deferred_fingerprint, fingerprint_of  # noqa: F401 - the first two for tests
from assetlens.analyzer.keys import input_name_for_key, invalid_characters_reason, invalid_name_reason
from assetlens.analyzer.positions import decorator_range, function_name_range
from assetlens.analyzer.values import (
    AssetsValue,
    ClassValue,
    DagsterObject,
    DagsterSymbol,
    DecoratorValue,
    ExternalSymbol,
    FunctionValue,
    KeyValue,
    OpOutput,
    OpValue,
    SourceStr,
    Unknown,
)

if TYPE_CHECKING:
    from assetlens.analyzer.interpreter import Frame, Interpreter

CONTEXT_NAMES = frozenset({"_", "context", "_context", "context_"})
AL005 = "AL005"


@dataclass
class AssetDraft:
    """An asset as the interpreter builds it; becomes an `AssetFact` when the module is done."""

    key: AssetKeyParts | None
    kind: str
    node: str | None
    output: str
    deps: list[DepRef] = field(default_factory=list)
    group: str = "default"
    code_version: str | None = None
    code_version_range: Range | None = None
    description: str | None = None
    owners: tuple[str, ...] = ()
    tags: tuple[tuple[str, str], ...] = ()
    kinds: tuple[str, ...] = ()
    metadata: tuple[tuple[str, Any], ...] = ()
    decorator_range: Range | None = None
    name_range: Range | None = None
    def_range: Range | None = None
    key_range: Range | None = None
    key_renameable: bool = False
    fingerprint: str | tuple | None = None  # or its recipe (fingerprints.deferred_fingerprint)
    unresolved: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    can_subset: bool = False
    is_executable: bool = True
    group_explicit: bool = False
    key_prefixable: bool = True  # load_assets_from_modules(key_prefix=) applies to it
    # integrations (assetlens.analyzer.integrations.python_hooks): see AssetFact
    origin: str | None = None
    known_name: str | None = None
    source_file: str | None = None
    source_range: Range | None = None


@dataclass
class Where:
    """Where the definition is shown in the root file, and whether its literals can be edited."""

    decorator: Range | None
    name: Range | None
    whole: Range | None
    editable: bool  # written directly in the root file (not produced by a factory)
    file: str = ""  # the root file: only its literals' ranges are usable
    # a decorator factory applied to a function of the root file (`@team_asset("crm") def orders(...)`):
    # the Dagster decorator runs elsewhere, but the name and parameters are this file's function's
    function_editable: bool = False


# ---------------------------------------------------------------- helpers
def _where(interp: Interpreter, function: FunctionValue, decorator_node: ast.AST, frame: Frame) -> Where:
    node = function.node
    if interp.in_root(frame) and function.scope is interp.root:
        scope = function.scope
        first = node.decorator_list[0] if node.decorator_list else node
        start = decorator_range(first, scope.index, scope.source_lines) if node.decorator_list else scope.range(node)
        end = scope.range(node)
        whole = Range(start.line, start.col, end.end_line, end.end_col) if start and end else end
        if isinstance(decorator_node, ast.expr) and decorator_node in node.decorator_list:
            dec = decorator_range(decorator_node, scope.index, scope.source_lines)
        elif isinstance(decorator_node, ast.expr):  # `asset(...)(compute)` written as a call
            dec = scope.range(decorator_node)
        else:
            dec = start
        return Where(dec, function_name_range(node, scope.source_lines, scope.index), whole, True, scope.file)
    site = interp.call_sites[0] if interp.call_sites else None
    if site is None and frame.scope is interp.root and isinstance(decorator_node, ast.expr):
        site = frame.scope.range(decorator_node)
    if site is not None and function.scope is interp.root and isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.decorator_list:
        scope = function.scope
        first = decorator_range(node.decorator_list[0], scope.index, scope.source_lines)
        end = scope.range(node)
        if first is not None and end is not None and (first.line, first.col) <= (site.line, site.col) and site.end_line < node.lineno:
            # the call site is one of this function's own decorators
            whole = Range(first.line, first.col, end.end_line, end.end_col)
            return Where(site, function_name_range(node, scope.source_lines, scope.index), whole, False, scope.file, function_editable=True)
    return Where(site, site, site, False, interp.root.file)


def _kwarg_node(call: ast.AST, name: str) -> ast.expr | None:
    if isinstance(call, ast.Call):
        for keyword in call.keywords:
            if keyword.arg == name:
                return keyword.value
    return None


def _elements(node: ast.expr | None, count: int) -> list[ast.expr | None]:
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)) and len(node.elts) == count and not any(
        isinstance(element, ast.Starred) for element in node.elts
    ):
        return list(node.elts)
    return [None] * count


def _dict_nodes(node: ast.expr | None) -> dict[str, tuple[ast.expr | None, ast.expr]]:
    result: dict[str, tuple[ast.expr | None, ast.expr]] = {}
    if isinstance(node, ast.Dict):
        for key, value in zip(node.keys, node.values):
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                result[key.value] = (key, value)
    return result


def _docstring(function: FunctionValue) -> str | None:
    doc = ast.get_docstring(function.node, clean=True)
    return doc or None


def _literal_str_tuple(value: Any) -> tuple[str, ...]:
    items = builtins_eval.iterate(value) if not isinstance(value, str) else None
    if items is None or not all(isinstance(item, str) for item in items):
        return ()
    return tuple(str(item) for item in items)


def _literal_pairs(value: Any) -> tuple[tuple[str, Any], ...]:
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return tuple((str(k), _plain(v)) for k, v in value.items() if builtins_eval.is_plain(v))
    return ()


def _plain(value: Any) -> Any:
    if isinstance(value, (SourceStr, PurePosixPath)):
        return str(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_plain(v) for v in value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def _apply_attributes(draft: AssetDraft, kwargs: dict[str, Any], where_range: Range | None, root_file: str, function: FunctionValue | None) -> None:
    """group_name, code_version, description, owners, tags, kinds, metadata."""
    group = kwargs.get("group_name")
    if isinstance(group, str):
        draft.group = str(group)
        draft.group_explicit = True
        reason = invalid_characters_reason(str(group))
        if reason:
            draft.problems.append(Problem(AL005, f"group_name {reason}", (group.range_in(root_file) if isinstance(group, SourceStr) else None) or where_range))
    elif isinstance(group, Unknown):
        draft.unresolved.append(f"group_name: {group.reason}")
    version = kwargs.get("code_version")
    if isinstance(version, str):
        draft.code_version = str(version)
        draft.code_version_range = version.range if isinstance(version, SourceStr) and version.editable_in(root_file) else None
    elif isinstance(version, Unknown):
        draft.unresolved.append(f"code_version: {version.reason}")
    elif version is not None:
        draft.problems.append(Problem(AL005, f"code_version must be a string, not {type(version).__name__}", where_range))
    description = kwargs.get("description")
    if isinstance(description, str):
        draft.description = str(description)
    elif function is not None and description is None:
        draft.description = _docstring(function)
    draft.owners = _literal_str_tuple(kwargs.get("owners"))
    draft.kinds = _literal_str_tuple(kwargs.get("kinds"))
    tags = kwargs.get("tags")
    if isinstance(tags, dict):
        draft.tags = tuple((str(k), str(v)) for k, v in tags.items() if isinstance(k, str) and isinstance(v, str))
    draft.metadata = _literal_pairs(kwargs.get("metadata"))


def _check_op_name(draft: AssetDraft, where: Where) -> None:
    """Dagster names the op after the key (`AssetKey.to_python_identifier`: parts joined by `__`, `-`
    and `.` made `_`) and refuses the definition when that is not a valid name."""
    if draft.key is None or draft.node is None:
        return
    reason = invalid_name_reason(draft.node)
    if reason:
        draft.problems.append(Problem(AL005, f"Dagster names this asset's op {draft.node!r} after its key and refuses it: {reason}", draft.key_range or where.decorator))


def _key_from(
    kwargs: dict[str, Any],
    default_name: str,
    where: Where,
    draft: AssetDraft,
    name_node_range: Range | None,
) -> None:
    """`key=` or `key_prefix` + (`name` or the function name), as `_resolve_key_and_name` does."""
    # Dagster tests these by truthiness: `name=""` is the function's name, `key=""`/`key=[]` no key
    key = kwargs.get("key")
    name = kwargs.get("name")
    prefix = kwargs.get("key_prefix")
    if isinstance(key, str | list | tuple) and not key:
        key = None
    if isinstance(name, str) and not name:
        name = None
    if key is not None and (name is not None or (prefix is not None and not (isinstance(prefix, str | list | tuple) and not prefix))):
        draft.problems.append(Problem(AL005, "Cannot specify a name or key_prefix for an asset when the key argument is provided", where.decorator))
    if key is not None:
        value = coerce_key(key)
        if isinstance(value, KeyValue):
            draft.key = value.parts
            draft.key_range = value.range_in(where.file) if where.editable else None
            draft.key_renameable = value.renameable_in(where.file) and where.editable
        else:
            draft.unresolved.append(f"key: {value.reason}")
        return
    if isinstance(name, str):
        base = str(name)
        draft.key_range = name.range_in(where.file) if isinstance(name, SourceStr) and where.editable else None
        draft.key_renameable = draft.key_range is not None
    elif name is None:
        base = default_name
        draft.key_range = name_node_range if where.editable or where.function_editable else None
        draft.key_renameable = where.editable or where.function_editable
    else:
        draft.unresolved.append(f"name: {name.reason if isinstance(name, Unknown) else 'not a string'}")
        return
    parts = coerce_prefix(prefix)
    if isinstance(parts, Unknown):
        draft.unresolved.append(f"key_prefix: {parts.reason}")
        draft.known_name = base or None  # the prefix alone is unknown: the key still ends with the name
        return
    draft.key = tuple(part for part in (*(parts or ()), base) if part)


# ------------------------------------------------------------ parameters
@dataclass
class Param:
    name: str
    range: Range | None
    kind: str  # "positional" (POSITIONAL_OR_KEYWORD), "posonly", "kwonly", "varargs", "varkw"


def _params(interp: Interpreter, function: FunctionValue, where: Where, skip_context: bool = True) -> list[Param]:
    """The function's input parameters as Dagster sees them: without the context, `config` and
    resource-annotated parameters."""
    node = function.node
    spec = node.args
    ordered: list[tuple[ast.arg, str]] = [(a, "posonly") for a in spec.posonlyargs] + [(a, "positional") for a in spec.args]
    if spec.vararg:
        ordered.append((spec.vararg, "varargs"))
    ordered += [(a, "kwonly") for a in spec.kwonlyargs]
    if spec.kwarg:
        ordered.append((spec.kwarg, "varkw"))
    if skip_context and ordered and ordered[0][0].arg in CONTEXT_NAMES:
        ordered = ordered[1:]
    result: list[Param] = []
    from assetlens.analyzer.interpreter import Frame

    frame = Frame(function.scope, None, function.closure)
    for arg, kind in ordered:
        if arg.arg == "config":
            continue
        if arg.annotation is not None and _is_resource_annotation(interp, arg.annotation, frame):
            continue
        arg_range = None
        if where.editable or where.function_editable:
            arg_range = Range(arg.lineno, function.scope.index.column(arg.lineno, arg.col_offset), arg.lineno,
                              function.scope.index.column(arg.lineno, arg.col_offset) + len(arg.arg))
        result.append(Param(arg.arg, arg_range, kind))
    return result


def _is_resource_annotation(interp: Interpreter, annotation: ast.expr, frame: Frame) -> bool:
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        try:
            annotation = ast.parse(annotation.value, mode="eval").body
        except SyntaxError:
            return False
    if isinstance(annotation, ast.Subscript):
        head = interp.eval(annotation.value, frame)
        if isinstance(head, DagsterSymbol) and head.name.split(".")[-1] == "ResourceParam":
            return True
        if isinstance(head, DagsterSymbol) and head.name.split(".")[-1] == "Annotated":
            return False
        return False
    value = interp.eval(annotation, frame)
    if isinstance(value, ClassValue):
        return value.is_resource
    if isinstance(value, DagsterSymbol):
        return value.name.split(".")[-1] in builtins_eval.RESOURCE_BASES or value.name.endswith("Resource")
    if isinstance(value, ExternalSymbol):
        # a resource class from an integration package: dagster_snowflake.SnowflakeResource
        leaf = value.name.split(".")[-1]
        return value.integration and any(part in leaf for part in ("Resource", "IOManager", "Client"))
    return False


# ----------------------------------------------------------------- inputs
def _asset_inputs(
    interp: Interpreter,
    kwargs: dict[str, Any],
    decorator_node: ast.AST,
    params: list[Param],
    where: Where,
    problems: list[Problem],
    unresolved: list[str],
    include_params: bool = True,
) -> tuple[list[DepRef], dict[str, AssetKeyParts]]:
    """DepRefs from parameters, `ins`, `deps` and `non_argument_deps` (build_and_validate_named_ins)."""
    refs: list[DepRef] = []
    by_input: dict[str, AssetKeyParts] = {}
    positional = {p.name: p for p in params if p.kind == "positional"}
    has_var_kwargs = any(p.kind == "varkw" for p in params)

    ins = kwargs.get("ins") or {}
    ins_nodes = _dict_nodes(_kwarg_node(decorator_node, "ins")) if where.editable else {}
    explicit: dict[str, DepRef] = {}
    if isinstance(ins, Unknown):
        unresolved.append(f"ins: {ins.reason}")
        ins = {}
    if isinstance(ins, dict):
        for input_name, asset_in in ins.items():
            if not isinstance(input_name, str):
                continue
            key_node, value_node = ins_nodes.get(str(input_name), (None, None))
            is_nothing = _is_nothing_in(asset_in)
            if input_name not in positional and not has_var_kwargs and not is_nothing:
                problems.append(Problem(AL005, f"Key '{input_name}' in provided ins dict does not correspond to any of the names of the arguments to the decorated function",
                                        interp.root.range(key_node) if key_node is not None else where.decorator))
            ref = _asset_in_ref(interp, str(input_name), asset_in, key_node, value_node, where)
            explicit[str(input_name)] = ref
    for param in params:
        if param.kind != "positional" or param.name in explicit or not include_params:
            continue
        key = (param.name,)
        refs.append(DepRef(key, "param", param.range, param.name, param.name, renameable=param.range is not None))
        by_input[param.name] = key
    for input_name, ref in explicit.items():
        refs.append(ref)
        if ref.key is not None:
            by_input[input_name] = ref.key

    in_keys = {ref.key for ref in refs if ref.key is not None}
    deps = kwargs.get("deps")
    refs.extend(_deps_refs(interp, deps, _kwarg_node(decorator_node, "deps") if where.editable else None, "deps", in_keys, explicit, problems, unresolved, where))
    legacy = kwargs.get("non_argument_deps")
    if legacy is not None:
        refs.extend(_deps_refs(interp, legacy, _kwarg_node(decorator_node, "non_argument_deps") if where.editable else None, "non_argument_deps", in_keys, explicit, problems, unresolved, where))
    return refs, by_input


def _is_nothing_in(asset_in: Any) -> bool:
    if isinstance(asset_in, DagsterObject):
        dagster_type = asset_in.kwargs.get("dagster_type")
        return isinstance(dagster_type, DagsterSymbol) and dagster_type.name.split(".")[-1] == "Nothing"
    return False


def _asset_in_ref(interp: Interpreter, input_name: str, asset_in: Any, key_node: ast.expr | None, value_node: ast.expr | None, where: Where) -> DepRef:
    name_range = interp.root.range(key_node) if key_node is not None else None
    if isinstance(asset_in, DagsterObject) and asset_in.kind == "AssetIn":
        key = asset_in.args[0] if asset_in.args else asset_in.kwargs.get("key")
        if key is not None:
            value = coerce_key(key)
            if isinstance(value, KeyValue):
                # the key literal when it is one string; else the whole AssetIn(...) call
                value_range = interp.root.range(value_node) if value_node is not None else None
                return DepRef(value.parts, "ins", (value.range_in(where.file) if where.editable else None) or value_range or name_range, input_name,
                              "/".join(value.parts), renameable=value.renameable_in(where.file) and where.editable)
            return DepRef(None, "ins", name_range, input_name, value.reason)
        prefix = coerce_prefix(asset_in.kwargs.get("key_prefix"))
        if isinstance(prefix, Unknown):
            return DepRef(None, "ins", name_range, input_name, prefix.reason)
        # AssetIn.resolve_key: AssetKey.from_coercible(input_name).with_prefix(key_prefix or [])
        return DepRef((*(prefix or ()), input_name), "ins", name_range, input_name, input_name, renameable=False)
    if isinstance(asset_in, (str, KeyValue, list, tuple)):
        value = coerce_key(asset_in)
        if isinstance(value, KeyValue):
            return DepRef(value.parts, "ins", value.range_in(where.file) or name_range, input_name, "/".join(value.parts), renameable=value.renameable_in(where.file) and where.editable)
    reason = asset_in.reason if isinstance(asset_in, Unknown) else "AssetIn not known statically"
    return DepRef(None, "ins", name_range, input_name, reason)


def _deps_refs(
    interp: Interpreter,
    deps: Any,
    deps_node: ast.expr | None,
    via: str,
    in_keys: set[AssetKeyParts],
    explicit_ins: dict[str, DepRef],
    problems: list[Problem],
    unresolved: list[str],
    where: Where,
) -> list[DepRef]:
    if deps is None:
        return []
    items = builtins_eval.iterate(deps) if not isinstance(deps, str) else None
    if items is None:
        unresolved.append(f"{via}: {deps.reason if isinstance(deps, Unknown) else 'not a list'}")
        return [DepRef(None, via, interp.root.range(deps_node) if deps_node is not None else None, None,
                       deps.reason if isinstance(deps, Unknown) else "deps not known statically")]
    refs: list[DepRef] = []
    nodes = _elements(deps_node, len(items))
    for item, node in zip(items, nodes):
        node_range = interp.root.range(node) if node is not None else None
        if isinstance(item, AssetsValue) and len(item.drafts) > 1:
            # deps=[a_multi_asset] depends on every key it produces (coerce_to_deps_and_check_duplicates)
            for draft in item.drafts:
                if draft.key is not None and draft.key not in in_keys:
                    in_keys.add(draft.key)
                    refs.append(DepRef(draft.key, via, node_range, input_name_for_key(draft.key), "/".join(draft.key), False))
            continue
        if isinstance(item, DagsterObject) and item.kind == "AssetDep" and isinstance(item.args[0] if item.args else item.kwargs.get("asset"), AssetsValue):
            target = item.args[0] if item.args else item.kwargs.get("asset")
            if len(target.drafts) > 1:
                problems.append(Problem(AL005, "Cannot create an AssetDep from a multi_asset AssetsDefinition; depend on its keys instead", node_range or where.decorator))
                continue
        value = coerce_key(item)
        if isinstance(value, Unknown):
            refs.append(DepRef(None, via, node_range, None, value.reason))
            continue
        if value.parts in in_keys:
            continue  # a key that is both an input and a dep is one dependency (validate_can_coexist)
        in_keys.add(value.parts)
        renameable = False
        ref_range = node_range
        if isinstance(item, SourceStr) and item.editable_in(where.file) and where.editable:
            ref_range, renameable = item.range, True
        elif isinstance(item, KeyValue) and item.renameable_in(where.file) and where.editable:
            ref_range, renameable = item.range, True
        elif isinstance(node, ast.Name) and where.editable:
            renameable = node.id == value.parts[-1]
        table_name = None
        if isinstance(item, DagsterObject) and item.kind == "AssetDep":
            metadata = item.kwargs.get("metadata")
            if isinstance(metadata, dict) and isinstance(metadata.get("dagster/table_name"), str):
                table_name = str(metadata["dagster/table_name"])
        refs.append(DepRef(value.parts, via, ref_range, input_name_for_key(value.parts), "/".join(value.parts), renameable, table_name))
    return refs


def _finish(drafts: list[AssetDraft], where: Where, node_name: str | None, function: FunctionValue | None, ops: list[OpValue] | None = None) -> None:
    fingerprint: str | tuple | None = None
    if function is not None:  # a recipe, computed when asked for (see fingerprints.py)
        fingerprint = deferred_fingerprint(function, ops) or fingerprint_of(function, _ops_fingerprints(ops) if ops else None)
    for draft in drafts:
        draft.decorator_range = draft.decorator_range or where.decorator
        draft.name_range = draft.name_range or where.name
        draft.def_range = draft.def_range or where.whole
        draft.fingerprint = fingerprint

# ------------------------------------------------------------- decorators
def build_from_decorator(interp: Interpreter, decorator: DecoratorValue, function: FunctionValue, decorator_node: ast.AST, frame: Frame) -> AssetsValue:
    where = _where(interp, function, decorator_node, frame)
    kind = decorator.kind
    if kind in ("asset", "observable_source_asset"):
        drafts = [_single_asset(interp, decorator, function, decorator_node, where, kind)]
    elif kind == "multi_asset":
        drafts = _multi_asset(interp, decorator, function, decorator_node, where)
    elif kind == "graph_asset":
        drafts = [_graph_asset(interp, decorator, function, decorator_node, where)]
    else:
        drafts = _graph_multi_asset(interp, decorator, function, decorator_node, where)
    if function.unresolved:
        for draft in drafts:
            draft.unresolved.append(function.unresolved)
    vararg = function.node.args.vararg
    if kind in ("asset", "multi_asset", "graph_asset", "graph_multi_asset") and vararg is not None and drafts:
        # resolve_checked_op_fn_inputs (op_decorator.py) and the graph decorator refuse a positional vararg
        node_kind = "@graph" if kind.startswith("graph") else "@op"
        drafts[0].problems.append(Problem(
            AL005,
            f"{node_kind} '{drafts[0].node}' decorated function has positional vararg parameter '*{vararg.arg}'; Dagster refuses it "
            "(the function should only have keyword arguments that match input names and, optionally, a first parameter named 'context')",
            _arg_range(function, vararg) if where.editable or where.function_editable else where.name,
        ))
    return AssetsValue(drafts)


def _arg_range(function: FunctionValue, arg: ast.arg) -> Range | None:
    index = function.scope.index
    start = index.column(arg.lineno, arg.col_offset)
    return Range(arg.lineno, start, arg.lineno, start + len(arg.arg))


def _single_asset(interp: Interpreter, decorator: DecoratorValue, function: FunctionValue, decorator_node: ast.AST, where: Where, kind: str) -> AssetDraft:
    kwargs = decorator.kwargs
    draft = AssetDraft(None, "asset" if kind == "asset" else "source", None, "result")
    _key_from(kwargs, function.name, where, draft, where.name)
    _apply_attributes(draft, kwargs, where.decorator, where.file if where.editable else "", function)
    params = _params(interp, function, where)
    if kind == "asset":
        refs, _ = _asset_inputs(interp, kwargs, decorator_node, params, where, draft.problems, draft.unresolved)
        draft.deps = refs
        draft.node = "__".join(draft.key).replace("-", "_").replace(".", "_") if draft.key else function.name
        if isinstance(kwargs.get("op_name"), str):
            draft.node = str(kwargs["op_name"])
        _check_op_name(draft, where)
    else:
        draft.node = "__".join(draft.key) if draft.key else function.name
        draft.is_executable = False
        draft.key_prefixable = False
    _finish([draft], where, draft.node, function)
    return draft


def _out_key(out_name: str, out: Any, where: Where) -> tuple[KeyValue | Unknown, bool]:
    if isinstance(out, DagsterObject) and out.kind == "AssetOut":
        if out.args and isinstance(out.args[0], str) and "key_prefix" not in out.kwargs and "key" not in out.kwargs:
            # AssetOut's first positional argument is key_prefix
            prefix = coerce_prefix(out.args[0])
            if isinstance(prefix, tuple):
                return KeyValue((*prefix, out_name)), False
        if out.kwargs.get("key") is not None:
            return coerce_key(out.kwargs["key"]), True
        prefix = coerce_prefix(out.kwargs.get("key_prefix"))
        if isinstance(prefix, Unknown):
            return prefix, False
        return KeyValue(tuple(part for part in (*(prefix or ()), out_name) if part)), False
    if isinstance(out, Unknown):
        return out, False
    return KeyValue((out_name,)), False


def _set_out_key(
    interp: Interpreter,
    draft: AssetDraft,
    out_name: str,
    out: Any,
    where: Where,
    out_nodes: dict[str, tuple[ast.expr | None, ast.expr]],
) -> None:
    """An `outs` entry's key, and where it is spelled: the `key=` literal, else the out's name."""
    key, explicit_key = _out_key(out_name, out, where)
    if not isinstance(key, KeyValue):
        draft.unresolved.append(f"key: {key.reason}")
        return
    draft.key = key.parts
    if not where.editable:
        return
    if explicit_key:
        draft.key_range, draft.key_renameable = key.range_in(where.file), key.renameable_in(where.file)
    elif out_name in out_nodes and out_nodes[out_name][0] is not None:
        draft.key_range = interp.root.range(out_nodes[out_name][0])


def _multi_asset(interp: Interpreter, decorator: DecoratorValue, function: FunctionValue, decorator_node: ast.AST, where: Where) -> list[AssetDraft]:
    kwargs = decorator.kwargs
    name = kwargs.get("name")
    node_name = str(name) if isinstance(name, str) else function.name
    can_subset = kwargs.get("can_subset") is True
    params = _params(interp, function, where)
    drafts: list[AssetDraft] = []
    problems: list[Problem] = []
    unresolved: list[str] = []
    specs = kwargs.get("specs")
    outs = kwargs.get("outs")
    group = kwargs.get("group_name")
    if specs is not None:
        items = builtins_eval.iterate(specs)
        if items is None:
            unresolved.append(f"specs: {specs.reason if isinstance(specs, Unknown) else 'not a list'}")
            # what one element would be (a comprehension over an unknown iterable), else one
            # unresolved output: never no asset at all
            items = [held for held in (specs.holds if isinstance(specs, Unknown) else ()) if isinstance(held, DagsterObject) and held.kind == "AssetSpec"]
            if not items:
                drafts.append(AssetDraft(None, "multi_asset", node_name, "result", unresolved=["no outputs known statically"]))
        spec_nodes = _elements(_kwarg_node(decorator_node, "specs") if where.editable else None, len(items))
        for spec, spec_node in zip(items, spec_nodes):
            draft = AssetDraft(None, "multi_asset", node_name, "result")
            if not (isinstance(spec, DagsterObject) and spec.kind == "AssetSpec"):
                draft.unresolved.append("spec not known statically")
                drafts.append(draft)
                continue
            spec.consumed = True
            key = object_key(spec)
            if isinstance(key, KeyValue):
                draft.key = key.parts
                draft.key_range = key.range_in(where.file) if where.editable else None
                draft.key_renameable = key.renameable_in(where.file) and where.editable
                draft.output = "__".join(key.parts).replace("-", "_").replace(".", "_")
            else:
                draft.unresolved.append(f"key: {key.reason}")
            _apply_attributes(draft, spec.kwargs, where.decorator, where.file if where.editable else "", None)
            if isinstance(group, str) and draft.group_explicit:
                draft.problems.append(Problem(AL005, "group_name is set on both the multi_asset and one of its specs; Dagster refuses that", where.decorator))
            if isinstance(group, str) and not draft.group_explicit:
                draft.group = str(group)
            draft.deps = _deps_refs(interp, spec.kwargs.get("deps"), _kwarg_node(spec_node, "deps") if spec_node is not None else None, "spec_deps", set(), {}, draft.problems, draft.unresolved, where)
            if where.editable and spec_node is not None:
                draft.name_range = interp.root.range(spec_node)
            drafts.append(draft)
        # `ins` give names to upstream keys that must also be spec deps; they add no edge of their own
        _asset_inputs(interp, {"ins": kwargs.get("ins") or {}}, decorator_node, params, where, problems, unresolved, include_params=False)
    else:
        if not isinstance(outs, dict):
            unresolved.append(f"outs: {outs.reason if isinstance(outs, Unknown) else 'not a dict'}")
            outs = {}
        refs, _ = _asset_inputs(interp, kwargs, decorator_node, params, where, problems, unresolved)
        internal = kwargs.get("internal_asset_deps")
        out_nodes = _dict_nodes(_kwarg_node(decorator_node, "outs")) if where.editable else {}
        for out_name, out in outs.items():
            out_name = str(out_name)
            draft = AssetDraft(None, "multi_asset", node_name, out_name)
            _set_out_key(interp, draft, out_name, out, where, out_nodes)
            out_kwargs = out.kwargs if isinstance(out, DagsterObject) else {}
            _apply_attributes(draft, out_kwargs, where.decorator, where.file if where.editable else "", None)
            if isinstance(group, str) and draft.group_explicit:
                draft.problems.append(Problem(AL005, "group_name is set on both the multi_asset and one of its outs; Dagster refuses that", where.decorator))
            if isinstance(group, str) and not draft.group_explicit:
                draft.group = str(group)
            if draft.code_version is None and "code_version" not in out_kwargs:
                _apply_code_version(draft, kwargs.get("code_version"), where)
            if where.editable and out_name in out_nodes and out_nodes[out_name][0] is not None:
                draft.name_range = interp.root.range(out_nodes[out_name][0])
            draft.deps = list(refs)
            if isinstance(internal, dict):
                # an out that internal_asset_deps does not mention gets no dependencies at all
                draft.deps = _internal_deps(internal[out_name], refs) if out_name in internal else []
            elif isinstance(internal, Unknown):
                draft.unresolved.append(f"internal_asset_deps: {internal.reason}")
            drafts.append(draft)
        if not outs:
            drafts.append(AssetDraft(None, "multi_asset", node_name, "result", unresolved=["no outputs known statically"]))
    for draft in drafts:
        draft.can_subset = can_subset
        draft.problems.extend(problems)
        draft.unresolved.extend(unresolved)
        if draft.description is None:
            description = kwargs.get("description")
            draft.description = str(description) if isinstance(description, str) else None
    _check_outputs_returned(function, drafts, can_subset)
    _finish(drafts, where, node_name, function)
    return drafts


def _apply_code_version(draft: AssetDraft, version: Any, where: Where) -> None:
    if isinstance(version, str):
        draft.code_version = str(version)
        draft.code_version_range = version.range if isinstance(version, SourceStr) and version.editable_in(where.file) else None
    elif isinstance(version, Unknown):
        draft.unresolved.append(f"code_version: {version.reason}")
    elif version is not None:
        draft.problems.append(Problem(AL005, f"code_version must be a string, not {type(version).__name__}", where.decorator))


def op_output_code_version(op: OpValue | None, output: str | None) -> str | None:
    """The code version of an op's output: `Out(code_version=)`, else `@op(code_version=)`."""
    if op is None or op.is_graph:
        return None
    out = op.kwargs.get("out")
    chosen = out.get(output) if isinstance(out, dict) else out
    if isinstance(chosen, DagsterObject) and isinstance(chosen.kwargs.get("code_version"), str):
        return str(chosen.kwargs["code_version"])
    version = op.kwargs.get("code_version")
    return str(version) if isinstance(version, str) else None


def _returned_code_version(result: Any, output: str, count: int) -> str | None:
    value = result.get(output) if isinstance(result, dict) else (result if count == 1 else None)
    if isinstance(value, OpOutput):
        return op_output_code_version(value.op, value.output)
    return None


def _internal_deps(keys: Any, refs: list[DepRef]) -> list[DepRef]:
    items = builtins_eval.iterate(keys)
    if items is None:
        return [DepRef(None, "internal_asset_deps", None, None, "internal_asset_deps not known statically")]
    wanted = []
    for item in items:
        value = coerce_key(item)
        if isinstance(value, KeyValue):
            wanted.append(value.parts)
    result = [ref for ref in refs if ref.key in wanted]
    known = {ref.key for ref in result}
    result += [DepRef(key, "internal_asset_deps", None, None, "/".join(key)) for key in wanted if key not in known]
    return result


def _statements(body: list[ast.stmt]):
    """Every statement of a function body, nested blocks included, but not nested functions."""
    for statement in body:
        yield statement
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        for block in ("body", "orelse", "finalbody"):
            inner = getattr(statement, block, None)
            if inner:
                yield from _statements(inner)
        for handler in getattr(statement, "handlers", ()) or ():
            yield from _statements(handler.body)
        for case in getattr(statement, "cases", ()) or ():
            yield from _statements(case.body)


def _check_outputs_returned(function: FunctionValue, drafts: list[AssetDraft], can_subset: bool) -> None:
    """A multi_asset output that is never yielded or returned, where the body makes that decidable:
    every `return`/`yield` is a tuple of the right length or an `Output`/`MaterializeResult` naming
    its output with a literal."""
    if can_subset or len(drafts) < 2:
        return
    outputs = {draft.output for draft in drafts}
    named: set[str] = set()
    saw_output = False
    for statement in _statements(function.node.body):
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            return  # nested definitions make it undecidable
        if isinstance(statement, ast.Return):
            value = statement.value
        elif isinstance(statement, ast.Expr) and isinstance(statement.value, (ast.Yield, ast.YieldFrom)):
            value = statement.value.value
            if isinstance(statement.value, ast.YieldFrom):
                return
        else:
            continue
        if value is None:
            continue
        if isinstance(statement, ast.Return) and isinstance(value, ast.Tuple):
            if len(value.elts) != len(drafts):
                return
            named |= outputs
            continue
        if not (isinstance(value, ast.Call) and isinstance(value.func, (ast.Name, ast.Attribute))):
            return
        func_name = value.func.id if isinstance(value.func, ast.Name) else value.func.attr
        if func_name not in ("Output", "MaterializeResult", "AssetMaterialization"):
            return
        saw_output = True
        for keyword in value.keywords:
            if keyword.arg not in ("output_name", "asset_key"):
                continue
            if not isinstance(keyword.value, ast.Constant):
                return
            if keyword.arg == "output_name":
                named.add(str(keyword.value.value))
            else:
                for draft in drafts:
                    if draft.key and ("/".join(draft.key) == keyword.value.value or draft.key[-1] == keyword.value.value):
                        named.add(draft.output)
    if not saw_output:
        return
    for draft in drafts:
        if draft.output not in named:
            draft.problems.append(Problem(AL005, f"output '{draft.output}' of multi_asset '{function.name}' is never yielded or returned", draft.name_range))


# ------------------------------------------------------------------ graphs
def _trace_graph(interp: Interpreter, function: FunctionValue, input_names: list[str]) -> tuple[Any, list[OpValue]]:
    """Interpret a graph body: which ops it calls and which graph inputs reach each output."""
    from assetlens.analyzer.interpreter import Frame
    from assetlens.analyzer.values import ReturnSignal

    local: dict[str, Any] = {name: OpOutput(None, None, frozenset({name})) for name in input_names}
    frame = Frame(function.scope, local, function.closure)
    previous = getattr(interp, "graph_ops", None)
    ops: list[OpValue] = []
    interp.graph_ops = ops  # type: ignore[attr-defined]
    interp.budget.depth += 1
    result: Any = None
    try:
        interp.exec_block(function.node.body, frame)
    except ReturnSignal as returned:
        result = returned.value
    except Exception:  # noqa: BLE001 - a graph body the interpreter cannot follow
        result = Unknown("graph body not followed")
    finally:
        interp.budget.depth -= 1
        interp.graph_ops = previous  # type: ignore[attr-defined]
    return result, ops


def trace_nested_graph(interp: Interpreter, graph: OpValue, inputs: frozenset[str]) -> Any:
    """The value a `@graph` returns when called inside another graph, with `inputs` flowing in."""
    if interp.budget.depth >= interp.budget.max_depth:
        return None
    params = [arg.arg for arg in graph.function.node.args.args]
    from assetlens.analyzer.interpreter import Frame
    from assetlens.analyzer.values import ReturnSignal

    local: dict[str, Any] = {name: OpOutput(None, None, inputs) for name in params}
    frame = Frame(graph.function.scope, local, graph.function.closure)
    interp.budget.depth += 1
    try:
        interp.exec_block(graph.function.node.body, frame)
    except ReturnSignal as returned:
        return returned.value
    except Exception:  # noqa: BLE001 - a graph body the interpreter cannot follow
        return None
    finally:
        interp.budget.depth -= 1
    return None


def _ops_fingerprints(ops: list[OpValue], seen: set[int] | None = None) -> list[str]:
    seen = seen if seen is not None else set()
    prints = []
    for op in ops:
        if id(op) in seen:
            continue
        seen.add(id(op))
        if op.fingerprint is None:
            op.fingerprint = fingerprint_of(op.function)
        prints.append(f"{op.name}:{op.fingerprint}")
    return prints


def _graph_asset(interp: Interpreter, decorator: DecoratorValue, function: FunctionValue, decorator_node: ast.AST, where: Where) -> AssetDraft:
    kwargs = decorator.kwargs
    draft = AssetDraft(None, "graph_asset", None, "result")
    _key_from(kwargs, function.name, where, draft, where.name)
    _apply_attributes(draft, kwargs, where.decorator, where.file if where.editable else "", function)
    params = _params(interp, function, where, skip_context=False)
    refs, _ = _asset_inputs(interp, {"ins": kwargs.get("ins")}, decorator_node, params, where, draft.problems, draft.unresolved)
    draft.deps = refs
    # the graph is named after the key, like an @asset's op
    draft.node = "__".join(draft.key).replace("-", "_").replace(".", "_") if draft.key else function.name
    _check_op_name(draft, where)
    result, ops = _trace_graph(interp, function, [p.name for p in params])
    if draft.code_version is None and "code_version" not in kwargs:
        draft.code_version = _returned_code_version(result, "result", 1)
    _finish([draft], where, draft.node, function, ops)
    return draft


def _graph_multi_asset(interp: Interpreter, decorator: DecoratorValue, function: FunctionValue, decorator_node: ast.AST, where: Where) -> list[AssetDraft]:
    kwargs = decorator.kwargs
    name = kwargs.get("name")
    node_name = str(name) if isinstance(name, str) else function.name
    params = _params(interp, function, where, skip_context=False)
    problems: list[Problem] = []
    unresolved: list[str] = []
    refs, by_input = _asset_inputs(interp, {"ins": kwargs.get("ins")}, decorator_node, params, where, problems, unresolved)
    result, ops = _trace_graph(interp, function, [p.name for p in params])
    outs = kwargs.get("outs")
    if not isinstance(outs, dict):
        outs = {}
        unresolved.append("outs not known statically")
    group = kwargs.get("group_name")
    drafts = []
    out_nodes = _dict_nodes(_kwarg_node(decorator_node, "outs")) if where.editable else {}
    for out_name, out in outs.items():
        out_name = str(out_name)
        draft = AssetDraft(None, "graph_multi_asset", node_name, out_name)
        _set_out_key(interp, draft, out_name, out, where, out_nodes)
        out_kwargs = out.kwargs if isinstance(out, DagsterObject) else {}
        _apply_attributes(draft, out_kwargs, where.decorator, where.file if where.editable else "", None)
        # AssetOut(group_name=) is ignored by graph_multi_asset: only the decorator's group counts
        draft.group, draft.group_explicit = (str(group), True) if isinstance(group, str) else ("default", False)
        if draft.code_version is None and "code_version" not in out_kwargs:
            draft.code_version = _returned_code_version(result, out_name, len(outs))
        if where.editable and out_name in out_nodes and out_nodes[out_name][0] is not None:
            draft.name_range = interp.root.range(out_nodes[out_name][0])
        # every output depends on every graph input, whatever the wiring inside
        draft.deps = list(refs)
        draft.problems.extend(problems)
        draft.unresolved.extend(unresolved)
        drafts.append(draft)
    _finish(drafts, where, node_name, function, ops)
    return drafts


def _inputs_reaching(result: Any, output: str, count: int) -> frozenset[str] | None:
    """The graph inputs that flow into `output`, or None when that is not known."""
    if isinstance(result, dict):
        value = result.get(output)
        return _inputs_of(value)
    if count == 1:
        return _inputs_of(result)
    return None


def _inputs_of(value: Any) -> frozenset[str] | None:
    if isinstance(value, OpOutput):
        return value.upstream_inputs
    if isinstance(value, (list, tuple)):
        found: set[str] = set()
        for item in value:
            inner = _inputs_of(item)
            if inner is None:
                return None
            found |= inner
        return frozenset(found)
    return None


# ----------------------------------------------------- from_graph / from_op
def build_from_node(interp: Interpreter, name: str, args: list[Any], kwargs: dict[str, Any], node: ast.Call, frame: Frame) -> Any:
    """`AssetsDefinition.from_graph(graph, ...)` / `AssetsDefinition.from_op(op, ...)`."""
    target = args[0] if args else kwargs.get("graph_def", kwargs.get("op_def"))
    if not isinstance(target, OpValue):
        return Unknown(f"{name} of a node not known statically")
    function = target.function
    site = interp.site_range(frame, node)
    where = Where(site, site, site, interp.in_root(frame), interp.root.file)
    is_graph = name.endswith("from_graph")
    params = _params(interp, function, where, skip_context=not is_graph)
    input_names = [p.name for p in params if p.kind in ("positional", "posonly", "kwonly")]
    ins_kw = target.kwargs.get("ins")
    if isinstance(ins_kw, dict):
        input_names += [str(k) for k in ins_kw if str(k) not in input_names]
    keys_by_input = kwargs.get("keys_by_input_name") or {}
    keys_by_output = kwargs.get("keys_by_output_name") or {}
    prefix = coerce_prefix(kwargs.get("key_prefix"))
    unresolved: list[str] = []
    if isinstance(prefix, Unknown):
        unresolved.append(f"key_prefix: {prefix.reason}")
        prefix = None
    refs: list[DepRef] = []
    for input_name in input_names:
        key_value = keys_by_input.get(input_name) if isinstance(keys_by_input, dict) else None
        key = coerce_key(key_value) if key_value is not None else KeyValue((input_name,))
        if isinstance(key, KeyValue):
            refs.append(DepRef(key.parts, "keys_by_input_name", key.range_in(where.file) if where.editable else None, input_name, "/".join(key.parts), key.renameable_in(where.file) and where.editable))
        else:
            refs.append(DepRef(None, "keys_by_input_name", None, input_name, key.reason))
    ops: list[OpValue] = []
    result: Any = None
    if is_graph:
        result, ops = _trace_graph(interp, function, input_names)
    outs = target.kwargs.get("out")
    output_names = [str(k) for k in outs] if isinstance(outs, dict) else ["result"]
    group = kwargs.get("group_name")
    groups_by_output = kwargs.get("group_names_by_output_name") or {}
    versions = kwargs.get("code_versions_by_output_name") if not is_graph else None
    kind = "graph_asset" if is_graph and len(output_names) == 1 else ("graph_multi_asset" if is_graph else ("asset" if len(output_names) == 1 else "multi_asset"))
    drafts: list[AssetDraft] = []
    for output in output_names:
        draft = AssetDraft(None, kind, target.name, output)
        explicit = keys_by_output.get(output) if isinstance(keys_by_output, dict) else None
        if explicit is not None:
            key = coerce_key(explicit)
        elif len(output_names) == 1:
            key = KeyValue((target.name,))
        else:
            key = KeyValue((output,))
        if isinstance(key, KeyValue):
            draft.key = (*(prefix or ()), *key.parts)
        else:
            draft.unresolved.append(f"key: {key.reason}")
        per_output_group = groups_by_output.get(output) if isinstance(groups_by_output, dict) else None
        chosen_group = per_output_group if isinstance(per_output_group, str) else group
        if isinstance(chosen_group, str):
            draft.group, draft.group_explicit = str(chosen_group), True
        if isinstance(versions, dict) and isinstance(versions.get(output), str):
            draft.code_version = str(versions[output])
        elif not is_graph:
            draft.code_version = op_output_code_version(target, output)
        else:
            draft.code_version = _returned_code_version(result, output, len(output_names))
        draft.deps = list(refs)  # every output depends on every input, whatever the wiring inside
        draft.unresolved.extend(unresolved)
        drafts.append(draft)
    _finish(drafts, where, target.name, function, ops or None)
    value = AssetsValue(drafts, source=target)
    interp.root.created.append(value)
    return value


def is_external_spec(value: Any) -> bool:
    return isinstance(value, DagsterObject) and value.kind in ("AssetSpec", "SourceAsset") and not value.consumed


def draft_from_external(interp: Interpreter, obj: DagsterObject) -> AssetDraft:
    """A module-level `AssetSpec(...)` (kind "spec") or `SourceAsset(...)` (kind "source")."""
    kind = "spec" if obj.kind == "AssetSpec" else "source"
    draft = AssetDraft(None, kind, None, "result", is_executable=False)
    key = object_key(obj)
    if isinstance(key, KeyValue):
        draft.key = key.parts
        draft.key_range = key.range_in(interp.root.file) if obj.in_root else None
        draft.key_renameable = key.renameable_in(interp.root.file) and obj.in_root
    else:
        draft.unresolved.append(f"key: {key.reason}")
    _apply_attributes(draft, obj.kwargs, obj.range, interp.root.file if obj.in_root else "", None)
    if kind == "spec":
        where = Where(obj.range, obj.range, obj.range, obj.in_root, interp.root.file)
        draft.deps = _deps_refs(interp, obj.kwargs.get("deps"), None, "spec_deps", set(), {}, draft.problems, draft.unresolved, where)
    draft.key_prefixable = False
    draft.decorator_range = obj.range
    draft.name_range = key.range if isinstance(key, KeyValue) and key.range else obj.range
    draft.def_range = obj.range
    return draft


def build_from_specs(interp: Interpreter, specs: Any, node: ast.Call, frame: Frame) -> Any:
    """`AssetsDefinition(specs=[...])` without a computation: external assets (kind "spec")."""
    items = builtins_eval.iterate(specs)
    if items is None:
        return Unknown("specs not known statically")
    drafts = []
    for spec in items:
        if isinstance(spec, DagsterObject) and spec.kind == "AssetSpec":
            spec.consumed = True
            drafts.append(draft_from_external(interp, spec))
    value = AssetsValue(drafts)
    interp.root.created.append(value)
    return value


def external_assets(interp: Interpreter, symbol: Any, function: FunctionValue | None, node: ast.AST, frame: Frame, kwargs: dict[str, Any] | None = None) -> AssetsValue:
    """Assets an integration package defines (`@dbt_assets`, `build_fivetran_assets(...)`): their keys
    come from outside the source (a dbt manifest, a connector's API), so they are reported as one
    unresolved multi-asset rather than dropped — unless `integrations.python_hooks` reads them
    (`@dbt_assets`, `@sling_assets` with paths known statically)."""
    if function is not None:
        where = _where(interp, function, node, frame)
        node_name = function.name
    else:
        site = interp.site_range(frame, node)
        where = Where(site, site, site, interp.in_root(frame), interp.root.file)
        node_name = symbol.name.split(".")[-1]
    from assetlens.analyzer.integrations import python_hooks

    drafts = python_hooks.assets_for(interp, symbol.module, symbol.name, kwargs or {}, node_name, where)
    if drafts is not None:
        _finish(drafts, where, node_name, function)
        return AssetsValue(drafts)
    reason = f"keys of `{symbol.module}.{symbol.name}` are only known when Dagster loads it"
    draft = AssetDraft(None, "multi_asset", node_name, "result", unresolved=[reason])
    _finish([draft], where, node_name, function)
    return AssetsValue([draft])


def conditional_placeholder(interp: Interpreter, reason: str) -> AssetsValue:
    """What a call defines when that depends on a branch the interpreter cannot decide (a helper that
    returns an AssetSpec on one way and an asset on the other): one unresolved definition, at the call."""
    site = interp.call_sites[0] if interp.call_sites else None
    where = Where(site, site, site, False, interp.root.file)
    draft = AssetDraft(None, "asset", None, "result", unresolved=[f"what this call defines depends on it: {reason}"])
    _finish([draft], where, None, None)
    value = AssetsValue([draft])
    interp.root.created.append(value)
    return value


def unknown_assets_placeholder(interp: Interpreter, site: Range | None, reason: str) -> AssetsValue:
    """Assets a Definitions loads from a value not known statically: one unresolved definition."""
    where = Where(site, site, site, False, interp.root.file)
    draft = AssetDraft(None, "asset", None, "result", unresolved=[f"the assets this Definitions loads are not known statically: {reason}"])
    _finish([draft], where, None, None)
    value = AssetsValue([draft])
    interp.root.created.append(value)
    return value


def placeholder_asset(interp: Interpreter, node: ast.FunctionDef | ast.AsyncFunctionDef) -> AssetsValue:
    """A decorated function the interpreter could not follow: kept as an unresolved asset."""
    scope = interp.root
    where = Where(decorator_range(node.decorator_list[0], scope.index, scope.source_lines),
                  function_name_range(node, scope.source_lines, scope.index), scope.range(node), True, scope.file)
    draft = AssetDraft(None, "asset", node.name, "result",
                       unresolved=["its definition is too deep or too costly to interpret statically"])
    _finish([draft], where, node.name, None)
    return AssetsValue([draft])
