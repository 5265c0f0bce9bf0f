"""Tests of `assetlens.analyzer.integrations`: YAML components, dbt and Sling, differential against the real
dagster-dbt, dbt-core (+ dbt-duckdb) and dagster-sling."""
