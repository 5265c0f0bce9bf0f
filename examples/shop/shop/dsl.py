"""The project's own import surface for Dagster: staging models import their decorators from here,
so that the team can pin or wrap them in one place."""
from dagster import AssetExecutionContext, AssetIn, AssetKey, AssetOut, AssetSpec, MaterializeResult, asset, multi_asset

__all__ = [
    "AssetExecutionContext",
    "AssetIn",
    "AssetKey",
    "AssetOut",
    "AssetSpec",
    "MaterializeResult",
    "asset",
    "multi_asset",
]
