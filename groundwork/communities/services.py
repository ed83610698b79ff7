"""Every write to communities goes through here: validated, atomic, audited."""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from groundwork.core.errors import ApplicationError
from groundwork.core.ordering import move_one_place, next_position
from groundwork.core.services import audit_record

from . import counties
from .maturity import DEFAULT_STRATEGIES, INDICATORS, RATING_FIELDS
from .models import (
    CoalitionStrategy,
    Community,
    CountyGoal,
    FocusArea,
    Invitation,
    InvitationAcceptance,
    Membership,
    Network,
    NetworkGoal,
    Organization,
    Role,
    Sector,
    Strategy,
)
from .rules import role_in


def _require(user: Any, perm: str, obj: Any) -> None:
    if not user.has_perm(perm, obj):
        raise ApplicationError(_("You do not have permission to do that."))


@transaction.atomic
def network_create(
    *, actor: Any, name: str, slug: str, state: str = "", description: str = ""
) -> Network:
    if not actor.is_superuser:
        raise ApplicationError(_("Only site administrators can create networks."))
    network = Network(name=name.strip(), slug=slug, state=state.upper(), description=description)
    network.full_clean()
    network.save()
    network.stewards.add(actor)
    strategies_create_defaults(network=network)
    audit_record(action="network.created", actor=actor, target=network)
    return network


def strategies_create_defaults(*, network: Network) -> list[Strategy]:
    """Give a network without strategies the default theory of change, in English and in
    Spanish."""
    if network.strategies.exists():
        return []
    strategies = [
        Strategy(network=network, key=key, name_en=en, name_es=es, position=index)
        for index, (key, en, es) in enumerate(DEFAULT_STRATEGIES, start=1)
    ]
    return Strategy.objects.bulk_create(strategies)


@transaction.atomic
def community_create(
    *,
    actor: Any,
    name: str,
    slug: str,
    kind: str,
    network: Network | None = None,
    coalition_name: str = "",
    description: str = "",
    area_served: str = "",
    sectors: list[str] | None = None,
    is_public: bool = True,
) -> Community:
    """Create a community; the person who creates it becomes its first coordinator."""
    _require(actor, "communities.add_community", None)
    if network is not None and not actor.has_perm("communities.add_network_community", network):
        raise ApplicationError(
            _("Only the network's staff can add a community to %(network)s.")
            % {"network": network},
            field="network",
        )
    if Community.objects.filter(slug=slug).exists():
        raise ApplicationError(_("That short name is already taken."), field="slug")
    community = Community(
        network=network,
        name=name.strip(),
        slug=slug,
        kind=kind,
        coalition_name=coalition_name.strip(),
        description=description.strip(),
        area_served=area_served.strip(),
        sectors=sorted(set(sectors or [])),
        is_public=is_public,
    )
    community.full_clean()
    community.save()
    Membership.objects.create(community=community, user=actor, role=Role.COORDINATOR)
    audit_record(action="community.created", actor=actor, community=community, target=community)
    return community


COMMUNITY_EDITABLE = {
    "name",
    "kind",
    "coalition_name",
    "description",
    "area_served",
    "sectors",
    "is_public",
}


@transaction.atomic
def community_update(*, actor: Any, community: Community, **changes: Any) -> Community:
    _require(actor, "communities.change_community", community)
    unknown = set(changes) - COMMUNITY_EDITABLE
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    before = {k: getattr(community, k) for k in changes}
    for key, value in changes.items():
        setattr(community, key, sorted(set(value)) if key == "sectors" else value)
    community.full_clean()
    community.save()
    changed = {
        k: [before[k], getattr(community, k)] for k in changes if before[k] != getattr(community, k)
    }
    audit_record(
        action="community.updated",
        actor=actor,
        community=community,
        target=community,
        details={"changed": sorted(changed)},
    )
    return community


def _other_coordinators(membership: Membership) -> bool:
    return (
        Membership.objects.filter(community=membership.community, role=Role.COORDINATOR)
        .exclude(pk=membership.pk)
        .exists()
    )


@transaction.atomic
def membership_set_role(*, actor: Any, membership: Membership, role: str) -> Membership:
    _require(actor, "communities.manage_members", membership.community)
    if role not in Role.values:
        raise ApplicationError(_("Choose a valid role."), field="role")
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if (
        membership.role == Role.COORDINATOR
        and role != Role.COORDINATOR
        and not _other_coordinators(membership)
    ):
        raise ApplicationError(_("A community needs at least one coordinator."))
    old = membership.role
    membership.role = role
    membership.save(update_fields=["role", "updated_at"])
    audit_record(
        action="membership.role_changed",
        actor=actor,
        community=membership.community,
        target=membership,
        details={"from": old, "to": role},
    )
    return membership


