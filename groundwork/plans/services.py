"""Every write to a plan: one transaction, validated, with its audit record."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from groundwork.communities.models import Organization
from groundwork.core.errors import AlreadyReceived, ApplicationError
from groundwork.core.ordering import move_one_place, next_position
from groundwork.core.services import audit_record
from groundwork.core.text import clean_text
from groundwork.deliberation.models import Statement, StatementModeration
from groundwork.deliberation.selectors import latest_consensus
from groundwork.directory.models import Asset, Service
from groundwork.planning.models import Contribution, Moderation, Participant, Process, QuestionKey
from groundwork.themes.models import Theme

from .models import (
    FOLLOW_CONFIRM_SALT,
    FOLLOW_SALT,
    Activity,
    ActivityLink,
    ActivityStatus,
    Endorsement,
    EndorsementValue,
    Follow,
    Goal,
    LinkKind,
    Plan,
    PlanVersion,
    ProgressUpdate,
)
from .tasks import queue_plan_pdfs

# Which question's answers each kind of link may point to.
LINK_QUESTIONS: dict[str, set[str]] = {
    LinkKind.STRENGTH: {QuestionKey.STRENGTHS},
    LinkKind.BARRIER: {QuestionKey.BARRIERS},
    LinkKind.ALLY: {QuestionKey.ALLIES},
    LinkKind.EVIDENCE: set(QuestionKey.values),
}


def _require(actor: Any, perm: str, plan: Plan) -> None:
    if not actor.has_perm(perm, plan):
        raise ApplicationError(_("Only the community's coordinators and facilitators can do that."))


@transaction.atomic
def plan_create(*, actor: Any, process: Process, title: str = "", summary: str = "") -> Plan:
    if not actor.has_perm("planning.change_process", process):
        raise ApplicationError(_("Only the community's coordinators and facilitators can do that."))
    if Plan.objects.filter(process=process).exists():
        raise ApplicationError(_("This process already has a plan."))
    plan = Plan(
        community=process.community,
        process=process,
        title=(title or str(_("Community Resilience Plan"))).strip(),
        summary=clean_text(summary),
    )
    plan.full_clean()
    plan.save()
    audit_record(community=process.community, actor=actor, action="plan.created", target=plan)
    return plan


@transaction.atomic
def plan_update(*, actor: Any, plan: Plan, title: str, summary: str = "") -> Plan:
    _require(actor, "plans.change_plan", plan)
    plan.title = title.strip()
    plan.summary = clean_text(summary)
    plan.full_clean()
    plan.save()
    audit_record(community=plan.community, actor=actor, action="plan.updated", target=plan)
    return plan


@transaction.atomic
def goal_save(
    *,
    actor: Any,
    plan: Plan,
    title: str,
    description: str = "",
    order: int | None = None,
    goal: Goal | None = None,
    statement: Statement | None = None,
    theme: Theme | None = None,
) -> Goal:
    """Create a goal (optionally from a consensus statement or a theme, keeping the link) or
    change one."""
    _require(actor, "plans.change_plan", plan)
    created = goal is None
    if goal is None:
        goal = Goal(community=plan.community, plan=plan)
        if order is None:
            order = next_position(plan.goals, field="order")
    elif goal.plan_id != plan.pk:
        raise ApplicationError(_("That goal belongs to another plan."))
    if statement is not None:
        if (
            statement.conversation.process_id != plan.process_id
            or statement.moderation != StatementModeration.ACCEPTED
        ):
            raise ApplicationError(_("That statement is not part of this process."))
        goal.statement = statement
        goal.consensus_percent = latest_consensus(plan.process).get(statement.pk)
    if theme is not None:
        if theme.process_id != plan.process_id or theme.parent_id is not None:
            raise ApplicationError(_("That theme is not part of this process."))
        goal.theme = theme
    goal.title = title.strip()
    goal.description = clean_text(description)
    if order is not None:
        goal.order = order
    goal.full_clean()
    goal.save()
    audit_record(
        community=plan.community,
        actor=actor,
        action="plan.goal_created" if created else "plan.goal_changed",
        target=goal,
        details={
            **({"statement": statement.pk} if statement else {}),
            **({"theme": theme.pk, "theme_label": theme.label} if theme else {}),
        },
    )
    return goal


@transaction.atomic
def activity_save(
    *,
    actor: Any,
    plan: Plan,
    goal: Goal,
    title: str,
    description: str = "",
    lead_name: str = "",
    lead_organization: Organization | None = None,
    partners: str = "",
    starts_on: date | None = None,
    ends_on: date | None = None,
    resources: str = "",
    status: str = ActivityStatus.IDEA,
    activity: Activity | None = None,
) -> Activity:
    _require(actor, "plans.change_plan", plan)
    if goal.plan_id != plan.pk:
        raise ApplicationError(_("Choose one of this plan's goals."), field="goal")
    if lead_organization is not None and lead_organization.community_id != plan.community_id:
        raise ApplicationError(
            _("Choose an organization of this community."), field="lead_organization"
        )
    if starts_on and ends_on and ends_on < starts_on:
        raise ApplicationError(_("The end date must not be before the start."), field="ends_on")
    created = activity is None
    if activity is None:
        activity = Activity(community=plan.community, plan=plan)
        activity.order = next_position(plan.activities.filter(goal=goal), field="order")
    elif activity.plan_id != plan.pk:
        raise ApplicationError(_("That activity belongs to another plan."))
    activity.goal = goal
    activity.title = title.strip()
    activity.description = clean_text(description)
    activity.lead_name = lead_name.strip()
    activity.lead_organization = lead_organization
    activity.partners = partners.strip()
    activity.starts_on = starts_on
    activity.ends_on = ends_on
    activity.resources = clean_text(resources)
    activity.status = status
    if status == ActivityStatus.DONE:
        activity.progress = 100
    activity.full_clean()
    activity.save()
    audit_record(
        community=plan.community,
        actor=actor,
        action="plan.activity_created" if created else "plan.activity_changed",
        target=activity,
    )
    return activity


@transaction.atomic
def goal_move(*, actor: Any, goal: Goal, direction: str) -> bool:
    """Move a goal one place up or down in the plan."""
    plan = goal.plan
    _require(actor, "plans.change_plan", plan)
    goals = list(plan.goals.select_for_update().order_by("order", "id"))
    moved = move_one_place(goals, goal, direction, field="order")
    if moved:
        audit_record(
            community=plan.community,
            actor=actor,
            action="plan.goal_moved",
            target=goal,
            details={"direction": direction},
        )
    return moved


@transaction.atomic
def activity_move(*, actor: Any, activity: Activity, direction: str) -> bool:
    """Move an activity one place up or down within its goal."""
    plan = activity.plan
    _require(actor, "plans.change_plan", plan)
    siblings = list(
        plan.activities.select_for_update().filter(goal_id=activity.goal_id).order_by("order", "id")
    )
    moved = move_one_place(siblings, activity, direction, field="order")
    if moved:
        audit_record(
            community=plan.community,
            actor=actor,
            action="plan.activity_moved",
            target=activity,
            details={"direction": direction},
        )
    return moved


@transaction.atomic
def goal_delete(*, actor: Any, goal: Goal) -> None:
    """Remove a goal with no activities (move or remove its activities first). Published
    versions keep it: they are snapshots."""
    plan = goal.plan
    _require(actor, "plans.change_plan", plan)
    if goal.activities.exists():
        raise ApplicationError(
            _("This goal still has activities. Move them to another goal or remove them first.")
        )
    audit_record(
        community=plan.community,
        actor=actor,
        action="plan.goal_deleted",
        target=plan,
        details={"goal": goal.pk, "title": goal.title},
    )
    goal.delete()


@transaction.atomic
def activity_delete(*, actor: Any, activity: Activity) -> None:
    """Remove an activity from the draft, with its links and endorsements. One that has
    progress updates is part of the plan's record: mark it dropped instead."""
    plan = activity.plan
    _require(actor, "plans.change_plan", plan)
    if activity.updates.exists():
        raise ApplicationError(
            _(
                "This activity has progress updates, which are part of the plan's record. "
                "Change its status to dropped instead."
            )
        )
    audit_record(
        community=plan.community,
        actor=actor,
        action="plan.activity_deleted",
        target=plan,
        details={"activity": activity.pk, "title": activity.title},
    )
    activity.delete()


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


