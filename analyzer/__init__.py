"""assetlens.analyzer: the asset graph of Dagster-style code, from source alone (user code is never imported).

Public API:
    analyze_workspace(root, ...) -> Workspace     # every file, cached, graph built
    analyze_source(text, file, module) -> ModuleFacts   # one file on its own
    Workspace.update_file(file, text)             # incremental, for the language server
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assetlens.analyzer.facts import (
        AssetFact,
        AssetKeyParts,
        DepRef,
        Diagnostic,
        Fix,
        LoadAssetsCall,
        ModuleFacts,
        Problem,
        Range,
        Related,
        SyntaxProblem,
        TextEdit,
    )
    from assetlens.analyzer.workspace import Workspace, analyze_source, analyze_workspace

_FROM_WORKSPACE = ("Workspace", "analyze_source", "analyze_workspace")


def __getattr__(name: str) -> Any:
    """The public names, imported on first use: `import assetlens.analyzer.config` (what a warm
    `assetlens check` needs) does not pay for the graph library and the extraction machinery."""
    if name in _FROM_WORKSPACE:
        from assetlens.analyzer import workspace

        return getattr(workspace, name)
    if name in __all__:
        from assetlens.analyzer import facts

        return getattr(facts, name)
    raise AttributeError(f"module 'assetlens.analyzer' has no attribute {name!r}")


__all__ = [
    "AssetFact",
    "AssetKeyParts",
    "DepRef",
    "Diagnostic",
    "Fix",
    "LoadAssetsCall",
    "ModuleFacts",
    "Problem",
    "Range",
    "Related",
    "SyntaxProblem",
    "TextEdit",
    "Workspace",
    "analyze_source",
    "analyze_workspace",
]
