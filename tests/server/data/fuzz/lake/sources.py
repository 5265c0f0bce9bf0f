import dagster as dg

from lake.names import ORDERS, PREFIX


@dg.asset(name=ORDERS, key_prefix=PREFIX, code_version="1")
def load_orders():
    return [1, 2, 3]


@dg.asset(key_prefix=PREFIX)
def customers():
    return ["ada"]


external = dg.AssetSpec("crm_export")
