"""Customers as the support desk sees them."""
from dagster import asset


@asset
def customers() -> list[dict]:  # MISTAKE (AL003): the key `customers` is also defined in crm.py
    return [{"id": 7, "plan": "pro"}]
