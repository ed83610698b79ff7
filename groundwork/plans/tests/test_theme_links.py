"""Themes in the plan: a goal made from a theme, themes linked as evidence, and links that
follow the theme when facilitators merge or split it or start the themes over."""

import pytest
from django.urls import reverse

from groundwork.communities.models import Role
from groundwork.communities.tests.factories import CommunityFactory, member
from groundwork.core.errors import ApplicationError
from groundwork.planning import services as planning
from groundwork.plans import selectors, services
from groundwork.plans.models import ActivityLink, Goal, LinkKind
from groundwork.themes import services as theme_services
from groundwork.themes.models import Theme, ThemeMembership
from groundwork.themes.tasks import themes_compute
from groundwork.themes.tests.data import submit_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def process():  # type: ignore[no-untyped-def]
    community = CommunityFactory(name="Alder County", slug="alder")
    coordinator = member(community, Role.COORDINATOR)
    process = planning.process_create(
        actor=coordinator, community=community, title="Alder Together", slug="together"
    )
    submit_all(process)
    return process


@pytest.fixture
def coordinator(process):  # type: ignore[no-untyped-def]
    return process.community.memberships.get(role=Role.COORDINATOR).user


def _themes(process, coordinator, *, start_over=False):  # type: ignore[no-untyped-def]
    question = process.questions.get(key="problems")
    run = theme_services.themes_request(actor=coordinator, question=question, start_over=start_over)
    assert themes_compute.call(run_id=run.pk) == "done"
    return list(Theme.objects.filter(question=question, parent=None).order_by("-size", "id"))


@pytest.fixture
def plan(process, coordinator):  # type: ignore[no-untyped-def]
    return services.plan_create(actor=coordinator, process=process, title="Alder plan")


def _url(name, process, *args):  # type: ignore[no-untyped-def]
    return reverse(f"plans:{name}", args=[process.community.slug, process.slug, *args])


def test_make_a_theme_a_goal_from_the_theme_page_keeps_the_link(client, process, coordinator):  # type: ignore[no-untyped-def]
    theme = _themes(process, coordinator)[0]
    client.force_login(coordinator)
    page = client.get(
        reverse("themes:detail", args=[process.community.slug, process.slug, theme.pk])
    )
    goal_url = _url("goal_add", process) + f"?theme={theme.pk}"
    assert goal_url in page.content.decode()
    # No plan yet: the builder starts one and comes back to the goal form with the theme.
    start = client.post(
        reverse("plans:builder", args=["alder", "together"]) + f"?theme={theme.pk}",
        {"title": "Our plan", "summary": ""},
    )
    assert start.status_code == 302 and start.url.endswith(f"?theme={theme.pk}")
    form = client.get(start.url)
    assert theme.label in form.content.decode()
    saved = client.post(start.url, {"title": theme.label, "description": "", "theme": theme.pk})
    assert saved.status_code == 302
    goal = Goal.objects.get()
    assert goal.theme == theme
    builder = client.get(_url("builder", process)).content.decode()
    assert f"From the theme “{theme.label}”" in builder


def test_themes_link_as_evidence_of_the_matching_question_only(process, coordinator, plan):  # type: ignore[no-untyped-def]
    themes = _themes(process, coordinator)
    goal = services.goal_save(actor=coordinator, plan=plan, title="Clinic access")
    activity = services.activity_save(
        actor=coordinator, plan=plan, goal=goal, title="Ride share", lead_name="Ana"
    )
    assert (
        services.activity_link(
            actor=coordinator, activity=activity, kind=LinkKind.EVIDENCE, theme_ids=[themes[0].pk]
        )
        == 1
    )
    # A theme of the problems question is not a strength.
    with pytest.raises(ApplicationError):
        services.activity_link(
            actor=coordinator, activity=activity, kind=LinkKind.STRENGTH, theme_ids=[themes[1].pk]
        )
    # Another process's theme is refused, and nothing is half-linked.
    other = Theme.objects.create(
        process=planning.process_create(
            actor=coordinator, community=process.community, title="Other", slug="other"
        ),
        question=process.questions.get(key="problems"),
        key="x",
        label="Elsewhere",
    )
    with pytest.raises(ApplicationError):
        services.activity_link(
            actor=coordinator,
            activity=activity,
            kind=LinkKind.EVIDENCE,
            theme_ids=[themes[1].pk, other.pk],
        )
    assert ActivityLink.objects.filter(activity=activity).count() == 1
    row = selectors.plan_activities(plan)[0]
    assert row.evidence[0]["type"] == "theme" and row.evidence[0]["text"] == themes[0].label
    # Unlinking by its key removes it.
    services.activity_unlink(
        actor=coordinator, activity=activity, kind=LinkKind.EVIDENCE, key=f"t{themes[0].pk}"
    )
    assert not ActivityLink.objects.filter(activity=activity).exists()


