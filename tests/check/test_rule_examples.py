"""Every rule's WRONG and RIGHT examples (its documentation) run as tests with the real analyzer: WRONG
reports the rule, RIGHT reports nothing that fails a check, FIXED is what `--fix` makes of WRONG, and
BASE (for AL004) is committed first in a real git repository. Dagster itself loads the examples to
confirm each rule's claim about what Dagster accepts."""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import commit_all, write_files

from assetlens.analyzer.baseline import Baseline
from assetlens.analyzer.diagnostics import fails, run_rules
from assetlens.analyzer.fixes import apply_fixes
from assetlens.analyzer.rules import ALL_RULES
from assetlens.analyzer.workspace import analyze_workspace

RULES = {rule.CODE: rule for rule in ALL_RULES}


def _files(example) -> dict[str, str]:
    return example if isinstance(example, dict) else {"assets.py": example}


def _check(root: Path, rule, example):
    baseline = None
    if hasattr(rule, "BASE"):
        subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True)
        write_files(root, rule.BASE)
        commit_all(root, "base")
    write_files(root, _files(example))
    workspace = analyze_workspace(root, use_cache=False)
    if hasattr(rule, "BASE"):
        baseline = Baseline.from_git(root)
    return workspace, baseline, run_rules(workspace, files=None, baseline=baseline)


@pytest.mark.parametrize("code", RULES)
def test_rule_documents_itself(code):
    rule = RULES[code]
    assert rule.NAME and rule.SUMMARY and len(rule.EXPLANATION.split()) > 30
    assert rule.SEVERITY in ("error", "warning", "info", "hint")
    assert rule.__doc__ and rule.__doc__.startswith(f"{code} {rule.NAME}")


@pytest.mark.parametrize("code", RULES)
def test_wrong_example_is_reported(code, tmp_path):
    _, _, diagnostics = _check(tmp_path, RULES[code], RULES[code].WRONG)
    assert code in {d.code for d in diagnostics}, diagnostics
    for diagnostic in diagnostics:
        assert diagnostic.range is not None and diagnostic.range.line >= 1


@pytest.mark.parametrize("code", RULES)
def test_right_example_is_clean(code, tmp_path):
    _, _, diagnostics = _check(tmp_path, RULES[code], RULES[code].RIGHT)
    assert not fails(diagnostics) and code not in {d.code for d in diagnostics}, diagnostics


@pytest.mark.parametrize("code", [code for code, rule in RULES.items() if hasattr(rule, "FIXED")])
def test_fix_turns_wrong_into_fixed(code, tmp_path):
    rule = RULES[code]
    workspace, _, diagnostics = _check(tmp_path, rule, rule.WRONG)
    result = apply_fixes(tmp_path, [d for d in diagnostics if d.code == code])
    assert result.applied and not result.skipped
    for relpath, text in _files(rule.FIXED).items():
        assert (tmp_path / relpath).read_text() == text


LOADER = textwrap.dedent(
    """
    import importlib, json, sys, warnings
    from pathlib import Path
    warnings.filterwarnings("ignore")
    import dagster as dg
    results = {}
    for root in sys.argv[1:]:
        sys.path.insert(0, root)
        try:
            modules = []
            for path in sorted(Path(root).rglob("*.py")):
                name = path.relative_to(root).with_suffix("").as_posix().replace("/", ".")
                modules.append(importlib.import_module(name))
            defs = dg.Definitions(assets=dg.load_assets_from_modules(modules))
            dg.Definitions.validate_loadable(defs)  # what `dagster definitions validate` runs
            results[root] = "ok"
        except Exception as error:
            results[root] = f"{type(error).__name__}: {error}".splitlines()[0]
        finally:
            sys.path.remove(root)
            for name in list(sys.modules):
                if not name.startswith(("dagster", "_", "importlib")) and name not in sys.builtin_module_names and getattr(sys.modules[name], "__file__", "") and str(getattr(sys.modules[name], "__file__", "")).startswith(root):
                    del sys.modules[name]
    print(json.dumps(results))
    """
)

# what Dagster does with each WRONG example (RIGHT examples must all load)
DAGSTER_REJECTS_WRONG = {"AL000": True, "AL001": True, "AL002": True, "AL003": True, "AL004": False, "AL005": True, "AL006": None, "AL007": None}


@pytest.mark.slow
def test_dagster_agrees_with_the_examples(tmp_path):
    roots = {}
    for code, rule in RULES.items():
        for which in ("WRONG", "RIGHT"):
            root = tmp_path / f"{code.lower()}_{which.lower()}"
            write_files(root, _files(getattr(rule, which)))
            roots[(code, which)] = root
    done = subprocess.run(
        [sys.executable, "-c", LOADER, *map(str, roots.values())], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout.strip().splitlines()[-1])
    for (code, which), root in roots.items():
        outcome = results[str(root)]
        if which == "RIGHT":
            assert outcome == "ok", (code, outcome)
        elif DAGSTER_REJECTS_WRONG[code] is not None:
            assert (outcome != "ok") == DAGSTER_REJECTS_WRONG[code], (code, outcome)


def test_an_asset_imported_into_definitions_is_one_definition(tmp_path):
    write_files(
        tmp_path,
        {
            "shop/__init__.py": "",
            "shop/assets.py": "import dagster as dg\n\n\n@dg.asset\ndef orders():\n    return 1\n",
            "shop/definitions.py": "import dagster as dg\n\nfrom shop.assets import orders\n\ndefs = dg.Definitions(assets=[orders])\n",
        },
    )
    workspace = analyze_workspace(tmp_path, use_cache=False)
    assert [d.code for d in run_rules(workspace)] == []
    assert [a.file for a in workspace.assets] == ["shop/assets.py"]
