"""Which files make up a workspace (git's view of .gitignore inside a repository, the root .gitignore
outside one, exclude/include globs, virtual environments and caches skipped) and the dotted module
name of each file (packages, namespace packages, src layouts)."""
from __future__ import annotations

from pathlib import Path

import pytest

from assetlens.analyzer.extract import ModuleIndex
from assetlens.analyzer.project import discover_files, module_name

from .support import analyze, git, write_files

ASSET = "from dagster import asset\n\n@asset\ndef {name}():\n    return 1\n"


def tree(root: Path, paths: list[str]) -> Path:
    write_files(root, {path: ASSET.format(name=Path(path).stem.replace("-", "_").replace("__init__", "init")) for path in paths})
    return root


def test_inside_git_ignored_files_are_left_out_and_untracked_ones_kept(tmp_path: Path) -> None:
    root = tree(tmp_path / "repo", ["tracked.py", "pkg/__init__.py", "pkg/module.py", "generated/out.py", "scratch_local.py", "sub/kept.py", "sub/secret.py", "gone.py"])
    write_files(root, {".gitignore": "generated/\n*_local.py\n", "sub/.gitignore": "secret.py\n"})
    git(root, "init", "-q")
    git(root, "add", "tracked.py", "pkg", ".gitignore", "sub/.gitignore", "gone.py")
    git(root, "commit", "-q", "-m", "first")
    (root / "gone.py").unlink()  # tracked but deleted in the working tree
    (root / "untracked.py").write_text(ASSET.format(name="untracked"), encoding="utf-8")

    assert discover_files(root) == ["pkg/__init__.py", "pkg/module.py", "sub/kept.py", "tracked.py", "untracked.py"]


def test_inside_git_virtual_environments_and_caches_are_skipped_even_when_not_ignored(tmp_path: Path) -> None:
    root = tree(tmp_path / "repo", ["app.py", ".venv/lib/python3.11/site-packages/dep.py", "__pycache__/app.py", "node_modules/x/tool.py", "venv/bin/activate_this.py"])
    git(root, "init", "-q")
    assert discover_files(root) == ["app.py"]


def test_a_workspace_in_a_subfolder_of_a_repository_lists_paths_relative_to_it(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    tree(repo, ["outside.py", "project/assets.py", "project/pkg/__init__.py"])
    git(repo, "init", "-q")
    assert discover_files(repo / "project") == ["assets.py", "pkg/__init__.py"]


def test_a_workspace_ignored_by_its_enclosing_repository_is_still_analysed(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    tree(repo, ["top.py", "ignored_area/project/assets.py"])
    write_files(repo, {".gitignore": "ignored_area/\n"})
    git(repo, "init", "-q")
    assert discover_files(repo / "ignored_area" / "project") == ["assets.py"]


def test_outside_git_the_root_gitignore_and_skipped_folders_are_honoured(tmp_path: Path) -> None:
    root = tree(
        tmp_path / "plain",
        [
            "assets.py",
            "pkg/module.py",
            "build_output/gen.py",
            "notes/draft_local.py",
            "env/lib/site.py",
            ".venv/lib/dep.py",
            ".hidden/tool.py",
            "__pycache__/assets.py",
            "node_modules/pkg/tool.py",
        ],
    )
    write_files(root, {".gitignore": "# comment\n/build_output/\n*_local.py\n", "env/pyvenv.cfg": "home = /usr/bin\n"})
    assert discover_files(root) == ["assets.py", "pkg/module.py"]


@pytest.mark.parametrize(
    "exclude, include, expected",
    [
        (["tests/"], [], ["app/assets.py", "app/gen_orders.py", "legacy/old.py", "legacy/sub/older.py"]),
        (["**/gen_*.py"], [], ["app/assets.py", "legacy/old.py", "legacy/sub/older.py", "tests/test_assets.py"]),
        (["gen_*.py", "tests"], [], ["app/assets.py", "legacy/old.py", "legacy/sub/older.py"]),
        (["legacy/"], ["app/*.py", "legacy/*.py"], ["app/assets.py", "app/gen_orders.py"]),
        ([], ["app/**"], ["app/assets.py", "app/gen_orders.py"]),
    ],
)
def test_exclude_and_include_globs(tmp_path: Path, exclude: list[str], include: list[str], expected: list[str]) -> None:
    root = tree(tmp_path / "plain", ["app/assets.py", "app/gen_orders.py", "legacy/old.py", "legacy/sub/older.py", "tests/test_assets.py"])
    assert discover_files(root, exclude, include) == expected
    workspace = analyze(root, exclude=exclude, include=include)
    assert workspace.files == expected


def test_exclude_globs_follow_the_documented_settings_semantics(tmp_path: Path) -> None:
    root = tree(tmp_path / "plain", ["legacy/old.py", "legacy/sub/older.py"])
    assert discover_files(root, ["legacy/*.py"]) == ["legacy/sub/older.py"]


def test_tracked_source_in_a_folder_named_build_is_analysed(tmp_path: Path) -> None:
    root = tree(tmp_path / "repo", ["pipelines/build/orders.py"])
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "first")
    assert discover_files(root) == ["pipelines/build/orders.py"]


@pytest.mark.parametrize(
    "relpath, files, expected",
    [
        ("assets.py", [], ("assets", False)),
        ("pkg/__init__.py", ["pkg/__init__.py"], ("pkg", True)),
        ("pkg/sub/mod.py", ["pkg/__init__.py", "pkg/sub/__init__.py"], ("pkg.sub.mod", False)),
        ("src/proj/assets.py", ["src/proj/__init__.py"], ("proj.assets", False)),
        ("src/proj/sub/__init__.py", ["src/proj/__init__.py", "src/proj/sub/__init__.py"], ("proj.sub", True)),
        ("scripts/tool.py", [], ("tool", False)),
        ("ns/inner/mod.py", ["ns/inner/__init__.py"], ("inner.mod", False)),
    ],
)
def test_module_names(relpath: str, files: list[str], expected: tuple[str, bool]) -> None:
    existing = {relpath, *files}
    assert module_name(Path("/nonexistent"), relpath, existing) == expected


def test_namespace_and_src_layout_modules_can_be_found_by_their_import_names(tmp_path: Path) -> None:
    files = ["src/proj/__init__.py", "src/proj/assets.py", "ns/inner/__init__.py", "ns/inner/mod.py", "top.py"]
    index = ModuleIndex(tmp_path, files, lambda path: b"")
    def resolved_name(name: str) -> str | None:
        path = index.resolve_module(name)
        return index.module_name_of(path) if path is not None else None

    assert resolved_name("proj.assets") == "proj.assets"
    assert resolved_name("ns.inner.mod") == "inner.mod"  # the namespace package's full name
    assert resolved_name("inner.mod") == "inner.mod"
    assert resolved_name("top") == "top"
    assert resolved_name("missing") is None


def test_a_file_given_as_the_root_analyses_its_folder(tmp_path: Path) -> None:
    root = tree(tmp_path / "plain", ["a.py", "b.py"])
    workspace = analyze(root / "a.py")
    assert workspace.root == root.resolve()
    assert workspace.files == ["a.py", "b.py"]
