"""A series' RFC 5545 rule from its plain fields, its occurrences (python-dateutil, in the
series' own time zone so that noon stays noon across daylight-saving changes) and the rule
in plain words."""

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from dateutil import rrule
from django.utils.translation import gettext as _

WEEKDAYS = {"MO": rrule.MO, "TU": rrule.TU, "WE": rrule.WE, "TH": rrule.TH, "FR": rrule.FR}
WEEKDAYS.update({"SA": rrule.SA, "SU": rrule.SU})


def parse_dates(text: str) -> set[date]:
    """ISO dates, one per line (or separated by commas); anything else is left out."""
    found = set()
    for part in text.replace(",", "\n").split():
        try:
            found.add(date.fromisoformat(part.strip()))
        except ValueError:
            continue
    return found


def _until_utc(series: Any) -> datetime | None:
    if series.until is None:
        return None
    zone = ZoneInfo(series.time_zone)
    local = datetime.combine(series.until, time(23, 59, 59), tzinfo=zone)
    return local.astimezone(ZoneInfo("UTC"))


def rule_parts(series: Any) -> dict[str, Any]:
    """The RRULE as icalendar's vRecur takes it."""
    day = series.weekday
    parts: dict[str, Any] = {"FREQ": series.frequency}
    if series.frequency == "MONTHLY" and series.ordinal:
        parts["BYDAY"] = f"{series.ordinal}{day}"
    else:
        parts["BYDAY"] = day
    if until := _until_utc(series):
        parts["UNTIL"] = until
    return parts


def rule_text(series: Any) -> str:
    parts = rule_parts(series)
    text = f"FREQ={parts['FREQ']};BYDAY={parts['BYDAY']}"
    if "UNTIL" in parts:
        text += ";UNTIL=" + parts["UNTIL"].strftime("%Y%m%dT%H%M%SZ")
    return text


def occurrences(
    series: Any, after: datetime, before: datetime, *, with_exceptions: bool = False
) -> list[tuple[datetime, datetime]]:
    """(start, end) of each occurrence starting from `after` to `before` (aware datetimes),
    without the exception dates unless asked."""
    zone = ZoneInfo(series.time_zone)
    weekday = WEEKDAYS[series.weekday]
    if series.frequency == "MONTHLY" and series.ordinal:
        byweekday = weekday(series.ordinal)
        freq = rrule.MONTHLY
    else:
        byweekday = weekday
        freq = rrule.WEEKLY if series.frequency == "WEEKLY" else rrule.MONTHLY
    # Naive wall-clock times in the series' zone, then placed in it: the offset follows DST.
    start = datetime.combine(series.starts_on, series.start_time)
    until = datetime.combine(series.until, time(23, 59, 59)) if series.until else None
    rule = rrule.rrule(freq, dtstart=start, byweekday=byweekday, until=until)
    lo = after.astimezone(zone).replace(tzinfo=None) - timedelta(days=1)
    hi = before.astimezone(zone).replace(tzinfo=None) + timedelta(days=1)
    skip = set() if with_exceptions else parse_dates(series.exceptions)
    length = datetime.combine(date.min, series.end_time) - datetime.combine(
        date.min, series.start_time
    )
    found = []
    for naive in rule.between(lo, hi, inc=True):
        if naive.date() in skip:
            continue
        begins = naive.replace(tzinfo=zone)
        if after <= begins <= before:
            found.append((begins, (naive + length).replace(tzinfo=zone)))
    return found


def occurrences_from(series: Any, first: datetime) -> list[datetime]:
    """The first occurrence on or after the naive local `first` (the rule's DTSTART)."""
    zone = ZoneInfo(series.time_zone)
    found = occurrences(
        series,
        first.replace(tzinfo=zone),
        first.replace(tzinfo=zone) + timedelta(days=62),
        with_exceptions=True,
    )
    return [start for start, _end in found[:1]]


def describe(series: Any) -> str:
    """The rule in plain words, in the active language."""
    from .models import Ordinal, Weekday

    day = str(Weekday(series.weekday).label)
    hours = f"{series.start_time:%H:%M}–{series.end_time:%H:%M}"
    if series.frequency == "MONTHLY" and series.ordinal:
        when = _("The %(ordinal)s %(day)s of every month") % {
            "ordinal": Ordinal(series.ordinal).label,
            "day": day,
        }
    else:
        when = _("Every %(day)s") % {"day": day}
    return f"{when}, {hours}, {series.time_zone}"
