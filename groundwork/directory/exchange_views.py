"""A steward's HSDS import page (check a package, then import it, all or nothing) and the
directory's download as an HSDS package. Thin: the form reads the upload, actions.exchange
checks, imports and packs, the audit event of an import is what its summary shows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from groundwork.communities.models import Community
from groundwork.core.models import AuditEvent
from groundwork.core.permissions import check_perm

from .actions import exchange
from .edit_forms import HsdsImportForm
from .edit_views import _context
from .hsds import TABLES
from .services import ImportFailed, ImportResult, hsds_import

ERRORS_SHOWN = 200
RECENT_SHOWN = 5


@dataclass(frozen=True)
class TableSummary:
    label: str
    created: int
    updated: int
    unchanged: int


def _summary(
    created: dict[str, int], updated: dict[str, int], unchanged: dict[str, int]
) -> list[TableSummary]:
    """One line per HSDS table the package touched, in HSDS's order."""
    return [
        TableSummary(
            str(table.model._meta.verbose_name_plural).capitalize(),
            created.get(table.key, 0),
            updated.get(table.key, 0),
            unchanged.get(table.key, 0),
        )
        for table in TABLES
        if created.get(table.key) or updated.get(table.key) or unchanged.get(table.key)
    ]


def _of_result(result: ImportResult) -> list[TableSummary]:
    return _summary(dict(result.created), dict(result.updated), dict(result.unchanged))


def _community(request: HttpRequest, slug: str, perm: str) -> Community:
    community = get_object_or_404(
        Community.objects.select_related("network", "directory_of"), slug=slug
    )
    check_perm(request, perm, community)
    return community


def import_package(request: HttpRequest, slug: str) -> HttpResponse:
    community = _community(request, slug, "directory.import")
    form = HsdsImportForm(request.POST or None, request.FILES or None)
    action = request.POST.get("action", "check")
    checked: list[TableSummary] | None = None
    problems: list[str] = []
    failed = ""
    if request.method == "POST" and action in HsdsImportForm.ACTIONS and form.is_valid():
        try:
            with exchange.uploaded_package(form.cleaned_data["package"]) as path:
                if action == "check":
                    checked = _of_result(
                        exchange.hsds_import_check(
                            actor=request.user, community=community, source=path
                        )
                    )
                else:
                    result = hsds_import(actor=request.user, community=community, source=path)
                    url = reverse("directory_edit:import", args=[community.slug])
                    return redirect(f"{url}?imported={result.event_id}")
        except ImportFailed as error:
            failed = error.message
            problems = error.errors
    imported = None
    if request.method == "GET" and request.GET.get("imported", "").isdigit():
        event = AuditEvent.objects.filter(
            community=community, action="directory.imported", pk=int(request.GET["imported"])
        ).first()
        if event is None:
            raise Http404
        details: dict[str, Any] = event.details
        imported = {
            "event": event,
            "tables": _summary(
                details.get("created", {}), details.get("updated", {}), details.get("unchanged", {})
            ),
        }
    recent = AuditEvent.objects.filter(community=community, action="directory.imported").order_by(
        "-created_at", "-pk"
    )[:RECENT_SHOWN]
    return render(
        request,
        "directory/edit/import.html",
        _context(
            request,
            community,
            form=form,
            recent=list(recent),
            checked=checked,
            failed=failed,
            problems=problems[:ERRORS_SHOWN],
            more_problems=max(len(problems) - ERRORS_SHOWN, 0),
            imported=imported,
        ),
    )


def export_package(request: HttpRequest, slug: str, form: str) -> HttpResponse:
    """The directory as an HSDS package: ``zip`` (the CSV data package) or ``json``."""
    community = _community(request, slug, "directory.export")
    if form not in exchange.FORMATS:
        raise Http404
    download = exchange.hsds_export(actor=request.user, community=community, form=form)
    response = HttpResponse(download.content, content_type=download.content_type)
    response["Content-Disposition"] = f'attachment; filename="{download.filename}"'
    return response


__all__ = ["export_package", "import_package"]
