"""Runs ``manage.py worker`` in a child process for the tests.

    python -m groundwork.core.tests.worker_harness [worker options]

With ``HANG_ANALYSIS_MARKER`` set, an opinion-group computation writes that file and then hangs,
so that a test can ``kill -9`` the worker in the middle of a task.
"""

import os
import sys
import time
from pathlib import Path


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "groundwork.settings")
    import django

    django.setup()
    marker = os.environ.get("HANG_ANALYSIS_MARKER")
    if marker:
        from groundwork.deliberation import analysis

        def hang(run: object) -> None:
            Path(marker).write_text(str(os.getpid()))
            time.sleep(3600)

        analysis.run_compute = hang  # type: ignore[assignment]

    from django.core.management import call_command

    call_command("worker", *sys.argv[1:])


if __name__ == "__main__":
    main()
