"""Referral pages. Thin: find the referral through the community in the URL, check the rule,
call a service or selector. Only ``referral_detail`` shows a person's details, and it reads
them through ``access.referral_details_read``, which records the read."""

import csv

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groundwork.communities.models import (
    Community,
    Membership,
    Network,
    Organization,
    ReferralsRole,
)
from groundwork.communities.views import _workspace_context
from groundwork.core.errors import ApplicationError
from groundwork.core.permissions import check_perm
from groundwork.directory.models import Phone, Service

from . import selectors
from .actions import access, consents, messaging, sending, statuses
from .actions import needs as need_actions
from .actions import team as team_actions
from .exports import referral_export_csv, referral_export_rows
from .forms import (
    MessageForm,
    NeedCategoryForm,
    ReferralForm,
    decline_reason_choices,
    outcome_choices,
    referable_services,
)
from .links import person_path, referral_for_token
from .models import AccessRecord, NeedCategory, Referral, Status
from .report import network_referral_report, referral_report, report_csv_rows
from .rules import handling_organization
from .transitions import RECEIVER, next_steps


def _community(request: HttpRequest, slug: str, perm: str) -> Community:
    community = get_object_or_404(Community.objects.select_related("network"), slug=slug)
    check_perm(request, perm, community)
    return community


def _referral(request: HttpRequest, slug: str, referral_id: int, perm: str) -> Referral:
    referral = selectors.referral_in_community(slug=slug, referral_id=referral_id)
    check_perm(request, perm, referral)
    return referral


def _context(request: HttpRequest, community: Community, **extra: object) -> dict[str, object]:
    return _workspace_context(
        request,
        community,
        can_send=request.user.has_perm("referrals.send", community),
        can_report=request.user.has_perm("referrals.view_report", community),
        can_access_log=request.user.has_perm("referrals.view_access_log", community),
        can_manage_team=request.user.has_perm("referrals.manage_team", community),
        **extra,
    )


def inbox(request: HttpRequest, slug: str) -> HttpResponse:
    community = _community(request, slug, "referrals.view_inbox")
    organization_id = handling_organization(request.user, community)
    assert organization_id is not None
    box = request.GET.get("box", "received")
    if box not in selectors.BOXES:
        box = "received"
    if request.method == "POST":
        messaging.notifications_mark_read(user=request.user, community=community)
        return redirect(f"{request.path}?box={box}")
    page = Paginator(
        selectors.inbox(community=community, organization_id=organization_id, box=box), 50
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "referrals/inbox.html",
        _context(
            request,
            community,
            box=box,
            page=page,
            notifications=selectors.notifications(user=request.user, community=community),
        ),
    )


def referral_new(request: HttpRequest, slug: str) -> HttpResponse:
    community = _community(request, slug, "referrals.send")
    form = ReferralForm(request.POST or None, community=community)
    duplicates: list[Referral] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = sending.referral_create(
                actor=request.user,
                community=community,
                services=list(data["services"]),
                person=sending.PersonDetails(
                    name=data["name"],
                    phone=data["phone"],
                    email=data["email"],
                    best_times=data["best_times"],
                    contact_methods=data["contact_methods"],
                    language=data["language"],
                ),
                needs=data["needs"],
                urgency=data["urgency"],
                note=data["note"],
                consent_method=data["consent_method"],
                consent_fields=data["consent_fields"],
                consent_until=data["consent_until"],
                attested=data["attested"],
                signature=data["signature"],
                confirm_duplicate=data["confirm_duplicate"],
                idempotency_key=data["idempotency_key"],
                base_url=request.build_absolute_uri("/"),
            )
        except sending.DuplicateReferral as error:
            duplicates = error.duplicates
            form.add_application_error(error)
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(
                request,
                _("The referral was recorded.")
                if created[0].status == Status.SENT
                else _("The referral waits for the person to confirm through their link."),
            )
            return redirect(created[0].get_absolute_url())
    return render(
        request,
        "referrals/referral_form.html",
        _context(request, community, form=form, duplicates=duplicates),
    )


