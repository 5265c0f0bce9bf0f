"""The one glob dialect of assetlens (settings, discovery, the language server).

Globs match paths relative to the workspace root, with `/` separators; `*` stays inside one folder,
`**` crosses folders, a trailing `/` means a folder and everything under it, and a pattern without `/`
also matches a file name in any folder.
"""
from __future__ import annotations

import re
from functools import lru_cache


def glob_matches(pattern: str, path: str) -> bool:
    """Whether a root-relative posix `path` matches `pattern` (see the module docstring)."""
    regex = _glob_regex(pattern)
    if regex.fullmatch(path):
        return True
    return "/" not in pattern.rstrip("/") and regex.fullmatch(path.rsplit("/", 1)[-1]) is not None


@lru_cache(maxsize=512)
def _glob_regex(pattern: str) -> re.Pattern[str]:
    pattern = pattern.strip().removeprefix("./")
    if pattern.endswith("/"):
        pattern += "**"
    out = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif char == "*":
            out.append("[^/]*")
            i += 1
        elif char == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(char))
            i += 1
    # a folder pattern also matches everything under it
    return re.compile("".join(out) + "(?:/.*)?")
