"""Reading a file's text from disk exactly as written (no newline translation), for re-analysis."""
from __future__ import annotations

from pathlib import Path
from typing import Final


class _Unreadable:
    def __repr__(self) -> str:
        return "UNREADABLE"


UNREADABLE: Final = _Unreadable()
"""The file exists but is not UTF-8 text (the analyzer reports it from its own read of the disk)."""


def read_disk_text(path: Path) -> str | None | _Unreadable:
    """The text of `path`; None when it does not exist; UNREADABLE when it is not UTF-8, not a regular
    file (a FIFO would block the server; a link to /dev/zero would never end) or too large."""
    from assetlens.analyzer.files import read_file  # not at import: the server answers initialize first

    try:
        data = read_file(path)
    except FileNotFoundError:
        return None
    except OSError:
        return UNREADABLE
    try:
        return data.decode("utf-8-sig")  # as editors show it: without a byte order mark
    except UnicodeDecodeError:
        return UNREADABLE
