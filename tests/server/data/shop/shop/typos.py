import dagster as dg


@dg.asset(deps=["raw_order"])
def typo_report():
    return None
