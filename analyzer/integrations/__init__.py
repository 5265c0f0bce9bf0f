"""Assets that are not written as Python decorators: YAML components, dbt projects and Sling replications.

Each module reads one kind of non-Python source statically (no dbt, Sling or Dagster import) and turns it
into the same plain, picklable facts the Python extractor produces, with definition sites in the
`.sql`/`.yml`/`defs.yaml` files they come from.
"""
