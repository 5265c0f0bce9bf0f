"""The analysis pauses Python's cycle collector and hands a whole workspace over to its oldest
generation at the end: nothing may stay frozen (or be unfrozen that a caller froze), the collector's
state is restored, and a dropped workspace is still freed."""
from __future__ import annotations

import gc
import weakref
from pathlib import Path

from assetlens.analyzer.workspace import analyze_workspace

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "shop"


def test_a_workspace_goes_to_the_oldest_generation_and_is_still_freed() -> None:
    assert gc.isenabled() and gc.get_freeze_count() == 0
    workspace = analyze_workspace(EXAMPLE, use_cache=False)
    assert gc.isenabled() and gc.get_freeze_count() == 0
    dropped = weakref.ref(workspace)
    del workspace
    gc.collect()
    assert dropped() is None


def test_what_a_caller_froze_stays_frozen() -> None:
    gc.freeze()  # as the language server does once a folder is indexed
    try:
        frozen = gc.get_freeze_count()
        analyze_workspace(EXAMPLE, use_cache=False)
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
