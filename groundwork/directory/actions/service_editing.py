"""Editing a service on the directory's pages with what hangs off it (weekly hours, phones,
languages, costs, required documents, taxonomy terms and focus areas, the places it is
offered): one transaction with one audit event, so one bad opening time saves nothing."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from groundwork.communities.models import Community, Organization
from groundwork.core.errors import ApplicationError
from groundwork.core.services import audit_record

from ..models import (
    Attribute,
    CostOption,
    Frequency,
    Language,
    Location,
    Phone,
    RequiredDocument,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
    Weekday,
)
from . import focus
from .common import PhoneEntry, changed_fields, clean, reconcile, relink, require

# Languages offered as tick boxes on the service form: (ISO 639 code, name as HSDS stores it).
LANGUAGES: tuple[tuple[str, str], ...] = (
    ("en", "English"),
    ("es", "Spanish"),
    ("vi", "Vietnamese"),
    ("zh", "Chinese"),
    ("ar", "Arabic"),
    ("fr", "French"),
    ("ht", "Haitian Creole"),
    ("ko", "Korean"),
    ("ru", "Russian"),
    ("ase", "American Sign Language"),
)
LANGUAGE_NAMES = dict(LANGUAGES)
WEEKDAY_ORDER = [day.value for day in Weekday]


@dataclass(frozen=True)
class WeeklyHours:
    """Open on these days (RFC 5545 codes: MO … SU) from ``opens_at`` to ``closes_at``, local
    time; a closing time before the opening time closes the next day."""

    days: tuple[str, ...]
    opens_at: time
    closes_at: time


@dataclass(frozen=True)
class CostEntry:
    option: str
    amount: float | None = None
    amount_description: str = ""


# Services -----------------------------------------------------------------------------------

SERVICE_FIELDS = (
    "name",
    "name_es",
    "alternate_name",
    "description",
    "description_es",
    "status",
    "url",
    "email",
    "application_process",
    "interpretation_services",
    "fees_description",
    "eligibility_description",
    "minimum_age",
    "maximum_age",
    "wait_time",
    "alert",
)


def is_simple_weekly(schedule: Schedule) -> bool:
    """A schedule the weekly-hours form can show and edit: weekly, on given days, opening
    and closing times, nothing else. Other schedules (imported ones) are kept as they are."""
    return (
        schedule.freq in ("", Frequency.WEEKLY)
        and schedule.interval in (None, 1)
        and bool(schedule.byday)
        and not (schedule.bymonthday or schedule.byweekno or schedule.byyearday)
        and schedule.count is None
        and schedule.until is None
        and schedule.opens_at is not None
        and schedule.closes_at is not None
        and all(day.strip() in WEEKDAY_ORDER for day in schedule.byday.split(","))
    )


def weekly_hours_of(schedules: Iterable[Schedule]) -> list[WeeklyHours]:
    return [
        WeeklyHours(
            days=tuple(d.strip() for d in s.byday.split(",")),
            opens_at=s.opens_at,  # type: ignore[arg-type]
            closes_at=s.closes_at,  # type: ignore[arg-type]
        )
        for s in schedules
        if is_simple_weekly(s)
    ]


def _hours_row(entry: WeeklyHours) -> dict[str, Any]:
    days = [d for d in WEEKDAY_ORDER if d in entry.days]
    if not days or len(days) != len(set(entry.days)):
        raise ApplicationError(_("Choose at least one day for each line of opening hours."))
    if entry.opens_at is None or entry.closes_at is None:
        raise ApplicationError(_("Each line of opening hours needs an opening and a closing time."))
    if entry.opens_at == entry.closes_at:
        raise ApplicationError(_("The opening and closing times are the same."))
    return {
        "freq": Frequency.WEEKLY,
        "wkst": Weekday.MO,
        "byday": ",".join(days),
        "opens_at": entry.opens_at,
        "closes_at": entry.closes_at,
        "interval": None,
    }


@transaction.atomic
def service_save(  # noqa: PLR0913 - the whole service form, saved at once
    *,
    actor: Any,
    community: Community,
    service: Service | None = None,
    organization: Organization,
    values: dict[str, Any],
    hours: list[WeeklyHours] | None = None,
    phones: list[PhoneEntry] | None = None,
    language_codes: list[str] | None = None,
    costs: list[CostEntry] | None = None,
    documents: list[str] | None = None,
    term_ids: list[Any] | None = None,
    focus_areas: list[str] | None = None,
    location_ids: list[Any] | None = None,
    verified_on: date | None = None,
) -> Service:
    """Add or change a service and everything about it, all at once or not at all. Saving
    marks it verified today (the person saving has just looked at every detail). ``None`` for
    a list leaves that part as it is. ``focus_areas``: the network's focus areas it serves
    (tagged as terms of the community's "Focus areas" taxonomy, see ``focus``)."""
    if organization.community_id != community.pk:
        raise ApplicationError(_("That organization is not part of this community."))
    if service is not None:
        if service.community_id != community.pk:
            raise ApplicationError(_("That service is not part of this community."))
        require(actor, "directory.change_service", service)
    if service is None or service.organization_id != organization.hsds_id:
        require(actor, "directory.add_service", organization)
    unknown = set(values) - set(SERVICE_FIELDS)
    if unknown:
        raise ApplicationError(_("These are not fields of a service: %s") % ", ".join(unknown))
    created = service is None
    if service is None:
        service = Service(community=community)
    changed = changed_fields(
        service,
        {
            **{k: v.strip() if isinstance(v, str) else v for k, v in values.items()},
            "organization_id": organization.hsds_id,
        },
    )
    if (
        service.minimum_age is not None
        and service.maximum_age is not None
        and service.minimum_age > service.maximum_age
    ):
        raise ApplicationError(_("The minimum age is above the maximum age."), field="minimum_age")
    service.last_verified = verified_on or timezone.localdate()
    service.last_modified = timezone.now()
    clean(service)
    service.save()
    ref = {"service_id": service.hsds_id}
    counts: dict[str, int] = {}
    if hours is not None:
        counts["hours"] = len(
            reconcile(
                Schedule,
                community=community,
                parent=ref,
                rows=[_hours_row(entry) for entry in hours],
                keep=is_simple_weekly,
            )
        )
    if phones is not None:
        rows = [{"number": p.number.strip(), "description": p.description.strip()} for p in phones]
        if any(not row["number"] for row in rows):
            raise ApplicationError(_("Each phone needs a number."))
        counts["phones"] = len(reconcile(Phone, community=community, parent=ref, rows=rows))
    if language_codes is not None:
        codes = list(dict.fromkeys(c.strip() for c in language_codes if c.strip()))
        current = {lang.code: lang for lang in Language.objects.filter(community=community, **ref)}
        for code, lang in current.items():
            if code not in codes:
                lang.delete()
        for code in codes:
            if code not in current:
                lang = Language(
                    community=community, code=code, name=LANGUAGE_NAMES.get(code, code), **ref
                )
                clean(lang)
                lang.save()
        counts["languages"] = len(codes)
    if costs is not None:
        counts["costs"] = len(
            reconcile(
                CostOption,
                community=community,
                parent=ref,
                rows=[
                    {
                        "option": c.option.strip(),
                        "amount": c.amount,
                        "amount_description": c.amount_description.strip(),
                        "currency": "USD" if c.amount is not None else "",
                    }
                    for c in costs
                ],
            )
        )
    if documents is not None:
        counts["documents"] = len(
            reconcile(
                RequiredDocument,
                community=community,
                parent=ref,
                rows=[{"document": d.strip()} for d in documents if d.strip()],
            )
        )
    if focus_areas is not None:
        term_ids = focus.merge_term_ids(
            community=community,
            service_id=service.hsds_id,
            term_ids=term_ids,
            focus_areas=focus_areas,
        )
        counts["focus_areas"] = len(focus.keys_of(term_ids))
    if term_ids is not None:
        counts["terms"] = _set_terms(community, service, term_ids)
    if location_ids is not None:
        counts["locations"] = _set_locations(community, service, organization, location_ids)
    audit_record(
        action="directory.service_created" if created else "directory.service_changed",
        actor=actor,
        community=community,
        target=service,
        details={"fields": [] if created else changed, **counts},
    )
    return service


def _set_terms(community: Community, service: Service, term_ids: list[Any]) -> int:
    community_terms = set(
        TaxonomyTerm.objects.filter(community=community).values_list("hsds_id", flat=True)
    )
    wanted = set(term_ids)
    if not wanted <= community_terms:
        raise ApplicationError(_("One of the chosen categories is not in this directory."))
    relink(
        Attribute.objects.filter(
            community=community, link_id=service.hsds_id, taxonomy_term_id__in=community_terms
        ),
        wanted,
        key=lambda link: link.taxonomy_term_id,
        make=lambda term_id: Attribute(
            community=community,
            link_id=service.hsds_id,
            link_entity="service",
            link_type="service",
            taxonomy_term_id=term_id,
        ),
    )
    return len(wanted)


def _set_locations(
    community: Community, service: Service, organization: Organization, location_ids: list[Any]
) -> int:
    allowed = set(
        Location.objects.filter(community=community)
        .filter(models.Q(organization_id=organization.hsds_id) | models.Q(organization_id=None))
        .values_list("hsds_id", flat=True)
    )
    wanted = set(location_ids)
    if not wanted <= allowed:
        raise ApplicationError(
            _("A service can be offered only at its own organization's locations."),
            field="locations",
        )
    relink(
        ServiceAtLocation.objects.filter(community=community, service_id=service.hsds_id),
        wanted,
        key=lambda link: link.location_id,
        make=lambda location_id: ServiceAtLocation(
            community=community, service_id=service.hsds_id, location_id=location_id
        ),
    )
    return len(wanted)
