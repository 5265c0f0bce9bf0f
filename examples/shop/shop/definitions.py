"""The code location: every asset of the shop, its checks, jobs and resources."""
import dagster as dg

from shop.assets import marketing, marts, ml, raw, staging
from shop.checks import revenue_not_negative
from shop.jobs import daily_refresh, daily_refresh_schedule
from shop.resources import MarketingApi, ShopDatabase

marketing_assets = dg.load_assets_from_modules([marketing], group_name="marketing", key_prefix="marketing")

defs = dg.Definitions(
    assets=[
        *raw.raw_tables,
        raw.stripe_payments,
        raw.exchange_rates,
        raw.price_list,
        staging.stg_customers,
        staging.stg_products,
        staging.split_orders,
        staging.inventory_snapshot,
        staging.customer_models,
        marts.revenue_daily,
        marts.customer_ltv,
        marts.product_performance,
        marts.stock_cover_report,
        *marts.regional_assets,
        marts.average_order_value,
        marts.repeat_rate,
        ml.churn_features,
        ml.churn,
        ml.recommendations,
        ml.demand_forecast,
        *marketing_assets,
    ],
    asset_checks=[revenue_not_negative],
    jobs=[daily_refresh],
    schedules=[daily_refresh_schedule],
    resources={"shop_db": ShopDatabase(), "marketing_api": MarketingApi()},
)
