"""Webhooks, against a receiver running on this machine: signed deliveries of the chosen
events of the endpoint's own community only, each event once however often it is retried,
back-off on failure, a pause and an e-mail after a day of failures, and a replay from the
page's action."""

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from groundwork.api import webhooks
from groundwork.api.models import Webhook, WebhookDelivery
from groundwork.communities.models import Role
from groundwork.communities.tests.factories import member
from groundwork.core.errors import ApplicationError
from groundwork.plans import services as plans

pytestmark = pytest.mark.django_db


class Receiver:
    """A local endpoint that keeps what it receives (and can be told to fail)."""

    def __init__(self) -> None:
        self.received: list[dict] = []
        self.fail = False
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append(
                    {"path": self.path, "headers": dict(self.headers), "body": body}
                )
                self.send_response(500 if receiver.fail else 204)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"


@pytest.fixture
def receiver():  # type: ignore[no-untyped-def]
    found = Receiver()
    with override_settings(WEBHOOKS_ALLOW_HTTP=True, WEBHOOKS_ALLOW_PRIVATE=True):
        yield found
    found.server.shutdown()


def _example_receiver():  # type: ignore[no-untyped-def]
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[3] / "docs" / "examples" / "webhook_receiver.py"
    spec = importlib.util.spec_from_file_location("webhook_receiver", path)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def _run_deliveries() -> None:
    for pk in WebhookDelivery.objects.filter(status="pending").values_list("pk", flat=True):
        webhooks.deliver(pk)


