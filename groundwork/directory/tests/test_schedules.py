"""Opening hours from HSDS schedules: open now and the next opening, across changes of clocks."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from groundwork.directory.schedules import Hours, ScheduleError, is_open, next_opening

NEW_YORK = "America/New_York"
EVERY_DAY = "MO,TU,WE,TH,FR,SA,SU"


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def daily(opens: str, closes: str, tz_name: str = NEW_YORK, **kwargs) -> Hours:  # type: ignore[no-untyped-def]
    return Hours(
        opens_at=time.fromisoformat(opens),
        closes_at=time.fromisoformat(closes),
        byday=EVERY_DAY,
        tz_name=tz_name,
        **kwargs,
    )


def test_nine_to_five_is_nine_to_five_on_both_sides_of_spring_forward():
    hours = [daily("09:00", "17:00")]
    # Saturday 7 March 2026, EST (UTC-5): 08:30 local is 13:30 UTC, closed.
    assert not is_open(hours, utc(2026, 3, 7, 13, 30))
    assert is_open(hours, utc(2026, 3, 7, 14, 30))  # 09:30 EST
    # Sunday 8 March 2026, EDT (UTC-4): 13:30 UTC is 09:30 local, open.
    assert is_open(hours, utc(2026, 3, 8, 13, 30))
    assert not is_open(hours, utc(2026, 3, 8, 21, 30))  # 17:30 EDT
    # From Saturday evening the next opening is Sunday 09:00 EDT, which is 13:00 UTC.
    assert next_opening(hours, utc(2026, 3, 7, 23, 0)) == utc(2026, 3, 8, 13, 0)


def test_fall_back_moves_the_opening_an_hour_later_in_utc():
    hours = [daily("09:00", "17:00")]
    # Sunday 1 November 2026: clocks go back to EST (UTC-5).
    assert next_opening(hours, utc(2026, 10, 31, 22, 0)) == utc(2026, 11, 1, 14, 0)
    assert not is_open(hours, utc(2026, 11, 1, 13, 30))  # 08:30 EST
    assert is_open(hours, utc(2026, 11, 1, 14, 30))


def test_an_overnight_shelter_stays_open_through_the_change_of_clocks():
    hours = [daily("20:00", "08:00")]
    # Saturday 20:00 EST → Sunday 08:00 EDT: 01:00 to 12:00 UTC.
    assert is_open(hours, utc(2026, 3, 8, 11, 59))
    assert not is_open(hours, utc(2026, 3, 8, 12, 0))
    assert is_open(hours, utc(2026, 3, 8, 1, 0))


def test_an_opening_time_skipped_by_the_clocks_opens_when_the_clocks_show_it():
    hours = [daily("02:30", "04:00")]
    # 02:30 does not exist on 8 March 2026 in New York: it opens at 03:30 EDT (07:30 UTC).
    assert next_opening(hours, utc(2026, 3, 8, 5, 0)) == utc(2026, 3, 8, 7, 30)


def test_weekdays_only_and_valid_dates():
    hours = [
        Hours(
            opens_at=time(10),
            closes_at=time(18),
            byday="MO,TU,WE,TH,FR",
            tz_name="Europe/London",
            valid_to=date(2026, 6, 30),
        )
    ]
    assert not is_open(hours, utc(2026, 6, 6, 12))  # a Saturday
    assert is_open(hours, utc(2026, 6, 5, 12))  # Friday 13:00 BST
    assert next_opening(hours, utc(2026, 6, 30, 18)) is None  # nothing after valid_to


def test_monthly_on_the_first_monday():
    hours = [
        Hours(opens_at=time(9), closes_at=time(12), freq="MONTHLY", byday="1MO", tz_name="UTC")
    ]
    assert next_opening(hours, utc(2026, 12, 2)) == utc(2026, 12, 7, 9)
    assert next_opening(hours, utc(2026, 12, 7, 9)) == utc(2027, 1, 4, 9)


def test_schedules_given_only_as_text_do_not_say_open_or_closed():
    hours = [Hours(opens_at=None, closes_at=None, byday="MO")]
    assert not is_open(hours, utc(2026, 3, 9, 12))
    assert next_opening(hours, utc(2026, 3, 9, 12)) is None


def test_a_bad_day_name_is_an_error():
    with pytest.raises(ScheduleError):
        list(
            Hours(opens_at=time(9), closes_at=time(10), byday="XX").openings(
                utc(2026, 1, 1), utc(2026, 1, 9)
            )
        )


ZONES = st.sampled_from(
    [
        "America/New_York",
        "America/Chicago",
        "America/Denver",
        "America/Los_Angeles",
        "Europe/Madrid",
        "Australia/Sydney",
        "UTC",
    ]
)
# Opening times outside 01:00–03:59 (when clocks change) so each opening is the time on the clock.
TIMES = st.integers(min_value=4 * 60, max_value=23 * 60 + 59).map(lambda m: time(m // 60, m % 60))
DAYS = st.lists(
    st.sampled_from(["MO", "TU", "WE", "TH", "FR", "SA", "SU"]), min_size=1, unique=True
)
INSTANTS = st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2028, 12, 31)).map(
    lambda d: d.replace(tzinfo=UTC)
)


@settings(max_examples=150, deadline=None)
@given(zone=ZONES, opens=TIMES, minutes=st.integers(1, 16 * 60), days=DAYS, at=INSTANTS)
def test_next_opening_is_the_first_opening_after_now(zone, opens, minutes, days, at):  # type: ignore[no-untyped-def]
    closes_minutes = (opens.hour * 60 + opens.minute + minutes) % (24 * 60)
    closes = time(closes_minutes // 60, closes_minutes % 60)
    hours = [Hours(opens_at=opens, closes_at=closes, byday=",".join(days), tz_name=zone)]
    found = next_opening(hours, at)
    assert found is not None and found > at
    local = found.astimezone(ZoneInfo(zone))
    # It opens on one of the days, at the time on the clock, within a week.
    assert local.time() == opens
    assert ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][local.weekday()] in days
    assert found - at <= timedelta(days=7, hours=2)
    assert is_open(hours, found)
    # No other opening starts in between: an hour before it, the one before has started earlier.
    earlier = [o for o, _c in hours[0].openings(at, found) if at < o < found]
    assert earlier == []


def test_a_fixed_hsds_offset_is_used_when_no_zone_is_named():
    hours = [
        Hours(opens_at=time(9), closes_at=time(17), byday=EVERY_DAY, tz_name="", utc_offset=-5)
    ]
    # No daylight saving with a fixed offset: 09:00 is 14:00 UTC in March and in July.
    assert next_opening(hours, utc(2026, 7, 1)) == utc(2026, 7, 1, 14)
    assert next_opening(hours, utc(2026, 3, 9)) == utc(2026, 3, 9, 14)


@pytest.mark.django_db
def test_stored_schedules_answer_open_now_per_service_and_tenant(two_communities, settings):
    from groundwork.directory.hsds import Row
    from groundwork.directory.models import Service
    from groundwork.directory.selectors import service_hours
    from groundwork.directory.services import hsds_import

    settings.TIME_ZONE = NEW_YORK
    pantry = "22222222-2222-4222-8222-222222222222"
    link = "33333333-3333-4333-8333-333333333333"
    for community, days in zip(two_communities, ["SU", "MO"], strict=True):
        hsds_import(
            actor=None,
            community=community,
            package={
                "services.csv": [Row("s", {"id": pantry, "name": "Pantry", "status": "active"})],
                "service_at_location.csv": [Row("l", {"id": link, "service_id": pantry})],
                "schedules.csv": [
                    Row(
                        "h",
                        {
                            "id": "44444444-4444-4444-8444-444444444444",
                            "service_at_location_id": link,
                            "byday": days,
                            "opens_at": "09:00",
                            "closes_at": "12:00",
                            "freq": "WEEKLY",
                        },
                    )
                ],
            },
        )
    # Sunday 8 March 2026, 09:30 EDT (the first morning of daylight saving) is 13:30 UTC.
    at = utc(2026, 3, 8, 13, 30)
    alder, birch = two_communities
    a = service_hours(
        community=alder, services=list(Service.objects.filter(community=alder)), at=at
    )
    b = service_hours(
        community=birch, services=list(Service.objects.filter(community=birch)), at=at
    )
    assert list(a.values()) == [(True, utc(2026, 3, 15, 13))]
    assert list(b.values()) == [(False, utc(2026, 3, 9, 13))]
