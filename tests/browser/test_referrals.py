"""Referrals end to end: a school counselor refers a Spanish-speaking parent to two services
with verbal consent; one organization declines, the other accepts and closes with "help
received"; the counselor sees each step; the parent opens their link on a phone, in Spanish,
sees who viewed their details and withdraws consent, after which the organization that
declined sees nothing. Every page is checked with axe-core and at 320 and 360 px in Spanish.
Two communities hold the same organizations, services and people."""

import re

import pytest
from playwright.sync_api import expect

from groundwork.referrals.models import Referral, Status
from groundwork.referrals.tests.conftest import build_community

from .conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-enough-password-42"
NAME = "María Fernanda López"

_FITS = """() => document.documentElement.scrollWidth <= window.innerWidth"""


@pytest.fixture
def communities():  # type: ignore[no-untyped-def]
    return build_community("a"), build_community("b")


def sign_in(page, user):  # type: ignore[no-untyped-def]
    page.goto("/accounts/login/")
    page.get_by_label(re.compile("E-mail address|Correo electrónico")).fill(user.email)
    page.get_by_label(re.compile("Password|Contraseña")).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in|Iniciar sesión")).click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def fits_phone(page) -> None:  # type: ignore[no-untyped-def]
    for width in (320, 360):
        page.set_viewport_size({"width": width, "height": 740})
        assert page.evaluate(_FITS), f"{page.url} scrolls sideways at {width} px"


def test_a_referral_loop_from_the_counselor_to_the_parents_phone(new_page, communities):  # type: ignore[no-untyped-def]
    w, other = communities
    slug = w.community.slug

    # The counselor records the parent's verbal consent and refers her to two services.
    counselor = new_page()
    sign_in(counselor, w.people.counselor)
    counselor.goto(f"/communities/{slug}/referrals/new/")
    assert_accessible(counselor)
    counselor.get_by_text("Food boxes · Harvest Pantry", exact=True).click()
    counselor.get_by_text("Housing help · Riverside Clinic", exact=True).click()
    counselor.get_by_label("The person's name").fill(NAME)
    counselor.get_by_role("textbox", name=re.compile(r"^Phone")).fill("919 555 0177")
    counselor.get_by_label("Best times to reach them").fill("mornings")
    counselor.get_by_text("Spanish", exact=True).click()
    counselor.get_by_text("Food", exact=True).click()
    counselor.get_by_text("Housing", exact=True).click()
    counselor.get_by_text("Said yes aloud (you attest to it)", exact=True).click()
    counselor.get_by_text(re.compile("^I read the person what will be shared")).click()
    counselor.get_by_role("button", name="Record consent and send").click()
    expect(counselor.get_by_text("The referral was recorded.")).to_be_visible()
    food = Referral.objects.get(community=w.community, service=w.food)
    housing = Referral.objects.get(community=w.community, service=w.housing)
    assert food.status == housing.status == Status.SENT
    person_link = counselor.get_by_test_id("person-link").inner_text().strip()
    assert_accessible(counselor)

    # The pantry accepts, then closes with "help received".
    pantry = new_page()
    sign_in(pantry, w.people.pantry_staff)
    pantry.goto(f"/communities/{slug}/referrals/")
    expect(pantry.get_by_text("New referral received")).to_be_visible()
    assert NAME not in pantry.content()  # the inbox names no one
    pantry.get_by_role("link", name=f"#{food.pk}", exact=True).first.click()
    expect(pantry.get_by_test_id("details")).to_contain_text(NAME)
    assert_accessible(pantry)
    pantry.get_by_role("button", name="Accept").click()
    expect(pantry.get_by_test_id("status")).to_have_text("Accepted")
    pantry.get_by_label("Outcome").select_option("help_received")
    pantry.get_by_role("button", name="Close").click()
    expect(pantry.get_by_test_id("status")).to_have_text("Closed (Help received)")

    # The clinic declines, with a reason.
    clinic = new_page()
    sign_in(clinic, w.people.clinic_staff)
    clinic.goto(f"/communities/{slug}/referrals/{housing.pk}/")
    expect(clinic.get_by_test_id("details")).to_contain_text(NAME)
    clinic.get_by_label("Reason for declining").select_option("no_capacity")
    clinic.get_by_role("button", name="Decline").click()
    expect(clinic.get_by_test_id("status")).to_have_text("Declined (No capacity now)")

    # The counselor sees each step.
    counselor.goto(f"/communities/{slug}/referrals/?box=sent")
    for kind in ("Your referral was accepted", "Your referral was closed"):
        expect(counselor.get_by_text(kind)).to_be_visible()
    expect(counselor.get_by_text("Your referral was declined")).to_be_visible()
    counselor.goto(f"/communities/{slug}/referrals/{food.pk}/")
    history = counselor.get_by_test_id("history")
    for step in ("Sent", "Accepted", "Closed (Help received)"):
        expect(history).to_contain_text(step)
    counselor.goto(f"/communities/{slug}/referrals/{housing.pk}/")
    expect(counselor.get_by_test_id("history")).to_contain_text("Declined (No capacity now)")

    # The parent opens her link on a phone: in Spanish, without an account.
    parent = new_page(phone=True)
    parent.set_viewport_size({"width": 320, "height": 740})
    parent.goto(person_link)
    expect(parent.get_by_role("heading", level=1)).to_have_text("Su derivación")
    expect(parent.locator("html")).to_have_attribute("lang", "es")
    expect(parent.get_by_text("Recibió ayuda", exact=False)).to_be_visible()
    seen = parent.get_by_test_id("accesses")
    expect(seen).to_contain_text("Harvest Pantry")
    expect(seen).to_contain_text("Riverside Clinic")
    fits_phone(parent)
    assert_accessible(parent)
    parent.get_by_role("button", name="Retirar mi consentimiento").click()
    expect(parent.get_by_test_id("revoked")).to_be_visible()
    fits_phone(parent)
    assert_accessible(parent)

    # The organization that declined no longer sees anything of her.
    clinic.reload()
    expect(clinic.get_by_test_id("no-details")).to_be_visible()
    assert NAME not in clinic.content()
    assert "919 555 0177" not in clinic.content()
    # The pantry had accepted before: it keeps what it was given.
    pantry.reload()
    expect(pantry.get_by_test_id("details")).to_contain_text(NAME)
    # Nothing of this reached the other community.
    assert not Referral.objects.filter(community=other.community).exists()


