"""The mutation benchmark's pytest plugin (bench/mutation_plugin.py) names the tests that fail
without a mutant by node id: a passing test of another module with the same name stays in."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"


def test_failing_tests_are_written_by_node_id(tmp_path: Path) -> None:
    (tmp_path / "test_a.py").write_text("def test_same():\n    assert False\n")
    (tmp_path / "test_b.py").write_text(
        "import pytest\n\n\n"
        "@pytest.fixture\ndef broken():\n    raise RuntimeError\n\n\n"
        "def test_same():\n    pass\n\n\n"
        "def test_setup(broken):\n    pass\n"
    )
    failed = tmp_path / "failed.txt"
    env = {**os.environ, "PYTHONPATH": str(BENCH), "MUTATION_FAILED_FILE": str(failed)}
    env.pop("PYTEST_ADDOPTS", None)
    subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "mutation_plugin", "-p", "no:cacheprovider"]
        + ["-c", os.devnull, "--rootdir", str(tmp_path), str(tmp_path)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        check=False,
    )
    assert failed.read_text().splitlines() == ["test_a.py::test_same", "test_b.py::test_setup"]
