"""`AutomationCondition`: when Dagster's daemon should materialize an asset. A materialize run does not
evaluate it, so the builtin engine keeps it as the expression it is (Dagster's constructors and
operators, its label), attached to the asset's spec; asking to evaluate one fails, naming the feature."""

from __future__ import annotations

from typing import Any

from assetlens.runtime.errors import UnsupportedByBuiltinEngine

# Dagster 1.13's static constructors of AutomationCondition.
_CONSTRUCTORS = (
    "all_checks_match", "all_deps_blocking_checks_passed", "all_deps_match", "all_deps_updated_since_cron",
    "all_job_root_assets_match", "all_new_updates_have_run_tags", "any_checks_match", "any_deps_in_progress",
    "any_deps_match", "any_deps_missing", "any_deps_updated", "any_downstream_conditions",
    "any_job_root_assets_match", "any_new_update_has_run_tags", "asset_matches", "backfill_in_progress",
    "check_failed", "check_passed", "code_version_changed", "cron_tick_passed", "data_version_changed", "eager",
    "executed_with_root_target", "executed_with_tags", "execution_failed", "freshness_failed", "freshness_passed",
    "freshness_warned", "in_latest_time_window", "in_progress", "initial_evaluation", "missing", "newly_missing",
    "newly_requested", "newly_updated", "on_cron", "on_missing", "run_in_progress", "will_be_requested",
)  # fmt: skip


class AutomationCondition:
    """An automation condition expression (kept, never evaluated by a run)."""

    def __init__(
        self,
        name: str,
        args: tuple[Any, ...] = (),
        kwargs: dict[str, Any] | None = None,
        children: tuple[AutomationCondition, ...] = (),
        label: str | None = None,
    ) -> None:
        self.name = name
        self.args = args
        self.kwargs = dict(kwargs or {})
        self.children = children
        self._label = label

    def __repr__(self) -> str:
        if self.name in ("&", "|"):
            return "(" + f" {self.name} ".join(map(repr, self.children)) + ")"
        if self.name == "~":
            return f"~{self.children[0]!r}"
        arguments = ", ".join([repr(a) for a in self.args] + [f"{k}={v!r}" for k, v in self.kwargs.items()])
        if self.children:  # a method called on a condition: `receiver.name(arguments)`
            return f"{self.children[0]!r}.{self.name}({arguments})"
        return f"AutomationCondition.{self.name}({arguments})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, AutomationCondition) and repr(other) == repr(self)

    def __hash__(self) -> int:
        return hash(repr(self))

    def __and__(self, other: AutomationCondition) -> AutomationCondition:
        return AutomationCondition("&", children=(self, other))

    def __or__(self, other: AutomationCondition) -> AutomationCondition:
        return AutomationCondition("|", children=(self, other))

    def __invert__(self) -> AutomationCondition:
        return AutomationCondition("~", children=(self,))

    def _derived(self, name: str, *args: Any, **kwargs: Any) -> AutomationCondition:
        return AutomationCondition(name, args, kwargs, children=(self,))

    def since(self, reset_condition: AutomationCondition) -> AutomationCondition:
        return self._derived("since", reset_condition)

    def since_last_handled(self) -> AutomationCondition:
        return self._derived("since_last_handled")

    def newly_true(self) -> AutomationCondition:
        return self._derived("newly_true")

    def with_label(self, label: str | None) -> AutomationCondition:
        return AutomationCondition(self.name, self.args, self.kwargs, self.children, label)

    def get_label(self) -> str | None:
        return self._label

    def without(self, condition: AutomationCondition) -> AutomationCondition:
        return self._derived("without", condition)

    def allow(self, selection: Any) -> AutomationCondition:
        return self._derived("allow", selection)

    def ignore(self, selection: Any) -> AutomationCondition:
        return self._derived("ignore", selection)

    def replace(self, old: Any, new: AutomationCondition) -> AutomationCondition:
        return self._derived("replace", old, new)

    def evaluate(self, *args: Any, **kwargs: Any) -> Any:
        raise UnsupportedByBuiltinEngine("evaluating automation conditions", "the daemon's job")


def _constructor(name: str) -> Any:
    def construct(*args: Any, **kwargs: Any) -> AutomationCondition:
        return AutomationCondition(name, args, kwargs)

    construct.__name__ = name
    construct.__doc__ = f"`AutomationCondition.{name}(...)`, kept as data."
    return staticmethod(construct)


for _name in _CONSTRUCTORS:
    setattr(AutomationCondition, _name, _constructor(_name))
