from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from groundwork.core.forms import Form, ModelForm

from . import blocks
from .models import Issue, MailingList


class SubscribeForm(Form):
    email = forms.EmailField(label=_("Your e-mail address"), max_length=254)
    language = forms.ChoiceField(label=_("Language of the e-mails"), choices=settings.LANGUAGES)


class PreferencesForm(Form):
    language = forms.ChoiceField(label=_("Language of the e-mails"), choices=settings.LANGUAGES)


class ListForm(ModelForm):
    class Meta:
        model = MailingList
        fields = [
            "name_en",
            "name_es",
            "slug",
            "description_en",
            "description_es",
            "rate_per_minute",
        ]
        labels = {"name_en": _("Name in English"), "description_en": _("Description in English")}


class IssueForm(ModelForm):
    blocks = forms.MultipleChoiceField(
        label=_("Sections that fill themselves"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=(),
    )

    class Meta:
        model = Issue
        fields = ["subject_en", "subject_es", "body_en", "body_es", "blocks"]
        labels = {"subject_en": _("Subject in English"), "body_en": _("Text in English")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["blocks"].choices = [(b.key, b.label) for b in blocks.registered()]
        if self.instance and self.instance.pk:
            self.initial["blocks"] = list(self.instance.blocks)


class TestSendForm(Form):
    email = forms.EmailField(label=_("Send a test to"), max_length=254)
    language = forms.ChoiceField(label=_("In"), choices=settings.LANGUAGES)


class ScheduleForm(Form):
    send_at = forms.DateTimeField(
        label=_("Send at (leave empty to send now)"),
        required=False,
        widget=forms.DateTimeInput,
    )
