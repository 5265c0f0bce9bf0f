"""`[tool.assetlens]` settings: parsing, validation messages that name the key, globs, project roots."""
from __future__ import annotations

import re

import pytest

from assetlens.analyzer.config import ConfigError, Settings, find_project_root, glob_matches, load_settings, settings_from_mapping


def test_full_table_in_kebab_case(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        "[tool.assetlens]\n"
        "include = ['src/**/*.py']\nexclude = ['tests/']\nselect = ['AL00']\nignore = ['al006']\nbase = 'origin/main'\n"
        "[tool.assetlens.per-file-ignores]\n'legacy/*.py' = ['AL002']\n"
        "[tool.assetlens.severity]\nAL002 = 'information'\n"
    )
    settings = load_settings(tmp_path)
    assert settings.include == ("src/**/*.py",) and settings.exclude == ("tests/",)
    assert settings.enabled_codes() == {"AL000", "AL001", "AL002", "AL003", "AL004", "AL005", "AL007"}
    assert settings.base == "origin/main"
    assert settings.ignored_in_file("legacy/old.py") == {"AL002"} and settings.ignored_in_file("new/old.py") == set()
    assert settings.severity == (("AL002", "info"),)


def test_language_server_settings_in_camel_case():
    settings = settings_from_mapping({"select": [], "ignore": ["AL006"], "perFileIgnores": {"a.py": ["AL001"]}, "baseRef": "main"})
    assert "AL006" not in settings.enabled_codes() and settings.ignored_in_file("a.py") == {"AL001"}
    assert settings.base == "main"


def test_no_table_means_defaults(tmp_path):
    assert load_settings(tmp_path) == Settings()
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    assert load_settings(tmp_path).enabled_codes() == Settings().enabled_codes()


@pytest.mark.parametrize(
    "table, message",
    [
        ({"exclude": "tests"}, "exclude: expected a list of strings"),
        ({"per-file-ignores": ["a"]}, "per-file-ignores: expected a table"),
        ({"per-file-ignores": {"a.py": ["NOPE"]}}, "per-file-ignores.'a.py': unknown rule code `NOPE`"),
        ({"severity": {"AL999": "error"}}, "severity.AL999: unknown rule code"),
        ({"base": ""}, "base: expected a non-empty string"),
        ({"ignores": ["AL001"]}, "unknown key `ignores` (did you mean `ignore`?)"),
    ],
)
def test_invalid_values_name_the_key(table, message):
    with pytest.raises(ConfigError, match=re.escape(message)):
        settings_from_mapping(table, source="pyproject.toml")


@pytest.mark.parametrize(
    "pattern, path, matches",
    [
        ("*.py", "a/b/c.py", True),
        ("a/*.py", "a/b/c.py", False),
        ("a/**/*.py", "a/b/c.py", True),
        ("a/**/*.py", "a/c.py", True),
        ("tests/", "tests/x/y.py", True),
        ("tests", "tests/x/y.py", True),
        ("legacy_*.py", "pkg/legacy_1.py", True),
        ("pkg/legacy_?.py", "pkg/legacy_10.py", False),
    ],
)
def test_globs(pattern, path, matches):
    assert glob_matches(pattern, path) is matches


def test_project_root_is_the_nearest_assetlens_table(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.assetlens]\n")
    (tmp_path / "pkg" / "sub").mkdir(parents=True)
    (tmp_path / "pkg" / "sub" / "a.py").write_text("")
    assert find_project_root(tmp_path / "pkg" / "sub" / "a.py") == tmp_path
    assert find_project_root(tmp_path / "pkg") == tmp_path
    other = tmp_path.parent / (tmp_path.name + "-plain")
    (other / "x").mkdir(parents=True)
    (other / "pyproject.toml").write_text("[project]\nname='p'\n")
    (other / "x" / "b.py").write_text("")
    assert find_project_root(other / "x" / "b.py") == other  # a file: nearest pyproject.toml
    assert find_project_root(other / "x") == other  # a folder: found upward too (issue 9: same root from anywhere)
