"""The coverage page: the themes of the problems and barriers people named, weighted by how many
people raised them, and which of them no activity of the draft addresses yet."""

from itertools import count

import pytest
from django.urls import reverse

from groundwork.communities.models import Role
from groundwork.communities.tests.factories import CommunityFactory, member
from groundwork.planning import services as planning
from groundwork.planning.models import Contribution, Participant
from groundwork.plans import selectors, services
from groundwork.plans.models import LinkKind
from groundwork.themes import services as theme_services
from groundwork.themes.models import Theme, ThemeMembership
from groundwork.themes.tasks import themes_compute
from groundwork.themes.tests.data import ENGLISH, SPANISH

pytestmark = pytest.mark.django_db


def _process(slug):  # type: ignore[no-untyped-def]
    community = CommunityFactory(slug=slug)
    coordinator = member(community, Role.COORDINATOR)
    process = planning.process_create(
        actor=coordinator, community=community, title=f"{slug} 2027", slug="2027"
    )
    return process, coordinator


KEYS = count()


def _answer(process, question, text, *, participant=True, kind="", language="en"):  # type: ignore[no-untyped-def]
    """One answer from a new participant (True), from no participant (None, as typed in from
    paper) or from the participant given."""
    [contribution] = planning.contributions_submit(
        process=process,
        participant=Participant.objects.create(process=process) if participant is True else None,
        answers=[planning.Answer(question, text, kind)],
        language=language,
        channel="online",
        idempotency_key=f"cov-{next(KEYS)}",
    )
    if participant not in (True, None):  # several answers of one person
        contribution.participant = participant
        contribution.save()
    return contribution


def _theme(process, question, label, contributions):  # type: ignore[no-untyped-def]
    theme = Theme.objects.create(
        process=process,
        question=process.questions.get(key=question),
        key=label.lower().replace(" ", "-"),
        label=label,
        size=len(contributions),
    )
    ThemeMembership.objects.bulk_create(
        ThemeMembership(theme=theme, contribution=c) for c in contributions
    )
    return theme


def _plan(process, coordinator, titles):  # type: ignore[no-untyped-def]
    plan = services.plan_create(actor=coordinator, process=process, title="Plan")
    goal = services.goal_save(actor=coordinator, plan=plan, title="Goal")
    return plan, [
        services.activity_save(actor=coordinator, plan=plan, goal=goal, title=t, lead_name="Ana")
        for t in titles
    ]


def url(process):  # type: ignore[no-untyped-def]
    return reverse("plans:coverage", args=[process.community.slug, process.slug])


def _problems_section(html):  # type: ignore[no-untyped-def]
    return html[html.index('id="cov-problems"') : html.index('id="cov-barriers"')]


def test_coverage_is_over_themes_and_linking_every_theme_leaves_no_gap(client):  # type: ignore[no-untyped-def]
    """Many different answers in a few themes (the themes engine finds them): the page lists
    the themes, not single answers with a count of 1; once every problems theme is linked to
    an activity (the theme itself, or one of its answers), no problem is a gap."""
    process, coordinator = _process("alder")
    other, other_coordinator = _process("birch")
    for language, corpus in (("en", ENGLISH), ("es", SPANISH)):
        for texts in corpus.values():
            for text in texts:
                _answer(process, "problems", text, language=language)
                _answer(other, "problems", text, language=language)
    for p in (process, other):
        run = theme_services.themes_request(
            actor=p.community.memberships.get(role=Role.COORDINATOR).user,
            question=p.questions.get(key="problems"),
        )
        assert themes_compute.call(run_id=run.pk) == "done"
    themes = list(Theme.objects.filter(process=process, question__key="problems", parent=None))
    assert len(themes) >= 3
    plan, activities = _plan(process, coordinator, [f"Activity {t.pk}" for t in themes])
    client.force_login(coordinator)

    page = client.get(url(process)).content.decode()
    problems = _problems_section(page)
    for theme in themes:
        assert theme.label in problems
    assert problems.count("Not addressed yet") == len(themes)
    [section] = [selectors.coverage(plan, selectors.plan_activities(plan))["problems"]]
    people = [row.topic.people for row in section.themes]
    assert people == sorted(people, reverse=True) and sum(people) == section.result.people
    assert max(people) > 1

    # Link every theme: half through the theme itself, half through one of its answers.
    for n, (theme, activity) in enumerate(zip(themes, activities, strict=True)):
        if n % 2:
            services.activity_link(
                actor=coordinator, activity=activity, kind=LinkKind.EVIDENCE, theme_ids=[theme.pk]
            )
        else:
            answer = theme.memberships.order_by("id").first().contribution_id
            services.activity_link(
                actor=coordinator,
                activity=activity,
                kind=LinkKind.EVIDENCE,
                contribution_ids=[answer],
            )
    # The other process links its own themes: that addresses nothing here.
    other_plan, other_activities = _plan(other, other_coordinator, ["Elsewhere"])
    services.activity_link(
        actor=other_coordinator,
        activity=other_activities[0],
        kind=LinkKind.EVIDENCE,
        theme_ids=list(
            Theme.objects.filter(process=other, parent=None).values_list("pk", flat=True)
        ),
    )
    page = client.get(url(process)).content.decode()
    problems = _problems_section(page)
    assert "Not addressed yet" not in problems
    assert f"Themes not addressed yet: 0 of {len(themes)}." in problems
    for activity in activities:
        assert activity.title in problems
    assert "Elsewhere" not in page


