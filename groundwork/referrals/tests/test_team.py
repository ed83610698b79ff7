"""An organization's referrals administrators give and remove the referrals role to their own
organization's members, and nobody else's; each change is audited."""

import pytest
from django.urls import reverse

from groundwork.communities.models import Membership, ReferralsRole
from groundwork.core.errors import ApplicationError
from groundwork.core.models import AuditEvent
from groundwork.referrals.actions import team


def _membership(w, user):  # type: ignore[no-untyped-def]
    return Membership.objects.get(community=w.community, user=user)


def test_the_page_lists_the_organizations_members_only(world, client):
    w, other = world
    client.force_login(w.people.pantry_admin)
    response = client.get(reverse("referrals:team", args=[w.community.slug]))
    assert response.status_code == 200
    listed = {m.user for m in response.context["members"]}
    p = w.people
    assert listed == {p.pantry_staff, p.pantry_admin, p.pantry_plain}
    body = response.content.decode()
    assert str(p.counselor) not in body and str(other.people.pantry_staff) not in body


def test_an_administrator_gives_and_removes_the_role_audited(world, client):
    w, other = world
    client.force_login(w.people.pantry_admin)
    url = reverse("referrals:team", args=[w.community.slug])
    plain = _membership(w, w.people.pantry_plain)
    response = client.post(url, {"membership": plain.pk, "referrals_role": "staff"})
    assert response.status_code == 302
    plain.refresh_from_db()
    assert plain.referrals_role == ReferralsRole.STAFF
    event = AuditEvent.objects.get(action="membership.referrals_role_changed")
    assert event.community == w.community and event.actor == w.people.pantry_admin
    assert event.details["from"] == "" and event.details["to"] == "staff"
    # The new member sees the inbox now; removing the role takes it away again.
    client.force_login(w.people.pantry_plain)
    assert client.get(reverse("referrals:inbox", args=[w.community.slug])).status_code == 200
    client.force_login(w.people.pantry_admin)
    client.post(url, {"membership": plain.pk, "referrals_role": ""})
    plain.refresh_from_db()
    assert plain.referrals_role == ""
    client.force_login(w.people.pantry_plain)
    assert client.get(reverse("referrals:inbox", args=[w.community.slug])).status_code == 403
    assert AuditEvent.objects.filter(action="membership.referrals_role_changed").count() == 2
    # The other tenant's memberships were not touched.
    assert _membership(other, other.people.pantry_plain).referrals_role == ""


def test_nobody_changes_another_organizations_or_tenants_members(world, client):
    w, other = world
    url = reverse("referrals:team", args=[w.community.slug])
    client.force_login(w.people.pantry_admin)
    for outsider in (w.people.clinic_staff, w.people.counselor, other.people.pantry_plain):
        membership = Membership.objects.get(user=outsider)
        response = client.post(url, {"membership": membership.pk, "referrals_role": "admin"})
        assert response.status_code == 404
        membership.refresh_from_db()
        assert membership.referrals_role != "admin"
    for user in (w.people.pantry_staff, w.people.coordinator, other.people.pantry_admin):
        client.force_login(user)
        plain = _membership(w, w.people.pantry_plain)
        response = client.post(url, {"membership": plain.pk, "referrals_role": "staff"})
        assert response.status_code == 403
    with pytest.raises(ApplicationError):
        team.referrals_role_set(
            actor=w.people.clinic_staff,
            membership=_membership(w, w.people.pantry_plain),
            role="staff",
        )
    assert not AuditEvent.objects.filter(action="membership.referrals_role_changed").exists()


def test_an_organization_keeps_one_administrator(world, client):
    w = world[0]
    admin = _membership(w, w.people.pantry_admin)
    with pytest.raises(ApplicationError, match="at least one"):
        team.referrals_role_set(actor=w.people.pantry_admin, membership=admin, role="staff")
    team.referrals_role_set(
        actor=w.people.pantry_admin, membership=_membership(w, w.people.pantry_staff), role="admin"
    )
    team.referrals_role_set(actor=w.people.pantry_admin, membership=admin, role="staff")
    admin.refresh_from_db()
    assert admin.referrals_role == "staff"
    with pytest.raises(ApplicationError, match="Choose a valid role"):
        team.referrals_role_set(actor=w.people.pantry_staff, membership=admin, role="superuser")


def test_a_role_given_in_the_django_admin_is_audited_too(world, client):
    from groundwork.communities.tests.factories import UserFactory

    w = world[0]
    superuser = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(superuser)
    url = reverse("admin:communities_community_change", args=[w.community.pk])
    response = client.get(url)
    data = {}

    def put(form):  # type: ignore[no-untyped-def]
        for name in form.fields:
            bound = form[name]
            value = bound.field.prepare_value(bound.value())
            if value is not None and value is not False:
                data[bound.html_name] = "on" if value is True else value

    put(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for key, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{key}"] = value
        for form in formset.forms:
            put(form)
            if form.instance.user_id == w.people.pantry_plain.pk:
                data[form.add_prefix("referrals_role")] = "staff"
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert _membership(w, w.people.pantry_plain).referrals_role == "staff"
    (event,) = AuditEvent.objects.filter(action="membership.referrals_role_changed")
    assert event.actor == superuser and event.details["via"] == "admin"
    assert event.details["to"] == "staff"
