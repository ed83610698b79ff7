from django import forms
from django.conf import settings
from django.utils.translation import gettext, gettext_lazy

from groundwork.core.forms import Form

from .actions.invitations import MAX_RECIPIENTS_AT_ONCE, parse_addresses


class RecipientsForm(Form):
    addresses = forms.CharField(
        label=gettext_lazy("E-mail addresses"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "autocomplete": "off", "spellcheck": "false"}),
        help_text=gettext_lazy("One a line. Each person gets their own link."),
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language of the messages to these addresses"),
        choices=settings.LANGUAGES,
        initial="en",
    )
    members = forms.BooleanField(
        label=gettext_lazy("Also invite the members (each in their own language)"),
        required=False,
    )

    def clean_addresses(self) -> list[str]:
        parsed = parse_addresses(self.cleaned_data.get("addresses", ""))
        if parsed.errors:
            raise forms.ValidationError(
                [
                    gettext("Line %(line)s: %(error)s") % {"line": line, "error": error}
                    for line, error in parsed.errors[:20]
                ]
            )
        if len(parsed.emails) > MAX_RECIPIENTS_AT_ONCE:
            raise forms.ValidationError(
                gettext("Add at most %(max)s addresses at a time.")
                % {"max": MAX_RECIPIENTS_AT_ONCE}
            )
        return parsed.emails

    def clean(self) -> dict:  # type: ignore[type-arg]
        data = super().clean()
        if not data.get("addresses") and not data.get("members") and not self.errors:
            raise forms.ValidationError(
                gettext("Paste at least one address, or choose to invite the members.")
            )
        return data
