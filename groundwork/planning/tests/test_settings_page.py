"""Facilitators move a process through its phases and reword its questions; all or nothing."""

import pytest
from django.urls import reverse

from groundwork.communities.models import Role
from groundwork.communities.tests.factories import CommunityFactory, member
from groundwork.core.models import AuditEvent
from groundwork.planning import services
from groundwork.planning.models import PhaseKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def process():  # type: ignore[no-untyped-def]
    community = CommunityFactory()
    coordinator = member(community, Role.COORDINATOR)
    return services.process_create(
        actor=coordinator,
        community=community,
        title="Listening",
        slug="listening",
        areas=["Riverside"],
    )


def _form_data(process, **changes):  # type: ignore[no-untyped-def]
    data = {
        "title": process.title,
        "purpose": "",
        "is_public": "on",
        "current_phase": process.current_phase_id,
        "new_areas": "",
    }
    for phase in process.phases.all():
        data[f"phase-{phase.pk}-description"] = phase.description
    for question in process.questions.all():
        prefix = f"question-{question.key}"
        data.update(
            {
                f"{prefix}-text_en": question.text_en,
                f"{prefix}-text_es": question.text_es,
                f"{prefix}-help_en": question.help_en,
                f"{prefix}-help_es": question.help_es,
            }
        )
    data.update(changes)
    return data


def test_facilitator_changes_phase_rewords_a_question_and_adds_an_area(client, process):
    facilitator = member(process.community, Role.FACILITATOR)
    client.force_login(facilitator)
    url = reverse("planning:settings", args=[process.community.slug, process.slug])
    assert client.get(url).status_code == 200
    decide = process.phases.get(kind=PhaseKind.DECIDE)
    response = client.post(
        url,
        _form_data(
            process,
            current_phase=decide.pk,
            **{"question-allies-text_en": "Who outside could help us?"},
            new_areas="Mill Hill\nRiverside",
        ),
    )
    assert response.status_code == 302
    process.refresh_from_db()
    assert process.current_phase == decide
    assert not process.is_gathering
    assert process.questions.get(key="allies").text_en == "Who outside could help us?"
    assert list(process.areas.values_list("name", flat=True)) == ["Riverside", "Mill Hill"]
    event = AuditEvent.objects.get(action="process.updated")
    assert event.details == {"phase": "decide"}


def test_an_empty_spanish_wording_is_refused_and_nothing_is_saved(client, process):
    client.force_login(member(process.community, Role.COORDINATOR))
    url = reverse("planning:settings", args=[process.community.slug, process.slug])
    response = client.post(
        url, _form_data(process, title="New title", **{"question-problems-text_es": ""})
    )
    assert response.status_code == 200
    assert b"Please correct the errors below." in response.content
    process.refresh_from_db()
    assert process.title == "Listening"


@pytest.mark.parametrize("role", [Role.MEMBER, Role.PARTNER, Role.VIEWER])
def test_other_roles_cannot_change_the_process(client, process, role):
    client.force_login(member(process.community, role))
    url = reverse("planning:settings", args=[process.community.slug, process.slug])
    assert client.get(url).status_code == 403
    assert client.post(url, _form_data(process, title="Hijacked")).status_code == 403
    process.refresh_from_db()
    assert process.title == "Listening"
