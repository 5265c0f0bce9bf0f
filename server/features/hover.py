"""textDocument/hover over an asset's decorator, name or key, or over a reference to an asset: its key,
kind, group, code version, description, and its upstream and downstream keys; in a trusted folder, the
preview of its last materialized value when one was already made (features/value_preview.py)."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from lsprotocol import types

from assetlens.server import queries
from assetlens.server.convert import user_key
from assetlens.server.requests import asset_at

if TYPE_CHECKING:
    from assetlens.analyzer.facts import AssetFact, AssetKeyParts
    from assetlens.analyzer.workspace import Workspace
    from assetlens.server.app import AssetLensServer

MAX_LISTED_KEYS = 20


def register(server: AssetLensServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(params: types.HoverParams) -> types.Hover | None:
        found = asset_at(server, params.text_document.uri, params.position)
        if found is None:
            return None
        request, hit = found
        markdown = server.prefers_markdown("text_document.hover.content_format")
        written_here = hit.assets if hit.role == "definition" else None
        text = describe(request.workspace, hit.key, written_here, markdown=markdown)
        from assetlens.server.features.value_preview import hover_paragraph
        from assetlens.server.run_status import hover_partitions

        if request.folder.ready:
            partitions = hover_partitions(request.folder, hit.key)  # as `assetlens status` tells them
            if partitions:
                text += "\n\n" + partitions
        value = hover_paragraph(server, request.folder, hit.key, markdown=markdown)  # never waits for a child
        if value:
            text += "\n\n" + value
        return types.Hover(
            contents=types.MarkupContent(
                kind=types.MarkupKind.Markdown if markdown else types.MarkupKind.PlainText,
                value=text,
            ),
            range=server.session.converter.range(server.session.fact_lines(request.folder, request.file), hit.range),
        )


def describe(
    workspace: Workspace, key: AssetKeyParts, written_here: tuple[AssetFact, ...] | None, *, markdown: bool
) -> str:
    """The hover text for `key`: a definition written at the cursor, or a reference to the key."""
    code: Callable[[str], str] = (lambda text: f"`{text}`") if markdown else (lambda text: text)
    bold: Callable[[str], str] = (lambda text: f"**{text}**") if markdown else (lambda text: text)
    all_definitions = queries.definitions(workspace, key)
    candidates = [asset for asset in (written_here or ()) if asset.key == key] or all_definitions
    defining = candidates[0] if candidates else None
    paragraphs: list[str] = []
    if defining is None:
        from assetlens.analyzer.integrations.partial import describe as describe_partial, open_definitions

        partial = next((asset for (_, name), found in open_definitions(workspace.assets).by_name.items()
                        if name == key[-1] for asset in found), None)
        if partial is not None:  # a dbt model / Sling stream whose key a custom translator decides
            paragraphs.append(f"{bold(user_key(key))} — {describe_partial(partial)} ({code(_place(partial))})")
        else:
            paragraphs.append(f"{bold(user_key(key))} — not defined in this workspace (no asset, spec or source asset has this key)")
    else:
        facts = [defining.kind.replace("_", " "), f"group {code(defining.group)}"]
        if defining.code_version is not None:
            facts.append(f"code version {code(defining.code_version)}")
        if defining.kind in ("multi_asset", "graph_multi_asset") and defining.node:
            facts.append(f"output {code(defining.output)} of {code(defining.node)}")
        paragraphs.append(f"{bold(user_key(key))} — " + " · ".join(facts))
        paragraphs.extend(_location_lines(workspace, defining, all_definitions, code))
        if defining.origin in ("dbt", "sling", "component"):
            label = {"dbt": "dbt", "sling": "Sling stream", "component": "YAML component"}[defining.origin]
            written = defining.source_file or defining.file
            paragraphs.append(f"{label}{' ' + code(defining.known_name) if defining.known_name else ''} · {code(written)}")
        if defining.description:
            paragraphs.append(defining.description.strip())
        if not defining.resolved and defining.unresolved_reason:
            paragraphs.append(f"partly unresolved: {defining.unresolved_reason}")
        if len(all_definitions) > 1:
            places = ", ".join(code(_place(asset)) for asset in all_definitions)
            paragraphs.append(f"defined {len(all_definitions)} times: {places}")
    lineage = [
        "↑ upstream: " + _keys(queries.upstream_keys(workspace, key), code),
        "↓ downstream: " + _keys(queries.downstream_keys(workspace, key), code),
    ]
    paragraphs.append(("  \n" if markdown else "\n").join(lineage))
    return "\n\n".join(paragraphs)


def _location_lines(workspace: Workspace, defining: AssetFact, definitions: list[AssetFact], code: Callable[[str], str]) -> list[str]:
    """Which code location loads the asset (several: a cross-location key), and the environment
    variables its definition was computed with (assetlens.analyzer.locations / environment)."""
    lines = []
    locations = sorted({asset.location for asset in definitions if asset.location is not None})
    if defining.location is None:
        lines.append("not loaded by any code location (no Definitions loads this module)")
    elif len(getattr(workspace, "locations", ())) > 1 or len(locations) > 1:
        lines.append("code location " + ", ".join(code(name) for name in locations))
    reads = workspace.env_reads(defining.file) if hasattr(workspace, "env_reads") else []
    if reads:
        lines.append("depends on the environment: " + ", ".join(code(name) for name in reads)
                     + " (from the location's .env, else [tool.assetlens.env], else unset)")
    return lines


def _place(asset: AssetFact) -> str:
    anchor = queries.anchor(asset)
    return f"{asset.file}:{anchor.line}" if anchor is not None else asset.file


def _keys(keys: list[AssetKeyParts], code: Callable[[str], str]) -> str:
    if not keys:
        return "none"
    shown = ", ".join(code(user_key(key)) for key in keys[:MAX_LISTED_KEYS])
    if len(keys) > MAX_LISTED_KEYS:
        shown += f", … ({len(keys) - MAX_LISTED_KEYS} more)"
    return shown
