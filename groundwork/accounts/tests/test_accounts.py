import re

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


def _without_csrf(html):  # type: ignore[no-untyped-def]
    return re.sub(r"[A-Za-z0-9]{64}", "", html)  # masked CSRF tokens differ on every page


def _activation_path(message):  # type: ignore[no-untyped-def]
    link = next(line for line in message.body.splitlines() if "/accounts/activate/" in line)
    return link.strip().removeprefix("http://testserver")


def test_signup_opens_the_account_from_the_emailed_link_and_remembers_language(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:signup"), GOOD)
    assert response.status_code == 302 and response.url == reverse("accounts:signup_done")
    user = User.objects.get()
    assert user.email == "lena@example.org" and user.preferred_language == "es"
    assert not user.is_active  # closed until the address's owner opens the link
    assert client.get(reverse("accounts:profile")).status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["lena@example.org"]
    path = _activation_path(mail.outbox[0])
    assert "Groundwork" in mail.outbox[0].subject
    # Opening the link asks (link checkers open links); the button opens and signs in.
    assert client.get(path).status_code == 200
    assert not User.objects.get().is_active
    response = client.post(path, {"password": "not-the-one-chosen-11"})
    assert response.status_code == 200 and b"not the password chosen" in response.content
    assert not User.objects.get().is_active
    response = client.post(path, {"password": GOOD["password"]})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "es"
    assert User.objects.get().is_active
    assert client.get(reverse("accounts:profile")).status_code == 200
    # The link works once.
    client.post(reverse("accounts:logout"))
    client.cookies["django_language"] = "en"
    assert b"no longer works" in client.get(path).content


def test_signup_answers_the_same_whether_or_not_the_address_has_an_account(
    client, django_capture_on_commit_callbacks
):
    """Like a password reset: the page is the same; the owner of an existing account is told
    by e-mail, and nothing about the account changes."""
    owner = UserFactory(email="lena@example.org", name="Lena", preferred_language="en")
    password_before = owner.password
    with django_capture_on_commit_callbacks(execute=True):
        taken = client.post(reverse("accounts:signup"), {**GOOD, "email": "LENA@example.org"})
    with django_capture_on_commit_callbacks(execute=True):
        fresh = client.post(reverse("accounts:signup"), {**GOOD, "email": "nuevo@example.org"})
    assert taken.status_code == fresh.status_code == 302
    assert taken.url == fresh.url
    page_taken = _without_csrf(client.get(taken.url).content.decode())
    assert page_taken == _without_csrf(client.get(fresh.url).content.decode())
    assert "already exists" not in page_taken
    owner.refresh_from_db()
    assert owner.password == password_before and owner.name == "Lena" and owner.is_active
    by_to = {m.to[0]: m for m in mail.outbox}
    assert "already has one" in by_to["lena@example.org"].body  # in the owner's language
    assert "/accounts/activate/" not in by_to["lena@example.org"].body
    assert "/accounts/activate/" in by_to["nuevo@example.org"].body
    assert User.objects.count() == 2


def test_a_second_signup_while_waiting_replaces_the_first_link(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:signup"), GOOD)
    first = _activation_path(mail.outbox[0])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:signup"), {**GOOD, "password": "another-river-bend-88"})
    second = _activation_path(mail.outbox[1])
    assert User.objects.count() == 1
    assert b"no longer works" in client.get(first).content
    client.post(second, {"password": "another-river-bend-88"})
    user = User.objects.get()
    assert user.is_active and user.check_password("another-river-bend-88")


def test_a_signup_with_someone_elses_address_cannot_be_opened_by_its_owner_link_alone(
    client, django_capture_on_commit_callbacks
):
    # Someone signs up with Lena's address and a password of their own choosing.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:signup"), {**GOOD, "password": "intruder-chosen-pass-42"})
    path = _activation_path(mail.outbox[0])
    # Lena follows the link she received: without that password the account stays closed.
    response = client.post(path, {"password": GOOD["password"]})
    assert response.status_code == 200
    assert not User.objects.get().is_active
    assert "_auth_user_id" not in client.session
    # She signs up again with her own password; the intruder's link and password are dead.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:signup"), GOOD)
    assert b"no longer works" in client.get(path).content
    client.post(_activation_path(mail.outbox[1]), {"password": GOOD["password"]})
    user = User.objects.get()
    assert user.is_active and not user.check_password("intruder-chosen-pass-42")


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
