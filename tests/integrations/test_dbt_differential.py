"""dbt: keys, dependencies and groups from the project's own files and from `target/manifest.json`,
compared with real dagster-dbt loading the manifest that real `dbt parse` wrote, for several
`select`/`exclude` strings."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from assetlens.analyzer.integrations.dbt import dbt_asset_facts, load_dbt_project
from assetlens.analyzer.integrations.dbt_select import select_unique_ids
from tests.integrations.support import DBT_SHOP, REAL_DBT, copy_tree, dbt_parse, run_json, summary

pytestmark = pytest.mark.slow  # dbt parse and a Dagster process: ~20 s

CASES = [
    ("fqn:*", ""),
    ("staging", ""),
    ("tag:daily+", ""),
    ("+customers", "tag:staging"),
    ("path:models/marts", ""),
    ("stg_orders+1 raw_customers", ""),
    ("@stg_customers", ""),
    ("tag:staging,resource_type:model", ""),
    ("shop.marts.*", "revenue"),
    ("source:raw+", "tag:marts"),
    ("1+orders_snapshot", ""),
    ("2+customers", "+orders"),
    ("config.materialized:table", ""),
    ("group:finance", ""),
    ("resource_type:seed+", ""),
]


@pytest.fixture(scope="module")
def parsed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict]]:
    folder = copy_tree(DBT_SHOP, tmp_path_factory.mktemp("dbt") / "dbt_shop")
    dbt_parse(folder)
    real = run_json(REAL_DBT, str(folder), json.dumps(CASES))
    return folder, real


def ours(folder: Path, manifest: bool, select: str, exclude: str) -> dict:
    project = load_dbt_project(folder.parent, folder.name, prefer_manifest=manifest)
    assert project is not None and project.from_manifest == manifest
    assert not project.problems
    facts = dbt_asset_facts(project, select_unique_ids(project, select, exclude), op_name="shop", node_id="shop")
    assert all(fact.resolved for fact in facts)
    return summary(facts)


@pytest.mark.parametrize("manifest", [False, True], ids=["from-sources", "from-manifest"])
def test_keys_deps_groups_equal_real_dagster_dbt(parsed: tuple[Path, list[dict]], manifest: bool) -> None:
    folder, real = parsed
    for (select, exclude), expected in zip(CASES, real):
        assert expected, f"the real selection {select!r} selected nothing: a useless case"
        assert ours(folder, manifest, select, exclude) == expected, (select, exclude)


def test_the_fixture_covers_what_matters(parsed: tuple[Path, list[dict]]) -> None:
    """Custom schemas, a seed, a snapshot, meta key and group overrides, a dbt group, an ephemeral
    model walked through, a disabled model, a source with a key override."""
    _, real = parsed
    everything = real[0]
    assert "staging/stg_orders" in everything  # +schema from dbt_project.yml
    assert "analytics/orders" in everything  # config(schema=...) in the file
    assert "raw_data/raw_customers" in everything  # seed with +schema
    assert "orders_snapshot" in everything  # snapshot
    assert "mart/customers" in everything  # meta.dagster.asset_key
    assert everything["analytics/orders"]["group"] == "sales"  # meta.dagster.group
    assert everything["revenue"]["group"] == "finance"  # dbt group
    assert "external/payments" in everything["analytics/orders"]["deps"]  # through the ephemeral model
    assert not any("stg_payments" in key or "old_report" in key for key in everything)


def test_ranges_point_into_the_dbt_files(parsed: tuple[Path, list[dict]]) -> None:
    folder, _ = parsed
    project = load_dbt_project(folder.parent, folder.name, prefer_manifest=False)
    facts = {fact.key: fact for fact in dbt_asset_facts(project, select_unique_ids(project), op_name="shop", node_id="shop")}
    orders = facts[("analytics", "orders")]
    assert orders.file == "dbt_shop/models/marts/orders.sql" and orders.origin == "dbt" and orders.known_name == "orders"
    ref = next(dep for dep in orders.deps if dep.key == ("staging", "stg_orders"))
    line = (folder / "models/marts/orders.sql").read_text().splitlines()[ref.range.line - 1]
    assert line[ref.range.col:ref.range.end_col] == "ref('stg_orders')"
    snapshot = facts[("orders_snapshot",)]
    line = (folder / "snapshots/orders_snapshot.sql").read_text().splitlines()[snapshot.name_range.line - 1]
    assert line[snapshot.name_range.col:snapshot.name_range.end_col] == "orders_snapshot"
