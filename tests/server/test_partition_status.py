"""The language server judges partitioned assets partition by partition, as `assetlens status` does (issue
11): after runs from a terminal over a static and a daily partitioned asset, `assetlens.server.status`
answers what `assetlens status --format json` prints, the status lens says "1 of 3 partitions stale · 2
missing", an unpartitioned asset reading every partition of an upstream is stale once one of them changed
(it was left out before), and the hover gives the partitions in status's words and the value of the
partition materialized last."""
from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.runtime.conftest import FIXTURES

from .harness import Harness, plain

ASSETS = "partition_status/assets.py"
STEPS = [
    (["rates", "sales", "sales_report"], "eu"),
    (["sales"], "us"),
    (["sales"], "eu"),  # sales has no code version: a new data version, so sales_report's eu partition is stale
    (["sales"], "asia"),
    (["all_sales"], None),  # reads every partition of sales
    (["sales"], "us"),  # all_sales is stale: a partition it read changed
    (["visits"], "2024-01-02"),
]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    target = tmp_path / "partition_status"
    shutil.copytree(FIXTURES / "partition_status", target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assetlens.cli", *args], cwd=cwd, capture_output=True, text=True, timeout=300)


async def lens_titles(client: LanguageClient, harness: Harness) -> dict[str, str]:
    """Asset function name -> its status lens's title."""
    text = (harness.root / ASSETS).read_text()
    lenses = await client.text_document_code_lens_async(types.CodeLensParams(text_document=types.TextDocumentIdentifier(uri=harness.uri(ASSETS))))
    titles = {}
    for name in ("rates", "sales", "sales_report", "all_sales", "visits", "visits_summary"):
        line = harness.position_of(text, f"def {name}(").line - 1  # the lens sits on the decorator
        titles[name] = next(lens.command.title for lens in lenses if lens.range.start.line == line and lens.command.command == "assetlens.showStatus")
    return titles


async def hover_text(client: LanguageClient, harness: Harness, name: str) -> str:
    text = (harness.root / ASSETS).read_text()
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=harness.uri(ASSETS)), position=harness.position_of(text, f"def {name}(", offset_in_needle=5))
    )
    assert hover is not None
    return hover.contents.value


@pytest.mark.initialization_options({"trusted": True})
async def test_partitioned_assets_are_judged_per_partition_as_status_does(client: LanguageClient, harness: Harness) -> None:
    root = harness.root
    assert (await lens_titles(client, harness))["sales"] == "never materialized"
    for keys, partition in STEPS:
        completed = cli("materialize", *keys, *(["--partition", partition] if partition else []), cwd=root)
        assert completed.returncode == 0, completed.stderr

    # the server's status (read from the store the terminal's runs wrote) is `assetlens status`'s
    printed = cli("status", "--format", "json", cwd=root)
    assert printed.returncode == 0, printed.stderr
    expected = {"/".join(entry["key"]): {k: v for k, v in entry.items() if k != "checks"} for entry in json.loads(printed.stdout)}
    answer = plain(await client.workspace_execute_command_async(types.ExecuteCommandParams(command="assetlens.server.status", arguments=[])))
    assert {"/".join(entry["key"]): entry for entry in answer} == expected
    assert expected["sales_report"]["partitions"]["stale"] == {"eu": ["upstream sales partition eu has a new materialization"]}
    assert expected["all_sales"]["stale"] and expected["all_sales"]["status"] == "stale"

    titles = await lens_titles(client, harness)
    assert titles["sales_report"] == "1 of 3 partitions stale · 2 missing"
    assert titles["sales"].startswith("materialized just now") and titles["sales"].endswith(" · all 3 partitions")
    assert titles["all_sales"] == "stale: upstream changed"  # a partition it read has a new data version
    assert titles["rates"] == "materialized just now · v1"
    assert titles["visits"] == "materialized just now · v1 · 1 of 4 partitions · 3 missing"
    assert titles["visits_summary"] == "never materialized"

    # the status lens's command: the partitions in `assetlens status`'s words
    shown = plain(await client.workspace_execute_command_async(types.ExecuteCommandParams(command="assetlens.showStatus", arguments=[{"key": ["sales_report"]}])))
    assert shown["partitions"] == expected["sales_report"]["partitions"]

    # the hover: the partitions, then the value of the partition materialized last (made in the background)
    hover = await hover_text(client, harness, "sales_report")
    assert (
        "Stale: partitions: 1 of 3 materialized, 1 stale, 2 missing; "
        "stale eu: upstream sales partition eu has a new materialization; missing: us, asia"
    ) in hover
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 30
    text = await hover_text(client, harness, "sales")
    while "Last value (partition us, materialized just now): " + ("`int`" if "`" in text else "int") not in text and loop.time() < deadline:
        await asyncio.sleep(0.1)
        text = await hover_text(client, harness, "sales")
    assert "Fresh: partitions: 3 of 3 materialized, 0 stale, 0 missing" in text
    assert "Last value (partition us, materialized just now)" in text and "30" in text, text
    assert "pick one with --partition" not in text
    assert "Stale: partitions" not in await hover_text(client, harness, "all_sales")  # not partitioned
    value = plain(await client.workspace_execute_command_async(types.ExecuteCommandParams(command="assetlens.server.showValue", arguments=[{"key": "sales", "uri": root.as_uri(), "partition": "eu"}])))
    assert (value["repr"], value["partition"]) == ("20", "eu")
