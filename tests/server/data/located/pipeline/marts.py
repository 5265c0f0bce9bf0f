"""Tables for the analysts, built from the raw data."""
import dagster as dg


@dg.asset(ins={"orders": dg.AssetIn(key=["raw", "orders"])}, group_name="marts", code_version="1")
def revenue_by_customer(orders: list[dict]) -> dict[str, float]:
    """Total order amount per customer."""
    totals: dict[str, float] = {}
    for row in orders:
        totals[row["customer"]] = totals.get(row["customer"], 0.0) + row["amount"]
    return totals


@dg.asset(group_name="marts")
def top_customer(revenue_by_customer: dict[str, float]) -> str:
    """The customer with the most revenue."""
    return max(revenue_by_customer, key=lambda customer: revenue_by_customer[customer])


# A known mistake for the test: "custmers" is a typo of raw/customers.
@dg.asset(deps=[dg.AssetKey(["raw", "custmers"])], group_name="marts")
def customer_report() -> None:
    """A report that only depends on the customers table being loaded."""


@dg.asset(deps=[dg.AssetKey(["raw", "customers"])], group_name="marts", code_version="1")
def customer_count() -> int:
    """How many customers the CRM has (reads the table itself)."""
    return 2
