"""A confidential location's address never appears anywhere the public can read: the
directory's pages (search, filters, a service's page, in both languages), the handouts, the
HSDS exports (CSV and JSON, from the command and from the import page's downloads, whoever
downloads them), the import page, every HSDS API answer, and a published plan that enlists the
service (its page, PDF and API). One test searches them all for the
street, the town, the postal code and the coordinates; the county is what people see."""

import io
import json
import zipfile
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from groundwork.communities.models import Organization, Role
from groundwork.communities.tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
)
from groundwork.planning import services as planning
from groundwork.plans import services as plans
from groundwork.plans.models import LinkKind

from ..models import Address, Location, ServiceAtLocation
from ..owners import open_own_directory
from .factories import (
    ALDER,
    SHELTER_CITY,
    SHELTER_POINT,
    SHELTER_POSTAL,
    SHELTER_STREET,
    add_service,
    directory_world,
)

pytestmark = pytest.mark.django_db

SECRETS = (
    SHELTER_STREET,
    "Hidden Hollow",
    SHELTER_CITY,
    SHELTER_POSTAL,
    f"{SHELTER_POINT[0]}",
    f"{SHELTER_POINT[1]}",
    "36,00437",  # as Spanish would write it
    "-78,90561",
)


def _leaks(where: str, text: str) -> list[str]:
    return [f"{where}: {secret!r}" for secret in SECRETS if secret in text]


