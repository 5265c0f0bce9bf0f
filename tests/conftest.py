"""Shared test setup: the analyzer's facts cache goes to a temporary folder, never the user's."""
from __future__ import annotations

import pytest


@pytest.fixture(autouse=True, scope="session")
def _isolated_cache_home(tmp_path_factory: pytest.TempPathFactory) -> None:
    import os

    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))
