"""Realistic function bodies for generated assets and ops.

A body reads its inputs (or queries the warehouse resource, or builds sample rows), then runs a few
transformation blocks over `rows` (deduplicate, normalise, filter, join, aggregate, ...), logs through
`context.log`, and returns rows, a MaterializeResult, several outputs, or yields results. The point is
that the analyzer parses the same kind and amount of code as in a real project, not that it runs.
"""
from __future__ import annotations

import random

from synth_context import ModuleContext, repr_str
from synth_format import call_expr, dict_expr, statement
from synth_vocab import CURRENCIES, DIMENSIONS, ID_COLUMNS, MEASURES, SOURCE_SYSTEMS, TEXT_COLUMNS

VERBS = ("Builds", "Cleans", "Conforms", "Aggregates", "Joins", "Deduplicates", "Scores", "Summarises")


def words(name: str) -> str:
    return name.replace("_", " ")


def docstring(rng: random.Random, name: str, domain: str, indent: str = "    ") -> list[str]:
    """A one-to-three line docstring for an asset or op named `name`."""
    first = f"{rng.choice(VERBS)} {words(name)} for the {domain} domain."
    if rng.random() < 0.45:
        return [f'{indent}"""{first}"""']
    detail = rng.choice([
        "Rows with a missing natural key are dropped and counted in the metadata.",
        "Late-arriving records are merged on the natural key; the newest version wins.",
        "Amounts are converted to the reporting currency before aggregation.",
        "Downstream dashboards read this table directly; keep the columns stable.",
        "The lookback window comes from the run config when one is given.",
    ])
    return [f'{indent}"""{first}', "", f"{indent}{detail}", f'{indent}"""']


