"""Facilitation guides shipped with Groundwork, which communities copy and adapt."""

from .base import ShippedGuide, ShippedSection
from .building_community_resilience import GUIDE as BUILDING_COMMUNITY_RESILIENCE

SHIPPED_GUIDES: dict[str, ShippedGuide] = {
    guide.slug: guide for guide in (BUILDING_COMMUNITY_RESILIENCE,)
}


def shipped_guide(slug: str) -> ShippedGuide | None:
    return SHIPPED_GUIDES.get(slug)


__all__ = ["SHIPPED_GUIDES", "ShippedGuide", "ShippedSection", "shipped_guide"]
