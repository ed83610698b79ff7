from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from groundwork.core.errors import ApplicationError
from groundwork.core.ratelimits import posted_address, rate_limited

from . import services
from .forms import ActivateForm, LoginForm, NewPasswordForm, ProfileForm, ResetForm, SignupForm


def _remember_language(response: HttpResponse, language: str) -> HttpResponse:
    translation.activate(language)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
    )
    return response


@rate_limited("signup", posted_address)
@sensitive_post_parameters("password")
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("core:home")
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    form = SignupForm(
        request.POST or None,
        initial={"preferred_language": translation.get_language()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.user_signup_request(
                **form.cleaned_data, site_root=request.build_absolute_uri("/"), next_url=next_url
            )
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            return redirect("accounts:signup_done")
    return render(request, "accounts/signup.html", {"form": form, "next": next_url})


def signup_done(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/signup_done.html")


@require_http_methods(["GET", "POST"])
def activate(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """The link in the sign-up e-mail. Opening it asks (link checkers open links); the button
    opens the account and signs in."""
    user = services.user_from_activation(uidb64, token)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    form = ActivateForm(request.POST if request.method == "POST" else None)
    if user is not None and form.is_valid():
        try:
            user = services.user_activate(user=user, password=form.cleaned_data["password"])
        except ApplicationError as error:
            form.add_application_error(error)
    if user is None or not user.is_active:
        return render(
            request,
            "accounts/activate.html",
            {"valid": user is not None, "next": next_url, "form": form},
        )
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, _("Welcome to Groundwork, %(name)s.") % {"name": user.name})
    return _remember_language(redirect(next_url or "core:home"), user.preferred_language)


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: LoginForm) -> HttpResponse:  # type: ignore[override]
        response = super().form_valid(form)
        return _remember_language(response, form.get_user().preferred_language)


class LogoutView(auth_views.LogoutView):
    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        messages.success(request, _("You are signed out."))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    form_class = ResetForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = NewPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = ProfileForm(
        request.POST or None,
        initial={"name": user.name, "preferred_language": user.preferred_language},  # type: ignore[union-attr]
    )
    if request.method == "POST" and form.is_valid():
        services.user_update_profile(user=user, **form.cleaned_data)  # type: ignore[arg-type]
        with translation.override(form.cleaned_data["preferred_language"]):
            messages.success(request, _("Your profile was saved."))
        return _remember_language(
            redirect("accounts:profile"), form.cleaned_data["preferred_language"]
        )
    return render(request, "accounts/profile.html", {"form": form})
