"""Staging layer: cleaned copies of the raw tables. Written against the project's own import
surface (shop.dsl), not against dagster directly."""
from shop.constants import ORDERS_CODE_VERSION, RAW_PREFIX, STAGING
from shop.dsl import AssetExecutionContext, AssetIn, AssetKey, AssetOut, AssetSpec, MaterializeResult, asset, multi_asset


@asset(key_prefix=STAGING, group_name=STAGING, ins={"customers": AssetIn(key_prefix=RAW_PREFIX)})
def stg_customers(customers: list[dict]) -> list[dict]:
    return [{**c, "name": c["name"].strip().title()} for c in customers]


@asset(
    key_prefix=[STAGING],
    group_name=STAGING,
    code_version="1",
    ins={"products": AssetIn(key=AssetKey([*RAW_PREFIX, "products"]))},
)
def stg_products(products: list[dict]) -> list[dict]:
    return [{**p, "price": round(p["price"], 2)} for p in products]


@multi_asset(
    ins={
        "orders": AssetIn(key_prefix=RAW_PREFIX),
        "order_items": AssetIn(key_prefix=RAW_PREFIX),
    },
    outs={
        "completed_orders": AssetOut(key_prefix=STAGING, group_name=STAGING, code_version=ORDERS_CODE_VERSION),
        "cancelled_orders": AssetOut(key_prefix=STAGING, group_name=STAGING),
        "order_lines": AssetOut(key=AssetKey([STAGING, "order_lines"]), group_name=STAGING, code_version="1"),
    },
    internal_asset_deps={
        "completed_orders": {AssetKey([*RAW_PREFIX, "orders"])},
        "cancelled_orders": {AssetKey([*RAW_PREFIX, "orders"])},
        "order_lines": {AssetKey([*RAW_PREFIX, "orders"]), AssetKey([*RAW_PREFIX, "order_items"])},
    },
)
def split_orders(orders: list[dict], order_items: list[dict]):
    completed = [o for o in orders if o["status"] == "completed"]
    cancelled = [o for o in orders if o["status"] == "cancelled"]
    completed_ids = {o["id"] for o in completed}
    lines = [item for item in order_items if item["order_id"] in completed_ids]
    return completed, cancelled, lines


@asset(group_name=STAGING, deps=[AssetKey([*RAW_PREFIX, "products"])])
def inventory_snapshot() -> dict[str, int]:
    """Stock per product, as counted by the warehouse this morning."""
    return {"kettle": 12, "mug": 140, "teapot": 3}


@multi_asset(
    specs=[
        AssetSpec([STAGING, "customer_profiles"], deps=[[STAGING, "stg_customers"], [STAGING, "completed_orders"]], group_name=STAGING),
        AssetSpec([STAGING, "customer_segments"], deps=[[STAGING, "customer_profiles"]], group_name=STAGING),
    ],
    can_subset=True,
)
def customer_models(context: AssetExecutionContext):
    """Profiles and segments are written straight to the warehouse; nothing is passed on in memory."""
    for key in sorted(context.selected_asset_keys, key=lambda k: k.path):
        yield MaterializeResult(asset_key=key, metadata={"rows": 3})
