"""Asset factories used by several modules."""
import dagster as dg

from shop.constants import RAW_PREFIX
from shop.resources import ShopDatabase


def raw_table_asset(table: str, *, group: str = "raw", code_version: str = "1") -> dg.AssetsDefinition:
    """One table copied from the shop database, keyed `raw/shop_db/<table>`."""

    @dg.asset(
        name=table,
        key_prefix=RAW_PREFIX,
        group_name=group,
        code_version=code_version,
        kinds={"postgres", "python"},
        description=f"The `{table}` table of the shop database, copied as is.",
        owners=["team:data-platform"],
    )
    def _raw_table(shop_db: ShopDatabase) -> list[dict]:
        return shop_db.fetch(table)

    return _raw_table
