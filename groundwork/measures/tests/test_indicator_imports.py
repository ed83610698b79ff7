"""Values in from a CSV file (all or nothing, line-numbered messages in the reader's
language) and from the CDC/ATSDR Social Vulnerability Index county file."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import translation

from groundwork.communities.models import Role
from groundwork.communities.tests.factories import member
from groundwork.core.testing import unchanged
from groundwork.measures.actions.svi import svi_import
from groundwork.measures.actions.value_import import ImportRefused, values_import_csv
from groundwork.measures.models import Indicator
from groundwork.measures.tests.factories import SYNTHETIC_SVI, counties_served, result_with_series
from groundwork.measures.views_indicators import indicator_url, results_url

pytestmark = pytest.mark.django_db

SHARED_SVI = (
    Path(__file__).resolve().parents[3].parent
    / "shared"
    / "data"
    / "svi"
    / "svi2018_north_carolina_counties.csv"
)


def _good_csv() -> bytes:
    return b"period,value,note,source\n2019,11.5,,Health department\n2024,8.0,Revised,\n"


def test_a_csv_file_adds_and_replaces_values(tenant, other_tenant):  # type: ignore[no-untyped-def]
    _r, indicator = result_with_series(tenant)
    with unchanged(other_tenant):
        count = values_import_csv(actor=tenant.coordinator, indicator=indicator, data=_good_csv())
    assert count == 2
    values = {v.period_label: (v.value, v.note, v.source) for v in indicator.values.all()}
    assert values["2019"] == (11.5, "", "Health department")
    assert values["2024"] == (8.0, "Revised", "")
    assert len(values) == 6


def test_columns_in_any_order_quarters_months_and_a_byte_order_mark(tenant, other_tenant):  # type: ignore[no-untyped-def]
    _r, indicator = result_with_series(tenant, values=())
    data = "\ufeffValue,Period\n1.5,2024-Q1\n2,2024-Q2\n3,2025-01\n".encode()
    assert values_import_csv(actor=tenant.coordinator, indicator=indicator, data=data) == 3
    assert sorted(v.period_label for v in indicator.values.all()) == [
        "2024-Q1",
        "2024-Q2",
        "2025-01",
    ]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"year,amount\n2024,1\n", ["Line 1: the header needs the columns period, value."]),
        (b"period,value\n", ["The file has no values below its header."]),
        (
            b"period,value\n2024,1\n20x5,2\n2026,1,5\n2024,3\n",
            [
                "Line 3: \u201c20x5\u201d is not a period: write 2024, 2024-Q2 or 2024-05.",
                "Line 5: the period 2024 is already on line 2.",
            ],
        ),
        (
            b'period,value\n2024,"1,5"\n2025,abc\n',
            [
                "Line 2: \u201c1,5\u201d is not a number: write it with a dot, as 12.5.",
                "Line 3: \u201cabc\u201d is not a number: write it with a dot, as 12.5.",
            ],
        ),
        ("period,value\n2024,1\n".encode("utf-16"), None),
    ],
)
def test_a_bad_file_saves_nothing_and_says_where(tenant, other_tenant, data, expected):  # type: ignore[no-untyped-def]
    _r, indicator = result_with_series(tenant)
    with unchanged(tenant, other_tenant), pytest.raises(ImportRefused) as caught:
        values_import_csv(actor=tenant.coordinator, indicator=indicator, data=data)
    if expected is not None:
        for message in expected:
            assert message in caught.value.errors
    assert caught.value.errors


def test_the_import_page_lists_problems_in_spanish_and_saves_nothing(tenant, other_tenant, client):  # type: ignore[no-untyped-def]
    _r, indicator = result_with_series(tenant)
    client.force_login(member(tenant.community, Role.FACILITATOR))
    client.cookies["django_language"] = "es"
    bad = SimpleUploadedFile("v.csv", b"period,value\n2024,1\n2025,uno\n", "text/csv")
    with unchanged(tenant, other_tenant):
        page = client.post(indicator_url(indicator, "indicator_import"), {"file": bad})
    text = page.content.decode()
    assert page.status_code == 200
    assert "No se importó nada" in text
    assert "Línea 3: «uno» no es un número: escríbalo con punto, como 12.5." in text
    good = SimpleUploadedFile("v.csv", _good_csv(), "text/csv")
    page = client.post(indicator_url(indicator, "indicator_import"), {"file": good})
    assert page.status_code == 302
    assert indicator.values.count() == 6


# Social Vulnerability Index --------------------------------------------------------------


def test_svi_makes_five_indicators_per_county_served(tenant, other_tenant):  # type: ignore[no-untyped-def]
    result, _ = result_with_series(tenant, owner="county_goal")
    counties_served(tenant, "37009", "37095")
    counties_served(other_tenant, "37009")
    with unchanged(other_tenant):
        found = svi_import(actor=tenant.coordinator, result=result, data=SYNTHETIC_SVI, year=2018)
    assert (found.counties, found.values, found.missing, found.indicators_created) == (
        2,
        5,
        5,
        10,
    )
    overall = Indicator.objects.get(result=result, source_key="svi:RPL_THEMES:37009")
    assert (
        overall.name_en
        == "Social vulnerability, overall (SVI percentile), Ashe County, North Carolina"
    )
    assert overall.name_es.startswith("Vulnerabilidad social, general (percentil del SVI)")
    assert overall.direction == "down" and overall.fips == "37009"
    value = overall.values.get()
    assert (value.period_label, value.value) == ("2018", 0.3939)
    theme2 = Indicator.objects.get(result=result, source_key="svi:RPL_THEME2:37009")
    assert theme2.name_en.startswith("Household composition and disability")
    assert not Indicator.objects.get(
        result=result, source_key="svi:RPL_THEMES:37095"
    ).values.exists()
    # A later release adds its year to the same indicators (and uses that release's names for
    # new ones only).
    again = svi_import(actor=tenant.coordinator, result=result, data=SYNTHETIC_SVI, year=2020)
    assert again.indicators_created == 0
    # The population estimate is kept beside them, for funding per resident.
    assert found.populations == 2
    population = Indicator.objects.get(result=result, source_key="svi:E_TOTPOP:37009")
    assert [(v.period_label, v.value) for v in population.values.all()] == [
        ("2018", 27109),
        ("2020", 27109),
    ]
    assert sorted(v.period_label for v in overall.values.all()) == ["2018", "2020"]


def test_svi_for_a_statewide_goal_uses_the_networkscounties_served(tenant, other_tenant):  # type: ignore[no-untyped-def]
    result, _ = result_with_series(tenant, owner="network_goal")
    counties_served(tenant, "37063")
    counties_served(other_tenant, "37009")
    found = svi_import(actor=None, result=result, data=SYNTHETIC_SVI, year=2018)
    assert found.counties == 1
    assert not Indicator.objects.filter(result=result, fips="37009").exists()


@pytest.mark.parametrize(
    ("data", "counties", "message"),
    [
        (b"FIPS,RPL_THEMES\n37009,0.5\n", ["37009"], "lacks the columns RPL_THEME1"),
        (SYNTHETIC_SVI, ["06001"], "None of the counties served (06001)"),
        (SYNTHETIC_SVI, [], "No counties are listed"),
        (
            SYNTHETIC_SVI.replace(b"0.3939", b"39.39"),
            ["37009"],
            "Line 2: RPL_THEMES is \u201c39.39\u201d, not a percentile from 0 to 1.",
        ),
    ],
)
def test_a_bad_svi_file_saves_nothing(tenant, other_tenant, data, counties, message):  # type: ignore[no-untyped-def]
    result, _ = result_with_series(tenant, owner="county_goal")
    counties_served(tenant, *counties)
    with unchanged(tenant, other_tenant), pytest.raises(ImportRefused) as caught:
        svi_import(actor=tenant.coordinator, result=result, data=data, year=2018)
    assert any(message in error for error in caught.value.errors), caught.value.errors


def test_the_svi_page_imports_for_a_coordinator_only(tenant, other_tenant, client):  # type: ignore[no-untyped-def]
    result, _ = result_with_series(tenant)
    counties_served(tenant, "37009")
    url = results_url(result, "result_svi", result_id=result.pk)
    client.force_login(member(tenant.community, Role.MEMBER))
    upload = SimpleUploadedFile("svi.csv", SYNTHETIC_SVI, "text/csv")
    assert client.post(url, {"file": upload, "year": "2018"}).status_code == 403
    client.force_login(tenant.coordinator)
    client.cookies["django_language"] = "es"
    upload = SimpleUploadedFile("svi.csv", SYNTHETIC_SVI, "text/csv")
    with unchanged(other_tenant):
        response = client.post(url, {"file": upload, "year": "2018"}, follow=True)
    text = response.content.decode()
    assert "SVI 2018 importado para 1 condado: 5 valores." in text
    assert "0.3939" in text  # current value in the list, with a dot


def test_the_svi_command(tenant, other_tenant, tmp_path):  # type: ignore[no-untyped-def]
    result, _ = result_with_series(tenant, owner="county_goal")
    counties_served(tenant, "37009")
    path = tmp_path / "svi.csv"
    path.write_bytes(SYNTHETIC_SVI)
    out = io.StringIO()
    call_command("import_svi", str(path), result=result.pk, year=2018, stdout=out)
    assert "1 counties, 5 values" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("import_svi", str(tmp_path / "missing.csv"), result=result.pk, year=2018)
    with translation.override("en"), pytest.raises(CommandError, match="None of the counties"):
        counties_served(tenant, "06001")
        call_command("import_svi", str(path), result=result.pk, year=2018)


@pytest.mark.skipif(not SHARED_SVI.exists(), reason="the shared SVI test file is not here")
def test_the_north_carolina_2018_county_file(tenant, other_tenant):  # type: ignore[no-untyped-def]
    result, _ = result_with_series(tenant, owner="county_goal")
    counties_served(tenant, "37009", "37063", "37183")
    found = svi_import(
        actor=tenant.coordinator, result=result, data=SHARED_SVI.read_bytes(), year=2018
    )
    assert (found.counties, found.values + found.missing) == (3, 15)
    durham = Indicator.objects.get(result=result, source_key="svi:RPL_THEMES:37063")
    assert "Durham County" in durham.name_en
    assert 0 <= durham.values.get().value <= 1


def test_a_file_over_the_limit_is_refused_unread(tenant, other_tenant, client):  # type: ignore[no-untyped-def]
    _r, indicator = result_with_series(tenant)
    client.force_login(tenant.coordinator)
    big = SimpleUploadedFile("v.csv", b"period,value\n" + b"2024,1\n" * 200_000, "text/csv")
    with unchanged(tenant, other_tenant):
        page = client.post(indicator_url(indicator, "indicator_import"), {"file": big})
    assert "The file is larger than 1 MB." in page.content.decode()
