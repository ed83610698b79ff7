"""Who sees a person's details: every role × status × view. Only members with the referrals
role of the sending organization, and of the receiving one once the referral is sent and
while consent holds (or after it accepted), see them; each time, an access record is written.
Coordinators see the de-identified figures only."""

import pytest
from django.urls import reverse

from groundwork.referrals.models import AccessRecord

from .states import STATES, food_referral_in

ROLES = [
    "counselor",
    "pantry_staff",
    "pantry_admin",
    "pantry_plain",
    "clinic_staff",
    "bystander",
    "coordinator",
    "facilitator",
    "other_tenant_pantry",
    "anonymous",
]
RECEIVER_SEES = {"sent", "accepted", "declined", "forwarded", "in_progress", "closed"}
RECEIVER_SEES |= {"accepted_then_revoked"}


def expected(role: str, state: str) -> tuple[str, bool]:
    """(what the referral page answers, whether it shows the details)."""
    if role == "anonymous":
        return "login", False
    if role == "counselor":
        return "page", state != "erased"
    if role in ("pantry_staff", "pantry_admin"):
        if state == "awaiting_consent":
            return "denied", False
        return "page", state in RECEIVER_SEES
    return "denied", False


def _user(world, role):  # type: ignore[no-untyped-def]
    if role == "anonymous":
        return None
    if role == "other_tenant_pantry":
        return world[1].people.pantry_staff
    return getattr(world[0].people, role)


@pytest.mark.parametrize("state", STATES)
def test_referral_page_matrix(world, client, state):
    w = world[0]
    referral = food_referral_in(w, state)
    food_referral_in(world[1], state)  # the other tenant has the same referral
    url = reverse("referrals:detail", args=[w.community.slug, referral.pk])
    for role in ROLES:
        user = _user(world, role)
        client.logout()
        if user is not None:
            client.force_login(user)
        before = AccessRecord.objects.count()
        response = client.get(url)
        answer, sees = expected(role, state)
        where = f"{role} × {state}"
        if answer == "login":
            assert response.status_code == 302 and "/login/" in response["Location"], where
        elif answer == "denied":
            assert response.status_code == 403, where
        else:
            assert response.status_code == 200, where
        body = response.content.decode() if response.status_code == 200 else ""
        assert ("Rosa Delgado Ibarra" in body) is sees, where
        assert ("poultry plant" in body) is sees, where
        assert AccessRecord.objects.count() - before == (1 if sees else 0), where
        if sees:
            record = AccessRecord.objects.order_by("-pk").first()
            assert record.viewer == user and record.referral == referral, where
            assert {"name", "phone", "note"} <= set(record.fields), where


@pytest.mark.parametrize("role", ROLES)
def test_pages_by_role(world, client, role):
    w = world[0]
    food_referral_in(w, "accepted")
    user = _user(world, role)
    if user is not None:
        client.force_login(user)
    slug = w.community.slug
    handles = role in ("counselor", "pantry_staff", "pantry_admin", "clinic_staff", "bystander")
    pages = {
        "referrals:inbox": handles,
        "referrals:new": handles,
        "referrals:report": handles or role == "coordinator",
        "referrals:report_csv": handles or role == "coordinator",
        "referrals:access_log": role == "pantry_admin",
        "referrals:team": role == "pantry_admin",
    }
    for name, allowed in pages.items():
        response = client.get(reverse(name, args=[slug]))
        if allowed:
            assert response.status_code == 200, (role, name)
            assert b"Rosa" not in response.content, (role, name)
        elif user is None:
            assert response.status_code == 302, (role, name)
        else:
            assert response.status_code == 403, (role, name)
    assert not AccessRecord.objects.exists()


def test_the_receivers_see_only_what_the_consent_covers(world, client):
    from .conftest import refer

    w = world[0]
    food, _housing = refer(w, consent_fields=[])
    client.force_login(w.people.pantry_staff)
    body = client.get(reverse("referrals:detail", args=[w.community.slug, food.pk])).content
    assert b"Rosa Delgado Ibarra" in body
    assert b"555-0142" not in body and b"poultry" not in body
    assert AccessRecord.objects.get().fields == ["name", "messages"]
    client.force_login(w.people.counselor)
    body = client.get(reverse("referrals:detail", args=[w.community.slug, food.pk])).content
    assert b"555-0142" in body and b"poultry" in body


def test_only_the_sender_revokes_on_the_persons_behalf(world, client):
    from groundwork.core.errors import ApplicationError
    from groundwork.referrals.actions import consents

    from .conftest import refer

    w = world[0]
    food, _ = refer(w)
    for outsider in (w.people.pantry_staff, w.people.coordinator, world[1].people.counselor):
        with pytest.raises(ApplicationError):
            consents.consent_revoke(referral=food, actor=outsider)
    client.force_login(w.people.pantry_staff)
    response = client.post(reverse("referrals:revoke", args=[w.community.slug, food.pk]))
    assert response.status_code == 403
    food.consent.refresh_from_db()
    assert food.consent.revoked_at is None


def test_the_inbox_takes_a_fixed_number_of_queries(world, client, django_assert_max_num_queries):
    from .conftest import refer

    w = world[0]
    for _ in range(30):
        refer(w, confirm_duplicate=True)
    client.force_login(w.people.pantry_staff)
    url = reverse("referrals:inbox", args=[w.community.slug])
    client.get(url)  # session and caches warm
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("/referrals/") >= 30


