"""Performance measures of plan activities and their values per period.

A period's values for an activity are saved together or not at all: every value is checked
first (a number, not negative, at most its "out of", "out of" given where the measure is a
"better off" one), then all are written in one transaction and audited once."""

import math
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from groundwork.core.errors import ApplicationError
from groundwork.core.services import audit_record
from groundwork.core.text import clean_text, too_long_message
from groundwork.plans.models import Activity

from ..models_performance import PerformanceMeasure, PerformanceValue, Quadrant
from ..periods import parse_period

MEASURE_FIELDS = ("quadrant", "name_en", "name_es", "unit", "direction", "target_value")
MAX_MEASURES = 30  # per activity


def _audit(*, actor: Any, action: str, activity: Activity, target: Any, **details: Any) -> None:
    audit_record(
        action=action,
        actor=actor,
        community=activity.community,
        target=target,
        details=details or None,
    )


def _check_measure(fields: dict[str, Any]) -> dict[str, Any]:
    fields = {k: clean_text(v) if isinstance(v, str) else v for k, v in fields.items()}
    if not fields.get("name_en"):
        raise ApplicationError(_("Name the measure in English."), field="name_en")
    if fields.get("quadrant") not in Quadrant.values:
        raise ApplicationError(_("Choose which question the measure answers."), field="quadrant")
    target = fields.get("target_value")
    if target is not None and (not math.isfinite(target) or target < 0):
        raise ApplicationError(_("The target cannot be negative."), field="target_value")
    return fields


@transaction.atomic
def measure_create(*, actor: Any, activity: Activity, **fields: Any) -> PerformanceMeasure:
    fields = _check_measure(fields)
    count = PerformanceMeasure.objects.filter(activity=activity).count()
    if count >= MAX_MEASURES:
        raise ApplicationError(
            _("An activity can have at most %(count)s measures.") % {"count": MAX_MEASURES}
        )
    measure = PerformanceMeasure.objects.create(
        activity=activity, community=activity.community, position=count, **fields
    )
    _audit(
        actor=actor,
        action="performance.measure_add",
        activity=activity,
        target=measure,
        name=measure.name_en,
    )
    return measure


@transaction.atomic
def measure_update(*, actor: Any, measure: PerformanceMeasure, **fields: Any) -> None:
    fields = _check_measure(fields)
    for name, value in fields.items():
        setattr(measure, name, value)
    measure.save()
    _audit(
        actor=actor,
        action="performance.measure_change",
        activity=measure.activity,
        target=measure,
        name=measure.name_en,
    )


@transaction.atomic
def measure_delete(*, actor: Any, measure: PerformanceMeasure) -> None:
    _audit(
        actor=actor,
        action="performance.measure_delete",
        activity=measure.activity,
        target=measure,
        name=measure.name_en,
    )
    measure.delete()


@dataclass
class Entry:
    """One measure's value for the period being saved (value None: leave it as it is)."""

    measure: PerformanceMeasure
    value: float | None
    out_of: float | None = None
    note: str = ""


def check_entry(entry: Entry) -> None:
    """Refuse a value that cannot be right, naming the measure (field: the measure's prefix)."""
    name = entry.measure.name
    field = f"m{entry.measure.pk}"
    if len(entry.note) > 500:
        raise ApplicationError(
            too_long_message(label=_("note"), length=len(entry.note), limit=500),
            field=f"{field}-note",
        )
    if entry.value is None:
        if entry.out_of is not None:
            raise ApplicationError(
                _("%(name)s: give the number as well as “out of”.") % {"name": name},
                field=f"{field}-value",
            )
        return
    if not math.isfinite(entry.value) or entry.value < 0:
        raise ApplicationError(
            _("%(name)s: enter a number that is not negative.") % {"name": name},
            field=f"{field}-value",
        )
    if entry.out_of is None:
        if entry.measure.needs_out_of:
            raise ApplicationError(
                _("%(name)s: say out of how many people, so the percent can be shown.")
                % {"name": name},
                field=f"{field}-out_of",
            )
        return
    if not math.isfinite(entry.out_of) or entry.out_of <= 0:
        raise ApplicationError(
            _("%(name)s: “out of” must be more than zero.") % {"name": name},
            field=f"{field}-out_of",
        )
    if entry.value > entry.out_of:
        raise ApplicationError(
            _("%(name)s: the number (%(value)s) is larger than “out of” (%(out_of)s).")
            % {"name": name, "value": f"{entry.value:g}", "out_of": f"{entry.out_of:g}"},
            field=f"{field}-value",
        )


@transaction.atomic
def values_save(*, actor: Any, activity: Activity, period: str, entries: list[Entry]) -> int:
    """Save one period's values of an activity's measures, all or none. Returns how many
    values were written."""
    parsed = parse_period(period)
    if parsed is None:
        raise ApplicationError(_("Write the period as 2024, 2024-Q2 or 2024-05."), field="period")
    kind, start = parsed
    for entry in entries:
        if entry.measure.activity_id != activity.pk:
            raise ApplicationError(_("This measure belongs to another activity."))
        entry.note = clean_text(entry.note)
        check_entry(entry)
    written = [e for e in entries if e.value is not None]
    if not written:
        raise ApplicationError(_("Enter at least one value."))
    user = actor if getattr(actor, "is_authenticated", False) else None
    for entry in written:
        PerformanceValue.objects.update_or_create(
            measure=entry.measure,
            period_kind=kind,
            period_start=start,
            defaults={
                "community": activity.community,
                "value": entry.value,
                "out_of": entry.out_of,
                "note": entry.note,
                "entered_by": user,
            },
        )
    _audit(
        actor=actor,
        action="performance.values_save",
        activity=activity,
        target=activity,
        period=period.strip(),
        values={str(e.measure.pk): e.value for e in written},
    )
    return len(written)


@transaction.atomic
def value_delete(*, actor: Any, activity: Activity, value_id: int) -> None:
    row = (
        PerformanceValue.objects.select_related("measure")
        .filter(measure__activity=activity, pk=value_id)
        .first()
    )
    if row is None:
        raise ApplicationError(_("This value was already removed."))
    _audit(
        actor=actor,
        action="performance.value_delete",
        activity=activity,
        target=row.measure,
        period=row.period_label,
        value=row.value,
    )
    row.delete()
