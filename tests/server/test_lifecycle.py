"""Startup, progress, index status, several workspace folders, files changed on disk, settings."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from .harness import Harness


async def test_indexing_reports_progress_and_status(client: LanguageClient, harness: Harness) -> None:
    states = [status["state"] for status in harness.statuses]
    assert states[0] == "indexing" and states[-1] == "ready"
    assert harness.statuses[-1] == {"state": "ready", "assets": 9, "problems": 2, "files": 5}
    reports = [report for reports in client.progress_reports.values() for report in reports]
    kinds = [report.kind for report in reports]
    assert kinds[0] == "begin" and kinds[-1] == "end"


async def test_status_counts_follow_edits(client: LanguageClient, harness: Harness) -> None:
    uri = harness.open("shop/typos.py")
    harness.replace_all(uri, harness.texts[uri].replace("raw_order", "raw_orders"))
    await harness.until("assetlens/indexStatus", lambda: harness.statuses[-1]["problems"] == 1)


async def test_files_created_changed_and_deleted_outside_the_editor(client: LanguageClient, harness: Harness) -> None:
    created = harness.root / "shop" / "extra.py"
    created.write_text('import dagster as dg\n\n\n@dg.asset(deps=["nowhere"])\ndef extra():\n    return 1\n', encoding="utf-8")
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(changes=[types.FileEvent(uri=created.as_uri(), type=types.FileChangeType.Created)])
    )
    await harness.until_diagnostics(created.as_uri(), lambda items: [item.code for item in items] == ["AL002"])
    symbols = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="extra"))
    assert [symbol.name for symbol in symbols] == ["extra"]
    created.write_text(created.read_text().replace("nowhere", "raw_orders"), encoding="utf-8")
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(changes=[types.FileEvent(uri=created.as_uri(), type=types.FileChangeType.Changed)])
    )
    await harness.until_diagnostics(created.as_uri(), lambda items: items == [])
    raw = harness.root / "shop" / "raw.py"
    raw.unlink()
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(changes=[types.FileEvent(uri=raw.as_uri(), type=types.FileChangeType.Deleted)])
    )
    await harness.until_diagnostics(created.as_uri(), lambda items: [item.code for item in items] == ["AL002"])


async def test_a_deleted_folder_removes_its_files(client: LanguageClient, harness: Harness) -> None:
    shutil.rmtree(harness.root / "shop")
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=(harness.root / "shop").as_uri(), type=types.FileChangeType.Deleted)]
        )
    )
    await harness.until("assetlens/indexStatus", lambda: harness.statuses[-1]["files"] == 0)


@pytest.mark.initialization_options({"select": "AL001", "diagnosticsOn": "sometimes", "trusted": True})
async def test_invalid_settings_warn_and_fall_back_to_defaults(client: LanguageClient, harness: Harness) -> None:
    warnings = [message.message for message in client.messages if message.type == types.MessageType.Warning]
    assert any("'select'" in warning for warning in warnings)
    assert any("'diagnosticsOn'" in warning for warning in warnings)
    assert harness.statuses[-1]["problems"] == 2  # select fell back to every rule


@pytest.mark.configuration({"ignore": ["AL002"]})
async def test_workspace_configuration_is_asked_per_folder(client: LanguageClient, harness: Harness) -> None:
    if not harness.supports("workspace.configuration"):
        return
    assert harness.statuses[-1]["problems"] == 0


async def test_configuration_changes_apply_at_once(client: LanguageClient, harness: Harness) -> None:
    if not harness.supports("workspace.configuration"):
        return
    client.set_configuration({"ignore": ["AL002"]}, section="assetlens")
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    await harness.until("assetlens/indexStatus", lambda: harness.statuses[-1]["problems"] == 0)


async def test_the_project_table_is_read_and_followed(client: LanguageClient, harness: Harness) -> None:
    pyproject = harness.root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + '\n[tool.assetlens]\nignore = ["AL002"]\n', encoding="utf-8")
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(changes=[types.FileEvent(uri=pyproject.as_uri(), type=types.FileChangeType.Changed)])
    )
    await harness.until("assetlens/indexStatus", lambda: harness.statuses[-1]["problems"] == 0)
    pyproject.write_text(pyproject.read_text().replace("ignore", "ignroe"), encoding="utf-8")
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(changes=[types.FileEvent(uri=pyproject.as_uri(), type=types.FileChangeType.Changed)])
    )
    await harness.until("assetlens/indexStatus", lambda: harness.statuses[-1]["problems"] == 2)
    await harness.until(types.WINDOW_SHOW_MESSAGE, lambda: any("ignroe" in message.message for message in client.messages))


async def test_folders_added_and_removed(client: LanguageClient, harness: Harness, tmp_path: Path) -> None:
    second = tmp_path / "second"
    second.mkdir()
    (second / "more.py").write_text('import dagster as dg\n\n\n@dg.asset(deps=["elsewhere"])\ndef more():\n    return 1\n', encoding="utf-8")
    client.workspace_did_change_workspace_folders(
        types.DidChangeWorkspaceFoldersParams(
            event=types.WorkspaceFoldersChangeEvent(added=[types.WorkspaceFolder(uri=second.as_uri(), name="second")], removed=[])
        )
    )
    await harness.until("assetlens/indexStatus", lambda: harness.statuses[-1]["state"] == "ready" and harness.statuses[-1]["files"] == 6)
    more = (second / "more.py").as_uri()
    items = await harness.until_diagnostics(more, lambda items: bool(items))
    assert [item.code for item in items] == ["AL002"]
    # keys resolve within their own folder: `raw_orders` is not visible from the second folder
    symbols = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="more"))
    assert [symbol.location.uri for symbol in symbols] == [more]
    client.workspace_did_change_workspace_folders(
        types.DidChangeWorkspaceFoldersParams(
            event=types.WorkspaceFoldersChangeEvent(added=[], removed=[types.WorkspaceFolder(uri=harness.root.as_uri(), name="shop")])
        )
    )
    await harness.until("assetlens/indexStatus", lambda: harness.statuses[-1]["files"] == 1)
    if not harness.pull:
        await harness.until_diagnostics(harness.uri("shop/intl.py"), lambda items: items == [])
