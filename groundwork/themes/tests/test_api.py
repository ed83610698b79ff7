"""The themes router (see groundwork/themes/api.py), exercised on its own."""

import pytest
from django.contrib.auth.models import AnonymousUser
from ninja.testing import TestClient

from groundwork.communities.models import Role
from groundwork.communities.tests.factories import CommunityFactory, member
from groundwork.core.testing import assert_absent
from groundwork.planning import services as planning
from groundwork.themes import services
from groundwork.themes.api import router
from groundwork.themes.labels import show_in_language
from groundwork.themes.models import Theme
from groundwork.themes.tasks import themes_compute

from .data import ANSWERS, look_alike_themes, submit_all

# Every test runs beside a look-alike tenant: no response shows it, nothing of it changes.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("beside_other_tenant")]


def test_themes_are_listed_with_suppressed_counts_for_the_public(other_tenant):
    look_alike_themes(other_tenant)  # the same answers and themes in the other tenant
    community = CommunityFactory(name="Alder County")
    coordinator = member(community, Role.COORDINATOR)
    process = planning.process_create(
        actor=coordinator, community=community, title="Alder Together", slug="together"
    )
    submit_all(process)
    run = services.themes_request(actor=coordinator, question=process.questions.get(key="problems"))
    themes_compute.call(run_id=run.pk)
    client = TestClient(router)
    url = f"/communities/{community.slug}/processes/together/themes?question=problems"
    public = client.get(url, user=AnonymousUser()).json()
    facilitator = client.get(url, user=coordinator).json()
    # Each theme by its name in the viewer's language (a bilingual theme's stored label is the
    # name in the language most of its answers are in).
    stored = list(Theme.objects.filter(process=process, parent=None))
    show_in_language(stored, "en")
    assert {t["label"] for t in public} == {theme.label for theme in stored}
    ours = set(Theme.objects.filter(process=process).values_list("pk", flat=True))
    assert {t["id"] for t in facilitator} <= ours  # none of the other tenant's themes
    assert_absent(other_tenant, [public, facilitator])
    assert all(t["count"] is None or t["count"] > 10 for t in public)
    assert sum(t["count"] for t in facilitator) == ANSWERS
    spanish = client.get(url + "&language=es", user=coordinator).json()
    assert sum(t["count"] for t in spanish) == 16
    assert all(t["quotes"] for t in facilitator)
