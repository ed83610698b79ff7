"""Following a plan becomes a subscription to the plan's own list: every follow of both
tenants is carried over (address, account, language, dates, digest mark) under its id, so the
links already e-mailed keep working; going back restores the follows."""

from datetime import UTC, datetime

import pytest
from django.core import signing

from groundwork.core.testing import migrate_to, migrate_to_latest

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("plans", "0007_asset_and_service_links"), ("newsletters", "0001_initial")]
AFTER = [("plans", "0008_follow_to_lists")]
ASKED = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
CONFIRMED = datetime(2026, 5, 2, 12, 0, tzinfo=UTC)
DIGEST = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _back_to_the_latest_migrations():  # type: ignore[no-untyped-def]
    """Leave the database as every other test expects it: each app at its latest migration."""
    yield
    migrate_to_latest()


def _migrate(targets):  # type: ignore[no-untyped-def]
    return migrate_to(targets)


def test_follows_become_subscriptions_nothing_lost_and_back():
    apps = _migrate(BEFORE)
    Community = apps.get_model("communities", "Community")
    Process = apps.get_model("planning", "Process")
    Plan = apps.get_model("plans", "Plan")
    Follow = apps.get_model("plans", "Follow")
    User = apps.get_model("accounts", "User")
    user = User.objects.create(email="ana@example.org")
    before = {}
    for slug in ("alder", "birch"):  # two tenants alike
        community = Community.objects.create(name=slug, slug=slug)
        process = Process.objects.create(community=community, title=slug, slug="2027")
        plan = Plan.objects.create(community=community, process=process, title=f"{slug} plan")
        rows = [
            Follow.objects.create(
                community=community,
                plan=plan,
                email="ana@example.org",
                user=user,
                language="es",
                confirmation_sent_at=ASKED,
                confirmed_at=CONFIRMED,
                last_digest_at=DIGEST,
            ),
            Follow.objects.create(
                community=community,
                plan=plan,
                email="waiting@example.org",
                language="en",
                confirmation_sent_at=ASKED,
            ),
        ]
        Follow.objects.filter(plan=plan).update(created_at=ASKED)
        for row in rows:
            before[row.pk] = (
                plan.pk,
                community.pk,
                row.email,
                row.user_id,
                row.language,
                ASKED,
                row.confirmation_sent_at,
                row.confirmed_at,
                row.last_digest_at,
            )

    apps = _migrate(AFTER)
    Subscription = apps.get_model("newsletters", "Subscription")
    after = {
        s.pk: (
            s.mailing_list.plan_id,
            s.mailing_list.community_id,
            s.email,
            s.user_id,
            s.language,
            s.created_at,
            s.confirmation_sent_at,
            s.confirmed_at,
            s.last_digest_at,
        )
        for s in Subscription.objects.select_related("mailing_list")
    }
    assert after == before
    assert apps.get_model("newsletters", "MailingList").objects.count() == 2

    # A link e-mailed before the change still stops the e-mails.
    from groundwork.plans.models import FOLLOW_SALT
    from groundwork.plans.services import follow_from_token

    pk = next(pk for pk, row in before.items() if row[2] == "ana@example.org")
    token = signing.dumps({"f": pk, "e": "ana@example.org"}, salt=FOLLOW_SALT)
    assert follow_from_token(token).pk == pk
    # New subscriptions get ids past the copied ones (the sequence was moved on).
    from groundwork.newsletters.models import MailingList
    from groundwork.newsletters.models import Subscription as Live

    live = Live.objects.create(
        mailing_list=MailingList.objects.first(), email="new@example.org", language="en"
    )
    assert live.pk > max(before)
    live.delete()

    apps = _migrate(BEFORE)
    Follow = apps.get_model("plans", "Follow")
    back = {
        f.pk: (
            f.plan_id,
            f.community_id,
            f.email,
            f.user_id,
            f.language,
            f.created_at,
            f.confirmation_sent_at,
            f.confirmed_at,
            f.last_digest_at,
        )
        for f in Follow.objects.all()
    }
    assert back == before
