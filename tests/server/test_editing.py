"""Completion, rename and code actions, end to end."""
from __future__ import annotations

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pytest_lsp import LanguageClient

from .harness import Harness


def doc(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri)


async def complete(client: LanguageClient, harness: Harness, uri: str, needle_end: str) -> list[types.CompletionItem]:
    text = harness.texts[uri]
    position = harness.position_of(text, needle_end, offset_in_needle=len(needle_end))
    result = await client.text_document_completion_async(types.CompletionParams(text_document=doc(uri), position=position))
    assert result is not None
    return result.items if isinstance(result, types.CompletionList) else result


async def test_completion_of_keys_in_a_deps_string(client: LanguageClient, harness: Harness) -> None:
    uri = harness.open("shop/new.py", 'import dagster as dg\n\n\n@dg.asset(deps=["cus"])\ndef fresh():\n    return 1\n')
    items = await complete(client, harness, uri, '"cus')
    assert [item.label for item in items][:1] == ["customers"]
    edit = items[0].text_edit
    assert edit.new_text == "customers"
    assert edit.range.start == harness.position_of(harness.texts[uri], "cus")
    labels = {item.label for item in items}
    assert "finance/payments" not in labels  # a string in deps is one key part


async def test_completion_outside_strings_offers_asset_keys_for_multi_part_keys(client: LanguageClient, harness: Harness) -> None:
    uri = harness.open("shop/new.py", "import dagster as dg\n\n\n@dg.asset(deps=[pay])\ndef fresh():\n    return 1\n")
    items = await complete(client, harness, uri, "[pay")
    by_label = {item.label: item for item in items}
    assert by_label["finance/payments"].text_edit.new_text == 'dg.AssetKey(["finance", "payments"])'


async def test_completion_of_key_parts_inside_an_asset_key_list(client: LanguageClient, harness: Harness) -> None:
    uri = harness.open("shop/new.py", 'from dagster import AssetKey, asset\n\n\n@asset(deps=[AssetKey(["finance", "p"])])\ndef fresh():\n    return 1\n')
    items = await complete(client, harness, uri, '"finance", "p')
    assert [item.label for item in items] == ["payments"]


async def test_completion_of_upstream_names_as_parameters(client: LanguageClient, harness: Harness) -> None:
    uri = harness.open("shop/new.py", "import dagster as dg\n\n\n@dg.asset\ndef fresh(context, raw_\n")
    items = await complete(client, harness, uri, "context, raw_")
    assert [item.label for item in items] == ["raw_orders"]
    assert items[0].kind == types.CompletionItemKind.Variable


async def test_no_completion_where_no_key_goes(client: LanguageClient, harness: Harness) -> None:
    uri = harness.open("shop/new.py", 'print("cus")\n')
    text = harness.texts[uri]
    result = await client.text_document_completion_async(
        types.CompletionParams(text_document=doc(uri), position=harness.position_of(text, "cus", offset_in_needle=3))
    )
    assert result is None


async def test_rename_an_asset_everywhere(client: LanguageClient, harness: Harness) -> None:
    raw = harness.uri("shop/raw.py")
    raw_text = (harness.root / "shop/raw.py").read_text()
    position = harness.position_of(raw_text, "def customers", offset_in_needle=6)
    if harness.supports("text_document.rename.prepare_support"):
        prepared = await client.text_document_prepare_rename_async(types.PrepareRenameParams(text_document=doc(raw), position=position))
        assert prepared.placeholder == "customers"
        assert prepared.range.start == harness.position_of(raw_text, "customers")
    edit = await client.text_document_rename_async(types.RenameParams(text_document=doc(raw), position=position, new_name="clients"))
    changed = harness.apply_workspace_edit(edit)
    assert "def clients():" in changed["shop/raw.py"]
    marts = changed["shop/marts.py"]
    assert "def daily_orders(raw_orders, clients):" in marts
    assert '"customers": len(clients)' in marts  # the uses of the parameter follow; the dict key does not


async def test_rename_refuses_clearly_when_it_cannot_be_done_safely(client: LanguageClient, harness: Harness) -> None:
    raw = harness.uri("shop/raw.py")
    raw_text = (harness.root / "shop/raw.py").read_text()
    position = harness.position_of(raw_text, "def customers", offset_in_needle=6)
    with pytest.raises(JsonRpcException) as refused:
        await client.text_document_rename_async(types.RenameParams(text_document=doc(raw), position=position, new_name="raw_orders"))
    assert "already exists" in str(refused.value)
    with pytest.raises(JsonRpcException) as refused:
        await client.text_document_rename_async(types.RenameParams(text_document=doc(raw), position=position, new_name="not valid"))
    assert "letters, digits and underscores" in str(refused.value)
    # payments is read through AssetKey(["finance", "payments"]): a list the rename does not rewrite
    position = harness.position_of(raw_text, "def payments", offset_in_needle=5)
    with pytest.raises(JsonRpcException) as refused:
        await client.text_document_rename_async(types.RenameParams(text_document=doc(raw), position=position, new_name="fees"))
    assert "marts.py" in str(refused.value)
    # an expected refusal is an answer, not a server error in the editor's log
    assert not [message for message in client.log_messages if message.type == types.MessageType.Error]


async def test_quick_fixes_from_the_rules(client: LanguageClient, harness: Harness) -> None:
    uri = harness.open("shop/typos.py")
    text = harness.texts[uri]
    diagnostics = await harness.until_diagnostics(uri, lambda items: any(item.code == "AL002" for item in items))
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=doc(uri),
            range=diagnostics[0].range,
            context=types.CodeActionContext(diagnostics=diagnostics, only=[types.CodeActionKind.QuickFix]),
        )
    )
    titles = [action.title for action in actions]
    assert titles[0] == "Replace `raw_order` with `raw_orders`"
    changed = harness.apply_workspace_edit(actions[0].edit)
    assert 'deps=["raw_orders"]' in changed["shop/typos.py"]
    assert actions[0].diagnostics[0].code == "AL002"
    fix_all = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=doc(uri),
            range=types.Range(start=types.Position(0, 0), end=types.Position(0, 0)),
            context=types.CodeActionContext(diagnostics=[], only=[types.CodeActionKind.SourceFixAll]),
        )
    )
    assert [action.kind for action in fix_all] == ["source.fixAll.assetlens"]
    del text
