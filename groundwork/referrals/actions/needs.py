"""A network's need categories: its stewards add, rename, reorder, retire and restore them,
each change audited. Nothing is deleted: a category in use keeps its code and its label."""

from typing import Any

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from groundwork.communities.models import Network
from groundwork.core.errors import ApplicationError
from groundwork.core.ordering import move_one_place, next_position
from groundwork.core.services import audit_record

from ..models import NeedCategory
from ..needs import DEFAULT_NEEDS
from .common import require

NAME_LIMIT = 100


def need_categories_create_defaults(*, network: Network) -> list[NeedCategory]:
    """Give a network without need categories the twelve defaults."""
    if NeedCategory.objects.filter(network=network).exists():
        return []
    return NeedCategory.objects.bulk_create(
        NeedCategory(network=network, code=code, name_en=en, name_es=es, position=index)
        for index, (code, en, es) in enumerate(DEFAULT_NEEDS, start=1)
    )


def _require_steward(actor: Any, network: Network) -> None:
    if not actor.has_perm("communities.manage_network", network):
        raise ApplicationError(_("You do not have permission to do that."))


def _clean_names(name_en: str, name_es: str) -> tuple[str, str]:
    name_en, name_es = " ".join(name_en.split()), " ".join(name_es.split())
    require(bool(name_en), _("Enter the name in English."), "name_en")
    require(bool(name_es), _("Enter the name in Spanish."), "name_es")
    require(len(name_en) <= NAME_LIMIT, _("The name is too long."), "name_en")
    require(len(name_es) <= NAME_LIMIT, _("The name is too long."), "name_es")
    return name_en, name_es


def _unique_code(network: Network, name: str) -> str:
    base = slugify(name).replace("-", "_")[:34] or "need"
    code, n = base, 2
    while NeedCategory.objects.filter(network=network, code=code).exists():
        code, n = f"{base}_{n}", n + 1
    return code


@transaction.atomic
def need_category_create(
    *, actor: Any, network: Network, name_en: str, name_es: str
) -> NeedCategory:
    _require_steward(actor, network)
    name_en, name_es = _clean_names(name_en, name_es)
    siblings = NeedCategory.objects.select_for_update().filter(network=network)
    require(
        not any(c.name_en.casefold() == name_en.casefold() for c in siblings),
        _("The network already has a need with this name."),
        "name_en",
    )
    category = NeedCategory.objects.create(
        network=network,
        code=_unique_code(network, name_en),
        name_en=name_en,
        name_es=name_es,
        position=next_position(NeedCategory.objects.filter(network=network)),
    )
    audit_record(
        action="need_category.created",
        actor=actor,
        target=category,
        details={"code": category.code},
    )
    return category


@transaction.atomic
def need_category_update(
    *, actor: Any, category: NeedCategory, name_en: str, name_es: str
) -> NeedCategory:
    """Rename a category in both languages; its code stays, so referrals keep naming it."""
    _require_steward(actor, category.network)
    name_en, name_es = _clean_names(name_en, name_es)
    require(
        not NeedCategory.objects.filter(network_id=category.network_id, name_en__iexact=name_en)
        .exclude(pk=category.pk)
        .exists(),
        _("The network already has a need with this name."),
        "name_en",
    )
    before = {"name_en": category.name_en, "name_es": category.name_es}
    category.name_en, category.name_es = name_en, name_es
    category.save(update_fields=["name_en", "name_es", "updated_at"])
    audit_record(
        action="need_category.renamed",
        actor=actor,
        target=category,
        details={"code": category.code, "before": before},
    )
    return category


@transaction.atomic
def need_category_move(*, actor: Any, category: NeedCategory, direction: str) -> None:
    """Move a category one place up or down in the order the referral form shows."""
    _require_steward(actor, category.network)
    siblings = list(
        NeedCategory.objects.select_for_update()
        .filter(network_id=category.network_id)
        .order_by("position", "id")
    )
    if move_one_place(siblings, category, direction):
        audit_record(
            action="need_category.moved",
            actor=actor,
            target=category,
            details={"code": category.code, "direction": direction},
        )


@transaction.atomic
def need_category_set_retired(*, actor: Any, category: NeedCategory, retired: bool) -> None:
    """Retire a category (no longer offered; referrals that name it keep its label) or offer
    it again. The last category offered cannot be retired."""
    _require_steward(actor, category.network)
    offered = NeedCategory.objects.select_for_update().filter(
        network_id=category.network_id, retired=False
    )
    if retired:
        require(
            offered.exclude(pk=category.pk).exists(),
            _("Keep at least one need to choose from."),
        )
    if category.retired == retired:
        return
    category.retired = retired
    category.save(update_fields=["retired", "updated_at"])
    audit_record(
        action="need_category.retired" if retired else "need_category.restored",
        actor=actor,
        target=category,
        details={"code": category.code},
    )
