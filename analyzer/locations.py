"""Code locations: the parts of a project that Dagster deploys, each with its own Definitions.

Discovered statically (nothing is imported) from, in this order of precedence:

1. `workspace.yaml` / `workspace.yml` at the project root: `load_from:` entries `python_file`,
   `python_module`, `python_package` (a string, or a mapping with `module_name`/`package_name`/
   `relative_path`, `attribute`, `working_directory`, `location_name`, `executable_path`);
2. `dagster_cloud.yaml`: `locations:` entries with `location_name`, `code_source`
   (`module_name`/`package_name`/`python_file`), `working_directory`;
3. a `dg` workspace (`dg.toml` or `[tool.dg]` with `directory_type = "workspace"`), whose
   `[[workspace.projects]] path = ...` are `dg` projects;
4. every `pyproject.toml` under the root with `[tool.dagster]` (`module_name` or `modules`,
   `code_location_name`) or a `[tool.dg.project]` table (`root_module`, `defs_module`,
   `code_location_target_module`, `code_location_name`, `autoload_defs`) — as `dagster dev` run from
   that folder would load it.

When nothing is found the project root is one implicit location (`Location.implicit` is True), which
loads every module (today's behaviour) — `locations_note` says so once.

The API other analyzer parts plug into (issue 10's YAML components, dbt and Sling):

    Location(name, root, import_roots, definitions_module, definitions_file, defs_folder, source,
             env, implicit)

- `root`: the location's folder, posix, relative to the project root ("" = the project root).
- `import_roots`: folders (relative to the project root) that are on `sys.path` when the location
  loads (`working_directory`, the src layout, the parent of a root package).
- `definitions_module` / `definitions_file`: what Dagster imports to find the Definitions.
- `defs_folder`: the folder `load_from_defs_folder`/`load_defs` walks (relative to the project
  root) when known: `[tool.dg.project] defs_module`, else `<root_module>/defs`. Integrations read
  `defs.yaml`/`component.yaml` under it.
- `env`: the location's environment as `dagster dev`/`dg` see it (`.env` in the location's root,
  then `[tool.assetlens.env]`), see `assetlens.analyzer.environment`.
- Externally produced asset facts (YAML components, dbt models, Sling streams) are added per
  location with `Workspace.add_external_assets(location_name, source, facts)`; the workspace treats
  them exactly as assets a Python module of that location defines (graph, rules, JSON, hover).
"""
from __future__ import annotations

import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from assetlens.analyzer.files import exists, is_dir, is_file, read_file, subfolders, visible_entries

WORKSPACE_FILES = ("workspace.yaml", "workspace.yml")
CLOUD_FILES = ("dagster_cloud.yaml", "dagster_cloud.yml")
SKIPPED = frozenset(
    {".git", ".hg", ".venv", "venv", ".tox", "node_modules", "__pycache__", "site-packages", ".assetlens",
     "build", "dist", ".eggs", ".mypy_cache", ".pytest_cache", ".ruff_cache"}
)
MAX_DEPTH = 6  # pyproject.toml files deeper than this under the root are not looked for


@dataclass(frozen=True)
class Location:
    """One code location (see the module docstring for each field)."""

    name: str
    root: str = ""
    import_roots: tuple[str, ...] = ("",)
    definitions_module: str | None = None
    definitions_file: str | None = None
    defs_folder: str | None = None
    source: str = "implicit"  # where it was declared: "workspace.yaml", "dagster_cloud.yaml", "pyproject.toml", ...
    env: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False)
    implicit: bool = False
    attribute: str | None = None  # workspace.yaml `attribute`: the one Definitions/repository to load

    def contains(self, file: str) -> bool:
        """Whether a project file lies under the location's folder."""
        return not self.root or file == self.root or file.startswith(self.root + "/")


