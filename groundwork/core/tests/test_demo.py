import pytest
from django.core.management import call_command

from groundwork.accounts.models import User
from groundwork.communities.models import Community, Membership, Network, Organization, Role

pytestmark = pytest.mark.django_db


def test_demo_loads_every_role_and_is_idempotent(capsys):
    call_command("load_demo")
    counts = [
        User.objects.count(),
        Community.objects.count(),
        Membership.objects.count(),
        Organization.objects.count(),
    ]
    call_command("load_demo")
    assert counts == [
        User.objects.count(),
        Community.objects.count(),
        Membership.objects.count(),
        Organization.objects.count(),
    ]
    assert Network.objects.count() == 1
    assert set(Community.objects.values_list("kind", flat=True)) == {
        "county",
        "neighborhood",
        "tribal",
    }
    alder = Community.objects.get(slug="alder-county")
    assert set(alder.memberships.values_list("role", flat=True)) == set(Role.values)
    assert len({o.sector for o in Organization.objects.all()}) >= 7
    from groundwork.planning.models import Contribution, Process

    assert Process.objects.count() == 3
    answers = Contribution.objects.filter(process__community=alder)
    assert answers.count() > 200
    assert set(answers.values_list("language", flat=True)) == {"en", "es"}
    assert set(answers.values_list("channel", flat=True)) == {
        "online",
        "large_group",
        "small_group",
        "paper",
        "interview",
    }
    output = capsys.readouterr().out
    assert "coordinator@example.org" in output and "resilience-demo" in output
