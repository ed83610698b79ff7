"""An activity's links to the words it came from: answers, statements, themes, assets,
services and organizations."""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from groundwork.communities.models import Organization
from groundwork.core.errors import ApplicationError
from groundwork.core.services import audit_record
from groundwork.deliberation.models import Statement, StatementModeration
from groundwork.deliberation.selectors import latest_consensus
from groundwork.directory.models import Asset, Service
from groundwork.planning.models import Contribution, Moderation
from groundwork.themes.models import Theme

from ..models import (
    Activity,
    ActivityLink,
    LinkKind,
)
from .common import LINK_QUESTIONS, _require


@transaction.atomic
def activity_link(
    *,
    actor: Any,
    activity: Activity,
    kind: str,
    contribution_ids: Iterable[int] = (),
    statement_ids: Iterable[int] = (),
    organization_ids: Iterable[int] = (),
    theme_ids: Iterable[int] = (),
    asset_ids: Iterable[int] = (),
    service_ids: Iterable[int] = (),
    same_text: bool = True,
) -> int:
    """Link evidence to an activity; returns how many new links were made.

    A contribution brings along every visible answer to the same question with the very same
    words (``same_text``): ten people who wrote "The library has computers" all stand behind
    the activity. Everything picked must belong to the activity's process, or nothing is linked.
    """
    plan = activity.plan
    _require(actor, "plans.change_plan", plan)
    if kind not in LinkKind.values:
        raise ApplicationError(_("Choose what the link means."), field="kind")
    process = plan.process
    contribution_ids = {int(i) for i in contribution_ids}
    statement_ids = {int(i) for i in statement_ids}
    organization_ids = {int(i) for i in organization_ids}
    theme_ids = {int(i) for i in theme_ids}
    asset_ids = {int(i) for i in asset_ids}
    service_ids = {int(i) for i in service_ids}
    if not (
        contribution_ids
        or statement_ids
        or organization_ids
        or theme_ids
        or asset_ids
        or service_ids
    ):
        raise ApplicationError(_("Pick at least one answer, theme, statement or organization."))
    picked = list(
        Contribution.objects.filter(
            process=process, pk__in=contribution_ids, moderation=Moderation.VISIBLE
        ).select_related("question")
    )
    if len(picked) != len(contribution_ids):
        raise ApplicationError(_("Some of the answers picked are not part of this process."))
    wrong = [c for c in picked if c.question.key not in LINK_QUESTIONS[kind]]
    if wrong:
        raise ApplicationError(
            _("Only answers to the matching question can be linked this way: %(kind)s.")
            % {"kind": LinkKind(kind).label}
        )
    if statement_ids:
        if kind != LinkKind.EVIDENCE:
            raise ApplicationError(_("Statements can only be linked as evidence."))
        found = Statement.objects.filter(
            conversation__process=process,
            pk__in=statement_ids,
            moderation=StatementModeration.ACCEPTED,
        ).count()
        if found != len(statement_ids):
            raise ApplicationError(_("Some of the statements picked are not part of this process."))
    if organization_ids:
        if kind != LinkKind.ALLY:
            raise ApplicationError(_("Organizations can only be linked as allies."))
        found = Organization.objects.filter(community=plan.community, pk__in=organization_ids)
        if found.count() != len(organization_ids):
            raise ApplicationError(_("Some of the organizations picked are not in this community."))
    if asset_ids:
        if kind not in (LinkKind.STRENGTH, LinkKind.ALLY):
            raise ApplicationError(_("Assets can only be linked as strengths or allies."))
        found = Asset.objects.filter(community=plan.community, pk__in=asset_ids).shown()
        if found.count() != len(asset_ids):
            raise ApplicationError(_("Some of the assets picked are not in this community's map."))
    if service_ids:
        if kind != LinkKind.ALLY:
            raise ApplicationError(_("Services can only be linked as allies."))
        found = Service.objects.filter(community=plan.community, pk__in=service_ids)
        if found.count() != len(service_ids):
            raise ApplicationError(_("Some of the services picked are not in this community."))
    if theme_ids:
        themes = list(
            Theme.objects.filter(process=process, parent=None, pk__in=theme_ids).select_related(
                "question"
            )
        )
        if len(themes) != len(theme_ids):
            raise ApplicationError(_("Some of the themes picked are not part of this process."))
        if any(t.question.key not in LINK_QUESTIONS[kind] for t in themes):
            raise ApplicationError(
                _("Only themes of the matching question can be linked this way: %(kind)s.")
                % {"kind": LinkKind(kind).label}
            )
    ids = {c.pk for c in picked}
    if same_text and picked:
        same_words = Q()
        for c in picked:
            same_words |= Q(question_id=c.question_id, text=c.text)
        ids.update(
            Contribution.objects.filter(
                same_words, process=process, moderation=Moderation.VISIBLE
            ).values_list("pk", flat=True)
        )
    percents = latest_consensus(process) if statement_ids else {}
    before = activity.links.count()
    ActivityLink.objects.bulk_create(
        [
            ActivityLink(community=plan.community, activity=activity, kind=kind, contribution_id=i)
            for i in sorted(ids)
        ]
        + [
            ActivityLink(
                community=plan.community,
                activity=activity,
                kind=kind,
                statement_id=i,
                consensus_percent=percents.get(i),
            )
            for i in sorted(statement_ids)
        ]
        + [
            ActivityLink(community=plan.community, activity=activity, kind=kind, organization_id=i)
            for i in sorted(organization_ids)
        ]
        + [
            ActivityLink(community=plan.community, activity=activity, kind=kind, theme_id=i)
            for i in sorted(theme_ids)
        ]
        + [
            ActivityLink(community=plan.community, activity=activity, kind=kind, asset_id=i)
            for i in sorted(asset_ids)
        ]
        + [
            ActivityLink(community=plan.community, activity=activity, kind=kind, service_id=i)
            for i in sorted(service_ids)
        ],
        ignore_conflicts=True,
    )
    added = activity.links.count() - before
    audit_record(
        community=plan.community,
        actor=actor,
        action="plan.activity_linked",
        target=activity,
        details={
            "kind": kind,
            "added": added,
            "statements": sorted(statement_ids),
            "organizations": sorted(organization_ids),
            "themes": sorted(theme_ids),
            "assets": sorted(asset_ids),
            "services": sorted(service_ids),
        },
    )
    return added


