from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from .errors import InvalidToken
from .services import api_token_authenticate


class TokenAuth(HttpBearer):
    """`Authorization: Bearer gw_…` with a personal API token. A token that is unknown,
    revoked or belongs to a deactivated account is refused with 401, never taken for an
    anonymous caller, so scripts notice."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_authenticate(token)
        if user is None:
            raise InvalidToken
        request.user = user
        return user


class Anonymous:
    """Public routes answer anonymous callers; the rules decide what they may see."""

    def __call__(self, request: HttpRequest) -> Any:
        request.user = AnonymousUser()
        return True


api_auth = [TokenAuth(), SessionAuth(), Anonymous()]
