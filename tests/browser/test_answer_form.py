"""The answer form on a phone, in English and Spanish: the barriers question as two boxes
(internal, then external), a live count of characters, a clear message instead of cut text
(with JavaScript off and on), and words shown as they were written."""

import pytest
from playwright.sync_api import expect

from groundwork.communities.models import Community, Role
from groundwork.communities.tests.factories import UserFactory
from groundwork.planning import services
from groundwork.planning.models import Contribution, Participant

from .conftest import assert_accessible
from .test_foundation import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

MILL_HILL = "I <3 our library & 5 < 10 … <Mill Hill>"

TEXTS = {
    "en": {
        "switch": None,
        "internal": "Internal barriers: within our community",
        "external": "External barriers: from outside our community",
        "problems": "What are the main problems",
        "allies": "Which allies could help",
        "send": "Send my answers",
        "count": "16 of 2,000 characters",
        "over": "Too long: 1 characters over the limit of 2,000",
        "too_long": "is too long: 2,001 characters, and the limit is 2,000",
        "none": "Please answer at least one question.",
        "thanks": "Thank you: your answers were saved",
    },
    "es": {
        "switch": "Español",
        "internal": "Barreras internas: dentro de nuestra comunidad",
        "external": "Barreras externas: las que vienen de fuera de nuestra comunidad",
        "problems": "¿Cuáles son los principales problemas",
        "allies": "¿Qué aliados podrían ayudar",
        "send": "Enviar mis respuestas",
        "count": "16 de 2000 caracteres",
        "over": "Demasiado largo: 1 caracteres más que el límite de 2000",
        "too_long": "es demasiado largo: 2\u00a0001 caracteres, y el límite es 2\u00a0000",
        "none": "Responda al menos una pregunta.",
        "thanks": "Gracias: sus respuestas se guardaron",
    },
}


@pytest.fixture
def process():  # type: ignore[no-untyped-def]
    coordinator = UserFactory(email="carmen@example.org", name="Carmen Ruiz")
    community = Community.objects.create(name="Alder County", slug="alder", kind="county")
    community.memberships.create(user=coordinator, role=Role.COORDINATOR)
    # A second community with a process of its own, answered already.
    other = Community.objects.create(name="Birch Town", slug="birch", kind="town")
    other.memberships.create(user=UserFactory(), role=Role.COORDINATOR)
    birch = services.process_create(
        actor=other.memberships.get().user, community=other, title="Birch", slug="birch"
    )
    services.contributions_submit(
        process=birch,
        participant=None,
        answers=[services.Answer("barriers", "Birch barrier", "external")],
        language="en",
        channel="online",
        idempotency_key="birch",
    )
    return services.process_create(
        actor=coordinator, community=community, title="Alder Together", slug="together"
    )


def _open(new_page, process, language, *, javascript=True, width=360):  # type: ignore[no-untyped-def]
    page = new_page(phone=True, javascript=javascript)
    page.set_viewport_size({"width": width, "height": 740})
    page.goto(process.get_absolute_url() + "answer/")
    if TEXTS[language]["switch"]:
        page.get_by_role("button", name=TEXTS[language]["switch"]).click()
        expect(page.locator("html")).to_have_attribute("lang", language)
    return page


def _no_sideways_scroll(page) -> None:  # type: ignore[no-untyped-def]
    for width in (320, 360):
        page.set_viewport_size({"width": width, "height": 740})
        scroll, inner = page.evaluate(
            "() => [document.documentElement.scrollWidth, window.innerWidth]"
        )
        assert scroll <= inner, f"{scroll} > {inner} at {width} px"
        widths = page.evaluate(
            "() => [...document.querySelectorAll('textarea')]"
            ".map(t => t.getBoundingClientRect().right)"
        )
        assert max(widths, default=0) <= inner, widths


@pytest.mark.parametrize("language", ["en", "es"])
def test_two_barrier_boxes_in_order_with_a_live_count(new_page, process, language):
    t = TEXTS[language]
    page = _open(new_page, process, language)
    boxes = page.locator("form textarea")
    assert [boxes.nth(i).get_attribute("name") for i in range(boxes.count())] == [
        "answer_problems",
        "answer_barriers_internal",
        "answer_barriers_external",
        "answer_strengths",
        "answer_actions",
        "answer_allies",
    ]
    expect(page.get_by_label(t["internal"])).to_have_attribute("name", "answer_barriers_internal")
    expect(page.get_by_label(t["external"])).to_have_attribute("name", "answer_barriers_external")
    assert page.locator("input[type=radio]").count() == 0
    _no_sideways_scroll(page)
    page.set_viewport_size({"width": 360, "height": 740})
    assert_accessible(page)

    # The count follows the typing; the polite live region stays quiet far from the limit.
    box = page.get_by_label(t["internal"])
    box.fill("Nobody leads us.")
    count = page.locator("#id_answer_barriers_internal_count")
    expect(count).to_have_text(t["count"])
    status = page.locator("#id_answer_barriers_internal_status")
    expect(status).to_have_attribute("aria-live", "polite")
    page.wait_for_timeout(1500)
    expect(status).to_have_text("")
    # Past the limit: the count says so at once and, once typing pauses, so does the region.
    box.fill("x" * 2001)
    expect(count).to_have_text(t["over"])
    expect(box).to_have_attribute("aria-invalid", "true")
    expect(status).to_have_text(t["over"], timeout=5000)
    assert_accessible(page)


