import time

import dagster as dg


@dg.asset(code_version="1")
def numbers():
    return [1, 2, 3]


@dg.asset
def total(context: dg.AssetExecutionContext, numbers):
    context.log.info(f"adding {len(numbers)} numbers")
    return sum(numbers)


@dg.asset
def broken(numbers):
    raise ValueError("this asset always fails")


@dg.asset
def slow():
    time.sleep(60)
    return "done"
