"""The `assetlens` command line: thin front ends over the analyzer, the server and the runtime."""
from __future__ import annotations


def __getattr__(name: str) -> str:
    """`__version__`, looked up on first use (importlib.metadata costs tens of milliseconds at startup)."""
    if name != "__version__":
        raise AttributeError(f"module 'assetlens.cli' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("assetlens")
    except PackageNotFoundError:  # running from a source tree
        return "0.0.0"
