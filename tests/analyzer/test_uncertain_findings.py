"""An error must be certain: a cycle (AL001) or a duplicate key (AL003) that involves a definition whose
key is only probable (an unresolved one, e.g. behind a decorator the analyzer cannot follow, which keeps
the function's name as key) is at most information. And what the interpreter cannot know is kept as an
unresolved definition (AL006) — never dropped: specs over an unknown collection, a factory class's static
methods, a Definitions whose assets come from a value not known statically."""
from __future__ import annotations

from pathlib import Path

from assetlens.analyzer.config import Settings
from assetlens.analyzer.diagnostics import fails, run_rules

from .support import analyze, asset, keys, source

UNFOLLOWED = """
import dagster as dg
from vendor import magic  # a decorator from outside the project: not followed

"""


def _findings(root: Path, files: dict[str, str], settings: Settings | None = None) -> list:
    workspace = analyze(root, files)
    return run_rules(workspace, settings, files=None)


def test_the_unfollowed_decorator_keeps_a_probable_key_marked_unresolved() -> None:
    facts = source(UNFOLLOWED + "@dg.asset\n@magic\ndef orders(refunds):\n    return 1\n")
    orders = asset(facts, "orders")
    assert not orders.resolved and "magic" in (orders.unresolved_reason or "")


def test_a_cycle_through_an_unresolved_definition_is_information(tmp_path: Path) -> None:
    found = _findings(tmp_path, {"assets.py": UNFOLLOWED + """
@dg.asset
@magic
def orders(refunds):
    return 1

@dg.asset
def refunds(orders):
    return 1
"""})
    cycles = [d for d in found if d.code == "AL001"]
    assert cycles and all(d.severity == "info" for d in cycles)
    assert all("possible dependency cycle" in d.message and "`orders`" in d.message for d in cycles)
    assert not fails(found)
    # a severity override of the rule does not turn the uncertain finding into an error
    overridden = _findings(tmp_path, {}, Settings(severity=(("AL001", "error"),)))
    assert [d.severity for d in overridden if d.code == "AL001"] == ["info"] * len(cycles)


def test_a_certain_cycle_beside_an_unresolved_definition_stays_an_error(tmp_path: Path) -> None:
    found = _findings(tmp_path, {"assets.py": UNFOLLOWED + """
@dg.asset
def a(b):
    return 1

@dg.asset
def b(a):
    return 1

@dg.asset
@magic
def c(b, d):
    return 1

@dg.asset
def d(c):
    return 1
"""})
    errors = [d for d in found if d.code == "AL001" and d.severity == "error"]
    assert len(errors) == 1 and ("a -> b -> a" in errors[0].message or "b -> a -> b" in errors[0].message)
    infos = [d for d in found if d.code == "AL001" and d.severity == "info"]
    assert len(infos) == 1 and "`c`" in infos[0].message


def test_a_duplicate_of_an_unresolved_definition_is_information(tmp_path: Path) -> None:
    found = _findings(tmp_path, {
        "sales.py": "import dagster as dg\n\n@dg.asset\ndef orders():\n    return 1\n",
        "finance.py": UNFOLLOWED + "@dg.asset\n@magic\ndef orders():\n    return 1\n",
    })
    duplicates = [d for d in found if d.code == "AL003"]
    assert {d.file for d in duplicates} == {"sales.py", "finance.py"}
    assert all(d.severity == "info" and d.message.startswith("possible duplicate asset key") for d in duplicates)
    assert not fails(found)


def test_two_resolved_duplicates_stay_errors_beside_an_unresolved_one(tmp_path: Path) -> None:
    found = _findings(tmp_path, {
        "sales.py": "import dagster as dg\n\n@dg.asset\ndef orders():\n    return 1\n",
        "shop.py": "import dagster as dg\n\n@dg.asset\ndef orders():\n    return 2\n",
        "finance.py": UNFOLLOWED + "@dg.asset\n@magic\ndef orders():\n    return 1\n",
    })
    severity = {d.file: d.severity for d in found if d.code == "AL003"}
    assert severity == {"sales.py": "error", "shop.py": "error", "finance.py": "info"}


def test_multi_asset_specs_over_an_unknown_module_level_name_are_kept_unresolved() -> None:
    facts = source("""
import json
from pathlib import Path
import dagster as dg

STREAMS = json.loads(Path(__file__).with_name("streams.json").read_text())

@dg.multi_asset(specs=[dg.AssetSpec(["landing", s]) for s in STREAMS])
def land_streams():
    return None

@dg.multi_asset(specs=vendor_specs())
def other():
    return None
""")
    made = [fact for fact in facts.assets if fact.node in ("land_streams", "other")]
    assert sorted(fact.node for fact in made) == ["land_streams", "other"]
    assert all(not fact.resolved and fact.key is None for fact in made)


