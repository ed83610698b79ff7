"""manage.py hsds_import DIR|FILE --community SLUG: import an HSDS 3.0 package (a folder of
CSVs, a zip of one, or the JSON form) into a community, all or nothing."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from groundwork.communities.models import Community
from groundwork.directory.services import ImportFailed, hsds_import


class Command(BaseCommand):
    help = "Import an HSDS 3.0 package into a community's directory (all or nothing)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "source", help="a folder of HSDS CSV files, a zip of one, or a JSON file"
        )
        parser.add_argument("--community", required=True, help="the community's slug")

    def handle(self, *args: Any, **options: Any) -> None:
        community = Community.objects.filter(slug=options["community"]).first()
        if community is None:
            raise CommandError(
                _("There is no community “%(slug)s”.") % {"slug": options["community"]}
            )
        try:
            result = hsds_import(
                actor=None,
                community=community,
                source=options["source"],
                actor_label="manage.py hsds_import",
            )
        except ImportFailed as failed:
            raise CommandError("\n".join([failed.message, *failed.errors])) from None
        for label, counts in (
            (_("created"), result.created),
            (_("updated"), result.updated),
            (_("unchanged"), result.unchanged),
        ):
            if counts:
                listed = ", ".join(f"{table} {n}" for table, n in sorted(counts.items()))
                self.stdout.write(f"{label}: {listed}")
