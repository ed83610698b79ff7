"""The directory's search form: a GET form that works without JavaScript (a town to search
around, or typed coordinates; with JavaScript a button fills the coordinates from the
device's location)."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from groundwork.core.forms import Form

from .pages import Choices
from .search import Filters, Place

MILES = (1, 2, 5, 10, 25, 50)


class DirectorySearchForm(Form):
    q = forms.CharField(label=_("What do you need?"), required=False, max_length=200)
    term = forms.ChoiceField(label=_("Kind of help"), required=False)
    language = forms.ChoiceField(label=_("Language spoken"), required=False)
    cost = forms.ChoiceField(label=_("Cost"), required=False)
    age = forms.IntegerField(
        label=_("Age of the person who needs help"), required=False, min_value=0, max_value=120
    )
    area = forms.ChoiceField(label=_("County or area served"), required=False)
    open_now = forms.BooleanField(label=_("Open now"), required=False)
    near = forms.ChoiceField(label=_("Near a town"), required=False)
    lat = forms.FloatField(label=_("Latitude"), required=False, min_value=-90, max_value=90)
    lon = forms.FloatField(label=_("Longitude"), required=False, min_value=-180, max_value=180)
    miles = forms.TypedChoiceField(
        label=_("Within"),
        required=False,
        coerce=int,
        choices=[(m, _("%(miles)s miles") % {"miles": m}) for m in MILES],
        initial=10,
    )

    def __init__(self, *args: Any, choices: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.towns = choices.towns
        anything = [("", _("Any"))]
        self.fields["term"].choices = anything + choices.terms
        self.fields["language"].choices = anything + choices.languages
        self.fields["cost"].choices = anything + choices.costs
        self.fields["area"].choices = anything + choices.areas
        self.fields["near"].choices = [("", _("Choose a town"))] + [(t, t) for t in self.towns]
        for name in ("lat", "lon"):
            self.fields[name].widget.attrs.update({"step": "any", "inputmode": "decimal"})
        self.fields["q"].widget.attrs["type"] = "search"
        self.fields["q"].widget.input_type = "search"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        lat, lon = data.get("lat"), data.get("lon")
        if (lat is None) != (lon is None) and "lat" not in self.errors and "lon" not in self.errors:
            self.add_error("lon" if lon is None else "lat", _("Give both latitude and longitude."))
        return data

    def filters(self) -> Filters:
        """The filters the valid fields ask for (a field with an error filters nothing)."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        term = data.get("term") or ""
        try:
            term_id = uuid.UUID(term) if term else None
        except ValueError:
            term_id = None
        place = None
        lat, lon = data.get("lat"), data.get("lon")
        if lat is not None and lon is not None and "lat" not in self.errors:
            place = Place(lat, lon)
        elif data.get("near") in self.towns:
            place = Place(*self.towns[data["near"]], label=data["near"])
        return Filters(
            words=data.get("q") or "",
            term=term_id,
            language=data.get("language") or "",
            cost=data.get("cost") or "",
            age=data.get("age"),
            area=data.get("area") or "",
            open_now=bool(data.get("open_now")),
            place=place,
            miles=float(data.get("miles") or 10),
        )


class MapForm(DirectorySearchForm):
    """The directory's search, and what the map shows: services, assets or both."""

    show = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("", _("Services and assets")),
            ("services", _("Services only")),
            ("assets", _("Assets only")),
        ],
    )
