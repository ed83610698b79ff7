"""Claims in the themes app: an answer about two things is in two themes, each through the
claim that put it there; curation survives re-runs; the theme page marks the claim."""

import pytest
from django.urls import reverse

from groundwork.communities.models import Role
from groundwork.communities.tests.factories import CommunityFactory, member
from groundwork.core.errors import ApplicationError
from groundwork.planning import services as planning
from groundwork.planning.models import Contribution
from groundwork.themes import services
from groundwork.themes.models import Theme, ThemeMembership, ThemeRun
from groundwork.themes.tasks import themes_compute

from .data import submit, submit_all

pytestmark = pytest.mark.django_db

TWO = "The bus to the clinic comes only twice a day. Rent is too high for families here."
BUS, RENT = TWO.split(". ")[0] + ".", TWO.split(". ")[1]
NEW_TWO = "More buses on the route to the market, and landlords raise the rent every year."


def _process(slug: str):  # type: ignore[no-untyped-def]
    community = CommunityFactory(name=f"{slug.title()} County", slug=slug)
    coordinator = member(community, Role.COORDINATOR)
    process = planning.process_create(
        actor=coordinator, community=community, title=f"{slug} together", slug="together"
    )
    submit_all(process)
    return process


@pytest.fixture
def process():  # type: ignore[no-untyped-def]
    process = _process("alder")
    submit(process, [TWO], "en", "two")
    _process("birch")  # a second tenant, with the same answers but that one
    return process


def _coordinator(process):  # type: ignore[no-untyped-def]
    return process.community.memberships.get(role=Role.COORDINATOR).user


def _run(process, *, start_over=False):  # type: ignore[no-untyped-def]
    run = services.themes_request(
        actor=_coordinator(process),
        question=process.questions.get(key="problems"),
        start_over=start_over,
    )
    assert themes_compute.call(run_id=run.pk) == "done"
    run.refresh_from_db()
    return run


def _theme_about(process, word: str) -> Theme:  # type: ignore[no-untyped-def]
    themes = Theme.objects.filter(process=process, parent=None)
    return max(
        themes,
        key=lambda t: (
            sum(
                word in text.casefold()
                for text in t.memberships.values_list("contribution__text", flat=True)
            )
            / max(1, t.memberships.count())
        ),
    )


def test_an_answer_about_two_subjects_is_in_two_themes_with_its_claims(process):
    _run(process)
    two = Contribution.objects.get(process=process, text=TWO)
    memberships = list(ThemeMembership.objects.filter(contribution=two))
    assert len(memberships) == 2
    bus, rent = _theme_about(process, "bus"), _theme_about(process, "rent")
    assert {m.theme_id for m in memberships} == {bus.pk, rent.pk}
    claims = {m.theme_id: m.claim_text for m in memberships}
    assert claims[bus.pk] == BUS and claims[rent.pk] == RENT
    # Every other answer is in one theme; theme sizes count answers, each once.
    for theme in Theme.objects.filter(process=process, parent=None):
        assert theme.size == theme.memberships.count()
    others = ThemeMembership.objects.filter(theme__process=process).exclude(contribution=two)
    assert others.count() == others.values("contribution").distinct().count()
    # The other tenant's themes hold only its own answers.
    birch = Theme.objects.exclude(process=process)
    assert not ThemeMembership.objects.filter(theme__in=birch, contribution__process=process)


def test_the_theme_page_marks_the_claim_that_supports_the_theme(process, client):
    _run(process)
    rent = _theme_about(process, "rent")
    client.force_login(_coordinator(process))
    url = reverse("themes:detail", args=[process.community.slug, process.slug, rent.pk])
    page = client.get(url).content.decode()
    assert '<mark class="gw-claim">' in page
    marked = page.split('<mark class="gw-claim">')[1].split("</mark>")[0]
    assert RENT in marked and "bus" not in marked.casefold()
    assert "The bus to the clinic comes only twice a day." in page  # the answer, whole


