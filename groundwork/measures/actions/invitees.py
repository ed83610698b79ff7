"""Who is invited to a survey by e-mail: the recipients its owners add, each with a personal
link (derived, never stored) and an invitation waiting for the worker; their opt-outs and the
site's suppression list, which keep an address from being written to again; the owners' counts.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from groundwork.core.errors import ApplicationError
from groundwork.core.services import audit_record
from groundwork.newsletters.services import suppressed_addresses

from ..models import Instrument, InvitationLink, InvitationMessage, Invitee

LINK_SALT = "groundwork.measures.invitation-link"
OPT_OUT_SALT = "groundwork.measures.invitation-opt-out"
MAX_RECIPIENTS_AT_ONCE = 2000
Kind = InvitationMessage.Kind
Status = InvitationMessage.Status


def link_token(invitee: Invitee) -> str:
    """The token of the recipient's personal link: derived, never stored (its SHA-256 is, in
    the link's row, like every personal link's)."""
    value = f"{invitee.pk}:{invitee.instrument_id}:{invitee.nonce}"
    return salted_hmac(LINK_SALT, value, algorithm="sha256").hexdigest()[:40]


def _address_mark(email: str) -> str:
    """A keyed digest of the address: the link is tied to it without showing it (links end
    up in web server logs)."""
    return salted_hmac(OPT_OUT_SALT, email.lower(), algorithm="sha256").hexdigest()[:16]


def opt_out_token(invitee: Invitee) -> str:
    """Signed, naming the recipient and (by a digest) the address: it works for that one
    recipient only."""
    return signing.dumps({"i": invitee.pk, "a": _address_mark(invitee.email)}, salt=OPT_OUT_SALT)


def from_opt_out_token(token: str) -> Invitee | None:
    try:
        data = signing.loads(token, salt=OPT_OUT_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("i"), int):
        return None
    invitee = (
        Invitee.objects.select_related("instrument__community", "instrument__network")
        .filter(pk=data["i"])
        .first()
    )
    if invitee is None or data.get("a") != _address_mark(invitee.email):
        return None
    return invitee


# Recipients ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Parsed:
    emails: list[str]
    errors: list[tuple[int, str]]  # (line number, what is wrong)


def parse_addresses(text: str) -> Parsed:
    """E-mail addresses pasted one a line (commas and semicolons separate them too)."""
    emails: list[str] = []
    errors: list[tuple[int, str]] = []
    seen: set[str] = set()
    for number, line in enumerate((text or "").splitlines(), start=1):
        for part in re.split(r"[,;\s]+", line.strip()):
            part = part.strip().strip("<>")
            if not part:
                continue
            try:
                validate_email(part)
            except ValidationError:
                errors.append(
                    (number, _("“%(value)s” is not an e-mail address.") % {"value": part})
                )
                continue
            if part.lower() not in seen:
                seen.add(part.lower())
                emails.append(part)
    return Parsed(emails, errors)


def _owner_filter(instrument: Instrument) -> Q:
    if instrument.network_id:
        return Q(instrument__network_id=instrument.network_id)
    return Q(instrument__community_id=instrument.community_id)


def not_to_write(instrument: Instrument, emails: list[str]) -> set[str]:
    """Those of ``emails`` (lower-cased) nobody may invite to this survey: opted out of its
    owner's survey invitations, or on the site's suppression list."""
    lowered = sorted({e.lower() for e in emails})
    found = suppressed_addresses(lowered)
    opted = Invitee.objects.filter(opted_out_at__isnull=False).filter(
        _owner_filter(instrument)
        | Q(opt_out_reason__in=[Invitee.OptOut.BOUNCE, Invitee.OptOut.COMPLAINT])
    )
    for start in range(0, len(lowered), 500):
        query = Q()
        for email in lowered[start : start + 500]:
            query |= Q(email__iexact=email)
        found |= {e.lower() for e in opted.filter(query).values_list("email", flat=True)}
    return found


@dataclass(frozen=True)
class Added:
    added: int
    already: int  # invited to this survey before
    not_written: int  # opted out or suppressed


def recipients_add(
    *, actor: Any, instrument: Instrument, recipients: list[tuple[str, str]]
) -> Added:
    """Add recipients, each (address, language): each gets a personal link and an invitation
    waiting for the worker (sent at once if it runs)."""
    if instrument.one_response_per != Instrument.OnePer.INVITATION:
        raise ApplicationError(
            _("Invitations are only for surveys that take one response per personal link.")
        )
    if instrument.accepting_state() == "closed":
        raise ApplicationError(_("This survey has closed: nobody can be invited any more."))
    languages = {}
    for email, language in recipients:
        languages.setdefault(email.lower(), language if language.startswith("es") else "en")
    emails = [email for email, _language in recipients if email]
    seen: set[str] = set()
    emails = [e for e in emails if not (e.lower() in seen or seen.add(e.lower()))]
    if len(emails) > MAX_RECIPIENTS_AT_ONCE:
        raise ApplicationError(
            _("Add at most %(max)s addresses at a time.") % {"max": MAX_RECIPIENTS_AT_ONCE},
            field="addresses",
        )
    creator = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        existing = {
            e.lower()
            for e in Invitee.objects.filter(instrument=instrument).values_list("email", flat=True)
        }
        blocked = not_to_write(instrument, emails)
        new = [e for e in emails if e.lower() not in existing and e.lower() not in blocked]
        already = sum(1 for e in emails if e.lower() in existing)
        invitees = Invitee.objects.bulk_create(
            [
                Invitee(
                    instrument=instrument,
                    email=email,
                    language=languages[email.lower()],
                    nonce=secrets.token_hex(16),
                    added_by=creator,
                )
                for email in new
            ]
        )
        if invitees and invitees[0].pk is None:  # a database that does not return ids
            invitees = list(
                Invitee.objects.filter(instrument=instrument, link__isnull=True).order_by("pk")
            )
        links = InvitationLink.objects.bulk_create(
            [
                InvitationLink(
                    instrument=instrument,
                    token_hash=_hash(link_token(invitee)),
                    label=_("E-mail invitation"),
                    created_by=creator,
                )
                for invitee in invitees
            ]
        )
        for invitee, link in zip(invitees, links, strict=True):
            invitee.link = link
        Invitee.objects.bulk_update(invitees, ["link"])
        InvitationMessage.objects.bulk_create(
            [InvitationMessage(invitee=invitee, kind=Kind.INVITATION) for invitee in invitees]
        )
        audit_record(
            action="survey.invitations_added",
            actor=actor,
            community=instrument.audit_community,
            target=instrument,
            details={"count": len(invitees)},
        )
        if invitees:
            transaction.on_commit(_enqueue_send)
    return Added(added=len(invitees), already=already, not_written=len(emails) - len(new) - already)


def _hash(token: str) -> str:
    from ..services import invitation_token_hash

    return invitation_token_hash(token)


def _enqueue_send() -> None:
    if not settings.SITE_URL:
        return  # the scheduler's job sends them once the site's address is set
    from ..tasks import survey_invitations_send

    survey_invitations_send.enqueue(base_url=settings.SITE_URL)


def opt_out(invitee: Invitee, *, reason: str = Invitee.OptOut.ASKED) -> None:
    """The recipient's own link: no more messages about this owner's surveys."""
    now = timezone.now()
    with transaction.atomic():
        Invitee.objects.filter(pk=invitee.pk, opted_out_at__isnull=True).update(
            opted_out_at=now, opt_out_reason=reason
        )
        InvitationMessage.objects.filter(
            invitee__email__iexact=invitee.email, status=Status.WAITING
        ).filter(**_owner_kwargs(invitee.instrument)).update(status=Status.SKIPPED)
        audit_record(
            action=f"survey.invitation_opt_out.{reason}",
            community=invitee.instrument.audit_community,
            target=invitee,
        )


def _owner_kwargs(instrument: Instrument) -> dict[str, Any]:
    if instrument.network_id:
        return {"invitee__instrument__network_id": instrument.network_id}
    return {"invitee__instrument__community_id": instrument.community_id}


def address_suppressed(email: str, reason: str) -> int:
    """A hard bounce or complaint for an address: its recipients are written to no more."""
    reason = reason if reason in Invitee.OptOut.values else Invitee.OptOut.BOUNCE
    invitees = list(Invitee.objects.filter(email__iexact=email, opted_out_at__isnull=True))
    for invitee in invitees:
        opt_out(invitee, reason=reason)
    return len(invitees)


def members_of(instrument: Instrument) -> list[tuple[str, str]]:
    """The community's members (a network's staff), each (address, preferred language): the
    contacts a survey's owners may invite without typing them."""
    from groundwork.communities.models import Membership

    if instrument.community_id:
        users = [
            m.user
            for m in Membership.objects.filter(community_id=instrument.community_id)
            .select_related("user")
            .order_by("pk")
        ]
    else:
        users = list(instrument.network.stewards.order_by("pk"))  # type: ignore[union-attr]
    return [
        (u.email, getattr(u, "preferred_language", "") or "en")
        for u in users
        if u.email and u.is_active
    ]


# For the owners' page ------------------------------------------------------------------------


def recipient_counts(instrument: Instrument) -> dict[str, int]:
    """The owners' page's counts, in two queries."""
    people = Invitee.objects.filter(instrument=instrument).aggregate(
        recipients=Count("pk"),
        answered=Count("pk", filter=Q(link__used_at__isnull=False)),
        opted_out=Count("pk", filter=Q(opted_out_at__isnull=False)),
    )
    sent = Q(status=Status.SENT)
    messages = InvitationMessage.objects.filter(invitee__instrument=instrument).aggregate(
        invitations_sent=Count("pk", filter=sent & Q(kind=Kind.INVITATION)),
        waiting=Count("pk", filter=Q(status__in=[Status.WAITING, Status.CLAIMED])),
        failed=Count("pk", filter=Q(status=Status.FAILED)),
        reminders_sent=Count("pk", filter=sent & Q(kind=Kind.REMINDER)),
    )
    return people | messages
