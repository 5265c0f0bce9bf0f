"""A re-indexed folder's previous index is freed: the index is frozen out of the cycle collector's
sight after indexing, so it must be unfrozen before it is replaced (a workspace holds reference
cycles, e.g. through its module index's reader)."""
from __future__ import annotations

import gc
import weakref
from pathlib import Path
from types import SimpleNamespace

from assetlens.analyzer.workspace import analyze_workspace
from assetlens.server.indexing import adopt

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "shop"


class _Folder:
    def __init__(self) -> None:
        self.workspace = None
        self.status = self.failure = None

    def accepts(self, file: str) -> bool:
        return True

    def apply_text(self, file: str, text: str) -> None:
        self.workspace.update_file(file, text)

    def compute_diagnostics(self, files: object) -> None:
        pass


def _server() -> SimpleNamespace:
    return SimpleNamespace(
        session=SimpleNamespace(open_documents_of=lambda folder: []),
        publisher=SimpleNamespace(publish_all=lambda folder: None),
    )


def test_the_previous_index_is_freed_when_a_folder_is_indexed_again() -> None:
    server, folder = _server(), _Folder()
    first = analyze_workspace(EXAMPLE, use_cache=False)
    first.update_file(first.files[0], first.file_text(first.files[0]) + "\n")  # edited, as in the editor
    adopt(server, folder, first, {})
    previous = weakref.ref(first)
    del first
    try:
        adopt(server, folder, analyze_workspace(EXAMPLE, use_cache=False), {})
        assert previous() is None
    finally:
        gc.unfreeze()  # leave the test process's collector as it was
