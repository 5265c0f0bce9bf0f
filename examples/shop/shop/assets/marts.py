"""Marts: revenue and customer value for the business, per region and as KPIs."""
import dagster as dg
from dagster import AssetDep, AssetKey, asset
from dagster import asset as a

from shop.assets.raw import exchange_rates, stripe_payments
from shop.constants import MARTS, REGIONS, REVENUE_CODE_VERSION


@dg.asset(
    key=AssetKey.from_user_string("marts/revenue_daily"),
    group_name=MARTS,
    code_version=REVENUE_CODE_VERSION,
    ins={
        "orders": dg.AssetIn(key=["staging", "completed_orders"]),
        "lines": dg.AssetIn(key=AssetKey(["staging", "order_lines"])),
    },
    deps=[stripe_payments, exchange_rates],
    description="Revenue of completed orders, per region.",
    metadata={"dagster/table_name": "marts.revenue_daily"},
)
def revenue_daily(orders: list[dict], lines: list[dict]) -> dict[str, float]:
    revenue: dict[str, float] = {}
    for order in orders:
        revenue[order["region"]] = revenue.get(order["region"], 0.0) + order["total"]
    return revenue


@a(
    key=[MARTS, "customer_ltv"],
    group_name=MARTS,
    ins={"orders": dg.AssetIn(key=["staging", "completed_orders"])},
    deps=[AssetDep(AssetKey(["staging", "customer_segments"]))],
)
def customer_ltv(orders: list[dict]) -> dict[int, float]:
    ltv: dict[int, float] = {}
    for order in orders:
        ltv[order["customer_id"]] = ltv.get(order["customer_id"], 0.0) + order["total"]
    return ltv


@asset(key_prefix=MARTS, group_name=MARTS, deps=["inventory_snapshot", revenue_daily], ins={"products": dg.AssetIn(key=["staging", "stg_products"])})
def product_performance(products: list[dict]) -> list[str]:
    return sorted(p["name"] for p in products)


@asset(key_prefix=MARTS, group_name=MARTS, non_argument_deps={"inventory_snapshot"})
def stock_cover_report() -> str:
    """Legacy report, still declared with `non_argument_deps`."""
    return "weeks of stock per product"


def regional_revenue(region: str) -> dg.AssetsDefinition:
    @asset(name=f"revenue_{region}", key_prefix=MARTS, group_name=MARTS, ins={"revenue": dg.AssetIn(key=[MARTS, "revenue_daily"])})
    def _regional(revenue: dict[str, float]) -> float:
        return revenue.get(region, 0.0)

    return _regional


regional_assets = []
for region in REGIONS:
    regional_assets.append(regional_revenue(region))


def kpi(name: str, upstream: list[str]) -> dg.AssetsDefinition:
    @asset(name=name, key_prefix="kpis", group_name=MARTS, deps=[AssetKey([MARTS, u]) for u in upstream], code_version="1")
    def _kpi() -> float:
        return 0.0

    return _kpi


average_order_value = kpi("average_order_value", ["revenue_daily"])
repeat_rate = kpi("repeat_rate", upstream=["customer_ltv", "revenue_daily"])
