"""Importing and exporting HSDS 3.0 packages: all or nothing, located errors, idempotent on HSDS
ids, changes recorded, confidential addresses never exported, and nothing lost on a round trip."""

import csv
import io
import json
import shutil
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

from groundwork.communities.models import Organization
from groundwork.communities.tests.factories import CommunityFactory, member
from groundwork.core.errors import ApplicationError
from groundwork.core.models import AuditEvent
from groundwork.directory import hsds, selectors
from groundwork.directory.models import Address, Location, Schedule, Service
from groundwork.directory.services import ImportFailed, hsds_import, location_set_confidential

from .conftest import EXAMPLES_CSV, needs_hsds

pytestmark = [needs_hsds, pytest.mark.django_db]


def _csv_tables(folder: Path) -> dict[str, list[dict[str, str]]]:
    return {
        table.path: list(csv.DictReader(io.StringIO((folder / table.path).read_text("utf-8-sig"))))
        for table in hsds.TABLES
        if (folder / table.path).exists()
    }


def _parsed(table: hsds.Table, row: dict) -> dict:  # type: ignore[type-arg]
    """A row's values as the model reads them, so "100" and 100.0 compare equal."""
    out = {"id": uuid.UUID(str(row["id"]))}
    for name in table.fields:
        out[name] = hsds.parse(table.field(name), row.get(name))
    return out


def _same(a: dict[str, list[dict]], b: dict[str, list[dict]]) -> None:  # type: ignore[type-arg]
    for path, rows in a.items():
        table = hsds.BY_PATH[path]
        assert sorted(map(repr, (_parsed(table, r) for r in rows))) == sorted(
            map(repr, (_parsed(table, r) for r in b.get(path, [])))
        ), path


def test_the_csv_examples_import_into_each_community_and_export_unchanged(
    two_communities, tmp_path
):
    alder, birch = two_communities
    hsds_import(actor=None, community=alder, source=EXAMPLES_CSV)
    hsds_import(actor=None, community=birch, source=EXAMPLES_CSV)  # the same ids, another tenant
    assert Service.objects.filter(community=alder).count() == 1
    assert Service.objects.filter(community=birch).count() == 1
    original = _csv_tables(EXAMPLES_CSV)
    assert set(original) == {t.path for t in hsds.TABLES}  # every HSDS table is in the examples
    hsds.write_csv_package(selectors.export_tables(community=alder), tmp_path / "out", "Alder")
    exported = _csv_tables(tmp_path / "out")
    _same(original, exported)
    # …and importing the export into a third place gives the same export again.
    other = two_communities[0].__class__.objects.create(name="Cedar", slug="cedar")
    hsds_import(actor=None, community=other, source=tmp_path / "out")
    _same(exported, selectors.export_tables(community=other))
    descriptor = json.loads((tmp_path / "out" / "datapackage.json").read_text())
    assert [r["path"] for r in descriptor["resources"]] == [t.path for t in hsds.TABLES]


def test_the_json_form_round_trips(two_communities, tmp_path):
    alder, birch = two_communities
    hsds_import(actor=None, community=alder, source=EXAMPLES_CSV)
    original = _csv_tables(EXAMPLES_CSV)
    path = tmp_path / "package.json"
    path.write_text(json.dumps(hsds.json_package(selectors.export_tables(community=alder))))
    assert not Service.objects.filter(community=birch).exists()
    hsds_import(actor=None, community=birch, source=path)
    _same(original, selectors.export_tables(community=birch))
    # and back again: the JSON form's own export imports unchanged
    again = tmp_path / "again.json"
    again.write_text(json.dumps(hsds.json_package(selectors.export_tables(community=birch))))
    third = CommunityFactory(slug="cedar")
    hsds_import(actor=None, community=third, source=again)
    _same(original, selectors.export_tables(community=third))


