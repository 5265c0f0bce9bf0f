ORDERS = "orders"
PREFIX = "lake"
