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
from groundwork.core.services import audit_record

from .models import (
    Community,
    Invitation,
    InvitationAcceptance,
    Membership,
    Network,
    Organization,
    Role,
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
    audit_record(action="network.created", actor=actor, target=network)
    return network


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