def test_published_plan_shows_linked_themes_apart_from_quotes(client, process, coordinator, plan):  # type: ignore[no-untyped-def]
    theme = _themes(process, coordinator)[0]
    goal = services.goal_save(actor=coordinator, plan=plan, title=theme.label, theme=theme)
    activity = services.activity_save(
        actor=coordinator, plan=plan, goal=goal, title="Ride share", lead_name="Ana"
    )
    services.activity_link(
        actor=coordinator, activity=activity, kind=LinkKind.EVIDENCE, theme_ids=[theme.pk]
    )
    version = services.plan_publish(actor=coordinator, plan=plan)
    assert version.snapshot["goals"][0]["theme"] == {"label": theme.label, "size": theme.size}
    page = client.get(_url("plan", process)).content.decode()
    assert "Themes in what residents said" in page
    assert f"From the theme “{theme.label}”" in page


def test_links_follow_a_merge_a_split_and_a_fresh_start(process, coordinator, plan):  # type: ignore[no-untyped-def]
    themes = _themes(process, coordinator)
    first, second = themes[0], themes[1]
    goal = services.goal_save(actor=coordinator, plan=plan, title="From a theme", theme=second)
    activity = services.activity_save(
        actor=coordinator, plan=plan, goal=goal, title="Ride share", lead_name="Ana"
    )
    services.activity_link(
        actor=coordinator,
        activity=activity,
        kind=LinkKind.EVIDENCE,
        theme_ids=[first.pk, second.pk],
    )
    theme_services.theme_merge(actor=coordinator, source=second, target=first)
    goal.refresh_from_db()
    assert goal.theme_id == first.pk
    assert list(
        ActivityLink.objects.filter(activity=activity).values_list("theme_id", flat=True)
    ) == [first.pk]

    # Starting over replaces every theme; the links go to the new theme that shares the most
    # answers with the old one.
    members = set(first.memberships.values_list("contribution_id", flat=True))
    _themes(process, coordinator, start_over=True)
    goal.refresh_from_db()
    assert goal.theme is not None and goal.theme.pk != first.pk
    successor = goal.theme
    assert set(successor.memberships.values_list("contribution_id", flat=True)) & members
    link = ActivityLink.objects.get(activity=activity)
    assert link.theme_id == successor.pk

    # A split sends them to the largest part (two subthemes made by hand: two thirds, a third).
    memberships = list(successor.memberships.order_by("contribution_id"))
    cut = max(1, len(memberships) // 3)
    parts = []
    for n, chunk in enumerate((memberships[cut:], memberships[:cut])):
        sub = Theme.objects.create(
            process=process,
            question=successor.question,
            parent=successor,
            key=f"{successor.key}.{n}",
            label=f"Part {n}",
            size=len(chunk),
        )
        ThemeMembership.objects.filter(pk__in=[m.pk for m in chunk]).update(subtheme=sub)
        parts.append(sub)
    theme_services.theme_split(actor=coordinator, theme=successor)
    goal.refresh_from_db()
    assert goal.theme_id == parts[0].pk
    assert ActivityLink.objects.get(activity=activity).theme_id == parts[0].pk