@transaction.atomic
def endorsement_set_open(*, actor: Any, plan: Plan, is_open: bool) -> Plan:
    _require(actor, "plans.change_plan", plan)
    if is_open and not plan.activities.exists():
        raise ApplicationError(_("Add activities before asking the community to endorse them."))
    plan.endorsement_open = is_open
    plan.save(update_fields=["endorsement_open", "updated_at"])
    audit_record(
        community=plan.community,
        actor=actor,
        action="plan.endorsement_opened" if is_open else "plan.endorsement_closed",
        target=plan,
    )
    return plan


@dataclass(frozen=True)
class EndorsementEntry:
    activity_id: int
    value: str  # "" leaves the activity without a view
    comment: str = ""


@transaction.atomic
def endorsements_submit(
    *,
    plan: Plan,
    participant: Participant,
    entries: Sequence[EndorsementEntry],
    actor: Any = None,
    idempotency_key: str = "",
) -> int:
    """A participant's views on the draft's activities: one per activity (a second visit
    replaces the first); all are stored or none. Returns how many were stored.

    A retry of a form (same idempotency key) changes nothing and returns what the first one
    stored, to the participant who sent it only: anyone else sending that key gets
    ``AlreadyReceived`` and nothing is stored."""
    if len(idempotency_key) > 60:
        raise ApplicationError(_("The form is out of date. Reload the page and try again."))
    if idempotency_key:
        sent = list(
            Endorsement.objects.filter(activity__plan=plan, idempotency_key=idempotency_key)
        )
        if sent:
            if any(e.participant_id != participant.pk for e in sent):
                raise AlreadyReceived()
            return len(sent)
    if actor is not None and not actor.has_perm("plans.endorse", plan):
        raise ApplicationError(_("The draft plan is not open for endorsement now."))
    if not plan.endorsement_open:
        raise ApplicationError(_("The draft plan is not open for endorsement now."))
    if participant.process_id != plan.process_id:
        raise ApplicationError(_("You are not taking part in this process."))
    activity_ids = set(plan.activities.values_list("pk", flat=True))
    chosen = [e for e in entries if e.value or e.comment.strip()]
    for entry in chosen:
        if entry.activity_id not in activity_ids:
            raise ApplicationError(_("That activity is not part of this plan."))
        if entry.value not in EndorsementValue.values:
            raise ApplicationError(
                _("Say whether you support the activity or have concerns before commenting.")
            )
    if not chosen:
        raise ApplicationError(_("Say what you think of at least one activity."))
    for entry in chosen:
        endorsement, _created = Endorsement.objects.update_or_create(
            activity_id=entry.activity_id,
            participant=participant,
            defaults={
                "community": plan.community,
                "value": entry.value,
                "comment": clean_text(entry.comment),
                "idempotency_key": idempotency_key,
            },
        )
        endorsement.full_clean()
    audit_record(
        community=plan.community,
        actor=actor,
        action="plan.endorsed",
        target=plan,
        details={"participant": str(participant.public_id)[:8], "activities": len(chosen)},
    )
    return len(chosen)


