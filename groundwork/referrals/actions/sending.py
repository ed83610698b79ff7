"""Starting a referral: validation, consent, the duplicate check by keyed hash."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from groundwork.communities.models import Community, Organization
from groundwork.core.errors import ApplicationError
from groundwork.core.services import audit_record
from groundwork.directory.models import Service, ServiceStatus

from .. import crypto
from ..models import (
    Consent,
    Person,
    Referral,
    SharedField,
    Status,
    StatusChange,
    Urgency,
)
from ..needs import need_choices
from ..rules import handling_organization
from ..transitions import OPEN
from .common import NAME_LIMIT, NOTE_LIMIT, notify_receiver, receiving_organization, require


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
    require(bool(services), _("Choose at least one service."), "services")
    require(
        all(s.community_id == community.pk for s in services),
        _("Choose services of this community."),
        "services",
    )
    require(
        all(s.status == ServiceStatus.ACTIVE for s in services),
        _("One of the services is not active."),
        "services",
    )
    receivers = {}
    for service in services:
        organization = receiving_organization(service)
        require(
            organization is not None,
            _("%(service)s has no organization to receive referrals.")
            % {"service": service.display_name},
            "services",
        )
        receivers[service.pk] = organization
    name = " ".join((person.name or "").split())
    require(bool(name), _("Enter the person's name."), "name")
    require(len(name) <= NAME_LIMIT, _("The name is too long."), "name")
    require(
        bool(person.phone or person.email), _("Enter a phone number or an e-mail address."), "phone"
    )
    require(
        not person.phone or len(crypto.normalize_phone(person.phone)) >= 7,
        _("Enter a phone number with at least seven digits."),
        "phone",
    )
    require(len(note) <= NOTE_LIMIT, _("The note is too long."), "note")
    offered = {code for code, _label in need_choices(community)}
    require(all(n in offered for n in needs), _("Choose needs from the list."), "needs")
    require(urgency in Urgency.values, _("Choose an urgency."), "urgency")
    require(
        consent_method in Consent.Method.values, _("Say how the person agreed."), "consent_method"
    )
    require(
        all(f in SharedField.values for f in consent_fields),
        _("Choose what the consent covers from the list."),
        "consent_fields",
    )
    today = timezone.localdate()
    require(consent_until > today, _("Consent must last until a later day."), "consent_until")
    require(
        consent_until <= today + dt.timedelta(days=366),
        _("Consent can last a year at most."),
        "consent_until",
    )
    if consent_method == Consent.Method.VERBAL:
        require(
            attested,
            _("Confirm that the person agreed aloud to what the consent covers."),
            "attested",
        )
    if consent_method == Consent.Method.SIGNED:
        require(bool(signature.strip()), _("The person signs by typing their name."), "signature")
    if consent_method == Consent.Method.LINK:
        require(
            bool(person.email),
            _("A consent through the person's link needs their e-mail address."),
            "email",
        )
    if any(s.sensitive for s in services):
        require(
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
            notify_receiver(referral, base_url)
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
        from ..tasks import referral_links_email

        ids = [r.pk for r in created]
        transaction.on_commit(
            lambda: referral_links_email.enqueue(referral_ids=ids, base_url=base_url)
        )
    return created
