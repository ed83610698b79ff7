"""Existing partner organizations become HSDS organizations in place: every row, its fields,
its members and the plan activities that name it stay; each gets its own HSDS id."""

import pytest

from groundwork.core.testing import migrate_to, migrate_to_latest

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("communities", "0004_strategy_in_two_languages")]
AFTER = [("communities", "0005_organization_hsds")]
# Apps whose migrations need the later communities migration go back first (the referrals,
# the directory, and the measures' results, which belong to county and statewide goals and to
# plans); the plans' links to assets and services need the directory, so the plans app is held
# just before them.
LATER_APPS = ("referrals", "measures", "directory")
PLANS_BEFORE_DIRECTORY = ("plans", "0006_follow_double_opt_in")


@pytest.fixture(autouse=True)
def _back_to_the_latest_migrations():  # type: ignore[no-untyped-def]
    yield
    migrate_to_latest()


def _migrate(targets):  # type: ignore[no-untyped-def]
    plan_targets = list(targets)
    if targets == BEFORE:
        # Apps that depend on the later communities migration go back first.
        plan_targets = [
            PLANS_BEFORE_DIRECTORY,
            *((app, None) for app in LATER_APPS),
            *targets,
        ]
    return migrate_to(plan_targets)


def test_every_organization_is_kept_with_a_distinct_hsds_id():
    apps = _migrate(BEFORE)
    Community = apps.get_model("communities", "Community")
    Organization = apps.get_model("communities", "Organization")
    Membership = apps.get_model("communities", "Membership")
    User = apps.get_model("accounts", "User")
    kept = {}
    for slug in ("alder", "birch"):  # two tenants, the same organization name in both
        community = Community.objects.create(name=slug, slug=slug)
        for name, sector in [("Blue Heron Clinic", "health_care"), ("First Church", "faith")]:
            organization = Organization.objects.create(
                community=community,
                name=name,
                sector=sector,
                website="https://example.org/",
                description=f"{name} in {slug}",
            )
            kept[organization.pk] = (slug, name, sector, f"{name} in {slug}")
        user = User.objects.create(email=f"{slug}@example.org", name=slug)
        Membership.objects.create(
            community=community, user=user, role="partner", organization=organization
        )

    apps = _migrate(AFTER)
    Organization = apps.get_model("communities", "Organization")
    Membership = apps.get_model("communities", "Membership")
    after = {
        o.pk: (o.community.slug, o.name, o.sector, o.description)
        for o in Organization.objects.select_related("community")
    }
    assert after == kept
    ids = list(Organization.objects.values_list("hsds_id", flat=True))
    assert None not in ids and len(set(ids)) == len(ids) == 4
    assert sorted(Membership.objects.values_list("organization__name", flat=True)) == [
        "First Church",
        "First Church",
    ]
    assert set(Organization.objects.values_list("website", flat=True)) == {"https://example.org/"}
