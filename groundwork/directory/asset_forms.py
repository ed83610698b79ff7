"""Forms of the asset map and of promoting answers. Shape only: the rules are the services'."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from groundwork.communities.models import Community, Sector
from groundwork.core.forms import Form
from groundwork.core.text import in_language

from .geocoding import geocode
from .models import Asset, AssetKind, Consent, ContactVisibility


def county_choices(community: Community) -> list[tuple[str, str]]:
    return [("", _("Not given"))] + [(c.fips, c.label) for c in community.counties()]


class AssetForm(Form):
    kind = forms.ChoiceField(label=_("Kind of asset"), choices=AssetKind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    name_es = forms.CharField(label=_("Name in Spanish"), max_length=200, required=False)
    description = forms.CharField(
        label=_("Description"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    description_es = forms.CharField(
        label=_("Description in Spanish"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    county_fips = forms.ChoiceField(label=_("County"), required=False)
    area = forms.CharField(
        label=_("Area"),
        max_length=200,
        required=False,
        help_text=_("A neighborhood, town or part of the county."),
    )
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    latitude = forms.DecimalField(
        label=_("Latitude"),
        max_digits=9,
        decimal_places=6,
        min_value=-90,
        max_value=90,
        required=False,
        help_text=_("Decimal degrees with a point, for example 35.7796."),
    )
    longitude = forms.DecimalField(
        label=_("Longitude"),
        max_digits=9,
        decimal_places=6,
        min_value=-180,
        max_value=180,
        required=False,
        help_text=_("Decimal degrees with a point, for example -78.6382."),
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=200, required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=50, required=False)
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    contact_visibility = forms.ChoiceField(
        label=_("Who sees the contact"),
        choices=ContactVisibility.choices,
        initial=ContactVisibility.MEMBERS,
    )
    tags = forms.CharField(
        label=_("Tags"),
        max_length=500,
        required=False,
        help_text=_("Words that help people find it, separated by commas."),
    )
    person_first_name = forms.CharField(
        label=_("First name (gifts and skills of individuals only)"),
        max_length=80,
        required=False,
    )
    consent = forms.ChoiceField(
        label=_("What the person agreed to (gifts and skills of individuals only)"),
        choices=[("", _("Not recorded")), *Consent.choices],
        required=False,
        help_text=_(
            "A person's gifts and skills are listed only with their consent, shown with their "
            "first name or without a name."
        ),
    )
    consent_note = forms.CharField(
        label=_("How consent was recorded"),
        max_length=300,
        required=False,
        help_text=_("For example: signed the paper form at the September gathering."),
    )
    consent_recorded_on = forms.DateField(
        label=_("Consent recorded on"), required=False, widget=forms.DateInput
    )

    def __init__(self, *args: Any, community: Community, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["county_fips"].choices = county_choices(community)  # type: ignore[attr-defined]

    @classmethod
    def initial_for(cls, asset: Asset) -> dict[str, Any]:
        values = {name: getattr(asset, name) for name in cls.base_fields}
        values["tags"] = ", ".join(asset.tags)
        return values

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.geocoded = None
        # Coordinates left empty come from the configured geocoder, if any; a person's
        # address (an individual's gifts) is never sent to it.
        if (
            not self.errors
            and data.get("address")
            and data.get("latitude") is None
            and data.get("longitude") is None
            and data.get("kind") != AssetKind.INDIVIDUAL
        ):
            found = geocode(data["address"])
            if found is not None:
                data["latitude"] = Decimal(str(found.latitude))
                data["longitude"] = Decimal(str(found.longitude))
                self.geocoded = found
        return data

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        for name in ("latitude", "longitude"):
            data[name] = data.get(name)
        data["contact_visibility"] = data.get("contact_visibility") or ContactVisibility.MEMBERS
        return data


class PromoteAssetForm(AssetForm):
    """Promote answers: a new asset (the fields above), or an existing one of the map."""

    existing = forms.ChoiceField(
        label=_("Or add these words to an asset already in the map"), required=False
    )

    field_order = ["existing"]

    def __init__(
        self, *args: Any, community: Community, assets: list[Asset], **kwargs: Any
    ) -> None:
        super().__init__(*args, community=community, **kwargs)
        self.fields["existing"].choices = [("", _("No: a new asset"))] + [  # type: ignore[attr-defined]
            (str(a.pk), in_language(a.name, a.name_es)) for a in assets
        ]
        self.fields["contact_visibility"].required = False
        # Adding the words to an asset already listed needs none of the new asset's fields.
        if self.is_bound and self.data.get("existing"):
            for name in ("kind", "name"):
                self.fields[name].required = False


class PromoteAllyForm(Form):
    existing = forms.ChoiceField(
        label=_("An organization the community already lists"), required=False
    )
    name = forms.CharField(
        label=_("Or a new organization: its name"), max_length=200, required=False
    )
    sector = forms.ChoiceField(label=_("Sector"), choices=Sector.choices, initial=Sector.OTHER)
    website = forms.URLField(
        label=_("Website"), required=False, max_length=2000, assume_scheme="https"
    )
    description = forms.CharField(
        label=_("What they offer"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, organizations: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["existing"].choices = [("", _("None: a new organization"))] + [  # type: ignore[attr-defined]
            (str(o.pk), o.name) for o in organizations
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("existing") and not (data.get("name") or "").strip():
            self.add_error("name", _("Name the new organization, or choose one already listed."))
        return data


class AssetFilterForm(Form):
    words = forms.CharField(label=_("Words"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind of asset"), required=False, choices=[("", _("All kinds")), *AssetKind.choices]
    )
    county = forms.ChoiceField(label=_("County"), required=False)
    tag = forms.ChoiceField(label=_("Tag"), required=False)

    def __init__(self, *args: Any, community: Community, tags: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["county"].choices = [("", _("All counties"))] + [  # type: ignore[attr-defined]
            (c.fips, c.label) for c in community.counties()
        ]
        self.fields["tag"].choices = [("", _("All tags"))] + [(t, t) for t in tags]  # type: ignore[attr-defined]
