"""Limits on how often one visitor may write: answers, votes, statements, endorsements, survey
responses, follows, sign-ups and registrations for gatherings. Counters live in the cache shared
by every process (``CACHES``, from ``CACHE_URL``) and are kept by django-ratelimit; the limits
themselves are in ``settings.RATE_LIMITS``, each write kind with a limit per person (a
participant of the process, a signed-in account, a survey's link cookie or an e-mail address)
and a more generous one per client address, so that a gathering sharing one wifi connection is
not blocked.

A limited request stores nothing and gets HTTP 429 with a translated message: a page, or for
htmx requests a fragment that takes the place of its target."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_ratelimit import ALL
from django_ratelimit.core import is_ratelimited

# Who sends: a stable key for the person behind a request, or None when there is none yet
# (a first visit without a cookie or account is limited by its client address only).
Who = Callable[[HttpRequest, dict[str, Any]], str | None]


def _limits(kind: str) -> dict[str, str]:
    return settings.RATE_LIMITS.get(kind, {})


def account(request: HttpRequest) -> str | None:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return None


def process_participant(request: HttpRequest, kwargs: dict[str, Any]) -> str | None:
    """The participant cookie of the process in the address (/c/<slug>/p/<process_slug>/), or
    the signed-in account."""
    from groundwork.planning.models import Process
    from groundwork.planning.participants import PARTICIPANT_COOKIE, PARTICIPANT_SALT

    if who := account(request):
        return who
    if not any(name.startswith(PARTICIPANT_COOKIE.format("")) for name in request.COOKIES):
        return None  # a first answer or vote: no participant yet, and no query to find out
    process_id = (
        Process.objects.filter(community__slug=kwargs.get("slug"), slug=kwargs.get("process_slug"))
        .values_list("pk", flat=True)
        .first()
    )
    if process_id is None:
        return None
    public_id = request.get_signed_cookie(
        PARTICIPANT_COOKIE.format(process_id), default=None, salt=PARTICIPANT_SALT
    )
    return f"participant:{public_id}" if public_id else None


def survey_respondent(request: HttpRequest, kwargs: dict[str, Any]) -> str | None:
    """The survey's link cookie (one per browser) or the signed-in account."""
    from groundwork.measures.models import Instrument
    from groundwork.measures.views import LINK_COOKIE, LINK_SALT

    if who := account(request):
        return who
    instrument_id = (
        Instrument.objects.filter(slug=kwargs.get("survey_slug"))
        .values_list("pk", flat=True)
        .first()
    )
    if instrument_id is None:
        return None
    token = request.get_signed_cookie(
        LINK_COOKIE.format(instrument_id), default=None, salt=LINK_SALT
    )
    return f"respondent:{token}" if token else None


def posted_address(request: HttpRequest, kwargs: dict[str, Any]) -> str | None:
    """The e-mail address in the form (a follow or a sign-up), however it is capitalised."""
    email = request.POST.get("email", "").strip().lower()
    return f"email:{email}" if email else None


def posted_contact(request: HttpRequest, kwargs: dict[str, Any]) -> str | None:
    """The e-mail address, else the phone number, in a registration form: the person the
    confirmations go to (so nobody's inbox can be flooded through the form)."""
    if found := posted_address(request, kwargs):
        return found
    phone = "".join(ch for ch in request.POST.get("phone", "") if ch.isdigit())
    return f"phone:{phone}" if phone else None


def over_limit(request: HttpRequest, kind: str, *people: str | None) -> bool:
    """Count this request against the client address and each person given; True when any
    of those counts is over its limit. Counting happens even when over, so a flood stays
    limited for the whole window."""
    limits = _limits(kind)
    over = False
    if rate := limits.get("client"):
        over |= is_ratelimited(
            request, group=f"{kind}:client", key="ip", rate=rate, method=ALL, increment=True
        )
    if rate := limits.get("person"):
        for who in people:
            if who:
                over |= _count_person(request, kind, who, rate)
    return over


def _count_person(request: HttpRequest, kind: str, who: str, rate: str) -> bool:
    """Count this request for one person; True when they are over ``rate``."""
    return bool(
        is_ratelimited(
            request,
            group=f"{kind}:person",
            key=lambda _group, _request: who,
            rate=rate,
            method=ALL,
            increment=True,
        )
    )


def _count_newcomer(
    request: HttpRequest, response: HttpResponse, kind: str, finders: list[Who], kwargs: Any
) -> None:
    rate = _limits(kind).get("person")
    if not rate:
        return
    saved = request.COOKIES
    request.COOKIES = {**saved, **{name: m.value for name, m in response.cookies.items()}}
    try:
        for find in finders:
            if who := find(request, kwargs):
                _count_person(request, kind, who, rate)
    finally:
        request.COOKIES = saved


def too_many_requests(request: HttpRequest) -> HttpResponse:
    """HTTP 429 with a translated message: the whole page, or for htmx the fragment that
    replaces the element the request targets (htmx is configured to swap 429 responses)."""
    context = {"target": getattr(getattr(request, "htmx", None), "target", None) or ""}
    if getattr(request, "htmx", False):
        response = render(request, "includes/too_many.html", context, status=429)
    else:
        response = render(request, "429.html", context, status=429)
    return response


# Cookies a response may set that say nothing of who sent it (a first visit makes a participant
# or a survey link only when it sets one of the others).
_NOT_PEOPLE_COOKIES = {
    settings.CSRF_COOKIE_NAME,
    settings.SESSION_COOKIE_NAME,
    settings.LANGUAGE_COOKIE_NAME,
}


def rate_limited(kind: str, *who: Who) -> Callable[[Any], Any]:
    """Limit a view's POSTs of one write kind (``settings.RATE_LIMITS[kind]``): per client
    address and per person (``who`` finds them from the request and the URL's arguments)."""

    def decorator(view: Any) -> Any:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method != "POST":
                return view(request, *args, **kwargs)
            people = [find(request, kwargs) for find in who]
            if over_limit(request, kind, *people):
                return too_many_requests(request)
            response = view(request, *args, **kwargs)
            unknown = [find for find, person in zip(who, people, strict=True) if person is None]
            if unknown and set(response.cookies) - _NOT_PEOPLE_COOKIES:
                # A first visit that made a participant (the response sets its cookie): the
                # request counts for that participant too, so the limit is N per person.
                _count_newcomer(request, response, kind, unknown, kwargs)
            return response

        return wrapped

    return decorator
