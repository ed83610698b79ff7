"""The conversation report: who is in which group (small counts hidden), what unites and
divides the groups, what became of the statements in the plan; page and PDF in both
languages; who may read it. Every test has two communities, each with its own conversation."""

import io
import random

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from groundwork.analysis.suppression import Reason
from groundwork.communities.models import Role
from groundwork.communities.tests.factories import CommunityFactory, UserFactory, member
from groundwork.deliberation import analysis, report, services
from groundwork.deliberation.models import AnalysisRun, Vote
from groundwork.planning import services as planning
from groundwork.planning.models import Participant
from groundwork.plans import services as plans

pytestmark = pytest.mark.django_db

STATEMENTS = [
    "More buses to the clinic",
    "A youth center downtown",
    "Fix the river levee",
    "Evening English classes",
    "A Saturday farmers market",
    "More street lights",
    "A community day care",
]


def _build(
    name: str, slug: str, *, process_slug: str = "together", people: int = 30, seed: int = 7
):  # type: ignore[no-untyped-def]
    """A community with a conversation of two camps of voters, analysed; then the members of
    the first group say they live in North Fork, except two from Mill Hill, and the second
    group all live in Mill Hill."""
    community = CommunityFactory(name=name, slug=slug)
    coordinator = member(community, Role.COORDINATOR)
    process = planning.process_create(
        actor=coordinator,
        community=community,
        title=f"{name} Together",
        slug=process_slug,
        areas=["North Fork", "Mill Hill", "Riverside"],
    )
    conversation = services.conversation_create(
        actor=coordinator, process=process, topic=f"What should {name} do first?"
    )
    statements = [
        services.statement_seed(
            actor=coordinator, conversation=conversation, text=f"{t} ({name})", language="en"
        )
        for t in STATEMENTS
    ]
    rng = random.Random(seed)
    voters = []
    for p in range(people):
        person = Participant.objects.create(process=process)
        voters.append(person)
        camp = 1 if p % 2 else -1
        for s, statement in enumerate(statements):
            value = 1 if s == 0 else (camp if s % 2 else -camp)
            if rng.random() < 0.05:
                value = 0
            Vote.objects.create(
                conversation=conversation,
                statement=statement,
                participant=person,
                value=value,
                idempotency_key=f"{p}-{s}",
            )
    run = AnalysisRun.objects.create(conversation=conversation)
    analysis.run_compute(run)
    run.status = AnalysisRun.Status.DONE
    run.finished_at = timezone.now()
    run.save()
    labels = run.results["labels"]
    assert run.displayed_k == 2 and all(g["size"] > 10 for g in run.results["groups"])
    areas = {a.name: a for a in process.areas.all()}
    first = [p for p in voters if labels.get(str(p.pk)) == 0]
    second = [p for p in voters if labels.get(str(p.pk)) == 1]
    for i, person in enumerate(first):
        planning.participant_describe(
            participant=person,
            consent=True,
            area=areas["Mill Hill" if i < 2 else "North Fork"],
            age_band="25_44",
            language="es",
        )
    for person in second:
        planning.participant_describe(
            participant=person, consent=True, area=areas["Mill Hill"], age_band="45_64"
        )
    return {
        "community": community,
        "coordinator": coordinator,
        "process": process,
        "conversation": conversation,
        "statements": statements,
        "run": run,
        "first": first,
        "second": second,
    }


@pytest.fixture
def alder():  # type: ignore[no-untyped-def]
    return _build("Alder", "alder")


@pytest.fixture
def birch():  # type: ignore[no-untyped-def]
    return _build("Birch", "birch", process_slug="birch-talk", seed=11)


def _url(world, name="deliberation:report"):  # type: ignore[no-untyped-def]
    return reverse(name, args=[world["community"].slug, world["process"].slug])


def _table(context, dimension):  # type: ignore[no-untyped-def]
    return next(t for t in context["composition"] if t.dimension == dimension)


def _row(table, label):  # type: ignore[no-untyped-def]
    return next(r for r in table.rows if r.label == label)


