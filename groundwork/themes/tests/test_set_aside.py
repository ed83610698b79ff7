"""Answers kept out of themes: self-descriptions shown apart as "About the people who
answered", junk counted, both to facilitators only; re-runs that add answers keep them out."""

import pytest
from django.urls import reverse

from groundwork.communities.models import Role
from groundwork.communities.tests.factories import CommunityFactory, member
from groundwork.planning import services as planning
from groundwork.planning.models import Contribution
from groundwork.themes import compute, services
from groundwork.themes.models import Theme, ThemeMembership, ThemeRun
from groundwork.themes.tasks import themes_compute

from .data import submit, submit_all

pytestmark = pytest.mark.django_db

ABOUT = ["I live in the north end.", "My household has five people."]
JUNK = ["asdfasdf", "hello", "test"]


def _process(name: str, slug: str, extra: bool):  # type: ignore[no-untyped-def]
    community = CommunityFactory(name=name)
    coordinator = member(community, Role.COORDINATOR)
    process = planning.process_create(actor=coordinator, community=community, title=name, slug=slug)
    submit_all(process)
    if extra:
        submit(process, ABOUT + JUNK, "en", "extra")
    return process


def _coordinator(process):  # type: ignore[no-untyped-def]
    return process.community.memberships.get(role=Role.COORDINATOR).user


def _run(process, **kwargs):  # type: ignore[no-untyped-def]
    question = process.questions.get(key="problems")
    run = services.themes_request(actor=_coordinator(process), question=question, **kwargs)
    assert themes_compute.call(run_id=run.pk) == "done"
    run.refresh_from_db()
    return run


def _url(process):  # type: ignore[no-untyped-def]
    base = reverse("themes:list", args=[process.community.slug, process.slug])
    return base + "?question=problems"


def test_self_descriptions_and_junk_are_kept_out_of_themes_and_shown_apart(client):
    alder = _process("Alder County", "together", extra=True)
    birch = _process("Birch County", "together", extra=False)
    run = _run(alder)
    _run(birch)
    pks = dict(Contribution.objects.filter(process=alder).values_list("text", "id"))
    aside = compute.set_aside(run)
    assert sorted(aside["about"]) == sorted(pks[t] for t in ABOUT)
    assert sorted(aside["junk"]) == sorted(pks[t] for t in JUNK)
    placed = set(ThemeMembership.objects.values_list("contribution_id", flat=True))
    assert not placed & {pks[t] for t in ABOUT + JUNK}

    client.force_login(_coordinator(alder))
    page = client.get(_url(alder)).content.decode()
    assert "About the people who answered" in page
    assert all(text in page for text in ABOUT)
    assert "3 answers were set aside" in page
    # The other process has nothing set aside and shows nothing of Alder's.
    client.force_login(_coordinator(birch))
    other = client.get(_url(birch)).content.decode()
    assert "About the people who answered" not in other and ABOUT[0] not in other
    # The public never sees self-descriptions.
    client.logout()
    public = client.get(_url(alder)).content.decode()
    assert "About the people who answered" not in public and ABOUT[0] not in public


def test_adding_answers_to_curated_themes_keeps_new_junk_and_self_descriptions_out():
    alder = _process("Alder County", "together", extra=False)
    _process("Birch County", "together", extra=True)
    _run(alder)
    theme = Theme.objects.filter(process=alder, parent=None).first()
    services.theme_rename(actor=_coordinator(alder), theme=theme, label="Roads")
    submit(alder, ["I am a renter.", "qwerty", "The bus never comes on Sunday"], "en", "late")
    run = _run(alder)
    assert run.mode == ThemeRun.Mode.ASSIGN
    pks = dict(Contribution.objects.filter(process=alder).values_list("text", "id"))
    aside = compute.set_aside(run)
    assert aside == {"about": [pks["I am a renter."]], "junk": [pks["qwerty"]]}
    placed = set(ThemeMembership.objects.values_list("contribution_id", flat=True))
    assert pks["I am a renter."] not in placed and pks["qwerty"] not in placed
