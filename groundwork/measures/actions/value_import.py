"""An indicator's values from a CSV file: all or nothing.

The layout (docs/using.md, "Indicator values from a CSV file"): UTF-8 (a byte-order mark is
fine), comma-separated, a header line naming the columns in any order::

    period,value,note,source
    2020,14.2,,County health department
    2021,13.8,"Counted again in March",County health department

``period`` and ``value`` are required; ``note`` and ``source`` may be left out. A period is a
year (2024), a quarter (2024-Q2) or a month (2024-05); a value is a number written with a dot
(1234.5, no thousands separators). A period already in the series gets the file's value.
Every problem is reported with its line number (the header is line 1) and nothing is saved
until the whole file is right.
"""

import csv
import io
import math
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from groundwork.core.errors import ApplicationError

from ..models import Indicator
from ..periods import parse_period
from .indicators import audit, value_put

REQUIRED = ("period", "value")
OPTIONAL = ("note", "source")
MAX_BYTES = 1_000_000
MAX_ROWS = 5000
MAX_ERRORS = 20


class ImportRefused(ApplicationError):
    """The file was refused; ``errors`` lists every problem found (line-numbered)."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__(_("Nothing was imported. Please correct the file and try again."))
        self.errors = errors


def parse_number(text: str) -> float | None:
    """A value written with a dot; None when it is not a finite number."""
    text = text.strip()
    if not text or "," in text:
        return None
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def decode(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise ImportRefused([_("The file is larger than 1 MB.")])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefused(
            [_("The file is not UTF-8 text. Save it as “CSV UTF-8” and try again.")]
        ) from None


def read_rows(data: bytes) -> list[tuple[int, dict[str, str]]]:
    """(line number, row) for each data line, the header checked."""
    reader = csv.DictReader(io.StringIO(decode(data), newline=""))
    try:
        header = [(name or "").strip().lower() for name in reader.fieldnames or []]
    except csv.Error:
        raise ImportRefused([_("Line 1: this is not a CSV file.")]) from None
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise ImportRefused(
            [
                _("Line 1: the header needs the columns %(columns)s.")
                % {"columns": ", ".join(missing)}
            ]
        )
    reader.fieldnames = header
    rows = []
    try:
        for row in reader:
            if reader.line_num - 1 > MAX_ROWS:
                raise ImportRefused(
                    [_("The file has more than %(count)s lines of values.") % {"count": MAX_ROWS}]
                )
            values = {k: (v or "").strip() for k, v in row.items() if isinstance(v, str)}
            if any(values.values()):
                rows.append((reader.line_num, values))
    except csv.Error as error:
        raise ImportRefused(
            [_("Line %(line)s: %(problem)s") % {"line": reader.line_num, "problem": error}]
        ) from None
    return rows


@transaction.atomic
def values_import_csv(*, actor: Any, indicator: Indicator, data: bytes) -> int:
    """Import the file's values into the indicator; returns how many lines were imported."""
    rows = read_rows(data)
    errors: list[str] = []
    seen: dict[str, int] = {}
    parsed = []
    for line, row in rows:
        period = parse_period(row.get("period", ""))
        value = parse_number(row.get("value", ""))
        if period is None:
            errors.append(
                _("Line %(line)s: “%(period)s” is not a period: write 2024, 2024-Q2 or 2024-05.")
                % {"line": line, "period": row.get("period", "")}
            )
        else:
            key = f"{period[0]}:{period[1]}"
            if key in seen:
                errors.append(
                    _("Line %(line)s: the period %(period)s is already on line %(first)s.")
                    % {"line": line, "period": row["period"], "first": seen[key]}
                )
            seen.setdefault(key, line)
        if value is None:
            errors.append(
                _("Line %(line)s: “%(value)s” is not a number: write it with a dot, as 12.5.")
                % {"line": line, "value": row.get("value", "")}
            )
        for name, limit in (("note", 500), ("source", 300)):
            if len(row.get(name, "")) > limit:
                errors.append(
                    _("Line %(line)s: the %(column)s is longer than %(limit)s characters.")
                    % {"line": line, "column": name, "limit": limit}
                )
        parsed.append((line, row, value))
        if len(errors) >= MAX_ERRORS:
            errors.append(_("Stopped after %(count)s problems.") % {"count": MAX_ERRORS})
            break
    if not rows:
        errors.append(_("The file has no values below its header."))
    if errors:
        raise ImportRefused(errors)
    for _line, row, value in parsed:
        assert value is not None
        value_put(
            indicator=indicator,
            period=row["period"],
            value=value,
            note=row.get("note", ""),
            source=row.get("source", ""),
            actor=actor,
        )
    audit(
        actor=actor,
        action="indicator.values_import",
        result=indicator.result,
        target=indicator,
        lines=len(parsed),
    )
    return len(parsed)
