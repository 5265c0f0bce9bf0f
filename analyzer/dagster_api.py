"""Dagster's API as the static interpreter sees it: what each Dagster name does when called.

Semantics follow dagster's source (1.13): `AssetKey("a/b")` is one part, `from_user_string` splits,
`with_prefix` prepends, `AssetIn.resolve_key`, `load_assets_from_modules` transforms, and so on.
"""
from __future__ import annotations

import ast
import posixpath
from typing import TYPE_CHECKING, Any

from assetlens.analyzer import builtins_eval
from assetlens.analyzer.keys import from_user_string
from assetlens.analyzer.values import (
    AssetsValue,
    BoundMethod,
    DagsterObject,
    DagsterSymbol,
    DecoratorValue,
    DefinitionsValue,
    ExternalDecorator,
    ExternalSymbol,
    FunctionValue,
    InstanceValue,
    KeyValue,
    LoadedAssets,
    OpOutput,
    OpValue,
    SourceStr,
    Unknown,
)

if TYPE_CHECKING:
    from assetlens.analyzer.interpreter import Frame, Interpreter

ASSET_DECORATORS = frozenset({"asset", "multi_asset", "graph_asset", "graph_multi_asset", "observable_source_asset"})
NODE_DECORATORS = frozenset({"op", "graph"})
DECORATORS = ASSET_DECORATORS | NODE_DECORATORS | frozenset(
    {"definitions", "asset_check", "multi_asset_check", "schedule", "sensor", "job", "asset_sensor",
     "multi_asset_sensor", "run_status_sensor", "run_failure_sensor", "resource", "io_manager",
     "failure_hook", "success_hook", "config_mapping", "repository", "multi_observable_source_asset"}
)
LOAD_FUNCTIONS = frozenset(
    {"load_assets_from_modules", "load_assets_from_package_module", "load_assets_from_current_module",
     "load_assets_from_package_name"}
)
KEY_OWNERS = frozenset({"AssetSpec", "SourceAsset", "AssetDep", "AssetOut", "AssetIn"})
# every name `call` treats apart from DECORATORS (any other is a DagsterObject): keep in step with it
CALLS_BY_NAME = LOAD_FUNCTIONS | frozenset(
    {"file_relative_path", "AssetKey", "AssetKey.from_coercible", "AssetKey.from_user_string", "Definitions",
     "Definitions.merge", "AssetsDefinition.from_graph", "AssetsDefinition.from_op", "AssetsDefinition",
     "with_source_code_references", "link_code_references_to_git", "with_resources"}
)


def _all_str(values: Any) -> bool:
    """`all(isinstance(part, str) for part in values)`, without a generator (it runs for most keys)."""
    for part in values:
        if not isinstance(part, str):
            return False
    return True


def _asset_builder() -> Any:
    """assetlens.analyzer.asset_builder (which imports this module), imported on first use."""
    global _builder
    from assetlens.analyzer import asset_builder

    _builder = asset_builder
    return asset_builder


def _python_hooks() -> Any:
    """assetlens.analyzer.integrations.python_hooks, imported on first use."""
    global _hooks
    from assetlens.analyzer.integrations import python_hooks

    _hooks = python_hooks
    return python_hooks


_builder: Any = None
_hooks: Any = None


def _opaque(value: Any) -> Any:
    """A name from a package outside the project, as an argument: a value not known statically."""
    if isinstance(value, ExternalSymbol):
        return Unknown(f"`{value.module}.{value.name}` comes from outside the project")
    return value