def test_referral_pages_fit_a_phone_in_spanish(new_page, communities):  # type: ignore[no-untyped-def]
    """Every referral page a partner opens, in Spanish, at 320 and 360 px, axe-clean."""
    from groundwork.referrals.actions import access, messaging
    from groundwork.referrals.tests.conftest import refer

    w, _other = communities
    food, _housing = refer(w)
    access.referral_details_read(actor=w.people.pantry_admin, referral=food, reason="view")
    messaging.message_send(actor=w.people.pantry_admin, referral=food, body="Llamamos el lunes")
    slug = w.community.slug
    page = new_page(phone=True)
    sign_in(page, w.people.pantry_admin)
    page.goto("/")
    page.context.add_cookies([{"name": "django_language", "value": "es", "url": page.url}])
    for path in (
        f"/communities/{slug}/referrals/",
        f"/communities/{slug}/referrals/?box=sent",
        f"/communities/{slug}/referrals/new/",
        f"/communities/{slug}/referrals/{food.pk}/",
        f"/communities/{slug}/referrals/report/",
        f"/communities/{slug}/referrals/access/",
        f"/communities/{slug}/referrals/team/",
    ):
        page.set_viewport_size({"width": 320, "height": 740})
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        expect(page.locator("html")).to_have_attribute("lang", "es")
        fits_phone(page)
        assert_accessible(page)


def test_an_administrator_gives_a_colleague_the_referrals_role_without_javascript(  # type: ignore[no-untyped-def]
    new_page, communities
):
    from groundwork.communities.models import Membership
    from groundwork.core.models import AuditEvent

    w, other = communities
    slug = w.community.slug
    page = new_page(phone=True, javascript=False)
    sign_in(page, w.people.pantry_admin)
    page.context.add_cookies([{"name": "django_language", "value": "es", "url": page.url}])
    page.goto(f"/communities/{slug}/referrals/team/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    team = page.get_by_test_id("team")
    expect(team).to_contain_text(str(w.people.pantry_plain))
    assert str(w.people.counselor) not in team.inner_text()  # another organization's member
    page.get_by_label(f"Rol en derivaciones de {w.people.pantry_plain}").select_option("staff")
    page.get_by_role("row", name=re.compile(str(w.people.pantry_plain))).get_by_role(
        "button", name="Guardar"
    ).click()
    expect(page.get_by_text("Gestiona derivaciones").first).to_be_visible()
    fits_phone(page)
    assert_accessible(page)
    membership = Membership.objects.get(community=w.community, user=w.people.pantry_plain)
    assert membership.referrals_role == "staff"
    assert AuditEvent.objects.filter(
        community=w.community, action="membership.referrals_role_changed"
    ).exists()
    assert not AuditEvent.objects.filter(community=other.community).exists()


def test_a_coordinator_reads_the_unanswered_referrals_on_the_figures_page(  # type: ignore[no-untyped-def]
    new_page, communities
):
    """A coordinator has no inbox: the flag of an unanswered referral is on the figures page,
    in Spanish, at 320 and 360 px, axe-clean, naming no one, and clears without JavaScript."""
    import datetime as dt

    from django.utils import timezone

    from groundwork.referrals.actions import overdue
    from groundwork.referrals.tests.conftest import refer

    w, other = communities
    food, _housing = refer(w)
    refer(other)
    friday = timezone.make_aware(dt.datetime(2026, 11, 6, 10, 0))
    Referral.objects.update(sent_at=friday)
    overdue.referrals_flag_overdue(now=friday + dt.timedelta(days=6), days=3)
    page = new_page(phone=True, javascript=False)
    sign_in(page, w.people.coordinator)
    page.context.add_cookies([{"name": "django_language", "value": "es", "url": page.url}])
    page.goto(f"/communities/{w.community.slug}/referrals/report/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    notices = page.get_by_test_id("notices")
    expect(notices).to_contain_text(f"Derivación n.º {food.pk}: Una derivación no ha tenido")
    assert "Rosa" not in page.content()
    fits_phone(page)
    assert_accessible(page)
    notices.get_by_role("button").click()
    expect(page.get_by_test_id("notices")).to_have_count(0)
    fits_phone(page)
    assert_accessible(page)
