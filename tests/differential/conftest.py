"""Fixtures of the differential tests: one shared pool of real-Dagster loads per test session.

The first test that needs a Dagster graph starts the loads of every differential case selected in
the session (so they run in parallel, one subprocess each); each test then waits for its own.
"""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from dagster_runs import Case, DagsterRuns

_RUNS = DagsterRuns()


def _selected_cases(session: pytest.Session) -> list[Case]:
    cases: list[Case] = []
    for item in session.items:
        callspec = getattr(item, "callspec", None)
        case = callspec.params.get("case") if callspec is not None else None
        if isinstance(case, Case) and case not in cases:
            cases.append(case)
    return cases


@pytest.fixture(scope="session")
def dagster_runs(request: pytest.FixtureRequest) -> Iterator[DagsterRuns]:
    _RUNS.start(_selected_cases(request.session))
    yield _RUNS
    _RUNS.shutdown()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    summary = _RUNS.summary()
    if summary:
        terminalreporter.write_sep("-", "differential: real Dagster")
        terminalreporter.write_line(summary)