def call(interp: Interpreter, symbol: DagsterSymbol, args: list[Any], kwargs: dict[str, Any], node: ast.Call, frame: Frame) -> Any:
    name = symbol.name
    # names from outside the project become unknown (`_opaque`); the arguments are copied only then
    # (every caller passes lists and dicts made for the call)
    for arg in args:
        if isinstance(arg, ExternalSymbol):
            args = [_opaque(arg) for arg in args]
            break
    for value in kwargs.values():
        if isinstance(value, ExternalSymbol):
            kwargs = {key: _opaque(value) for key, value in kwargs.items()}
            break
    if name in DECORATORS:
        if args and isinstance(args[0], (FunctionValue, OpValue)) and len(args) == 1:
            decorator = DecoratorValue(name, kwargs, [], frame.scope.index.range(node))
            return apply_decorator(interp, decorator, args[0], args[0].node if isinstance(args[0], FunctionValue) else None, node, frame)
        if len(args) == 1 and isinstance(args[0], InstanceValue) and args[0].wrapped is not None:
            decorator = DecoratorValue(name, kwargs, [], frame.scope.index.range(node))
            return apply_decorator(interp, decorator, args[0], args[0].wrapped.node, node, frame)
        return DecoratorValue(name, kwargs, args, frame.scope.index.range(node))
    if name not in CALLS_BY_NAME:  # most calls (AssetIn, AssetSpec, AssetOut, ...): none of the tests below
        return _dagster_object(interp, name, args, kwargs, node, frame)
    if name == "file_relative_path":
        return file_relative_path(args, kwargs)
    if name in ("AssetKey", "AssetKey.from_coercible"):
        return make_key(args[0] if args else kwargs.get("path"), interp, frame, node)
    if name == "AssetKey.from_user_string":
        text = args[0] if args else kwargs.get("asset_key_string")
        if isinstance(text, str):
            return KeyValue(from_user_string(text), frame.scope.index.range(node) if frame.scope is interp.root else None, False, interp.root.file)
        return Unknown("AssetKey.from_user_string of an unknown string")
    if name == "Definitions":
        value = DefinitionsValue(kwargs)
        _keep_unknown_assets(interp, value, interp.site_range(frame, node))
        interp.root.definitions.append(value)
        return value
    if name == "Definitions.merge":
        merged: dict[str, Any] = {}
        for item in args:
            if isinstance(item, DefinitionsValue):
                for key, value in item.kwargs.items():
                    merged.setdefault(key, [])
                    if isinstance(value, list):
                        merged[key].extend(value)
            else:  # load_from_defs_folder(...), or not known: kept for what the location loads
                merged.setdefault("__merged__", []).append(item)
        return DefinitionsValue(merged)
    if name in LOAD_FUNCTIONS:
        return load_assets(interp, name, args, kwargs, node, frame)
    if name in ("AssetsDefinition.from_graph", "AssetsDefinition.from_op"):
        from assetlens.analyzer import asset_builder

        return asset_builder.build_from_node(interp, name, args, kwargs, node, frame)
    if name == "AssetsDefinition" and "specs" in kwargs:
        from assetlens.analyzer import asset_builder

        return asset_builder.build_from_specs(interp, kwargs["specs"], node, frame)
    if name in ("with_source_code_references", "link_code_references_to_git", "with_resources"):
        return args[0] if args else kwargs.get("assets_defs", Unknown("no assets"))
    return _dagster_object(interp, name, args, kwargs, node, frame)


def _dagster_object(interp: Interpreter, name: str, args: list[Any], kwargs: dict[str, Any], node: ast.Call, frame: Frame) -> DagsterObject:
    """A call of a Dagster class kept as it was written (AssetIn, AssetSpec, AssetOut, ...)."""
    root = interp.root
    in_root = frame.scope is root and not interp.call_sites  # interp.in_root(frame)
    return DagsterObject(name, args, kwargs, frame.scope.index.range(node), in_root, created_in=root.file)


