""" "Open now" in SQL (the schedules' weekly opening windows) answers as the recurrence rules
do, across time zones, changes of clocks, date bounds and rules that are not weekly; the
windows follow every write; the search page takes a fixed number of queries."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from groundwork.communities.tests.factories import CommunityFactory, OrganizationFactory

from ..models import OpeningWindow, Schedule, Service
from ..opening_windows import open_services, refresh_community, schedule_open
from ..pages import filter_choices
from ..search import Filters, service_search
from .factories import ScheduleFactory, ServiceFactory, add_service

pytestmark = pytest.mark.django_db

NEW_YORK = ZoneInfo("America/New_York")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
def pair():  # type: ignore[no-untyped-def]
    """Two tenants, each with a service of the same HSDS id (as when both import one package)."""
    alder, birch = CommunityFactory(slug="alder"), CommunityFactory(slug="birch")
    mine = ServiceFactory(community=alder, name="Alder pantry")
    ServiceFactory(community=birch, name="Birch pantry", hsds_id=mine.hsds_id)
    return alder, birch, mine


def open_in_sql(community, service, at) -> bool:  # type: ignore[no-untyped-def]
    return Service.objects.filter(open_services([community.pk], at), pk=service.pk).exists()


def schedule(community, service, **fields) -> Schedule:  # type: ignore[no-untyped-def]
    fields.setdefault("tz_name", "America/New_York")
    return ScheduleFactory(community=community, service_id=service.hsds_id, **fields)


def test_weekly_hours_in_the_schedules_zone(pair) -> None:  # type: ignore[no-untyped-def]
    alder, _birch, mine = pair
    schedule(alder, mine, byday="TU", opens_at=time(9), closes_at=time(17), tz_name="Asia/Tokyo")
    # Tuesday 10:00 in Tokyo is Monday 20:00 in New York.
    assert open_in_sql(alder, mine, utc(2026, 12, 1, 1, 0))
    assert not open_in_sql(alder, mine, utc(2026, 12, 1, 9, 0))  # 18:00 in Tokyo


def test_another_tenants_hours_never_open_a_service(pair) -> None:  # type: ignore[no-untyped-def]
    alder, birch, mine = pair
    schedule(birch, mine, byday="MO,TU,WE,TH,FR,SA,SU", opens_at=time(0), closes_at=time(0))
    assert not open_in_sql(alder, mine, utc(2026, 12, 1, 15, 0))
    assert Service.objects.filter(open_services([birch.pk], utc(2026, 12, 1, 15, 0))).count() == 1


def test_overnight_across_the_end_of_the_week(pair) -> None:  # type: ignore[no-untyped-def]
    alder, _birch, mine = pair
    schedule(alder, mine, byday="SU", opens_at=time(22), closes_at=time(2))
    monday_1am = datetime(2026, 12, 7, 1, 0, tzinfo=NEW_YORK)
    assert open_in_sql(alder, mine, monday_1am)
    assert not open_in_sql(alder, mine, monday_1am + timedelta(hours=1))


def test_a_time_skipped_in_spring_opens_when_the_clocks_show_it(pair) -> None:  # type: ignore[no-untyped-def]
    alder, _birch, mine = pair
    # 8 March 2026: New York's clocks go from 02:00 to 03:00; 02:30 is read as 03:30.
    schedule(alder, mine, byday="SU", opens_at=time(2, 30), closes_at=time(5))
    assert not open_in_sql(alder, mine, utc(2026, 3, 8, 7, 15))  # 03:15 EDT
    assert open_in_sql(alder, mine, utc(2026, 3, 8, 7, 45))  # 03:45 EDT


def test_an_hour_repeated_in_autumn_closes_the_first_time(pair) -> None:  # type: ignore[no-untyped-def]
    alder, _birch, mine = pair
    # 1 November 2026: 01:00–02:00 happens twice; 01:45 is its first occurrence.
    schedule(alder, mine, byday="SU", opens_at=time(1), closes_at=time(1, 45))
    assert open_in_sql(alder, mine, utc(2026, 11, 1, 5, 30))  # 01:30 EDT
    assert not open_in_sql(alder, mine, utc(2026, 11, 1, 6, 30))  # 01:30 EST, again


def test_first_and_last_days(pair) -> None:  # type: ignore[no-untyped-def]
    alder, _birch, mine = pair
    s = schedule(alder, mine, byday="TU", opens_at=time(9), closes_at=time(17))
    tuesday_noon = datetime(2026, 12, 1, 12, 0, tzinfo=NEW_YORK)
    for fields, expected in [
        ({"valid_to": date(2026, 11, 30)}, False),
        ({"valid_to": date(2026, 12, 1)}, True),
        ({"valid_from": date(2026, 12, 1)}, True),
        ({"valid_from": date(2026, 12, 2)}, False),
        ({"dtstart": date(2026, 12, 8)}, False),
        ({"until": date(2026, 12, 1)}, True),
        ({"until": date(2025, 1, 1)}, False),
    ]:
        Schedule.objects.filter(pk=s.pk).update(
            valid_from=None, valid_to=None, dtstart=None, until=None
        )
        s.refresh_from_db()
        for name, value in fields.items():
            setattr(s, name, value)
        s.save()
        assert open_in_sql(alder, mine, tuesday_noon) is expected, fields


def test_rules_that_are_not_weekly_are_decided_by_the_rule(pair) -> None:  # type: ignore[no-untyped-def]
    alder, _birch, mine = pair
    # The second Tuesday of the month: 8 December 2026, not 1 December.
    schedule(alder, mine, freq="MONTHLY", byday="2TU", opens_at=time(9), closes_at=time(12))
    assert not open_in_sql(alder, mine, datetime(2026, 12, 1, 10, 0, tzinfo=NEW_YORK))
    assert open_in_sql(alder, mine, datetime(2026, 12, 8, 10, 0, tzinfo=NEW_YORK))
    windows = OpeningWindow.objects.filter(schedule__service_id=mine.hsds_id)
    assert {w.exact for w in windows} == {False}


def test_an_unreadable_rule_is_never_open_and_does_not_hide_another(pair) -> None:  # type: ignore[no-untyped-def]
    alder, _birch, mine = pair
    schedule(alder, mine, byday="XX", opens_at=time(0), closes_at=time(0))
    at = datetime(2026, 12, 1, 12, 0, tzinfo=NEW_YORK)
    assert not open_in_sql(alder, mine, at)
    schedule(alder, mine, byday="TU", opens_at=time(9), closes_at=time(17))
    assert open_in_sql(alder, mine, at)


def test_hours_of_a_service_at_a_location_count_for_the_service(pair) -> None:  # type: ignore[no-untyped-def]
    from ..models import ServiceAtLocation

    alder, _birch, mine = pair
    link = ServiceAtLocation.objects.create(community=alder, service_id=mine.hsds_id)
    ScheduleFactory(community=alder, service_at_location_id=link.hsds_id, tz_name="UTC")
    assert open_in_sql(alder, mine, utc(2026, 12, 1, 12, 0))


def test_windows_follow_saves_deletes_and_imports(pair) -> None:  # type: ignore[no-untyped-def]
    from ..services import hsds_import

    alder, _birch, mine = pair
    s = schedule(alder, mine, byday="MO,WE", opens_at=time(9), closes_at=time(17))
    assert OpeningWindow.objects.filter(schedule=s).count() == 2
    s.byday = "MO"
    s.save()
    assert OpeningWindow.objects.filter(schedule=s).count() == 1
    s.delete()
    assert not OpeningWindow.objects.filter(community=alder).exists()
    row = {
        "id": "5d1c1a51-7d4f-4a8e-8a4f-1f7a3c0f0001",
        "service_id": str(mine.hsds_id),
        "freq": "WEEKLY",
        "byday": "TU,TH",
        "opens_at": "09:00",
        "closes_at": "17:00",
    }
    from ..hsds import Row

    hsds_import(
        actor=None, community=alder, package={"schedules.csv": [Row(values=row, where="1")]}
    )
    assert OpeningWindow.objects.filter(community=alder).count() == 2
    assert open_in_sql(alder, mine, datetime(2026, 12, 1, 12, 0, tzinfo=NEW_YORK))
    OpeningWindow.objects.all().delete()
    refresh_community(alder.pk)
    assert OpeningWindow.objects.filter(community=alder).count() == 2


ZONES = [
    ("America/New_York", None),
    ("Europe/London", None),
    ("Australia/Lord_Howe", None),  # clocks move by half an hour
    ("America/St_Johns", None),
    ("Asia/Kolkata", None),
    ("", None),  # the site's zone
    ("", -5.0),  # HSDS's fixed offset
    ("", 5.5),
]
# Changes of clocks in 2026 (UTC) in those zones, and an ordinary week.
MOMENTS = [
    utc(2026, 3, 8, 7),
    utc(2026, 11, 1, 6),
    utc(2026, 3, 29, 1),
    utc(2026, 10, 25, 1),
    utc(2026, 4, 4, 15),
    utc(2026, 10, 3, 15),
    utc(2026, 3, 8, 5, 30),
    utc(2026, 11, 1, 3, 30),
    utc(2026, 6, 17, 12),
]
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


@st.composite
def rules(draw):  # type: ignore[no-untyped-def]
    near = draw(st.sampled_from(MOMENTS))
    at = near + timedelta(seconds=draw(st.integers(-3 * 86400, 3 * 86400)))
    tz_name, offset = draw(st.sampled_from(ZONES))
    days = draw(st.lists(st.sampled_from(DAYS), max_size=4, unique=True))
    if draw(st.booleans()) and days:
        days[0] = draw(st.sampled_from(["1", "2", "-1"])) + days[0]
    clock = st.builds(
        time,
        st.integers(0, 23),
        st.sampled_from([0, 15, 30, 45, 59]),
        st.sampled_from([0, 0, 0, 30]),
    )
    day = st.none() | st.builds(lambda k: at.date() + timedelta(days=k), st.integers(-9, 9))
    return at, {
        "tz_name": tz_name,
        "timezone": offset,
        "freq": draw(st.sampled_from(["WEEKLY", "WEEKLY", "DAILY", "", "MONTHLY"])),
        "interval": draw(st.sampled_from([None, 1, 1, 2])),
        "byday": ",".join(days),
        "bymonthday": draw(st.sampled_from(["", "", "", "1,15"])),
        "count": draw(st.sampled_from([None, None, None, 3])),
        "opens_at": draw(clock),
        "closes_at": draw(clock),
        "dtstart": draw(day),
        "valid_from": draw(day),
        "valid_to": draw(day),
        "until": draw(day),
    }


@example(
    case=(
        utc(2026, 3, 8, 7),
        {
            "tz_name": "America/New_York",
            "freq": "WEEKLY",
            "count": 3,  # a number of times: ``until`` is not read
            "opens_at": time(0),
            "closes_at": time(0),
            "valid_from": date(2026, 3, 8),
            "until": date(2026, 3, 7),
        },
    )
)
@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=rules())
def test_the_sql_filter_answers_as_the_rule_does(pair, case) -> None:  # type: ignore[no-untyped-def]
    alder, _birch, mine = pair
    at, fields = case
    Schedule.objects.filter(community=alder).delete()
    s = ScheduleFactory(community=alder, service_id=mine.hsds_id, **fields)
    assert open_in_sql(alder, mine, at) is schedule_open(s, at), (at, fields)


def test_the_search_page_takes_a_fixed_number_of_queries(
    client, django_assert_num_queries, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from django.utils import timezone

    alder, birch = (
        CommunityFactory(slug="alder", is_public=True),
        CommunityFactory(slug="birch", is_public=True),
    )
    tuesday_noon = datetime(2026, 12, 1, 12, 0, tzinfo=NEW_YORK)
    monkeypatch.setattr(timezone, "now", lambda: tuesday_noon)

    def add(community, count: int) -> None:  # type: ignore[no-untyped-def]
        organization = OrganizationFactory(community=community)
        for n in range(count):
            add_service(
                community,
                organization,
                name=f"Pantry {community.slug} {n}",
                hours=("MO,TU,WE,TH,FR", time(9), time(17)),
                languages=("es",),
            )
        monthly = Service.objects.filter(community=community).first()
        schedule(
            community, monthly, freq="MONTHLY", byday="1TU", opens_at=time(9), closes_at=time(17)
        )

    add(alder, 3)
    add(birch, 3)
    url = reverse("directory:search", args=[alder.slug]) + "?open_now=on&language=es"
    # Cold: the filter choices and the zones are read (seven queries and two), then cached.
    with django_assert_num_queries(19):
        assert client.get(url).status_code == 200
    # Community, the schedules left to their rules, the page with the count, the rows'
    # organizations, links, locations, addresses, phones and opening hours (two).
    with django_assert_num_queries(10):
        response = client.get(url)
    assert response.content.decode().count('class="gw-result"') == 3
    add(alder, 30)  # a write: cached reads are dropped once
    client.get(url)
    with django_assert_num_queries(10):
        response = client.get(url)
    assert response.content.decode().count('class="gw-result"') == 20


def test_filter_choices_are_cached_until_a_write(django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    from ..models import Language

    alder, birch = CommunityFactory(slug="alder"), CommunityFactory(slug="birch")
    service = ServiceFactory(community=alder)
    ServiceFactory(community=birch)
    Language.objects.create(community=birch, service_id=service.hsds_id, code="fr")
    first = filter_choices(communities=[alder])
    with django_assert_num_queries(0):
        assert filter_choices(communities=[alder]) == first
    Language.objects.create(community=alder, service_id=service.hsds_id, code="vi")
    codes = [code for code, _label in filter_choices(communities=[alder]).languages]
    assert codes == ["vi"]  # birch's French is not alder's


def test_a_networks_many_communities_share_a_short_cache_key() -> None:
    """A statewide network spans a hundred communities: the key names them by a hash, so a
    backend with a key limit (memcached: 250 bytes) takes it, and a write to any of them is
    seen on the next read."""
    import warnings

    from django.core.cache.backends.base import CacheKeyWarning

    from ..models import Language

    communities = [CommunityFactory() for _ in range(100)]
    service = ServiceFactory(community=communities[-1])
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheKeyWarning)
        assert filter_choices(communities=communities).languages == []
        Language.objects.create(community=communities[-1], service_id=service.hsds_id, code="vi")
        codes = [code for code, _label in filter_choices(communities=communities).languages]
    assert codes == ["vi"]


def test_a_page_of_open_services_is_counted_and_paged_in_sql(pair) -> None:  # type: ignore[no-untyped-def]
    alder, _birch, _mine = pair
    made = Service.objects.bulk_create(
        Service(community=alder, name=f"Food bank {n:02}") for n in range(45)
    )
    for n, service in enumerate(made):
        schedule(alder, service, byday="TU", opens_at=time(9), closes_at=time(17 if n % 3 else 10))
    at = datetime(2026, 12, 1, 12, 0, tzinfo=NEW_YORK)
    page = service_search(communities=[alder], filters=Filters(open_now=True), page=2, at=at)
    assert page.total == 30 and page.pages == 2 and page.number == 2
    assert [s.name for s in page.services][:2] == ["Food bank 31", "Food bank 32"]