def test_reimporting_updates_and_never_duplicates_and_records_the_changes(
    two_communities, tmp_path
):
    alder, birch = two_communities
    hsds_import(actor=None, community=alder, source=EXAMPLES_CSV)
    hsds_import(actor=None, community=birch, source=EXAMPLES_CSV)
    counts = {t.path: t.model.objects.filter(community=alder).count() for t in hsds.TABLES}
    folder = tmp_path / "changed"
    shutil.copytree(EXAMPLES_CSV, folder)
    services = (folder / "services.csv").read_text()
    (folder / "services.csv").write_text(services.replace("Community Counselling", "Counselling"))
    result = hsds_import(actor=None, community=alder, source=folder)
    assert {t.path: t.model.objects.filter(community=alder).count() for t in hsds.TABLES} == counts
    assert result.updated == {"services": 1}
    assert not result.created
    assert Service.objects.get(community=alder).name == "Counselling"
    assert Service.objects.get(community=birch).name == "Community Counselling"
    event = AuditEvent.objects.filter(community=alder, action="directory.imported").latest("pk")
    assert event.details["changes"] == [
        {"table": "services", "id": "ac148810-d857-441c-9679-408f346de14b", "fields": ["name"]}
    ]
    # The same package again changes nothing.
    again = hsds_import(actor=None, community=alder, source=folder)
    assert not again.updated and not again.created


def _broken_package(folder: Path) -> None:
    shutil.copytree(EXAMPLES_CSV, folder)
    rows = list(csv.reader(io.StringIO((folder / "services.csv").read_text())))
    good = rows[1]
    second = [str(uuid.uuid4()), *good[1:]]
    second[rows[0].index("status")] = "closed-ish"
    third = [str(uuid.uuid4()), *good[1:]]
    third[rows[0].index("name")] = ""
    third[rows[0].index("minimum_age")] = "twelve"
    out = io.StringIO()
    csv.writer(out).writerows([rows[0], good, second, third])
    (folder / "services.csv").write_text(out.getvalue())
    schedules = (folder / "schedules.csv").read_text().splitlines()
    (folder / "schedules.csv").write_text(
        "\n".join([schedules[0], schedules[1].replace("48102e86", "not-a-uuid")]) + "\n"
    )


def test_a_package_with_errors_saves_nothing_and_says_where_each_error_is(
    two_communities, tmp_path
):
    alder, birch = two_communities
    hsds_import(actor=None, community=birch, source=EXAMPLES_CSV)
    before = {t.path: t.model.objects.count() for t in hsds.TABLES}
    _broken_package(tmp_path / "broken")
    with pytest.raises(ImportFailed) as failed:
        hsds_import(actor=None, community=alder, source=tmp_path / "broken")
    errors = failed.value.errors
    # The header is line 1: the good service is line 2, the broken ones lines 3 and 4.
    assert any(e.startswith("services.csv, line 3: status:") for e in errors), errors
    assert any(e.startswith("services.csv, line 4: minimum_age:") for e in errors), errors
    assert any(e.startswith("schedules.csv, line 2: id:") for e in errors), errors
    assert not any(", line 2:" in e and e.startswith("services.csv") for e in errors)
    # Nothing at all was saved, not even the good rows of the good tables.
    assert {t.path: t.model.objects.count() for t in hsds.TABLES} == before
    assert not Service.objects.filter(community=alder).exists()
    assert not AuditEvent.objects.filter(community=alder, action="directory.imported").exists()


def test_import_errors_are_translated(two_communities, tmp_path):
    alder, _birch = two_communities
    _broken_package(tmp_path / "broken")
    with translation.override("es"), pytest.raises(ImportFailed) as failed:
        hsds_import(actor=None, community=alder, source=tmp_path / "broken")
    text = "\n".join(failed.value.errors)
    assert "services.csv, línea 3" in text
    assert "no es una opción válida" in text  # Django's own Spanish for a bad choice
    assert "Nada se importó" in failed.value.message


def test_a_line_with_a_quoted_line_break_is_counted_right(two_communities, tmp_path):
    alder, _birch = two_communities
    folder = tmp_path / "multi"
    folder.mkdir()
    (folder / "organizations.csv").write_text(
        f'id,name,description\n{uuid.uuid4()},"Two\nlines",ok\n{uuid.uuid4()},,missing name\n'
    )
    with pytest.raises(ImportFailed) as failed:
        hsds_import(actor=None, community=alder, source=folder)
    assert failed.value.errors[0].startswith("organizations.csv, line 4: name:")


def test_unknown_columns_are_refused_rather_than_dropped(two_communities, tmp_path):
    alder, _birch = two_communities
    folder = tmp_path / "extra"
    folder.mkdir()
    (folder / "organizations.csv").write_text(
        f"id,name,description,colour\n{uuid.uuid4()},A,B,red\n"
    )
    with pytest.raises(ImportFailed) as failed:
        hsds_import(actor=None, community=alder, source=folder)
    assert "colour" in failed.value.errors[0]


