"""Tickets: the missing upstream (a typo in `deps`) and the `ins` name that is not a parameter."""
from dagster import AssetIn, asset


@asset
def raw_tickets() -> list[dict]:
    return [{"id": 1, "customer_id": 7, "minutes_open": 42}]


@asset(deps=["raw_tickts"])  # MISTAKE (AL002): typo, `raw_tickets` was meant; Dagster silently depends on an undefined key
def ticket_backlog() -> int:
    return 1


@asset(ins={"ticket": AssetIn("raw_tickets")})  # MISTAKE (AL005): `ticket` is not a parameter (it is `tickets`)
def resolution_times(tickets: list[dict]) -> list[int]:
    return [t["minutes_open"] for t in tickets]
