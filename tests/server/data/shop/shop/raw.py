import dagster as dg


@dg.asset(code_version="1", group_name="raw")
def raw_orders():
    """Every order, as the shop's database has it."""
    return [{"id": 1, "amount": 10}, {"id": 2, "amount": 32}]


@dg.asset(group_name="raw")
def customers():
    return [{"id": 1, "name": "Ada"}]


@dg.asset(key_prefix="finance", group_name="raw")
def payments():
    return []
