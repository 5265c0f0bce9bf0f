"""`get_dagster_logger()`: a standard `logging.Logger` whose records become the current run's log lines.
The worker says where lines go (`set_run_log_sink`); `logging` itself is imported only when user code
asks for a logger (or has imported it already), so a run without it does not pay for it."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

_sink: Callable[[str, str], None] | None = None
_handler: Any = None


def _attach() -> None:
    global _handler
    import logging

    if _handler is None:

        class RunLogHandler(logging.Handler):
            def emit(self, record: logging.LogRecord) -> None:
                if _sink is not None:
                    try:
                        _sink(record.levelname, self.format(record))
                    except Exception:  # noqa: BLE001 - logging must never break user code
                        self.handleError(record)

        _handler = RunLogHandler()
    root = logging.getLogger("dagster")
    if _handler not in root.handlers:
        root.addHandler(_handler)
        root.setLevel(logging.DEBUG)
        root.propagate = False


def _detach() -> None:
    if _handler is not None and "logging" in sys.modules:
        import logging

        root = logging.getLogger("dagster")
        if _handler in root.handlers:
            root.removeHandler(_handler)
            root.propagate = True


def set_run_log_sink(sink: Callable[[str, str], None] | None) -> None:
    """Send records of the `dagster` loggers to `sink(level, message)` (None: stop)."""
    global _sink
    _sink = sink
    if sink is None:
        _detach()
    elif "logging" in sys.modules:
        _attach()


def get_dagster_logger(name: str | None = None) -> Any:
    """Dagster's `get_dagster_logger`: a `logging.Logger` under `dagster`."""
    import logging

    if _sink is not None:
        _attach()
    return logging.getLogger(f"dagster.builtin.{name}" if name else "dagster.builtin")
