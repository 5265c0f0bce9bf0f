"""AL002 missing-upstream: a dependency on a key that nothing in the workspace defines."""
from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Iterator
from typing import TYPE_CHECKING

from assetlens.analyzer.facts import AssetFact, AssetKeyParts, DepRef, Diagnostic, Fix, Severity
from assetlens.analyzer.integrations.partial import is_declared_external, open_definitions
from assetlens.analyzer.rules.context import RuleContext, definition_range, user_key
from assetlens.analyzer.rules.edits import FileEdits

if TYPE_CHECKING:
    import networkx as nx

CODE = "AL002"
NAME = "missing-upstream"
SEVERITY: Severity = "warning"  # for `deps`; inputs Dagster must load are errors
INPUT_VIAS = frozenset({"param", "ins", "graph_input", "keys_by_input_name"})
SUMMARY = "Dependency on an asset key that no asset, spec or source asset defines"
EXPLANATION = """\
A dependency on a key that no asset, multi-asset output, `AssetSpec` or `SourceAsset` in the workspace
defines is almost always a typo or a forgotten prefix (an asset's `key_prefix` does not apply to its
inputs). Dagster silently turns a `deps=[...]` entry on such a key into an external asset with no
definition, so the asset waits for something that never exists (reported as a warning); an input (a
parameter, `ins`/`AssetIn`, a graph input) on such a key makes Dagster refuse the code location when it
validates or builds jobs ("Input asset ... is not produced by any of the provided asset ops"), reported as
an error. The message suggests the closest defined keys ("did you mean `raw_orders`?"), including the
same name under another prefix. The fix rewrites the reference to the suggested key (renaming the
parameter and its uses, or the string); when the key really lives elsewhere (another code location),
declare it with `AssetSpec("key")` — offered as an unsafe fix, since the spec must also be passed to
your `Definitions`.
"""
WRONG = """\
import dagster as dg


@dg.asset
def raw_orders():
    return [1, 2, 3]


@dg.asset
def daily_orders(raw_order):
    return sum(raw_order)
"""
RIGHT = """\
import dagster as dg


@dg.asset
def raw_orders():
    return [1, 2, 3]


@dg.asset
def daily_orders(raw_orders):
    return sum(raw_orders)
"""
FIXED = RIGHT

_MAX_SUGGESTIONS = 3
_CUTOFF = 0.75


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    graph: nx.DiGraph = ctx.workspace.graph
    suggesters: dict[str | None, _Suggester] = {}
    prepared = False
    unresolved_definitions = None
    open_defs = None
    editors = _Editors(ctx)
    for key, attributes in graph.nodes(data=True):
        if attributes.get("assets"):
            continue
        for _, _, edge in graph.out_edges(key, data=True):
            for asset, ref in edge.get("refs", ()):
                if not ctx.in_scope(asset.file) or ref.key is None or is_declared_external(asset, ref):
                    continue
                if not prepared:
                    prepared = True
                    unresolved_definitions = sum(1 for a in ctx.workspace.assets if a.key is None)
                    open_defs = open_definitions(ctx.workspace.assets)
                if open_defs.linked(asset, key) is not None:
                    continue  # a partly known key (a dbt model/Sling stream behind a custom translator)
                location = getattr(asset, "location", None)
                if location not in suggesters:  # suggestions come from the dependent's own location only
                    suggesters[location] = _suggester(graph, location)
                # never the dependent itself (the fix would make it depend on itself)
                suggestions = suggesters[location].suggest(key, exclude=asset.key)
                uncertain = open_defs.could_produce(asset, key)  # an unresolved definition could define it
                diagnostic = _diagnostic(
                    editors, asset, ref, key, suggestions, (unresolved_definitions or 0) if uncertain else 0)
                if uncertain:  # not certain: information, and no fix is safe
                    diagnostic = dataclasses.replace(
                        diagnostic, severity="info",
                        fixes=tuple(dataclasses.replace(fix, safe=False) for fix in diagnostic.fixes))
                yield diagnostic


class _Editors:
    """Each file's text and fix edits, prepared once per file for all its fixes (linear in the file
    however many dependencies in it are missing)."""

    def __init__(self, ctx: RuleContext) -> None:
        self.ctx = ctx
        self.by_file: dict[str, FileEdits | None] = {}

    def get(self, file: str) -> FileEdits | None:
        if file not in self.by_file:
            try:
                self.by_file[file] = FileEdits(self.ctx.workspace.file_text(file), file)
            except (OSError, KeyError):
                self.by_file[file] = None
        return self.by_file[file]


