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
