"""Import a CDC/ATSDR Social Vulnerability Index county CSV into a result's indicators."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from groundwork.measures.actions.svi import svi_import
from groundwork.measures.actions.value_import import ImportRefused
from groundwork.measures.models import Result


class Command(BaseCommand):
    help = (
        "Import an SVI county CSV (any state, any year of the CDC layout) into the indicators "
        "of a result: the overall percentile and its four themes, for each county served."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The SVI county CSV file.")
        parser.add_argument("--result", type=int, required=True, help="The result's id.")
        parser.add_argument("--year", type=int, required=True, help="The SVI release, e.g. 2018.")

    def handle(self, *args: Any, **options: Any) -> None:
        result = Result.objects.filter(pk=options["result"]).first()
        if result is None:
            raise CommandError(f"No result {options['result']}.")
        try:
            data = options["file"].read_bytes()
        except OSError as error:
            raise CommandError(str(error)) from None
        try:
            found = svi_import(actor=None, result=result, data=data, year=options["year"])
        except ImportRefused as refused:
            raise CommandError("\n".join([refused.message, *refused.errors])) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"SVI {options['year']}: {found.counties} counties, {found.values} values, "
                f"{found.missing} without data, {found.indicators_created} indicators created."
            )
        )
