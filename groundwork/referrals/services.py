"""Every write about referrals: one transaction, validated, one audit event, and notices sent
after commit. Audit events never carry a person's details nor a sensitive service's name."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from groundwork.communities.models import Community, Membership, Organization, ReferralsRole
from groundwork.core.errors import ApplicationError
from groundwork.core.services import audit_record
from groundwork.directory.models import Service, ServiceStatus

from . import crypto
from .models import (
    AccessRecord,
    Consent,
    DeclineReason,
    Message,
    Need,
    Notification,
    Outcome,
    Person,
    Referral,
    SharedField,
    Status,
    StatusChange,
    Urgency,
)
from .rules import handling_organization, receiver_may_see_details
from .transitions import ENDED, OPEN, PERSON, RECEIVER, allowed

NAME_LIMIT = 200
NOTE_LIMIT = 2000
MESSAGE_LIMIT = 2000


class DuplicateReferral(ApplicationError):
    """Open referrals of the same person to the same service exist; the sender may go on."""

    def __init__(self, duplicates: list[Referral]) -> None:
        super().__init__(
            _(
                "This person already has an open referral to the same service. "
                "Check it before sending another, or confirm that you want to send it anyway."
            ),
            field="confirm_duplicate",
        )
        self.duplicates = duplicates


def receiving_organization(service: Service) -> Organization | None:
    if service.organization_id is None:
        return None
    return Organization.objects.filter(
        community_id=service.community_id, hsds_id=service.organization_id
    ).first()


def duplicates_of(
    *, community: Community, sender: Organization, phone: str, email: str, services: list[Service]
) -> list[Referral]:
    """Open referrals to these services of a person with the same phone or e-mail (compared
    by keyed hash). A sensitive service's referrals are compared within the sending
    organization only, so the check never tells another organization they exist."""
    hashes = Q()
    phone_hash = crypto.lookup_hash("phone", crypto.normalize_phone(phone))
    email_hash = crypto.lookup_hash("email", crypto.normalize_email(email))
    if phone_hash:
        hashes |= Q(person__phone_hash=phone_hash)
    if email_hash:
        hashes |= Q(person__email_hash=email_hash)
    if not hashes:
        return []
    return list(
        Referral.objects.filter(
            hashes,
            community=community,
            service__in=services,
            status__in=OPEN,
            details_erased_at__isnull=True,
        )
        .filter(Q(sensitive=False) | Q(sender=sender))
        .select_related("service")
        .order_by("pk")
    )


def _require(condition: bool, message: str, field: str | None = None) -> None:
    if not condition:
        raise ApplicationError(message, field=field)


@dataclass
class PersonDetails:
    name: str
    phone: str = ""
    email: str = ""
    best_times: str = ""
    contact_methods: list[str] = field(default_factory=list)
    language: str = "en"


@transaction.atomic
def referral_create(
    *,
    actor: Any,
    community: Community,
    services: list[Service],
    person: PersonDetails,
    needs: list[str],
    urgency: str,
    note: str,
    consent_method: str,
    consent_fields: list[str],
    consent_until: dt.date,
    attested: bool = False,
    signature: str = "",
    confirm_duplicate: bool = False,
    idempotency_key: str = "",
    base_url: str = "",
) -> list[Referral]:
    """Refer a person to one or more services of the community's directory, with consent.

    A verbal or signed consent sends the referrals at once; a link consent keeps them waiting
    until the person confirms through their link (``consent_confirm``)."""
    sender_id = handling_organization(actor, community)
    if sender_id is None:
        raise ApplicationError(_("Only members who handle referrals for an organization can send."))
    sender = Organization.objects.get(pk=sender_id, community=community)
    if idempotency_key:
        earlier = list(
            Referral.objects.filter(
                community=community, idempotency_key=idempotency_key, sender=sender
            ).order_by("pk")
        )
        if earlier:
            return earlier
    _require(bool(services), _("Choose at least one service."), "services")
    _require(
        all(s.community_id == community.pk for s in services),
        _("Choose services of this community."),
        "services",
    )
    _require(
        all(s.status == ServiceStatus.ACTIVE for s in services),
        _("One of the services is not active."),
        "services",
    )
    receivers = {}
    for service in services:
        organization = receiving_organization(service)
        _require(
            organization is not None,
            _("%(service)s has no organization to receive referrals.")
            % {"service": service.display_name},
            "services",
        )
        receivers[service.pk] = organization
    name = " ".join((person.name or "").split())
    _require(bool(name), _("Enter the person's name."), "name")
    _require(len(name) <= NAME_LIMIT, _("The name is too long."), "name")
    _require(
        bool(person.phone or person.email), _("Enter a phone number or an e-mail address."), "phone"
    )
    _require(
        not person.phone or len(crypto.normalize_phone(person.phone)) >= 7,
        _("Enter a phone number with at least seven digits."),
        "phone",
    )
    _require(len(note) <= NOTE_LIMIT, _("The note is too long."), "note")
    _require(all(n in Need.values for n in needs), _("Choose needs from the list."), "needs")
    _require(urgency in Urgency.values, _("Choose an urgency."), "urgency")
    _require(
        consent_method in Consent.Method.values, _("Say how the person agreed."), "consent_method"
    )
    _require(
        all(f in SharedField.values for f in consent_fields),
        _("Choose what the consent covers from the list."),
        "consent_fields",
    )
    today = timezone.localdate()
    _require(consent_until > today, _("Consent must last until a later day."), "consent_until")
    _require(
        consent_until <= today + dt.timedelta(days=366),
        _("Consent can last a year at most."),
        "consent_until",
    )
    if consent_method == Consent.Method.VERBAL:
        _require(
            attested,
            _("Confirm that the person agreed aloud to what the consent covers."),
            "attested",
        )
    if consent_method == Consent.Method.SIGNED:
        _require(bool(signature.strip()), _("The person signs by typing their name."), "signature")
    if consent_method == Consent.Method.LINK:
        _require(
            bool(person.email),
            _("A consent through the person's link needs their e-mail address."),
            "email",
        )
    if any(s.sensitive for s in services):
        _require(
            consent_method in (Consent.Method.SIGNED, Consent.Method.LINK),
            _(
                "A sensitive service needs the person's written consent: signed on this "
                "screen or confirmed through their own link."
            ),
            "consent_method",
        )
    if not confirm_duplicate:
        found = duplicates_of(
            community=community,
            sender=sender,
            phone=person.phone,
            email=person.email,
            services=services,
        )
        if found:
            raise DuplicateReferral(found)

    now = timezone.now()
    record = Person(
        community=community,
        organization=sender,
        name=name,
        phone=person.phone.strip(),
        email=person.email.strip(),
        best_times=person.best_times.strip(),
        contact_methods=list(person.contact_methods),
        language=person.language,
        phone_hash=crypto.lookup_hash("phone", crypto.normalize_phone(person.phone)),
        email_hash=crypto.lookup_hash("email", crypto.normalize_email(person.email)),
    )
    record.full_clean()
    record.save()
    expires = dt.datetime.combine(
        consent_until, dt.time.max, tzinfo=timezone.get_current_timezone()
    )
    consent = Consent(
        person=record,
        community=community,
        method=consent_method,
        recorded_by=actor,
        attested=attested,
        signature=signature.strip() if consent_method == Consent.Method.SIGNED else "",
        fields=sorted(set(consent_fields)),
        expires_at=expires,
        confirmed_at=None if consent_method == Consent.Method.LINK else now,
    )
    consent.full_clean()
    consent.save()
    consent.organizations.set({o.pk for o in receivers.values()})
    status = Status.AWAITING_CONSENT if consent_method == Consent.Method.LINK else Status.SENT
    created = []
    for service in services:
        referral = Referral(
            community=community,
            person=record,
            consent=consent,
            service=service,
            sender=sender,
            receiver=receivers[service.pk],
            sent_by=actor,
            status=status,
            needs=sorted(set(needs)),
            urgency=urgency,
            note=note.strip(),
            sensitive=service.sensitive,
            sent_at=now if status == Status.SENT else None,
            idempotency_key=idempotency_key,
        )
        referral.full_clean()
        referral.save()
        StatusChange.objects.create(
            referral=referral, to_status=status, actor=actor, organization=sender
        )
        created.append(referral)
        if status == Status.SENT:
            _notify_organization(referral, referral.receiver, Notification.Kind.RECEIVED)
    audit_record(
        community=community,
        actor=actor,
        action="referral.created",
        target=created[0],
        details={
            "referrals": [r.pk for r in created],
            "consent": consent_method,
            "status": status,
        },
    )
    if person.email:
        from .tasks import referral_links_email

        ids = [r.pk for r in created]
        transaction.on_commit(
            lambda: referral_links_email.enqueue(referral_ids=ids, base_url=base_url)
        )
    return created


def _members_handling(organization: Organization) -> list[Any]:
    return [
        m.user
        for m in Membership.objects.filter(
            organization=organization,
            community_id=organization.community_id,
            referrals_role__in=(ReferralsRole.STAFF, ReferralsRole.ADMIN),
        ).select_related("user")
    ]


def _notify_organization(referral: Referral, organization: Organization, kind: str) -> None:
    for user in _members_handling(organization):
        Notification.objects.create(recipient=user, referral=referral, kind=kind)


def _notify_sender(referral: Referral, kind: str, base_url: str = "") -> None:
    """In the app for everyone handling the sender's referrals, and by e-mail to the member
    who sent it."""
    _notify_organization(referral, referral.sender, kind)
    if referral.sent_by_id:
        from .tasks import referral_notice_email

        referral_id, user_id = referral.pk, referral.sent_by_id
        transaction.on_commit(
            lambda: referral_notice_email.enqueue(
                referral_id=referral_id, user_id=user_id, kind=kind, base_url=base_url
            )
        )


@transaction.atomic
def referral_transition(
    *,
    actor: Any,
    referral: Referral,
    to_status: str,
    reason: str = "",
    forward_to: Service | None = None,
    base_url: str = "",
) -> Referral:
    """Move a referral one step along ``transitions.TRANSITIONS``; any other step is refused.
    Declining needs a reason, closing an outcome, forwarding a service the consent covers."""
    referral = Referral.objects.select_for_update().select_related("consent").get(pk=referral.pk)
    who = allowed(referral.status, to_status)
    if who is None:
        raise ApplicationError(
            _("A referral that is %(status)s cannot become %(to)s.")
            % {
                "status": Status(referral.status).label.lower(),
                "to": Status(to_status).label.lower() if to_status in Status.values else to_status,
            }
        )
    if who == PERSON:
        raise ApplicationError(_("Only the person's own confirmation sends this referral."))
    assert who == RECEIVER
    organization_id = handling_organization(actor, referral.community)
    if organization_id != referral.receiver_id:
        raise ApplicationError(_("Only the receiving organization can do this."))
    now = timezone.now()
    if to_status == Status.ACCEPTED:
        if not referral.consent.is_effective():
            raise ApplicationError(
                _(
                    "The person's consent was revoked or has ended: "
                    "this referral cannot be accepted."
                )
            )
        referral.accepted_at = now
    if to_status == Status.DECLINED:
        _require(reason in DeclineReason.values, _("Choose a reason."), "reason")
        referral.decline_reason = reason
    if to_status == Status.CLOSED:
        _require(reason in Outcome.values, _("Choose an outcome."), "reason")
        referral.outcome = reason
    forwarded = None
    if to_status == Status.FORWARDED:
        forwarded = _forward(actor=actor, referral=referral, service=forward_to)
        referral.forwarded_to = forwarded
    if to_status in ENDED:
        referral.closed_at = now
    StatusChange.objects.create(
        referral=referral,
        from_status=referral.status,
        to_status=to_status,
        actor=actor,
        organization_id=organization_id,
        reason=reason if to_status in (Status.DECLINED, Status.CLOSED) else "",
    )
    referral.status = to_status
    referral.full_clean()
    referral.save()
    audit_record(
        community=referral.community,
        actor=actor,
        action=f"referral.{to_status}",
        target=referral,
        details={"reason": reason} if reason else {},
    )
    kind = {
        Status.ACCEPTED: Notification.Kind.ACCEPTED,
        Status.DECLINED: Notification.Kind.DECLINED,
        Status.CLOSED: Notification.Kind.CLOSED,
        Status.FORWARDED: Notification.Kind.FORWARDED,
    }.get(Status(to_status))
    if kind:
        _notify_sender(referral, kind, base_url)
    return referral


def _forward(*, actor: Any, referral: Referral, service: Service | None) -> Referral:
    _require(service is not None, _("Choose the service to forward to."), "forward_to")
    assert service is not None
    _require(
        service.community_id == referral.community_id and service.pk != referral.service_id,
        _("Choose another service of this community."),
        "forward_to",
    )
    consent = referral.consent
    _require(consent.is_effective(), _("The person's consent no longer holds."), "forward_to")
    organization = receiving_organization(service)
    _require(
        organization is not None and consent.organizations.filter(pk=organization.pk).exists(),
        _("The person's consent does not cover that organization."),
        "forward_to",
    )
    if service.sensitive:
        _require(
            consent.method != Consent.Method.VERBAL,
            _("A sensitive service needs the person's written consent."),
            "forward_to",
        )
    assert organization is not None
    now = timezone.now()
    new = Referral(
        community=referral.community,
        person_id=referral.person_id,
        consent=consent,
        service=service,
        sender=referral.sender,
        receiver=organization,
        sent_by=referral.sent_by,
        status=Status.SENT,
        needs=referral.needs,
        urgency=referral.urgency,
        note=referral.note,
        sensitive=service.sensitive,
        sent_at=now,
    )
    new.full_clean()
    new.save()
    StatusChange.objects.create(
        referral=new, to_status=Status.SENT, actor=actor, organization=referral.receiver
    )
    _notify_organization(new, organization, Notification.Kind.RECEIVED)
    return new


@transaction.atomic
def consent_confirm(*, referral: Referral) -> Consent:
    """The person confirms through their link: the consent holds from now and the referrals
    that waited for it are sent."""
    consent = Consent.objects.select_for_update().get(pk=referral.consent_id)
    if consent.revoked_at is not None:
        raise ApplicationError(_("You withdrew this consent; it cannot be given again here."))
    if consent.expires_at <= timezone.now():
        raise ApplicationError(_("This consent has ended."))
    if consent.confirmed_at is not None:
        return consent
    now = timezone.now()
    consent.confirmed_at = now
    consent.save(update_fields=["confirmed_at", "updated_at"])
    for waiting in Referral.objects.filter(consent=consent, status=Status.AWAITING_CONSENT):
        StatusChange.objects.create(
            referral=waiting,
            from_status=Status.AWAITING_CONSENT,
            to_status=Status.SENT,
            by_person=True,
        )
        waiting.status = Status.SENT
        waiting.sent_at = now
        waiting.save(update_fields=["status", "sent_at", "updated_at"])
        _notify_organization(waiting, waiting.receiver, Notification.Kind.RECEIVED)
    audit_record(
        community=referral.community,
        actor_label=_("the person referred"),
        action="referral.consent_confirmed",
        target=referral,
    )
    return consent


@transaction.atomic
def consent_revoke(
    *, referral: Referral, actor: Any = None, by_person: bool = False, base_url: str = ""
) -> Consent:
    """Revoke the consent behind a referral (the sender on the person's behalf, or the person
    through their link). Nothing more is shared, and organizations that had not accepted
    their referral no longer see the details."""
    if not by_person and handling_organization(actor, referral.community) != referral.sender_id:
        raise ApplicationError(
            _("Only the sending organization can revoke on the person's behalf.")
        )
    consent = Consent.objects.select_for_update().get(pk=referral.consent_id)
    if consent.revoked_at is not None:
        return consent
    consent.revoked_at = timezone.now()
    consent.revoked_by_person = by_person
    consent.save(update_fields=["revoked_at", "revoked_by_person", "updated_at"])
    audit_record(
        community=referral.community,
        actor=None if by_person else actor,
        actor_label=_("the person referred") if by_person else "",
        action="referral.consent_revoked",
        target=referral,
        details={"by_person": by_person},
    )
    _notify_sender(referral, Notification.Kind.REVOKED, base_url)
    return consent


@transaction.atomic
def message_send(*, actor: Any, referral: Referral, body: str) -> Message:
    organization_id = handling_organization(actor, referral.community)
    if organization_id not in (referral.sender_id, referral.receiver_id) or (
        organization_id == referral.receiver_id and referral.status == Status.AWAITING_CONSENT
    ):
        raise ApplicationError(_("Only the two organizations can write on a referral."))
    body = body.strip()
    _require(bool(body), _("Write a message."), "body")
    _require(len(body) <= MESSAGE_LIMIT, _("The message is too long."), "body")
    message = Message(referral=referral, author=actor, organization_id=organization_id, body=body)
    message.full_clean()
    message.save()
    audit_record(
        community=referral.community,
        actor=actor,
        action="referral.message",
        target=referral,
        details={"message": message.pk},
    )
    other = referral.receiver if organization_id == referral.sender_id else referral.sender
    _notify_organization(referral, other, Notification.Kind.MESSAGE)
    return message


DETAIL_FIELDS = {
    "name": ("name",),
    "contact": ("phone", "email", "best_times", "contact_methods"),
    "note": ("note",),
}


@transaction.atomic
def referral_details_read(*, actor: Any, referral: Referral, reason: str) -> dict[str, Any]:
    """The person's details as this reader may see them, and the record of the read.

    The sender sees everything it recorded; the receiver what the consent covers. The caller
    has checked ``referrals.view_details``."""
    organization_id = handling_organization(actor, referral.community)
    person = referral.person
    consent = referral.consent
    sender_side = organization_id == referral.sender_id
    shown: dict[str, Any] = {}
    for group, names in DETAIL_FIELDS.items():
        if not sender_side and not consent.covers(group):
            continue
        for name in names:
            shown[name] = getattr(referral if name == "note" else person, name)
    AccessRecord.objects.create(
        referral=referral,
        community=referral.community,
        viewer=actor,
        viewer_name=str(actor)[:200],
        organization_id=organization_id,
        fields=[k for k in shown if k != "contact_methods"] + ["messages"],
        reason=reason,
    )
    return shown


def receiver_sees_details(referral: Referral) -> bool:
    return referral.details_erased_at is None and receiver_may_see_details(referral)


@transaction.atomic
def referral_details_erase(*, referral: Referral, now: dt.datetime | None = None) -> bool:
    """Erase a referral's personal details (its note and messages), and the person's once
    none of their referrals keeps them. Figures, statuses and the audit trail stay."""
    now = now or timezone.now()
    if referral.details_erased_at is not None:
        return False
    Referral.objects.filter(pk=referral.pk).update(note="", details_erased_at=now)
    Message.objects.filter(referral=referral).update(body="")
    person = referral.person
    if not person.referrals.filter(details_erased_at__isnull=True).exists():
        Person.objects.filter(pk=person.pk).update(
            name="",
            phone="",
            email="",
            best_times="",
            contact_methods=[],
            phone_hash="",
            email_hash="",
            details_erased_at=now,
        )
        Consent.objects.filter(person=person).update(signature="")
    audit_record(
        community=referral.community,
        actor_label=_("retention"),
        action="referral.details_erased",
        target=referral,
    )
    return True


def referrals_erase_expired(
    *, now: dt.datetime | None = None, days: int | None = None
) -> list[int]:
    """Erase the details of referrals that ended (or waited for consent) more than ``days``
    (REFERRAL_RETENTION_DAYS) ago. Safe to run twice; returns the referrals erased."""
    now = now or timezone.now()
    days = settings.REFERRAL_RETENTION_DAYS if days is None else days
    cutoff = now - dt.timedelta(days=days)
    due = Referral.objects.filter(details_erased_at__isnull=True).filter(
        Q(status__in=ENDED, closed_at__lte=cutoff)
        | Q(status=Status.AWAITING_CONSENT, created_at__lte=cutoff)
    )
    erased = []
    for referral in due.select_related("person", "community").order_by("pk"):
        if referral_details_erase(referral=referral, now=now):
            erased.append(referral.pk)
    return erased


def business_days_between(start: dt.date, end: dt.date) -> int:
    """Weekdays after ``start`` up to and including ``end``."""
    days = 0
    current = start
    while current < end:
        current += dt.timedelta(days=1)
        if current.weekday() < 5:
            days += 1
    return days


def referrals_flag_overdue(*, now: dt.datetime | None = None, days: int | None = None) -> list[int]:
    """Flag sent referrals without an answer after ``days`` business days
    (REFERRAL_RESPONSE_DAYS) to both organizations and the community's coordinators, once
    each. Safe to run twice; returns the referrals flagged."""
    from groundwork.communities.models import Role

    now = now or timezone.now()
    days = settings.REFERRAL_RESPONSE_DAYS if days is None else days
    today = timezone.localdate(now)
    flagged = []
    waiting = Referral.objects.filter(
        status=Status.SENT, overdue_flagged_at__isnull=True, sent_at__isnull=False
    ).select_related("community", "sender", "receiver")
    for referral in waiting.order_by("pk"):
        if business_days_between(timezone.localdate(referral.sent_at), today) <= days:
            continue
        with transaction.atomic():
            if not Referral.objects.filter(pk=referral.pk, overdue_flagged_at__isnull=True).update(
                overdue_flagged_at=now
            ):
                continue
            recipients = {
                *_members_handling(referral.sender),
                *_members_handling(referral.receiver),
                *(
                    m.user
                    for m in Membership.objects.filter(
                        community=referral.community, role=Role.COORDINATOR
                    ).select_related("user")
                ),
            }
            for user in recipients:
                Notification.objects.create(
                    recipient=user, referral=referral, kind=Notification.Kind.OVERDUE
                )
            audit_record(
                community=referral.community,
                actor_label=_("reminder"),
                action="referral.overdue",
                target=referral,
                details={"business_days": days},
            )
        flagged.append(referral.pk)
    return flagged


@transaction.atomic
def notifications_mark_read(*, user: Any, community: Community) -> int:
    return Notification.objects.filter(
        recipient=user, referral__community=community, read_at__isnull=True
    ).update(read_at=timezone.now())


# Every encrypted column, for the rotation command.
ENCRYPTED = [
    (Person, ("name", "phone", "email", "best_times")),
    (Consent, ("signature",)),
    (Referral, ("note",)),
    (Message, ("body",)),
]


def keys_rotate() -> dict[str, int]:
    """Encrypt every personal field again with the newest key and recompute the look-up
    hashes under the current look-up key. Row by row, each in its own transaction; safe to
    run again after an interruption. Returns the rows rewritten per model."""
    counts: dict[str, int] = {}
    for model, names in ENCRYPTED:
        rewritten = 0
        for pk in model.objects.order_by("pk").values_list("pk", flat=True).iterator():
            with transaction.atomic():
                row = model.objects.select_for_update().get(pk=pk)
                changes = {name: getattr(row, name) for name in names}
                if isinstance(row, Person):
                    changes["phone_hash"] = crypto.lookup_hash(
                        "phone", crypto.normalize_phone(row.phone)
                    )
                    changes["email_hash"] = crypto.lookup_hash(
                        "email", crypto.normalize_email(row.email)
                    )
                # update() passes every value through the field again: encrypted afresh.
                model.objects.filter(pk=pk).update(**changes)
                rewritten += 1
        counts[model._meta.model_name or ""] = rewritten
    audit_record(action="referrals.keys_rotated", actor_label=_("key rotation"), details=counts)
    return counts
