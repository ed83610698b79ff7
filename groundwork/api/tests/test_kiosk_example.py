"""The kiosk script in docs/examples pushes 30 forms through a connection that drops every
third answer on its way back; retried with the same keys, each form is stored once."""

import importlib.util
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from groundwork.api import services as api_services
from groundwork.communities.models import Role
from groundwork.communities.tests.factories import member
from groundwork.planning.models import Contribution

pytestmark = pytest.mark.django_db(transaction=True)

SCRIPT = Path(__file__).resolve().parents[3] / "docs" / "examples" / "kiosk.py"


def _kiosk():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("kiosk", SCRIPT)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def test_thirty_forms_through_a_flaky_connection_are_stored_once(live_server, settings):  # type: ignore[no-untyped-def]
    from groundwork.core.testing import build_tenant

    settings.RATE_LIMITS = {"api_write": {"person": "1000/h", "client": "1000/h"}}
    alder, birch = build_tenant("alder"), build_tenant("birch")
    kiosk_user = member(alder.community, Role.MEMBER)
    _token, key = api_services.api_token_create(user=kiosk_user, name="library kiosk")
    calls = {"n": 0}

    def flaky(request, timeout):  # type: ignore[no-untyped-def]
        """Every third request reaches the server, but its answer is lost on the way back."""
        calls["n"] += 1
        response = urllib.request.urlopen(request, timeout=timeout)  # noqa: S310 (live server)
        if calls["n"] % 3 == 0:
            response.close()
            raise urllib.error.URLError("connection reset")
        return response

    kiosk = _kiosk()
    before = Contribution.objects.filter(process=alder.process).count()
    theirs = Contribution.objects.filter(process=birch.process).count()
    for n in range(30):
        form = {
            "id": f"library-{n}",
            "participant": f"visitor-{n}",
            "language": "es",
            "answers": [{"question": "problems", "text": f"Respuesta número {n}"}],
        }
        stored = kiosk.push_form(
            live_server.url, key, "alder", "2027", form, open_url=flaky, sleep=lambda _s: None
        )
        assert stored["contributions"][0]["text"] == f"Respuesta número {n}"
    assert calls["n"] > 30  # some forms were sent twice
    assert Contribution.objects.filter(process=alder.process).count() == before + 30
    assert Contribution.objects.filter(process=birch.process).count() == theirs
