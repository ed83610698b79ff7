"""Forms and query strings that are not UTF-8 are refused with a clear 400 before Django decodes
them (it would store U+FFFD in their place); nothing is stored."""

import uuid

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from groundwork.communities.models import Role
from groundwork.communities.tests.factories import CommunityFactory, member
from groundwork.core.encoding import is_utf8_urlencoded
from groundwork.planning import services as planning
from groundwork.planning.models import Contribution


@pytest.mark.django_db
def test_an_answer_with_invalid_utf8_is_refused_and_nothing_is_stored(client):
    processes = []
    for slug in ("alder", "birch"):
        community = CommunityFactory(slug=slug)
        coordinator = member(community, Role.COORDINATOR)
        processes.append(
            planning.process_create(
                actor=coordinator, community=community, title=f"{slug} 2027", slug="2027"
            )
        )
    url = reverse("planning:answer", args=["alder", "2027"])
    body = f"idempotency_key={uuid.uuid4().hex}&answer_problems=Caf%E9+closed".encode()
    client.cookies["django_language"] = "es"
    response = client.post(url, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert "no son texto válido (UTF-8)" in response.content.decode()
    assert not Contribution.objects.exists()
    # Raw bytes (not %-escaped) are refused too; valid UTF-8 goes through.
    raw = b"idempotency_key=k2&answer_problems=Caf\xe9"
    assert (
        client.post(url, raw, content_type="application/x-www-form-urlencoded").status_code == 400
    )
    good = b"idempotency_key=k3&answer_problems=Caf%C3%A9+cerrado"
    assert (
        client.post(url, good, content_type="application/x-www-form-urlencoded").status_code == 302
    )
    assert list(Contribution.objects.values_list("text", flat=True)) == ["Café cerrado"]


@pytest.mark.django_db
def test_a_query_string_with_invalid_utf8_or_a_nul_is_refused(client):
    assert client.get("/api/communities?q=%FF").status_code == 400
    refused = client.get("/api/communities?q=a%00b")
    assert refused.status_code == 400 and "NUL" in refused.json()["detail"]
    assert client.get("/?q=a%00b").status_code == 400
    assert client.get("/?q=%C3%A9").status_code == 200


@given(st.text())
def test_any_text_encoded_as_utf8_passes_unless_it_holds_a_nul(text):  # type: ignore[no-untyped-def]
    from urllib.parse import quote_plus

    assert is_utf8_urlencoded(f"field={quote_plus(text)}".encode()) is ("\x00" not in text)


@given(st.binary())
def test_bytes_pass_exactly_when_they_are_utf8_without_nul(data):  # type: ignore[no-untyped-def]
    from urllib.parse import quote_from_bytes

    try:
        valid = "\x00" not in data.decode("utf-8")
    except UnicodeDecodeError:
        valid = False
    assert is_utf8_urlencoded(b"field=" + quote_from_bytes(data).encode()) is valid
