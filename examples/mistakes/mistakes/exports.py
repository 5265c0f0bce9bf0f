"""Exports whose key comes from a settings file read at import: nothing in the source says what it is."""
import json
from pathlib import Path

from dagster import asset

SETTINGS = json.loads((Path(__file__).parent / "export_settings.json").read_text())


@asset(key_prefix=SETTINGS["schema"])  # MISTAKE (AL006): the key is only known when the file is read (`support/...`)
def ticket_export() -> str:
    return "exported"
