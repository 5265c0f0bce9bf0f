import dagster as dg


@dg.asset
def numbers():
    return [1, 2, 3]


@dg.asset_check(asset=numbers)
def three_numbers(numbers):
    return dg.AssetCheckResult(passed=len(numbers) == 3)


@dg.asset_check(asset=numbers)
def no_negative(numbers):
    return dg.AssetCheckResult(passed=all(n >= 0 for n in numbers))


@dg.asset
def doubled(numbers):
    return [n * 2 for n in numbers]


@dg.asset_check(asset=doubled)
def small(doubled):
    return dg.AssetCheckResult(
        passed=max(doubled) < 5, severity=dg.AssetCheckSeverity.WARN, description="doubled values stay small"
    )