def test_composition_hides_small_counts_and_the_count_that_would_give_them_away(alder, birch):
    context = report.report_context(alder["conversation"], draft=False)
    areas = _table(context, "area")
    # Group A has two people from Mill Hill: no count is shown for them, nor for North Fork
    # (the group's size minus North Fork would give the two away).
    mill_hill = _row(areas, "Mill Hill").cells
    north_fork = _row(areas, "North Fork").cells
    assert mill_hill[0]["cell"].value is None
    assert mill_hill[0]["cell"].reason == Reason.PRIMARY
    assert mill_hill[0]["percent"] is None
    assert north_fork[0]["cell"].value is None
    assert north_fork[0]["cell"].reason == Reason.COMPLEMENTARY
    # Group B is all from Mill Hill: shown, with its share; zeros are shown.
    assert mill_hill[1]["cell"].value == len(alder["second"])
    assert mill_hill[1]["percent"] == 100
    assert _row(areas, "Riverside").cells[1]["cell"].value == 0
    # The second community's participants are not counted here.
    ages = _table(context, "age_band")
    assert _row(ages, "25 to 44").cells[0]["cell"].value == len(alder["first"])
    assert _row(ages, "45 to 64").cells[1]["cell"].value == len(alder["second"])


def test_composition_counts_only_those_who_consented(alder, birch):
    # Answers kept from before consent was withdrawn (or set outside the "about you" step)
    # do not count: without consent a participant is "not stated".
    Participant.objects.filter(pk__in=[p.pk for p in alder["second"]]).update(consented_at=None)
    context = report.report_context(alder["conversation"], draft=False)
    areas = _table(context, "area")
    assert _row(areas, "Mill Hill").cells[1]["cell"].value == 0
    not_stated = next(r for r in areas.rows if r.not_stated)
    assert not_stated.cells[1]["cell"].value == len(alder["second"])


def test_report_page_shows_groups_consensus_divisive_and_hidden_composition(client, alder, birch):
    response = client.get(_url(alder))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Who is in each group" in page
    assert "Group A" in page and "Group B" in page
    assert "More buses to the clinic (Alder)" in page  # everyone agrees: consensus
    assert "(Birch)" not in page
    context = response.context
    assert context["divisive"], "the two camps split on every other statement"
    assert {d["text"].text for d in context["divisive"]} <= {
        s.text for s in alder["statements"][1:]
    }
    # A hidden count is marked as hidden, never printed.
    assert "hidden" in page
    assert "North Fork" in page


def test_report_links_statements_to_the_plan_draft_for_facilitators_published_for_others(
    client, alder, birch
):
    consensus = alder["statements"][0]
    coordinator = alder["coordinator"]
    plan = plans.plan_create(actor=coordinator, process=alder["process"], title="Alder plan")
    goal = plans.goal_save(
        actor=coordinator, plan=plan, title="Rides to the clinic", statement=consensus
    )
    activity = plans.activity_save(actor=coordinator, plan=plan, goal=goal, title="A clinic van")
    plans.activity_link(
        actor=coordinator, activity=activity, kind="evidence", statement_ids=[consensus.pk]
    )
    # The other community's plan uses its own statement: it must not appear here.
    other = plans.plan_create(
        actor=birch["coordinator"], process=birch["process"], title="Birch plan"
    )
    plans.goal_save(
        actor=birch["coordinator"],
        plan=other,
        title="Birch buses",
        statement=birch["statements"][0],
    )

    page = client.get(_url(alder)).content.decode()
    assert "The plan has not been published yet." in page
    assert "Rides to the clinic" not in page

    client.force_login(coordinator)
    page = client.get(_url(alder)).content.decode()
    edit = reverse("plans:goal_edit", args=["alder", "together", goal.pk])
    assert f'href="{edit}"' in page
    assert reverse("plans:activity_edit", args=["alder", "together", activity.pk]) in page
    assert "Birch buses" not in page

    plans.plan_publish(actor=coordinator, plan=plan)
    client.logout()
    page = client.get(_url(alder)).content.decode()
    plan_url = reverse("plans:plan", args=["alder", "together"])
    assert f'href="{plan_url}#goal-{goal.pk}"' in page
    assert f'href="{plan_url}#activity-{activity.pk}"' in page
    assert "Goal: Rides to the clinic" in page
    assert "Birch buses" not in page


