"""Field mode for the voting page and attendance at the door, in Chromium with the network
switched off (Playwright's offline mode): a resident votes on a phone in Spanish from the
statements the device kept, and a facilitator ticks who came; each arrives once."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from groundwork.communities.models import Community, Role
from groundwork.communities.tests.factories import UserFactory
from groundwork.deliberation import services as deliberation
from groundwork.deliberation.models import Vote
from groundwork.gatherings import services as gatherings
from groundwork.gatherings.models import AttendanceSave, Gathering
from groundwork.planning import services

from .conftest import assert_accessible
from .test_field import QUEUE_SIZE, _controlled, _waiting
from .test_foundation import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

STATEMENTS = ("More buses to the clinic", "A youth center downtown", "Longer library hours")


def _conversation(slug, name, coordinator):  # type: ignore[no-untyped-def]
    community = Community.objects.create(name=name, slug=slug, kind="county")
    community.memberships.create(user=coordinator, role=Role.COORDINATOR)
    process = services.process_create(
        actor=coordinator, community=community, title=f"{name} together", slug="together"
    )
    conversation = deliberation.conversation_create(
        actor=coordinator, process=process, topic="What should we do first?"
    )
    for text in STATEMENTS:
        deliberation.statement_seed(
            actor=coordinator, conversation=conversation, text=f"{text} ({slug})", language="en"
        )
    return conversation


@pytest.fixture
def conversations():  # type: ignore[no-untyped-def]
    coordinator = UserFactory(email="carmen@example.org", name="Carmen Ruiz")
    ours = _conversation("alder", "Alder County", coordinator)
    theirs = _conversation("birch", "Birch County", UserFactory())
    return ours, theirs


def test_votes_offline_in_spanish_on_a_phone_arrive_once(new_page, conversations):  # type: ignore[no-untyped-def]
    ours, theirs = conversations
    vote = ours.process.get_absolute_url() + "vote/"
    page = new_page(phone=True)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(vote)
    page.get_by_role("button", name="Español").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    _controlled(page)  # the page and its next statements (ahead.json) kept on the device
    page.wait_for_function(
        """async () => {
          const cache = await caches.open("gw-forms");
          return (await cache.keys()).some((r) => r.url.endsWith("/vote/ahead.json"));
        }"""
    )
    page.context.set_offline(True)
    page.goto(vote)  # from the device's copy
    seen = []
    for n, button in enumerate(("De acuerdo", "En desacuerdo", "Paso / no sé")):
        statement = page.locator("#vote-card .gw-statement")
        expect(statement).to_be_visible()
        if seen:
            # The next card replaces the last one once the vote is queued: read it then, not
            # the card still on screen on a slow phone (or a busy machine).
            expect(statement).not_to_have_text(seen[-1])
        seen.append(statement.inner_text())
        page.get_by_role("button", name=button).click()
        expect(page.locator(".gw-field-status")).to_contain_text("Está sin conexión")
        _waiting(page, n + 1)
    # Three different statements, then the device has none left to show.
    assert len(set(seen)) == 3 and all(s.endswith("(alder)") for s in seen)
    expect(page.locator("#vote-card")).to_contain_text("Ha votado en todas las afirmaciones")
    expect(page.locator("[data-field-progress]")).to_have_text("Ha votado en 3 de 3")
    assert Vote.objects.count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page)

    page.context.set_offline(False)
    _waiting(page, 0)  # sent by the page itself when the connection returns
    page.goto("/field/waiting/")
    _waiting(page, 0)
    votes = Vote.objects.filter(conversation=ours)
    assert sorted(v.value for v in votes) == [-1, 0, 1]
    assert {v.statement.text for v in votes} == {f"{t} (alder)" for t in STATEMENTS}
    assert len({v.participant_id for v in votes}) == 1
    assert not Vote.objects.filter(conversation=theirs).exists()
    assert page.evaluate(QUEUE_SIZE) == 0
    # Back online, the page says so from the server: nothing left to vote on.
    page.goto(vote)
    expect(page.locator("#vote-card")).to_contain_text("3 de 3")


def test_attendance_offline_is_saved_once_and_leaves_the_device(new_page, conversations):  # type: ignore[no-untyped-def]
    ours, _theirs = conversations
    coordinator = ours.process.community.memberships.get().user
    starts = timezone.now() + timedelta(days=1)
    gathering = gatherings.gathering_save(
        actor=coordinator,
        owner=ours.process,
        title="Church basement meeting",
        kind="peer",
        mode="in_person",
        place="First Church",
        language="en",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        time_zone="America/New_York",
    )
    for name in ("Ana", "Ben", "Cruz"):
        gatherings.registration_create(
            gathering=gathering, name=name, email=f"{name.lower()}@example.org", language="en"
        )
    door = gathering.get_absolute_url() + "door/"
    page = new_page(phone=True)
    page.set_viewport_size({"width": 360, "height": 740})
    sign_in(page, "carmen@example.org")
    page.goto(door)
    _controlled(page)
    page.context.set_offline(True)
    page.goto(door)
    expect(page.get_by_role("heading", level=1)).to_have_text("Attendance at the door")
    page.get_by_text("Ana", exact=True).click()
    page.get_by_text("Cruz", exact=True).click()
    page.get_by_label("Came without registering").fill("4")
    page.get_by_role("button", name="Save attendance").click()
    expect(page.locator(".gw-field-status")).to_contain_text("You are offline")
    _waiting(page, 1)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page)
    assert Gathering.objects.get(pk=gathering.pk).actual_attendance is None

    page.context.set_offline(False)
    _waiting(page, 0)  # sent by the page itself when the connection returns
    page.goto("/field/waiting/")
    _waiting(page, 0)
    saved = Gathering.objects.get(pk=gathering.pk)
    assert saved.actual_attendance == 6 and saved.walk_ins == 4
    came = set(saved.registrations.filter(attended=True).values_list("name", flat=True))
    assert came == {"Ana", "Cruz"}
    assert AttendanceSave.objects.filter(gathering=gathering).count() == 1
    # The sheet's names no longer stay on the device once it was sent.
    kept = page.evaluate(
        """async (path) => {
          const cache = await caches.open("gw-forms");
          return (await cache.keys()).some((r) => new URL(r.url).pathname === path);
        }""",
        door,
    )
    assert not kept


def test_owners_accept_a_survey_response_sent_after_closing(new_page, conversations):  # type: ignore[no-untyped-def]
    from groundwork.measures import services as surveys
    from groundwork.measures.models import LateResponse, Response
    from groundwork.measures.tests.factories import InstrumentFactory, ItemFactory, SectionFactory
    from groundwork.measures.urls_helpers import survey_url

    ours, theirs = conversations
    community = ours.process.community
    for owner in (community, theirs.process.community):
        actor = owner.memberships.get().user
        instrument = InstrumentFactory(network=None, community=owner, slug=f"pulse-{owner.slug}")
        text = ItemFactory(section=SectionFactory(instrument=instrument), kind="text")
        captured = timezone.now() - timedelta(hours=2)
        surveys.instrument_close(actor=actor, instrument=instrument)
        surveys.response_submit(
            instrument=instrument,
            answers={text.pk: f"Trust ({owner.slug})"},
            language="es",
            idempotency_key="offline-1",
            link_token="phone-link",
            captured_at=captured,
            captured_device="tel1",
        )
    ours_survey = community.instruments.get()
    page = new_page(phone=True)
    page.set_viewport_size({"width": 320, "height": 740})
    sign_in(page, "carmen@example.org")
    page.goto(survey_url(ours_survey, "builder"))
    page.get_by_role("button", name="Español").click()
    page.get_by_role(
        "link", name="1 respuesta enviada después del cierre espera una decisión"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enviadas después del cierre")
    expect(page.locator("main")).to_contain_text("tel1")
    expect(page.locator("main")).to_contain_text("Trust (alder)")
    expect(page.locator("main")).not_to_contain_text("Trust (birch)")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page)
    page.get_by_role("button", name="Aceptar").click()
    expect(page.locator("main")).to_contain_text("Ninguna respuesta espera una decisión.")
    stored = Response.objects.get(instrument=ours_survey)
    assert stored.captured_device == "tel1" and stored.captured_at is not None
    assert LateResponse.objects.filter(instrument__community=theirs.process.community).count() == 1
