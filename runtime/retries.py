"""Retry policies (`RetryPolicy`, `Backoff`, `Jitter`), with Dagster's delays: a step whose compute
function raises is run again, up to `max_retries` times, unless it raised `Failure(allow_retries=False)`."""

from __future__ import annotations

import enum
import random

from assetlens.runtime.errors import DagsterInvalidDefinitionError, Failure


class Backoff(enum.Enum):
    """LINEAR: `attempt_num * delay`; EXPONENTIAL: `((2 ^ attempt_num) - 1) * delay`."""

    LINEAR = "LINEAR"
    EXPONENTIAL = "EXPONENTIAL"


class Jitter(enum.Enum):
    """FULL: `random() * backoff_delay`; PLUS_MINUS: `backoff_delay + ((2 * (random() * delay)) - delay)`."""

    FULL = "FULL"
    PLUS_MINUS = "PLUS_MINUS"


class RetryPolicy:
    """How many times to retry a failing op or asset, and how long to wait before each retry."""

    def __init__(
        self,
        max_retries: int = 1,
        delay: float | None = None,
        backoff: Backoff | None = None,
        jitter: Jitter | None = None,
    ) -> None:
        if backoff is not None and delay is None:
            raise DagsterInvalidDefinitionError("Can not set jitter on RetryPolicy without also setting delay")
        if jitter is not None and delay is None:
            raise DagsterInvalidDefinitionError("Can not set backoff on RetryPolicy without also setting delay")
        if not isinstance(max_retries, int) or isinstance(max_retries, bool):
            raise TypeError(f'Param "max_retries" is not an int. Got {max_retries!r}.')
        self.max_retries = max_retries
        self.delay = delay
        self.backoff = backoff
        self.jitter = jitter

    def calculate_delay(self, attempt_num: int) -> float:
        base = self.delay or 0
        if self.backoff is Backoff.EXPONENTIAL:
            delay = ((2**attempt_num) - 1) * base
        elif self.backoff is Backoff.LINEAR:
            delay = base * attempt_num
        else:
            delay = base
        if self.jitter is Jitter.FULL:
            delay = random.random() * delay
        elif self.jitter is Jitter.PLUS_MINUS:
            delay = delay + ((2 * (random.random() * base)) - base)
        return delay

    def allows_retry(self, error: BaseException, attempt: int) -> bool:
        """After attempt number `attempt` (0 for the first) failed with `error`."""
        if isinstance(error, Failure) and not error.allow_retries:
            return False
        return attempt < self.max_retries

    def __repr__(self) -> str:
        return f"RetryPolicy(max_retries={self.max_retries}, delay={self.delay}, backoff={self.backoff}, jitter={self.jitter})"
