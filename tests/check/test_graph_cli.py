"""`assetlens graph`: the public JSON object, and Mermaid/dot drawings grouped by asset group."""
from __future__ import annotations

import json

from conftest import assetlens, write_files

FILES = {
    "raw.py": 'import dagster as dg\n\nevents = dg.AssetSpec("events", group_name="ingest")\n\n\n@dg.asset(group_name="ingest")\ndef raw_orders():\n    return [1]\n',
    "marts.py": 'import dagster as dg\n\n\n@dg.asset(group_name="marts", deps=["events", "ghost"])\ndef daily(raw_orders):\n    return raw_orders\n',
}


def test_json_is_the_workspace_object_with_check_diagnostics(tmp_path):
    write_files(tmp_path, FILES)
    done = assetlens("graph", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    by_key = {tuple(a["key"]): a for a in document["assets"]}
    assert set(by_key) == {("events",), ("raw_orders",), ("daily",)}
    assert by_key[("daily",)]["deps"] == [["events"], ["ghost"], ["raw_orders"]]
    assert by_key[("daily",)]["group"] == "marts" and by_key[("daily",)]["file"] == "marts.py"
    assert [(d["code"], d["file"], d["line"]) for d in document["diagnostics"]] == [("AL002", "marts.py", 4)]


def test_mermaid_groups_and_marks_external_and_undefined_keys(tmp_path):
    write_files(tmp_path, FILES)
    done = assetlens("graph", "--format", "mermaid", cwd=tmp_path)
    lines = done.stdout.splitlines()
    assert lines[0] == "flowchart LR"
    assert '  subgraph group0["ingest"]' in lines and '  subgraph group1["marts"]' in lines
    ids = {line.split("[")[0].split("(")[0].strip(): line for line in lines if line.strip().startswith("n") and "-->" not in line}
    assert any('(["events"]):::external' in line for line in ids.values())
    assert any('["ghost"]:::undefined' in line for line in ids.values())
    assert sum("-->" in line for line in lines) == 3


def test_dot_is_a_digraph_with_one_cluster_per_group(tmp_path):
    write_files(tmp_path, FILES)
    done = assetlens("graph", "--format", "dot", cwd=tmp_path)
    text = done.stdout
    assert text.startswith("digraph assets {") and text.rstrip().endswith("}")
    assert text.count("subgraph cluster_") == 2
    assert '"raw_orders" -> "daily";' in text and '"ghost" [style=dashed' in text


def test_several_paths_and_a_missing_path(tmp_path):
    write_files(tmp_path / "one", FILES)
    write_files(tmp_path / "two", {"x.py": "import dagster as dg\n\n\n@dg.asset\ndef x():\n    return 1\n"})
    document = json.loads(assetlens("graph", "one", "two", cwd=tmp_path).stdout)
    assert sorted(a["file"] for a in document["assets"]) == ["one/marts.py", "one/raw.py", "one/raw.py", "two/x.py"]
    done = assetlens("graph", "nowhere", cwd=tmp_path)
    assert done.returncode == 2 and "nowhere: no such file or folder" in done.stderr
