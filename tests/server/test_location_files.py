"""Code-location files changed on disk (workspace.yaml, dagster_cloud.yaml, dg.toml, pyproject.toml,
.env): the server discovers the locations again and re-indexes, so diagnostics follow what each code
location loads — over the real server process and pytest-lsp's client."""
from __future__ import annotations

from lsprotocol import types
from pytest_lsp import LanguageClient

from .harness import Harness


def _changed(client: LanguageClient, path, kind: types.FileChangeType = types.FileChangeType.Created) -> None:
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(changes=[types.FileEvent(uri=path.as_uri(), type=kind)])
    )


async def test_a_workspace_yaml_written_and_removed_moves_assets_in_and_out_of_locations(
    client: LanguageClient, harness: Harness
) -> None:
    typos = (harness.root / "shop" / "typos.py").as_uri()
    await harness.until_diagnostics(typos, lambda items: [item.code for item in items] == ["AL002"])
    # a location loading only raw.py: typos.py is loaded by no location, so no missing upstream there
    (harness.root / "defs.py").write_text(
        "import dagster as dg\nfrom shop import raw\n\ndefs = dg.Definitions(assets=dg.load_assets_from_modules([raw]))\n",
        encoding="utf-8",
    )
    workspace_yaml = harness.root / "workspace.yaml"
    workspace_yaml.write_text("load_from:\n  - python_file: defs.py\n", encoding="utf-8")
    _changed(client, workspace_yaml)
    await harness.until_diagnostics(typos, lambda items: items == [])
    workspace_yaml.unlink()
    _changed(client, workspace_yaml, types.FileChangeType.Deleted)
    await harness.until_diagnostics(typos, lambda items: [item.code for item in items] == ["AL002"])
