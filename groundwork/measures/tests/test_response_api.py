"""Survey responses through the API: the survey's own rules (one per link, required answers),
retry-safe, each respondent reference its own "link", and nothing on the other tenant's look-alike
survey."""

import pytest

from groundwork.api import services as api_services
from groundwork.communities.models import Role
from groundwork.communities.tests.factories import member
from groundwork.core.testing import unchanged
from groundwork.measures.models import Answer, ItemKind, Response
from groundwork.measures.tests.factories import InstrumentFactory, ItemFactory, SectionFactory

pytestmark = pytest.mark.django_db


def _survey(tenant):  # type: ignore[no-untyped-def]
    instrument = InstrumentFactory(network=None, community=tenant.community)
    section = SectionFactory(instrument=instrument)
    ItemFactory(section=section, kind=ItemKind.NUMBER, required=True, min_value=0, max_value=10)
    return instrument


def _headers(user, key: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    _token, secret = api_services.api_token_create(user=user, name="kiosk")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}", "HTTP_IDEMPOTENCY_KEY": key}


def test_responses_follow_the_surveys_rules(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    mine, theirs = _survey(tenant), _survey(other_tenant)
    item = mine.items.get()
    kiosk = member(tenant.community, Role.MEMBER)
    url = f"/api/surveys/{mine.slug}/responses"

    def send(key: str, body):  # type: ignore[no-untyped-def]
        return client.post(url, body, content_type="application/json", **_headers(kiosk, key))

    with unchanged(other_tenant):
        first = send("r-1", {"respondent": "visitor-1", "answers": {str(item.pk): "7"}})
        replay = send("r-1", {"respondent": "visitor-1", "answers": {str(item.pk): "7"}})
        # The same visitor again (a new key): one response per link, refused, nothing stored.
        again = send("r-2", {"respondent": "visitor-1", "answers": {str(item.pk): "8"}})
        other = send("r-3", {"respondent": "visitor-2", "answers": {str(item.pk): "3"}})
        missing = send("r-4", {"respondent": "visitor-3", "answers": {}})
    assert first.status_code == 201, first.content
    assert replay.status_code == 201 and replay.json() == first.json()
    assert again.status_code == 422
    assert other.status_code == 201
    assert missing.status_code == 422
    assert Response.objects.filter(instrument=mine).count() == 2
    assert sorted(Answer.objects.filter(item=item).values_list("number", flat=True)) == [3, 7]
    assert not Response.objects.filter(instrument=theirs).exists()
