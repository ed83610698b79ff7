import csv
import io
import uuid

import pytest
from django.urls import reverse

from groundwork.communities.models import Role
from groundwork.communities.tests.factories import (
    CommunityFactory,
    NetworkFactory,
    UserFactory,
    member,
)
from groundwork.measures import results, services
from groundwork.measures.models import Instrument, Response
from groundwork.measures.urls_helpers import survey_url

from .factories import InstrumentFactory, ItemFactory, SectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    instrument = InstrumentFactory(
        title_en="Coalition check-in",
        title_es="Consulta a la coalición",
        intro_es="Gracias por participar.",
        breakdowns_allowed=True,
    )
    section = SectionFactory(instrument=instrument, title_en="About you", title_es="Sobre usted")
    ItemFactory(
        section=section,
        kind="single",
        role="sector",
        prompt_en="Your sector?",
        prompt_es="¿Su sector?",
    )
    ItemFactory(
        section=section,
        kind="likert",
        required=True,
        prompt_en="Meetings are useful.",
        prompt_es="Las reuniones son útiles.",
    )
    ItemFactory(
        section=section,
        kind="number",
        min_value=0,
        max_value=60,
        prompt_en="Years involved?",
        prompt_es="¿Cuántos años?",
    )
    ItemFactory(section=section, kind="text", prompt_en="What helps?", prompt_es="¿Qué ayuda?")
    return instrument


def items(instrument):
    return {i.prompt_en: i for i in instrument.items.all()}


def form_data(instrument, **answers):
    data = {"idempotency_key": uuid.uuid4().hex}
    found = items(instrument)
    for prompt, value in answers.items():
        data[f"item_{found[prompt].pk}"] = value
    return data


