"""AL004 code-version-not-bumped: an asset's computation changed but its `code_version` did not."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from assetlens.analyzer.facts import AssetFact, Diagnostic, Fix, Severity
from assetlens.analyzer.rules.context import RuleContext, definition_range, user_key
from assetlens.analyzer.rules.edits import bump_version_edit

CODE = "AL004"
NAME = "code-version-not-bumped"
SEVERITY: Severity = "warning"
SUMMARY = "Asset computation changed since the baseline revision but its code_version did not"
EXPLANATION = """\
Dagster decides that an asset is stale because its code changed by comparing `code_version` strings:
change the function and forget the bump, and Dagster keeps treating old materializations (and
everything downstream of them) as up to date. This rule compares each asset's computation — its body
(and, for graph assets, the ops it calls), normalised so that comments, blank lines, formatting and
docstrings do not count — with the same asset at a git revision (`--base`, default `HEAD`; the staged
files under pre-commit). Assets are matched by key: a new key has no history, so it needs no bump.
Assets without a `code_version` (or with an empty one) are not reported: Dagster then takes every run
as a new version and never reports them stale for code changes, so there is nothing to forget. The fix
bumps the number in the version (`"1"` -> `"2"`, `"v3"` -> `"v4"`, `"1.9"` -> `"1.10"`); other values
are left to you. Each file is analysed on its own at both revisions, so an op imported from another
module that changes is not seen through a graph asset whose own file did not change.
"""
BASE = """\
import dagster as dg


@dg.asset(code_version="1")
def orders():
    return [1, 2, 3]
"""
WRONG = """\
import dagster as dg


@dg.asset(code_version="1")
def orders():
    return [1, 2, 3, 4]
"""
RIGHT = """\
import dagster as dg


@dg.asset(code_version="2")
def orders():
    return [1, 2, 3, 4]
"""
FIXED = RIGHT


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    baseline = ctx.baseline
    if baseline is None or baseline.commit is None:
        return
    from assetlens.analyzer.workspace import analyze_source

    workspace = ctx.workspace
    if ctx.files is None:
        changed = set(baseline.changed_files())
        if not baseline.staged:  # untracked files are in the working tree, not in the index
            changed.update(f for f in workspace.modules if not baseline.existed(f))
        candidates = sorted(f for f in changed if f in workspace.modules)
    else:
        candidates = sorted(
            f for f in ctx.files if f in workspace.modules and baseline.differs(f, workspace.file_text(f))
        )
    # only files with a versioned asset can need a bump (isolated analysis knows no more than this)
    candidates = [f for f in candidates if any(a.code_version for a in workspace.modules[f].assets)]
    if not candidates:
        return
    pool = sorted(set(baseline.changed_files()) | set(candidates))
    baseline.prefetch(pool)
    before_by_key: dict[tuple, list[AssetFact]] = defaultdict(list)
    before_by_site: dict[tuple, list[AssetFact]] = defaultdict(list)
    for file in pool:
        module = workspace.modules[file].module if file in workspace.modules else ""
        facts = baseline.facts(file, module)
        for asset in facts.assets if facts is not None else ():
            if asset.key is not None:
                before_by_key[asset.key].append(asset)
            before_by_site[(asset.file, asset.node, asset.output)].append(asset)
    if not before_by_key and not before_by_site:
        return  # nothing at the revision to compare with
    for file in candidates:
        text = workspace.file_text(file)
        now = analyze_source(text, file, workspace.modules[file].module)
        effective = workspace.assets_in_file(file)
        for asset in now.assets:
            if not asset.code_version or asset.fingerprint is None:
                continue
            before = _match(asset, before_by_key, before_by_site)
            if before is None or before.fingerprint is None or before.code_version != asset.code_version:
                continue
            if before.fingerprint != asset.fingerprint:
                yield _diagnostic(ctx, asset, _effective(asset, effective), text)


def _match(asset: AssetFact, by_key: dict, by_site: dict) -> AssetFact | None:
    """The same asset at the revision: same key (same file preferred); when either side's key could
    not be resolved on its own, the only definition of the same function and output in the same file."""
    if asset.key is not None and by_key.get(asset.key):
        candidates = by_key[asset.key]
        same_file = [c for c in candidates if c.file == asset.file]
        return (same_file or candidates)[0]
    site = [
        c for c in by_site.get((asset.file, asset.node, asset.output), ()) if c.key is None or asset.key is None
    ]
    return site[0] if len(site) == 1 else None


def _effective(asset: AssetFact, effective: list[AssetFact]) -> AssetFact:
    """The workspace's fact for this definition (its key carries `load_assets_from_modules` prefixes)."""
    for candidate in effective:
        if (candidate.output, candidate.def_range, candidate.name_range) == (asset.output, asset.def_range, asset.name_range):
            return candidate
    return asset


def _diagnostic(ctx: RuleContext, asset: AssetFact, effective: AssetFact, text: str) -> Diagnostic:
    assert ctx.baseline is not None
    where = "the index" if ctx.baseline.staged else "the working tree"
    message = (
        f"{user_key(effective.key)} changed since {ctx.baseline.rev} (in {where}) but its code_version is still "
        f'"{asset.code_version}"; bump it so Dagster marks it and its downstream stale'
    )
    fixes: tuple[Fix, ...] = ()
    if asset.code_version_range is not None:
        bump = bump_version_edit(text, asset.file, asset.code_version_range)
        if bump is not None:
            edit, old, new, safe = bump
            fixes = (Fix(title=f'Bump code_version "{old}" -> "{new}"', edits=(edit,), safe=safe),)
    return Diagnostic(
        code=CODE,
        name=NAME,
        message=message,
        file=asset.file,
        range=asset.code_version_range or definition_range(asset),
        severity=SEVERITY,
        fixes=fixes,
        key=effective.key,
        data=(("base", ctx.baseline.rev), ("code_version", asset.code_version)),
    )
