"""A pytest plugin for bench/mutation.py: while the suite runs under coverage, each test's
lines are recorded under the test's node id (its coverage "context"), so the runner knows
which tests execute each line of a module. Loaded with ``-p mutation_plugin``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: Any, nextitem: Any) -> Iterator[None]:
    import coverage

    current = coverage.Coverage.current()
    if current is not None:
        current.switch_context(item.nodeid)
    yield
    if current is not None:
        current.switch_context("")
