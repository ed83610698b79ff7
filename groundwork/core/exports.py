"""Rows as CSV and JSON, streamed so that a large export never sits in memory. Cells that a
spreadsheet would run as a formula are defused. Used by every app that exports."""

import csv
import json
from collections.abc import Iterable, Iterator
from typing import Any

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    def write(self, value: str) -> str:
        return value


def spreadsheet_safe(value: Any) -> Any:
    """A leading apostrophe keeps "=HYPERLINK(...)" typed by someone as text in a spreadsheet."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_stream(rows: Iterable[dict[str, Any]], columns: list[tuple[str, str]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # so that spreadsheets read the file as UTF-8 (accents in Spanish answers)
    yield writer.writerow([heading for _key, heading in columns])
    for row in rows:
        yield writer.writerow([spreadsheet_safe(row[key]) for key, _heading in columns])


def json_stream(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    yield "["
    first = True
    for row in rows:
        yield ("" if first else ",") + "\n" + json.dumps(row, ensure_ascii=False)
        first = False
    yield "\n]\n"
