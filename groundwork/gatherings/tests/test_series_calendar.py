"""Series by an RFC 5545 rule across daylight-saving changes, exceptions and one-off changes;
.ics files and feeds parsed back; reminders sent once each."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from groundwork.gatherings import recurrence, services, tasks
from groundwork.gatherings.models import Registration, ReminderSent, Series

from .helpers import make_gathering, steward

pytestmark = pytest.mark.django_db
NY = ZoneInfo("America/New_York")
# Fixed "now" values: nothing depends on the time of day the tests run.
JAN = datetime(2027, 1, 1, 12, 0, tzinfo=UTC)


def _peer_series(network, lead, **extra):  # type: ignore[no-untyped-def]
    fields = {
        "title": "Monthly Peer Connection",
        "title_es": "Conexión entre pares mensual",
        "kind": "peer",
        "mode": "online",
        "online_url": "https://meet.example.org/peer",
        "language": "en",
        "interpretation_language": "es",
        "interpretation": "Live Spanish interpretation",
        "frequency": "MONTHLY",
        "ordinal": 3,
        "weekday": "WE",
        "start_time": time(12, 0),
        "end_time": time(13, 30),
        "time_zone": "America/New_York",
        "starts_on": date(2027, 1, 1),
    }
    fields.update(extra)
    series = Series(network=network, **fields)
    series.full_clean()
    series.save()
    services.series_sync(series=series, now=JAN)
    return series


def test_third_wednesday_at_noon_in_new_york_across_dst(tenant, other_tenant):  # type: ignore[no-untyped-def]
    series = _peer_series(tenant.network, steward(tenant.network))
    found = recurrence.occurrences(series, JAN, datetime(2027, 12, 31, tzinfo=UTC))
    assert [s.date() for s, _e in found[:4]] == [
        date(2027, 1, 20),
        date(2027, 2, 17),
        date(2027, 3, 17),
        date(2027, 4, 21),
    ]
    # Noon in New York: 17:00 UTC in winter, 16:00 UTC after 14 March 2027.
    assert [s.astimezone(UTC).hour for s, _e in found[:4]] == [17, 17, 16, 16]
    assert all(s.astimezone(NY).time() == time(12, 0) for s, _e in found)
    assert all(e - s == timedelta(minutes=90) for s, e in found)
    assert recurrence.rule_text(series) == "FREQ=MONTHLY;BYDAY=3WE"
    assert recurrence.describe(series).startswith("The third Wednesday of every month, 12:00")
    # The occurrences are gatherings of the network (and of no other tenant).
    assert series.occurrences.count() == 6
    assert other_tenant.network.gatherings.count() == 0


def test_exceptions_and_one_off_changes_survive_a_resync(tenant, other_tenant):  # type: ignore[no-untyped-def]
    lead = steward(tenant.network)
    series = _peer_series(tenant.network, lead)
    march = series.occurrences.get(starts_at__date=date(2027, 3, 17))
    services.gathering_save(actor=lead, gathering=march, place="", title="Special March call")
    series.exceptions = "2027-02-17"
    series.save()
    services.series_sync(series=series, now=JAN)
    dates = [g.starts_at.date() for g in series.occurrences.order_by("starts_at")]
    assert date(2027, 2, 17) not in dates and date(2027, 3, 17) in dates
    assert series.occurrences.get(starts_at__date=date(2027, 3, 17)).title == "Special March call"
    # An occurrence people registered for is cancelled, not deleted, when it becomes an
    # exception; one nobody registered for goes.
    april = series.occurrences.get(starts_at__date=date(2027, 4, 21))
    Registration.objects.create(gathering=april, name="Ana", email="a@example.org", language="es")
    series.exceptions = "2027-02-17\n2027-04-21\n2027-05-19"
    series.save()
    services.series_sync(series=series, now=JAN)
    april.refresh_from_db()
    assert april.cancelled
    assert not series.occurrences.filter(starts_at__date=date(2027, 5, 19)).exists()
    # Taking the exception back restores it.
    series.exceptions = ""
    series.save()
    services.series_sync(series=series, now=JAN)
    april.refresh_from_db()
    assert not april.cancelled
    assert series.occurrences.filter(starts_at__date=date(2027, 5, 19)).exists()


def test_ics_of_a_gathering_and_the_series_feed_parse_back(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    lead = steward(tenant.network)
    series = _peer_series(tenant.network, lead, exceptions="2027-07-21")
    march = series.occurrences.get(starts_at__date=date(2027, 3, 17))
    services.gathering_save(actor=lead, gathering=march, title="Special March call")
    url = reverse("gatherings:network_series_feed", args=[tenant.network.slug, series.pk])
    response = client.get(url)
    assert response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["America/New_York"]
    events = cal.walk("VEVENT")
    main = next(e for e in events if "RECURRENCE-ID" not in e)
    assert main["RRULE"].to_ical() == b"FREQ=MONTHLY;BYDAY=3WE"
    assert main.decoded("DTSTART") == datetime(2027, 1, 20, 12, 0, tzinfo=NY)
    assert str(main["DTSTART"].params["TZID"]) == "America/New_York"
    assert main["EXDATE"].dts[0].dt == datetime(2027, 7, 21, 12, 0, tzinfo=NY)
    override = next(e for e in events if "RECURRENCE-ID" in e)
    assert str(override["SUMMARY"]) == "Special March call"
    assert override["UID"] == main["UID"]
    # The network feed carries the series and a one-off gathering; the other network's not.
    make_gathering(tenant.network, lead, title="One-off training", kind="training")
    make_gathering(other_tenant.network, steward(other_tenant.network), title=other_tenant.marker)
    feed = Calendar.from_ical(
        client.get(reverse("gatherings:network_feed", args=[tenant.network.slug])).content
    )
    titles = {str(e["SUMMARY"]) for e in feed.walk("VEVENT")}
    assert {"Monthly Peer Connection", "One-off training", "Special March call"} <= titles
    assert other_tenant.marker not in str(titles)
    # One gathering's file: the right time in New York on both sides of the DST change.
    for day, utc_hour in ((date(2027, 2, 17), 17), (date(2027, 4, 21), 16)):
        g = series.occurrences.get(starts_at__date=day)
        one = Calendar.from_ical(client.get(g.get_absolute_url() + "calendar.ics").content)
        (event,) = one.walk("VEVENT")
        start = event.decoded("DTSTART")
        assert start.astimezone(NY).time() == time(12, 0)
        assert start.astimezone(UTC).hour == utc_hour


def test_reminders_a_day_and_an_hour_before_once_each(tenant, other_tenant):  # type: ignore[no-untyped-def]
    lead = steward(tenant.network)
    series = _peer_series(tenant.network, lead)
    g = series.occurrences.get(starts_at__date=date(2027, 2, 17))
    ana = Registration.objects.create(gathering=g, name="Ana", email="a@example.org", language="es")
    bo = Registration.objects.create(
        gathering=g, name="Bo", email="b@example.org", language="en", status="waitlisted"
    )
    day_before = g.starts_at - timedelta(hours=20)
    assert tasks.send_due_reminders(now=day_before) == 1
    assert tasks.send_due_reminders(now=day_before) == 0  # idempotent
    assert mail.outbox[-1].to == ["a@example.org"]
    assert "meet.example.org" not in mail.outbox[-1].body  # not yet
    hour_before = g.starts_at - timedelta(minutes=45)
    assert tasks.send_due_reminders(now=hour_before) == 1
    assert "https://meet.example.org/peer" in mail.outbox[-1].body
    assert tasks.send_reminder(ana.pk, "hour", now=hour_before) is False
    assert set(ReminderSent.objects.values_list("registration", "kind")) == {
        (ana.pk, "day"),
        (ana.pk, "hour"),
    }
    assert not ReminderSent.objects.filter(registration=bo).exists()
    assert len(mail.outbox) == 2


def test_the_horizon_moves_with_time(tenant, other_tenant):  # type: ignore[no-untyped-def]
    series = _peer_series(tenant.network, steward(tenant.network))
    assert not series.occurrences.filter(starts_at__year=2028).exists()
    later = datetime(2027, 9, 1, 12, 0, tzinfo=UTC)
    assert tasks.sync_all_series(now=later) == tasks.sync_all_series(now=later) == 6
    assert series.occurrences.filter(starts_at__year=2028).count() == 2
    assert series.occurrences.count() == 6 + 6  # the past ones stay, with their registrations


def test_the_feed_and_the_list_cost_the_same_queries_however_many_series(  # type: ignore[no-untyped-def]
    client, tenant, other_tenant
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    lead = steward(tenant.network)
    feed = reverse("gatherings:network_feed", args=[tenant.network.slug])
    listing = reverse("gatherings:network_list", args=[tenant.network.slug])
    counts = []
    for n in range(2):
        for m in range(3):
            series = _peer_series(tenant.network, lead, title=f"Series {n}{m}")
            first = series.occurrences.order_by("starts_at").first()
            services.gathering_save(actor=lead, gathering=first, title=f"Changed {n}{m}")
        with CaptureQueriesContext(connection) as feed_queries:
            assert client.get(feed).status_code == 200
        with CaptureQueriesContext(connection) as list_queries:
            page = client.get(listing)
        counts.append((len(feed_queries), len(list_queries)))
    assert counts[0] == counts[1]
    # Thirty a page, the next ones on the next page, the filters kept in its link.
    assert len(page.context["gatherings"]) == 30
    found = client.get(listing, {"mode": "online"})
    assert found.context["page"].paginator.per_page == 30
    assert found.context["page"].paginator.count > 30
    assert "mode=online&amp;page=2" in found.content.decode()
    second = client.get(listing, {"mode": "online", "page": 2})
    assert second.context["page"].number == 2
