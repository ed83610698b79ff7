"""A steward's import page and the directory's download: a package is checked without saving,
then imported all or nothing, with every problem located and translated; the summary of what
changed comes from the audit event; only the community's facilitators and coordinators import,
its members download, and nothing crosses to the other community."""

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from groundwork.communities.models import Role
from groundwork.communities.tests.factories import MembershipFactory, OrganizationFactory, member
from groundwork.core.models import AuditEvent
from groundwork.directory import selectors
from groundwork.directory.models import Service
from groundwork.directory.services import hsds_import

from .conftest import EXAMPLES_CSV, SPEC, needs_hsds

pytestmark = [needs_hsds, pytest.mark.django_db]


def zipped(folder: Path, *, under: str = "") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for path in sorted(folder.iterdir()):
            archive.write(path, f"{under}{path.name}")
    return out.getvalue()


def _upload(content: bytes, name: str = "package.zip") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def _url(community) -> str:  # type: ignore[no-untyped-def]
    return reverse("directory_edit:import", args=[community.slug])


def _in_spanish(client) -> None:  # type: ignore[no-untyped-def]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"


def _post(client, community, content: bytes, action: str, name: str = "package.zip", **extra):  # type: ignore[no-untyped-def]
    return client.post(
        _url(community), {"package": _upload(content, name), "action": action}, **extra
    )


def test_a_steward_checks_a_package_then_imports_it_and_sees_what_changed(
    client, two_communities
) -> None:
    alder, birch = two_communities
    client.force_login(member(alder, Role.FACILITATOR))
    package = zipped(EXAMPLES_CSV, under="hsds/")  # a zip of a folder

    _in_spanish(client)
    response = _post(client, alder, package, "check")
    assert response.status_code == 200
    page = response.content.decode()
    assert "No se ha guardado nada todavía" in page
    assert "Servicios" in page and "1 nuevo" in page
    assert not Service.objects.exists()  # checked, not saved
    assert not AuditEvent.objects.filter(action="directory.imported").exists()

    response = _post(client, alder, package, "import")
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="directory.imported")
    assert response["Location"] == f"{_url(alder)}?imported={event.pk}"
    assert event.community == alder and event.actor is not None
    assert event.details["created"]["services"] == 1
    page = client.get(response["Location"]).content.decode()
    assert "Se importó el paquete." in page and "1 nuevo" in page
    assert Service.objects.filter(community=alder).count() == 1
    assert not Service.objects.filter(community=birch).exists()

    # Again: everything is unchanged, nothing is duplicated.
    response = _post(client, alder, package, "import")
    page = client.get(response["Location"]).content.decode()
    assert "0 nuevos" in page and "1 sin cambios" in page
    assert Service.objects.filter(community=alder).count() == 1
    # Both imports are listed, newest first, each opening its summary.
    events = AuditEvent.objects.filter(action="directory.imported").order_by("-pk")
    assert "Importaciones recientes" in page
    assert page.index(f"?imported={events[0].pk}") < page.index(f"?imported={events[1].pk}")


def test_the_json_form_is_imported_from_the_page(client, two_communities) -> None:
    alder, birch = two_communities
    client.force_login(member(alder, Role.COORDINATOR))
    content = (SPEC / "examples" / "tabular.json").read_bytes()
    response = _post(client, alder, content, "import", name="tabular.json")
    assert response.status_code == 302
    assert Service.objects.filter(community=alder).count() == 1
    assert not Service.objects.filter(community=birch).exists()


