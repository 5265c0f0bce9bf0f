"""AL004 in the editor: the body of a versioned asset changes against the git baseline, the diagnostic
offers the bump, and after a commit the baseline moves on."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from .conftest import DATA
from .harness import Harness

GIT_ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
    "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid",
}


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, env=GIT_ENV)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    target = tmp_path / "shop"
    shutil.copytree(DATA / "shop", target)
    git(target, "init", "-q", "-b", "main")
    git(target, "add", ".")
    git(target, "commit", "-q", "-m", "start")
    return target


async def test_an_unbumped_code_version_is_reported_fixed_and_forgotten_after_a_commit(
    client: LanguageClient, harness: Harness
) -> None:
    uri = harness.open("shop/raw.py")
    changed = harness.texts[uri].replace('{"id": 2, "amount": 32}]', '{"id": 2, "amount": 33}]')
    harness.replace_all(uri, changed)
    items = await harness.until_diagnostics(uri, lambda items: [item.code for item in items] == ["AL004"])
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=items[0].range,
            context=types.CodeActionContext(diagnostics=items),
        )
    )
    bump = next(action for action in actions if action.kind == types.CodeActionKind.QuickFix)
    fixed = harness.apply_workspace_edit(bump.edit)["shop/raw.py"]
    assert 'code_version="2"' in fixed
    # commit the change without the bump: the baseline moves, the diagnostic goes
    (harness.root / "shop/raw.py").write_text(changed, encoding="utf-8")
    git(harness.root, "commit", "-q", "-am", "more")
    harness.save(uri)
    await harness.until_diagnostics(uri, lambda items: items == [])
