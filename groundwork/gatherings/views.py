"""Public pages (lists, one gathering, registration, calendars) and the pages of those who run
gatherings (new, edit, series, the registrations list and export, the door)."""

import csv
import uuid
from collections import defaultdict
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groundwork.communities.models import Community, Network
from groundwork.core.errors import AlreadyReceived, ApplicationError
from groundwork.core.pagecache import community_keys, owner_keys, public_page
from groundwork.core.permissions import check_perm
from groundwork.core.ratelimits import posted_contact, rate_limited
from groundwork.core.services import audit_record
from groundwork.field.queue import captured, queueable
from groundwork.planning.models import Process

from . import ics, recurrence, selectors, services
from .forms import FilterForm, GatheringForm, RegistrationForm, SeriesForm
from .links import registration_from_token, registration_url
from .models import Gathering, Series, Status


def _owner(slug: str | None = None, network_slug: str | None = None) -> Community | Network:
    if network_slug is not None:
        return get_object_or_404(Network, slug=network_slug)
    return get_object_or_404(Community.objects.select_related("network"), slug=slug)


def _list_url(owner: Community | Network) -> str:
    if isinstance(owner, Network):
        return reverse("gatherings:network_list", kwargs={"network_slug": owner.slug})
    return reverse("gatherings:community_list", kwargs={"slug": owner.slug})


def _gathering(owner: Community | Network, pk: int) -> Gathering:
    return get_object_or_404(
        owner.gatherings.select_related("community", "network", "process", "series", "guide"),
        pk=pk,
    )


def _series(owner: Community | Network, series_id: int) -> Series:
    return get_object_or_404(
        owner.gathering_series.select_related("community", "network", "process"), pk=series_id
    )


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _ics_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# Gatherings a page of the upcoming list shows; later ones are on the next pages.
PER_PAGE = 30


