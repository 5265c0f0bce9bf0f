"""Materialize and status from the editor: the runtime runs the assets in a child process, only in a
trusted workspace; logs stream, progress shows, cancellation stops the run; lenses show the status."""
from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pytest_lsp import LanguageClient

from .conftest import DATA
from .harness import Harness, plain


@pytest.fixture
def project(tmp_path: Path) -> Path:
    target = tmp_path / "runs"
    shutil.copytree(DATA / "runs", target)
    return target


async def materialize(client: LanguageClient, argument: dict, token: str | None = None) -> dict:
    if token is not None:
        client.progress_reports.setdefault(token, [])  # a token the client made for this request
    result = await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command="assetlens.server.materialize", arguments=[argument], work_done_token=token)
    )
    return plain(result)


async def status_lens(client: LanguageClient, harness: Harness, name: str) -> str:
    uri = harness.uri("pipeline/assets.py")
    text = (harness.root / "pipeline/assets.py").read_text()
    lenses = await client.text_document_code_lens_async(types.CodeLensParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    line = harness.position_of(text, f"def {name}").line - 1
    titles = [lens.command.title for lens in lenses if lens.range.start.line == line and lens.command.command == "assetlens.showStatus"]
    return titles[0]


async def test_an_untrusted_workspace_runs_nothing(client: LanguageClient, harness: Harness) -> None:
    with pytest.raises(JsonRpcException, match="workspace is not trusted"):
        await materialize(client, {"key": ["numbers"], "upstream": False})
    assert not (harness.root / ".assetlens" / "runs.sqlite3").exists()


@pytest.mark.initialization_options({"trusted": True})
async def test_materialize_with_upstream_then_the_status_follows(client: LanguageClient, harness: Harness) -> None:
    assert await status_lens(client, harness, "total") == "never materialized"
    finished: list = []
    client.feature("assetlens/runFinished")(lambda params: finished.append(plain(params)))
    result = await materialize(client, {"key": ["total"], "upstream": True}, token="run-1")
    assert result["status"] == "success"
    assert sorted(result["materialized"]) == [["numbers"], ["total"]]
    assert result["failedKey"] is None and result["error"] is None
    assert any("adding 3 numbers" in message.message for message in client.log_messages)
    kinds = [report.kind for report in client.progress_reports["run-1"]]
    assert kinds[0] == "begin" and kinds[-1] == "end"
    await harness.until("assetlens/runFinished", lambda: bool(finished))
    assert finished[0]["runId"] == result["runId"]
    assert await status_lens(client, harness, "numbers") == "materialized just now · v1"
    statuses = plain(
        await client.workspace_execute_command_async(
            types.ExecuteCommandParams(command="assetlens.server.status", arguments=[{"keys": [["numbers"], ["broken"]]}])
        )
    )
    by_key = {tuple(entry["key"]): entry for entry in statuses}
    assert by_key[("numbers",)]["stale"] is False
    assert by_key[("numbers",)]["lastMaterialization"]["runId"] == result["runId"]
    assert by_key[("broken",)]["reasons"] == ["never materialized"]
    node = next(node for node in plain(await client.protocol.send_request_async("assetlens/graph", {"key": ["numbers"], "depth": 0}))["nodes"])
    assert (node["stale"], node["status"]) == (False, "fresh")
    # the code changes while its code version does not: the lens says so
    uri = harness.open("pipeline/assets.py")
    harness.replace_all(uri, harness.texts[uri].replace("return [1, 2, 3]", "return [1, 2, 3, 4]"))
    assert await status_lens(client, harness, "numbers") == "stale: code changed"
    items = await harness.until_diagnostics(uri, lambda items: [item.code for item in items] == ["AL004"])
    assert "since it was last materialized" in items[0].message and "still \"1\"" in items[0].message


@pytest.mark.initialization_options({"trusted": True})
async def test_a_failing_asset_reports_its_traceback(client: LanguageClient, harness: Harness) -> None:
    result = await materialize(client, {"key": ["broken"], "upstream": True})
    assert result["status"] == "failure"
    assert result["failedKey"] == ["broken"]
    assert "this asset always fails" in result["error"]
    assert await status_lens(client, harness, "broken") == "last run failed"


@pytest.mark.initialization_options({"trusted": True})
async def test_cancelling_the_progress_stops_the_run(client: LanguageClient, harness: Harness) -> None:
    running = asyncio.ensure_future(materialize(client, {"key": ["slow"]}, token="run-slow"))
    await harness.until(types.PROGRESS, lambda: bool(client.progress_reports.get("run-slow", [])))
    await harness.until(types.WINDOW_LOG_MESSAGE, lambda: any("started slow" in m.message for m in client.log_messages))
    client.window_work_done_progress_cancel(types.WorkDoneProgressCancelParams(token="run-slow"))
    result = await asyncio.wait_for(running, 30)
    assert result["status"] == "canceled"
    # a cancelled run is not a failure, wherever the status shows
    assert await status_lens(client, harness, "slow") == "last run canceled"
    node = plain(await client.protocol.send_request_async("assetlens/graph", {"key": ["slow"], "depth": 0}))["nodes"][0]
    assert node["status"] == "canceled"
    statuses = plain(
        await client.workspace_execute_command_async(
            types.ExecuteCommandParams(command="assetlens.server.status", arguments=[{"keys": [["slow"]]}])
        )
    )
    assert statuses[0]["status"] == "canceled"


@pytest.mark.initialization_options({"trusted": True})
async def test_bad_selections_are_refused(client: LanguageClient, harness: Harness) -> None:
    with pytest.raises(JsonRpcException, match="no indexed workspace folder defines nope"):
        await materialize(client, {"key": ["nope"]})
    with pytest.raises(JsonRpcException):
        await materialize(client, {"key": "numbers", "upstream": "yes"})


async def run_lens(client: LanguageClient, harness: Harness, name: str, title: str) -> object:
    """Run the lens `title` over asset `name` as Neovim and Emacs do: workspace/executeCommand with the
    lens's command and arguments, no progress token."""
    uri = harness.uri("pipeline/assets.py")
    text = (harness.root / "pipeline/assets.py").read_text()
    lenses = await client.text_document_code_lens_async(types.CodeLensParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    line = harness.position_of(text, f"def {name}").line - 1
    lens = next(lens for lens in lenses if lens.range.start.line == line and lens.command.title.startswith(title))
    assert lens.command.command in harness.server_capabilities.execute_command_provider.commands
    return plain(
        await client.workspace_execute_command_async(
            types.ExecuteCommandParams(command=lens.command.command, arguments=list(lens.command.arguments or []))
        )
    )


@pytest.mark.initialization_options({"trusted": True})
async def test_every_lens_runs_through_the_server_in_any_editor(client: LanguageClient, harness: Harness) -> None:
    lineage = await run_lens(client, harness, "total", "↑")
    assert lineage == {"key": ["total"], "upstream": [["numbers"]], "downstream": []}
    assert client.messages[-1].message == "total: upstream numbers; downstream none"
    result = await run_lens(client, harness, "total", "▶ Materialize with upstream")
    assert result["status"] == "success" and sorted(result["materialized"]) == [["numbers"], ["total"]]
    assert [message.message for message in client.messages[-2:]] == [
        "assetlens: materializing numbers, total…",
        "assetlens: run success: 2 asset(s) materialized",
    ]
    status = await run_lens(client, harness, "numbers", "materialized")
    assert status["key"] == ["numbers"] and status["stale"] is False
    assert client.messages[-1].message.startswith("numbers: materialized just now")
    failed = await run_lens(client, harness, "broken", "▶ Materialize")
    assert failed["status"] == "failure"
    assert client.messages[-1].type == types.MessageType.Error
    assert "broken failed" in client.messages[-1].message


async def test_refusals_are_answers_not_server_errors(client: LanguageClient, harness: Harness) -> None:
    with pytest.raises(JsonRpcException, match="workspace is not trusted"):
        await materialize(client, {"key": ["numbers"], "upstream": False})
    assert not [message for message in client.log_messages if message.type == types.MessageType.Error]
