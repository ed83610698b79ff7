from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from groundwork.core.forms import Form
from groundwork.plans.budget_forms import AmountField

from .models import FunderKind


class FunderForm(Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=FunderKind.choices)
    identifier = forms.CharField(
        label=_("Organisation identifier"),
        max_length=100,
        required=False,
        help_text=_("For open data, for example US-EIN-123456789. Leave empty if unknown."),
    )


class GrantForm(Form):
    funder = forms.ModelChoiceField(label=_("Funder"), queryset=None, empty_label=None)
    title = forms.CharField(label=_("Title"), max_length=200)
    recipient = forms.CharField(
        label=_("Recipient"),
        max_length=200,
        help_text=_("The organization that receives the money."),
    )
    amount = AmountField(label=_("Amount (dollars)"))
    awarded_on = forms.DateField(
        label=_("Award date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    starts_on = forms.DateField(label=_("Starts"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Ends"), widget=forms.DateInput(attrs={"type": "date"}))
    communities = forms.ModelMultipleChoiceField(
        label=_("Coalitions funded"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "usa-checkbox__input"}),
    )
    activities = forms.ModelMultipleChoiceField(
        label=_("Activities funded"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "usa-checkbox__input"}),
    )
    restrictions = forms.CharField(
        label=_("Restrictions"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    reporting = forms.DateField(
        label=_("Next report due"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(
        self, *args: Any, funders: Any, communities: Any, activities: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["funder"].queryset = funders  # type: ignore[attr-defined]
        self.fields["communities"].queryset = communities  # type: ignore[attr-defined]
        self.fields["activities"].queryset = activities  # type: ignore[attr-defined]
        self.fields["activities"].label_from_instance = (  # type: ignore[attr-defined]
            lambda a: f"{a.title} ({a.plan.process.community.name})"
        )
