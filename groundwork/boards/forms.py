from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from groundwork.core.forms import Form, ModelForm

from .models import Board, Seat


class BoardForm(ModelForm):
    class Meta:
        model = Board
        fields = ["kind", "name", "name_es", "purpose", "purpose_es", "is_public"]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "purpose_es": forms.Textarea(attrs={"rows": 3}),
        }


class SeatForm(ModelForm):
    class Meta:
        model = Seat
        fields = ["title", "sector", "constituency", "lived_experience", "term_start", "term_end"]
        widgets = {
            "term_start": forms.DateInput(attrs={"type": "date"}),
            "term_end": forms.DateInput(attrs={"type": "date"}),
        }


class MemberForm(Form):
    email = forms.EmailField(
        label=_("E-mail address of their account"),
        required=False,
        help_text=_("Leave empty for a person without an account, and give their name."),
    )
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    has_lived_experience = forms.BooleanField(
        label=_("They told us they have lived experience"),
        required=False,
        help_text=_("Seen only by those who run the board; counted, with small counts hidden."),
    )
    listed_publicly = forms.BooleanField(
        label=_("List their name on the board's public page"), required=False
    )
    consent = forms.BooleanField(
        label=_("They agreed to this"),
        required=False,
        help_text=_(
            "Needed for a person without an account, and for anyone listed by name: the date "
            "and your name are recorded."
        ),
    )
    consent_note = forms.CharField(
        label=_("How they agreed (optional)"),
        max_length=300,
        required=False,
        help_text=_("For example: signed form, 12 May meeting."),
    )


class MeetingForm(Form):
    gathering = forms.ModelChoiceField(label=_("Gathering"), queryset=None)  # type: ignore[arg-type]

    def __init__(self, *args: Any, gatherings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["gathering"].queryset = gatherings
        self.fields["gathering"].label_from_instance = lambda g: (
            f"{g.display_title} · {g.starts_at:%Y-%m-%d}"
        )
