"""The HSDS 3.0 tables and how their values travel: the map from each HSDS table to its model,
reading a package (the CSV data package, a zip of it, or the JSON form: one object whose keys
are the CSV file names and whose values are lists of rows, as HSDS's ``tabular.json``) and
writing one. HSDS names the files (``organizations.csv`` …); a ``datapackage.json`` is written
on export and not needed on import.

A package is exchanged between machines, so values are written exactly as stored: no
spreadsheet defusing, numbers and dates never localized."""

from __future__ import annotations

import csv
import io
import json
import uuid
import zipfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from groundwork.communities.models import Organization

from . import models as directory

HSDS_VERSION = "3.0"


@dataclass(frozen=True)
class Table:
    name: str  # the HSDS object: "service"
    path: str  # its file in a data package: "services.csv"
    model: type[models.Model]
    fields: tuple[str, ...]  # HSDS fields after "id", in HSDS's order

    @property
    def key(self) -> str:
        return self.path.removesuffix(".csv")

    def field(self, name: str) -> models.Field:  # type: ignore[type-arg]
        return self.model._meta.get_field(name)  # type: ignore[return-value]


ORGANIZATION_FIELDS = (
    "name",
    "alternate_name",
    "description",
    "email",
    "website",
    "tax_status",
    "tax_id",
    "year_incorporated",
    "legal_status",
    "logo",
    "uri",
    "parent_organization_id",
)


def _fields(model: type[directory.HsdsRecord]) -> tuple[str, ...]:
    skip = set(directory.BOOKKEEPING) | set(model.EXTRA_FIELDS)
    return tuple(f.name for f in model._meta.concrete_fields if f.name not in skip)


def _table(name: str, path: str, model: type[directory.HsdsRecord]) -> Table:
    return Table(name, path, model, _fields(model))


TABLES: tuple[Table, ...] = (
    Table("organization", "organizations.csv", Organization, ORGANIZATION_FIELDS),
    _table("program", "programs.csv", directory.Program),
    _table("service", "services.csv", directory.Service),
    _table("location", "locations.csv", directory.Location),
    _table("service_at_location", "service_at_location.csv", directory.ServiceAtLocation),
    _table("address", "addresses.csv", directory.Address),
    _table("phone", "phones.csv", directory.Phone),
    _table("contact", "contacts.csv", directory.Contact),
    _table("schedule", "schedules.csv", directory.Schedule),
    _table("language", "languages.csv", directory.Language),
    _table("accessibility", "accessibility.csv", directory.Accessibility),
    _table("service_area", "service_areas.csv", directory.ServiceArea),
    _table("cost_option", "cost_options.csv", directory.CostOption),
    _table("required_document", "required_documents.csv", directory.RequiredDocument),
    _table("funding", "funding.csv", directory.Funding),
    _table("taxonomy", "taxonomies.csv", directory.Taxonomy),
    _table("taxonomy_term", "taxonomy_terms.csv", directory.TaxonomyTerm),
    _table("attribute", "attributes.csv", directory.Attribute),
    _table(
        "organization_identifier", "organization_identifiers.csv", directory.OrganizationIdentifier
    ),
    _table("metadata", "metadata.csv", directory.Metadata),
    _table("meta_table_description", "meta_table_descriptions.csv", directory.MetaTableDescription),
)
BY_PATH = {table.path: table for table in TABLES}
BY_NAME = {table.name: table for table in TABLES}


# Values ------------------------------------------------------------------------------------


def parse(field: models.Field, value: Any) -> Any:  # type: ignore[type-arg]
    """A package's value (CSV text or a JSON value) as the model stores it. Raises Django's
    ValidationError, translated, when it cannot be read."""
    if value is None or (isinstance(value, str) and value.strip() == ""):
        return None if field.null else ""
    if isinstance(value, dict | list | bool):
        raise ValidationError(field.error_messages.get("invalid") or "invalid", code="invalid")
    if isinstance(field, models.IntegerField) and isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            number = None
        if number is not None and number.is_integer():
            value = int(number)
    if isinstance(field, models.IntegerField) and isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(field, models.TextField | models.CharField) and not isinstance(value, str):
        value = str(value)
    python = field.to_python(value)
    if isinstance(python, datetime) and python.tzinfo is None:
        from django.utils import timezone

        python = timezone.make_aware(python, timezone.get_default_timezone())
    return python


def serialize(value: Any) -> Any:
    """A stored value as a JSON value (None stays None)."""
    if value is None:
        return None
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, date | time):
        return value.isoformat()
    return value


def as_cell(value: Any) -> str:
    value = serialize(value)
    return "" if value is None else str(value)


def row_of(table: Table, obj: models.Model) -> dict[str, Any]:
    """An HSDS row: ``id`` and the table's fields, as JSON values."""
    row: dict[str, Any] = {"id": str(obj.hsds_id)}  # type: ignore[attr-defined]
    for name in table.fields:
        row[name] = serialize(getattr(obj, name))
    return row


# Reading a package -------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    where: str  # "services.csv, line 3" / "services.csv, record 2", for messages
    values: dict[str, Any]


class PackageError(ValueError):
    """The package itself cannot be read (not CSV, not JSON, no HSDS file in it)."""


class CsvPackage(Mapping[str, list[Row]]):
    """The tables of a CSV data package, read one file at a time when asked for and never
    kept: an import goes through the tables in order, so only one table's rows are in memory
    at once, however large the package."""

    def __init__(self, names: list[str], read: Callable[[str], bytes]) -> None:
        self.names = sorted(names)
        self.read = read

    def __getitem__(self, name: str) -> list[Row]:
        if name not in self.names:
            raise KeyError(name)
        return _read_csv_file(name, self.read(name))

    def __iter__(self) -> Iterator[str]:
        return iter(self.names)

    def __len__(self) -> int:
        return len(self.names)


