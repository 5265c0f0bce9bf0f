"""Reproducers from the real-world trials (notes: realworld #6, #10, #11), each compared with what real
Dagster loads: a Sling translation key written with a Jinja string method, a custom component that only
builds a job and a schedule, and a DbtProjectComponent whose `project.target` is a Jinja conditional.
Plus the templates themselves against real Jinja, and the severity of a missing upstream while a
partly known (key-unknown) asset exists in the location."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import jinja2
import pytest

from assetlens.analyzer.diagnostics import run_rules
from assetlens.analyzer.integrations.templates import EnvScope, TemplateUnknown, render_string
from assetlens.analyzer.workspace import analyze_workspace
from tests.integrations.support import FIXTURES, REAL_PROJECT, copy_tree, dbt_parse, run_json, summary

def _project(tmp_path: Path, name: str) -> Path:
    return copy_tree(FIXTURES / name, tmp_path / name)


def _real(root: Path, module: str) -> dict:
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"  # DbtCliResource finds dbt
    return run_json(REAL_PROJECT, str(root), module, cwd=root, env={"DAGSTER_HOME": str(root / ".dagster_home"), "PATH": path})


def _ours(root: Path) -> tuple[dict, list]:
    workspace = analyze_workspace(root, use_cache=False)
    return summary(workspace.assets), run_rules(workspace)


def _problems(found: list) -> list:
    return [d for d in found if d.severity in ("error", "warning")]


# ------------------------------------------------------------------ differential against real Dagster
@pytest.mark.slow
def test_sling_key_template_with_string_method_equals_real_dagster(tmp_path: Path) -> None:
    root = _project(tmp_path, "sling_jinja_project")
    ours, found = _ours(root)
    real = _real(root, "ingest")
    assert ours == real
    assert "warehouse/crm/accounts" in real  # `object.replace(".", "/")` evaluated as Jinja does
    assert not [d for d in found if d.code in ("AL002", "AL006")]


@pytest.mark.slow
def test_job_only_component_defines_no_asset_like_real_dagster(tmp_path: Path) -> None:
    root = _project(tmp_path, "job_only_component")
    ours, found = _ours(root)
    assert ours == _real(root, "ops")
    assert not [d for d in found if d.code == "AL006"]
    # the component no longer counts as "could define anything": the true missing upstream is a warning
    missing = [d for d in found if d.code == "AL002"]
    assert len(missing) == 1 and "ledger_snapshot" in missing[0].message and missing[0].severity == "warning"
    assert "could not be determined" not in missing[0].message


@pytest.mark.slow
def test_dbt_component_with_templated_target_equals_real_dagster(tmp_path: Path) -> None:
    root = _project(tmp_path, "dbt_target_template")
    dbt_parse(root / "dbt")
    ours, found = _ours(root)
    real = _real(root, "shopdbt")
    assert ours == real and {"clean_baskets", "basket_totals", "basket_alerts"} == set(real)
    assert not [d for d in found if d.code in ("AL002", "AL006")]


@pytest.mark.slow
def test_dbt_translator_with_super_fallback_equals_real_dagster(tmp_path: Path) -> None:
    root = _project(tmp_path, "dbt_translator_fallback")
    dbt_parse(root / "src/taxi/analytics")
    ours, found = _ours(root)
    real = _real(root, "taxi")
    assert ours == real
    assert real["stg_rides"] == {"deps": ["raw_rides"], "group": "staging"}  # the source renamed, fqn[1] group
    assert not [d for d in found if d.code in ("AL002", "AL006")]


def test_dbt_translator_reading_what_is_not_static_stays_partly_known(tmp_path: Path) -> None:
    root = _project(tmp_path, "dbt_translator_fallback")
    dbt_parse(root / "src/taxi/analytics")
    module = root / "src/taxi/defs/dbt_models.py"
    module.write_text(module.read_text().replace('dg.AssetKey(f"raw_{dbt_resource_props[\'name\']}")',
                                                 'dg.AssetKey(self.prefix + [dbt_resource_props["name"]])'))
    assert "self.prefix" in module.read_text()
    ours, found = _ours(root)
    assert "stg_rides" not in ours and "raw_rides" in ours
    unresolved = [d for d in found if d.code == "AL006"]
    assert unresolved and all(d.severity == "info" for d in unresolved)
    assert not _problems(found)


# ------------------------------------------------------------------ fast: analyzer only
def test_dbt_target_that_cannot_be_evaluated_does_not_hide_the_keys(tmp_path: Path) -> None:
    root = _project(tmp_path, "dbt_target_template")
    yaml = root / "src/shopdbt/defs/transform/defs.yaml"
    text = yaml.read_text()
    assert "target:" in text
    yaml.write_text(text.replace(text[text.index("target:"):].splitlines()[0], 'target: "{{ env.T | frobnicate }}"'))
    ours, found = _ours(root)
    assert set(ours) == {"clean_baskets", "basket_totals", "basket_alerts"}
    assert not [d for d in found if d.code in ("AL002", "AL006")]


def test_missing_upstream_beside_a_key_unknown_sling_asset_is_information(tmp_path: Path) -> None:
    root = _project(tmp_path, "sling_jinja_project")
    yaml = root / "src/ingest/defs/replicate/defs.yaml"
    # a filter the analyzer does not evaluate: the stream names are known, the keys are not
    yaml.write_text(yaml.read_text().replace(".replace(\".\", \"/\")", " | wordcount"))
    scoring = root / "src/ingest/defs/scoring.py"
    for dep in ('dg.AssetKey(["warehouse", "crm", "accounts"])', '"accounts"', '"public/accounts"', '"anything_else"'):
        scoring.write_text(
            "import dagster as dg\n\n\n"
            f"@dg.asset(deps=[{dep}], group_name=\"crm\")\n"
            "def account_scores():\n    return None\n"
        )
        _, found = _ours(root)
        assert not _problems(found), (dep, _problems(found))
        unresolved = [d for d in found if d.code == "AL006"]
        assert len(unresolved) == 1 and "public.accounts" in unresolved[0].message
        for diagnostic in found:
            assert not [fix for fix in diagnostic.fixes if fix.safe and diagnostic.code == "AL002"]


def test_component_whose_build_defs_is_not_clear_may_define_assets(tmp_path: Path) -> None:
    root = _project(tmp_path, "job_only_component")
    component = root / "src/ops/components/nightly_job.py"
    component.write_text(component.read_text().replace(
        "return dg.Definitions(jobs=[job], schedules=[dg.ScheduleDefinition(job=job, cron_schedule=\"0 2 * * *\")])",
        "return dg.Definitions.merge(dg.Definitions(jobs=[job]), helper())"))
    _, found = _ours(root)
    unresolved = [d for d in found if d.code == "AL006"]
    assert len(unresolved) == 1 and "may define" in unresolved[0].message
    missing = [d for d in found if d.code == "AL002"]
    assert len(missing) == 1 and missing[0].severity == "info"  # the component could define it


def test_component_building_assets_is_not_taken_for_job_only(tmp_path: Path) -> None:
    root = _project(tmp_path, "job_only_component")
    component = root / "src/ops/components/nightly_job.py"
    component.write_text(component.read_text().replace("dg.Definitions(jobs=[job],", "dg.Definitions(assets=[self.asset()], jobs=[job],"))
    _, found = _ours(root)
    assert len([d for d in found if d.code == "AL006"]) == 1


# ------------------------------------------------------------------ templates against real Jinja
SCOPE = {"stream_definition": {"name": "public.accounts", "config": {"object": "warehouse.crm.Accounts"}},
         "node": {"name": "stg_orders", "fqn": ["shop", "staging", "stg_orders"]}}
AGREED = [
    '{{ stream_definition.config.object.replace(".", "/") }}',
    '{{ stream_definition.config.object.lower() }}',
    '{{ stream_definition.config.object.upper() }}',
    '{{ stream_definition.config.object | lower }}',
    '{{ stream_definition.config.object | replace(".", "/") | lower }}',
    '{{ stream_definition.name | trim | upper }}',
    'raw_{{ stream_definition.name.split(".")[1] }}',
    '{{ stream_definition.name.split(".")[-1] }}',
    '{{ "a|b" ~ node.name }}',
    "{{ 'ci' if env('SHOP_IN_CI', '') == '1' else 'dev' }}",
    "{{ 'B' if env('X', '') == '1' else 'P' if env('Y', '') != '' else 'L' }}",
    "{{ 'yes' if 'staging' in node.fqn and not node.name.startswith('x') else 'no' }}",
    "{{ node.name or 'none' }}",
    "{{ node.fqn[1] ~ '_' ~ node.name.removeprefix('stg_') }}",
]


@pytest.mark.parametrize("template", AGREED)
def test_template_renders_as_real_jinja(template: str) -> None:
    env = jinja2.Environment()
    env.globals["env"] = lambda name, default=None: os.environ.get(name, default)
    os.environ.pop("SHOP_IN_CI", None), os.environ.pop("X", None), os.environ.pop("Y", None)
    real = env.from_string(template).render(**SCOPE)
    ours = render_string(template, {**SCOPE, "env": EnvScope({})})
    assert str(ours) == real


@pytest.mark.parametrize("template", [
    "{{ node.name | wordcount }}",  # a filter not modelled
    "{{ node.name ~ 'x' | upper }}",  # Jinja's filter binds tighter than `~`: not guessed
    "{{ node.name.format(1) }}",  # a method not modelled
    "{{ unknown_name.replace('a', 'b') }}",
])
def test_template_outside_what_is_modelled_is_unknown(template: str) -> None:
    with pytest.raises(TemplateUnknown):
        render_string(template, {**SCOPE, "env": EnvScope({})})


def test_a_missing_upstream_never_suggests_the_depending_asset(tmp_path: Path) -> None:
    (tmp_path / "assets.py").write_text(
        "import dagster as dg\n\n\n"
        "@dg.asset(deps=[\"basket_totals\"])\n"
        "def basket_alerts():\n    return None\n"
    )
    _, found = _ours(tmp_path)
    missing = [d for d in found if d.code == "AL002"]
    assert len(missing) == 1 and "basket_totals" in missing[0].message
    assert ("basket_alerts",) not in dict(missing[0].data)["suggestions"]
    assert "did you mean" not in missing[0].message and not [f for f in missing[0].fixes if f.safe]