class _Suggester:
    """Closest defined keys of one location (all when None) to an undefined one: the same last part under another prefix first, then
    the most similar spellings (difflib ratio >= 0.75) among the MAX_CANDIDATES defined keys sharing
    the most character trigrams with it — so a workspace with tens of thousands of keys and of
    misspelt dependencies is not compared pair by pair."""

    MAX_CANDIDATES = 32
    COMMON_GRAM = 256  # a trigram many keys share ("stg", "_00") tells them apart least: skipped

    def __init__(self, defined: tuple[AssetKeyParts, ...]) -> None:
        self.defined = defined
        self.by_name: dict[str, list[AssetKeyParts]] = {}
        for key in self.defined:
            self.by_name.setdefault(key[-1], []).append(key)
        self.spelled = {"/".join(key): key for key in self.defined}
        self.postings: dict[str, list[str]] = {}
        for text in self.spelled:
            for gram in _grams(text):
                self.postings.setdefault(gram, []).append(text)

    def suggest(self, missing: AssetKeyParts, exclude: AssetKeyParts | None = None) -> list[AssetKeyParts]:
        found = sorted((k for k in self.by_name.get(missing[-1], ()) if k != exclude), key=len)
        text = "/".join(missing)
        # ratio >= cutoff needs the lengths within this factor of each other
        slack = int(len(text) * (1 - _CUTOFF) / _CUTOFF) + 1
        low, high = max(1, len(text) - slack), len(text) + slack
        shared: dict[str, int] = {}
        postings = sorted((self.postings.get(gram, ()) for gram in _grams(text)), key=len)
        # the distinctive trigrams (at least the two rarest): bounded work per missing key
        postings = [p for i, p in enumerate(postings) if i < 2 or len(p) <= self.COMMON_GRAM]
        for posting in postings:
            for spelled in posting[: self.COMMON_GRAM * 4]:
                if low <= len(spelled) <= high:
                    shared[spelled] = shared.get(spelled, 0) + 1
        if len(shared) > self.MAX_CANDIDATES:
            candidates = sorted(shared, key=lambda c: (-shared[c], c))[: self.MAX_CANDIDATES]
        else:
            candidates = sorted(shared)
        if exclude is not None:
            candidates = [c for c in candidates if self.spelled[c] != exclude]
        for close in difflib.get_close_matches(text, candidates, n=_MAX_SUGGESTIONS, cutoff=_CUTOFF):
            if self.spelled[close] not in found:
                found.append(self.spelled[close])
        return found[:_MAX_SUGGESTIONS]


# the last suggester built for each location, with the defined keys it indexes: the language server
# checks after every edit, and an edit rarely changes which keys are defined (the trigram index of a
# 10k-asset workspace took 40 ms to build)
_LAST_SUGGESTERS: dict[str | None, tuple[frozenset[AssetKeyParts], _Suggester]] = {}


def _suggester(graph: nx.DiGraph, location: str | None) -> _Suggester:
    """The suggester of one location's defined keys (all when None), in key order (so that the editor,
    whatever its edits did to the graph's order, and `check` suggest alike)."""
    defined = frozenset(
        key for key, attributes in graph.nodes(data=True)
        if attributes.get("assets") and (
            location is None or any(getattr(a, "location", None) == location for a in attributes["assets"]))
    )
    kept = _LAST_SUGGESTERS.get(location)
    if kept is not None and kept[0] == defined:
        return kept[1]
    suggester = _Suggester(tuple(sorted(defined)))
    _LAST_SUGGESTERS[location] = (defined, suggester)
    return suggester


def _grams(text: str) -> set[str]:
    padded = f"\x02{text}\x03"
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def _diagnostic(
    editors: _Editors,
    asset: AssetFact,
    ref: DepRef,
    missing: AssetKeyParts,
    suggestions: list[AssetKeyParts],
    unresolved_definitions: int,
) -> Diagnostic:
    # what matters first (a Problems row shows ~150 characters): the undefined key and the suggestion
    if suggestions:
        message = (
            f"{user_key(missing)} is not defined; did you mean "
            + " or ".join(user_key(s) for s in suggestions)
            + f"? ({user_key(asset.key)} depends on it; no asset, spec or source asset in the workspace defines it"
        )
    else:
        message = (
            f"{user_key(missing)} is not defined ({user_key(asset.key)} depends on it; no asset, spec or "
            "source asset in the workspace defines it"
        )
    if unresolved_definitions:
        message += (
            f"; {unresolved_definitions} definition{'s' if unresolved_definitions > 1 else ''} in the workspace "
            f"{'have keys' if unresolved_definitions > 1 else 'has a key'} that could not be determined statically"
        )
    message += ")"
    fixes = list(_replacement_fixes(editors, asset, ref, missing, suggestions))
    spec_fix = _external_spec_fix(editors, asset, missing)
    if spec_fix is not None:
        fixes.append(spec_fix)
    return Diagnostic(
        code=CODE,
        name=NAME,
        message=message,
        file=asset.file,
        range=ref.range or definition_range(asset),
        severity="error" if ref.via in INPUT_VIAS else SEVERITY,
        fixes=tuple(fixes),
        key=asset.key,
        data=(("missing", missing), ("suggestions", tuple(suggestions))),
    )


def _replacement_fixes(
    editors: _Editors, asset: AssetFact, ref: DepRef, missing: AssetKeyParts, suggestions: list[AssetKeyParts]
) -> Iterator[Fix]:
    """Point the reference at a suggested key. Only the last key part can be rewritten in place (the
    reference spells it), so suggestions under another prefix get no rewrite. Safe when there is exactly
    one suggestion."""
    if not ref.renameable or ref.range is None:
        return
    rewritable = [s for s in suggestions if s[:-1] == missing[:-1]]
    if not rewritable:
        return
    editor = editors.get(asset.file)
    if editor is None:
        return
    safe = len(suggestions) == 1
    for suggestion in rewritable:
        old, new = missing[-1], suggestion[-1]
        if ref.via == "param":
            edits = editor.rename_parameter(ref.range, old, new)
            title = f"Rename parameter `{old}` to `{new}`"
        else:
            edit = editor.replace_string(ref.range, old, new)
            edits = (edit,) if edit is not None else None
            title = f"Replace {user_key(missing)} with {user_key(suggestion)}"
        if edits:
            yield Fix(title=title, edits=edits, safe=safe)


def _external_spec_fix(editors: _Editors, asset: AssetFact, missing: AssetKeyParts) -> Fix | None:
    editor = editors.get(asset.file)
    edit = editor.external_spec(missing) if editor is not None else None
    if edit is None:
        return None
    return Fix(
        title=f"Declare {user_key(missing)} as an external asset (AssetSpec; add it to your Definitions)",
        edits=(edit,),
        safe=False,
    )
