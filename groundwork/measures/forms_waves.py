from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from groundwork.core.forms import Form

from .models import Instrument


class DomainToIndicatorForm(Form):
    domain = forms.ChoiceField(label=gettext_lazy("Domain"))
    indicator = forms.ModelChoiceField(label=gettext_lazy("Indicator"), queryset=None)
    period = forms.CharField(
        label=gettext_lazy("Period"),
        max_length=10,
        help_text=gettext_lazy("For example: 2026, 2026-Q2 or 2026-05."),
    )

    def __init__(self, *args: Any, instrument: Instrument, **kwargs: Any) -> None:
        from . import wave_results
        from .actions.waves import indicators_for

        super().__init__(*args, **kwargs)
        self.fields["domain"].choices = [(d, d) for d in wave_results.domain_labels(instrument)]
        indicator = self.fields["indicator"]
        indicator.queryset = indicators_for(instrument)  # type: ignore[attr-defined]
        indicator.label_from_instance = lambda i: i.name  # type: ignore[attr-defined]
