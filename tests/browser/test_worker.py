"""What a resident sees when background work was interrupted, and when the database is busy:
in Spanish, on a narrow phone, without sideways scrolling, accessible."""

import pytest
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from groundwork.communities import selectors as community_selectors
from groundwork.deliberation import analysis
from groundwork.deliberation.models import AnalysisRun
from groundwork.deliberation.tasks import conversation_analyze_given_up

from .conftest import assert_accessible
from .test_deliberation import conversation  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db(transaction=True)


def _spanish_page(new_page, live_server, width):  # type: ignore[no-untyped-def]
    page = new_page(phone=True)
    page.set_viewport_size({"width": width, "height": 740})
    page.context.add_cookies([{"name": "django_language", "value": "es", "url": live_server.url}])
    return page


def _no_sideways_scroll(page) -> None:  # type: ignore[no-untyped-def]
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("width", [320, 360])
def test_results_page_says_the_latest_run_was_interrupted_and_keeps_the_last_good_one(
    new_page,
    live_server,
    conversation,  # noqa: F811 - the fixture imported above
    width,
):
    good = AnalysisRun.objects.create(conversation=conversation)
    analysis.run_compute(good)
    good.status = AnalysisRun.Status.DONE
    good.finished_at = timezone.now()
    good.save()
    lost = AnalysisRun.objects.create(conversation=conversation, status=AnalysisRun.Status.RUNNING)
    conversation_analyze_given_up(
        run_id=lost.pk, reason="Interrupted: the worker stopped during this task (3 attempts)."
    )

    page = _spanish_page(new_page, live_server, width)
    page.goto(
        reverse(
            "deliberation:results", args=[conversation.community.slug, conversation.process.slug]
        )
    )
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_text("El último análisis se interrumpió y no terminó")).to_be_visible()
    expect(page.get_by_role("rowheader", name="Grupo A")).to_be_visible()
    _no_sideways_scroll(page)
    assert_accessible(page)


@pytest.mark.parametrize("width", [320, 360])
def test_a_locked_database_shows_the_busy_page_in_spanish(
    new_page, live_server, monkeypatch, width
):
    def locked():  # type: ignore[no-untyped-def]
        raise OperationalError("database is locked")

    monkeypatch.setattr(community_selectors, "network_list", locked)
    page = _spanish_page(new_page, live_server, width)
    response = page.goto("/")
    assert response is not None and response.status == 503
    expect(
        page.get_by_role("heading", name="Ocupado, por favor inténtelo de nuevo")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Intentar de nuevo")).to_be_visible()
    _no_sideways_scroll(page)
    assert_accessible(page)
