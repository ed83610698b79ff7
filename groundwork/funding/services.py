"""Every write to a network's funding: one transaction, validated, audited."""

from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from groundwork.communities.models import Community, Network
from groundwork.core.errors import ApplicationError
from groundwork.core.services import audit_record
from groundwork.core.text import clean_text
from groundwork.plans.models import Activity

from .models import Funder, FunderKind, Grant, ReportingDate


def _require(actor: Any, network: Network) -> None:
    if not actor.has_perm("funding.manage_network", network):
        raise ApplicationError(_("Only the network's stewards can record its funding."))


@transaction.atomic
def funder_create(
    *, actor: Any, network: Network, name: str, kind: str, identifier: str = ""
) -> Funder:
    _require(actor, network)
    if kind not in FunderKind.values:
        raise ApplicationError(_("Choose the kind of funder."), field="kind")
    if not clean_text(name):
        raise ApplicationError(_("Enter the funder's name."), field="name")
    funder = Funder.objects.create(
        network=network, name=clean_text(name), kind=kind, identifier=identifier.strip()
    )
    audit_record(actor=actor, action="funding.funder_created", target=funder)
    return funder


@transaction.atomic
def grant_create(  # noqa: PLR0913 - a grant's record
    *,
    actor: Any,
    network: Network,
    funder: Funder,
    title: str,
    recipient: str,
    amount_cents: int,
    awarded_on: date,
    starts_on: date,
    ends_on: date,
    communities: list[Community],
    activities: list[Activity] | None = None,
    description: str = "",
    restrictions: str = "",
    reporting_dates: list[date] | None = None,
) -> Grant:
    """A grant of this network's funder to some of its coalitions and their activities."""
    _require(actor, network)
    if funder.network_id != network.pk:
        raise ApplicationError(_("That funder is not one of this network's."), field="funder")
    if amount_cents <= 0:
        raise ApplicationError(_("Enter the amount awarded."), field="amount")
    if ends_on < starts_on:
        raise ApplicationError(_("The grant must end after it starts."), field="ends_on")
    if not communities or any(c.network_id != network.pk for c in communities):
        raise ApplicationError(
            _("Choose at least one coalition of this network."), field="communities"
        )
    chosen = {c.pk for c in communities}
    activities = activities or []
    if any(a.community_id not in chosen for a in activities):
        raise ApplicationError(
            _("Each activity must belong to a coalition the grant funds."), field="activities"
        )
    grant = Grant.objects.create(
        network=network,
        funder=funder,
        title=clean_text(title),
        description=clean_text(description),
        recipient=clean_text(recipient),
        amount_cents=amount_cents,
        awarded_on=awarded_on,
        starts_on=starts_on,
        ends_on=ends_on,
        restrictions=clean_text(restrictions),
    )
    grant.communities.set(communities)
    grant.activities.set(activities)
    for due in sorted(set(reporting_dates or [])):
        ReportingDate.objects.create(grant=grant, due_on=due)
    audit_record(
        actor=actor,
        action="funding.grant_created",
        target=grant,
        details={"cents": amount_cents, "communities": sorted(chosen)},
    )
    return grant
