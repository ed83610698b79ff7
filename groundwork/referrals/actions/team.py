"""Who handles an organization's referrals: its referrals administrators give and remove the
role to the organization's own members of the community, audited."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from groundwork.communities.models import Community, Membership, ReferralsRole
from groundwork.core.errors import ApplicationError
from groundwork.core.services import audit_record

from ..rules import referrals_membership


def team_members(*, community: Community, organization_id: int) -> list[Membership]:
    """The organization's members in this community, whatever their referrals role."""
    return list(
        Membership.objects.filter(community=community, organization_id=organization_id)
        .select_related("user")
        .order_by("user__name", "user__email", "pk")
    )


@transaction.atomic
def referrals_role_set(*, actor: Any, membership: Membership, role: str) -> Membership:
    """Give or remove the referrals role. Only a referrals administrator of the member's own
    organization may; an organization keeps at least one administrator."""
    if role not in ReferralsRole.values:
        raise ApplicationError(_("Choose a valid role."), field="referrals_role")
    organization_id, actor_role = referrals_membership(actor, membership.community)
    if (
        actor_role != ReferralsRole.ADMIN
        or organization_id is None
        or organization_id != membership.organization_id
    ):
        raise ApplicationError(
            _("Only a referrals administrator of the member's organization can do this.")
        )
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    old = membership.referrals_role or ""
    if old == role:
        return membership
    if old == ReferralsRole.ADMIN and not (
        Membership.objects.filter(
            community_id=membership.community_id,
            organization_id=membership.organization_id,
            referrals_role=ReferralsRole.ADMIN,
        )
        .exclude(pk=membership.pk)
        .exists()
    ):
        raise ApplicationError(
            _("An organization needs at least one referrals administrator."),
            field="referrals_role",
        )
    membership.referrals_role = role
    membership.save(update_fields=["referrals_role", "updated_at"])
    audit_record(
        action="membership.referrals_role_changed",
        actor=actor,
        community=membership.community,
        target=membership,
        details={
            "organization": membership.organization_id,
            "user_id": membership.user_id,
            "from": old,
            "to": role,
        },
    )
    # The role is cached on the user object for the request (rules.referrals_membership).
    actor.__dict__.pop("_referrals_roles", None)
    return membership