def test_report_selectors_query_count_does_not_grow_with_the_votes(
    alder, birch, django_assert_max_num_queries
):
    coordinator = alder["coordinator"]
    plan = plans.plan_create(actor=coordinator, process=alder["process"], title="Alder plan")
    plans.goal_save(actor=coordinator, plan=plan, title="Rides", statement=alder["statements"][0])
    with django_assert_max_num_queries(16):
        report.report_context(alder["conversation"], draft=True)
    bigger = _build("Cedar", "cedar", people=60, seed=3)
    plan = plans.plan_create(
        actor=bigger["coordinator"], process=bigger["process"], title="Cedar plan"
    )
    plans.goal_save(
        actor=bigger["coordinator"], plan=plan, title="Rides", statement=bigger["statements"][0]
    )
    with django_assert_max_num_queries(16):
        report.report_context(bigger["conversation"], draft=False)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["Conversation report", "Who is in each group", "Group A"]),
        ("es", ["Informe de la conversación", "Quién está en cada grupo", "Grupo A"]),
    ],
)
def test_report_pdf_renders_in_both_languages(client, alder, birch, language, expected):
    client.cookies["django_language"] = language
    response = client.get(_url(alder, "deliberation:report_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert f"report-{language}.pdf" in response["Content-Disposition"]
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    flat = " ".join(text.split())
    for words in expected:
        assert words in flat
    assert "More buses to the clinic (Alder)" in flat
    assert "Birch" not in flat


@pytest.mark.parametrize("name", ["deliberation:report", "deliberation:report_pdf"])
def test_report_permissions_and_tenancy(client, alder, birch, name):
    process = alder["process"]
    process.is_public = False
    process.save()
    url = _url(alder, name)
    # Signed out: sent to sign in; signed in without a role here: refused.
    response = client.get(url)
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    # A coordinator of the other community is no one here.
    client.force_login(birch["coordinator"])
    assert client.get(url).status_code == 403
    # Another community's process is not found through this community's address, even by
    # the coordinator of this community.
    client.force_login(alder["coordinator"])
    assert client.get(url).status_code == 200
    mixed = reverse(name, args=[alder["community"].slug, birch["process"].slug])
    assert client.get(mixed).status_code == 404


def test_the_results_page_links_to_the_report(client, alder, birch):
    with translation.override("en"):
        page = client.get(_url(alder, "deliberation:results")).content.decode()
    assert _url(alder) in page


def test_report_of_a_conversation_without_votes_says_so(client, alder, birch):
    coordinator = birch["coordinator"]
    process = planning.process_create(
        actor=coordinator, community=birch["community"], title="Quiet", slug="quiet"
    )
    services.conversation_create(actor=coordinator, process=process, topic="Anything?")
    url = reverse("deliberation:report", args=["birch", "quiet"])
    page = client.get(url).content.decode()
    assert "No votes yet." in page
    assert "There are no results yet" in page
    assert "(Alder)" not in page and "(Birch)" not in page
    pdf = client.get(reverse("deliberation:report_pdf", args=["birch", "quiet"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_channels_count_imported_votes_apart_from_online_ones(alder, birch):
    from groundwork.deliberation.models import Statement, StatementSource

    conversation = alder["conversation"]
    imported = Statement.objects.create(
        community=alder["community"],
        conversation=conversation,
        text="Imported from Pol.is",
        source=StatementSource.IMPORT,
        external_id="9",
    )
    person = Participant.objects.create(process=alder["process"])
    Vote.objects.create(
        conversation=conversation,
        statement=imported,
        participant=person,
        value=1,
        idempotency_key="polis-1",
    )
    # A key that merely looks like an import's, on a statement seeded here, is an online vote.
    Vote.objects.create(
        conversation=conversation,
        statement=alder["statements"][0],
        participant=person,
        value=1,
        idempotency_key="polis-x",
    )
    found = report.channels(conversation)
    online = Vote.objects.filter(conversation=conversation).count() - 1
    assert (found["votes_online"], found["votes_imported"]) == (online, 1)
    sources = {row["label"]: row["count"] for row in found["statements"]}
    assert sources == {"Seeded by a facilitator": 7, "Imported": 1}


def test_report_page_query_count_is_bounded(client, alder, birch, django_assert_max_num_queries):
    coordinator = alder["coordinator"]
    plan = plans.plan_create(actor=coordinator, process=alder["process"], title="Alder plan")
    goal = plans.goal_save(
        actor=coordinator, plan=plan, title="Rides", statement=alder["statements"][0]
    )
    activity = plans.activity_save(actor=coordinator, plan=plan, goal=goal, title="A van")
    plans.activity_link(
        actor=coordinator,
        activity=activity,
        kind="evidence",
        statement_ids=[s.pk for s in alder["statements"]],
    )
    plans.plan_publish(actor=coordinator, plan=plan)
    with django_assert_max_num_queries(20):
        assert client.get(_url(alder)).status_code == 200
    client.force_login(coordinator)
    with django_assert_max_num_queries(24):
        assert client.get(_url(alder)).status_code == 200
