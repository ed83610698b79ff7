"""Import a Pol.is export folder as a new process (with its conversation) of a community."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from groundwork.analysis.polis_io import read_export
from groundwork.communities.models import Community, Role
from groundwork.core.errors import ApplicationError
from groundwork.deliberation.interchange import UploadError, read_folder_translations
from groundwork.deliberation.services import conversation_import_polis


class Command(BaseCommand):
    help = "Import a Pol.is export folder as a new planning process with its conversation."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("folder")
        parser.add_argument("--community", required=True, help="the community's short name")
        parser.add_argument("--slug", required=True, help="short name of the new process")
        parser.add_argument("--title", help="title of the new process (default: the topic)")
        parser.add_argument(
            "--as", dest="actor", help="e-mail of the coordinator importing (default: the first)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        community = Community.objects.filter(slug=options["community"]).first()
        if community is None:
            raise CommandError(f"No community {options['community']!r}.")
        memberships = community.memberships.select_related("user").filter(
            role__in=[Role.COORDINATOR, Role.FACILITATOR]
        )
        if options["actor"]:
            memberships = memberships.filter(user__email=options["actor"])
        membership = memberships.order_by("id").first()
        if membership is None:
            raise CommandError("Name a coordinator or facilitator of the community with --as.")
        try:
            export = read_export(options["folder"])
            translations = read_folder_translations(options["folder"])
        except UploadError as exc:
            raise CommandError(exc.message) from exc
        except (OSError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        title = options["title"] or export.summary_dict().get("topic") or options["slug"]
        try:
            conversation = conversation_import_polis(
                actor=membership.user,
                community=community,
                title=title[:200],
                slug=options["slug"],
                export=export,
                translations=translations,
            )
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"Imported {conversation.statements.count()} statements and "
            f"{conversation.votes.count()} votes into {conversation.process.get_absolute_url()}"
        )
