"""The public reach report: aggregate counts from `selectors.reach_counts`, passed through the
small-count suppression helper, and compared with the population.

Every count on the reach page comes from here, and every one of them went through
`groundwork.analysis.suppression.suppress` in a single call, so that a count shared by
several tables (the number of participants is the total of the area, age, language and
lived-experience tables alike) is hidden or shown consistently everywhere. Shares,
representation ratios, the under-heard flags and the order of the groups are computed from
the published figures only (`groundwork.analysis.reach`), so they reveal no hidden count.
"""

from dataclasses import dataclass, field, replace
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from groundwork.analysis.reach import GroupCount, HiddenTogether, compare
from groundwork.analysis.suppression import (
    DEFAULT_THRESHOLD,
    Cell,
    Line,
    public_hidden_sum,
    public_upper_bound,
    suppress,
)

from .models import AgeBand, Channel, YesNoPreferNot
from .selectors import ReachCounts

NOT_STATED = ""
COMPARED = ("area", "age_band", "language")  # dimensions with population figures


@dataclass(frozen=True)
class GroupRow:
    key: str
    label: str
    participants: Cell
    participant_share: float | None = None
    population: int | None = None
    population_share: float | None = None
    representation: float | None = None
    under_heard: bool = False
    not_stated: bool = False
    vulnerability: Any = None  # the area's own social vulnerability, where there is one
    most_vulnerable: bool = False

    @property
    def participant_percent(self) -> int | None:
        return _percent(self.participant_share)

    @property
    def population_percent(self) -> int | None:
        return _percent(self.population_share)


@dataclass(frozen=True)
class HiddenGroups:
    labels: list[str]
    participant_share: float | None
    population_share: float | None
    representation: float | None
    under_heard: bool

    @property
    def participant_percent(self) -> int | None:
        return _percent(self.participant_share)

    @property
    def population_percent(self) -> int | None:
        return _percent(self.population_share)


@dataclass(frozen=True)
class DimensionReport:
    dimension: str
    title: str
    noun: str  # "area", "age", ... for the summary
    rows: list[GroupRow]  # most under-heard first; "not stated" last
    compared: bool  # whether population figures exist for this dimension
    shares_of_everyone: bool  # the number who did not say is hidden: shares are of everyone
    hidden_together: HiddenGroups | None = None

    @property
    def under_heard(self) -> list[GroupRow]:
        return [row for row in self.rows if row.under_heard]


@dataclass(frozen=True)
class ChannelRow:
    label: str
    answers: Cell
    share: float | None

    @property
    def percent(self) -> int | None:
        return _percent(self.share)


@dataclass(frozen=True)
class ReachReport:
    participants: Cell
    answers: Cell
    answers_without_participant: Cell
    channels: list[ChannelRow]
    dimensions: list[DimensionReport]
    sources: list[str]
    threshold: int = DEFAULT_THRESHOLD
    missing_population: list[str] = field(default_factory=list)

    @property
    def compared(self) -> bool:
        return any(d.compared for d in self.dimensions)

    @property
    def under_heard(self) -> list[tuple[DimensionReport, GroupRow]]:
        return [(d, row) for d in self.dimensions for row in d.under_heard]

    @property
    def hidden_under_heard(self) -> list[tuple[DimensionReport, HiddenGroups]]:
        return [
            (d, d.hidden_together)
            for d in self.dimensions
            if d.hidden_together is not None and d.hidden_together.under_heard
        ]


def _groups(counts: ReachCounts, dimension: str) -> list[tuple[str, str]]:
    """The groups of a dimension, as (key, label), in their natural order: every possible
    group is listed, so that nobody having taken part from a group shows as a zero."""
    if dimension == "area":
        groups = [(name, name) for name in counts.areas]
    elif dimension == "age_band":
        groups = [(str(value), str(label)) for value, label in AgeBand.choices]
    elif dimension == "language":
        groups = [(code, str(name)) for code, name in settings.LANGUAGES]
    else:
        groups = [(str(value), str(label)) for value, label in YesNoPreferNot.choices]
    known = {key for key, _label in groups}
    extra = sorted(k for k in counts.by_dimension.get(dimension, {}) if k and k not in known)
    return groups + [(key, key) for key in extra]


