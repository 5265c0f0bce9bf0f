import dagster as dg


@dg.asset
def weekly(enriched, order_total):
    return enriched + order_total
