"""Forms of an activity's performance measures and of one period's values. Numbers are typed
with a dot (12.5) in every language."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from groundwork.core.forms import Form

from .forms_indicators import _number
from .models import Direction
from .models_performance import PerformanceMeasure, Quadrant


class MeasureForm(Form):
    quadrant = forms.ChoiceField(
        label=_("Which question does it answer?"),
        choices=Quadrant.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "“Is anyone better off?” counts people with an improved skill, attitude, "
            "behaviour or circumstance, out of how many: the page shows the number and the "
            "percent."
        ),
    )
    name_en = forms.CharField(
        label=_("Measure in English"),
        max_length=300,
        help_text=_("For example: people who finished the training."),
    )
    name_es = forms.CharField(label=_("Measure in Spanish"), max_length=300, required=False)
    unit = forms.CharField(
        label=_("Unit"),
        max_length=100,
        required=False,
        help_text=_("For example: people, meetings, %."),
    )
    direction = forms.ChoiceField(
        label=_("Which way is better"),
        choices=Direction.choices,
        widget=forms.RadioSelect,
        initial=Direction.UP,
    )
    target_value = _number(
        _("Target"), help_text=_("For a “better off” measure, the percent you aim for.")
    )


class PeriodValuesForm(Form):
    """One period and, for each measure of the activity, its value, "out of" and a note."""

    period = forms.CharField(
        label=_("Period"),
        max_length=10,
        help_text=_("A year (2024), a quarter (2024-Q2) or a month (2024-05)."),
    )

    def __init__(self, *args: Any, measures: list[PerformanceMeasure], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.measures = measures
        for m in measures:
            self.fields[f"m{m.pk}-value"] = _number(
                _("%(name)s: number") % {"name": m.name}
                if m.needs_out_of
                else _("%(name)s: value") % {"name": m.name},
                help_text=m.unit,
            )  # left empty: that measure's value stays as it is
            self.fields[f"m{m.pk}-out_of"] = _number(
                _("%(name)s: out of how many") % {"name": m.name},
                required=False,
                help_text=(
                    _("Required: the percent is the number out of this.")
                    if m.needs_out_of
                    else _("Optional: to show a percent.")
                ),
            )
            self.fields[f"m{m.pk}-note"] = forms.CharField(
                label=_("%(name)s: note") % {"name": m.name}, max_length=500, required=False
            )

    def entries(self) -> list[Any]:
        from .actions.performance import Entry

        data = self.cleaned_data
        return [
            Entry(
                measure=m,
                value=data.get(f"m{m.pk}-value"),
                out_of=data.get(f"m{m.pk}-out_of"),
                note=data.get(f"m{m.pk}-note") or "",
            )
            for m in self.measures
        ]
