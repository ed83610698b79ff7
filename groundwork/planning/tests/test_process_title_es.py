"""A process may have a Spanish title, shown on Spanish pages; the demo's processes have one."""

import pytest
from django.urls import reverse

from groundwork.communities.models import Role
from groundwork.communities.tests.factories import CommunityFactory, member
from groundwork.core.demo import load_demo
from groundwork.planning import services
from groundwork.planning.demo import DEMO_TITLE, DEMO_TITLE_ES, load_planning_demo
from groundwork.planning.models import Process

from .test_settings_page import _form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def processes():  # type: ignore[no-untyped-def]
    """Two communities' processes: one with a Spanish title, one without."""
    made = []
    for slug, title_es in (("alder", "Escuchar a Alder"), ("birch", "")):
        community = CommunityFactory(slug=slug)
        made.append(
            services.process_create(
                actor=member(community, Role.COORDINATOR),
                community=community,
                title=f"Listening in {slug}",
                title_es=title_es,
                slug="listening",
            )
        )
    return made


def page(client, process, language, name="planning:process"):  # type: ignore[no-untyped-def]
    client.cookies["django_language"] = language
    response = client.get(reverse(name, args=[process.community.slug, process.slug]))
    assert response.status_code == 200
    return response.content.decode()


def test_spanish_pages_show_the_spanish_title(client, processes):  # type: ignore[no-untyped-def]
    alder, birch = processes
    html = page(client, alder, "es")
    assert "<h1>Escuchar a Alder</h1>" in html and "Listening in alder" not in html
    assert "<h1>Listening in alder</h1>" in page(client, alder, "en")
    # Without a Spanish title, Spanish pages show the title there is.
    assert "<h1>Listening in birch</h1>" in page(client, birch, "es")
    answer = page(client, alder, "es", "planning:answer")
    assert "Escuchar a Alder" in answer and "Listening in alder" not in answer


def test_the_settings_form_edits_the_spanish_title(client, processes):  # type: ignore[no-untyped-def]
    alder, birch = processes
    client.force_login(alder.community.memberships.get(role=Role.COORDINATOR).user)
    url = reverse("planning:settings", args=[alder.community.slug, alder.slug])
    assert 'value="Escuchar a Alder"' in client.get(url).content.decode()
    response = client.post(url, _form_data(alder, title_es="  Escuchemos a Alder "))
    assert response.status_code == 302
    alder.refresh_from_db()
    birch.refresh_from_db()
    assert alder.title_es == "Escuchemos a Alder" and alder.title == "Listening in alder"
    assert birch.title_es == ""


def test_a_new_process_can_be_given_a_spanish_title(client):  # type: ignore[no-untyped-def]
    community = CommunityFactory(slug="cedar")
    CommunityFactory(slug="other")
    client.force_login(member(community, Role.COORDINATOR))
    response = client.post(
        reverse("planning:process_create", args=[community.slug]),
        {"title": "Our plan", "title_es": "Nuestro plan", "slug": "plan"},
    )
    assert response.status_code == 302
    process = Process.objects.get(community=community, slug="plan")
    assert (process.title, process.title_es) == ("Our plan", "Nuestro plan")


def test_the_demo_processes_have_spanish_titles_even_when_loaded_before() -> None:
    load_demo()
    load_planning_demo(participants_per_community=5)
    assert Process.objects.count() == 3
    assert set(Process.objects.values_list("title", "title_es")) == {(DEMO_TITLE, DEMO_TITLE_ES)}
    # A demo database from before Spanish titles gets them on the next load.
    Process.objects.update(title_es="")
    load_planning_demo(participants_per_community=5)
    assert set(Process.objects.values_list("title_es", flat=True)) == {DEMO_TITLE_ES}


def test_a_published_plan_keeps_both_titles_and_its_spanish_pdf_shows_the_spanish(
    client, processes
):  # type: ignore[no-untyped-def]
    import io

    from pypdf import PdfReader

    from groundwork.plans import services as plans

    alder = processes[0]
    coordinator = alder.community.memberships.get(role=Role.COORDINATOR).user
    plan = plans.plan_create(actor=coordinator, process=alder, title="Alder plan")
    goal = plans.goal_save(actor=coordinator, plan=plan, title="Rides")
    plans.activity_save(actor=coordinator, plan=plan, goal=goal, title="Ride share")
    version = plans.plan_publish(actor=coordinator, plan=plan)
    assert version.snapshot["process"] == "Listening in alder"
    assert version.snapshot["process_es"] == "Escuchar a Alder"
    url = reverse("plans:version_pdf", args=[alder.community.slug, alder.slug, version.number])
    for language, title in (("es", "Escuchar a Alder"), ("en", "Listening in alder")):
        client.cookies["django_language"] = language
        pdf = client.get(url)
        assert pdf.status_code == 200
        text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
        assert title in text
