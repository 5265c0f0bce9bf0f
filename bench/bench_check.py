"""Benchmark `assetlens check` on a generated workspace: cold and warm runs of the real command, a
pre-commit-style run on one changed file, and the rules engine alone (what the language server pays
after every edit). Prints numbers; never asserts a timing.

    python bench/bench_check.py                  # bench/generated/10k (generate it first:
                                                 #   python bench/generate.py --size 10k)
    python bench/bench_check.py --size 1k --repeat 5

Targets (issue 3): cold < 10 s, warm < 1 s on the 2-core reference machine.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import REPO, fmt_seconds, median, python_executable, run_child, workspace_for  # noqa: E402

TARGETS = {"cold": 10.0, "warm": 1.0}


def assetlens_command() -> list[str]:
    script = REPO / ".venv" / "bin" / "assetlens"
    return [str(script)] if script.exists() else [python_executable(), "-m", "assetlens.cli"]


def timed_check(root: Path, *args: str) -> tuple[float, float, int]:
    """(wall seconds, peak PSS MB, exit status) of one `assetlens check` in a fresh process."""
    result = run_child([*assetlens_command(), "check", "--format", "json", *args], cwd=root)
    return result.wall_s, result.peak_tree_pss_mb, result.returncode


def bench_command(root: Path, repeat: int) -> dict[str, dict[str, float]]:
    cache = root / ".assetlens" / "cache"
    cold, warm, peaks = [], [], []
    for _ in range(repeat):
        shutil.rmtree(cache, ignore_errors=True)
        seconds, peak, status = timed_check(root)
        if status not in (0, 1):
            raise SystemExit(f"assetlens check failed with exit status {status}")
        cold.append(seconds)
        peaks.append(peak)
        seconds, peak, _ = timed_check(root)
        warm.append(seconds)
        peaks.append(peak)
    return {
        "cold": {"median_s": median(cold), "min_s": min(cold)},
        "warm": {"median_s": median(warm), "min_s": min(warm)},
        "peak_pss_mb": {"max": max(peaks)},
    }


def bench_pre_commit(root: Path, repeat: int) -> dict[str, float] | None:
    """A staged edit of one module (body changed, code_version not bumped) in a copy of the workspace,
    checked as pre-commit runs it: `check --staged FILE` with the rest of the facts cached."""
    if not (root / ".git").exists():
        return None
    with tempfile.TemporaryDirectory(prefix="assetlens-bench-") as temporary:
        copy = Path(temporary) / "ws"
        subprocess.run(["git", "clone", "-q", str(root), str(copy)], check=True)
        subprocess.run([*assetlens_command(), "check", "--format", "json"], cwd=copy, capture_output=True)
        target = next(p for p in sorted(copy.rglob("*.py")) if "code_version=" in p.read_text() and "return" in p.read_text())
        text = target.read_text()
        index = text.index("return ", text.index("code_version="))
        target.write_text(text[:index] + "_unused = 1\n    " + text[index:])
        subprocess.run(["git", "add", str(target)], cwd=copy, check=True)
        relative = target.relative_to(copy).as_posix()
        times, findings = [], 0
        for _ in range(repeat):
            start = time.perf_counter()
            done = subprocess.run([*assetlens_command(), "check", "--staged", "--format", "json", relative], cwd=copy, capture_output=True, text=True)
            times.append(time.perf_counter() - start)
            findings = sum(1 for d in json.loads(done.stdout)["diagnostics"] if d["code"] == "AL004")
        return {"median_s": median(times), "al004_findings": findings}


ENGINE_PROBE = r"""
import json, sys, time
from assetlens.analyzer.workspace import analyze_workspace
from assetlens.analyzer.diagnostics import run_rules
from assetlens.analyzer.config import Settings
from assetlens.analyzer.rules import ALL_RULES
root, repeat = sys.argv[1], int(sys.argv[2])
workspace = analyze_workspace(root)
def best(function):
    times = []
    for _ in range(repeat):
        start = time.perf_counter(); function(); times.append(time.perf_counter() - start)
    return min(times)
one = max(workspace.modules, key=lambda f: len(workspace.modules[f].assets))
report = {
    "assets": len(workspace.assets),
    "files": len(workspace.modules),
    "all_s": best(lambda: run_rules(workspace)),
    "one_file_s": best(lambda: run_rules(workspace, files=[one])),
    "per_rule_s": {rule.CODE: best(lambda: run_rules(workspace, Settings(select=(rule.CODE,)))) for rule in ALL_RULES},
}
print(json.dumps(report))
"""


def bench_engine(root: Path, repeat: int) -> dict:
    result = run_child([python_executable(), "-c", ENGINE_PROBE, str(root), str(repeat)], cwd=REPO)
    if not result.report:
        raise SystemExit(f"engine probe failed:\n{result.stderr_tail}")
    return result.report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="10k", help="generated workspace under bench/generated (default 10k)")
    parser.add_argument("--root", type=Path, help="benchmark this workspace instead")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    root = (args.root or workspace_for(args.size)).resolve()
    if not root.is_dir():
        print(f"{root} does not exist: run `python bench/generate.py --size {args.size}` first", file=sys.stderr)
        return 2
    command = bench_command(root, args.repeat)
    engine = bench_engine(root, max(args.repeat, 3))
    pre_commit = bench_pre_commit(root, args.repeat)
    print(f"assetlens check on {root} ({engine['assets']} assets, {engine['files']} files)")
    print(f"  check cold (no cache)        {fmt_seconds(command['cold']['median_s']):>10}   target < {TARGETS['cold']:.0f} s")
    print(f"  check warm (cache filled)    {fmt_seconds(command['warm']['median_s']):>10}   target < {TARGETS['warm']:.0f} s")
    print(f"  peak memory (PSS, workers)   {command['peak_pss_mb']['max']:>7.0f} MB")
    if pre_commit is not None:
        print(f"  pre-commit: --staged FILE    {fmt_seconds(pre_commit['median_s']):>10}   ({pre_commit['al004_findings']} AL004 reported for the edit)")
    print(f"  rules engine, whole graph    {fmt_seconds(engine['all_s']):>10}")
    print(f"  rules engine, one file       {fmt_seconds(engine['one_file_s']):>10}   (per edit in the language server)")
    for code, seconds in engine["per_rule_s"].items():
        print(f"    {code}                      {fmt_seconds(seconds):>10}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