def test_importing_needs_a_facilitator_or_coordinator(two_communities):
    alder, birch = two_communities
    facilitator = member(birch, "facilitator")
    with pytest.raises(ApplicationError):
        hsds_import(actor=facilitator, community=alder, source=EXAMPLES_CSV)
    hsds_import(actor=facilitator, community=birch, source=EXAMPLES_CSV)
    with pytest.raises(ApplicationError):
        hsds_import(actor=member(birch, "member"), community=birch, source=EXAMPLES_CSV)


def test_imported_organizations_are_the_communitys_organizations(two_communities):
    alder, birch = two_communities
    existing = Organization.objects.create(
        community=alder, name="Blue Heron Clinic", sector="health_care"
    )
    hsds_import(actor=None, community=alder, source=EXAMPLES_CSV)
    names = set(Organization.objects.filter(community=alder).values_list("name", flat=True))
    assert names == {"Blue Heron Clinic", "Example Organization Inc."}
    imported = Organization.objects.get(community=alder, name="Example Organization Inc.")
    assert imported.sector == "other" and imported.year_incorporated == 2011
    assert Organization.objects.get(pk=existing.pk).hsds_id == existing.hsds_id
    assert not Organization.objects.filter(community=birch).exists()


def test_a_confidential_address_is_never_exported(two_communities, tmp_path):
    alder, birch = two_communities
    for community in two_communities:
        hsds_import(actor=None, community=community, source=EXAMPLES_CSV)
    location = Location.objects.get(community=alder)
    location_set_confidential(actor=None, location=location, confidential=True)
    address = Address.objects.get(community=alder)
    tables = selectors.export_tables(community=alder)
    assert tables["addresses.csv"] == []
    (row,) = tables["locations.csv"]
    assert row["latitude"] is None and row["longitude"] is None
    hsds.write_csv_package(tables, tmp_path / "csv", "Alder")
    (tmp_path / "package.json").write_text(json.dumps(hsds.json_package(tables)))
    for file in [*(tmp_path / "csv").iterdir(), tmp_path / "package.json"]:
        text = file.read_text()
        assert address.address_1 not in text and str(address.hsds_id) not in text, file
    # The other tenant's copy of the same record is not confidential and is exported.
    assert len(selectors.export_tables(community=birch)["addresses.csv"]) == 1


def test_the_commands_import_and_export(two_communities, tmp_path, capsys):
    alder, birch = two_communities
    call_command("hsds_import", str(EXAMPLES_CSV), community=alder.slug)
    assert Schedule.objects.filter(community=alder).count() == 1
    assert not Schedule.objects.filter(community=birch).exists()
    call_command("hsds_export", str(tmp_path / "out"), community=alder.slug)
    call_command("hsds_export", str(tmp_path / "out.json"), community=alder.slug, format="json")
    _same(_csv_tables(EXAMPLES_CSV), _csv_tables(tmp_path / "out"))
    _same(_csv_tables(EXAMPLES_CSV), json.loads((tmp_path / "out.json").read_text()))


def test_the_import_command_lists_every_error_and_fails(two_communities, tmp_path):
    alder, _birch = two_communities
    _broken_package(tmp_path / "broken")
    from django.core.management.base import CommandError

    with pytest.raises(CommandError) as failed:
        call_command("hsds_import", str(tmp_path / "broken"), community=alder.slug)
    assert "services.csv, line 3" in str(failed.value)


def test_a_zipped_csv_package_imports_like_the_folder(two_communities, tmp_path):
    import zipfile

    alder, birch = two_communities
    archive = tmp_path / "package.zip"
    with zipfile.ZipFile(archive, "w") as out:
        for path in EXAMPLES_CSV.iterdir():
            out.write(path, f"hsds/{path.name}")
    hsds_import(actor=None, community=alder, source=archive)
    _same(_csv_tables(EXAMPLES_CSV), selectors.export_tables(community=alder))
    assert not Service.objects.filter(community=birch).exists()


def test_something_that_is_not_a_package_is_refused_with_a_message(two_communities, tmp_path):
    alder, _birch = two_communities
    (tmp_path / "notes.json").write_text("[1, 2]")
    with pytest.raises(ImportFailed) as failed:
        hsds_import(actor=None, community=alder, source=tmp_path / "notes.json")
    assert failed.value.errors == ["The JSON form of a package is one object of tables."]
    with pytest.raises(ImportFailed):
        hsds_import(actor=None, community=alder, source=tmp_path / "missing")
