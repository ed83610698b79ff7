"""Survey pages: lists and the builder under their network or community, the response form at
a short public link (/s/<slug>/), results and the CSV export for those allowed."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext_noop, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groundwork.communities.models import Community, Network
from groundwork.core.errors import AlreadyReceived, ApplicationError
from groundwork.core.exports import csv_stream
from groundwork.core.permissions import LoginRequired, check_perm
from groundwork.core.ratelimits import rate_limited, survey_respondent
from groundwork.field.queue import captured, queueable

from . import exports, results, selectors, services
from .actions.instruments import instrument_create_from_shipped
from .actions.late import late_allowed
from .forms import (
    InstrumentForm,
    InvitationLinksForm,
    ItemForm,
    NewInstrumentForm,
    PublishForm,
    SectionForm,
    SurveyForm,
)
from .models import Instrument, Response
from .urls_helpers import survey_url

LINK_COOKIE = "gw_survey_{}"
LINK_SALT = "groundwork.survey"
ONE_YEAR = 365 * 24 * 3600


# Lookups ---------------------------------------------------------------------------------


def _owner(network_slug: str | None, slug: str | None) -> tuple[Network | None, Community | None]:
    if network_slug:
        return get_object_or_404(Network, slug=network_slug), None
    return None, get_object_or_404(Community.objects.select_related("network"), slug=slug)


def _instrument(
    request: HttpRequest,
    perm: str,
    survey_slug: str,
    network_slug: str | None = None,
    slug: str | None = None,
) -> Instrument:
    """The survey, found through the network or community in the address."""
    qs = Instrument.objects.select_related("network", "community", "community__network")
    if network_slug:
        instrument = get_object_or_404(qs, network__slug=network_slug, slug=survey_slug)
    else:
        instrument = get_object_or_404(qs, community__slug=slug, slug=survey_slug)
    check_perm(request, perm, instrument)
    return instrument


def _builder(instrument: Instrument) -> HttpResponse:
    return redirect(survey_url(instrument, "builder"))


def _fail(request: HttpRequest, error: ApplicationError) -> None:
    messages.error(request, error.message)


# Lists and creation ------------------------------------------------------------------------


def survey_list(
    request: HttpRequest, network_slug: str | None = None, slug: str | None = None
) -> HttpResponse:
    network, community = _owner(network_slug, slug)
    if network is not None:
        check_perm(request, "communities.view_network", network)
        manager = request.user.has_perm("measures.add_network_survey", network)
    else:
        check_perm(request, "measures.list_community_surveys", community)
        manager = request.user.has_perm("measures.add_community_survey", community)
    surveys = selectors.instrument_list(network=network, community=community, manager=manager)
    form = NewInstrumentForm(request.POST or None)
    if request.method == "POST":
        if not manager:
            check_perm(
                request,
                "measures.add_network_survey" if network else "measures.add_community_survey",
                network or community,
            )
        if form.is_valid():
            try:
                if form.cleaned_data["start"] == "template":
                    instrument = services.instrument_create_from_template(
                        actor=request.user, network=network, community=community
                    )
                elif form.cleaned_data["start"].startswith("instrument:"):
                    instrument = instrument_create_from_shipped(
                        actor=request.user,
                        network=network,
                        community=community,
                        key=form.cleaned_data["start"].removeprefix("instrument:"),
                    )
                else:
                    # The English title field takes English whatever the page's language.
                    title = form.cleaned_data["title_en"] or gettext_noop("New survey")
                    instrument = services.instrument_create(
                        actor=request.user, network=network, community=community, title_en=title
                    )
            except ApplicationError as error:
                form.add_application_error(error)
            else:
                messages.success(request, _("Survey created as a draft."))
                return _builder(instrument)
    return render(
        request,
        "measures/survey_list.html",
        {
            "owner": network or community,
            "network": network,
            "community": community,
            "surveys": surveys,
            "manager": manager,
            "form": form,
        },
    )


# Builder ---------------------------------------------------------------------------------


def survey_builder(request: HttpRequest, survey_slug: str, **owner: str) -> HttpResponse:
    instrument = _instrument(request, "measures.manage_survey", survey_slug, **owner)
    return render(
        request,
        "measures/builder.html",
        {
            "instrument": instrument,
            "sections": selectors.instrument_with_structure(instrument),
            "publish_form": PublishForm(),
            "response_count": instrument.responses.count(),
            "late_count": instrument.late.filter(status="held").count(),
            "section_form": SectionForm(),
        },
    )


def survey_settings(request: HttpRequest, survey_slug: str, **owner: str) -> HttpResponse:
    instrument = _instrument(request, "measures.manage_survey", survey_slug, **owner)
    form = InstrumentForm(request.POST or None, instance=Instrument.objects.get(pk=instrument.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.instrument_update(
                actor=request.user,
                instrument=instrument,
                **{k: form.cleaned_data[k] for k in services.INSTRUMENT_FIELDS},
            )
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(request, _("Survey settings saved."))
            return _builder(instrument)
    return render(request, "measures/settings.html", {"instrument": instrument, "form": form})


@require_POST
def survey_publish(request: HttpRequest, survey_slug: str, **owner: str) -> HttpResponse:
    instrument = _instrument(request, "measures.manage_survey", survey_slug, **owner)
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please enter the dates as 2026-03-01 09:00."))
        return _builder(instrument)
    try:
        services.instrument_publish(
            actor=request.user,
            instrument=instrument,
            opens_at=form.cleaned_data["opens_at"],
            closes_at=form.cleaned_data["closes_at"],
        )
    except ApplicationError as error:
        _fail(request, error)
    else:
        messages.success(request, _("The survey is published. Share its link."))
    return _builder(instrument)


@require_POST
def survey_close(request: HttpRequest, survey_slug: str, **owner: str) -> HttpResponse:
    instrument = _instrument(request, "measures.manage_survey", survey_slug, **owner)
    try:
        services.instrument_close(actor=request.user, instrument=instrument)
    except ApplicationError as error:
        _fail(request, error)
    else:
        messages.success(request, _("The survey is closed."))
    return _builder(instrument)


def section_add(request: HttpRequest, survey_slug: str, **owner: str) -> HttpResponse:
    return section_edit(request, survey_slug, section_id=None, **owner)


def section_edit(
    request: HttpRequest, survey_slug: str, section_id: int | None = None, **owner: str
) -> HttpResponse:
    instrument = _instrument(request, "measures.manage_survey", survey_slug, **owner)
    section = get_object_or_404(instrument.sections, pk=section_id) if section_id else None
    form = SectionForm(request.POST or None, instance=section)
    if request.method == "POST" and form.is_valid():
        fields = {k: form.cleaned_data[k] for k in services.SECTION_FIELDS}
        try:
            if section is None:
                services.section_create(actor=request.user, instrument=instrument, **fields)
            else:
                section.instrument = instrument
                services.section_update(actor=request.user, section=section, **fields)
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(request, _("Section saved."))
            return _builder(instrument)
    return render(
        request,
        "measures/section_form.html",
        {"instrument": instrument, "section": section, "form": form},
    )


@require_POST
def section_move(
    request: HttpRequest, survey_slug: str, section_id: int, **owner: str
) -> HttpResponse:
    instrument = _instrument(request, "measures.manage_survey", survey_slug, **owner)
    section = get_object_or_404(instrument.sections, pk=section_id)
    section.instrument = instrument
    services.section_move(
        actor=request.user, section=section, direction=request.POST.get("direction", "down")
    )
    return _builder(instrument)


@require_POST
def section_delete(
    request: HttpRequest, survey_slug: str, section_id: int, **owner: str
) -> HttpResponse:
    instrument = _instrument(request, "measures.manage_survey", survey_slug, **owner)
    section = get_object_or_404(instrument.sections, pk=section_id)
    section.instrument = instrument
    try:
        services.section_delete(actor=request.user, section=section)
    except ApplicationError as error:
        _fail(request, error)
    else:
        messages.success(request, _("Section deleted."))
    return _builder(instrument)


def item_add(request: HttpRequest, survey_slug: str, section_id: int, **owner: str) -> HttpResponse:
    return item_edit(request, survey_slug, section_id=section_id, item_id=None, **owner)


def item_edit(
    request: HttpRequest,
    survey_slug: str,
    section_id: int | None = None,
    item_id: int | None = None,
    **owner: str,
) -> HttpResponse:
    instrument = _instrument(request, "measures.manage_survey", survey_slug, **owner)
    item = (
        get_object_or_404(instrument.items.select_related("section"), pk=item_id)
        if item_id
        else None
    )
    section = item.section if item else get_object_or_404(instrument.sections, pk=section_id)
    section.instrument = instrument
    form = ItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            if item is None:
                services.item_create(actor=request.user, section=section, **form.service_fields())
            else:
                fresh = instrument.items.get(pk=item.pk)
                fresh.instrument = instrument
                services.item_update(actor=request.user, item=fresh, **form.service_fields())
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(request, _("Question saved."))
            return _builder(instrument)
    return render(
        request,
        "measures/item_form.html",
        {"instrument": instrument, "section": section, "item": item, "form": form},
    )


@require_POST
def item_move(request: HttpRequest, survey_slug: str, item_id: int, **owner: str) -> HttpResponse:
    instrument = _instrument(request, "measures.manage_survey", survey_slug, **owner)
    item = get_object_or_404(instrument.items, pk=item_id)
    item.instrument = instrument
    services.item_move(
        actor=request.user, item=item, direction=request.POST.get("direction", "down")
    )
    return _builder(instrument)


@require_POST
def item_delete(request: HttpRequest, survey_slug: str, item_id: int, **owner: str) -> HttpResponse:
    instrument = _instrument(request, "measures.manage_survey", survey_slug, **owner)
    item = get_object_or_404(instrument.items, pk=item_id)
    item.instrument = instrument
    try:
        services.item_delete(actor=request.user, item=item)
    except ApplicationError as error:
        _fail(request, error)
    else:
        messages.success(request, _("Question deleted."))
    return _builder(instrument)


def survey_preview(request: HttpRequest, survey_slug: str, **owner: str) -> HttpResponse:
    instrument = _instrument(request, "measures.manage_survey", survey_slug, **owner)
    items = selectors.form_items(instrument)
    form = SurveyForm(instrument=instrument, items=items)
    return render(
        request,
        "measures/respond.html",
        {"instrument": instrument, "form": form, "preview": True, "state": "open"},
    )


# Personal links --------------------------------------------------------------------------


def survey_links(request: HttpRequest, survey_slug: str, **owner: str) -> HttpResponse:
    """How many personal links there are and how many were used; creating more answers with a
    CSV file, the only place the new links' tokens ever appear."""
    instrument = _instrument(request, "measures.manage_survey", survey_slug, **owner)
    invitation = instrument.one_response_per == Instrument.OnePer.INVITATION
    form = InvitationLinksForm(request.POST or None)
    if request.method == "POST" and invitation and form.is_valid():
        try:
            created = services.invitation_links_create(
                actor=request.user,
                instrument=instrument,
                count=form.cleaned_data["count"],
                label=form.cleaned_data["label"],
            )
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            base = request.build_absolute_uri(instrument.get_absolute_url())
            rows = [{"label": link.label, "url": f"{base}?k={token}"} for link, token in created]
            response = StreamingHttpResponse(
                csv_stream(rows, [("label", _("Label")), ("url", _("Personal link"))]),
                content_type="text/csv; charset=utf-8",
            )
            stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
            response["Content-Disposition"] = (
                f'attachment; filename="{instrument.slug}-links-{stamp}.csv"'
            )
            return response
    groups = selectors.invitation_link_groups(instrument=instrument) if invitation else []
    return render(
        request,
        "measures/links.html",
        {
            "instrument": instrument,
            "invitation": invitation,
            "form": form,
            "groups": groups,
            "total": sum(g["total"] for g in groups),
            "used": sum(g["used"] for g in groups),
        },
    )


