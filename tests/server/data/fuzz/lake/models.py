import dagster as dg

from lake.names import ORDERS, PREFIX
from lake.sources import customers


@dg.asset(deps=[dg.AssetKey([PREFIX, ORDERS]), customers, "crm_export"])
def enriched():
    return 1


@dg.asset(ins={"rows": dg.AssetIn(key=[PREFIX, ORDERS])})
def order_total(rows):
    return sum(rows)
