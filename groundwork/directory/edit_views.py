"""The directory's editing pages: the stewards' list (stale first), organizations, locations
and services, and the page an organization's e-mailed link opens. Thin: forms parse,
actions write, edit_selectors read. Objects are found through the community in the URL
(404 elsewhere); people without the right get 403, anonymous visitors are sent to sign in."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groundwork.communities.models import Community, Organization
from groundwork.communities.views import _workspace_context
from groundwork.core.errors import ApplicationError
from groundwork.core.permissions import check_perm

from . import edit_selectors as selectors
from .actions import editing, focus, freshness, service_editing
from .edit_forms import (
    CostFormSet,
    HoursFormSet,
    LocationForm,
    OrganizationForm,
    PhoneFormSet,
    ServiceForm,
)
from .map_views import allow_tiles, tile_context
from .models import Location, Service, TaxonomyTerm
from .rules import editable_organization_ids, is_steward
from .services import service_verify


def _community(
    request: HttpRequest, slug: str, perm: str = "directory.manage_directory"
) -> Community:
    community = get_object_or_404(
        Community.objects.select_related("network", "directory_of"), slug=slug
    )
    check_perm(request, perm, community)
    return community


def _context(request: HttpRequest, community: Community, **extra: Any) -> dict[str, Any]:
    return _workspace_context(
        request,
        community,
        steward=is_steward(request.user, community),
        **extra,
    )


def _organizations(request: HttpRequest, community: Community) -> list[Organization]:
    """The organizations the person may place services and locations under."""
    ids = editable_organization_ids(request.user, community)
    found = Organization.objects.filter(community=community).order_by("name")
    if ids is not None:
        found = found.filter(hsds_id__in=ids)
    return list(found)


def _unbound(rows: list[dict[str, Any]], request: HttpRequest) -> list[dict[str, Any]] | None:
    """A formset's stored lines, for showing only: a sent formset is read as sent (lines
    compared with stored ones would be skipped as "unchanged" and lost)."""
    return None if request.method == "POST" else rows


def _manage_url(community: Community) -> str:
    return reverse("directory_edit:manage", args=[community.slug])


def manage(request: HttpRequest, slug: str) -> HttpResponse:
    community = _community(request, slug)
    ids = editable_organization_ids(request.user, community)
    services = selectors.managed_services(community=community, organization_ids=ids)
    organizations = _organizations(request, community)
    return render(
        request,
        "directory/edit/manage.html",
        _context(
            request,
            community,
            services=services,
            stale_count=sum(1 for s in services if s.stale),
            locations=selectors.managed_locations(community=community, organization_ids=ids),
            organizations=organizations,
            months=freshness.settings.DIRECTORY_REMINDER_MONTHS,
        ),
    )


# Organizations ------------------------------------------------------------------------------


def organization_edit(
    request: HttpRequest, slug: str, organization_id: UUID | None = None
) -> HttpResponse:
    community = _community(request, slug, "communities.add_organization")
    organization = None
    if organization_id is not None:
        organization = get_object_or_404(community.organizations, hsds_id=organization_id)
    form = OrganizationForm(
        request.POST or None,
        initial=OrganizationForm.initial_for(organization) if organization else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            editing.organization_save(
                actor=request.user,
                community=community,
                organization=organization,
                **form.cleaned_data,
            )
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(request, _("The organization was saved."))
            return redirect(_manage_url(community))
    return render(
        request,
        "directory/edit/organization_form.html",
        _context(request, community, form=form, organization=organization),
    )


@require_POST
def organization_confirm(request: HttpRequest, slug: str, organization_id: UUID) -> HttpResponse:
    community = _community(request, slug)
    organization = get_object_or_404(community.organizations, hsds_id=organization_id)
    check_perm(request, "directory.add_service", organization)
    count = freshness.organization_confirm(actor=request.user, organization=organization)
    messages.success(
        request,
        _("Thank you. %(organization)s's details are marked as checked today (%(count)s services).")
        % {"organization": organization.name, "count": count},
    )
    return redirect(_manage_url(community))


# Locations ----------------------------------------------------------------------------------


def location_edit(request: HttpRequest, slug: str, location_id: UUID | None = None) -> HttpResponse:
    community = _community(request, slug)
    steward = is_steward(request.user, community)
    location = None
    address = None
    phones: list[Any] = []
    if location_id is not None:
        location = get_object_or_404(Location, community=community, hsds_id=location_id)
        check_perm(request, "directory.change_location", location)
        address = selectors.location_address(community=community, location=location)
        phones = selectors.location_phones(community=community, location=location)
    organizations = _organizations(request, community)
    if not organizations and not steward:
        raise Http404
    initial: dict[str, Any] = {}
    if location is not None:
        initial = {
            name: getattr(location, name)
            for name in (
                "name",
                "name_es",
                "description",
                "description_es",
                "transportation",
                "latitude",
                "longitude",
                "confidential",
            )
        }
        initial["organization"] = str(location.organization_id or "")
        if address is not None:
            initial |= {
                name: getattr(address, name)
                for name in ("address_1", "address_2", "city", "state_province", "postal_code")
            }
    form = LocationForm(
        request.POST or None, initial=initial, organizations=organizations, steward=steward
    )
    phone_forms = PhoneFormSet(
        request.POST or None,
        prefix="phones",
        initial=_unbound(
            [{"number": p.number, "description": p.description} for p in phones], request
        ),
    )
    if request.method == "POST" and form.is_valid() and phone_forms.is_valid():
        chosen = form.cleaned_data["organization"]
        organization = next((o for o in organizations if str(o.hsds_id) == chosen), None)
        try:
            saved = editing.location_save(
                actor=request.user,
                community=community,
                location=location,
                organization=organization,
                phones=[e for f in phone_forms for e in [f.entry()] if e],
                **form.location_arguments(),
            )
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(request, _("“%(name)s” was saved.") % {"name": saved.name})
            return redirect(_manage_url(community))
    return allow_tiles(
        render(
            request,
            "directory/edit/location_form.html",
            _context(
                request,
                community,
                form=form,
                phone_forms=phone_forms,
                location=location,
                **tile_context(),
            ),
        )
    )


# Services -----------------------------------------------------------------------------------


def _service(community: Community, service_id: UUID) -> Service:
    return get_object_or_404(Service, community=community, hsds_id=service_id)


def service_edit(request: HttpRequest, slug: str, service_id: UUID | None = None) -> HttpResponse:
    community = _community(request, slug)
    service = None
    details = None
    if service_id is not None:
        service = _service(community, service_id)
        check_perm(request, "directory.change_service", service)
        details = selectors.service_details(community=community, service=service)
    organizations = _organizations(request, community)
    if service is not None and service.organization_id not in {o.hsds_id for o in organizations}:
        # A steward's service whose organization is not listed (imported from elsewhere).
        extra = Organization.objects.filter(community=community, hsds_id=service.organization_id)
        organizations = [*organizations, *extra]
    if not organizations:
        raise Http404
    org_ids = {o.hsds_id for o in organizations}
    steward = is_steward(request.user, community)
    locations = list(Location.objects.filter(community=community).order_by("name", "pk"))
    locations = [
        loc for loc in locations if loc.organization_id is None or loc.organization_id in org_ids
    ]
    # The focus areas' terms are chosen as focus areas, not among the other categories.
    terms = list(
        TaxonomyTerm.objects.filter(community=community)
        .exclude(taxonomy_id=focus.TAXONOMY_ID)
        .order_by("name", "pk")
    )
    focus_areas = focus.network_focus_areas(community)
    initial: dict[str, Any] = {}
    if service is not None and details is not None:
        initial = {name: getattr(service, name) for name in service_editing.SERVICE_FIELDS}
        for name in ("minimum_age", "maximum_age"):
            if initial[name] is not None:
                initial[name] = int(initial[name])
        initial |= {
            "organization": str(service.organization_id),
            "languages": details.languages,
            "documents": "\n".join(details.documents),
            "terms": [str(t) for t in details.term_ids],
            "focus_areas": focus.keys_of(details.term_ids),
            "locations": [str(loc) for loc in details.location_ids],
        }
    else:
        chosen = request.GET.get("organization")
        if chosen:
            initial["organization"] = chosen
    form = ServiceForm(
        request.POST or None,
        initial=initial,
        organizations=organizations,
        terms=terms,
        locations=locations,
        extra_languages=details.languages if details else [],
        focus_areas=focus_areas,
    )
    hours_forms = HoursFormSet(
        request.POST or None,
        prefix="hours",
        initial=_unbound(
            [
                {"days": s.byday.split(","), "opens_at": s.opens_at, "closes_at": s.closes_at}
                for s in (details.schedules if details else [])
            ],
            request,
        ),
    )
    phone_forms = PhoneFormSet(
        request.POST or None,
        prefix="phones",
        initial=_unbound(
            [
                {"number": p.number, "description": p.description}
                for p in (details.phones if details else [])
            ],
            request,
        ),
    )
    cost_forms = CostFormSet(
        request.POST or None,
        prefix="costs",
        initial=_unbound(
            [
                {"option": c.option, "amount": c.amount, "amount_description": c.amount_description}
                for c in (details.costs if details else [])
            ],
            request,
        ),
    )
    sets = (hours_forms, phone_forms, cost_forms)
    if request.method == "POST" and all([form.is_valid(), *(s.is_valid() for s in sets)]):
        data = form.cleaned_data
        organization = next(o for o in organizations if str(o.hsds_id) == data["organization"])
        try:
            saved = service_editing.service_save(
                actor=request.user,
                community=community,
                service=service,
                organization=organization,
                values=form.values(),
                hours=[e for f in hours_forms for e in [f.entry()] if e],
                phones=[e for f in phone_forms for e in [f.entry()] if e],
                costs=[e for f in cost_forms for e in [f.entry()] if e],
                language_codes=data["languages"],
                documents=form.document_lines(),
                term_ids=[UUID(t) for t in data["terms"]] if "terms" in data else None,
                focus_areas=data.get("focus_areas"),
                location_ids=[UUID(loc) for loc in data["locations"]]
                if "locations" in data
                else None,
            )
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(
                request,
                _("“%(name)s” was saved and marked as checked today.") % {"name": saved.name},
            )
            return redirect(_manage_url(community))
    return render(
        request,
        "directory/edit/service_form.html",
        _context(
            request,
            community,
            form=form,
            hours_forms=hours_forms,
            phone_forms=phone_forms,
            cost_forms=cost_forms,
            service=service,
            other_schedules=details.other_schedules if details else [],
            stale=freshness.is_stale(service.last_verified) if service else False,
            can_choose_organization=steward or len(organizations) > 1,
            only_organization=organizations[0],
        ),
    )


@require_POST
def service_confirm(request: HttpRequest, slug: str, service_id: UUID) -> HttpResponse:
    community = _community(request, slug)
    service = _service(community, service_id)
    check_perm(request, "directory.change_service", service)
    from django.utils import timezone

    service_verify(actor=request.user, service=service, on=timezone.localdate())
    messages.success(
        request, _("Thank you. “%(name)s” is marked as checked today.") % {"name": service.name}
    )
    return redirect(_manage_url(community))


# The e-mailed link --------------------------------------------------------------------------


def confirm(request: HttpRequest, slug: str, organization_id: UUID, token: str) -> HttpResponse:
    """The page a reminder's link opens: no sign-in needed, the signed link is the key, and it
    opens only the organization it was sent for."""
    community = get_object_or_404(Community, slug=slug)
    organization = community.organizations.filter(hsds_id=organization_id).first()
    if organization is None or not freshness.token_opens(token, organization):
        return render(
            request, "directory/edit/confirm_invalid.html", {"community": community}, status=404
        )
    services = list(freshness.organization_services(organization).order_by("name"))
    if request.method == "POST":
        freshness.organization_confirm(
            actor=None, organization=organization, actor_label=organization.email
        )
        messages.success(request, _("Thank you. The details are marked as still right today."))
        return redirect(request.path)
    can_edit = request.user.is_authenticated and request.user.has_perm(
        "directory.add_service", organization
    )
    return render(
        request,
        "directory/edit/confirm.html",
        {
            "community": community,
            "organization": organization,
            "services": services,
            "can_edit": can_edit,
            "stale_before": freshness.stale_before(),
        },
    )