@require_POST
def survey_links_revoke(request: HttpRequest, survey_slug: str, **owner: str) -> HttpResponse:
    instrument = _instrument(request, "measures.manage_survey", survey_slug, **owner)
    label = request.POST.get("label", "")[:100]
    deleted = services.invitation_links_revoke(
        actor=request.user, instrument=instrument, label=label
    )
    messages.success(
        request,
        ngettext("%(n)s unused link was revoked.", "%(n)s unused links were revoked.", deleted)
        % {"n": deleted},
    )
    return redirect(survey_url(instrument, "links"))


# Results ---------------------------------------------------------------------------------


def survey_results(request: HttpRequest, survey_slug: str, **owner: str) -> HttpResponse:
    instrument = _instrument(request, "measures.view_results", survey_slug, **owner)
    return render(
        request,
        "measures/results.html",
        {
            "instrument": instrument,
            "results": results.instrument_results(instrument),
            "manager": request.user.has_perm("measures.manage_survey", instrument),
            "breakdown_items": results.breakdown_items(instrument)
            if instrument.breakdowns_allowed
            else [],
        },
    )


def survey_breakdown(request: HttpRequest, survey_slug: str, **owner: str) -> HttpResponse:
    instrument = _instrument(request, "measures.view_results", survey_slug, **owner)
    if not instrument.breakdowns_allowed:
        raise Http404
    items = results.breakdown_items(instrument)
    dimension = request.GET.get("by", "sector")
    if dimension not in ("sector", "county"):
        dimension = "sector"
    chosen = next(
        (i for i in items if str(i.pk) == request.GET.get("item")), items[0] if items else None
    )
    table = results.item_breakdown(instrument, chosen, dimension) if chosen else None
    return render(
        request,
        "measures/breakdown.html",
        {
            "instrument": instrument,
            "items": items,
            "chosen": chosen,
            "dimension": dimension,
            "table": table,
        },
    )


