"""Sling: every stream's key, dependencies and group, compared with real dagster-sling."""
from __future__ import annotations

from assetlens.analyzer.integrations.sling import read_replication, sling_asset_facts
from tests.integrations.support import REAL_SLING, SLING, run_json, summary


def test_streams_equal_real_dagster_sling() -> None:
    real = run_json(REAL_SLING, str(SLING / "replication.yaml"))
    replication = read_replication(SLING, "replication.yaml")
    facts = sling_asset_facts(replication, op_name="replication", node_id="replication")
    assert summary(facts) == real
    # defaults.meta merged, asset_key/deps overrides, `object`, quoting, disabled streams: all exercised
    assert {"app/users", "target/finance/transactions", "target/public/accounts", "target/public/orders"} == set(real)


def test_each_stream_points_at_its_yaml_key() -> None:
    text = (SLING / "replication.yaml").read_text()
    replication = read_replication(SLING, "replication.yaml")
    lines = text.splitlines()
    for fact in sling_asset_facts(replication, op_name="replication", node_id="replication"):
        where = fact.name_range
        assert lines[where.line - 1][where.col:where.end_col] == fact.known_name
        assert fact.origin == "sling" and fact.file == "replication.yaml"
