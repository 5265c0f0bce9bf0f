"""The `assetlens` command line: thin front ends over the analyzer, the server and the runtime."""
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("assetlens")
except PackageNotFoundError:  # running from a source tree
    __version__ = "0.0.0"
