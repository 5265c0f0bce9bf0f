"""Raw layer: the shop database's tables (one factory call per table), plus data that other systems
deliver: Stripe payments (an external AssetSpec), the finance warehouse's exchange rates (a
SourceAsset) and the suppliers' price list (an observable source asset)."""
import hashlib
import json

import dagster as dg

from shop.constants import SOURCE_TABLES
from shop.factories import raw_table_asset

raw_tables = [raw_table_asset(table) for table in SOURCE_TABLES]

stripe_payments = dg.AssetSpec(
    key=["stripe", "payments"],
    group_name="raw",
    description="Payments, loaded into the warehouse by Stripe's own sync.",
    kinds={"stripe"},
    owners=["team:finance"],
)

exchange_rates = dg.SourceAsset(
    key=dg.AssetKey("exchange_rates").with_prefix(["finance_dw"]),
    group_name="raw",
    description="Daily exchange rates maintained by the finance team.",
)

SUPPLIER_PRICES = {"kettle": 11.0, "mug": 0.9, "teapot": 12.5}


@dg.observable_source_asset(key_prefix=["suppliers"], group_name="raw")
def price_list() -> dg.DataVersion:
    """The suppliers' price list; its version is the hash of its content."""
    return dg.DataVersion(hashlib.sha256(json.dumps(SUPPLIER_PRICES, sort_keys=True).encode()).hexdigest())
