"""Every write to the directory: validated, in one transaction, with its audit event."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import rules
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from groundwork.communities.models import Community
from groundwork.core.errors import ApplicationError
from groundwork.core.services import audit_record

from .hsds import BY_PATH, TABLES, PackageError, Row, parse, read_package
from .models import Location, Service


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


@transaction.atomic
def hsds_import(
    *,
    actor: Any,
    community: Community,
    source: Path | str | None = None,
    package: dict[str, list[Row]] | None = None,
    actor_label: str = "",
) -> ImportResult:
    """Import an HSDS 3.0 package into the community: all or nothing. A record whose HSDS id
    the community already holds is updated (only the fields the package carries), never
    duplicated. Raises ImportFailed with every problem found, located by file and line.

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
        rows = package.get(table.path, [])
        if not rows:
            continue
        ids: dict[int, Any] = {}
        for index, row in enumerate(rows):
            try:
                ids[index] = parse(table.field("hsds_id"), row.values.get("id"))
            except ValidationError:
                ids[index] = None
        existing = {
            obj.hsds_id: obj
            for obj in table.model.objects.filter(  # type: ignore[attr-defined]
                community=community, hsds_id__in=[i for i in ids.values() if i]
            )
        }
        seen: dict[Any, str] = {}
        for index, row in enumerate(rows):
            problems = _import_row(table, row, ids[index], existing, seen, community, result)
            errors.extend(f"{row.where}: {problem}" for problem in problems)
    if errors:
        raise ImportFailed(errors)
    audit_record(
        action="directory.imported",
        actor=actor,
        actor_label=actor_label,
        community=community,
        details={
            "created": dict(result.created),
            "updated": dict(result.updated),
            "unchanged": dict(result.unchanged),
            "changes": result.changes,
        },
    )
    return result


def _import_row(  # noqa: PLR0913 - one row's context
    table: Any,
    row: Row,
    hsds_id: Any,
    existing: dict[Any, Any],
    seen: dict[Any, str],
    community: Community,
    result: ImportResult,
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
    before = {name: getattr(obj, name) for name in table.fields}
    for name in table.fields:
        if name not in row.values:
            continue  # a column the package does not carry: left as it is
        try:
            setattr(obj, name, parse(table.field(name), row.values[name]))
        except ValidationError as error:
            problems.extend(f"{name}: {message}" for message in error.messages)
    if problems:
        return problems
    try:
        obj.full_clean()
    except ValidationError as error:
        for name, messages in _messages(error).items():
            label = "id" if name == "hsds_id" else name
            problems.extend(
                f"{label}: {m}" if label and label != "__all__" else m for m in messages
            )
        return problems
    changed = [name for name in table.fields if getattr(obj, name) != before[name]]
    if created:
        obj.save()
        result.created[table.key] += 1
        result.changes.append({"table": table.key, "id": str(hsds_id), "created": True})
    elif changed:
        obj.save()
        result.updated[table.key] += 1
        result.changes.append({"table": table.key, "id": str(hsds_id), "fields": changed})
    else:
        result.unchanged[table.key] += 1
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
