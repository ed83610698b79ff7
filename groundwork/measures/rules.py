"""Who may build surveys and see their results.

Network surveys are built by the network's staff (stewards), community surveys by the
community's coordinators and facilitators. Anyone with the link may answer an open survey
(signed surveys ask them to sign in). Results are for the builders, and for everybody when
the builders mark them public (counts are suppressed either way).
"""

from typing import Any

import rules

from groundwork.communities.rules import (
    is_facilitator_or_above,
    is_member,
    is_network_steward,
    is_public_community,
)

from .models import Instrument


@rules.predicate
def manages_instrument(user: Any, instrument: Instrument | None) -> bool:
    if instrument is None:
        return False
    if instrument.network_id:
        return bool(is_network_steward.test(user, instrument.network))
    return bool(is_facilitator_or_above.test(user, instrument.community))


@rules.predicate
def is_published(user: Any, instrument: Instrument | None) -> bool:
    return instrument is not None and not instrument.is_draft


@rules.predicate
def results_public(user: Any, instrument: Instrument | None) -> bool:
    return instrument is not None and instrument.results_public


rules.add_perm("measures.add_network_survey", is_network_steward)
rules.add_perm("measures.add_community_survey", is_facilitator_or_above)
# Who may see the community may see its surveys' list.
rules.add_perm("measures.list_community_surveys", is_public_community | is_member)
rules.add_perm("measures.manage_survey", manages_instrument)
rules.add_perm("measures.respond", is_published | manages_instrument)
rules.add_perm("measures.view_results", manages_instrument | (is_published & results_public))
rules.add_perm("measures.export_responses", manages_instrument)


# Results and indicators: the rule's object is the Result (an indicator asks its result's).
# A statewide goal's results are public like the network and kept by its staff. A community's
# results are kept by its coordinators and facilitators; its members see them all; others see
# a county goal's results when the community is public (county goals are on its public
# profile) and a plan's results once the plan is published and its process is public.


def _plan_is_public(plan: Any) -> bool:
    from groundwork.plans.models import PlanVersion

    process = plan.process
    return (
        process.is_public
        and plan.community.is_public
        and PlanVersion.objects.filter(plan=plan).exists()
    )


@rules.predicate
def manages_result(user: Any, result: Any) -> bool:
    if result is None:
        return False
    if result.network_goal_id:
        return bool(is_network_steward.test(user, result.network_goal.network))
    return bool(is_facilitator_or_above.test(user, result.community))


@rules.predicate
def sees_result(user: Any, result: Any) -> bool:
    if result is None:
        return False
    if result.network_goal_id:
        return True
    if is_member.test(user, result.community):
        return True
    if result.county_goal_id:
        return bool(result.community.is_public)
    return _plan_is_public(result.plan)


rules.add_perm("measures.add_community_result", is_facilitator_or_above)
rules.add_perm("measures.add_network_result", is_network_steward)
rules.add_perm("measures.list_community_results", is_public_community | is_member)
rules.add_perm("measures.view_result", sees_result | manages_result)
rules.add_perm("measures.manage_result", manages_result)


from . import rules_performance  # noqa: E402,F401  (performance measures' rules)
