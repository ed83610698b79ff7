"""On the demo process, a facilitator opens a question's themes of English and Spanish answers,
merges two, renames one, re-runs after new answers arrive, and the merge and the name hold."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from groundwork.core.demo import DEMO_PASSWORD, load_demo
from groundwork.planning.demo import load_planning_demo
from groundwork.planning.models import Process
from groundwork.themes.models import Theme, ThemeMembership, ThemeRun
from groundwork.themes.tests.data import NEW_ENGLISH, submit

from .conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def process():  # type: ignore[no-untyped-def]
    """The demo's Alder County process, whose answers already have their themes."""
    load_demo()
    load_planning_demo()
    return Process.objects.get(community__slug="alder-county", slug="resilience-plan")


@pytest.mark.parametrize("javascript", [False, True])
def test_facilitator_merges_and_renames_themes_and_a_rerun_keeps_them(
    new_page, process, javascript
):
    page = new_page(javascript=javascript)
    page.goto("/accounts/login/")
    page.get_by_label("E-mail address").fill("coordinator@example.org")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(process.get_absolute_url())
    page.get_by_role("link", name="Themes: find, name, merge and split them").click()
    question = process.questions.get(key="problems")
    themes = list(Theme.objects.filter(question=question, parent=None).order_by("-size", "id"))
    # Two at least to merge (English and Spanish answers now meet in one theme, so the count
    # is no longer doubled by parallel themes per language).
    assert len(themes) >= 2
    # Each theme by its English name (a theme of both languages has one of each).
    for theme in themes:
        names = (theme.run.parameters.get("labels") or {}).get(theme.key, {})
        theme.label = names.get("en", theme.label)
    for theme in themes:
        expect(page.get_by_role("heading", name=theme.label)).to_be_visible()
    # Quotes in both languages.
    expect(page.locator('q:visible >> xpath=ancestor::li[@lang="es"]').first).to_be_visible()
    expect(page.locator('q:visible >> xpath=ancestor::li[@lang="en"]').first).to_be_visible()
    assert_accessible(page)

    source, target = themes[1], themes[0]
    page.get_by_role("link", name=source.label, exact=True).click()
    assert_accessible(page)
    page.get_by_label("Merge into").select_option(label=target.label)
    page.get_by_role("button", name="Merge", exact=True).click()
    expect(page.get_by_text("The themes are merged.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(target.label)
    page.get_by_label("New name").fill("Getting around and playing")
    page.get_by_role("button", name="Rename").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Getting around and playing")
    merged = set(
        ThemeMembership.objects.filter(theme=target).values_list("contribution", flat=True)
    )

    submit(process, NEW_ENGLISH, "en", "later")
    page.get_by_role("link", name="All themes for this question").click()
    page.get_by_role("button", name="Update themes").click()
    call_command("db_worker", "--batch", "--no-startup-delay")
    run = ThemeRun.objects.filter(question=question).order_by("-pk").first()
    assert run.status == ThemeRun.Status.DONE and run.mode == ThemeRun.Mode.ASSIGN
    page.reload()
    expect(page.get_by_role("heading", name="Getting around and playing")).to_be_visible()
    expect(page.get_by_role("heading", name=source.label, exact=True)).to_have_count(0)
    assert_accessible(page)
    kept = set(ThemeMembership.objects.filter(theme=target).values_list("contribution", flat=True))
    assert merged <= kept
    later = ThemeMembership.objects.filter(contribution__idempotency_key__startswith="later-")
    assert later.count() == run.assigned_count > 0


def test_spanish_phone_themes_are_named_by_phrases_with_votes_beside_quotes(
    new_page, live_server, process
):
    """At 320 px in Spanish: every theme's name is a phrase (never a list of words), a quote
    that became a statement shows its votes and the groups' split, nothing scrolls sideways."""
    from django.urls import reverse
    from django.utils import timezone

    from groundwork.communities.models import Role
    from groundwork.deliberation import services as deliberation
    from groundwork.deliberation.models import AnalysisRun, Conversation
    from groundwork.planning import services as planning
    from groundwork.planning.models import Contribution

    question = process.questions.get(key="problems")
    themes = list(Theme.objects.filter(question=question, parent=None).order_by("-size", "id"))
    quoted = Contribution.objects.get(pk=themes[0].quotes[0]["id"])
    coordinator = process.community.memberships.filter(role=Role.COORDINATOR).first().user
    conversation = Conversation.objects.filter(process=process).first()
    if conversation is None:
        conversation = deliberation.conversation_create(
            actor=coordinator, process=process, topic="Qué hacer primero"
        )
    statement = deliberation.statement_seed(
        actor=coordinator,
        conversation=conversation,
        text=quoted.text,
        language=quoted.language,
        contribution=quoted,
    )
    voters = [planning.participant_create(process=process) for _ in range(14)]
    for i, voter in enumerate(voters):
        deliberation.vote_cast(
            conversation=conversation,
            participant=voter,
            statement=statement,
            value=1 if i < 12 else -1,
            idempotency_key=f"phone-{i}",
        )
    AnalysisRun.objects.create(
        conversation=conversation,
        status=AnalysisRun.Status.DONE,
        finished_at=timezone.now(),
        results={"labels": {str(v.pk): 0 for v in voters}},
    )

    page = new_page(phone=True)
    page.set_viewport_size({"width": 320, "height": 700})
    page.context.add_cookies([{"name": "django_language", "value": "es", "url": live_server.url}])
    url = reverse("themes:list", args=[process.community.slug, process.slug])
    page.goto(f"{url}?question=problems")
    expect(page.get_by_role("heading", level=1)).to_have_text("Temas en lo que dijo la gente")
    for theme in themes:
        # A theme holding both languages is shown by its Spanish name to a Spanish reader.
        names = (theme.run.parameters.get("labels") or {}).get(theme.key, {})
        shown = names.get("es", theme.label)
        assert ", " not in shown
        expect(page.get_by_role("heading", name=shown, exact=True)).to_be_visible()
    expect(page.get_by_text("Votos sobre esta afirmación:").first).to_be_visible()
    expect(page.get_by_text("Grupo A: 86% de acuerdo, 14% en desacuerdo").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(page)


def test_spanish_phone_theme_page_marks_the_claim_of_an_answer_in_two_themes(
    new_page, live_server, process
):
    """At 320 px in Spanish, a facilitator opens a theme holding one claim of an answer about
    two things: the answer is shown whole with that claim marked, the other theme marks the
    other claim, nothing scrolls sideways and the page passes axe."""
    from django.urls import reverse

    from groundwork.planning import services as planning
    from groundwork.planning.models import Contribution

    question = process.questions.get(key="problems")
    first, second = list(
        Theme.objects.filter(question=question, parent=None).order_by("-size", "id")
    )[:2]
    one = "El autobús a la clínica pasa muy poco los domingos."
    two = "Los alquileres suben cada año para las familias."
    planning.contributions_submit(
        process=process,
        participant=None,
        answers=[planning.Answer(question="problems", text=f"{one} {two}")],
        language="es",
        channel="online",
        idempotency_key="two-claims",
    )
    answer = Contribution.objects.get(idempotency_key="two-claims")
    for theme, start, end in ((first, 0, len(one)), (second, len(one) + 1, len(answer.text))):
        ThemeMembership.objects.create(
            theme=theme, contribution=answer, claim_start=start, claim_end=end, strength=0.99
        )

    page = new_page(phone=True)
    page.set_viewport_size({"width": 320, "height": 700})
    page.goto("/accounts/login/")
    page.get_by_label("E-mail address").fill("coordinator@example.org")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.context.add_cookies([{"name": "django_language", "value": "es", "url": live_server.url}])
    for theme, claim, other in ((first, one, two), (second, two, one)):
        page.goto(reverse("themes:detail", args=[process.community.slug, process.slug, theme.pk]))
        expect(
            page.get_by_text("la parte marcada de una respuesta es la afirmación")
        ).to_be_visible()
        card = page.locator("li", has_text=two).filter(has_text=one)
        expect(card).to_have_count(1)
        mark = card.locator("mark.gw-claim")
        expect(mark).to_have_count(1)
        expect(mark).to_contain_text(claim)
        expect(mark).not_to_contain_text(other)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert_accessible(page)
