"""Resources: the shop's operational database and the marketing API, both faked in memory."""
import dagster as dg

_ROWS: dict[str, list[dict]] = {
    "orders": [
        {"id": 1, "customer_id": 10, "status": "completed", "region": "emea", "total": 42.0},
        {"id": 2, "customer_id": 11, "status": "completed", "region": "amer", "total": 17.5},
        {"id": 3, "customer_id": 10, "status": "cancelled", "region": "emea", "total": 9.0},
        {"id": 4, "customer_id": 12, "status": "completed", "region": "apac", "total": 63.2},
    ],
    "order_items": [
        {"order_id": 1, "product_id": 100, "quantity": 2},
        {"order_id": 1, "product_id": 101, "quantity": 1},
        {"order_id": 2, "product_id": 100, "quantity": 1},
        {"order_id": 4, "product_id": 102, "quantity": 3},
    ],
    "customers": [
        {"id": 10, "name": "Ada", "country": "NL"},
        {"id": 11, "name": "Grace", "country": "US"},
        {"id": 12, "name": "Hedy", "country": "JP"},
    ],
    "products": [
        {"id": 100, "name": "kettle", "price": 20.0},
        {"id": 101, "name": "mug", "price": 2.0},
        {"id": 102, "name": "teapot", "price": 21.0},
    ],
}


class ShopDatabase(dg.ConfigurableResource):
    """The operational Postgres database (here: a fixed in-memory copy)."""

    schema_name: str = "public"

    def fetch(self, table: str) -> list[dict]:
        return [dict(row) for row in _ROWS[table]]


class MarketingApi(dg.ConfigurableResource):
    """The marketing platform's API (here: canned campaigns)."""

    account: str = "shop"

    def campaigns(self) -> list[dict]:
        return [
            {"id": "spring", "channel": "email", "customer_ids": [10, 11]},
            {"id": "teapots", "channel": "social", "customer_ids": [12]},
        ]
