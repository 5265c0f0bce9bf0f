"""The server's LSP features, one per module; each module's `register(server)` wires its handlers."""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assetlens.server.app import AssetLensServer

FEATURES = (
    "lifecycle",
    "text_sync",
    "watched_files",
    "configuration",
    "diagnostics",
    "hover",
    "definition",
    "references",
    "highlight",
    "completion",
    "rename",
    "code_lens",
    "document_symbols",
    "workspace_symbols",
    "call_hierarchy",
    "inlay_hints",
    "code_actions",
    "graph",
    "commands",
    "lens_commands",
    "value_preview",
)


def register_all(server: AssetLensServer) -> None:
    for name in FEATURES:
        importlib.import_module(f"assetlens.server.features.{name}").register(server)