def make_key(value: Any, interp: Interpreter, frame: Frame, node: ast.AST | None) -> KeyValue | Unknown:
    """`AssetKey(value)`: a string is ONE part; a list or tuple gives the parts."""
    if isinstance(value, KeyValue):
        return value
    # where the call is, when the key is not a literal of this file (computed only then)
    in_root = node is not None and frame.scope is interp.root
    if isinstance(value, str):
        # the string literal itself is what go-to-definition and rename work on
        if isinstance(value, SourceStr):
            literal = value.range
            if literal is not None:
                return KeyValue((str(value),), literal, value.in_root, value.file)
        return KeyValue((str(value),), frame.scope.index.range(node) if in_root else None, False, interp.root.file)
    if isinstance(value, (list, tuple)) and value and _all_str(value):
        return KeyValue(tuple(map(str, value)), frame.scope.index.range(node) if in_root else None, False, interp.root.file)
    return Unknown("AssetKey of a value not known statically")


def coerce_key(value: Any) -> KeyValue | Unknown:
    """dagster's `AssetKey.from_coercible` (strings are one part), also accepting definitions."""
    if isinstance(value, KeyValue):
        return value
    if isinstance(value, str):
        if isinstance(value, SourceStr):
            return KeyValue((str(value),), value.range, value.in_root, value.file)
        return KeyValue((str(value),))
    if isinstance(value, (list, tuple)):
        if value and _all_str(value):
            return KeyValue(tuple(map(str, value)))
        return Unknown("key parts not known statically")
    if isinstance(value, DagsterObject) and value.kind in KEY_OWNERS:
        return object_key(value)
    if isinstance(value, AssetsValue):
        keys = [draft.key for draft in value.drafts]
        if len(keys) == 1 and keys[0] is not None:
            return KeyValue(keys[0])
        return Unknown("a multi-asset has several keys")
    if isinstance(value, Unknown):
        return value
    return Unknown("key not known statically")


def coerce_prefix(value: Any) -> tuple[str, ...] | Unknown | None:
    """dagster's `key_prefix_from_coercible`: a string is one part, a list gives the parts."""
    if value is None:
        return None
    if isinstance(value, str):
        return (str(value),)
    if isinstance(value, (list, tuple)) and _all_str(value):
        return tuple(map(str, value))
    if isinstance(value, Unknown):
        return value
    return Unknown("key_prefix not known statically")


def object_key(obj: DagsterObject) -> KeyValue | Unknown:
    if obj.kind == "AssetDep":
        target = obj.args[0] if obj.args else obj.kwargs.get("asset")
        return coerce_key(target)
    key = obj.args[0] if obj.args else obj.kwargs.get("key")
    if key is None:
        return Unknown(f"{obj.kind} without a key")
    if obj.kind == "SourceAsset" and "key_prefix" in obj.kwargs:
        base = coerce_key(key)
        prefix = coerce_prefix(obj.kwargs.get("key_prefix"))
        if isinstance(base, KeyValue) and isinstance(prefix, tuple):
            return KeyValue((*prefix, *base.parts), base.range, False, base.file)
    return coerce_key(key)


def attribute(target: Any, name: str) -> Any:
    python_hooks = _hooks or _python_hooks()
    hooked = python_hooks.attribute(target, name)  # DbtProject(...).manifest_path
    if hooked is not None:
        return hooked
    if isinstance(target, KeyValue):
        if name in ("with_prefix", "to_user_string", "to_string", "to_python_identifier"):
            return BoundMethod(target, name)
        if name in ("path", "parts"):
            return list(target.parts)
    if isinstance(target, AssetsValue):
        keys = [draft.key for draft in target.drafts]
        if name == "key":
            if len(keys) == 1 and keys[0] is not None:
                return KeyValue(keys[0])
            return Unknown("`.key` of a definition with several keys")
        if name == "keys":
            if all(key is not None for key in keys):
                return [KeyValue(key) for key in keys]
            return Unknown("keys not known statically")
        if name in ("with_attributes", "map_asset_specs"):
            return BoundMethod(target, name)
    if isinstance(target, DagsterObject):
        if name == "key" and target.kind in KEY_OWNERS:
            return object_key(target)
        if target.kind == "AssetSpec" and name in ("replace_attributes", "merge_attributes", "with_io_manager_key"):
            return BoundMethod(target, name)
        if target.kind in ("EnvVar", "EnvVar.int") and name == "get_value":
            return BoundMethod(target, name)
        if name in target.kwargs:
            return target.kwargs[name]
    if isinstance(target, OpValue) and name in ("alias", "tag", "with_hooks", "with_retry_policy", "configured"):
        return BoundMethod(target, name)
    if isinstance(target, DefinitionsValue) and name in ("get_all_asset_specs", "resolve_all_asset_specs"):
        return Unknown("Definitions methods are not evaluated")
    return None


