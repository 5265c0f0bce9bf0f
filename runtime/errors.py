"""Errors raised by the builtin engine, named and shaped like Dagster's so user code that catches them
keeps working, plus the one error that is ours: a Dagster feature the builtin engine does not have."""

from __future__ import annotations

ENGINE_HINT = "run it with the real Dagster engine instead (`assetlens materialize --engine dagster`)"


class DagsterError(Exception):
    """Base class of the errors user code may catch (mirrors `dagster.DagsterError`)."""


class DagsterInvalidDefinitionError(DagsterError):
    """A definition (asset, op, graph, spec) is malformed."""


class DagsterInvariantViolationError(DagsterError):
    """Something Dagster forbids happened while running (a bad return value, a duplicate output...)."""


class DagsterInvalidInvocationError(DagsterError):
    """A definition was invoked with the wrong arguments."""


class DagsterInvalidSubsetError(DagsterError):
    """A selection cannot be executed (a non-subsettable multi-asset was partially selected)."""


class DagsterTypeCheckDidNotPass(DagsterError):
    """A value does not match the Dagster type of its input or output."""


class DagsterAssetCheckFailedError(DagsterError):
    """A blocking asset check failed with ERROR severity (the step fails after its outputs are stored)."""


class DagsterStepOutputNotFoundError(DagsterError):
    """A compute function did not produce a required output."""


class DagsterExecutionStepExecutionError(DagsterError):
    """User code raised while an asset was computed (the user's error is the `__cause__`)."""


class DagsterInvalidConfigError(DagsterError):
    """Run config does not match a config schema or `Config` class."""


class DagsterUnknownResourceError(DagsterError):
    """A resource was requested that was not provided."""


class Failure(DagsterError):
    """Raised by user code to fail an asset with a description and metadata (mirrors `dagster.Failure`)."""

    def __init__(self, description: str | None = None, metadata: dict | None = None, allow_retries: bool | None = None):
        super().__init__(description)
        self.description = description
        self.metadata = dict(metadata or {})
        self.allow_retries = True if allow_retries is None else allow_retries


class UnsupportedByBuiltinEngine(ImportError):
    """A Dagster name or argument the builtin engine does not implement.

    It is an ImportError so `from dagster import X` fails with this message, not a generic one; the
    message names the feature and points to the Dagster engine.
    """

    def __init__(self, feature: str, detail: str = "") -> None:
        self.feature = feature
        message = f"{feature} is not implemented by assetlens's builtin engine"
        if detail:
            message += f" ({detail})"
        super().__init__(f"{message}; {ENGINE_HINT}.")


class RunRefused(Exception):
    """A mistake in what was asked (an unknown `--partition` key), found before anything ran: the worker
    reports the run as refused, with a message saying what to do, and the CLI exits 2 (a usage error)."""
