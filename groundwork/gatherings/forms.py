from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from groundwork.core.forms import Form, ModelForm

from .models import Gathering, Interpretation, Kind, Mode, Series
from .services import DETAIL_FIELDS

ZONES = sorted(z for z in available_timezones() if z.startswith(("America/", "Pacific/Honolulu")))
ZONE_CHOICES = [(z, z) for z in ZONES]


def _in_zone(moment: datetime | None, zone: str) -> datetime | None:
    """A wall-clock time typed in, read in the gathering's own time zone."""
    if moment is None:
        return None
    naive = moment.astimezone(ZoneInfo(settings.TIME_ZONE)).replace(tzinfo=None)
    return naive.replace(tzinfo=ZoneInfo(zone))


class _Details:
    def limit_guides(self, community: Any) -> None:
        fields = self.fields  # type: ignore[attr-defined]
        if community is None:
            fields.pop("guide", None)
        else:
            fields["guide"].queryset = community.guides.order_by("title_en", "pk")


class GatheringForm(_Details, ModelForm):
    online_url = forms.URLField(
        label=_("Online link"),
        required=False,
        assume_scheme="https",
        help_text=_("Shown only to registered people, from an hour before the start."),
    )
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=ZONE_CHOICES)

    class Meta:
        model = Gathering
        fields = [*DETAIL_FIELDS, "starts_at", "ends_at", "time_zone", "minutes", "cancelled"]
        widgets = {
            "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
            "ends_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
            "description": forms.Textarea(attrs={"rows": 4}),
            "description_es": forms.Textarea(attrs={"rows": 4}),
            "agenda": forms.Textarea(attrs={"rows": 4}),
            "minutes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, community: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_guides(community)
        self.fields["time_zone"].initial = settings.TIME_ZONE
        if self.instance.pk:  # show the times as they are where it happens
            zone = ZoneInfo(self.instance.time_zone)
            for name in ("starts_at", "ends_at"):
                local = getattr(self.instance, name).astimezone(zone)
                self.initial[name] = local.strftime("%Y-%m-%dT%H:%M")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        zone = data.get("time_zone") or settings.TIME_ZONE
        for name in ("starts_at", "ends_at"):
            data[name] = _in_zone(data.get(name), zone)
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] < data["starts_at"]:
            self.add_error("ends_at", _("It must end after it starts."))
        return data

    def _post_clean(self) -> None:  # the service validates the model
        pass


class SeriesForm(_Details, ModelForm):
    online_url = forms.URLField(
        label=_("Online link"),
        required=False,
        assume_scheme="https",
        help_text=_("Shown only to registered people, from an hour before the start."),
    )
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=ZONE_CHOICES)

    class Meta:
        model = Series
        fields = [
            *DETAIL_FIELDS,
            "frequency",
            "ordinal",
            "weekday",
            "start_time",
            "end_time",
            "time_zone",
            "starts_on",
            "until",
            "exceptions",
        ]
        widgets = {
            "start_time": forms.TimeInput(attrs={"type": "time"}),
            "end_time": forms.TimeInput(attrs={"type": "time"}),
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "until": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 4}),
            "description_es": forms.Textarea(attrs={"rows": 4}),
            "agenda": forms.Textarea(attrs={"rows": 4}),
            "exceptions": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "exceptions": _("Dates as YYYY-MM-DD, one per line."),
            "ordinal": _("For a monthly series: for example the third Wednesday."),
        }

    def __init__(self, *args: Any, community: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_guides(community)
        self.fields["time_zone"].initial = settings.TIME_ZONE

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if (
            data.get("start_time")
            and data.get("end_time")
            and data["end_time"] <= data["start_time"]
        ):
            self.add_error("end_time", _("It must end after it starts."))
        if data.get("frequency") == "MONTHLY" and not data.get("ordinal"):
            self.add_error("ordinal", _("Choose which one in the month."))
        return data

    def _post_clean(self) -> None:
        pass


class FilterForm(Form):
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *Kind.choices]
    )
    language = forms.ChoiceField(
        label=_("Language or interpretation"),
        required=False,
        choices=[("", _("All")), *settings.LANGUAGES],
    )
    mode = forms.ChoiceField(
        label=_("Where"),
        required=False,
        choices=[("", _("All")), (Mode.IN_PERSON, _("In person")), (Mode.ONLINE, _("Online"))],
    )


class RegistrationForm(Form):
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    language = forms.ChoiceField(label=_("Your language"), choices=settings.LANGUAGES)
    interpretation_language = forms.ChoiceField(
        label=_("I need interpretation"),
        required=False,
        choices=[
            ("", _("No")),
            (Interpretation.ES, _("Into Spanish")),
            (Interpretation.EN, _("Into English")),
        ],
    )
    asl = forms.BooleanField(label=_("I need ASL interpretation"), required=False)
    childcare = forms.IntegerField(
        label=_("Children who need childcare"), min_value=0, max_value=20, initial=0, required=False
    )
    dietary = forms.CharField(label=_("Dietary needs"), max_length=300, required=False)
    other_needs = forms.CharField(label=_("Other access needs"), max_length=500, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("email") and not data.get("phone"):
            self.add_error("email", _("Give an e-mail address or a phone number."))
        data["childcare"] = data.get("childcare") or 0
        return data


class PhotoForm(Form):
    photo = forms.ImageField(
        label=_("Photo"),
        help_text=_(
            "A JPEG, PNG or WebP of at most 5 MB. Where it was taken is removed from the file."
        ),
    )
    description = forms.CharField(
        label=_("What the photo shows"),
        max_length=300,
        help_text=_(
            "For people who cannot see it, e.g. “Twelve residents around a map of the county”."
        ),
    )
    caption = forms.CharField(label=_("Caption (optional)"), max_length=300, required=False)
    public = forms.BooleanField(
        label=_("Everyone who can be recognised in it agreed to be shown publicly"),
        required=False,
        help_text=_(
            "Otherwise only those who run the gathering see it. Ask before you share a photo "
            "of people, and never share one of children without their parents' agreement."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["photo"].widget.attrs.update(
            {"accept": "image/jpeg,image/png,image/webp", "class": "usa-file-input"}
        )
