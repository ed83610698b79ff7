"""The landscape report: generated on demand by the network's staff, dated, its figures equal
to an independent count from the database and to what the catalog shows; page, PDF, API."""

import io
import re

import pypdfium2 as pdfium
import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from pypdf import PdfReader

from groundwork.communities.counties import counties_in_state
from groundwork.communities.models import Community, CountyGoal, Role
from groundwork.communities.tests.factories import member
from groundwork.core.errors import ApplicationError
from groundwork.core.models import AuditEvent
from groundwork.landscape import services
from groundwork.landscape.models import LandscapeReport

pytestmark = pytest.mark.django_db


def url(name: str, network) -> str:  # type: ignore[no-untyped-def]
    return reverse(f"landscape:{name}", args=[network.slug])


def stage_from_db(c: Community) -> str:
    """The stage rule written out again, independently of maturity.py."""
    if all(
        [
            c.meets_regularly,
            c.has_leadership_structure,
            c.has_paid_coordinator,
            c.has_backbone_agency,
            c.has_shared_vision,
        ]
    ):
        return "institutionalized"
    if c.meets_regularly and c.has_leadership_structure and (c.has_shared_vision or c.uses_data):
        return "maintaining"
    if c.meets_regularly or c.has_leadership_structure:
        return "forming"
    return "awareness"


def expected_figures(network) -> dict:  # type: ignore[no-untyped-def]
    public = list(Community.objects.filter(network=network, is_public=True))
    nc = {c.fips: c.name for c in counties_in_state("NC")}
    served: dict[str, int] = {}
    for c in public:
        for fips in set(c.county_fips) & set(nc):
            served[fips] = served.get(fips, 0) + 1
    goal_links = CountyGoal.objects.filter(
        community__in=public, network_goal__isnull=False
    ).values_list("network_goal_id", "community_id")
    ci = {}
    for name in [
        "ci_common_agenda",
        "ci_shared_measurement",
        "ci_mutually_reinforcing",
        "ci_communication",
        "ci_backbone",
    ]:
        ratings = [getattr(c, name) for c in public if getattr(c, name) is not None]
        ci[name] = (round(sum(ratings) / len(ratings), 1) if ratings else None, len(ratings))
    return {
        "coalitions": len(public),
        "covered": sorted(served),
        "not_covered": sorted(set(nc) - set(served)),
        "per_county": served,
        "stages": {
            s: sum(1 for c in public if stage_from_db(c) == s)
            for s in ["awareness", "forming", "maintaining", "institutionalized"]
        },
        "sectors": {
            s: sum(1 for c in public if s in c.sectors)
            for s in ["health_care", "education", "faith", "government", "business", "philanthropy"]
        },
        "focus": {
            f: sum(1 for c in public if f in c.focus_areas)
            for f in ["aces", "trauma", "housing", "mental_health", "youth"]
        },
        "strategies": {
            s.name: s.coalition_links.filter(community__in=public).count()
            for s in network.strategies.all()
        },
        "goals": {
            g.title: len({cid for gid, cid in goal_links if gid == g.pk})
            for g in network.goals.all()
        },
        "ci": ci,
    }


def test_figures_equal_an_independent_count(network, landscape, steward):  # type: ignore[no-untyped-def]
    report = services.landscape_report_generate(actor=steward, network=network)
    f = report.figures
    want = expected_figures(network)
    assert f["coalitions"] == want["coalitions"] == 5  # the non-public coalition is not counted
    assert sorted(c["fips"] for c in f["counties"]["covered"]) == want["covered"]
    assert sorted(c["fips"] for c in f["counties"]["not_covered"]) == want["not_covered"]
    assert f["counties"]["total"] == 100
    assert {c["fips"]: c["coalitions"] for c in f["counties"]["covered"]} == want["per_county"]
    assert {r["key"]: r["coalitions"] for r in f["stages"]} == want["stages"]
    sectors = {r["key"]: r["coalitions"] for r in f["sectors"]}
    assert {k: sectors[k] for k in want["sectors"]} == want["sectors"]
    focus = {r["key"]: r["coalitions"] for r in f["focus_areas"]}
    assert {k: focus[k] for k in want["focus"]} == want["focus"]
    assert {r["name"]: r["coalitions"] for r in f["strategies"]} == want["strategies"]
    assert {r["title"]: r["coalitions"] for r in f["goals"]} == want["goals"]
    assert {r["key"]: (r["average"], r["rated"]) for r in f["collective_impact"]} == want["ci"]
    assert want["ci"]["ci_common_agenda"] == (3.5, 2)
    assert AuditEvent.objects.filter(action="landscape.report_generated").count() == 1


