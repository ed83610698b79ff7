"""Community pages. Thin: look up through the URL, check the rule, call a service or selector."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groundwork.core.errors import ApplicationError
from groundwork.core.permissions import check_perm
from groundwork.core.selectors import audit_event_list
from groundwork.planning import selectors as planning_selectors

from . import counties, selectors, services
from .forms import (
    CoalitionProfileForm,
    CommunityForm,
    CountyGoalForm,
    InvitationForm,
    NetworkGoalForm,
    OrganizationForm,
    RoleForm,
    StrategyForm,
)
from .maturity import community_maturity
from .models import Community, Network, NetworkGoal, Role, Strategy
from .rules import role_in


def _community(request: HttpRequest, slug: str, perm: str) -> Community:
    community = get_object_or_404(Community.objects.select_related("network", "region"), slug=slug)
    check_perm(request, perm, community)
    return community


def _workspace_context(
    request: HttpRequest, community: Community, **extra: object
) -> dict[str, object]:
    user = request.user
    my_role = role_in(user, community)
    return {
        "community": community,
        "my_role": my_role,
        "my_role_label": Role(my_role).label if my_role else None,
        "roles": Role.choices,
        "can": {
            perm: user.has_perm(f"communities.{perm}", community)
            for perm in (
                "view_workspace",
                "change_community",
                "view_members",
                "manage_members",
                "invite_members",
                "view_organizations",
                "add_organization",
                "view_audit",
                "change_network_membership",
            )
        }
        | {"manage_directory": user.has_perm("directory.manage_directory", community)}
        | {"manage_webhooks": user.has_perm("api.manage_webhooks", community)},
        **extra,
    }


def network_detail(request: HttpRequest, network_slug: str) -> HttpResponse:
    network = get_object_or_404(Network, slug=network_slug)
    check_perm(request, "communities.view_network", network)
    coalitions = list(
        selectors.network_coalitions_by_confirmation(network=network, user=request.user)
    )
    rows = [
        {
            "community": c,
            "counties": c.counties(),
            "maturity": community_maturity(c),
        }
        for c in coalitions
    ]
    return render(
        request,
        "communities/network_detail.html",
        {
            "network": network,
            "coalition_rows": rows,
            "strategies": selectors.network_strategies(network=network),
            "goals": selectors.network_goals(network=network),
            "can_manage": request.user.has_perm("communities.manage_network", network),
            "pending_requests": network.join_requests.filter(status="pending").count()
            if request.user.has_perm("communities.decide_join_requests", network)
            else None,
        },
    )


def community_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "communities/community_list.html",
        {"communities": selectors.community_list_visible(user=request.user)},
    )


@login_required
def community_create(request: HttpRequest) -> HttpResponse:
    check_perm(request, "communities.add_community")
    form = CommunityForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            community = services.community_create(actor=request.user, **form.cleaned_data)
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(
                request,
                _("%(name)s was created. You are its coordinator.") % {"name": community.name},
            )
            return redirect(community)
    return render(request, "communities/community_form.html", {"form": form, "creating": True})


def community_detail(request: HttpRequest, slug: str) -> HttpResponse:
    community = _community(request, slug, "communities.view_community")
    context = _workspace_context(request, community)
    if context["can"]["view_organizations"]:  # type: ignore[index]
        context["organizations"] = selectors.organization_list(community=community)
    context["profile"] = selectors.community_profile(community=community)
    context["open_processes"] = planning_selectors.process_list_open(
        user=request.user, community=community
    )
    return render(request, "communities/community_detail.html", context)


def community_edit(request: HttpRequest, slug: str) -> HttpResponse:
    community = _community(request, slug, "communities.change_community")
    initial = {
        field: getattr(community, field)
        for field in (
            "name",
            "kind",
            "coalition_name",
            "area_served",
            "description",
            "sectors",
            "is_public",
        )
    }
    form = CommunityForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.community_update(actor=request.user, community=community, **form.cleaned_data)
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(request, _("The community profile was saved."))
            return redirect(community)
    return render(
        request,
        "communities/community_form.html",
        _workspace_context(request, community, form=form),
    )


def member_list(request: HttpRequest, slug: str) -> HttpResponse:
    community = _community(request, slug, "communities.view_members")
    memberships = list(selectors.membership_list(community=community))
    return render(
        request,
        "communities/member_list.html",
        _workspace_context(request, community, memberships=memberships),
    )


@require_POST
def member_role(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    community = _community(request, slug, "communities.manage_members")
    membership = get_object_or_404(community.memberships.select_related("user"), pk=membership_id)
    form = RoleForm(request.POST)
    error = None
    if form.is_valid():
        try:
            membership = services.membership_set_role(
                actor=request.user, membership=membership, role=form.cleaned_data["role"]
            )
        except ApplicationError as exc:
            error = exc.message
    else:
        error = _("Choose a valid role.")
    if request.htmx:  # type: ignore[attr-defined]
        context = _workspace_context(
            request, community, membership=membership, row_error=error, saved=error is None
        )
        return render(request, "communities/member_list.html#member-row", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(
            request,
            _("%(name)s is now: %(role)s.")
            % {"name": membership.user, "role": membership.get_role_display()},
        )
    return redirect("communities:members", slug=community.slug)


@require_POST
def member_remove(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    community = _community(request, slug, "communities.view_workspace")
    membership = get_object_or_404(community.memberships.select_related("user"), pk=membership_id)
    try:
        services.membership_remove(actor=request.user, membership=membership)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("communities:members", slug=community.slug)
    if membership.user_id == request.user.pk:
        messages.success(request, _("You left %(name)s.") % {"name": community.name})
        return redirect("core:home")
    messages.success(request, _("%(name)s was removed.") % {"name": membership.user})
    return redirect("communities:members", slug=community.slug)


def invitation_list(request: HttpRequest, slug: str) -> HttpResponse:
    community = _community(request, slug, "communities.invite_members")
    form = InvitationForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            created = services.invitation_create(
                actor=request.user,
                community=community,
                base_url=request.build_absolute_uri("/"),
                **form.cleaned_data,
            )
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            if created.email:
                messages.success(
                    request,
                    _("An invitation is on its way to %(email)s.") % {"email": created.email},
                )
            else:
                messages.success(
                    request, _("Your invitation link is ready. Copy it from the list below.")
                )
            return redirect("communities:invitations", slug=community.slug)
    invitations = selectors.invitation_list(community=community)
    return render(
        request,
        "communities/invitation_list.html",
        _workspace_context(request, community, form=form, invitations=invitations),
    )


@require_POST
def invitation_revoke(request: HttpRequest, slug: str, invitation_id: int) -> HttpResponse:
    community = _community(request, slug, "communities.invite_members")
    invitation = get_object_or_404(community.invitations, pk=invitation_id)
    services.invitation_revoke(actor=request.user, invitation=invitation)
    messages.success(request, _("The invitation was withdrawn."))
    return redirect("communities:invitations", slug=community.slug)


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.invitation_for_token(token)
    if invitation is None:
        return render(request, "communities/invitation_invalid.html", status=404)
    if not request.user.is_authenticated:
        return render(
            request,
            "communities/invitation_accept.html",
            {"invitation": invitation, "token": token},
        )
    if request.method == "POST":
        try:
            membership = services.invitation_accept(user=request.user, token=token)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("You joined %(community)s as %(role)s.")
                % {"community": membership.community, "role": membership.get_role_display()},
            )
            return redirect(membership.community)
    already = role_in(request.user, invitation.community)
    return render(
        request,
        "communities/invitation_accept.html",
        {"invitation": invitation, "token": token, "already": already},
    )


def organization_list(request: HttpRequest, slug: str) -> HttpResponse:
    community = _community(request, slug, "communities.view_organizations")
    can_add = request.user.has_perm("communities.add_organization", community)
    form = OrganizationForm(request.POST or None)
    if request.method == "POST":
        check_perm(request, "communities.add_organization", community)
        if form.is_valid():
            try:
                organization = services.organization_create(
                    actor=request.user, community=community, **form.cleaned_data
                )
            except ApplicationError as error:
                form.add_application_error(error)
            else:
                messages.success(request, _("%(name)s was added.") % {"name": organization.name})
                return redirect("communities:organizations", slug=community.slug)
    return render(
        request,
        "communities/organization_list.html",
        _workspace_context(
            request,
            community,
            organizations=selectors.organization_list(community=community),
            form=form if can_add else None,
        ),
    )


def audit_log(request: HttpRequest, slug: str) -> HttpResponse:
    community = _community(request, slug, "communities.view_audit")
    events = audit_event_list(community=community)[:200]
    return render(
        request, "communities/audit_log.html", _workspace_context(request, community, events=events)
    )


# The coalition profile ----------------------------------------------------------------------


def _county_choices(community: Community, state: str) -> list[tuple[str, str]]:
    offered = counties.counties_in_state(state) if state else []
    codes = {c.fips for c in offered}
    chosen = [c for c in community.counties() if c.fips not in codes]
    return [(c.fips, f"{c.name} ({c.fips})") for c in offered] + [
        (c.fips, f"{c.label} ({c.fips})") for c in chosen
    ]


def community_profile_edit(request: HttpRequest, slug: str) -> HttpResponse:
    community = _community(request, slug, "communities.change_community")
    network_state = community.network.state if community.network else ""
    state = network_state
    if not state:
        first = next(iter(community.counties()), None)
        state = (request.GET.get("state") or (first.state if first else "")).upper()
        if state not in dict(counties.states()):
            state = ""
    strategies = list(community.network.strategies.all()) if community.network else []
    form = CoalitionProfileForm(
        request.POST or None,
        initial=CoalitionProfileForm.initial_for(community),
        county_choices=_county_choices(community, state),
        strategies=strategies,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.community_profile_update(
                actor=request.user, community=community, **form.service_arguments()
            )
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(request, _("The coalition profile was saved and confirmed."))
            return redirect(community)
    return render(
        request,
        "communities/profile_form.html",
        _workspace_context(
            request,
            community,
            form=form,
            state=state,
            states=counties.states() if not network_state else None,
        ),
    )


@require_POST
def community_profile_confirm(request: HttpRequest, slug: str) -> HttpResponse:
    community = _community(request, slug, "communities.change_community")
    services.community_profile_confirm(actor=request.user, community=community)
    messages.success(request, _("Thank you. The profile is marked as current today."))
    return redirect(community)


# County goals --------------------------------------------------------------------------------


def county_goal_list(request: HttpRequest, slug: str) -> HttpResponse:
    community = _community(request, slug, "communities.change_community")
    form = CountyGoalForm(request.POST or None, community=community)
    if request.method == "POST" and form.is_valid():
        try:
            goal = services.county_goal_create(
                actor=request.user, community=community, **form.cleaned_data
            )
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(request, _("The goal “%(title)s” was added.") % {"title": goal.title})
            return redirect("communities:county_goals", slug=community.slug)
    goals = community.county_goals.select_related("network_goal")
    return render(
        request,
        "communities/county_goal_list.html",
        _workspace_context(request, community, form=form, goals=goals),
    )


def county_goal_edit(request: HttpRequest, slug: str, goal_id: int) -> HttpResponse:
    community = _community(request, slug, "communities.change_community")
    goal = get_object_or_404(community.county_goals, pk=goal_id)
    initial = {
        "title": goal.title,
        "target": goal.target,
        "description": goal.description,
        "network_goal": goal.network_goal_id,
    }
    form = CountyGoalForm(request.POST or None, initial=initial, community=community)
    if request.method == "POST" and form.is_valid():
        try:
            services.county_goal_update(actor=request.user, goal=goal, **form.cleaned_data)
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(request, _("The goal was saved."))
            return redirect("communities:county_goals", slug=community.slug)
    return render(
        request,
        "communities/county_goal_form.html",
        _workspace_context(request, community, form=form, goal=goal),
    )


def county_goal_delete(request: HttpRequest, slug: str, goal_id: int) -> HttpResponse:
    community = _community(request, slug, "communities.change_community")
    goal = get_object_or_404(community.county_goals, pk=goal_id)
    if request.method == "POST":
        services.county_goal_delete(actor=request.user, goal=goal)
        messages.success(request, _("The goal “%(title)s” was deleted.") % {"title": goal.title})
        return redirect("communities:county_goals", slug=community.slug)
    return render(
        request,
        "communities/county_goal_delete.html",
        _workspace_context(request, community, goal=goal),
    )


# The network's theory of change and statewide goals ---------------------------------------

NETWORK_ITEMS = {
    "strategies": (
        Strategy,
        StrategyForm,
        ("name_en", "name_es", "description_en", "description_es"),
        services.strategy_create,
        services.strategy_update,
        services.strategy_delete,
    ),
    "goals": (
        NetworkGoal,
        NetworkGoalForm,
        ("title", "description"),
        services.network_goal_create,
        services.network_goal_update,
        services.network_goal_delete,
    ),
}


def _network(request: HttpRequest, network_slug: str) -> Network:
    network = get_object_or_404(Network, slug=network_slug)
    check_perm(request, "communities.manage_network", network)
    return network


def network_item_list(request: HttpRequest, network_slug: str, kind: str) -> HttpResponse:
    network = _network(request, network_slug)
    _model, form_class, _fields, create, _update, _delete = NETWORK_ITEMS[kind]
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = create(actor=request.user, network=network, **form.cleaned_data)
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(request, _("“%(name)s” was added.") % {"name": item})
            return redirect(f"communities:network_{kind}", network_slug=network.slug)
    items = selectors.network_items_for_staff(network=network, kind=kind)
    return render(
        request,
        "communities/network_items.html",
        {"network": network, "kind": kind, "items": items, "form": form},
    )


def network_item_edit(
    request: HttpRequest, network_slug: str, kind: str, item_id: int
) -> HttpResponse:
    network = _network(request, network_slug)
    model, form_class, fields, _create, update, _delete = NETWORK_ITEMS[kind]
    item = get_object_or_404(model.objects.filter(network=network), pk=item_id)
    form = form_class(request.POST or None, initial={f: getattr(item, f) for f in fields})
    if request.method == "POST" and form.is_valid():
        target = "strategy" if kind == "strategies" else "goal"
        try:
            update(actor=request.user, **{target: item}, **form.cleaned_data)
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect(f"communities:network_{kind}", network_slug=network.slug)
    return render(
        request,
        "communities/network_item_form.html",
        {"network": network, "kind": kind, "item": item, "form": form},
    )


@require_POST
def network_item_move(
    request: HttpRequest, network_slug: str, kind: str, item_id: int
) -> HttpResponse:
    network = _network(request, network_slug)
    model = NETWORK_ITEMS[kind][0]
    item = get_object_or_404(model.objects.filter(network=network), pk=item_id)
    services.network_item_move(
        actor=request.user, item=item, direction=request.POST.get("direction", "")
    )
    return redirect(f"communities:network_{kind}", network_slug=network.slug)


def network_item_delete(
    request: HttpRequest, network_slug: str, kind: str, item_id: int
) -> HttpResponse:
    network = _network(request, network_slug)
    model, _form, _fields, _create, _update, delete = NETWORK_ITEMS[kind]
    item = get_object_or_404(model.objects.filter(network=network), pk=item_id)
    if request.method == "POST":
        target = "strategy" if kind == "strategies" else "goal"
        delete(actor=request.user, **{target: item})
        messages.success(request, _("“%(name)s” was deleted.") % {"name": item})
        return redirect(f"communities:network_{kind}", network_slug=network.slug)
    related = (
        item.coalition_links.select_related("community").order_by("community__name")
        if kind == "strategies"
        else item.county_goals.select_related("community").order_by("community__name")
    )
    return render(
        request,
        "communities/network_item_delete.html",
        {"network": network, "kind": kind, "item": item, "related": list(related)},
    )
