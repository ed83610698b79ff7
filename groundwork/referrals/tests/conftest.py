"""Two tenants in every test: two communities with the same organizations' names, services
and members, so a missing ``community=`` filter shows."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from groundwork.communities.models import ReferralsRole, Role
from groundwork.communities.tests.factories import (
    CommunityFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
)
from groundwork.directory.models import Phone, Service
from groundwork.referrals.actions import sending
from groundwork.referrals.models import Consent, SharedField

PHONE = "(919) 555-0142"


def build_community(tag: str) -> SimpleNamespace:
    community = CommunityFactory(slug=f"county-{tag}", name=f"County {tag.upper()}")
    school = OrganizationFactory(community=community, name="Pine Elementary")
    pantry = OrganizationFactory(community=community, name="Harvest Pantry")
    clinic = OrganizationFactory(community=community, name="Riverside Clinic")
    bystander = OrganizationFactory(community=community, name="Faith Center")
    food = Service.objects.create(
        community=community, organization_id=pantry.hsds_id, name="Food boxes", name_es="Cajas"
    )
    housing = Service.objects.create(
        community=community, organization_id=clinic.hsds_id, name="Housing help"
    )
    recovery = Service.objects.create(
        community=community,
        organization_id=clinic.hsds_id,
        name="Recovery program",
        sensitive=True,
    )
    Phone.objects.create(community=community, service_id=food.hsds_id, number="919-555-0100")

    def member(organization, *, role=Role.PARTNER, referrals=ReferralsRole.STAFF, name=""):  # type: ignore[no-untyped-def]
        user = UserFactory(email=f"{name}-{tag}@example.org", name=f"{name.title()} {tag}")
        MembershipFactory(
            community=community,
            user=user,
            role=role,
            organization=organization,
            referrals_role=referrals,
        )
        return user

    people = SimpleNamespace(
        counselor=member(school, name="counselor"),
        pantry_staff=member(pantry, name="pantry"),
        pantry_admin=member(pantry, referrals=ReferralsRole.ADMIN, name="pantryadmin"),
        pantry_plain=member(pantry, referrals=ReferralsRole.NONE, name="pantryplain"),
        clinic_staff=member(clinic, name="clinic"),
        bystander=member(bystander, name="bystander"),
        coordinator=member(None, role=Role.COORDINATOR, referrals=ReferralsRole.NONE, name="coord"),
        facilitator=member(
            None, role=Role.FACILITATOR, referrals=ReferralsRole.NONE, name="facilitator"
        ),
    )
    return SimpleNamespace(
        community=community,
        school=school,
        pantry=pantry,
        clinic=clinic,
        bystander=bystander,
        food=food,
        housing=housing,
        recovery=recovery,
        people=people,
    )


@pytest.fixture
def tasks_run_at_once(settings):  # type: ignore[no-untyped-def]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def world(db):  # type: ignore[no-untyped-def]
    return build_community("a"), build_community("b")


def refer(w, *, services_=None, method=Consent.Method.VERBAL, **overrides):  # type: ignore[no-untyped-def]
    arguments = {
        "actor": w.people.counselor,
        "community": w.community,
        "services": services_ or [w.food, w.housing],
        "person": sending.PersonDetails(
            name="Rosa Delgado Ibarra",
            phone=PHONE,
            email="rosa.delgado@example.net",
            best_times="after 3 pm",
            contact_methods=["phone", "text"],
            language="es",
        ),
        "needs": ["food", "housing"],
        "urgency": "soon",
        "note": "Lost hours at the poultry plant; two children.",
        "consent_method": method,
        "consent_fields": [SharedField.CONTACT, SharedField.NOTE],
        "consent_until": timezone.localdate() + dt.timedelta(days=60),
        "attested": method == Consent.Method.VERBAL,
        "signature": "Rosa Delgado Ibarra" if method == Consent.Method.SIGNED else "",
    }
    arguments.update(overrides)
    return sending.referral_create(**arguments)
