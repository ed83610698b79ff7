"""An indicator's periods: a year, a quarter or a month, written the same way in every
language ("2024", "2024-Q2", "2024-05") and stored as (kind, first day)."""

import re
from datetime import date

YEAR = "year"
QUARTER = "quarter"
MONTH = "month"

_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})-?[Qq]([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
FIRST_YEAR, LAST_YEAR = 1900, 2200


def parse_period(text: str) -> tuple[str, date] | None:
    """("year" | "quarter" | "month", first day), or None when the text is not a period."""
    text = (text or "").strip()
    if m := _YEAR.match(text):
        kind, year, month = YEAR, int(m[1]), 1
    elif m := _QUARTER.match(text):
        kind, year, month = QUARTER, int(m[1]), 3 * int(m[2]) - 2
    elif m := _MONTH.match(text):
        kind, year, month = MONTH, int(m[1]), int(m[2])
        if not 1 <= month <= 12:
            return None
    else:
        return None
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return None
    return kind, date(year, month, 1)


def period_label(kind: str, start: date) -> str:
    if kind == YEAR:
        return f"{start.year}"
    if kind == QUARTER:
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    return f"{start.year}-{start.month:02d}"


def is_period_start(kind: str, start: date) -> bool:
    if start.day != 1:
        return False
    if kind == YEAR:
        return start.month == 1
    if kind == QUARTER:
        return start.month in (1, 4, 7, 10)
    return kind == MONTH


def period_index(kind: str, start: date) -> int:
    """The period's position on an even time axis of its kind (used as x by the forecast)."""
    if kind == YEAR:
        return start.year
    if kind == QUARTER:
        return start.year * 4 + (start.month - 1) // 3
    return start.year * 12 + start.month - 1


def period_from_index(kind: str, index: int) -> date:
    if kind == YEAR:
        return date(index, 1, 1)
    if kind == QUARTER:
        return date(index // 4, (index % 4) * 3 + 1, 1)
    return date(index // 12, index % 12 + 1, 1)


def number(value: float | None, digits: int = 6) -> str:
    """A value written with a dot whatever the language (charts, tables and files agree), at
    most ``digits`` significant digits, no exponent for everyday sizes."""
    if value is None:
        return ""
    if value == 0:
        return "0"
    text = f"{value:.{digits}g}"
    if "e" in text:
        text = f"{value:.{max(0, digits - 1 - int(f'{abs(value):e}'.split('e')[1]))}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
