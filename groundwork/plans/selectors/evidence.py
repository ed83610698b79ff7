"""What the builder offers to pick from: the most shared answers to each question, the
barriers by kind, the themes, the consensus statements, the organizations, assets and services
of the community (the builder's evidence panels)."""

from typing import Any

from django.db.models import Count, F, Min, Window
from django.db.models.functions import RowNumber

from groundwork.communities.models import Organization
from groundwork.deliberation.models import Statement, StatementModeration
from groundwork.deliberation.selectors import latest_consensus
from groundwork.directory.asset_selectors import builder_assets, builder_services
from groundwork.planning.models import (
    BarrierKind,
    Contribution,
    Moderation,
    Process,
    QuestionKey,
)
from groundwork.themes.labels import show_in_language, with_names
from groundwork.themes.models import Theme

from ..models import (
    Plan,
)

EVIDENCE_PER_QUESTION = 40


def grouped_answers(
    process: Process, keys: tuple[str, ...], limit: int = EVIDENCE_PER_QUESTION
) -> dict[str, list[dict[str, Any]]]:
    """For each question of ``keys``, its most shared visible answers, same words counted
    together, most shared first. One query: the groups are counted and ranked within their
    question in the database, which returns only each question's first ``limit``. (Barriers,
    whose groups are also kept apart by kind, are `barrier_groups`.)"""
    found: dict[str, list[dict[str, Any]]] = {key: [] for key in keys}
    for row in (
        Contribution.objects.filter(
            process=process, question__key__in=keys, moderation=Moderation.VISIBLE
        )
        .values("question__key", "text", "language", "barrier_kind")
        .annotate(count=Count("id"), first=Min("id"))
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("question__key")],
                order_by=[F("count").desc(), F("first").asc()],
            )
        )
        .filter(rank__lte=limit)
        .order_by("-count", "first")
    ):
        found[row.pop("question__key")].append(row)  # at most ``limit`` each: ranked above
    return found


BARRIER_KIND_ORDER = (BarrierKind.INTERNAL, BarrierKind.EXTERNAL, BarrierKind.UNSPECIFIED)


def barrier_groups(
    process: Process, themes: list[Theme], limit: int = EVIDENCE_PER_QUESTION
) -> list[dict[str, Any]]:
    """The barriers to pick from, by kind: internal, then external, then those whose kind was
    not said (only when there are any), each with its most shared answers and its themes.
    One query: the groups of same-words answers are counted and ranked within their kind in
    the database, which returns only each kind's first ``limit``."""
    answers: dict[str, list[dict[str, Any]]] = {kind: [] for kind in BARRIER_KIND_ORDER}
    for row in (
        Contribution.objects.filter(
            process=process, question__key=QuestionKey.BARRIERS, moderation=Moderation.VISIBLE
        )
        .values("text", "language", "barrier_kind")
        .annotate(count=Count("id"), first=Min("id"))
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("barrier_kind")],
                order_by=[F("count").desc(), F("first").asc()],
            )
        )
        .filter(rank__lte=limit)
        .order_by("-count", "first")
    ):
        kept = answers.setdefault(row["barrier_kind"] or BarrierKind.UNSPECIFIED, [])
        if len(kept) < limit:
            kept.append(row)
    groups = []
    for kind in BARRIER_KIND_ORDER:
        kind_themes = [t for t in themes if (t.barrier_kind or BarrierKind.UNSPECIFIED) == kind]
        if answers[kind] or kind_themes or kind != BarrierKind.UNSPECIFIED:
            groups.append(
                {"kind": kind, "label": kind.label, "answers": answers[kind], "themes": kind_themes}
            )
    return groups


def consensus_statements(process: Process) -> list[dict[str, Any]]:
    percents = latest_consensus(process)
    if not percents:
        return []
    statements = Statement.objects.filter(
        pk__in=percents, moderation=StatementModeration.ACCEPTED, conversation__process=process
    ).only("id", "text", "language")
    return sorted(
        ({"statement": s, "percent": percents[s.pk]} for s in statements),
        key=lambda row: -row["percent"],
    )


# The builder's evidence panels (each loaded on its own, see views.builder_evidence) and the
# parts of `evidence_panel` each one needs.
EVIDENCE_PANELS: dict[str, tuple[str, ...]] = {
    "strengths": ("strengths", "assets"),
    "barriers": ("barrier_groups",),
    "allies": ("allies", "organizations", "services"),
    "problems": ("problems", "statements"),
    "actions": ("actions",),
}
EVIDENCE_PARTS = (
    "strengths",
    "barrier_groups",
    "allies",
    "problems",
    "actions",
    "statements",
    "organizations",
    "assets",
    "services",
)
ANSWER_PARTS = {
    "strengths": QuestionKey.STRENGTHS,
    "allies": QuestionKey.ALLIES,
    "problems": QuestionKey.PROBLEMS,
    "actions": QuestionKey.ACTIONS,
}


def evidence_themes(process: Process) -> dict[str, list[Theme]]:
    """The process's top-level themes by question key, largest first, named in the reader's
    language. One query."""
    themes: dict[str, list[Theme]] = {}
    found = list(
        with_names(Theme.objects.filter(process=process, parent=None))
        .select_related("question")
        .order_by("-size", "id")
    )
    show_in_language(found)
    for theme in found:
        themes.setdefault(theme.question.key, []).append(theme)
    return themes


def evidence_panel(plan: Plan, parts: tuple[str, ...] = EVIDENCE_PARTS) -> dict[str, Any]:
    """What the builder offers to pick from: the most shared answers to each question, the
    themes found in them, the consensus statements, the community's organizations, the assets
    of its map and the services of its directory. ``parts`` names the keys wanted besides the
    themes (an evidence panel reads only its own); one query for the themes, one for the
    answers of all the questions wanted, and one per other part."""
    process = plan.process
    themes = evidence_themes(process)
    community = process.community  # loaded with the process
    found: dict[str, Any] = {"themes": themes}
    keys = tuple(ANSWER_PARTS[part] for part in parts if part in ANSWER_PARTS)
    if keys:
        answers = grouped_answers(process, keys)
        found.update({part: answers[key] for part, key in ANSWER_PARTS.items() if key in keys})
    readers = {
        "barrier_groups": lambda: barrier_groups(process, themes.get(QuestionKey.BARRIERS, [])),
        "statements": lambda: consensus_statements(process),
        "organizations": lambda: list(
            Organization.objects.filter(community=community).order_by("name")
        ),
        "assets": lambda: builder_assets(community=community),
        "services": lambda: builder_services(community=community),
    }
    found.update({part: read() for part, read in readers.items() if part in parts})
    return found
