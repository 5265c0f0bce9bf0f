"""The example project is real, working Dagster code: every asset of examples/shop materializes (and
its observable source is observed) in a throwaway Dagster instance."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from dagster_runs import REPO, Case, run_dagster_graph

RUNNER = Path(__file__).with_name("materialize_location.py")
SHOP = REPO / "examples" / "shop"


def test_every_shop_asset_materializes() -> None:
    proc = subprocess.run(
        [sys.executable, str(RUNNER), str(SHOP), "shop.definitions"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=REPO,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    outcome = json.loads(proc.stdout.strip().splitlines()[-1])

    graph = run_dagster_graph(Case("examples/shop", SHOP))
    assert graph.ok, graph.failure()
    computed = sorted("/".join(a["key"]) for a in graph.assets if a["kind"] not in ("spec", "source"))
    sources = {"/".join(a["key"]) for a in graph.assets if a["kind"] == "source"}
    assert outcome["materialized"] == computed
    assert outcome["observed"] and set(outcome["observed"]) <= sources