def test_figures_match_the_catalog(client, network, landscape, steward):  # type: ignore[no-untyped-def]
    report = services.landscape_report_generate(actor=steward, network=network)
    html = client.get(url("catalog", network)).content.decode()
    shown = re.search(r"(\d+) coalitions match\.", html)
    assert shown and int(shown.group(1)) == report.figures["coalitions"]
    covered = len(report.figures["counties"]["covered"])
    assert f"{covered} of 100 counties have a coalition" in html
    for stage in report.figures["stages"]:
        label = {
            "awareness": "Beginning to raise awareness",
            "forming": "Forming",
            "maintaining": "Maintaining",
            "institutionalized": "Institutionalized",
        }[stage["key"]]
        assert f"<li>{label}: {stage['coalitions']}</li>" in html


def test_only_stewards_regenerate(client, network, landscape, steward):  # type: ignore[no-untyped-def]
    coordinator = member(landscape["wake"], Role.COORDINATOR)
    with pytest.raises(ApplicationError):
        services.landscape_report_generate(actor=coordinator, network=network)
    response = client.post(url("report_generate", network))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(coordinator)
    assert client.post(url("report_generate", network)).status_code == 403
    assert client.get(url("report_generate", network)).status_code in (403, 405)
    assert not LandscapeReport.objects.exists()


def test_no_report_yet(client, network, landscape, steward):  # type: ignore[no-untyped-def]
    html = client.get(url("report", network)).content.decode()
    assert "have not generated a landscape report yet" in html
    assert "Generate the report" not in html
    assert client.get(url("report_pdf", network)).status_code == 404
    assert client.get(f"/api/networks/{network.slug}/landscape").status_code == 404
    client.force_login(steward)
    html = client.get(url("report", network)).content.decode()
    assert "Generate the report" in html


