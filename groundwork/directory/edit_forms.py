"""Forms of the directory's editing pages. Shapes only: the rules are in actions.editing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from groundwork.communities.models import Organization, Sector
from groundwork.core.forms import Form, WrittenTextField

from .actions.common import PhoneEntry
from .actions.editing import AddressEntry
from .actions.service_editing import LANGUAGES, SERVICE_FIELDS, CostEntry, WeeklyHours
from .geocoding import geocode
from .models import Location, ServiceStatus, Weekday

LONG = 5000


def _text(label: Any, *, required: bool = False, rows: int = 3) -> WrittenTextField:
    return WrittenTextField(label=label, required=required, max_length=LONG, rows=rows)


def _line(label: Any, *, required: bool = False, max_length: int = 300) -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=max_length)


class OrganizationForm(Form):
    name = _line(_("Name"), required=True, max_length=200)
    name_es = _line(_("Name in Spanish"), max_length=200)
    sector = forms.ChoiceField(label=_("Sector"), choices=Sector.choices)
    description = _text(_("What they offer"))
    description_es = _text(_("What they offer, in Spanish"))
    email = forms.EmailField(
        label=_("Contact e-mail"),
        required=False,
        help_text=_("Reminders to confirm the directory's details are sent here."),
    )
    website = forms.URLField(
        label=_("Website"), required=False, max_length=2000, assume_scheme="https"
    )

    @staticmethod
    def initial_for(organization: Organization) -> dict[str, Any]:
        return {name: getattr(organization, name) for name in OrganizationForm.base_fields}


def _organization_choices(organizations: list[Organization]) -> list[tuple[str, str]]:
    return [(str(o.hsds_id), o.name) for o in organizations]


class LocationForm(Form):
    organization = forms.ChoiceField(label=_("Organization"))
    name = _line(_("Name of the place"), required=True)
    name_es = _line(_("Name in Spanish"))
    description = _text(_("Description"))
    description_es = _text(_("Description in Spanish"))
    transportation = _text(_("Getting there"), rows=2)
    address_1 = _line(_("Street address"))
    address_2 = _line(_("Street address, second line"))
    city = _line(_("City"))
    state_province = _line(_("State"), max_length=50)
    postal_code = _line(_("ZIP code"), max_length=20)
    latitude = forms.FloatField(label=_("Latitude"), required=False, min_value=-90, max_value=90)
    longitude = forms.FloatField(
        label=_("Longitude"), required=False, min_value=-180, max_value=180
    )
    confidential = forms.BooleanField(
        label=_("Keep the address confidential"),
        required=False,
        help_text=_(
            "For shelters and safe houses: the address and coordinates are shown only to the "
            "organization's own members, never on public pages, in exports or in the API."
        ),
    )

    ADDRESS = ("address_1", "city", "state_province", "postal_code")

    def __init__(
        self, *args: Any, organizations: list[Organization], steward: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = _organization_choices(organizations)
        if steward:
            choices = [("", _("No organization")), *choices]
            self.fields["organization"].required = False
        self.fields["organization"].choices = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        given = [name for name in self.ADDRESS if data.get(name)]
        if given and len(given) != len(self.ADDRESS):
            for name in self.ADDRESS:
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("Give the whole address, or leave it all empty."))
        if (data.get("latitude") is None) != (data.get("longitude") is None) and not (
            "latitude" in self.errors or "longitude" in self.errors
        ):
            self.add_error("longitude", _("Give both the latitude and the longitude, or neither."))
        self._geocode(data)
        return data

    def _geocode(self, data: dict[str, Any]) -> None:
        """Coordinates left empty come from the configured geocoder, if any; a confidential
        address is never sent to it."""
        self.geocoded = None
        if self.errors or data.get("confidential") or data.get("latitude") is not None:
            return
        if not data.get("address_1"):
            return
        line = ", ".join(
            data.get(n, "") for n in ("address_1", "city", "state_province", "postal_code")
        )
        found = geocode(line)
        if found is not None:
            data["latitude"], data["longitude"] = found.latitude, found.longitude
            self.geocoded = found

    def address(self) -> AddressEntry | None:
        data = self.cleaned_data
        if not data.get("address_1"):
            return None
        return AddressEntry(
            address_1=data["address_1"],
            address_2=data.get("address_2", ""),
            city=data["city"],
            state_province=data["state_province"],
            postal_code=data["postal_code"],
        )

    def location_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        names = ("name", "name_es", "description", "description_es", "transportation")
        return {
            **{name: data[name] for name in names},
            "latitude": data.get("latitude"),
            "longitude": data.get("longitude"),
            "confidential": data["confidential"],
            "address": self.address(),
        }


class PhoneForm(Form):
    number = _line(_("Phone number"), max_length=40)
    description = _line(_("What the number is for"), max_length=200)

    def entry(self) -> PhoneEntry | None:
        number = (self.cleaned_data.get("number") or "").strip()
        if not number:
            return None
        return PhoneEntry(number=number, description=self.cleaned_data.get("description", ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("description") and not data.get("number"):
            self.add_error("number", _("Give the number, or leave the line empty."))
        return data


class HoursForm(Form):
    days = forms.MultipleChoiceField(
        label=_("Days"),
        choices=Weekday.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    opens_at = forms.TimeField(label=_("Opens at"), required=False)
    closes_at = forms.TimeField(
        label=_("Closes at"),
        required=False,
        help_text=_("A closing time earlier than the opening time closes the next morning."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        given = [
            bool(data.get("days")),
            data.get("opens_at") is not None,
            data.get("closes_at") is not None,
        ]
        if any(given) and not all(given):
            if not data.get("days") and "days" not in self.errors:
                self.add_error("days", _("Choose the days these hours apply to."))
            for name in ("opens_at", "closes_at"):
                if data.get(name) is None and name not in self.errors:
                    self.add_error(name, _("Give the time, or leave the whole line empty."))
        elif all(given) and data["opens_at"] == data["closes_at"]:
            self.add_error("closes_at", _("The opening and closing times are the same."))
        return data

    def entry(self) -> WeeklyHours | None:
        data = self.cleaned_data
        if not data.get("days"):
            return None
        return WeeklyHours(
            days=tuple(data["days"]), opens_at=data["opens_at"], closes_at=data["closes_at"]
        )


class CostForm(Form):
    option = _line(_("Cost"), max_length=200)
    amount = forms.FloatField(label=_("Amount in dollars"), required=False, min_value=0)
    amount_description = _line(_("About the amount"), max_length=300)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if (data.get("amount") is not None or data.get("amount_description")) and not data.get(
            "option"
        ):
            self.add_error("option", _("Say what the cost is for, or leave the line empty."))
        return data

    def entry(self) -> CostEntry | None:
        data = self.cleaned_data
        if not data.get("option"):
            return None
        return CostEntry(
            option=data["option"],
            amount=data.get("amount"),
            amount_description=data.get("amount_description", ""),
        )


PhoneFormSet = forms.formset_factory(PhoneForm, extra=1, max_num=20, validate_max=True)
HoursFormSet = forms.formset_factory(HoursForm, extra=1, max_num=14, validate_max=True)
CostFormSet = forms.formset_factory(CostForm, extra=1, max_num=10, validate_max=True)


class ServiceForm(Form):
    organization = forms.ChoiceField(label=_("Organization"))
    name = _line(_("Name"), required=True)
    name_es = _line(_("Name in Spanish"))
    description = _text(_("Description"), rows=4)
    description_es = _text(_("Description in Spanish"), rows=4)
    status = forms.ChoiceField(label=_("Status"), choices=ServiceStatus.choices)
    url = forms.URLField(
        label=_("Web address"), required=False, max_length=2000, assume_scheme="https"
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    eligibility_description = _text(_("Who can use it"))
    minimum_age = forms.IntegerField(
        label=_("Minimum age"), required=False, min_value=0, max_value=120
    )
    maximum_age = forms.IntegerField(
        label=_("Maximum age"), required=False, min_value=0, max_value=120
    )
    application_process = _text(_("How to apply"))
    documents = _text(_("Documents to bring"), rows=3)
    fees_description = _text(_("Fees, described"), rows=2)
    interpretation_services = _text(_("Interpretation"), rows=2)
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    terms = forms.MultipleChoiceField(
        label=_("Categories"), required=False, widget=forms.CheckboxSelectMultiple
    )
    focus_areas = forms.MultipleChoiceField(
        label=_("Focus areas it serves"),
        help_text=_(
            "The focus areas of the network. The plan builder lists those that no service in "
            "the county serves."
        ),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    locations = forms.MultipleChoiceField(
        label=_("Offered at"), required=False, widget=forms.CheckboxSelectMultiple
    )
    wait_time = _line(_("Wait time"))
    alert = _text(_("Alert"), rows=2)

    def __init__(
        self,
        *args: Any,
        organizations: list[Organization],
        terms: list[Any],
        locations: list[Location],
        extra_languages: list[str] = (),  # type: ignore[assignment]
        focus_areas: list[tuple[str, str]] = (),  # type: ignore[assignment]
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = _organization_choices(organizations)
        self.fields["documents"].help_text = _("One document a line.")
        self.fields["languages"].choices = [
            *((code, _language_label(code)) for code, _name in LANGUAGES),
            *((code, code) for code in extra_languages if code not in dict(LANGUAGES)),
        ]
        self.fields["terms"].choices = [(str(t.hsds_id), t.name) for t in terms]
        self.fields["locations"].choices = [
            (str(loc.hsds_id), loc.name or str(loc.hsds_id)) for loc in locations
        ]
        self.fields["focus_areas"].choices = list(focus_areas)
        if not terms:
            del self.fields["terms"]
        if not focus_areas:
            del self.fields["focus_areas"]
        if not locations:
            del self.fields["locations"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        low, high = data.get("minimum_age"), data.get("maximum_age")
        if low is not None and high is not None and low > high:
            self.add_error("maximum_age", _("The maximum age is below the minimum age."))
        return data

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        values = {name: data[name] for name in SERVICE_FIELDS if name in data}
        for name in ("minimum_age", "maximum_age"):
            values[name] = float(data[name]) if data.get(name) is not None else None
        return values

    def document_lines(self) -> list[str]:
        return [
            line.strip() for line in self.cleaned_data["documents"].splitlines() if line.strip()
        ]


def _language_label(code: str) -> str:
    labels = {
        "en": _("English"),
        "es": _("Spanish"),
        "vi": _("Vietnamese"),
        "zh": _("Chinese"),
        "ar": _("Arabic"),
        "fr": _("French"),
        "ht": _("Haitian Creole"),
        "ko": _("Korean"),
        "ru": _("Russian"),
        "ase": _("American Sign Language"),
    }
    return str(labels.get(code, code))


class HsdsImportForm(Form):
    """An HSDS 3.0 package to check or import: a zip of the CSV data package or the JSON form."""

    ACTIONS = ("check", "import")

    package = forms.FileField(
        label=_("HSDS package"),
        help_text=_(
            "A zip file of the CSV data package (datapackage.json and the CSV files: "
            "organizations.csv, services.csv …), or the JSON form (a .json file)."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["package"].widget.attrs.update(
            {"accept": ".zip,.json,application/zip,application/json", "class": "usa-file-input"}
        )

    def clean_package(self) -> Any:
        from django.conf import settings

        upload = self.cleaned_data["package"]
        if upload.size > settings.DIRECTORY_IMPORT_MAX_MB * 1024 * 1024:
            raise forms.ValidationError(
                _("The file is too large: at most %(size)s MB.")
                % {"size": settings.DIRECTORY_IMPORT_MAX_MB}
            )
        return upload
