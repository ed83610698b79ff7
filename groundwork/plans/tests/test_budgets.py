"""Budgets on activities and participatory budgeting votes: costs, in-kind help and the gap
per activity, goal and plan; a vote residents take part in without an account (one ballot
each, over-budget ballots refused with nothing stored, optional codes); results by both rules;
winners funded; the money page. Each test beside a look-alike tenant."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from groundwork.communities.tests.factories import OrganizationFactory
from groundwork.core.errors import ApplicationError
from groundwork.core.testing import assert_absent, unchanged
from groundwork.directory.models import Asset
from groundwork.planning import services as planning
from groundwork.planning.models import Participant
from groundwork.plans import budget_selectors, budget_services, services
from groundwork.plans.models import (
    ActivityStatus,
    Ballot,
    BallotKind,
    BudgetVote,
    RankedChoice,
    VoteRule,
    VoteStatus,
)

pytestmark = pytest.mark.django_db


def _url(name, tenant, *args):  # type: ignore[no-untyped-def]
    return reverse(f"plans:{name}", args=[tenant.community.slug, tenant.process.slug, *args])


def _activities(tenant, costs):  # type: ignore[no-untyped-def]
    """The tenant's activity and more under its goal, each with one staff cost line."""
    found = [tenant.activity]
    for n in range(len(costs) - 1):
        found.append(
            services.activity_save(
                actor=tenant.coordinator, plan=tenant.plan, goal=tenant.goal, title=f"Task {n}"
            )
        )
    for activity, cents in zip(found, costs, strict=True):
        budget_services.cost_line_add(
            actor=tenant.coordinator, activity=activity, category="staff", amount_cents=cents
        )
    return found


def _asset(tenant, name):  # type: ignore[no-untyped-def]
    return Asset.objects.create(community=tenant.community, kind="place", name=name)


def test_costs_in_kind_and_gap_add_up_per_activity_goal_and_plan(tenant, other_tenant):  # type: ignore[no-untyped-def]
    _activities(other_tenant, [99_900])
    with unchanged(other_tenant):
        first, second = _activities(tenant, [120_000, 50_050])
        budget_services.cost_line_add(
            actor=tenant.coordinator, activity=first, category="food", amount_cents=30_000
        )
        budget_services.in_kind_add(
            actor=tenant.coordinator,
            activity=first,
            kind="space",
            description="Meeting room",
            value_cents=40_000,
            asset=_asset(tenant, "Library"),
        )
        budget_services.in_kind_add(
            actor=tenant.coordinator,
            activity=first,
            kind="hours",
            description="Drivers",
            hours=20,
            value_cents=10_000,
            organization=tenant.organization,
        )
        budget_services.money_set(
            actor=tenant.coordinator, activity=second, funded_cents=60_000, spent_cents=1_000
        )
        money = budget_selectors.plan_money(tenant.plan)
    rows = {a.activity.pk: a.money for a in money.activities}
    assert rows[first.pk].cost == 150_000 and rows[first.pk].in_kind == 50_000
    assert rows[first.pk].gap == 100_000
    assert rows[second.pk].gap == 0  # funded beyond its cost: never below zero
    assert money.total.cost == 200_050 and money.total.funded == 60_000
    assert money.total.gap == 100_000  # the second's surplus does not fill the first's gap
    assert [g.money.cost for g in money.goals] == [200_050]
    assert {v: c for v, _label, c in money.by_category} == {"staff": 170_050, "food": 30_000}
    assert_absent(other_tenant, [a.activity.title for a in money.activities])


def test_in_kind_help_comes_only_from_this_community(tenant, other_tenant):  # type: ignore[no-untyped-def]
    [activity] = _activities(tenant, [10_000])
    foreign_asset = _asset(other_tenant, "Their hall")
    with unchanged(other_tenant), pytest.raises(ApplicationError):
        budget_services.in_kind_add(
            actor=tenant.coordinator,
            activity=activity,
            kind="space",
            description="Hall",
            asset=foreign_asset,
        )
    with pytest.raises(ApplicationError):
        budget_services.in_kind_add(
            actor=tenant.coordinator,
            activity=activity,
            kind="goods",
            description="Food",
            organization=OrganizationFactory(community=other_tenant.community),
        )


