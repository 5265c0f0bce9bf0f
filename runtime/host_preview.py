"""`preview_value(workspace, key)`: a preview of an asset's stored value for a host (the CLI's `show`, the
language server's `assetlens.server.showValue`), made by `assetlens.runtime.preview` in a child process of
the user's interpreter — the host never unpickles anything.

    preview_value("/path/to/workspace", ("raw", "orders"), interpreter="/venv/bin/python")
    preview_value(root, ("sales",), partition="eu")  # one partition of a partitioned asset
    -> {"key": "raw/orders", "type": "pandas.core.frame.DataFrame", "size": 1234, "repr": "...",
        "table": {"columns": [...], "rows": [[...], ...], "total_rows": 100} | None}

`PreviewError` (a `StoreProblem`) says why there is none: never materialized, the value's file changed
since (its hash is not the recorded one), the interpreter cannot load it, or it took too long.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import Sequence
from typing import Any

from assetlens.runtime.engine_staging import worker_env
from assetlens.runtime.layout import StoreProblem, existing_store

PREVIEW_MODULE = "assetlens.runtime.preview"
TIMEOUT_SECONDS = 60.0


class PreviewError(StoreProblem):
    """No preview: the message says why (`usage`: the request was wrong, e.g. a partitioned asset's value
    asked for without a partition; the message lists the stored partitions)."""

    def __init__(self, message: str, usage: bool = False) -> None:
        super().__init__(message)
        self.usage = usage


def _command(interpreter: str | None) -> list[str]:
    return [interpreter or sys.executable, "-m", PREVIEW_MODULE]


def _request(workspace: str, key: Sequence[str], python_path: Sequence[str], partition: str | None = None) -> bytes:
    request: dict[str, Any] = {"workspace": workspace, "key": list(key), "python_path": list(python_path) or [workspace]}
    if partition is not None:
        request["partition"] = partition
    return (json.dumps(request) + "\n").encode()


def _answer(stdout: bytes, stderr: bytes, returncode: int | None) -> dict[str, Any]:
    lines = [line for line in stdout.decode("utf-8", "replace").splitlines() if line.strip()]
    try:
        answer = json.loads(lines[-1]) if lines else None
    except ValueError:
        answer = None
    if isinstance(answer, dict) and isinstance(answer.get("preview"), dict):
        return answer["preview"]
    if isinstance(answer, dict) and isinstance(answer.get("error"), str):
        raise PreviewError(answer["error"], usage=bool(answer.get("usage")))
    tail = stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [f"exit code {returncode}"]
    raise PreviewError(f"the preview process failed: {tail[0]}")


def _prepare(workspace: str | os.PathLike[str], key: Sequence[str]) -> str:
    root = os.path.abspath(workspace)
    if not key or not all(isinstance(part, str) for part in key):
        raise PreviewError("an asset key is a non-empty list of strings")
    if existing_store(root) is None:
        raise PreviewError(f"{'/'.join(key)} has never been materialized in this workspace (there is no run store)")
    return root


def preview_value(
    workspace: str | os.PathLike[str],
    key: Sequence[str],
    *,
    interpreter: str | None = None,
    python_path: Sequence[str] = (),
    timeout: float = TIMEOUT_SECONDS,
    partition: str | None = None,
) -> dict[str, Any]:
    """Blocking; see the module docstring."""
    root = _prepare(workspace, key)
    try:
        completed = subprocess.run(
            _command(interpreter),
            input=_request(root, key, python_path, partition),
            capture_output=True,
            cwd=root,
            env=worker_env(interpreter, root),
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        raise PreviewError(f"previewing {'/'.join(key)} took longer than {timeout:.0f} s") from None
    except OSError as error:
        raise PreviewError(f"cannot start {interpreter or sys.executable}: {error.strerror or error}") from None
    return _answer(completed.stdout, completed.stderr, completed.returncode)


async def preview_value_async(
    workspace: str | os.PathLike[str],
    key: Sequence[str],
    *,
    interpreter: str | None = None,
    python_path: Sequence[str] = (),
    timeout: float = TIMEOUT_SECONDS,
    partition: str | None = None,
) -> dict[str, Any]:
    """The same, for an event loop (the language server)."""
    root = _prepare(workspace, key)
    try:
        process = await asyncio.create_subprocess_exec(
            *_command(interpreter),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            cwd=root,
            env=worker_env(interpreter, root),
        )
    except OSError as error:
        raise PreviewError(f"cannot start {interpreter or sys.executable}: {error.strerror or error}") from None
    try:
        stdout, stderr = await asyncio.wait_for(process.communicate(_request(root, key, python_path, partition)), timeout)
    except asyncio.TimeoutError:
        process.kill()
        await process.wait()
        raise PreviewError(f"previewing {'/'.join(key)} took longer than {timeout:.0f} s") from None
    return _answer(stdout, stderr, process.returncode)
