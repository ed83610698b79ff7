"""Limit/offset pagination whose offset has an upper bound: a number past what the database
can hold is a refused input (422), never a crash in the query."""

from django.conf import settings
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

# Beyond any real list; far inside a 64-bit integer, which is where SQLite and PostgreSQL stop.
MAX_OFFSET = 1_000_000_000
# The largest id a row can have (a 64-bit signed integer), for "newer than this id" filters.
MAX_ID = 2**63 - 1


class Pagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(
            settings.NINJA_PAGINATION_PER_PAGE, ge=1, le=settings.NINJA_PAGINATION_MAX_LIMIT
        )
        offset: int = Field(0, ge=0, le=MAX_OFFSET)
