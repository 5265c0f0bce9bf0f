"""A defs folder mixing YAML components (dbt with a translation, Sling with post-processing, a
FunctionComponent, a custom component, a DbtProjectComponent subclass) and Python assets, loaded by
real Dagster (`load_from_defs_folder`) and compared with the analyzer key by key, dep by dep."""
from __future__ import annotations

from pathlib import Path

import pytest

from assetlens.analyzer.integrations.components import load_components
from tests.integrations.support import COMPONENTS, REAL_PROJECT, copy_tree, dbt_parse, run_json, summary

pytestmark = pytest.mark.slow  # dbt parse and Dagster loading the components: ~25 s

DEFS = "src/shop_project/defs"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    root = copy_tree(COMPONENTS, tmp_path_factory.mktemp("components") / "components_project")
    dbt_parse(root / "dbt_shop")
    real = run_json(REAL_PROJECT, str(root), "shop_project", cwd=root, env={"DAGSTER_HOME": str(root / ".dagster_home")})
    return root, real


def test_component_assets_equal_real_dagster(project: tuple[Path, dict]) -> None:
    root, real = project
    result = load_components(root, DEFS, import_roots=("src", ""))
    ours = summary(result.assets)
    python_assets = {"revenue_report"}  # the Python module's asset: the Python analyzer's part
    custom = {key for key in real if key.startswith("audit/")}  # built by AuditLog.build_defs
    partial = {key for key in real if key.startswith("prefixed/")}  # PrefixedDbt.get_asset_spec
    assert custom and partial
    expected = {key: value for key, value in real.items() if key not in python_assets | custom | partial}
    assert ours == expected


def test_what_cannot_be_known_is_said_where_it_is_written(project: tuple[Path, dict]) -> None:
    root, real = project
    result = load_components(root, DEFS, import_roots=("src", ""))
    unresolved = [fact for fact in result.assets if fact.key is None]
    custom = [fact for fact in unresolved if fact.file == f"{DEFS}/custom/defs.yaml"]
    assert len(custom) == 1 and "shop_project.components.AuditLog" in custom[0].unresolved_reason
    text = (root / DEFS / "custom/defs.yaml").read_text().splitlines()
    where = custom[0].name_range
    assert text[where.line - 1][where.col:where.end_col] == "shop_project.components.AuditLog"
    # the subclass changes keys: the dbt names stay known, and the real keys end with them
    partial = [fact for fact in unresolved if fact.known_name]
    assert {fact.known_name for fact in partial} == {"stg_orders"}
    assert any(key.endswith("/stg_orders") for key in real if key.startswith("prefixed/"))
    assert all("PrefixedDbt" in fact.unresolved_reason for fact in partial)


def test_python_defs_module_asset_is_loaded_by_real_dagster_too(project: tuple[Path, dict]) -> None:
    _, real = project
    assert real["revenue_report"]["deps"] == ["ingest/target/public/accounts", "model/revenue"]
