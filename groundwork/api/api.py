from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI

from groundwork.core.ratelimits import account, over_limit
from groundwork.core.services import acting_through_token

from .auth import api_auth
from .communities import router as communities_router
from .errors import BodyParser, install_error_handlers
from .planning import router as planning_router
from .schemas import ErrorOut, ValidationErrorOut

WRITE_METHODS = {"post", "put", "patch", "delete"}


class GroundworkAPI(NinjaAPI):
    """The NinjaAPI whose OpenAPI document also declares what every route may answer besides
    its own responses: 422 (with the fields at fault) and 400 (a malformed request) on every
    route that takes input beyond text in its path, and 429 on every write."""

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(**kwargs)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        for model in (ValidationErrorOut, ErrorOut):
            found = model.model_json_schema(ref_template="#/components/schemas/{model}")
            components.update(found.pop("$defs", {}))
            components.setdefault(model.__name__, found)

        def body(name: str, description: str) -> dict[str, Any]:
            return {
                "description": description,
                "content": {
                    "application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}
                },
            }

        for methods in schema.get("paths", {}).values():
            for method, operation in methods.items():
                responses = operation.setdefault("responses", {})
                takes_input = "requestBody" in operation or any(
                    parameter.get("in") != "path"
                    or parameter.get("schema", {}).get("type") != "string"
                    for parameter in operation.get("parameters", [])
                )
                if takes_input:
                    responses.setdefault(
                        "422", body("ValidationErrorOut", "The input is not valid.")
                    )
                    responses.setdefault(
                        "400",
                        body(
                            "ErrorOut",
                            "The request is malformed: its query or body is not UTF-8 text, "
                            "holds a NUL character, or is not JSON.",
                        ),
                    )
                if method in WRITE_METHODS:
                    responses.setdefault("429", body("ErrorOut", "Too many writes; wait."))
        return schema


def _window_seconds(rate: str) -> int:
    """The window of a django-ratelimit rate such as "60/h" or "300/15m", in seconds."""
    _count, _slash, period = rate.partition("/")
    digits = "".join(c for c in period if c.isdigit())
    unit = {"s": 1, "m": 60, "h": 3600, "d": 86400}.get(period[len(digits) :][:1], 3600)
    return int(digits or 1) * unit


def limit_writes(view: Any) -> Any:
    """Writes through the API count against the same kind of limits as pages (per account, per
    token and per client address, settings.RATE_LIMITS["api_write"]); a refused write says
    when to try again (``Retry-After``). Every audit event a token's write causes names the
    token."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        token = getattr(request, "api_token", None)
        if request.method not in ("GET", "HEAD", "OPTIONS") and over_limit(
            request,
            "api_write",
            account(request),
            f"token:{token.pk}" if token is not None else None,
        ):
            response = api.create_response(
                request,
                {
                    "detail": _(
                        "We received a lot from you in a short time, so this was not "
                        "saved. Please wait a while and try again."
                    )
                },
                status=429,
            )
            limits = settings.RATE_LIMITS.get("api_write", {})
            response["Retry-After"] = str(
                max(_window_seconds(rate) for rate in limits.values()) if limits else 60
            )
            return response
        if token is None:
            return view(request, *args, **kwargs)
        with acting_through_token(token.name):
            return view(request, *args, **kwargs)

    return wrapped


# Common integrations, shown at the top of /api/docs (code, so not translated).
EXAMPLES = """

### Push kiosk answers (every write carries an Idempotency-Key; a retry is stored once)

```
curl -X POST https://your.site/api/communities/alder/processes/2027/contributions \\
  -H "Authorization: Bearer $TOKEN" -H "Idempotency-Key: kiosk-7-form-1" \\
  -H "Content-Type: application/json" \\
  -d '{"participant": "kiosk-7", "language": "es",
       "answers": [{"question": "problems", "text": "No hay autobús a la clínica"}]}'
```

A complete kiosk script with retries: `docs/examples/kiosk.py`.

### Pull the published plan into a dashboard

```python
import json, urllib.request
request = urllib.request.Request(
    "https://your.site/api/communities/alder/processes/2027/plan",
    headers={"Authorization": "Bearer " + TOKEN})
plan = json.load(urllib.request.urlopen(request))
for goal in plan["goals"]:
    for activity in goal["activities"]:
        print(activity["title"], activity["progress"])
```

### Receive webhooks

Check `Groundwork-Signature: t=<unix time>,v1=<hex>`: HMAC-SHA256 of `<t>.<body>` with the
endpoint's secret, at most five minutes old; keep each `Groundwork-Delivery` id once. A
receiver: `docs/examples/webhook_receiver.py`.
"""

api = GroundworkAPI(
    title="Groundwork API",
    version="1",
    description=str(
        gettext_lazy(
            "Read and write Groundwork data with the same permissions as the web pages. "
            "Authenticate with a session or an `Authorization: Bearer` personal token."
        )
    )
    + EXAMPLES,
    auth=api_auth,
    parser=BodyParser(),
    urls_namespace="api",
)
install_error_handlers(api)
api.add_decorator(limit_writes)
api.add_router("/", communities_router)
api.add_router("/", planning_router)
api.add_router("/", "groundwork.api.plans.router")
api.add_router("/", "groundwork.themes.api.router")
api.add_router("/", "groundwork.measures.api.router")
api.add_router("/", "groundwork.measures.api_indicators.router")
api.add_router("/", "groundwork.measures.api_scorecard.router")
api.add_router("/", "groundwork.landscape.api.router")
api.add_router("/", "groundwork.directory.api.router")
api.add_router("/", "groundwork.referrals.api.router")
api.add_router("/", "groundwork.deliberation.api.router")
api.add_router("/", "groundwork.api.gatherings.router")
api.add_router("/", "groundwork.api.library.router")
api.add_router("/", "groundwork.newsletters.api.router")
api.add_router("/", "groundwork.funding.api.router")
