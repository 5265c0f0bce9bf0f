"""Raw data, as loaded from the source systems."""
import dagster as dg


@dg.asset(key_prefix=["raw"], group_name="ingest", code_version="1")
def orders() -> list[dict]:
    """Orders as the shop exports them."""
    return [
        {"id": 1, "customer": "c1", "amount": 10.0},
        {"id": 2, "customer": "c2", "amount": 32.5},
        {"id": 3, "customer": "c1", "amount": 7.25},
    ]


@dg.asset(key_prefix=["raw"], group_name="ingest", code_version="1")
def customers() -> list[dict]:
    """Customers from the CRM."""
    return [{"id": "c1", "name": "Ada"}, {"id": "c2", "name": "Grace"}]
