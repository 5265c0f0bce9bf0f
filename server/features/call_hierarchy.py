"""Call hierarchy, reused as lineage: an asset's incoming calls are its downstream assets (those that read
it), its outgoing calls are its upstream assets (those it reads). The "from" ranges are the references
that make each edge."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lsprotocol import types

from assetlens.server import queries
from assetlens.server.convert import key_from_wire, key_to_wire, symbol_kind, user_key
from assetlens.server.requests import asset_at

if TYPE_CHECKING:
    from assetlens.analyzer.facts import AssetFact, AssetKeyParts
    from assetlens.server.app import AssetLensServer
    from assetlens.server.folder import Folder


def register(server: AssetLensServer) -> None:
    session = server.session

    def item(folder: Folder, key: AssetKeyParts) -> types.CallHierarchyItem | None:
        assert folder.workspace is not None
        definitions = queries.definitions(folder.workspace, key)
        data = {"key": key_to_wire(key), "folder": folder.uri}
        if not definitions:
            return None
        asset = definitions[0]
        view = session.fact_view(folder, asset.file)
        whole = session.converter.range(view.lines, asset.def_range or queries.anchor(asset))
        selection = session.converter.range(view.lines, queries.anchor(asset))
        if (selection.start.line, selection.start.character) < (whole.start.line, whole.start.character) or (
            selection.end.line,
            selection.end.character,
        ) > (whole.end.line, whole.end.character):
            whole = selection
        return types.CallHierarchyItem(
            name=user_key(key),
            kind=symbol_kind(asset),
            uri=view.uri,
            range=whole,
            selection_range=selection,
            detail=f"{asset.kind.replace('_', ' ')} · group {asset.group}",
            data=data,
        )

    def resolve(call_item: types.CallHierarchyItem) -> tuple[Folder, AssetKeyParts] | None:
        server.analysis.ensure_current()
        data: Any = call_item.data
        if not isinstance(data, dict):
            return None
        key = key_from_wire(data.get("key"))
        if key is None:
            return None
        for folder in session.folders:
            if folder.uri == data.get("folder") and folder.ready:
                return folder, key
        return None

    @server.feature(types.TEXT_DOCUMENT_PREPARE_CALL_HIERARCHY)
    def prepare(params: types.CallHierarchyPrepareParams) -> list[types.CallHierarchyItem] | None:
        found = asset_at(server, params.text_document.uri, params.position)
        if found is None:
            return None
        request, hit = found
        prepared = item(request.folder, hit.key)
        return [prepared] if prepared is not None else None

    @server.feature(types.CALL_HIERARCHY_INCOMING_CALLS)
    def incoming(params: types.CallHierarchyIncomingCallsParams) -> list[types.CallHierarchyIncomingCall] | None:
        resolved = resolve(params.item)
        if resolved is None:
            return None
        folder, key = resolved
        assert folder.workspace is not None
        by_downstream: dict[AssetKeyParts, list[tuple[AssetFact, Any]]] = {}
        for reference in queries.references(folder.workspace, key):
            if reference.downstream.key is not None:
                by_downstream.setdefault(reference.downstream.key, []).append((reference.downstream, reference.dep))
        calls = []
        for downstream, references in sorted(by_downstream.items()):
            found = item(folder, downstream)
            if found is None:
                continue
            caller_file = queries.definitions(folder.workspace, downstream)[0].file
            view = session.fact_view(folder, caller_file)
            ranges = [
                session.converter.range(view.lines, dep.range)
                for asset, dep in references
                if dep.range is not None and asset.file == caller_file  # from_ranges lie in the caller's file
            ]
            calls.append(types.CallHierarchyIncomingCall(from_=found, from_ranges=ranges))
        return calls

    @server.feature(types.CALL_HIERARCHY_OUTGOING_CALLS)
    def outgoing(params: types.CallHierarchyOutgoingCallsParams) -> list[types.CallHierarchyOutgoingCall] | None:
        resolved = resolve(params.item)
        if resolved is None:
            return None
        folder, key = resolved
        assert folder.workspace is not None
        calls = []
        for asset in queries.definitions(folder.workspace, key)[:1]:  # the item is the first definition
            view = session.fact_view(folder, asset.file)
            by_upstream: dict[AssetKeyParts, list[types.Range]] = {}
            for dep in asset.deps:
                if dep.key is not None:
                    ranges = by_upstream.setdefault(dep.key, [])
                    if dep.range is not None:
                        ranges.append(session.converter.range(view.lines, dep.range))
            for upstream, ranges in sorted(by_upstream.items()):
                found = item(folder, upstream)
                if found is not None:
                    calls.append(types.CallHierarchyOutgoingCall(to=found, from_ranges=ranges))
        return calls