FACTORY_CLASS = """
import json
from pathlib import Path
import dagster as dg
{imports}

class LandingFactory{bases}:
    @staticmethod
    def build_definitions(config_file):
        specs = []
        for name in json.loads(config_file.read_text()):
            specs.append(LandingFactory._spec(name))
        return dg.Definitions(assets=specs)

    @staticmethod
    def _spec(name):
        return dg.AssetSpec(["landing", name], group_name="landing")

    @classmethod
    def fixed(cls, name):
        return cls._spec(name)

@dg.definitions
def landing_defs():
    return LandingFactory.build_definitions(Path(__file__).with_name("streams.json"))

FIXED = LandingFactory.fixed("orders")
ALSO = LandingFactory().fixed("refunds")
"""


def test_a_factory_class_static_and_class_methods_are_followed() -> None:
    facts = source(FACTORY_CLASS.format(imports="", bases=""))
    assert {("landing", "orders"), ("landing", "refunds")} <= keys(facts)
    assert asset(facts, "landing", "orders").group == "landing"
    # the specs built in the loop over the file's content: kept, unresolved
    assert any(fact.key is None and not fact.resolved for fact in facts.assets)


def test_definitions_from_a_factory_that_cannot_be_followed_keep_one_unresolved_definition() -> None:
    facts = source(FACTORY_CLASS.format(imports="from vendor import Base", bases="(Base)").split("FIXED =")[0])
    unresolved = [fact for fact in facts.assets if not fact.resolved]
    assert len(unresolved) == 1 and unresolved[0].key is None
    assert "not known statically" in (unresolved[0].unresolved_reason or "")
    assert unresolved[0].decorator_range is not None  # shown where the @definitions function is


def test_a_definitions_with_known_assets_gets_no_placeholder() -> None:
    facts = source("""
import dagster as dg

@dg.asset
def orders():
    return 1

defs = dg.Definitions(assets=[orders], resources={"io": vendor.thing()})
""")
    assert keys(facts) == {("orders",)} and all(fact.resolved for fact in facts.assets)


def test_the_factory_class_repro_has_no_false_alarm(tmp_path: Path) -> None:
    found = _findings(tmp_path, {
        "pyproject.toml": '[project]\nname = "lake"\n\n[tool.dg]\ndirectory_type = "project"\n\n[tool.dg.project]\nroot_module = "lake"\n',
        "src/lake/__init__.py": "",
        "src/lake/definitions.py": "from pathlib import Path\nimport dagster as dg\n\n@dg.definitions\ndef defs():\n    return dg.load_from_defs_folder(path_within_project=Path(__file__).parent)\n",
        "src/lake/defs/__init__.py": "",
        "src/lake/defs/streams.json": '["orders", "refunds"]\n',
        "src/lake/defs/landing.py": FACTORY_CLASS.format(imports="from vendor import Base", bases="(Base)").split("FIXED =")[0],
        "src/lake/defs/counts.py": 'import dagster as dg\n\n@dg.asset(deps=[dg.AssetKey(["landing", "orders"])])\ndef order_counts():\n    return None\n',
    })
    assert not fails(found), [(d.code, d.severity, d.message) for d in found]
    assert any(d.code == "AL006" for d in found)


# ------------------------------------------------------------------ try / except
def test_try_bodies_are_followed_and_names_bound_differently_in_handlers_are_unknown() -> None:
    facts = source("""
import dagster as dg
try:
    from dagster import AssetSpec as Spec
except ImportError:
    from dagster._core.definitions.asset_spec import AssetSpec as Spec

try:
    PREFIX = vendor.prefix()
except Exception:
    PREFIX = "fallback"

try:
    NAMES = ["orders", "refunds"]
except Exception:
    raise  # a handler that re-raises is not a way the loaded code took

specs = [Spec(name) for name in NAMES]

@dg.asset(key_prefix=PREFIX)
def prefixed():
    return 1

def probe():
    try:
        return dg.AssetSpec("in_try")
    except KeyError:
        return dg.AssetSpec("in_handler")
    finally:
        pass

PROBED = probe()
""")
    assert {("orders",), ("refunds",)} <= keys(facts)
    assert asset(facts, "orders").resolved
    assert ("fallback", "prefixed") not in keys(facts) and ("prefixed",) not in keys(facts)
    prefixed = next(fact for fact in facts.assets if fact.node == "prefixed")
    assert not prefixed.resolved and "try" in (prefixed.unresolved_reason or "")
    assert ("in_try",) not in keys(facts) and ("in_handler",) not in keys(facts)
    assert sum(1 for fact in facts.assets if fact.key is None) == 2  # prefixed, and what probe() defines


