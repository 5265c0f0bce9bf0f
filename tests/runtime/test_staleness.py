"""Staleness rules on plain data (the API the language server and the CLI call)."""

from __future__ import annotations

from assetlens.runtime.run_store import MaterializationRecord
from assetlens.runtime.staleness import (
    CODE_CHANGED,
    CODE_VERSION,
    NEVER,
    UPSTREAM,
    AssetState,
    assess_staleness,
)


def record(
    key, run_id="r1", status="success", start=100.0, end=101.0, code_version="1", fingerprint="f1", logical=None, inputs=None
):
    return MaterializationRecord(
        run_id, tuple(key), status, start, end, code_version, fingerprint, "dv", {}, None, logical, inputs
    )


def codes(result, key):
    return [reason.code for reason in result[key].reasons]


def test_never_materialized() -> None:
    result = assess_staleness([AssetState(("a",), "1", "f1")], {})
    assert result[("a",)].status == "never" and result[("a",)].stale
    assert codes(result, ("a",)) == [NEVER]
    assert result[("a",)].to_protocol() == {
        "key": ["a"],
        "stale": True,
        "reasons": ["never materialized"],
        "lastMaterialization": None,
    }


def test_fresh_when_nothing_changed() -> None:
    result = assess_staleness([AssetState(("a",), "1", "f1")], {("a",): record("a")})
    assert result[("a",)].status == "fresh" and not result[("a",)].stale


def test_code_version_differs() -> None:
    result = assess_staleness([AssetState(("a",), "2", "f2")], {("a",): record("a", code_version="1")})
    assert codes(result, ("a",)) == [CODE_VERSION]
    assert result[("a",)].reasons[0].message == "code version changed ('1' → '2')"


def test_an_asset_without_code_version_is_never_stale_for_its_code() -> None:
    """Dagster's resolver compares code versions only when the asset has one."""
    result = assess_staleness([AssetState(("a",), None, "f1")], {("a",): record("a", code_version="1")})
    assert not result[("a",)].stale
    result = assess_staleness([AssetState(("a",), None, "f2")], {("a",): record("a", code_version=None)})
    assert not result[("a",)].stale, "no 'code changed without bump' for an asset with no code version"


def test_computation_changed_while_code_version_did_not() -> None:
    result = assess_staleness([AssetState(("a",), "1", "f2")], {("a",): record("a", fingerprint="f1")})
    assert codes(result, ("a",)) == [CODE_CHANGED]


def test_a_fingerprint_change_is_not_reported_twice_when_the_version_was_bumped() -> None:
    result = assess_staleness([AssetState(("a",), "2", "f2")], {("a",): record("a", fingerprint="f1")})
    assert codes(result, ("a",)) == [CODE_VERSION]


def test_unknown_fingerprints_do_not_make_an_asset_stale() -> None:
    result = assess_staleness([AssetState(("a",), "1", None)], {("a",): record("a", fingerprint="f1")})
    assert not result[("a",)].stale
    result = assess_staleness([AssetState(("a",), "1", "f9")], {("a",): record("a", fingerprint=None)})
    assert not result[("a",)].stale


def test_upstream_materialized_after_it_in_another_run() -> None:
    latest = {("up",): record("up", run_id="r2", start=200, end=201), ("down",): record("down", start=150, end=151)}
    states = [AssetState(("up",), "1", "f1"), AssetState(("down",), "1", "f1", upstream=(("up",),))]
    result = assess_staleness(states, latest)
    assert codes(result, ("down",)) == [UPSTREAM]
    assert result[("down",)].reasons[0].upstream == ("up",)
    assert result[("down",)].reasons[0].message == "upstream up materialized after it"
    assert not result[("up",)].stale


def test_upstream_of_the_same_run_does_not_count() -> None:
    latest = {
        ("up",): record("up", run_id="r1", start=100, end=102),
        ("down",): record("down", run_id="r1", start=100, end=103),
    }
    result = assess_staleness([AssetState(("down",), "1", "f1", upstream=(("up",),))], latest)
    assert not result[("down",)].stale


def test_a_failed_last_attempt_is_reported_as_failed() -> None:
    latest = {("a",): record("a", end=100)}
    attempts = {("a",): record("a", run_id="r2", status="failure", start=200, end=201)}
    result = assess_staleness([AssetState(("a",), "1", "f1")], latest, attempts)
    assert result[("a",)].status == "failed"
    assert result[("a",)].last == latest[("a",)]
    assert not result[("a",)].stale


def test_protocol_shape() -> None:
    entry = assess_staleness([AssetState(("a", "b"), "2", "f1")], {("a", "b"): record(("a", "b"), end=0.0)})[("a", "b")]
    assert entry.to_protocol() == {
        "key": ["a", "b"],
        "stale": True,
        "reasons": ["code version changed ('1' → '2')"],
        "lastMaterialization": {
            "runId": "r1",
            "endTime": "1970-01-01T00:00:00+00:00",
            "codeVersion": "1",
            "status": "success",
        },
    }


def test_provenance_an_unchanged_upstream_data_version_keeps_it_fresh() -> None:
    """Dagster compares data versions: an upstream re-materialized with the same version changes nothing."""
    latest = {
        ("up",): record("up", run_id="r2", start=200, end=201, logical="v1"),
        ("down",): record("down", start=150, end=151, logical="d1", inputs={("up",): "v1"}),
    }
    states = [AssetState(("down",), "1", "f1", upstream=(("up",),))]
    assert not assess_staleness(states, latest)[("down",)].stale
    latest[("up",)] = record("up", run_id="r3", start=300, end=301, logical="v2")
    result = assess_staleness(states, latest)[("down",)]
    assert [reason.message for reason in result.reasons] == ["upstream up has a new data version"]


def test_provenance_new_and_removed_dependencies_and_never_materialized_sources() -> None:
    latest = {("down",): record("down", logical="d1", inputs={("old",): "x", ("source",): "INITIAL"})}
    states = [AssetState(("down",), "1", "f1", upstream=(("source",), ("new",)))]
    result = assess_staleness(states, latest)[("down",)]
    assert [reason.message for reason in result.reasons] == ["removed dependency on old", "new dependency on new"]
