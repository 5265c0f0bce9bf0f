"""Marketing attribution. Loaded with `load_assets_from_modules(group_name="marketing",
key_prefix="marketing")`: keys here are written unprefixed, and the dependencies between these
assets are prefixed with them; the dependency on the revenue mart (outside the load) is not."""
from dagster import AssetIn, AssetKey, asset

from shop.resources import MarketingApi


@asset(kinds={"api"})
def campaigns(marketing_api: MarketingApi) -> list[dict]:
    return marketing_api.campaigns()


@asset
def email_audience(campaigns: list[dict]) -> list[int]:
    return sorted({cid for c in campaigns if c["channel"] == "email" for cid in c["customer_ids"]})


@asset(deps=[AssetKey(["marts", "revenue_daily"])], ins={"audience": AssetIn("email_audience")})
def campaign_attribution(campaigns: list[dict], audience: list[int]) -> dict[str, float]:
    return {c["id"]: len(audience) / max(1, len(campaigns)) for c in campaigns}
