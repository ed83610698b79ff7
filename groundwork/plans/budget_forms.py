"""Forms for a plan's money and its budget votes. Amounts are typed in whole units with up to
two decimals, without thousands separators or currency signs (the inputs are unlocalized), and
kept as integers of cents."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from groundwork.analysis.pb import DuplicatePlace, ranking_from_places
from groundwork.core.forms import Form

from .models import BallotKind, CostCategory, InKindKind, VoteRule


class AmountField(forms.DecimalField):
    """Money in whole units and cents (``1234.50``), cleaned to an integer of cents."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal("0"))
        kwargs.setdefault("max_value", Decimal("10000000"))
        kwargs.setdefault("localize", False)
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"inputmode": "decimal", "pattern": r"[0-9]+([.][0-9]{1,2})?"}),
        )
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Any:
        amount = super().clean(value)
        return None if amount is None else int(amount * 100)


def cents_input(cents: int) -> str:
    """An integer of cents as an unlocalized input value."""
    return f"{cents // 100}.{cents % 100:02d}"


class CostLineForm(Form):
    category = forms.ChoiceField(label=_("Category"), choices=CostCategory.choices)
    description = forms.CharField(label=_("What it pays for"), max_length=200, required=False)
    amount = AmountField(label=_("Amount (dollars)"), help_text=_("For example 250 or 250.50."))


class InKindForm(Form):
    kind = forms.ChoiceField(label=_("Kind of help"), choices=InKindKind.choices)
    description = forms.CharField(label=_("What is given"), max_length=200)
    hours = forms.IntegerField(label=_("Hours"), min_value=0, max_value=100000, required=False)
    value = AmountField(
        label=_("What it is worth (dollars)"),
        required=False,
        help_text=_("What it would cost to pay for it."),
    )
    asset = forms.ModelChoiceField(
        label=_("From an asset of the map"), queryset=None, required=False
    )
    organization = forms.ModelChoiceField(
        label=_("From an organization"), queryset=None, required=False
    )

    def __init__(self, *args: Any, assets: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["asset"].queryset = assets  # type: ignore[attr-defined]
        self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]


class MoneyForm(Form):
    funded = AmountField(label=_("Funded so far (dollars)"))
    spent = AmountField(label=_("Spent so far (dollars)"))


class BudgetVoteForm(Form):
    title = forms.CharField(label=_("Title of the vote"), max_length=200)
    budget = AmountField(label=_("Total budget (dollars)"))
    activities = forms.MultipleChoiceField(
        label=_("Activities on the ballot"),
        help_text=_("Each at the cost its cost lines add up to."),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "usa-checkbox__input"}),
    )
    kind = forms.ChoiceField(
        label=_("Residents' ballots"),
        choices=BallotKind.choices,
        widget=forms.RadioSelect(attrs={"class": "usa-radio__input"}),
        initial=BallotKind.CHOOSE,
    )
    rule = forms.ChoiceField(
        label=_("Rule that decides the winners"),
        choices=[(rule, rule.label) for rule in (VoteRule.GREEDY, VoteRule.EQUAL_SHARES)],
        help_text=_("On ranked ballots, most votes first counts Borda points."),
        widget=forms.RadioSelect(attrs={"class": "usa-radio__input"}),
        initial=VoteRule.GREEDY,
    )
    codes_required = forms.BooleanField(
        label=_("Voters need a verification code handed out at a gathering"), required=False
    )

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["activities"].choices = choices  # type: ignore[attr-defined]


class CodesForm(Form):
    count = forms.IntegerField(label=_("How many codes"), min_value=1, max_value=2000, initial=50)


class BallotForm(Form):
    """The knapsack ballot: one checkbox per option. The running total is worked out by the
    page's script where there is one; the server checks the total in every case."""

    options = forms.MultipleChoiceField(
        label=_("Activities you choose"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "usa-checkbox__input"}),
    )
    code = forms.CharField(label=_("Verification code"), max_length=20, required=False)

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["options"].choices = choices  # type: ignore[attr-defined]


class RankingMixin:
    """One "place" select per option (not ranked, 1, 2, ...), named ``place-<option id>``;
    a valid form has ``cleaned_data["ranking"]``: the option ids, first choice first. Works
    without JavaScript. Places may skip numbers (they close up); two options at one place
    are refused with a message, and nothing is stored."""

    fields: dict[str, Any]
    cleaned_data: dict[str, Any]

    def add_places(self, choices: list[tuple[int, str]]) -> None:
        places = [("", _("Not ranked"))] + [
            (str(n), _("1 (first choice)") if n == 1 else str(n))
            for n in range(1, len(choices) + 1)
        ]
        self.place_fields = []
        for pk, title in choices:
            name = f"place-{pk}"
            self.fields[name] = forms.TypedChoiceField(
                label=title, choices=places, coerce=int, empty_value=None, required=False
            )
            self.place_fields.append(name)

    def clean_places(self) -> None:
        places = {
            int(name.split("-", 1)[1]): self.cleaned_data.get(name) for name in self.place_fields
        }
        try:
            ranking = ranking_from_places(places)
        except DuplicatePlace as error:
            raise forms.ValidationError(
                _("Two activities have place %(place)s. Give each place to one activity."),
                params={"place": error.place},
            ) from error
        if not ranking:
            raise forms.ValidationError(_("Rank at least one activity."))
        self.cleaned_data["ranking"] = list(ranking)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()  # type: ignore[misc]
        if not self.errors:  # type: ignore[attr-defined]
            self.clean_places()
        return cleaned  # type: ignore[no-any-return]


class RankedBallotForm(RankingMixin, Form):
    """The ranked ballot: a place for each option, and the code when the vote needs one."""

    code = forms.CharField(label=_("Verification code"), max_length=20, required=False)

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_places(choices)


class PaperBallotForm(Form):
    """A paper ballot typed in by a facilitator: the boxes ticked, the area written on it."""

    options = forms.MultipleChoiceField(
        label=_("Activities ticked on the paper ballot"),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "usa-checkbox__input"}),
    )
    area = forms.ChoiceField(label=_("Area written on it"), required=False)
    code = forms.CharField(label=_("Verification code on it"), max_length=20, required=False)

    def __init__(
        self,
        *args: Any,
        choices: list[tuple[int, str]],
        areas: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["options"].choices = choices  # type: ignore[attr-defined]
        self.fields["area"].choices = [("", _("Not written")), *areas]  # type: ignore[attr-defined]


class PaperRankedBallotForm(RankingMixin, Form):
    """A ranked paper ballot typed in by a facilitator: the numbers written beside the
    activities, the area written on it."""

    area = forms.ChoiceField(label=_("Area written on it"), required=False)
    code = forms.CharField(label=_("Verification code on it"), max_length=20, required=False)

    def __init__(
        self,
        *args: Any,
        choices: list[tuple[int, str]],
        areas: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", _("Not written")), *areas]  # type: ignore[attr-defined]
        self.add_places(choices)
