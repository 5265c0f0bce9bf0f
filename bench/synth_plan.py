"""The plan of a synthetic code location: modules, load sets, definitions, keys and the dependency DAG.

Planning decides *what* exists (every key as written in code and as Dagster finally sees it, its group,
code version and upstream keys); the renderers decide *how it is spelled*. The plan is deterministic for
a seed. Keys are created in a global order (layer by layer, module by module, definition by definition)
and each definition only depends on keys created before it, so the graph has no cycle and every
dependency is defined.

How keys change on load mirrors Dagster (dagster/_core/definitions/module_loaders/object_list.py):
`load_assets_from_modules(..., key_prefix=P)` prefixes every asset key of the load set *and* every
dependency on a key of the same load set; other dependencies are left alone. Hence a reference written in
code must spell `code_key` inside the same load set and `final_key` from anywhere else.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field

from synth_vocab import DOMAINS, GRAINS, LAYER_ABBREVIATION, NOUNS, QUALITY_METRICS, SOURCE_SYSTEMS

KeyPath = tuple[str, ...]
LAYERS: tuple[str, ...] = ("external", "raw", "staging", "intermediate", "marts")

# Values of acme_data/constants.py that code versions and prefixes are spelled with.
BASE_CODE_VERSION = "2024.11"
STAGING_CODE_VERSION = BASE_CODE_VERSION + ".3"
INTERMEDIATE_CODE_VERSION = f"{BASE_CODE_VERSION}.1"

# Which constructs a module of each layer is made of (weights), and how many keys each one defines.
CONSTRUCT_WEIGHTS: dict[str, dict[str, int]] = {
    "raw": {"asset": 70, "multi_outs": 9, "multi_specs": 5, "from_op": 6, "factory_snapshot": 6},
    "staging": {"asset": 60, "multi_outs": 8, "multi_specs": 5, "graph_asset": 8, "from_graph": 4,
                "factory_snapshot": 5, "local_factory_loop": 5, "from_op": 3},
    "intermediate": {"asset": 52, "multi_outs": 10, "multi_specs": 6, "graph_asset": 9, "graph_multi": 6,
                     "from_graph": 4, "factory_rollup_loop": 6, "local_factory_loop": 4, "from_op": 2},
    "marts": {"asset": 58, "multi_outs": 9, "multi_specs": 6, "graph_asset": 7, "graph_multi": 4,
              "factory_rollup_loop": 8, "factory_snapshot": 4, "local_factory_loop": 4},
}
NEEDS_UPSTREAM = {"graph_asset", "graph_multi", "from_graph", "factory_rollup_loop", "local_factory_loop"}

# Where upstream keys come from, per layer: (source pool, weight).
UPSTREAM_SOURCES: dict[str, tuple[tuple[str, int], ...]] = {
    "staging": (("raw", 80), ("staging", 20)),
    "intermediate": (("staging", 60), ("intermediate", 30), ("raw", 10)),
    "marts": (("intermediate", 50), ("marts", 25), ("staging", 25)),
}

ANALYZER_KIND: dict[str, str] = {
    "asset": "asset", "from_op": "asset", "factory_snapshot": "asset", "factory_rollup_loop": "asset",
    "local_factory_loop": "asset", "multi_outs": "multi_asset", "multi_specs": "multi_asset",
    "graph_asset": "graph_asset", "from_graph": "graph_asset", "graph_multi": "graph_multi_asset",
    "spec": "spec", "spec_list": "spec", "source": "source", "observable": "source",
}


@dataclass(eq=False)
class LoadSet:
    """One `load_assets_from_modules`/`load_assets_from_package_module` call of the definitions module."""

    var: str
    prefix: KeyPath
    group: str | None
    package: str | None = None  # dotted package: loaded with load_assets_from_package_module
    include_specs: bool = False
    modules: list[ModulePlan] = field(default_factory=list)


@dataclass(eq=False)
class CodeVersion:
    """A code version and how it is spelled: "lit" (a literal), "const" (STAGING/INTERMEDIATE_CODE_VERSION
    imported from constants), "fstr" (f"{BASE_CODE_VERSION}.n"), "modconst" (the module's CODE_VERSION)."""

    value: str
    form: str


@dataclass(eq=False)
class PlannedKey:
    name: str  # the last key part; globally unique, a valid identifier
    code_key: KeyPath  # as the definition spells it (before its load set's prefix)
    final_key: KeyPath  # as Dagster sees it
    group: str  # effective group
    code_version: CodeVersion | None
    definition: Definition
    deps: list[PlannedKey] = field(default_factory=list)

    @property
    def module(self) -> ModulePlan:
        return self.definition.module


@dataclass(eq=False)
class Definition:
    construct: str  # a key of ANALYZER_KIND
    module: ModulePlan
    fn: str  # function (or variable) name; globally unique where it names an op
    seed: int
    keys: list[PlannedKey] = field(default_factory=list)
    upstream: list[PlannedKey] = field(default_factory=list)
    code_group: str | None = None  # group written in code (None: not written)
    shadowed: bool = False  # an earlier definition with the same name precedes it (the last one wins)
    # graph_multi_asset ignores AssetOut(group_name=...) (only its own group_name= counts): when True the
    # code writes the group on the outs and Dagster puts the assets in "default"
    ignored_group: bool = False
    loop_values: tuple[str, ...] = ()  # factory loops: the literal values iterated over


@dataclass(eq=False)
class ModulePlan:
    index: int
    layer: str
    domain: str  # a business domain (a source system for external modules)
    stem: str
    load_set: LoadSet
    import_style: str  # "dg" | "from" | "alias" | "reexport" | "dagster"
    seed: int
    key_prefix: KeyPath = ()  # module-wide prefix written in code (KEY_PREFIX)
    module_code_version: str = "1"  # the module's CODE_VERSION constant
    external_kind: str | None = None  # "specs" | "sources"
    definitions: list[Definition] = field(default_factory=list)

    @property
    def package(self) -> str:
        return "external" if self.layer == "external" else self.layer

    @property
    def dotted(self) -> str:
        return f"acme_data.{self.package}.{self.stem}"

    @property
    def relpath(self) -> str:
        return f"acme_data/{self.package}/{self.stem}.py"


@dataclass
class Plan:
    seed: int
    modules: list[ModulePlan]
    load_sets: list[LoadSet]

    def all_keys(self) -> list[PlannedKey]:
        """Every planned key, in creation order (a topological order of the graph)."""
        return [key for module in self.modules for definition in module.definitions for key in definition.keys]


class _Names:
    """Globally unique identifiers: asset names and function names."""

    def __init__(self) -> None:
        self._counts: dict[str, int] = {}

    def unique(self, stem: str) -> str:
        count = self._counts.get(stem, 0) + 1
        self._counts[stem] = count
        return f"{stem}_{count}"


def _layer_counts(modules: int) -> dict[str, int]:
    external = max(2, round(modules * 0.02))
    rest = max(4, modules - external)
    raw = max(1, round(rest * 0.20))
    staging = max(1, round(rest * 0.30))
    intermediate = max(1, round(rest * 0.25))
    marts = max(1, rest - raw - staging - intermediate)
    return {"external": external, "raw": raw, "staging": staging, "intermediate": intermediate, "marts": marts}


class Planner:
    """Builds a Plan for `assets` keys over `modules` asset modules."""

    def __init__(self, assets: int, modules: int, seed: int) -> None:
        if modules < 5:
            raise ValueError("--modules must be at least 5 (one per layer)")
        if assets < modules * 2:
            raise ValueError("--assets must be at least twice --modules (every module defines some assets)")
        self.assets = assets
        self.module_count = modules
        self.seed = seed
        self.rng = random.Random(seed)
        self.names = _Names()
        self.pools: dict[str, list[PlannedKey]] = {layer: [] for layer in LAYERS}
        self.domain_pools: dict[tuple[str, str], list[PlannedKey]] = {}
        self.load_sets: list[LoadSet] = []
        self.load_sets_by_var: dict[str, LoadSet] = {}

    # -- load sets ---------------------------------------------------------------------------------

    def _load_set_for(self, layer: str, domain: str, external_kind: str | None) -> LoadSet:
        """The load set a module of `layer` belongs to (created on first use, in module order)."""
        shape: tuple[str, KeyPath, str | None, str | None]  # variable, key prefix, group, package
        if layer == "external":
            shape = ("external_specs" if external_kind == "specs" else "external_sources", (), None, None)
        elif layer == "raw":
            shape = ("raw_assets", (), "raw", "acme_data.raw")
        elif layer == "staging":
            shape = ("staging_assets", ("staging",), None, "acme_data.staging")
        elif layer == "intermediate":
            shape = ("intermediate_assets", (), None, None)
        else:
            shape = (f"{domain}_marts", ("marts", domain), f"marts_{domain}", None)
        var, prefix, group, package = shape
        if var not in self.load_sets_by_var:
            load_set = LoadSet(var, prefix, group, package, include_specs=external_kind == "specs")
            self.load_sets_by_var[var] = load_set
            self.load_sets.append(load_set)
        return self.load_sets_by_var[var]

    # -- modules -----------------------------------------------------------------------------------

    def plan(self) -> Plan:
        counts = _layer_counts(self.module_count)
        budgets = self._budgets(sum(counts.values()))
        modules: list[ModulePlan] = []
        index = 0
        for layer in LAYERS:
            for position in range(counts[layer]):
                if layer == "external":
                    domain = SOURCE_SYSTEMS[position % len(SOURCE_SYSTEMS)]
                    external_kind = "specs" if position % 2 == 0 else "sources"
                    stem = f"{external_kind}_{domain}_{position:03d}"
                else:
                    domain = DOMAINS[position % len(DOMAINS)]
                    external_kind = None
                    stem = f"{LAYER_ABBREVIATION[layer]}_{domain}_{position:03d}"
                load_set = self._load_set_for(layer, domain, external_kind)
                module = ModulePlan(
                    index=index, layer=layer, domain=domain, stem=stem, load_set=load_set,
                    import_style=self._import_style(), seed=self.rng.randrange(1 << 30),
                    external_kind=external_kind,
                    module_code_version=self.rng.choice(["1", "2", "3", "v2", "v5"]),
                )
                if layer == "raw" and self.rng.random() < 0.5:
                    module.key_prefix = ("raw", domain)
                elif layer == "intermediate" and self.rng.random() < 0.3:
                    module.key_prefix = (domain,)
                load_set.modules.append(module)
                self._fill_module(module, budgets[index])
                modules.append(module)
                index += 1
        return Plan(self.seed, modules, self.load_sets)

    def _budgets(self, module_count: int) -> list[int]:
        base, extra = divmod(self.assets, module_count)
        return [base + (1 if i < extra else 0) for i in range(module_count)]

    def _import_style(self) -> str:
        return self.rng.choices(["dg", "from", "alias", "reexport", "dagster"], [40, 30, 10, 15, 5])[0]

    def _fill_module(self, module: ModulePlan, budget: int) -> None:
        while budget > 0:
            construct = self._pick_construct(module, budget)
            definition = Definition(construct, module, fn="", seed=self.rng.randrange(1 << 30))
            budget -= self._define(definition, budget)
            module.definitions.append(definition)
            for key in definition.keys:
                self.pools[module.layer].append(key)
                self.domain_pools.setdefault((module.layer, module.domain), []).append(key)

    def _pick_construct(self, module: ModulePlan, budget: int) -> str:
        if module.layer == "external":
            if module.external_kind == "specs":
                return "spec_list" if budget >= 3 and self.rng.random() < 0.3 else "spec"
            return "observable" if self.rng.random() < 0.25 else "source"
        weights = dict(CONSTRUCT_WEIGHTS[module.layer])
        if budget < 2:
            weights = {name: weight for name, weight in weights.items()
                       if name in {"asset", "graph_asset", "from_graph", "from_op", "factory_snapshot"}}
        if not self._has_upstream_candidates(module):
            weights = {name: weight for name, weight in weights.items() if name not in NEEDS_UPSTREAM}
        names = list(weights)
        return self.rng.choices(names, [weights[name] for name in names])[0]

    def _has_upstream_candidates(self, module: ModulePlan) -> bool:
        if module.layer == "raw":
            return bool(self.pools["external"])
        return any(self.pools[source] for source, _ in UPSTREAM_SOURCES[module.layer])

    # -- definitions -------------------------------------------------------------------------------

    def _new_name(self, module: ModulePlan, noun: str | None = None) -> str:
        noun = noun or self.rng.choice(NOUNS)
        return self.names.unique(f"{LAYER_ABBREVIATION[module.layer]}_{module.domain}_{noun}")

    def _code_group(self, module: ModulePlan) -> str | None:
        if module.load_set.group is not None:
            return None  # the load call sets it; a different group in code is an error in Dagster
        if module.layer == "external":
            return "external"
        if module.layer == "staging":
            return f"staging_{module.domain}"
        if module.layer == "intermediate":
            return f"int_{module.domain}" if self.rng.random() < 0.7 else None
        return None

    def _code_version(self, module: ModulePlan, construct: str) -> CodeVersion | None:
        if construct in {"spec", "spec_list", "source", "observable", "from_graph", "from_op"}:
            return None
        if self.rng.random() < 0.2:
            return None
        form = self.rng.choices(["lit", "const", "fstr", "modconst"], [45, 20, 15, 20])[0]
        if form == "lit":
            return CodeVersion(self.rng.choice(["1", "2", "3", "4", "v2", "v3"]), "lit")
        if form == "const":
            if module.layer == "staging":
                return CodeVersion(STAGING_CODE_VERSION, "const")
            return CodeVersion(INTERMEDIATE_CODE_VERSION, "const")
        if form == "fstr":
            return CodeVersion(f"{BASE_CODE_VERSION}.{self.rng.randint(1, 9)}", "fstr")
        return CodeVersion(module.module_code_version, "modconst")

    def _add_key(self, definition: Definition, name: str, code_key: KeyPath,
                 code_version: CodeVersion | None = None) -> PlannedKey:
        module = definition.module
        load_set = module.load_set
        final_key = load_set.prefix + code_key
        code_group = None if definition.ignored_group else definition.code_group
        group = load_set.group or code_group or "default"
        key = PlannedKey(name, code_key, final_key, group, code_version, definition)
        definition.keys.append(key)
        return key

    def _module_key(self, module: ModulePlan, name: str) -> KeyPath:
        return module.key_prefix + (name,)

    def _define(self, definition: Definition, budget: int) -> int:
        """Fill in one definition's keys and upstream; returns how many keys it defines."""
        module = definition.module
        construct = definition.construct
        rng = self.rng
        definition.code_group = self._code_group(module)
        if construct in {"spec", "spec_list", "source", "observable"}:
            return self._define_external(definition, budget)
        if construct == "asset":
            name = self._new_name(module)
            definition.fn = name
            definition.upstream = self._choose_upstream(module, self._upstream_count(module))
            key = self._add_key(definition, name, self._module_key(module, name), self._code_version(module, construct))
            key.deps = list(definition.upstream)
            definition.shadowed = rng.random() < 0.02
            return 1
        if construct in {"multi_outs", "multi_specs", "graph_multi"}:
            count = min(budget, rng.choice([2, 2, 3, 3, 4]))
            upstream = self._choose_upstream(module, max(1, self._upstream_count(module)))
            if construct == "graph_multi" and not upstream:
                upstream = self._choose_upstream(module, 1)
            definition.upstream = upstream
            definition.ignored_group = construct == "graph_multi" and definition.code_group is not None \
                and rng.random() < 0.3
            noun = rng.choice(NOUNS)
            definition.fn = self.names.unique(f"{LAYER_ABBREVIATION[module.layer]}_{module.domain}_{noun}_split")
            for position in range(count):
                name = self._new_name(module, noun)
                code_version = self._code_version(module, construct)
                key = self._add_key(definition, name, self._module_key(module, name), code_version)
                if construct == "graph_multi":
                    # Dagster does not trace the ops: every output depends on every graph input
                    key.deps = list(upstream)
                elif upstream:
                    subset_size = rng.randint(1, len(upstream)) if position else len(upstream)
                    key.deps = list(upstream) if position == 0 else rng.sample(upstream, subset_size)
            return count
        if construct in {"graph_asset", "from_graph", "from_op", "factory_snapshot"}:
            name = self._new_name(module)
            at_least = 1 if construct in NEEDS_UPSTREAM else 0
            count = max(at_least, min(3, self._upstream_count(module)))
            definition.upstream = self._choose_upstream(module, count)
            definition.fn = name
            if construct == "factory_snapshot":
                name = self.names.unique(f"snap_{module.domain}_{rng.choice(NOUNS)}")
                definition.fn = name
                code_key: KeyPath = ("snapshots", module.domain, name)
                code_version: CodeVersion | None = CodeVersion(rng.choice(["1", "2", "3"]), "lit")
            elif construct == "from_op":
                code_key = self._module_key(module, name)
                code_version = None
            else:
                code_key = self._module_key(module, name)
                code_version = self._code_version(module, construct) if construct == "graph_asset" else None
            key = self._add_key(definition, name, code_key, code_version)
            key.deps = list(definition.upstream)
            return 1
        if construct in {"factory_rollup_loop", "local_factory_loop"}:
            values = GRAINS if construct == "factory_rollup_loop" else QUALITY_METRICS
            count = min(budget, len(values), rng.choice([2, 3, 3]))
            definition.loop_values = tuple(values[:count])
            definition.upstream = self._choose_upstream(module, 1)
            stem = self._new_name(module)
            definition.fn = stem
            version = CodeVersion(rng.choice(["1", "2"]), "lit")
            for value in definition.loop_values:
                name = f"{stem}_{value}"
                code_key = (name,) if construct == "factory_rollup_loop" else self._module_key(module, name)
                key = self._add_key(definition, name, code_key, version)
                key.deps = list(definition.upstream)
            return count
        raise AssertionError(construct)

    def _define_external(self, definition: Definition, budget: int) -> int:
        module = definition.module
        system = module.domain
        construct = definition.construct
        count = min(budget, 3) if construct == "spec_list" else 1
        nouns = self.rng.sample(NOUNS, count)
        definition.code_group = "external"
        for noun in nouns:
            name = self.names.unique(f"{system}_{noun}")
            if construct == "spec_list" or (construct in {"spec", "source"} and self.rng.random() < 0.75):
                code_key: KeyPath = ("external", system, name)
            else:
                code_key = (name,)
            self._add_key(definition, name, code_key)
        definition.fn = definition.keys[0].name
        if construct == "spec_list":
            definition.fn = self.names.unique(f"{system}_tables").upper()
        return count

    # -- upstream choice ---------------------------------------------------------------------------

    def _upstream_count(self, module: ModulePlan) -> int:
        rng = self.rng
        if module.layer == "raw":
            return rng.choices([0, 1, 2], [40, 45, 15])[0]
        if module.layer == "staging":
            return rng.choices([1, 2, 3], [50, 35, 15])[0]
        if module.layer == "intermediate":
            return rng.choices([1, 2, 3, 4], [25, 35, 25, 15])[0]
        if rng.random() < 0.1:
            return rng.randint(7, 12)  # a wide fan-in mart
        return rng.randint(2, 6)

    def _choose_upstream(self, module: ModulePlan, count: int) -> list[PlannedKey]:
        chosen: list[PlannedKey] = []
        seen: set[int] = set()
        attempts = 0
        while len(chosen) < count and attempts < count * 8:
            attempts += 1
            candidate = self._one_upstream(module)
            if candidate is None:
                break
            if id(candidate) in seen:
                continue
            seen.add(id(candidate))
            chosen.append(candidate)
        return chosen

    def _one_upstream(self, module: ModulePlan) -> PlannedKey | None:
        rng = self.rng
        if module.layer == "raw":
            own = [key for definition in module.definitions for key in definition.keys]
            if own and rng.random() < 0.3:
                return rng.choice(own)
            return self._pick(self.pools["external"]) if self.pools["external"] else None
        sources = [(source, weight) for source, weight in UPSTREAM_SOURCES[module.layer] if self.pools[source]]
        if not sources:
            return None
        source = rng.choices([s for s, _ in sources], [w for _, w in sources])[0]
        same_domain = self.domain_pools.get((source, module.domain), [])
        if same_domain and rng.random() < 0.65:
            return self._pick(same_domain)
        return self._pick(self.pools[source])

    def _pick(self, pool: list[PlannedKey]) -> PlannedKey:
        """Mostly uniform; a quarter of the picks favour the first keys of a pool, which become hubs
        with a wide fan-out, as shared dimension tables are in real projects."""
        if self.rng.random() < 0.25:
            return pool[int(len(pool) * self.rng.random() ** 3)]
        return pool[self.rng.randrange(len(pool))]
