"""The loop: consent first, duplicates, notices to the sender, messages, the person's link,
revocation, sensitive services, retention and the de-identified figures."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from groundwork.core.errors import ApplicationError
from groundwork.core.models import AuditEvent
from groundwork.directory.models import Phone
from groundwork.referrals.actions import access, consents, messaging, overdue, retention, statuses
from groundwork.referrals.links import person_path, person_token
from groundwork.referrals.models import (
    AccessRecord,
    Consent,
    Message,
    Notification,
    Person,
    Referral,
    Status,
)
from groundwork.referrals.report import network_referral_report, referral_report

from .conftest import refer
from .states import food_referral_in


def test_verbal_consent_needs_the_senders_attestation(world):
    w = world[0]
    with pytest.raises(ApplicationError, match="agreed aloud"):
        refer(w, attested=False)
    assert not Referral.objects.exists() and not Person.objects.exists()
    food, housing = refer(w)
    assert food.status == housing.status == Status.SENT
    consent = food.consent
    assert consent.attested and consent.confirmed_at and consent.recorded_by == w.people.counselor
    assert set(consent.organizations.all()) == {w.pantry, w.clinic}
    assert consent.fields == ["contact", "note"]


def test_signed_consent_needs_a_signature(world):
    w = world[0]
    with pytest.raises(ApplicationError, match="signs"):
        refer(w, method=Consent.Method.SIGNED, signature="")
    food, _ = refer(w, method=Consent.Method.SIGNED)
    assert food.consent.signature == "Rosa Delgado Ibarra"


def test_link_consent_sends_nothing_until_the_person_confirms(world, client):
    w = world[0]
    food, housing = refer(w, method=Consent.Method.LINK)
    assert food.status == housing.status == Status.AWAITING_CONSENT
    assert not Notification.objects.filter(recipient=w.people.pantry_staff).exists()
    client.force_login(w.people.pantry_staff)
    detail = reverse("referrals:detail", args=[w.community.slug, food.pk])
    assert client.get(detail).status_code == 403
    inbox = client.get(reverse("referrals:inbox", args=[w.community.slug]))
    assert f">#{food.pk}<" not in inbox.content.decode()  # as the inbox's rows name them
    assert detail not in inbox.content.decode()
    client.logout()
    response = client.post(
        reverse("referrals:person_confirm", args=[food.pk, person_token(food)]), follow=True
    )
    assert response.status_code == 200
    for referral in (food, housing):
        referral.refresh_from_db()
        assert referral.status == Status.SENT and referral.sent_at
    assert Notification.objects.filter(recipient=w.people.pantry_staff, kind="received").exists()
    client.force_login(w.people.pantry_staff)
    assert client.get(detail).status_code == 200


def test_the_sender_is_not_shown_the_link_that_confirms_a_link_consent(world, client):
    """The person confirms a link consent themselves: the sender gets their link only after."""
    w = world[0]
    food, _ = refer(w, method=Consent.Method.LINK)
    client.force_login(w.people.counselor)
    detail = reverse("referrals:detail", args=[w.community.slug, food.pk])
    body = client.get(detail).content.decode()
    assert person_token(food) not in body and 'data-testid="person-link"' not in body
    consents.consent_confirm(referral=food)
    assert person_token(food) in client.get(detail).content.decode()


def test_consent_has_an_end_date_of_a_year_at_most(world):
    w = world[0]
    with pytest.raises(ApplicationError, match="year"):
        refer(w, consent_until=timezone.localdate() + dt.timedelta(days=400))
    with pytest.raises(ApplicationError, match="later day"):
        refer(w, consent_until=timezone.localdate())


def test_an_expired_consent_hides_the_details_from_the_receiver(world, client):
    w = world[0]
    food, _ = refer(w)
    Consent.objects.filter(pk=food.consent_id).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    client.force_login(w.people.pantry_staff)
    body = client.get(reverse("referrals:detail", args=[w.community.slug, food.pk])).content
    assert b"Rosa" not in body


def test_sensitive_services_need_written_consent_and_show_a_redisclosure_notice(world, client):
    w = world[0]
    with pytest.raises(ApplicationError, match="written consent"):
        refer(w, services_=[w.recovery])
    (recovery,) = refer(w, services_=[w.recovery], method=Consent.Method.SIGNED)
    assert recovery.sensitive
    client.force_login(w.people.clinic_staff)
    body = client.get(reverse("referrals:detail", args=[w.community.slug, recovery.pk])).content
    assert b"Redisclosure notice" in body and b"42 CFR Part 2" in body
    # The same notice in the receiver's export and API answer; not for the sender.
    export = client.get(reverse("referrals:export", args=[w.community.slug, recovery.pk]))
    assert "42 CFR Part 2" in export.content.decode("utf-8-sig")
    api_url = f"/api/communities/{w.community.slug}/referrals/{recovery.pk}"
    assert "42 CFR Part 2" in client.get(api_url).json()["redisclosure_notice"]
    (food, _housing) = refer(w)
    food_url = f"/api/communities/{w.community.slug}/referrals/{food.pk}"
    client.force_login(w.people.pantry_staff)
    assert client.get(food_url).json()["redisclosure_notice"] is None
    client.force_login(w.people.counselor)
    assert client.get(api_url).json()["redisclosure_notice"] is None
    sender_export = client.get(reverse("referrals:export", args=[w.community.slug, recovery.pk]))
    assert "42 CFR Part 2" not in sender_export.content.decode("utf-8-sig")
    # Never named in the figures nor in the audit log.
    report = referral_report(community=w.community)
    labels = [row.label for table in report.tables for row in table.rows]
    assert "Recovery program" not in labels and "Sensitive services" in labels
    audit = " ".join(
        f"{e.target_repr} {e.details}" for e in AuditEvent.objects.filter(community=w.community)
    )
    assert "Recovery" not in audit and "Rosa" not in audit


def test_the_sender_is_told_in_the_app_and_by_e_mail(
    world, tasks_run_at_once, django_capture_on_commit_callbacks
):  # noqa: E501
    w = world[0]
    food, housing = refer(w)
    mail.outbox.clear()
    for referral, steps in (
        (food, [("accepted", ""), ("closed", "help_received")]),
        (housing, [("declined", "no_capacity")]),
    ):
        actor = w.people.pantry_staff if referral == food else w.people.clinic_staff
        for to_status, reason in steps:
            with django_capture_on_commit_callbacks(execute=True):
                statuses.referral_transition(
                    actor=actor, referral=referral, to_status=to_status, reason=reason
                )
    kinds = list(
        Notification.objects.filter(recipient=w.people.counselor)
        .order_by("pk")
        .values_list("kind", flat=True)
    )
    assert kinds == ["accepted", "closed", "declined"]
    assert [m.to for m in mail.outbox] == [[w.people.counselor.email]] * 3
    for message in mail.outbox:
        assert "Rosa" not in message.body and "Rosa" not in message.subject
    # Nobody in the other tenant was told anything.
    assert not Notification.objects.filter(referral__community=world[1].community).exists()


def test_the_person_gets_their_links_in_their_language(
    world, tasks_run_at_once, django_capture_on_commit_callbacks
):  # noqa: E501
    w = world[0]
    with django_capture_on_commit_callbacks(execute=True):
        food, housing = refer(w, base_url="https://groundwork.example.org/")
    (message,) = [m for m in mail.outbox if m.to == ["rosa.delgado@example.net"]]
    assert "https://groundwork.example.org" + person_path(food) in message.body
    assert "https://groundwork.example.org" + person_path(housing) in message.body
    assert "Cajas" in message.body  # the service's Spanish name


def test_messages_between_the_two_organizations_only(world, client):
    w = world[0]
    food, _ = refer(w)
    messaging.message_send(actor=w.people.pantry_staff, referral=food, body="We can see her Friday")
    messaging.message_send(actor=w.people.counselor, referral=food, body="Thank you")
    for outsider in (w.people.clinic_staff, w.people.bystander, w.people.coordinator):
        with pytest.raises(ApplicationError):
            messaging.message_send(actor=outsider, referral=food, body="Hello")
    assert list(Message.objects.filter(referral=food).values_list("body", flat=True)) == [
        "We can see her Friday",
        "Thank you",
    ]
    assert AuditEvent.objects.filter(action="referral.message").count() == 2
    assert Notification.objects.filter(recipient=w.people.counselor, kind="message").exists()
    client.force_login(w.people.counselor)
    response = client.post(
        reverse("referrals:message", args=[w.community.slug, food.pk]), {"body": "Update?"}
    )
    assert response.status_code == 302
    assert Message.objects.filter(referral=food).count() == 3
    client.force_login(w.people.bystander)
    response = client.post(
        reverse("referrals:message", args=[w.community.slug, food.pk]), {"body": "Me too"}
    )
    assert response.status_code == 403


def test_the_persons_link_is_scoped_to_one_referral(world, client):
    w = world[0]
    food, housing = refer(w)
    other_food, _ = refer(world[1])
    token = person_token(food)
    assert client.get(reverse("referrals:person", args=[food.pk, token])).status_code == 200
    # Replayed for another referral (of the same person, or of someone else): refused.
    for referral in (housing, other_food):
        assert client.get(reverse("referrals:person", args=[referral.pk, token])).status_code == 404
        revoke = reverse("referrals:person_revoke", args=[referral.pk, token])
        assert client.post(revoke).status_code == 404
    assert client.get(reverse("referrals:person", args=[food.pk, token + "x"])).status_code == 404
    # A new nonce withdraws the old link.
    Referral.objects.filter(pk=food.pk).update(link_nonce="0" * 32)
    assert client.get(reverse("referrals:person", args=[food.pk, token])).status_code == 404
    assert not Consent.objects.filter(revoked_at__isnull=False).exists()


def test_the_persons_page_in_their_language_shows_who_saw_their_details(world, client):
    w = world[0]
    food, housing = refer(w)
    access.referral_details_read(actor=w.people.clinic_staff, referral=housing, reason="view")
    response = client.get(person_path(food))
    body = response.content.decode()
    assert '<html lang="es">' in body
    assert "Cajas" in body and "Housing help" in body
    assert "919-555-0100" in body  # how to contact the service
    assert "Clinic a" in body and "Riverside Clinic" in body  # who saw the details
    assert response["Cache-Control"] == "no-store"


def test_the_persons_page_reads_the_services_phones_in_one_query(world, client):
    w = world[0]
    food, _ = refer(w)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(person_path(food)).status_code == 200
    phone_table = Phone._meta.db_table
    assert sum(phone_table in query["sql"] for query in queries.captured_queries) == 1


def test_revocation_by_the_person_hides_details_from_organizations_that_had_not_accepted(
    world, client
):
    w = world[0]
    food, housing = refer(w)
    statuses.referral_transition(actor=w.people.pantry_staff, referral=food, to_status="accepted")
    client.post(reverse("referrals:person_revoke", args=[housing.pk, person_token(housing)]))
    consent = Consent.objects.get(pk=food.consent_id)
    assert consent.revoked_at and consent.revoked_by_person
    client.force_login(w.people.clinic_staff)
    body = client.get(reverse("referrals:detail", args=[w.community.slug, housing.pk])).content
    assert b"Rosa" not in body
    client.force_login(w.people.pantry_staff)
    body = client.get(reverse("referrals:detail", args=[w.community.slug, food.pk])).content
    assert b"Rosa" in body
    # Nothing more is shared: a waiting referral cannot be accepted any more.
    with pytest.raises(ApplicationError):
        statuses.referral_transition(
            actor=w.people.clinic_staff, referral=housing, to_status="accepted"
        )


def test_retention_erases_details_and_keeps_the_figures_and_the_audit(world):
    w, other = world
    closed = food_referral_in(w, "closed")
    open_one = Referral.objects.get(person=closed.person, service=w.housing)
    kept = food_referral_in(other, "closed")
    access.referral_details_read(actor=w.people.counselor, referral=closed, reason="view")
    messaging.message_send(actor=w.people.counselor, referral=closed, body="Thanks for your help")
    later = timezone.now() + dt.timedelta(days=366)
    Referral.objects.filter(pk=kept.pk).update(closed_at=later - dt.timedelta(days=100))
    erased = retention.referrals_erase_expired(now=later)
    assert erased == [closed.pk]
    closed.refresh_from_db()
    assert closed.details_erased_at and closed.note == ""
    assert Message.objects.get(referral=closed).body == ""
    # The person's details stay while another referral of theirs is open.
    assert Person.objects.get(pk=closed.person_id).name == "Rosa Delgado Ibarra"
    statuses.referral_transition(
        actor=w.people.clinic_staff, referral=open_one, to_status="declined", reason="other"
    )
    figures_before = referral_report(community=w.community)
    out = io.StringIO()
    call_command("referrals_erase_expired", "--days", "0", stdout=out)
    assert f"{open_one.pk}" in out.getvalue()
    person = Person.objects.get(pk=closed.person_id)
    assert (person.name, person.phone, person.email, person.best_times) == ("", "", "", "")
    assert person.phone_hash == "" and person.details_erased_at
    # Figures, statuses, the access records and the audit trail stay.
    assert referral_report(community=w.community) == figures_before
    assert AccessRecord.objects.filter(referral=closed).exists()
    assert AuditEvent.objects.filter(action="referral.details_erased").count() == 2
    assert Referral.objects.get(pk=kept.pk).note  # the other tenant's, not due yet
    # Twice is harmless.
    assert retention.referrals_erase_expired(now=later) == []


def test_figures_go_through_suppression(world, client):
    w = world[0]
    for _ in range(12):
        refer(w, services_=[w.food], confirm_duplicate=True)
    refer(w, services_=[w.housing], confirm_duplicate=True)
    report = referral_report(community=w.community)
    assert report.total.value == 13
    by_service = {row.label: row.cell for row in report.tables[2].rows}
    assert by_service["Food boxes"].value is None  # 12 shown would give away the 1 below
    assert by_service["Housing help"].value is None
    by_status = {row.label: row.cell for row in report.tables[0].rows}
    assert by_status["Sent"].value == 13
    client.force_login(w.people.coordinator)
    csv_text = client.get(reverse("referrals:report_csv", args=[w.community.slug])).content
    assert b"service,Housing help,\r\n" in csv_text
    assert b"Rosa" not in csv_text


def test_creating_through_the_page_warns_about_a_duplicate_and_takes_a_retry_once(world, client):
    w = world[0]
    refer(w, services_=[w.food])
    client.force_login(w.people.counselor)
    url = reverse("referrals:new", args=[w.community.slug])
    data = {
        "services": [w.food.pk],
        "name": "Rosa D.",
        "phone": "919.555.0142",
        "language": "es",
        "needs": ["food"],
        "urgency": "routine",
        "consent_method": "verbal",
        "attested": "on",
        "consent_fields": ["contact"],
        "consent_until": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
        "idempotency_key": "k-1",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Possibly the same request" in response.content.decode()
    assert Referral.objects.filter(community=w.community).count() == 1
    data["confirm_duplicate"] = "on"
    response = client.post(url, data)
    assert response.status_code == 302
    assert client.post(url, data).status_code == 302  # a retry: nothing new
    assert Referral.objects.filter(community=w.community).count() == 2


def test_unanswered_referrals_are_flagged_once_to_both_sides_and_the_coordinators(world):
    w, other = world
    food, housing = refer(w)
    refer(other)
    statuses.referral_transition(
        actor=w.people.clinic_staff, referral=housing, to_status="accepted"
    )
    # Sent on a Friday: three whole business days (Monday to Wednesday) have passed on Thursday.
    friday = timezone.make_aware(dt.datetime(2026, 11, 6, 10, 0))
    Referral.objects.filter(community=w.community).update(sent_at=friday)
    Referral.objects.filter(community=other.community).update(sent_at=friday + dt.timedelta(days=6))
    wednesday = friday + dt.timedelta(days=5)
    assert overdue.referrals_flag_overdue(now=wednesday, days=3) == []
    thursday = friday + dt.timedelta(days=6)
    assert overdue.referrals_flag_overdue(now=thursday, days=3) == [food.pk]
    told = set(
        Notification.objects.filter(kind="overdue").values_list("recipient__email", flat=True)
    )
    p = w.people
    assert told == {u.email for u in (p.counselor, p.pantry_staff, p.pantry_admin, p.coordinator)}
    assert overdue.referrals_flag_overdue(now=thursday, days=3) == []  # once
    assert overdue.business_days_between(dt.date(2026, 11, 6), dt.date(2026, 11, 9)) == 1


def test_network_figures_cover_its_communities_for_the_network_staff_only(world, client):
    from groundwork.communities.tests.factories import NetworkFactory, UserFactory

    w, other = world
    network = NetworkFactory()
    w.community.network = network
    w.community.save()  # the other community is in no network
    for _ in range(11):
        refer(w, services_=[w.food], confirm_duplicate=True)
    for _ in range(11):
        refer(other, services_=[other.food], confirm_duplicate=True)
    steward = UserFactory()
    network.stewards.add(steward)
    url = reverse("referrals:network_report", args=[network.slug])
    client.force_login(w.people.coordinator)
    assert client.get(url).status_code == 403
    client.force_login(steward)
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["report"].total.value == 11
    assert "Harvest Pantry (County A)" in response.content.decode()
    assert "Rosa" not in response.content.decode()
    csv_text = client.get(url + "?format=csv").content.decode()
    assert "referrals,total,11" in csv_text


def test_the_export_holds_the_referral_its_history_and_messages_and_the_person_sees_it(
    world, client
):
    import csv
    import io

    from groundwork.referrals.links import person_path

    w = world[0]
    food, _housing = refer(w, note='=HYPERLINK("http://x")')
    messaging.message_send(actor=w.people.counselor, referral=food, body="Call after 3")
    statuses.referral_transition(actor=w.people.pantry_staff, referral=food, to_status="accepted")
    client.force_login(w.people.pantry_staff)
    response = client.get(reverse("referrals:export", args=[w.community.slug, food.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Section", "Field", "Value"]
    values = {(section, field): value for section, field, value in rows[1:]}
    assert values[("Referral", "Service")] == "Food boxes"
    assert values[("Referral", "Status")] == "Accepted"
    assert values[("The person", "Name")] == "Rosa Delgado Ibarra"
    assert values[("The person", "Note")] == '\'=HYPERLINK("http://x")'  # defused
    assert any(s == "Messages" and v == "Call after 3" for s, _f, v in rows[1:])
    assert [v for s, _f, v in rows[1:] if s == "History"][-1].startswith("Accepted")
    # The person's link shows the export among the reads of their details.
    client.logout()
    page = client.get(person_path(food)).content.decode()
    assert "exportó la derivación" in page  # in the person's language


def test_every_count_of_every_report_is_suppressed(world, client):
    """With a handful of referrals every figure is a small count: none is published, on the
    page, in the CSV, in the network's figures, and the median wait is withheld too."""
    from groundwork.communities.tests.factories import NetworkFactory, UserFactory

    w, other = world
    food, housing = refer(w)
    statuses.referral_transition(actor=w.people.pantry_staff, referral=food, to_status="accepted")
    statuses.referral_transition(
        actor=w.people.pantry_staff, referral=food, to_status="closed", reason="help_received"
    )
    statuses.referral_transition(
        actor=w.people.clinic_staff, referral=housing, to_status="declined", reason="other"
    )
    refer(w, services_=[w.recovery], method="signed", confirm_duplicate=True)
    for _ in range(3):
        refer(other, confirm_duplicate=True)  # the other tenant's count is not ours
    network = NetworkFactory()
    w.community.network = network
    w.community.save()
    steward = UserFactory()
    network.stewards.add(steward)
    for report in (
        referral_report(community=w.community),
        network_referral_report(network=network),
    ):
        cells = [report.total, report.accepted_count]
        for table in report.tables:
            cells += [row.cell for row in table.rows]
            cells += [table.total] if table.total is not None else []
        assert cells and all(c.value is None or c.value == 0 for c in cells), [
            c.value for c in cells
        ]
        assert report.median_days_to_accept is None
    small = {str(n) for n in range(1, 11)}
    client.force_login(w.people.coordinator)
    rows = client.get(reverse("referrals:report_csv", args=[w.community.slug])).content
    for line in rows.decode().splitlines()[1:]:
        assert line.rsplit(",", 1)[1] not in small, line
    client.force_login(steward)
    rows = client.get(
        reverse("referrals:network_report", args=[network.slug]) + "?format=csv"
    ).content
    for line in rows.decode().splitlines()[1:]:
        assert line.rsplit(",", 1)[1] not in small, line
    page = client.get(reverse("referrals:network_report", args=[network.slug])).content.decode()
    assert "Recovery program" not in page  # a sensitive service is never named


