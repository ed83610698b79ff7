"""Money pages of a plan: an activity's budget (facilitators), budget votes (facilitators open
them, residents vote without an account or JavaScript, everyone sees the results once
closed), and the public "where the money goes" page."""

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from groundwork.communities.models import Organization
from groundwork.core.errors import ApplicationError
from groundwork.core.permissions import check_perm
from groundwork.core.ratelimits import process_participant, rate_limited
from groundwork.directory.asset_selectors import asset_queryset
from groundwork.planning.models import Area
from groundwork.planning.participants import (
    participant_for_request,
    participant_from_cookie,
    remember_participant,
)

from . import budget_selectors, budget_services
from .budget_forms import (
    BallotForm,
    BudgetVoteForm,
    CodesForm,
    CostLineForm,
    InKindForm,
    MoneyForm,
    PaperBallotForm,
    PaperRankedBallotForm,
    RankedBallotForm,
    cents_input,
)
from .models import Activity, BudgetVote, Plan, VoteStatus
from .templatetags.money import money_raw
from .views import _context, _plan


def _activity_url(plan: Plan, activity: Activity) -> str:
    return reverse(
        "plans:activity_budget", args=[plan.process.community.slug, plan.process.slug, activity.pk]
    )


def _vote(plan: Plan, vote_id: int) -> BudgetVote:
    vote: BudgetVote = get_object_or_404(plan.budget_votes.select_related("plan"), pk=vote_id)
    vote.plan = plan
    return vote


def activity_budget(
    request: HttpRequest, slug: str, process_slug: str, activity_id: int
) -> HttpResponse:
    """An activity's cost lines, in-kind help, and what is funded and spent. Three small
    forms, each posting on its own (no JavaScript needed)."""
    plan = _plan(request, slug, process_slug, "plans.change_budget")
    activity: Activity = get_object_or_404(
        plan.activities.select_related("plan", "goal"), pk=activity_id
    )
    activity.plan = plan
    community = plan.process.community
    action = request.POST.get("action", "") if request.method == "POST" else ""
    posted = request.POST if request.method == "POST" else None
    cost_form = CostLineForm(posted if action == "cost" else None, prefix="cost")
    help_form = InKindForm(
        posted if action == "in_kind" else None,
        prefix="help",
        assets=asset_queryset(community=community).order_by("name"),
        organizations=Organization.objects.filter(community=community).order_by("name"),
    )
    money_form = MoneyForm(
        posted if action == "money" else None,
        prefix="money",
        initial={
            "funded": cents_input(activity.funded_cents),
            "spent": cents_input(activity.spent_cents),
        },
    )
    if action:
        try:
            if action == "cost" and cost_form.is_valid():
                data = cost_form.cleaned_data
                budget_services.cost_line_add(
                    actor=request.user,
                    activity=activity,
                    category=data["category"],
                    amount_cents=data["amount"],
                    description=data["description"],
                )
            elif action == "in_kind" and help_form.is_valid():
                data = help_form.cleaned_data
                budget_services.in_kind_add(
                    actor=request.user,
                    activity=activity,
                    kind=data["kind"],
                    description=data["description"],
                    hours=data["hours"],
                    value_cents=data["value"] or 0,
                    asset=data["asset"],
                    organization=data["organization"],
                )
            elif action == "money" and money_form.is_valid():
                budget_services.money_set(
                    actor=request.user,
                    activity=activity,
                    funded_cents=money_form.cleaned_data["funded"],
                    spent_cents=money_form.cleaned_data["spent"],
                )
            elif (
                action in ("remove_cost", "remove_in_kind")
                and request.POST.get("item", "").isdigit()
            ):
                budget_services.budget_item_delete(
                    actor=request.user,
                    activity=activity,
                    what="cost" if action == "remove_cost" else "in_kind",
                    item_id=int(request.POST["item"]),
                )
            else:
                raise _Invalid
        except _Invalid:
            pass
        except ApplicationError as error:
            form = {"cost": cost_form, "in_kind": help_form, "money": money_form}.get(action)
            if form is not None:
                form.add_application_error(error)
            else:
                messages.error(request, error.message)
        else:
            messages.success(request, _("The budget was saved."))
            return redirect(_activity_url(plan, activity))
    money = next(
        (a for a in budget_selectors.plan_money(plan).activities if a.activity.pk == activity.pk),
        None,
    )
    return render(
        request,
        "plans/activity_budget.html",
        _context(
            plan,
            activity=activity,
            money=money,
            cost_form=cost_form,
            help_form=help_form,
            money_form=money_form,
        ),
    )