def test_signed_deliveries_of_the_communitys_own_events(
    receiver, tenant, other_tenant, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    hook, secret = webhooks.webhook_create(
        actor=tenant.coordinator,
        community=tenant.community,
        url=receiver.url("/alder"),
        events=["plan.published", "plan.progress_posted"],
    )
    webhooks.webhook_create(
        actor=other_tenant.coordinator,
        community=other_tenant.community,
        url=receiver.url("/birch"),
        events=["plan.published"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        plans.plan_publish(actor=tenant.coordinator, plan=tenant.plan, note="First")
        plans.plan_publish(actor=other_tenant.coordinator, plan=other_tenant.plan, note="Theirs")
        plans.plan_update(actor=tenant.coordinator, plan=tenant.plan, title="Renamed")  # not chosen
    _run_deliveries()
    # Each endpoint hears its own community's event, once.
    by_path = {r["path"]: json.loads(r["body"]) for r in receiver.received}
    assert len(receiver.received) == 2 and set(by_path) == {"/alder", "/birch"}
    assert by_path["/birch"]["community"] == "birch"
    got = next(r for r in receiver.received if r["path"] == "/alder")
    body = json.loads(got["body"])
    assert body["event"] == "plan.published" and body["community"] == "alder"
    assert body["object"]["type"] == "plans.planversion"
    assert set(body) == {"id", "event", "created_at", "community", "object"}  # nothing personal
    assert got["headers"]["Groundwork-Delivery"] == body["id"]
    # The receiver in docs/examples checks it.
    example = _example_receiver()
    assert example.verify(secret, got["headers"]["Groundwork-Signature"], got["body"])
    assert not example.verify("whsec_x", got["headers"]["Groundwork-Signature"], got["body"])
    assert not example.verify("whsec_wrong", got["headers"]["Groundwork-Signature"], got["body"])
    # A signature replayed later than five minutes is refused by a receiver.
    late = timezone.now().timestamp() + 600
    assert not example.verify(secret, got["headers"]["Groundwork-Signature"], got["body"], now=late)
    delivery = WebhookDelivery.objects.get(webhook=hook)
    assert (delivery.status, delivery.attempts) == ("delivered", 1)
    # Sent again from the page: the same event id, so the receiver keeps it once.
    with django_capture_on_commit_callbacks(execute=False):
        webhooks.delivery_replay(actor=tenant.coordinator, delivery=delivery)
    _run_deliveries()
    assert len(receiver.received) == 3
    assert receiver.received[2]["path"] == "/alder"
    assert json.loads(receiver.received[2]["body"])["id"] == body["id"]


def test_failures_back_off_then_pause_and_tell_the_owner(
    receiver, tenant, other_tenant, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    hook, _secret = webhooks.webhook_create(
        actor=tenant.coordinator,
        community=tenant.community,
        url=receiver.url("/down"),
        events=["plan.published"],
    )
    receiver.fail = True
    with django_capture_on_commit_callbacks(execute=True):
        plans.plan_publish(actor=tenant.coordinator, plan=tenant.plan, note="First")
    delivery = WebhookDelivery.objects.get(webhook=hook)
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=False) as queued:
        assert webhooks.deliver(delivery.pk) == "pending"
    assert len(queued) == 1  # the next attempt, queued to run later
    delivery.refresh_from_db()
    assert delivery.attempts == 1 and delivery.last_status == 500
    assert timedelta(seconds=29) < delivery.next_attempt_at - before <= timedelta(seconds=31)
    assert webhooks.backoff(2) == timedelta(seconds=60)
    assert webhooks.backoff(30) == timedelta(hours=6)
    # A day of failures: paused, its owner told, nothing queued.
    Webhook.objects.filter(pk=hook.pk).update(failing_since=timezone.now() - timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=False) as queued:
        webhooks.deliver(delivery.pk)
    assert queued == []
    hook.refresh_from_db()
    assert hook.paused_at is not None
    assert mail.outbox[-1].to == [tenant.coordinator.email]
    assert hook.url in mail.outbox[-1].body
    # Back up: resumed and replayed, it is delivered.
    receiver.fail = False
    webhooks.webhook_resume(actor=tenant.coordinator, webhook=hook)
    with django_capture_on_commit_callbacks(execute=False):
        webhooks.delivery_replay(actor=tenant.coordinator, delivery=delivery)
    assert webhooks.deliver(delivery.pk) == "delivered"


def test_who_and_where_endpoints_may_be(tenant, other_tenant):  # type: ignore[no-untyped-def]
    with pytest.raises(ApplicationError, match="https"):
        webhooks.webhook_create(
            actor=tenant.coordinator,
            community=tenant.community,
            url="http://example.org/hook",
            events=["plan.published"],
        )
    with pytest.raises(ApplicationError, match="private"):
        webhooks.webhook_create(
            actor=tenant.coordinator,
            community=tenant.community,
            url="https://127.0.0.1/hook",
            events=["plan.published"],
        )
    for person in (other_tenant.coordinator, member(tenant.community, Role.FACILITATOR)):
        with pytest.raises(ApplicationError):
            webhooks.webhook_create(
                actor=person,
                community=tenant.community,
                url="https://127.0.0.1/hook",
                events=["plan.published"],
            )
    with (
        pytest.raises(ApplicationError, match="event"),
        override_settings(WEBHOOKS_ALLOW_PRIVATE=True),
    ):
        webhooks.webhook_create(
            actor=tenant.coordinator,
            community=tenant.community,
            url="https://127.0.0.1/hook",
            events=["referral.created"],  # never offered: referrals are nobody else's business
        )
    assert not Webhook.objects.exists()


def _steward(network):  # type: ignore[no-untyped-def]
    from groundwork.communities.tests.factories import UserFactory

    person = UserFactory()
    network.stewards.add(person)
    return person


def test_a_networks_endpoint_hears_every_community_of_the_network_only(
    receiver, tenant, other_tenant, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    from groundwork.communities.tests.factories import CommunityFactory
    from groundwork.core.services import audit_record

    neighbour = CommunityFactory(slug="alder-neighbour", network=tenant.network)
    steward = _steward(tenant.network)
    hook, _secret = webhooks.webhook_create(
        actor=steward,
        network=tenant.network,
        url=receiver.url("/state"),
        events=["plan.published"],
    )
    assert hook.owner == tenant.network and hook.community is None
    webhooks.webhook_create(
        actor=tenant.coordinator,
        community=tenant.community,
        url=receiver.url("/alder"),
        events=["plan.published"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        plans.plan_publish(actor=tenant.coordinator, plan=tenant.plan, note="First")
        audit_record(action="plan.published", community=neighbour, actor_label="test")
        plans.plan_publish(actor=other_tenant.coordinator, plan=other_tenant.plan, note="Theirs")
    _run_deliveries()
    heard = sorted((r["path"], json.loads(r["body"])["community"]) for r in receiver.received)
    # The network's endpoint: both of its communities; the community's: its own; the other
    # network's community: nobody here.
    assert heard == [("/alder", "alder"), ("/state", "alder"), ("/state", "alder-neighbour")]
    # One event, two endpoints: the same event id for both.
    ids = {json.loads(r["body"])["id"] for r in receiver.received if "alder" in str(r["body"])}
    assert len(ids) == 2


def test_only_the_networks_stewards_manage_its_endpoints(tenant, other_tenant):  # type: ignore[no-untyped-def]
    steward = _steward(tenant.network)
    their_steward = _steward(other_tenant.network)
    with override_settings(WEBHOOKS_ALLOW_PRIVATE=True):
        for person in (tenant.coordinator, their_steward):
            with pytest.raises(ApplicationError, match="network.s staff"):
                webhooks.webhook_create(
                    actor=person,
                    network=tenant.network,
                    url="https://127.0.0.1/hook",
                    events=["plan.published"],
                )
        with pytest.raises(ApplicationError, match="one community or one network"):
            webhooks.webhook_create(
                actor=steward,
                community=tenant.community,
                network=tenant.network,
                url="https://127.0.0.1/hook",
                events=["plan.published"],
            )
        hook, _secret = webhooks.webhook_create(
            actor=steward,
            network=tenant.network,
            url="https://127.0.0.1/hook",
            events=["plan.published"],
        )
    with pytest.raises(ApplicationError):
        webhooks.webhook_delete(actor=their_steward, webhook=hook)
    webhooks.webhook_delete(actor=steward, webhook=hook)
    assert Webhook.objects.get().deleted_at is not None


def test_the_networks_webhooks_page(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    steward = _steward(tenant.network)
    their_steward = _steward(other_tenant.network)
    url = f"/networks/{tenant.network.slug}/webhooks/"
    for person, status in ((tenant.coordinator, 403), (their_steward, 403), (steward, 200)):
        client.force_login(person)
        assert client.get(url).status_code == status
    client.force_login(steward)
    network_page = client.get(f"/networks/{tenant.network.slug}/").content.decode()
    assert url in network_page
    with override_settings(WEBHOOKS_ALLOW_PRIVATE=True):
        made = client.post(url, {"url": "https://127.0.0.1/state", "events": ["plan.published"]})
    assert made.status_code == 200 and "whsec_" in made.content.decode()
    hook = Webhook.objects.get()
    assert hook.network == tenant.network
    # Not on the community's own page; not reachable through the other network's address.
    client.force_login(tenant.coordinator)
    assert "127.0.0.1/state" not in client.get(f"/c/{tenant.label}/webhooks/").content.decode()
    client.force_login(their_steward)
    their = f"/networks/{other_tenant.network.slug}/webhooks/{hook.pk}/"
    assert client.post(their, {"action": "delete"}).status_code == 404
    client.force_login(steward)
    gone = client.post(f"{url}{hook.pk}/", {"action": "delete"})
    assert gone.status_code == 302 and gone["Location"] == url
    hook.refresh_from_db()
    assert hook.deleted_at is not None


def test_an_event_of_a_community_without_endpoints_costs_one_query(
    tenant, other_tenant, django_assert_num_queries
):  # type: ignore[no-untyped-def]
    from groundwork.core.services import audit_record

    with override_settings(WEBHOOKS_ALLOW_PRIVATE=True):
        webhooks.webhook_create(
            actor=other_tenant.coordinator,
            community=other_tenant.community,
            url="https://127.0.0.1/birch",
            events=["plan.published"],
        )
    event = audit_record(action="plan.published", community=tenant.community, actor_label="t")
    with django_assert_num_queries(1):
        assert webhooks.fan_out(event.pk, tenant.community.pk) == 0
    assert not WebhookDelivery.objects.exists()
