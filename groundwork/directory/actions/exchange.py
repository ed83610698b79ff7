"""Packages from and for a steward's browser: an uploaded HSDS 3.0 package (a zip of the CSV
data package, or the JSON form) checked without saving or imported all or nothing, and the
community's directory downloaded as a package. The import itself is ``services.hsds_import``
(the same as ``manage.py hsds_import``); this module reads uploads and writes downloads.

An upload is read from a temporary file that is removed when the request ends; a zip is
refused before it is read when its HSDS files would unpack to more than
``DIRECTORY_IMPORT_MAX_UNPACKED_MB``."""

from __future__ import annotations

import io
import json
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import rules
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from groundwork.communities.models import Community
from groundwork.core.errors import ApplicationError
from groundwork.core.services import audit_record

from .. import hsds, selectors
from ..services import ImportFailed, ImportResult, hsds_import


@contextmanager
def uploaded_package(upload: Any) -> Iterator[Path]:
    """The upload as a file on disk while the block runs (zip or JSON, as it came)."""
    with tempfile.TemporaryDirectory(prefix="hsds-import-") as folder:
        path = Path(folder) / "package"
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        if zipfile.is_zipfile(path):
            _check_unpacked_size(path)
            path = path.rename(path.with_suffix(".zip"))
        yield path


def _check_unpacked_size(path: Path) -> None:
    limit = settings.DIRECTORY_IMPORT_MAX_UNPACKED_MB * 1024 * 1024
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(
                info.file_size
                for info in archive.infolist()
                if Path(info.filename).name in hsds.BY_PATH
            )
    except zipfile.BadZipFile:
        raise ImportFailed([_("The zip file cannot be opened.")]) from None
    if unpacked > limit:
        raise ImportFailed(
            [
                _("Unpacked, the package's files would take more than %(size)s MB.")
                % {"size": settings.DIRECTORY_IMPORT_MAX_UNPACKED_MB}
            ]
        )


class _CheckOnly(Exception):
    def __init__(self, result: ImportResult) -> None:
        self.result = result


def hsds_import_check(*, actor: Any, community: Community, source: Path) -> ImportResult:
    """What importing the package would change, with nothing saved (the import runs and is
    rolled back). Raises ImportFailed exactly as the import would."""
    try:
        with transaction.atomic():
            result = hsds_import(actor=actor, community=community, source=source)
            raise _CheckOnly(result)
    except _CheckOnly as checked:
        return checked.result


@dataclass(frozen=True)
class Download:
    filename: str
    content_type: str
    content: bytes


FORMATS = ("zip", "json")


def zip_package(tables: dict[str, list[dict[str, Any]]], title: str) -> bytes:
    """The CSV data package (``datapackage.json`` and one CSV per HSDS table) as a zip."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "datapackage.json",
            json.dumps(hsds.datapackage(title), indent=2, ensure_ascii=False) + "\n",
        )
        for table in hsds.TABLES:
            archive.writestr(table.path, hsds.csv_text(table, tables.get(table.path, [])))
    return out.getvalue()


@transaction.atomic
def hsds_export(*, actor: Any, community: Community, form: str) -> Download:
    """The community's directory as an HSDS 3.0 package to download: ``zip`` (the CSV data
    package) or ``json`` (the JSON form). Confidential locations' addresses and coordinates
    are never in it (``selectors.export_tables``). Audited: who took a copy, and when."""
    if not rules.has_perm("directory.export", actor, community):
        raise ApplicationError(_("You do not have permission to do that."))
    if form not in FORMATS:
        raise ApplicationError(_("There is no such kind of package."))
    tables = selectors.export_tables(community=community)
    audit_record(
        action="directory.exported",
        actor=actor,
        community=community,
        details={
            "format": form,
            "rows": {path: len(rows) for path, rows in tables.items() if rows},
        },
    )
    name = f"{community.slug}-hsds"
    if form == "json":
        text = json.dumps(hsds.json_package(tables), ensure_ascii=False, indent=1) + "\n"
        return Download(f"{name}.json", "application/json", text.encode("utf-8"))
    return Download(f"{name}.zip", "application/zip", zip_package(tables, community.name))
