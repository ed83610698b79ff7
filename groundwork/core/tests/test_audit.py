import pytest

from groundwork.communities.tests.factories import CommunityFactory, UserFactory
from groundwork.core.models import AuditEvent
from groundwork.core.services import audit_record

pytestmark = pytest.mark.django_db


def test_audit_events_are_append_only():
    community = CommunityFactory()
    event = audit_record(
        action="thing.done", actor=UserFactory(), community=community, target=community
    )
    assert event.target_type == "communities.community" and event.target_id == str(community.pk)
    event.action = "changed"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.all().update(action="x")
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get().action == "thing.done"
