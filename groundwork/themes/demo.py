"""Demo themes: every question of the demo processes gets its themes computed once, right away
(as the background worker would), so facilitators open the demo and see them."""

from groundwork.communities.models import Role
from groundwork.planning.models import Process

from . import services
from .models import ThemeRun
from .tasks import themes_compute


def load_themes_demo() -> int:
    """Compute themes for the demo questions that have none yet; returns how many runs ran."""
    runs = 0
    for process in Process.objects.filter(slug="resilience-plan").select_related("community"):
        coordinator = process.community.memberships.filter(role=Role.COORDINATOR).first()
        if coordinator is None:
            continue
        for question in process.questions.order_by("order", "id"):
            if ThemeRun.objects.filter(question=question).exists():
                continue
            run = services.themes_request(actor=coordinator.user, question=question)
            # Run it now; the queued copy is skipped by the worker (a done run is left alone).
            themes_compute.call(run_id=run.pk)
            runs += 1
    return runs
