"""The engine as a library (`from assetlens.runtime import asset, materialize`): results, direct
invocation, contexts, config and resources, and the definition errors Dagster raises.

No `from __future__ import annotations` here: like Dagster, the engine compares the `context`
annotation unevaluated, so a string annotation is refused (see the last test)."""

import pytest
from assetlens.runtime import (
    AssetExecutionContext,
    AssetIn,
    AssetKey,
    AssetOut,
    Config,
    ConfigurableResource,
    DagsterInvalidDefinitionError,
    DagsterInvalidInvocationError,
    DagsterTypeCheckDidNotPass,
    Output,
    asset,
    build_asset_context,
    materialize,
    materialize_to_memory,
    multi_asset,
)


@asset
def base() -> list[int]:
    return [1, 2]


@asset
def appended(base: list[int]) -> list[int]:
    base.append(3)  # mutates its input: other consumers must not see it
    return base


@asset
def untouched(base: list[int]) -> list[int]:
    return base


def test_materialize_returns_values_and_events() -> None:
    result = materialize([base, appended, untouched])
    assert result.success
    assert result.asset_value("appended") == [1, 2, 3]
    assert result.asset_value(AssetKey("untouched")) == [1, 2], "values are copies, as through a store"
    assert result.output_for_node("base") == [1, 2]
    assert [e.asset_key for e in result.get_asset_materialization_events()] == [
        AssetKey("base"),
        AssetKey("appended"),
        AssetKey("untouched"),
    ]


def test_materialize_to_memory_passes_objects() -> None:
    result = materialize_to_memory([base, appended, untouched], selection=[base, appended])
    assert result.asset_value("appended") == [1, 2, 3]
    assert result.asset_value("base") == [1, 2, 3], "the same object, as with Dagster's mem_io_manager"


def test_raise_on_error_raises_the_user_error() -> None:
    @asset
    def fails():
        raise KeyError("missing")

    with pytest.raises(KeyError, match="missing"):
        materialize([fails])
    result = materialize([fails], raise_on_error=False)
    assert not result.success


def test_direct_invocation_and_contexts() -> None:
    assert appended([5]) == [5, 3]
    with pytest.raises(DagsterTypeCheckDidNotPass):
        appended("not a list")

    @asset
    def needs_context(context: AssetExecutionContext) -> str:
        return context.run_id

    with pytest.raises(DagsterInvalidInvocationError, match="no context was provided"):
        needs_context()
    assert needs_context(build_asset_context()) == "EPHEMERAL"


def test_config_and_resources() -> None:
    class Multiplier(ConfigurableResource):
        factor: int = 2

    class Params(Config):
        offset: int

    @asset
    def scaled(base: list[int], multiplier: Multiplier, config: Params) -> list[int]:
        return [x * multiplier.factor + config.offset for x in base]

    result = materialize(
        [base, scaled],
        resources={"multiplier": Multiplier(factor=10)},
        run_config={"ops": {"scaled": {"config": {"offset": 1}}}},
    )
    assert result.asset_value("scaled") == [11, 21]
    with pytest.raises(Exception, match="offset"):
        materialize([base, scaled], resources={"multiplier": Multiplier()})


def test_multi_asset_outputs_and_metadata() -> None:
    @multi_asset(outs={"a": AssetOut(), "b": AssetOut(key_prefix="p")})
    def pair():
        yield Output(1, output_name="a", metadata={"n": 1})
        yield Output(2, output_name="b")

    result = materialize([pair])
    assert result.asset_value("a") == 1 and result.asset_value(["p", "b"]) == 2
    assert result.asset_materializations_for_node("pair")[0].metadata["n"].value == 1


def _string_annotated_context(context: "AssetExecutionContext"):  # noqa: UP037 - the point of the test
    return 1


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: asset(name="context")(lambda: 1), "conflicts with a Dagster or python reserved keyword"),
        (lambda: asset(key="k", name="n")(lambda: 1), "Cannot specify a name or key prefix for @asset when the key"),
        (lambda: asset(ins={"missing": AssetIn()})(lambda x: x), "does not correspond to any of the names"),
        (lambda: asset(key=["a/b"])(lambda: 1), "is not a valid name in Dagster"),
        (
            lambda: asset(deps=["a"], non_argument_deps={"b"})(lambda: 1),
            "Cannot specify both deps and non_argument_deps",
        ),
        (
            lambda: asset(_string_annotated_context),
            "Cannot annotate `context` parameter with type AssetExecutionContext",
        ),
    ],
)
def test_definition_errors_match_dagster(build, message: str) -> None:
    with pytest.raises(DagsterInvalidDefinitionError, match=message):
        build()


def test_automation_conditions_are_kept_not_evaluated() -> None:
    from assetlens.runtime import AutomationCondition

    condition = (
        AutomationCondition.eager().without(AutomationCondition.in_latest_time_window())
        | ~AutomationCondition.missing()
    )

    @asset(automation_condition=condition)
    def automated() -> int:
        return 1

    assert automated.get_asset_spec().__dict__["automation_condition"] == condition
    assert "AutomationCondition.eager()" in repr(condition)
    assert materialize([automated]).asset_value("automated") == 1
