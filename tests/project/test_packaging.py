"""Packaging: one `assetlens` namespace, every sub-package listed, and a plain `pip install .` into a
fresh virtual environment gives a working `assetlens` command (not only the editable install)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = {"analyzer": "assetlens.analyzer", "server": "assetlens.server", "runtime": "assetlens.runtime", "cli": "assetlens.cli"}


def test_every_sub_package_is_listed_in_pyproject() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    listed = set(config["packages"])
    assert config["package-dir"] == {package: folder for folder, package in FOLDERS.items()}
    found = set()
    for folder, package in FOLDERS.items():
        for init in (ROOT / folder).rglob("__init__.py"):
            if "node_modules" in init.parts or "__pycache__" in init.parts:
                continue
            relative = init.parent.relative_to(ROOT / folder)
            found.add(".".join([package, *relative.parts]) if relative.parts else package)
    assert found == listed, f"missing from pyproject: {sorted(found - listed)}; listed but absent: {sorted(listed - found)}"


@pytest.mark.slow
def test_plain_pip_install_into_a_fresh_venv(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    environment = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(ROOT)],
        capture_output=True, text=True, env=environment, timeout=900,
    )
    assert install.returncode == 0, install.stdout + install.stderr
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    for generic in ("analyzer", "server", "runtime", "cli"):
        assert not (site / generic).exists(), f"a generic top-level package {generic!r} landed in site-packages"
    assert (site / "assetlens" / "analyzer" / "workspace.py").is_file()
    command = venv / "bin" / "assetlens"
    workdir = tmp_path / "elsewhere"  # not the source tree: nothing may be imported from it
    workdir.mkdir()
    version = subprocess.run([str(command), "--version"], capture_output=True, text=True, cwd=workdir, env=environment)
    assert version.returncode == 0 and version.stdout.startswith("assetlens "), version.stderr
    graph = subprocess.run([str(command), "graph", str(ROOT / "examples" / "shop"), "--format", "json"],
                           capture_output=True, text=True, cwd=workdir, env=environment, timeout=300)
    assert graph.returncode == 0, graph.stderr
    assets = json.loads(graph.stdout)["assets"]
    assert len(assets) >= 20 and all(asset["resolved"] for asset in assets)
    check = subprocess.run([str(command), "check", str(ROOT / "examples" / "shop")], capture_output=True, text=True,
                           cwd=workdir, env=environment, timeout=300)
    assert check.returncode == 0, check.stdout + check.stderr


def test_license_is_an_spdx_expression() -> None:
    """`license = { text = ... }` is deprecated (a warning on every install): PEP 639's SPDX string."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert config["project"]["license"] == "Apache-2.0"
    assert any(r.replace(" ", "").startswith("setuptools>=77") for r in config["build-system"]["requires"])


@pytest.mark.slow
def test_the_wheel_builds_without_deprecation_warnings_and_declares_its_license(tmp_path: Path) -> None:
    import zipfile

    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--disable-pip-version-check", "-v", "-w", str(tmp_path), str(ROOT)],
        capture_output=True, text=True, timeout=900,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    log = built.stdout + built.stderr
    assert "SetuptoolsDeprecationWarning" not in log and "License classifiers are deprecated" not in log
    [wheel] = tmp_path.glob("assetlens-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        metadata = next(archive.read(n).decode() for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
    assert "License-Expression: Apache-2.0" in metadata.splitlines()