@dataclass(frozen=True)
class Discovery:
    """Every location of a project, and what was noticed while reading the configuration."""

    locations: tuple[Location, ...]
    notes: tuple[str, ...] = ()
    # declared together (workspace.yaml, dagster_cloud.yaml, a dg workspace) and so deployed together;
    # False for projects found each in its own pyproject.toml (separate deployments)
    workspace: bool = False

    @property
    def implicit(self) -> bool:
        return len(self.locations) == 1 and self.locations[0].implicit


def discover_locations(root: Path) -> Discovery:
    """The code locations of the project at `root` (never raises: unreadable files become notes)."""
    from assetlens.analyzer.environment import location_env

    root = root.resolve()
    notes: list[str] = []
    found: list[Location] = []
    for reader in (_from_workspace_yaml, _from_cloud_yaml, _from_dg_workspace, _from_pyprojects):
        found = list(reader(root, notes))
        if found:
            break
    declared_together = reader is not _from_pyprojects
    if not found:
        return Discovery((Location(name=root.name or "project", source="implicit", implicit=True,
                                   import_roots=_default_import_roots(root, ""),
                                   env=location_env(root, ""), defs_folder=None),), tuple(notes))
    unique: dict[str, Location] = {}
    for location in found:
        name = location.name
        number = 2
        while name in unique:  # Dagster refuses duplicate location names; keep both, renamed
            name = f"{location.name}#{number}"
            number += 1
        defs_folder = location.defs_folder
        if defs_folder is None and location.source in ("workspace.yaml", "dagster_cloud.yaml"):
            defs_folder = _enclosing_dg_defs_folder(root, location, notes)
        unique[name] = _with(location, name=name, env=location_env(root, location.root), defs_folder=defs_folder)
    return Discovery(tuple(unique.values()), tuple(notes), declared_together)


def _enclosing_dg_defs_folder(root: Path, location: Location, notes: list[str]) -> str | None:
    """A workspace.yaml/dagster_cloud.yaml location inside a `dg` project: the project's defs folder, as
    `load_from_defs_folder(path_within_project=...)` finds it (the nearest pyproject.toml/dg.toml at
    or above the location's folder with `[tool.dg.project] root_module`)."""
    parts = location.root.split("/") if location.root else []
    for depth in range(len(parts), -1, -1):
        folder_rel = "/".join(parts[:depth])
        folder = root / folder_rel if folder_rel else root
        for name in ("dg.toml", "pyproject.toml"):
            path = folder / name
            if not _is_file(path):
                continue
            data = _read_toml(path, notes)
            tool = {"dg": data} if name == "dg.toml" else (data.get("tool") if isinstance(data, dict) else None)
            dg = tool.get("dg") if isinstance(tool, dict) else None
            project = dg.get("project") if isinstance(dg, dict) else None
            if isinstance(project, dict) and isinstance(project.get("root_module"), str):
                roots = tuple(dict.fromkeys((*location.import_roots, *_default_import_roots(root, folder_rel))))
                return _defs_folder(root, folder_rel, roots, project)
            if name == "pyproject.toml":
                return None  # the nearest project is no dg project
    return None


def _with(location: Location, **changes: Any) -> Location:
    from dataclasses import replace

    return replace(location, **changes)


# ------------------------------------------------------------------ readers
def _read_yaml(path: Path, notes: list[str]) -> Any:
    try:
        import yaml
    except ImportError:  # pragma: no cover - PyYAML is a dependency
        notes.append(f"{path.name}: PyYAML is not installed; the file was not read")
        return None
    try:
        return yaml.safe_load(read_file(path).decode("utf-8", errors="replace"))
    except Exception as error:  # noqa: BLE001 - any YAML problem is a note, never a crash
        notes.append(f"{path.name}: not valid YAML ({str(error).splitlines()[0]}); its code locations were not read")
        return None


