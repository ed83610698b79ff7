"""Which themes of the problems and barriers the draft's activities address, and which none
addresses yet (the coverage page)."""

from dataclasses import dataclass, field

from django.db.models import Q

from groundwork.analysis.coverage import AnswerRow, Coverage, Topic
from groundwork.analysis.coverage import coverage as analysis_coverage
from groundwork.planning.models import (
    BarrierKind,
    Contribution,
    Moderation,
    QuestionKey,
)
from groundwork.themes.models import Theme
from groundwork.themes.selectors import set_aside_answers

from ..models import (
    Activity,
    ActivityLink,
    Plan,
)
from .drafting import ActivityRow

COVERAGE_QUESTIONS = (QuestionKey.PROBLEMS, QuestionKey.BARRIERS)
UNTHEMED_SHOWN = 10
# The kinds of barrier, in the order the coverage page lists them ("" : no single kind, or
# "unspecified": answers given before the kinds were asked).
COVERAGE_KIND_ORDER = (BarrierKind.INTERNAL, BarrierKind.EXTERNAL, "")


@dataclass
class CoverageRow:
    """A theme (or a group of same-words answers in no theme) with the activities that
    address it, as the coverage page lists it."""

    topic: Topic
    activities: list[Activity]


@dataclass
class QuestionCoverage:
    key: str
    result: Coverage
    themes: list[CoverageRow]
    unthemed: list[CoverageRow]
    # Barriers: the themes under the kind most of their people gave (empty when none did).
    by_kind: list[tuple[str, list[CoverageRow]]] = field(default_factory=list)

    @property
    def gaps(self) -> list[CoverageRow]:
        return [row for row in self.themes if not row.topic.addressed]


def coverage(plan: Plan, rows: list[ActivityRow]) -> dict[str, QuestionCoverage]:
    """Which themes of the problems and barriers people named the draft's activities address,
    and which none addresses yet, weighted by how many people raised each (computed by
    `analysis.coverage`, where the rules are written down). ``rows`` are the draft's activities
    (`plan_activities`). Answers the theme engine set aside (self-descriptions, junk) are
    neither themes nor "not yet themed". Four queries whatever the number of answers, themes
    and links.

    The page is for facilitators only (``plans.change_plan``), so counts are not suppressed."""
    process = plan.process
    themes: dict[str, dict[int, str]] = {key: {} for key in COVERAGE_QUESTIONS}
    parent_of: dict[int, int] = {}
    for theme in Theme.objects.filter(process=process, question__key__in=COVERAGE_QUESTIONS).values(
        "id", "parent_id", "label", "question__key"
    ):
        if theme["parent_id"] is None:
            themes[theme["question__key"]][theme["id"]] = theme["label"]
        else:
            parent_of[theme["id"]] = theme["parent_id"]
    aside = set_aside_answers(process=process, question_keys=list(COVERAGE_QUESTIONS))
    answers: dict[str, list[AnswerRow]] = {key: [] for key in COVERAGE_QUESTIONS}
    # An answer about several things is in several themes (one claim in each): the query
    # gives a row per answer and theme, gathered here into one row per answer.
    gathered: dict[int, tuple[str, int | None, str, str, str, list[int]]] = {}
    for row in (
        Contribution.objects.filter(
            process=process, question__key__in=COVERAGE_QUESTIONS, moderation=Moderation.VISIBLE
        )
        .order_by("id", "-theme_memberships__strength", "theme_memberships__id")
        .values_list(
            "id",
            "question__key",
            "theme_memberships__theme_id",
            "participant_id",
            "text",
            "language",
            "barrier_kind",
        )
    ):
        pk, key, theme_id, person, text, language, kind = row
        if pk in aside:
            continue
        if pk not in gathered:
            gathered[pk] = (key, person, text, language, kind, [])
        if theme_id is not None:
            gathered[pk][5].append(theme_id)
    for pk, (key, person, text, language, kind, found) in gathered.items():
        kind = "" if kind == BarrierKind.UNSPECIFIED else kind
        answers[key].append(
            AnswerRow(pk, found[0] if found else None, person, text, language, kind, tuple(found))
        )
    theme_links: dict[int, set[int]] = {}
    answer_links: dict[int, set[int]] = {}
    for activity_id, theme_id, contribution_id in (
        ActivityLink.objects.filter(activity__plan=plan)
        .filter(Q(theme__isnull=False) | Q(contribution__isnull=False))
        .values_list("activity_id", "theme_id", "contribution_id")
    ):
        if theme_id is not None:
            theme_id = parent_of.get(theme_id, theme_id)  # a subtheme stands for its theme
            theme_links.setdefault(theme_id, set()).add(activity_id)
        else:
            answer_links.setdefault(contribution_id, set()).add(activity_id)
    activities = {row.activity.pk: row.activity for row in rows}

    def listed(topics: list[Topic]) -> list[CoverageRow]:
        return [
            CoverageRow(t, [activities[i] for i in t.activities if i in activities]) for t in topics
        ]

    result = {}
    for key in COVERAGE_QUESTIONS:
        computed = analysis_coverage(
            answers[key],
            themes[key],
            theme_links=theme_links,
            answer_links=answer_links,
            unthemed_limit=UNTHEMED_SHOWN,
        )
        section = QuestionCoverage(
            key=key,
            result=computed,
            themes=listed(computed.themes),
            unthemed=listed(computed.unthemed),
        )
        if key == QuestionKey.BARRIERS and any(row.topic.groups for row in section.themes):
            section.by_kind = [
                (kind, rows_)
                for kind in COVERAGE_KIND_ORDER
                if (rows_ := [row for row in section.themes if row.topic.group == kind])
            ]
        result[key] = section
    return result
