"""An online shop's data platform: raw source tables, staging models, revenue marts, ML scores and
marketing attribution, as one Dagster code location (`shop.definitions.defs`).

Everything runs on small in-memory values (the resources fake the shop database and the marketing
API), so the whole graph materializes in a few seconds without network or files outside Dagster's
own storage folder.
"""
