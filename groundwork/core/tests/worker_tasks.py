"""Tasks used by the worker tests: one that always raises, one that leaves a trace in a file."""

from pathlib import Path

from django_tasks import task


@task()
def always_fails() -> None:
    raise RuntimeError("this task always fails")


@task()
def write_file(*, path: str, text: str) -> str:
    with Path(path).open("a", encoding="utf-8") as out:
        out.write(text + "\n")
    return text
