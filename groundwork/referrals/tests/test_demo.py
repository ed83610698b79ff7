"""The demo referrals: a handful of clearly fictional people at every stage, seen by the demo
logins that ``load_demo`` prints, and loading twice changes nothing."""

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from groundwork.accounts.models import User
from groundwork.core.demo import DEMO_PASSWORD
from groundwork.referrals.demo import load_referrals_demo
from groundwork.referrals.models import AccessRecord, Referral, Status

pytestmark = pytest.mark.django_db


def test_the_demo_referrals_load_once_and_the_printed_logins_see_them(world):
    # ``world`` holds two other communities, so the demo must keep to its own.
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    printed = out.getvalue().split("Referrals demo:")[1]
    assert printed.startswith(" 5 referrals")
    count, logins = load_referrals_demo()
    assert count == 5  # twice: nothing new
    demo = Referral.objects.filter(community__slug="alder-county")
    assert demo.count() == 5
    assert set(demo.values_list("status", flat=True)) == {
        Status.SENT,
        Status.IN_PROGRESS,
        Status.CLOSED,
        Status.DECLINED,
        Status.AWAITING_CONSENT,
    }
    for referral in demo.select_related("person"):
        assert "(demo)" in referral.person.name  # clearly fictional
        assert not referral.person.phone or "555" in referral.person.phone
    assert Referral.objects.exclude(community__slug="alder-county").count() == 0
    client = Client()
    for login in logins:
        assert login.email in printed
        user = User.objects.get(email=login.email)
        assert user.check_password(DEMO_PASSWORD)
        client.force_login(user)
        seen = []
        for box in ("received", "sent"):
            page = client.get(reverse("referrals:inbox", args=["alder-county"]), {"box": box})
            assert page.status_code == 200, login.email
            seen += list(page.context["page"].object_list)
        assert len(seen) >= 2, login.email
        assert client.get(seen[0].get_absolute_url()).status_code == 200
    assert AccessRecord.objects.exists()  # opening them is recorded, as for real ones
