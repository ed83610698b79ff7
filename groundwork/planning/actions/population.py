"""Population figures that the reach page compares the answers with."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from groundwork.core.errors import ApplicationError
from groundwork.core.services import audit_record
from groundwork.core.text import clean_text

from ..models import (
    AgeBand,
    PopulationDimension,
    PopulationFigure,
    Process,
)

# Population figures (reach and equity) ---------------------------------------------------------

MAX_POPULATION = 100_000_000


@dataclass(frozen=True)
class PopulationEntry:
    """One population figure to save. `value` is an area's name, an age band (its value, or
    its label in English or Spanish) or a language (its code or name); `line` is its line in
    an imported file, for error messages."""

    dimension: str
    value: str
    population: int
    source: str = ""
    line: int | None = None


class PopulationFiguresInvalid(ApplicationError):
    """Some figures are not valid and nothing was saved; `problems` lists every one."""

    def __init__(self, problems: list[str]) -> None:
        message = (
            problems[0]
            if len(problems) == 1
            else ngettext(
                "Nothing was saved: %(count)d figure has a problem.",
                "Nothing was saved: %(count)d figures have problems.",
                len(problems),
            )
            % {"count": len(problems)}
        )
        super().__init__(message)
        self.problems = problems


def population_groups(*, process: Process) -> dict[str, list[tuple[str, str]]]:
    """The groups population figures can be given for: dimension -> [(value, label)]."""
    return {
        PopulationDimension.AREA: [(a.name, a.name) for a in process.areas.all()],
        PopulationDimension.AGE_BAND: [(str(v), str(label)) for v, label in AgeBand.choices],
        PopulationDimension.LANGUAGE: [(code, str(name)) for code, name in settings.LANGUAGES],
    }


def _population_aliases(groups: dict[str, list[tuple[str, str]]]) -> dict[str, dict[str, str]]:
    """What people may type for each group: its value, and its label in either language."""
    aliases: dict[str, dict[str, str]] = {d: {} for d in groups}
    for language in ("en", "es"):
        with translation.override(language):
            for dimension, values in groups.items():
                for value, _label in values:
                    aliases[dimension][value.casefold()] = value
                if dimension == PopulationDimension.AGE_BAND:
                    for value, label in AgeBand.choices:
                        aliases[dimension][str(label).casefold()] = str(value)
                elif dimension == PopulationDimension.LANGUAGE:
                    for code, name in settings.LANGUAGES:
                        aliases[dimension][str(name).casefold()] = code
    return aliases


def population_figures_check(
    *, process: Process, entries: Sequence[PopulationEntry]
) -> tuple[list[tuple[int, str]], list[PopulationEntry]]:
    """Validate population figures without saving them. Returns the problems, as (line, text)
    with the text translated and naming the line of an imported file (line 0 when there is
    none), and the entries with each group written the way the reach page matches it (the
    area's exact name, the age band's value, the language code)."""
    groups = population_groups(process=process)
    aliases = _population_aliases(groups)
    problems: list[tuple[int, str]] = []
    cleaned: list[PopulationEntry] = []
    seen: dict[tuple[str, str], int | None] = {}

    def problem(entry: PopulationEntry, text: str) -> None:
        if entry.line is not None:
            text = _("Line %(line)d: %(problem)s") % {"line": entry.line, "problem": text}
        problems.append((entry.line or 0, text))

    for entry in entries:
        dimension = entry.dimension.strip().casefold()
        value = " ".join(entry.value.split())
        if dimension not in PopulationDimension.values:
            problem(
                entry,
                _("the first column must be area, age_band or language, not “%(value)s”.")
                % {"value": entry.dimension[:40]},
            )
            continue
        if not value:
            problem(entry, _("the group (second column) is missing."))
            continue
        canonical = aliases[dimension].get(value.casefold())
        if canonical is None:
            choices = ", ".join(v for v, _label in groups[dimension])
            if dimension == PopulationDimension.AREA:
                text = _("there is no area called “%(value)s” in this process.")
                if choices:
                    text += " " + _("The areas are: %(choices)s.")
                else:
                    text += " " + _("This process has no areas.")
            elif dimension == PopulationDimension.AGE_BAND:
                text = _("“%(value)s” is not an age band. Use one of: %(choices)s.")
            else:
                text = _("“%(value)s” is not a language of Groundwork. Use one of: %(choices)s.")
            problem(entry, text % {"value": value[:120], "choices": choices})
            continue
        population = entry.population
        if (
            isinstance(population, bool)
            or not isinstance(population, int)
            or not 0 <= population <= MAX_POPULATION
        ):
            problem(
                entry,
                _("the number of people must be a whole number from 0 to %(max)s.")
                % {"max": number_format(MAX_POPULATION, force_grouping=True)},
            )
            continue
        source = " ".join(clean_text(entry.source).split())
        if len(source) > 200:
            problem(entry, _("the source must be at most 200 characters long."))
            continue
        key = (dimension, canonical)
        if key in seen:
            first = seen[key]
            if first is not None:
                problem(
                    entry,
                    _("“%(value)s” already has a figure on line %(first)d.")
                    % {"value": canonical, "first": first},
                )
            else:
                problem(entry, _("“%(value)s” is given twice.") % {"value": canonical})
            continue
        seen[key] = entry.line
        cleaned.append(PopulationEntry(dimension, canonical, population, source, entry.line))
    return problems, cleaned


@transaction.atomic
def population_figures_save(
    *,
    actor: Any,
    process: Process,
    entries: Sequence[PopulationEntry],
    replace: bool = False,
    origin: str = "form",
) -> int:
    """Save population figures for the reach page, all or nothing.

    With `replace`, the figures given become the process's only ones (a group left out loses
    its figure: that is how the form clears one); otherwise they are added to or update the
    existing ones (an import). Returns the number of figures saved.
    """
    if not actor.has_perm("planning.change_process", process):
        raise ApplicationError(_("You do not have permission to do that."))
    problems, cleaned = population_figures_check(process=process, entries=entries)
    if problems:
        raise PopulationFiguresInvalid([text for _line, text in problems])
    existing = {(f.dimension, f.value): f for f in process.population.all()}
    new, changed = [], []
    for entry in cleaned:
        figure = existing.get((entry.dimension, entry.value))
        if figure is None:
            figure = PopulationFigure(process=process, dimension=entry.dimension, value=entry.value)
            new.append(figure)
        elif (figure.population, figure.source) == (entry.population, entry.source):
            continue
        else:
            changed.append(figure)
        figure.population = entry.population
        figure.source = entry.source
        # The unique constraint is checked above and enforced by the database.
        figure.full_clean(exclude=["process"], validate_unique=False, validate_constraints=False)
    removed = 0
    if replace:
        keep = {(e.dimension, e.value) for e in cleaned}
        gone = [f.pk for key, f in existing.items() if key not in keep]
        removed, _deleted = PopulationFigure.objects.filter(pk__in=gone).delete()
    PopulationFigure.objects.bulk_create(new)
    PopulationFigure.objects.bulk_update(changed, ["population", "source"])
    audit_record(
        action="population.saved",
        actor=actor,
        community=process.community,
        target=process,
        details={
            "origin": origin,
            "figures": len(cleaned),
            "added": len(new),
            "changed": len(changed),
            "removed": removed,
        },
    )
    return len(cleaned)