def call_method(interp: Interpreter, method: BoundMethod, args: list[Any], kwargs: dict[str, Any], node: ast.Call, frame: Frame) -> Any:
    target = method.target
    if isinstance(target, KeyValue):
        if method.name == "with_prefix":
            prefix = coerce_prefix(args[0] if args else kwargs.get("prefix"))
            if isinstance(prefix, tuple):
                return KeyValue((*prefix, *target.parts), target.range, False, target.file)
            return Unknown("with_prefix of an unknown prefix")
        if method.name == "to_user_string":
            return "/".join(target.parts)
        if method.name == "to_python_identifier":
            return "__".join(target.parts).replace("-", "_").replace(".", "_")
        return Unknown(f"AssetKey.{method.name}")
    if isinstance(target, DagsterObject) and target.kind == "AssetSpec":
        merged = dict(target.kwargs)
        if target.args:
            merged.setdefault("key", target.args[0])
        if method.name == "replace_attributes":
            merged.update(kwargs)
        elif method.name == "merge_attributes":
            for key, value in kwargs.items():
                existing = merged.get(key)
                if isinstance(existing, list) and isinstance(value, list):
                    merged[key] = [*existing, *value]
                elif isinstance(existing, dict) and isinstance(value, dict):
                    merged[key] = {**existing, **value}
                else:
                    merged[key] = value
        return DagsterObject("AssetSpec", [], merged, target.range, target.in_root, created_in=interp.root.file)
    if isinstance(target, DagsterObject) and target.kind in ("EnvVar", "EnvVar.int") and method.name == "get_value":
        from assetlens.analyzer import environment

        return environment.env_var_value(interp, target, args, kwargs)
    if isinstance(target, OpValue):
        return target  # op.alias("x")(...) runs the same op
    if isinstance(target, AssetsValue):
        return target  # with_attributes(...) keeps the keys unless given key maps (rare)
    return builtins_eval.call_method(method, args, kwargs)


