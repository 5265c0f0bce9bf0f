"""Hand-built workspaces for rule unit tests: a `Workspace`-shaped object made from AssetFacts, with
the graph built the way `assetlens.analyzer.workspace` documents it (nodes = keys with the "assets"
that define them, edges upstream -> downstream with "refs")."""
from __future__ import annotations

from pathlib import Path

import networkx as nx

from assetlens.analyzer.facts import AssetFact, AssetKeyParts, DepRef, ModuleFacts, Problem, Range


def rng(line: int, col: int = 0, end_col: int | None = None, end_line: int | None = None) -> Range:
    return Range(line, col, end_line or line, end_col if end_col is not None else col + 1)


def dep(key: str | AssetKeyParts | None, line: int = 1, col: int = 0, *, via: str = "param", text: str = "", renameable: bool = True) -> DepRef:
    parts = tuple(key.split("/")) if isinstance(key, str) else key
    width = len(text or (parts[-1] if parts else "x"))
    return DepRef(key=parts, via=via, range=rng(line, col, col + width), text=text, renameable=renameable)


def asset(
    key: str | None,
    *deps: DepRef,
    file: str = "assets.py",
    line: int = 1,
    kind: str = "asset",
    **fields,
) -> AssetFact:
    parts = tuple(key.split("/")) if key is not None else None
    name = parts[-1] if parts else "unknown"
    return AssetFact(
        key=parts,
        kind=kind,  # type: ignore[arg-type]
        file=file,
        module=Path(file).with_suffix("").as_posix().replace("/", "."),
        node=fields.pop("node", name),
        output=fields.pop("output", "result"),
        deps=deps,
        name_range=fields.pop("name_range", rng(line, 4, 4 + len(name))),
        def_range=fields.pop("def_range", Range(line - 1 if line > 1 else line, 0, line + 1, 0)),
        decorator_range=fields.pop("decorator_range", rng(max(line - 1, 1), 0, 10)),
        **fields,
    )


class FakeWorkspace:
    def __init__(self, assets: list[AssetFact], texts: dict[str, str] | None = None, modules: list[ModuleFacts] | None = None) -> None:
        self.root = Path("/nonexistent")
        self.texts = dict(texts or {})
        self.assets = list(assets)
        self.modules: dict[str, ModuleFacts] = {}
        for module in modules or ():
            self.modules[module.file] = module
        for fact in assets:
            if fact.file not in self.modules:
                self.modules[fact.file] = ModuleFacts(file=fact.file, module=fact.module, content_hash="x")
        for file in self.texts:
            self.modules.setdefault(file, ModuleFacts(file=file, module="", content_hash="x"))
        self.graph = nx.DiGraph()
        for fact in assets:
            if fact.key is None:
                continue
            if fact.key not in self.graph:
                self.graph.add_node(fact.key, assets=[])
            self.graph.nodes[fact.key]["assets"].append(fact)
        for fact in assets:
            for ref in fact.deps:
                if ref.key is None or fact.key is None:
                    continue
                if ref.key not in self.graph:
                    self.graph.add_node(ref.key, assets=[])
                if not self.graph.has_edge(ref.key, fact.key):
                    self.graph.add_edge(ref.key, fact.key, refs=[])
                self.graph.edges[ref.key, fact.key]["refs"].append((fact, ref))

    def assets_by_key(self) -> dict[AssetKeyParts, list[AssetFact]]:
        result: dict[AssetKeyParts, list[AssetFact]] = {}
        for fact in self.assets:
            if fact.key is not None:
                result.setdefault(fact.key, []).append(fact)
        return result

    def assets_in_file(self, file: str) -> list[AssetFact]:
        return [a for a in self.assets if a.file == file]

    def file_text(self, file: str) -> str:
        if file not in self.texts:
            raise KeyError(file)
        return self.texts[file]


__all__ = ["FakeWorkspace", "Problem", "asset", "dep", "rng"]
