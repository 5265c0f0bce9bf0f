"""Asset check results in the editor (issue 11): after a run, the status lens says how the asset's checks
went and `assetlens/graph` nodes carry each check's latest result."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pytest_lsp import LanguageClient

from .conftest import DATA
from .harness import Harness, plain
from .test_commands import materialize, status_lens


@pytest.fixture
def project(tmp_path: Path) -> Path:
    target = tmp_path / "checked"
    shutil.copytree(DATA / "checked", target)
    return target


async def graph_node(client: LanguageClient, key: list[str]) -> dict:
    result = plain(await client.protocol.send_request_async("assetlens/graph", {"key": key, "depth": 0}))
    return next(node for node in result["nodes"] if node["key"] == key)


@pytest.mark.initialization_options({"trusted": True})
async def test_check_results_show_in_the_lens_and_the_lineage_data(client: LanguageClient, harness: Harness) -> None:
    assert (await graph_node(client, ["numbers"]))["checks"] == []
    result = await materialize(client, {"key": ["doubled"], "upstream": True})
    assert result["status"] == "success", result
    assert await status_lens(client, harness, "numbers") == "materialized just now · 2 checks passed"
    assert await status_lens(client, harness, "doubled") == "materialized just now · check small failed"
    numbers = await graph_node(client, ["numbers"])
    assert [(check["name"], check["passed"], check["severity"]) for check in numbers["checks"]] == [
        ("no_negative", True, "ERROR"),
        ("three_numbers", True, "ERROR"),
    ]
    doubled = await graph_node(client, ["doubled"])
    assert doubled["checks"] == [
        {"name": "small", "passed": False, "status": "failed", "severity": "WARN", "blocking": False,
         "description": "doubled values stay small"}
    ]
