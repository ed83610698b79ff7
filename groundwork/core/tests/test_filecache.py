"""The default file cache counts its files at most once a minute per process (Django's lists
the whole directory on every write), and still culls when it is over its limit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from groundwork.core import filecache
from groundwork.core.filecache import FileCache


@pytest.fixture
def clock(monkeypatch: Any) -> list[float]:
    now = [1000.0]
    monkeypatch.setattr(filecache.time, "monotonic", lambda: now[0])
    monkeypatch.setattr(FileCache, "_counted_at", {})
    return now


def _cache(tmp_path: Path, **options: Any) -> FileCache:
    return FileCache(str(tmp_path / "cache"), {"OPTIONS": options})


def test_writes_list_the_directory_once_a_minute(tmp_path, clock, monkeypatch):  # type: ignore[no-untyped-def]
    cache = _cache(tmp_path)
    listings = []
    real = cache._list_cache_files
    monkeypatch.setattr(cache, "_list_cache_files", lambda: listings.append(1) or real())
    for n in range(50):
        cache.set(f"vote:{n}", n)
    assert len(listings) == 1
    assert [cache.get(f"vote:{n}") for n in (0, 49)] == [0, 49]
    clock[0] += filecache.CULL_SECONDS - 1
    cache.set("later", 1)
    assert len(listings) == 1
    clock[0] += 1
    cache.set("a-minute-on", 1)
    assert len(listings) == 2
    # Another instance of the same directory (Django makes one per thread) shares the count.
    other = _cache(tmp_path)
    monkeypatch.setattr(other, "_list_cache_files", lambda: listings.append(1) or real())
    other.set("another-thread", 1)
    assert len(listings) == 2


def test_a_full_cache_is_still_culled_once_the_minute_is_up(tmp_path, clock):  # type: ignore[no-untyped-def]
    cache = _cache(tmp_path, MAX_ENTRIES=30, CULL_FREQUENCY=3)
    for n in range(60):
        cache.set(f"page:{n}", n)
    # Counted on the first write only (nothing to cull then): the cache grew past its limit.
    assert len(cache._list_cache_files()) == 60
    clock[0] += filecache.CULL_SECONDS
    cache.set("one-more", 1)
    assert len(cache._list_cache_files()) == 60 - 60 // 3 + 1
    assert cache.get("one-more") == 1


def test_the_default_limit_holds_a_working_site(tmp_path):  # type: ignore[no-untyped-def]
    assert _cache(tmp_path)._max_entries == filecache.MAX_ENTRIES
    assert _cache(tmp_path, MAX_ENTRIES=500)._max_entries == 500


def test_the_default_cache_and_a_filecache_url_are_this_one(monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    # The tests run with a per-process cache (CACHE_URL in pyproject); a site without one, or
    # with a filecache:// address, gets this cache; a redis:// address gets Redis.
    import importlib

    import groundwork.settings as configured

    expected = {
        None: "groundwork.core.filecache.FileCache",
        f"filecache://{tmp_path}": "groundwork.core.filecache.FileCache",
        "redis://127.0.0.1:6379/0": "django.core.cache.backends.redis.RedisCache",
    }
    try:
        for url, backend in expected.items():
            if url is None:
                monkeypatch.delenv("CACHE_URL", raising=False)
            else:
                monkeypatch.setenv("CACHE_URL", url)
            assert importlib.reload(configured).CACHES["default"]["BACKEND"] == backend, url
    finally:
        monkeypatch.undo()
        importlib.reload(configured)
