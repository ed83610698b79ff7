"""Every write to a plan's money: cost lines, in-kind help, what is funded and spent, and the
participatory budgeting vote (opening it, ballots, verification codes, funding the winners).
One transaction each, validated, with its audit record."""

import hashlib
import secrets
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from groundwork.analysis import pb
from groundwork.communities.models import Organization
from groundwork.core.errors import ApplicationError
from groundwork.core.services import audit_record
from groundwork.core.text import clean_text
from groundwork.directory.models import Asset
from groundwork.planning.models import Participant

from .models import (
    RULES_FOR_KIND,
    Activity,
    ActivityStatus,
    Ballot,
    BallotKind,
    BudgetOption,
    BudgetVote,
    CostCategory,
    CostLine,
    InKind,
    InKindKind,
    Plan,
    RankedChoice,
    VerificationCode,
    VoteRule,
    VoteStatus,
)
from .templatetags.money import money

# Largest amount one line or one budget may hold: ten million, in cents.
MAX_CENTS = 10_000_000_00
CODE_ALPHABET = "ACDEFGHJKLMNPQRTUVWXY34679"  # no look-alikes (0/O, 1/I, 5/S, 8/B, 2/Z)


def _require(actor: Any, plan: Plan) -> None:
    if not actor.has_perm("plans.change_budget", plan):
        raise ApplicationError(_("Only the community's coordinators and facilitators can do that."))


def _amount(cents: int, field: str = "amount") -> int:
    if isinstance(cents, bool) or not isinstance(cents, int) or cents < 0 or cents > MAX_CENTS:
        raise ApplicationError(_("Enter an amount between 0 and 10,000,000."), field=field)
    return cents


# --- Costs of an activity -----------------------------------------------------------------


@transaction.atomic
def cost_line_add(
    *, actor: Any, activity: Activity, category: str, amount_cents: int, description: str = ""
) -> CostLine:
    _require(actor, activity.plan)
    if category not in CostCategory.values:
        raise ApplicationError(_("Choose a category."), field="category")
    if _amount(amount_cents) == 0:
        raise ApplicationError(_("Enter what it costs."), field="amount")
    line = CostLine.objects.create(
        community=activity.community,
        activity=activity,
        category=category,
        description=clean_text(description),
        amount_cents=amount_cents,
    )
    audit_record(
        community=activity.community,
        actor=actor,
        action="plan.cost_added",
        target=activity,
        details={"category": category, "cents": amount_cents},
    )
    return line


@transaction.atomic
def in_kind_add(
    *,
    actor: Any,
    activity: Activity,
    kind: str,
    description: str,
    value_cents: int = 0,
    hours: int | None = None,
    asset: Asset | None = None,
    organization: Organization | None = None,
) -> InKind:
    _require(actor, activity.plan)
    if kind not in InKindKind.values:
        raise ApplicationError(_("Choose the kind of help."), field="kind")
    if not clean_text(description):
        raise ApplicationError(_("Say what is given."), field="description")
    # An asset of this community's map, an organization of this community: never another's.
    if asset is not None and asset.community_id != activity.community_id:
        raise ApplicationError(_("That asset is not on this community's map."), field="asset")
    if organization is not None and organization.community_id != activity.community_id:
        raise ApplicationError(
            _("That organization is not part of this community."), field="organization"
        )
    item = InKind.objects.create(
        community=activity.community,
        activity=activity,
        kind=kind,
        description=clean_text(description),
        hours=hours,
        value_cents=_amount(value_cents, "value"),
        asset=asset,
        organization=organization,
    )
    audit_record(
        community=activity.community,
        actor=actor,
        action="plan.in_kind_added",
        target=activity,
        details={"kind": kind, "cents": value_cents},
    )
    return item


@transaction.atomic
def budget_item_delete(*, actor: Any, activity: Activity, what: str, item_id: int) -> None:
    _require(actor, activity.plan)
    model = CostLine if what == "cost" else InKind
    deleted, _rows = model.objects.filter(activity=activity, pk=item_id).delete()
    if deleted:
        audit_record(
            community=activity.community,
            actor=actor,
            action="plan.budget_item_removed",
            target=activity,
            details={"what": what, "id": item_id},
        )


