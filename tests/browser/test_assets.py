"""The asset map in a browser: a facilitator promotes three answers to the strengths question
into assets from the page where answers are read (JavaScript off), links one to a plan
activity in the builder, publishes, and the public plan shows it; the asset pages in Spanish
at 320 and 360 px wide, with no sideways scroll and no axe-core violation. Two communities:
the other's assets never appear."""

import re

import pytest
from django.test import Client
from playwright.sync_api import Page, expect

from groundwork.communities.models import Role
from groundwork.communities.tests.factories import CommunityFactory, member
from groundwork.directory import asset_services
from groundwork.directory.models import Asset
from groundwork.planning import services as planning
from groundwork.planning.models import Contribution, Participant
from groundwork.plans import services as plans

from .conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)

STRENGTHS = [
    "The library has computers and a meeting room",
    "Neighbors who fix engines after storms",
    "The church kitchen feeds everyone at funerals",
    "La cancha del parque junta a los jóvenes",
]


@pytest.fixture
def world():  # type: ignore[no-untyped-def]
    alder = CommunityFactory(slug="alder", name="Alder", county_fips=["37009"], is_public=True)
    birch = CommunityFactory(slug="birch", name="Birch", county_fips=["37063"], is_public=True)
    facilitator = member(alder, Role.FACILITATOR)
    process = planning.process_create(
        actor=facilitator, community=alder, title="Alder 2027", slug="2027"
    )
    for n, text in enumerate(STRENGTHS):
        planning.contributions_submit(
            process=process,
            participant=Participant.objects.create(process=process),
            language="es" if n == 3 else "en",
            channel="online",
            idempotency_key=f"s{n}",
            actor=facilitator,
            answers=[
                planning.Answer("strengths", text),
                planning.Answer("allies", "The county health department"),
            ],
        )
    plan = plans.plan_create(actor=facilitator, process=process, title="Alder plan")
    goal = plans.goal_save(actor=facilitator, plan=plan, title="Neighbors help neighbors")
    plans.activity_save(
        actor=facilitator, plan=plan, goal=goal, title="Repair days", lead_name="Ana"
    )
    asset_services.asset_create(
        actor=member(birch, Role.COORDINATOR), community=birch, kind="place", name="Birch grove"
    )
    return {"alder": alder, "process": process, "facilitator": facilitator, "plan": plan}


def _signed_in(new_page, live_server, user, *, language="en", width=1280, javascript=True) -> Page:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    page = new_page(phone=width < 1000, javascript=javascript)
    page.set_viewport_size({"width": width, "height": 800})
    page.context.set_default_navigation_timeout(60_000)
    page.context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            },
            {"name": "django_language", "value": language, "url": live_server.url},
        ]
    )
    return page


