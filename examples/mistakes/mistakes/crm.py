"""Customers as the CRM sync sees them: the same key, defined a second time."""
from dagster import asset


@asset(name="customers")  # MISTAKE (AL003): duplicate of customers.py's `customers`
def crm_customers() -> list[dict]:
    return [{"id": 7, "owner": "alice"}]
