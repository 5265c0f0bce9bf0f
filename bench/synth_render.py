"""Renders each planned definition as Python source: one function per construct of issue 2.

@asset (bare, name=, key=, key_prefix=), @multi_asset with outs and with specs, @graph_asset and
@graph_multi_asset with their @ops, AssetsDefinition.from_graph / from_op, factory calls (across modules,
inside a module, in `for` loops and comprehensions), AssetSpec / SourceAsset / @observable_source_asset,
and a name defined twice (the last definition wins).
"""
from __future__ import annotations

import random

from synth_bodies import BodyWriter, docstring, words
from synth_context import ModuleContext, repr_str
from synth_format import call_expr, dict_expr, list_expr, statement
from synth_plan import Definition, KeyPath, PlannedKey
from synth_refs import References, RenderState
from synth_vocab import KINDS, TIER_BY_LAYER

OUTPUT_NAMES = ("primary", "rejected", "summary", "history")


def call(head: str, args: list[str], indent: str = "") -> list[str]:
    """`head(arg, ...)` as lines: on one line when it fits, else one argument per line."""
    return statement("", lambda used: call_expr(head, args, used), indent)


def decorator_lines(decorator: str, args: list[str]) -> list[str]:
    """`@decorator(arg, ...)` laid out like a call."""
    lines = call(decorator, args)
    lines[0] = "@" + lines[0]
    return lines


def dict_literal(items: list[tuple[str, str]]) -> str:
    return dict_expr(items, used=24)


def list_literal(items: list[str]) -> str:
    return list_expr(items, used=24)