def _read_toml(path: Path, notes: list[str]) -> dict[str, Any] | None:
    try:
        data = tomllib.loads(read_file(path).decode("utf-8", errors="replace"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        notes.append(f"{path}: not valid TOML ({error}); its code location was not read")
        return None
    return data if isinstance(data, dict) else None


def _relative(root: Path, folder: Path) -> str | None:
    try:
        relative = folder.resolve().relative_to(root)
    except (ValueError, OSError):
        return None
    text = relative.as_posix()
    return "" if text == "." else text


def _join(*parts: str) -> str:
    joined = PurePosixPath(*[p for p in parts if p]).as_posix() if any(parts) else ""
    return "" if joined == "." else joined


def _from_workspace_yaml(root: Path, notes: list[str]) -> Iterator[Location]:
    for name in WORKSPACE_FILES:
        path = root / name
        if is_file(path):
            data = _read_yaml(path, notes)
            entries = data.get("load_from") if isinstance(data, dict) else None
            if not isinstance(entries, list):
                if data is not None:
                    notes.append(f"{name}: no `load_from` list")
                return
            for entry in entries:
                location = _workspace_entry(root, root, entry, name, notes)
                if location is not None:
                    yield location
            return


def _workspace_entry(root: Path, base: Path, entry: Any, source: str, notes: list[str]) -> Location | None:
    if not isinstance(entry, dict) or len(entry) != 1:
        notes.append(f"{source}: unsupported `load_from` entry {entry!r}")
        return None
    (kind, value), = entry.items()
    if kind not in ("python_file", "python_module", "python_package"):
        notes.append(f"{source}: `{kind}` locations are not analysed (only python_file/python_module/python_package)")
        return None
    options: dict[str, Any] = value if isinstance(value, dict) else {}
    target = value if isinstance(value, str) else (
        options.get("relative_path") or options.get("python_file") if kind == "python_file"
        else options.get("module_name") if kind == "python_module" else options.get("package_name")
    )
    if not isinstance(target, str) or not target:
        notes.append(f"{source}: `{kind}` entry without a target")
        return None
    working = options.get("working_directory")
    working_rel = _relative(root, base / working) if isinstance(working, str) else None
    if kind == "python_file":
        file_rel = _relative(root, (base / working / target) if isinstance(working, str) and not exists(base / target) else base / target)
        if file_rel is None:
            notes.append(f"{source}: {target} is outside the project")
            return None
        folder = file_rel.rsplit("/", 1)[0] if "/" in file_rel else ""
        name = options.get("location_name") or Path(target).stem
        # Dagster runs a python_file location from its working_directory, else from the workspace
        # file's folder; the file's own folder is importable too (as for `python file.py`)
        location_root = working_rel if working_rel is not None else (_relative(root, base) or "")
        roots = tuple(dict.fromkeys([folder, location_root]))
        return Location(name=str(name), root=location_root, import_roots=roots,
                        definitions_file=file_rel, source=source, attribute=_string(options.get("attribute")))
    name = options.get("location_name") or target
    location_root = working_rel if working_rel is not None else _relative(root, base) or ""
    roots = (location_root,) if working_rel is not None else _default_import_roots(root, location_root)
    return Location(name=str(name), root=location_root, import_roots=roots, definitions_module=target,
                    source=source, attribute=_string(options.get("attribute")))


def _string(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _from_cloud_yaml(root: Path, notes: list[str]) -> Iterator[Location]:
    for name in CLOUD_FILES:
        path = root / name
        if not is_file(path):
            continue
        data = _read_yaml(path, notes)
        entries = data.get("locations") if isinstance(data, dict) else None
        if not isinstance(entries, list):
            return
        for entry in entries:
            if not isinstance(entry, dict):
                continue
            code = entry.get("code_source") if isinstance(entry.get("code_source"), dict) else {}
            build = entry.get("build") if isinstance(entry.get("build"), dict) else {}
            working = entry.get("working_directory")
            base_dir = build.get("directory") if isinstance(build.get("directory"), str) else None
            base = root / base_dir if base_dir else root
            options: dict[str, Any] = {"location_name": entry.get("location_name")}
            if isinstance(working, str):
                options["working_directory"] = working
            if code.get("python_file"):
                kind, options["relative_path"] = "python_file", code["python_file"]
            elif code.get("module_name"):
                kind, options["module_name"] = "python_module", code["module_name"]
            elif code.get("package_name"):
                kind, options["package_name"] = "python_package", code["package_name"]
            else:
                notes.append(f"{name}: location {entry.get('location_name')!r} has no code_source")
                continue
            location = _workspace_entry(root, base, {kind: options}, name, notes)
            if location is not None:
                if not isinstance(working, str) and base_dir:
                    rel = _relative(root, base) or ""
                    location = _with(location, root=rel, import_roots=_default_import_roots(root, rel))
                yield location
        return


def _dg_table(data: dict[str, Any], is_dg_toml: bool) -> dict[str, Any] | None:
    table = data if is_dg_toml else data.get("tool", {}).get("dg") if isinstance(data.get("tool"), dict) else None
    return table if isinstance(table, dict) else None


def _from_dg_workspace(root: Path, notes: list[str]) -> Iterator[Location]:
    for file_name, is_dg_toml in (("dg.toml", True), ("pyproject.toml", False)):
        path = root / file_name
        if not is_file(path):
            continue
        data = _read_toml(path, notes)
        table = _dg_table(data or {}, is_dg_toml)
        if not table or table.get("directory_type") != "workspace":
            continue
        workspace = table.get("workspace") if isinstance(table.get("workspace"), dict) else {}
        projects = workspace.get("projects")
        paths: list[str] = []
        if isinstance(projects, list):
            paths = [p.get("path") for p in projects if isinstance(p, dict) and isinstance(p.get("path"), str)]
        if not paths and is_dir(root / "projects"):  # `dg scaffold project` puts them there
            paths = [f"projects/{child.name}" for child in visible_entries(root / "projects") if is_file(child / "pyproject.toml")]
        for relative in paths:
            folder = root / relative
            location = _from_pyproject(root, folder / "pyproject.toml", notes)
            if location is None and is_file(folder / "dg.toml"):
                location = _from_pyproject(root, folder / "dg.toml", notes)
            if location is not None:
                yield location
            else:
                notes.append(f"{file_name}: project {relative} has no [tool.dg.project] or [tool.dagster] table")
        return


def _from_pyprojects(root: Path, notes: list[str]) -> Iterator[Location]:
    for path in _pyprojects(root):
        location = _from_pyproject(root, path, notes)
        if location is not None:
            yield location


def _is_file(path: Path) -> bool:
    try:
        return is_file(path)
    except OSError:  # an unreadable folder: nothing to find there
        return False


def _pyprojects(root: Path) -> Iterator[Path]:
    stack = [(root, 0)]
    while stack:
        folder, depth = stack.pop()
        for name in ("pyproject.toml", "dg.toml"):
            if _is_file(folder / name):
                yield folder / name
        if depth >= MAX_DEPTH:
            continue
        try:
            children = subfolders(folder)[::-1]
        except OSError:
            continue
        for child in children:
            if child.name in SKIPPED or child.name.startswith(".") or _is_file(child / "pyvenv.cfg"):
                continue
            stack.append((child, depth + 1))


def _from_pyproject(root: Path, path: Path, notes: list[str]) -> Location | None:
    if not _is_file(path):
        return None
    data = _read_toml(path, notes)
    if not data:
        return None
    folder_rel = _relative(root, path.parent)
    if folder_rel is None:
        return None
    tool = data.get("tool") if isinstance(data.get("tool"), dict) else {}
    if path.name == "dg.toml":
        tool = {"dg": data}
    project_name = data.get("project", {}).get("name") if isinstance(data.get("project"), dict) else None
    dagster = tool.get("dagster") if isinstance(tool.get("dagster"), dict) else {}
    dg = tool.get("dg") if isinstance(tool.get("dg"), dict) else {}
    dg_project = dg.get("project") if isinstance(dg.get("project"), dict) else {}
    import_roots = _default_import_roots(root, folder_rel)
    source = path.name if folder_rel == "" else f"{folder_rel}/{path.name}"
    module = dagster.get("module_name")
    if not isinstance(module, str) and isinstance(dagster.get("modules"), list):
        names = [m.get("name") for m in dagster["modules"] if isinstance(m, dict) and m.get("type") == "module"]
        module = next((n for n in names if isinstance(n, str)), None)
    if isinstance(module, str) and module:
        name = dagster.get("code_location_name") or module
        return Location(name=str(name), root=folder_rel, import_roots=import_roots, definitions_module=module,
                        source=source, defs_folder=_defs_folder(root, folder_rel, import_roots, dg_project))
    root_module = dg_project.get("root_module")
    if isinstance(root_module, str) and root_module:
        defs_module = dg_project.get("defs_module") or f"{root_module}.defs"
        target = dg_project.get("code_location_target_module") or f"{root_module}.definitions"
        name = dg_project.get("code_location_name") or project_name or root_module
        autoload = bool(dg_project.get("autoload_defs"))
        return Location(name=str(name), root=folder_rel, import_roots=import_roots,
                        definitions_module=None if autoload else str(target),
                        defs_folder=_module_folder(root, import_roots, str(defs_module)),
                        source=source)
    return None


def _defs_folder(root: Path, folder_rel: str, import_roots: tuple[str, ...], dg_project: dict[str, Any]) -> str | None:
    root_module = dg_project.get("root_module")
    if isinstance(root_module, str):
        return _module_folder(root, import_roots, str(dg_project.get("defs_module") or f"{root_module}.defs"))
    return None


def _module_folder(root: Path, import_roots: tuple[str, ...], module: str) -> str | None:
    """The folder of a dotted package name under one of the import roots (the first that exists;
    else under the first root)."""
    relative = module.replace(".", "/")
    for import_root in import_roots:
        candidate = _join(import_root, relative)
        if is_dir(root / candidate):
            return candidate
    return _join(import_roots[0], relative) if import_roots else relative


def _default_import_roots(root: Path, folder_rel: str) -> tuple[str, ...]:
    """Folders on `sys.path` for a location in `folder_rel`: its `src/` (src layout), the folder
    itself; a folder that is itself a package contributes its parent (Python imports it by name)."""
    roots: list[str] = []
    base = root / folder_rel if folder_rel else root
    package_dir = _setuptools_package_dir(base / "pyproject.toml")
    if package_dir:
        roots.append(_join(folder_rel, package_dir))
    if is_dir(base / "src") and not exists(base / "src" / "__init__.py"):
        roots.append(_join(folder_rel, "src"))
    if is_file(base / "__init__.py") and folder_rel:
        parent = folder_rel.rsplit("/", 1)[0] if "/" in folder_rel else ""
        roots.append(parent)
    roots.append(folder_rel)
    return tuple(dict.fromkeys(roots))


def _setuptools_package_dir(pyproject: Path) -> str | None:
    """`[tool.setuptools] package-dir = {"" = "lib"}`: the folder packages are found in."""
    if not _is_file(pyproject):
        return None
    data = _read_toml(pyproject, [])
    tool = data.get("tool") if isinstance(data, dict) else None
    setuptools = tool.get("setuptools") if isinstance(tool, dict) else None
    mapping = setuptools.get("package-dir") if isinstance(setuptools, dict) else None
    value = mapping.get("") if isinstance(mapping, dict) else None
    return value.strip("/") if isinstance(value, str) and value.strip("/") and ".." not in value else None


def locations_note(discovery: Discovery, unloaded: int) -> list[str]:
    """The information lines `check` prints once about locations."""
    lines = []
    if discovery.implicit:
        lines.append(
            "no code location found (no workspace.yaml, dagster_cloud.yaml, dg.toml, or pyproject.toml with "
            "[tool.dagster]/[tool.dg]): the project is analysed as one implicit code location"
        )
    elif unloaded:
        lines.append(
            f"{unloaded} module{'s' if unloaded != 1 else ''} with assets {'are' if unloaded != 1 else 'is'} loaded by no code location: "
            "analysed for hover and per-file rules, left out of every location's graph"
        )
    return lines