def test_themes_are_weighted_by_people_not_answers(client):  # type: ignore[no-untyped-def]
    process, coordinator = _process("alder")
    other, _other_coordinator = _process("birch")
    busy = Participant.objects.create(process=process)
    buses = [
        _answer(process, "problems", text, participant=busy)
        for text in ("No bus to the clinic", "Buses are late", "Bus skips our street", "Bus!")
    ]
    rent = [_answer(process, "problems", f"Rent is too high ({n})") for n in range(3)]
    rent.append(_answer(process, "problems", "Rent, typed from a paper form", participant=None))
    loose = [
        _answer(process, "problems", "No park nearby"),
        _answer(process, "problems", "no park nearby!"),
        _answer(process, "problems", "Streetlights"),
    ]
    _theme(process, "problems", "Buses", buses)
    _theme(process, "problems", "Rent", rent)
    # The other process: more people, same labels, its own themes.
    _theme(other, "problems", "Buses", [_answer(other, "problems", f"Bus {n}") for n in range(9)])
    plan, [ride] = _plan(process, coordinator, ["Ride share"])
    services.activity_link(
        actor=coordinator,
        activity=ride,
        kind=LinkKind.EVIDENCE,
        contribution_ids=[loose[0].pk],
        same_text=False,
    )
    section = selectors.coverage(plan, selectors.plan_activities(plan))["problems"]
    assert [(r.topic.label, r.topic.people, r.topic.answers) for r in section.themes] == [
        ("Rent", 4, 4),
        ("Buses", 1, 4),
    ]
    assert section.result.gap_people == 5
    assert [
        (r.topic.label, r.topic.people, [a.title for a in r.activities]) for r in section.unthemed
    ] == [
        ("No park nearby", 2, ["Ride share"]),
        ("Streetlights", 1, []),
    ]
    client.force_login(coordinator)
    page = client.get(url(process)).content.decode()
    assert "Themes not addressed yet: 2 of 2." in page
    assert "People who raised a theme not addressed yet: 5." in page
    assert "3 answers are in no theme yet." in page and "Not yet themed" in page
    # A hidden answer counts for nothing.
    Contribution.objects.filter(pk=rent[0].pk).update(moderation="hidden")
    section = selectors.coverage(plan, selectors.plan_activities(plan))["problems"]
    assert section.themes[0].topic.people == 3


