"""Exports whose key depends on the environment: nothing in the source says what it is."""
import os

from dagster import asset

EXPORT_SCHEMA = os.environ.get("EXPORT_SCHEMA", "dev")


@asset(key_prefix=EXPORT_SCHEMA)  # MISTAKE (AL006): the key is only known at run time (`dev/...` by default)
def ticket_export() -> str:
    return "exported"
