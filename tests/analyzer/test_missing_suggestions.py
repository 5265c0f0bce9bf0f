"""AL002's "did you mean" suggestions after edits: the language server checks after every edit, so the
index of defined keys is kept while they stay the same — and must never answer with keys that are gone
or miss keys that are new."""
from __future__ import annotations

from pathlib import Path

from assetlens.analyzer.diagnostics import run_rules
from assetlens.analyzer.rules import al002_missing_upstream

from .support import analyze


def _suggested(workspace) -> list[str]:
    return [d.message for d in run_rules(workspace) if d.code == "AL002"]


def test_suggestions_follow_the_defined_keys_through_edits(tmp_path: Path) -> None:
    workspace = analyze(tmp_path, {
        "up.py": "import dagster as dg\n\n@dg.asset\ndef orders_raw():\n    return 1\n",
        "down.py": "import dagster as dg\n\n@dg.asset(deps=['orders_rawx'])\ndef report():\n    return 1\n",
    })
    assert "orders_raw" in _suggested(workspace)[0]
    location = workspace.assets[0].location
    kept = al002_missing_upstream._LAST_SUGGESTERS[location]
    workspace.update_file("down.py", "import dagster as dg\n\n@dg.asset(deps=['orders_rawy'])\ndef report():\n    return 1\n")
    assert "orders_raw" in _suggested(workspace)[0]
    assert al002_missing_upstream._LAST_SUGGESTERS[location][1] is kept[1]  # the same keys: the same index
    workspace.update_file("up.py", "import dagster as dg\n\n@dg.asset\ndef orders_rawy2():\n    return 1\n")
    message = _suggested(workspace)[0]
    assert "orders_rawy2" in message and "`orders_raw`" not in message