def test_only_facilitators_cost_activities(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    url = _url("activity_budget", tenant, tenant.activity.pk)
    assert client.get(url).status_code == 302  # to sign in
    client.force_login(other_tenant.coordinator)
    assert client.get(url).status_code == 403
    with pytest.raises(ApplicationError):
        budget_services.cost_line_add(
            actor=other_tenant.coordinator,
            activity=tenant.activity,
            category="staff",
            amount_cents=100,
        )


def test_the_budget_page_takes_unlocalized_amounts_in_spanish(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    client.force_login(tenant.coordinator)
    url = _url("activity_budget", tenant, tenant.activity.pk)
    with unchanged(other_tenant):
        response = client.post(
            url,
            {
                "action": "cost",
                "cost-category": "interpretation",
                "cost-amount": "1250.50",
                "cost-description": "Spanish",
            },
            HTTP_ACCEPT_LANGUAGE="es",
        )
    assert response.status_code == 302
    assert tenant.activity.cost_lines.get().amount_cents == 125_050
    with translation.override("es"):
        page = client.get(url).content.decode()
    assert 'data-cents="1250.50"' in page
    # A thousands separator is refused, not misread.
    response = client.post(
        url, {"action": "cost", "cost-category": "food", "cost-amount": "1.250,50"}
    )
    assert response.status_code == 200
    assert tenant.activity.cost_lines.count() == 1


def _vote(tenant, costs, budget, **kwargs):  # type: ignore[no-untyped-def]
    activities = _activities(tenant, costs)
    vote = budget_services.vote_create(
        actor=tenant.coordinator,
        plan=tenant.plan,
        title="Spring vote",
        budget_cents=budget,
        activity_ids=[a.pk for a in activities],
        **kwargs,
    )
    budget_services.vote_set_status(actor=tenant.coordinator, vote=vote, status=VoteStatus.OPEN)
    return vote, list(vote.options.order_by("id"))


def test_a_ballot_over_the_budget_is_refused_with_nothing_stored(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    vote, options = _vote(tenant, [60_000, 50_000, 10_000], 100_000)
    participants = Participant.objects.count()
    url = _url("ballot", tenant, vote.pk)
    with unchanged(other_tenant):
        response = client.post(url, {"options": [options[0].pk, options[1].pk]})
    assert response.status_code == 200
    page = response.content.decode()
    assert "more than the budget" in page
    assert Ballot.objects.count() == 0
    assert Participant.objects.count() == participants  # no participant left behind
    # The choices are kept on the page, with the running total the server worked out.
    assert re.search(rf'value="{options[0].pk}"[^>]*checked', page)
    assert "$1,100" in page
    response = client.post(url, {"options": [options[0].pk, options[2].pk]})
    assert response.status_code == 302
    ballot = Ballot.objects.get()
    assert set(ballot.options.all()) == {options[0], options[2]}
    # One ballot per participant: sending again replaces the choices.
    client.post(url, {"options": [options[1].pk]})
    assert Ballot.objects.count() == 1
    assert list(Ballot.objects.get().options.all()) == [options[1]]


def test_options_of_another_vote_are_refused(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    vote, _options = _vote(tenant, [10_000, 20_000], 100_000)
    _their_vote, theirs = _vote(other_tenant, [10_000, 20_000], 100_000)
    with unchanged(other_tenant):
        response = client.post(_url("ballot", tenant, vote.pk), {"options": [theirs[0].pk]})
    assert response.status_code == 200
    assert not vote.ballots.exists()


def test_a_vote_with_codes_takes_each_code_once(tenant, other_tenant):  # type: ignore[no-untyped-def]
    vote, options = _vote(tenant, [10_000, 20_000], 100_000, codes_required=True)
    [code] = budget_services.codes_create(actor=tenant.coordinator, vote=vote, count=1)
    first, second = tenant.participants[:2]
    with pytest.raises(ApplicationError):
        budget_services.ballot_submit(vote=vote, participant=first, option_ids=[options[0].pk])
    budget_services.ballot_submit(
        vote=vote, participant=first, option_ids=[options[0].pk], code=code.lower()
    )
    with pytest.raises(ApplicationError):
        budget_services.ballot_submit(
            vote=vote, participant=second, option_ids=[options[0].pk], code=code
        )
    # The first voter changes their ballot without a new code.
    budget_services.ballot_submit(vote=vote, participant=first, option_ids=[options[1].pk])
    assert vote.ballots.count() == 1


def test_a_closed_or_draft_vote_takes_no_ballots(tenant, other_tenant):  # type: ignore[no-untyped-def]
    vote, options = _vote(tenant, [10_000, 20_000], 100_000)
    budget_services.vote_set_status(actor=tenant.coordinator, vote=vote, status=VoteStatus.CLOSED)
    with pytest.raises(ApplicationError):
        budget_services.ballot_submit(
            vote=vote, participant=tenant.participants[0], option_ids=[options[0].pk]
        )


def _people(tenant, n):  # type: ignore[no-untyped-def]
    return [planning.participant_create(process=tenant.process, language="en") for _ in range(n)]


def test_results_by_both_rules_and_the_winners_are_funded(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    # equalshares.net's Example 1 in dollars: bike 700, gym 400, park 250, playground 200,
    # library 100; budget 1100; 11 voters.
    vote, (bike, gym, park, playground, library) = _vote(
        tenant, [70_000, 40_000, 25_000, 20_000, 10_000], 110_000, rule=VoteRule.EQUAL_SHARES
    )
    ballots = [
        {bike, gym},
        {bike, gym, park},
        {bike, gym},
        {bike, gym, park},
        {bike, gym, park},
        {bike, gym},
        {park, playground, library},
        {playground},
        {playground, library},
        {park, playground, library},
        {bike},
    ]
    for participant, chosen in zip(_people(tenant, 11), ballots, strict=True):
        # Some of these go over the budget on purpose in the published example: enter the
        # counts straight (the page refuses them).
        ballot = Ballot.objects.create(
            community=tenant.community, vote=vote, participant=participant
        )
        ballot.options.set(chosen)
    with unchanged(other_tenant):
        results = budget_selectors.results(vote)
    greedy = {r.option.pk for r in results.options if r.greedy}
    shares = {r.option.pk for r in results.options if r.equal_shares}
    assert greedy == {bike.pk, gym.pk}
    assert shares == {bike.pk, playground.pk, library.pk}
    assert results.ballots == 11
    assert [cell.value for _label, cell in results.turnout] == [11]
    # Results are not public before the vote closes.
    assert client.get(_url("vote_results", tenant, vote.pk)).status_code == 404
    with unchanged(other_tenant):
        funded = budget_services.fund_winners(actor=tenant.coordinator, vote=vote)
    assert {a.pk for a in funded} == {bike.activity_id, playground.activity_id, library.activity_id}
    for activity in funded:
        activity.refresh_from_db()
        assert activity.funded_by_vote == vote
        assert activity.status == ActivityStatus.PLANNED
    vote.refresh_from_db()
    assert vote.status == VoteStatus.CLOSED and vote.funded_at is not None
    page = client.get(_url("vote_results", tenant, vote.pk)).content.decode()
    assert "Equal shares" in page
    money = client.get(_url("money", tenant)).content.decode()
    assert "chosen by residents" in money
    assert_absent(other_tenant, money)
    with pytest.raises(ApplicationError):
        budget_services.fund_winners(actor=tenant.coordinator, vote=vote)


def test_small_turnout_is_suppressed(tenant, other_tenant):  # type: ignore[no-untyped-def]
    vote, options = _vote(tenant, [10_000, 20_000], 100_000)
    for participant in tenant.participants:
        budget_services.ballot_submit(
            vote=vote, participant=participant, option_ids=[options[0].pk]
        )
    results = budget_selectors.results(vote)
    assert results.turnout_total.hidden


def test_the_money_page_is_public_with_unlocalized_chart_numbers(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    [activity] = _activities(tenant, [123_456_78])
    budget_services.money_set(
        actor=tenant.coordinator, activity=activity, funded_cents=100_000_00, spent_cents=0
    )
    _activities(other_tenant, [1_00])
    response = client.get(_url("money", tenant), HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-cents="123456.78"' in page
    widths = re.findall(r'width="([^"]+)" fill', page)
    assert widths and all(re.fullmatch(r"[0-9]+(\.[0-9])?", w) for w in widths)
    assert_absent(other_tenant, page)


def test_the_plan_money_json_is_in_cents(tenant, other_tenant):  # type: ignore[no-untyped-def]
    _activities(tenant, [5_00])
    data = budget_selectors.plan_money_json(tenant.plan)
    assert data["total"]["cost_cents"] == 500
    assert data["goals"][0]["activities"][0]["gap_cents"] == 500


def test_a_vote_needs_two_costed_activities_of_this_plan(tenant, other_tenant):  # type: ignore[no-untyped-def]
    [theirs] = _activities(other_tenant, [100])
    with pytest.raises(ApplicationError):
        budget_services.vote_create(
            actor=tenant.coordinator,
            plan=tenant.plan,
            title="x",
            budget_cents=1000,
            activity_ids=[tenant.activity.pk, theirs.pk],
        )
    assert not BudgetVote.objects.filter(plan=tenant.plan).exists()


def test_the_api_gives_the_plan_money_by_the_plan_rules(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    _activities(tenant, [12_345])
    url = f"/api/communities/{tenant.community.slug}/processes/{tenant.process.slug}/plan/money"
    response = client.get(url)
    assert response.status_code == 200
    data = response.json()
    assert data["total"]["cost_cents"] == 12_345
    assert_absent(other_tenant, data)


def test_the_plan_pdf_has_the_budget(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    _activities(tenant, [12_345])
    services.plan_publish(actor=tenant.coordinator, plan=tenant.plan)
    from django.template.loader import render_to_string

    from groundwork.plans.views import _plan_money

    html = render_to_string(
        "plans/pdf/plan.html",
        {
            "plan": tenant.plan,
            "community": tenant.community,
            "process": tenant.process,
            "public": {"snapshot": {}, "goals": []},
            "money": _plan_money(tenant.plan),
        },
    )
    assert 'id="budget"' in html and "$123.45" in html


def test_turnout_by_channel_and_area_is_suppressed_together(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    from groundwork.planning.models import Area

    their_vote, their_options = _vote(other_tenant, [10_000, 20_000], 100_000)
    fox = Area.objects.create(process=other_tenant.process, name=f"Fox {other_tenant.marker}")
    for participant in _people(other_tenant, 12):
        participant.area = fox
        participant.save()
        budget_services.ballot_submit(
            vote=their_vote, participant=participant, option_ids=[their_options[0].pk]
        )
    vote, options = _vote(tenant, [10_000, 20_000], 100_000)
    north, south, east = (
        Area.objects.create(process=tenant.process, name=name, order=n)
        for n, name in enumerate(("North", "South", "East"))
    )
    people = _people(tenant, 26)
    for n, participant in enumerate(people):
        participant.area = north if n < 14 else east if n < 23 else None
        participant.save()
        budget_services.ballot_submit(
            vote=vote,
            participant=participant,
            option_ids=[options[0].pk],
            channel="online" if n < 14 else "paper",
        )
    with unchanged(other_tenant):
        results = budget_selectors.results(vote)
    assert [(label, cell.value) for label, cell in results.turnout] == [
        ("Online", 14),
        ("Paper form", 12),
    ]
    assert results.turnout_total.value == 26
    # East (9) and those who did not say (3) are hidden; South's true zero is shown.
    assert [(label, cell.hidden, cell.value) for label, cell in results.turnout_areas] == [
        ("North", False, 14),
        ("South", False, 0),
        ("East", True, None),
        ("Area not given", True, None),
    ]
    budget_services.vote_set_status(actor=tenant.coordinator, vote=vote, status=VoteStatus.CLOSED)
    client.cookies["django_language"] = "es"
    page = client.get(_url("vote_results", tenant, vote.pk)).content.decode()
    assert "Participación por zona" in page and "Zona no indicada" in page
    assert_absent(other_tenant, page)
    assert "Fox" not in page


def test_a_facilitator_enters_paper_ballots(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    from groundwork.communities.models import Role
    from groundwork.communities.tests.factories import member
    from groundwork.planning.models import Area

    vote, (cheap, dear) = _vote(tenant, [10_000, 95_000], 100_000)
    north = Area.objects.create(process=tenant.process, name="North")
    theirs = Area.objects.create(process=other_tenant.process, name="Fox")
    url = _url("vote_manage", tenant, vote.pk)
    client.force_login(tenant.coordinator)
    with unchanged(other_tenant):
        response = client.post(
            url,
            {"action": "paper", "paper-options": [cheap.pk], "paper-area": north.pk},
            follow=True,
        )
    assert "The paper ballot was entered." in response.content.decode()
    ballot = Ballot.objects.get(vote=vote)
    assert ballot.channel == "paper" and ballot.participant.area == north
    assert list(ballot.options.all()) == [cheap]
    people = Participant.objects.count()
    # Over the budget: refused, nothing stored (no participant either).
    page = client.post(
        url, {"action": "paper", "paper-options": [cheap.pk, dear.pk]}, follow=True
    ).content.decode()
    assert "more than the budget" in page
    assert Ballot.objects.filter(vote=vote).count() == 1 and Participant.objects.count() == people
    # Another process's area, or someone who is not a facilitator: refused.
    with pytest.raises(ApplicationError):
        budget_services.paper_ballot_enter(
            actor=tenant.coordinator, vote=vote, option_ids=[cheap.pk], area=theirs
        )
    with pytest.raises(ApplicationError):
        budget_services.paper_ballot_enter(
            actor=member(tenant.community, Role.MEMBER), vote=vote, option_ids=[cheap.pk]
        )
    assert Participant.objects.count() == people
    assert [label for label, _cell in budget_selectors.results(vote).turnout] == ["Paper form"]


# --- Ranked ballots -----------------------------------------------------------------------


def _ranked(tenant, costs, budget, **kwargs):  # type: ignore[no-untyped-def]
    return _vote(tenant, costs, budget, kind=BallotKind.RANK, **kwargs)


def _places(ballot):  # type: ignore[no-untyped-def]
    return list(ballot.places.order_by("place").values_list("option_id", "place"))


def test_a_ranked_ballot_is_stored_in_order_and_replaced_when_sent_again(
    client, tenant, other_tenant
):  # type: ignore[no-untyped-def]
    vote, (a, b, c) = _ranked(tenant, [60_000, 50_000, 40_000], 100_000)
    _theirs, (x, _y) = _ranked(other_tenant, [60_000, 50_000], 100_000)
    assert vote.rule == VoteRule.RANKED_GREEDY  # "most votes first" counts Borda points
    url = _url("ballot", tenant, vote.pk)
    page = client.get(url).content.decode()
    assert f'name="place-{a.pk}"' in page and 'name="options"' not in page
    with unchanged(other_tenant):
        # Places with a gap close up; ranking more than the budget buys is fine.
        response = client.post(
            url, {f"place-{c.pk}": "1", f"place-{a.pk}": "3", f"place-{b.pk}": ""}
        )
    assert response.status_code == 302
    ballot = Ballot.objects.get(vote=vote)
    assert _places(ballot) == [(c.pk, 1), (a.pk, 2)]
    assert set(ballot.options.all()) == {a, c}
    # The page shows the ballot as saved, places selected.
    page = client.get(url).content.decode()
    assert re.search(
        rf'name="place-{c.pk}"[^>]*>\s*<option value="">[^<]*</option><option value="1" selected',
        page,
    )
    client.post(url, {f"place-{b.pk}": "1"})
    ballot.refresh_from_db()
    assert Ballot.objects.filter(vote=vote).count() == 1
    assert _places(ballot) == [(b.pk, 1)] and list(ballot.options.all()) == [b]
    assert not x.places.exists()


def test_a_ranked_ballot_with_two_activities_at_one_place_is_refused_with_nothing_stored(
    client, tenant, other_tenant
):  # type: ignore[no-untyped-def]
    vote, (a, b, c) = _ranked(tenant, [60_000, 50_000, 40_000], 100_000)
    people = Participant.objects.count()
    url = _url("ballot", tenant, vote.pk)
    client.cookies["django_language"] = "es"
    with unchanged(other_tenant):
        response = client.post(
            url, {f"place-{a.pk}": "2", f"place-{b.pk}": "2", f"place-{c.pk}": "1"}
        )
        empty = client.post(url, {f"place-{a.pk}": ""})
        # A place that is not on the list, or an option of another vote: refused too.
        beyond = client.post(url, {f"place-{a.pk}": "9"})
    assert response.status_code == empty.status_code == beyond.status_code == 200
    assert "Dos actividades tienen el lugar 2" in response.content.decode()
    assert "Ordene al menos una actividad" in empty.content.decode()
    # What was chosen stays on the page.
    assert re.search(
        rf'name="place-{c.pk}"[^>]*>\s*<option value="">[^<]*</option><option value="1" selected',
        response.content.decode(),
    )
    assert not Ballot.objects.exists() and Participant.objects.count() == people
    theirs, (x, _y) = _ranked(other_tenant, [60_000, 50_000], 100_000)
    with pytest.raises(ApplicationError):
        budget_services.ballot_submit(
            vote=vote, participant=tenant.participants[0], ranking=[x.pk, a.pk]
        )
    with pytest.raises(ApplicationError):
        budget_services.ballot_submit(
            vote=vote, participant=tenant.participants[0], ranking=[a.pk, a.pk]
        )
    # A ranking is refused on a vote where residents choose, and a choice on a ranked one.
    choosing, (z, _w) = _vote(other_tenant, [60_000, 50_000], 100_000)
    with pytest.raises(ApplicationError):
        budget_services.ballot_submit(
            vote=choosing, participant=other_tenant.participants[0], ranking=[z.pk]
        )
    with pytest.raises(ApplicationError):
        budget_services.ballot_submit(
            vote=vote, participant=tenant.participants[0], option_ids=[a.pk]
        )
    assert not Ballot.objects.exists() and not RankedChoice.objects.exists()


def test_a_rule_must_fit_the_kind_of_ballot(tenant, other_tenant):  # type: ignore[no-untyped-def]
    activities = _activities(tenant, [10_000, 20_000])
    with unchanged(other_tenant):
        for kind, rule in ((BallotKind.CHOOSE, VoteRule.RANKED_GREEDY), ("stars", VoteRule.GREEDY)):
            with pytest.raises(ApplicationError):
                budget_services.vote_create(
                    actor=tenant.coordinator,
                    plan=tenant.plan,
                    title="Wrong",
                    budget_cents=10_000,
                    activity_ids=[a.pk for a in activities],
                    kind=kind,
                    rule=rule,
                )
    assert not BudgetVote.objects.exists()
    vote = budget_services.vote_create(
        actor=tenant.coordinator,
        plan=tenant.plan,
        title="Ranked, equal shares",
        budget_cents=10_000,
        activity_ids=[a.pk for a in activities],
        kind=BallotKind.RANK,
        rule=VoteRule.EQUAL_SHARES,
    )
    assert vote.ranked and vote.rule == VoteRule.EQUAL_SHARES


def test_ranked_results_by_borda_and_equal_shares_and_the_winners_are_funded(
    client, tenant, other_tenant
):  # type: ignore[no-untyped-def]
    # Wikipedia's Borda count example (Tennessee's capital): 42 voters rank Memphis first,
    # 26 Nashville, 15 Chattanooga, 17 Knoxville. One city's worth of budget: Borda funds
    # Nashville, where first choices alone would fund Memphis.
    vote, (memphis, nashville, chattanooga, knoxville) = _ranked(tenant, [10_000] * 4, 10_000)
    _theirs, theirs = _ranked(other_tenant, [10_000] * 4, 10_000)
    orders = (
        [[memphis, nashville, chattanooga, knoxville]] * 42
        + [[nashville, chattanooga, knoxville, memphis]] * 26
        + [[chattanooga, knoxville, nashville, memphis]] * 15
        + [[knoxville, chattanooga, nashville, memphis]] * 17
    )
    for participant, order in zip(_people(tenant, 100), orders, strict=True):
        budget_services.ballot_submit(
            vote=vote, participant=participant, ranking=[o.pk for o in order]
        )
    budget_services.ballot_submit(
        vote=_theirs, participant=other_tenant.participants[0], ranking=[theirs[0].pk]
    )
    with unchanged(other_tenant):
        results = budget_selectors.results(vote)
    points = {r.option.pk: r.points for r in results.options}
    assert points == {memphis.pk: 126, nashville.pk: 194, chattanooga.pk: 173, knoxville.pk: 107}
    assert [r.option.pk for r in results.options][:2] == [nashville.pk, chattanooga.pk]
    assert [r.option.pk for r in results.options if r.greedy] == [nashville.pk]
    assert all(r.votes == 100 for r in results.options)  # every voter ranked every city
    # Equal shares on the same ballots counts every ranked city as chosen: one city fits.
    assert len([r for r in results.options if r.equal_shares]) == 1
    assert results.greedy_spent == 10_000 and results.top_points == 3
    client.force_login(tenant.coordinator)
    page = client.get(_url("vote_manage", tenant, vote.pk)).content.decode()
    assert "Borda points" in page and "Most points first" in page and "194" in page
    assert_absent(other_tenant, page)
    funded = budget_services.fund_winners(actor=tenant.coordinator, vote=vote)
    assert [a.pk for a in funded] == [nashville.activity_id]
    client.logout()
    client.cookies["django_language"] = "es"
    page = client.get(_url("vote_results", tenant, vote.pk)).content.decode()
    assert "Puntos Borda" in page and "100 papeletas" in page


def test_a_facilitator_enters_a_ranked_paper_ballot(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    vote, (a, b) = _ranked(tenant, [60_000, 50_000], 100_000)
    url = _url("vote_manage", tenant, vote.pk)
    client.force_login(tenant.coordinator)
    page = client.get(url).content.decode()
    assert f'name="paper-place-{a.pk}"' in page
    with unchanged(other_tenant):
        response = client.post(
            url,
            {"action": "paper", f"paper-place-{b.pk}": "1", f"paper-place-{a.pk}": "2"},
            follow=True,
        )
    assert "The paper ballot was entered." in response.content.decode()
    ballot = Ballot.objects.get(vote=vote)
    assert ballot.channel == "paper" and _places(ballot) == [(b.pk, 1), (a.pk, 2)]
    people = Participant.objects.count()
    response = client.post(
        url,
        {"action": "paper", f"paper-place-{b.pk}": "1", f"paper-place-{a.pk}": "1"},
        follow=True,
    )
    assert "Two activities have place 1" in response.content.decode()
    assert Ballot.objects.count() == 1 and Participant.objects.count() == people


def test_a_small_turnout_is_not_shown_in_the_results_caption(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    vote, options = _vote(tenant, [10_000, 20_000], 100_000)
    for participant in tenant.participants[:3]:
        budget_services.ballot_submit(
            vote=vote, participant=participant, option_ids=[options[0].pk]
        )
    budget_services.vote_set_status(actor=tenant.coordinator, vote=vote, status=VoteStatus.CLOSED)
    page = client.get(_url("vote_results", tenant, vote.pk)).content.decode()
    caption = re.search(r"<caption>(.*?)</caption>", page, re.S).group(1)
    assert "too few ballots to show how many" in caption and "3" not in caption


def test_a_cost_line_is_audited_on_its_activity_with_its_category_and_amount(tenant, other_tenant):  # type: ignore[no-untyped-def]
    from groundwork.core.models import AuditEvent

    with unchanged(other_tenant):
        [activity] = _activities(tenant, [12_345])
    [event] = AuditEvent.objects.filter(community=tenant.community, action="plan.cost_added")
    assert (event.target_type, event.target_id) == ("plans.activity", str(activity.pk))
    assert event.details == {"category": "staff", "cents": 12_345}
    assert event.actor == tenant.coordinator


def test_options_are_listed_by_votes_then_by_cost(tenant, other_tenant):  # type: ignore[no-untyped-def]
    vote, (cheap, dear, middle) = _vote(tenant, [10_000, 20_000, 15_000], 100_000)
    chosen = [[dear], [dear], [dear, middle], [middle], [middle], [cheap]]
    for participant, options in zip(_people(tenant, 6), chosen, strict=True):
        budget_services.ballot_submit(
            vote=vote, participant=participant, option_ids=[o.pk for o in options]
        )
    with unchanged(other_tenant):
        results = budget_selectors.results(vote)
    # Three votes each: the cheaper first; then the option with one vote.
    assert [(r.option.pk, r.votes) for r in results.options] == [
        (middle.pk, 3),
        (dear.pk, 3),
        (cheap.pk, 1),
    ]


def test_a_ranked_option_nobody_ranked_has_no_points(tenant, other_tenant):  # type: ignore[no-untyped-def]
    vote, (a, b, c) = _ranked(tenant, [10_000, 10_000, 10_000], 10_000)
    for participant in _people(tenant, 3):
        budget_services.ballot_submit(vote=vote, participant=participant, ranking=[a.pk, b.pk])
    with unchanged(other_tenant):
        results = budget_selectors.results(vote)
    points = {r.option.pk: r.points for r in results.options}
    assert points == {a.pk: 6, b.pk: 3, c.pk: 0}
    assert [r.option.pk for r in results.options] == [a.pk, b.pk, c.pk]


def test_a_voter_whose_area_is_not_of_this_process_counts_as_not_given(tenant, other_tenant):  # type: ignore[no-untyped-def]
    from groundwork.planning.models import Area

    vote, options = _vote(tenant, [10_000, 20_000], 100_000)
    north = Area.objects.create(process=tenant.process, name="North")
    fox = Area.objects.create(process=other_tenant.process, name="Fox")
    for n, participant in enumerate(_people(tenant, 24)):
        participant.area = north if n < 12 else fox
        participant.save()
        budget_services.ballot_submit(
            vote=vote, participant=participant, option_ids=[options[0].pk]
        )
    with unchanged(other_tenant):
        results = budget_selectors.results(vote)
    assert [(label, cell.value) for label, cell in results.turnout_areas] == [
        ("North", 12),
        ("Area not given", 12),
    ]


def test_money_maps_reads_the_sums_with_money_adds(tenant, other_tenant):  # type: ignore[no-untyped-def]
    """Each activity's cost and in-kind help come from the sums with_money adds in the same
    query; an activity loaded without them is refused rather than shown as costing nothing."""
    _first, second = _activities(tenant, [50_000, 20_000])
    budget_services.in_kind_add(
        actor=tenant.coordinator,
        activity=tenant.activity,
        kind="space",
        description="Hall",
        value_cents=7_000,
    )
    activities = type(tenant.activity).objects.filter(pk__in=[tenant.activity.pk, second.pk])
    with unchanged(other_tenant):
        maps = budget_selectors.money_maps(list(budget_selectors.with_money(activities)))
    money = maps["activities"][tenant.activity.pk]
    assert (money.cost, money.in_kind, money.gap) == (50_000, 7_000, 43_000)
    # No in-kind help at all: none, not a cent.
    money = maps["activities"][second.pk]
    assert (money.cost, money.in_kind, money.gap) == (20_000, 0, 20_000)
    assert maps["total"].in_kind == 7_000
    with pytest.raises(AttributeError):
        budget_selectors.money_maps(list(activities))


def test_a_vote_records_who_created_it(tenant, other_tenant):  # type: ignore[no-untyped-def]
    with unchanged(other_tenant):
        vote, _options = _vote(tenant, [10_000, 20_000], 100_000)
    vote.refresh_from_db()
    assert vote.created_by == tenant.coordinator


def test_codes_are_made_1_to_2000_at_a_time(tenant, other_tenant):  # type: ignore[no-untyped-def]
    from groundwork.plans.models import VerificationCode

    vote, _options = _vote(tenant, [10_000, 20_000], 100_000, codes_required=True)
    for count in (0, 2001):
        with pytest.raises(ApplicationError) as refused:
            budget_services.codes_create(actor=tenant.coordinator, vote=vote, count=count)
        assert refused.value.field == "count"
        assert not VerificationCode.objects.filter(vote=vote).exists()
    with unchanged(other_tenant):
        codes = budget_services.codes_create(actor=tenant.coordinator, vote=vote, count=2000)
    assert len(codes) == len(set(codes)) == 2000
    assert VerificationCode.objects.filter(vote=vote).count() == 2000
