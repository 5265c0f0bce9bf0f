"""Data quality checks on the marts."""
import dagster as dg

from shop.assets.marts import revenue_daily


@dg.asset_check(asset=revenue_daily, description="Revenue is never negative.")
def revenue_not_negative(revenue_daily: dict[str, float]) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=all(value >= 0 for value in revenue_daily.values()))
