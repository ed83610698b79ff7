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
    # Communities: the network's own directory (its statewide help line) is none of them.
    assert Community.objects.filter(directory_of__isnull=False).count() == 1
    assert set(Community.objects.filter(directory_of=None).values_list("kind", flat=True)) == {
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


def test_demo_reach_pages_show_suppressed_figures_and_an_under_heard_area_first(client):
    from django.urls import reverse

    from groundwork.planning import selectors
    from groundwork.planning.models import PopulationFigure, Process
    from groundwork.planning.reach import public_report

    call_command("load_demo")
    figures = sorted(PopulationFigure.objects.values_list("process", "dimension", "value"))
    call_command("load_demo")
    assert sorted(PopulationFigure.objects.values_list("process", "dimension", "value")) == figures
    first = {}
    for process in Process.objects.select_related("community"):
        report = public_report(selectors.reach_counts(process=process))
        areas = report.dimensions[0]
        assert areas.dimension == "area" and areas.compared
        assert areas.rows[0].under_heard and areas.rows[0].participants.value is not None
        assert report.under_heard[0][1] == areas.rows[0]
        # Small counts are really there, and hidden.
        assert any(row.participants.hidden for d in report.dimensions for row in d.rows)
        first[process.community.slug] = areas.rows[0].label
    assert first == {
        "alder-county": "Mill Hill",
        "riverside-heights": "Mill Hill",
        "cedar-creek": "Pine Flats",
    }
    url = reverse("planning:reach", args=["riverside-heights", "resilience-plan"])
    html = client.get(url).content.decode()
    assert "<strong>Mill Hill</strong> (area)" in html and "hidden" in html


def test_demo_conversation_has_opinion_groups_and_an_answer_behind_a_statement(client):
    call_command("load_demo")
    from groundwork.deliberation.models import AnalysisRun, Statement

    run = AnalysisRun.objects.get()
    assert run.status == "done"
    assert run.displayed_k >= 2
    assert Statement.objects.filter(contribution__isnull=False).exists()
    page = client.get("/c/alder-county/p/resilience-plan/results/")
    assert page.status_code == 200
    assert b"Group A" in page.content
    call_command("load_demo")  # again: nothing new
    assert AnalysisRun.objects.count() == 1
