"""Forms of results and indicators. Numbers are typed with a dot (12.5) in every language,
as the chart and the CSV files write them."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from groundwork.communities.models import Community, Network
from groundwork.core.forms import Form
from groundwork.plans.models import Activity, Plan

from .models import Direction, Result

NUMBER = {"step": "any", "inputmode": "decimal"}


def _number(label: Any, help_text: Any = "", required: bool = False) -> forms.FloatField:
    return forms.FloatField(
        label=label,
        help_text=help_text,
        required=required,
        widget=forms.NumberInput(attrs=NUMBER),
        error_messages={"invalid": _("Enter a number, written with a dot: 12.5.")},
    )


class ResultForm(Form):
    owner = forms.ChoiceField(label=_("It belongs to"))
    title_en = forms.CharField(label=_("Result in English"), max_length=300)
    title_es = forms.CharField(label=_("Result in Spanish"), max_length=300, required=False)
    description_en = forms.CharField(
        label=_("Description in English"), max_length=3000, required=False, widget=forms.Textarea
    )
    description_es = forms.CharField(
        label=_("Description in Spanish"), max_length=3000, required=False, widget=forms.Textarea
    )

    def __init__(
        self,
        *args: Any,
        community: Community | None = None,
        network: Network | None = None,
        result: Result | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.owners: dict[str, Any] = {}
        if result is not None:
            del self.fields["owner"]
            return
        choices: list[tuple[str, str]] = []
        if community is not None:
            for plan in Plan.objects.filter(community=community).order_by("pk"):
                self.owners[f"plan:{plan.pk}"] = plan
                choices.append((f"plan:{plan.pk}", str(_("Plan: %(title)s") % {"title": plan})))
            for goal in community.county_goals.order_by("pk"):
                self.owners[f"county_goal:{goal.pk}"] = goal
                choices.append(
                    (f"county_goal:{goal.pk}", str(_("County goal: %(title)s") % {"title": goal}))
                )
        if network is not None:
            for ngoal in network.goals.order_by("position", "pk"):
                self.owners[f"network_goal:{ngoal.pk}"] = ngoal
                choices.append(
                    (
                        f"network_goal:{ngoal.pk}",
                        str(_("Statewide goal: %(title)s") % {"title": ngoal}),
                    )
                )
        self.fields["owner"].choices = choices

    def chosen_owner(self) -> Any:
        return self.owners[self.cleaned_data["owner"]]


class IndicatorForm(Form):
    name_en = forms.CharField(label=_("Indicator in English"), max_length=300)
    name_es = forms.CharField(label=_("Indicator in Spanish"), max_length=300, required=False)
    description_en = forms.CharField(
        label=_("Description in English"), max_length=3000, required=False, widget=forms.Textarea
    )
    description_es = forms.CharField(
        label=_("Description in Spanish"), max_length=3000, required=False, widget=forms.Textarea
    )
    unit = forms.CharField(
        label=_("Unit"),
        max_length=100,
        required=False,
        help_text=_("For example: per 1,000 children."),
    )
    direction = forms.ChoiceField(
        label=_("Which way is better"), choices=Direction.choices, widget=forms.RadioSelect
    )
    source = forms.CharField(label=_("Source"), max_length=300, required=False)
    geography = forms.CharField(
        label=_("Geography"),
        max_length=200,
        required=False,
        help_text=_("For example: Alder County."),
    )
    baseline_value = _number(_("Baseline value"))
    baseline_period = forms.CharField(
        label=_("Baseline period"),
        max_length=10,
        required=False,
        help_text=_("A year (2020), a quarter (2020-Q1) or a month (2020-01)."),
    )
    target_value = _number(_("Target value"))
    target_period = forms.CharField(
        label=_("Target period"),
        max_length=10,
        required=False,
        help_text=_("By when: a year (2030), a quarter (2030-Q4) or a month (2030-12)."),
    )
    story_en = forms.CharField(
        label=_("The story behind the curve, in English"),
        max_length=5000,
        required=False,
        widget=forms.Textarea,
        help_text=_("Why the line goes where it goes: the causes and the forces at work."),
    )
    story_es = forms.CharField(
        label=_("The story behind the curve, in Spanish"),
        max_length=5000,
        required=False,
        widget=forms.Textarea,
    )
    partners_en = forms.CharField(
        label=_("Partners with a role to play, in English"),
        max_length=3000,
        required=False,
        widget=forms.Textarea,
    )
    partners_es = forms.CharField(
        label=_("Partners with a role to play, in Spanish"),
        max_length=3000,
        required=False,
        widget=forms.Textarea,
    )
    what_works_en = forms.CharField(
        label=_("What works, in English"),
        max_length=5000,
        required=False,
        widget=forms.Textarea,
        help_text=_("Practices with evidence, and what the community knows works here."),
    )
    what_works_es = forms.CharField(
        label=_("What works, in Spanish"),
        max_length=5000,
        required=False,
        widget=forms.Textarea,
    )
    activities = forms.ModelMultipleChoiceField(
        label=_("Plan activities that work on it"),
        queryset=Activity.objects.none(),  # set in __init__
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, activities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["activities"]
        field.queryset = activities  # type: ignore[attr-defined]
        if not activities.exists():
            del self.fields["activities"]


class ValueForm(Form):
    period = forms.CharField(
        label=_("Period"),
        max_length=10,
        help_text=_("A year (2024), a quarter (2024-Q2) or a month (2024-05)."),
    )
    value = _number(_("Value"), required=True)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
    source = forms.CharField(label=_("Source"), max_length=300, required=False)


class ValuesImportForm(Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: period, value, and optionally note and source, with a first line naming "
            "them. Write numbers with a dot: 12.5."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs.update({"accept": ".csv,text/csv"})

    def clean_file(self) -> Any:
        from .actions.value_import import MAX_BYTES

        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:  # refused before it is read
            raise forms.ValidationError(_("The file is larger than 1 MB."))
        return upload


class SviImportForm(ValuesImportForm):
    year = forms.IntegerField(
        label=_("Year of the SVI release"),
        min_value=2000,
        max_value=2100,
        help_text=_("For example: 2018."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].label = _("SVI county file (CSV)")
        self.fields["file"].help_text = _(
            "The county CSV from the CDC/ATSDR SVI download page, for any state and year."
        )
