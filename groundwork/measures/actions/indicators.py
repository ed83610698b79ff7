"""Results, indicators and their values, typed in a form.

A community's result belongs to one of its plans or county goals; a network's to one of its
statewide goals. An indicator's links to plan activities stay within its community. Every
write is audited.
"""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from groundwork.communities.models import Community, CountyGoal, Network, NetworkGoal
from groundwork.core.errors import ApplicationError
from groundwork.core.services import audit_record
from groundwork.core.text import clean_text, too_long_message
from groundwork.plans.models import Activity, Plan

from ..models import Indicator, IndicatorValue, Result
from ..periods import is_period_start, parse_period

RESULT_FIELDS = ("title_en", "title_es", "description_en", "description_es")
INDICATOR_FIELDS = (
    "name_en",
    "name_es",
    "description_en",
    "description_es",
    "unit",
    "direction",
    "source",
    "geography",
    "baseline_value",
    "baseline_period",
    "target_value",
    "target_period",
    "story_en",
    "story_es",
    "partners_en",
    "partners_es",
    "what_works_en",
    "what_works_es",
)
PERIOD_FIELDS = ("baseline_period", "target_period")


def audit(*, actor: Any, action: str, result: Result, target: Any, **details: Any) -> None:
    audit_record(
        action=action,
        actor=actor,
        community=result.community,
        target=target,
        details=details or None,
    )


def _cleaned(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: clean_text(v) if isinstance(v, str) else v for k, v in fields.items()}


def _owner_fields(
    owner: Plan | CountyGoal | NetworkGoal,
    *,
    community: Community | None,
    network: Network | None,
) -> dict[str, Any]:
    """The owner columns of a new result, refusing an owner of another community or network."""
    if isinstance(owner, NetworkGoal):
        if network is None or owner.network_id != network.pk:
            raise ApplicationError(_("Choose one of this network's statewide goals."))
        return {"network_goal": owner, "community": None}
    if community is None or owner.community_id != community.pk:
        raise ApplicationError(_("Choose one of this community's plans or county goals."))
    if isinstance(owner, Plan):
        return {"plan": owner, "community": community}
    return {"county_goal": owner, "community": community}


@transaction.atomic
def result_create(
    *,
    actor: Any,
    owner: Plan | CountyGoal | NetworkGoal,
    community: Community | None = None,
    network: Network | None = None,
    **fields: Any,
) -> Result:
    fields = _cleaned(fields)
    if not fields.get("title_en"):
        raise ApplicationError(_("Write the result in English."), field="title_en")
    owners = _owner_fields(owner, community=community, network=network)
    siblings = Result.objects.filter(**{k: v for k, v in owners.items() if v is not None})
    result = Result(**owners, **fields, position=siblings.count())
    result.full_clean()
    result.save()
    audit(actor=actor, action="result.create", result=result, target=result)
    return result


@transaction.atomic
def result_update(*, actor: Any, result: Result, **fields: Any) -> Result:
    fields = _cleaned(fields)
    if not fields.get("title_en", result.title_en):
        raise ApplicationError(_("Write the result in English."), field="title_en")
    for name, value in fields.items():
        if name not in RESULT_FIELDS:
            raise ValueError(name)
        setattr(result, name, value)
    result.full_clean()
    result.save()
    audit(actor=actor, action="result.update", result=result, target=result)
    return result


@transaction.atomic
def result_delete(*, actor: Any, result: Result) -> None:
    audit(actor=actor, action="result.delete", result=result, target=result, title=result.title_en)
    result.delete()


def linkable_activities(result: Result) -> Any:
    """The plan activities an indicator of this result may link to: its community's."""
    if result.community_id is None:
        return Activity.objects.none()
    return Activity.objects.filter(community_id=result.community_id).select_related("plan")


def _check_indicator(fields: dict[str, Any]) -> None:
    if "name_en" in fields and not fields["name_en"]:
        raise ApplicationError(_("Name the indicator in English."), field="name_en")
    for name in PERIOD_FIELDS:
        text = fields.get(name)
        if text and parse_period(text) is None:
            raise ApplicationError(
                _("Write the period as 2024, 2024-Q2 or 2024-05."),
                field=name,
            )


