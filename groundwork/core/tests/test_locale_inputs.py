"""Date, time and number inputs hold ISO and "." decimals in every language.

A browser shows nothing in <input type="date" value="02/11/2026">, so a form saved unchanged
in Spanish would lose its dates. These tests render every form that has such an input, in
Spanish and in English, and read the values back; one test finds every form class in the
project so a new form cannot skip the rule.
"""

import importlib
import inspect
import pkgutil
import re
from datetime import date, datetime
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.forms.fields import BaseTemporalField
from django.utils import translation

import groundwork
from groundwork.communities.forms import InvitationForm
from groundwork.communities.tests.factories import CommunityFactory
from groundwork.core.forms import UswdsFormMixin
from groundwork.measures.forms import InvitationLinksForm, ItemForm
from groundwork.measures.forms import PublishForm as SurveyPublishForm
from groundwork.measures.models import Item
from groundwork.planning.forms import (
    GatheringForm,
    GuideSectionForm,
    PhaseForm,
    PopulationForm,
    ProcessForm,
    ProcessSettingsForm,
)
from groundwork.planning.models import Process
from groundwork.plans.forms import ActivityForm, ProgressForm
from groundwork.plans.models import Plan

ISO = {
    "date": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "datetime-local": re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$"),
    "time": re.compile(r"^\d{2}:\d{2}$"),
    "number": re.compile(r"^-?\d+(\.\d+)?$"),
}


