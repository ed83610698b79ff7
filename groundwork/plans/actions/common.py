"""What every write to a plan checks first."""

from typing import Any

from django.utils.translation import gettext as _

from groundwork.core.errors import ApplicationError
from groundwork.planning.models import QuestionKey

from ..models import (
    LinkKind,
    Plan,
)

# Which question's answers each kind of link may point to.
LINK_QUESTIONS: dict[str, set[str]] = {
    LinkKind.STRENGTH: {QuestionKey.STRENGTHS},
    LinkKind.BARRIER: {QuestionKey.BARRIERS},
    LinkKind.ALLY: {QuestionKey.ALLIES},
    LinkKind.EVIDENCE: set(QuestionKey.values),
}


def _require(actor: Any, perm: str, plan: Plan) -> None:
    if not actor.has_perm(perm, plan):
        raise ApplicationError(_("Only the community's coordinators and facilitators can do that."))
