"""Theme pages: ranked themes with suppressed public counts, filters, members, curation forms
that work without JavaScript, and the CSV."""

import pytest
from django.urls import reverse

from groundwork.communities.models import Role
from groundwork.communities.tests.factories import CommunityFactory, member
from groundwork.planning import services as planning
from groundwork.planning.models import Contribution, Moderation
from groundwork.themes import services
from groundwork.themes.models import Theme, ThemeMembership, ThemeRun
from groundwork.themes.tasks import themes_compute

from .data import look_alike_themes, submit_all

# Every test runs beside a look-alike tenant: no response shows it, nothing of it changes.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("beside_other_tenant")]


@pytest.fixture
def process(other_tenant):  # type: ignore[no-untyped-def]
    look_alike_themes(other_tenant)  # the same answers and themes in the other tenant
    community = CommunityFactory(name="Alder County")
    coordinator = member(community, Role.COORDINATOR)
    process = planning.process_create(
        actor=coordinator, community=community, title="Alder Together", slug="together"
    )
    submit_all(process)
    run = services.themes_request(actor=coordinator, question=process.questions.get(key="problems"))
    assert themes_compute.call(run_id=run.pk) == "done"
    return process


def _coordinator(process):  # type: ignore[no-untyped-def]
    return process.community.memberships.get(role=Role.COORDINATOR).user


def _url(process, name="themes:list", *args):  # type: ignore[no-untyped-def]
    return reverse(name, args=[process.community.slug, process.slug, *args])


def test_the_public_sees_ranked_themes_with_suppressed_counts_and_quotes(
    client, process, django_assert_max_num_queries
):
    # Session, process, question, themes, subthemes, quotes, runs: bounded, whatever the size.
    with django_assert_max_num_queries(7):
        response = client.get(_url(process) + "?question=problems")
    assert response.status_code == 200
    page = response.content.decode()
    themes = list(Theme.objects.filter(process=process, parent=None))
    for theme in themes:
        assert theme.label in page
        assert _url(process, "themes:detail", theme.pk) in page
    # Themes of 10 or fewer answers are hidden; larger ones get a bar.
    small = [t for t in themes if t.memberships.count() <= 10]
    assert small and "Fewer than 11 answers" in page
    assert "<meter" in page and "Find themes" not in page
    assert 'lang="es"' in page and 'lang="en"' in page


def test_filters_recount_themes_in_the_database(client, process, django_assert_max_num_queries):
    client.force_login(_coordinator(process))
    with django_assert_max_num_queries(11):  # one more than the public page: the filter form
        response = client.get(_url(process) + "?question=problems&language=es")
    page = response.content.decode()
    spanish = Contribution.objects.filter(process=process, language="es").count()
    assert f"{spanish} answers in these themes" in page
    assert "Start over" in page and "Where they live" in page


def test_the_public_cannot_filter_by_area_or_curate(client, process):
    response = client.get(_url(process))
    assert "Where they live" not in response.content.decode()
    theme = Theme.objects.filter(process=process, parent=None).first()
    response = client.post(_url(process, "themes:rename", theme.pk), {"label": "X"})
    assert response.status_code == 302
    theme.refresh_from_db()
    assert theme.label != "X"


def test_a_theme_page_lists_its_visible_members(client, process, django_assert_max_num_queries):
    theme = Theme.objects.filter(process=process, parent=None).first()
    hidden = theme.memberships.first().contribution
    hidden.moderation = Moderation.HIDDEN
    hidden.save()
    with django_assert_max_num_queries(4):
        response = client.get(_url(process, "themes:detail", theme.pk))
    page = response.content.decode()
    assert hidden.text not in page
    shown = theme.memberships.exclude(contribution=hidden).first().contribution
    assert shown.text in page
    client.force_login(_coordinator(process))
    with django_assert_max_num_queries(10):
        page = client.get(_url(process, "themes:detail", theme.pk)).content.decode()
    assert hidden.text in page and "Merge" in page