class _Inputs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.inputs: list[dict[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "input":
            self.inputs.append({k: v or "" for k, v in attrs})


def typed_inputs(form: forms.BaseForm) -> dict[str, dict[str, str]]:
    """The date, time and number inputs of a rendered form, by name."""
    parser = _Inputs()
    parser.feed("".join(str(form[name]) for name in form.fields))
    return {i["name"]: i for i in parser.inputs if i.get("type") in ISO}


def assert_iso(form: forms.BaseForm, expected: dict[str, str]) -> None:
    inputs = typed_inputs(form)
    for name, value in expected.items():
        assert name in inputs, f"{name} is not a date, time or number input: {form[name]}"
        field = inputs[name]
        assert field["value"] == value, f"{name}: {field}"
        assert ISO[field["type"]].match(field["value"]), f"{name}: {field}"
        for attribute in ("min", "max", "step"):
            if attribute in field and field[attribute] != "any":
                assert ISO[field["type"]].match(field[attribute]), f"{name}: {field}"


LANGUAGES = ["es", "en"]


@pytest.fixture
def two_plans(db):  # type: ignore[no-untyped-def]
    """Two communities, each with a process and a plan (the second is the other tenant)."""
    plans = []
    for slug in ("alder", "birch"):
        community = CommunityFactory(slug=slug)
        process = Process.objects.create(community=community, title=slug, slug="p")
        plans.append(Plan.objects.create(process=process, community=community, title=slug))
    return plans


@pytest.mark.parametrize("language", LANGUAGES)
def test_activity_form_renders_and_reads_iso_dates(two_plans, language):  # type: ignore[no-untyped-def]
    plan = two_plans[0]
    with translation.override(language):
        form = ActivityForm(
            plan=plan,
            initial={"starts_on": date(2026, 11, 2), "ends_on": date(2027, 1, 31)},
        )
        assert_iso(form, {"starts_on": "2026-11-02", "ends_on": "2027-01-31"})
        goal = plan.goals.create(title="Goal", community=plan.community)
        bound = ActivityForm(
            plan=plan,
            data={
                "goal": goal.pk,
                "title": "Ride share",
                "status": "planned",
                "starts_on": "2026-11-02",
                "ends_on": "2027-01-31",
            },
        )
        assert bound.is_valid(), bound.errors
        assert bound.cleaned_data["starts_on"] == date(2026, 11, 2)
        assert bound.cleaned_data["ends_on"] == date(2027, 1, 31)
        # A form shown again after an error keeps what the browser sent, still ISO.
        assert_iso(bound, {"starts_on": "2026-11-02", "ends_on": "2027-01-31"})


@pytest.mark.parametrize("language", LANGUAGES)
def test_progress_form_renders_todays_date_and_numbers_unlocalized(language):  # type: ignore[no-untyped-def]
    with translation.override(language):
        form = ProgressForm(initial={"on_date": date(2026, 2, 11), "progress": 45})
        assert_iso(form, {"on_date": "2026-02-11", "progress": "45"})
        bound = ProgressForm(
            data={"on_date": "2026-02-11", "progress": "45", "status": "under_way", "note": "n"}
        )
        assert bound.is_valid(), bound.errors
        assert bound.cleaned_data["on_date"] == date(2026, 2, 11)
        # With no initial date, today's date, as ISO.
        assert ISO["date"].match(typed_inputs(ProgressForm())["on_date"]["value"])


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("form_class", [ProcessForm, ProcessSettingsForm, PhaseForm])
def test_planning_date_forms_render_iso(two_plans, form_class, language):  # type: ignore[no-untyped-def]
    extra = {"process": two_plans[0].process} if form_class is ProcessSettingsForm else {}
    with translation.override(language):
        form = form_class(
            initial={"starts_on": date(2026, 3, 9), "ends_on": date(2026, 12, 1)}, **extra
        )
        assert_iso(form, {"starts_on": "2026-03-09", "ends_on": "2026-12-01"})


@pytest.mark.parametrize("language", LANGUAGES)
def test_gathering_form_renders_iso_datetime_and_plain_numbers(two_plans, language):  # type: ignore[no-untyped-def]
    process = two_plans[0].process
    when = datetime(2026, 11, 2, 18, 30, tzinfo=ZoneInfo("America/New_York"))
    with translation.override(language):
        form = GatheringForm(
            process=process,
            initial={"starts_at": when, "expected_attendance": 1200, "actual_attendance": 0},
        )
        assert_iso(
            form,
            {
                "starts_at": "2026-11-02T18:30",
                "expected_attendance": "1200",
                "actual_attendance": "0",
            },
        )
        bound = GatheringForm(
            process=process,
            data={
                "title": "Potluck",
                "kind": "large",
                "starts_at": "2026-11-02T18:30",
                "language": "es",
            },
        )
        bound.is_valid()
        assert "starts_at" not in bound.errors
        assert bound.cleaned_data["starts_at"] == when


@pytest.mark.parametrize("language", LANGUAGES)
def test_survey_forms_render_iso_datetimes_and_dot_decimals(language):  # type: ignore[no-untyped-def]
    opens = datetime(2026, 3, 1, 9, 0, tzinfo=ZoneInfo("America/New_York"))
    with translation.override(language):
        assert_iso(SurveyPublishForm(initial={"opens_at": opens}), {"opens_at": "2026-03-01T09:00"})
        assert_iso(InvitationLinksForm(), {"count": "10"})
        item = Item(kind="number", prompt_en="Budget", min_value=0.5, max_value=2500.25)
        assert_iso(ItemForm(instance=item), {"min_value": "0.5", "max_value": "2500.25"})
        bound = ItemForm(
            instance=Item(kind="number"),
            data={"kind": "number", "prompt_en": "Budget", "min_value": "0.5"},
        )
        bound.is_valid()
        assert "min_value" not in bound.errors
        assert bound.cleaned_data["min_value"] == 0.5


@pytest.mark.parametrize("language", LANGUAGES)
def test_other_number_inputs_render_unlocalized(two_plans, language):  # type: ignore[no-untyped-def]
    with translation.override(language):
        assert_iso(InvitationForm(initial={"max_uses": 250}), {"max_uses": "250"})
        assert_iso(
            GuideSectionForm(initial={"order": 1200, "day": 2, "minutes": 90}),
            {"order": "1200", "day": "2", "minutes": "90"},
        )
        population = PopulationForm(groups={"area": [("north", "North")]}, figures=[])
        population.initial["area_0"] = 123456
        assert_iso(population, {"area_0": "123456"})


def _form_classes() -> list[type[forms.BaseForm]]:
    found = {}
    for module_info in pkgutil.walk_packages(groundwork.__path__, "groundwork."):
        name = module_info.name
        if ".tests" in name or ".migrations" in name or not name.endswith("forms"):
            continue
        module = importlib.import_module(name)
        for _name, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, forms.BaseForm) and obj.__module__.startswith("groundwork."):
                found[f"{obj.__module__}.{obj.__qualname__}"] = obj
    return list(found.values())


TYPED = (BaseTemporalField, forms.IntegerField, forms.FloatField, forms.DecimalField)


def test_every_form_with_date_time_or_number_fields_follows_the_rule() -> None:
    """Every form class with a date, time or number field renders them through the mixin
    (which makes them ISO and unlocalized); a form outside it would render Spanish dates."""
    classes = _form_classes()
    assert len(classes) > 30  # the walk found the project's forms
    offenders = []
    for cls in classes:
        typed = [
            name
            for name, field in cls.base_fields.items()
            if isinstance(field, TYPED) and not field.widget.is_hidden
        ]
        if typed and not issubclass(cls, UswdsFormMixin):
            offenders.append(f"{cls.__module__}.{cls.__qualname__}: {typed}")
    assert not offenders, offenders


def test_iso_dates_parse_under_spanish_input_formats() -> None:
    with translation.override("es"):
        field = forms.DateField()
        assert field.clean("2026-11-02") == date(2026, 11, 2)
        assert forms.DateTimeField().clean("2026-11-02T18:30").replace(tzinfo=None) == (
            datetime(2026, 11, 2, 18, 30)
        )
        assert forms.TimeField().clean("18:30").hour == 18
