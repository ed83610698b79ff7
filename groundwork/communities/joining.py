"""Setting up networks from the product: staff create a network with its first stewards; a
coalition asks to join a network, its stewards accept or decline (with a reason); a coalition
leaves its network. Every write validated, atomic and audited, like ``services``."""

import re
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from groundwork.core import generations
from groundwork.core.errors import ApplicationError
from groundwork.core.permissions import require_perm
from groundwork.core.services import audit_record

from .models import Community, CountyGoal, JoinRequest, Network
from .services import strategies_create_defaults

# Pages of their own under /networks/: no network can take these short names.
RESERVED_SLUGS = {"new"}


def parse_emails(text: str) -> list[str]:
    """The addresses in ``text`` (separated by commas, semicolons, spaces or lines), lowercased,
    each once, in the order given."""
    found: list[str] = []
    for part in re.split(r"[\s,;]+", text or ""):
        address = part.strip().lower()
        if address and address not in found:
            found.append(address)
    return found


def accounts_by_email(addresses: list[str]) -> list[Any]:
    """The active accounts with these addresses (any case), each once, in the order given. An
    address without one refuses the whole change, naming every such address."""
    wanted = parse_emails(" ".join(addresses))
    people = {
        u.email.lower(): u
        for u in get_user_model().objects.filter(is_active=True, email__in=wanted)
    }
    unknown = [address for address in wanted if address not in people]
    if unknown:
        raise ApplicationError(
            _(
                "No account uses these addresses: %(emails)s. Ask them to sign up first, "
                "then name them here."
            )
            % {"emails": ", ".join(unknown)},
            field="stewards",
        )
    return [people[address] for address in wanted]


@transaction.atomic
def network_setup(
    *,
    actor: Any,
    name: str,
    slug: str,
    stewards: list[str],
    state: str = "",
    description: str = "",
) -> Network:
    """Create a network and name its first stewards by the e-mail addresses of their accounts.
    An address without an active account refuses the whole set-up: nothing is saved."""
    require_perm(actor, "communities.add_network", None)
    if not stewards:
        raise ApplicationError(_("Name at least one steward."), field="stewards")
    chosen = accounts_by_email(stewards)
    if slug in RESERVED_SLUGS or Network.objects.filter(slug=slug).exists():
        raise ApplicationError(_("That short name is already taken."), field="slug")
    network = Network(
        name=name.strip(), slug=slug, state=state.strip().upper(), description=description.strip()
    )
    network.full_clean()
    try:
        with transaction.atomic():
            network.save()
    except IntegrityError as error:  # the same short name, taken a moment ago
        raise ApplicationError(_("That short name is already taken."), field="slug") from error
    network.stewards.add(*chosen)
    strategies_create_defaults(network=network)
    audit_record(
        action="network.created",
        actor=actor,
        target=network,
        details={"stewards": [u.pk for u in chosen]},
    )
    return network


def _notify(request: JoinRequest, event: str) -> None:
    """E-mail the people concerned once the transaction commits (``tasks.join_request_notify``)."""
    from .tasks import join_request_notify

    request_id = request.pk
    transaction.on_commit(lambda: join_request_notify.enqueue(request_id=request_id, event=event))


def _pending(community: Community) -> JoinRequest | None:
    return community.join_requests.filter(status=JoinRequest.Status.PENDING).first()


@transaction.atomic
def join_request_create(
    *, actor: Any, community: Community, network: Network, message: str = ""
) -> JoinRequest:
    """A coalition's coordinator asks to join a network. A coalition belongs to one network
    at a time and asks one network at a time."""
    require_perm(actor, "communities.change_network_membership", community)
    community = Community.objects.select_for_update().get(pk=community.pk)
    if community.network_id is not None:
        raise ApplicationError(
            _("%(community)s is already in %(network)s. Leave it first to join another.")
            % {"community": community.name, "network": community.network},
            field="network",
        )
    if _pending(community) is not None:
        raise ApplicationError(
            _("You already asked to join a network. Withdraw that request to ask another."),
            field="network",
        )
    request = JoinRequest(
        community=community, network=network, message=message.strip(), requested_by=actor
    )
    request.full_clean()
    request.save()
    audit_record(
        action="join_request.created",
        actor=actor,
        community=community,
        target=request,
        details={"network_id": network.pk},
    )
    _notify(request, "created")
    return request


@transaction.atomic
def join_request_withdraw(*, actor: Any, request: JoinRequest) -> JoinRequest:
    require_perm(actor, "communities.change_network_membership", request.community)
    request = JoinRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != JoinRequest.Status.PENDING:
        raise ApplicationError(_("This request was already decided."))
    request.status = JoinRequest.Status.WITHDRAWN
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_at", "updated_at"])
    audit_record(
        action="join_request.withdrawn", actor=actor, community=request.community, target=request
    )
    return request


@transaction.atomic
def join_request_decide(
    *, actor: Any, request: JoinRequest, accept: bool, reason: str = ""
) -> JoinRequest:
    """One of the network's stewards accepts (the coalition joins the network) or declines
    (saying why, for the coalition to read)."""
    require_perm(actor, "communities.decide_join_requests", request.network)
    request = JoinRequest.objects.select_for_update().select_related("network").get(pk=request.pk)
    if request.status != JoinRequest.Status.PENDING:
        raise ApplicationError(_("This request was already decided or withdrawn."))
    reason = reason.strip()
    if not accept and not reason:
        raise ApplicationError(
            _("Say why the request is declined: the coalition will read it."), field="reason"
        )
    community = Community.objects.select_for_update().get(pk=request.community_id)
    if accept:
        if community.network_id is not None:
            raise ApplicationError(_("This coalition is already in a network."))
        community.network = request.network
        community.full_clean()
        community.save(update_fields=["network", "updated_at"])
    request.status = JoinRequest.Status.ACCEPTED if accept else JoinRequest.Status.DECLINED
    request.reason = reason
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.full_clean()
    request.save()
    audit_record(
        action="join_request.accepted" if accept else "join_request.declined",
        actor=actor,
        community=community,
        target=request,
        details={"network_id": request.network_id, "reason": reason},
    )
    _notify(request, "decided")
    return request


@transaction.atomic
def network_leave(*, actor: Any, community: Community) -> Network:
    """The coalition leaves its network: its links to the network's strategies go, and its
    county goals are unlinked from the network's statewide goals (the goals themselves stay)."""
    require_perm(actor, "communities.change_network_membership", community)
    # Locked alone: PostgreSQL cannot lock the nullable side of a join to the network.
    community = Community.objects.select_for_update().get(pk=community.pk)
    network = community.network
    if network is None:
        raise ApplicationError(_("%(name)s is in no network.") % {"name": community.name})
    strategies, _kinds = community.strategy_links.filter(strategy__network=network).delete()
    unlinked = CountyGoal.objects.filter(community=community, network_goal__network=network).update(
        network_goal=None
    )
    region_id = community.region_id
    community.network = None
    community.region = None  # the network's regions are the network's
    community.save(update_fields=["network", "region", "updated_at"])
    # The saved row names no network now: the pages of the one it left change too.
    generations.bump([generations.network_key(network.slug)])
    audit_record(
        action="community.left_network",
        actor=actor,
        community=community,
        target=community,
        details={
            "network_id": network.pk,
            "strategy_links_removed": strategies,
            "county_goals_unlinked": unlinked,
            "region_id": region_id,
        },
    )
    return network
