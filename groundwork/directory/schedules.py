"""When a service is open: HSDS 3.0 schedules are RFC 5545 recurrence rules (``freq``,
``interval``, ``byday`` …) with an opening and a closing time in local time. This module turns
them into opening hours with python-dateutil and answers "is it open now?" and "when does it
open next?", honouring the schedule's time zone and daylight saving. Plain Python: the
directory hands it plain values and it never touches the database.

Times are wall-clock times in the schedule's zone: 09:00 stays 09:00 on both sides of a change
of clocks. An opening time that does not exist on a day (skipped by a change of clocks) is
read as the same time after the change, as clocks show it. A closing time at or before the
opening time closes the next day (overnight services)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

from dateutil import rrule

WEEKDAYS = {
    "MO": rrule.MO,
    "TU": rrule.TU,
    "WE": rrule.WE,
    "TH": rrule.TH,
    "FR": rrule.FR,
    "SA": rrule.SA,
    "SU": rrule.SU,
}
FREQUENCIES = {"WEEKLY": rrule.WEEKLY, "MONTHLY": rrule.MONTHLY, "DAILY": rrule.DAILY}
# A recurrence without a first day starts on a Monday long ago (intervals count from it).
EPOCH = date(2000, 1, 3)
# How far to look for the next opening (a yearly-at-most schedule is still found).
HORIZON = timedelta(days=400)


class ScheduleError(ValueError):
    """A recurrence rule that cannot be read (a bad day name, number or zone)."""


@dataclass(frozen=True)
class Hours:
    """One schedule's recurrence, as plain values (the HSDS schedule fields that matter)."""

    opens_at: time | None
    closes_at: time | None
    freq: str = "WEEKLY"
    interval: int | None = None
    byday: str = ""
    bymonthday: str = ""
    dtstart: date | None = None
    until: date | None = None
    count: int | None = None
    wkst: str = ""
    valid_from: date | None = None
    valid_to: date | None = None
    tz_name: str = "UTC"
    # HSDS's own ``timezone``: a fixed UTC offset in hours, used only when no zone is named
    # (an offset does not follow daylight saving).
    utc_offset: float | None = None

    @property
    def computable(self) -> bool:
        """Whether the rule says when it opens (schedules given only as text do not)."""
        return self.opens_at is not None and self.closes_at is not None

    def zone(self) -> tzinfo:
        if not self.tz_name and self.utc_offset is not None:
            return timezone(timedelta(hours=self.utc_offset))
        try:
            return ZoneInfo(self.tz_name or "UTC")
        except (KeyError, ValueError) as error:
            raise ScheduleError(f"unknown time zone {self.tz_name!r}") from error

    def rule(self, near: date | None = None) -> rrule.rrule:
        """The dateutil rule. With ``near``, a rule whose occurrences do not depend on where it
        starts is started shortly before that day instead of at its first day, so finding
        this week's openings does not walk through every week since then."""
        assert self.opens_at is not None
        freq = FREQUENCIES.get((self.freq or "WEEKLY").upper())
        if freq is None:
            raise ScheduleError(f"unknown frequency {self.freq!r}")
        first = self.dtstart or self.valid_from or EPOCH
        if near is not None and not self.count and (self.interval or 1) == 1:
            weeks_before = (near - first).days // 7 - 1
            if weeks_before > 0 and (
                freq != rrule.MONTHLY or self.byday.strip() or self.bymonthday.strip()
            ):
                first += timedelta(weeks=weeks_before)
        kwargs: dict[str, object] = {
            "dtstart": datetime.combine(first, self.opens_at),
            "interval": max(int(self.interval or 1), 1),
        }
        if self.byday.strip():
            kwargs["byweekday"] = [_weekday(part) for part in _parts(self.byday)]
        if self.bymonthday.strip():
            try:
                kwargs["bymonthday"] = [int(part) for part in _parts(self.bymonthday)]
            except ValueError as error:
                raise ScheduleError(f"bad day of the month in {self.bymonthday!r}") from error
        if self.wkst:
            kwargs["wkst"] = _weekday(self.wkst)
        if self.count:
            kwargs["count"] = int(self.count)
        elif self.until:
            kwargs["until"] = datetime.combine(self.until, time.max)
        return rrule.rrule(freq, **kwargs)  # type: ignore[arg-type]

    def openings(self, start: datetime, end: datetime) -> Iterator[tuple[datetime, datetime]]:
        """(opens, closes) in UTC for every opening that starts between ``start`` and ``end``
        (aware datetimes), in order."""
        if not self.computable:
            return
        assert self.opens_at is not None and self.closes_at is not None
        zone = self.zone()
        local_start = start.astimezone(zone).replace(tzinfo=None)
        local_end = end.astimezone(zone).replace(tzinfo=None)
        rule = self.rule(near=(local_start - timedelta(days=1)).date())
        # One occurrence at a time (the next opening stops at the first one after now).
        for occurrence in rule.xafter(local_start - timedelta(days=1), inc=True):
            if occurrence > local_end:
                break
            day = occurrence.date()
            if self.valid_from and day < self.valid_from:
                continue
            if self.valid_to and day > self.valid_to:
                continue
            opens = _aware(datetime.combine(day, self.opens_at), zone)
            closing_day = day + timedelta(days=1) if self.closes_at <= self.opens_at else day
            closes = _aware(datetime.combine(closing_day, self.closes_at), zone)
            yield opens, closes


def _parts(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _weekday(text: str) -> rrule.weekday:
    text = text.strip().upper()
    name, number = text[-2:], text[:-2]
    if name not in WEEKDAYS:
        raise ScheduleError(f"unknown day {text!r}")
    if not number:
        return WEEKDAYS[name]
    try:
        return WEEKDAYS[name](int(number))
    except ValueError as error:
        raise ScheduleError(f"bad day {text!r}") from error


def _aware(local: datetime, zone: tzinfo) -> datetime:
    """A wall-clock time in ``zone`` as UTC; a time skipped by a change of clocks is read as
    the clocks show it just after (02:30 on a spring-forward night is 03:30)."""
    # PEP 495: with fold=0 a skipped time takes the offset from before the change, which puts
    # it after the change on the clock; a repeated time is its first occurrence.
    return local.replace(tzinfo=zone, fold=0).astimezone(UTC)


def is_open(schedules: Iterable[Hours], at: datetime) -> bool:
    """Whether any of the schedules is open at ``at`` (an aware datetime)."""
    for hours in schedules:
        for opens, closes in hours.openings(at - timedelta(days=2), at):
            if opens <= at < closes:
                return True
    return False


def next_opening(schedules: Iterable[Hours], at: datetime) -> datetime | None:
    """The first opening (UTC) after ``at`` among the schedules, or None when none opens
    again within a year or the schedules do not say when they open."""
    best: datetime | None = None
    for hours in schedules:
        for opens, _closes in hours.openings(at, at + HORIZON):
            if opens > at:
                if best is None or opens < best:
                    best = opens
                break
    return best


def any_computable(schedules: Iterable[Hours]) -> bool:
    return any(hours.computable for hours in schedules)