def test_regenerate_then_read_page_pdf_and_api(client, network, landscape, steward):  # type: ignore[no-untyped-def]
    client.force_login(steward)
    response = client.post(url("report_generate", network), follow=True)
    html = response.content.decode()
    assert "The landscape report was regenerated." in html
    report = LandscapeReport.objects.get()
    assert report.generated_by == steward
    assert "by Nia Steward" in html
    assert html.count("<h1") == 1
    assert "Counties not yet served" in html and "Mecklenburg" in html
    assert len(re.findall(r'<svg class="gw-bar-chart"', html)) == 6
    assert len(re.findall(r'data-fips="37\d{3}"', html)) == 100
    assert re.search(r"<title>\w+ County: 1 coalition\.</title>", html)
    assert " 1 coalitions." not in html

    # Later changes make the next report, not this one.
    Community.objects.filter(pk=landscape["guilford"].pk).update(is_public=False)
    client.logout()
    html = client.get(url("report", network)).content.decode()
    assert "5 coalitions with a public profile." in html
    assert "Regenerate the report now" not in html

    pdf = client.get(url("report_pdf", network))
    assert pdf["Content-Type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    day = date_format(timezone.localtime(report.generated_at), "DATE_FORMAT")
    assert f"Generated on {day}." in text
    assert "5 coalitions with a public profile." in text
    assert "Sectors at the table" in text and "Advocate for policy change" in text
    document = pdfium.PdfDocument(pdf.content)
    assert len(document) >= 4
    image = document[0].render(scale=0.5).to_pil().convert("L")
    darkest, _lightest = image.getextrema()
    assert darkest < 128, "a blank cover"

    body = client.get(f"/api/networks/{network.slug}/landscape").json()
    assert body["figures"]["coalitions"] == 5
    assert body["figures"] == report.figures


def test_a_network_without_a_state_cannot_be_reported_on(client, network, steward):  # type: ignore[no-untyped-def]
    network.state = ""
    network.save()
    with pytest.raises(ApplicationError):
        services.landscape_report_generate(actor=steward, network=network)
    client.force_login(steward)
    html = client.post(url("report_generate", network), follow=True).content.decode()
    assert "Set the network&#x27;s state before generating the landscape report." in html
    catalog = client.get(url("catalog", network)).content.decode()
    assert "The network has no state set yet, so there is no county map." in catalog


def test_the_report_keeps_the_network_surveys_with_small_counts_hidden(
    client, network, landscape, steward
):  # type: ignore[no-untyped-def]
    from groundwork.measures import services as surveys
    from groundwork.measures.models import ItemKind
    from groundwork.measures.tests.factories import InstrumentFactory, ItemFactory

    big = InstrumentFactory(network=network, title_en="Stakeholder survey 2026")
    small = InstrumentFactory(network=network, title_en="Leaders' check-in")
    for instrument, n in ((big, 14), (small, 3)):
        item = ItemFactory(
            instrument=instrument,
            section__instrument=instrument,
            kind=ItemKind.TEXT,
            required=False,
        )
        for i in range(n):
            surveys.response_submit(
                instrument=instrument,
                answers={item.pk: "More partners from the clinics at the table"},
                language="en",
                idempotency_key=f"{instrument.slug}-{i}",
            )
    client.force_login(steward)
    client.post(url("report_generate", network))
    stored = LandscapeReport.objects.get().figures["surveys"]
    assert {s["title"]: s["responses"] for s in stored} == {
        "Stakeholder survey 2026": 14,
        "Leaders' check-in": None,  # 3 people: hidden, and not kept in the report either
    }
    client.logout()
    html = client.get(url("report", network)).content.decode()
    section = html[html.index('id="landscape-surveys"') :]
    assert "Stakeholder survey 2026" in section and "Leaders&#x27; check-in" in section
    assert "Responses: 14" in " ".join(section.split()) or "14" in section


def test_each_region_has_its_own_figures_in_the_report(client, network, landscape, steward):  # type: ignore[no-untyped-def]
    from groundwork.communities.models import Region

    triangle = Region.objects.create(network=network, name="Triangle", slug="triangle")
    other = Region.objects.create(network=landscape["wake"].network, name="Empty", slug="empty")
    # Another network's region of the same short name, with that network's coalition.
    elsewhere = Community.objects.exclude(network=network).get(coalition_name="Elsewhere Coalition")
    theirs = Region.objects.create(network=elsewhere.network, name="Triangle", slug="triangle")
    for key in ("wake", "durham", "hidden"):
        landscape[key].region = triangle
        landscape[key].save(update_fields=["region"])
    elsewhere.region = theirs
    elsewhere.save(update_fields=["region"])

    report = services.landscape_report_generate(actor=steward, network=network)
    regions = {r["slug"]: r["figures"] for r in report.figures["regions"]}
    assert set(regions) == {"triangle", "empty"} and other.pk
    mine = regions["triangle"]
    assert mine["coalitions"] == 2  # wake and durham; the hidden one is not public
    assert mine["counties"]["total"] == 3  # the counties its coalitions serve
    assert not mine["counties"]["not_covered"]
    assert {c["fips"]: c["coalitions"] for c in mine["counties"]["covered"]} == {
        c.fips: 1
        for c in counties_in_state("NC")
        if c.fips in set(landscape["wake"].county_fips) | set(landscape["durham"].county_fips)
    }
    assert regions["empty"]["coalitions"] == 0
    assert "regions" not in mine

    with translation.override("es"):
        page = client.get(
            url("report", network) + "?region=triangle", HTTP_ACCEPT_LANGUAGE="es"
        ).content.decode()
    assert "Solo las coaliciones de la región Triangle" in page
    whole = client.get(url("report", network)).content.decode()
    assert "of the region" not in whole
    # A region set up after the report: said so, and the network's figures shown.
    Region.objects.create(network=network, name="Coast", slug="coast")
    later = client.get(url("report", network) + "?region=coast").content.decode()
    assert "generated before the region was set up" in later
