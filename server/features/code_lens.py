"""textDocument/codeLens over each asset definition (docs/protocol.md "Code lenses"): upstream/downstream
counts, "▶ Materialize", "▶ Materialize with upstream", and the materialization status once the
runtime can tell it. Their commands are the server's own (features/commands.py, lens_commands.py).

A multi-asset gets one set of lenses for the definition (counts over all its outputs, materializing
all of them).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lsprotocol import types

from assetlens.server import queries
from assetlens.server.convert import key_to_wire
from assetlens.server.requests import document_request

if TYPE_CHECKING:
    from assetlens.analyzer.facts import AssetFact, AssetKeyParts
    from assetlens.analyzer.workspace import Workspace
    from assetlens.server.app import AssetLensServer

# every lens command is one the server executes itself (advertised in executeCommandProvider), so the
# lenses work in any LSP editor; VS Code runs its own views for the two `assetlens.show*` names
SHOW_LINEAGE = "assetlens.showLineage"
MATERIALIZE = "assetlens.server.materialize"
SHOW_STATUS = "assetlens.showStatus"


def register(server: AssetLensServer) -> None:
    session = server.session

    @server.feature(types.TEXT_DOCUMENT_CODE_LENS, types.CodeLensOptions(resolve_provider=False))
    def code_lens(params: types.CodeLensParams) -> list[types.CodeLens] | None:
        request = document_request(server, params.text_document.uri)
        if request is None:
            return None
        lines = session.fact_lines(request.folder, request.file)
        lenses: list[types.CodeLens] = []
        statuses = server_statuses(server, request.folder)
        checks = server_checks(request.folder) if statuses is not None else {}
        for group in queries.nodes_in_file(request.assets()):
            keys = [asset.key for asset in group if asset.key is not None]
            anchor = _anchor(group)
            if not keys or anchor is None:
                continue
            start = session.converter.position(lines, anchor.line, anchor.col)
            where = types.Range(start=start, end=start)
            for title, command, arguments in lens_commands(request.workspace, group, keys, statuses, checks):
                lenses.append(
                    types.CodeLens(range=where, command=types.Command(title=title, command=command, arguments=arguments))
                )
        return lenses


def _anchor(group: list[AssetFact]):
    first = group[0]
    return first.decorator_range or first.name_range or first.key_range or first.def_range


def lens_commands(
    workspace: Workspace,
    group: list[AssetFact],
    keys: list[AssetKeyParts],
    statuses: dict[AssetKeyParts, Any] | None,
    checks: dict[AssetKeyParts, list[Any]] | None = None,
) -> list[tuple[str, str, list[Any]]]:
    """(title, command, arguments) of the lenses over one definition writing `keys`; the status lens
    also says how its asset checks went in their latest run (`checks`: key -> latest check records)."""
    own = set(keys)
    upstream = {key for asset_key in keys for key in queries.upstream_keys(workspace, asset_key)} - own
    downstream = {key for asset_key in keys for key in queries.downstream_keys(workspace, asset_key)} - own
    target: dict[str, Any] = {"key": key_to_wire(keys[0])}
    if len(keys) > 1:
        target["keys"] = [key_to_wire(key) for key in keys]
    result: list[tuple[str, str, list[Any]]] = [
        (f"↑ {len(upstream)} upstream · ↓ {len(downstream)} downstream", SHOW_LINEAGE, [dict(target)]),
    ]
    if all(asset.is_executable for asset in group):
        result.append(("▶ Materialize", MATERIALIZE, [{**target, "upstream": False}]))
        result.append(("▶ Materialize with upstream", MATERIALIZE, [{**target, "upstream": True}]))
    if statuses is not None:
        title = status_title([statuses.get(key) for key in keys])
        if title and checks:
            from assetlens.server.run_status import checks_title

            checked = checks_title([record for key in keys for record in checks.get(key, [])])
            title = f"{title} · {checked}" if checked else title
        if title:
            result.append((title, SHOW_STATUS, [dict(target)]))
    return result


def server_statuses(server: AssetLensServer, folder) -> dict[AssetKeyParts, Any] | None:
    """The materialization status of the folder's assets, when the runtime can report it."""
    from assetlens.server.features.commands import statuses_of

    return statuses_of(server, folder)


def server_checks(folder) -> dict[AssetKeyParts, list[Any]]:
    """The latest asset check results of the folder's assets (empty when the store cannot be read)."""
    from assetlens.server.run_status import folder_checks

    try:
        return folder_checks(folder)
    except Exception:  # an unreadable or newer store: no check results, nothing else breaks
        return {}


def status_title(statuses: list[Any]) -> str | None:
    from assetlens.server.run_status import lens_title

    return lens_title([status for status in statuses if status is not None])