def test_promote_three_strengths_link_one_and_the_public_plan_shows_it(
    new_page, live_server, world
):  # type: ignore[no-untyped-def]
    process = world["process"]
    page = _signed_in(new_page, live_server, world["facilitator"], javascript=False)
    answers = f"/c/alder/p/{process.slug}/answers/?question=strengths"
    names = ["Alder library", "Engine fixers", "Church kitchen"]
    for text, name, kind in zip(
        STRENGTHS,
        names,
        ["Institutions", "Gifts and skills of individuals", "Physical places"],
        strict=False,
    ):
        page.goto(answers)
        answer = page.get_by_role("listitem").filter(has_text=text)
        answer.get_by_role("link", name="Add to the asset map").click()
        expect(page.get_by_role("heading", name="Add to the asset map")).to_be_visible()
        expect(page.locator("blockquote").first).to_contain_text(text)
        page.get_by_label("Kind of asset").select_option(label=kind)
        page.get_by_label("Name", exact=True).fill(name)
        if kind.startswith("Gifts"):
            page.get_by_label("First name (gifts and skills of individuals only)").fill("Walt")
            page.get_by_label("What the person agreed to").select_option("first_name")
            page.get_by_label("How consent was recorded").fill("Said yes at the gathering")
        page.get_by_role("button", name="Add to the asset map").click()
        expect(page.get_by_text(f"“{name}” is in the asset map")).to_be_visible()
        expect(page.get_by_text(f"In the asset map: {name}")).to_be_visible()
    assert Asset.objects.filter(community=world["alder"]).count() == 3
    for asset in Asset.objects.filter(community=world["alder"]):
        assert asset.contributions.exists()
    # The asset map lists them with the residents' words; another community's never.
    page.goto("/c/alder/assets/")
    expect(page.get_by_role("heading", name="Engine fixers, offered by Walt")).to_be_visible()
    expect(page.locator("blockquote", has_text=STRENGTHS[0])).to_be_visible()
    expect(page.get_by_text("Birch grove")).to_have_count(0)
    # The builder: tick the asset among the strengths and link it to the activity.
    page.goto(f"/c/alder/p/{process.slug}/plan/build/")
    page.get_by_role("link", name=re.compile("^Show what to pick from.*Strengths")).click()
    strengths = page.locator("form[data-pick='strength']")
    strengths.locator("label", has_text="Alder library").click()
    expect(strengths.get_by_label("Alder library (Institutions)")).to_be_checked()
    strengths.get_by_label("Add to activity").select_option(label="Repair days")
    strengths.get_by_role("button", name="Link strengths").click()
    activity = page.locator("article", has_text="Repair days")
    expect(activity.get_by_text("Alder library", exact=True)).to_be_visible()
    assert "Birch grove" not in page.content()
    page.get_by_role("button", name="Publish this version").click()
    # Signed out, the published plan shows the asset it builds on.
    public = new_page(javascript=False)
    public.goto(f"/c/alder/p/{process.slug}/plan/")
    strengths_shown = public.locator("dd", has_text="Alder library")
    expect(strengths_shown).to_be_visible()
    expect(strengths_shown).to_contain_text("in the asset map")
    assert_accessible(public)


def test_the_asset_pages_fit_a_phone_in_spanish_and_are_accessible(new_page, live_server, world):  # type: ignore[no-untyped-def]
    alder = world["alder"]
    facilitator = world["facilitator"]
    answer = Contribution.objects.filter(
        process=world["process"], question__key="strengths"
    ).first()
    ally = Contribution.objects.filter(process=world["process"], question__key="allies").first()
    asset, _count = asset_services.asset_promote(
        actor=facilitator,
        community=alder,
        contribution_ids=[answer.pk],
        kind="individual",
        name="Costura y arreglos de ropa para toda la familia",
        name_es="Costura y arreglos de ropa para toda la familia",
        person_first_name="Rosa",
        consent="first_name",
        consent_note="Firmó el formulario",
        contact_phone="555-0141",
        contact_email="rosa.costurera.del.barrio@example.org",
        address="Calle del Molino 14, Alder",
        latitude="36.432500",
        longitude="-81.499500",
        county_fips="37009",
        tags="costura, enseñanza, ropa",
    )
    pages = [
        "/c/alder/assets/",
        f"/c/alder/assets/{asset.pk}/",
        "/c/alder/assets/new/",
        f"/c/alder/assets/{asset.pk}/edit/",
        f"/c/alder/assets/{asset.pk}/delete/",
        f"/c/alder/assets/promote/strength/?answer={answer.pk}",
        f"/c/alder/assets/promote/ally/?answer={ally.pk}",
    ]
    for width in (320, 360):
        page = _signed_in(new_page, live_server, facilitator, language="es", width=width)
        for url in pages:
            response = page.goto(url)
            assert response is not None and response.status == 200, url
            assert page.evaluate("document.documentElement.lang").startswith("es")
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
                f"{url} scrolls sideways at {width} px"
            )
            assert_accessible(page)
    # The detail page in Spanish keeps the point's decimal point.
    page.goto(f"/c/alder/assets/{asset.pk}/")
    expect(page.locator("[data-lat]")).to_have_attribute("data-lat", "36.432500")
    # Signed out: the public list at 320 px, without the members-only contact.
    visitor = new_page(phone=True)
    visitor.set_viewport_size({"width": 320, "height": 740})
    visitor.context.add_cookies(
        [{"name": "django_language", "value": "es", "url": live_server.url}]
    )
    visitor.goto("/c/alder/assets/")
    expect(visitor.get_by_role("heading", name="Mapa de recursos")).to_be_visible()
    assert "555-0141" not in visitor.content()
    assert visitor.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(visitor)
