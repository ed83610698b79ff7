import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from groundwork.communities.tests.factories import NetworkFactory, UserFactory
from groundwork.core.errors import ApplicationError
from groundwork.core.models import AuditEvent
from groundwork.measures import services
from groundwork.measures.models import Answer, Instrument, Item, ItemKind, ItemRole, Response

from .factories import InstrumentFactory, ItemFactory, SectionFactory, choices

pytestmark = pytest.mark.django_db


def submit(instrument, answers, **kwargs):
    kwargs.setdefault("idempotency_key", uuid.uuid4().hex)
    kwargs.setdefault("language", "en")
    return services.response_submit(instrument=instrument, answers=answers, **kwargs)


def test_template_creates_a_draft_with_sections_items_and_roles():
    steward = UserFactory()
    network = NetworkFactory()
    instrument = services.instrument_create_from_template(actor=steward, network=network)
    assert instrument.status == Instrument.Status.DRAFT
    assert instrument.sections.count() == 5
    assert instrument.items.count() >= 18
    roles = set(instrument.items.exclude(role="").values_list("role", flat=True))
    assert roles == {ItemRole.SECTOR, ItemRole.COUNTY}
    assert all(i.prompt_es for i in instrument.items.all())
    assert AuditEvent.objects.filter(action="survey.created").exists()


def test_owner_is_network_xor_community():
    with pytest.raises(ApplicationError):
        services.instrument_create(actor=None, title_en="Nobody's survey")


def test_one_per_person_needs_signed_responses():
    with pytest.raises(ApplicationError):
        services.instrument_create(
            actor=None,
            network=NetworkFactory(),
            title_en="S",
            respondents="anonymous",
            one_response_per="person",
        )


def test_drafts_can_change_freely():
    item = ItemFactory(section__instrument__status="draft", kind=ItemKind.LIKERT)
    item = services.item_update(
        actor=None, item=item, kind=ItemKind.SINGLE, choices=choices("a", "b")
    )
    assert item.kind == ItemKind.SINGLE
    services.item_update(actor=None, item=item, choices=choices("c"))
    services.item_delete(actor=None, item=item)
    assert not Item.objects.filter(pk=item.pk).exists()


def test_publishing_locks_changes_that_would_break_answers():
    item = ItemFactory(
        section__instrument__status="draft", kind=ItemKind.SINGLE, choices=choices("a", "b")
    )
    instrument = item.instrument
    services.instrument_publish(actor=None, instrument=instrument)
    item.refresh_from_db()
    with pytest.raises(ApplicationError):
        services.item_update(actor=None, item=item, kind=ItemKind.MULTIPLE)
    item.refresh_from_db()
    with pytest.raises(ApplicationError):
        services.item_update(actor=None, item=item, choices=choices("a"))
    item.refresh_from_db()
    with pytest.raises(ApplicationError):
        services.item_delete(actor=None, item=item)
    with pytest.raises(ApplicationError):
        services.section_delete(actor=None, section=item.section)
    with pytest.raises(ApplicationError):
        services.instrument_update(actor=None, instrument=instrument, respondents="signed")
    # Rewording and new choices are fine.
    item.refresh_from_db()
    new = [*choices("a", "b"), {"value": "c", "en": "C", "es": "C"}]
    new[0]["en"] = "Reworded"
    item = services.item_update(actor=None, item=item, prompt_en="New wording", choices=new)
    assert item.prompt_en == "New wording" and len(item.choices) == 3


def test_publish_needs_questions_and_sane_dates():
    instrument = InstrumentFactory(status="draft")
    with pytest.raises(ApplicationError):
        services.instrument_publish(actor=None, instrument=instrument)
    ItemFactory(section__instrument=instrument)
    now = timezone.now()
    with pytest.raises(ApplicationError):
        services.instrument_publish(
            actor=None, instrument=instrument, opens_at=now + timedelta(days=2), closes_at=now
        )
    services.instrument_publish(actor=None, instrument=instrument)
    services.instrument_close(actor=None, instrument=instrument)
    assert instrument.status == "closed"


def test_reorder_items_and_sections():
    section = SectionFactory(instrument__status="draft")
    a = services.item_create(actor=None, section=section, kind="text", prompt_en="A")
    b = services.item_create(actor=None, section=section, kind="text", prompt_en="B")
    c = services.item_create(actor=None, section=section, kind="text", prompt_en="C")
    services.item_move(actor=None, item=c, direction="up")
    assert list(section.items.values_list("prompt_en", flat=True)) == ["A", "C", "B"]
    services.item_move(actor=None, item=a, direction="up")  # already first: nothing moves
    assert list(section.items.values_list("prompt_en", flat=True)) == ["A", "C", "B"]
    assert b.pk
    second = services.section_create(actor=None, instrument=section.instrument, title_en="Second")
    services.section_move(actor=None, section=second, direction="up")
    assert section.instrument.sections.first() == second


