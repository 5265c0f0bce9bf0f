"""The state of one module being rendered: how it imports Dagster, what it imports, and spelling helpers.

Each generated module picks one import style, as real projects do:
  "dg"       import dagster as dg             -> @dg.asset, dg.AssetKey(...)
  "dagster"  import dagster                   -> @dagster.asset
  "from"     from dagster import asset, ...   -> @asset
  "alias"    from dagster import asset as a   -> @a(...) (other names plain)
  "reexport" from acme_data.lib import asset  -> names re-exported through the project's own modules
"""
from __future__ import annotations

import random

from synth_plan import KeyPath, ModulePlan

# Every Dagster name generated code uses; acme_data/lib/dagster_api.py re-exports exactly these.
DAGSTER_NAMES: tuple[str, ...] = (
    "AssetDep", "AssetExecutionContext", "AssetIn", "AssetKey", "AssetOut", "AssetSpec", "AssetsDefinition",
    "DataVersion", "MaterializeResult", "OpExecutionContext", "Output", "SourceAsset", "asset", "graph",
    "graph_asset", "graph_multi_asset", "multi_asset", "observable_source_asset", "op",
)
ALIASES: dict[str, str] = {"asset": "a", "multi_asset": "multi"}

# Names of acme_data/constants.py and the values they hold.
LAYER_CONSTANTS: dict[str, str] = {
    "raw": "RAW_LAYER", "staging": "STAGING_PREFIX", "marts": "MARTS_PREFIX", "external": "EXTERNAL_PREFIX",
    "snapshots": "SNAPSHOT_PREFIX",
}


class ModuleContext:
    """Collects a module's imports while its definitions are rendered, and spells names for its style."""

    def __init__(self, module: ModulePlan) -> None:
        self.module = module
        self.rng = random.Random(module.seed)
        self.style = module.import_style
        self.reexport_from = "acme_data.lib" if module.seed % 2 else "acme_data.lib.dagster_api"
        self.dagster_names: set[str] = set()
        self.project_imports: dict[str, set[str]] = {}
        self.stdlib: set[str] = set()
        self.uses_domain = False

    # -- names -------------------------------------------------------------------------------------

    def dg(self, name: str) -> str:
        """How this module spells the Dagster name `name`."""
        self.dagster_names.add(name)
        if self.style == "dg":
            return f"dg.{name}"
        if self.style == "dagster":
            return f"dagster.{name}"
        if self.style == "alias":
            return ALIASES.get(name, name)
        return name

    def project(self, module: str, name: str) -> str:
        """Import `name` from a project module (nothing to import from this module itself)."""
        if module != self.module.dotted:
            self.project_imports.setdefault(module, set()).add(name)
        return name

    def constant(self, name: str) -> str:
        return self.project("acme_data.constants", name)

    def domain(self) -> str:
        """The module constant holding its domain (SYSTEM in external modules)."""
        self.uses_domain = True
        return "SYSTEM" if self.module.layer == "external" else "DOMAIN"

    def std(self, line: str) -> None:
        """Record a standard-library import line ("from typing import Any")."""
        self.stdlib.add(line)

    def import_lines(self) -> list[str]:
        lines: list[str] = []
        stdlib_plain = sorted(line for line in self.stdlib if line.startswith("import "))
        stdlib_from = sorted(line for line in self.stdlib if line.startswith("from "))
        lines.extend(stdlib_plain + stdlib_from)
        if lines:
            lines.append("")
        names = sorted(self.dagster_names, key=lambda n: (n[0].islower(), n))
        if self.style == "dg":
            lines.append("import dagster as dg")
        elif self.style == "dagster":
            lines.append("import dagster")
        elif self.style == "alias":
            spelled = [f"{name} as {ALIASES[name]}" if name in ALIASES else name for name in names]
            lines.extend(_from_import("dagster", spelled))
        elif self.style == "from":
            lines.extend(_from_import("dagster", names))
        if self.style != "reexport" or not names:
            lines.append("")
        for module in sorted(self.project_imports):
            lines.extend(_from_import(module, sorted(self.project_imports[module])))
        if self.style == "reexport" and names:
            lines.extend(_from_import(self.reexport_from, names))
        return lines

    # -- spelling of literals, keys and prefixes ---------------------------------------------------

    def part(self, part: str, *, allow_fstring: bool = True) -> str:
        """One key part: a literal, or a constant / f-string of constants with the same value."""
        rng = self.rng
        module = self.module
        if part in LAYER_CONSTANTS and rng.random() < 0.35:
            return self.constant(LAYER_CONSTANTS[part])
        if part == module.domain and rng.random() < 0.5:
            return self.domain()
        marker = f"_{module.domain}_"
        if allow_fstring and module.layer != "external" and marker in part and rng.random() < 0.2:
            head, tail = part.split(marker, 1)
            return f'f"{head}_{{{self.domain()}}}_{tail}"'
        return repr_str(part)

    def path_list(self, path: KeyPath) -> str:
        """A list literal spelling a key path."""
        if self.module.key_prefix and len(path) == len(self.module.key_prefix) + 1 \
                and path[:-1] == self.module.key_prefix and self.rng.random() < 0.05:
            return f"KEY_PREFIX + [{repr_str(path[-1])}]"
        return "[" + ", ".join(self.part(part) for part in path) + "]"

    def prefix(self, prefix: KeyPath) -> str:
        """A `key_prefix=` value: a string for one part (sometimes), else a list; KEY_PREFIX when equal."""
        if prefix == self.module.key_prefix and self.rng.random() < 0.6:
            return "KEY_PREFIX"
        if len(prefix) == 1 and self.rng.random() < 0.6:
            return self.part(prefix[0])
        return "[" + ", ".join(self.part(part) for part in prefix) + "]"

    def asset_key(self, path: KeyPath) -> str:
        """An `AssetKey` expression for `path`, in one of the forms people write."""
        key = self.dg("AssetKey")
        rng = self.rng.random()
        if len(path) == 1:
            if rng < 0.7:
                return f"{key}({self.part(path[0])})"
            return f"{key}([{self.part(path[0])}])"
        if rng < 0.5:
            return f"{key}({self.path_list(path)})"
        if rng < 0.7:
            return f"{key}.from_user_string({repr_str('/'.join(path))})"
        return f"{key}([{self.part(path[-1])}]).with_prefix({self.prefix(path[:-1])})"

    def key_value(self, path: KeyPath) -> str:
        """A value accepted where Dagster coerces to an AssetKey (a `key=` argument): str, list or AssetKey."""
        rng = self.rng.random()
        if len(path) == 1 and rng < 0.4:
            return self.part(path[0])
        if rng < 0.7:
            return self.path_list(path)
        return self.asset_key(path)


def repr_str(value: str) -> str:
    """A double-quoted Python string literal."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _from_import(module: str, names: list[str]) -> list[str]:
    line = f"from {module} import {', '.join(names)}"
    if len(line) <= 100:
        return [line]
    return [f"from {module} import (", *[f"    {name}," for name in names], ")"]
