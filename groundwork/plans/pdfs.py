"""The printable plan: one PDF per published version, language and state of its activities'
progress, kept by groundwork.core.pdfstore and rendered again only when one of them changes."""

from __future__ import annotations

from typing import Any

from django.utils import translation

from groundwork.core import pdfstore
from groundwork.core.pdf import render_pdf

from . import selectors
from .models import Plan, PlanVersion

PRINT_CSS = "plans/plan-print.css"


def version_pdf_key(plan: Plan, version: PlanVersion, language: str) -> tuple[str, Any]:
    """The stored file's key (the version page's own cache key: version, language, day and
    every activity's live progress) and the live progress it was made from."""
    live = selectors.public_tracking(plan, version)
    return f"plan:{selectors.version_body_key(version, live, language)}", live


def render_version_pdf(plan: Plan, version: PlanVersion, live: Any, language: str) -> bytes:
    with translation.override(language):
        context = {
            "community": plan.process.community,
            "process": plan.process,
            "plan": plan,
            "version": version,
            "public": selectors.public_plan(version, live),
            "language": language,
        }
        return render_pdf("plans/pdf/plan.html", context, stylesheets=[PRINT_CSS])


def store_latest(plan: Plan, languages: list[str]) -> int:
    """Render and keep the latest version's PDF in each language; how many were rendered."""
    version = selectors.latest_version(plan, with_snapshot=True)
    if version is None:
        return 0
    made = 0
    for language in languages:
        key, live = version_pdf_key(plan, version, language)
        made += pdfstore.store(
            key,
            lambda live=live, language=language: render_version_pdf(plan, version, live, language),
        )
    return made
