"""Public pages, registration with a waitlist, signed links, the facilitators' list and the
door, in two tenants."""

import csv
import io
import json
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone

from groundwork.communities.models import Role
from groundwork.communities.tests.factories import member
from groundwork.core.errors import ApplicationError
from groundwork.core.models import AuditEvent
from groundwork.gatherings import selectors, services
from groundwork.gatherings.links import registration_token, registration_url
from groundwork.gatherings.models import Gathering, Status

from .helpers import committed, make_gathering, run_queued_tasks, steward

pytestmark = pytest.mark.django_db


def _register(gathering, name, email, **extra):  # type: ignore[no-untyped-def]
    with committed():
        return services.registration_create(
            gathering=gathering,
            name=name,
            email=email,
            language=extra.pop("language", "en"),
            **extra,
        )


def _cancel(registration):  # type: ignore[no-untyped-def]
    with committed():
        return services.registration_cancel(registration=registration)


@pytest.fixture
def pair(tenant, other_tenant):  # type: ignore[no-untyped-def]
    """A public gathering in each tenant's community (same titles), and one in each network."""
    ours = make_gathering(tenant.community, tenant.coordinator, title=f"Hall {tenant.marker}")
    theirs = make_gathering(
        other_tenant.community, other_tenant.coordinator, title=f"Hall {other_tenant.marker}"
    )
    lead = steward(tenant.network)
    net = make_gathering(tenant.network, lead, title="Network peer call", capacity=1)
    other_lead = steward(other_tenant.network)
    make_gathering(other_tenant.network, other_lead, title=f"Call {other_tenant.marker}")
    return tenant, other_tenant, ours, theirs, net, lead


def test_lists_show_only_the_owners_public_gatherings(client, pair):  # type: ignore[no-untyped-def]
    tenant, other, ours, theirs, net, _lead = pair
    hidden = make_gathering(tenant.community, tenant.coordinator, title="Unlisted", is_public=False)
    page = client.get(reverse("gatherings:community_list", args=[tenant.community.slug]))
    text = page.content.decode()
    assert ours.title in text and other.marker not in text and "Unlisted" not in text
    page = client.get(reverse("gatherings:network_list", args=[tenant.network.slug]))
    text = page.content.decode()
    assert "Network peer call" in text and other.marker not in text
    # A facilitator sees the unlisted one, marked.
    client.force_login(tenant.coordinator)
    page = client.get(reverse("gatherings:community_list", args=[tenant.community.slug]))
    assert hidden.title in page.content.decode()
    # One gathering per page, found through its owner only.
    assert client.get(ours.get_absolute_url()).status_code == 200
    wrong = reverse("gatherings:community_detail", args=[tenant.community.slug, theirs.pk])
    assert client.get(wrong).status_code == 404


def test_filters_by_kind_language_and_mode(client, pair):  # type: ignore[no-untyped-def]
    tenant, *_ = pair
    make_gathering(
        tenant.community,
        tenant.coordinator,
        title="Taller en persona",
        kind="workshop",
        mode="in_person",
        place="Library",
        online_url="",
        language="es",
        interpretation_language="",
    )
    url = reverse("gatherings:community_list", args=[tenant.community.slug])
    text = client.get(url, {"kind": "workshop"}).content.decode()
    assert "Taller en persona" in text and f"Hall {tenant.marker}" not in text
    text = client.get(url, {"mode": "online"}).content.decode()
    assert "Taller en persona" not in text and f"Hall {tenant.marker}" in text
    # Spanish: spoken in Spanish or interpreted into it.
    text = client.get(url, {"language": "es"}).content.decode()
    assert "Taller en persona" in text and f"Hall {tenant.marker}" in text
    text = client.get(url, {"language": "en", "mode": "in_person"}).content.decode()
    assert "Taller en persona" not in text and f"Hall {tenant.marker}" not in text