def _pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_a_confidential_address_appears_on_no_public_page_export_api_answer_or_pdf(
    client, tmp_path: Path
) -> None:
    world = directory_world()
    alder, shelter = world.alder, world.shelter
    link = ServiceAtLocation.objects.get(community=alder, service_id=shelter.hsds_id)
    leaks: list[str] = []
    seen_shelter = seen_county = 0

    # Public pages, in English and in Spanish, with every filter that touches places.
    search = reverse("directory:search", args=[alder.slug])
    network = reverse("directory:network", args=[world.network.slug])
    service = reverse("directory:service", args=[alder.slug, shelter.hsds_id])
    queries = [
        {},
        {"q": "shelter"},
        {"q": "refugio", "open_now": "on"},
        {"area": "Alder County"},
        {"near": "Alder, NC", "miles": "50"},
        # Searching a few steps from the shelter (the visitor's own numbers are echoed back).
        {"lat": 36.0045, "lon": -78.9057, "miles": "1"},
        {"lat": ALDER[0], "lon": ALDER[1], "miles": "25", "q": "night"},
    ]
    pages = [f"{search}?{urlencode(q)}" for q in queries]
    pages += [f"{network}?{urlencode(q)}" for q in queries[:4]]
    # The map pages and their GeoJSON, with the same filters.
    for name, args in (("map", [alder.slug]), ("network_map", [world.network.slug])):
        for suffix in ("", "_data"):
            url = reverse(f"directory:{name}{suffix}", args=args)
            pages += [f"{url}?{urlencode(q)}" for q in queries]
    pages.append(service)
    for language in ("en", "es"):
        for url in pages:
            response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
            assert response.status_code == 200, url
            text = response.content.decode()
            leaks += _leaks(f"{language} {url}", text)
            seen_shelter += "Safe night shelter" in text or "Refugio nocturno seguro" in text
        text = client.get(service, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        seen_county += "Alder County" in text

        # The handout, in each language.
        handout = reverse("directory:handout", args=[alder.slug, shelter.hsds_id, language])
        response = client.get(handout)
        assert response.status_code == 200
        pdf = _pdf_text(response.content)
        leaks += _leaks(f"handout {language}", pdf)
        assert "Alder County" in pdf
        leaks += _leaks(f"handout {language} (bytes)", response.content.decode("latin-1"))

    # Exports: the CSV package and the JSON form.
    csv_dir = tmp_path / "csv"
    call_command("hsds_export", str(csv_dir), community=alder.slug, stdout=io.StringIO())
    for path in sorted(csv_dir.rglob("*")):
        if path.is_file():
            leaks += _leaks(f"export {path.name}", path.read_text(encoding="utf-8"))
    json_file = tmp_path / "package.json"
    call_command(
        "hsds_export", str(json_file), community=alder.slug, format="json", stdout=io.StringIO()
    )
    exported = json_file.read_text(encoding="utf-8")
    leaks += _leaks("export JSON", exported)
    assert str(shelter.hsds_id) in exported  # the service itself is exported

    # Every HSDS API endpoint, anonymous, with and without full records.
    api = f"/api/hsds/{alder.slug}"
    organization_id = shelter.organization_id
    urls = [
        f"{api}/",
        f"{api}/services",
        f"{api}/services?full=true",
        f"{api}/services?search=shelter",
        f"{api}/services/{shelter.hsds_id}",
        f"{api}/organizations",
        f"{api}/organizations?full_service=true&full=true",
        f"{api}/organizations/{organization_id}",
        f"{api}/organizations/{organization_id}?full_service=true",
        f"{api}/service_at_locations",
        f"{api}/service_at_locations/{link.hsds_id}",
        f"{api}/taxonomies",
        f"{api}/taxonomy_terms",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        leaks += _leaks(f"API {url}", json.dumps(response.json()))

    # A published plan whose activity enlists the shelter: its page, PDF and API.
    client.logout()
    coordinator = MembershipFactory(community=alder, role=Role.COORDINATOR).user
    process = planning.process_create(
        actor=coordinator, community=alder, title="Alder plan", slug="alder-plan"
    )
    plan = plans.plan_create(actor=coordinator, process=process, title="Alder plan")
    goal = plans.goal_save(actor=coordinator, plan=plan, title="Safe homes")
    activity = plans.activity_save(actor=coordinator, plan=plan, goal=goal, title="Shelter beds")
    plans.activity_link(
        actor=coordinator, activity=activity, kind=LinkKind.ALLY, service_ids=[shelter.pk]
    )
    version = plans.plan_publish(actor=coordinator, plan=plan)
    plan_page = reverse("plans:plan", args=[alder.slug, process.slug])
    for language in ("en", "es"):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        text = client.get(plan_page).content.decode()
        assert "Safe night shelter" in text or "Refugio nocturno seguro" in text
        leaks += _leaks(f"plan {language}", text)
    pdf = client.get(reverse("plans:version_pdf", args=[alder.slug, process.slug, version.number]))
    assert pdf.status_code == 200
    leaks += _leaks("plan PDF", _pdf_text(pdf.content))
    response = client.get(f"/api/communities/{alder.slug}/processes/{process.slug}/plan")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Safe night shelter" in text or "Refugio nocturno seguro" in text
    leaks += _leaks("plan API", text)

    # The downloads of the steward's import page, even for the shelter's own organization
    # (whose members see the address on the pages), and the import page itself.
    church = Organization.objects.get(community=alder, hsds_id=organization_id)
    own_member = MembershipFactory(community=alder, role=Role.PARTNER, organization=church).user
    steward = MembershipFactory(community=alder, role=Role.FACILITATOR).user
    for user in (own_member, steward):
        client.force_login(user)
        for form in ("zip", "json"):
            response = client.get(reverse("directory_edit:export", args=[alder.slug, form]))
            assert response.status_code == 200
            if form == "json":
                leaks += _leaks(f"download JSON {user}", response.content.decode())
                continue
            with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
                for name in archive.namelist():
                    text = archive.read(name).decode("utf-8")
                    leaks += _leaks(f"download {name} {user}", text)
    for language in ("en", "es"):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        response = client.get(reverse("directory_edit:import", args=[alder.slug]))
        assert response.status_code == 200
        leaks += _leaks(f"import page {language}", response.content.decode())

    assert seen_shelter >= 12  # the shelter is listed: only its address is withheld
    assert seen_county == 2
    assert not leaks, "\n".join(leaks)


def test_a_network_owned_confidential_address_appears_nowhere_either(
    client, tmp_path: Path
) -> None:
    """The same sweep for a confidential service the network itself owns (a statewide refuge
    line): its network's pages, its own service page and handouts, every API endpoint, the
    export and the stewards' downloads. The community's shelter is taken away first, so any
    leak found is the network's."""
    world = directory_world()
    alder = world.alder
    Address.objects.filter(community=alder, address_1=SHELTER_STREET).delete()
    Location.objects.filter(community=alder, confidential=True).delete()
    steward = UserFactory()
    world.network.stewards.add(steward)
    own = open_own_directory(actor=steward, network=world.network)
    line = OrganizationFactory(community=own, name="Statewide safe line")
    refuge = add_service(
        own,
        line,
        name="Statewide safe refuge",
        name_es="Refugio estatal seguro",
        point=SHELTER_POINT,
        street=SHELTER_STREET,
        city=SHELTER_CITY,
        postal_code=SHELTER_POSTAL,
        region="Alder County",
        confidential=True,
        languages=("en", "es"),
    )
    link = ServiceAtLocation.objects.get(community=own, service_id=refuge.hsds_id)
    leaks: list[str] = []
    seen = 0
    network = reverse("directory:network", args=[world.network.slug])
    queries = [
        {},
        {"q": "refuge"},
        {"q": "refugio", "open_now": "on"},
        {"area": "Alder County"},
        {"lat": 36.0045, "lon": -78.9057, "miles": "1"},
    ]
    pages = [f"{network}?{urlencode(q)}" for q in queries]
    for name in ("network_map", "network_map_data"):
        url = reverse(f"directory:{name}", args=[world.network.slug])
        pages += [f"{url}?{urlencode(q)}" for q in queries]
    pages.append(reverse("directory:map_data", args=[own.slug]))
    service = reverse("directory:service", args=[own.slug, refuge.hsds_id])
    pages.append(service)
    for language in ("en", "es"):
        for url in pages:
            response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
            assert response.status_code == 200, url
            text = response.content.decode()
            leaks += _leaks(f"{language} {url}", text)
            seen += "Statewide safe refuge" in text or "Refugio estatal seguro" in text
        handout = reverse("directory:handout", args=[own.slug, refuge.hsds_id, language])
        response = client.get(handout)
        assert response.status_code == 200
        leaks += _leaks(f"handout {language}", _pdf_text(response.content))

    csv_dir = tmp_path / "csv"
    call_command("hsds_export", str(csv_dir), community=own.slug, stdout=io.StringIO())
    for path in sorted(csv_dir.rglob("*")):
        if path.is_file():
            leaks += _leaks(f"export {path.name}", path.read_text(encoding="utf-8"))
    json_file = tmp_path / "package.json"
    call_command(
        "hsds_export", str(json_file), community=own.slug, format="json", stdout=io.StringIO()
    )
    exported = json_file.read_text(encoding="utf-8")
    leaks += _leaks("export JSON", exported)
    assert str(refuge.hsds_id) in exported

    api = f"/api/hsds/{own.slug}"
    for url in (
        f"{api}/services",
        f"{api}/services?full=true",
        f"{api}/services/{refuge.hsds_id}",
        f"{api}/organizations?full_service=true&full=true",
        f"{api}/organizations/{line.hsds_id}?full_service=true",
        f"{api}/service_at_locations",
        f"{api}/service_at_locations/{link.hsds_id}",
    ):
        for user in (None, steward):
            if user is None:
                client.logout()
            else:
                client.force_login(user)
            response = client.get(url)
            assert response.status_code == 200, url
            leaks += _leaks(f"API {url} {user}", json.dumps(response.json()))

    client.force_login(steward)
    for form in ("zip", "json"):
        response = client.get(reverse("directory_edit:export", args=[own.slug, form]))
        assert response.status_code == 200
        if form == "json":
            leaks += _leaks("download JSON", response.content.decode())
            continue
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            for name in archive.namelist():
                leaks += _leaks(f"download {name}", archive.read(name).decode("utf-8"))
    for url in (
        reverse("directory_edit:import", args=[own.slug]),
        reverse("directory_edit:manage", args=[own.slug]),
    ):
        response = client.get(url)
        assert response.status_code == 200
        leaks += _leaks(f"steward {url}", response.content.decode())

    assert seen >= 10  # the refuge is listed: only its address is withheld
    assert not leaks, "\n".join(leaks)
