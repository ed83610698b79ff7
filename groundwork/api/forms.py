from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groundwork.communities.models import Community
from groundwork.core.forms import Form

from .models import TokenAccess


class ApiTokenForm(Form):
    name = forms.CharField(
        label=_("What is the token for?"),
        max_length=100,
        help_text=_("For example: county dashboard."),
    )
    access = forms.ChoiceField(
        label=_("What may it do?"),
        choices=TokenAccess.choices,
        initial=TokenAccess.READ,
        widget=forms.RadioSelect,
        help_text=_("A token that only reads cannot change anything, even if it is copied."),
    )
    community = forms.ChoiceField(
        label=_("Which community?"),
        required=False,
        help_text=_("Limited to one community, it acts for you there only."),
    )
    expires = forms.DateField(
        label=_("Valid until (optional)"),
        required=False,
        help_text=_("It stops working at the end of this day."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.communities = {
            str(c.pk): c
            for c in Community.objects.filter(memberships__user=user).order_by("name").distinct()
        }
        self.fields["community"].choices = [("", _("All my communities"))] + [
            (pk, c.name) for pk, c in self.communities.items()
        ]

    def clean_expires(self) -> date | None:
        value: date | None = self.cleaned_data.get("expires")
        if value is not None and value < timezone.localdate():
            raise forms.ValidationError(_("Choose today or a later day."))
        return value

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        expires: date | None = data.get("expires")
        return {
            "name": data["name"],
            "access": data["access"],
            "community": self.communities.get(data.get("community") or ""),
            "expires_at": (
                timezone.make_aware(datetime.combine(expires + timedelta(days=1), time.min))
                if expires
                else None
            ),
        }


class WebhookForm(Form):
    url = forms.URLField(
        label=_("Endpoint address"),
        max_length=500,
        assume_scheme="https",
        help_text=_("An https:// address of your system that accepts POST requests."),
    )
    events = forms.MultipleChoiceField(
        label=_("Events to send"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Each delivery names the event and the object; read the object through the API."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from .webhooks import EVENTS

        super().__init__(*args, **kwargs)
        self.fields["events"].choices = list(EVENTS.items())
