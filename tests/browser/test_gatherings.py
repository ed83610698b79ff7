"""Gatherings in the browser: a network lead creates the monthly Peer Connection series with
Spanish interpretation; a resident on a 360 px phone in Spanish registers needing
interpretation and childcare, gets the confirmation and the calendar file (noon in New York on
both sides of a daylight-saving change); a full gathering's waitlist moves up when someone
cancels. Every page: no sideways scroll, axe-core clean."""

from datetime import datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from django.core import mail
from django.test import Client
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import Page, expect

from groundwork.core.testing import build_tenant
from groundwork.gatherings.models import Registration, Series
from groundwork.gatherings.tests.helpers import make_gathering, run_queued_tasks, steward

from .conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)
NY = ZoneInfo("America/New_York")


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(page)


def _page(new_page, live_server, *, user=None, language="es", width=360) -> Page:  # type: ignore[no-untyped-def]
    page = new_page(phone=width < 1000)
    page.set_viewport_size({"width": width, "height": 800})
    page.context.set_default_navigation_timeout(60_000)
    cookies = [{"name": "django_language", "value": language, "url": live_server.url}]
    if user is not None:
        client = Client()
        client.force_login(user)
        cookies.append(
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        )
    page.context.add_cookies(cookies)
    return page


@pytest.fixture
def tenants():  # type: ignore[no-untyped-def]
    alder = build_tenant("alder", people=1)
    birch = build_tenant("birch", people=1)
    make_gathering(birch.network, steward(birch.network), title=f"Call {birch.marker}")
    return alder, birch


