"""A light first load: the answer form, opened with an empty cache, transfers at most 150 kB.

Static files are served as `make run` and production serve them: collected with WhiteNoise's
compressed storage (gzip and Brotli copies) and answered by WhiteNoise's middleware. The usual
live server answers /static/ with Django's development handler, which never compresses, so
this test starts its own live server without that handler, on a folder collected once for
the module.
"""

import sys
import threading
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connections
from django.test import override_settings
from django.test.testcases import LiveServerThread

from groundwork.communities.models import Role
from groundwork.communities.tests.factories import CommunityFactory, member
from groundwork.planning import services as planning_services

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from firstload import measure_first_load  # noqa: E402

pytestmark = pytest.mark.django_db(transaction=True)

BUDGET = 150_000  # bytes over the wire, headers included


def _whitenoise_settings(static_root: Path) -> dict[str, object]:
    return {
        "STATIC_ROOT": static_root,
        "STORAGES": {
            **django_settings.STORAGES,
            "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
        },
        "WHITENOISE_USE_FINDERS": False,
        "WHITENOISE_AUTOREFRESH": False,
    }


@pytest.fixture(scope="module")
def collected_static(tmp_path_factory):  # type: ignore[no-untyped-def]
    """The static files collected once for the module (compressing them takes the time)."""
    static_root = tmp_path_factory.mktemp("firstload") / "static"
    with override_settings(**_whitenoise_settings(static_root)):
        call_command("collectstatic", "--noinput", verbosity=0)
    return static_root


@pytest.fixture
def whitenoise_server(settings, collected_static):  # type: ignore[no-untyped-def]
    for name, value in _whitenoise_settings(collected_static).items():
        setattr(settings, name, value)
    shared = {}
    for connection in connections.all():
        if connection.vendor == "sqlite" and connection.is_in_memory_db():
            shared[connection.alias] = connection
            connection.inc_thread_sharing()
    # No static handler: requests for /static/ go through the middleware, WhiteNoise first.
    thread = LiveServerThread("127.0.0.1", lambda app: app, connections_override=shared, port=0)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield f"http://127.0.0.1:{thread.port}"
    thread.terminate()
    thread.join()
    # Threads still closing a browser's connection close the shared database connection
    # too: let them finish before it stops being shared.
    for request_thread in threading.enumerate():
        if request_thread.name.endswith("(process_request_thread)"):
            request_thread.join(timeout=10)
    for connection in shared.values():
        connection.dec_thread_sharing()


@pytest.fixture
def processes():  # type: ignore[no-untyped-def]
    found = []
    for slug in ("alder", "cedar"):
        community = CommunityFactory(name=slug.title(), slug=slug, is_public=True)
        found.append(
            planning_services.process_create(
                actor=member(community, Role.COORDINATOR),
                community=community,
                title=f"Plan {slug}",
                slug="plan",
            )
        )
    return found


def test_answer_form_first_load_is_at_most_150_kb(browser, whitenoise_server, processes):  # type: ignore[no-untyped-def]
    result = measure_first_load(browser, whitenoise_server + "/c/alder/p/plan/answer/")
    rows = {row["url"]: row for row in result["responses"]}
    report = "\n".join(
        f"{r['bytes']:>8} {r['status']} {r['encoding'] or '-'} {r['url']}"
        for r in result["responses"]
    )
    uswds = next(r for url, r in rows.items() if "uswds" in url and url.endswith(".css"))
    assert uswds["encoding"] in ("gzip", "br"), report
    assert all(row["status"] < 400 for row in result["responses"]), report
    assert any("favicon" in url for url in rows), report
    assert result["total_bytes"] <= BUDGET, f"{result['total_bytes']} bytes:\n{report}"


def test_home_first_load_is_at_most_150_kb_and_favicon_ico_is_served(
    browser, whitenoise_server, processes
):  # type: ignore[no-untyped-def]
    result = measure_first_load(browser, whitenoise_server + "/")
    report = "\n".join(f"{r['bytes']:>8} {r['status']} {r['url']}" for r in result["responses"])
    assert result["total_bytes"] <= BUDGET, f"{result['total_bytes']} bytes:\n{report}"
    context = browser.new_context()
    try:
        response = context.request.get(whitenoise_server + "/favicon.ico")
        assert response.status == 200
        assert response.headers["content-type"] in ("image/x-icon", "image/vnd.microsoft.icon")
        assert len(response.body()) < 2_000
    finally:
        context.close()
