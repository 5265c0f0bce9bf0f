#!/usr/bin/env bash
# Sets up everything the test suite needs on a fresh machine, then runs it (the README's test command;
# CI runs exactly this through .ci/run). Extra arguments go to pytest, e.g. `./test.sh -m "not slow"`.
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
exec .venv/bin/python -m pytest "$@"
