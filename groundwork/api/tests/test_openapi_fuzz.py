"""Every operation of the OpenAPI document, called with inputs schemathesis generates from the
document itself (bodies and query parameters: valid, edge and odd values of every declared
type), by the community's own coordinator with a read-write token and by an anonymous caller:
no 5xx, no status code the document does not declare for that operation, every anonymous
write refused with 401, and nothing of the look-alike community changed.

The walk in test_openapi_walk.py checks who gets through with one empty body; this checks what
the routes do with what the schema lets a partner send. Path parameters are the community's
own objects, so the inputs reach the code behind the look-ups. Generation is derandomized and
bounded (EXAMPLES per operation), so a run is repeatable and short, and needs no network."""

import json
import re
from typing import Any
from urllib.parse import urlencode

import pytest
import schemathesis
from django.test import Client
from hypothesis import HealthCheck, given, settings

from groundwork.api import services
from groundwork.api.models import TokenAccess
from groundwork.core.testing import unchanged
from groundwork.plans import services as plans

pytestmark = pytest.mark.django_db

EXAMPLES = 12


def _path_parameters(template: str, tenant) -> dict[str, str]:  # type: ignore[no-untyped-def]
    known = {
        "slug": tenant.network.slug if template.startswith("/api/networks/") else tenant.label,
        "process_slug": "2027",
        "number": "1",
        "activity_id": str(tenant.activity.pk),
    }
    return {name: known[name] for name in re.findall(r"\{(\w+)\}", template) if name in known}


def _unset(value: Any) -> bool:
    return type(value).__name__ == "NotSet"


@pytest.mark.parametrize("caller", ["coordinator", "anonymous"])
def test_no_generated_input_makes_a_5xx_or_an_undocumented_status(caller, tenant, other_tenant):  # type: ignore[no-untyped-def]
    # A crash is a 500 here, as a partner would see it, so every one found is listed at the end.
    client = Client(raise_request_exception=False)
    plans.plan_publish(actor=tenant.coordinator, plan=tenant.plan, note="First")
    auth: dict[str, str] = {}
    if caller == "coordinator":
        _t, key = services.api_token_create(
            user=tenant.coordinator, name="fuzz", access=TokenAccess.WRITE
        )
        auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    document = client.get("/api/openapi.json").json()
    problems: list[str] = []
    operations = 0
    calls = [0]

    schema = schemathesis.openapi.from_dict(document)

    def fuzz(operation: Any) -> None:
        documented = set(operation.definition.raw["responses"]) | {"429"}
        send = getattr(client, operation.method.lower())

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(path_parameters=_path_parameters(operation.path, tenant)))
        def call(case: Any) -> None:
            calls[0] += 1
            path = case.formatted_path
            query = urlencode(case.query or {}, doseq=True)
            url = f"{path}?{query}" if query else path
            read = case.method.lower() == "get"
            if read:
                response = send(url, **auth)
            else:
                body = case.body if case.body is not None and not _unset(case.body) else {}
                response = send(
                    url,
                    json.dumps(body),
                    content_type="application/json",
                    HTTP_IDEMPOTENCY_KEY=f"fuzz-{calls[0]}",
                    **auth,
                )
            status = response.status_code
            wrong = status >= 500 or str(status) not in documented
            if caller == "anonymous" and not read:
                wrong |= status != 401  # before the body is read, whatever it holds
            if wrong:
                problems.append(
                    f"{case.method} {url} {case.body!r}: {status} (documented {sorted(documented)})"
                )

        call()

    with unchanged(other_tenant):
        for result in schema.get_all_operations():
            operations += 1
            fuzz(result.ok())
    assert operations > 40 and calls[0] > operations
    assert problems == [], "\n".join(problems[:20])