def referral_detail(request: HttpRequest, slug: str, referral_id: int) -> HttpResponse:
    referral = _referral(request, slug, referral_id, "referrals.view_referral")
    community = referral.community
    user = request.user
    organization_id = handling_organization(user, community)
    is_sender = organization_id == referral.sender_id
    details = None
    if user.has_perm("referrals.view_details", referral):
        details = access.referral_details_read(
            actor=user, referral=referral, reason=AccessRecord.Reason.VIEW
        )
    steps = next_steps(referral.status, RECEIVER) if not is_sender else []
    forward_services = []
    if "forwarded" in steps:
        covered = set(referral.consent.organizations.values_list("hsds_id", flat=True))
        forward_services = [
            s
            for s in referable_services(community)
            if s.organization_id in covered and s.pk != referral.service_id
        ]
    return render(
        request,
        "referrals/referral_detail.html",
        _context(
            request,
            community,
            referral=referral,
            details=details,
            is_sender=is_sender,
            steps=steps,
            decline_reasons=decline_reason_choices(),
            outcomes=outcome_choices(),
            forward_services=forward_services,
            history=selectors.history(referral),
            messages_list=selectors.messages(referral) if details is not None else None,
            message_form=MessageForm(),
            # A link consent is the person's to confirm: until they have, the link stays theirs.
            person_link=request.build_absolute_uri(person_path(referral))
            if is_sender and referral.consent.confirmed_at
            else "",
            consent=referral.consent,
            consent_effective=referral.consent.is_effective(),
            can_export=user.has_perm("referrals.export_referral", referral),
        ),
    )


