from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from groundwork.core.forms import Form, UswdsFormMixin

from .models import User


class ActivateForm(Form):
    password = forms.CharField(
        label=_("The password you chose when you signed up"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class SignupForm(Form):
    name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters; not a common password."),
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"), choices=settings.LANGUAGES
    )

    def clean_email(self) -> str:
        # Whether the address has an account is said only to the address (by e-mail).
        return str(self.cleaned_data["email"]).strip().lower()

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("password"):
            probe = User(email=data.get("email", ""), name=data.get("name", ""))
            try:
                validate_password(data["password"], probe)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return data


class ProfileForm(Form):
    name = forms.CharField(label=_("Your name"), max_length=150)
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"), choices=settings.LANGUAGES
    )


class LoginForm(UswdsFormMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": _("That e-mail address and password do not match an account."),
        "inactive": _("This account is inactive."),
    }


class ResetForm(UswdsFormMixin, PasswordResetForm):
    pass


class NewPasswordForm(UswdsFormMixin, SetPasswordForm):  # type: ignore[type-arg]
    pass