class DefinitionRenderer:
    """Renders the definitions of one module."""

    def __init__(self, ctx: ModuleContext, state: RenderState) -> None:
        self.ctx = ctx
        self.state = state
        self.refs = References(ctx, state)
        self.rng = ctx.rng
        self._last_fn = ""  # the function name the last rendered @asset got

    def render(self, definition: Definition) -> list[str]:
        self.rng = random.Random(definition.seed)
        self.refs.rng = self.rng
        self.ctx.rng = self.rng
        method = getattr(self, f"_render_{definition.construct}")
        if definition.construct == "asset" and definition.shadowed:
            final = method(definition)
            fn_name = self._last_fn
            self.rng = random.Random(definition.seed + 1)
            self.refs.rng = self.ctx.rng = self.rng
            earlier = self._render_asset(definition, force_fn=fn_name, shadow=True)
            return ["# superseded by the definition below; kept until the backfill has finished",
                    *earlier, "", "", *final]
        return method(definition)

    # -- shared pieces -----------------------------------------------------------------------------

    def _metadata_kwargs(self, definition: Definition, *, docstring_used: bool) -> list[str]:
        rng = self.rng
        module = definition.module
        kwargs: list[str] = []
        if not docstring_used and rng.random() < 0.5:
            kwargs.append(f"description={repr_str(f'{words(definition.fn).capitalize()} ({module.domain}).')}")
        if rng.random() < 0.4:
            team = module.domain if rng.random() < 0.7 else "data-platform"
            kwargs.append(f'owners=["team:{team}"]')
        if rng.random() < 0.5:
            tier = TIER_BY_LAYER[module.layer]
            kwargs.append(f'tags={{"domain": "{module.domain}", "tier": "{tier}"}}')
        if rng.random() < 0.35:
            kinds = sorted(rng.sample(KINDS, rng.choice([1, 2])))
            kwargs.append("kinds={" + ", ".join(repr_str(kind) for kind in kinds) + "}")
        if rng.random() < 0.25:
            kwargs.append(f'metadata={{"sla_hours": {rng.choice([2, 6, 12, 24])}, "pii": {rng.random() < 0.2}}}')
        return kwargs

    def _key_kwargs(self, code_key: KeyPath) -> tuple[list[str], str]:
        """Decorator arguments spelling `code_key` for a single-asset decorator, and the function name."""
        rng = self.rng.random()
        name = code_key[-1]
        if len(code_key) == 1:
            if rng < 0.75:
                return [], name
            if rng < 0.9:
                return [f"name={repr_str(name)}"], f"compute_{name}"
            return [f"key={self.ctx.key_value(code_key)}"], f"compute_{name}"
        if rng < 0.7:
            return [f"key_prefix={self.ctx.prefix(code_key[:-1])}"], name
        if rng < 0.8:
            return [f"name={repr_str(name)}", f"key_prefix={self.ctx.prefix(code_key[:-1])}"], f"build_{name}"
        return [f"key={self.ctx.key_value(code_key)}"], f"compute_{name}"

    def _inputs(self, ups: list[PlannedKey]) -> tuple[list[str], list[tuple[str, str]]]:
        """Parameter names for `ups`, and the `ins` entries those that need one."""
        used: set[str] = set()
        params: list[str] = []
        ins: list[tuple[str, str]] = []
        for up in ups:
            param, asset_in = self.refs.input_entry(up, used)
            params.append(param)
            if asset_in is not None:
                ins.append((repr_str(param), asset_in))
        return params, ins

    def _signature(self, fn: str, params: list[str], returns: str | None) -> list[str]:
        suffix = f" -> {returns}:" if returns else ":"
        line = f"def {fn}({', '.join(params)}){suffix}"
        if len(line) <= 100:
            return [line]
        return [f"def {fn}(", *[f"    {param}," for param in params], f"){suffix}"]

    def _context_param(self, op: bool = False) -> str:
        kind = "OpExecutionContext" if op else "AssetExecutionContext"
        return f"context: {self.ctx.dg(kind)}" if self.rng.random() < 0.8 else "context"

    # -- @asset ------------------------------------------------------------------------------------

    def _render_asset(self, definition: Definition, *, force_fn: str | None = None, shadow: bool = False) -> list[str]:
        rng = self.rng
        ctx = self.ctx
        key = definition.keys[0]
        ups = list(definition.upstream)
        if force_fn is None:
            kwargs, fn = self._key_kwargs(key.code_key)
        else:  # the same function name as the definition it precedes, so that one replaces it
            fn = force_fn
            name = key.code_key[-1]
            kwargs = [] if fn == name else [f"name={repr_str(name)}"]
            if len(key.code_key) > 1:
                kwargs.append(f"key_prefix={ctx.prefix(key.code_key[:-1])}")
        inputs: list[PlannedKey] = []
        deps: list[PlannedKey] = []
        legacy = bool(ups) and rng.random() < 0.04
        if shadow and ups:
            ups = ups[:-1]
        if legacy:
            deps = ups
        else:
            for up in ups:
                (inputs if rng.random() < 0.55 else deps).append(up)
        params, ins = self._inputs(inputs)
        if ins:
            kwargs.append(f"ins={dict_literal(ins)}")
        if deps:
            if legacy:
                kwargs.append(f"non_argument_deps={self.refs.non_argument_deps(deps)}")
            else:
                kwargs.append(f"deps={list_literal([self.refs.dep_entry(up) for up in deps])}")
        if shadow:
            kwargs.append('code_version="0"')
        elif key.code_version is not None:
            kwargs.append(f"code_version={self.refs.code_version(key.code_version)}")
        if definition.code_group is not None:
            kwargs.append(f"group_name={self.refs.group(definition.code_group)}")
        use_doc = rng.random() < 0.7
        kwargs.extend(self._metadata_kwargs(definition, docstring_used=use_doc))
        context = rng.random() < 0.85
        warehouse = not inputs and rng.random() < (0.6 if definition.module.layer == "raw" else 0.15)
        config = rng.random() < 0.08
        signature_params = ([self._context_param()] if context else []) + params
        if warehouse:
            signature_params.append(f"warehouse: {ctx.project('acme_data.resources', 'WarehouseResource')}")
        if config:
            signature_params.append(f"config: {ctx.project('acme_data.resources', 'LookbackConfig')}")
        returns_rows = rng.random() < 0.6
        returns = "list[dict[str, Any]]" if returns_rows else ctx.dg("MaterializeResult")
        decorator = ctx.dg("asset")
        bare = not kwargs and rng.random() < 0.8
        lines = [f"@{decorator}"] if bare else decorator_lines(decorator, kwargs)
        lines += self._signature(fn, signature_params, returns)
        if use_doc:
            lines += docstring(rng, key.name, definition.module.domain)
        body = BodyWriter(ctx, rng)
        body.start(key.name, params, context=context, warehouse=warehouse, config=config)
        body.blocks(params, context=context, target_lines=rng.randint(11, 19) if not shadow else 4)
        if returns_rows:
            body.return_rows(context=context)
        else:
            body.return_materialize()
        self._last_fn = fn
        if not shadow:
            self.state.bind(key, fn)
        return lines + body.lines

    # -- @multi_asset(outs=...) --------------------------------------------------------------------

    def _out(self, key: PlannedKey, output_name: str, with_group: bool, optional: bool = False) -> str:
        ctx = self.ctx
        args: list[str] = []
        if output_name == key.name:
            if len(key.code_key) > 1:
                args.append(f"key_prefix={ctx.prefix(key.code_key[:-1])}")
        else:
            spelled = ctx.asset_key(key.code_key) if self.rng.random() < 0.6 else ctx.path_list(key.code_key)
            args.append(f"key={spelled}")
        if key.code_version is not None:
            args.append(f"code_version={self.refs.code_version(key.code_version)}")
        if with_group and key.definition.code_group is not None:
            args.append(f"group_name={self.refs.group(key.definition.code_group)}")
        if self.rng.random() < 0.3:
            args.append(f"description={repr_str(f'{words(key.name).capitalize()}.')}")
        if optional:
            args.append("is_required=False")
        return call_expr(ctx.dg("AssetOut"), args, used=28)

    def _output_names(self, definition: Definition) -> list[str]:
        if self.rng.random() < 0.6:
            return [key.name for key in definition.keys]
        return list(OUTPUT_NAMES[: len(definition.keys)])

    def _render_multi_outs(self, definition: Definition) -> list[str]:
        rng = self.rng
        ctx = self.ctx
        ups = definition.upstream
        output_names = self._output_names(definition)
        group_on_outs = rng.random() < 0.6
        can_subset = rng.random() < 0.2
        outs = []
        for key, output_name in zip(definition.keys, output_names, strict=True):
            out = self._out(key, output_name, group_on_outs, optional=can_subset)
            outs.append((repr_str(output_name), out))
        inputs: list[PlannedKey] = []
        deps: list[PlannedKey] = []
        for up in ups:
            (inputs if rng.random() < 0.6 else deps).append(up)
        params, ins = self._inputs(inputs)
        kwargs = [f"outs={dict_literal(outs)}"]
        if ins:
            kwargs.append(f"ins={dict_literal(ins)}")
        if deps:
            kwargs.append(f"deps={list_literal([self.refs.dep_entry(up) for up in deps])}")
        if any(len(key.deps) != len(ups) for key in definition.keys):
            internal = []
            for key, output_name in zip(definition.keys, output_names, strict=True):
                members = [ctx.asset_key(self.refs.path(up)) for up in key.deps]
                internal.append((repr_str(output_name), "{" + ", ".join(members) + "}" if members else "set()"))
            kwargs.append(f"internal_asset_deps={dict_literal(internal)}")
        if not group_on_outs and definition.code_group is not None:
            kwargs.append(f"group_name={self.refs.group(definition.code_group)}")
        if can_subset:
            kwargs.append("can_subset=True")
        lines = decorator_lines(ctx.dg("multi_asset"), kwargs)
        lines += self._signature(definition.fn, [self._context_param(), *params], None)
        lines += docstring(rng, definition.fn, definition.module.domain)
        body = BodyWriter(ctx, rng)
        body.start(definition.fn, params, context=True, warehouse=False, config=False)
        body.blocks(params, context=True, target_lines=rng.randint(12, 20))
        if can_subset:
            body.yield_outputs()
        else:
            body.return_outputs(len(output_names))
        return lines + body.lines

    # -- @multi_asset(specs=[...]) -----------------------------------------------------------------

    def _render_multi_specs(self, definition: Definition) -> list[str]:
        rng = self.rng
        ctx = self.ctx
        specs = []
        for key in definition.keys:
            args = [ctx.key_value(key.code_key) if rng.random() < 0.5 else f"key={ctx.key_value(key.code_key)}"]
            if key.deps:
                args.append(f"deps={self.refs.deps_list(key.deps)}")
            if key.code_version is not None:
                args.append(f"code_version={self.refs.code_version(key.code_version)}")
            if definition.code_group is not None:
                args.append(f"group_name={self.refs.group(definition.code_group)}")
            if rng.random() < 0.4:
                args.append(f"description={repr_str(f'{words(key.name).capitalize()}.')}")
            if rng.random() < 0.3:
                args.append("kinds={" + repr_str(rng.choice(KINDS)) + "}")
            specs.append(call_expr(ctx.dg("AssetSpec"), args, used=12))
        kwargs = [f"specs={list_literal(specs)}"]
        if rng.random() < 0.5:
            kwargs.append("can_subset=True")
        lines = decorator_lines(ctx.dg("multi_asset"), kwargs)
        warehouse = rng.random() < 0.5
        params = [f"context: {ctx.dg('AssetExecutionContext')}"]
        if warehouse:
            params.append(f"warehouse: {ctx.project('acme_data.resources', 'WarehouseResource')}")
        lines += self._signature(definition.fn, params, None)
        lines += docstring(rng, definition.fn, definition.module.domain)
        body = BodyWriter(ctx, rng)
        body.start(definition.fn, [], context=True, warehouse=warehouse, config=False)
        body.blocks([], context=True, target_lines=rng.randint(14, 20))
        body.yield_materializations()
        return lines + body.lines

    # -- ops for graph-backed assets ---------------------------------------------------------------

    def _ops(self, stem: str, with_merge: bool, with_publish: bool = False) -> list[str]:
        ctx = self.ctx
        rng = self.rng
        op = ctx.dg("op")
        lines: list[str] = []
        names = [("clean", ["rows: list"])]
        if with_merge:
            names.append(("merge", ["left: list", "right: list"]))
        if with_publish:
            names.append(("publish", ["rows: list"]))
        for verb, params in names:
            description = repr_str(f"{verb.capitalize()} step of {words(stem)}.")
            decorator = f"@{op}" if rng.random() < 0.6 else f"@{op}(description={description})"
            lines += [decorator, *self._signature(f"{verb}_{stem}", [self._context_param(op=True), *params], "list")]
            lines += docstring(rng, f"{verb} {stem}", ctx.module.domain)
            body = BodyWriter(ctx, rng)
            inputs = [p.split(":")[0] for p in params]
            body.start(f"{verb}_{stem}", inputs, context=True, warehouse=False, config=False)
            body.blocks(inputs, context=True, target_lines=rng.randint(7, 12))
            body.emit("return rows")
            lines += body.lines + ["", ""]
        return lines

    def _graph_body(self, stem: str, params: list[str]) -> list[str]:
        lines = [f"    cleaned = clean_{stem}({params[0]})"]
        current = "cleaned"
        for param in params[1:]:
            lines.append(f"    {current if current != 'cleaned' else 'combined'} = merge_{stem}({current}, {param})")
            current = "combined"
        return lines + [f"    return {current}"]

    # -- @graph_asset ------------------------------------------------------------------------------

    def _render_graph_asset(self, definition: Definition) -> list[str]:
        rng = self.rng
        ctx = self.ctx
        key = definition.keys[0]
        params, ins = self._inputs(definition.upstream)
        stem = key.name
        lines = self._ops(stem, with_merge=len(params) > 1)
        kwargs, fn = self._key_kwargs(key.code_key)
        if fn == f"build_{key.name}" or fn == f"compute_{key.name}":
            fn = f"{key.name}_graph"
        if ins:
            kwargs.append(f"ins={dict_literal(ins)}")
        if key.code_version is not None:
            kwargs.append(f"code_version={self.refs.code_version(key.code_version)}")
        if definition.code_group is not None:
            kwargs.append(f"group_name={self.refs.group(definition.code_group)}")
        kwargs.extend(self._metadata_kwargs(definition, docstring_used=True))
        decorator = ctx.dg("graph_asset")
        lines += decorator_lines(decorator, kwargs) if kwargs else [f"@{decorator}"]
        lines += self._signature(fn, params, None)
        lines += docstring(rng, key.name, definition.module.domain)
        lines += self._graph_body(stem, params)
        self.state.bind(key, fn)
        return lines

    # -- @graph_multi_asset ------------------------------------------------------------------------

    def _render_graph_multi(self, definition: Definition) -> list[str]:
        rng = self.rng
        ctx = self.ctx
        params, ins = self._inputs(definition.upstream)
        stem = definition.fn
        lines = self._ops(stem, with_merge=len(params) > 1, with_publish=True)
        output_names = self._output_names(definition)
        on_outs = definition.ignored_group
        outs = [(repr_str(name), self._out(key, name, with_group=on_outs))
                for key, name in zip(definition.keys, output_names, strict=True)]
        kwargs = [f"outs={dict_literal(outs)}"]
        if ins:
            kwargs.append(f"ins={dict_literal(ins)}")
        if definition.code_group is not None and not on_outs:
            kwargs.append(f"group_name={self.refs.group(definition.code_group)}")
        lines += decorator_lines(ctx.dg("graph_multi_asset"), kwargs)
        lines += self._signature(stem, params, None)
        lines += docstring(rng, stem, definition.module.domain)
        lines.append(f"    cleaned = clean_{stem}({params[0]})")
        current = "cleaned"
        for param in params[1:]:
            lines.append(f"    combined = merge_{stem}({current}, {param})")
            current = "combined"
        results = [(repr_str(output_names[0]), f"publish_{stem}(cleaned)")]
        results += [(repr_str(name), f"publish_{stem}({current})") for name in output_names[1:]]
        returned = dict_literal(results).split("\n")
        lines.append(f"    return {returned[0]}")
        lines += [f"    {line}" for line in returned[1:]]
        return lines

    # -- AssetsDefinition.from_graph / from_op -----------------------------------------------------

    def _keys_by_input(self, params: list[str], ups: list[PlannedKey]) -> str:
        pairs = zip(params, ups, strict=True)
        items = [(repr_str(param), self.ctx.asset_key(self.refs.path(up))) for param, up in pairs]
        return dict_literal(items)

    def _render_from_graph(self, definition: Definition) -> list[str]:
        rng = self.rng
        ctx = self.ctx
        key = definition.keys[0]
        used: set[str] = set()
        params = [self.refs.alias(up, used) for up in definition.upstream]
        stem = key.name
        lines = self._ops(stem, with_merge=len(params) > 1)
        lines += [f"@{ctx.dg('graph')}", *self._signature(f"{stem}_graph", params, None)]
        lines += docstring(rng, f"{stem} graph", definition.module.domain)
        lines += self._graph_body(stem, params) + ["", ""]
        args = [f"{stem}_graph", f"keys_by_input_name={self._keys_by_input(params, definition.upstream)}"]
        if len(key.code_key) > 1 and rng.random() < 0.4:
            args.append(f'keys_by_output_name={{"result": {ctx.asset_key((key.code_key[-1],))}}}')
            args.append(f"key_prefix={ctx.prefix(key.code_key[:-1])}")
        else:
            args.append(f'keys_by_output_name={{"result": {ctx.asset_key(key.code_key)}}}')
        if definition.code_group is not None:
            args.append(f"group_name={self.refs.group(definition.code_group)}")
        lines += call(f"{stem} = {ctx.dg('AssetsDefinition')}.from_graph", args)
        self.state.bind(key, stem)
        return lines

    def _render_from_op(self, definition: Definition) -> list[str]:
        rng = self.rng
        ctx = self.ctx
        key = definition.keys[0]
        ups = definition.upstream
        paths = [self.refs.path(up) for up in ups]
        implicit = bool(ups) and all(len(p) == 1 for p in paths) and len({p[0] for p in paths}) == len(paths) \
            and rng.random() < 0.5
        used: set[str] = set()
        params = [p[0] for p in paths] if implicit else [self.refs.alias(up, used) for up in ups]
        op = ctx.dg("op")
        description = repr_str(f"{words(key.name).capitalize()}.")
        lines = [f"@{op}" if rng.random() < 0.7 else f"@{op}(description={description})"]
        lines += self._signature(key.name, [self._context_param(op=True), *params], "list")
        lines += docstring(rng, key.name, definition.module.domain)
        body = BodyWriter(ctx, rng)
        body.start(key.name, params, context=True, warehouse=False, config=False)
        body.blocks(params, context=True, target_lines=rng.randint(12, 20))
        body.emit("return rows")
        lines += body.lines + ["", ""]
        args = [key.name]
        if ups and not implicit:
            args.append(f"keys_by_input_name={self._keys_by_input(params, ups)}")
        if len(key.code_key) > 1:
            args.append(f"key_prefix={ctx.prefix(key.code_key[:-1])}")
        if definition.code_group is not None:
            args.append(f"group_name={self.refs.group(definition.code_group)}")
        variable = f"{key.name}_asset"
        lines += call(f"{variable} = {ctx.dg('AssetsDefinition')}.from_op", args)
        self.state.bind(key, variable)
        return lines

    # -- factories ---------------------------------------------------------------------------------

    def _render_factory_snapshot(self, definition: Definition) -> list[str]:
        rng = self.rng
        ctx = self.ctx
        key = definition.keys[0]
        factory = ctx.project("acme_data.lib.factories", "build_snapshot_asset")
        table = key.name[len("snap_"):]
        domain = ctx.domain() if rng.random() < 0.6 else repr_str(definition.module.domain)
        args = [repr_str(table), domain if rng.random() < 0.5 else f"domain={domain}"]
        if definition.upstream:
            paths = [repr_str("/".join(self.refs.path(up))) for up in definition.upstream]
            args.append(f"upstream={list_literal(paths)}")
        assert key.code_version is not None
        args.append(f"code_version={repr_str(key.code_version.value)}")
        if definition.code_group is not None:
            args.append(f"group_name={self.refs.group(definition.code_group)}")
        self.state.bind(key, key.name)
        return [f"# daily snapshot of {words(table)}", *call(f"{key.name} = {factory}", args)]

    def _render_factory_rollup_loop(self, definition: Definition) -> list[str]:
        rng = self.rng
        ctx = self.ctx
        factory = ctx.project("acme_data.lib.factories", "build_rollup_asset")
        stem = definition.fn
        version = definition.keys[0].code_version
        assert version is not None
        values = "[" + ", ".join(repr_str(v) for v in definition.loop_values) + "]"
        lines: list[str] = []
        if rng.random() < 0.5:
            constant = f"{stem.upper()}_GRAINS"
            lines.append(f"{constant} = {values}")
            values = constant
        source = self.refs.path(definition.upstream[0])
        args = [f'f"{stem}_{{grain}}"', f"source_key={ctx.path_list(source)}", "grain=grain",
                f"code_version={repr_str(version.value)}"]
        if definition.code_group is not None:
            args.append(f"group_name={self.refs.group(definition.code_group)}")
        lines += [f"{stem}_rollups = []", f"for grain in {values}:"]
        appended = call(factory, args, indent="        ")
        appended[0] = appended[0].lstrip()
        lines += [f"    {stem}_rollups.append(", f"        {appended[0]}", *appended[1:], "    )"]
        return lines

    def _render_local_factory_loop(self, definition: Definition) -> list[str]:
        rng = self.rng
        ctx = self.ctx
        module = definition.module
        stem = definition.fn
        version = definition.keys[0].code_version
        assert version is not None
        builder = f"_build_{stem}_check"
        decorator_args = [f'name=f"{stem}_{{metric}}"']
        if module.key_prefix:
            decorator_args.append(f"key_prefix={ctx.prefix(module.key_prefix)}")
        decorator_args.append(f"deps=[{ctx.dg('AssetKey')}(upstream)]")
        decorator_args.append(f"code_version={repr_str(version.value)}")
        if definition.code_group is not None:
            decorator_args.append(f"group_name={self.refs.group(definition.code_group)}")
        lines = [f"def {builder}(metric: str, upstream: list[str]) -> {ctx.dg('AssetsDefinition')}:",
                 f'    """Builds the {words(stem)} check asset for one quality metric."""', ""]
        lines += ["    @" + line.lstrip() if i == 0 else line
                  for i, line in enumerate(call(ctx.dg("asset"), decorator_args, indent="    "))]
        result = ctx.dg("MaterializeResult")
        ctx.std("from typing import Any")
        lines += [f"    def _check(context: {ctx.dg('AssetExecutionContext')}) -> {result}:",
                  '        context.log.info("checking %s of %s", metric, "/".join(upstream))',
                  "        observed: dict[str, Any] = {\"metric\": metric, \"upstream\": upstream}",
                  f"        threshold = {rng.choice(['0.95', '0.99', '0.9'])}",
                  "        passed = len(upstream) > 0 and threshold < 1",
                  "        if not passed:",
                  '            context.log.warning("%s below threshold for %s", metric, upstream[-1])',
                  f"        return {result}(metadata={{**observed, \"passed\": passed}})",
                  "", "    return _check", "", ""]
        values = "[" + ", ".join(repr_str(v) for v in definition.loop_values) + "]"
        source = ctx.path_list(self.refs.path(definition.upstream[0]))
        one_line = f"{stem}_checks = [{builder}(metric, {source}) for metric in {values}]"
        if len(one_line) <= 100:
            return lines + [one_line]
        return lines + [f"{stem}_checks = [", f"    {builder}(metric, {source})", f"    for metric in {values}", "]"]

    # -- external assets ---------------------------------------------------------------------------

    def _render_spec(self, definition: Definition) -> list[str]:
        ctx = self.ctx
        rng = self.rng
        key = definition.keys[0]
        variable = key.name.upper()
        args = [ctx.key_value(key.code_key) if rng.random() < 0.4 else f"key={ctx.key_value(key.code_key)}",
                f"group_name={self.refs.group('external')}",
                f"description={repr_str(f'{words(key.name).capitalize()}, loaded by an external tool.')}"]
        if rng.random() < 0.5:
            args.append('owners=["team:data-platform"]')
        if rng.random() < 0.5:
            args.append(f'metadata={{"source_system": {ctx.domain()}, "freshness_hours": {rng.choice([1, 6, 24])}}}')
        if rng.random() < 0.4:
            args.append('kinds={"' + rng.choice(["s3", "postgres", "snowflake"]) + '"}')
        self.state.bind(key, variable)
        return call(f"{variable} = {ctx.dg('AssetSpec')}", args)

    def _render_spec_list(self, definition: Definition) -> list[str]:
        ctx = self.ctx
        names = list_literal([repr_str(key.name) for key in definition.keys])
        prefix = definition.keys[0].code_key[:-1]
        key = "[" + ", ".join(ctx.part(part) for part in prefix) + ", table]"
        spec = ctx.dg("AssetSpec")
        group = self.refs.group("external")
        spec_call = call_expr(spec, [key, f"group_name={group}", 'description=f"{table} as exported nightly"'], 4)
        return [f"{definition.fn}_NAMES = {names}", f"{definition.fn} = [",
                *[f"    {line}" for line in spec_call.split("\n")],
                f"    for table in {definition.fn}_NAMES", "]"]

    def _render_source(self, definition: Definition) -> list[str]:
        ctx = self.ctx
        rng = self.rng
        key = definition.keys[0]
        value = ctx.key_value(key.code_key)
        args = [value if rng.random() < 0.3 else f"key={value}", f"group_name={self.refs.group('external')}",
                f"description={repr_str(f'{words(key.name).capitalize()} (legacy feed).')}"]
        self.state.bind(key, key.name)
        return call(f"{key.name} = {ctx.dg('SourceAsset')}", args)

    def _render_observable(self, definition: Definition) -> list[str]:
        ctx = self.ctx
        rng = self.rng
        key = definition.keys[0]
        args = [f"group_name={self.refs.group('external')}"]
        if len(key.code_key) > 1:
            args.append(f"key_prefix={ctx.prefix(key.code_key[:-1])}")
        if rng.random() < 0.5:
            args.append(f"description={repr_str(f'{words(key.name).capitalize()}, observed hourly.')}")
        ctx.std("import hashlib")
        lines = decorator_lines(ctx.dg("observable_source_asset"), args)
        lines += [f"def {key.name}(context) -> {ctx.dg('DataVersion')}:"]
        lines += docstring(rng, key.name, definition.module.domain)
        lines += [f'    context.log.info("observing %s", {repr_str(key.name)})',
                  f'    listing = ["{key.name}/part-0000.parquet", "{key.name}/part-0001.parquet"]',
                  '    fingerprint = hashlib.sha256("\\n".join(sorted(listing)).encode()).hexdigest()',
                  f"    return {ctx.dg('DataVersion')}(fingerprint[:16])"]
        self.state.bind(key, key.name)
        return lines
