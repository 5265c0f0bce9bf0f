"""Machine learning: churn features and model (graph assets built from ops), product
recommendations (`AssetsDefinition.from_graph`) and a demand forecast (`AssetsDefinition.from_op`)."""
import dagster as dg

from shop.constants import ML


@dg.op
def customer_order_counts(customers: list[dict], orders: list[dict]) -> dict[int, int]:
    counts = {c["id"]: 0 for c in customers}
    for order in orders:
        counts[order["customer_id"]] = counts.get(order["customer_id"], 0) + 1
    return counts


@dg.op(code_version="features-1")
def to_feature_rows(counts: dict[int, int]) -> list[dict]:
    return [{"customer_id": cid, "orders": n} for cid, n in sorted(counts.items())]


@dg.graph_asset(
    key_prefix=ML,
    group_name=ML,
    ins={
        "customers": dg.AssetIn(key=["staging", "stg_customers"]),
        "orders": dg.AssetIn(key=["staging", "completed_orders"]),
    },
)
def churn_features(customers, orders):
    return to_feature_rows(customer_order_counts(customers, orders))


@dg.op(out={"model": dg.Out(code_version="model-3"), "scores": dg.Out()})
def train_and_score(features: list[dict]):
    threshold = 1
    model = {"threshold": threshold}
    scores = {row["customer_id"]: float(row["orders"] <= threshold) for row in features}
    return model, scores


@dg.graph_multi_asset(
    group_name=ML,
    ins={"features": dg.AssetIn(key=[ML, "churn_features"])},
    outs={"churn_model": dg.AssetOut(key_prefix=ML), "churn_scores": dg.AssetOut(key_prefix=ML)},
)
def churn(features):
    model, scores = train_and_score(features)
    return {"churn_model": model, "churn_scores": scores}


@dg.op
def co_purchases(lines: list[dict]) -> list[tuple[int, int]]:
    by_order: dict[int, list[int]] = {}
    for line in lines:
        by_order.setdefault(line["order_id"], []).append(line["product_id"])
    return [(a, b) for products in by_order.values() for a in products for b in products if a < b]


@dg.op
def top_pairs(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    return sorted(set(pairs))[:10]


@dg.graph(out={"pairs": dg.GraphOut(), "recommendations": dg.GraphOut()})
def recommendation_graph(order_lines):
    pairs = co_purchases(order_lines)
    return {"pairs": pairs, "recommendations": top_pairs(pairs)}


recommendations = dg.AssetsDefinition.from_graph(
    recommendation_graph,
    keys_by_input_name={"order_lines": dg.AssetKey(["staging", "order_lines"])},
    keys_by_output_name={
        "pairs": dg.AssetKey([ML, "product_pairs"]),
        "recommendations": dg.AssetKey([ML, "recommendations"]),
    },
    group_name=ML,
)


@dg.op(code_version="forecast-2")
def forecast_demand(lines: list[dict]) -> dict[int, int]:
    demand: dict[int, int] = {}
    for line in lines:
        demand[line["product_id"]] = demand.get(line["product_id"], 0) + line["quantity"]
    return demand


demand_forecast = dg.AssetsDefinition.from_op(
    forecast_demand,
    keys_by_input_name={"lines": dg.AssetKey(["staging", "order_lines"])},
    keys_by_output_name={"result": dg.AssetKey([ML, "demand_forecast"])},
    group_name=ML,
)
