"""Names shared by the asset modules: source tables, key prefixes, groups and code versions."""

SOURCE_TABLES = ["orders", "order_items", "customers", "products"]
RAW_PREFIX = ["raw", "shop_db"]
STAGING = "staging"
MARTS = "marts"
ML = "ml"
REGIONS = ["emea", "amer", "apac"]

ORDERS_CODE_VERSION = "2"
REVENUE_CODE_VERSION = f"revenue-{ORDERS_CODE_VERSION}"
