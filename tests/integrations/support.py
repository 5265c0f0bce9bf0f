"""Shared helpers: fixture folders, `dbt parse` into a copy, and the real integrations' keys."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "integrations"
DBT_SHOP = FIXTURES / "dbt_shop"
SLING = FIXTURES / "sling"
COMPONENTS = FIXTURES / "components_project"


def dbt_parse(project: Path) -> Path:
    """Run the real `dbt parse` (offline) in `project`; returns target/manifest.json."""
    dbt = Path(sys.executable).parent / "dbt"
    env = {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false", "DO_NOT_TRACK": "1"}
    result = subprocess.run([str(dbt), "parse", "--profiles-dir", str(project), "--project-dir", str(project)],
                            capture_output=True, text=True, cwd=project, env=env, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    manifest = project / "target" / "manifest.json"
    assert manifest.is_file()
    return manifest


def copy_tree(source: Path, target: Path) -> Path:
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("target", "*.duckdb", "logs", "__pycache__"))
    return target


def run_json(script: str, *args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> dict:
    """Run `script` with the test interpreter in a fresh process; its stdout is JSON."""
    quiet = {"DBT_SEND_ANONYMOUS_USAGE_STATS": "false", "DO_NOT_TRACK": "1"}  # no network from dbt
    result = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, cwd=cwd,
                            env={**os.environ, **quiet, **(env or {})}, timeout=600)
    assert result.returncode == 0, result.stderr[-4000:]
    return json.loads(result.stdout)


def summary(facts) -> dict[str, dict]:
    """key -> {deps, group} of resolved facts (the shape the real side prints)."""
    out = {}
    for fact in facts:
        if fact.key is None:
            continue
        out["/".join(fact.key)] = {"deps": sorted("/".join(dep.key) for dep in fact.deps if dep.key is not None),
                                   "group": fact.group}
    return out


REAL_DBT = r"""
import json, sys, warnings
warnings.filterwarnings("ignore")
from pathlib import Path
import dagster as dg
from dagster_dbt import DbtCliResource, DbtProject, dbt_assets

folder = Path(sys.argv[1])
cases = json.loads(sys.argv[2])
project = DbtProject(project_dir=folder)
out = []
for index, (select, exclude) in enumerate(cases):
    @dbt_assets(manifest=project.manifest_path, project=project, select=select, exclude=exclude, name=f"shop_{index}")
    def shop(context: dg.AssetExecutionContext, dbt: DbtCliResource): ...

    defs = dg.Definitions(assets=[shop], resources={"dbt": DbtCliResource(project_dir=folder, dbt_executable=str(Path(sys.executable).parent / "dbt"))})
    graph = defs.resolve_asset_graph()
    result = {}
    for spec in shop.specs:
        node = graph.get(spec.key)
        result["/".join(spec.key.path)] = {"deps": sorted("/".join(p.path) for p in node.parent_keys), "group": node.group_name}
    out.append(result)
print(json.dumps(out))
"""

REAL_SLING = r"""
import json, sys, warnings
warnings.filterwarnings("ignore")
import dagster as dg
from dagster_sling import SlingResource, sling_assets

@sling_assets(replication_config=sys.argv[1])
def replication(context: dg.AssetExecutionContext, sling: SlingResource): ...

defs = dg.Definitions(assets=[replication], resources={"sling": SlingResource(connections=[])})
graph = defs.resolve_asset_graph()
out = {}
for spec in replication.specs:
    node = graph.get(spec.key)
    out["/".join(spec.key.path)] = {"deps": sorted("/".join(p.path) for p in node.parent_keys), "group": node.group_name}
print(json.dumps(out))
"""

# argv: the project folder (src layout), the root package whose `definitions` module holds `defs`
REAL_PROJECT = r"""
import importlib, json, os, sys, warnings
warnings.filterwarnings("ignore")
from pathlib import Path
root = Path(sys.argv[1])
sys.path.insert(0, str(root / "src"))
os.chdir(root)
import dagster as dg
defs = importlib.import_module(sys.argv[2] + ".definitions").defs
while not isinstance(defs, dg.Definitions):
    defs = defs()
graph = defs.resolve_asset_graph()
out = {}
for key in graph.get_all_asset_keys():
    node = graph.get(key)
    if node.is_materializable:
        out["/".join(key.path)] = {"deps": sorted("/".join(p.path) for p in node.parent_keys), "group": node.group_name}
print(json.dumps(out))
"""
