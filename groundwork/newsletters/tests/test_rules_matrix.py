"""Who may read, join, run and start mailing lists, for every kind of visitor, beside a
look-alike tenant: a community's lists are run by its coordinators, a network's by its
stewards, and the other tenant's roles count for nothing here."""

import pytest

from groundwork.core.testing import MEMBER_ROLES, ROLES, allowed, people_with_stewards
from groundwork.newsletters.models import MailingList

pytestmark = pytest.mark.django_db

EVERYONE = set(ROLES)
READING = ("newsletters.view_list", "newsletters.subscribe")


@pytest.fixture
def people(tenant, other_tenant):  # type: ignore[no-untyped-def]
    return people_with_stewards(tenant, other_tenant)


def test_a_community_list_is_read_by_whoever_sees_the_community_and_run_by_its_coordinators(  # type: ignore[no-untyped-def]
    people, tenant
):
    news = MailingList.objects.create(community=tenant.community, slug="news", name_en="News")
    for perm in READING:
        assert allowed(people, perm, news) == EVERYONE, perm
    assert allowed(people, "newsletters.manage_list", news) == {"coordinator"}
    tenant.community.is_public = False
    tenant.community.save()
    news.refresh_from_db()
    for perm in READING:
        assert allowed(people, perm, news) == MEMBER_ROLES, perm
    assert allowed(people, "newsletters.manage_list", news) == {"coordinator"}


def test_a_network_list_is_read_by_anyone_and_run_by_the_network_stewards(people, tenant):  # type: ignore[no-untyped-def]
    news = MailingList.objects.create(network=tenant.network, slug="news", name_en="News")
    for perm in READING:
        assert allowed(people, perm, news) == EVERYONE, perm
    assert allowed(people, "newsletters.manage_list", news) == {"member"}


def test_lists_are_started_by_the_community_coordinators_or_the_network_stewards(  # type: ignore[no-untyped-def]
    people, tenant, other_tenant
):
    assert allowed(people, "newsletters.add_list", tenant.community) == {"coordinator"}
    assert allowed(people, "newsletters.add_list", tenant.network) == {"member"}
    assert allowed(people, "newsletters.add_list", other_tenant.community) == {"outsider"}
    assert allowed(people, "newsletters.add_list", other_tenant.network) == {"facilitator"}


def test_no_list_no_permission(people):  # type: ignore[no-untyped-def]
    for perm in (*READING, "newsletters.manage_list"):
        assert allowed(people, perm, None) == set(), perm
