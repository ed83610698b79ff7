"""Coordinates from an address, when the site configures a geocoder (off by default).

``settings.DIRECTORY_GEOCODER`` names the adapter: "census", the U.S. Census Bureau's
one-line address geocoder (``settings.DIRECTORY_GEOCODER_URL``, public, no key), or "" for
none. Editors can always place a pin on the map or type the coordinates instead; the
geocoder only fills coordinates left empty. A confidential address or a person's home is
never sent to it (the callers check). A failure (no match, timeout, an answer of another
shape) gives no coordinates and is logged; it never stops a save."""

from __future__ import annotations

import json
import logging
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings

logger = logging.getLogger(__name__)

Fetch = Callable[[str, float], bytes]


@dataclass(frozen=True)
class Geocoded:
    latitude: float
    longitude: float
    matched: str  # the address as the geocoder understood it


def _fetch(url: str, timeout: float) -> bytes:
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310 - an https URL from settings
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
        return bytes(response.read())


def census_url(address: str) -> str:
    query = urllib.parse.urlencode(
        {"address": address, "benchmark": "Public_AR_Current", "format": "json"}
    )
    return f"{settings.DIRECTORY_GEOCODER_URL}?{query}"


def parse_census(body: bytes) -> Geocoded | None:
    """The first match of a Census geocoder answer (``result.addressMatches``), or None."""
    data: Any = json.loads(body)
    matches = data["result"]["addressMatches"]
    if not matches:
        return None
    first = matches[0]
    latitude = float(first["coordinates"]["y"])
    longitude = float(first["coordinates"]["x"])
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    return Geocoded(round(latitude, 6), round(longitude, 6), str(first.get("matchedAddress", "")))


def is_enabled() -> bool:
    return settings.DIRECTORY_GEOCODER == "census"


def geocode(address: str, *, fetch: Fetch | None = None) -> Geocoded | None:
    """Coordinates of the address from the configured geocoder; None when there is none, the
    address is empty, or nothing was found."""
    address = " ".join(address.split())
    if not is_enabled() or not address:
        return None
    try:
        body = (fetch or _fetch)(census_url(address), settings.DIRECTORY_GEOCODER_TIMEOUT)
        return parse_census(body)
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        logger.warning("Geocoding failed", exc_info=True)
        return None