def test_a_package_with_problems_saves_nothing_and_lists_them_by_line_in_spanish(
    client, two_communities, tmp_path
) -> None:
    alder, _birch = two_communities
    client.force_login(member(alder, Role.FACILITATOR))
    folder = tmp_path / "bad"
    folder.mkdir()
    for path in EXAMPLES_CSV.iterdir():
        (folder / path.name).write_bytes(path.read_bytes())
    with (folder / "services.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    rows[0]["minimum_age"] = "muchos"
    with (folder / "services.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    _in_spanish(client)
    response = _post(client, alder, zipped(folder), "import")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nada se importó" in page
    assert "services.csv, línea 2: minimum_age:" in page
    assert not Service.objects.exists()
    assert not AuditEvent.objects.filter(action="directory.imported").exists()


def test_what_is_not_a_package_is_refused_with_a_message(client, two_communities) -> None:
    alder, _birch = two_communities
    client.force_login(member(alder, Role.FACILITATOR))
    page = _post(client, alder, b"not a package", "check", name="notes.txt").content.decode()
    assert "Nothing was imported" in page and "not valid JSON" in page
    with override_settings(DIRECTORY_IMPORT_MAX_UNPACKED_MB=0):
        page = _post(client, alder, zipped(EXAMPLES_CSV), "check").content.decode()
    assert "more than 0 MB" in page
    with override_settings(DIRECTORY_IMPORT_MAX_MB=0):
        page = _post(client, alder, zipped(EXAMPLES_CSV), "import").content.decode()
    assert "The file is too large" in page
    assert not Service.objects.exists()


def test_only_the_communitys_stewards_import(client, two_communities) -> None:
    alder, birch = two_communities
    organization = OrganizationFactory(community=alder)
    package = zipped(EXAMPLES_CSV)
    assert client.get(_url(alder)).status_code == 302  # sign in first
    for user in (
        member(alder, Role.MEMBER),
        MembershipFactory(community=alder, role=Role.PARTNER, organization=organization).user,
        member(birch, Role.COORDINATOR),
    ):
        client.force_login(user)
        assert client.get(_url(alder)).status_code == 403
        assert _post(client, alder, package, "import").status_code == 403
    assert not Service.objects.exists()
    # A steward of the other community sees its own imports only.
    steward = member(birch, Role.FACILITATOR)
    result = hsds_import(actor=steward, community=birch, source=EXAMPLES_CSV)
    client.force_login(member(alder, Role.FACILITATOR))
    assert client.get(f"{_url(alder)}?imported={result.event_id}").status_code == 404
    client.force_login(steward)
    assert client.get(f"{_url(birch)}?imported={result.event_id}").status_code == 200


def test_members_download_the_directory_as_a_package_and_it_is_audited(
    client, two_communities, tmp_path
) -> None:
    alder, birch = two_communities
    hsds_import(actor=None, community=alder, source=EXAMPLES_CSV)
    Service.objects.create(community=birch, name="Birch only service")
    reader = member(alder, Role.MEMBER)
    client.force_login(reader)

    response = client.get(reverse("directory_edit:export", args=[alder.slug, "zip"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert 'filename="alder-hsds.zip"' in response["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        names = set(archive.namelist())
        archive.extractall(tmp_path / "out")
    assert {"datapackage.json", "services.csv", "organizations.csv"} <= names
    assert "Birch only service" not in (tmp_path / "out" / "services.csv").read_text()
    copy = type(alder).objects.create(name="Copy", slug="copy")
    hsds_import(actor=None, community=copy, source=tmp_path / "out")
    assert selectors.export_tables(community=copy) == selectors.export_tables(community=alder)

    response = client.get(reverse("directory_edit:export", args=[alder.slug, "json"]))
    assert response["Content-Type"] == "application/json"
    document = json.loads(response.content)
    assert len(document["services.csv"]) == 1
    events = AuditEvent.objects.filter(action="directory.exported", community=alder)
    assert [e.details["format"] for e in events.order_by("pk")] == ["zip", "json"]
    assert all(e.actor == reader for e in events)

    assert client.get(reverse("directory_edit:export", args=[alder.slug, "xml"])).status_code == 404
    client.force_login(member(birch, Role.COORDINATOR))
    assert client.get(reverse("directory_edit:export", args=[alder.slug, "zip"])).status_code == 403
    client.logout()
    assert client.get(reverse("directory_edit:export", args=[alder.slug, "zip"])).status_code == 302