@pytest.mark.parametrize("javascript", [False, True])
@pytest.mark.parametrize("language", ["en", "es"])
def test_a_2001_character_answer_is_refused_with_the_text_kept(
    new_page, process, language, javascript
):
    t = TEXTS[language]
    page = _open(new_page, process, language, javascript=javascript)
    long = ("Rain floods the road. " * 100)[:1990] + " <b>&</b>!!"
    assert len(long.strip()) == 2001
    page.get_by_label(t["problems"]).fill("Potholes")
    page.get_by_label(t["allies"]).fill(long)
    page.get_by_role("button", name=t["send"]).click()
    alert = page.get_by_role("alert").first
    expect(alert).to_contain_text(t["too_long"])
    expect(alert).to_contain_text(t["allies"])
    expect(page.get_by_text(t["none"])).to_have_count(0)
    expect(page.get_by_label(t["allies"])).to_have_value(long.strip())
    expect(page.get_by_label(t["problems"])).to_have_value("Potholes")
    assert not Contribution.objects.filter(process=process).exists()
    assert not Participant.objects.filter(process=process).exists()
    _no_sideways_scroll(page)
    page.set_viewport_size({"width": 360, "height": 740})
    assert_accessible(page)
    # Shortened, it goes through.
    page.get_by_label(t["allies"]).fill(long[:1990])
    page.get_by_role("button", name=t["send"]).click()
    expect(page.get_by_role("heading", name=t["thanks"])).to_be_visible()
    assert Contribution.objects.filter(process=process).count() == 2


@pytest.mark.parametrize("language", ["en", "es"])
def test_markup_like_words_are_stored_and_shown_as_written(new_page, process, language):
    t = TEXTS[language]
    page = _open(new_page, process, language, javascript=False)
    page.get_by_label(t["problems"]).fill(MILL_HILL)
    page.get_by_label(t["external"]).fill("The county <cut> our bus")
    page.get_by_role("button", name=t["send"]).click()
    expect(page.get_by_role("heading", name=t["thanks"])).to_be_visible()
    stored = dict(Contribution.objects.filter(process=process).values_list("text", "barrier_kind"))
    assert stored == {MILL_HILL: "", "The county <cut> our bus": "external"}
    page.goto(process.get_absolute_url() + "answers/?question=problems")
    expect(page.get_by_text(MILL_HILL, exact=True)).to_be_visible()
    page.goto(process.get_absolute_url() + "answers/?question=barriers")
    expect(page.get_by_text("The county <cut> our bus", exact=True)).to_be_visible()
    _no_sideways_scroll(page)
    page.set_viewport_size({"width": 360, "height": 740})
    assert_accessible(page)


@pytest.mark.parametrize("language", ["en", "es"])
def test_capture_mode_records_an_external_barrier(new_page, process, language):
    page = new_page(phone=True)
    page.set_viewport_size({"width": 360, "height": 740})
    sign_in(page, "carmen@example.org")
    page.goto(process.get_absolute_url() + "capture/")
    if language == "es":
        page.get_by_role("button", name="Español").click()
        expect(page.locator("html")).to_have_attribute("lang", "es")
    question = page.get_by_label("Pregunta" if language == "es" else "Question", exact=True)
    label = "(externa)" if language == "es" else "(external)"
    option = question.locator("option", has_text=label)
    question.select_option(value=option.get_attribute("value"))
    page.get_by_label("Medio" if language == "es" else "Channel").select_option("paper")
    page.locator("textarea[name=lines]").fill("The plant closed\nThe state cut the bus")
    assert_accessible(page)
    save = "Guardar estas respuestas" if language == "es" else "Save these answers"
    page.get_by_role("button", name=save).click()
    expect(page.get_by_role("status")).to_contain_text("2")
    stored = Contribution.objects.filter(process=process)
    assert set(stored.values_list("question__key", "barrier_kind", "channel")) == {
        ("barriers", "external", "paper")
    }
    assert stored.count() == 2
    assert_accessible(page)
