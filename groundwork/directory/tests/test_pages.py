"""The directory's public pages: a community's and a network's search, a service's page and
its one-page handout."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from groundwork.communities.tests.factories import CommunityFactory

from .factories import ServiceFactory, directory_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():  # type: ignore[no-untyped-def]
    return directory_world()


def search_url(world, **params) -> str:  # type: ignore[no-untyped-def]
    from urllib.parse import urlencode

    return reverse("directory:search", args=[world.alder.slug]) + "?" + urlencode(params)


def test_a_community_directory_lists_its_own_services(client, world) -> None:  # type: ignore[no-untyped-def]
    response = client.get(reverse("directory:search", args=[world.alder.slug]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Community food pantry" in text and "Walk-in clinic" in text
    assert "Birch food pantry" not in text


def test_the_search_form_works_as_a_plain_get(client, world) -> None:  # type: ignore[no-untyped-def]
    response = client.get(
        search_url(world, q="despensa", open_now="on", near="Alder, NC", miles="10"),
        HTTP_ACCEPT_LANGUAGE="es",
    )
    text = response.content.decode()
    assert "Despensa comunitaria de alimentos" in text
    for other in ("sábados", "granja", "Birch", "Refugio"):
        assert other not in text.split('id="results-heading"')[1]
    assert "Abierto ahora" in text
    assert "1 servicio encontrado" in text


def test_typed_coordinates_are_used_and_checked(client, world) -> None:  # type: ignore[no-untyped-def]
    response = client.get(search_url(world, q="food", lat="36.0", lon="-78.9", miles="1"))
    results = response.content.decode().split('id="results-heading"')[1]
    assert "Community food pantry" in results and "Saturday food pantry" not in results
    response = client.get(search_url(world, lat="36.0"))
    assert "Give both latitude and longitude." in response.content.decode()
    response = client.get(search_url(world, lat="91", lon="0", term="not-a-term"))
    assert response.status_code == 200


def test_the_network_directory_joins_its_communities(client, world) -> None:  # type: ignore[no-untyped-def]
    hidden = CommunityFactory(
        name="Private Place", slug="private", network=world.network, is_public=False
    )
    ServiceFactory(community=hidden, name="Private pantry")
    response = client.get(reverse("directory:network", args=[world.network.slug]) + "?q=pantry")
    text = response.content.decode()
    assert "Birch food pantry" in text and "Community food pantry" in text
    assert "Private pantry" not in text


def test_a_private_community_directory_is_for_members(client) -> None:  # type: ignore[no-untyped-def]
    community = CommunityFactory(is_public=False)
    response = client.get(reverse("directory:search", args=[community.slug]))
    assert response.status_code == 302


def test_the_search_page_takes_the_same_queries_for_few_or_many_results(
    client, world, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    url = search_url(world, q="pantry", open_now="on", near="Alder, NC", miles="50", language="es")
    client.get(url)  # the filter choices, cached from then on
    with django_assert_max_num_queries(14) as few:
        assert client.get(url).status_code == 200
    few_queries = len(few)  # now: the connection's log of queries is bounded
    from groundwork.communities.tests.factories import OrganizationFactory

    from .factories import ALDER, add_service, food_term

    organization = OrganizationFactory(community=world.alder, name="More pantries")
    for n in range(15):
        add_service(
            world.alder,
            organization,
            name=f"Pantry {n}",
            point=ALDER,
            languages=("es",),
            terms=(food_term(world.alder),),
        )
    client.get(url)  # the writes dropped the cached choices: read again once
    with django_assert_max_num_queries(few_queries):
        response = client.get(url)
    assert response.content.decode().count('class="gw-result"') == 17


def test_the_service_page_says_what_a_caller_needs(client, world) -> None:  # type: ignore[no-untyped-def]
    url = reverse("directory:service", args=[world.alder.slug, world.clinic.hsds_id])
    text = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for expected in (
        "Walk-in clinic",
        "Blue Heron Clinic",
        "555-0100",
        "412 Heron Street",
        "Monday, Tuesday, Wednesday, Thursday and Friday",
        "English",
        "Ages 18 and over",
        "Sliding scale",
        "Sliding fee by income.",
        "Health care",
        "Not yet verified",
    ):
        assert expected in text, expected
    assert ("Open now" in text) or ("Opens next" in text)
    spanish = client.get(
        reverse("directory:service", args=[world.alder.slug, world.pantry.hsds_id]),
        HTTP_ACCEPT_LANGUAGE="es",
    ).content.decode()
    for expected in ("Despensa comunitaria de alimentos", "Abierto ahora", "inglés", "español"):
        assert expected in spanish, expected


def test_a_service_is_found_only_through_its_own_community(client, world) -> None:  # type: ignore[no-untyped-def]
    url = reverse("directory:service", args=[world.alder.slug, world.birch_pantry.hsds_id])
    assert client.get(url).status_code == 404
    url = reverse("directory:handout", args=[world.alder.slug, world.pantry.hsds_id, "fr"])
    assert client.get(url).status_code == 404


def _pdf_text(content: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(content))
    return len(reader.pages), " ".join(page.extract_text() for page in reader.pages)


@pytest.mark.parametrize(
    ("language", "expected"),
    [("es", "Despensa comunitaria de alimentos"), ("en", "Community food pantry")],
)
def test_the_handout_is_one_page_in_the_language_asked(client, world, language, expected) -> None:  # type: ignore[no-untyped-def]
    # A long description still fits.
    world.pantry.description = world.pantry.description_es = "Alimentos frescos. " * 150
    world.pantry.save()
    url = reverse("directory:handout", args=[world.alder.slug, world.pantry.hsds_id, language])
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en" if language == "es" else "es")
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    pages, text = _pdf_text(response.content)
    assert pages == 1
    assert expected in text
    assert ("Horario" if language == "es" else "Hours") in text
