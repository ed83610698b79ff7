"""Every operation of the OpenAPI document, called by every kind of caller, against a private
community and its look-alike: no 5xx anywhere, and only the right caller gets through.

Callers: anonymous; a read-only token of the community's coordinator; a read-write token of
the other community's coordinator; a read-write token of the community's coordinator. Path
parameters are filled from the community's own objects where the route names one, else with
ids that exist nowhere (a 404 is a fine answer; a 500 never is)."""

import re
import uuid

import pytest

from groundwork.api import services
from groundwork.api.models import TokenAccess
from groundwork.plans import services as plans

pytestmark = pytest.mark.django_db

METHODS = ("get", "post", "put", "patch", "delete")


def _path(template: str, tenant) -> str:  # type: ignore[no-untyped-def]
    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name == "slug":
            if template.startswith("/api/networks/"):
                return tenant.network.slug
            if template.startswith("/api/surveys/"):
                return "no-such-survey"
            return tenant.label
        return {
            "process_slug": "2027",
            "number": "1",
            "activity_id": str(tenant.activity.pk),
            "referral_id": "999999",
            "gathering_id": "999999",
            "issue_id": "999999",
        }.get(name, str(uuid.uuid4()))

    return re.sub(r"\{(\w+)\}", fill, template)


def _token(user, access) -> dict[str, str]:  # type: ignore[no-untyped-def]
    _t, key = services.api_token_create(user=user, name=f"walk {access}", access=access)
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def _about_the_community(template: str) -> bool:
    return template.startswith(("/api/communities/{slug}", "/api/hsds/{slug}"))


def test_every_operation_for_every_caller(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    plans.plan_publish(actor=tenant.coordinator, plan=tenant.plan, note="First")
    tenant.community.is_public = False
    tenant.community.save()
    callers = {
        "anonymous": {},
        "reader": _token(tenant.coordinator, TokenAccess.READ),
        "stranger": _token(other_tenant.coordinator, TokenAccess.WRITE),
        "coordinator": _token(tenant.coordinator, TokenAccess.WRITE),
    }
    schema = client.get("/api/openapi.json").json()
    problems = []
    walked = 0
    for template, operations in schema["paths"].items():
        for method in (m for m in operations if m in METHODS):
            path = _path(template, tenant)
            for who, headers in callers.items():
                call = getattr(client, method)
                key = {"HTTP_IDEMPOTENCY_KEY": f"walk-{who}-{walked}"}
                if method == "get":
                    response = call(path, **headers)
                else:
                    response = call(path, "{}", content_type="application/json", **headers, **key)
                walked += 1
                status = response.status_code
                documented = set(operations[method]["responses"]) | {"429"}
                wrong = status >= 500 or str(status) not in documented
                if method != "get" and who == "anonymous":
                    wrong |= status != 401  # before the body is read
                if _about_the_community(template):
                    # A private community: only its own people get through. (An id that
                    # exists nowhere may be 404 for anyone; a stranger's write whose body is
                    # not valid may be 422: neither says anything of the community.)
                    missing = "999999" in path
                    if who == "anonymous":
                        wrong |= status != 401 and not (missing and status == 404)
                    elif who == "stranger":
                        allowed = {403, 404} | ({422} if method != "get" else set())
                        wrong |= status not in allowed
                if who == "reader" and method != "get":
                    wrong |= status != 403
                if who in ("reader", "coordinator") and method == "get":
                    wrong |= status in (401, 403) and "referrals" not in template
                if wrong:
                    problems.append(f"{method.upper()} {path} as {who}: {status}")
    assert walked > 100
    assert problems == [], "\n".join(problems)
