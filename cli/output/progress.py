"""A progress bar for long analyses, drawn on stderr only with text output and only when both stdout
and stderr are terminals: so not in pipes, files or machine-readable output (nor in a CI log, unless
the CI runs the command under a pseudo-terminal — it looks at the terminal, not at the CI)."""
from __future__ import annotations

import sys
import time
from typing import TextIO


class ProgressBar:
    """Callable as `analyze_workspace(progress=...)`: (done, total) -> draws `[####----] 12/40 files`."""

    def __init__(self, stream: TextIO, label: str = "analysing", width: int = 30, interval: float = 0.1) -> None:
        self.stream = stream
        self.label = label
        self.width = width
        self.interval = interval
        self._last = 0.0
        self._drawn = False

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self._last < self.interval:
            return
        self._last = now
        filled = self.width if total == 0 else int(self.width * done / total)
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r{self.label} [{bar}] {done}/{total} files")
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        if self._drawn:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self._drawn = False


def progress_bar_if_terminal(enabled: bool) -> ProgressBar | None:
    """A bar on stderr when `enabled` (text output) and stdout and stderr are both terminals."""
    if not enabled or not (sys.stdout.isatty() and sys.stderr.isatty()):
        return None
    return ProgressBar(sys.stderr)
