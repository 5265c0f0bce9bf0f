"""What a user sees for components: diagnostics inside defs.yaml (unknown type, a dbt project path that
does not exist), partly known keys that link a Python dependency without an error, and missing
upstreams that an unresolved definition could produce reported as information only."""
from __future__ import annotations

from pathlib import Path

import pytest

from assetlens.analyzer.diagnostics import run_rules
from assetlens.analyzer.workspace import Workspace, analyze_workspace
from tests.integrations.support import DBT_SHOP, copy_tree

pytestmark = pytest.mark.skipif(not hasattr(Workspace, "add_external_assets"), reason="needs code locations (issue 9)")

PYPROJECT = """\
[project]
name = "proj"
version = "0.1.0"

[tool.dg]
directory_type = "project"

[tool.dg.project]
root_module = "proj"
"""


def write(root: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def diagnostics(root: Path) -> list:
    workspace = analyze_workspace(root, use_cache=False)
    return run_rules(workspace)


def test_unknown_type_and_missing_project_are_reported_inside_defs_yaml(tmp_path: Path) -> None:
    write(tmp_path, {
        "pyproject.toml": PYPROJECT,
        "src/proj/__init__.py": "",
        "src/proj/definitions.py": "import dagster as dg\n\ndefs = dg.load_from_defs_folder(path_within_project=__import__('pathlib').Path(__file__).parent)\n",
        "src/proj/defs/__init__.py": "",
        "src/proj/defs/fivetran/defs.yaml": "type: dagster_fivetran.FivetranAccountComponent\nattributes: {}\n",
        "src/proj/defs/dbt/defs.yaml": "type: dagster_dbt.DbtProjectComponent\nattributes:\n  project: ../../../../no_such_dbt\n",
    })
    found = diagnostics(tmp_path)
    unknown = [d for d in found if d.file == "src/proj/defs/fivetran/defs.yaml"]
    assert [d.code for d in unknown] == ["AL006"] and "dagster_fivetran.FivetranAccountComponent" in unknown[0].message
    assert unknown[0].range.line == 1 and unknown[0].range.col == len("type: ")
    missing = [d for d in found if d.file == "src/proj/defs/dbt/defs.yaml" and d.code == "AL005"]
    assert len(missing) == 1 and "does not exist" in missing[0].message and missing[0].severity == "error"
    assert missing[0].range.line == 3


def test_partly_known_dbt_keys_link_python_deps_without_error(tmp_path: Path) -> None:
    copy_tree(DBT_SHOP, tmp_path / "dbt_shop")
    write(tmp_path, {
        "pyproject.toml": PYPROJECT,
        "src/proj/__init__.py": "",
        "src/proj/components.py": (
            "from dagster_dbt import DbtProjectComponent\n\n\n"
            "class Prefixed(DbtProjectComponent):\n"
            "    def get_asset_spec(self, manifest, unique_id, project):\n"
            "        spec = super().get_asset_spec(manifest, unique_id, project)\n"
            "        return spec.replace_attributes(key=spec.key.with_prefix('wh'))\n"
        ),
        "src/proj/defs/__init__.py": "",
        "src/proj/defs/dbt/defs.yaml": "type: proj.components.Prefixed\nattributes:\n  project: ../../../../dbt_shop\n",
        "src/proj/defs/report.py": (
            "import dagster as dg\n\n\n"
            "@dg.asset(deps=[dg.AssetKey(['wh', 'staging', 'stg_orders'])])\n"
            "def report() -> None: ...\n\n\n"
            "@dg.asset(deps=['nothing_defines_this'])\n"
            "def other() -> None: ...\n"
        ),
    })
    found = diagnostics(tmp_path)
    assert not [d for d in found if d.code == "AL002" and "stg_orders" in d.message]
    other = [d for d in found if d.code == "AL002" and "nothing_defines_this" in d.message]
    # the names are known, the keys are not: a Prefixed model's key could be anything (issue 10 item 6),
    # so the missing key is only information, and its fixes are not safe
    assert len(other) == 1 and other[0].severity == "info"
    assert not [fix for fix in other[0].fixes if fix.safe]
    assert not [d for d in found if d.severity in ("error", "warning") and d.file.startswith("dbt_shop/")]
    partial = [d for d in found if d.code == "AL006" and "Prefixed" in d.message]
    assert len(partial) == 1 and "7 dbt assets" in partial[0].message  # one per definition, not per model


def test_an_unknown_component_makes_a_missing_upstream_information_only(tmp_path: Path) -> None:
    write(tmp_path, {
        "pyproject.toml": PYPROJECT,
        "src/proj/__init__.py": "",
        "src/proj/defs/__init__.py": "",
        "src/proj/defs/custom/defs.yaml": "type: proj.nowhere.Custom\n",
        "src/proj/defs/report.py": "import dagster as dg\n\n\n@dg.asset(deps=['made_by_custom'])\ndef report() -> None: ...\n",
    })
    found = diagnostics(tmp_path)
    missing = [d for d in found if d.code == "AL002"]
    assert len(missing) == 1 and missing[0].severity == "info"


def test_a_python_component_instance_is_unresolved_where_it_is_written(tmp_path: Path) -> None:
    write(tmp_path, {
        "pyproject.toml": PYPROJECT,
        "src/proj/__init__.py": "",
        "src/proj/defs/__init__.py": "",
        "src/proj/defs/loaded.py": (
            "import dagster as dg\n\n\n"
            "@dg.component_instance\n"
            "def warehouse(context):\n"
            "    return dg.FunctionComponent(execution=lambda: None, assets=[])\n"
        ),
    })
    found = [d for d in diagnostics(tmp_path) if d.file == "src/proj/defs/loaded.py" and d.code == "AL006"]
    assert len(found) == 1 and "warehouse" in found[0].message and found[0].range.line == 5


def test_check_cli_reports_inside_defs_yaml(tmp_path: Path) -> None:
    import subprocess
    import sys

    (tmp_path / ".git").mkdir()  # the project root
    write(tmp_path, {
        "pyproject.toml": PYPROJECT,
        "src/proj/__init__.py": "",
        "src/proj/defs/__init__.py": "",
        "src/proj/defs/dbt/defs.yaml": "type: dagster_dbt.DbtProjectComponent\nattributes:\n  project: ../../../../no_such_dbt\n",
    })
    result = subprocess.run([sys.executable, "-m", "assetlens.cli.main", "check", str(tmp_path / "src/proj/defs"), "--no-cache"],
                            capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "src/proj/defs/dbt/defs.yaml:3:12: error: AL005" in result.stdout, result.stdout


def test_project_root_of_a_workspace_yaml_location_is_the_folder_with_pyproject(tmp_path: Path) -> None:
    """`{{ project_root }}` is where Dagster's `get_project_root` finds pyproject.toml above the defs
    module, not the workspace.yaml `working_directory` (a false AL005 "does not exist" before)."""
    write(tmp_path, {
        "workspace.yaml": "load_from:\n  - python_module:\n      module_name: ops_pkg.definitions\n"
                          "      working_directory: src\n      location_name: ops\n",
        "pyproject.toml": '[project]\nname = "ops_pkg"\nversion = "0.1.0"\n',
        "dbt/dbt_project.yml": "name: shop\nversion: '1.0'\nprofile: shop\n",
        "dbt/models/baskets.sql": "select 1 as id\n",
        "src/ops_pkg/__init__.py": "",
        "src/ops_pkg/definitions.py": "import dagster as dg\nfrom ops_pkg import defs\n\ndefs = dg.load_defs(defs_root=defs)\n",
        "src/ops_pkg/defs/__init__.py": "",
        "src/ops_pkg/defs/transform/defs.yaml": "type: dagster_dbt.DbtProjectComponent\nattributes:\n"
                                                "  project: '{{ project_root }}/dbt'\n"
                                                "  translation:\n    key: \"shop_{{ node.name }}\"\n",
    })
    found = diagnostics(tmp_path)
    assert not [d for d in found if d.severity in ("error", "warning")], [(d.code, d.message) for d in found]
    workspace = analyze_workspace(tmp_path, use_cache=False)
    assert ("shop_baskets",) in {asset.key for asset in workspace.assets}
