"""The workspace's `.env`, loaded into the worker's environment before user code is imported, as the
`dagster` CLI (`dagster dev`, `dg`) does: `KEY=VALUE` lines (optionally `export KEY=VALUE`), single or
double quotes, `#` comments; variables already set in the environment win."""

from __future__ import annotations

import os
from pathlib import Path

MAX_BYTES = 1024 * 1024


def parse_dotenv(text: str) -> dict[str, str]:
    values: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("export "):
            line = line[len("export ") :].lstrip()
        name, sep, value = line.partition("=")
        name = name.strip()
        if not sep or not name.replace("_", "a").isalnum() or name[0].isdigit():
            continue
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            quote, value = value[0], value[1:-1]
            if quote == '"':
                value = value.replace("\\n", "\n").replace('\\"', '"')
        else:
            comment = value.find(" #")
            if comment >= 0:
                value = value[:comment].rstrip()
        values[name] = value
    return values


def load_dotenv(folder: str | os.PathLike[str]) -> list[str]:
    """Set the variables of `folder/.env` that are not set yet; returns their names."""
    path = Path(folder) / ".env"
    try:
        if not path.is_file() or path.stat().st_size > MAX_BYTES:
            return []
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    loaded = []
    for name, value in parse_dotenv(text).items():
        if name not in os.environ:
            os.environ[name] = value
            loaded.append(name)
    return loaded
