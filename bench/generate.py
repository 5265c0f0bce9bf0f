"""Generate a realistic synthetic Dagster code location for the benchmarks.

    python bench/generate.py --assets 10000 --modules 1000 --out bench/generated/10k
    python bench/generate.py --size 1k --verify        # 1000 assets / 100 modules, then load it in Dagster

The output is a project folder: pyproject.toml, a package `acme_data` (layers external -> raw -> staging
-> intermediate -> marts, a definitions module with `defs = Definitions(...)`), bench-manifest.json (the
graph as Dagster resolves it) and, unless --no-git, a git repository with one commit (check's
code-version rule compares with a git revision). The same arguments and seed give the same bytes.

--verify loads the result with real Dagster in a subprocess and compares the graph Dagster resolves
with the manifest: exit 1 when they differ.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from _common import MANIFEST, SIZES, python_executable, run_child, workspace_for
from synth_manifest import build_manifest, compare, manifest_graph
from synth_module import render_module
from synth_plan import Planner
from synth_refs import RenderState
from synth_support import support_files


def generate(assets: int, modules: int, seed: int) -> tuple[dict[str, str], dict]:
    """relpath -> text of every file, and the manifest."""
    plan = Planner(assets, modules, seed).plan()
    state = RenderState()
    files: dict[str, str] = {}
    for module in plan.modules:  # in plan order: references need the bindings of earlier modules
        files[module.relpath] = render_module(module, plan, state)
    files.update(support_files(plan))
    manifest = build_manifest(plan, assets=assets, modules=modules, files=files)
    return files, manifest


def write(out: Path, files: dict[str, str], manifest: dict, *, force: bool) -> None:
    if out.exists():
        if not (out / MANIFEST).exists() and any(out.iterdir()) and not force:
            raise SystemExit(f"error: {out} exists and was not made by this generator (use --force to replace it)")
        shutil.rmtree(out)
    for relpath, text in files.items():
        path = out / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (out / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")


def commit(out: Path) -> None:
    """Make `out` its own git repository with one commit (fixed identity and dates: reproducible)."""
    env = dict(os.environ, GIT_AUTHOR_NAME="bench", GIT_AUTHOR_EMAIL="bench@example.invalid",
               GIT_COMMITTER_NAME="bench", GIT_COMMITTER_EMAIL="bench@example.invalid",
               GIT_AUTHOR_DATE="2024-11-01T00:00:00Z", GIT_COMMITTER_DATE="2024-11-01T00:00:00Z")
    for argv in (["git", "init", "-q", "-b", "main"], ["git", "add", "-A"],
                 ["git", "-c", "commit.gpgsign=false", "commit", "-q", "-m", "Generated code location"]):
        result = subprocess.run(argv, cwd=out, env=env, capture_output=True, text=True)
        if result.returncode != 0:
            raise SystemExit(f"error: {' '.join(argv)} failed in {out}: {result.stderr.strip()}")


def verify(out: Path, manifest: dict) -> bool:
    """Load `out` with Dagster and compare its graph with the manifest; print the outcome."""
    result = run_child([python_executable(), str(Path(__file__).with_name("dagster_load.py")), str(out), "--graph"])
    if not result.ok:
        print(f"Dagster could not load {out}: {result.report.get('error') or result.stderr_tail}")
        return False
    actual = {
        tuple(entry["key"]): {"deps": {tuple(d) for d in entry["deps"]}, "group": entry["group"],
                              "code_version": entry["code_version"]}
        for entry in result.report["graph"]
    }
    outcome = compare(manifest_graph(manifest), actual)
    report = result.report
    print(f"Dagster {report['dagster_version']} loaded {report['assets']} assets in {report['total_s']:.2f} s "
          f"(peak RSS {report['peak_rss_mb']:.0f} MB)")
    if outcome["identical"]:
        print("verify: Dagster's asset graph is identical to the manifest (keys, deps, groups, code versions)")
        return True
    print("verify: Dagster's graph differs from the manifest:")
    for name, value in outcome.items():
        if name not in {"examples", "identical"}:
            print(f"  {name}: {value}")
    for line in outcome["examples"]:
        print(f"  {line}")
    return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=sorted(SIZES), help="a preset: assets and modules, out=bench/generated/SIZE")
    parser.add_argument("--assets", type=int, help="asset keys to define (default: 1000)")
    parser.add_argument("--modules", type=int, help="asset modules to spread them over (default: assets/10)")
    parser.add_argument("--out", type=Path, help="output folder (replaced if it was generated before)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-git", action="store_true", help="do not make the output a git repository")
    parser.add_argument("--force", action="store_true", help="replace --out even if it was not generated")
    parser.add_argument("--verify", action="store_true", help="load the result with Dagster and compare graphs")
    args = parser.parse_args(argv)

    preset = SIZES[args.size] if args.size else None
    assets = args.assets if args.assets is not None else (preset.assets if preset else 1000)
    modules = args.modules if args.modules is not None else (preset.modules if preset else max(5, assets // 10))
    out = args.out or (workspace_for(args.size) if args.size else None)
    if out is None:
        parser.error("give --out (or --size for the default location)")
    if assets <= 0 or modules <= 0:
        parser.error("--assets and --modules must be positive")
    started = time.perf_counter()
    try:
        files, manifest = generate(assets, modules, args.seed)
    except ValueError as error:
        parser.error(str(error))
    write(out, files, manifest, force=args.force)
    if not args.no_git:
        commit(out)
    stats = manifest["stats"]
    print(f"generated {out}: {stats['asset_keys']} asset keys in {stats['asset_modules']} asset modules, "
          f"{stats['python_files']} .py files, {stats['python_lines']} lines "
          f"({stats['python_lines'] / stats['asset_keys']:.1f} per asset), {stats['dependency_edges']} edges, "
          f"in {time.perf_counter() - started:.1f} s")
    if args.verify and not verify(out, manifest):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
