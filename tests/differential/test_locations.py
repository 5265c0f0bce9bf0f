"""Code locations, differentially: for every project layout under tests/fixtures/locations/, real
Dagster loads every location (tests/differential/dagster_locations.py: Dagster's own workspace,
pyproject and dg readers, each location in its own process with its `.env`), and the analyzer must
find the same locations with the same keys, deps and groups in each — from source alone, with the
project root found upward from anywhere inside the project.

Layouts: a workspace.yaml with two python_module locations and a python_file one (`workspace_two`),
a dg workspace with two src-layout projects and defs folders (`dg_workspace`), dagster_cloud.yaml
with a package and a file (`cloud`), a course repository with completed lesson copies that no
Definitions loads (`lessons`), a @repository returning `AssetsDefinition.from_graph(...)`
(`repository`), keys that depend on the environment with and without a `.env`
(`env_with_dotenv`, `env_without_dotenv`), a workspace.yaml location whose Definitions call
`load_defs(defs_root=pkg.defs)` over a YAML component (`workspace_load_defs_component`), a workspace.yaml
naming two scaffolded `dg` projects (`workspace_dg_projects`), Dagster's per-module rules of defs
folders: a module with a `Definitions`/`@definitions` is loaded through it alone
(`defs_module_hides_loose_assets`), legacy `load_defs(module)` loads a folder holding `definitions.py`
through that file alone (`defs_folder_definitions_py`), two workspace.yaml locations picking one
object each of a module holding two Definitions and a @repository by `attribute` (`workspace_attribute`).
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from assetlens.analyzer.config import find_project_root
from assetlens.analyzer.diagnostics import run_rules
from assetlens.analyzer.workspace import analyze_workspace

sys.path.insert(0, str(Path(__file__).parent))
from dagster_locations import load_project  # noqa: E402

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "locations"
PROJECTS = sorted(folder.name for folder in FIXTURES.iterdir() if folder.is_dir())
# what the rules may report on each project (anything else is a false alarm)
EXPECTED_FINDINGS = {
    "workspace_two": {("AL007", "finance/finance/assets.py"), ("AL007", "sales/sales/assets.py")},
    # two dg projects declared by a workspace.yaml, both defining `ride_files` and `rides`
    "workspace_dg_projects": {("AL007", "course_basics/src/course_basics/defs/rides.py"),
                              ("AL007", "course_advanced/src/course_advanced/defs/rides.py")},
    # a defs module with a @definitions function is loaded through it alone: `clean_orders` is external
    "defs_module_hides_loose_assets": {("AL002", "src/shop/defs/reports.py")},
    # `attribute: prod` and `attribute: legacy` (a @repository) both load `orders`; `dev` is loaded by neither
    "workspace_attribute": {("AL007", "pipeline/assets.py")},
}


def _graph(assets: list[dict[str, Any]]) -> dict[tuple[str, ...], tuple[list[list[str]], str]]:
    return {tuple(a["key"]): (sorted(a["deps"]), a["group"]) for a in assets}


def _match(dagster: dict[str, Any], ours: dict[str, Any]) -> str | None:
    """Our location for a Dagster one: by name, else by folder (a dg project's location is named
    after its module by `dagster dev` and after the project by `dg`)."""
    if dagster["name"] in ours:
        return dagster["name"]
    same_folder = [name for name, location in ours.items() if location.root == dagster["working_directory"]]
    return same_folder[0] if len(same_folder) == 1 else None


@pytest.fixture(scope="module")
def ground_truth() -> dict[str, list[dict[str, Any]]]:
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(PROJECTS, pool.map(lambda name: load_project(FIXTURES / name), PROJECTS)))


@pytest.mark.slow  # one Dagster process per location (about two minutes in all on 2 busy cores)
@pytest.mark.parametrize("project", PROJECTS)
def test_every_location_has_the_graph_dagster_loads(project: str, ground_truth) -> None:
    workspace = analyze_workspace(FIXTURES / project, use_cache=False)
    ours = {location.name: location for location in workspace.locations}
    document = workspace.to_json()
    assert len(ground_truth[project]) == len(ours), (ground_truth[project], list(ours))
    for location in ground_truth[project]:
        name = _match(location, ours)
        assert name is not None, f"Dagster's location {location['name']} not found among {list(ours)}"
        mine = [a for a in document["assets"] if a["location"] == name]
        assert _graph(mine) == _graph(location["assets"]), f"location {name}"


@pytest.mark.parametrize("project", PROJECTS)
def test_every_finding_is_one_dagster_agrees_with(project: str) -> None:
    workspace = analyze_workspace(FIXTURES / project, use_cache=False)
    found = {(d.code, d.file) for d in run_rules(workspace) if d.severity in ("error", "warning")}
    assert found == EXPECTED_FINDINGS.get(project, set())


@pytest.mark.parametrize("project", PROJECTS)
def test_the_project_root_is_the_same_from_every_folder_inside(project: str) -> None:
    root = FIXTURES / project
    for folder in [root, *[p for p in root.rglob("*") if p.is_dir() and "__pycache__" not in p.parts]]:
        assert find_project_root(folder) == root, folder
    for file in root.rglob("*.py"):
        assert find_project_root(file) == root, file
