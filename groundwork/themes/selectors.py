"""Reads of themes: ranked with counts for a filtered subset, members, quotes, the latest run.

Counts are computed in the database for the subset of answers the filters pick (one query for
all themes), so the number of queries does not grow with the number of themes.
"""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet

from groundwork.analysis.suppression import Cell, suppress_line
from groundwork.planning.models import Contribution, Moderation, Process, Question

from .models import Theme, ThemeMembership, ThemeRun

MAX_QUOTES = 3


def contribution_q(
    *, process: Process, viewer: Any, filters: dict[str, Any], prefix: str = ""
) -> Q:
    """The answers the viewer may see and the filters pick, as a condition on ``prefix``."""
    condition = Q()
    if not viewer.has_perm("themes.curate", process):
        condition &= Q(**{f"{prefix}moderation": Moderation.VISIBLE})
    elif filters.get("area"):
        # Where people live is only ever used next to their words by facilitators.
        condition &= Q(**{f"{prefix}participant__area": filters["area"]})
    for name in ("channel", "language", "gathering"):
        if filters.get(name):
            condition &= Q(**{f"{prefix}{name}": filters[name]})
    return condition


@dataclass
class RankedTheme:
    theme: Theme
    count: int
    cell: Cell | None  # the published count (suppressed) for the public; None for facilitators
    quotes: list[Contribution] = field(default_factory=list)
    subthemes: list["RankedTheme"] = field(default_factory=list)
    hidden: bool = False  # a subtheme of a theme whose own count is hidden

    @property
    def shown(self) -> int | None:
        if self.hidden:
            return None
        return self.count if self.cell is None else self.cell.value


@dataclass
class ThemeOverview:
    themes: list[RankedTheme]
    total: int
    total_cell: Cell | None
    maximum: int


def _ranked_subthemes(
    subs: list[Theme], parent: RankedTheme, quotes: dict[int, Contribution], curator: bool
) -> list[RankedTheme]:
    """A theme's subthemes with one quote each. For the public their counts are suppressed as
    parts of the theme's published count (the answers in no subtheme are the hidden
    remainder), and hidden altogether when the theme's own count is."""
    counts = [sub.n for sub in subs]  # type: ignore[attr-defined]
    cells: list[Cell | None]
    if curator:
        cells = [None] * len(subs)
    else:
        remainder = max(0, parent.count - sum(counts))
        cells = list(suppress_line([*counts, remainder]).cells[: len(subs)])
    rows = []
    for sub, cell in zip(subs, cells, strict=True):
        chosen = [quotes[int(q["id"])] for q in sub.quotes if int(q["id"]) in quotes][:1]
        rows.append(
            RankedTheme(
                theme=sub,
                count=sub.n,  # type: ignore[attr-defined]
                cell=cell,
                quotes=chosen,
                hidden=not curator and parent.shown is None,
            )
        )
    return [r for r in rows if r.count or curator]


