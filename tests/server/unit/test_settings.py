"""Client settings: typed, camelCase on the wire, invalid values -> default and a warning naming the key."""
from __future__ import annotations

from pathlib import Path

from assetlens.server.rules import rule_settings
from assetlens.server.settings import ServerSettings, parse_settings


def test_defaults_when_nothing_is_given() -> None:
    for raw in (None, {}, {"unrelated": 1}):
        parsed = parse_settings(raw)
        assert parsed.settings == ServerSettings()
        assert parsed.warnings == ()


def test_every_documented_key_is_read() -> None:
    parsed = parse_settings(
        {
            "select": ["AL001", "al00"],
            "ignore": ["AL006"],
            "severity": {"AL002": "information", "al003": "hint"},
            "exclude": ["legacy/**"],
            "diagnosticsOn": "save",
            "engine": "dagster",
            "trusted": True,
            "runtimeInterpreter": "/usr/bin/python3",
            "baseRef": "origin/main",
        }
    )
    settings = parsed.settings
    assert settings.select == ("AL001", "AL00")
    assert settings.ignore == ("AL006",)
    assert dict(settings.severity) == {"AL002": "info", "AL003": "hint"}
    assert settings.exclude == ("legacy/**",)
    assert (settings.diagnostics_on, settings.engine, settings.trusted) == ("save", "dagster", True)
    assert settings.runtime_interpreter == "/usr/bin/python3"
    assert settings.base_ref == "origin/main"
    assert parsed.warnings == ()


def test_the_section_may_be_wrapped() -> None:
    assert parse_settings({"assetlens": {"trusted": True}}).settings.trusted is True


def test_invalid_values_fall_back_to_defaults_with_a_warning_each() -> None:
    parsed = parse_settings(
        {"select": "AL001", "severity": {"AL001": "loud"}, "diagnosticsOn": "never", "trusted": "yes", "baseRef": "--evil", "engine": "builtin"}
    )
    assert parsed.settings == ServerSettings()
    assert len(parsed.warnings) == 5
    for key in ("select", "severity", "diagnosticsOn", "trusted", "baseRef"):
        assert any(f"'{key}'" in warning for warning in parsed.warnings)


def test_settings_that_are_not_an_object_warn() -> None:
    parsed = parse_settings(["AL001"])
    assert parsed.settings == ServerSettings() and parsed.warnings


def test_client_settings_lay_over_the_project_table(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.assetlens]\nselect = ["AL00"]\nignore = ["AL006"]\nexclude = ["gen/**"]\nbase = "main"\n'
        '[tool.assetlens.severity]\nAL002 = "error"\n',
        encoding="utf-8",
    )
    settings, problems = rule_settings(tmp_path, parse_settings({"ignore": ["AL005"], "severity": {"AL003": "hint"}}))
    assert problems == []
    assert settings.select == ("AL00",)  # the client did not set select: the project's stays
    assert settings.ignore == ("AL006", "AL005")
    assert settings.exclude == ("gen/**",)
    assert dict(settings.severity) == {"AL002": "error", "AL003": "hint"}
    assert settings.base == "main"
    settings, _ = rule_settings(tmp_path, parse_settings({"select": ["AL001"], "baseRef": "HEAD~1"}))
    assert settings.select == ("AL001",) and settings.base == "HEAD~1"


def test_an_invalid_project_table_is_reported_and_defaults_used(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.assetlens]\nselcet = ["AL001"]\n', encoding="utf-8")
    settings, problems = rule_settings(tmp_path, parse_settings(None))
    assert len(problems) == 1 and "selcet" in problems[0]
    assert settings.select == ()
