"""iCalendar (RFC 5545) for one gathering, a series (one event with its RRULE, EXDATEs and the
occurrences changed by hand as RECURRENCE-ID overrides) and a community's or network's feed;
times in the gathering's own zone with its VTIMEZONE."""

from collections.abc import Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone
from icalendar import Calendar, Event, vRecur

from . import recurrence
from .models import Gathering, Series

PRODID = "-//Groundwork//Gatherings//EN"


def _calendar(name: str = "") -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if name:
        cal.add("x-wr-calname", name)
    return cal


def _local(moment: datetime, zone: str) -> datetime:
    return moment.astimezone(ZoneInfo(zone))


def _describe(obj: Gathering | Series, url: str) -> str:
    parts = [obj.display_description]
    if obj.interpretation:
        parts.append(obj.interpretation)
    parts.append(url)
    return "\n\n".join(p for p in parts if p)


def _event(obj: Gathering | Series, *, uid: str, url: str) -> Event:
    event = Event()
    event.add("uid", f"{uid}@groundwork")
    event.add("dtstamp", timezone.now())
    event.add("summary", obj.display_title)
    event.add("description", _describe(obj, url))
    if obj.place and obj.mode != "online":
        event.add("location", obj.place)
    if url:
        event.add("url", url)
    return event


def gathering_event(gathering: Gathering, url: str = "") -> Event:
    event = _event(gathering, uid=str(gathering.uid), url=url)
    event.add("dtstart", _local(gathering.starts_at, gathering.time_zone))
    event.add("dtend", _local(gathering.ends_at, gathering.time_zone))
    if gathering.cancelled:
        event.add("status", "CANCELLED")
    return event


def series_events(series: Series, url: str = "", changed: Iterable[Gathering] = ()) -> list[Event]:
    zone = ZoneInfo(series.time_zone)
    event = _event(series, uid=str(series.uid), url=url)
    first = datetime.combine(series.starts_on, series.start_time)
    # DTSTART is the rule's first occurrence (RFC 5545 counts it as one).
    start = next(iter(recurrence.occurrences_from(series, first)), None)
    begins = start or first.replace(tzinfo=zone)
    event.add("dtstart", begins)
    event.add("dtend", begins + (_length(series)))
    event.add("rrule", vRecur(recurrence.rule_parts(series)))
    for day in sorted(series.exception_dates):
        event.add("exdate", datetime.combine(day, series.start_time, tzinfo=zone))
    events = [event]
    for g in changed:  # occurrences changed by hand
        override = gathering_event(g, url)
        override["uid"] = event["uid"]
        override.add("recurrence-id", _local(g.recurrence_id, series.time_zone))
        events.append(override)
    return events


def _length(series: Series):  # type: ignore[no-untyped-def]
    from datetime import date

    return datetime.combine(date.min, series.end_time) - datetime.combine(
        date.min, series.start_time
    )


def render(events: Iterable[Event], name: str = "") -> bytes:
    cal = _calendar(name)
    for event in events:
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