class BodyWriter:
    """Writes the statements of one function body (indented by four spaces)."""

    def __init__(self, ctx: ModuleContext, rng: random.Random) -> None:
        self.ctx = ctx
        self.rng = rng
        self.lines: list[str] = []
        self.metadata: dict[str, str] = {}
        self.remaining = list(range(8))  # each kind of block at most once per body
        rng.shuffle(self.remaining)

    def emit(self, *lines: str) -> None:
        for text in lines:
            self.lines.extend("    " + line if line else "" for line in text.split("\n"))

    # -- the pieces --------------------------------------------------------------------------------

    def start(self, name: str, inputs: list[str], *, context: bool, warehouse: bool, config: bool) -> None:
        rng = self.rng
        self.ctx.std("from typing import Any")
        if context:
            self.emit(f'context.log.info("building %s from %d upstream tables", {repr_str(name)}, {len(inputs)})')
        if config:
            self.emit("lookback_days = config.lookback_days")
        if warehouse:
            table = f"{rng.choice(SOURCE_SYSTEMS)}.{name}"
            self.emit(f'rows: list[dict[str, Any]] = warehouse.query("select * from {table}")')
        elif len(inputs) == 1:
            self.emit(f"rows: list[dict[str, Any]] = list({inputs[0]} or [])")
        elif inputs:
            self.emit("rows: list[dict[str, Any]] = []", f"for batch in ({', '.join(inputs)}):",
                      "    rows.extend(batch or [])")
        else:
            column = rng.choice(DIMENSIONS)
            self.emit("# sample rows until the upstream feed is wired in",
                      "rows: list[dict[str, Any]] = [",
                      f'    {{"id": n, "{column}": "n/a", "amount": n * 1.5, "updated_at": "2024-01-01"}}',
                      f"    for n in range({rng.choice([10, 50, 100, 250])})",
                      "]")
        if config:
            self.emit("rows = rows[-lookback_days * 1000 :]")

    def block(self, choice: int, inputs: list[str], *, context: bool) -> None:
        """One transformation of `rows`."""
        rng = self.rng
        id_column = rng.choice(ID_COLUMNS)
        if choice == 0:
            self.emit("# keep the latest record per natural key",
                      "latest: dict[str, dict[str, Any]] = {}",
                      "for row in rows:",
                      f'    natural_key = str(row.get("{id_column}", ""))',
                      "    if not natural_key:",
                      "        continue",
                      "    previous = latest.get(natural_key)",
                      '    if previous is None or row.get("updated_at", "") >= previous.get("updated_at", ""):',
                      "        latest[natural_key] = row",
                      "rows = list(latest.values())")
            self.metadata["distinct_keys"] = "len(latest)"
        elif choice == 1:
            column = rng.choice(TEXT_COLUMNS)
            self.emit("cleaned: list[dict[str, Any]] = []",
                      "for row in rows:",
                      "    record = {str(k).lower().strip(): v for k, v in row.items()}",
                      f'    record["{column}"] = str(record.get("{column}") or "").strip().lower()',
                      f'    record.setdefault("currency", "{rng.choice(CURRENCIES)}")',
                      "    cleaned.append(record)",
                      "rows = cleaned")
        elif choice == 2:
            day = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            self.emit(f'cutoff = "{day}"',
                      'rows = [row for row in rows if str(row.get("updated_at", "")) >= cutoff]')
            if context:
                self.emit('context.log.debug(f"{len(rows)} rows on or after {cutoff}")')
        elif choice == 3:
            dimension, measure = rng.choice(DIMENSIONS), rng.choice(MEASURES)
            top = rng.randint(3, 10)
            self.emit("totals: dict[str, float] = {}",
                      "for row in rows:",
                      f'    bucket = str(row.get("{dimension}", "unknown"))',
                      f'    totals[bucket] = totals.get(bucket, 0.0) + float(row.get("{measure}", 0) or 0)',
                      f"top_buckets = sorted(totals.items(), key=lambda item: item[1], reverse=True)[:{top}]")
            self.metadata[f"top_{dimension}"] = "dict(top_buckets)"
        elif choice == 4:
            right = inputs[1]  # rows already hold the first input
            self.emit(f"# enrich with {words(right)}",
                      f'index = {{str(row.get("{id_column}")): row for row in ({right} or [])}}',
                      "joined: list[dict[str, Any]] = []",
                      "for row in rows:",
                      f'    match = index.get(str(row.get("{id_column}")))',
                      '    joined.append({**row, **(match or {}), "matched": match is not None})',
                      "rows = joined")
            self.metadata["unmatched"] = 'sum(1 for row in rows if not row["matched"])'
        elif choice == 5:
            if context:
                self.emit("if not rows:",
                          '    context.log.warning("no rows; an upstream table may be late")')
            else:
                self.emit("if not rows:", "    rows = []")
        elif choice == 6:
            measure = rng.choice(MEASURES)
            rate = rng.choice(["0.92", "1.08", "1.17", "0.0091"])
            self.emit(f"# convert {measure} to the reporting currency",
                      "for row in rows:",
                      '    if row.get("currency") not in (None, "USD"):',
                      f'        row["{measure}"] = round(float(row.get("{measure}", 0) or 0) * {rate}, 2)',
                      '        row["currency"] = "USD"')
        else:
            self.ctx.std("from collections import Counter")
            dimension = rng.choice(DIMENSIONS)
            self.emit(f'counts = Counter(str(row.get("{dimension}", "unknown")) for row in rows)',
                      "most_common = counts.most_common(5)")
            self.metadata[f"{dimension}_counts"] = "dict(most_common)"

    def blocks(self, inputs: list[str], *, context: bool, target_lines: int) -> None:
        while len(self.lines) < target_lines and self.remaining:
            choice = self.remaining.pop()
            if choice == 4 and len(inputs) < 2:
                continue  # a join needs two inputs
            self.block(choice, inputs, context=context)

    def metadata_dict(self, used: int) -> str:
        items = [('"row_count"', "len(rows)")] + [(f'"{key}"', value) for key, value in self.metadata.items()]
        return dict_expr(items, used)

    # -- endings -----------------------------------------------------------------------------------

    def return_rows(self, *, context: bool) -> None:
        if context:
            self.emit(*statement("", lambda used: call_expr(
                "context.add_output_metadata", [self.metadata_dict(used + 28)], used + 4)))
        self.emit("return rows")

    def return_materialize(self) -> None:
        result = self.ctx.dg("MaterializeResult")
        self.emit(*statement("return ", lambda used: call_expr(
            result, [f"metadata={self.metadata_dict(used + len(result) + 14)}"], used + 4)))

    def return_outputs(self, count: int) -> None:
        """`return part_0, part_1, ...`: the rows split between `count` outputs."""
        names = []
        for position in range(count):
            variable = f"part_{position}"
            self.emit(f"{variable} = [row for index, row in enumerate(rows) if index % {count} == {position}]")
            names.append(variable)
        self.emit(f"return {', '.join(names)}")

    def yield_outputs(self) -> None:
        output = self.ctx.dg("Output")
        self.emit("for output_name in sorted(context.selected_output_names):",
                  '    selected = [row for row in rows if row.get("segment", output_name) == output_name]',
                  f"    yield {output}(selected, output_name=output_name, metadata={{\"row_count\": len(selected)}})")

    def yield_materializations(self) -> None:
        result = self.ctx.dg("MaterializeResult")
        self.emit("for asset_key in sorted(context.selected_asset_keys, key=lambda k: k.to_user_string()):",
                  '    context.log.info("materializing %s", asset_key.to_user_string())',
                  *statement("yield ", lambda used: call_expr(
                      result, ["asset_key=asset_key", f"metadata={self.metadata_dict(used + 30)}"], used + 8),
                      indent="    "))
