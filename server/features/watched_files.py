"""workspace/didChangeWatchedFiles: files changed outside the editor (created, changed, deleted, renamed).

The server asks the client to watch `**/*.py` and `**/pyproject.toml` (dynamic registration, where the
client supports it). A changed .py file that is open in the editor is ignored (the editor's text wins);
others are re-read from disk. A deleted folder removes the files analysed under it. A changed
`pyproject.toml` at a folder's root reloads that folder's `[tool.assetlens]` settings. A changed
code-location file (workspace.yaml, dagster_cloud.yaml, dg.toml, any pyproject.toml, .env) re-indexes the
folder when the locations or their environments read again differ.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

from assetlens.server.convert import uri_to_path
from assetlens.server.disk import UNREADABLE, read_disk_text
from assetlens.server.features.configuration import apply_new_settings, file_selection

if TYPE_CHECKING:
    from assetlens.server.app import AssetLensServer
    from assetlens.server.folder import Folder

WATCHER_ID = "assetlens-watched-files"
GLOBS = ("**/*.py", "**/pyproject.toml", "**/*.yaml", "**/*.yml", "**/*.sql", "**/*.csv", "**/dg.toml", "**/.env")
# what code locations and their environments are read from (assetlens.analyzer.locations)
LOCATION_FILES = ("workspace.yaml", "dagster_cloud.yaml", "dg.toml", "pyproject.toml", ".env")
# YAML components, dbt projects and Sling replications (issue 10): a change re-reads the integrations
INTEGRATION_SUFFIXES = (".yaml", ".yml", ".sql", ".csv")


def watch(server: AssetLensServer) -> None:
    """Ask the client to report file changes (when it lets servers register watchers)."""
    if not server.supports("workspace.did_change_watched_files.dynamic_registration"):
        return
    options = types.DidChangeWatchedFilesRegistrationOptions(
        watchers=[types.FileSystemWatcher(glob_pattern=glob) for glob in GLOBS]
    )
    registration = types.Registration(
        id=WATCHER_ID, method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES, register_options=options
    )
    server.client_register_capability(types.RegistrationParams(registrations=[registration]))


def register(server: AssetLensServer) -> None:
    session = server.session

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(params: types.DidChangeWatchedFilesParams) -> None:
        changes: dict[Folder, dict[str, str | None]] = {}
        reconfigure: list[Folder] = []
        integrations: list[Folder] = []
        relocate: list[Folder] = []
        for event in params.changes:
            path = uri_to_path(event.uri)
            if path is None:
                continue
            path = path.resolve()
            folder = session.folder_for(path)
            if folder is None:
                continue
            if path.name in LOCATION_FILES and folder not in relocate:
                relocate.append(folder)
            if path.name == "pyproject.toml" and path.parent == folder.root:
                if folder not in reconfigure:
                    reconfigure.append(folder)
                continue
            file = folder.relpath(path)
            if file is None or not folder.ready or folder.workspace is None:
                continue
            if session.documents.at_path(path) is not None:
                continue  # open in the editor: its text is the truth
            if file.endswith(INTEGRATION_SUFFIXES) and "/target/" not in f"/{file}":
                if folder not in integrations:
                    integrations.append(folder)
                continue
            pending = changes.setdefault(folder, {})
            if not file.endswith(".py"):
                if event.type == types.FileChangeType.Deleted:
                    prefix = f"{file}/"
                    for known in list(folder.workspace.modules):
                        if known.startswith(prefix) and not (folder.root / known).exists():
                            pending[known] = None
                continue
            if event.type == types.FileChangeType.Deleted:
                if file in folder.workspace.modules:
                    pending[file] = None
                continue
            if not folder.accepts(file):
                continue
            text = read_disk_text(path)
            if text is UNREADABLE:
                continue
            if text is None and file not in folder.workspace.modules:
                continue
            if text is not None and folder.facts_are_of(file, text):
                continue
            pending[file] = text  # type: ignore[assignment]
        for folder, pending in changes.items():
            if pending:
                server.analysis.apply(folder, pending, saved=True)
        if integrations:
            from assetlens.analyzer.integrations.attach import attach_integrations
            from assetlens.server.indexing import refresh_views

            for folder in integrations:
                if folder.workspace is not None:
                    attach_integrations(folder.workspace)
                    # modules whose `@dbt_assets`/`@sling_assets` read such files are analysed again
                    readers = {path: folder.text_of_facts(path) for path, facts in folder.workspace.modules.items()
                               if any(dep.startswith("file:") for dep, _ in facts.depends_on)}
                    if readers:
                        server.analysis.apply(folder, readers, saved=True)
                    server.analysis.recompute_all(folder)
            refresh_views(server)
        relocate = [f for f in relocate if f.ready and f.workspace is not None and f.workspace.locations_changed()]
        if relocate:  # the code locations changed: analyse those folders again (settings re-read too)
            from assetlens.server.indexing import index_folders

            reconfigure = [f for f in reconfigure if f not in relocate]
            server.spawn(index_folders(server, relocate))
        if reconfigure:
            before = {folder.root: file_selection(folder) for folder in reconfigure}
            for folder in reconfigure:
                for problem in folder.configure(folder.client_settings):
                    server.show_warning(problem)
            server.spawn(apply_new_settings(server, reconfigure, before))