def test_services_of_the_same_name_are_counted_apart(world):
    """Two organizations' "Food boxes" are two rows, named with their organization (and, in a
    network's figures, its community); the other community's are not counted in ours."""
    from groundwork.communities.tests.factories import NetworkFactory
    from groundwork.directory.models import Service

    w, other = world
    church_food = Service.objects.create(
        community=w.community, organization_id=w.bystander.hsds_id, name="Food boxes"
    )
    for _ in range(11):
        refer(w, services_=[w.food], confirm_duplicate=True)
        refer(w, services_=[church_food], confirm_duplicate=True)
        refer(other, services_=[other.food], confirm_duplicate=True)
    report = referral_report(community=w.community)
    by_service = {row.label: row.cell.value for row in report.tables[2].rows}
    assert by_service == {"Food boxes · Faith Center": 11, "Food boxes · Harvest Pantry": 11}
    network = NetworkFactory()
    for community in (w.community, other.community):
        community.network = network
        community.save()
    by_service = {
        row.label: row.cell.value for row in network_referral_report(network=network).tables[2].rows
    }
    assert by_service == {
        "Food boxes · Faith Center (County A)": 11,
        "Food boxes · Harvest Pantry (County A)": 11,
        "Food boxes · Harvest Pantry (County B)": 11,
    }