def _instrument_with_items():
    instrument = InstrumentFactory()
    section = SectionFactory(instrument=instrument)
    likert = ItemFactory(section=section, kind=ItemKind.LIKERT, required=True)
    number = ItemFactory(section=section, kind=ItemKind.NUMBER, min_value=0, max_value=60)
    single = ItemFactory(section=section, kind=ItemKind.SINGLE, choices=choices("x", "y"))
    multi = ItemFactory(
        section=section, kind=ItemKind.MULTIPLE, choices=choices("p", "q", "r"), max_choices=2
    )
    text = ItemFactory(section=section, kind=ItemKind.TEXT)
    return instrument, likert, number, single, multi, text


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("likert", None),  # required
        ("likert", "6"),  # not on the scale
        ("number", "61"),
        ("number", "-1"),
        ("number", "lots"),
        ("single", "z"),
        ("multi", ["p", "q", "r"]),  # more than two
        ("multi", ["nope"]),
    ],
)
def test_bad_answers_are_refused_and_nothing_is_saved(field, value):
    instrument, likert, number, single, multi, text = _instrument_with_items()
    items = {"likert": likert, "number": number, "single": single, "multi": multi}
    answers = {likert.pk: "4", number.pk: "3", text.pk: "Something"}
    answers[items[field].pk] = value
    with pytest.raises(ApplicationError) as error:
        submit(instrument, answers)
    assert error.value.field == f"item_{items[field].pk}"
    assert Response.objects.count() == 0 and Answer.objects.count() == 0


def test_good_answers_are_stored_with_their_kinds():
    instrument, likert, number, single, multi, text = _instrument_with_items()
    response = submit(
        instrument,
        {likert.pk: "5", number.pk: "2.5", single.pk: "y", multi.pk: ["q", "p"], text.pk: " hi "},
        language="es",
    )
    stored = {a.item_id: a for a in response.answers.all()}
    assert stored[likert.pk].value == "5"
    assert stored[number.pk].number == 2.5
    assert stored[multi.pk].value == ["p", "q"]
    assert stored[text.pk].text == "hi"
    assert response.language == "es"


def test_same_idempotency_key_stores_one_response():
    instrument, likert, *_ = _instrument_with_items()
    first = submit(instrument, {likert.pk: "4"}, idempotency_key="k1")
    again = submit(instrument, {likert.pk: "2"}, idempotency_key="k1")
    assert first.pk == again.pk
    assert Response.objects.count() == 1


def test_one_response_per_link():
    instrument, likert, *_ = _instrument_with_items()
    submit(instrument, {likert.pk: "4"}, link_token="browser-1")
    with pytest.raises(ApplicationError):
        submit(instrument, {likert.pk: "4"}, link_token="browser-1")
    submit(instrument, {likert.pk: "4"}, link_token="browser-2")
    assert Response.objects.count() == 2


def test_one_response_per_person():
    instrument, likert, *_ = _instrument_with_items()
    instrument.respondents = "signed"
    instrument.one_response_per = "person"
    instrument.save()
    person = UserFactory()
    with pytest.raises(ApplicationError):
        submit(instrument, {likert.pk: "4"})  # signed surveys need a signed-in person
    response = submit(instrument, {likert.pk: "4"}, user=person)
    assert response.respondent == person
    with pytest.raises(ApplicationError):
        submit(instrument, {likert.pk: "3"}, user=person)
    assert Response.objects.count() == 1


def test_closed_and_not_yet_open_surveys_refuse_responses():
    instrument, likert, *_ = _instrument_with_items()
    instrument.opens_at = timezone.now() + timedelta(days=1)
    instrument.save()
    with pytest.raises(ApplicationError, match="not open yet"):
        submit(instrument, {likert.pk: "4"})
    instrument.opens_at = None
    instrument.closes_at = timezone.now() - timedelta(minutes=1)
    instrument.save()
    with pytest.raises(ApplicationError, match="closed"):
        submit(instrument, {likert.pk: "4"})
    instrument.closes_at = None
    instrument.status = "closed"
    instrument.save()
    with pytest.raises(ApplicationError, match="closed"):
        submit(instrument, {likert.pk: "4"})


def test_sector_and_county_are_copied_for_breakdowns():
    instrument = InstrumentFactory()
    section = SectionFactory(instrument=instrument)
    sector = ItemFactory(section=section, kind="single", role="sector")
    county = ItemFactory(section=section, kind="single", role="county")
    response = submit(instrument, {sector.pk: "faith", county.pk: "37001"})
    assert (response.sector, response.county) == ("faith", "37001")
    with pytest.raises(ApplicationError):
        submit(instrument, {county.pk: "06001"})  # a California county in an NC network