def test_an_asset_defined_in_a_try_body_is_kept() -> None:
    facts = source("""
import dagster as dg
try:
    import pandas as pd
except ImportError:
    pd = None

try:
    @dg.asset
    def orders():
        return 1
finally:
    pass
""")
    assert asset(facts, "orders").resolved


# ------------------------------------------------------------------ file_relative_path
def test_file_relative_path_is_folded_as_dagster_computes_it(tmp_path: Path) -> None:
    workspace = analyze(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/assets.py": """
import dagster as dg
from dagster import file_relative_path

HERE = dg.file_relative_path(__file__, "data/x.csv")
UP = file_relative_path(__file__, "../analytics")

@dg.asset(key=["files", HERE.split("/")[-1], UP.rsplit("/", 1)[-1]])
def located():
    return 1

@dg.asset(key=dg.file_relative_path(vendor.here, "y"))
def unknown():
    return 1
""",
    })
    assert ("files", "x.csv", "analytics") in keys(workspace)
    assert any(fact.node == "unknown" and not fact.resolved for fact in workspace.assets)


def test_sling_assets_with_file_relative_path_are_resolved(tmp_path: Path) -> None:
    workspace = analyze(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/replication.yaml": 'source: FILES\ntarget: WAREHOUSE\ndefaults: {mode: full-refresh}\nstreams:\n  "file:///tmp/branches.csv": {object: branches}\n',
        "pkg/definitions.py": """
import dagster as dg
from dagster_sling import SlingResource, sling_assets

@sling_assets(replication_config=dg.file_relative_path(__file__, "replication.yaml"))
def branch_files(context, sling: SlingResource):
    yield from sling.replicate(context=context)

defs = dg.Definitions(assets=[branch_files], resources={"sling": SlingResource(connections=[])})
""",
    })
    branches = asset(workspace, "target", "branches")
    assert branches.resolved and {ref.key for ref in branches.deps} == {("file_tmp_branches", "csv")}


def test_json_loads_of_a_literal_is_folded_and_globals_over_unknown_names_are_kept() -> None:
    facts = source("""
import json
import dagster as dg

NAMES = json.loads('["orders", "refunds"]')
specs = [dg.AssetSpec(name) for name in NAMES]

for table in json.loads(vendor.read()):
    globals()[table] = dg.AssetSpec(["raw", table])

BROKEN = json.loads("[1,")
""")
    assert {("orders",), ("refunds",)} <= keys(facts)
    kept = [fact for fact in facts.assets if fact.key is None]
    assert len(kept) == 1 and not kept[0].resolved  # the spec made per unknown table: kept, unresolved


PREFIX_UNKNOWN = """
import json
import dagster as dg

SETTINGS = json.loads(open("settings.json").read())

@dg.asset(key_prefix=SETTINGS["schema"])
def ticket_export():
    return 1

"""


def test_an_unknown_prefix_leaves_other_missing_upstreams_certain(tmp_path: Path) -> None:
    """A Python asset whose key_prefix alone is unknown can only define a key ending with its name: a
    missing upstream with another name stays a warning (with its safe fix); one ending with that name is
    not certain (information, no safe fix)."""
    found = _findings(tmp_path, {"assets.py": PREFIX_UNKNOWN + """
@dg.asset
def raw_tickets():
    return 1

@dg.asset(deps=["raw_tickts"])
def backlog():
    return 1

@dg.asset(deps=["ticket_export"])
def summary():
    return 1
"""})
    [typo] = [d for d in found if d.code == "AL002" and "raw_tickts" in d.message]
    assert typo.severity == "warning"
    assert any(fix.safe for fix in typo.fixes)
    assert "could not be determined" not in typo.message
    assert not [d for d in found if d.code == "AL002" and "`ticket_export`" in d.message and d.severity != "info"]
    [unresolved] = [d for d in found if d.code == "AL006"]
    assert "ticket_export" in unresolved.message


def test_a_fully_unknown_key_makes_every_missing_upstream_uncertain(tmp_path: Path) -> None:
    found = _findings(tmp_path, {"assets.py": """
import json
import dagster as dg

SETTINGS = json.loads(open("settings.json").read())

@dg.asset(key=SETTINGS["key"])
def anything():
    return 1

@dg.asset(deps=["raw_tickts"])
def backlog():
    return 1
"""})
    [missing] = [d for d in found if d.code == "AL002"]
    assert missing.severity == "info"
    assert not any(fix.safe for fix in missing.fixes)