@transaction.atomic
def membership_remove(*, actor: Any, membership: Membership) -> None:
    """Coordinators remove members; anyone may leave a community themselves."""
    if actor.pk != membership.user_id:
        _require(actor, "communities.manage_members", membership.community)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.role == Role.COORDINATOR and not _other_coordinators(membership):
        raise ApplicationError(_("A community needs at least one coordinator."))
    audit_record(
        action="membership.removed",
        actor=actor,
        community=membership.community,
        target=membership,
        details={"user_id": membership.user_id, "role": membership.role},
    )
    membership.delete()


@transaction.atomic
def invitation_create(
    *,
    actor: Any,
    community: Community,
    role: str,
    email: str = "",
    max_uses: int | None = None,
    base_url: str = "",
) -> Invitation:
    """Invite by e-mail (single use, e-mail sent in the background) or as a shareable link."""
    from .tasks import invitation_send_email

    _require(actor, "communities.invite_members", community)
    if role == Role.COORDINATOR and role_in(actor, community) != Role.COORDINATOR:
        raise ApplicationError(_("Only coordinators can invite coordinators."), field="role")
    email = email.strip().lower()
    if email and community.memberships.filter(user__email__iexact=email).exists():
        raise ApplicationError(_("That person is already a member."), field="email")
    nonce = Invitation.new_nonce()
    invitation = Invitation(
        community=community,
        email=email,
        role=role,
        nonce=nonce,
        invited_by=actor,
        language=get_language() or settings.LANGUAGE_CODE,
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
        max_uses=1 if email else max_uses,
    )
    invitation.token_hash = Invitation.hash_token(invitation.token)
    invitation.full_clean()
    invitation.save()
    audit_record(
        action="invitation.created",
        actor=actor,
        community=community,
        target=invitation,
        details={"role": role, "by_email": bool(email)},
    )
    if email:
        transaction.on_commit(
            lambda: invitation_send_email.enqueue(invitation_id=invitation.pk, base_url=base_url)
        )
    return invitation


@transaction.atomic
def invitation_revoke(*, actor: Any, invitation: Invitation) -> Invitation:
    _require(actor, "communities.invite_members", invitation.community)
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at", "updated_at"])
        audit_record(
            action="invitation.revoked",
            actor=actor,
            community=invitation.community,
            target=invitation,
        )
    return invitation


def invitation_for_token(token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("community", "invited_by")
        .filter(token_hash=Invitation.hash_token(token))
        .first()
    )


@transaction.atomic
def invitation_accept(*, user: Any, token: str) -> Membership:
    """Join the community. Accepting twice, or when already a member, changes nothing."""
    found = invitation_for_token(token)
    if found is None:
        raise ApplicationError(_("This invitation link is not valid."))
    invitation = Invitation.objects.select_for_update().get(pk=found.pk)
    existing = Membership.objects.filter(community=invitation.community, user=user).first()
    if existing is not None:
        return existing
    if not invitation.is_usable:
        raise ApplicationError(
            _("This invitation has expired or was withdrawn. Ask for a new one.")
        )
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                community=invitation.community, user=user, role=invitation.role
            )
            InvitationAcceptance.objects.create(invitation=invitation, user=user)
    except IntegrityError:  # a concurrent acceptance by the same person won the race
        return Membership.objects.get(community=invitation.community, user=user)
    Invitation.objects.filter(pk=invitation.pk).update(uses=F("uses") + 1)
    audit_record(
        action="invitation.accepted",
        actor=user,
        community=invitation.community,
        target=membership,
        details={"invitation_id": invitation.pk, "role": invitation.role},
    )
    return membership


@transaction.atomic
def organization_create(
    *,
    actor: Any,
    community: Community,
    name: str,
    sector: str,
    website: str = "",
    description: str = "",
) -> Organization:
    _require(actor, "communities.add_organization", community)
    if community.organizations.filter(name__iexact=name.strip()).exists():
        raise ApplicationError(_("An organization with that name is already listed."), field="name")
    organization = Organization(
        community=community,
        name=name.strip(),
        sector=sector,
        website=website,
        description=description.strip(),
    )
    organization.full_clean()
    organization.save()
    audit_record(
        action="organization.created", actor=actor, community=community, target=organization
    )
    return organization


# The coalition profile ----------------------------------------------------------------------

