import dagster as dg


@dg.asset(description="注文の集計 🎉🎉", deps=["raw_orders"])
def intl_summary():
    return "総計 🎉"


@dg.asset(description="😀 émoji", deps=["missing_upstream"])
def intl_orphan():
    return None
