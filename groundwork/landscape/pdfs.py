"""The printed landscape report: one PDF per report and language, kept by
groundwork.core.pdfstore; the worker renders it when a report is generated."""

from __future__ import annotations

from django.utils import translation

from groundwork.communities.models import Network
from groundwork.core import pdfstore
from groundwork.core.pdf import render_pdf

from .models import LandscapeReport

PRINT_CSS = "landscape/landscape-print.css"


def report_pdf_key(report: LandscapeReport, network: Network, language: str) -> str:
    """The report's figures are stored with it; the network's name and state are read now."""
    return (
        f"landscape:{report.pk}:{report.generated_at.isoformat()}:{network.name}:"
        f"{network.state}:{language}"
    )


def render_report_pdf(report: LandscapeReport, network: Network, language: str) -> bytes:
    from .views import report_context

    with translation.override(language):
        context = report_context(report, network)
        context["language"] = language
        context["for_print"] = True  # the map's gaps hatched in one shape (landscape.charts)
        return render_pdf("landscape/pdf/report.html", context, stylesheets=[PRINT_CSS])


def store(report: LandscapeReport, languages: list[str]) -> int:
    network = report.network
    return sum(
        pdfstore.store(
            report_pdf_key(report, network, language),
            lambda language=language: render_report_pdf(report, network, language),
        )
        for language in languages
    )
