"""Forms and query strings that are not UTF-8 are refused with a clear 400 before Django decodes
them (it would store U+FFFD in their place); nothing is stored."""

import uuid

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from groundwork.communities.models import Role
from groundwork.communities.tests.factories import CommunityFactory, member
from groundwork.core.encoding import is_utf8_urlencoded, json_holds_nul
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


@pytest.mark.django_db
def test_an_api_write_with_a_nul_in_its_json_is_refused_and_nothing_is_stored(  # type: ignore[no-untyped-def]
    client, tenant, other_tenant
):
    import json

    from groundwork.api import services as api_services
    from groundwork.core.testing import unchanged

    _t, key = api_services.api_token_create(user=tenant.coordinator, name="nul")
    url = f"/api/communities/{tenant.label}/processes/2027/contributions"
    before = Contribution.objects.count()

    def send(text: str, idempotency_key: str):  # type: ignore[no-untyped-def]
        answers = [{"question": "problems", "text": text}]
        body = {"participant": "kiosk-1", "language": "en", "answers": answers}
        return client.post(
            url,
            json.dumps(body),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {key}",
            HTTP_IDEMPOTENCY_KEY=idempotency_key,
        )

    with unchanged(other_tenant):
        refused = send("No bus\x00 to the clinic", "k1")
        assert refused.status_code == 400 and "NUL" in refused.json()["detail"]
        assert Contribution.objects.count() == before
        # Known only once the caller is: an anonymous write is refused for want of a token.
        anonymous = client.post(url, json.dumps({"x": "\x00"}), content_type="application/json")
        assert anonymous.status_code == 401
        # A backslash followed by "u0000" is text like any other.
        stored = send("No bus \\u0000 to the clinic", "k2")
        assert stored.status_code == 201, stored.content
    assert Contribution.objects.filter(text="No bus \\u0000 to the clinic").count() == 1


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


def _strings(value):  # type: ignore[no-untyped-def]
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for name, item in value.items():
            yield name
            yield from _strings(item)


@given(json_values, st.booleans())
def test_a_json_body_holds_a_nul_exactly_when_one_of_its_strings_does(value, ascii_only):  # type: ignore[no-untyped-def]
    import json

    raw = json.dumps(value, ensure_ascii=ascii_only).encode()
    assert json_holds_nul(raw) is any("\x00" in text for text in _strings(value))
