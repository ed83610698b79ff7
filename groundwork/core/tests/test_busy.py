"""A request that finds the database locked gets a translated "busy, try again" page (503), and
the moderation form it interrupted can simply be sent again."""

import sys

import pytest
from django.db import OperationalError
from django.test import RequestFactory
from django.urls import reverse
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from groundwork.communities.models import Role
from groundwork.communities.tests.factories import CommunityFactory, member
from groundwork.core import views
from groundwork.core.models import AuditEvent
from groundwork.deliberation import services
from groundwork.deliberation.models import AnalysisRun, StatementModeration
from groundwork.planning import services as planning

pytestmark = pytest.mark.django_db


def _conversation(name: str):  # type: ignore[no-untyped-def]
    community = CommunityFactory(name=name)
    coordinator = member(community, Role.COORDINATOR)
    process = planning.process_create(
        actor=coordinator, community=community, title=f"{name} together", slug="together"
    )
    conversation = services.conversation_create(
        actor=coordinator, process=process, topic="What should we do first?"
    )
    for text in ("More buses to the clinic", "A youth center downtown"):
        services.statement_seed(
            actor=coordinator, conversation=conversation, text=text, language="en"
        )
    return conversation, coordinator


def _moderate_url(conversation, statement):  # type: ignore[no-untyped-def]
    return reverse(
        "deliberation:statement_moderate",
        args=[conversation.community.slug, conversation.process.slug, statement.pk],
    )


def test_a_locked_database_gives_a_translated_busy_page_and_the_retry_is_stored_once(
    client, monkeypatch
):
    ours, coordinator = _conversation("Alder County")
    theirs, _ = _conversation("Birch County")
    statement = ours.statements.order_by("pk").first()
    client.force_login(coordinator)
    client.cookies.load({"django_language": "es"})
    real_enqueue = DatabaseBackend.enqueue
    calls = {"n": 0}

    def locked_once(self, task, args, kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 1:  # storing the recomputation's task finds the database locked
            raise OperationalError("database is locked")
        return real_enqueue(self, task, args, kwargs)

    monkeypatch.setattr(DatabaseBackend, "enqueue", locked_once)
    data = {"state": StatementModeration.REJECTED, "reason": "Off topic"}

    busy = client.post(_moderate_url(ours, statement), data, HTTP_ACCEPT_LANGUAGE="es")
    assert busy.status_code == 503
    assert busy["Retry-After"].isdigit()
    page = busy.content.decode()
    assert 'lang="es"' in page
    assert "Ocupado" in page  # the Spanish heading
    statement.refresh_from_db()
    assert statement.moderation != StatementModeration.REJECTED  # nothing half-saved
    assert not AuditEvent.objects.filter(action="statement.moderated").exists()

    for _attempt in range(2):  # the retry, and a double submit of it
        sent = client.post(_moderate_url(ours, statement), data, HTTP_ACCEPT_LANGUAGE="es")
        assert sent.status_code == 302
    statement.refresh_from_db()
    assert statement.moderation == StatementModeration.REJECTED
    assert AuditEvent.objects.filter(action="statement.moderated").count() == 1
    # One recomputation queued, with its task, for this conversation only.
    assert AnalysisRun.objects.filter(conversation=ours).count() == 1
    assert not AnalysisRun.objects.filter(conversation=theirs).exists()
    assert DBTaskResult.objects.get().task_path.endswith("conversation_analyze")


def test_other_database_errors_are_not_called_busy(client, monkeypatch):
    ours, coordinator = _conversation("Alder County")
    _conversation("Birch County")
    statement = ours.statements.first()
    client.force_login(coordinator)

    def broken(**kwargs):  # type: ignore[no-untyped-def]
        raise OperationalError("no such table: deliberation_statement")

    monkeypatch.setattr(services, "statement_moderate", broken)
    with pytest.raises(OperationalError):
        client.post(_moderate_url(ours, statement), {"state": "rejected", "reason": "x"})


def test_a_lock_outside_a_view_gets_the_busy_page_too(rf: RequestFactory):
    request = rf.get("/")
    try:
        raise OperationalError("database is locked")
    except OperationalError:
        assert sys.exc_info()[0] is OperationalError
        response = views.server_error(request)
    assert response.status_code == 503
    try:
        raise RuntimeError("something else")
    except RuntimeError:
        assert views.server_error(request).status_code == 500


def test_the_api_answers_busy_in_json(client, monkeypatch):
    from groundwork.core.middleware import DatabaseBusyMiddleware

    request = RequestFactory().get("/api/v1/communities")
    response = DatabaseBusyMiddleware(lambda r: None).process_exception(  # type: ignore[arg-type]
        request, OperationalError("database is locked")
    )
    assert response is not None and response.status_code == 503
    assert response["Content-Type"] == "application/json"