INDICATOR_NAMES = tuple(name for name, _label in INDICATORS)


@transaction.atomic
def community_profile_update(
    *,
    actor: Any,
    community: Community,
    county_fips: list[str],
    sectors: list[str],
    focus_areas: list[str],
    indicators: dict[str, bool],
    ratings: dict[str, int | None],
    strategies: dict[int, str],
) -> Community:
    """Save the whole coalition profile at once and mark it confirmed, or save nothing.

    `strategies` maps the id of each of the network's strategies the coalition pursues to the
    text saying how; strategies left out are no longer pursued.
    """
    _require(actor, "communities.change_community", community)
    fips = sorted({code.strip() for code in county_fips if code.strip()})
    unknown = [code for code in fips if not counties.is_valid_fips(code)]
    if unknown:
        raise ApplicationError(
            _("These are not FIPS codes of U.S. counties: %(codes)s. Use five digits, e.g. 37001.")
            % {"codes": ", ".join(unknown)},
            field="county_fips",
        )
    if set(sectors) - set(Sector.values):
        raise ApplicationError(_("Choose sectors from the list."), field="sectors")
    if set(focus_areas) - set(FocusArea.values):
        raise ApplicationError(_("Choose focus areas from the list."), field="focus_areas")
    if set(indicators) - set(INDICATOR_NAMES) or set(ratings) - set(RATING_FIELDS):
        raise ValueError("Unknown profile field")
    for name, value in ratings.items():
        if value is not None and not 1 <= value <= 5:
            raise ApplicationError(_("Ratings go from 1 to 5."), field=name)
    if strategies and community.network_id is None:
        raise ApplicationError(
            _("Only coalitions in a network can pursue its strategies."), field="strategies"
        )
    allowed = {
        s.pk: s for s in Strategy.objects.filter(network_id=community.network_id, pk__in=strategies)
    }
    if set(strategies) - set(allowed):
        raise ApplicationError(
            _("Choose strategies of your network's theory of change."), field="strategies"
        )

    community = Community.objects.select_for_update().get(pk=community.pk)
    community.county_fips = fips
    community.sectors = sorted(set(sectors))
    community.focus_areas = sorted(set(focus_areas))
    for name, value in indicators.items():
        setattr(community, name, bool(value))
    for name, rating in ratings.items():
        setattr(community, name, rating)
    community.profile_confirmed_at = timezone.now()
    community.full_clean()
    community.save()

    community.strategy_links.exclude(strategy_id__in=allowed).delete()
    existing = {link.strategy_id: link for link in community.strategy_links.all()}
    for strategy_id, how in strategies.items():
        link = existing.get(strategy_id) or CoalitionStrategy(
            community=community, strategy=allowed[strategy_id]
        )
        link.how = how.strip()
        link.full_clean()
        link.save()
    audit_record(
        action="community.profile_updated",
        actor=actor,
        community=community,
        target=community,
        details={"counties": fips, "strategies": sorted(allowed)},
    )
    return community


@transaction.atomic
def community_profile_confirm(*, actor: Any, community: Community) -> Community:
    """Say the profile is still current: only the confirmation date changes."""
    _require(actor, "communities.change_community", community)
    community.profile_confirmed_at = timezone.now()
    Community.objects.filter(pk=community.pk).update(
        profile_confirmed_at=community.profile_confirmed_at
    )
    audit_record(
        action="community.profile_confirmed", actor=actor, community=community, target=community
    )
    return community


# The network's theory of change and statewide goals ---------------------------------------


def _unique_key(network: Network, name: str) -> str:
    from django.utils.text import slugify

    base = slugify(name)[:50] or "strategy"
    key, n = base, 2
    while network.strategies.filter(key=key).exists():
        key, n = f"{base}-{n}", n + 1
    return key


@transaction.atomic
def strategy_create(
    *,
    actor: Any,
    network: Network,
    name_en: str,
    name_es: str = "",
    description_en: str = "",
    description_es: str = "",
) -> Strategy:
    _require(actor, "communities.manage_network", network)
    strategy = Strategy(
        network=network,
        key=_unique_key(network, name_en),
        name_en=name_en.strip(),
        name_es=name_es.strip(),
        description_en=description_en.strip(),
        description_es=description_es.strip(),
        position=next_position(network.strategies),
    )
    strategy.full_clean()
    strategy.save()
    audit_record(action="strategy.created", actor=actor, target=strategy)
    return strategy


