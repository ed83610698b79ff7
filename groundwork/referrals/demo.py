"""The referrals' demo, in Alder County: a school counselor and a food pantry volunteer who
handle referrals, the clinic's demo partner as its referrals administrator, and five referrals
of clearly fictional people ("Example", "Sample", 555-01xx numbers, example.net addresses)
at every stage of the loop. Runs after the directory's demo (it refers to its services);
loading twice changes nothing (each referral carries an idempotency key)."""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from groundwork.accounts.models import User
from groundwork.communities.models import Community, Membership, Organization, ReferralsRole, Role
from groundwork.core.demo import DEMO_PASSWORD, DemoLogin
from groundwork.directory.models import Service

from .actions import sending, statuses
from .models import Consent, Referral, SharedField
from .transitions import allowed

COMMUNITY = "alder-county"
SCHOOLS = "Alder County Schools"
CLINIC = "Blue Heron Community Clinic"
PANTRY = "Mount Olive Fellowship"

# email, name, language, organization, referrals role, what the login shows
PEOPLE = [
    (
        "counselor@example.org",
        "Sam Okafor",
        "en",
        SCHOOLS,
        ReferralsRole.STAFF,
        "school counselor in Alder County: sends referrals",
    ),
    (
        "pantry@example.org",
        "Grace Oyelaran",
        "en",
        PANTRY,
        ReferralsRole.STAFF,
        "food pantry in Alder County: receives referrals",
    ),
    (
        "partner@example.org",
        "",
        "",
        CLINIC,
        ReferralsRole.ADMIN,
        "the clinic's referrals administrator (who handles referrals, who read details)",
    ),
]


@dataclass(frozen=True)
class DemoReferral:
    key: str
    sender: str  # a demo login's e-mail
    service: tuple[str, str]  # (organization, service name)
    name: str
    phone: str
    email: str
    language: str
    needs: tuple[str, ...]
    urgency: str
    note: str
    method: str
    # (status, reason) steps the receiving organization took
    steps: tuple[tuple[str, str], ...] = ()


REFERRALS = [
    DemoReferral(
        key="demo-referral-1",
        sender="counselor@example.org",
        service=(CLINIC, "Counseling for families"),
        name="Ana Ejemplo (demo)",
        phone="(555) 010-0101",
        email="",
        language="es",
        needs=("mental_health", "childcare"),
        urgency="soon",
        note="Fictional demo family: the mother asked for counseling for her son after the flood.",
        method=Consent.Method.VERBAL,
    ),
    DemoReferral(
        key="demo-referral-2",
        sender="counselor@example.org",
        service=(CLINIC, "Walk-in primary care"),
        name="Jordan Example (demo)",
        phone="(555) 010-0102",
        email="",
        language="en",
        needs=("health",),
        urgency="routine",
        note="Fictional demo person: needs a check-up before starting a new job.",
        method=Consent.Method.SIGNED,
        steps=(("accepted", ""), ("in_progress", "")),
    ),
    DemoReferral(
        key="demo-referral-3",
        sender="counselor@example.org",
        service=(PANTRY, "Community food pantry"),
        name="Ana Ejemplo (demo)",
        phone="(555) 010-0101",
        email="",
        language="es",
        needs=("food",),
        urgency="soon",
        note="Fictional demo family of four; Saturday pick-up works best.",
        method=Consent.Method.VERBAL,
        steps=(("accepted", ""), ("closed", "help_received")),
    ),
    DemoReferral(
        key="demo-referral-4",
        sender="partner@example.org",
        service=(PANTRY, "Safe night shelter"),
        name="Lee Sample (demo)",
        phone="(555) 010-0104",
        email="",
        language="en",
        needs=("housing",),
        urgency="urgent",
        note="Fictional demo person: lost housing this week.",
        method=Consent.Method.VERBAL,
        steps=(("declined", "no_capacity"),),
    ),
    DemoReferral(
        key="demo-referral-5",
        sender="counselor@example.org",
        service=(CLINIC, "Walk-in primary care"),
        name="Maria Demo (demo)",
        phone="",
        email="maria.demo@example.net",
        language="es",
        needs=("health",),
        urgency="routine",
        note="Fictional demo person: waits to confirm through her own link.",
        method=Consent.Method.LINK,
    ),
]


def _people(community: Community) -> dict[str, User]:
    users = {}
    for email, name, language, organization_name, role, _what in PEOPLE:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email, DEMO_PASSWORD, name=name, preferred_language=language
            )
        organization = Organization.objects.get(community=community, name=organization_name)
        membership, _ = Membership.objects.get_or_create(
            community=community,
            user=user,
            defaults={"role": Role.PARTNER, "organization": organization},
        )
        if membership.organization_id != organization.pk or membership.referrals_role != role:
            membership.organization = organization
            membership.referrals_role = role
            membership.save(update_fields=["organization", "referrals_role", "updated_at"])
        users[email] = user
    return users


@transaction.atomic
def load_referrals_demo() -> tuple[int, list[DemoLogin]]:
    """Load the demo referrals; returns how many the community holds and the logins that
    see them. Nothing happens without the demo community and its directory."""
    community = Community.objects.filter(slug=COMMUNITY).first()
    if community is None or not Service.objects.filter(community=community).exists():
        return 0, []
    users = _people(community)
    organizations = {o.name: o for o in Organization.objects.filter(community=community)}
    receivers = {o.pk: o for o in organizations.values()}
    today = timezone.localdate()
    for entry in REFERRALS:
        organization = organizations[entry.service[0]]
        service = Service.objects.get(
            community=community, organization_id=organization.hsds_id, name=entry.service[1]
        )
        (referral,) = sending.referral_create(
            actor=users[entry.sender],
            community=community,
            services=[service],
            person=sending.PersonDetails(
                name=entry.name,
                phone=entry.phone,
                email=entry.email,
                contact_methods=["phone"] if entry.phone else ["email"],
                language=entry.language,
            ),
            needs=list(entry.needs),
            urgency=entry.urgency,
            note=entry.note,
            consent_method=entry.method,
            consent_fields=[SharedField.CONTACT, SharedField.NOTE],
            consent_until=today + dt.timedelta(days=300),
            attested=entry.method == Consent.Method.VERBAL,
            signature=entry.name if entry.method == Consent.Method.SIGNED else "",
            confirm_duplicate=True,
            idempotency_key=entry.key,
        )
        receiver = receivers[referral.receiver_id]
        handler = next(
            u
            for u in users.values()
            if Membership.objects.filter(
                community=community, user=u, organization=receiver
            ).exists()
        )
        for to_status, reason in entry.steps:
            referral.refresh_from_db()
            if allowed(referral.status, to_status):
                statuses.referral_transition(
                    actor=handler, referral=referral, to_status=to_status, reason=reason
                )
    logins = [DemoLogin(email, users[email].name, what) for email, _n, _l, _o, _r, what in PEOPLE]
    return Referral.objects.filter(community=community).count(), logins