class _Invalid(Exception):
    pass


# --- Budget votes: facilitators ---------------------------------------------------------


def votes(request: HttpRequest, slug: str, process_slug: str) -> HttpResponse:
    """The plan's budget votes, and a form to prepare a new one."""
    plan = _plan(request, slug, process_slug, "plans.change_budget")
    money = budget_selectors.plan_money(plan)
    choices = [
        (a.activity.pk, f"{a.activity.title} ({money_raw(a.money.cost)})")
        for a in money.activities
        if a.money.cost > 0
    ]
    form = BudgetVoteForm(request.POST or None, choices=choices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            vote = budget_services.vote_create(
                actor=request.user,
                plan=plan,
                title=data["title"],
                budget_cents=data["budget"],
                activity_ids=[int(i) for i in data["activities"]],
                codes_required=data["codes_required"],
                rule=data["rule"],
                kind=data["kind"],
            )
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(request, _("The budget vote is ready. Open it when you are ready."))
            return redirect(
                "plans:vote_manage", slug=slug, process_slug=process_slug, vote_id=vote.pk
            )
    return render(
        request,
        "plans/budget_votes.html",
        _context(plan, votes=budget_selectors.votes(plan), form=form, money=money),
    )


def vote_manage(request: HttpRequest, slug: str, process_slug: str, vote_id: int) -> HttpResponse:
    """Open or close the vote, make verification codes, see results, fund the winners."""
    plan = _plan(request, slug, process_slug, "plans.change_budget")
    vote = _vote(plan, vote_id)
    codes: list[str] = []
    codes_form = CodesForm(request.POST if request.POST.get("action") == "codes" else None)
    areas = list(Area.objects.filter(process=plan.process))
    paper_class = PaperRankedBallotForm if vote.ranked else PaperBallotForm
    paper_form = paper_class(
        request.POST if request.POST.get("action") == "paper" else None,
        prefix="paper",
        choices=[(o.pk, o.activity.title) for o in vote.options.select_related("activity")],
        areas=[(a.pk, a.name) for a in areas],
    )
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action in ("open", "closed"):
                budget_services.vote_set_status(
                    actor=request.user, vote=vote, status=VoteStatus(action)
                )
            elif action == "codes" and codes_form.is_valid():
                codes = budget_services.codes_create(
                    actor=request.user, vote=vote, count=codes_form.cleaned_data["count"]
                )
            elif action == "paper":
                if not paper_form.is_valid():
                    if vote.ranked:
                        raise ApplicationError(
                            " ".join(paper_form.non_field_errors())
                            or _("Enter the places as they are written on the paper ballot.")
                        )
                    raise ApplicationError(_("Tick at least one activity."))
                data = paper_form.cleaned_data
                budget_services.paper_ballot_enter(
                    actor=request.user,
                    vote=vote,
                    option_ids=[int(i) for i in data.get("options", ())],
                    ranking=data["ranking"] if vote.ranked else None,
                    area=next((a for a in areas if str(a.pk) == data["area"]), None),
                    code=data["code"],
                )
                messages.success(request, _("The paper ballot was entered."))
            elif action == "fund":
                funded = budget_services.fund_winners(actor=request.user, vote=vote)
                messages.success(
                    request,
                    _("%(n)s activities are now funded by this vote.") % {"n": len(funded)},
                )
        except ApplicationError as error:
            messages.error(request, error.message)
        if not codes:
            return redirect(
                "plans:vote_manage", slug=slug, process_slug=process_slug, vote_id=vote.pk
            )
    return render(
        request,
        "plans/budget_vote_manage.html",
        _context(
            plan,
            vote=vote,
            results=budget_selectors.results(vote),
            codes=codes,
            codes_form=codes_form,
            paper_form=paper_form,
            unused_codes=vote.codes.filter(ballot__isnull=True).count(),
        ),
    )


# --- Budget votes: residents ------------------------------------------------------------


@rate_limited("endorsement", process_participant)
def ballot(request: HttpRequest, slug: str, process_slug: str, vote_id: int) -> HttpResponse:
    """The ballot: the knapsack ballot (choose within the budget) or the ranked ballot (a
    place for each activity). Works without JavaScript: the server adds up the choices and
    refuses a ballot over the budget, or one with two activities at one place, with a
    message, storing nothing."""
    plan = _plan(request, slug, process_slug, "plans.vote_budget")
    vote = _vote(plan, vote_id)
    if vote.status == VoteStatus.DRAFT:
        raise Http404
    options = list(vote.options.select_related("activity").order_by("id"))
    choices = [(o.pk, o.activity.title) for o in options]
    participant = participant_from_cookie(request, plan.process)
    initial: dict[str, Any] = {}
    mine = None
    if participant is not None:
        mine = vote.ballots.filter(participant=participant).first()
        if mine is not None and vote.ranked:
            initial = {
                f"place-{pk}": place for pk, place in mine.places.values_list("option_id", "place")
            }
        elif mine is not None:
            initial["options"] = [str(pk) for pk in mine.options.values_list("pk", flat=True)]
    form_class = RankedBallotForm if vote.ranked else BallotForm
    form = form_class(request.POST or None, choices=choices, initial=initial)
    if request.method == "POST":
        check_perm(request, "plans.vote_budget", plan)
        if form.is_valid():
            try:
                with transaction.atomic():
                    participant = participant_for_request(request, plan.process, participant)
                    budget_services.ballot_submit(
                        vote=vote,
                        participant=participant,
                        option_ids=[int(i) for i in form.cleaned_data.get("options", ())],
                        ranking=form.cleaned_data["ranking"] if vote.ranked else None,
                        code=form.cleaned_data["code"],
                        actor=request.user,
                    )
            except ApplicationError as error:
                form.add_application_error(error)
            else:
                messages.success(request, _("Thank you. Your ballot was saved."))
                response = redirect(
                    "plans:ballot", slug=slug, process_slug=process_slug, vote_id=vote.pk
                )
                remember_participant(response, participant)
                return response
    context: dict[str, Any] = {
        "vote": vote,
        "form": form,
        "budget": money_raw(vote.budget_cents),
        "has_ballot": mine is not None,
        "show_code": vote.codes_required and mine is None,
    }
    if vote.ranked:
        by_name = {f"place-{o.pk}": o for o in options}
        context["places"] = [(form[name], by_name[name]) for name in form.place_fields]
    else:
        chosen = {str(v) for v in (form["options"].value() or [])}
        total = sum(o.cost_cents for o in options if str(o.pk) in chosen)
        context.update(
            rows=[{"option": o, "checked": str(o.pk) in chosen} for o in options],
            total=money_raw(total),
            total_cents=total,
            over=total > vote.budget_cents,
        )
    return render(request, "plans/ballot.html", _context(plan, **context))


def vote_results(request: HttpRequest, slug: str, process_slug: str, vote_id: int) -> HttpResponse:
    """The results, public once the vote is closed (facilitators see them at any time)."""
    plan = _plan(request, slug, process_slug, "plans.view_money")
    vote = _vote(plan, vote_id)
    if vote.status != VoteStatus.CLOSED and not request.user.has_perm("plans.change_budget", plan):
        raise Http404
    return render(
        request,
        "plans/budget_results.html",
        _context(plan, vote=vote, results=budget_selectors.results(vote)),
    )


# --- Where the money goes ---------------------------------------------------------------


def money_page(request: HttpRequest, slug: str, process_slug: str) -> HttpResponse:
    plan = _plan(request, slug, process_slug, "plans.view_money")
    money = budget_selectors.plan_money(plan)
    top = max([g.money.cost for g in money.goals] + [g.money.funded for g in money.goals] + [1])
    bars = []
    for index, goal in enumerate(money.goals):
        bars.append(
            {
                "goal": goal,
                "y": 10 + index * 56,
                "cost_width": round(300 * goal.money.cost / top, 1),
                "funded_width": round(300 * goal.money.funded / top, 1),
                "spent_width": round(300 * goal.money.spent / top, 1),
            }
        )
    return render(
        request,
        "plans/money.html",
        _context(
            plan,
            money=money,
            bars=bars,
            chart_height=20 + 56 * len(bars),
            votes=[v for v in budget_selectors.votes(plan) if v.status == VoteStatus.CLOSED],
            can_change=request.user.has_perm("plans.change_budget", plan),
        ),
    )
