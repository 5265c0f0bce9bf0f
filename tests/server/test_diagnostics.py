"""Diagnostics as you type: initial, across files, through syntax errors, in order, on save."""
from __future__ import annotations

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from .harness import Harness


def codes(items: list[types.Diagnostic]) -> list[str]:
    return sorted(str(item.code) for item in items)


async def test_the_whole_workspace_is_checked_at_startup(client: LanguageClient, harness: Harness) -> None:
    intl = await harness.until_diagnostics(harness.uri("shop/intl.py"), lambda items: bool(items))
    assert codes(intl) == ["AL002"]
    assert "missing_upstream" in intl[0].message
    assert intl[0].source == "assetlens"
    typos = await harness.until_diagnostics(harness.uri("shop/typos.py"), lambda items: bool(items))
    assert "did you mean `raw_orders`" in typos[0].message
    assert await harness.current_diagnostics(harness.uri("shop/marts.py")) == []


async def test_an_edit_updates_the_diagnostics_of_the_files_it_affects(client: LanguageClient, harness: Harness) -> None:
    raw = harness.open("shop/raw.py")
    marts = harness.uri("shop/marts.py")
    original = harness.texts[raw]
    harness.replace_all(raw, original.replace("def customers():", "def clients():"))
    broken = await harness.until_diagnostics(marts, lambda items: codes(items) == ["AL002"])
    assert "`customers`" in broken[0].message
    harness.replace_all(raw, original)
    await harness.until_diagnostics(marts, lambda items: items == [])


async def test_a_new_cycle_is_reported_in_every_file_on_it_and_goes_away(client: LanguageClient, harness: Harness) -> None:
    raw = harness.open("shop/raw.py")
    marts = harness.uri("shop/marts.py")
    original = harness.texts[raw]
    harness.replace_all(raw, original.replace('@dg.asset(code_version="1", group_name="raw")', '@dg.asset(code_version="1", group_name="raw", deps=["report"])'))
    in_raw = await harness.until_diagnostics(raw, lambda items: "AL001" in codes(items))
    in_marts = await harness.until_diagnostics(marts, lambda items: "AL001" in codes(items))
    cycle = next(item for item in in_raw if item.code == "AL001")
    assert "raw_orders" in cycle.message and "report" in cycle.message
    assert cycle.related_information
    assert in_marts
    harness.replace_all(raw, original)
    await harness.until_diagnostics(raw, lambda items: "AL001" not in codes(items))
    await harness.until_diagnostics(marts, lambda items: items == [])


async def test_while_a_file_does_not_parse_its_last_good_facts_stay(client: LanguageClient, harness: Harness) -> None:
    raw = harness.open("shop/raw.py")
    marts = harness.uri("shop/marts.py")
    original = harness.texts[raw]
    harness.replace_all(raw, original.replace("def customers():", "def customers(:"))
    syntax = await harness.until_diagnostics(raw, lambda items: codes(items) == ["AL000"])
    assert syntax[0].range.start.line == harness.position_of(original, "def customers").line
    # nothing depending on raw.py flickers to "missing"
    assert await harness.current_diagnostics(marts) == []
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=marts),
            position=harness.position_of((harness.root / "shop/marts.py").read_text(), "def daily_orders", offset_in_needle=5),
        )
    )
    assert "customers" in hover.contents.value
    harness.replace_all(raw, original.replace("def customers():", "def clients():"))
    await harness.until_diagnostics(raw, lambda items: items == [])
    await harness.until_diagnostics(marts, lambda items: codes(items) == ["AL002"])


async def test_published_diagnostics_never_go_back_to_an_older_version(client: LanguageClient, harness: Harness) -> None:
    if harness.pull:
        return  # a pulling client gets answers computed for the text it has when it asks
    raw = harness.open("shop/raw.py")
    original = harness.texts[raw]
    for round_ in range(30):
        text = original.replace("def customers():", "def clients():" if round_ % 2 == 0 else "def customers(:")
        harness.replace_all(raw, text)
    harness.replace_all(raw, original.replace("def customers():", "def customers(:"))
    final_version = harness.versions[raw]
    await harness.until(
        types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS,
        lambda: any(p.uri == raw and p.version == final_version for p in harness.publishes),
    )
    versions = [p.version for p in harness.publishes if p.uri == raw and p.version is not None]
    assert versions == sorted(versions)
    final = [p for p in harness.publishes if p.uri == raw][-1]
    assert codes(list(final.diagnostics)) == ["AL000"]


async def test_closing_a_document_goes_back_to_the_text_on_disk(client: LanguageClient, harness: Harness) -> None:
    raw = harness.open("shop/raw.py")
    marts = harness.uri("shop/marts.py")
    harness.replace_all(raw, harness.texts[raw].replace("def customers():", "def clients():"))
    await harness.until_diagnostics(marts, lambda items: codes(items) == ["AL002"])
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=raw)))
    await harness.until_diagnostics(marts, lambda items: items == [])


@pytest.mark.initialization_options({"diagnosticsOn": "save"})
async def test_with_diagnostics_on_save_typing_publishes_nothing_until_saved(client: LanguageClient, harness: Harness) -> None:
    if harness.pull:
        return  # pulled diagnostics are answered when asked
    raw = harness.open("shop/raw.py")
    marts = harness.uri("shop/marts.py")
    harness.replace_all(raw, harness.texts[raw].replace("def customers():", "def clients():"))
    # a request flushes the edit: it has been analysed, yet nothing is published before the save
    await client.text_document_hover_async(types.HoverParams(text_document=types.TextDocumentIdentifier(uri=raw), position=types.Position(0, 0)))
    assert not any(p.uri == marts for p in harness.publishes)
    harness.save(raw)
    await harness.until_diagnostics(marts, lambda items: codes(items) == ["AL002"])


@pytest.mark.initialization_options({"ignore": ["AL002"]})
async def test_settings_select_the_rules(client: LanguageClient, harness: Harness) -> None:
    assert await harness.current_diagnostics(harness.uri("shop/intl.py")) == []
    assert harness.statuses[-1]["problems"] == 0


async def test_pulled_reports_are_unchanged_until_something_changes(client: LanguageClient, harness: Harness) -> None:
    report = await client.workspace_diagnostic_async(types.WorkspaceDiagnosticParams(previous_result_ids=[]))
    full = {item.uri: item for item in report.items}
    intl, typos = harness.uri("shop/intl.py"), harness.uri("shop/typos.py")
    assert set(full) == {intl, typos}
    assert all(item.kind == "full" and item.result_id for item in full.values())
    previous = [types.PreviousResultId(uri=uri, value=item.result_id) for uri, item in full.items()]
    again = await client.workspace_diagnostic_async(types.WorkspaceDiagnosticParams(previous_result_ids=previous))
    assert {item.kind for item in again.items} == {"unchanged"}
    uri = harness.open("shop/typos.py")
    harness.replace_all(uri, harness.texts[uri].replace("raw_order", "raw_orders"))
    single = await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=typos), previous_result_id=full[typos].result_id)
    )
    assert single.kind == "full" and list(single.items) == []
    same = await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=typos), previous_result_id=single.result_id)
    )
    assert same.kind == "unchanged"
