"""External assets: module-level `AssetSpec` (kind "spec"), `SourceAsset` and
`@observable_source_asset` (kind "source"), `AssetsDefinition(specs=...)`; none of them is executable
and `load_assets_from_modules(key_prefix=)` does not prefix them."""
from __future__ import annotations

from .support import asset, dep_keys, keys, source


def test_specs_and_source_assets_written_at_module_level() -> None:
    facts = source(
        """
        from dagster import AssetKey, AssetSpec, SourceAsset, observable_source_asset

        erp_orders = AssetSpec(["erp", "orders"], group_name="erp", deps=["erp_raw"], description="ERP")
        legacy = SourceAsset(key=AssetKey(["legacy", "items"]))
        legacy_by_string = SourceAsset("legacy_customers")

        @observable_source_asset(key_prefix="files")
        def landing_zone():
            return None
        """
    )
    spec = asset(facts, "erp", "orders")
    assert (spec.kind, spec.group, spec.description, spec.node) == ("spec", "erp", "ERP", None)
    assert dep_keys(spec) == {("erp_raw",)}
    assert {ref.via for ref in spec.deps} == {"spec_deps"}
    assert asset(facts, "legacy", "items").kind == "source"
    assert asset(facts, "legacy_customers").kind == "source"
    observed = asset(facts, "files", "landing_zone")
    assert observed.kind == "source"
    for fact in facts.assets:
        assert not fact.is_executable
        assert not fact.key_prefixable


def test_specs_in_lists_definitions_and_derived_with_replace_attributes() -> None:
    facts = source(
        """
        import dagster as dg

        RAW = [dg.AssetSpec(name, group_name="raw") for name in ["a", "b"]]
        renamed = dg.AssetSpec("base").replace_attributes(key="replaced", group_name="changed")
        defs = dg.Definitions(assets=[dg.AssetSpec("inline_in_definitions")])
        """
    )
    assert keys(facts) == {("a",), ("b",), ("replaced",), ("inline_in_definitions",)}
    assert asset(facts, "a").group == "raw"
    assert asset(facts, "replaced").group == "changed"
    assert {fact.kind for fact in facts.assets} == {"spec"}


def test_assets_definition_of_specs_defines_external_assets() -> None:
    facts = source(
        """
        from dagster import AssetsDefinition, AssetSpec

        external = AssetsDefinition(specs=[AssetSpec("ext_a"), AssetSpec(["ext", "b"], deps=["ext_a"])])
        """
    )
    assert keys(facts) == {("ext_a",), ("ext", "b")}
    assert dep_keys(asset(facts, "ext", "b")) == {("ext_a",)}
    assert {fact.kind for fact in facts.assets} == {"spec"}


def test_specs_that_only_name_a_dependency_define_nothing() -> None:
    facts = source(
        """
        from dagster import AssetSpec, asset

        @asset(deps=[AssetSpec("upstream_only")])
        def downstream():
            return 1

        def not_called():
            return AssetSpec("inside_a_function")
        """
    )
    assert keys(facts) == {("downstream",)}
