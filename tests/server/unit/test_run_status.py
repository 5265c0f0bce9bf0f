"""The status lens's words for the runtime's staleness."""
from __future__ import annotations

from assetlens.runtime.run_store import MaterializationRecord
from assetlens.runtime.staleness import AssetState, assess_staleness
from assetlens.server.run_status import ago, lens_title

NOW = 1_000_000.0


def record(key: tuple[str, ...], end: float, status: str = "success", code_version: str | None = "2", fingerprint: str = "f") -> MaterializationRecord:
    fields = MaterializationRecord.__dataclass_fields__
    values = {
        "id": 1, "run_id": "r1", "key": key, "status": status, "start_time": end - 1, "end_time": end,
        "code_version": code_version, "fingerprint": fingerprint, "data_version": None, "metadata": {}, "error": None,
    }
    return MaterializationRecord(**{name: values[name] for name in fields if name in values})  # the rest: defaults


def test_titles_for_each_state() -> None:
    key = ("orders",)
    never = assess_staleness([AssetState(key, "2", "f")], {})[key]
    assert lens_title([never], NOW) == "never materialized"
    fresh = assess_staleness([AssetState(key, "2", "f")], {key: record(key, NOW - 300)})[key]
    assert lens_title([fresh], NOW) == "materialized 5 min ago · v2"
    changed = assess_staleness([AssetState(key, "2", "g")], {key: record(key, NOW - 300)})[key]
    assert lens_title([changed], NOW) == "stale: code changed"
    bumped = assess_staleness([AssetState(key, "3", "g")], {key: record(key, NOW - 300)})[key]
    assert lens_title([bumped], NOW) == "stale: code version changed"
    failed = assess_staleness([AssetState(key, "2", "f")], {}, {key: record(key, NOW, status="failure")})[key]
    assert lens_title([failed], NOW) == "last run failed"
    assert lens_title([], NOW) is None


def test_ages() -> None:
    assert ago(NOW - 10, NOW) == "just now"
    assert ago(NOW - 7200, NOW) == "2 h ago"
    assert ago(NOW - 86400, NOW) == "1 day ago"
    assert ago(NOW - 3 * 86400, NOW) == "3 days ago"


def check(name: str, status: str, severity: str = "ERROR"):
    from assetlens.runtime.run_store import CheckRecord

    return CheckRecord("r1", ("orders",), name, status, severity, False, NOW, None, {}, None)


def test_check_words_for_the_lens() -> None:
    from assetlens.server.run_status import checks_title, shown_status

    assert checks_title([]) is None
    assert checks_title([check("a", "skipped")]) is None
    assert checks_title([check("a", "passed")]) == "1 check passed"
    assert checks_title([check("a", "passed"), check("b", "passed")]) == "2 checks passed"
    assert checks_title([check("a", "passed"), check("b", "failed")]) == "check b failed"
    assert checks_title([check("a", "error")]) == "check a errored"
    assert checks_title([check("a", "failed"), check("b", "error"), check("c", "passed")]) == "2 of 3 checks failed"
    # a cancelled last attempt is shown as canceled, a failed one as failed
    key = ("orders",)
    canceled = assess_staleness([AssetState(key, "2", "f")], {}, {key: record(key, NOW, status="canceled")})[key]
    failed = assess_staleness([AssetState(key, "2", "f")], {}, {key: record(key, NOW, status="failure")})[key]
    assert (shown_status(canceled), shown_status(failed)) == ("canceled", "failed")
    assert (lens_title([canceled], NOW), lens_title([failed], NOW)) == ("last run canceled", "last run failed")