def test_a_page_that_may_not_show_the_details_does_not_decrypt_them(world, client, monkeypatch):
    """Only the recorded read decrypts the person's details: opening a referral whose
    details the reader may not see leaves them encrypted."""
    from groundwork.referrals import crypto

    w = world[0]
    referral = food_referral_in(w, "sent_then_revoked")
    decrypted: list[str] = []
    decrypt = crypto.decrypt
    monkeypatch.setattr(
        crypto, "decrypt", lambda token: decrypted.append(decrypt(token)) or decrypted[-1]
    )
    client.force_login(w.people.pantry_staff)
    response = client.get(reverse("referrals:detail", args=[w.community.slug, referral.pk]))
    assert response.status_code == 200
    assert "Rosa Delgado Ibarra" not in decrypted


@pytest.mark.parametrize("state", STATES)
def test_export_matrix(world, client, state):
    """The single-referral export: for the two organizations' readers who see the details on
    the page, nobody else; each download is an access record with the reason "export"."""
    w = world[0]
    referral = food_referral_in(w, state)
    food_referral_in(world[1], state)
    url = reverse("referrals:export", args=[w.community.slug, referral.pk])
    for role in ROLES:
        user = _user(world, role)
        client.logout()
        if user is not None:
            client.force_login(user)
        before = AccessRecord.objects.count()
        response = client.get(url)
        answer, sees = expected(role, state)
        where = f"{role} × {state}"
        if answer == "login":
            assert response.status_code == 302, where
        elif not sees:
            assert response.status_code == 403, where
        else:
            assert response.status_code == 200, where
            assert response["Content-Type"].startswith("text/csv"), where
            assert response["Cache-Control"] == "no-store", where
        body = response.content.decode("utf-8-sig") if response.status_code == 200 else ""
        assert ("Rosa Delgado Ibarra" in body) is sees, where
        assert AccessRecord.objects.count() - before == (1 if sees else 0), where
        if sees:
            record = AccessRecord.objects.order_by("-pk").first()
            assert record.reason == AccessRecord.Reason.EXPORT, where
            assert record.viewer == user and record.referral == referral, where


def test_the_inbox_queries_do_not_grow_with_its_size(world, client):
    """Pinned: the same number of queries for 3 referrals and for 60 (bench/referrals.py
    measures it again with 10,000)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .conftest import refer

    w, other = world
    refer(other, confirm_duplicate=True)
    client.force_login(w.people.pantry_staff)
    url = reverse("referrals:inbox", args=[w.community.slug])

    def count() -> int:
        client.get(url)  # session and caches warm
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    for _ in range(3):
        refer(w, services_=[w.food], confirm_duplicate=True)
    few = count()
    for _ in range(57):
        refer(w, services_=[w.food], confirm_duplicate=True)
    assert count() == few
    assert few <= 12


def test_an_organizations_administrators_see_every_read_of_its_referrals_details(world, client):
    """Who read, from which organization, which fields, why: on the referrals the
    organization sent or received only, never another organization's or community's."""
    from groundwork.referrals.actions import access

    from .conftest import refer

    w, other = world
    food, housing = refer(w)
    other_food, _ = refer(other)
    client.force_login(w.people.pantry_staff)
    client.get(reverse("referrals:detail", args=[w.community.slug, food.pk]))
    client.force_login(w.people.counselor)
    client.get(reverse("referrals:export", args=[w.community.slug, food.pk]))
    access.referral_details_read(actor=w.people.clinic_staff, referral=housing, reason="view")
    access.referral_details_read(
        actor=other.people.pantry_staff, referral=other_food, reason="view"
    )
    client.force_login(w.people.pantry_admin)
    response = client.get(reverse("referrals:access_log", args=[w.community.slug]))
    rows = list(response.context["page"])
    assert [(r.viewer, r.organization, r.reason) for r in rows] == [
        (w.people.counselor, w.school, "export"),
        (w.people.pantry_staff, w.pantry, "view"),
    ]
    body = response.content.decode()
    assert str(w.people.pantry_staff) in body and "exported the referral" in body
    assert "Name, Phone, E-mail, Best times, Note, Messages" in body  # which fields
    client.cookies["django_language"] = "es"
    body = client.get(reverse("referrals:access_log", args=[w.community.slug])).content.decode()
    assert "Nombre, Teléfono" in body
    assert str(w.people.clinic_staff) not in body  # the housing referral is not the pantry's
    assert str(other.people.pantry_staff) not in body
    assert "Rosa" not in body


@pytest.mark.parametrize("state", STATES)
def test_api_matrix(world, client, state):
    """The API's read of one referral answers every role × status as the page does: the
    person's details for the same readers only, each read an access record ("api")."""
    from groundwork.api.services import api_token_create

    w = world[0]
    referral = food_referral_in(w, state)
    food_referral_in(world[1], state)
    url = f"/api/communities/{w.community.slug}/referrals/{referral.pk}"
    for role in ROLES:
        user = _user(world, role)
        headers = {}
        if user is not None:
            _token, key = api_token_create(user=user, name="matrix")
            headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
        before = AccessRecord.objects.count()
        response = client.get(url, **headers)
        answer, sees = expected(role, state)
        where = f"{role} × {state}"
        status = {"login": 401, "denied": 403, "page": 200}[answer]
        assert response.status_code == status, where
        body = response.content.decode()
        assert ("Rosa Delgado Ibarra" in body) is sees, where
        assert ("poultry plant" in body) is sees, where
        if status == 200:
            assert (response.json()["person"] is not None) is sees, where
        assert AccessRecord.objects.count() - before == (1 if sees else 0), where
        if sees:
            record = AccessRecord.objects.order_by("-pk").first()
            assert record.reason == AccessRecord.Reason.API, where
            assert record.viewer == user and record.referral == referral, where
