from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from groundwork.core.forms import Form
from groundwork.planning.models import Channel, Process

from .labels import name_in_language, with_names
from .models import Theme


class ThemeFilterForm(Form):
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=[("", _("All")), *Channel.choices]
    )
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("All")), *settings.LANGUAGES]
    )
    gathering = forms.ModelChoiceField(
        label=_("Gathering"), required=False, queryset=None, empty_label=_("All")
    )
    area = forms.ModelChoiceField(
        label=_("Where they live"), required=False, queryset=None, empty_label=_("All")
    )

    def __init__(self, *args: Any, process: Process, curator: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["gathering"].queryset = process.gatherings.all()  # type: ignore[attr-defined]
        self.fields["area"].queryset = process.areas.all()  # type: ignore[attr-defined]
        if not curator:
            del self.fields["area"]

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}


class RenameForm(Form):
    label = forms.CharField(label=_("New name"), max_length=200)


class MergeForm(Form):
    target = forms.ModelChoiceField(label=_("Merge into"), queryset=None)

    def __init__(self, *args: Any, theme: Theme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["target"]
        field.queryset = with_names(  # type: ignore[attr-defined]
            Theme.objects.filter(
                question_id=theme.question_id, barrier_kind=theme.barrier_kind, parent=None
            ).exclude(pk=theme.pk)
        )
        # Each theme by its name in the reader's language (themes.labels).
        field.label_from_instance = name_in_language  # type: ignore[attr-defined]


class MoveForm(Form):
    contribution = forms.IntegerField(widget=forms.HiddenInput)
    theme = forms.ModelChoiceField(label=_("Move to"), queryset=None)

    def __init__(self, *args: Any, theme: Theme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = Theme.objects.filter(  # type: ignore[attr-defined]
            question_id=theme.question_id, barrier_kind=theme.barrier_kind, parent=None
        ).exclude(pk=theme.pk)


class PinForm(Form):
    contribution = forms.IntegerField(required=False, widget=forms.HiddenInput)
