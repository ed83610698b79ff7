from django import forms
from django.utils.translation import gettext_lazy as _

from groundwork.core.forms import Form


class ApiTokenForm(Form):
    name = forms.CharField(
        label=_("What is the token for?"),
        max_length=100,
        help_text=_("For example: county dashboard."),
    )
