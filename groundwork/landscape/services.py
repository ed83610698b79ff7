"""Writes of the landscape app: generating the landscape report."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from groundwork.communities.models import Network
from groundwork.core.errors import ApplicationError
from groundwork.core.services import audit_record
from groundwork.measures.landscape import survey_figures

from . import selectors
from .figures import compute_figures, region_figures
from .models import LandscapeReport
from .tasks import queue_report_pdfs


@transaction.atomic
def landscape_report_generate(*, actor: Any, network: Network) -> LandscapeReport:
    """Compute the network's figures now and keep them as a new, dated report."""
    if not getattr(actor, "is_authenticated", False) or not actor.has_perm(
        "landscape.generate_report", network
    ):
        raise ApplicationError(_("Only the network's staff can regenerate the landscape report."))
    if not network.state:
        raise ApplicationError(
            _("Set the network's state before generating the landscape report."), field="state"
        )
    entries = selectors.public_coalitions(network=network)
    frame = {
        "state": network.state,
        "strategies": list(network.strategies.order_by("position", "id")),
        "goals": list(network.goals.order_by("position", "id")),
    }
    figures = compute_figures(entries, **frame)
    figures["regions"] = region_figures(
        entries, list(network.regions.order_by("name", "pk")), **frame
    )
    figures["surveys"] = survey_figures(network=network)
    report = LandscapeReport(
        network=network, generated_at=timezone.now(), generated_by=actor, figures=figures
    )
    report.full_clean()
    report.save()
    audit_record(
        action="landscape.report_generated",
        actor=actor,
        target=report,
        details={"network": network.slug, "coalitions": figures["coalitions"]},
    )
    queue_report_pdfs(report)
    return report
