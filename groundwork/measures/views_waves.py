"""A survey's waves: the list of its waves, running it again as a new wave, and comparing two
waves question by question and domain by domain."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from groundwork.core.errors import ApplicationError
from groundwork.core.permissions import check_perm

from . import wave_results
from .actions import waves
from .forms import PublishForm
from .forms_waves import DomainToIndicatorForm
from .models import Instrument
from .urls_helpers import survey_url
from .views import _instrument
from .views_indicators import indicator_url


def survey_waves(request: HttpRequest, survey_slug: str, **owner: str) -> HttpResponse:
    instrument = _instrument(request, "measures.view_results", survey_slug, **owner)
    manager = request.user.has_perm("measures.manage_survey", instrument)
    chain = waves.wave_chain(instrument)
    latest = chain[-1]
    form = PublishForm(request.POST or None)
    if request.method == "POST":
        check_perm(request, "measures.manage_survey", instrument)
        if form.is_valid():
            try:
                wave = waves.wave_create(
                    actor=request.user,
                    instrument=latest,
                    opens_at=form.cleaned_data["opens_at"],
                    closes_at=form.cleaned_data["closes_at"],
                )
            except ApplicationError as error:
                form.add_application_error(error)
            else:
                messages.success(
                    request,
                    _("Wave %(n)s is published with the same questions. Share its new link.")
                    % {"n": wave.wave_number},
                )
                return redirect(survey_url(wave, "waves"))
    visible = [w for w in chain if request.user.has_perm("measures.view_results", w)]
    pairs = list(zip(visible, visible[1:], strict=False))
    return render(
        request,
        "measures/waves/list.html",
        {
            "instrument": instrument,
            "chain": chain,
            "pairs": pairs,
            "latest": latest,
            "manager": manager,
            "can_repeat": manager and not latest.is_draft,
            "form": form,
        },
    )


def wave_compare(request: HttpRequest, survey_slug: str, **owner: str) -> HttpResponse:
    """This wave (B) against an earlier one (A, by default the one it repeats)."""
    b = _instrument(request, "measures.view_results", survey_slug, **owner)
    chain = waves.wave_chain(b)
    earlier = chain[: chain.index(b)]
    if not earlier:
        raise Http404
    wanted = request.GET.get("with", "")
    a = next((w for w in earlier if w.slug == wanted), earlier[-1])
    check_perm(request, "measures.view_results", a)
    return render(
        request,
        "measures/waves/compare.html",
        {
            "instrument": b,
            "a": a,
            "b": b,
            "earlier": earlier,
            "found": wave_results.compare(a, b),
            "feed_form": _feed_form(request, b),
        },
    )


def _feed_form(request: HttpRequest, instrument: Instrument) -> DomainToIndicatorForm | None:
    if not request.user.has_perm("measures.manage_survey", instrument):
        return None
    if not waves.indicators_for(instrument).exists():
        return None
    return DomainToIndicatorForm(instrument=instrument)


def domain_to_indicator(request: HttpRequest, survey_slug: str, **owner: str) -> HttpResponse:
    """Write a domain's mean score in this wave as an indicator's value for a period."""
    instrument = _instrument(request, "measures.manage_survey", survey_slug, **owner)
    form = DomainToIndicatorForm(request.POST or None, instrument=instrument)
    if request.method == "POST" and form.is_valid():
        indicator = form.cleaned_data["indicator"]
        check_perm(request, "measures.manage_result", indicator.result)
        try:
            waves.domain_score_to_indicator(
                actor=request.user,
                instrument=instrument,
                domain=form.cleaned_data["domain"],
                indicator=indicator,
                period=form.cleaned_data["period"],
            )
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(request, _("The domain's mean score was added to the indicator."))
            return redirect(indicator_url(indicator))
    return render(
        request,
        "measures/waves/to_indicator.html",
        {"instrument": instrument, "form": form},
    )
