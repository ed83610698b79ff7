"""How the mutation benchmark (bench/mutation.py) picks the tests of a removed decorator: the
tests that run the body it decorates, and the module's import-time fallback only when no test
runs that body."""

from __future__ import annotations

import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import mutation  # noqa: E402

SOURCE = """\
class Stored:
    name = "x"

    @classmethod
    def load(cls, data):
        return cls()


@property
def unused(self):
    return 1
"""


def test_a_removed_decorator_runs_the_tests_of_the_body_it_decorates() -> None:
    bodies = mutation.decorated_bodies(SOURCE)
    assert bodies == {4: range(6, 7), 9: range(11, 12)}
    by_line = {
        1: {"test_import"},
        4: set(),  # the decorator line runs on import, under no test
        6: {"test_round_trip"},
        9: set(),
    }
    found = mutation.tests_for(4, by_line, "pkg/stored.py", body=bodies[4])
    assert found == ["test_round_trip"]
    # No test runs the body: the module's import-time fallback (every test of the module).
    assert mutation.tests_for(9, by_line, "pkg/stored.py", body=bodies[9]) == [
        "test_import",
        "test_round_trip",
    ]


def test_an_import_line_runs_every_test_of_its_app_then_others_up_to_the_cap(
    monkeypatch,
) -> None:
    monkeypatch.setattr(mutation, "IMPORT_LINE_TESTS", 2)
    by_line = {1: set(), 5: {"pkg/tests/test_z.py::test_uses_it"}}
    passed = ["pkg/tests/test_a.py::test_other", "pkg/tests/test_b.py::test_other"]
    # A constant on line 1: every test of the app, more than the cap (a caller in another
    # module of the app may be the one that reads it), and no test of another app.
    by_line[5].add("other/tests/test_o.py::test_runs_it_too")
    assert mutation.tests_for(1, by_line, "pkg/themes.py", passed) == [
        "pkg/tests/test_a.py::test_other",
        "pkg/tests/test_b.py::test_other",
        "pkg/tests/test_z.py::test_uses_it",
    ]
    # Under the cap, other apps' tests that run the module fill it.
    monkeypatch.setattr(mutation, "IMPORT_LINE_TESTS", 4)
    assert "other/tests/test_o.py::test_runs_it_too" in mutation.tests_for(
        1, by_line, "pkg/themes.py", passed
    )


def test_a_kill_counts_only_when_the_failing_test_passes_without_the_mutant(
    monkeypatch, tmp_path
) -> None:
    outcome = {
        "pkg/tests/test_a.py::test_flaky": "killed",
        "pkg/tests/test_a.py::test_ok": "survived",
    }
    monkeypatch.setattr(mutation, "run_tests", lambda work, tests, timeout: (outcome[tests[0]], ""))
    flaky = "FAILED pkg/tests/test_a.py::test_flaky - hypothesis.errors.FailedHealthCheck"
    status, detail = mutation.confirmed(tmp_path, "killed", flaky, 60)
    assert status == "survived" and "test_flaky fails without the mutant" in detail
    real = "FAILED pkg/tests/test_a.py::test_ok - AssertionError: assert 2 == 3"
    assert mutation.confirmed(tmp_path, "killed", real, 60) == ("killed", real)
    assert mutation.confirmed(tmp_path, "killed", "timed out", 60) == ("killed", "timed out")


def test_the_failing_test_is_read_from_pytests_summary_not_from_captured_logs() -> None:
    lines = [
        "ERROR    django.request:log.py:241 Internal Server Error: /c/alder/p/2026/votes/1/",
        "FAILED groundwork/plans/tests/test_budgets.py::test_turnout - KeyError: 'channel'",
        "1 failed in 3.21s",
    ]
    assert mutation.failed_test(lines) == lines[1]
    collecting = ["ERROR groundwork/plans/tests/test_budgets.py - ImportError: cannot import"]
    assert mutation.failed_test(collecting) == collecting[0]
    assert mutation.failed_test(lines[:1] + lines[2:]) is None
