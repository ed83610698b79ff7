"""Reads of themes: ranked with counts for a filtered subset, members, quotes, the latest run.

Counts are computed in the database for the subset of answers the filters pick (one query for
all themes), so the number of queries does not grow with the number of themes.
"""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet

from groundwork.analysis.suppression import DEFAULT_THRESHOLD, Cell, suppress_line
from groundwork.deliberation.models import AnalysisRun, Statement, StatementModeration, Vote
from groundwork.planning.models import Contribution, Moderation, Process, Question

from .labels import show_in_language, with_names
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
    # A subtheme's people (participants, plus one per answer with none), for facilitators:
    # a subtheme is a claim counted by how many people made it.
    people: int | None = None

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
                people=sub.people if curator else None,  # type: ignore[attr-defined]
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
        with_names(Theme.objects.filter(question=question, parent=None))
        .annotate(n=Count("memberships", filter=condition))
        .order_by("-n", "-size", "id")
    )
    show_in_language(themes)
    sub_condition = contribution_q(
        process=process, viewer=viewer, filters=filters, prefix="sub_memberships__contribution__"
    )
    subthemes: dict[int, list[Theme]] = {}
    for sub in (
        Theme.objects.filter(question=question, parent__isnull=False)
        .annotate(
            n=Count("sub_memberships", filter=sub_condition),
            people=Count(
                "sub_memberships__contribution__participant", filter=sub_condition, distinct=True
            )
            + Count(
                "sub_memberships",
                filter=sub_condition & Q(sub_memberships__contribution__participant__isnull=True),
            ),
        )
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
        )
        .annotate(
            # Whether the answer became a statement people vote on (its votes are read below).
            n_statements=Count(
                "statements",
                filter=Q(
                    statements__moderation=StatementModeration.ACCEPTED,
                    statements__community_id=process.community_id,
                ),
            )
        )
        .only("id", "text", "language")
    }
    voted = [c for c in quotes.values() if c.n_statements]  # type: ignore[attr-defined]
    if voted:
        attach_quote_votes(voted, process=process, curator=curator)
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


@dataclass
class GroupSplit:
    """How one opinion group voted on a quote's statement: shares of its voters (None when
    hidden to protect a small group)."""

    label: str
    index: int
    agree: int | None
    disagree: int | None


@dataclass
class QuoteVotes:
    """Votes on the statement an answer became: counts of people (None when hidden) and the
    opinion groups' split."""

    agree: int | None
    disagree: int | None
    passed: int | None
    groups: list[GroupSplit] = field(default_factory=list)


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def attach_quote_votes(quotes: list[Contribution], *, process: Process, curator: bool) -> None:
    """Set ``votes`` (a :class:`QuoteVotes`) on each quoted answer that became an accepted
    statement of the process's conversation: the latest vote of each participant counts, and
    the opinion groups are those of the newest finished analysis. For the public, counts of
    1-10 people are hidden and a group's split is shown only when more than 10 of its members
    voted. Three queries whatever the number of quotes."""
    by_pk = {q.pk: q for q in quotes}
    statements: dict[int, int] = {}  # statement id -> contribution id (the first statement)
    for pk, contribution_id in (
        Statement.objects.filter(
            community_id=process.community_id,
            conversation__process=process,
            contribution__process=process,
            contribution_id__in=list(by_pk),
            moderation=StatementModeration.ACCEPTED,
        )
        .order_by("id")
        .values_list("id", "contribution_id")
    ):
        if contribution_id not in statements.values():
            statements[pk] = contribution_id
    if not statements:
        return
    latest: dict[tuple[int, int], int] = {}
    for statement_id, participant_id, value in (
        Vote.objects.filter(statement_id__in=list(statements), conversation__process=process)
        .order_by("id")
        .values_list("statement_id", "participant_id", "value")
    ):
        latest[(statement_id, participant_id)] = value
    labels = (
        AnalysisRun.objects.filter(conversation__process=process, status=AnalysisRun.Status.DONE)
        .order_by("-finished_at", "-id")
        .values_list("results__labels", flat=True)
        .first()
    )
    groups_of = {int(k): int(v) for k, v in labels.items()} if isinstance(labels, dict) else {}
    n_groups = max(groups_of.values(), default=-1) + 1
    tallies = {sid: {1: 0, -1: 0, 0: 0} for sid in statements}
    group_tallies = {sid: [{1: 0, -1: 0, 0: 0} for _ in range(n_groups)] for sid in statements}
    for (sid, participant_id), value in latest.items():
        tallies[sid][value] += 1
        group = groups_of.get(participant_id)
        if group is not None:
            group_tallies[sid][group][value] += 1
    for statement_id, contribution_id in statements.items():
        counts = tallies[statement_id]
        per_group = group_tallies[statement_id]
        raw = [counts[1], counts[-1], counts[0]]
        if curator:
            shown: list[int | None] = list(raw)
        else:
            # No total is published beside them, so each count stands alone: 1-10 is hidden.
            shown = [v if v == 0 or v > DEFAULT_THRESHOLD else None for v in raw]
        splits = []
        for g, tally in enumerate(per_group):
            voters = sum(tally.values())
            visible = voters > 0 if curator else voters > DEFAULT_THRESHOLD
            splits.append(
                GroupSplit(
                    label=chr(ord("A") + g),
                    index=g,
                    agree=_percent(tally[1], voters) if visible else None,
                    disagree=_percent(tally[-1], voters) if visible else None,
                )
            )
        by_pk[contribution_id].votes = QuoteVotes(  # type: ignore[attr-defined]
            agree=shown[0], disagree=shown[1], passed=shown[2], groups=splits
        )


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


def set_aside_answers(*, process: Process, question_keys: list[str]) -> set[int]:
    """The answers the latest finished theme run of each of these questions left out of themes
    (self-descriptions and junk; see `compute.set_aside`): not "unthemed", but not themes
    either. One query."""
    from .compute import set_aside as stored

    seen: set[int] = set()
    aside: set[int] = set()
    for run in (
        ThemeRun.objects.filter(
            process=process, question__key__in=question_keys, status=ThemeRun.Status.DONE
        )
        .only("id", "question_id", "parameters")
        .order_by("question_id", "-created_at", "-id")
    ):
        if run.question_id in seen:
            continue
        seen.add(run.question_id)
        for pks in stored(run).values():
            aside.update(pks)
    return aside
