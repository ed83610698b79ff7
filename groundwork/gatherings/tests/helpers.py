from datetime import timedelta
from typing import Any

from django.test import TestCase
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from groundwork.communities.tests.factories import UserFactory
from groundwork.gatherings import services
from groundwork.gatherings.models import Gathering


def steward(network: Any) -> Any:
    user = UserFactory()
    network.stewards.add(user)
    return user


def make_gathering(owner: Any, actor: Any, **fields: Any) -> Gathering:
    starts = fields.pop("starts_at", timezone.now() + timedelta(days=3))
    values = {
        "title": "Peer connection",
        "title_es": "Conexión entre pares",
        "kind": "peer",
        "mode": "online",
        "online_url": "https://meet.example.org/peer",
        "language": "en",
        "interpretation_language": "es",
        "starts_at": starts,
        "ends_at": starts + timedelta(minutes=90),
        "time_zone": "America/New_York",
    }
    values.update(fields)
    return services.gathering_save(actor=actor, owner=owner, **values)


def committed():  # type: ignore[no-untyped-def]
    """Run the on-commit callbacks (enqueueing e-mails) of what happens inside."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def run_queued_tasks() -> list[Any]:
    """Run what the worker would run now (ready tasks), in order; returns their results."""
    results = []
    for row in DBTaskResult.objects.ready().order_by("enqueued_at"):
        task = row.task
        results.append(task.call(*row.args_kwargs["args"], **row.args_kwargs["kwargs"]))
        row.delete()
    return results
