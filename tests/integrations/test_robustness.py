"""Bad input never crashes the integrations: odd YAML shapes, broken Jinja, wrong types everywhere give
a diagnostic or an unresolved asset, and the rest is read."""
from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from assetlens.analyzer.integrations.components import load_components
from assetlens.analyzer.integrations.dbt import dbt_asset_facts, load_dbt_project
from assetlens.analyzer.integrations.dbt_select import UnsupportedSelection, select_unique_ids
from assetlens.analyzer.integrations.sling import replication_from_text, sling_asset_facts

ODD_YAML = [
    "", "---\n---\n", "- 1\n- 2\n", "just a string\n", "a: [\n", "type: 5\n", "type: ''\n", "type: [a]\n",
    "type: dagster_dbt.DbtProjectComponent\n", "type: dagster_dbt.DbtProjectComponent\nattributes: x\n",
    "type: dagster_dbt.DbtProjectComponent\nattributes:\n  project: {project_dir: 5}\n",
    "type: dagster_dbt.DbtProjectComponent\nattributes:\n  project: '{{ nothing.here }}'\n",
    "type: dagster_dbt.DbtProjectComponent\nattributes:\n  project: ../dbt\n  select: 'state:modified'\n",
    "type: dagster_dbt.DbtProjectComponent\nattributes:\n  project: ../dbt\n  translation: [1]\n",
    "type: dagster_dbt.DbtProjectComponent\nattributes:\n  project: ../dbt\n  translation:\n    key: 5\n",
    "type: dagster_dbt.DbtProjectComponent\nattributes:\n  project: ../dbt\n  translation:\n    key_prefix: {a: 1}\n",
    "type: dagster_dbt.DbtProjectComponent\nattributes:\n  project: ../dbt\n  translation:\n    key: '{{ node.name | upper }}'\n",
    "type: dagster_dbt.DbtProjectComponent\nattributes:\n  project: ../dbt\n  op: [x]\npost_processing: [1]\n",
    "type: dagster_dbt.DbtProjectComponent\nattributes:\n  project: ../dbt\npost_processing:\n  assets:\n    - target: 'tag:x'\n      attributes:\n        group_name: g\n",
    "type: dagster_sling.SlingReplicationCollectionComponent\nattributes:\n  replications: 5\n",
    "type: dagster_sling.SlingReplicationCollectionComponent\nattributes:\n  replications:\n    - 5\n    - path: 7\n    - path: missing.yaml\n",
    "type: dagster.FunctionComponent\nattributes:\n  assets: 5\n",
    "type: dagster.FunctionComponent\nattributes:\n  assets:\n    - key: 5\n      deps: [1, {a: b}]\n",
    "type: .relative.Thing\n", "type: some.module.Missing\n", "&a [*a]\n", "? [a, b]\n: c\n",
]

ODD_DBT = {
    "dbt_project.yml": ["", "name: [x]\nmodels: [1, 2]\n", "name: p\nmodels:\n  p:\n    +schema: {a: 1}\n    +tags: 5\n", "{{\n"],
    "models/m.sql": ["{{ ref( }}", "{{ ref(var('x')) }}", "{{ config(schema=var('s')) }} {{ source('a') }}",
                     "{{ ref('m') }}", "{% snapshot %}", "{{ config(**kw) }}", "\x00\xff"],
    "models/schema.yml": ["models: x\n", "sources: [{name: s, tables: 5}]\n", "models:\n  - name: m\n    config: 5\n    meta: [1]\n",
                          "sources:\n  - name: s\n    tables:\n      - name: t\n        meta:\n          dagster: x\n"],
}

ODD_SLING = ["", "streams: [1]\n", "streams:\n  a: 5\n", "streams:\n  a:\n    meta: x\n", "streams:\n  a:\n    meta:\n      dagster: 5\n",
             "defaults: 5\nstreams:\n  a:\n", "defaults:\n  meta:\n    dagster: [1]\nstreams:\n  a:\n",
             "streams:\n  a:\n    meta:\n      dagster:\n        asset_key: [1]\n        deps: 5\n", "streams:\n  a:\n    object: 5\n"]


@pytest.mark.parametrize("text", ODD_YAML)
def test_odd_defs_yaml(tmp_path: Path, text: str) -> None:
    (tmp_path / "dbt").mkdir()
    (tmp_path / "dbt" / "dbt_project.yml").write_text("name: p\n")
    folder = tmp_path / "defs" / "c"
    folder.mkdir(parents=True)
    (folder / "defs.yaml").write_text(text)
    result = load_components(tmp_path, "defs")
    for fact in result.assets:
        assert fact.key is not None or fact.unresolved_reason


def test_odd_dbt_projects(tmp_path: Path) -> None:
    for combination in itertools.product(*ODD_DBT.values()):
        folder = tmp_path / str(abs(hash(combination)))
        for relative, text in zip(ODD_DBT, combination):
            path = folder / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, errors="surrogateescape")
        project = load_dbt_project(tmp_path, folder.name, prefer_manifest=False)
        assert project is not None
        for select in ("fqn:*", "m+", "tag:x,path:models", "+m+2", "@m"):
            dbt_asset_facts(project, select_unique_ids(project, select), op_name="p", node_id="p")
        with pytest.raises(UnsupportedSelection):
            select_unique_ids(project, "state:modified")


def test_odd_manifest(tmp_path: Path) -> None:
    (tmp_path / "dbt_project.yml").write_text("name: p\n")
    (tmp_path / "target").mkdir()
    for text in ("{", "[]", '{"nodes": 5}', '{"nodes": {"model.p.m": {"config": 5}}}', '{"nodes": {"x": 1}, "sources": {"y": {}}}'):
        (tmp_path / "target" / "manifest.json").write_text(text)
        project = load_dbt_project(tmp_path.parent, tmp_path.name)
        assert project is not None
        dbt_asset_facts(project, select_unique_ids(project), op_name="p", node_id="p")


@pytest.mark.parametrize("text", ODD_SLING)
def test_odd_sling_replications(text: str) -> None:
    replication = replication_from_text("r.yaml", text)
    for fact in sling_asset_facts(replication, op_name="r", node_id="r"):
        assert fact.key is not None or fact.unresolved_reason


def test_versioned_models_without_a_manifest_are_unresolved_not_guessed(tmp_path: Path) -> None:
    (tmp_path / "models").mkdir()
    (tmp_path / "dbt_project.yml").write_text("name: p\nmodels:\n  p:\n    +schema: marts\n")
    (tmp_path / "models" / "dim_v1.sql").write_text("select 1 as id\n")
    (tmp_path / "models" / "dim_v2.sql").write_text("select 2 as id\n")
    (tmp_path / "models" / "report.sql").write_text("select * from {{ ref('dim') }}\n")
    (tmp_path / "models" / "schema.yml").write_text("models:\n  - name: dim\n    latest_version: 2\n    versions:\n      - v: 1\n      - v: 2\n")
    project = load_dbt_project(tmp_path.parent, tmp_path.name, prefer_manifest=False)
    facts = {fact.known_name: fact for fact in dbt_asset_facts(project, select_unique_ids(project), op_name="p", node_id="p")}
    assert facts["dim_v1"].key is None and "versioned model" in facts["dim_v1"].unresolved_reason
    assert facts["report"].key == ("marts", "report")
    assert [dep.key for dep in facts["report"].deps] == [None]  # ref('dim'): a version, not known here