def test_process_gatherings_page_and_home_page(client, pair):  # type: ignore[no-untyped-def]
    tenant, other, ours, _theirs, _net, _lead = pair
    linked = make_gathering(tenant.process, tenant.coordinator, title="Process workshop")
    assert linked.community == tenant.community and linked.process == tenant.process
    page = client.get(
        reverse("gatherings:process_list", args=[tenant.community.slug, tenant.process.slug])
    )
    assert "Process workshop" in page.content.decode()
    assert ours.title not in page.content.decode()
    home = client.get("/").content.decode()
    assert "Coming up" in home and "Process workshop" in home
    # A private process's gatherings stay off the public pages.
    tenant.process.is_public = False
    tenant.process.save()
    assert "Process workshop" not in client.get("/").content.decode()


def test_waitlist_is_promoted_in_order_with_an_email(pair):  # type: ignore[no-untyped-def]
    *_, net, _lead = pair  # capacity 1
    first = _register(net, "Ana", "ana@example.org")
    second = _register(net, "Beto", "beto@example.org", language="es")
    third = _register(net, "Cruz", "cruz@example.org")
    assert [r.status for r in (first, second, third)] == ["registered", "waitlisted", "waitlisted"]
    run_queued_tasks()
    mail.outbox.clear()
    promoted = _cancel(first)
    assert promoted == second
    second.refresh_from_db()
    third.refresh_from_db()
    assert (second.status, third.status) == ("registered", "waitlisted")
    run_queued_tasks()
    assert [m.to for m in mail.outbox] == [["beto@example.org"]]
    assert "Se abrió un lugar" in mail.outbox[0].subject  # in Beto's language
    # Cancelling twice, or a waitlisted person cancelling, promotes nobody.
    assert _cancel(first) is None
    assert _cancel(third) is None


def test_one_active_registration_per_address(pair):  # type: ignore[no-untyped-def]
    tenant, _other, ours, *_ = pair
    _register(ours, "Ana", "ana@example.org")
    with pytest.raises(ApplicationError, match="already registered"):
        _register(ours, "Ana again", "ANA@example.org ")
    with pytest.raises(ApplicationError, match="e-mail address or a phone"):
        _register(ours, "Nobody", "")
    assert _register(ours, "Phone only", "", phone="555-0100").status == Status.REGISTERED


def test_signed_link_opens_only_its_registration_and_cancels(client, pair):  # type: ignore[no-untyped-def]
    *_, net, _lead = pair
    ana = _register(net, "Ana", "ana@example.org")
    beto = _register(net, "Beto", "beto@example.org")
    page = client.get(registration_url(ana))
    assert "Ana, you are registered" in page.content.decode()
    assert "Beto" not in page.content.decode()
    token = registration_token(ana)
    # Beto's registration named under Ana's signature (and Ana's nonce, and Beto's): refused.
    _payload, signature = token.rsplit(":", 1)
    for nonce in (ana.nonce, beto.nonce):
        payload = signing.b64_encode(json.dumps([beto.pk, nonce], separators=(",", ":")).encode())
        forged = f"{payload.decode()}:{signature}"
        assert client.get(reverse("gatherings:registration", args=[forged])).status_code == 404
    assert client.get(reverse("gatherings:registration", args=[token])).status_code == 200
    # A new nonce revokes the old link.
    response = client.post(registration_url(ana))
    assert response.status_code == 302
    ana.refresh_from_db()
    beto.refresh_from_db()
    assert (ana.status, beto.status) == ("cancelled", "registered")


def test_online_link_only_for_registered_people_shortly_before(client, tenant):  # type: ignore[no-untyped-def]
    soon = make_gathering(
        tenant.community,
        tenant.coordinator,
        starts_at=timezone.now() + timedelta(minutes=30),
        capacity=1,
    )
    later = make_gathering(tenant.community, tenant.coordinator, title="Later")
    link = "https://meet.example.org/peer"
    assert link not in client.get(soon.get_absolute_url()).content.decode()
    seat = _register(soon, "Ana", "ana@example.org")
    waiting = _register(soon, "Beto", "beto@example.org")
    assert link in client.get(registration_url(seat)).content.decode()
    assert link not in client.get(registration_url(waiting)).content.decode()
    early = _register(later, "Ana", "ana@example.org")
    assert link not in client.get(registration_url(early)).content.decode()


