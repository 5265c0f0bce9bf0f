"""Materializing what the editor shows in a project with a code location (Definitions loading its
modules): an asset typed into an open file runs once saved; unsaved, the refusal says to save; a file
rewritten on disk while closed and then opened runs its new asset (the reported "no indexed workspace
folder defines": the server compared the disk with a "text of the facts" that was read from the disk
too, so it never re-analysed the file)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pygls.exceptions import JsonRpcException
from pytest_lsp import LanguageClient

from .conftest import DATA
from .harness import Harness, plain
from .test_commands import materialize


NEW_ASSET = '''

@dg.asset(key_prefix="marts", group_name="marts")
def e2e_slow_report(revenue_by_customer):
    return len(revenue_by_customer)
'''


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project whose Definitions load its modules (a code location), as the VS Code fixture is."""
    target = tmp_path / "located"
    shutil.copytree(DATA / "located", target)
    return target


@pytest.mark.initialization_options({"trusted": True})
async def test_an_asset_added_to_an_open_file_can_be_materialized(client: LanguageClient, harness: Harness) -> None:
    """Typed into an open file (didChange), saved, then run: the run plans from the editor's view."""
    uri = harness.open("pipeline/marts.py")
    text = harness.texts[uri] + NEW_ASSET
    harness.replace_all(uri, text)
    (harness.root / "pipeline/marts.py").write_text(text)
    harness.save(uri)
    result = await materialize(client, {"key": ["marts", "e2e_slow_report"], "upstream": True})
    assert result["status"] == "success", result
    assert sorted(result["materialized"]) == [["marts", "e2e_slow_report"], ["raw", "orders"], ["revenue_by_customer"]]


@pytest.mark.initialization_options({"trusted": True})
async def test_an_asset_added_but_not_saved_says_to_save(client: LanguageClient, harness: Harness) -> None:
    uri = harness.open("pipeline/marts.py")
    harness.replace_all(uri, harness.texts[uri] + NEW_ASSET)
    with pytest.raises(JsonRpcException, match="save"):
        await materialize(client, {"key": ["marts", "e2e_slow_report"]})


SLOW = '\n\n@dg.asset(group_name="ingest")\ndef e2e_slow_report() -> int:\n    return 1\n'


@pytest.mark.initialization_options({"trusted": True})
async def test_an_open_file_rewritten_on_disk_runs_its_new_asset_from_its_lens(client: LanguageClient, harness: Harness) -> None:
    """What VS Code does when a test (or git) rewrites an open file: the editor reloads it (didChange, no
    didSave) and the watcher reports the change; the new asset's lens runs it."""
    from lsprotocol import types

    uri = harness.open("pipeline/raw.py")
    text = harness.texts[uri] + SLOW
    (harness.root / "pipeline/raw.py").write_text(text)
    harness.replace_all(uri, text)
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(changes=[types.FileEvent(uri=uri, type=types.FileChangeType.Changed)])
    )
    lenses = await client.text_document_code_lens_async(types.CodeLensParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    line = harness.position_of(text, "def e2e_slow_report").line - 1
    lens = next(lens for lens in lenses if lens.range.start.line == line and lens.command.title.startswith("▶ Materialize"))
    arguments = plain(list(lens.command.arguments or []))
    assert arguments[0]["key"] == ["e2e_slow_report"]
    result = await materialize(client, arguments[0])
    assert result["status"] == "success", result
    assert result["materialized"] == [["e2e_slow_report"]]


@pytest.mark.initialization_options({"trusted": True})
async def test_a_file_changed_on_disk_then_opened_runs_its_new_asset(client: LanguageClient, harness: Harness) -> None:
    """The e2e test's first sequence: the file is rewritten while closed (the watcher reports it), then
    opened; its new asset runs."""
    from lsprotocol import types

    uri = harness.uri("pipeline/raw.py")
    text = (harness.root / "pipeline/raw.py").read_text() + SLOW
    (harness.root / "pipeline/raw.py").write_text(text)
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(changes=[types.FileEvent(uri=uri, type=types.FileChangeType.Changed)])
    )
    harness.open("pipeline/raw.py")
    result = await materialize(client, {"key": ["e2e_slow_report"], "upstream": False})
    assert result["status"] == "success", result
