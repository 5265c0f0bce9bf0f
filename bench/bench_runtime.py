"""Benchmark of the runtime: the builtin engine beside `dagster.materialize`, on the same definitions, in
the same run of this script. Prints per-asset overhead and fixed costs.

    .venv/bin/python bench/bench_runtime.py [--sizes 10,1000] [--repeat 3] [--skip-dagster] [--json]

Shapes (generated Dagster code, one module per shape, in a temporary workspace):
  chain    a0 <- a1 <- ... <- a(N-1), each asset returns its input plus one
  fan-out  one root, N children each reading it
Engines, each measured at every size N, in a fresh child process:
  plain python     the same functions called directly, each value pickled to a file (the floor)
  builtin worker   `python -m assetlens.runtime.worker`: the real path of `assetlens materialize`
                   (alias import, plan, pickles under .assetlens/storage, one SQLite commit per asset)
  builtin library  `assetlens.runtime.materialize()` in process (values pickled in memory)
  dagster          `dagster.materialize()` in process (its default filesystem IO manager)
Per-asset time is the slope between the smallest and the largest size, the fixed cost the intercept
(time at zero assets), both from the median of `--repeat` runs; the overhead of an engine is its
per-asset time minus plain python's. Wall time is that of the call that runs the assets (for the
worker: from the first asset's start to the last one's end); CPU time is that of the whole child
process (its slope excludes the constant imports), which a busy machine disturbs much less.

Whole cold process, one asset (wall time from spawn to exit, median of `--repeat`):
  builtin worker, `assetlens materialize KEY` (analyzer included), python importing dagster and
  calling dagster.materialize.

Child processes run with bytecode caching on (PYTHONDONTWRITEBYTECODE removed) after one warm-up, as in
a user's environment; CPU time (user+sys of the child) is printed next to wall time because the
machine may be shared.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SHAPES = ("chain", "fanout")


# ------------------------------------------------------------------------------------------ generation


def module_source(shape: str, size: int) -> str:
    lines = ["import dagster as dg", ""]
    if shape == "chain":
        lines += ["@dg.asset", "def a0():", "    return 0", ""]
        for index in range(1, size):
            lines += ["@dg.asset", f"def a{index}(a{index - 1}):", f"    return a{index - 1} + 1", ""]
    else:
        lines += ["@dg.asset", "def root():", "    return 0", ""]
        for index in range(size - 1):
            lines += ["@dg.asset", f"def c{index}(root):", f"    return root + {index}", ""]
    return "\n".join(lines) + "\n"


def keys_of(shape: str, size: int) -> list[list[str]]:
    if shape == "chain":
        return [[f"a{i}"] for i in range(size)]
    return [["root"]] + [[f"c{i}"] for i in range(size - 1)]


def make_workspace(root: Path, shape: str, size: int) -> Path:
    workspace = root / f"{shape}_{size}"
    if workspace.exists():
        shutil.rmtree(workspace)
    (workspace / "benchpkg").mkdir(parents=True)
    (workspace / "benchpkg" / "__init__.py").write_text("")
    (workspace / "benchpkg" / f"{shape}_{size}.py").write_text(module_source(shape, size))
    # dated a minute back, as a user's files are when they run a command: results computed from
    # files modified within seconds are not kept by the result cache (analyzer/result_cache.py)
    past = time.time() - 60
    for path in [workspace, *workspace.rglob("*")]:
        os.utime(path, (past, past))
    return workspace


# ------------------------------------------------------------------------------------------ children


INNER = {
    # each prints {"seconds": <time of the run call>} on its last line
    "plain": """
        import importlib, os, pickle, sys, time
        sys.path.insert(0, WORKSPACE)
        import assetlens.runtime.dagster_alias as alias; alias.install_dagster_alias()
        module = importlib.import_module(MODULE)
        functions = [getattr(module, name).op.compute_fn for name in NAMES]
        out = os.path.join(WORKSPACE, "plain_values"); os.makedirs(out, exist_ok=True)
        start = time.perf_counter()
        values = {}
        for name, fn in zip(NAMES, functions):
            args = [values[p] for p in PARAMS[name]]
            value = fn(*args)
            values[name] = value
            with open(os.path.join(out, name + ".pkl"), "wb") as handle:
                pickle.dump(value, handle, protocol=4)
        print(json.dumps({"seconds": time.perf_counter() - start}))
    """,
    "library": """
        import importlib, sys, time
        sys.path.insert(0, WORKSPACE)
        import assetlens.runtime.dagster_alias as alias; alias.install_dagster_alias()
        import dagster
        module = importlib.import_module(MODULE)
        assets = [getattr(module, name) for name in NAMES]
        start = time.perf_counter()
        result = dagster.materialize(assets)
        assert result.success
        print(json.dumps({"seconds": time.perf_counter() - start}))
    """,
    "dagster": """
        import importlib, sys, time, warnings
        warnings.simplefilter("ignore")
        sys.path.insert(0, WORKSPACE)
        import logging
        logging.getLogger("dagster").setLevel(logging.CRITICAL)
        import dagster
        module = importlib.import_module(MODULE)
        assets = [getattr(module, name) for name in NAMES]
        instance = dagster.DagsterInstance.ephemeral()
        start = time.perf_counter()
        result = dagster.materialize(assets, instance=instance,
                                     run_config={"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}})
        assert result.success
        print(json.dumps({"seconds": time.perf_counter() - start}))
    """,
}


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONHASHSEED"] = "0"
    return env


def run_child(
    code: str, cwd: Path, stdin: str | None = None, args: list[str] | None = None
) -> tuple[float, float, str]:
    """(wall seconds, child CPU seconds, stdout) of one fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    completed = subprocess.run(
        args or [PYTHON, "-c", code],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        env=child_env(),
        timeout=3600,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if completed.returncode != 0:
        raise RuntimeError(f"child failed ({completed.returncode}):\n{completed.stderr[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, completed.stdout


def inner_code(engine: str, workspace: Path, shape: str, size: int) -> str:
    names = [key[0] for key in keys_of(shape, size)]
    if shape == "chain":
        params = {name: ([names[i - 1]] if i else []) for i, name in enumerate(names)}
    else:
        params = {name: ([] if name == "root" else ["root"]) for name in names}
    header = (
        f"import json\nWORKSPACE = {str(workspace)!r}\nMODULE = 'benchpkg.{shape}_{size}'\n"
        f"NAMES = {names!r}\nPARAMS = {params!r}\n"
    )
    return header + textwrap.dedent(INNER[engine])


def measure_inner(engine: str, workspace: Path, shape: str, size: int) -> tuple[float, float]:
    """(wall seconds of the run call, CPU seconds of the whole child process)."""
    _, cpu, stdout = run_child(inner_code(engine, workspace, shape, size), workspace)
    return float(json.loads(stdout.strip().splitlines()[-1])["seconds"]), cpu


def worker_request(workspace: Path, module: str, keys: list[list[str]]) -> str:
    return json.dumps({"run": {"workspace": str(workspace), "modules": [module], "selection": keys}}) + "\n"


def measure_worker(workspace: Path, shape: str, size: int) -> tuple[float, float]:
    """(wall seconds from the first asset's start to the last one's end, CPU seconds of the worker)."""
    if (workspace / ".assetlens").exists():
        shutil.rmtree(workspace / ".assetlens")
    _, cpu, stdout = run_child(
        "",
        workspace,
        worker_request(workspace, f"benchpkg.{shape}_{size}", keys_of(shape, size)),
        [PYTHON, "-m", "assetlens.runtime.worker"],
    )
    events = [json.loads(line) for line in stdout.splitlines() if line.strip()]
    started = next(e["time"] for e in events if e["event"] == "run_started")
    first = next(e["time"] for e in events if e["event"] == "asset_started")
    last = [e for e in events if e["event"] == "asset_materialized"][-1]["end"]
    assert events[-1]["event"] == "run_finished" and events[-1]["status"] == "success", events[-1]
    del started
    return last - first, cpu


# ------------------------------------------------------------------------------------------ reporting


def median_of(repeat: int, measure: Any) -> tuple[float, float]:
    samples = [measure() for _ in range(repeat)]
    return statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples)


def fit(points: dict[int, float]) -> tuple[float, float]:
    """(per-asset seconds, fixed seconds) from the smallest and largest size."""
    small, large = min(points), max(points)
    slope = (points[large] - points[small]) / (large - small)
    return slope, points[small] - slope * small


def ratio(theirs: float, ours: float) -> str:
    """`theirs / ours` as "NNx"; "n/a" when ours is within noise (not above zero)."""
    return f"{theirs / ours:.0f}x" if ours > 0 else "n/a (ours below noise)"


def fmt_seconds(value: float) -> str:
    if value >= 1:
        return f"{value:.2f} s"
    if value >= 1e-3:
        return f"{value * 1e3:.1f} ms"
    return f"{value * 1e6:.0f} µs"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,1000", help="asset counts per shape (comma separated)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-dagster", action="store_true")
    parser.add_argument("--json", action="store_true", help="print the results as one JSON object")
    parser.add_argument(
        "--workspace",
        type=Path,
        default=REPO / "bench" / "generated" / "10k",
        help="a generated code location for the editor path (default: bench/generated/10k, if present)",
    )
    args = parser.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(","))
    engines = ["plain", "worker", "library"] + ([] if args.skip_dagster else ["dagster"])
    labels = {
        "plain": "plain python (call + pickle)",
        "worker": "builtin worker (store + SQLite)",
        "library": "builtin library materialize()",
        "dagster": "dagster.materialize",
    }
    results: dict[str, Any] = {"runs": {}, "fits": {}, "cold": {}}
    root = Path(tempfile.mkdtemp(prefix="assetlens-bench-runtime-"))
    try:
        for shape in SHAPES:
            for size in sizes:
                workspace = make_workspace(root, shape, size)
                measure_inner("plain", workspace, shape, size)  # warm-up: bytecode caches written
                for engine in engines:
                    if engine == "worker":
                        wall, cpu = median_of(
                            args.repeat, lambda w=workspace, sh=shape, n=size: measure_worker(w, sh, n)
                        )
                    else:
                        wall, cpu = median_of(
                            args.repeat, lambda e=engine, w=workspace, sh=shape, n=size: measure_inner(e, w, sh, n)
                        )
                    results["runs"][f"{shape}/{engine}/{size}"] = {"wall": wall, "cpu": cpu}
                    print(
                        f"  {shape:<7} {labels[engine]:<32} N={size:<6} {fmt_seconds(wall):>10} run, "
                        f"{fmt_seconds(cpu):>10} process CPU",
                        file=sys.stderr,
                    )
            for engine in engines:
                per_asset, fixed = fit({size: results["runs"][f"{shape}/{engine}/{size}"]["wall"] for size in sizes})
                cpu_per_asset, cpu_fixed = fit(
                    {size: results["runs"][f"{shape}/{engine}/{size}"]["cpu"] for size in sizes}
                )
                results["fits"][f"{shape}/{engine}"] = {
                    "per_asset": per_asset,
                    "fixed": fixed,
                    "cpu_per_asset": cpu_per_asset,
                    "cpu_fixed": cpu_fixed,
                }
        results["cold"] = cold_process(root, args.repeat, args.skip_dagster)
        if (args.workspace / "bench-manifest.json").is_file():
            results["editor"] = editor_path(args.workspace, root, args.repeat)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print(
        f"\nPer asset (slope between N={sizes[0]} and N={sizes[-1]}, median of {args.repeat}); overhead = "
        "engine minus plain python (the work itself: calling the function, pickling to a file)"
    )
    print(f"{'shape':<8} {'engine':<34} {'wall':>9} {'overhead':>9} {'CPU':>9} {'overhead':>9} {'fixed':>9}")
    for shape in SHAPES:
        plain = results["fits"][f"{shape}/plain"]
        for engine in engines:
            fitted = results["fits"][f"{shape}/{engine}"]
            fitted["overhead"] = fitted["per_asset"] - plain["per_asset"]
            fitted["cpu_overhead"] = fitted["cpu_per_asset"] - plain["cpu_per_asset"]
            print(
                f"{shape:<8} {labels[engine]:<34} {fmt_seconds(fitted['per_asset']):>9} "
                f"{fmt_seconds(fitted['overhead']) if engine != 'plain' else '':>9} "
                f"{fmt_seconds(fitted['cpu_per_asset']):>9} "
                f"{fmt_seconds(fitted['cpu_overhead']) if engine != 'plain' else '':>9} "
                f"{fmt_seconds(fitted['fixed']):>9}"
            )
        if "dagster" in engines:
            dagster = results["fits"][f"{shape}/dagster"]
            for engine in ("worker", "library"):
                ours = results["fits"][f"{shape}/{engine}"]
                line = (
                    f"{'':<8} Dagster / {labels[engine]}: per asset "
                    f"{ratio(dagster['per_asset'], ours['per_asset'])} (wall), "
                    f"{ratio(dagster['cpu_per_asset'], ours['cpu_per_asset'])} (CPU)"
                )
                if engine == "worker":
                    line += (
                        f"; overhead over plain python {ratio(dagster['overhead'], ours['overhead'])} (wall), "
                        f"{ratio(dagster['cpu_overhead'], ours['cpu_overhead'])} (CPU)"
                    )
                print(line)
    print("\nWhole cold process, one asset (wall time, median; CPU in parentheses)")
    for label, (wall, cpu) in results["cold"].items():
        print(f"  {label:<44} {fmt_seconds(wall):>10}  ({fmt_seconds(cpu)} CPU)")
    if results.get("editor"):
        print(
            f"\nEditor path on {args.workspace.name}: from 'Materialize' (workspace already analysed, as in the"
            " language server) to the first asset running, median"
        )
        for label, seconds in results["editor"].items():
            print(f"  {label:<60} {fmt_seconds(seconds):>10}")
    return 0


EDITOR_CASES = {
    "an asset needing no resource (imports its module)": "raw/billing/raw_billing_attribution_1",
    "an asset needing a resource (imports the Definitions module)": "raw/billing/raw_billing_invoices_1",
}


def editor_path(source: Path, root: Path, repeat: int) -> dict[str, float]:
    """Time from the request to the worker's first `asset_started`, the analysis done beforehand."""
    import asyncio

    from assetlens.analyzer import analyze_workspace
    from assetlens.cli.materialize_command import build_request, definitions_from_pyproject, expand_selection
    from assetlens.runtime.host import start_run

    workspace_dir = root / "editor_workspace"
    shutil.copytree(source, workspace_dir, ignore=shutil.ignore_patterns(".assetlens", ".git", "__pycache__"))
    workspace = analyze_workspace(workspace_dir)

    async def first_asset(key: tuple[str, ...]) -> float:
        started = time.perf_counter()
        selection = expand_selection(workspace, [key], False, False)
        request = build_request(workspace, selection, "builtin", definitions_from_pyproject(workspace.root))
        first = asyncio.get_running_loop().create_future()

        def on_event(event: Any) -> None:
            if event.kind in ("asset_started", "run_finished") and not first.done():
                first.set_result(event)

        handle = await start_run(request, on_event=on_event, env=child_env())
        event = await first
        elapsed = time.perf_counter() - started
        outcome = await handle.wait()
        if event.kind != "asset_started" or outcome.status != "success":
            raise RuntimeError(f"{key}: {outcome.status}: {outcome.error}")
        return elapsed

    results = {}
    for label, text in EDITOR_CASES.items():
        key = tuple(text.split("/"))
        asyncio.run(first_asset(key))  # warm-up (bytecode caches)
        results[label] = statistics.median(asyncio.run(first_asset(key)) for _ in range(repeat))
        print(f"  editor: {label:<60} {fmt_seconds(results[label]):>10}", file=sys.stderr)
    return results


def cold_process(root: Path, repeat: int, skip_dagster: bool) -> dict[str, tuple[float, float]]:
    workspace = make_workspace(root, "chain", 1)
    module = "benchpkg.chain_1"
    cases: dict[str, Any] = {
        "builtin worker (python -m ...worker)": lambda: run_child(
            "", workspace, worker_request(workspace, module, [["a0"]]), [PYTHON, "-m", "assetlens.runtime.worker"]
        ),
        "assetlens materialize a0 (analyzer included)": lambda: run_child(
            "", workspace, None, [PYTHON, "-m", "assetlens.cli", "materialize", "a0", "--path", str(workspace)]
        ),
        "python -c 'import <engine>' (the floor)": lambda: run_child("import assetlens.runtime.worker", workspace),
    }
    if not skip_dagster:
        code = textwrap.dedent(f"""
            import sys, warnings, logging
            warnings.simplefilter("ignore")
            sys.path.insert(0, {str(workspace)!r})
            import dagster
            logging.getLogger("dagster").setLevel(logging.CRITICAL)
            from benchpkg.chain_1 import a0
            quiet = {{"loggers": {{"console": {{"config": {{"log_level": "CRITICAL"}}}}}}}}
            assert dagster.materialize([a0], run_config=quiet).success
        """)
        cases["dagster: import + dagster.materialize([a0])"] = lambda: run_child(code, workspace)
    results = {}
    for label, case in cases.items():
        case()  # warm-up (bytecode caches)
        samples = [case()[:2] for _ in range(repeat)]
        results[label] = (statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples))
        print(f"  cold: {label:<44} {fmt_seconds(results[label][0]):>10}", file=sys.stderr)
    return results


if __name__ == "__main__":
    sys.exit(main())