@transaction.atomic
def money_set(*, actor: Any, activity: Activity, funded_cents: int, spent_cents: int) -> Activity:
    _require(actor, activity.plan)
    activity.funded_cents = _amount(funded_cents, "funded")
    activity.spent_cents = _amount(spent_cents, "spent")
    activity.save(update_fields=["funded_cents", "spent_cents", "updated_at"])
    audit_record(
        community=activity.community,
        actor=actor,
        action="plan.money_set",
        target=activity,
        details={"funded": funded_cents, "spent": spent_cents},
    )
    return activity


# --- The participatory budgeting vote -----------------------------------------------------


@transaction.atomic
def vote_create(
    *,
    actor: Any,
    plan: Plan,
    title: str,
    budget_cents: int,
    activity_ids: Iterable[int],
    codes_required: bool = False,
    rule: str = VoteRule.GREEDY,
    kind: str = BallotKind.CHOOSE,
) -> BudgetVote:
    """A vote (being prepared) on activities of this plan, each at its estimated cost. On a
    ranked vote, "most votes first" (``greedy``) is counted by Borda points
    (``ranked_greedy``)."""
    _require(actor, plan)
    if _amount(budget_cents, "budget") == 0:
        raise ApplicationError(_("Enter the total budget."), field="budget")
    if kind not in BallotKind.values:
        raise ApplicationError(_("Choose the kind of ballot."), field="kind")
    if kind == BallotKind.RANK and rule == VoteRule.GREEDY:
        rule = VoteRule.RANKED_GREEDY
    if rule not in RULES_FOR_KIND[BallotKind(kind)]:
        raise ApplicationError(_("Choose a rule."), field="rule")
    ids = set(activity_ids)
    activities = list(plan.activities.filter(pk__in=ids).prefetch_related("cost_lines"))
    if len(activities) != len(ids) or len(activities) < 2:
        raise ApplicationError(
            _("Choose at least two activities of this plan."), field="activities"
        )
    vote = BudgetVote.objects.create(
        community=plan.community,
        plan=plan,
        title=clean_text(title) or _("Budget vote"),
        budget_cents=budget_cents,
        codes_required=codes_required,
        kind=kind,
        rule=rule,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    for activity in activities:
        cost = sum(line.amount_cents for line in activity.cost_lines.all())
        if cost <= 0:
            raise ApplicationError(
                _("“%(title)s” has no cost yet: add its cost lines first.")
                % {"title": activity.title},
                field="activities",
            )
        BudgetOption.objects.create(
            community=plan.community, vote=vote, activity=activity, cost_cents=cost
        )
    audit_record(
        community=plan.community,
        actor=actor,
        action="plan.budget_vote_created",
        target=vote,
        details={"budget": budget_cents, "options": len(activities), "kind": kind},
    )
    return vote


@transaction.atomic
def vote_set_status(*, actor: Any, vote: BudgetVote, status: str) -> BudgetVote:
    _require(actor, vote.plan)
    allowed = {
        VoteStatus.DRAFT: {VoteStatus.OPEN},
        VoteStatus.OPEN: {VoteStatus.CLOSED},
        VoteStatus.CLOSED: {VoteStatus.OPEN},
    }
    if status not in allowed[VoteStatus(vote.status)]:
        raise ApplicationError(_("The vote cannot change that way now."))
    if vote.funded_at is not None:
        raise ApplicationError(_("The winners are already funded: the vote stays closed."))
    vote.status = status
    vote.save(update_fields=["status"])
    audit_record(
        community=vote.community,
        actor=actor,
        action=f"plan.budget_vote_{status}",
        target=vote,
    )
    return vote


def _digest(vote: BudgetVote, code: str) -> str:
    normalized = "".join(c for c in code.upper() if c.isalnum())
    return hashlib.sha256(f"{vote.pk}:{normalized}".encode()).hexdigest()


@transaction.atomic
def codes_create(*, actor: Any, vote: BudgetVote, count: int) -> list[str]:
    """``count`` new one-use codes for this vote, returned once (only digests are kept)."""
    _require(actor, vote.plan)
    if not 1 <= count <= 2000:
        raise ApplicationError(_("Make between 1 and 2000 codes at a time."), field="count")
    codes = []
    for _i in range(count):
        code = "".join(secrets.choice(CODE_ALPHABET) for _j in range(8))
        codes.append(f"{code[:4]}-{code[4:]}")
    VerificationCode.objects.bulk_create(
        VerificationCode(community=vote.community, vote=vote, digest=_digest(vote, c))
        for c in codes
    )
    audit_record(
        community=vote.community,
        actor=actor,
        action="plan.budget_codes_created",
        target=vote,
        details={"count": count},
    )
    return codes


@transaction.atomic
def ballot_submit(
    *,
    vote: BudgetVote,
    participant: Participant,
    option_ids: Iterable[int] = (),
    ranking: Sequence[int] | None = None,
    code: str = "",
    channel: str = "online",
    actor: Any = None,
) -> Ballot:
    """A participant's ballot. On a vote where residents choose, ``option_ids`` are the
    options chosen, whose costs add up to at most the budget; on a ranked vote, ``ranking``
    is the options ranked, first choice first (any number of them, whatever they cost).
    Everything is checked before anything is written; nothing is stored when it is refused.
    Sending again replaces the choices (and needs no new code)."""
    if vote.status != VoteStatus.OPEN:
        raise ApplicationError(_("This budget vote is not open now."))
    if actor is not None and not actor.has_perm("plans.vote_budget", vote.plan):
        raise ApplicationError(_("This budget vote is not open now."))
    if participant.process_id != vote.plan.process_id:
        raise ApplicationError(_("You are not taking part in this process."))
    if vote.ranked:
        order = list(ranking or ())
        if len(set(order)) != len(order):
            raise ApplicationError(
                _("An activity can have only one place on your ballot."), field="options"
            )
        ids = set(order)
    else:
        if ranking is not None:
            raise ApplicationError(_("This ballot is not ranked."), field="options")
        order = []
        ids = set(option_ids)
    options = list(vote.options.filter(pk__in=ids))
    if len(options) != len(ids):
        raise ApplicationError(_("That activity is not on this ballot."), field="options")
    if not options:
        raise ApplicationError(
            _("Rank at least one activity.") if vote.ranked else _("Choose at least one activity."),
            field="options",
        )
    total = sum(o.cost_cents for o in options)
    if not vote.ranked and total > vote.budget_cents:
        raise ApplicationError(
            _(
                "Your choices cost %(total)s, more than the budget of %(budget)s. "
                "Leave some out and send again."
            )
            % {"total": money(total), "budget": money(vote.budget_cents)},
            field="options",
        )
    ballot = Ballot.objects.filter(vote=vote, participant=participant).first()
    if ballot is None:
        verification = None
        if vote.codes_required:
            verification = (
                VerificationCode.objects.select_for_update()
                .filter(vote=vote, digest=_digest(vote, code), ballot__isnull=True)
                .first()
            )
            if not code.strip() or verification is None:
                raise ApplicationError(
                    _("That code is not valid for this vote, or was already used."), field="code"
                )
        ballot = Ballot.objects.create(
            community=vote.community, vote=vote, participant=participant, channel=channel
        )
        if verification is not None:
            verification.ballot = ballot
            verification.save(update_fields=["ballot"])
    ballot.options.set(options)
    if vote.ranked:
        ballot.places.all().delete()
        RankedChoice.objects.bulk_create(
            RankedChoice(community=vote.community, ballot=ballot, option_id=pk, place=place)
            for place, pk in enumerate(order, start=1)
        )
    ballot.save(update_fields=["updated_at"])
    audit_record(
        community=vote.community,
        actor=actor,
        action="plan.budget_ballot",
        target=vote,
        details={"participant": str(participant.public_id)[:8], "options": len(options)},
    )
    return ballot


@transaction.atomic
def paper_ballot_enter(
    *,
    actor: Any,
    vote: BudgetVote,
    option_ids: Iterable[int] = (),
    ranking: Sequence[int] | None = None,
    area: Any = None,
    language: str = "",
    code: str = "",
) -> Ballot:
    """A ballot filled in on paper at a gathering, entered by a facilitator: a participant of
    its own (with the area written on the paper, if any), channel "paper", the same checks as
    a ballot sent online (the budget, the code when the vote needs one). Nothing is stored
    when it is refused."""
    from groundwork.planning.models import Area, Channel

    _require(actor, vote.plan)
    if area is not None and not Area.objects.filter(pk=area.pk, process=vote.plan.process).exists():
        raise ApplicationError(_("That area is not one of this process's."), field="area")
    participant = Participant.objects.create(
        process=vote.plan.process, area=area, language=language
    )
    return ballot_submit(
        vote=vote,
        participant=participant,
        option_ids=option_ids,
        ranking=ranking,
        code=code,
        channel=Channel.PAPER,
        actor=actor,
    )


def outcomes(vote: BudgetVote) -> dict[str, pb.Outcome[int]]:
    """The vote's results by both rules of its kind of ballot (``RULES_FOR_KIND``): option
    ids funded, in the order chosen. Kept in the cache under the vote's state (its ballots,
    their last change, the budget): the count runs again only after a ballot changes."""
    state = vote.ballots.aggregate(n=Count("id"), last=Max("updated_at"))
    key = (
        f"plans:pb:{vote.pk}:{vote.kind}:{vote.budget_cents}:{state['n']}:"
        f"{state['last'].timestamp() if state['last'] else 0}"
    )
    found: dict[str, pb.Outcome[int]] | None = cache.get(key)
    if found is None:
        found = _count(vote)
        cache.set(key, found, 24 * 3600)
    return found


def _count(vote: BudgetVote) -> dict[str, pb.Outcome[int]]:
    options = list(vote.options.order_by("id"))
    costs = {o.pk: o.cost_cents for o in options}
    ballots: dict[int, set[int]] = {}
    for ballot_id, option_id in Ballot.options.through.objects.filter(
        ballot__vote=vote
    ).values_list("ballot_id", "budgetoption_id"):
        ballots.setdefault(ballot_id, set()).add(option_id)
    # Ballots with no option left still count as voters (they hold a share of the budget).
    for ballot_id in vote.ballots.values_list("pk", flat=True):
        ballots.setdefault(ballot_id, set())
    listed = [ballots[k] for k in sorted(ballots)]
    if vote.ranked:
        # Equal shares counts a ranked option as chosen: every voter who ranked it may help
        # pay for it. Borda points give the order for most points first.
        return {
            VoteRule.RANKED_GREEDY: pb.ranked_greedy(
                costs, rankings(vote).values(), vote.budget_cents
            ),
            VoteRule.EQUAL_SHARES: pb.equal_shares(costs, listed, vote.budget_cents),
        }
    return {
        VoteRule.GREEDY: pb.greedy(costs, listed, vote.budget_cents),
        VoteRule.EQUAL_SHARES: pb.equal_shares(costs, listed, vote.budget_cents),
    }


def rankings(vote: BudgetVote) -> dict[int, list[int]]:
    """Each ballot's ranking of a ranked vote (option ids, first choice first), by ballot id;
    one query."""
    found: dict[int, list[int]] = {}
    for ballot_id, option_id in (
        RankedChoice.objects.filter(ballot__vote=vote)
        .order_by("ballot_id", "place")
        .values_list("ballot_id", "option_id")
    ):
        found.setdefault(ballot_id, []).append(option_id)
    return found


@transaction.atomic
def fund_winners(*, actor: Any, vote: BudgetVote) -> list[Activity]:
    """Close the vote and fund the winners by its rule: each winning activity is funded at
    its proposed cost, linked to the vote, and planned if it was an idea."""
    _require(actor, vote.plan)
    if vote.funded_at is not None:
        raise ApplicationError(_("The winners of this vote are already funded."))
    if not vote.ballots.exists():
        raise ApplicationError(_("Nobody has voted yet."))
    outcome = outcomes(vote)[vote.rule]
    options = {o.pk: o for o in vote.options.select_related("activity")}
    funded = []
    for option_id in outcome.funded:
        option = options[option_id]
        activity = option.activity
        activity.funded_cents = max(activity.funded_cents, option.cost_cents)
        activity.funded_by_vote = vote
        if activity.status == ActivityStatus.IDEA:
            activity.status = ActivityStatus.PLANNED
        activity.save(update_fields=["funded_cents", "funded_by_vote", "status", "updated_at"])
        funded.append(activity)
    vote.status = VoteStatus.CLOSED
    vote.funded_at = timezone.now()
    vote.save(update_fields=["status", "funded_at"])
    audit_record(
        community=vote.community,
        actor=actor,
        action="plan.budget_winners_funded",
        target=vote,
        details={"rule": vote.rule, "activities": [a.pk for a in funded]},
    )
    return funded
