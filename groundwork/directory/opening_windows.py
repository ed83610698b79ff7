""" "Open now" as a SQL filter: each schedule's weekly opening windows (``OpeningWindow``),
written whenever a schedule is saved or imported, and the condition that selects the windows
open at a moment.

A window is a stretch of the week in wall-clock seconds from Monday 00:00 in the schedule's own
zone. At a moment ``at`` each zone's wall-clock position in the week is computed, and a window
containing it is open, with two exceptions that the recurrence rule itself decides
(``schedules.is_open``, on those schedules only):

- near a change of clocks (a zone whose UTC offset changes within two days of ``at``), windows
  that open or close within the size of the change of ``at``: there wall-clock order and real
  order may differ (a time skipped in spring, an hour repeated in autumn);
- near the first or last day a rule runs (``dtstart``, ``valid_from``, ``until``,
  ``valid_to``), and rules that do not repeat week after week (monthly, every other week, a
  number of times), stored with ``exact=False`` on the weekdays they may fall on.

No window lasts more than a day (a closing time at or before the opening time closes the next
day), so the windows containing a moment are found by a range of the index on ``starts``.

A schedule whose rule cannot be read (an unknown zone or day) is never open."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from functools import reduce
from operator import or_
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q

from .models import OpeningWindow, Schedule, ServiceAtLocation
from .schedules import EPOCH, WEEKDAYS, Hours, ScheduleError, is_open

DAY = 86_400
WEEK = 7 * DAY
WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# Around a moment, how far a zone's offsets are looked at, and how finely.
OFFSET_SPAN = timedelta(hours=50)
OFFSET_STEP = timedelta(minutes=15)
CHUNK = 2000
CACHE_SECONDS = 24 * 3600


# Schedules → windows ---------------------------------------------------------------------------


def hours_of(schedule: Any) -> Hours:
    from .selectors import hours_of as stored_hours

    return stored_hours(schedule, settings.TIME_ZONE)


def _seconds(value: time) -> int:
    return value.hour * 3600 + value.minute * 60 + value.second


def _codes(byday: str) -> list[str]:
    return [part.strip().upper() for part in byday.split(",") if part.strip()]


def windows_of(schedule: Any) -> list[OpeningWindow]:
    """The unsaved windows of one schedule (a ``Schedule`` or a migration's historical one)."""
    hours = hours_of(schedule)
    if not hours.computable:
        return []  # given only in words: never "open now"
    assert hours.opens_at is not None and hours.closes_at is not None
    common = {
        "community_id": schedule.community_id,
        "schedule_id": schedule.pk,
        "service_id": schedule.service_id,
        "service_at_location_id": schedule.service_at_location_id,
        "tz_name": schedule.tz_name,
        "utc_offset": None if schedule.tz_name else schedule.timezone,
    }
    try:
        hours.zone()
        hours.rule()
    except ScheduleError:
        return []  # never open, as ``is_open`` cannot read it
    except Exception:  # noqa: BLE001 - anything else: left to the rule itself, every week
        return [
            OpeningWindow(**common, starts=day * DAY, ends=(day + 1) * DAY, exact=False)
            for day in range(7)
        ]
    freq = (hours.freq or "WEEKLY").upper()
    codes = _codes(hours.byday)
    plain = all(code in WEEKDAYS for code in codes)
    weekly = (
        freq in ("WEEKLY", "DAILY")
        and max(int(hours.interval or 1), 1) == 1
        and not hours.count
        and not hours.bymonthday.strip()
        and plain
        and not hours.opens_at.microsecond
        and not hours.closes_at.microsecond
    )
    first = hours.dtstart or hours.valid_from or EPOCH
    if hours.valid_from and hours.valid_from > first:
        first = hours.valid_from
    # A rule with a number of times ignores ``until`` (as ``Hours.rule`` does).
    until = None if hours.count else hours.until
    lasts = [d for d in (until, hours.valid_to) if d is not None]
    last = min(lasts) if lasts else None
    if last is not None and last < first:
        return []
    if codes:
        days = sorted({WEEKDAY_CODES.index(code[-2:]) for code in codes})
    elif weekly and freq == "WEEKLY":
        days = [first.weekday()]
    else:
        days = list(range(7))
    opens = _seconds(hours.opens_at)
    closes = _seconds(hours.closes_at) + (1 if hours.closes_at.microsecond else 0)
    length = closes - opens if hours.closes_at > hours.opens_at else closes - opens + DAY
    out = []
    for day in days:
        starts = day * DAY + opens
        ends = starts + length
        pieces = [(starts, ends)] if ends <= WEEK else [(starts, WEEK), (0, ends - WEEK)]
        for a, b in pieces:
            out.append(
                OpeningWindow(
                    **common, starts=a, ends=b, first_day=first, last_day=last, exact=weekly
                )
            )
    return out


def refresh(schedules: Iterable[Any]) -> int:
    """Write the windows of these schedules again (after a save or an import); the number of
    windows written."""
    written = 0
    batch: list[Any] = []

    def flush() -> int:
        OpeningWindow.objects.filter(schedule_id__in=[s.pk for s in batch]).delete()
        rows = [w for s in batch for w in windows_of(s)]
        OpeningWindow.objects.bulk_create(rows, batch_size=CHUNK)
        batch.clear()
        return len(rows)

    for schedule in schedules:
        batch.append(schedule)
        if len(batch) >= CHUNK:
            written += flush()
    if batch:
        written += flush()
    return written


def refresh_community(community_id: int, hsds_ids: Sequence[uuid.UUID] | None = None) -> int:
    """Write again the windows of a community's schedules (those HSDS ids, or all)."""
    schedules = Schedule.objects.filter(community=community_id).order_by("pk")
    if hsds_ids is None:
        return refresh(schedules.iterator(chunk_size=CHUNK))
    written = 0
    ids = list(hsds_ids)
    for start in range(0, len(ids), CHUNK):
        written += refresh(schedules.filter(hsds_id__in=ids[start : start + CHUNK]))
    return written


# The generation of a community's directory: cached reads are keyed by it ----------------------


def _generation_key(community_id: int) -> str:
    return f"directory:generation:{community_id}"


def bump(community_id: int) -> None:
    """A write to the community's directory: what was cached from it is no longer read (now,
    and again when the transaction commits, so a read between the two is not kept)."""
    key = _generation_key(community_id)
    cache.set(key, uuid.uuid4().hex, None)
    transaction.on_commit(lambda: cache.set(key, uuid.uuid4().hex, None))


def generation(community_ids: Sequence[int]) -> str:
    keys = [_generation_key(pk) for pk in community_ids]
    found = cache.get_many(keys)
    tokens = []
    for key in keys:
        token = found.get(key)
        if token is None:
            cache.add(key, uuid.uuid4().hex, None)
            token = cache.get(key) or "none"
        tokens.append(token)
    return ".".join(tokens)


def cached(name: str, community_ids: Sequence[int], compute: Any, *, extra: str = "") -> Any:
    """``compute()`` cached until any of the communities' directories is written."""
    ids = sorted(community_ids)
    # A network's directory spans many communities: the ids and their generations are
    # hashed so the key stays short enough for every cache backend (memcached: 250 bytes).
    scope = hashlib.sha256(f"{'.'.join(map(str, ids))}:{generation(ids)}".encode()).hexdigest()
    key = f"directory:{name}:{extra}:{scope}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value


# Windows → "open now" ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ZoneNow:
    """A zone at a moment: its wall-clock second of the week, its date, and how far its
    offset moves within two days (0 almost always)."""

    tz_name: str
    utc_offset: float | None
    second: int
    today: date
    band: int


def zone_of(tz_name: str, utc_offset: float | None) -> tzinfo:
    site = "" if utc_offset is not None else settings.TIME_ZONE
    return Hours(
        opens_at=None, closes_at=None, tz_name=tz_name or site, utc_offset=utc_offset
    ).zone()


def zone_now(tz_name: str, utc_offset: float | None, at: datetime) -> ZoneNow:
    zone = zone_of(tz_name, utc_offset)
    local = at.astimezone(zone)
    offsets = set()
    step = -OFFSET_SPAN
    while step <= OFFSET_SPAN:
        offset = (at + step).astimezone(zone).utcoffset()
        offsets.add(offset.total_seconds() if offset is not None else 0.0)
        step += OFFSET_STEP
    band = int(max(offsets) - min(offsets))
    return ZoneNow(
        tz_name=tz_name,
        utc_offset=utc_offset,
        second=local.weekday() * DAY + _seconds(local.time()),
        today=local.date(),
        band=band + 60 if band else 0,
    )


def zones(community_ids: Sequence[int]) -> tuple[list[tuple[str, float | None]], bool]:
    """The zones the communities' windows are in, and whether any window is a service at a
    location's (cached until a write)."""

    def read() -> tuple[list[tuple[str, float | None]], bool]:
        windows = OpeningWindow.objects.filter(community__in=community_ids)
        found = sorted(
            set(windows.values_list("tz_name", "utc_offset").distinct()),
            key=lambda z: (z[0], z[1] if z[1] is not None else -100.0),
        )
        return found, windows.exclude(service_at_location_id=None).exists()

    return cached("zones", community_ids, read)


def _in_band(column: str, low: int, high: int) -> Q:
    """``column`` within [low, high] around the week (both ends of a window count)."""
    if low < 0:
        return Q(**{f"{column}__lte": high}) | Q(**{f"{column}__gte": WEEK + low})
    if high > WEEK:
        return Q(**{f"{column}__gte": low}) | Q(**{f"{column}__lte": high - WEEK})
    return Q(**{f"{column}__range": (low, high)})


def _conditions(now: ZoneNow) -> tuple[Q, Q]:
    """(surely open, to be decided by the rule) for the windows of one zone."""
    zone = Q(tz_name=now.tz_name) & (
        Q(utc_offset__isnull=True) if now.utc_offset is None else Q(utc_offset=now.utc_offset)
    )
    m = now.second
    # A window lasts at most a day: its start is within the day before.
    contains = Q(starts__lte=m, starts__gt=m - DAY - 1, ends__gt=m)
    before, after = now.today - timedelta(days=2), now.today
    surely_in_dates = (Q(first_day__isnull=True) | Q(first_day__lte=before)) & (
        Q(last_day__isnull=True) | Q(last_day__gte=after)
    )
    maybe_in_dates = (Q(first_day__isnull=True) | Q(first_day__lte=after)) & (
        Q(last_day__isnull=True) | Q(last_day__gte=before)
    )
    if now.band:
        band = _in_band("starts", m - now.band, m + now.band) | _in_band(
            "ends", m - now.band, m + now.band
        )
        sure = zone & Q(exact=True) & contains & surely_in_dates & ~band
        undecided = Q(exact=False) | ~surely_in_dates | band
        unsure = zone & (contains | band) & maybe_in_dates & undecided
    else:
        sure = zone & Q(exact=True) & contains & surely_in_dates
        unsure = zone & contains & maybe_in_dates & (Q(exact=False) | ~surely_in_dates)
    return sure, unsure


def schedule_open(schedule: Any, at: datetime) -> bool:
    """The rule's own answer for one schedule (unreadable: closed)."""
    try:
        return is_open([hours_of(schedule)], at)
    except (ScheduleError, ValueError, OverflowError):
        return False


def open_windows(community_ids: Sequence[int], at: datetime) -> Any:
    """The windows open at ``at`` in these communities, as a queryset to filter with: the
    ones surely open, and those of the schedules whose rule says they are (one query reads
    those schedules)."""
    sure: list[Q] = []
    unsure: list[Q] = []
    for tz_name, utc_offset in zones(community_ids)[0]:
        try:
            now = zone_now(tz_name, utc_offset, at)
        except ScheduleError:
            continue
        a, b = _conditions(now)
        sure.append(a)
        unsure.append(b)
    windows = OpeningWindow.objects.filter(community__in=community_ids)
    if not sure:
        return windows.none()
    asked = windows.filter(reduce(or_, unsure)).values("schedule_id")
    opened = [s.pk for s in Schedule.objects.filter(pk__in=asked) if schedule_open(s, at)]
    condition = reduce(or_, sure)
    if opened:
        condition |= Q(schedule_id__in=opened)
    return windows.filter(condition)


def open_services(community_ids: Sequence[int], at: datetime) -> Q:
    """Services with a schedule open at ``at`` (their own, or a service at a location's), in
    their own community: uncorrelated subqueries, one pair per community."""
    windows = open_windows(community_ids, at)
    at_locations = zones(community_ids)[1]
    q = Q(pk__in=[])
    for pk in community_ids:
        mine = windows.filter(community=pk)
        q |= Q(community=pk, hsds_id__in=mine.exclude(service_id=None).values("service_id"))
        if at_locations:
            links = ServiceAtLocation.objects.filter(
                community=pk,
                hsds_id__in=mine.exclude(service_at_location_id=None).values(
                    "service_at_location_id"
                ),
            )
            q |= Q(community=pk, hsds_id__in=links.values("service_id"))
    return q


__all__ = ["bump", "cached", "open_services", "refresh", "refresh_community", "windows_of"]
