"""SLA reporting: a dependency cycle."""
from dagster import asset


@asset
def sla_targets(sla_breaches: list[int]) -> dict[str, int]:  # MISTAKE (AL001): sla_targets -> sla_breaches -> sla_targets
    return {"pro": 60 - len(sla_breaches)}


@asset
def sla_breaches(sla_targets: dict[str, int]) -> list[int]:
    return [1] if sla_targets["pro"] < 60 else []