def _list_page(request: HttpRequest, owner: Any, *, base: str, feed: str = "") -> HttpResponse:
    check_perm(request, "gatherings.view", owner)
    can_manage = request.user.has_perm("gatherings.manage", owner)
    form = FilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    upcoming = selectors.with_counts(
        selectors.upcoming(owner, filters=filters, listed_only=not can_manage)
    )
    page = Paginator(upcoming, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    series = []
    if not isinstance(owner, Process):
        series = list(owner.gathering_series.filter(is_public=True).order_by("title"))
    return render(
        request,
        "gatherings/list.html",
        {
            "owner": owner,
            "community": owner
            if isinstance(owner, Community)
            else getattr(owner, "community", None),
            "network": owner if isinstance(owner, Network) else None,
            "process": owner if isinstance(owner, Process) else None,
            "gatherings": page.object_list,
            "page": page,
            "query": query.urlencode(),
            "series": [(s, recurrence.describe(s)) for s in series],
            "form": form,
            "base": base,
            "feed": feed,
            "can_manage": can_manage and not isinstance(owner, Process),
        },
    )


@public_page(owner_keys)
def owner_list(
    request: HttpRequest, slug: str | None = None, network_slug: str | None = None
) -> HttpResponse:
    """Upcoming gatherings of a community or a network, with filters."""
    owner = _owner(slug, network_slug)
    base = _list_url(owner)
    return _list_page(request, owner, base=base, feed=base + "feed.ics")


@public_page(community_keys)
def process_list(request: HttpRequest, slug: str, process_slug: str) -> HttpResponse:
    """Upcoming gatherings of a planning process."""
    process = get_object_or_404(
        Process.objects.select_related("community"), community__slug=slug, slug=process_slug
    )
    check_perm(request, "planning.view_process", process)
    base = _list_url(process.community)
    return _list_page(request, process, base=base)


@public_page(owner_keys)
@rate_limited("registration", posted_contact)
def detail(
    request: HttpRequest, pk: int, slug: str | None = None, network_slug: str | None = None
) -> HttpResponse:
    """One gathering, with the registration form."""
    owner = _owner(slug, network_slug)
    gathering = _gathering(owner, pk)
    check_perm(request, "gatherings.view", gathering)
    can_register = request.user.has_perm("gatherings.register", gathering)
    form = None
    if can_register:
        form = RegistrationForm(
            request.POST or None, initial={"language": request.LANGUAGE_CODE[:2]}
        )
        if request.method == "POST" and form.is_valid():
            try:
                registration = services.registration_create(
                    gathering=gathering, base_url=_base_url(request), **form.cleaned_data
                )
            except ApplicationError as error:
                form.add_application_error(error)
            else:
                if registration.status == Status.WAITLISTED:
                    messages.info(request, _("The gathering is full: you are on the waitlist."))
                else:
                    messages.success(request, _("You are registered."))
                return redirect(registration_url(registration))
    elif request.method == "POST":
        raise Http404
    counts = selectors.needs_summary(gathering) if gathering.capacity is not None else None
    seats_left = None
    if counts is not None and gathering.capacity is not None:
        seats_left = max(0, gathering.capacity - counts.registered)
    can_manage = request.user.has_perm("gatherings.manage", gathering)
    photos = gathering.photos.all() if can_manage else gathering.photos.filter(public=True)
    return render(
        request,
        "gatherings/detail.html",
        {
            "gathering": gathering,
            "photos": list(photos),
            "owner": owner,
            "community": gathering.community,
            "list_url": _list_url(owner),
            "form": form,
            "seats_left": seats_left,
            "can_manage": can_manage,
            "series_text": recurrence.describe(gathering.series) if gathering.series else "",
            "starts": timezone.localtime(gathering.starts_at, _zone(gathering)),
            "ends": timezone.localtime(gathering.ends_at, _zone(gathering)),
        },
    )


def _zone(gathering: Any) -> Any:
    from zoneinfo import ZoneInfo

    return ZoneInfo(gathering.time_zone)


@public_page(owner_keys)
def calendar(
    request: HttpRequest, pk: int, slug: str | None = None, network_slug: str | None = None
) -> HttpResponse:
    """The gathering as an .ics file: "add to calendar"."""
    gathering = _gathering(_owner(slug, network_slug), pk)
    check_perm(request, "gatherings.view", gathering)
    url = request.build_absolute_uri(gathering.get_absolute_url())
    body = ics.render([ics.gathering_event(gathering, url)], gathering.display_title)
    return _ics_response(body, f"gathering-{gathering.pk}.ics")


@public_page(owner_keys)
def feed(
    request: HttpRequest, slug: str | None = None, network_slug: str | None = None
) -> HttpResponse:
    """A subscribable feed of a community's or network's public gatherings: each series once
    with its rule, the rest one by one."""
    owner = _owner(slug, network_slug)
    check_perm(request, "gatherings.view", owner)
    events = []
    all_series = list(
        owner.gathering_series.filter(is_public=True)
        .exclude(process__is_public=False)
        .select_related("community", "network")
    )
    # Occurrences changed by hand, for every series at once (one query, not one a series).
    changed: dict[int, list[Gathering]] = defaultdict(list)
    for g in Gathering.objects.filter(
        series__in=all_series, detached=True, recurrence_id__isnull=False
    ).select_related("community", "network", "process"):
        changed[g.series_id].append(g)  # type: ignore[index]
    for series in all_series:
        events += _series_events(request, series, changed[series.pk])
    singles = (
        selectors.for_owner(owner)
        .filter(series__isnull=True, is_public=True, ends_at__gte=timezone.now() - _PAST)
        .exclude(process__is_public=False)
    )
    for g in singles.order_by("starts_at")[:500]:
        events.append(ics.gathering_event(g, request.build_absolute_uri(g.get_absolute_url())))
    name = getattr(owner, "name", "")
    return _ics_response(ics.render(events, name), f"{owner.slug}-gatherings.ics")


_PAST = timedelta(days=90)


def _series_events(
    request: HttpRequest, series: Series, changed: list[Gathering] | None = None
) -> list[Any]:
    url = request.build_absolute_uri(_list_url(series.owner) + f"series/{series.pk}/")
    if changed is None:
        changed = list(series.occurrences.filter(detached=True, recurrence_id__isnull=False))
    return ics.series_events(series, url, changed)


@public_page(owner_keys)
def series_detail(
    request: HttpRequest, series_id: int, slug: str | None = None, network_slug: str | None = None
) -> HttpResponse:
    owner = _owner(slug, network_slug)
    series = _series(owner, series_id)
    check_perm(request, "gatherings.view", series)
    occurrences = selectors.with_counts(
        series.occurrences.filter(ends_at__gte=timezone.now()).order_by("starts_at")
    )
    return render(
        request,
        "gatherings/series_detail.html",
        {
            "series": series,
            "owner": owner,
            "community": series.community,
            "list_url": _list_url(owner),
            "rule_text": recurrence.describe(series),
            "occurrences": occurrences,
            "can_manage": request.user.has_perm("gatherings.manage", series),
        },
    )


@public_page(owner_keys)
def series_feed(
    request: HttpRequest, series_id: int, slug: str | None = None, network_slug: str | None = None
) -> HttpResponse:
    series = _series(_owner(slug, network_slug), series_id)
    check_perm(request, "gatherings.view", series)
    body = ics.render(_series_events(request, series), series.display_title)
    return _ics_response(body, f"series-{series.pk}.ics")


def registration(request: HttpRequest, token: str) -> HttpResponse:
    """A registrant's own page, by their signed link: their place, the online link shortly
    before the start, and cancelling."""
    found = registration_from_token(token)
    if found is None:
        raise Http404
    if request.method == "POST" and found.status != Status.CANCELLED:
        services.registration_cancel(registration=found, base_url=_base_url(request))
        messages.success(request, _("Your registration is cancelled."))
        return redirect(request.path)
    gathering = found.gathering
    reveal = found.status == Status.REGISTERED and gathering.link_revealed()
    return render(
        request,
        "gatherings/registration.html",
        {
            "registration": found,
            "gathering": gathering,
            "community": gathering.community,
            "online_url": gathering.online_url if reveal else "",
            "starts": timezone.localtime(gathering.starts_at, _zone(gathering)),
            "position": _waitlist_position(found),
        },
    )


def _waitlist_position(found: Any) -> int | None:
    if found.status != Status.WAITLISTED:
        return None
    ahead = found.gathering.registrations.filter(status=Status.WAITLISTED).filter(
        created_at__lt=found.created_at
    ) | found.gathering.registrations.filter(
        status=Status.WAITLISTED, created_at=found.created_at, pk__lt=found.pk
    )
    return ahead.count() + 1


# Those who run gatherings ---------------------------------------------------------------------


def _form_page(request: HttpRequest, template: str, **context: Any) -> HttpResponse:
    return render(request, template, context)


def gathering_new(
    request: HttpRequest, slug: str | None = None, network_slug: str | None = None
) -> HttpResponse:
    owner = _owner(slug, network_slug)
    check_perm(request, "gatherings.manage", owner)
    community = owner if isinstance(owner, Community) else None
    form = GatheringForm(request.POST or None, community=community)
    if request.method == "POST" and form.is_valid():
        try:
            gathering = services.gathering_save(
                actor=request.user, owner=owner, **form.cleaned_data
            )
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(
                request, _("%(title)s was added.") % {"title": gathering.display_title}
            )
            return redirect(gathering.get_absolute_url())
    return _form_page(
        request,
        "gatherings/form.html",
        form=form,
        owner=owner,
        community=community,
        list_url=_list_url(owner),
        heading=_("New gathering"),
    )


def gathering_edit(
    request: HttpRequest, pk: int, slug: str | None = None, network_slug: str | None = None
) -> HttpResponse:
    owner = _owner(slug, network_slug)
    gathering = _gathering(owner, pk)
    check_perm(request, "gatherings.manage", gathering)
    form = GatheringForm(request.POST or None, instance=gathering, community=gathering.community)
    if request.method == "POST" and form.is_valid():
        try:
            services.gathering_save(actor=request.user, gathering=gathering, **form.cleaned_data)
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(
                request, _("%(title)s was saved.") % {"title": gathering.display_title}
            )
            return redirect(gathering.get_absolute_url())
    return _form_page(
        request,
        "gatherings/form.html",
        form=form,
        owner=owner,
        community=gathering.community,
        gathering=gathering,
        list_url=_list_url(owner),
        heading=gathering.display_title,
    )


def series_form(
    request: HttpRequest,
    series_id: int | None = None,
    slug: str | None = None,
    network_slug: str | None = None,
) -> HttpResponse:
    owner = _owner(slug, network_slug)
    series = _series(owner, series_id) if series_id else None
    check_perm(request, "gatherings.manage", series or owner)
    community = owner if isinstance(owner, Community) else None
    form = SeriesForm(request.POST or None, instance=series, community=community)
    if request.method == "POST" and form.is_valid():
        try:
            if series is None:
                series = services.series_save(actor=request.user, owner=owner, **form.cleaned_data)
            else:
                services.series_save(actor=request.user, series=series, **form.cleaned_data)
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(request, _("%(title)s was saved.") % {"title": series.display_title})
            return redirect(_list_url(owner) + f"series/{series.pk}/")
    return _form_page(
        request,
        "gatherings/form.html",
        form=form,
        owner=owner,
        community=community,
        list_url=_list_url(owner),
        heading=series.display_title if series else _("New series of gatherings"),
    )


def registrations(
    request: HttpRequest, pk: int, slug: str | None = None, network_slug: str | None = None
) -> HttpResponse:
    """Facilitators: who is coming, the waitlist and what they need."""
    gathering = _gathering(_owner(slug, network_slug), pk)
    check_perm(request, "gatherings.manage", gathering)
    rows = list(selectors.registrations(gathering))
    audit_record(
        action="gathering.registrations_viewed",
        actor=request.user,
        community=gathering.community,
        target=gathering,
    )
    return render(
        request,
        "gatherings/registrations.html",
        {
            "gathering": gathering,
            "community": gathering.community,
            "rows": rows,
            "summary": selectors.needs_summary(gathering),
        },
    )


CSV_COLUMNS = (
    "name",
    "email",
    "phone",
    "language",
    "status",
    "interpretation_language",
    "asl",
    "childcare",
    "dietary",
    "other_needs",
    "attended",
    "created_at",
)


def registrations_csv(
    request: HttpRequest, pk: int, slug: str | None = None, network_slug: str | None = None
) -> HttpResponse:
    gathering = _gathering(_owner(slug, network_slug), pk)
    check_perm(request, "gatherings.manage", gathering)
    audit_record(
        action="gathering.registrations_exported",
        actor=request.user,
        community=gathering.community,
        target=gathering,
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="registrations-{gathering.pk}.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for r in selectors.registrations(gathering):
        row = [getattr(r, c) for c in CSV_COLUMNS]
        row[-1] = r.created_at.isoformat()
        # A spreadsheet must not run what someone typed as a formula.
        writer.writerow([_safe(v) for v in row])
    return response


def _safe(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


@queueable
def door(
    request: HttpRequest, pk: int, slug: str | None = None, network_slug: str | None = None
) -> HttpResponse:
    """Attendance at the door: tick who came (Space, Tab), count walk-ins, save with Enter.
    Works offline with field mode: the sheet is kept on the device and sent once."""
    gathering = _gathering(_owner(slug, network_slug), pk)
    check_perm(request, "gatherings.manage", gathering)
    rows = list(selectors.registrations(gathering).filter(status=Status.REGISTERED))
    if request.method == "POST":
        captured_at, device = captured(request)
        came = {int(v) for v in request.POST.getlist("came") if v.isdigit()}
        listed = [int(v) for v in request.POST.getlist("listed") if v.isdigit()]
        walk_ins = request.POST.get("walk_ins", "0")
        try:
            services.attendance_save(
                actor=request.user,
                gathering=gathering,
                came=came,
                walk_ins=int(walk_ins) if walk_ins.isdigit() else 0,
                listed=set(listed) if "listed" in request.POST else None,
                idempotency_key=request.POST.get("idempotency_key", ""),
                captured_at=captured_at,
                captured_device=device,
            )
        except AlreadyReceived as error:
            messages.info(request, error.message)
        except ApplicationError as error:
            return render(
                request,
                "gatherings/door.html",
                {**_door_context(gathering, rows), "error": error.message},
                status=400,
            )
        else:
            messages.success(request, _("Attendance saved."))
        return redirect(request.path)
    return render(request, "gatherings/door.html", _door_context(gathering, rows))


def _door_context(gathering: Gathering, rows: list[Any]) -> dict[str, Any]:
    return {
        "gathering": gathering,
        "community": gathering.community,
        "rows": rows,
        "idempotency_key": uuid.uuid4().hex,
    }


@require_POST
def cancel_by_facilitator(
    request: HttpRequest,
    pk: int,
    registration_id: int,
    slug: str | None = None,
    network_slug: str | None = None,
) -> HttpResponse:
    gathering = _gathering(_owner(slug, network_slug), pk)
    check_perm(request, "gatherings.manage", gathering)
    found = get_object_or_404(gathering.registrations, pk=registration_id)
    services.registration_cancel(registration=found, base_url=_base_url(request))
    return redirect(gathering.get_absolute_url() + "registrations/")