def test_facilitators_list_needs_summary_csv_and_audit(client, pair):  # type: ignore[no-untyped-def]
    tenant, other, ours, theirs, *_ = pair
    for n in range(4):
        _register(
            ours,
            f"P{n}",
            f"p{n}@example.org",
            interpretation_language="es",
            childcare=1 if n < 2 else 0,
        )
    _register(ours, "=HYPERLINK(1)", "x@example.org", asl=True, dietary="vegetarian")
    _register(theirs, f"Their {other.marker}", "t@example.org", interpretation_language="es")
    summary = selectors.needs_summary(ours)
    assert summary.sentence().startswith("4 need Spanish interpretation, 1 ASL, 2 childcare")
    url = ours.get_absolute_url() + "registrations/"
    assert client.get(url).status_code == 302  # sign in first
    resident = member(tenant.community, Role.MEMBER)
    client.force_login(resident)
    assert client.get(url).status_code == 403
    client.force_login(other.coordinator)
    assert client.get(url).status_code == 403
    client.force_login(tenant.coordinator)
    page = client.get(url).content.decode()
    assert "4 need Spanish interpretation" in page and other.marker not in page
    rows = list(
        csv.reader(
            io.StringIO(client.get(ours.get_absolute_url() + "registrations.csv").content.decode())
        )
    )
    assert rows[0][0] == "name" and len(rows) == 6
    assert any(r[0] == "'=HYPERLINK(1)" for r in rows)
    actions = set(
        AuditEvent.objects.filter(community=tenant.community).values_list("action", flat=True)
    )
    assert {"gathering.registrations_viewed", "gathering.registrations_exported"} <= actions


def test_door_attendance_feeds_the_process(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    gathering = make_gathering(tenant.process, tenant.coordinator, title="Workshop day 1")
    people = [_register(gathering, f"P{n}", f"p{n}@example.org") for n in range(3)]
    client.force_login(other_tenant.coordinator)
    assert (
        client.post(gathering.get_absolute_url() + "door/", {"came": [people[0].pk]}).status_code
        == 403
    )
    client.force_login(tenant.coordinator)
    response = client.post(
        gathering.get_absolute_url() + "door/",
        {"came": [people[0].pk, people[2].pk], "walk_ins": "5"},
    )
    assert response.status_code == 302
    gathering.refresh_from_db()
    assert gathering.actual_attendance == 7
    # The planning process's gatherings page (and its reach figures) read the same row.
    page = client.get(reverse("planning:gatherings", args=[tenant.community.slug, "2027"]))
    assert "Workshop day 1" in page.content.decode()
    assert Gathering.objects.get(pk=gathering.pk).process == tenant.process


def test_register_through_the_page_in_spanish(client, pair):  # type: ignore[no-untyped-def]
    tenant, *_rest = pair
    ours = _rest[1]
    client.cookies["django_language"] = "es"
    page = client.get(ours.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="es")
    assert "Inscribirse" in page.content.decode()
    with committed():
        response = client.post(
            ours.get_absolute_url(),
            {
                "name": "Rosa",
                "email": "rosa@example.org",
                "language": "es",
                "interpretation_language": "es",
                "childcare": "2",
            },
        )
    assert response.status_code == 302
    # The reminders wait for their time; the confirmation goes now.
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(task_path__endswith="reminder_send")
    assert sorted(r.args_kwargs["kwargs"]["kind"] for r in waiting) == ["day", "hour"]
    assert all(r.run_after is not None for r in waiting)
    registration = ours.registrations.get()
    assert (
        registration.language,
        registration.interpretation_language,
        registration.childcare,
    ) == ("es", "es", 2)
    run_queued_tasks()
    assert mail.outbox[-1].to == ["rosa@example.org"]
    assert "inscrit" in mail.outbox[-1].subject.lower()


def test_managing_needs_the_role(client, pair):  # type: ignore[no-untyped-def]
    tenant, other, ours, theirs, net, lead = pair
    with pytest.raises(ApplicationError):
        make_gathering(tenant.community, other.coordinator)
    with pytest.raises(ApplicationError):
        make_gathering(other.network, lead)
    client.force_login(lead)
    assert (
        client.get(reverse("gatherings:network_new", args=[tenant.network.slug])).status_code == 200
    )
    assert (
        client.get(reverse("gatherings:network_new", args=[other.network.slug])).status_code == 403
    )
    assert (
        client.get(reverse("gatherings:community_new", args=[tenant.community.slug])).status_code
        == 403
    )
