"""The code location's Definitions."""
import dagster as dg

from pipeline import marts, raw

defs = dg.Definitions(assets=dg.load_assets_from_modules([raw, marts]))
