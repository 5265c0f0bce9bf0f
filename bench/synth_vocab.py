"""Words the synthetic code location is made of: domains, table nouns, source systems, columns, teams.

Only vocabulary lives here, so the planner and the renderers read the same names.
"""
from __future__ import annotations

DOMAINS: tuple[str, ...] = (
    "orders", "customers", "payments", "inventory", "marketing", "finance", "support", "logistics",
    "products", "web", "mobile", "sales", "billing", "fraud", "pricing", "growth", "risk", "partners",
    "supply", "people",
)

NOUNS: tuple[str, ...] = (
    "events", "line_items", "sessions", "accounts", "invoices", "refunds", "shipments", "returns",
    "clicks", "signups", "subscriptions", "tickets", "campaigns", "leads", "payouts", "balances",
    "forecasts", "cohorts", "daily_summary", "weekly_summary", "attribution", "churn_scores", "ltv",
    "retention", "conversions", "transactions", "disputes", "stock_levels", "price_changes", "visits",
)

SOURCE_SYSTEMS: tuple[str, ...] = (
    "shopify", "stripe", "salesforce", "zendesk", "hubspot", "netsuite", "segment", "postgres_app",
    "google_ads", "workday",
)

ID_COLUMNS: tuple[str, ...] = ("id", "order_id", "customer_id", "account_id", "event_id", "sku")
DIMENSIONS: tuple[str, ...] = ("country", "channel", "status", "plan", "region", "category", "currency")
MEASURES: tuple[str, ...] = ("amount", "quantity", "revenue", "cost", "duration_s", "score")
TEXT_COLUMNS: tuple[str, ...] = ("email", "status", "country", "channel", "name", "category")
CURRENCIES: tuple[str, ...] = ("USD", "EUR", "GBP", "JPY")
KINDS: tuple[str, ...] = ("python", "snowflake", "s3", "dbt", "pandas", "bigquery", "postgres")
REGIONS: tuple[str, ...] = ("emea", "amer", "apac")
QUALITY_METRICS: tuple[str, ...] = ("completeness", "freshness", "volume", "uniqueness")
GRAINS: tuple[str, ...] = ("day", "week", "month")

LAYER_ABBREVIATION: dict[str, str] = {
    "external": "ext",
    "raw": "raw",
    "staging": "stg",
    "intermediate": "int",
    "marts": "mart",
}

TIER_BY_LAYER: dict[str, str] = {
    "external": "external",
    "raw": "bronze",
    "staging": "silver",
    "intermediate": "silver",
    "marts": "gold",
}
