"""Publishing the draft as a numbered version."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from groundwork.core.errors import ApplicationError
from groundwork.core.ordering import next_position
from groundwork.core.services import audit_record

from ..models import (
    Plan,
    PlanVersion,
)
from ..tasks import queue_plan_pdfs
from .common import _require


@transaction.atomic
def plan_publish(*, actor: Any, plan: Plan, note: str = "") -> PlanVersion:
    """Freeze the draft as the next numbered version; the draft stays editable."""
    from ..snapshot import build_snapshot

    _require(actor, "plans.change_plan", plan)
    plan = (
        Plan.objects.select_for_update()
        .select_related("community", "process__community")
        .get(pk=plan.pk)
    )
    if not plan.activities.exists():
        raise ApplicationError(_("A plan needs at least one activity before it is published."))
    number = next_position(plan.versions, field="number")
    version = PlanVersion(
        community=plan.community,
        plan=plan,
        number=number,
        note=note.strip()[:500],
        snapshot=build_snapshot(plan),
        published_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    version.full_clean()
    version.save()
    if plan.endorsement_open:
        plan.endorsement_open = False
        plan.save(update_fields=["endorsement_open", "updated_at"])
    audit_record(
        community=plan.community,
        actor=actor,
        action="plan.published",
        target=version,
        details={"number": number},
    )
    queue_plan_pdfs(plan)
    return version
