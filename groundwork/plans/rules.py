"""Who may do what with a plan: the planning process's rules, applied to its plan.

The rule's object is the plan. Coordinators and facilitators of the community build, publish
and track it; everyone who may see the process sees its published versions; while the draft
is open for endorsement, everyone who may see the process may read it and say what they think.
"""

from typing import Any

import rules

from groundwork.planning.rules import can_view, is_facilitating

from .models import Plan


def _process(plan: Plan | None) -> Any:
    return plan.process if plan is not None else None


@rules.predicate
def can_view_process(user: Any, plan: Plan | None) -> bool:
    return plan is not None and can_view(user, _process(plan))


@rules.predicate
def facilitates_plan(user: Any, plan: Plan | None) -> bool:
    return plan is not None and is_facilitating(user, _process(plan))


@rules.predicate
def is_open_for_endorsement(user: Any, plan: Plan | None) -> bool:
    return plan is not None and plan.endorsement_open


rules.add_perm("plans.view_plan", can_view_process)
rules.add_perm("plans.view_draft", facilitates_plan | (can_view_process & is_open_for_endorsement))
rules.add_perm("plans.endorse", can_view_process & is_open_for_endorsement)
rules.add_perm("plans.change_plan", facilitates_plan)
rules.add_perm("plans.post_progress", facilitates_plan)

# Money: facilitators cost activities and run budget votes; everyone who may see the process
# sees where the money goes and a vote's results, and may vote while a vote is open (the
# service checks that the vote is open).
rules.add_perm("plans.change_budget", facilitates_plan)
rules.add_perm("plans.view_money", can_view_process)
rules.add_perm("plans.vote_budget", can_view_process)
