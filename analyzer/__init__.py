"""assetlens.analyzer: the asset graph of Dagster-style code, from source alone (user code is never imported).

Public API:
    analyze_workspace(root, ...) -> Workspace     # every file, cached, graph built
    analyze_source(text, file, module) -> ModuleFacts   # one file on its own
    Workspace.update_file(file, text)             # incremental, for the language server
"""
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
