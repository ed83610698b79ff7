import re
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import HttpBearer, SessionAuth

from .errors import InvalidToken, TokenScopeRefused
from .models import ApiToken, TokenAccess
from .services import api_token_authenticate

READS = ("GET", "HEAD", "OPTIONS")
# The community a route is about: /api/communities/<slug>/… and /api/hsds/<slug>/…, or the
# community a survey of /api/surveys/<slug>/… belongs to.
_COMMUNITY_ROUTE = re.compile(r"/api/(?:communities|hsds)/(?P<slug>[^/]+)(?:/|$)")
_SURVEY_ROUTE = re.compile(r"/api/surveys/(?P<slug>[^/]+)(?:/|$)")


def route_community(request: HttpRequest) -> str | None:
    """The slug of the community the requested route is about, or None for routes about none
    (networks, the list of communities, creating a community, a network's survey)."""
    if match := _COMMUNITY_ROUTE.match(request.path_info):
        return match.group("slug")
    if match := _SURVEY_ROUTE.match(request.path_info):
        from groundwork.measures.models import Instrument

        slug: str | None = (
            Instrument.objects.filter(slug=match.group("slug"))
            .values_list("community__slug", flat=True)
            .first()
        )
        return slug
    return None


def narrow(request: HttpRequest, token: ApiToken) -> Any:
    """Who the request acts as with ``token``: its holder, within what the token was made for.

    A read-only token may not write. A token limited to a community acts for its holder on
    that community's routes; on another community's routes it is refused, and on routes about
    no community it may read what anyone may read, as an anonymous caller."""
    write = request.method not in READS
    if write and token.access != TokenAccess.WRITE:
        raise TokenScopeRefused(_("This token may only read."))
    if token.community_id is None:
        return token.user
    slug = route_community(request)
    if slug == token.community.slug:
        return token.user
    if slug is not None or write:
        raise TokenScopeRefused(
            _("This token is limited to %(community)s.") % {"community": token.community.name}
        )
    return AnonymousUser()


class TokenAuth(HttpBearer):
    """`Authorization: Bearer gw_…` with a personal API token. A token that is unknown,
    revoked, expired or belongs to a deactivated account is refused with 401, never taken for
    an anonymous caller, so scripts notice; a token asked for more than it was made for is
    refused with 403."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = api_token_authenticate(token)
        if found is None:
            raise InvalidToken
        request.user = narrow(request, found)
        request.api_token = found  # type: ignore[attr-defined]
        return found.user


class Anonymous:
    """Public routes answer anonymous callers reading; the rules decide what they may see.
    Writes need a token or a session: an anonymous write is refused with 401 before its body
    is even read."""

    def __call__(self, request: HttpRequest) -> Any:
        if request.method not in READS:
            return None
        request.user = AnonymousUser()
        return True


api_auth = [TokenAuth(), SessionAuth(), Anonymous()]
