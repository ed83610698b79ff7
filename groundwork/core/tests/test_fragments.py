"""The facilitator pages' fragments kept in the cache (groundwork.core.fragments): served again
without their queries, a write is visible on the next request, a fragment rendered for one
role class is never served to another, one tenant's never to another tenant, and no fragment
holds a CSRF token."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from groundwork.communities.models import Role
from groundwork.communities.tests.factories import member
from groundwork.core.pagecache import CSRF_PLACEHOLDER
from groundwork.core.testing import assert_absent, assert_present
from groundwork.core.tests.test_pagecache import _answers_write, _themes_write

pytestmark = pytest.mark.django_db


def _kw(tenant: Any) -> dict[str, str]:
    return {"slug": tenant.community.slug, "process_slug": tenant.process.slug}


def _client(user: Any) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def _get(client: Client, path: str) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response.content.decode(), len(ctx.captured_queries)


def _untokened(html: str) -> str:
    """The page without its CSRF tokens (masked afresh in every response)."""
    return re.sub(r"[A-Za-z0-9]{64}", "TOKEN", html)


def _reach_write(tenant: Any) -> str:
    from groundwork.planning.models import Process

    # A queryset's update sends no signal: the generation is bumped all the same.
    Process.objects.filter(pk=tenant.process.pk).update(title="Footbridge 2027")
    return "Footbridge 2027"


def _builder_write(tenant: Any) -> str:
    from groundwork.plans import services as plans

    plans.activity_save(
        actor=tenant.coordinator,
        plan=tenant.plan,
        activity=tenant.activity,
        goal=tenant.goal,
        title="Ride share to the footbridge",
        lead_name="Ana",
    )
    return "Ride share to the footbridge"


# name: (path, write returning the words it adds, words only a coordinator is shown, or "" for
# a page a plain member may not open)
PAGES: dict[str, tuple[Callable[[Any], str], Callable[[Any], str], str]] = {
    "reach": (
        lambda t: reverse("planning:reach", kwargs=_kw(t)),
        _reach_write,
        "Enter or import population figures",
    ),
    "answers": (
        lambda t: reverse("planning:contributions", kwargs=_kw(t)) + "?question=problems",
        _answers_write,
        "Reason for hiding",
    ),
    "themes": (
        lambda t: reverse("themes:list", kwargs=_kw(t)) + "?question=problems",
        _themes_write,
        "Find themes",
    ),
    "builder": (lambda t: reverse("plans:builder", kwargs=_kw(t)), _builder_write, ""),
}


@pytest.mark.parametrize("page", PAGES)
def test_served_again_and_a_write_is_visible_on_the_next_request(
    page: str, tenant: Any, other_tenant: Any
) -> None:
    path_of, write, _ = PAGES[page]
    client = _client(tenant.coordinator)
    first, first_queries = _get(client, path_of(tenant))
    again, again_queries = _get(client, path_of(tenant))
    assert _untokened(again) == _untokened(first)
    assert again_queries < first_queries, (first_queries, again_queries)
    words = write(tenant)
    assert words not in first
    after, _ = _get(client, path_of(tenant))
    assert words in after
    # The other tenant's page, at the same process slug, is its own.
    theirs, _ = _get(_client(other_tenant.coordinator), path_of(other_tenant))
    assert words not in theirs
    assert_absent(tenant, theirs)


@pytest.mark.parametrize("page", PAGES)
def test_one_tenant_is_never_served_the_other_tenants_fragment(
    page: str, tenant: Any, other_tenant: Any
) -> None:
    from groundwork.themes.models import Theme

    path_of, _, _ = PAGES[page]
    for t in (tenant, other_tenant):  # look-alike themes, each naming its tenant
        question = t.process.questions.get(key="problems")
        Theme.objects.create(
            process=t.process, question=question, key="t1", label=f"The {t.marker}", size=3
        )
    mine = _client(tenant.coordinator)
    theirs = _client(other_tenant.coordinator)
    for _ in range(2):  # a miss, then a hit, for each tenant
        page_a, _q = _get(mine, path_of(tenant))
        page_b, _q = _get(theirs, path_of(other_tenant))
        if page == "reach":  # counts only: the tenant's name is in its breadcrumb
            assert tenant.community.name in page_a
            assert other_tenant.community.name in page_b
        else:
            assert_present(tenant, page_a)
            assert_present(other_tenant, page_b)
        assert_absent(other_tenant, page_a)
        assert_absent(tenant, page_b)
    # Each in the other's community is nobody in particular: a public page without the
    # controls its own coordinator sees, or no page at all (the builder).
    coordinator_only = PAGES[page][2]
    for client, community_of in ((mine, other_tenant), (theirs, tenant)):
        response = client.get(path_of(community_of))
        if coordinator_only:
            assert response.status_code == 200
            assert coordinator_only not in response.content.decode()
        else:
            assert response.status_code in (403, 404)


@pytest.mark.parametrize("page", PAGES)
def test_a_fragment_of_one_role_class_is_never_served_to_another(page: str, tenant: Any) -> None:
    path_of, _, coordinator_only = PAGES[page]
    path = path_of(tenant)
    coordinator, _ = _get(_client(tenant.coordinator), path)
    plain = _client(member(tenant.community, Role.MEMBER))
    if not coordinator_only:  # only those who may change the plan open the builder
        assert plain.get(path).status_code == 403
        return
    assert coordinator_only in coordinator
    for _ in range(2):
        shown, _ = _get(plain, path)
        assert coordinator_only not in shown
    # And the other way round: a member's fragment first, then the coordinator's.
    cache.clear()
    _get(plain, path)
    assert coordinator_only in _get(_client(tenant.coordinator), path)[0]


@pytest.mark.parametrize("page", PAGES)
def test_no_fragment_holds_a_csrf_token(page: str, tenant: Any, monkeypatch: Any) -> None:
    from groundwork.core import fragments

    stored: dict[str, str] = {}
    real_set = fragments.cache.set

    def keep(key: str, value: Any, *args: Any, **kwargs: Any) -> None:
        if key.startswith("fragment:"):  # not the session, kept in the same cache
            stored[key] = value
        real_set(key, value, *args, **kwargs)

    monkeypatch.setattr(fragments.cache, "set", keep)
    client = _client(tenant.coordinator)
    shown, _ = _get(client, path_of := PAGES[page][0](tenant))
    shown_again, _ = _get(client, path_of)
    token = client.cookies["csrftoken"].value
    assert len(stored) == 1
    (html,) = stored.values()
    assert token not in html
    assert CSRF_PLACEHOLDER not in shown and CSRF_PLACEHOLDER not in shown_again
    if "csrfmiddlewaretoken" in html:  # its forms carry the placeholder, pages a real token
        assert CSRF_PLACEHOLDER in html
        assert re.search(r'name="csrfmiddlewaretoken" value="[A-Za-z0-9]{64}"', shown_again)