def _set_activities(indicator: Indicator, activities: list[Activity] | None) -> None:
    if activities is None:
        return
    allowed = set(linkable_activities(indicator.result).values_list("pk", flat=True))
    if any(a.pk not in allowed for a in activities):
        raise ApplicationError(_("Link only activities of this community's plans."))
    indicator.activities.set(activities)


@transaction.atomic
def indicator_create(
    *, actor: Any, result: Result, activities: list[Activity] | None = None, **fields: Any
) -> Indicator:
    fields = _cleaned(fields)
    fields.setdefault("name_en", "")
    _check_indicator(fields)
    indicator = Indicator(
        result=result,
        community=result.community,
        position=result.indicators.count(),
        **fields,
    )
    indicator.full_clean()
    indicator.save()
    _set_activities(indicator, activities)
    audit(actor=actor, action="indicator.create", result=result, target=indicator)
    return indicator


@transaction.atomic
def indicator_update(
    *, actor: Any, indicator: Indicator, activities: list[Activity] | None = None, **fields: Any
) -> Indicator:
    fields = _cleaned(fields)
    _check_indicator(fields)
    for name, value in fields.items():
        if name not in INDICATOR_FIELDS:
            raise ValueError(name)
        setattr(indicator, name, value)
    indicator.full_clean()
    indicator.save()
    _set_activities(indicator, activities)
    audit(actor=actor, action="indicator.update", result=indicator.result, target=indicator)
    return indicator


@transaction.atomic
def indicator_delete(*, actor: Any, indicator: Indicator) -> None:
    audit(
        actor=actor,
        action="indicator.delete",
        result=indicator.result,
        target=indicator,
        name=indicator.name_en,
    )
    indicator.delete()


def value_put(
    *,
    indicator: Indicator,
    period: str,
    value: float,
    note: str = "",
    source: str = "",
    actor: Any = None,
) -> tuple[IndicatorValue, bool]:
    """Write one period's value (a new one, or over the one already there): (value, created).
    Not audited: callers audit once for what they did."""
    parsed = parse_period(period)
    if parsed is None:
        raise ApplicationError(_("Write the period as 2024, 2024-Q2 or 2024-05."), field="period")
    kind, start = parsed
    assert is_period_start(kind, start)
    if value != value or value in (float("inf"), float("-inf")):
        raise ApplicationError(_("Enter a number."), field="value")
    note, source = clean_text(note), clean_text(source)
    for text, limit, label, name in (
        (note, 500, _("note"), "note"),
        (source, 300, _("source"), "source"),
    ):
        if len(text) > limit:
            raise ApplicationError(
                too_long_message(label=label, length=len(text), limit=limit), field=name
            )
    row, created = IndicatorValue.objects.update_or_create(
        indicator=indicator,
        period_kind=kind,
        period_start=start,
        defaults={
            "community": indicator.community,
            "value": value,
            "note": note,
            "source": source,
            "entered_by": actor if getattr(actor, "is_authenticated", False) else None,
        },
    )
    return row, created


@transaction.atomic
def value_save(
    *, actor: Any, indicator: Indicator, period: str, value: float, note: str = "", source: str = ""
) -> IndicatorValue:
    row, created = value_put(
        indicator=indicator, period=period, value=value, note=note, source=source, actor=actor
    )
    audit(
        actor=actor,
        action="indicator.value_add" if created else "indicator.value_change",
        result=indicator.result,
        target=indicator,
        period=row.period_label,
        value=value,
    )
    return row


@transaction.atomic
def value_delete(*, actor: Any, indicator: Indicator, value_id: int) -> None:
    row = IndicatorValue.objects.filter(indicator=indicator, pk=value_id).first()
    if row is None:
        raise ApplicationError(_("This value was already removed."))
    audit(
        actor=actor,
        action="indicator.value_delete",
        result=indicator.result,
        target=indicator,
        period=row.period_label,
        value=row.value,
    )
    row.delete()