@transaction.atomic
def activity_unlink(*, actor: Any, activity: Activity, kind: str, key: str) -> int:
    """Remove a group of links: ``key`` is "c<contribution text group id>", "s<id>", "o<id>",
    "t<id>", "a<asset id>" or "v<service id>" as the builder shows them; a contribution takes
    its same-words companions along."""
    plan = activity.plan
    _require(actor, "plans.change_plan", plan)
    links = activity.links.filter(kind=kind)
    prefix, _sep, number = key[:1], None, key[1:]
    if not number.isdigit():
        raise ApplicationError(_("That link does not exist."))
    if prefix == "c":
        first = Contribution.objects.filter(pk=int(number), process=plan.process).first()
        if first is None:
            raise ApplicationError(_("That link does not exist."))
        links = links.filter(
            contribution__question_id=first.question_id, contribution__text=first.text
        )
    elif prefix == "s":
        links = links.filter(statement_id=int(number))
    elif prefix == "o":
        links = links.filter(organization_id=int(number))
    elif prefix == "t":
        links = links.filter(theme_id=int(number))
    elif prefix == "a":
        links = links.filter(asset_id=int(number))
    elif prefix == "v":
        links = links.filter(service_id=int(number))
    else:
        raise ApplicationError(_("That link does not exist."))
    removed, _detail = links.delete()
    audit_record(
        community=plan.community,
        actor=actor,
        action="plan.activity_unlinked",
        target=activity,
        details={"kind": kind, "key": key, "removed": removed},
    )
    return removed
