import dagster as dg
from dagster import AssetIn, AssetKey


@dg.asset
def daily_orders(raw_orders, customers):
    total = sum(order["amount"] for order in raw_orders)
    return {"total": total, "customers": len(customers)}


@dg.asset(deps=["daily_orders", AssetKey(["finance", "payments"])])
def report():
    return None


@dg.asset(ins={"orders": AssetIn(key="raw_orders")})
def order_count(orders):
    return len(orders)
