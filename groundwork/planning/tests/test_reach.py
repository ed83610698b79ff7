"""Reach and equity: the public page (suppressed counts, under-heard groups first), the
population figures form and CSV import, permissions and the page's query count."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from groundwork.communities.models import Role
from groundwork.communities.tests.factories import CommunityFactory, UserFactory, member
from groundwork.core.errors import ApplicationError
from groundwork.core.generations import bump, community_key
from groundwork.core.models import AuditEvent
from groundwork.planning import selectors, services
from groundwork.planning.models import (
    Contribution,
    Moderation,
    Participant,
    PopulationFigure,
)
from groundwork.planning.reach import public_report
from groundwork.planning.services import PopulationEntry, PopulationFiguresInvalid

from .reach_data import add_people

# Every test runs beside a look-alike tenant: no response shows it, nothing of it changes.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("beside_other_tenant")]


@pytest.fixture
def process(other_tenant):  # type: ignore[no-untyped-def]
    community = CommunityFactory(slug="alder")
    coordinator = member(community, Role.COORDINATOR)
    # The other tenant (same process slug, three participants) has figures of the same names.
    services.population_figures_save(
        actor=other_tenant.coordinator,
        process=other_tenant.process,
        entries=[
            PopulationEntry("language", "es", 9999),
            PopulationEntry("age_band", "18_24", 9999),
        ],
    )
    other_tenant.baseline()
    return services.process_create(
        actor=coordinator,
        community=community,
        title="Alder 2027",
        slug="2027",
        areas=["North", "South", "Mill Hill"],
    )


def coordinator_of(process):  # type: ignore[no-untyped-def]
    return process.community.memberships.get(role=Role.COORDINATOR).user


def reach_url(process):  # type: ignore[no-untyped-def]
    return reverse("planning:reach", args=[process.community.slug, process.slug])


def population_url(process):  # type: ignore[no-untyped-def]
    return reverse("planning:population", args=[process.community.slug, process.slug])


def set_population(process, **areas):  # type: ignore[no-untyped-def]
    services.population_figures_save(
        actor=coordinator_of(process),
        process=process,
        entries=[PopulationEntry("area", name.replace("_", " "), n) for name, n in areas.items()],
    )


def table(html: str, caption_start: str) -> str:
    match = re.search(rf"<caption[^>]*>{caption_start}.*?</table>", html, re.S)
    assert match, caption_start
    return match.group()


def row(html: str, label: str) -> str:
    match = re.search(rf"<tr[^>]*>\s*<th scope=\"row\">{label}.*?</tr>", html, re.S)
    assert match, label
    return re.sub(r"\s+", " ", match.group())


def group_order(html: str) -> list[str]:
    return [label.strip() for label in re.findall(r"<th scope=\"row\">([^<]+)", html)]


# The page --------------------------------------------------------------------------------------


def test_reach_page_shows_totals_channels_and_under_heard_areas_first(client, process):
    add_people(process, 40, area="North", age_band="25_44", language="en")
    add_people(process, 30, area="South", age_band="45_64", language="es")
    add_people(process, 12, area="Mill Hill", age_band="65_plus", language="es")
    add_people(process, 15, consent=False)
    set_population(process, North=2000, South=2000, Mill_Hill=6000)

    response = client.get(reach_url(process))
    assert response.status_code == 200
    html = response.content.decode()
    # Mill Hill: 12 of the 82 who said (15%) where 60% of residents live.
    areas = table(html, "Participants compared with residents, by area")
    assert group_order(areas) == ["Mill Hill", "South", "North", "Not stated", "Total"]
    mill = row(areas, "Mill Hill")
    assert "Under-heard" in mill and "<td>12</td>" in mill
    assert "15%" in mill and "60%" in mill and "0.24" in mill
    summary = html[html.index('id="under-heard-list"') :]
    assert re.sub(r"\s+", " ", summary).startswith(
        'id="under-heard-list"> <li><strong>Mill Hill</strong> (area): 15% of participants, '
        "but 60% of residents."
    )
    assert "97" in row(html, "Total")  # people who took part
    channels = table(html, "Answers by channel")
    assert "97" in row(channels, "Online") and "100%" in row(channels, "Online")
    assert "<td>0" in row(channels, "Paper form")  # zeros are shown
    # Tables are semantic, and the public sees no link for facilitators.
    assert '<th scope="col">Representation</th>' in html
    assert "Enter or import population figures" not in html
    # Nothing of the other tenant's process of the same slug: its figures, its three people.
    assert "9999" not in html and "9,999" not in html
    assert "100" not in row(html, "Total")


def test_a_group_of_five_is_not_shown_as_five(client, process):
    add_people(process, 40, area="North")
    add_people(process, 25, area="South")
    add_people(process, 5, area="Mill Hill")
    add_people(process, 12, consent=False)
    set_population(process, North=3000, South=3000, Mill_Hill=4000)

    html = client.get(reach_url(process)).content.decode()
    areas = table(html, "Participants compared with residents, by area")
    mill = row(areas, "Mill Hill")
    assert "hidden" in mill and ">5<" not in mill and " 5 " not in mill
    # Its share and representation would give it away too.
    cells = re.findall(r"<td>(.*?)</td>", mill)
    assert cells[1] == "—" and cells[4] == "—"
    # One hidden count in a line with a published total could be worked out by subtraction,
    # so the next smallest ("not stated", 12) is hidden as well.
    assert "hidden" in row(areas, "Not stated")
    assert "40" in row(areas, "North") and "25" in row(areas, "South")
    # Hidden, but by at most 16 of 82 people where 40% live: under-heard, and listed first.
    assert group_order(areas)[0] == "Mill Hill" and "Under-heard" in mill
    assert "the number is hidden, but it is less than four fifths of what its share of " in html
    assert "shares are of everyone who took part" in html


def test_too_few_people_hides_the_totals_everywhere(client, process):
    add_people(process, 4, area="North")
    add_people(process, 3, area="South")
    set_population(process, North=100, South=100, Mill_Hill=100)
    html = client.get(reach_url(process)).content.decode()
    assert "Too few people have taken part" not in html  # Mill Hill has a zero: under-heard
    assert "nobody has taken part yet, where 100 people live" in html
    report = public_report(selectors.reach_counts(process=process))
    assert report.participants.hidden and report.answers.hidden
    assert all(r.participants.value in (None, 0) for d in report.dimensions for r in d.rows)


def test_counts_follow_the_rules_of_who_took_part(process):
    coordinator = coordinator_of(process)
    people = add_people(process, 3, area="North")
    # Several answers from one person count them once; hidden answers do not count.
    services.contributions_submit(
        process=process,
        participant=people[0],
        answers=[services.Answer("strengths", "Churches"), services.Answer("allies", "Library")],
        language="en",
        channel="online",
        idempotency_key="more",
    )
    spam = add_people(process, 1, area="South")[0]
    Contribution.objects.filter(participant=spam).update(moderation=Moderation.HIDDEN)
    # Captured answers without a participant count as answers, not as people.
    services.contributions_submit(
        process=process,
        participant=None,
        answers=[services.Answer("problems", "Flooding"), services.Answer("problems", "Rent")],
        language="es",
        channel="paper",
        idempotency_key="paper",
        actor=coordinator,
    )
    # A participant who never agreed is "not stated", whatever was stored.
    unconsented = add_people(process, 1, area="South", consent=False)[0]
    Participant.objects.filter(pk=unconsented.pk).update(age_band="25_44")
    counts = selectors.reach_counts(process=process)
    assert counts.participants == 4
    assert counts.answers_by_channel == {"online": 6, "paper": 2}
    assert counts.answers_without_participant == 2
    assert counts.by_dimension["area"] == {"North": 3, "": 1}
    assert counts.by_dimension["age_band"] == {"": 4}


def test_public_process_is_visible_anonymously_and_private_one_only_to_members(client, process):
    assert client.get(reach_url(process)).status_code == 200
    process.is_public = False
    process.save()
    response = client.get(reach_url(process))
    assert response.status_code == 302 and "/login/" in response["Location"]
    client.force_login(UserFactory())
    assert client.get(reach_url(process)).status_code == 403
    client.force_login(member(process.community, Role.VIEWER))
    assert client.get(reach_url(process)).status_code == 200


def test_reach_page_linked_from_the_process_page(client, process):
    assert reach_url(process) in client.get(process.get_absolute_url()).content.decode()


def test_reach_page_has_a_constant_number_of_queries(
    client, process, django_assert_max_num_queries
):
    def bulk(n: int, offset: int) -> None:
        areas = list(process.areas.all())
        question = process.questions.get(key="problems")
        people = Participant.objects.bulk_create(
            Participant(
                process=process,
                area=areas[i % 3] if i % 4 else None,
                age_band=["25_44", "45_64", "65_plus", ""][i % 4],
                language=["en", "es"][i % 2],
                lived_experience=["yes", "no", ""][i % 3],
                consented_at=process.created_at if i % 4 else None,
            )
            for i in range(n)
        )
        Contribution.objects.bulk_create(
            Contribution(
                community=process.community,
                process=process,
                question=question,
                participant=person if i % 5 else None,
                text="An answer",
                language=person.language,
                channel=["online", "paper", "large_group", "small_group", "interview"][i % 5],
                idempotency_key=f"bulk-{offset}-{i}",
                sequence=j,
            )
            for i, person in enumerate(people)
            for j in range(3)
        )

    set_population(process, North=3000, South=3000, Mill_Hill=4000)
    bulk(40, 0)
    with CaptureQueriesContext(connection) as small:
        client.get(reach_url(process))
    bulk(1500, 1)
    with django_assert_max_num_queries(6):
        response = client.get(reach_url(process))
    assert response.status_code == 200
    bump([community_key(process.community.slug)])  # as any write does: rendered again
    with CaptureQueriesContext(connection) as large:
        client.get(reach_url(process))
    assert len(large) == len(small)
    # Until the next write, the counts and tables come from the cache: the process only.
    with django_assert_max_num_queries(1):
        assert client.get(reach_url(process)).status_code == 200
    client.force_login(coordinator_of(process))  # plus the session, the user and their role
    with django_assert_max_num_queries(9):
        assert client.get(reach_url(process)).status_code == 200
    took_part = (
        Participant.objects.filter(process=process, contributions__isnull=False).distinct().count()
    )
    # The other tenant's three people of the same process slug are not counted.
    assert response.context["report"].participants.value == took_part == 1232


# Population figures ----------------------------------------------------------------------------


def test_facilitator_enters_population_figures_in_a_form(client, process):
    coordinator = coordinator_of(process)
    client.force_login(coordinator)
    page = client.get(population_url(process))
    assert page.status_code == 200
    form = page.context["form"]
    names = {name: (d, v) for d, fields in form.groups.items() for name, v, _label in fields}
    by_group = {v: name for name, (d, v) in names.items()}
    data = {
        by_group["North"]: "4100",
        by_group["Mill Hill"]: "2900",
        by_group["18_24"]: "2600",
        by_group["es"]: "7000",
        "source": "ACS 2019–2023",
    }
    response = client.post(population_url(process), data)
    assert response.status_code == 302 and response["Location"] == reach_url(process)
    figures = {
        (f.dimension, f.value): (f.population, f.source)
        for f in PopulationFigure.objects.filter(process=process)
    }
    assert figures == {
        ("area", "North"): (4100, "ACS 2019–2023"),
        ("area", "Mill Hill"): (2900, "ACS 2019–2023"),
        ("age_band", "18_24"): (2600, "ACS 2019–2023"),
        ("language", "es"): (7000, "ACS 2019–2023"),
    }
    event = AuditEvent.objects.get(action="population.saved", community=process.community)
    assert event.details["added"] == 4 and event.actor == coordinator
    # The form comes back pre-filled; emptying a box removes that figure.
    page = client.get(population_url(process))
    assert page.context["form"].initial[by_group["North"]] == 4100
    assert page.context["form"].initial["source"] == "ACS 2019–2023"
    client.post(population_url(process), {**data, by_group["Mill Hill"]: ""})
    assert not PopulationFigure.objects.filter(process=process, value="Mill Hill").exists()
    assert PopulationFigure.objects.filter(process=process).count() == 3


def test_negative_numbers_are_refused_by_the_form(client, process):
    client.force_login(coordinator_of(process))
    form = client.get(population_url(process)).context["form"]
    name = form.groups["area"][0][0]
    response = client.post(population_url(process), {name: "-4"})
    assert response.status_code == 200 and response.context["form"].errors[name]
    assert not PopulationFigure.objects.filter(process=process).exists()


def test_csv_import_saves_every_line(client, process):
    set_population(process, South=1500)
    client.force_login(coordinator_of(process))
    csv = (
        "dimension,value,population,source\n"
        'area,north,"4,100",Census\n'  # any case; thousands separators
        "area,Mill Hill,2900\n"
        "age_band,18 to 24,2600,Census\n"  # the label works as well as the value
        "language,Spanish,7000\n"
        "\n"
    )
    upload = SimpleUploadedFile("population.csv", csv.encode(), content_type="text/csv")
    response = client.post(population_url(process), {"action": "import", "import-file": upload})
    assert response.status_code == 302
    figures = {
        (f.dimension, f.value): f.population
        for f in PopulationFigure.objects.filter(process=process)
    }
    assert figures == {
        ("area", "North"): 4100,
        ("area", "Mill Hill"): 2900,
        ("area", "South"): 1500,  # an import keeps figures it does not mention
        ("age_band", "18_24"): 2600,
        ("language", "es"): 7000,
    }
    assert AuditEvent.objects.filter(
        action="population.saved", details__origin="csv", community=process.community
    ).exists()


def test_csv_import_with_a_bad_line_saves_nothing_and_names_the_lines(client, process):
    set_population(process, South=1500)
    client.force_login(coordinator_of(process))
    csv = (
        "dimension;value;population\n"  # semicolons, as spreadsheets in Spanish write them
        "area;North;4100\n"
        "area;Mill Hil;2900\n"
        "age_band;25_44;many\n"
        "region;East;100\n"
        "area;North;4200\n"
        "area;South\n"
    )
    upload = SimpleUploadedFile("population.csv", csv.encode(), content_type="text/csv")
    response = client.post(population_url(process), {"action": "import", "import-file": upload})
    assert response.status_code == 200
    errors = list(response.context["import_form"].errors["file"])
    assert errors[0].startswith("Nothing was imported.")
    assert errors[1:] == [
        "Line 3: there is no area called “Mill Hil” in this process. "
        "The areas are: North, South, Mill Hill.",
        "Line 4: the number of people must be a whole number, not “many”.",
        "Line 5: the first column must be area, age_band or language, not “region”.",
        "Line 6: “North” already has a figure on line 2.",
        "Line 7: expected 3 or 4 columns (dimension, group, people), found 2.",
    ]
    html = response.content.decode()
    assert "Line 3: there is no area called “Mill Hil”" in html
    assert {(f.value, f.population) for f in PopulationFigure.objects.filter(process=process)} == {
        ("South", 1500)
    }


@pytest.mark.parametrize(
    "content,message",
    [
        (b"", "The submitted file is empty."),
        (b"\xff\xfe\x00a", "The file must be a CSV file saved as UTF-8 text."),
        (b"dimension,value,population\n", "The file has no figures in it."),
    ],
)
def test_csv_import_explains_unreadable_files(client, process, content, message):
    client.force_login(coordinator_of(process))
    upload = SimpleUploadedFile("population.csv", content, content_type="text/csv")
    response = client.post(population_url(process), {"action": "import", "import-file": upload})
    assert response.status_code == 200
    assert message in response.context["import_form"].errors["file"]


def test_only_facilitators_manage_population_figures(client, process):
    response = client.get(population_url(process))
    assert response.status_code == 302  # anonymous: sign in first
    client.force_login(member(process.community, Role.MEMBER))
    assert client.get(population_url(process)).status_code == 403
    upload = SimpleUploadedFile("p.csv", b"area,North,10\n", content_type="text/csv")
    response = client.post(population_url(process), {"action": "import", "import-file": upload})
    assert response.status_code == 403
    assert not PopulationFigure.objects.filter(process=process).exists()
    facilitator = member(process.community, Role.FACILITATOR)
    client.force_login(facilitator)
    assert client.get(population_url(process)).status_code == 200
    assert "Enter or import population figures" in client.get(reach_url(process)).content.decode()


def test_population_service_validates_everything_and_writes_nothing_on_error(process):
    coordinator = coordinator_of(process)
    with pytest.raises(ApplicationError):
        services.population_figures_save(
            actor=member(process.community, Role.PARTNER),
            process=process,
            entries=[PopulationEntry("area", "North", 10)],
        )
    with pytest.raises(PopulationFiguresInvalid) as error:
        services.population_figures_save(
            actor=coordinator,
            process=process,
            entries=[
                PopulationEntry("area", "North", 10),
                PopulationEntry("language", "fr", 10),
                PopulationEntry("age_band", "65_plus", -1),
                PopulationEntry("area", "North", 12),
                PopulationEntry("area", "South", 12, source="x" * 201),
            ],
        )
    assert error.value.problems == [
        "“fr” is not a language of Groundwork. Use one of: en, es.",
        "the number of people must be a whole number from 0 to 100,000,000.",
        "“North” is given twice.",
        "the source must be at most 200 characters long.",
    ]
    assert error.value.message == "Nothing was saved: 4 figures have problems."
    assert not PopulationFigure.objects.filter(process=process).exists()
    assert not AuditEvent.objects.filter(
        action="population.saved", community=process.community
    ).exists()
    # With replace, the figures given become the only ones.
    set_population(process, North=10, South=20)
    services.population_figures_save(
        actor=coordinator,
        process=process,
        entries=[PopulationEntry("area", "South", 25)],
        replace=True,
    )
    assert list(
        PopulationFigure.objects.filter(process=process).values_list("value", "population")
    ) == [("South", 25)]


# The public report over random counts -----------------------------------------------------------


def _split(data, total: int, keys: list[str]) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """`total` people spread over `keys` ("" last takes the rest)."""
    counts, left = {}, total
    for key in keys:
        n = data.draw(st.integers(0, left))
        counts[key], left = n, left - n
    counts[""] = left
    return counts


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_public_report_never_shows_a_small_count_or_a_recoverable_one(data):  # type: ignore[no-untyped-def]
    areas = ["North", "South", "Mill Hill"]
    area_counts = {
        key: data.draw(st.one_of(st.integers(0, 12), st.integers(0, 80)), label=key)
        for key in [*areas, ""]
    }
    total = sum(area_counts.values())
    counts = selectors.ReachCounts(
        participants=total,
        answers_by_channel={
            c: data.draw(st.integers(0, 40), label=c) for c in ("online", "paper", "interview")
        },
        answers_without_participant=data.draw(st.integers(0, 30)),
        areas=areas,
        by_dimension={
            "area": area_counts,
            "age_band": _split(data, total, ["18_24", "65_plus"]),
            "language": _split(data, total, ["en", "es"]),
            "lived_experience": _split(data, total, ["yes"]),
        },
        population={"area": {"North": 500, "South": 300, "Mill Hill": 900}},
        sources=[],
    )
    report = public_report(counts)
    lines = [(report.answers, [row.answers for row in report.channels])] + [
        (report.participants, [row.participants for row in d.rows]) for d in report.dimensions
    ]
    for total_cell, cells in lines:
        for cell in [total_cell, *cells, report.answers_without_participant]:
            assert cell.value is None or not 1 <= cell.value <= 10
        hidden = [c for c in cells if c.hidden]
        if not total_cell.hidden:
            assert len(hidden) != 1
    for dimension in report.dimensions:
        for row in dimension.rows:
            if row.participants.hidden:  # nothing derived from a hidden count is shown
                assert row.participant_share is None and row.representation is None
    # Under-heard groups come first in every table.
    for dimension in report.dimensions:
        flags = [row.under_heard for row in dimension.rows]
        assert flags == sorted(flags, reverse=True)


def test_areas_both_under_heard_and_most_vulnerable_come_first(client, process, other_tenant):
    from datetime import date

    from groundwork.communities.models import CountyGoal
    from groundwork.measures.models import Indicator, IndicatorValue, Result

    add_people(process, 40, area="North")
    add_people(process, 30, area="South")
    add_people(process, 12, area="Mill Hill")
    set_population(process, North=1000, South=8000, Mill_Hill=3000)
    html = client.get(reach_url(process)).content.decode()
    areas = table(html, "Participants compared with residents, by area")
    assert group_order(areas)[:3] == ["South", "Mill Hill", "North"]
    assert "None of these areas has social vulnerability data" in html

    goal = CountyGoal.objects.create(community=process.community, title="Safe")
    result = Result.objects.create(community=process.community, county_goal=goal, title_en="Safe")
    for area, value in (("Mill Hill", 0.9), ("South", 0.3)):
        indicator = Indicator.objects.create(
            result=result,
            community=process.community,
            name_en="Social vulnerability, overall",
            geography=area,
        )
        IndicatorValue.objects.create(
            indicator=indicator, period_kind="year", period_start=date(2022, 1, 1), value=value
        )
    html = client.get(reach_url(process), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    areas = table(html, "Participants compared with residents, by area")
    assert group_order(areas)[:3] == ["Mill Hill", "South", "North"]
    assert "Among the most vulnerable" in row(areas, "Mill Hill")
    assert "0.30" in row(areas, "South") and "No data" in row(areas, "North")
    assert "No social vulnerability data for: North." in html