def test_barrier_gaps_are_grouped_by_kind(client):  # type: ignore[no-untyped-def]
    process, coordinator = _process("alder")
    other, _ = _process("birch")
    inside = [
        _answer(process, "barriers", f"Meetings at work hours {n}", kind="internal")
        for n in range(3)
    ]
    outside = [
        _answer(process, "barriers", "State rules", kind="external"),
        _answer(process, "barriers", "Grant deadlines", kind="external"),
        _answer(process, "barriers", "Grant paperwork", kind="internal"),
    ]
    _theme(process, "barriers", "Meeting times", inside)
    _theme(process, "barriers", "Rules and grants", outside)
    _theme(other, "barriers", "Elsewhere", [_answer(other, "barriers", "x", kind="external")])
    plan, [act] = _plan(process, coordinator, ["Evening meetings"])
    services.activity_link(
        actor=coordinator,
        activity=act,
        kind=LinkKind.BARRIER,
        theme_ids=[Theme.objects.get(process=process, label="Meeting times").pk],
    )
    section = selectors.coverage(plan, selectors.plan_activities(plan))["barriers"]
    assert [
        (kind, [(r.topic.label, r.topic.addressed) for r in rows]) for kind, rows in section.by_kind
    ] == [("internal", [("Meeting times", True)]), ("external", [("Rules and grants", False)])]
    assert [r.topic.label for r in section.gaps] == ["Rules and grants"]
    client.force_login(coordinator)
    page = client.get(url(process)).content.decode()
    assert "Internal barriers" in page and "External barriers" in page
    assert "Elsewhere" not in page


def test_coverage_queries_do_not_grow_with_answers_themes_or_links(
    client, django_assert_num_queries, django_assert_max_num_queries
):  # type: ignore[no-untyped-def]
    process, coordinator = _process("alder")
    _process("birch")
    plan, activities = _plan(process, coordinator, [f"Activity {n}" for n in range(10)])
    question = process.questions.get(key="problems")
    contributions = Contribution.objects.bulk_create(
        Contribution(
            community=process.community,
            process=process,
            question=question,
            participant=Participant.objects.create(process=process) if n % 50 == 0 else None,
            text=f"Problem number {n % 300}",
            language="en",
            channel="paper",
            idempotency_key=f"big{n}",
        )
        for n in range(3000)
    )
    for t in range(20):
        theme = _theme(process, "problems", f"Theme {t}", contributions[t * 100 : (t + 1) * 100])
        services.activity_link(
            actor=coordinator,
            activity=activities[t % 10],
            kind=LinkKind.EVIDENCE,
            theme_ids=[theme.pk] if t % 2 else [],
            contribution_ids=[] if t % 2 else [contributions[t * 100].pk],
        )
    rows = selectors.plan_activities(plan)
    with django_assert_num_queries(4):
        result = selectors.coverage(plan, rows)
    assert len(result["problems"].themes) == 20 and not result["problems"].gaps
    assert result["problems"].result.unthemed_answers == 1000
    client.force_login(coordinator)
    with django_assert_max_num_queries(14):
        assert client.get(url(process)).status_code == 200


def test_coverage_is_for_facilitators_only(client):  # type: ignore[no-untyped-def]
    process, coordinator = _process("alder")
    _process("birch")
    _plan(process, coordinator, ["Ride share"])
    assert client.get(url(process)).status_code == 302
    client.force_login(member(process.community, Role.MEMBER))
    assert client.get(url(process)).status_code == 403


def test_answers_the_theme_engine_set_aside_are_not_listed_as_unthemed():  # type: ignore[no-untyped-def]
    from groundwork.themes.models import ThemeRun

    process, coordinator = _process("alder")
    other, _ = _process("birch")
    junk = _answer(process, "problems", "asdfasdf")
    about = _answer(process, "problems", "I live on Main Street")
    loose = _answer(process, "problems", "Streetlights are out")
    stray = _answer(process, "problems", "Nobody fixes the potholes")
    ThemeRun.objects.create(
        process=process,
        question=process.questions.get(key="problems"),
        status=ThemeRun.Status.DONE,
        parameters={"set_aside": {"junk": [junk.pk], "about": [about.pk]}},
    )
    # An older run of this question, and the other process's run naming this process's answer,
    # change nothing.
    ThemeRun.objects.create(
        process=other,
        question=other.questions.get(key="problems"),
        status=ThemeRun.Status.DONE,
        parameters={"set_aside": {"junk": [stray.pk], "about": []}},
    )
    plan, _activities = _plan(process, coordinator, ["Ride share"])
    section = selectors.coverage(plan, selectors.plan_activities(plan))["problems"]
    listed = sorted(r.topic.label for r in section.unthemed)
    assert listed == sorted([loose.text, stray.text])
    assert section.result.unthemed_answers == 2
