"""The plan builder's page and its evidence panels: what each lists, for whom, and in how many
queries (pinned: the page must not grow a query per goal, activity or link). Each test runs
beside a look-alike tenant."""

import pytest
from django.urls import reverse

from groundwork.core.generations import bump, community_key
from groundwork.core.testing import assert_absent
from groundwork.plans import selectors, services
from groundwork.plans.models import LinkKind

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def _builder(tenant) -> str:  # type: ignore[no-untyped-def]
    return reverse("plans:builder", args=[tenant.community.slug, tenant.process.slug])


def _panel(tenant, panel: str) -> str:  # type: ignore[no-untyped-def]
    return reverse(
        "plans:builder_evidence", args=[tenant.community.slug, tenant.process.slug, panel]
    )


def _grow(tenant, goals: int, activities: int) -> None:  # type: ignore[no-untyped-def]
    """More goals, activities (each linked to a strength and a barrier) of this tenant."""
    strengths = [c for c in tenant.contributions if c.question.key == "strengths"]
    barriers = [c for c in tenant.contributions if c.question.key == "barriers"]
    for g in range(goals):
        goal = services.goal_save(
            actor=tenant.coordinator, plan=tenant.plan, title=f"Goal {g} {tenant.marker}"
        )
        for a in range(activities):
            activity = services.activity_save(
                actor=tenant.coordinator,
                plan=tenant.plan,
                goal=goal,
                title=f"Activity {g}.{a} {tenant.marker}",
                lead_name="Ana",
            )
            services.activity_link(
                actor=tenant.coordinator,
                activity=activity,
                kind=LinkKind.STRENGTH,
                contribution_ids=[strengths[0].pk],
            )
            services.activity_link(
                actor=tenant.coordinator,
                activity=activity,
                kind=LinkKind.BARRIER,
                contribution_ids=[barriers[0].pk],
            )


# User, process, membership role, plan, activities, links, endorsements, goals, published
# versions and progress: whatever the number of goals, activities and links. (The session is
# read from the cache.)
BUILDER_QUERIES = 10
BUILDER_HIT_QUERIES = 4


def test_the_builder_lists_its_own_draft_in_a_fixed_number_of_queries(  # type: ignore[no-untyped-def]
    client, tenant, other_tenant, django_assert_num_queries
):
    _grow(other_tenant, 1, 2)
    client.force_login(tenant.coordinator)
    client.get(_builder(tenant))  # the session and permission caches as a visitor has them
    bump([community_key(tenant.community.slug)])  # as any write does: rendered again
    with django_assert_num_queries(BUILDER_QUERIES):
        page = client.get(_builder(tenant)).content.decode()
    # Until the next write the draft comes from the cache: user, process, role, plan.
    with django_assert_num_queries(BUILDER_HIT_QUERIES):
        assert f"Plan {tenant.marker}" in client.get(_builder(tenant)).content.decode()
    assert "Get people to care" in page and "Ride share" in page
    assert f"Plan {tenant.marker}" in page
    assert_absent(other_tenant, page)
    _grow(tenant, 2, 3)
    with django_assert_num_queries(BUILDER_QUERIES):
        page = client.get(_builder(tenant)).content.decode()
    for g in range(2):
        assert f"Goal {g} {tenant.marker}" in page
        for a in range(3):
            assert f"Activity {g}.{a} {tenant.marker}" in page
    assert page.count('data-drop-activity="') == 7
    assert_absent(other_tenant, page)
    # The evidence to pick from is not on the page: a link to each panel, which htmx follows
    # in place and a browser without JavaScript opens as a page.
    assert "data-pick" not in page
    for panel in [*selectors.EVIDENCE_PANELS, "gaps"]:
        assert f'href="{_panel(tenant, panel)}" hx-get="{_panel(tenant, panel)}"' in page


PANEL_QUERIES = {
    # User, process, plan, membership role and the themes (the session is read from the
    # cache), then the panel's own reads and (but for the gaps) the activities to link to.
    "strengths": 8,  # answers, assets
    "barriers": 7,  # barrier groups
    "allies": 9,  # answers, organizations, services
    "problems": 9,  # answers, conversation, latest run (one more for its statements)
    "actions": 7,  # answers
    "gaps": 8,  # the network's services and terms, the strengths, practices
}


@pytest.mark.parametrize("panel", PANEL_QUERIES)
def test_each_evidence_panel_lists_this_process_evidence_only(  # type: ignore[no-untyped-def]
    client, tenant, other_tenant, django_assert_num_queries, panel
):
    client.force_login(tenant.coordinator)
    client.get(_panel(tenant, panel), **HTMX)
    with django_assert_num_queries(PANEL_QUERIES[panel]):
        response = client.get(_panel(tenant, panel), **HTMX)
    fragment = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in fragment and f'id="panel-{panel}"' in fragment
    assert_absent(other_tenant, fragment)
    if panel != "gaps":
        assert "data-pick" in fragment
        assert f'<option value="{tenant.activity.pk}">Ride share</option>' in fragment
    if panel == "problems":
        assert f"The {tenant.marker} ferry is closed" in fragment
    if panel == "allies":
        assert f"Health {tenant.marker}" in fragment
    # Without JavaScript: the same panel on a page of its own, with the way back.
    page = client.get(_panel(tenant, panel)).content.decode()
    assert "<html" in page and f'id="panel-{panel}"' in page
    assert f'href="{_builder(tenant)}"' in page
    assert_absent(other_tenant, page)


def test_a_panel_is_for_the_process_facilitators_only(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    url = _panel(tenant, "problems")
    assert client.get(url, **HTMX).status_code in (302, 403)  # anonymous
    client.force_login(other_tenant.coordinator)
    assert client.get(url, **HTMX).status_code == 403
    client.force_login(tenant.coordinator)
    assert client.get(_panel(tenant, "nothing")).status_code == 404


def test_linking_from_a_panel_page_goes_back_to_the_activity(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    client.force_login(tenant.coordinator)
    page = client.get(_panel(tenant, "problems")).content.decode()
    assert f'action="{reverse("plans:link", args=["alder", "2027"])}"' in page
    ferry = next(c for c in tenant.contributions if tenant.marker in c.text)
    before = tenant.activity.links.count()
    response = client.post(
        reverse("plans:link", args=["alder", "2027"]),
        {"kind": "evidence", "activity": tenant.activity.pk, "contributions": [ferry.pk]},
    )
    assert response.status_code == 302
    assert response.url == _builder(tenant) + f"#activity-{tenant.activity.pk}"
    assert tenant.activity.links.count() == before + 1
