"""The printable plan: one PDF per published version, language and state of its activities'
progress, kept by groundwork.core.pdfstore and rendered again only when one of them changes."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.core.cache import cache
from django.utils import timezone, translation

from groundwork.core import pdfstore
from groundwork.core.generations import community_key, current
from groundwork.core.pdf import render_pdf

from . import selectors
from .budget_selectors import plan_money
from .models import Plan, PlanVersion

PRINT_CSS = "plans/plan-print.css"


def version_pdf_key(plan: Plan, version: PlanVersion, language: str) -> tuple[str, Any]:
    """The stored file's key (the version page's own cache key: version, language, day and
    every activity's live progress, and the plan's money as its budget section prints it) and
    the live progress it was made from."""
    from .budget_selectors import plan_money_json

    live = selectors.public_tracking(plan, version)
    money = hashlib.sha256(
        json.dumps(plan_money_json(plan), sort_keys=True, default=str).encode()
    ).hexdigest()[:16]
    return f"plan:{selectors.version_body_key(version, live, language)}:{money}", live


def version_pdf_key_now(plan: Plan, version: PlanVersion, language: str) -> str:
    """``version_pdf_key``'s key, remembered in the cache until the next write to the plan's
    community (its generation, bumped by every write to its activities, progress and money) or
    the next day. Working the key out reads every activity's live progress and the plan's
    money: most of the time it takes to serve a PDF that is already stored."""
    generation = current([community_key(plan.process.community.slug)])[0]
    day = timezone.localdate().isoformat()
    memo = f"plans:pdf-key:{version.pk}:{language}:{day}:{generation}"
    key = cache.get(memo)
    if key is None:
        key, _live = version_pdf_key(plan, version, language)
        cache.set(memo, key, 24 * 60 * 60)
    return str(key)


def render_version_pdf(plan: Plan, version: PlanVersion, live: Any, language: str) -> bytes:
    with translation.override(language):
        context = {
            "community": plan.process.community,
            "process": plan.process,
            "plan": plan,
            "version": version,
            "public": selectors.public_plan(version, live),
            "language": language,
            "money": plan_money(plan),
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
