"""Every write to the directory: validated, in one transaction, with its audit event."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import rules
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from groundwork.communities.models import Community, Organization
from groundwork.core.errors import ApplicationError
from groundwork.core.services import audit_record

from .hsds import BY_PATH, TABLES, PackageError, Row, parse, read_package
from .models import Location, Schedule, Service
from .opening_windows import bump, refresh_community


class ImportFailed(ApplicationError):
    """The package was refused: nothing was saved. ``errors`` lists each problem with where
    it is (file and line, or file and record)."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__(
            ngettext(
                "Nothing was imported: the package has %(count)s problem.",
                "Nothing was imported: the package has %(count)s problems.",
                len(errors),
            )
            % {"count": len(errors)}
        )
        self.errors = errors


@dataclass
class ImportResult:
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    changes: list[dict[str, Any]] = field(default_factory=list)
    # HSDS ids of the schedules created or changed (their opening windows are written again).
    schedules: list[Any] = field(default_factory=list)
    event_id: int | None = None  # the audit event that records the import


def _require(actor: Any, perm: str, obj: Any) -> None:
    if actor is not None and not rules.has_perm(perm, actor, obj):
        raise ApplicationError(_("You do not have permission to do that."))


def _messages(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {
            name: [str(m) for e in errors for m in e.messages]
            for name, errors in error.error_dict.items()
        }
    return {"": [str(m) for m in error.messages]}


# Rows written at once (bulk inserts and updates), ids looked up at once (SQLite allows
# 32,766 parameters in a query), and how many created records an audit event lists by id.
BATCH = 2000
LOOKUP_CHUNK = 10_000
CREATED_LISTED = 1000


@dataclass
class _Pending:
    """A table's rows waiting to be written: new ones inserted in batches, changed ones
    updated in batches (only the fields that changed)."""

    create: list[Any] = field(default_factory=list)
    update: list[Any] = field(default_factory=list)
    fields: set[str] = field(default_factory=set)

    def flush_created(self, model: Any) -> None:
        if self.create:
            model.objects.bulk_create(self.create, batch_size=BATCH)
            self.create = []

    def flush(self, model: Any) -> None:
        self.flush_created(model)
        if self.update:
            now = timezone.now()
            for obj in self.update:
                obj.updated_at = now
            model.objects.bulk_update(
                self.update, sorted(self.fields | {"updated_at"}), batch_size=BATCH
            )
            self.update = []


@transaction.atomic
def hsds_import(
    *,
    actor: Any,
    community: Community,
    source: Path | str | None = None,
    package: Mapping[str, list[Row]] | None = None,
    actor_label: str = "",
) -> ImportResult:
    """Import an HSDS 3.0 package into the community: all or nothing. A record whose HSDS id
    the community already holds is updated (only the fields the package carries), never
    duplicated. Raises ImportFailed with every problem found, located by file and line.

    A package is read one table at a time, and rows are written in batches (bulk inserts and
    updates; unchanged rows are not validated again nor written), so a package of tens of
    thousands of services imports in seconds to minutes with one table's rows in memory.
    Uniqueness of HSDS ids is checked here (within the package, and against the community's
    rows) and enforced by the database's constraint; organizations, whose names are also
    unique in a community, are validated and saved one by one.

    ``actor`` None is the command line (``manage.py hsds_import``), trusted like the demo."""
    _require(actor, "directory.import", community)
    if package is None:
        try:
            package = read_package(source or "")
        except PackageError as error:
            raise ImportFailed([str(error)]) from None
    errors: list[str] = []
    result = ImportResult()
    for table in TABLES:
        try:
            rows = package.get(table.path) or []
        except PackageError as error:
            raise ImportFailed([str(error)]) from None
        if not rows:
            continue
        ids: dict[int, Any] = {}
        for index, row in enumerate(rows):
            try:
                ids[index] = parse(table.field("hsds_id"), row.values.get("id"))
            except ValidationError:
                ids[index] = None
        wanted = [i for i in ids.values() if i]
        existing: dict[Any, Any] = {}
        for start in range(0, len(wanted), LOOKUP_CHUNK):
            existing.update(
                (obj.hsds_id, obj)
                for obj in table.model.objects.filter(  # type: ignore[attr-defined]
                    community=community, hsds_id__in=wanted[start : start + LOOKUP_CHUNK]
                )
            )
        seen: dict[Any, str] = {}
        pending = _Pending()
        for index, row in enumerate(rows):
            problems = _import_row(
                table, row, ids[index], existing, seen, community, result, pending
            )
            errors.extend(f"{row.where}: {problem}" for problem in problems)
            if not errors and len(pending.create) >= BATCH:
                pending.flush_created(table.model)
        if not errors:  # after a problem nothing more is written: it all rolls back
            pending.flush(table.model)
        del rows, existing, pending
    if errors:
        raise ImportFailed(errors)
    # Bulk writes send no signals: the schedules' windows and the cached reads follow here.
    refresh_community(community.pk, result.schedules)
    bump(community.pk)
    created_total = sum(result.created.values())
    event = audit_record(
        action="directory.imported",
        actor=actor,
        actor_label=actor_label,
        community=community,
        details={
            "created": dict(result.created),
            "updated": dict(result.updated),
            "unchanged": dict(result.unchanged),
            "changes": result.changes,
            **(
                {"created_not_listed": created_total - CREATED_LISTED}
                if created_total > CREATED_LISTED
                else {}
            ),
        },
    )
    result.event_id = event.pk
    return result


def _import_row(  # noqa: PLR0913 - one row's context
    table: Any,
    row: Row,
    hsds_id: Any,
    existing: dict[Any, Any],
    seen: dict[Any, str],
    community: Community,
    result: ImportResult,
    pending: _Pending,
) -> list[str]:
    problems: list[str] = []
    unknown = sorted(k for k in row.values if k != "id" and k not in table.fields)
    for name in unknown:
        if name == "\x00extra":
            problems.append(_("the line has more cells than the header has columns"))
        else:
            problems.append(
                _("“%(column)s” is not a field of %(table)s")
                % {"column": name, "table": table.name}
            )
    raw_id = row.values.get("id")
    if raw_id in (None, ""):
        return [*problems, _("id: this field is required")]
    if hsds_id is None:
        return [*problems, _("id: “%(value)s” is not a valid UUID") % {"value": raw_id}]
    if hsds_id in seen:
        return [
            *problems,
            _("id: %(id)s is already used by %(where)s") % {"id": hsds_id, "where": seen[hsds_id]},
        ]
    seen[hsds_id] = row.where
    obj = existing.get(hsds_id)
    created = obj is None
    if created:
        obj = table.model(community=community, hsds_id=hsds_id)
    changed = []
    for name in table.fields:
        if name not in row.values:
            continue  # a column the package does not carry: left as it is
        try:
            value = parse(table.field(name), row.values[name])
        except ValidationError as error:
            problems.extend(f"{name}: {message}" for message in error.messages)
            continue
        if value != getattr(obj, name):
            setattr(obj, name, value)
            changed.append(name)
    if problems:
        return problems
    if not created and not changed:
        result.unchanged[table.key] += 1
        return []
    one_by_one = table.model is Organization  # names are unique too: checked against saved rows
    try:
        # The community is the one being imported into (its foreign key need not be looked
        # up again for every row).
        obj.full_clean(
            exclude=["community"], validate_unique=one_by_one, validate_constraints=one_by_one
        )
    except ValidationError as error:
        for name, messages in _messages(error).items():
            label = "id" if name == "hsds_id" else name
            problems.extend(
                f"{label}: {m}" if label and label != "__all__" else m for m in messages
            )
        return problems
    if created:
        result.created[table.key] += 1
        if sum(result.created.values()) <= CREATED_LISTED:
            result.changes.append({"table": table.key, "id": str(hsds_id), "created": True})
    else:
        result.updated[table.key] += 1
        result.changes.append({"table": table.key, "id": str(hsds_id), "fields": changed})
    if table.model is Schedule:
        result.schedules.append(hsds_id)
    if one_by_one:
        obj.save()
    elif created:
        pending.create.append(obj)
    else:
        pending.update.append(obj)
        pending.fields.update(changed)
    return []


@transaction.atomic
def service_translate(
    *, actor: Any, service: Service, name_es: str, description_es: str = ""
) -> Service:
    """The Spanish name and description of a service (HSDS carries one language)."""
    _require(actor, "directory.change_directory", service.community)
    service.name_es = name_es.strip()
    service.description_es = description_es.strip()
    service.full_clean()
    service.save(update_fields=["name_es", "description_es", "updated_at"])
    audit_record(
        action="directory.service_translated",
        actor=actor,
        community=service.community,
        target=service,
    )
    return service


@transaction.atomic
def location_set_confidential(*, actor: Any, location: Location, confidential: bool) -> Location:
    """Keep a location's address and coordinates to its organization's own members (a
    shelter, a safe house), or publish them again."""
    _require(actor, "directory.change_directory", location.community)
    location.confidential = confidential
    location.full_clean()
    location.save(update_fields=["confidential", "updated_at"])
    audit_record(
        action="directory.location_confidential" if confidential else "directory.location_public",
        actor=actor,
        community=location.community,
        target=location,
    )
    return location


@transaction.atomic
def service_verify(*, actor: Any, service: Service, on: Any) -> Service:
    """Record that someone checked the service's details are still right (a steward, or a
    member of the service's own organization)."""
    _require(actor, "directory.change_service", service)
    service.last_verified = on
    service.full_clean()
    service.save(update_fields=["last_verified", "updated_at"])
    audit_record(
        action="directory.service_verified",
        actor=actor,
        community=service.community,
        target=service,
        details={"on": on.isoformat()},
    )
    return service


__all__ = ["BY_PATH", "ImportFailed", "ImportResult", "hsds_import"]