def test_network_lead_creates_the_monthly_peer_connection_series(new_page, live_server, tenants):  # type: ignore[no-untyped-def]
    alder, birch = tenants
    lead = steward(alder.network)
    page = _page(new_page, live_server, user=lead, language="en", width=1280)
    page.goto(f"/networks/{alder.network.slug}/gatherings/")
    page.get_by_role("link", name="New series of gatherings").click()
    page.get_by_label("Title", exact=True).fill("Monthly Peer Connection")
    page.get_by_label("Title in Spanish").fill("Conexión entre pares mensual")
    page.get_by_label("Kind").select_option("peer")
    page.get_by_label("How people take part").select_option("online")
    page.get_by_label("Online link").fill("https://meet.example.org/peer")
    page.get_by_label("Language", exact=True).select_option("en")
    page.get_by_label("Live interpretation").select_option("es")
    page.get_by_label("Capacity").fill("40")
    page.get_by_label("Repeats").select_option("MONTHLY")
    page.get_by_label("Which one in the month").select_option("3")
    page.get_by_label("Day of the week").select_option("WE")
    page.get_by_label("Starts at").fill("12:00")
    page.get_by_label("Ends at").fill("13:30")
    page.get_by_label("Time zone").select_option("America/New_York")
    page.get_by_label("First date").fill(timezone.localdate().isoformat())
    _fits(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Monthly Peer Connection")
    expect(page.get_by_text("The third Wednesday of every month, 12:00–13:30")).to_be_visible()
    series = Series.objects.get(network=alder.network)
    assert (series.interpretation_language, series.ordinal, series.weekday) == ("es", 3, "WE")
    assert series.occurrences.count() >= 5
    first = series.occurrences.order_by("starts_at").first()
    assert first.starts_at.astimezone(NY).time() == time(12, 0)
    _fits(page)
    # In Spanish, on the network's public page.
    page = _page(new_page, live_server, width=360)
    page.goto(f"/networks/{alder.network.slug}/gatherings/")
    expect(page.get_by_role("link", name="Conexión entre pares mensual").first).to_be_visible()
    expect(page.get_by_text(birch.marker)).to_have_count(0)
    expect(page.get_by_text("El tercer miércoles de cada mes, 12:00–13:30")).to_be_visible()
    _fits(page)


def test_resident_registers_on_a_spanish_phone_with_needs_and_gets_the_calendar(
    new_page, live_server, tenants
):  # type: ignore[no-untyped-def]
    alder, _birch = tenants
    lead = steward(alder.network)
    # A series from before a daylight-saving change to after it (second Sunday of March).
    series = Series(
        network=alder.network,
        title="Monthly Peer Connection",
        title_es="Conexión entre pares mensual",
        kind="peer",
        mode="online",
        online_url="https://meet.example.org/peer",
        language="en",
        interpretation_language="es",
        frequency="MONTHLY",
        ordinal=3,
        weekday="WE",
        start_time=time(12, 0),
        end_time=time(13, 30),
        time_zone="America/New_York",
        starts_on=timezone.localdate(),
        capacity=40,
        childcare=True,
    )
    from groundwork.gatherings import services

    series = services.series_save(
        actor=lead,
        owner=alder.network,
        **{f: getattr(series, f) for f in services.SERIES_FIELDS},
    )
    gathering = series.occurrences.order_by("starts_at").first()
    page = _page(new_page, live_server, width=360)
    page.goto("/")
    coming = page.get_by_role("region", name="Próximamente")
    coming.get_by_role("link", name="Conexión entre pares mensual").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Conexión entre pares mensual")
    _fits(page)
    page.get_by_label("Su nombre").fill("Rosa Martínez")
    page.get_by_label("Correo electrónico").fill("rosa@example.org")
    page.get_by_label("Su idioma").select_option("es")
    page.locator("#id_interpretation_language").select_option("es")
    page.get_by_label("Niños que necesitan cuidado infantil").fill("2")
    page.get_by_role("button", name="Inscribirse").click()
    expect(page.locator("#status")).to_contain_text("Rosa Martínez, está inscrito.")
    _fits(page)
    registration = Registration.objects.get(email="rosa@example.org")
    assert registration.gathering == gathering
    assert (registration.interpretation_language, registration.childcare) == ("es", 2)
    run_queued_tasks()
    (confirmation,) = mail.outbox
    assert confirmation.subject.startswith("Está inscrito")
    assert "/gatherings/r/" in confirmation.body
    # "Add to calendar": the file parses and the time is noon in New York.
    with page.expect_download() as download:
        page.get_by_role("link", name="Agregar al calendario (.ics)").click()
    body = Path(download.value.path()).read_bytes()
    (event,) = Calendar.from_ical(body).walk("VEVENT")
    start = event.decoded("DTSTART")
    assert start == gathering.starts_at and start.astimezone(NY).time() == time(12, 0)
    # The series' feed: its rule gives noon in New York before and after the DST change.
    feed = page.context.request.get(
        f"/networks/{alder.network.slug}/gatherings/series/{series.pk}/feed.ics"
    )
    cal = Calendar.from_ical(feed.body())
    (main,) = [e for e in cal.walk("VEVENT") if "RECURRENCE-ID" not in e]
    rule = rrulestr(main["RRULE"].to_ical().decode(), dtstart=main.decoded("DTSTART"))
    year = timezone.localdate().year + 1
    for month, utc_hour in ((2, 17), (4, 16)):  # EST, then EDT
        moment = rule.after(datetime(year, month, 1, tzinfo=NY))
        assert moment.astimezone(NY).time() == time(12, 0)
        assert moment.astimezone(ZoneInfo("UTC")).hour == utc_hour


def test_a_full_gathering_promotes_the_waitlist_when_someone_cancels(
    new_page, live_server, tenants
):  # type: ignore[no-untyped-def]
    alder, _birch = tenants
    gathering = make_gathering(
        alder.community,
        alder.coordinator,
        title="Taller",
        title_es="Taller de resiliencia",
        capacity=1,
        mode="in_person",
        place="Centro comunitario",
        online_url="",
    )
    pages = []
    for name, email in (("Ana", "ana@example.org"), ("Beto", "beto@example.org")):
        page = _page(new_page, live_server, width=360)
        page.goto(gathering.get_absolute_url())
        page.get_by_label("Su nombre").fill(name)
        page.get_by_label("Correo electrónico").fill(email)
        page.get_by_role("button", name="Inscribirse").click()
        pages.append(page)
    expect(pages[0].locator("#status")).to_contain_text("Ana, está inscrito.")
    expect(pages[1].locator("#status")).to_contain_text(
        "Beto, está en la lista de espera: número 1."
    )
    _fits(pages[1])
    run_queued_tasks()
    mail.outbox.clear()
    ana = pages[0]
    ana.get_by_role("button", name="Cancelar mi inscripción").click()
    expect(ana.locator("#status")).to_have_text("Esta inscripción está cancelada.")
    pages[1].reload()
    expect(pages[1].locator("#status")).to_contain_text("Beto, está inscrito.")
    run_queued_tasks()
    assert [m.to for m in mail.outbox] == [["beto@example.org"]]
    assert mail.outbox[0].subject.startswith("Se abrió un lugar para usted")
    # The facilitators' list, the door and the list page on a phone.
    coordinator = _page(new_page, live_server, user=alder.coordinator, width=360)
    coordinator.goto(gathering.get_absolute_url() + "registrations/")
    expect(coordinator.locator("#needs")).to_contain_text("1 inscrita")
    _fits(coordinator)
    coordinator.goto(gathering.get_absolute_url() + "door/")
    coordinator.locator("label", has_text="Beto").click()
    coordinator.get_by_label("Vinieron sin inscribirse").fill("3")
    coordinator.get_by_role("button", name="Guardar la asistencia").click()
    expect(coordinator.get_by_text("Asistencia registrada: 4")).to_be_visible()
    _fits(coordinator)
    coordinator.goto(f"/c/{alder.community.slug}/gatherings/?kind=workshop")
    _fits(coordinator)
    coordinator.goto(gathering.get_absolute_url() + "edit/")
    _fits(coordinator)
