"""Asset checks are kept, not run: a code location whose Definitions has checks still materializes its
assets with the builtin engine, and running a check itself is refused with a clear message."""
from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

PROJECT = {
    "pyproject.toml": '[tool.dagster]\nmodule_name = "quality.definitions"\n',
    "quality/__init__.py": "",
    "quality/assets.py": textwrap.dedent(
        """
        import dagster as dg


        class Warehouse(dg.ConfigurableResource):
            rows: int = 3


        @dg.asset
        def orders(warehouse: Warehouse) -> list[int]:
            return list(range(warehouse.rows))
        """
    ),
    "quality/definitions.py": textwrap.dedent(
        """
        import dagster as dg

        from quality.assets import Warehouse, orders


        @dg.asset_check(asset=orders, description="no negative ids")
        def orders_not_negative(orders: list[int]) -> dg.AssetCheckResult:
            return dg.AssetCheckResult(passed=all(value >= 0 for value in orders))


        defs = dg.Definitions(assets=[orders], asset_checks=[orders_not_negative], resources={"warehouse": Warehouse()})
        """
    ),
}


def write(root: Path) -> None:
    for relative, text in PROJECT.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_a_code_location_with_asset_checks_materializes_its_assets(tmp_path: Path) -> None:
    write(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "assetlens.cli", "materialize", "orders"], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "success (1 materialized)" in done.stdout + done.stderr
    assert (tmp_path / ".assetlens" / "storage" / "orders.pkl").is_file()


def test_running_a_check_is_refused_naming_the_feature() -> None:
    script = textwrap.dedent(
        """
        from assetlens.runtime.dagster_alias import install_dagster_alias
        install_dagster_alias()
        import dagster as dg

        @dg.asset
        def orders():
            return [1]

        @dg.asset_check(asset=orders)
        def positive(orders):
            return dg.AssetCheckResult(passed=True)

        assert positive.check_keys == {dg.AssetCheckKey(dg.AssetKey("orders"), "positive")}
        positive([1])
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "running an asset check" in done.stderr and "--engine dagster" in done.stderr
