import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from groundwork.accounts.models import User
from groundwork.communities.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

GOOD = {
    "name": "Lena Ortiz",
    "email": "Lena@Example.org",
    "password": "river-bend-orchard-77",
    "preferred_language": "es",
}


def test_signup_signs_in_and_remembers_language(client):
    response = client.post(reverse("accounts:signup"), GOOD)
    assert response.status_code == 302
    user = User.objects.get()
    assert user.email == "lena@example.org" and user.preferred_language == "es"
    assert response.cookies["django_language"].value == "es"
    assert client.get(reverse("accounts:profile")).status_code == 200


@pytest.mark.parametrize(
    "change,field_error",
    [
        ({"password": "short"}, "too short"),
        ({"password": "password123"}, "too common"),
        ({"email": "not-an-email"}, "valid email"),
        ({"name": ""}, "required"),
    ],
)
def test_bad_signups_save_nothing(client, change, field_error):
    response = client.post(reverse("accounts:signup"), {**GOOD, **change})
    assert response.status_code == 200
    assert field_error in response.content.decode()
    assert not User.objects.exists()


def test_duplicate_email_is_refused_case_insensitively(client):
    UserFactory(email="lena@example.org")
    response = client.post(reverse("accounts:signup"), GOOD)
    assert "already exists" in response.content.decode()
    assert User.objects.count() == 1


def test_login_and_logout(client):
    UserFactory(email="a@example.org", preferred_language="es")
    response = client.post(
        reverse("accounts:login"),
        {"username": "a@example.org", "password": "a-long-enough-password-42"},
    )
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "es"
    response = client.post(reverse("accounts:logout"), follow=True)
    # The language chosen at sign-in stays for the signed-out page.
    with translation.override("es"):
        assert gettext("You are signed out.").encode() in response.content
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_login_is_throttled_after_repeated_failures(client):
    UserFactory(email="a@example.org")
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": "a@example.org", "password": "wrong"})
    response = client.post(
        reverse("accounts:login"),
        {"username": "a@example.org", "password": "a-long-enough-password-42"},
    )
    assert response.status_code == 429
    assert b"Too many sign-in attempts" in response.content


def test_password_reset_sends_a_working_link(client):
    UserFactory(email="a@example.org")
    client.post(reverse("accounts:password_reset"), {"email": "a@example.org"})
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/reset/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path, follow=True)
    assert b"Choose a new password" in response.content
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "a-brand-new-phrase-9", "new_password2": "a-brand-new-phrase-9"}
    )
    assert response.status_code == 302
    assert User.objects.get().check_password("a-brand-new-phrase-9")


def test_password_reset_for_unknown_address_reveals_nothing(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert not mail.outbox


def test_profile_update(client):
    user = UserFactory(preferred_language="en")
    client.force_login(user)
    response = client.post(
        reverse("accounts:profile"), {"name": "New Name", "preferred_language": "es"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.name, user.preferred_language) == ("New Name", "es")
