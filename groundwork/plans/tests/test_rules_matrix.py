"""Who may do what with a plan, perm by perm, for every kind of visitor, beside a look-alike
tenant: the other community's coordinator is an outsider here. A permission given to everyone,
or to no one, or a rule that reads the wrong process, fails a row."""

import pytest

from groundwork.core.testing import FACILITATOR_ROLES, MEMBER_ROLES, ROLES, allowed, people_of

pytestmark = pytest.mark.django_db

EVERYONE = set(ROLES)
FACILITATING = {
    "plans.change_plan",
    "plans.post_progress",
    "plans.change_budget",
}
VIEWING = {"plans.view_plan", "plans.view_money", "plans.vote_budget"}
ALL = FACILITATING | VIEWING | {"plans.view_draft", "plans.endorse"}


@pytest.fixture
def people(tenant, other_tenant):  # type: ignore[no-untyped-def]
    return people_of(tenant, other_tenant)


def test_a_public_process_plan_is_seen_by_anyone_and_built_by_its_facilitators(people, tenant):  # type: ignore[no-untyped-def]
    plan = tenant.plan
    assert not plan.endorsement_open
    for perm in VIEWING:
        assert allowed(people, perm, plan) == EVERYONE, perm
    for perm in FACILITATING:
        assert allowed(people, perm, plan) == FACILITATOR_ROLES, perm
    # A closed draft: its facilitators only; nobody endorses it.
    assert allowed(people, "plans.view_draft", plan) == FACILITATOR_ROLES
    assert allowed(people, "plans.endorse", plan) == set()


def test_a_private_process_plan_is_for_the_community_members(people, tenant):  # type: ignore[no-untyped-def]
    tenant.process.is_public = False
    tenant.process.save()
    plan = tenant.plan
    for perm in VIEWING:
        assert allowed(people, perm, plan) == MEMBER_ROLES, perm
    for perm in FACILITATING:
        assert allowed(people, perm, plan) == FACILITATOR_ROLES, perm
    plan.endorsement_open = True
    assert allowed(people, "plans.view_draft", plan) == MEMBER_ROLES
    assert allowed(people, "plans.endorse", plan) == MEMBER_ROLES


def test_a_draft_open_for_endorsement_is_read_and_endorsed_by_whoever_sees_the_process(  # type: ignore[no-untyped-def]
    people, tenant, other_tenant
):
    plan = tenant.plan
    plan.endorsement_open = True
    assert allowed(people, "plans.view_draft", plan) == EVERYONE
    assert allowed(people, "plans.endorse", plan) == EVERYONE
    # The other tenant's open draft changes nothing here, and its coordinator builds only theirs.
    other_tenant.plan.endorsement_open = True
    assert people["outsider"].has_perm("plans.change_plan", other_tenant.plan)
    assert not people["coordinator"].has_perm("plans.change_plan", other_tenant.plan)


def test_no_plan_no_permission(people):  # type: ignore[no-untyped-def]
    for perm in ALL:
        assert allowed(people, perm, None) == set(), perm
