"""What cannot be known statically is reported: the asset stays in the facts with `resolved=False`
and a reason naming what was not known; it is never dropped and never an exception."""
from __future__ import annotations

from pathlib import Path

import pytest

from .support import analyze, asset, dep_keys, source


@pytest.mark.parametrize(
    "arguments, mentioned",
    [
        ('name=os.environ["ASSET_NAME"]', "name"),
        ('key_prefix=vendor.prefix()', "key_prefix"),
        ("key=compute_key()", "key"),
        ('key=AssetKey(["lake", os.environ["TABLE"]])', "key"),
        ('name=f"orders_{os.environ[\'ENV\']}"', "name"),
        ("name=vendor.NAME", "name"),
    ],
)
def test_an_unknown_key_keeps_the_asset_unresolved(arguments: str, mentioned: str) -> None:
    facts = source(
        f"""
        import os
        import vendor
        from dagster import AssetKey, asset

        def compute_key():
            return vendor.lookup()

        @asset({arguments})
        def orders():
            return 1

        @asset
        def still_analysed():
            return 1
        """
    )
    assert len(facts.assets) == 2
    unknown = next(fact for fact in facts.assets if fact.key != ("still_analysed",))
    assert unknown.key is None
    assert not unknown.resolved
    assert unknown.unresolved_reason and mentioned in unknown.unresolved_reason
    assert asset(facts, "still_analysed").resolved


@pytest.mark.parametrize(
    "deps",
    ['[os.environ["UPSTREAM"]]', "vendor.UPSTREAMS", '["known", lookup("x")]'],
)
def test_an_unknown_dependency_is_kept_with_its_text(deps: str) -> None:
    facts = source(
        f"""
        import os
        import vendor
        from vendor import lookup
        from dagster import asset

        @asset(deps={deps})
        def orders():
            return 1
        """
    )
    fact = asset(facts, "orders")
    assert not fact.resolved
    unknown = [ref for ref in fact.deps if ref.key is None]
    assert unknown, fact.deps
    assert all(ref.text for ref in unknown)
    assert fact.unresolved_reason and "dep" in fact.unresolved_reason


def test_unknown_group_and_code_version_are_reported() -> None:
    facts = source(
        """
        import os
        from dagster import asset

        @asset(group_name=os.environ["GROUP"], code_version=os.environ["VERSION"])
        def orders():
            return 1
        """
    )
    fact = asset(facts, "orders")
    assert not fact.resolved
    assert "group_name" in (fact.unresolved_reason or "")
    assert "code_version" in (fact.unresolved_reason or "")


def test_a_loop_over_an_unknown_iterable_gives_one_unresolved_asset() -> None:
    facts = source(
        """
        import json
        from dagster import asset

        for table in json.load(open("tables.json")):
            @asset(name=table)
            def load():
                return 1
        """
    )
    assert len(facts.assets) == 1
    assert facts.assets[0].key is None
    assert not facts.assets[0].resolved


def test_a_factory_called_with_unknown_arguments_gives_an_unresolved_asset() -> None:
    facts = source(
        """
        import sys
        from dagster import asset

        def make(name):
            @asset(name=name)
            def _made():
                return 1
            return _made

        made = make(sys.argv[1])
        """
    )
    assert [(fact.key, fact.resolved) for fact in facts.assets] == [(None, False)]


def test_names_imported_from_outside_the_project_are_unresolved_not_errors(tmp_path: Path) -> None:
    workspace = analyze(
        tmp_path,
        {
            "assets.py": """
            from dagster import asset
            from some_installed_package.names import TABLE
            from .not_a_package import OTHER

            @asset(name=TABLE)
            def first():
                return 1

            @asset(name=OTHER)
            def second():
                return 1
            """,
        },
    )
    assert [(fact.key, fact.resolved) for fact in workspace.assets] == [(None, False), (None, False)]
    rendered = workspace.to_json()["assets"]
    assert [entry["resolved"] for entry in rendered] == [False, False]
    assert all(entry["key"] is None and entry["unresolved"] for entry in rendered)
    # an asset without a key is not a node of the graph
    assert workspace.graph.number_of_nodes() == 0


def test_attributes_imported_from_outside_the_project_are_unresolved() -> None:
    facts = source(
        """
        from dagster import asset
        from company_settings import GROUP, VERSION, NAME

        @asset(group_name=GROUP, code_version=VERSION)
        def first():
            return 1

        @asset(name=NAME)
        def second():
            return 1
        """
    )
    first = asset(facts, "first")
    assert not first.resolved
    assert first.problems == ()
    assert "group_name" in (first.unresolved_reason or "")
    assert "code_version" in (first.unresolved_reason or "")
    second = next(fact for fact in facts.assets if fact.key is None)
    assert "company_settings" in (second.unresolved_reason or "")


def test_assets_of_integration_packages_are_unresolved_multi_assets() -> None:
    facts = source(
        """
        from dagster import asset
        from dagster_dbt import DbtCliResource, dbt_assets
        from dagster_fivetran import build_fivetran_assets

        @dbt_assets(manifest="target/manifest.json")
        def project(context, dbt: DbtCliResource):
            yield from dbt.cli(["build"], context=context).stream()

        synced = build_fivetran_assets(connector_id="abc", destination_tables=["public.orders"])

        @asset
        def downstream(dbt: DbtCliResource, model):
            return model
        """
    )
    external = [fact for fact in facts.assets if fact.key is None]
    assert len(external) == 2
    for fact in external:
        assert fact.kind == "multi_asset"
        assert not fact.resolved
        assert "only known when Dagster loads it" in (fact.unresolved_reason or "")
    # an integration resource annotation is a resource, not an input
    assert dep_keys(asset(facts, "downstream")) == {("model",)}
