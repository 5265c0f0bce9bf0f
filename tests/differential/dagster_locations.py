"""Load every code location of a project with real Dagster and print each one's asset graph.

The ground truth of the code-location tests (tests/differential/test_locations.py): which locations a
project has, and what each one's Definitions loads, as Dagster finds them — never as assetlens does.

    .venv/bin/python tests/differential/dagster_locations.py PROJECT            # list the locations
    .venv/bin/python tests/differential/dagster_locations.py PROJECT --load N   # load location N

Locations come from Dagster's own readers: `workspace.yaml` through `WorkspaceFileTarget`, a
`pyproject.toml` with `[tool.dagster]`/`[tool.dg.project]` through `get_origins_from_toml` (run from
that folder, as `dagster dev` is), a `dg.toml` workspace's `[[workspace.projects]]` likewise per
project. `dagster_cloud.yaml` is read here (its format is dagster-cloud's, which is not installed):
each entry's `code_source` becomes the same kind of load target `workspace.yaml` would give.

A src-layout project's `src/` is put on `sys.path` too (such projects are installed into their
environment). Each location loads in a fresh subprocess (locations may share module names), from its working
directory, with that folder's `.env` loaded first (python-dotenv, as `dagster dev` and `dg` do). What
Dagster finds there (a Definitions, `@definitions`, a repository, or a module's assets) becomes a
RepositoryDefinition through Dagster's own `repository_def_from_target_def`; printed per asset: key,
deps (parent keys; auto-created stubs for undefined deps are left out as keys), group.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

STUB_METADATA_KEY = "dagster/auto_created_stub_asset"


def _origin_entry(origin: Any) -> dict[str, Any]:
    target = origin.loadable_target_origin
    return {
        "name": origin.location_name,
        "python_file": target.python_file,
        "module_name": target.module_name,
        "package_name": target.package_name,
        "autoload_defs_module_name": getattr(target, "autoload_defs_module_name", None),
        "attribute": target.attribute,
        "working_directory": target.working_directory,
    }


def _toml_origins(folder: Path) -> list[dict[str, Any]]:
    from dagster._core.workspace.load_target import get_origins_from_toml

    previous = os.getcwd()
    os.chdir(folder)  # Dagster takes the working directory from where it runs
    try:
        return [_origin_entry(origin) for origin in get_origins_from_toml(str(folder / "pyproject.toml"))]
    finally:
        os.chdir(previous)


def list_locations(project: Path) -> list[dict[str, Any]]:
    import tomllib

    import yaml

    for name in ("workspace.yaml", "workspace.yml"):
        if (project / name).is_file():
            from dagster._core.workspace.load_target import WorkspaceFileTarget

            previous = os.getcwd()
            os.chdir(project)
            try:
                return [_origin_entry(o) for o in WorkspaceFileTarget(paths=[str(project / name)]).create_origins()]
            finally:
                os.chdir(previous)
    if (project / "dagster_cloud.yaml").is_file():
        data = yaml.safe_load((project / "dagster_cloud.yaml").read_text())
        entries = []
        for location in data["locations"]:
            code = location.get("code_source", {})
            working = project / location.get("working_directory", location.get("build", {}).get("directory", "."))
            entries.append({
                "name": location["location_name"], "python_file": str(working / code["python_file"]) if "python_file" in code else None,
                "module_name": code.get("module_name"), "package_name": code.get("package_name"),
                "autoload_defs_module_name": None, "attribute": None, "working_directory": str(working.resolve()),
            })
        return entries
    if (project / "dg.toml").is_file():
        data = tomllib.loads((project / "dg.toml").read_text())
        entries = []
        for entry in data["workspace"]["projects"]:
            entries += _toml_origins((project / entry["path"]).resolve())
        return entries
    return _toml_origins(project)


def load_location(entry: dict[str, Any]) -> list[dict[str, Any]]:
    """In this (fresh) process: import the location as Dagster does and return its assets."""
    warnings.simplefilter("ignore")
    from dotenv import dotenv_values

    working = entry["working_directory"]
    os.chdir(working)
    os.environ.update({k: v for k, v in dotenv_values(Path(working) / ".env").items() if v is not None})
    sys.path.insert(0, working)
    if (Path(working) / "src").is_dir():  # a src-layout project is installed (`uv sync`/`pip install -e`)
        sys.path.insert(1, str(Path(working) / "src"))  # index 0 is removed by Dagster's loader
    from dagster._core.definitions.reconstruct import repository_def_from_target_def
    from dagster._core.workspace import autodiscovery

    attribute = entry["attribute"]
    if attribute:  # Dagster loads that one object (a Definitions, a repository...) of the file or module
        from dagster._core.code_pointer import CodePointer

        if entry["python_file"]:
            pointer = CodePointer.from_python_file(entry["python_file"], attribute, working)
        elif entry["module_name"]:
            pointer = CodePointer.from_module(entry["module_name"], attribute, working)
        else:
            pointer = CodePointer.from_python_package(entry["package_name"], attribute, working)
        return _assets_of(repository_def_from_target_def(pointer.load_target()))
    if entry["python_file"]:
        targets = autodiscovery.loadable_targets_from_python_file(entry["python_file"], working)
    elif entry["module_name"]:
        targets = autodiscovery.loadable_targets_from_python_module(entry["module_name"], working)
    elif entry["package_name"]:
        targets = autodiscovery.loadable_targets_from_python_package(entry["package_name"], working)
    else:
        targets = [autodiscovery.autodefs_module_target(entry["autoload_defs_module_name"], working)]
    if len(targets) != 1:
        raise SystemExit(f"{len(targets)} loadable targets in location {entry['name']}")
    return _assets_of(repository_def_from_target_def(targets[0].target_definition))


def _assets_of(repository: Any) -> list[dict[str, Any]]:
    graph = repository.asset_graph
    assets = []
    for node in graph.asset_nodes:
        if node.to_asset_spec().metadata.get(STUB_METADATA_KEY):
            continue
        assets.append({
            "key": list(node.key.path),
            "deps": sorted(list(parent.path) for parent in node.parent_keys),
            "group": node.group_name,
        })
    return sorted(assets, key=lambda a: a["key"])


def load_project(project: Path, python: str = sys.executable) -> list[dict[str, Any]]:
    """Every location ({"name", "working_directory" (relative to the project), "assets"}), each loaded
    in its own subprocess (in parallel)."""
    from concurrent.futures import ThreadPoolExecutor

    listed = subprocess.run([python, __file__, str(project)], capture_output=True, text=True, timeout=300)
    if listed.returncode != 0:
        raise RuntimeError(f"dagster could not list the locations of {project}:\n{listed.stderr[-3000:]}")
    entries = json.loads(listed.stdout)

    def load(number: int) -> dict[str, Any]:
        entry = entries[number]
        done = subprocess.run([python, __file__, str(project), "--load", str(number)], capture_output=True, text=True, timeout=300)
        if done.returncode != 0:
            raise RuntimeError(f"dagster could not load location {entry['name']}:\n{done.stderr[-3000:]}")
        working = Path(entry["working_directory"]).relative_to(project).as_posix()
        return {"name": entry["name"], "working_directory": "" if working == "." else working, "assets": json.loads(done.stdout)}

    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(load, range(len(entries))))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--load", type=int, help="load the N-th location")
    args = parser.parse_args()
    project = args.project.resolve()
    warnings.simplefilter("ignore")
    entries = list_locations(project)
    for entry in entries:  # Dagster keeps a workspace file's working_directory relative to that file
        entry["working_directory"] = str((project / (entry["working_directory"] or ".")).resolve())
    if args.load is None:
        print(json.dumps(entries))
        return 0
    print(json.dumps(load_location(entries[args.load])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
