"""How a generated definition refers to other assets, and spells its own group and code version.

A reference must name the key Dagster will resolve (see synth_plan: `code_key` inside the same load set,
`final_key` elsewhere). Within that constraint the spelling varies the way real code varies: a parameter
named after the upstream asset, `AssetIn(key=..., key_prefix=...)`, `deps=[fn]`, `deps=["name"]`,
`AssetKey(...)` in its several forms, `AssetDep(...)`, an imported `AssetSpec` object, constants and
f-strings.
"""
from __future__ import annotations

import keyword
from dataclasses import dataclass, field

from synth_context import ModuleContext, repr_str
from synth_plan import CodeVersion, KeyPath, PlannedKey

RESERVED_PARAMS = {"context", "config", "warehouse"}


@dataclass
class RenderState:
    """What the rendering of earlier modules left for later ones: the variable bound to each key."""

    bindings: dict[int, str] = field(default_factory=dict)  # id(PlannedKey) -> module-level name

    def bind(self, key: PlannedKey, name: str) -> None:
        self.bindings[id(key)] = name


class References:
    """Spells references to upstream keys from one module."""

    def __init__(self, ctx: ModuleContext, state: RenderState) -> None:
        self.ctx = ctx
        self.state = state
        self.rng = ctx.rng

    def path(self, up: PlannedKey) -> KeyPath:
        """The key path to write for `up` from this module."""
        if up.module.load_set is self.ctx.module.load_set:
            return up.code_key
        return up.final_key

    def bound_object(self, up: PlannedKey) -> str | None:
        """The name of the object defining `up`, when this module may reference it (importing it if needed).

        Assets only from the same load set (importing one elsewhere would load it twice); AssetSpecs from
        anywhere (module loaders skip specs unless include_specs); SourceAssets never (they would load)."""
        name = self.state.bindings.get(id(up))
        if name is None:
            return None
        construct = up.definition.construct
        if construct in {"source", "observable", "spec_list"}:
            return None
        if construct == "spec":
            if self.ctx.module.layer == "external":
                return None
        elif up.module.load_set is not self.ctx.module.load_set:
            return None
        return self.ctx.project(up.module.dotted, name)

    # -- deps=[...] entries ------------------------------------------------------------------------

    def dep_entry(self, up: PlannedKey, *, allow_objects: bool = True) -> str:
        rng = self.rng.random()
        path = self.path(up)
        bound = self.bound_object(up) if allow_objects else None
        if bound is not None and rng < 0.35:
            if self.rng.random() < 0.15 and up.definition.construct != "spec":
                return f"{self.ctx.dg('AssetDep')}({bound})"
            return bound
        rng = self.rng.random()
        if len(path) == 1:
            if rng < 0.55:
                return self.ctx.part(path[0])
            if rng < 0.85:
                return self.ctx.asset_key(path)
            return f"{self.ctx.dg('AssetDep')}({self.ctx.part(path[0])})"
        if rng < 0.8:
            return self.ctx.asset_key(path)
        if rng < 0.92:
            return f"{self.ctx.dg('AssetDep')}({self.ctx.asset_key(path)})"
        return self.ctx.path_list(path)

    def deps_list(self, ups: list[PlannedKey], *, allow_objects: bool = True) -> str:
        return "[" + ", ".join(self.dep_entry(up, allow_objects=allow_objects) for up in ups) + "]"

    def non_argument_deps(self, ups: list[PlannedKey]) -> str:
        """The legacy `non_argument_deps` set: all strings, or all AssetKeys (Dagster requires one kind)."""
        paths = [self.path(up) for up in ups]
        if all(len(path) == 1 for path in paths) and self.rng.random() < 0.7:
            return "{" + ", ".join(repr_str(path[0]) for path in paths) + "}"
        return "{" + ", ".join(self.ctx.asset_key(path) for path in paths) + "}"

    # -- inputs ------------------------------------------------------------------------------------

    def input_entry(self, up: PlannedKey, used: set[str]) -> tuple[str, str | None]:
        """(parameter name, `AssetIn(...)` expression or None when the parameter name alone is the key)."""
        path = self.path(up)
        last = path[-1]
        asset_in = self.ctx.dg("AssetIn")
        rng = self.rng.random()
        if len(path) == 1:
            if rng < 0.6 and last not in used:
                used.add(last)
                return last, None
            alias = self.alias(up, used)
            form = self.rng.randrange(4)
            if form == 0:
                return alias, f"{asset_in}({self.ctx.part(last)})"
            if form == 1:
                return alias, f"{asset_in}(key={self.ctx.part(last)})"
            if form == 2:
                return alias, f"{asset_in}(key={self.ctx.asset_key(path)})"
            return alias, f"{asset_in}(key={self.ctx.path_list(path)})"
        if rng < 0.4 and last not in used and _identifier(last):
            used.add(last)
            return last, f"{asset_in}(key_prefix={self.ctx.prefix(path[:-1])})"
        alias = self.alias(up, used)
        if rng < 0.7:
            return alias, f"{asset_in}(key={self.ctx.path_list(path)})"
        return alias, f"{asset_in}(key={self.ctx.asset_key(path)})"

    def alias(self, up: PlannedKey, used: set[str]) -> str:
        """A parameter name for `up` that is not yet used (added to `used`)."""
        parts = up.name.split("_")
        candidates = ["_".join(parts[2:]), "_".join(parts[1:]), up.name]
        for candidate in candidates:
            if _identifier(candidate) and candidate not in used and candidate not in RESERVED_PARAMS:
                used.add(candidate)
                return candidate
        index = 1
        while f"upstream_{index}" in used:
            index += 1
        used.add(f"upstream_{index}")
        return f"upstream_{index}"

    # -- attributes --------------------------------------------------------------------------------

    def code_version(self, version: CodeVersion) -> str:
        if version.form == "const":
            name = "STAGING_CODE_VERSION" if self.ctx.module.layer == "staging" else "INTERMEDIATE_CODE_VERSION"
            return self.ctx.constant(name)
        if version.form == "fstr":
            base = self.ctx.constant("BASE_CODE_VERSION")
            return f'f"{{{base}}}.{version.value.rsplit(".", 1)[1]}"'
        if version.form == "modconst":
            return "CODE_VERSION"
        return repr_str(version.value)

    def group(self, group: str) -> str:
        module = self.ctx.module
        rng = self.rng.random()
        if module.layer == "external":
            return self.ctx.constant("EXTERNAL_GROUP") if rng < 0.5 else repr_str(group)
        head = group.rsplit(f"_{module.domain}", 1)[0]
        if group != f"{head}_{module.domain}":
            return repr_str(group)
        if rng < 0.4:
            return "GROUP"
        if rng < 0.6:
            return f'f"{head}_{{{self.ctx.domain()}}}"'
        if rng < 0.75:
            return f'"{head}_" + {self.ctx.domain()}'
        return repr_str(group)


def _identifier(name: str) -> bool:
    return name.isidentifier() and not keyword.iskeyword(name)
