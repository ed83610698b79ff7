"""Background work of the landscape app: the printed report."""

from django.conf import settings
from django.db import transaction
from django_tasks import task

from .models import LandscapeReport


@task()
def landscape_pdfs_render(report_id: int) -> int:
    """Render and store a new report's PDF in every language."""
    from .pdfs import store

    report = LandscapeReport.objects.select_related("network").filter(pk=report_id).first()
    if report is None:
        return 0
    return store(report, [code for code, _name in settings.LANGUAGES])


def queue_report_pdfs(report: LandscapeReport) -> None:
    report_id = report.pk
    transaction.on_commit(lambda: landscape_pdfs_render.enqueue(report_id=report_id))