def theme_overview(
    *,
    question: Question,
    viewer: Any,
    filters: dict[str, Any] | None = None,
    with_subthemes: bool = True,
) -> ThemeOverview:
    """Top-level themes ranked by how many of the picked answers they hold, with up to three
    quotes each (the pinned one first) and their subthemes (one quote each; none when not
    ``with_subthemes``). Four queries whatever the number of themes (three without)."""
    filters = filters or {}
    process = question.process
    curator = viewer.has_perm("themes.curate", process)
    condition = contribution_q(
        process=process, viewer=viewer, filters=filters, prefix="memberships__contribution__"
    )
    themes = list(
        Theme.objects.filter(question=question, parent=None)
        .annotate(n=Count("memberships", filter=condition))
        .order_by("-n", "-size", "id")
    )
    sub_condition = contribution_q(
        process=process, viewer=viewer, filters=filters, prefix="sub_memberships__contribution__"
    )
    subthemes: dict[int, list[Theme]] = {}
    for sub in (
        Theme.objects.filter(question=question, parent__isnull=False)
        .annotate(n=Count("sub_memberships", filter=sub_condition))
        .order_by("-n", "-size", "id")
        if with_subthemes
        else []
    ):
        subthemes.setdefault(sub.parent_id, []).append(sub)  # type: ignore[arg-type]
    wanted: set[int] = set()
    for theme in themes:
        if theme.pinned_quote_id:
            wanted.add(theme.pinned_quote_id)
        wanted.update(int(q["id"]) for q in theme.quotes[: MAX_QUOTES + 1])
        for sub in subthemes.get(theme.pk, []):
            wanted.update(int(q["id"]) for q in sub.quotes[:2])
    quotes = {
        c.pk: c
        for c in Contribution.objects.filter(
            contribution_q(process=process, viewer=viewer, filters={}), pk__in=wanted
        ).only("id", "text", "language")
    }
    if curator:
        cells: list[Cell | None] = [None] * len(themes)
        total_cell = None
    else:
        line = suppress_line([t.n for t in themes])
        cells = list(line.cells)
        total_cell = line.total
    ranked = []
    for theme, cell in zip(themes, cells, strict=True):
        ids = [theme.pinned_quote_id] if theme.pinned_quote_id else []
        ids += [int(q["id"]) for q in theme.quotes if int(q["id"]) != theme.pinned_quote_id]
        chosen = [quotes[i] for i in ids if i in quotes][:MAX_QUOTES]
        row = RankedTheme(theme=theme, count=theme.n, cell=cell, quotes=chosen)
        row.subthemes = _ranked_subthemes(subthemes.get(theme.pk, []), row, quotes, curator)
        ranked.append(row)
    total = sum(t.n for t in themes)
    maximum = max([r.shown or 0 for r in ranked], default=0)
    return ThemeOverview(themes=ranked, total=total, total_cell=total_cell, maximum=maximum)


def theme_members(
    *, theme: Theme, viewer: Any, filters: dict[str, Any] | None = None
) -> QuerySet[ThemeMembership]:
    """A theme's answers the viewer may see (visible ones only for the public)."""
    condition = contribution_q(
        process=theme.process, viewer=viewer, filters=filters or {}, prefix="contribution__"
    )
    return (
        ThemeMembership.objects.filter(condition, theme=theme)
        .select_related("contribution", "subtheme")
        .order_by("-strength", "id")
    )


def latest_runs(*, question: Question) -> tuple[ThemeRun | None, ThemeRun | None]:
    """The newest run (maybe still pending or failed) and the newest finished one."""
    latest = ThemeRun.objects.filter(question=question).defer("model").first()
    if latest is None or latest.status == ThemeRun.Status.DONE:
        return latest, latest
    done = (
        ThemeRun.objects.filter(question=question, status=ThemeRun.Status.DONE)
        .defer("model")
        .first()
    )
    return latest, done


@dataclass
class SetAside:
    """Answers of a question kept out of its themes, for facilitators: those that describe the
    person who answered ("I live in…"), and how many were junk (empty, greetings, tests)."""

    about: list[Contribution]
    junk: int


def set_aside(*, question: Question, run: ThemeRun | None) -> SetAside:
    """What the newest finished run set aside, among the answers still visible. Two queries."""
    from .compute import set_aside as stored

    ids = stored(run)
    visible = Contribution.objects.filter(
        process_id=question.process_id, question=question, moderation=Moderation.VISIBLE
    )
    about = list(visible.filter(pk__in=ids["about"]).only("id", "text", "language").order_by("id"))
    junk = visible.filter(pk__in=ids["junk"]).count() if ids["junk"] else 0
    return SetAside(about=about, junk=junk)


def theme_export_rows(*, question: Question, viewer: Any) -> list[dict[str, Any]]:
    """One row per theme, its subthemes after it: key, label, kind of barrier (for the
    barriers question), parent, size (as the viewer may see it), quotes."""
    rows = []
    for ranked in theme_overview(question=question, viewer=viewer).themes:
        for row, parent in [(ranked, ""), *((sub, ranked.theme.key) for sub in ranked.subthemes)]:
            quotes = [q.text for q in row.quotes] + ["", "", ""]
            rows.append(
                {
                    "key": row.theme.key,
                    "label": row.theme.label,
                    "barrier_kind": row.theme.barrier_kind,
                    "parent": parent,
                    "answers": "" if row.shown is None else row.shown,
                    "quote_1": quotes[0],
                    "quote_2": quotes[1],
                    "quote_3": quotes[2],
                }
            )
    return rows
