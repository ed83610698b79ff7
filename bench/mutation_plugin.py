"""A pytest plugin for bench/mutation.py: while the suite runs under coverage, each test's
lines are recorded under the test's node id (its coverage "context"), so the runner knows
which tests execute each line of a module; the node ids of the tests that fail (or error) are
written, one a line, to the file named by MUTATION_FAILED_FILE, and those of every test that
passed to MUTATION_PASSED_FILE (for a module whose lines all run on import). Loaded with
``-p mutation_plugin``."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

_failed: set[str] = set()
_passed: set[str] = set()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: Any, nextitem: Any) -> Iterator[None]:
    import coverage

    current = coverage.Coverage.current()
    if current is not None:
        current.switch_context(item.nodeid)
    yield
    if current is not None:
        current.switch_context("")


def pytest_runtest_logreport(report: Any) -> None:
    if report.failed:
        _failed.add(report.nodeid)
    elif report.when == "call" and report.passed:
        _passed.add(report.nodeid)


def pytest_sessionfinish(session: Any, exitstatus: int) -> None:
    path = os.environ.get("MUTATION_FAILED_FILE")
    if path:
        Path(path).write_text("".join(f"{nodeid}\n" for nodeid in sorted(_failed)))
    path = os.environ.get("MUTATION_PASSED_FILE")
    if path:
        passed = _passed - _failed
        Path(path).write_text("".join(f"{nodeid}\n" for nodeid in sorted(passed)))
