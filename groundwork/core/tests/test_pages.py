import pytest
from django.test import Client
from django.urls import path

from groundwork.communities.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_home_page(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b'<a class="usa-skipnav" href="#main-content">' in response.content
    assert b'lang="en"' in response.content


def test_security_headers(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_language_switch_sets_cookie_and_remembers_profile(client):
    user = UserFactory(preferred_language="en")
    client.force_login(user)
    response = client.post("/language/", {"language": "es", "next": "/communities/"})
    assert response.status_code == 302 and response["Location"] == "/communities/"
    assert response.cookies["django_language"].value == "es"
    user.refresh_from_db()
    assert user.preferred_language == "es"
    page = client.get("/communities/")
    assert b'lang="es"' in page.content and b"Comunidades" in page.content


def test_language_switch_refuses_offsite_redirects(client):
    response = client.post("/language/", {"language": "es", "next": "https://evil.example.com/"})
    assert response.status_code == 302 and response["Location"] == "/"


def test_signed_in_person_gets_their_profile_language_without_a_cookie(client):
    client.force_login(UserFactory(preferred_language="es"))
    assert b'lang="es"' in client.get("/").content


@pytest.mark.parametrize(
    "language,text", [("en", "Page not found"), ("es", "Página no encontrada")]
)
def test_404_in_both_languages(client, language, text):
    client.cookies["django_language"] = language
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert text.encode() in response.content


def _boom(request):  # type: ignore[no-untyped-def]
    raise RuntimeError("secret internal detail: password=hunter2")


urlpatterns = [path("boom/", _boom)]


@pytest.mark.urls(__name__)
def test_500_page_reveals_nothing_internal(settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    assert b"Something went wrong" in response.content
    assert b"hunter2" not in response.content and b"Traceback" not in response.content


def test_csrf_failure_is_a_friendly_403():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "a@example.org", "password": "x"})
    assert response.status_code == 403
    assert b"Please try again" in response.content


def test_health_endpoint(client):
    assert client.get("/healthz").json() == {"status": "ok"}