@transaction.atomic
def strategy_update(
    *,
    actor: Any,
    strategy: Strategy,
    name_en: str,
    name_es: str = "",
    description_en: str = "",
    description_es: str = "",
) -> Strategy:
    _require(actor, "communities.manage_network", strategy.network)
    strategy.name_en = name_en.strip()
    strategy.name_es = name_es.strip()
    strategy.description_en = description_en.strip()
    strategy.description_es = description_es.strip()
    strategy.full_clean()
    strategy.save()
    audit_record(action="strategy.updated", actor=actor, target=strategy)
    return strategy


@transaction.atomic
def strategy_delete(*, actor: Any, strategy: Strategy) -> int:
    """Delete a strategy and the coalitions' links to it; returns how many links went."""
    _require(actor, "communities.manage_network", strategy.network)
    links = strategy.coalition_links.count()
    audit_record(
        action="strategy.deleted", actor=actor, target=strategy, details={"links_removed": links}
    )
    strategy.delete()
    return links


@transaction.atomic
def network_goal_create(
    *, actor: Any, network: Network, title: str, description: str = ""
) -> NetworkGoal:
    _require(actor, "communities.manage_network", network)
    goal = NetworkGoal(
        network=network,
        title=title.strip(),
        description=description.strip(),
        position=next_position(network.goals),
    )
    goal.full_clean()
    goal.save()
    audit_record(action="network_goal.created", actor=actor, target=goal)
    return goal


@transaction.atomic
def network_goal_update(
    *, actor: Any, goal: NetworkGoal, title: str, description: str = ""
) -> NetworkGoal:
    _require(actor, "communities.manage_network", goal.network)
    goal.title = title.strip()
    goal.description = description.strip()
    goal.full_clean()
    goal.save()
    audit_record(action="network_goal.updated", actor=actor, target=goal)
    return goal


@transaction.atomic
def network_goal_delete(*, actor: Any, goal: NetworkGoal) -> int:
    """Delete a statewide goal; county goals linked to it stay, unlinked. Returns how many."""
    _require(actor, "communities.manage_network", goal.network)
    unlinked = goal.county_goals.update(network_goal=None)
    audit_record(
        action="network_goal.deleted", actor=actor, target=goal, details={"unlinked": unlinked}
    )
    goal.delete()
    return unlinked


@transaction.atomic
def network_item_move(*, actor: Any, item: Strategy | NetworkGoal, direction: str) -> None:
    """Move a strategy or statewide goal one place up or down in its network's list."""
    _require(actor, "communities.manage_network", item.network)
    siblings = list(type(item).objects.select_for_update().filter(network_id=item.network_id))
    siblings.sort(key=lambda s: (s.position, s.pk))
    if not move_one_place(siblings, item, direction):
        return
    audit_record(
        action=f"{item._meta.model_name}.moved",
        actor=actor,
        target=item,
        details={"direction": direction},
    )


# County goals -------------------------------------------------------------------------------


def _check_network_goal(community: Community, network_goal: NetworkGoal | None) -> None:
    if network_goal is not None and network_goal.network_id != community.network_id:
        raise ApplicationError(
            _("Link the county goal to one of your own network's statewide goals."),
            field="network_goal",
        )


@transaction.atomic
def county_goal_create(
    *,
    actor: Any,
    community: Community,
    title: str,
    description: str = "",
    target: str = "",
    network_goal: NetworkGoal | None = None,
) -> CountyGoal:
    _require(actor, "communities.change_community", community)
    _check_network_goal(community, network_goal)
    goal = CountyGoal(
        community=community,
        title=title.strip(),
        description=description.strip(),
        target=target.strip(),
        network_goal=network_goal,
    )
    goal.full_clean()
    goal.save()
    audit_record(action="county_goal.created", actor=actor, community=community, target=goal)
    return goal


@transaction.atomic
def county_goal_update(
    *,
    actor: Any,
    goal: CountyGoal,
    title: str,
    description: str = "",
    target: str = "",
    network_goal: NetworkGoal | None = None,
) -> CountyGoal:
    _require(actor, "communities.change_community", goal.community)
    _check_network_goal(goal.community, network_goal)
    goal.title = title.strip()
    goal.description = description.strip()
    goal.target = target.strip()
    goal.network_goal = network_goal
    goal.full_clean()
    goal.save()
    audit_record(action="county_goal.updated", actor=actor, community=goal.community, target=goal)
    return goal


@transaction.atomic
def county_goal_delete(*, actor: Any, goal: CountyGoal) -> None:
    _require(actor, "communities.change_community", goal.community)
    audit_record(action="county_goal.deleted", actor=actor, community=goal.community, target=goal)
    goal.delete()