def test_form_in_spanish_and_a_spanish_response(client, survey):
    client.cookies["django_language"] = "es"
    url = reverse("measures:respond", args=[survey.slug])
    page = client.get(url).content.decode()
    assert "Consulta a la coalición" in page
    assert "Las reuniones son útiles." in page
    assert "Sobre usted" in page and "<legend" in page
    data = {
        "idempotency_key": "abc",
        f"item_{items(survey)['Meetings are useful.'].pk}": "4",
        f"item_{items(survey)['What helps?'].pk}": "La confianza entre nosotros",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    stored = Response.objects.get()
    assert stored.language == "es"


def test_bad_answers_keep_the_others_and_save_nothing(client, survey):
    url = reverse("measures:respond", args=[survey.slug])
    data = form_data(survey, **{"Years involved?": "99", "What helps?": "Shared meals"})
    page = client.post(url, data).content.decode()
    assert "Please answer this question." in page  # the required Likert item
    assert "Enter a number of at most 60." in page
    assert "Shared meals" in page  # kept
    assert Response.objects.count() == 0


def test_double_click_stores_one_response(client, survey):
    url = reverse("measures:respond", args=[survey.slug])
    data = form_data(survey, **{"Meetings are useful.": "5"})
    assert client.post(url, data).status_code == 302
    # The same submission again: a second click lands on the thank-you page too.
    assert client.post(url, data)["Location"] == reverse("measures:thanks", args=[survey.slug])
    client.cookies.clear()  # from a browser without the cookie: a message, and nothing more
    other = client.post(url, data)
    assert other.status_code == 200
    assert "This form was already received." in other.content.decode()
    assert f"gw_survey_{survey.pk}" not in other.cookies
    assert Response.objects.count() == 1


def test_one_response_per_browser(client, survey):
    url = reverse("measures:respond", args=[survey.slug])
    client.get(url)
    client.post(url, form_data(survey, **{"Meetings are useful.": "5"}))
    page = client.get(url).content.decode()
    assert "already been answered from this browser" in page
    client.post(url, form_data(survey, **{"Meetings are useful.": "1"}))
    assert Response.objects.count() == 1


def test_signed_survey_sends_anonymous_visitors_to_sign_in(client, survey):
    survey.respondents = "signed"
    survey.one_response_per = "person"
    survey.save()
    url = reverse("measures:respond", args=[survey.slug])
    assert client.get(url)["Location"].startswith(reverse("accounts:login"))
    client.force_login(UserFactory())
    client.post(url, form_data(survey, **{"Meetings are useful.": "5"}))
    assert "You have already answered this survey" in client.get(url).content.decode()


def test_closed_and_draft_surveys(client, survey):
    survey.status = "closed"
    survey.save()
    url = reverse("measures:respond", args=[survey.slug])
    assert "This survey is closed" in client.get(url).content.decode()
    response = client.post(url, form_data(survey, **{"Meetings are useful.": "5"}))
    assert response.status_code == 409 and Response.objects.count() == 0
    survey.status = "draft"
    survey.save()
    assert client.get(url).status_code == 404


def _fill(instrument, n, **answers):
    found = items(instrument)
    for _ in range(n):
        services.response_submit(
            instrument=instrument,
            answers={found[k].pk: v for k, v in answers.items()},
            language="en",
            idempotency_key=uuid.uuid4().hex,
        )


def test_small_counts_are_hidden_with_complementary_suppression(survey):
    _fill(survey, 3, **{"Meetings are useful.": "1"})
    _fill(survey, 20, **{"Meetings are useful.": "4"})
    _fill(survey, 15, **{"Meetings are useful.": "5"})
    found = {r.item.prompt_en: r for r in results.instrument_results(survey).items}
    bars = {b.value: b.cell for b in found["Meetings are useful."].bars}
    assert bars["1"].hidden  # 3 people
    assert bars["5"].hidden  # complementary: else 38 − 20 − 15 gives the 3 away
    assert bars["4"].value == 20
    assert found["Meetings are useful."].base.value == 38


def test_results_page_hides_small_counts(client, survey):
    steward = UserFactory()
    survey.network.stewards.add(steward)
    _fill(survey, 3, **{"Meetings are useful.": "1", "Your sector?": "faith"})
    _fill(survey, 25, **{"Meetings are useful.": "4", "Your sector?": "education"})
    client.force_login(steward)
    page = client.get(survey_url(survey, "results")).content.decode()
    assert "Responses by sector" in page
    assert ">3<" not in page and "hidden" in page
    assert "<svg" in page and "<caption" in page


def test_breakdowns_only_when_allowed(client, survey):
    steward = UserFactory()
    survey.network.stewards.add(steward)
    client.force_login(steward)
    _fill(survey, 12, **{"Meetings are useful.": "4", "Your sector?": "faith"})
    assert client.get(survey_url(survey, "breakdown")).status_code == 200
    survey.breakdowns_allowed = False
    survey.save()
    assert client.get(survey_url(survey, "breakdown")).status_code == 404
    assert "Responses by sector" not in client.get(survey_url(survey, "results")).content.decode()


def test_csv_is_formula_safe_and_nameless_for_anonymous_surveys(client, survey):
    steward = UserFactory(name="Pat Steward")
    survey.network.stewards.add(steward)
    person = UserFactory(name="Robin Respondent")
    found = items(survey)
    services.response_submit(
        instrument=survey,
        answers={found["Meetings are useful."].pk: "4", found["What helps?"].pk: "=HYPERLINK(1)"},
        language="en",
        idempotency_key="x",
        user=person,
    )
    client.force_login(steward)
    response = client.get(survey_url(survey, "export"))
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert "'=HYPERLINK(1)" in rows[1]
    assert "Robin Respondent" not in body and person.email not in body
    assert "Agree" in rows[1]


def test_csv_of_signed_survey_has_names(client, survey):
    survey.respondents = "signed"
    survey.save()
    steward = UserFactory()
    survey.network.stewards.add(steward)
    person = UserFactory(name="Robin Respondent")
    services.response_submit(
        instrument=survey,
        answers={items(survey)["Meetings are useful."].pk: "4"},
        language="en",
        idempotency_key="y",
        user=person,
    )
    client.force_login(steward)
    body = b"".join(client.get(survey_url(survey, "export")).streaming_content).decode()
    assert "Robin Respondent" in body


@pytest.mark.parametrize(
    ("who", "builder", "results_page"),
    [
        ("anonymous", 302, 302),
        ("member", 403, 403),
        ("coordinator", 200, 200),
        ("facilitator", 200, 200),
        ("steward", 403, 403),
    ],
)
def test_community_survey_permissions(client, who, builder, results_page):
    community = CommunityFactory(network=NetworkFactory())
    instrument = InstrumentFactory(network=None, community=community)
    ItemFactory(section__instrument=instrument)
    if who == "steward":
        user = UserFactory()
        community.network.stewards.add(user)
        client.force_login(user)
    elif who != "anonymous":
        client.force_login(member(community, getattr(Role, who.upper())))
    assert client.get(survey_url(instrument, "builder")).status_code == builder
    assert client.get(survey_url(instrument, "results")).status_code == results_page
    assert client.get(survey_url(instrument, "export")).status_code == results_page


def test_network_survey_permissions_and_public_results(client, survey):
    url = survey_url(survey, "builder")
    assert client.get(url).status_code == 302
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    assert client.get(survey_url(survey, "results")).status_code == 403
    survey.results_public = True
    survey.save()
    assert client.get(survey_url(survey, "results")).status_code == 200
    assert client.get(survey_url(survey, "export")).status_code == 403
    steward = UserFactory()
    survey.network.stewards.add(steward)
    client.force_login(steward)
    assert client.get(url).status_code == 200


def test_builder_flow_through_the_forms(client):
    network = NetworkFactory()
    steward = UserFactory()
    network.stewards.add(steward)
    client.force_login(steward)
    list_url = reverse("measures:network_list", args=[network.slug])
    response = client.post(list_url, {"start": "blank", "title_en": "Quick pulse"})
    instrument = Instrument.objects.get()
    assert response["Location"] == survey_url(instrument, "builder")
    client.post(survey_url(instrument, "section_add"), {"title_en": "Start", "title_es": "Inicio"})
    section = instrument.sections.get()
    response = client.post(
        survey_url(instrument, "item_add", section_id=section.pk),
        {
            "kind": "single",
            "role": "",
            "prompt_en": "Pick one",
            "prompt_es": "Elija una",
            "choices_text": "a | Apples | Manzanas\nb | Beans | Frijoles",
        },
    )
    assert response.status_code == 302
    item = instrument.items.get()
    assert item.choices[1] == {"value": "b", "en": "Beans", "es": "Frijoles"}
    client.post(survey_url(instrument, "publish"), {"opens_at": "", "closes_at": ""})
    instrument.refresh_from_db()
    assert instrument.status == "open"
    page = client.get(survey_url(instrument, "builder")).content.decode()
    assert instrument.get_absolute_url() in page
    # A published survey refuses to lose a choice, with a message, and keeps the form.
    response = client.post(
        survey_url(instrument, "item_edit", item_id=item.pk),
        {"kind": "single", "role": "", "prompt_en": "Pick one", "choices_text": "a | Apples"},
    )
    assert "choices cannot be removed" in response.content.decode()
    assert client.get(survey_url(instrument, "preview")).status_code == 200
    client.post(survey_url(instrument, "close"))
    instrument.refresh_from_db()
    assert instrument.status == "closed"


def test_lists_show_published_surveys_to_everyone(client, survey):
    InstrumentFactory(network=survey.network, status="draft", title_en="Secret draft")
    page = client.get(reverse("measures:network_list", args=[survey.network.slug])).content
    assert b"Coalition check-in" in page and b"Secret draft" not in page


def test_query_counts_are_pinned(client, survey, django_assert_max_num_queries):
    steward = UserFactory()
    survey.network.stewards.add(steward)
    for i in range(4):
        InstrumentFactory(network=survey.network, title_en=f"Other {i}")
    _fill(
        survey,
        30,
        **{
            "Meetings are useful.": "4",
            "Your sector?": "faith",
            "What helps?": "Regular meetings with shared food",
        },
    )
    client.force_login(steward)
    with django_assert_max_num_queries(12):
        client.get(reverse("measures:network_list", args=[survey.network.slug]))
    client.get(survey_url(survey, "results"))  # computes and caches the themes
    with django_assert_max_num_queries(14):
        client.get(survey_url(survey, "results"))
    with django_assert_max_num_queries(14):
        client.get(reverse("measures:respond", args=[survey.slug]))
    with django_assert_max_num_queries(14):
        client.get(survey_url(survey, "builder"))


def test_breakdown_and_results_agree_on_every_hidden_count(survey):
    _fill(survey, 3, **{"Meetings are useful.": "1", "Your sector?": "faith"})
    _fill(survey, 14, **{"Meetings are useful.": "4", "Your sector?": "faith"})
    _fill(survey, 25, **{"Meetings are useful.": "4", "Your sector?": "education"})
    _fill(survey, 12, **{"Meetings are useful.": "5", "Your sector?": "education"})
    item = items(survey)["Meetings are useful."]
    page = {r.item.pk: r for r in results.instrument_results(survey).items}[item.pk]
    table = results.item_breakdown(survey, item, "sector")
    assert [b.cell for b in page.bars] == table.column_totals
    assert page.base == table.grand_total
    faith = next(row for row in table.rows if row[0] == "Faith")
    assert faith[1][0].hidden  # the three faith members who strongly disagree
    # Nothing hidden can be recovered from a row, a column or the totals.
    for label, cells, total in table.rows:
        shown = [c.value for c in cells if c.value is not None]
        if total.value is not None and len(shown) == len(cells) - 1:
            raise AssertionError(f"one hidden cell in the row {label} can be worked out")
