"""The default cache (no ``CACHE_URL``): Django's file cache, culled at most once a minute.

Django's ``FileBasedCache`` lists every file of its directory on every write to count them,
and once ``MAX_ENTRIES`` (300 by default) is reached deletes a third of them at random. With
the pages, fragments, sessions and rate-limit counters of a working site kept there, that is
thousands of files: each write (a vote's rate-limit counters and generation bumps among them)
paid for a directory listing that grows with the cache, and a busy site evicted its own
sessions and fragments many times a minute. Here the count is taken at most once a minute in
each process, against a limit sized for those entries; everything else is Django's."""

from __future__ import annotations

import time
from typing import Any, ClassVar

from django.core.cache.backends.filebased import FileBasedCache

MAX_ENTRIES = 20_000
CULL_SECONDS = 60.0


class FileCache(FileBasedCache):
    # When each directory was last counted, for every instance in this process (Django makes
    # one per thread).
    _counted_at: ClassVar[dict[str, float]] = {}

    def __init__(self, dir: str, params: dict[str, Any]) -> None:  # noqa: A002 - Django's name
        options = {"MAX_ENTRIES": MAX_ENTRIES, **params.get("OPTIONS", {})}
        super().__init__(dir, {**params, "OPTIONS": options})

    def _cull(self) -> None:
        now = time.monotonic()
        last = self._counted_at.get(self._dir)
        if last is not None and now - last < CULL_SECONDS:
            return
        self._counted_at[self._dir] = now
        super()._cull()
