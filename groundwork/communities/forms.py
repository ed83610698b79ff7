from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from groundwork.core.forms import Form, WrittenTextField

from .maturity import INDICATORS, RATING_FIELDS
from .models import Community, FocusArea, Network, NetworkGoal, Role, Sector


class CommunityForm(Form):
    name = forms.CharField(label=_("Name of the community"), max_length=200)
    slug = forms.SlugField(
        label=_("Short name for web addresses"),
        max_length=80,
        help_text=_("Lowercase letters, numbers and hyphens, e.g. alder-county."),
    )
    kind = forms.ChoiceField(label=_("Kind of community"), choices=Community.Kind.choices)
    network = forms.ModelChoiceField(
        label=_("Network"),
        queryset=Network.objects.none(),
        required=False,
        empty_label=_("Not part of a network"),
    )
    coalition_name = forms.CharField(label=_("Coalition name"), max_length=200, required=False)
    area_served = forms.CharField(
        label=_("Counties or area served"), max_length=500, required=False
    )
    description = forms.CharField(
        label=_("About the coalition"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
    )
    sectors = forms.MultipleChoiceField(
        label=_("Sectors at the table"),
        choices=Sector.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    is_public = forms.BooleanField(
        label=_("Anyone can see this community's profile"), required=False, initial=True
    )

    def __init__(self, *args, user=None, editing: bool = False, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["slug"]
            del self.fields["network"]
        elif user is not None and user.is_authenticated:
            self.fields["network"].queryset = Network.objects.filter(stewards=user)
            if not self.fields["network"].queryset.exists():
                del self.fields["network"]


class InvitationForm(Form):
    email = forms.EmailField(
        label=_("E-mail address (optional)"),
        required=False,
        help_text=_("Leave empty to make a link you can share yourself."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.MEMBER)
    max_uses = forms.IntegerField(
        label=_("How many people may use the link"),
        required=False,
        min_value=1,
        max_value=500,
        help_text=_("For links only. Leave empty for no limit until it expires."),
    )


class RoleForm(Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class OrganizationForm(Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    sector = forms.ChoiceField(label=_("Sector"), choices=Sector.choices)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    description = forms.CharField(
        label=_("What they offer"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )


class FipsChoiceField(forms.MultipleChoiceField):
    """Counties offered as checkboxes; any code is accepted here and checked by the service."""

    def valid_value(self, value: str) -> bool:  # type: ignore[override]
        return True


RATING_CHOICES = [
    ("", _("Not rated")),
    ("1", _("1 (not yet)")),
    ("2", "2"),
    ("3", "3"),
    ("4", "4"),
    ("5", _("5 (fully)")),
]


class CoalitionProfileForm(Form):
    """The coalition profile. Strategy fields are added per network strategy."""

    county_fips = FipsChoiceField(
        label=_("Counties served"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sectors = forms.MultipleChoiceField(
        label=_("Sectors at the table"),
        choices=Sector.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    focus_areas = forms.MultipleChoiceField(
        label=_("Focus areas"),
        choices=FocusArea.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    indicators = forms.MultipleChoiceField(
        label=_("What the coalition has in place"),
        choices=INDICATORS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, county_choices=(), strategies=(), **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["county_fips"].choices = list(county_choices)
        for name in RATING_FIELDS:
            self.fields[name] = forms.ChoiceField(
                label=Community._meta.get_field(name).verbose_name.capitalize(),
                choices=RATING_CHOICES,
                required=False,
                widget=forms.RadioSelect(attrs={"class": "usa-radio__input"}),
            )
        self.strategies = list(strategies)
        for strategy in self.strategies:
            self.fields[f"strategy_{strategy.pk}"] = forms.BooleanField(
                label=_("We pursue this strategy"),
                required=False,
                widget=forms.CheckboxInput(attrs={"class": "usa-checkbox__input"}),
            )
            self.fields[f"how_{strategy.pk}"] = forms.CharField(
                label=_("How we pursue it"),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2, "class": "usa-textarea"}),
            )

    def rating_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in RATING_FIELDS]

    def strategy_rows(self) -> list[tuple[Any, forms.BoundField, forms.BoundField]]:
        return [(s, self[f"strategy_{s.pk}"], self[f"how_{s.pk}"]) for s in self.strategies]

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        chosen = set(data["indicators"])
        return {
            "county_fips": data["county_fips"],
            "sectors": data["sectors"],
            "focus_areas": data["focus_areas"],
            "indicators": {name: name in chosen for name, _label in INDICATORS},
            "ratings": {name: int(data[name]) if data[name] else None for name in RATING_FIELDS},
            "strategies": {
                s.pk: data[f"how_{s.pk}"] for s in self.strategies if data[f"strategy_{s.pk}"]
            },
        }

    @staticmethod
    def initial_for(community: Community) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "county_fips": community.county_fips,
            "sectors": community.sectors,
            "focus_areas": community.focus_areas,
            "indicators": [name for name, _label in INDICATORS if getattr(community, name)],
        }
        for name in RATING_FIELDS:
            value = getattr(community, name)
            initial[name] = str(value) if value else ""
        for link in community.strategy_links.all():
            initial[f"strategy_{link.strategy_id}"] = True
            initial[f"how_{link.strategy_id}"] = link.how
        return initial


class StrategyForm(Form):
    name_en = forms.CharField(label=_("Strategy in English"), max_length=200)
    name_es = forms.CharField(
        label=_("Strategy in Spanish"),
        max_length=200,
        required=False,
        help_text=_("Shown to people reading in Spanish; leave empty to show the English."),
    )
    description_en = forms.CharField(
        label=_("Description in English"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )
    description_es = forms.CharField(
        label=_("Description in Spanish"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )


class NetworkGoalForm(Form):
    title = forms.CharField(label=_("Statewide goal"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )


class CountyGoalForm(Form):
    title = forms.CharField(label=_("County goal"), max_length=200)
    target = forms.CharField(
        label=_("Target"),
        max_length=200,
        required=False,
        help_text=_("What, by how much, by when."),
    )
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )
    network_goal = forms.ModelChoiceField(
        label=_("Statewide goal it serves"),
        queryset=NetworkGoal.objects.none(),
        required=False,
        empty_label=_("None"),
    )

    def __init__(self, *args, community=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if community is not None and community.network_id:
            self.fields["network_goal"].queryset = NetworkGoal.objects.filter(
                network_id=community.network_id
            )
        else:
            del self.fields["network_goal"]


class NetworkSetupForm(Form):
    name = forms.CharField(label=_("Name of the network"), max_length=200)
    slug = forms.SlugField(
        label=_("Short name for web addresses"),
        max_length=80,
        help_text=_("Lowercase letters, numbers and hyphens, e.g. resilient-together."),
    )
    state = forms.CharField(
        label=_("State"), max_length=2, required=False, help_text=_("Two letters, e.g. NC.")
    )
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        required=False,
    )
    stewards = forms.CharField(
        label=_("Its first stewards"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text=_(
            "The e-mail addresses of their accounts, one a line. Stewards run the network: "
            "they accept coalitions, set its strategies and goals."
        ),
    )

    def clean_stewards(self) -> list[str]:
        from django.core.exceptions import ValidationError
        from django.core.validators import validate_email

        from .joining import parse_emails

        addresses = parse_emails(self.cleaned_data["stewards"])
        if not addresses:
            raise forms.ValidationError(_("Enter at least one e-mail address."))
        invalid = []
        for address in addresses:
            try:
                validate_email(address)
            except ValidationError:
                invalid.append(address)
        if invalid:
            raise forms.ValidationError(
                _("These are not e-mail addresses: %(emails)s.") % {"emails": ", ".join(invalid)}
            )
        return addresses


class JoinRequestForm(Form):
    network = forms.ModelChoiceField(
        label=_("Network to join"), queryset=Network.objects.order_by("name")
    )
    message = WrittenTextField(
        label=_("A word to the network's stewards (optional)"), max_length=2000, required=False
    )


class DeclineForm(Form):
    reason = WrittenTextField(
        label=_("Why the request is declined"),
        max_length=2000,
        help_text=_("The coalition's coordinators will read this."),
    )


class RegionForm(Form):
    name = forms.CharField(label=_("Name of the region"), max_length=200)
    name_es = forms.CharField(label=_("Name in Spanish"), max_length=200, required=False)
    description = WrittenTextField(label=_("What the hub offers"), max_length=5000, required=False)
    description_es = WrittenTextField(
        label=_("What the hub offers, in Spanish"), max_length=5000, required=False
    )


class RegionCoalitionsForm(Form):
    communities = forms.ModelMultipleChoiceField(
        label=_("Coalitions in the region"),
        queryset=Community.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A coalition belongs to one region at a time."),
    )

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["communities"]
        field.queryset = (
            Community.objects.filter(network=network, directory_of__isnull=True)
            .select_related("region")
            .order_by("name", "pk")
        )
        field.label_from_instance = lambda c: (
            f"{c.name} ({c.region.display_name})" if c.region_id else c.name
        )


class RegionStewardsForm(Form):
    stewards = forms.CharField(
        label=_("Stewards of the region"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        required=False,
        help_text=_(
            "The e-mail addresses of their accounts, one a line. They look after this region: "
            "its page and its coalitions."
        ),
    )

    def clean_stewards(self) -> list[str]:
        from .joining import parse_emails

        return parse_emails(self.cleaned_data["stewards"])
