"""Code locations from source: discovery from each configuration format, what each Definitions loads,
rules per location, the environment, edits that change what a location loads, and the command line
giving the same findings from wherever it starts (the Dagster side of these layouts is checked in
tests/differential/test_locations.py)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from assetlens.analyzer.diagnostics import run_rules
from assetlens.analyzer.environment import parse_dotenv
from assetlens.analyzer.facts import AssetFact
from assetlens.analyzer.locations import discover_locations

from .support import analyze, write_files

ASSETS = """
import dagster as dg


@dg.asset
def orders():
    return 1


@dg.asset
def revenue(orders):
    return orders
"""
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "locations"


def codes(workspace) -> list[tuple[str, str]]:
    return sorted((d.code, d.file) for d in run_rules(workspace))


def test_workspace_yaml_entries_and_their_folders(tmp_path: Path) -> None:
    write_files(tmp_path, {
        "workspace.yaml": """
            load_from:
              - python_module: {module_name: a.defs, working_directory: one, location_name: first}
              - python_package: b
              - python_file: {relative_path: scripts/c.py}
              - grpc_server: {host: localhost, port: 4266, location_name: remote}
            """,
    })
    discovery = discover_locations(tmp_path)
    names = [(l.name, l.root, l.definitions_module, l.definitions_file) for l in discovery.locations]
    assert names == [("first", "one", "a.defs", None), ("b", "", "b", None), ("c", "", None, "scripts/c.py")]
    assert any("grpc_server" in note for note in discovery.notes)


def test_pyproject_dagster_and_dg_tables(tmp_path: Path) -> None:
    write_files(tmp_path, {
        "a/pyproject.toml": '[tool.dagster]\nmodule_name = "a_pkg.definitions"\ncode_location_name = "alpha"\n',
        "b/pyproject.toml": '[project]\nname = "beta"\n[tool.dg.project]\nroot_module = "b_pkg"\n',
        "b/src/b_pkg/defs/__init__.py": "",
        "c/pyproject.toml": '[tool.dg.project]\nroot_module = "c_pkg"\nautoload_defs = true\ndefs_module = "c_pkg.my_defs"\n',
        "d/pyproject.toml": '[project]\nname = "not-dagster"\n',
    })
    by_name = {l.name: l for l in discover_locations(tmp_path).locations}
    assert set(by_name) == {"alpha", "beta", "c_pkg"}
    assert by_name["beta"].definitions_module == "b_pkg.definitions"
    assert by_name["beta"].defs_folder == "b/src/b_pkg/defs" and by_name["beta"].import_roots[0] == "b/src"
    assert by_name["c_pkg"].definitions_module is None and by_name["c_pkg"].defs_folder == "c/c_pkg/my_defs"


def test_no_configuration_is_one_implicit_location(tmp_path: Path) -> None:
    workspace = analyze(tmp_path, {"assets.py": ASSETS})
    assert workspace.discovery.implicit
    assert {a.location for a in workspace.assets} == {tmp_path.name}


def test_unloaded_copies_are_analysed_but_never_duplicates(tmp_path: Path) -> None:
    workspace = analyze(tmp_path, {
        "pyproject.toml": '[tool.dagster]\nmodule_name = "proj.definitions"\n',
        "proj/__init__.py": "",
        "proj/assets.py": ASSETS,
        "proj/definitions.py": "import dagster as dg\nfrom proj import assets\ndefs = dg.Definitions(assets=dg.load_assets_from_modules([assets]))\n",
        "proj/drafts/old_assets.py": ASSETS,  # a copy no Definitions loads
    })
    assert codes(workspace) == []
    assert workspace.unloaded_files() == ["proj/drafts/old_assets.py"]
    copies = workspace.assets_in_file("proj/drafts/old_assets.py")
    assert [a.key for a in copies] == [("orders",), ("revenue",)] and {a.location for a in copies} == {None}
    assert ("orders",) in workspace.graph and all(a.location == "proj.definitions" for a in workspace.graph.nodes[("orders",)]["assets"])


def test_cross_location_dependency_is_not_missing_and_a_shared_key_is_al007(tmp_path: Path) -> None:
    workspace = analyze(tmp_path, {
        "workspace.yaml": "load_from:\n  - python_file: one.py\n  - python_file: two.py\n",
        "one.py": "import dagster as dg\n\n@dg.asset\ndef orders():\n    return 1\n\n@dg.asset\ndef shared():\n    return 1\n",
        "two.py": "import dagster as dg\n\n@dg.asset(deps=['orders', 'nowhere'])\ndef report():\n    return 1\n\n@dg.asset\ndef shared():\n    return 2\n",
    })
    assert codes(workspace) == [("AL002", "two.py"), ("AL007", "one.py"), ("AL007", "two.py")]
    missing = next(d for d in run_rules(workspace) if d.code == "AL002")
    assert "nowhere" in missing.message


def test_duplicates_inside_one_location_stay_an_error(tmp_path: Path) -> None:
    workspace = analyze(tmp_path, {
        "pyproject.toml": '[tool.dagster]\nmodule_name = "defs"\n',
        "a.py": "import dagster as dg\n\n@dg.asset\ndef orders():\n    return 1\n",
        "b.py": "import dagster as dg\n\n@dg.asset\ndef orders():\n    return 2\n",
        "defs.py": "import dagster as dg\nimport a, b\ndefs = dg.Definitions(assets=dg.load_assets_from_modules([a, b]))\n",
    })
    assert codes(workspace) == [("AL003", "a.py"), ("AL003", "b.py")]


def test_name_resolution_and_loader_prefixes_apply_within_a_location(tmp_path: Path) -> None:
    # the same module loaded by two locations with different prefixes: each location sees its own keys
    workspace = analyze(tmp_path, {
        "workspace.yaml": "load_from:\n  - python_file: {relative_path: east.py, location_name: east}\n  - python_file: {relative_path: west.py, location_name: west}\n",
        "shared.py": ASSETS,
        "east.py": "import dagster as dg\nimport shared\ndefs = dg.Definitions(assets=dg.load_assets_from_modules([shared], key_prefix='east'))\n",
        "west.py": "import dagster as dg\nimport shared\ndefs = dg.Definitions(assets=dg.load_assets_from_modules([shared], key_prefix='west'))\n",
    })
    located = {(a.location, a.key, tuple(r.key for r in a.deps)) for a in workspace.assets}
    assert located == {
        ("east", ("east", "orders"), ()), ("east", ("east", "revenue"), (("east", "orders"),)),
        ("west", ("west", "orders"), ()), ("west", ("west", "revenue"), (("west", "orders"),)),
    }
    assert codes(workspace) == []


def test_an_edit_that_adds_an_asset_to_the_definitions_moves_it_into_the_location(tmp_path: Path) -> None:
    workspace = analyze(tmp_path, {
        "pyproject.toml": '[tool.dagster]\nmodule_name = "defs"\n',
        "assets.py": ASSETS + "\n\n@dg.asset(deps=['ghost'])\ndef extra():\n    return 1\n",
        "defs.py": "import dagster as dg\nfrom assets import orders, revenue\ndefs = dg.Definitions(assets=[orders, revenue])\n",
    })
    assert codes(workspace) == [] and workspace.unloaded_files() == ["assets.py"]
    workspace.update_file("defs.py", "import dagster as dg\nfrom assets import orders, revenue, extra\ndefs = dg.Definitions(assets=[orders, revenue, extra])\n")
    assert workspace.unloaded_files() == []
    assert codes(workspace) == [("AL002", "assets.py")]  # `ghost` is now a dependency Dagster loads


def test_external_assets_join_their_location(tmp_path: Path) -> None:
    workspace = analyze(tmp_path, {"assets.py": "import dagster as dg\n\n@dg.asset(deps=['dbt_model'])\ndef report():\n    return 1\n"})
    assert codes(workspace) == [("AL002", "assets.py")]
    name = workspace.locations[0].name
    model = AssetFact(key=("dbt_model",), kind="asset", file="models/dbt_model.sql", module="", node="dbt_model", output="dbt_model", deps=())
    workspace.add_external_assets(name, "dbt:test", [model])
    assert codes(workspace) == []
    assert workspace.graph.nodes[("dbt_model",)]["assets"][0].location == name


def test_dotenv_syntax() -> None:
    text = '# comment\nexport A=1\nB = "two words"  \nC=\'x#y\'\nD=plain # trailing\n\nbad line\nE=\n'
    assert parse_dotenv(text) == {"A": "1", "B": "two words", "C": "x#y", "D": "plain", "E": ""}


def test_environment_from_dotenv_then_pyproject_else_unset(tmp_path: Path) -> None:
    code = (
        "import os\nimport dagster as dg\n\n"
        "@dg.asset(key_prefix=[os.getenv('STAGE', 'dev'), os.environ.get('TEAM', 'core'), dg.EnvVar('ZONE').get_value('z0')])\n"
        "def orders():\n    return 1\n"
    )
    workspace = analyze(tmp_path, {"assets.py": code})
    assert [a.key for a in workspace.assets] == [("dev", "core", "z0", "orders")]
    write_files(tmp_path, {".env": "STAGE=prod\n", "pyproject.toml": '[tool.assetlens.env]\nSTAGE = "ignored"\nTEAM = "growth"\n'})
    workspace = analyze(tmp_path)
    assert [a.key for a in workspace.assets] == [("prod", "growth", "z0", "orders")]
    assert workspace.to_json()["assets"][0]["env"] == ["STAGE", "TEAM", "ZONE"]


def test_environment_changes_invalidate_the_cache(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    code = "import os\nimport dagster as dg\n\n@dg.asset(key_prefix=os.getenv('STAGE', 'dev'))\ndef orders():\n    return 1\n"
    workspace = analyze(tmp_path / "proj", {"assets.py": code}, use_cache=True, cache_dir=cache)
    assert [a.key for a in workspace.assets] == [("dev", "orders")]
    write_files(tmp_path / "proj", {".env": "STAGE=prod\n"})
    workspace = analyze(tmp_path / "proj", use_cache=True, cache_dir=cache)
    assert [a.key for a in workspace.assets] == [("prod", "orders")]


def test_an_unset_variable_read_with_brackets_is_unresolved(tmp_path: Path) -> None:
    workspace = analyze(tmp_path, {"assets.py": "import os\nimport dagster as dg\n\n@dg.asset(name=os.environ['TABLE'])\ndef orders():\n    return 1\n"})
    fact = workspace.assets[0]
    assert fact.key is None and "TABLE" in (fact.unresolved_reason or "")
    assert [d.code for d in run_rules(workspace)] == ["AL006"]


def test_same_findings_wherever_the_command_starts(tmp_path: Path) -> None:
    project = tmp_path / "lessons"
    subprocess.run(["cp", "-r", str(FIXTURES / "lessons"), str(project)], check=True)
    # a finding that only the real location's graph gives: a dependency on a key it does not load
    metrics = project / "dagster_essentials" / "defs" / "assets" / "metrics.py"
    metrics.write_text(metrics.read_text().replace('deps=["manhattan_stats"]', 'deps=["manhattan_statz"]'))
    whole = _check_in(project, cwd=project)
    assert [code for code, _, _ in whole] == ["AL002"]
    assert _check_in(project, "dagster_essentials", cwd=project) == whole
    assert _check_in(project, "dagster_essentials/defs/assets/metrics.py", cwd=project) == whole
    assert _check_in(project, cwd=project / "dagster_essentials" / "defs") == whole


def _check_in(project: Path, *args: str, cwd: Path) -> list[tuple[str, str, int]]:
    command = [str(Path(sys.executable).parent / "assetlens"), "check", "--format", "json", "--no-cache", "--exit-zero", *args]
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return sorted(
        (item["code"], (cwd / item["file"]).resolve().relative_to(project.resolve()).as_posix(), item["line"])
        for item in json.loads(done.stdout)["diagnostics"]
    )


def test_graph_location_option_and_clusters(tmp_path: Path) -> None:
    project = FIXTURES / "workspace_two"
    run = [str(Path(sys.executable).parent / "assetlens"), "graph", "--no-cache"]
    done = subprocess.run([*run, "--location", "finance"], cwd=project, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert sorted(tuple(a["key"]) for a in json.loads(done.stdout)["assets"]) == [("customers",), ("margin",), ("revenue",)]
    done = subprocess.run([*run, "--location", "nope"], cwd=project, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "no code location `nope`" in done.stderr
    mermaid = subprocess.run([*run, "--format", "mermaid"], cwd=project, capture_output=True, text=True, timeout=120).stdout
    assert 'subgraph location0["location: adhoc"]' in mermaid and 'subgraph location2["location: sales"]' in mermaid
    dot = subprocess.run([*run, "--format", "dot", "--location", "sales"], cwd=project, capture_output=True, text=True, timeout=120).stdout
    assert '"sales/orders" -> "sales/order_summary";' in dot and "margin" not in dot


def test_a_loop_through_two_locations_is_no_cycle_but_one_inside_a_location_is(tmp_path: Path) -> None:
    workspace = analyze(tmp_path, {
        "workspace.yaml": "load_from:\n  - python_file: one.py\n  - python_file: two.py\n",
        "one.py": "import dagster as dg\n\n@dg.asset(deps=['b'])\ndef a():\n    return 1\n",
        "two.py": "import dagster as dg\n\n@dg.asset(deps=['a'])\ndef b():\n    return 1\n",
    })
    assert codes(workspace) == []
    workspace.update_file("two.py", "import dagster as dg\n\n@dg.asset(deps=['a', 'd'])\ndef b():\n    return 1\n\n@dg.asset(deps=['b'])\ndef d():\n    return 1\n")
    assert codes(workspace) == [("AL001", "two.py")]


def test_setuptools_package_dir_is_an_import_root(tmp_path: Path) -> None:
    workspace = analyze(tmp_path, {
        "pyproject.toml": '[tool.dagster]\nmodule_name = "pipeline.defs"\n[tool.setuptools]\npackage-dir = {"" = "lib"}\n',
        "lib/pipeline/__init__.py": "",
        "lib/pipeline/defs.py": ASSETS + "\ndefs = dg.Definitions(assets=[orders, revenue])\n",
        "lib/pipeline/unused.py": "import dagster as dg\n\n@dg.asset\ndef orders():\n    return 2\n",
    })
    assert workspace.locations[0].import_roots[0] == "lib"
    assert workspace.unloaded_files() == ["lib/pipeline/unused.py"] and codes(workspace) == []


def test_separate_projects_in_one_repository_are_no_workspace(tmp_path: Path) -> None:
    # two projects, each with its own pyproject.toml: separate deployments, so one key in both is fine
    project = "[tool.dagster]\nmodule_name = \"{0}.definitions\"\n"
    definitions = "import dagster as dg\n\n@dg.asset\ndef customers():\n    return 1\n\ndefs = dg.Definitions(assets=[customers])\n"
    workspace = analyze(tmp_path, {
        "one/pyproject.toml": project.format("one"), "one/one/__init__.py": "", "one/one/definitions.py": definitions,
        "two/pyproject.toml": project.format("two"), "two/two/__init__.py": "", "two/two/definitions.py": definitions,
    })
    assert len(workspace.locations) == 2 and not workspace.discovery.workspace
    assert codes(workspace) == []


def test_a_module_level_defs_folder_loader_is_the_definitions(tmp_path: Path) -> None:
    workspace = analyze(tmp_path, {
        "pyproject.toml": '[tool.dg.project]\nroot_module = "proj"\n',
        "proj/__init__.py": "",
        "proj/definitions.py": "from pathlib import Path\nimport dagster as dg\n\ndefs = dg.load_from_defs_folder(path_within_project=Path(__file__).parent)\n",
        "proj/defs/__init__.py": "",
        "proj/defs/sales.py": ASSETS,
        "proj/other.py": "import dagster as dg\n\n@dg.asset\ndef orders():\n    return 3\n",
    })
    assert workspace.unloaded_files() == ["proj/other.py"]
    assert {a.key for a in workspace.assets if a.location} == {("orders",), ("revenue",)} and codes(workspace) == []


def test_missing_upstream_suggests_keys_of_its_own_location_only_and_never_itself(tmp_path: Path) -> None:
    # realworld #1: `invoices` lives in another location; `basket_alert` would be the dependent itself
    workspace = analyze(tmp_path, {
        "workspace.yaml": "load_from:\n  - python_file: {relative_path: shop.py, location_name: shop}\n  - python_file: {relative_path: etl.py, location_name: etl}\n",
        "shop.py": "import dagster as dg\n\n@dg.asset\ndef invoices():\n    return 1\n",
        "etl.py": (
            "import dagster as dg\n\n@dg.asset\ndef stg_order():\n    return 1\n\n"
            "@dg.asset(deps=['stg_invoices', 'stg_orders'])\ndef monthly_invoices():\n    return 1\n\n"
            "@dg.asset(deps=['monthly_invoice'])\ndef monthly_invoicez():\n    return 1\n"
        ),
    })
    found = {d.data[0][1]: d for d in run_rules(workspace) if d.code == "AL002"}
    assert set(found) == {("stg_invoices",), ("stg_orders",), ("monthly_invoice",)}
    assert dict(found[("stg_invoices",)].data)["suggestions"] == () and "invoices`?" not in found[("stg_invoices",)].message
    assert not any("invoices" in fix.title for fix in found[("stg_invoices",)].fixes if fix.safe)
    assert dict(found[("stg_orders",)].data)["suggestions"] == (("stg_order",),)
    assert [fix.safe for fix in found[("stg_orders",)].fixes if "Replace" in fix.title] == [True]
    # the closest spelling of `monthly_invoice` is `monthly_invoicez`, the dependent itself: never offered
    assert dict(found[("monthly_invoice",)].data)["suggestions"] == (("monthly_invoices",),)


def test_materialize_a_key_of_two_locations_asks_for_one(tmp_path: Path) -> None:
    write_files(tmp_path, {
        "workspace.yaml": "load_from:\n  - python_file: {relative_path: one.py, location_name: one}\n  - python_file: {relative_path: two.py, location_name: two}\n",
        "one.py": "import dagster as dg\n\n@dg.asset\ndef orders():\n    return 1\n\n@dg.asset\ndef rev(orders):\n    return orders\n",
        "two.py": "import dagster as dg\n\n@dg.asset\ndef orders():\n    return 2\n",
    })
    command = [str(Path(sys.executable).parent / "assetlens"), "materialize", "--format", "json"]

    def materialize(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*command, *args], cwd=tmp_path, capture_output=True, text=True, timeout=120)

    for args in (("orders",), ("rev", "--upstream")):
        done = materialize(*args)
        assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
        assert "several code locations (one, two)" in done.stderr and "--location NAME" in done.stderr
    assert "no code location 'three'" in materialize("orders", "--location", "three").stderr
    done = materialize("rev", "--upstream", "--location", "one")
    assert done.returncode == 0, done.stderr
    assert sorted(tuple(k) for k in json.loads(done.stdout)["materialized"]) == [("orders",), ("rev",)]


def test_workspace_yaml_locations_get_the_defs_folder_their_definitions_load() -> None:
    # realworld #5: `load_defs(defs_root=pkg.defs)` over a YAML component; two scaffolded dg projects
    # (`load_from_defs_folder(path_within_project=Path(__file__).parent)`) named by a workspace.yaml
    from assetlens.analyzer.workspace import analyze_workspace

    workspace = analyze_workspace(FIXTURES / "workspace_load_defs_component", use_cache=False)
    assert sorted((a.location, a.key) for a in workspace.assets) == [("ops", ("price_report",)), ("ops", ("pulled_prices",))]
    assert codes(workspace) == []
    workspace = analyze_workspace(FIXTURES / "workspace_dg_projects", use_cache=False)
    located = sorted((a.location, a.key) for a in workspace.assets)
    assert located == sorted((location, (key,)) for location in ("course_advanced.definitions", "course_basics.definitions")
                             for key in ("ride_files", "rides"))
    assert [code for code, _ in codes(workspace)] == ["AL007"] * 4


def test_defs_folder_modules_with_definitions_are_loaded_through_them_alone() -> None:
    # realworld #3 (a), (b): Dagster's PythonFileComponent and legacy load_defs keyword files
    from assetlens.analyzer.workspace import analyze_workspace

    workspace = analyze_workspace(FIXTURES / "defs_folder_definitions_py", use_cache=False)
    graph = {(a.key, a.group, tuple(d.key for d in a.deps)) for a in workspace.assets if a.location}
    assert graph == {(("RAW", "accounts"), "raw", ()), (("RAW", "payments"), "raw", (("RAW", "accounts"),)),
                     (("payment_report",), "default", (("RAW", "payments"),))}
    assert codes(workspace) == []
    workspace = analyze_workspace(FIXTURES / "defs_module_hides_loose_assets", use_cache=False)
    assert sorted(a.key for a in workspace.assets if a.location) == [("order_report",)]
    assert codes(workspace) == [("AL002", "src/shop/defs/reports.py")]


def test_an_unused_loader_call_does_not_regroup_in_the_implicit_location(tmp_path: Path) -> None:
    # realworld #12: Dagster's loaders return new definitions; the @repository hands over the originals
    workspace = analyze(tmp_path, {
        "shop/__init__.py": "",
        "shop/sales.py": (
            "import dagster as dg\n\n@dg.asset\ndef sales():\n    return 5\n\n@dg.asset\ndef sales_report(sales):\n    return sales\n\n"
            "grouped_sales = dg.load_assets_from_current_module(group_name='finance')\n"
        ),
        "shop/definitions.py": "import dagster as dg\nfrom shop.sales import sales, sales_report\n\n@dg.repository\ndef shop_repo():\n    return [sales, sales_report]\n",
        "other/__init__.py": "",
        "other/things.py": "import dagster as dg\n\n@dg.asset\ndef thing():\n    return 1\n",
        "other/defs.py": "import dagster as dg\nfrom other import things\ndefs = dg.Definitions(assets=dg.load_assets_from_modules([things], group_name='used'))\n",
    })
    assert workspace.discovery.implicit
    assert sorted((a.key, a.group) for a in workspace.assets) == [
        (("sales",), "default"), (("sales_report",), "default"), (("thing",), "used")]