def test_curation_survives_reruns_with_claims(process):
    _run(process)
    actor = _coordinator(process)
    two = Contribution.objects.get(process=process, text=TWO)
    bus, rent = _theme_about(process, "bus"), _theme_about(process, "rent")
    park = _theme_about(process, "park")
    services.theme_rename(actor=actor, theme=bus, label="Getting to the clinic")
    services.quote_pin(actor=actor, theme=rent, contribution=two)
    # An answer in two themes is moved from the one said; without saying which, it is refused.
    with pytest.raises(ApplicationError):
        services.membership_move(actor=actor, contribution=two, theme=park)
    services.membership_move(actor=actor, contribution=two, theme=park, source=bus)
    moved = ThemeMembership.objects.get(contribution=two, theme=park)
    assert moved.moved_by_human and moved.claim_text == BUS
    # Moving it into a theme that already has its other claim keeps one membership there.
    services.membership_move(actor=actor, contribution=two, theme=rent, source=park)
    assert list(
        ThemeMembership.objects.filter(contribution=two).values_list("theme_id", "claim_start")
    ) == [(rent.pk, len(BUS) + 1)]

    submit(process, [NEW_TWO], "en", "new")
    run = _run(process)
    assert run.mode == ThemeRun.Mode.ASSIGN
    bus.refresh_from_db()
    rent.refresh_from_db()
    assert bus.label == "Getting to the clinic" and bus.label_is_custom
    assert rent.pinned_quote == two
    assert list(ThemeMembership.objects.filter(contribution=two).values_list("theme_id")) == [
        (rent.pk,)
    ]
    # The new answer's two claims are placed in the two curated themes.
    new = Contribution.objects.get(process=process, text=NEW_TWO)
    placed = {m.theme_id: m.claim_text for m in ThemeMembership.objects.filter(contribution=new)}
    assert placed == {
        bus.pk: "More buses on the route to the market,",
        rent.pk: "and landlords raise the rent every year.",
    }
    assert run.assigned_count == 1 and run.contribution_count == 1
    for theme in (bus, rent):
        assert theme.size == theme.memberships.count()


def test_merging_two_themes_of_one_answer_keeps_it_once(process):
    _run(process)
    actor = _coordinator(process)
    two = Contribution.objects.get(process=process, text=TWO)
    bus, rent = _theme_about(process, "bus"), _theme_about(process, "rent")
    size = bus.memberships.count() + rent.memberships.count()
    services.theme_merge(actor=actor, source=rent, target=bus)
    bus.refresh_from_db()
    assert ThemeMembership.objects.filter(contribution=two).count() == 1
    assert bus.size == bus.memberships.count() == size - 1


def test_a_subtheme_counts_people_each_once_for_facilitators(process, client):
    from groundwork.themes import selectors

    _run(process)
    question = process.questions.get(key="problems")
    theme = _theme_about(process, "rent")
    sub = Theme.objects.create(
        process=process, question=question, parent=theme, key="rent.x", label="Rent is too high"
    )
    person = planning.participant_create(process=process)
    answers = []
    for n, text in enumerate(["Rent is too high here", "The rent is too high!", "Rent too high"]):
        planning.contributions_submit(
            process=process,
            participant=person,
            answers=[planning.Answer(question="problems", text=text)],
            language="en",
            channel="online",
            idempotency_key=f"same-person-{n}",
        )
        answers.append(Contribution.objects.get(idempotency_key=f"same-person-{n}"))
    others = list(theme.memberships.all()[:2])
    for answer in answers:
        ThemeMembership.objects.create(theme=theme, subtheme=sub, contribution=answer)
    ThemeMembership.objects.filter(pk__in=[m.pk for m in others]).update(subtheme=sub)
    overview = selectors.theme_overview(question=question, viewer=_coordinator(process))
    [ranked] = [r for t in overview.themes for r in t.subthemes if r.theme.pk == sub.pk]
    # Five answers: three by one person, two captured without one (one person each).
    assert ranked.count == 5 and ranked.people == 3
    client.force_login(_coordinator(process))
    url = reverse("themes:list", args=[process.community.slug, process.slug])
    assert "(5 answers) · 3 people" in client.get(f"{url}?question=problems").content.decode()
