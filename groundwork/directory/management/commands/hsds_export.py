"""manage.py hsds_export DEST --community SLUG [--format csv|json]: write a community's
directory as an HSDS 3.0 package (a folder with datapackage.json and the CSVs, or the JSON
form). Confidential locations' addresses and coordinates are never written."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from groundwork.communities.models import Community
from groundwork.directory import hsds, selectors


class Command(BaseCommand):
    help = "Export a community's directory as an HSDS 3.0 package."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("destination", help="a folder (CSV) or a file (JSON)")
        parser.add_argument("--community", required=True, help="the community's slug")
        parser.add_argument("--format", choices=["csv", "json"], default="csv")

    def handle(self, *args: Any, **options: Any) -> None:
        community = Community.objects.filter(slug=options["community"]).first()
        if community is None:
            raise CommandError(
                _("There is no community “%(slug)s”.") % {"slug": options["community"]}
            )
        tables = selectors.export_tables(community=community)
        destination = Path(options["destination"])
        if options["format"] == "json":
            destination.write_text(
                json.dumps(hsds.json_package(tables), ensure_ascii=False, indent=1) + "\n",
                encoding="utf-8",
            )
        else:
            hsds.write_csv_package(tables, destination, community.name)
        self.stdout.write(", ".join(f"{path} {len(rows)}" for path, rows in tables.items() if rows))
