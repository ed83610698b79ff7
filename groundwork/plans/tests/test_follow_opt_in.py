"""Following a plan by e-mail is double opt-in: the address gets a signed link to confirm, in
the language of the request, and nothing else until it is confirmed; requests expire; the page
never tells whether an address already follows."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from groundwork.communities.models import Role
from groundwork.communities.tests.factories import CommunityFactory, member
from groundwork.core.models import AuditEvent
from groundwork.planning import services as planning
from groundwork.plans import services
from groundwork.plans.models import Follow
from groundwork.plans.tasks import plan_digest_send

pytestmark = pytest.mark.django_db


@pytest.fixture
def plans():  # type: ignore[no-untyped-def]
    """Two communities with a published plan each."""
    made = []
    for slug in ("alder", "birch"):
        community = CommunityFactory(slug=slug)
        coordinator = member(community, Role.COORDINATOR)
        process = planning.process_create(
            actor=coordinator, community=community, title=f"{slug} 2027", slug="2027"
        )
        plan = services.plan_create(actor=coordinator, process=process, title=f"{slug} plan")
        goal = services.goal_save(actor=coordinator, plan=plan, title="Care")
        activity = services.activity_save(actor=coordinator, plan=plan, goal=goal, title="Rides")
        services.plan_publish(actor=coordinator, plan=plan)
        made.append((plan, coordinator, activity))
    return made


def follow_url(plan):  # type: ignore[no-untyped-def]
    return reverse("plans:follow", args=[plan.process.community.slug, plan.process.slug])


def confirm_path(message):  # type: ignore[no-untyped-def]
    link = next(line for line in message.body.splitlines() if "/plans/follow/confirm/" in line)
    return "/" + link.strip().split("/", 3)[3]


def post_update(coordinator, activity, note):  # type: ignore[no-untyped-def]
    services.progress_post(
        actor=coordinator,
        activity=activity,
        on_date=timezone.localdate(),
        progress=30,
        status="under_way",
        note=note,
    )


def test_nothing_is_sent_before_the_address_confirms(plans, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    (plan, coordinator, activity), (other_plan, _, _) = plans
    client = Client()
    client.cookies["django_language"] = "es"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(follow_url(plan), {"email": "luz@example.org"})
    assert response.status_code == 302
    follow = Follow.objects.get()
    assert follow.confirmed_at is None and follow.plan == plan
    # One e-mail: the confirmation, in the requester's language, with a signed link.
    (confirmation,) = mail.outbox
    assert confirmation.to == ["luz@example.org"]
    assert "Confirme" in confirmation.subject and "abra este enlace" in confirmation.body
    path = confirm_path(confirmation)
    # No digest goes to an unconfirmed address.
    post_update(coordinator, activity, "First rides given")
    since = (timezone.now() - timedelta(days=1)).isoformat()
    assert plan_digest_send.call(plan_id=plan.pk, since_iso=since, base_url="") == 0
    assert len(mail.outbox) == 1
    # Opening the link asks; the button confirms; a second confirmation changes nothing.
    assert "¿Enviar las novedades" in client.get(path).content.decode()
    assert Follow.objects.get().confirmed_at is None
    assert "Confirmado" in client.post(path).content.decode()
    confirmed_at = Follow.objects.get().confirmed_at
    assert confirmed_at is not None
    assert "Confirmado" in client.post(path).content.decode()
    assert Follow.objects.get().confirmed_at == confirmed_at
    assert AuditEvent.objects.filter(action="plan.followed").count() == 1
    # Updates after the confirmation go out; the other community's plan has no followers.
    post_update(coordinator, activity, "More rides")
    assert plan_digest_send.call(plan_id=plan.pk, since_iso=since, base_url="") == 1
    assert "More rides" in mail.outbox[-1].body
    assert plan_digest_send.call(plan_id=other_plan.pk, since_iso=since, base_url="") == 0


def test_a_forged_or_tampered_link_confirms_nothing(plans, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    (plan, _, _), _ = plans
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(follow_url(plan), {"email": "ana@example.org"})
    path = confirm_path(mail.outbox[0])
    follow = Follow.objects.get()
    # The unsubscribe token of the same follow is signed with another salt: not a confirmation.
    forged = reverse("plans:follow_confirm", kwargs={"token": follow.unsubscribe_token})
    assert "no longer works" in Client().post(forged).content.decode()
    assert "no longer works" in Client().post(path[:-4] + "xyz/").content.decode()
    assert Follow.objects.get().confirmed_at is None


def test_the_page_does_not_tell_whether_an_address_follows(
    plans, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    (plan, _, _), _ = plans
    follow = services.follow_create(plan=plan, email="ana@example.org", language="en")
    services.follow_confirm(follow=follow)
    with django_capture_on_commit_callbacks(execute=True):
        known = Client().post(follow_url(plan), {"email": "ana@example.org"}, follow=True)
        new = Client().post(follow_url(plan), {"email": "ben@example.org"}, follow=True)
    assert known.status_code == new.status_code == 200
    assert known.redirect_chain == new.redirect_chain
    message = "we sent a link to confirm"
    assert message in known.content.decode() and message in new.content.decode()
    # The follower gets nothing more (no second confirmation); the new address gets one.
    assert [m.to for m in mail.outbox] == [["ben@example.org"]]


def test_unconfirmed_requests_expire_and_are_removed_by_the_digest_command(
    plans, settings, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    (plan, _, _), (other_plan, _, _) = plans
    settings.FOLLOW_CONFIRM_DAYS = 7
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(follow_url(plan), {"email": "old@example.org"})
        Client().post(follow_url(other_plan), {"email": "new@example.org"})
    old_path = confirm_path(mail.outbox[0])
    confirmed = services.follow_create(plan=plan, email="kept@example.org", language="en")
    services.follow_confirm(follow=confirmed)
    eight_days_ago = timezone.now() - timedelta(days=8)
    Follow.objects.filter(email__in=["old@example.org", "kept@example.org"]).update(
        created_at=eight_days_ago, confirmation_sent_at=eight_days_ago
    )
    call_command("send_plan_digests", "--base-url", "https://gw.example")
    assert set(Follow.objects.values_list("email", flat=True)) == {
        "new@example.org",
        "kept@example.org",
    }
    assert AuditEvent.objects.filter(action="plan.follow_expired").count() == 1
    assert "no longer works" in Client().get(old_path).content.decode()


def test_an_expired_link_confirms_nothing_even_before_the_cleanup(
    plans, settings, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    from unittest import mock

    (plan, _, _), _ = plans
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(follow_url(plan), {"email": "late@example.org"})
    path = confirm_path(mail.outbox[0])
    later = timezone.now().timestamp() + 8 * 24 * 3600
    with mock.patch("django.core.signing.time", mock.Mock(time=lambda: later)):
        assert "no longer works" in Client().post(path).content.decode()
    assert Follow.objects.get().confirmed_at is None


def test_one_click_unsubscribe_still_works_for_confirmed_followers(plans):  # type: ignore[no-untyped-def]
    (plan, _, _), _ = plans
    follow = services.follow_confirm(
        follow=services.follow_create(plan=plan, email="ana@example.org", language="en")
    )
    assert Client().post(follow.get_unsubscribe_url()).status_code == 200
    assert not Follow.objects.exists()
