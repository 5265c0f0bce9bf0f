"""Extracting many files' facts in worker processes.

Each worker keeps one `ModuleIndex`, so a module it interpreted for one file (its imports) is not
interpreted again for the next. Neighbouring modules import each other, so the files are split into
one contiguous region per worker, each cut into chunks: a worker takes its own region's chunks from
the front, and when its region is done takes the chunks left in another region from the back (work
stealing) — the two rarely meet, and few modules are interpreted by both workers. (Handing out the
chunks in order instead interleaved the workers through every package: each interpreted a fifth of
the modules the other had already.) Workers send each file's facts pickled, as the cache stores them.
"""
from __future__ import annotations

import gc
import os
import pickle
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from assetlens.analyzer import cache
from assetlens.analyzer.environment import Environment
from assetlens.analyzer.extract import ModuleIndex
from assetlens.analyzer.facts import ModuleFacts

CHUNKS_PER_REGION = 24  # progress steps, and how finely an idle worker can take over another's work

_WORKER: dict[str, Any] = {}  # in a worker process: its index, region and the shared claim counters


def extract_in_workers(
    root: Path,
    files: list[str],
    contents: dict[str, bytes | None],
    todo: list[str],
    jobs: int,
    on_chunk: Callable[[int], None] | None = None,
    environment: Environment | None = None,
) -> tuple[dict[str, ModuleFacts], dict[str, bytes]]:
    """The facts of the `todo` files (and each pickled), extracted by `jobs` worker processes.
    `on_chunk(files_done)` is called as chunks arrive."""
    import multiprocessing

    regions = [_split(region, CHUNKS_PER_REGION) for region in _split(todo, jobs)]
    chunk_count = sum(len(region) for region in regions)
    # fork is cheapest, but not safe in a process with threads (the language server): spawn there
    method = "fork" if hasattr(os, "fork") and threading.active_count() == 1 else "spawn"
    context = multiprocessing.get_context(method)
    # per region: the next chunk to take from the front, and one past the last chunk left at the back
    bounds = context.Array("i", [value for region in regions for value in (0, len(region))])
    counter = context.Value("i", 0)  # numbers the workers as they start: worker n owns region n
    result: dict[str, ModuleFacts] = {}
    pickled: dict[str, bytes] = {}
    initargs = (root, files, contents, environment, regions, bounds, counter)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_init_worker, initargs=initargs) as pool:
        for chunk_result in pool.map(_extract_claimed, range(chunk_count)):
            for path, data in chunk_result.items():  # pickled in the worker: kept as is for the cache
                result[path] = pickle.loads(data)
                pickled[path] = data
            if on_chunk is not None:
                on_chunk(len(result))
    return result, pickled


def _split(items: list, count: int) -> list[list]:
    """`items` in at most `count` contiguous parts of nearly equal size."""
    count = max(1, min(count, len(items)))
    size, extra = divmod(len(items), count)
    parts, start = [], 0
    for index in range(count):
        end = start + size + (1 if index < extra else 0)
        parts.append(items[start:end])
        start = end
    return [part for part in parts if part]


def _init_worker(root, files, contents, environment, regions, bounds, counter) -> None:
    gc.disable()  # a short-lived worker never needs the cycle collector (see workspace.paused_gc)
    with counter.get_lock():
        number = counter.value
        counter.value += 1
    _WORKER.update(
        index=ModuleIndex(root, files, contents.get, environment),
        regions=regions, bounds=bounds, own=number % len(regions),
    )


def _extract_claimed(_task: int) -> dict[str, bytes]:
    """One chunk's facts, each pickled: the next chunk of the worker's own region, else the last one
    left in the region with the most left. There are as many tasks as chunks, so one is always left."""
    chunk = _claim()
    index: ModuleIndex = _WORKER["index"]
    return {path: cache.pickled(index.facts(path)) for path in chunk}


def _claim() -> list[str]:
    regions, bounds, own = _WORKER["regions"], _WORKER["bounds"], _WORKER["own"]
    with bounds.get_lock():
        front, back = bounds[2 * own], bounds[2 * own + 1]
        if front < back:
            bounds[2 * own] = front + 1
            return regions[own][front]
        left = [(bounds[2 * r + 1] - bounds[2 * r], r) for r in range(len(regions))]
        most, victim = max(left)
        if most <= 0:
            return []
        bounds[2 * victim + 1] -= 1
        return regions[victim][bounds[2 * victim + 1]]