def public_report(counts: ReachCounts, *, threshold: int = DEFAULT_THRESHOLD) -> ReachReport:
    """What the reach page may show."""
    dimensions = {
        "area": _("By area"),
        "age_band": _("By age"),
        "language": _("By language spoken at home"),
        "lived_experience": _("By lived experience of the problems"),
    }
    nouns = {
        "area": _("area"),
        "age_band": _("age"),
        "language": _("language"),
        "lived_experience": _("lived experience"),
    }
    channels = list(Channel.choices)
    values: dict[tuple[str, str], int] = {
        ("total", "participants"): counts.participants,
        ("total", "answers"): sum(counts.answers_by_channel.values()),
        ("total", "without_participant"): counts.answers_without_participant,
    }
    for value, _label in channels:
        values[("channel", value)] = counts.answers_by_channel.get(value, 0)
    groups = {d: _groups(counts, d) for d in dimensions}
    for dimension, members in groups.items():
        by_group = counts.by_dimension.get(dimension, {})
        for key, _label in members:
            values[(dimension, key)] = by_group.get(key, 0)
        values[(dimension, NOT_STATED)] = by_group.get(NOT_STATED, 0)
    lines = [
        Line(("total", "answers"), tuple(("channel", value) for value, _label in channels)),
        *(
            Line(
                ("total", "participants"),
                (*((d, key) for key, _label in members), (d, NOT_STATED)),
            )
            for d, members in groups.items()
        ),
    ]
    cells = suppress(values, lines, threshold=threshold)
    participants = cells[("total", "participants")]
    answers = cells[("total", "answers")]

    channel_rows = [
        ChannelRow(
            label=str(label),
            answers=cells[("channel", value)],
            share=_share(cells[("channel", value)], answers),
        )
        for value, label in channels
    ]

    reports = []
    missing_population: list[str] = []
    for dimension, title in dimensions.items():
        members = groups[dimension]
        member_cells = [cells[(dimension, key)] for key, _label in members]
        not_stated = cells[(dimension, NOT_STATED)]
        line_cells = [*member_cells, not_stated]
        at_most = public_upper_bound(participants, line_cells)
        figures = counts.population.get(dimension, {}) if dimension in COMPARED else {}
        compared = bool(figures)
        if compared:
            missing_population += [label for key, label in members if key not in figures]
        # The participants compared are those who said which group they belong to. When that
        # number cannot be published (because the number who did not say is hidden), shares
        # are of everyone who took part: slightly smaller, and nothing hidden leaks through.
        shares_of_everyone = participants.value is not None and not_stated.hidden
        denominator = None
        if participants.value is not None:
            denominator = participants.value - (not_stated.value or 0)
        comparison = compare(
            [
                GroupCount(
                    key=key,
                    participants=cell.value,
                    population=figures.get(key) if compared else None,
                    participants_at_most=at_most if cell.hidden else None,
                )
                for (key, _label), cell in zip(members, member_cells, strict=True)
            ],
            participants=denominator,
            hidden_participants=(
                public_hidden_sum(participants, line_cells) if not not_stated.hidden else None
            ),
        )
        labels = dict(members)
        rows = [
            GroupRow(
                key=group.key,
                label=labels[group.key],
                participants=cells[(dimension, group.key)],
                participant_share=group.participant_share,
                population=group.population,
                population_share=group.population_share,
                representation=group.representation,
                under_heard=group.under_heard,
            )
            for group in comparison.groups
        ]
        rows.append(
            GroupRow(
                key=NOT_STATED, label=_("Not stated"), participants=not_stated, not_stated=True
            )
        )
        reports.append(
            DimensionReport(
                dimension=dimension,
                title=str(title),
                noun=str(nouns[dimension]),
                rows=rows,
                compared=compared,
                shares_of_everyone=shares_of_everyone,
                hidden_together=_hidden(comparison.hidden_together, labels),
            )
        )
    return ReachReport(
        participants=participants,
        answers=answers,
        answers_without_participant=cells[("total", "without_participant")],
        channels=channel_rows,
        dimensions=reports,
        sources=counts.sources,
        threshold=threshold,
        missing_population=missing_population,
    )


def _percent(share: float | None) -> int | None:
    return None if share is None else round(share * 100)


def _share(part: Cell, whole: Cell) -> float | None:
    if part.value is None or not whole.value:
        return None
    return part.value / whole.value


def _hidden(together: HiddenTogether | None, labels: dict[str, str]) -> HiddenGroups | None:
    if together is None or len(together.keys) < 2:
        return None
    return HiddenGroups(
        labels=[labels[key] for key in together.keys],
        participant_share=together.participant_share,
        population_share=together.population_share,
        representation=together.representation,
        under_heard=together.under_heard,
    )


def with_vulnerability(report: ReachReport, by_area: dict[str, Any]) -> ReachReport:
    """The report with each area's social vulnerability (``by_area``: the area's name to a
    value with ``.value``, a percentile rank) and the areas both under-heard and among the
    most vulnerable first (``groundwork.analysis.vulnerability``). Only the published flags
    and the order change: no count."""
    from groundwork.analysis.vulnerability import most_vulnerable, reach_first

    dimensions = []
    for d in report.dimensions:
        if d.dimension != "area":
            dimensions.append(d)
            continue
        rows = [
            replace(
                row,
                vulnerability=by_area.get(row.key),
                most_vulnerable=most_vulnerable(
                    by_area[row.key].value if row.key in by_area else None
                ),
            )
            for row in d.rows
        ]
        keyed = {row.key: row for row in rows}
        order = reach_first(
            [row.key for row in rows],
            {row.key for row in rows if row.under_heard},
            {row.key for row in rows if row.most_vulnerable},
        )
        dimensions.append(replace(d, rows=[keyed[key] for key in order]))
    return replace(report, dimensions=dimensions)