def read_package(source: Path | str) -> Mapping[str, list[Row]]:
    """Rows per table file name from a directory of CSVs, a zip of one, or a JSON file. The
    CSV files are read when their table is asked for (see CsvPackage)."""
    from django.utils.translation import gettext as _

    path = Path(source)
    if path.is_dir():
        found = {p.name: p for p in path.iterdir() if p.name in BY_PATH}
        return _csv_package(list(found), lambda name: found[name].read_bytes())
    if not path.exists():
        raise PackageError(_("There is no file or folder at %(path)s.") % {"path": path})
    with path.open("rb") as f:
        is_zip = zipfile.is_zipfile(f)
    if is_zip:
        with zipfile.ZipFile(path) as archive:
            members = {
                Path(name).name: name for name in archive.namelist() if Path(name).name in BY_PATH
            }

        def read_member(name: str) -> bytes:
            with zipfile.ZipFile(path) as archive:
                return archive.read(members[name])

        return _csv_package(list(members), read_member)
    return read_json(path.read_bytes())


def read_json(data: bytes | str) -> dict[str, list[Row]]:
    from django.utils.translation import gettext as _

    try:
        document = json.loads(data)
    except (ValueError, UnicodeDecodeError) as error:
        raise PackageError(_("The file is not valid JSON: %(error)s") % {"error": error}) from None
    if not isinstance(document, dict):
        raise PackageError(_("The JSON form of a package is one object of tables."))
    found: dict[str, list[Row]] = {}
    for key, rows in document.items():
        path = key if key.endswith(".csv") else f"{key}.csv"
        if path not in BY_PATH:
            raise PackageError(_("“%(key)s” is not an HSDS table.") % {"key": key})
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise PackageError(_("“%(key)s” must be a list of records.") % {"key": key})
        # In the JSON form a field left out is empty (HSDS's examples leave empty fields out).
        empty = dict.fromkeys(BY_PATH[path].fields)
        found[path] = [
            Row(_("%(file)s, record %(number)s") % {"file": path, "number": i}, empty | row)
            for i, row in enumerate(rows, start=1)
        ]
    if not found:
        raise PackageError(_("The package holds no HSDS table."))
    return found


def _csv_package(names: list[str], read: Callable[[str], bytes]) -> CsvPackage:
    from django.utils.translation import gettext as _

    if not names:
        raise PackageError(
            _("The package holds no HSDS table (organizations.csv, services.csv …).")
        )
    return CsvPackage(names, read)


def _read_csv_file(name: str, data: bytes) -> list[Row]:
    from django.utils.translation import gettext as _

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PackageError(_("%(file)s is not UTF-8 text.") % {"file": name}) from None
    return list(_csv_rows(name, text))


def _csv_rows(name: str, text: str) -> Iterator[Row]:
    from django.utils.translation import gettext as _

    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        return
    line = reader.line_num + 1
    for cells in reader:
        where = _("%(file)s, line %(line)s") % {"file": name, "line": line}
        line = reader.line_num + 1
        if not any(cell.strip() for cell in cells):
            continue
        values: dict[str, Any] = dict(zip(header, cells, strict=False))
        if len(cells) > len(header):
            values["\x00extra"] = cells[len(header) :]
        yield Row(where, values)


# Writing a package -------------------------------------------------------------------------

_FRICTIONLESS_TYPES = {
    models.UUIDField: ("string", "uuid"),
    models.FloatField: ("number", None),
    models.IntegerField: ("integer", None),
    models.DateTimeField: ("datetime", None),
    models.DateField: ("date", None),
    models.TimeField: ("time", None),
}


def _descriptor_field(table: Table, name: str) -> dict[str, Any]:
    field = table.field(name)
    for kind, (type_, format_) in _FRICTIONLESS_TYPES.items():
        if isinstance(field, kind):
            return {"name": name, "type": type_, **({"format": format_} if format_ else {})}
    return {"name": name, "type": "string"}


def datapackage(title: str) -> dict[str, Any]:
    return {
        "name": "hsds",
        "title": title,
        "profile": "tabular-data-package",
        "hsds_version": HSDS_VERSION,
        "resources": [
            {
                "name": table.key,
                "path": table.path,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "profile": "tabular-data-resource",
                "schema": {
                    "fields": [
                        {"name": "id", "type": "string", "format": "uuid"},
                        *(_descriptor_field(table, name) for name in table.fields),
                    ],
                    "primaryKey": "id",
                },
            }
            for table in TABLES
        ],
    }


def csv_text(table: Table, rows: list[dict[str, Any]]) -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["id", *table.fields])
    for row in rows:
        writer.writerow([as_cell(row.get(name)) for name in ("id", *table.fields)])
    return out.getvalue()


def write_csv_package(tables: dict[str, list[dict[str, Any]]], folder: Path, title: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for table in TABLES:
        (folder / table.path).write_text(
            csv_text(table, tables.get(table.path, [])), encoding="utf-8", newline=""
        )
    (folder / "datapackage.json").write_text(
        json.dumps(datapackage(title), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def json_package(tables: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """The JSON form: empty values left out, as HSDS's own examples do."""
    return {
        table.path: [
            {k: v for k, v in row.items() if v is not None and v != ""}
            for row in tables.get(table.path, [])
        ]
        for table in TABLES
    }