def test_facilitators_curate_with_plain_forms(client, process):
    client.force_login(_coordinator(process))
    first, second = Theme.objects.filter(process=process, parent=None)[:2]
    response = client.post(_url(process, "themes:rename", first.pk), {"label": "Buses"})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.label == "Buses" and first.curated
    contribution = second.memberships.first().contribution
    client.post(
        _url(process, "themes:move", second.pk),
        {"contribution": contribution.pk, "theme": first.pk},
    )
    assert ThemeMembership.objects.get(contribution=contribution).theme == first
    client.post(_url(process, "themes:pin", first.pk), {"contribution": contribution.pk})
    first.refresh_from_db()
    assert first.pinned_quote == contribution
    response = client.post(_url(process, "themes:merge", second.pk), {"target": first.pk})
    assert response["Location"] == _url(process, "themes:detail", first.pk)
    assert not Theme.objects.filter(pk=second.pk).exists()
    # Starting over needs the confirmation box.
    client.post(_url(process, "themes:run"), {"question": "problems", "start_over": "1"})
    assert ThemeRun.objects.filter(process=process).count() == 1
    client.post(_url(process, "themes:run"), {"question": "problems"})
    run = ThemeRun.objects.filter(process=process).first()
    assert run.is_pending and not run.start_over
    client.post(
        _url(process, "themes:run"), {"question": "problems", "start_over": "1", "confirm": "1"}
    )
    assert ThemeRun.objects.filter(process=process, start_over=True).exists()


def test_the_csv_lists_themes_with_sizes_and_quotes(client, process):
    client.force_login(_coordinator(process))
    first = Theme.objects.filter(process=process, parent=None).order_by("-size", "id").first()
    services.theme_rename(actor=_coordinator(process), theme=first, label="=HYPERLINK(1)")
    response = client.get(_url(process, "themes:export_csv") + "?question=problems")
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode()
    assert text.startswith("\ufeff")  # spreadsheets read it as UTF-8
    assert "'=HYPERLINK(1)" in text  # a name a spreadsheet would run is defused
    for theme in Theme.objects.filter(process=process, parent=None):
        assert theme.label in text
        assert str(theme.memberships.count()) in text


def test_private_processes_are_closed_to_the_public(client, process):
    process.is_public = False
    process.save()
    response = client.get(_url(process))
    assert response.status_code == 302
    outsider = member(CommunityFactory(), Role.COORDINATOR)
    client.force_login(outsider)
    assert client.get(_url(process)).status_code == 403


def test_subthemes_are_shown_with_their_counts_suppressed_as_parts_of_the_theme(client, process):  # type: ignore[no-untyped-def]
    question = process.questions.get(key="problems")
    theme = Theme.objects.filter(question=question, parent=None).order_by("-size", "id").first()
    members = list(theme.memberships.order_by("contribution_id"))
    assert len(members) >= 11, "the largest theme of the test corpus is published"
    small, large = members[:3], members[3:]
    subs = []
    for n, (chunk, label) in enumerate(((large, "Most of it"), (small, "A little of it"))):
        sub = Theme.objects.create(
            process=process,
            question=question,
            parent=theme,
            key=f"{theme.key}.{n + 1}",
            label=label,
            size=len(chunk),
            quotes=[{"id": chunk[0].contribution_id, "text": chunk[0].contribution.text}],
        )
        ThemeMembership.objects.filter(pk__in=[m.pk for m in chunk]).update(subtheme=sub)
        subs.append(sub)
    public = client.get(_url(process)).content.decode()
    assert "Subthemes" in public and "Most of it" in public and "A little of it" in public
    # Three answers would single people out: that count is hidden, and so is its complement
    # (otherwise the theme's total minus the other part would reveal it).
    assert "fewer than 11 answers, or hidden" in public
    assert f"({len(large)} answers)" not in public.split("Subthemes")[1].split("</ul>")[0]
    # Facilitators see the counts.
    client.force_login(_coordinator(process))
    page = client.get(_url(process)).content.decode()
    section = page.split("Subthemes")[1].split("</ul>")[0]
    assert f"({len(large)} answers)" in section and "(3 answers)" in section
