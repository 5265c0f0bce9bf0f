"""Tracebacks as users want to read them: the frames of their own code, without the engine's."""

from __future__ import annotations

import importlib
import os

_ENGINE_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep
_IMPORTLIB_DIR = os.path.dirname(os.path.abspath(importlib.__file__)) + os.sep


def _is_engine_frame(filename: str) -> bool:
    """The engine's own frames, and the import machinery's (`<frozen importlib._bootstrap>`)."""
    if filename.startswith("<frozen "):
        return True
    path = os.path.abspath(filename)
    return path.startswith(_ENGINE_DIR) or path.startswith(_IMPORTLIB_DIR)


def format_user_traceback(error: BaseException) -> str:
    """`Traceback (most recent call last): ...` keeping only frames outside the engine. With no user
    frame: just the message for the engine's own Dagster-style errors, every frame for anything else
    (then the engine itself broke, and its frames are what helps)."""
    import traceback

    parts: list[str] = []
    exc: BaseException | None = error
    chain: list[BaseException] = []
    while exc is not None and exc not in chain:
        chain.append(exc)
        exc = exc.__cause__ or (exc.__context__ if not exc.__suppress_context__ else None)
    for index, exc in enumerate(reversed(chain)):
        if index:
            parts.append("\nThe above exception was the direct cause of the following exception:\n\n")
        frames = traceback.extract_tb(exc.__traceback__)
        user_frames = [frame for frame in frames if not _is_engine_frame(frame.filename)]
        if not user_frames and _is_engine_error(exc):
            shown = traceback.StackSummary.from_list([])  # the engine's own, explained, refusal
        else:
            shown = traceback.StackSummary.from_list(user_frames or frames)
        if shown:
            parts.append("Traceback (most recent call last):\n")
            parts.extend(shown.format())
        if _is_store_error(exc) or type(exc).__name__ == "PreflightError":  # plain sentences for the user
            parts.append(f"{exc}\n")
        elif _is_engine_error(exc):  # the engine's own errors: no module path in front of the name
            parts.append(f"{type(exc).__name__}: {exc}\n")
        else:
            parts.extend(traceback.format_exception_only(type(exc), exc))
    return "".join(parts).rstrip("\n")


def _is_engine_error(error: BaseException) -> bool:
    from assetlens.runtime.errors import DagsterError, UnsupportedByBuiltinEngine
    from assetlens.runtime.layout import StoreProblem
    from assetlens.runtime.value_store import StoreError

    return isinstance(error, (DagsterError, UnsupportedByBuiltinEngine, StoreError, StoreProblem))


def _is_store_error(error: BaseException) -> bool:
    from assetlens.runtime.layout import StoreProblem
    from assetlens.runtime.value_store import StoreError

    return isinstance(error, (StoreError, StoreProblem))


def error_summary(error: BaseException) -> str:
    import traceback

    if _is_store_error(error) or type(error).__name__ == "PreflightError":  # plain sentences for the user
        return str(error)
    if _is_engine_error(error):
        return f"{type(error).__name__}: {error}".strip()
    return "".join(traceback.format_exception_only(type(error), error)).strip()
