"""Who may see and do what with referrals.

A person's details are seen only by members of the sending and the receiving organization
whose membership carries the referrals role (``communities.ReferralsRole``), and by the
receiving organization only once the referral was sent (after consent) and while the consent
holds, unless it had already accepted the referral when consent was revoked. Coordinators and
everyone else see de-identified figures only. Every read of the details is recorded
(``actions.access.referral_details_read``).
"""

from typing import Any

import rules

from groundwork.communities.models import Community, ReferralsRole, Role
from groundwork.communities.rules import has_role

from .models import Referral, Status


def referrals_membership(user: Any, community: Community | None) -> tuple[int | None, str]:
    """(organization id, referrals role) of the user's membership in the community, cached on
    the user object for the request; (None, "") without one."""
    if community is None or not getattr(user, "is_authenticated", False):
        return None, ""
    cache: dict[int, tuple[int | None, str]] = user.__dict__.setdefault("_referrals_roles", {})
    if community.pk not in cache:
        row = (
            community.memberships.filter(user=user, organization__isnull=False)
            .values_list("organization_id", "referrals_role")
            .first()
        )
        cache[community.pk] = (row[0], row[1] or "") if row else (None, "")
    return cache[community.pk]


def handling_organization(user: Any, community: Community | None) -> int | None:
    """The organization the user handles referrals for in the community, if any."""
    organization_id, role = referrals_membership(user, community)
    if organization_id is None or role not in (ReferralsRole.STAFF, ReferralsRole.ADMIN):
        return None
    return organization_id


@rules.predicate
def handles_referrals(user: Any, community: Community | None) -> bool:
    return handling_organization(user, community) is not None


@rules.predicate
def is_referrals_admin(user: Any, community: Community | None) -> bool:
    organization_id, role = referrals_membership(user, community)
    return organization_id is not None and role == ReferralsRole.ADMIN


@rules.predicate
def is_sender(user: Any, referral: Referral | None) -> bool:
    if referral is None:
        return False
    return handling_organization(user, referral.community) == referral.sender_id


@rules.predicate
def is_receiver(user: Any, referral: Referral | None) -> bool:
    if referral is None or referral.status == Status.AWAITING_CONSENT:
        return False
    return handling_organization(user, referral.community) == referral.receiver_id


def receiver_may_see_details(referral: Referral) -> bool:
    """The receiving organization sees the details while consent holds; after a revocation,
    only if it had accepted the referral before."""
    consent = referral.consent
    if consent.is_effective():
        return True
    if consent.revoked_at is not None and referral.accepted_at is not None:
        return referral.accepted_at <= consent.revoked_at
    return False


@rules.predicate
def details_kept(user: Any, referral: Referral | None) -> bool:
    return referral is not None and referral.details_erased_at is None


@rules.predicate
def receiver_with_consent(user: Any, referral: Referral | None) -> bool:
    return referral is not None and receiver_may_see_details(referral)


is_coordinator = has_role(Role.COORDINATOR)

rules.add_perm("referrals.send", handles_referrals)
rules.add_perm("referrals.view_inbox", handles_referrals)
rules.add_perm("referrals.view_referral", is_sender | is_receiver)
rules.add_perm(
    "referrals.view_details", details_kept & (is_sender | (is_receiver & receiver_with_consent))
)
# An export holds the same details as the page, for the same readers (recorded as "export").
rules.add_perm(
    "referrals.export_referral",
    details_kept & (is_sender | (is_receiver & receiver_with_consent)),
)
rules.add_perm("referrals.act_as_receiver", is_receiver)
rules.add_perm("referrals.act_as_sender", is_sender)
rules.add_perm("referrals.message", is_sender | is_receiver)
rules.add_perm("referrals.view_report", is_coordinator | handles_referrals)
rules.add_perm("referrals.view_access_log", is_referrals_admin)
rules.add_perm("referrals.manage_team", is_referrals_admin)
