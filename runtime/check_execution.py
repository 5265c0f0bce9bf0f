"""Running `@asset_check`s in a builtin run, as Dagster runs them in `materialize`: every check on an asset
the run materializes runs right after that asset, with the asset's value as its one non-context,
non-resource parameter (if it has one). A check that returns `passed=False` is recorded as failed; one
that raises is an error and fails the run; a failed or erroring *blocking* check also fails the run and
skips everything downstream of its asset."""

from __future__ import annotations

import inspect
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from assetlens.runtime.asset_checks import (
    AssetCheckKey,
    AssetCheckResult,
    AssetChecksDefinition,
    AssetCheckSeverity,
    AssetCheckSpec,
)
from assetlens.runtime.config import is_resource_annotation
from assetlens.runtime.errors import DagsterInvariantViolationError
from assetlens.runtime.keys import AssetKey
from assetlens.runtime.metadata import MetadataValue, normalize_metadata


@dataclass
class CheckOutcome:
    key: AssetKey
    check_name: str
    status: str  # passed | failed | error
    severity: str
    blocking: bool
    description: str | None = None
    metadata: dict[str, MetadataValue] = field(default_factory=dict)
    error: str | None = None
    time: float = 0.0

    @property
    def stops_downstream(self) -> bool:
        """As in Dagster: a blocking check that raised, or failed with ERROR severity (WARN lets it through)."""
        return self.blocking and (self.status == "error" or (self.status == "failed" and self.severity == "ERROR"))

    @property
    def fails_run(self) -> bool:
        return self.status == "error" or self.stops_downstream

    @classmethod
    def of_result(cls, spec: AssetCheckSpec, result: AssetCheckResult) -> CheckOutcome:
        """The outcome an `AssetCheckResult` for `spec` records (from an @asset_check, or yielded by the
        asset or a graph op for one of its `check_specs`)."""
        return cls(
            spec.asset_key,
            spec.name,
            "passed" if result.passed else "failed",
            severity_name(result.severity),
            spec.blocking,
            result.description,
            normalize_metadata(result.metadata),
            time=time.time(),
        )


class AssetCheckExecutionContext:
    """What a check function receives as `context` (the parts of Dagster's that a check uses)."""

    def __init__(self, run: Any, resources: Any, log: Any, check_specs: tuple[AssetCheckSpec, ...]) -> None:
        self.run = run
        self.dagster_run = run
        self.resources = resources
        self.log = log
        self.check_specs = list(check_specs)

    @property
    def run_id(self) -> str:
        return self.run.run_id

    @property
    def op_execution_context(self) -> AssetCheckExecutionContext:
        return self


def checks_on(checks: Iterable[AssetChecksDefinition], keys: set[AssetKey]) -> list[AssetChecksDefinition]:
    """The checks whose every target is one of `keys` (Dagster includes a selected asset's checks)."""
    return [check for check in checks if check.specs and all(spec.asset_key in keys for spec in check.specs)]


def _is_context(parameter: inspect.Parameter) -> bool:
    annotation = parameter.annotation
    name = getattr(annotation, "__name__", str(annotation))
    return parameter.name == "context" or (isinstance(name, str) and name.endswith("Context"))


def run_check(
    check: AssetChecksDefinition,
    *,
    load_value: Callable[[AssetKey], Any],
    resources: Mapping[str, Any],
    run: Any,
    log: Any,
    format_error: Callable[[BaseException], str],
) -> list[CheckOutcome]:
    """Run one check definition; one outcome per check spec it declares."""
    from assetlens.runtime.context import Resources

    specs = {spec.name: spec for spec in check.specs}
    kwargs: dict[str, Any] = {}
    try:
        for parameter in inspect.signature(check.fn).parameters.values():
            if _is_context(parameter):
                kwargs[parameter.name] = AssetCheckExecutionContext(run, Resources(dict(resources)), log, check.specs)
            elif is_resource_annotation(parameter.annotation) or parameter.name in resources:
                kwargs[parameter.name] = resources[parameter.name]
            else:
                kwargs[parameter.name] = load_value(check.specs[0].asset_key)
        returned = check.fn(**kwargs)
        results = list(returned) if inspect.isgenerator(returned) else [returned]
        outcomes = []
        for result in results:
            if not isinstance(result, AssetCheckResult):
                raise DagsterInvariantViolationError(
                    f"asset check '{check.name}' returned {type(result).__name__}; it must return AssetCheckResult"
                )
            name = result.check_name or (check.specs[0].name if len(check.specs) == 1 else None)
            spec = specs.get(name or "")
            if spec is None:
                raise DagsterInvariantViolationError(
                    f"asset check '{check.name}' returned a result for an unknown check {name!r}"
                )
            outcomes.append(CheckOutcome.of_result(spec, result))
        missing = set(specs) - {outcome.check_name for outcome in outcomes}
        if missing:
            raise DagsterInvariantViolationError(
                f"asset check '{check.name}' did not return a result for {sorted(missing)}"
            )
        return outcomes
    except Exception as error:  # noqa: BLE001 - a check that raises is an error outcome, as in Dagster
        text = format_error(error)
        return [
            CheckOutcome(spec.asset_key, spec.name, "error", "ERROR", spec.blocking, None, {}, text, time.time())
            for spec in check.specs
        ]


def severity_name(value: Any) -> str:
    if isinstance(value, AssetCheckSeverity):
        return value.value
    return str(getattr(value, "value", value) or "ERROR")


def resolve_target_check_key(result: AssetCheckResult, names_by_key: Mapping[AssetKey, list[str]]) -> AssetCheckKey:
    """Dagster's `AssetCheckResult.resolve_target_check_key`: which of the step's checks a result is for."""
    if not names_by_key:
        raise DagsterInvariantViolationError(
            "Received unexpected AssetCheckResult. No AssetCheckSpecs were found for this step."
            "You may need to set `check_specs` on the asset decorator, or you may be emitting an "
            "AssetCheckResult that isn't in the subset passed in `context.selected_asset_check_keys`."
        )
    if result.asset_key is not None:
        key = AssetKey.from_coercible(result.asset_key)
        if key not in names_by_key:
            raise DagsterInvariantViolationError(
                f"Received unexpected AssetCheckResult. It targets asset '{key.to_user_string()}' which is not "
                "targeted by any of the checks currently being evaluated. Targeted assets: "
                f"{[k.to_user_string() for k in names_by_key]}."
            )
    elif len(names_by_key) > 1:
        raise DagsterInvariantViolationError(
            "AssetCheckResult didn't specify an asset key, but there are multiple assets to choose from: "
            f"{[k.to_user_string() for k in names_by_key]}"
        )
    else:
        key = next(iter(names_by_key))
    names = names_by_key[key]
    if result.check_name is not None:
        if result.check_name not in names:
            raise DagsterInvariantViolationError(
                "Received unexpected AssetCheckResult. No checks currently being evaluated target asset "
                f"'{key.to_user_string()}' and have name '{result.check_name}'. Checks being evaluated for this "
                f"asset: {set(names)}"
            )
        return AssetCheckKey(key, result.check_name)
    if len(names) > 1:
        raise DagsterInvariantViolationError(
            "AssetCheckResult result didn't specify a check name, but there are multiple checks to choose from "
            f"for the this asset key: {set(names)}"
        )
    return AssetCheckKey(key, names[0])
