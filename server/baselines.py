"""Keeping each folder's AL004 git baseline current: after a commit (or a checkout) the revision the
rule compares with moves, so the server re-reads it — checked on save and every few seconds, off the
event loop (git is a subprocess), and only for folders whose baseline is a git revision.
"""
from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from assetlens.analyzer.git import GitError, run_git
from assetlens.server.indexing import run_in_thread

if TYPE_CHECKING:
    from assetlens.server.app import AssetLensServer
    from assetlens.server.folder import Folder

logger = logging.getLogger(__name__)
CHECK_INTERVAL = 5.0


def _resolve(folder: Folder) -> str | None:
    """The commit the folder's baseline revision names now (None when git cannot tell)."""
    if folder.rule_settings is None:
        return None
    try:  # run_git: the workspace's git configuration cannot run anything
        done = run_git(
            folder.root,
            ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{folder.rule_settings.base}^{{commit}}"],
            timeout=10,
        )
    except GitError:
        return None
    return done.stdout.decode().strip() or None if done.returncode == 0 else None


async def refresh(server: AssetLensServer) -> None:
    """Re-read the baseline of every folder whose revision now names another commit."""
    for folder in list(server.session.folders):
        baseline = folder.baseline
        if not folder.ready or baseline is None:
            continue
        commit = await run_in_thread(lambda folder=folder: _resolve(folder))
        if commit is None or commit == baseline.commit:
            continue
        from assetlens.server import rules

        settings = folder.rule_settings
        if settings is None:
            continue
        new_baseline, note = await run_in_thread(lambda root=folder.root, settings=settings: rules.load_baseline(root, settings))
        if folder not in server.session.folders:
            continue
        folder.baseline, folder.baseline_note = new_baseline, note
        logger.info("%s: AL004 now compares with %s", folder.root, commit)
        server.analysis.recompute_all(folder)


async def watch(server: AssetLensServer) -> None:
    """Check the baselines every CHECK_INTERVAL seconds for as long as the server runs."""
    while True:
        await asyncio.sleep(CHECK_INTERVAL)
        try:
            await refresh(server)
        except Exception:  # never let the watcher die on a broken repository
            logger.exception("refreshing the git baselines failed")