@transaction.atomic
def plan_publish(*, actor: Any, plan: Plan, note: str = "") -> PlanVersion:
    """Freeze the draft as the next numbered version; the draft stays editable."""
    from .snapshot import build_snapshot

    _require(actor, "plans.change_plan", plan)
    plan = (
        Plan.objects.select_for_update()
        .select_related("community", "process__community")
        .get(pk=plan.pk)
    )
    if not plan.activities.exists():
        raise ApplicationError(_("A plan needs at least one activity before it is published."))
    number = next_position(plan.versions, field="number")
    version = PlanVersion(
        community=plan.community,
        plan=plan,
        number=number,
        note=note.strip()[:500],
        snapshot=build_snapshot(plan),
        published_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    version.full_clean()
    version.save()
    if plan.endorsement_open:
        plan.endorsement_open = False
        plan.save(update_fields=["endorsement_open", "updated_at"])
    audit_record(
        community=plan.community,
        actor=actor,
        action="plan.published",
        target=version,
        details={"number": number},
    )
    queue_plan_pdfs(plan)
    return version


MAX_PHOTO_BYTES = 5 * 1024 * 1024
MAX_PHOTO_PIXELS = 40_000_000
PHOTO_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def photo_clean(upload: Any) -> Any:
    """A JPEG, PNG or WebP of at most 5 MB, re-encoded without its metadata (a phone's photo
    says where it was taken) under a random name; anything else is refused."""
    import io
    import uuid

    from django.core.files.base import ContentFile
    from PIL import Image, ImageOps

    refused = ApplicationError(_("Send a JPEG, PNG or WebP photo."), field="photo")
    if upload.size > MAX_PHOTO_BYTES:
        raise ApplicationError(_("The photo is larger than 5 MB."), field="photo")
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            kind = probe.format
            if probe.width * probe.height > MAX_PHOTO_PIXELS:
                raise refused
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
            picture = ImageOps.exif_transpose(image)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as error:
        raise refused from error
    if kind not in PHOTO_FORMATS:
        raise refused
    if kind == "JPEG" and picture.mode not in ("RGB", "L"):
        picture = picture.convert("RGB")
    out = io.BytesIO()
    picture.save(out, format=kind, **({"quality": 85} if kind != "PNG" else {}))
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.{PHOTO_FORMATS[kind]}")


@transaction.atomic
def progress_post(
    *,
    actor: Any,
    activity: Activity,
    on_date: date,
    progress: int,
    status: str,
    note: str,
    photo: Any = None,
) -> ProgressUpdate:
    """Record what happened on an activity (with a photo, optionally) and carry its progress
    and status over to it."""
    plan = activity.plan
    _require(actor, "plans.post_progress", plan)
    if on_date > timezone.localdate():
        raise ApplicationError(_("The date of an update cannot be in the future."), field="on_date")
    if not 0 <= progress <= 100:
        raise ApplicationError(_("Progress is a percentage from 0 to 100."), field="progress")
    if status == ActivityStatus.DONE:
        progress = 100
    update = ProgressUpdate(
        community=plan.community,
        activity=activity,
        on_date=on_date,
        progress=progress,
        status=status,
        note=clean_text(note),
        author=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if photo:
        update.photo = photo_clean(photo)
    update.full_clean()
    update.save()
    latest = activity.updates.order_by("-on_date", "-id").first()
    if latest is not None and latest.pk == update.pk:
        activity.progress = progress
        activity.status = status
        activity.full_clean()
        activity.save(update_fields=["progress", "status", "updated_at"])
    audit_record(
        community=plan.community,
        actor=actor,
        action="plan.progress_posted",
        target=activity,
        details={"progress": progress, "status": status, "on_date": on_date.isoformat()},
    )
    queue_plan_pdfs(plan)
    return update


# --- Following the plan by e-mail -------------------------------------------------------


def plan_mailing_list(plan: Plan) -> Any:
    """The plan's own mailing list (its followers), made on first use."""
    from groundwork.newsletters.models import MailingList

    mailing_list, _created = MailingList.objects.get_or_create(
        plan=plan,
        defaults={
            "community_id": plan.community_id,
            "slug": f"plan-{plan.pk}",
            "name_en": plan.title[:200],
        },
    )
    return mailing_list


@transaction.atomic
def follow_create(
    *, plan: Plan, email: str, user: Any = None, language: str = "", site_root: str = ""
) -> Follow:
    """Ask for the plan's progress updates at an address: double opt-in. A new request (or one
    still waiting) e-mails the address a signed link to confirm, in the requester's language;
    nothing else goes to it before. An address that already follows gets nothing (a double
    submit stores one), and the caller learns nothing either way: the same Follow-shaped
    answer, the same page. ``site_root`` (https://host) prefixes the link in the e-mail."""
    from django.conf import settings
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    email = email.strip()
    try:
        validate_email(email)
    except ValidationError as error:
        raise ApplicationError(_("Enter a valid e-mail address."), field="email") from error
    local, domain = email.rsplit("@", 1)
    email = f"{local}@{domain.lower()}"
    languages = [code for code, _name in settings.LANGUAGES]
    language = language if language in languages else settings.LANGUAGE_CODE[:2]
    mailing_list = plan_mailing_list(plan)
    follow = (
        Follow.objects.select_for_update()
        .filter(mailing_list=mailing_list, email__iexact=email)
        .first()
    )
    if follow is not None and follow.confirmed_at is not None:
        return follow  # already follows: nothing to send, nothing to tell
    now = timezone.now()
    if follow is None:
        follow = Follow(
            mailing_list=mailing_list,
            email=email,
            user=user if getattr(user, "is_authenticated", False) else None,
            language=language,
        )
        action = "plan.follow_requested"
    else:
        follow.language = language  # asked again: write in the language of the latest ask
        action = "plan.follow_requested_again"
    follow.confirmation_sent_at = now
    follow.full_clean()
    follow.save()
    audit_record(community=plan.community, actor=user, action=action, target=follow)
    follow_id, root = follow.pk, site_root.rstrip("/")
    transaction.on_commit(lambda: _follow_send_confirmation(follow_id, root))
    return follow


def _follow_send_confirmation(follow_id: int, root: str) -> None:
    from django.conf import settings
    from django.core.mail import EmailMessage
    from django.template.loader import render_to_string
    from django.utils import translation

    follow = (
        Follow.objects.select_related("mailing_list__plan__process__community")
        .filter(pk=follow_id)
        .first()
    )
    if follow is None or follow.confirmed_at is not None:
        return
    with translation.override(follow.language):
        context = {
            "plan": follow.plan,
            "community": follow.plan.process.community,
            "confirm_url": root + follow.get_confirm_url(),
            "days": settings.FOLLOW_CONFIRM_DAYS,
        }
        subject = render_to_string("plans/email/follow_confirm_subject.txt", context).strip()
        body = render_to_string("plans/email/follow_confirm.txt", context)
    EmailMessage(subject, body, to=[follow.email]).send()


def follow_from_confirm_token(token: str) -> Follow | None:
    """The follow request a confirmation link stands for, if the link is genuine, not older
    than FOLLOW_CONFIRM_DAYS and the request is still there."""
    from django.conf import settings
    from django.core import signing

    try:
        value = signing.loads(
            token, salt=FOLLOW_CONFIRM_SALT, max_age=settings.FOLLOW_CONFIRM_DAYS * 24 * 3600
        )
    except signing.BadSignature:  # also SignatureExpired
        return None
    if not isinstance(value, dict):
        return None
    return (
        Follow.objects.select_related("mailing_list__plan__process__community")
        .filter(pk=value.get("f"), email=value.get("e"))
        .first()
    )


@transaction.atomic
def follow_confirm(*, follow: Follow) -> Follow:
    """The address's owner followed the link: updates go to it from now on. Confirming again
    changes nothing."""
    follow = Follow.objects.select_for_update().get(pk=follow.pk)
    if follow.confirmed_at is not None:
        return follow
    follow.confirmed_at = timezone.now()
    follow.save(update_fields=["confirmed_at"])
    audit_record(community=follow.community, action="plan.followed", target=follow)
    return follow


@transaction.atomic
def follow_prune_unconfirmed(*, now: Any = None) -> int:
    """Remove follow requests whose confirmation link was sent more than FOLLOW_CONFIRM_DAYS
    ago and never followed. Run by the periodic digest command; safe to run twice."""
    from datetime import timedelta

    from django.conf import settings

    cutoff = (now or timezone.now()) - timedelta(days=settings.FOLLOW_CONFIRM_DAYS)
    expired = list(
        Follow.objects.select_for_update()
        .filter(confirmed_at__isnull=True)
        .filter(Q(confirmation_sent_at__lt=cutoff) | Q(confirmation_sent_at__isnull=True))
        .filter(created_at__lt=cutoff)
    )
    for follow in expired:
        audit_record(community=follow.community, action="plan.follow_expired", target=follow)
        follow.delete()
    return len(expired)


@transaction.atomic
def follow_delete(*, follow: Follow) -> None:
    """Stop the e-mails (from the signed link: no account needed, so the record names no
    actor; "plan.unfollowed" happens only through that link)."""
    audit_record(community=follow.community, action="plan.unfollowed", target=follow.plan)
    follow.delete()


def follow_from_token(token: str) -> Follow | None:
    """The follow a signed unsubscribe token stands for, if it is genuine and still there."""
    from django.core import signing

    try:
        value = signing.loads(token, salt=FOLLOW_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(value, dict):
        return None
    return (
        Follow.objects.select_related("mailing_list__plan__process__community")
        .filter(pk=value.get("f"), email=value.get("e"))
        .first()
    )