def survey_export(request: HttpRequest, survey_slug: str, **owner: str) -> HttpResponse:
    instrument = _instrument(request, "measures.export_responses", survey_slug, **owner)
    columns, rows = exports.response_table(instrument)
    response = StreamingHttpResponse(
        csv_stream(rows, columns), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{instrument.slug}-responses.csv"'
    return response


# Responding ------------------------------------------------------------------------------


def _public_instrument(request: HttpRequest, survey_slug: str) -> Instrument:
    instrument = selectors.instrument_by_slug(slug=survey_slug, user=request.user)
    check_perm(request, "measures.respond", instrument)
    return instrument


def _link_token(request: HttpRequest, instrument: Instrument) -> str | None:
    return request.get_signed_cookie(
        LINK_COOKIE.format(instrument.pk), default=None, salt=LINK_SALT
    )


def _already(request: HttpRequest, instrument: Instrument, link_token: str) -> bool:
    key = services.response_once_key(instrument, user=request.user, link_token=link_token)
    return bool(key) and Response.objects.filter(instrument=instrument, once_key=key).exists()


@queueable
@rate_limited("survey_response", survey_respondent)
def respond(request: HttpRequest, survey_slug: str) -> HttpResponse:
    instrument = _public_instrument(request, survey_slug)
    state = instrument.accepting_state()
    context: dict[str, Any] = {"instrument": instrument, "state": state, "preview": False}
    # Sent from a device's offline queue: captured while the survey was open, it is still taken
    # (held for the owners) after the survey closed.
    captured_at, device = captured(request)
    if state != "open" and not late_allowed(instrument, captured_at):
        return render(
            request,
            "measures/not_open.html",
            context,
            status=409 if request.method == "POST" else 200,
        )
    if (
        instrument.respondents == Instrument.Respondents.SIGNED
        and not request.user.is_authenticated
    ):
        raise LoginRequired
    by_invitation = instrument.one_response_per == Instrument.OnePer.INVITATION
    # What the visitor presents: the invitation's token, or this browser's link cookie.
    if by_invitation:
        presented = (
            request.POST.get("k") if request.method == "POST" else None
        ) or request.GET.get("k", "")
    else:
        presented = _link_token(request, instrument) or ""
    key = request.POST.get("idempotency_key", "") if request.method == "POST" else ""
    if key:
        # A second click goes to the thanks page; someone else's form gets a message only
        # (no cookie, nothing of the first response).
        try:
            sent = services.response_retried(
                instrument=instrument,
                idempotency_key=key,
                user=request.user,
                link_token=presented,
            )
        except AlreadyReceived as error:
            context["message"] = error.message
            return render(request, "measures/already.html", context)
        if sent is not None:
            return redirect("measures:thanks", survey_slug=instrument.slug)
    if by_invitation:
        token = presented
        invitation = services.invitation_find(instrument=instrument, token=token)
        if invitation is None:
            context["message"] = services.invitation_required_message()
            return render(request, "measures/invitation_only.html", context, status=403)
        if invitation.used_at is not None or invitation.response_id is not None:
            context["message"] = services.invitation_used_message()
            return render(request, "measures/already.html", context)
        context["invitation_token"] = token
    elif _already(request, instrument, presented):
        context["message"] = services.already_answered_message(instrument)
        return render(request, "measures/already.html", context)
    else:
        token = presented or services.new_link_token()
    items = selectors.form_items(instrument)
    form = SurveyForm(request.POST or None, instrument=instrument, items=items)
    if request.method == "POST" and form.is_valid():
        try:
            services.response_submit(
                instrument=instrument,
                answers=form.answers(),
                language=get_language() or settings.LANGUAGE_CODE,
                idempotency_key=form.cleaned_data["idempotency_key"],
                user=request.user,
                link_token=token
                if instrument.one_response_per
                in (Instrument.OnePer.LINK, Instrument.OnePer.INVITATION)
                else "",
                captured_at=captured_at,
                captured_device=device,
            )
        except AlreadyReceived as error:
            context["message"] = error.message
            return render(request, "measures/already.html", context)
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            response = redirect("measures:thanks", survey_slug=instrument.slug)
            _remember(response, instrument, token)
            return response
    context["form"] = form
    response = render(request, "measures/respond.html", context)
    _remember(response, instrument, token)
    return response


def _remember(response: HttpResponse, instrument: Instrument, token: str) -> None:
    if instrument.one_response_per != Instrument.OnePer.LINK:
        return
    response.set_signed_cookie(
        LINK_COOKIE.format(instrument.pk),
        token,
        salt=LINK_SALT,
        max_age=ONE_YEAR,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def thanks(request: HttpRequest, survey_slug: str) -> HttpResponse:
    instrument = _public_instrument(request, survey_slug)
    return render(
        request,
        "measures/thanks.html",
        {
            "instrument": instrument,
            "can_see_results": request.user.has_perm("measures.view_results", instrument),
            "now": timezone.now(),
        },
    )
