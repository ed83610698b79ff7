from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("referrals/_nav.html", takes_context=True)
def referrals_nav(context: Any, community: Any) -> dict[str, Any]:
    """The workspace's links to referrals, for those who may follow them."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or community is None:
        return {"show": False}
    name = getattr(getattr(request, "resolver_match", None), "view_name", "")
    return {
        "community": community,
        "inbox": user.has_perm("referrals.view_inbox", community),
        "report": user.has_perm("referrals.view_report", community),
        "current": name,
        "show": True,
    }
