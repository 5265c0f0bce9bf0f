"""The serial main-process tail of a cold analysis: building a `Workspace` from extracted facts.

`analyze_workspace` spends, after the worker processes have extracted every file's facts, some tenths
of a second in the main process alone: `Workspace(...)` (locations, loader transforms, name resolvers,
the networkx graph), `attach_integrations`, and the collector's freeze. This script extracts once,
pickles the facts, and times that tail on its own, many times in one process (the collector paused,
as `analyze_workspace` does; CPU time, so another process on the machine matters less):

```sh
.venv/bin/python bench/bench_workspace_build.py --size 10k --dump /tmp/facts-10k.pickle   # extract once
.venv/bin/python bench/bench_workspace_build.py --load /tmp/facts-10k.pickle --repeat 15
```

`--digest` prints a hash of the result (`to_json()`, the graph's nodes, edges and their attributes,
in order) to compare two versions of the analyzer byte for byte. To compare with an older version, run
it with that version first on `PYTHONPATH` (a folder holding `assetlens/analyzer` of the old tree),
alternating the two in the same minute: the machine's speed drifts.
"""
from __future__ import annotations

import argparse
import gc
import hashlib
import json
import pickle
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def dump(workspace_dir: Path, out: Path, jobs: int) -> None:
    from assetlens.analyzer.workspace import analyze_workspace

    started = time.perf_counter()
    workspace = analyze_workspace(workspace_dir, use_cache=False, jobs=jobs)
    print(f"analysed {len(workspace.files)} files in {time.perf_counter() - started:.2f} s", file=sys.stderr)
    state = (workspace.root, list(workspace.files), workspace.modules, workspace._declared, workspace.environment)
    out.write_bytes(pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL))


def digest(workspace) -> str:
    """A hash of everything the build produces that others read."""
    hasher = hashlib.blake2b(digest_size=16)
    hasher.update(json.dumps(workspace.to_json(), sort_keys=True, default=repr).encode())
    graph = workspace.graph
    for node, data in graph.nodes(data=True):
        hasher.update(repr((node, sorted(data), [repr(a) for a in data.get("assets", ())])).encode())
    for upstream, downstream, data in graph.edges(data=True):
        hasher.update(repr((upstream, downstream, sorted(data), [repr(pair) for pair in data.get("refs", ())])).encode())
    for file in workspace.files:
        hasher.update(repr((file, workspace.assets_in_file(file), workspace.locations_of_file(file))).encode())
    hasher.update(repr((workspace.unloaded_files(), workspace.discovery)).encode())
    return hasher.hexdigest()


def measure(state_file: Path, repeat: int, show_digest: bool, profile: bool) -> dict:
    from assetlens.analyzer.integrations.attach import attach_integrations
    from assetlens.analyzer.workspace import Workspace

    data = state_file.read_bytes()
    build, attach, freeze, unpickle = [], [], [], []
    result = None
    gc.collect()
    gc.disable()
    for _ in range(repeat):
        t0 = time.process_time()
        root, files, modules, discovery, environment = pickle.loads(data)
        t1 = time.process_time()
        workspace = Workspace(root, files, modules, None, discovery, environment)
        t2 = time.process_time()
        attach_integrations(workspace)
        t3 = time.process_time()
        gc.freeze()
        gc.unfreeze()
        t4 = time.process_time()
        unpickle.append(t1 - t0)
        build.append(t2 - t1)
        attach.append(t3 - t2)
        freeze.append(t4 - t3)
        result = workspace
        del workspace, modules
        gc.enable()
        gc.collect()
        gc.disable()
    if profile:
        import cProfile
        import pstats

        root, files, modules, discovery, environment = pickle.loads(data)
        profiler = cProfile.Profile()
        profiler.enable()
        Workspace(root, files, modules, None, discovery, environment)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
    gc.enable()
    numbers = {
        name: {"median": statistics.median(values), "min": min(values)}
        for name, values in (("unpickle", unpickle), ("build", build), ("attach", attach), ("freeze", freeze))
    }
    numbers["assets"] = len(result.assets)
    if show_digest:
        numbers["digest"] = digest(result)
    return numbers


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=("100", "1k", "10k"), default="10k")
    parser.add_argument("--workspace", type=Path)
    parser.add_argument("--dump", type=Path, help="extract the workspace and pickle its facts here")
    parser.add_argument("--load", type=Path, help="time building workspaces from these pickled facts")
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--digest", action="store_true")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.dump:
        folder = args.workspace or Path(__file__).resolve().parent / "generated" / args.size
        if not folder.is_dir():
            print(f"{folder} does not exist: run bench/generate.py --size {args.size} first", file=sys.stderr)
            return 2
        dump(folder, args.dump, args.jobs)
    if args.load:
        numbers = measure(args.load, args.repeat, args.digest, args.profile)
        if args.json:
            print(json.dumps(numbers))
        else:
            for name in ("unpickle", "build", "attach", "freeze"):
                print(f"{name:9} median {numbers[name]['median'] * 1000:7.1f} ms   min {numbers[name]['min'] * 1000:7.1f} ms (CPU)")
            print(f"assets    {numbers['assets']}")
            if "digest" in numbers:
                print(f"digest    {numbers['digest']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
