"""The custom request `assetlens/graph` (docs/protocol.md): the asset graph, or the neighbourhood of one
asset or of one file's assets, for the lineage view."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pygls.exceptions import JsonRpcInvalidParams

from assetlens.server import queries
from assetlens.server.convert import key_from_wire, key_to_wire, plain, range_json, user_key
from assetlens.server.graph_view import neighbourhood, whole

if TYPE_CHECKING:
    from assetlens.analyzer.facts import AssetKeyParts
    from assetlens.server.app import AssetLensServer
    from assetlens.server.folder import Folder

METHOD = "assetlens/graph"
DEFAULT_DEPTH = 2
MAX_DEPTH = 50


def register(server: AssetLensServer) -> None:
    session = server.session

    @server.feature(METHOD)
    def graph(params: Any) -> dict[str, Any]:
        server.analysis.ensure_current()
        values = _as_dict(params)
        raw_key, uri, depth = values.get("key"), values.get("uri"), values.get("depth", DEFAULT_DEPTH)
        if depth is None:
            depth = DEFAULT_DEPTH
        if not isinstance(depth, int) or isinstance(depth, bool) or depth < 0:
            raise JsonRpcInvalidParams(f"{METHOD}: depth must be a non-negative integer, got {depth!r}")
        depth = min(depth, MAX_DEPTH)
        key = None
        if raw_key is not None:
            key = key_from_wire(raw_key)
            if key is None:
                raise JsonRpcInvalidParams(f"{METHOD}: key must be a list of strings, got {raw_key!r}")
        if uri is not None and not isinstance(uri, str):
            raise JsonRpcInvalidParams(f"{METHOD}: uri must be a string, got {uri!r}")
        folders = [folder for folder in session.folders if folder.ready]
        focus_file: tuple[Folder, str] | None = None
        if uri is not None:
            located = session.locate(uri)
            if located is not None:
                focus_file = (located.folder, located.file)
                folders = [located.folder]
            elif key is None:
                return _result([], [], False, 0)
        nodes: list[dict[str, Any]] = []
        edges: list[dict[str, str]] = []
        truncated = False
        total = 0
        for folder in folders:
            workspace = folder.workspace
            assert workspace is not None
            total += len(workspace.assets)
            if key is not None:
                if key not in workspace.graph:
                    continue
                selection = neighbourhood(workspace.graph, [key], depth)
            elif focus_file is not None:
                focus = [asset.key for asset in workspace.assets_in_file(focus_file[1]) if asset.key is not None]
                selection = neighbourhood(workspace.graph, focus, depth)
            else:
                selection = whole(workspace.graph)
            truncated = truncated or selection.truncated
            chosen = set(selection.keys)
            for node_key in selection.keys:
                nodes.append(_node(server, folder, node_key, node_key in selection.focus))
            for source, target in workspace.graph.edges(selection.keys):
                if target in chosen:
                    edges.append({"source": user_key(source), "target": user_key(target)})
        return _result(nodes, edges, truncated, total)


def _as_dict(params: Any) -> dict[str, Any]:
    values = plain(params)
    if values is None:
        return {}
    if not isinstance(values, dict):
        raise JsonRpcInvalidParams(f"{METHOD}: params must be an object")
    return values


def _result(nodes: list[dict[str, Any]], edges: list[dict[str, str]], truncated: bool, total: int) -> dict[str, Any]:
    return {"nodes": nodes, "edges": edges, "truncated": truncated, "totalAssets": total}


def _node(server: AssetLensServer, folder: Folder, key: AssetKeyParts, focus: bool) -> dict[str, Any]:
    session = server.session
    assert folder.workspace is not None
    definitions = queries.definitions(folder.workspace, key)
    status = _status(server, folder, key)
    node: dict[str, Any] = {
        "id": user_key(key),
        "key": key_to_wire(key),
        "kind": "undefined",
        "group": None,
        "location": None,  # the code location that loads it (assetlens.analyzer.locations)
        "codeVersion": None,
        "uri": None,
        "range": None,
        "stale": status[0],
        "status": status[1],
        "checks": _checks(folder, key),  # the latest result of each of its asset checks
        "focus": focus,
    }
    if definitions:
        asset = definitions[0]
        written = (asset.source_file, asset.source_range) if asset.source_file and asset.source_range else None
        view = session.fact_view(folder, written[0] if written else asset.file)  # a dbt model opens its .sql
        lsp_range = session.converter.range(view.lines, written[1] if written else asset.name_range or queries.anchor(asset))
        node.update(
            kind=asset.kind,
            origin=asset.origin,  # "dbt", "sling", "component" (None: a Python definition)
            group=asset.group,
            location=asset.location,
            codeVersion=asset.code_version,
            uri=view.uri,
            range=range_json(lsp_range),
        )
    return node


def _checks(folder: Folder, key: AssetKeyParts) -> list[dict[str, Any]]:
    from assetlens.server.features.code_lens import server_checks
    from assetlens.server.run_status import checks_to_wire

    if not folder.ready:
        return []
    return checks_to_wire(server_checks(folder).get(key, []))


def _status(server: AssetLensServer, folder: Folder, key: AssetKeyParts) -> tuple[bool | None, str | None]:
    from assetlens.server.features.commands import graph_status

    return graph_status(server, folder, key)
