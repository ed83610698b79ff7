"""A Pol.is upload that cannot be read says which uploaded file and line, in the reader's
language, and never where the server kept its temporary copy."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from groundwork.communities.models import Role
from groundwork.communities.tests.factories import CommunityFactory, member
from groundwork.deliberation.models import Conversation

# Every test runs beside a look-alike tenant: no response shows it, nothing of it changes.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("beside_other_tenant")]

VOTES = b"timestamp,datetime,comment-id,voter-id,vote\n1,x,0,0,1\n"


def _post(client, community, comments):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("deliberation:import", args=[community.slug]),
        {
            "title": "Imported",
            "slug": "imported",
            "comments": SimpleUploadedFile("alder-comments.csv", comments),
            "votes": SimpleUploadedFile("alder-votes.csv", VOTES),
        },
    )


@pytest.mark.parametrize("language", ["en", "es"])
def test_an_unreadable_upload_names_the_uploaded_file_not_a_server_path(
    client, language, other_tenant
):
    community = CommunityFactory(slug="alder")
    client.force_login(member(community, Role.COORDINATOR))
    client.cookies["django_language"] = language
    broken = b"timestamp,datetime,comment-id\n1,2\n"  # a header without the needed columns
    page = _post(client, community, broken).content.decode()
    assert "alder-comments.csv" in page
    assert "/tmp" not in page and "tmp" not in page.split("alder-comments.csv")[0][-80:]
    assert "comments.csv:" not in page  # not polis_io's English message
    expected = "No se pudo leer" if language == "es" else "could not be read"
    assert expected in page
    not_utf8 = _post(client, community, b"\xff\xfe\x00bad").content.decode()
    assert "alder-comments.csv" in not_utf8 and "/tmp" not in not_utf8
    assert list(Conversation.objects.all()) == [other_tenant.conversation]  # only the other's
