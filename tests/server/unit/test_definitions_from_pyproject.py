"""Which Definitions module a run uses, from pyproject.toml: odd shapes never raise (issue 13, item 6)."""
from __future__ import annotations

import pytest

from assetlens.server.run_planning import definitions_from_pyproject


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tool = 5", None),
        ("[tool]\ndagster = 5", None),
        ("[tool]\ndg = 'x'", None),
        ("[tool.dg]\nproject = 3", None),
        ("[tool.dg.project]\nroot_module = 5", None),
        ("[tool.dagster]\nmodule_name = 5", None),
        ("not toml [", None),
        ('[tool.dagster]\nmodule_name = "pipeline.defs"', "pipeline.defs"),
        ('[tool.dagster]\nmodule_name = "pipeline"\nattribute = "defs"', "pipeline:defs"),
    ],
)
def test_odd_pyproject_shapes_name_no_module_and_never_raise(tmp_path, text, expected):
    (tmp_path / "pyproject.toml").write_text(text)
    assert definitions_from_pyproject(tmp_path) == expected


def test_a_dg_project_names_its_definitions_module(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.dg.project]\nroot_module = "shop"\n')
    (tmp_path / "shop").mkdir()
    (tmp_path / "shop" / "definitions.py").write_text("")
    assert definitions_from_pyproject(tmp_path) == "shop.definitions"
