"""Pathological sizes for `assetlens check` (issue 13, item 4): prints numbers, asserts nothing.

    python bench/bench_pathological.py                  # default sizes
    python bench/bench_pathological.py --cycle 2000 --missing 30000

- cycle: a ring of N assets, one per file (every file on the cycle), checked with `--format text`,
  `json` and `sarif`: wall time and output size. Before the fix one diagnostic per asset named the
  whole cycle: 2,000 assets gave 250 MB of text, 5.9 GB of JSON, 20 GB of SARIF.
- missing: one module whose N assets each depend on a misspelt key (one suggestion each, so each
  diagnostic carries a rename fix and an external-spec fix), checked and then fixed (`--fix`): wall
  time. Before the fix the fix builder rescanned the file per fix (30,000: 188 s).
"""
from __future__ import annotations

import argparse
import hashlib
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def assetlens() -> list[str]:
    script = REPO / ".venv" / "bin" / "assetlens"
    return [str(script)] if script.exists() else [sys.executable, "-m", "assetlens.cli"]


def run(root: Path, *args: str) -> tuple[float, int, int]:
    """(CPU seconds, stdout bytes, exit status) of one `assetlens check` without the cache. CPU time
    (user + system, the command and its workers) rather than wall time: the reference machine is
    shared, and its load would be measured too."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with tempfile.TemporaryFile() as out:
        done = subprocess.run([*assetlens(), "check", "--no-cache", *args], cwd=root, stdout=out, stderr=subprocess.DEVNULL)
        size = out.tell()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, size, done.returncode


def ring(root: Path, n: int) -> None:
    for i in range(n):
        (root / f"m{i:05d}.py").write_text(
            f"import dagster as dg\n\n\n@dg.asset\ndef node_{i:05d}(node_{(i - 1) % n:05d}):\n    return 1\n"
        )


def misspelt(root: Path, n: int) -> None:
    """`sources.py` defines `source_<hash>` keys; each asset of `daily.py` depends on `sourse_<hash>`:
    one close key each, so each diagnostic carries a safe rename fix (and the unsafe spec fix)."""
    names = [hashlib.sha1(str(i).encode()).hexdigest()[:12] for i in range(n)]
    lines = ["import dagster as dg\n"]
    for i, name in enumerate(names):
        lines.append(f"\n@dg.asset\ndef source_{name}():\n    return {i}\n")
    (root / "sources.py").write_text("".join(lines))
    lines = ["import dagster as dg\n"]
    for name in names:
        lines.append(f"\n@dg.asset\ndef daily_{name}(sourse_{name}):\n    return sourse_{name}\n")
    (root / "daily.py").write_text("".join(lines))


def megabytes(size: int) -> str:
    return f"{size / 1e6:9.2f} MB"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cycle", type=int, default=2000, help="assets on the ring (default 2000)")
    parser.add_argument("--missing", type=int, default=30000, help="misspelt dependencies (default 30000)")
    args = parser.parse_args()
    env_note = f"{os.cpu_count()} CPUs"
    print(f"assetlens check on pathological workspaces ({env_note})", flush=True)
    with tempfile.TemporaryDirectory(prefix="assetlens-bench-") as temporary:
        root = Path(temporary) / "ring"
        root.mkdir()
        ring(root, args.cycle)
        for fmt in ("text", "json", "sarif"):
            seconds, size, status = run(root, "--format", fmt)
            print(f"  cycle of {args.cycle} assets, --format {fmt:5}  {seconds:7.2f} s CPU  {megabytes(size)}  exit {status}", flush=True)
        root = Path(temporary) / "missing"
        root.mkdir()
        misspelt(root, args.missing)
        seconds, size, status = run(root, "--format", "json")
        print(f"  {args.missing} misspelt deps, check        {seconds:7.2f} s CPU  {megabytes(size)}  exit {status}", flush=True)
        seconds, size, status = run(root, "--fix", "--format", "json")
        fixed = (root / "daily.py").read_text().count("source_")
        print(f"  {args.missing} misspelt deps, check --fix  {seconds:7.2f} s CPU  {fixed // 2} fixed       exit {status}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
