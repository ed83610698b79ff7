"""Who belongs to a community: roles, removal (a community always keeps a coordinator), and
invitations by e-mail, accepted once through their token."""

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

from ..models import (
    Community,
    Invitation,
    InvitationAcceptance,
    Membership,
    Role,
)
from ..rules import role_in
from .communities import _require


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
    from ..tasks import invitation_send_email

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