def call_op(interp: Interpreter, op: OpValue, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """An op called inside a graph body: trace which graph inputs flow into its outputs."""
    inputs: set[str] = set()
    for value in [*args, *kwargs.values()]:
        for item in _flatten(value):
            if isinstance(item, OpOutput):
                inputs |= item.upstream_inputs
    interp_ops = getattr(interp, "graph_ops", None)
    if interp_ops is not None:
        interp_ops.append(op)
    if op.is_graph:
        # a nested graph: follow its body to the op outputs it returns
        from assetlens.analyzer.asset_builder import trace_nested_graph

        nested = trace_nested_graph(interp, op, frozenset(inputs))
        if nested is not None:
            return nested
    outs = op.kwargs.get("out")
    if isinstance(outs, dict) and len(outs) > 1:
        return tuple(OpOutput(op, str(name), frozenset(inputs)) for name in outs)
    return OpOutput(op, "result", frozenset(inputs))


def _flatten(value: Any) -> list[Any]:
    if isinstance(value, (list, tuple)):
        return [item for element in value for item in _flatten(element)]
    if isinstance(value, dict):
        return [item for element in value.values() for item in _flatten(element)]
    return [value]


def apply_decorator(
    interp: Interpreter,
    decorator: DecoratorValue,
    target: Any,
    node: ast.FunctionDef | ast.AsyncFunctionDef | None,
    decorator_node: ast.AST,
    frame: Frame,
) -> Any:
    asset_builder = _builder or _asset_builder()
    kind = decorator.kind
    if isinstance(target, InstanceValue) and target.wrapped is not None:
        # a class-based decorator that called functools.update_wrapper(self, fn): Dagster sees fn's
        # name and (through __wrapped__) signature
        wrapped = target.wrapped
        target = FunctionValue(wrapped.node, wrapped.scope, wrapped.closure, name_as=wrapped.name_as, unresolved=wrapped.unresolved)
    if not isinstance(target, FunctionValue):
        if kind in ASSET_DECORATORS and isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and not isinstance(target, (AssetsValue, OpValue)):
            # what the inner decorators returned is not known: the asset is kept, unresolved
            reason = target.reason if isinstance(target, Unknown) else f"it is a {type(target).__name__}"
            target = FunctionValue(node, frame.scope, None, unresolved=f"@{kind} is applied to what another decorator returned, which is not known statically ({reason})")
        else:
            return target
    if isinstance(target.node, ast.Lambda):
        return Unknown(f"@{kind} applied to a lambda")
    if kind in ASSET_DECORATORS:
        value = asset_builder.build_from_decorator(interp, decorator, target, decorator_node, frame)
        interp.root.created.append(value)
        return value
    if kind in NODE_DECORATORS:
        name = decorator.kwargs.get("name")
        return OpValue(str(name) if isinstance(name, str) else target.name, target, decorator.kwargs, is_graph=kind == "graph")
    if kind in ("definitions", "repository"):
        # what it returns is what the code location loads (assetlens.analyzer.loading reads it)
        result = interp.call_function(target, [], {}, decorator_node, frame)
        if isinstance(result, DefinitionsValue) and kind == "definitions":
            return result
        wrapped = DefinitionsValue({"__returned__": result, "__kind__": kind, "__name__": target.name})
        _keep_unknown_assets(interp, wrapped, interp.site_range(frame, decorator_node))
        interp.root.definitions.append(wrapped)
        return wrapped if kind == "definitions" else target
    return target


def load_assets(interp: Interpreter, name: str, args: list[Any], kwargs: dict[str, Any], node: ast.Call, frame: Frame) -> Any:
    from assetlens.analyzer.values import ModuleValue

    if name == "load_assets_from_current_module":
        modules: Any = [ModuleValue(frame.scope.module, True)]
    elif name == "load_assets_from_package_name":
        package = args[0] if args else kwargs.get("package_name")
        modules = [ModuleValue(str(package), True)] if isinstance(package, str) else Unknown("package name")
    elif name == "load_assets_from_package_module":
        package = args[0] if args else kwargs.get("package_module")
        modules = [package]
    else:
        modules = args[0] if args else kwargs.get("modules")
    group = kwargs.get("group_name", args[1] if len(args) > 1 and name != "load_assets_from_current_module" else None)
    prefix = kwargs.get("key_prefix", args[2] if len(args) > 2 else None)
    source_prefix = kwargs.get("source_key_prefix")
    items = builtins_eval.iterate(modules)
    names: list[str] = []
    for item in items or []:
        if isinstance(item, ModuleValue) and item.in_project:
            names.append(item.name)
    key_prefix = coerce_prefix(prefix)
    source_key_prefix = coerce_prefix(source_prefix)
    loaded = LoadedAssets(
        modules=tuple(names),
        key_prefix=key_prefix if isinstance(key_prefix, tuple) else None,
        group_name=str(group) if isinstance(group, str) else None,
        source_key_prefix=source_key_prefix if isinstance(source_key_prefix, tuple) else None,
        range=frame.scope.index.range(node) if frame.scope is interp.root else None,
        include_specs=kwargs.get("include_specs") is True,
        recursive=name in ("load_assets_from_package_module", "load_assets_from_package_name"),
    )
    interp.root.load_calls.append(loaded)
    return loaded


def call_external(interp: Interpreter, symbol: ExternalSymbol, args: list[Any], kwargs: dict[str, Any], node: ast.Call, frame: Frame) -> Any:
    """A call into a package outside the project: integration decorators and asset builders make
    assets whose keys are unknown until Dagster loads them; anything else is simply not known."""
    from assetlens.analyzer import environment

    value = environment.call(interp, symbol, args, kwargs)  # os.getenv / os.environ.get
    if value is not environment.NOT_ENVIRONMENT:
        return value
    from assetlens.analyzer import stdlib_eval

    value = stdlib_eval.call(symbol, args, kwargs)  # functools.wraps, pathlib, os.path (stdlib_eval.py)
    if value is not stdlib_eval.NOT_HANDLED:
        return value
    from assetlens.analyzer.integrations import python_hooks

    value = python_hooks.call(interp, symbol.module, symbol.name, args, kwargs)  # DbtProject, get_asset_key_for_model
    if value is not python_hooks.NOT_HANDLED:
        return value
    if not symbol.defines_assets:
        return Unknown(f"`{symbol.module}.{symbol.name}(...)` is outside the project")
    if args and isinstance(args[0], FunctionValue) and len(args) == 1:
        return apply_external_decorator(interp, ExternalDecorator(symbol, frame.scope.index.range(node)), args[0], node, frame)
    leaf = symbol.name.split(".")[-1]
    if leaf.startswith(("build_", "load_", "create_")) or not leaf.endswith("_assets"):
        from assetlens.analyzer import asset_builder

        value = asset_builder.external_assets(interp, symbol, None, node, frame)
        interp.root.created.append(value)
        return value
    return ExternalDecorator(symbol, frame.scope.index.range(node), kwargs)


def apply_external_decorator(interp: Interpreter, decorator: ExternalDecorator, target: FunctionValue, decorator_node: ast.AST, frame: Frame) -> Any:
    from assetlens.analyzer import asset_builder

    if isinstance(target.node, ast.Lambda):
        return Unknown(f"`{decorator.symbol.name}` applied to a lambda")
    value = asset_builder.external_assets(interp, decorator.symbol, target, decorator_node, frame, decorator.kwargs)
    interp.root.created.append(value)
    return value


def file_relative_path(args: list[Any], kwargs: dict[str, Any]) -> Any:
    """`dagster.file_relative_path(__file__, "x.yaml")`: `os.path.join(os.path.dirname(dunderfile),
    relative_path)`, a pure path computation (the file system is never read)."""
    dunderfile = args[0] if args else kwargs.get("dunderfile")
    relative = args[1] if len(args) > 1 else kwargs.get("relative_path")
    if len(args) > 2 or not isinstance(dunderfile, str) or not isinstance(relative, str):
        return Unknown("`file_relative_path(...)` of values not known statically")
    return posixpath.join(posixpath.dirname(str(dunderfile)), str(relative))


def _unknown_assets(value: Any) -> Unknown | None:
    """The first value a Definitions loads as assets that is not known statically and keeps no
    definition of its own (a factory's result built from a file, say)."""
    stack, seen = [value], set()
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, Unknown):
            if current.holds:
                continue  # what it holds is kept (unresolved) already
            return current
        if isinstance(current, (list, tuple)):
            stack.extend(current)
        elif isinstance(current, DefinitionsValue):
            stack.extend(current.kwargs[name] for name in ("assets", "__returned__", "__merged__") if name in current.kwargs)
    return None


def _keep_unknown_assets(interp: Interpreter, definitions: DefinitionsValue, site: Range | None) -> None:
    """Assets a Definitions loads from a value the interpreter cannot know are never dropped
    silently: one unresolved definition stands for them (AL006 at `site`)."""
    from assetlens.analyzer.asset_builder import unknown_assets_placeholder

    unknown = _unknown_assets(definitions)
    if unknown is None:
        return
    placeholder = unknown_assets_placeholder(interp, site, unknown.reason)
    assets = definitions.kwargs.get("assets")
    definitions.kwargs["assets"] = [*assets, placeholder] if isinstance(assets, list) else [assets, placeholder] if "assets" in definitions.kwargs else [placeholder]