def referral_export(request: HttpRequest, slug: str, referral_id: int) -> HttpResponse:
    """The referral as a CSV file, for one of its two organizations (recorded as "export")."""
    referral = _referral(request, slug, referral_id, "referrals.export_referral")
    organization_id = handling_organization(request.user, referral.community)
    rows = referral_export_rows(
        actor=request.user, referral=referral, is_sender=organization_id == referral.sender_id
    )
    response = HttpResponse(referral_export_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="referral-{referral.pk}.csv"'
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def referral_transition(request: HttpRequest, slug: str, referral_id: int) -> HttpResponse:
    referral = _referral(request, slug, referral_id, "referrals.act_as_receiver")
    forward_to = None
    if request.POST.get("forward_to"):
        forward_to = Service.objects.filter(
            community=referral.community, pk=request.POST["forward_to"]
        ).first()
    try:
        statuses.referral_transition(
            actor=request.user,
            referral=referral,
            to_status=request.POST.get("to_status", ""),
            reason=request.POST.get("reason", ""),
            forward_to=forward_to,
            base_url=request.build_absolute_uri("/"),
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The referral was updated."))
    return redirect(referral.get_absolute_url())


@require_POST
def referral_message(request: HttpRequest, slug: str, referral_id: int) -> HttpResponse:
    referral = _referral(request, slug, referral_id, "referrals.message")
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            messaging.message_send(
                actor=request.user, referral=referral, body=form.cleaned_data["body"]
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your message was sent."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(referral.get_absolute_url())


@require_POST
def referral_revoke(request: HttpRequest, slug: str, referral_id: int) -> HttpResponse:
    referral = _referral(request, slug, referral_id, "referrals.act_as_sender")
    try:
        consents.consent_revoke(
            referral=referral, actor=request.user, base_url=request.build_absolute_uri("/")
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Consent was revoked. Nothing more will be shared."))
    return redirect(referral.get_absolute_url())


def report(request: HttpRequest, slug: str) -> HttpResponse:
    """The figures; for a coordinator, who has no inbox, also their notices (referrals with
    no answer), by number and status only."""
    community = _community(request, slug, "referrals.view_report")
    has_inbox = request.user.has_perm("referrals.view_inbox", community)
    if request.method == "POST" and not has_inbox:
        messaging.notifications_mark_read(user=request.user, community=community)
        return redirect("referrals:report", slug=community.slug)
    figures = referral_report(community=community)
    notices = [] if has_inbox else selectors.notices_without_details(request.user, community)
    return render(
        request,
        "referrals/report.html",
        _context(request, community, report=figures, notices=notices),
    )


def report_csv(request: HttpRequest, slug: str) -> HttpResponse:
    community = _community(request, slug, "referrals.view_report")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="referrals-{community.slug}.csv"'
    writer = csv.writer(response)
    for row in report_csv_rows(referral_report(community=community)):
        writer.writerow(row)
    return response


def network_report(request: HttpRequest, network_slug: str) -> HttpResponse:
    network = get_object_or_404(Network, slug=network_slug)
    check_perm(request, "communities.manage_network", network)
    figures = network_referral_report(network=network)
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="referrals-{network.slug}.csv"'
        writer = csv.writer(response)
        for row in report_csv_rows(figures):
            writer.writerow(row)
        return response
    return render(request, "referrals/network_report.html", {"network": network, "report": figures})


def _steward_network(request: HttpRequest, network_slug: str) -> Network:
    network = get_object_or_404(Network, slug=network_slug)
    check_perm(request, "communities.manage_network", network)
    return network


def need_categories(request: HttpRequest, network_slug: str) -> HttpResponse:
    """The network's need categories: its stewards add one, and from the list rename,
    reorder, retire or restore them. Plain forms: works without JavaScript."""
    network = _steward_network(request, network_slug)
    form = NeedCategoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            category = need_actions.need_category_create(
                actor=request.user, network=network, **form.cleaned_data
            )
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(request, _("“%(name)s” was added.") % {"name": category})
            return redirect("referrals:needs", network_slug=network.slug)
    categories = list(NeedCategory.objects.filter(network=network).order_by("position", "id"))
    return render(
        request,
        "referrals/need_categories.html",
        {
            "network": network,
            "offered": [c for c in categories if not c.retired],
            "retired": [c for c in categories if c.retired],
            "form": form,
        },
    )


def need_category_edit(request: HttpRequest, network_slug: str, category_id: int) -> HttpResponse:
    network = _steward_network(request, network_slug)
    category = get_object_or_404(NeedCategory, network=network, pk=category_id)
    form = NeedCategoryForm(
        request.POST or None,
        initial={"name_en": category.name_en, "name_es": category.name_es},
    )
    if request.method == "POST" and form.is_valid():
        try:
            need_actions.need_category_update(
                actor=request.user, category=category, **form.cleaned_data
            )
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect("referrals:needs", network_slug=network.slug)
    return render(
        request,
        "referrals/need_category_form.html",
        {"network": network, "category": category, "form": form},
    )


@require_POST
def need_category_change(request: HttpRequest, network_slug: str, category_id: int) -> HttpResponse:
    """Move a category up or down, retire it or offer it again (one button each)."""
    network = _steward_network(request, network_slug)
    category = get_object_or_404(NeedCategory, network=network, pk=category_id)
    change = request.POST.get("change", "")
    try:
        if change in ("up", "down"):
            need_actions.need_category_move(actor=request.user, category=category, direction=change)
        elif change in ("retire", "restore"):
            need_actions.need_category_set_retired(
                actor=request.user, category=category, retired=change == "retire"
            )
            messages.success(
                request,
                (
                    _("“%(name)s” is no longer offered; referrals that name it keep it.")
                    if change == "retire"
                    else _("“%(name)s” is offered again.")
                )
                % {"name": category},
            )
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect("referrals:needs", network_slug=network.slug)


def access_log(request: HttpRequest, slug: str) -> HttpResponse:
    community = _community(request, slug, "referrals.view_access_log")
    organization_id = handling_organization(request.user, community)
    assert organization_id is not None
    page = Paginator(
        selectors.access_log_for_organization(community=community, organization_id=organization_id),
        100,
    ).get_page(request.GET.get("page"))
    return render(request, "referrals/access_log.html", _context(request, community, page=page))


def team(request: HttpRequest, slug: str) -> HttpResponse:
    """An organization's referrals administrators give and remove the referrals role to the
    organization's members (each change audited). Plain forms: works without JavaScript."""
    community = _community(request, slug, "referrals.manage_team")
    organization_id = handling_organization(request.user, community)
    assert organization_id is not None
    if request.method == "POST":
        chosen = request.POST.get("membership", "")
        membership = get_object_or_404(
            Membership.objects.select_related("user", "community"),
            community=community,
            organization_id=organization_id,
            pk=int(chosen) if chosen.isdigit() else 0,
        )
        try:
            membership = team_actions.referrals_role_set(
                actor=request.user,
                membership=membership,
                role=request.POST.get("referrals_role", ""),
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("%(name)s: %(role)s.")
                % {"name": membership.user, "role": membership.get_referrals_role_display()},
            )
        return redirect("referrals:team", slug=community.slug)
    return render(
        request,
        "referrals/team.html",
        _context(
            request,
            community,
            members=team_actions.team_members(community=community, organization_id=organization_id),
            roles=ReferralsRole.choices,
            organization=Organization.objects.get(pk=organization_id),
        ),
    )


# The person's own page: no account, a signed link scoped to one referral -------------------


def _person_referral(request: HttpRequest, referral_id: int, token: str) -> Referral:
    referral = referral_for_token(referral_id, token)
    if referral is None:
        raise Http404
    if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
        # In the person's language unless they chose another with the switch.
        translation.activate(referral.person.language)
        request.LANGUAGE_CODE = referral.person.language
    return referral


def person(request: HttpRequest, referral_id: int, token: str) -> HttpResponse:
    referral = _person_referral(request, referral_id, token)
    consent = referral.consent
    referrals = [referral, *selectors.related_referrals(referral)]
    contacts = _service_contacts(referrals)
    response = render(
        request,
        "referrals/person.html",
        {
            "referral": referral,
            "referrals": [(r, contacts[r.pk]) for r in referrals],
            "consent": consent,
            "consent_effective": consent.is_effective(),
            "accesses": selectors.access_log_for_person(referral)[:200],
            "token": token,
            "erased": referral.details_erased_at is not None,
        },
    )
    # The link is the key to this page: the site-wide "same-origin" referrer policy keeps it
    # from the services' own sites linked here, and no cache keeps a copy.
    response["Cache-Control"] = "no-store"
    return response


def _service_contacts(referrals: list[Referral]) -> dict[int, dict[str, object]]:
    """How to reach each referral's service (up to three phones), in one query."""
    phones: dict[object, list[str]] = {}
    for service_id, number in (
        Phone.objects.filter(
            community_id=referrals[0].community_id,
            service_id__in={r.service.hsds_id for r in referrals},
        )
        .order_by("number")
        .values_list("service_id", "number")
    ):
        phones.setdefault(service_id, []).append(number)
    return {
        r.pk: {
            "phones": phones.get(r.service.hsds_id, [])[:3],
            "email": r.service.email,
            "url": r.service.url,
        }
        for r in referrals
    }


@require_POST
def person_confirm(request: HttpRequest, referral_id: int, token: str) -> HttpResponse:
    referral = _person_referral(request, referral_id, token)
    try:
        consents.consent_confirm(referral=referral, base_url=request.build_absolute_uri("/"))
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Thank you. Your referral was sent."))
    return redirect("referrals:person", referral_id=referral.pk, token=token)


@require_POST
def person_revoke(request: HttpRequest, referral_id: int, token: str) -> HttpResponse:
    referral = _person_referral(request, referral_id, token)
    consents.consent_revoke(
        referral=referral, by_person=True, base_url=request.build_absolute_uri("/")
    )
    messages.success(
        request,
        _(
            "Your consent is withdrawn. Nothing more will be shared, and organizations that "
            "had not accepted your referral no longer see your details."
        ),
    )
    return redirect("referrals:person", referral_id=referral.pk, token=token)
