"""Benchmark the assetlens analyzer and `assetlens check` beside real Dagster loading the same code location.

    python bench/bench_analyzer.py --size 10k [--repeat 3] [--json]

Measures, each in a fresh child process (so peak memory is the measured work's own):
  analyzer cold       analyze_workspace with an empty facts cache (default jobs: every core)
  analyzer warm       the same with the cache filled and nothing changed
  update_file         Workspace.update_file on one ~300-line module: a body edit, an edit adding an asset
  check cold/warm     `assetlens check` on the workspace (no cache / cache filled), and on one file
  Dagster             import the definitions module and resolve the asset graph (dagster_load.py)
and whether the analyzer's graph equals the one Dagster resolves (the generator's manifest, which
`generate.py --verify` checks against Dagster). Prints numbers; never asserts a timing.
Generates the workspace first (bench/generated/SIZE) when it does not exist.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from _common import (
    BENCH_DIR,
    MANIFEST,
    REPO,
    SIZES,
    ChildResult,
    Measured,
    fmt_seconds,
    median,
    percentile,
    python_executable,
    run_child,
    run_measured,
    workspace_for,
)
from analyzer_probe import pick_edit_target

TARGETS = {  # from the issues (analyzer: issue 2, check: issue 3)
    "analyzer_cold_s": 5.0,
    "analyzer_warm_s": 0.5,
    "update_file_s": 0.05,
    "analyzer_memory_mb": 300.0,
    "check_cold_s": 10.0,
    "check_warm_s": 1.0,
}


def _probe(mode: str, root: Path, cache_dir: Path, *extra: str, sample_memory: bool = False) -> ChildResult:
    """One probe process; timed runs are not memory-sampled (sampling slows them: see run_measured)."""
    argv = [python_executable(), str(BENCH_DIR / "analyzer_probe.py"), mode, str(root), "--cache-dir", str(cache_dir),
            *extra]
    return run_child(argv, cwd=REPO, sample_memory=sample_memory)


def _failure(result: ChildResult) -> str:
    return result.report.get("error") or result.stderr_tail or f"exit status {result.returncode}"


def _summary(results: list[ChildResult], key: str, sampled: list[ChildResult] | None = None) -> dict[str, Any]:
    """Median / min / max of the child's own timing `key`, wall time, and the peak memories (of the
    `sampled` runs: the timed ones are not sampled)."""
    times = [r.report[key] for r in results]
    memory = sampled or results
    return {
        "median_s": median(times),
        "min_s": min(times),
        "max_s": max(times),
        "runs": len(times),
        "wall_median_s": median([r.wall_s for r in results]),
        "cpu_median_s": median([r.cpu_s for r in results]),
        "peak_tree_pss_mb": max(r.peak_tree_pss_mb for r in memory),
        "peak_tree_rss_mb": max(r.peak_tree_rss_mb for r in memory),
        "peak_main_rss_mb": max(r.report.get("peak_rss_mb", 0.0) for r in results + memory),
        "peak_worker_rss_mb": max(r.report.get("peak_worker_rss_mb", 0.0) for r in results + memory),
    }


# -- the analyzer -----------------------------------------------------------------------------------

def bench_analyzer(root: Path, repeat: int, jobs: int | None, edits: int, single_core: bool) -> dict[str, Any]:
    jobs_args = ["--jobs", str(jobs)] if jobs else []
    out: dict[str, Any] = {}
    cache_root = Path(tempfile.mkdtemp(prefix="assetlens-bench-"))
    try:
        cold: list[ChildResult] = []
        cache_dir = cache_root / "cold-0"
        for run in range(repeat):
            cache_dir = cache_root / f"cold-{run}"
            result = _probe("cold", root, cache_dir, *jobs_args)
            if not result.ok:
                return {"error": f"analyzer cold run failed: {_failure(result)}"}
            cold.append(result)
        sampled = _probe("cold", root, cache_root / "cold-sampled", *jobs_args, sample_memory=True)
        size = {k: cold[0].report[k] for k in ("files", "lines", "assets", "graph_nodes", "graph_edges")}
        out["workspace"] = size
        out["cold"] = _summary(cold, "analyze_s", [sampled] if sampled.ok else None)
        if sampled.ok:  # what the memory sampling costs the run it watches
            out["cold"]["sampled_s"] = sampled.report["analyze_s"]
        out["cold"]["files_per_s"] = size["files"] / out["cold"]["median_s"]
        out["cold"]["lines_per_s"] = size["lines"] / out["cold"]["median_s"]
        out["import_s"] = median([r.report["import_s"] for r in cold])
        if single_core:
            single = [_probe("cold", root, cache_root / f"single-{run}", "--jobs", "1") for run in range(repeat)]
            single_sampled = _probe("cold", root, cache_root / "single-sampled", "--jobs", "1", sample_memory=True)
            if all(r.ok for r in single):
                out["cold_one_core"] = _summary(single, "analyze_s", [single_sampled] if single_sampled.ok else None)
        warm = [_probe("warm", root, cache_dir, *jobs_args) for _ in range(repeat)]
        warm_sampled = _probe("warm", root, cache_dir, *jobs_args, sample_memory=True)
        if all(r.ok for r in warm):
            out["warm"] = _summary(warm, "analyze_s", [warm_sampled] if warm_sampled.ok else None)
        else:
            out["warm"] = {"error": _failure(next(r for r in warm if not r.ok))}
        updates = [_probe("update", root, cache_dir, "--edits", str(edits), *jobs_args) for _ in range(repeat)]
        if all(r.ok for r in updates):
            body = [t for r in updates for t in r.report["update"]["body_edit_s"]]
            graph = [t for r in updates for t in r.report["update"]["graph_edit_s"]]
            first = updates[0].report["update"]
            out["update_file"] = {
                "file": first["file"],
                "file_lines": first["file_lines"],
                "edits": len(body) + len(graph),
                "body_edit": {"p50_s": percentile(body, 0.5), "p95_s": percentile(body, 0.95), "max_s": max(body)},
                "graph_edit": {"p50_s": percentile(graph, 0.5), "p95_s": percentile(graph, 0.95), "max_s": max(graph)},
            }
        else:
            out["update_file"] = {"error": _failure(next(r for r in updates if not r.ok))}
        compared = _probe("compare", root, cache_dir, *jobs_args)
        out["matches_dagster"] = compared.report.get("compare") if compared.ok else {"error": _failure(compared)}
    finally:
        shutil.rmtree(cache_root, ignore_errors=True)
    return out


# -- assetlens check --------------------------------------------------------------------------------

def _assetlens() -> list[str]:
    script = Path(python_executable()).with_name("assetlens")
    return [str(script)] if script.exists() else [python_executable(), "-m", "assetlens.cli"]


def _process_summary(runs: list[Measured]) -> dict[str, Any]:
    walls = [m.wall_s for m in runs]
    return {"median_s": median(walls), "min_s": min(walls), "max_s": max(walls), "runs": len(walls),
            "cpu_median_s": median([m.cpu_s for m in runs])}


def bench_check(root: Path, repeat: int, one_file: str | None) -> dict[str, Any]:
    """`assetlens check` as a user runs it. The facts cache lives in the user's cache folder
    ($XDG_CACHE_HOME/assetlens): the runs get a private XDG_CACHE_HOME, emptied for the cold ones."""
    xdg = Path(tempfile.mkdtemp(prefix="assetlens-bench-xdg-"))
    try:
        return _bench_check(root, repeat, one_file, xdg)
    finally:
        shutil.rmtree(xdg, ignore_errors=True)


def _bench_check(root: Path, repeat: int, one_file: str | None, xdg: Path) -> dict[str, Any]:
    out: dict[str, Any] = {}

    def run(paths: list[str], sample_memory: bool = False) -> tuple[Measured, str]:
        """One `assetlens check` process, and the last line it printed."""
        measured = run_measured([*_assetlens(), "check", *paths], cwd=root, env={"XDG_CACHE_HOME": str(xdg)},
                                sample_memory=sample_memory)
        lines = [line for line in (measured.stdout + "\n" + measured.stderr).splitlines() if line.strip()]
        return measured, lines[-1] if lines else ""

    def empty_caches() -> None:
        shutil.rmtree(xdg, ignore_errors=True)
        xdg.mkdir()
        shutil.rmtree(root / ".assetlens", ignore_errors=True)  # where earlier versions kept it

    cold: list[Measured] = []
    warm: list[Measured] = []
    summary = ""
    for _ in range(repeat):
        empty_caches()
        measured, summary = run(["."])
        if measured.returncode == 2:
            return {"unavailable": summary or "exit status 2"}
        cold.append(measured)
        measured, summary = run(["."])
        warm.append(measured)
    empty_caches()  # one more cold and warm run, memory-sampled (not timed)
    sampled = [run(["."], sample_memory=True)[0] for _ in range(2)]
    out["cold"] = _process_summary(cold)
    out["warm"] = _process_summary(warm)
    out["peak_tree_pss_mb"] = max(m.peak_tree_pss_mb for m in sampled)
    out["exit_status"] = warm[-1].returncode
    out["summary"] = summary
    match = re.search(r"Found (\d+) problems?", summary)
    out["findings"] = int(match.group(1)) if match else (0 if "passed" in summary.lower() else None)
    if one_file:
        runs = [run([one_file]) for _ in range(repeat)]
        out["one_file"] = {"file": one_file, **_process_summary([m for m, _ in runs]), "summary": runs[-1][1]}
    return out


# -- Dagster ----------------------------------------------------------------------------------------

def bench_dagster(root: Path, repeat: int) -> dict[str, Any]:
    results = [run_child([python_executable(), str(BENCH_DIR / "dagster_load.py"), str(root)], cwd=REPO)
               for _ in range(repeat)]
    failed = [r for r in results if not r.ok]
    if failed:
        return {"error": _failure(failed[0])}
    summary = _summary(results, "total_s")
    for step in ("import_dagster_s", "import_code_s", "resolve_graph_s"):
        summary[step] = median([r.report[step] for r in results])
    summary["dagster_version"] = results[0].report["dagster_version"]
    summary["assets"] = results[0].report["assets"]
    return summary


# -- output -----------------------------------------------------------------------------------------

def _mem(section: dict[str, Any]) -> str:
    return f"{section['peak_tree_pss_mb']:.0f} MB PSS ({section['peak_main_rss_mb']:.0f} MB main RSS)"


def _time(section: dict[str, Any]) -> str:
    """The median, and the fastest run when there were several (the least disturbed by other load)."""
    if section.get("runs", 1) > 1 or section.get("min_s") not in (None, section["median_s"]):
        return f"{fmt_seconds(section['median_s'])} (min {fmt_seconds(section['min_s'])})"
    return fmt_seconds(section["median_s"])


def _cpu(section: dict[str, Any]) -> str:
    return fmt_seconds(section["cpu_median_s"]) if "cpu_median_s" in section else ""


def _rows(report: dict[str, Any]) -> list[tuple[str, str, str, str, str]]:
    """(measurement, time, process CPU, details, target) for every measurement in the report."""
    rows: list[tuple[str, str, str, str, str]] = []
    analyzer = report.get("analyzer", {})
    if analyzer and "error" in analyzer:
        rows.append(("analyzer", "not available", "", analyzer["error"][:100], ""))
    elif analyzer:
        cold = analyzer["cold"]
        rows.append(("analyzer cold (empty cache)", _time(cold), _cpu(cold),
                     f"{cold['files_per_s']:.0f} files/s, {cold['lines_per_s'] / 1000:.0f}k lines/s; {_mem(cold)}"
                     + (f" (that run, memory-sampled: {fmt_seconds(cold['sampled_s'])})" if "sampled_s" in cold else ""),
                     "< 5 s, < 300 MB"))
        if "cold_one_core" in analyzer:
            one = analyzer["cold_one_core"]
            rows.append(("analyzer cold, 1 job", _time(one), _cpu(one), _mem(one), ""))
        warm = analyzer["warm"]
        if "error" in warm:
            rows.append(("analyzer warm (cache, no change)", "failed", "", warm["error"][:100], "< 0.5 s"))
        else:
            rows.append(("analyzer warm (cache, no change)", _time(warm), _cpu(warm), _mem(warm), "< 0.5 s"))
        update = analyzer["update_file"]
        if "error" in update:
            rows.append(("update_file", "failed", "", update["error"][:100], "< 50 ms"))
        else:
            for kind in ("body_edit", "graph_edit"):
                stats = update[kind]
                rows.append((f"update_file {kind.replace('_', ' ')} (p50)", fmt_seconds(stats["p50_s"]), "",
                             f"p95 {fmt_seconds(stats['p95_s'])}, max {fmt_seconds(stats['max_s'])} "
                             f"({update['file_lines']}-line file, {update['edits']} edits)", "< 50 ms"))
        rows.append(("analyzer import (not in the above)", fmt_seconds(analyzer["import_s"]), "", "", ""))
    check = report.get("check")
    if check is not None and "unavailable" in check:
        rows.append(("assetlens check", "not available", "", check["unavailable"][:100], ""))
    elif check is not None:
        rows.append(("assetlens check . cold", _time(check["cold"]), _cpu(check["cold"]),
                     f"peak {check['peak_tree_pss_mb']:.0f} MB PSS", "< 10 s"))
        rows.append(("assetlens check . warm", _time(check["warm"]), _cpu(check["warm"]),
                     f"exit {check['exit_status']}: {check['summary'][:70]}", "< 1 s"))
        if "one_file" in check:
            rows.append(("assetlens check FILE, warm", _time(check["one_file"]), _cpu(check["one_file"]),
                         check["one_file"]["file"], ""))
    dagster = report.get("dagster")
    if dagster is not None and "error" in dagster:
        rows.append(("Dagster load", "failed", "", dagster["error"][:100], ""))
    elif dagster is not None:
        rows.append((f"Dagster {dagster['dagster_version']} import + resolve", _time(dagster), _cpu(dagster),
                     f"import dagster {fmt_seconds(dagster['import_dagster_s'])}, code "
                     f"{fmt_seconds(dagster['import_code_s'])}, graph {fmt_seconds(dagster['resolve_graph_s'])}; "
                     f"peak {dagster['peak_main_rss_mb']:.0f} MB RSS", "the baseline"))
    return rows


def print_report(report: dict[str, Any]) -> None:
    ws = report["workspace"]
    machine = report["machine"]
    print(f"workspace {ws['path']}: {ws['asset_keys']} asset keys, {ws['python_files']} .py files, "
          f"{ws['python_lines']} lines, {ws['dependency_edges']} dependency edges")
    print(f"machine: {machine['cores']} cores, load average {machine['load_before']:.2f} before and "
          f"{machine['load_after']:.2f} after; {report['repeat']} run(s) per measurement, medians (and the fastest)")
    print()
    rows = [("measurement", "time", "CPU", "details", "")] + _rows(report)
    widths = [max(len(row[column]) for row in rows) for column in range(3)]
    for name, value, cpu, detail, target in rows:
        suffix = f"   [target {target}]" if target else ""
        print(f"{name:<{widths[0]}}  {value:>{widths[1]}}  {cpu:>{widths[2]}}  {detail}{suffix}")
    analyzer = report.get("analyzer", {})
    matches = analyzer.get("matches_dagster") if analyzer and "error" not in analyzer else None
    if matches:
        print()
        if matches.get("identical"):
            print(f"analyzer graph == Dagster's graph: identical ({matches['expected_keys']} keys: deps, groups, "
                  "code versions)")
        elif "error" in matches:
            print(f"analyzer graph vs Dagster's: {matches['error']}")
        else:
            counts = {k: v for k, v in matches.items() if k.endswith(("_keys", "_differ", "_entries")) and v}
            print(f"analyzer graph differs from Dagster's: {counts}")
            for line in matches["examples"][:8]:
                print(f"  {line}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="1k")
    parser.add_argument("--workspace", type=Path, help="a generated workspace (default: bench/generated/SIZE)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per measurement (medians are printed)")
    parser.add_argument("--jobs", type=int, default=None, help="analyzer worker processes (default: its own)")
    parser.add_argument("--edits", type=int, default=40, help="update_file edits per run")
    parser.add_argument("--single-core", action="store_true", help="also measure a cold analysis with one job")
    parser.add_argument("--skip-dagster", action="store_true")
    parser.add_argument("--skip-check", action="store_true")
    parser.add_argument("--skip-analyzer", action="store_true")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    root = (args.workspace or workspace_for(args.size)).resolve()
    if not (root / MANIFEST).exists():
        if args.workspace:
            parser.error(f"{root} is not a generated workspace (no {MANIFEST}); run bench/generate.py")
        print(f"generating {root} ...", file=sys.stderr)
        import generate

        if generate.main(["--size", args.size]) != 0:
            return 1
    manifest = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
    report: dict[str, Any] = {
        "workspace": {"path": str(root.relative_to(REPO) if root.is_relative_to(REPO) else root),
                      **{k: v for k, v in manifest["stats"].items() if k != "constructs"}},
        "machine": {"cores": os.cpu_count(), "load_before": os.getloadavg()[0]},
        "repeat": args.repeat,
        "targets": TARGETS,
    }
    if not args.skip_analyzer:
        report["analyzer"] = bench_analyzer(root, args.repeat, args.jobs, args.edits, args.single_core)
    if not args.skip_check:
        report["check"] = bench_check(root, args.repeat, pick_edit_target(root))
    if not args.skip_dagster:
        report["dagster"] = bench_dagster(root, args.repeat)
    report["machine"]["load_after"] = os.getloadavg()[0]
    if args.json:
        print(json.dumps(report, indent=1))
    else:
        print_report(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
