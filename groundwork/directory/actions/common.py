"""What the directory's editing writes share: the permission check, ``full_clean`` as one
translated error, and children reconciled by position, so an edit that changes one phone
number keeps the HSDS ids of the rows it did not touch (systems that read the directory's API
see an update, not a delete and a create)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import zip_longest
from typing import Any

import rules
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from groundwork.communities.models import Community
from groundwork.core.errors import ApplicationError


@dataclass(frozen=True)
class PhoneEntry:
    number: str
    description: str = ""


def require(actor: Any, perm: str, obj: Any) -> None:
    if actor is not None and not rules.has_perm(perm, actor, obj):
        raise ApplicationError(_("You do not have permission to do that."))


def clean(obj: models.Model, *, exclude: Iterable[str] = ()) -> None:
    """full_clean, with Django's messages turned into one translated ApplicationError that
    names the field (the transaction around the caller then saves nothing)."""
    try:
        obj.full_clean(exclude=list(exclude))
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            name, errors = next(iter(error.error_dict.items()))
            message = " ".join(str(m) for e in errors for m in e.messages)
            try:
                label = str(obj._meta.get_field(name).verbose_name)
            except Exception:  # noqa: BLE001 - a constraint's name, not a field
                label = ""
            text = f"{label}: {message}" if label else message
            raise ApplicationError(text, field=name) from None
        raise ApplicationError(" ".join(error.messages)) from None


def relink(
    links: Iterable[Any], wanted: set[Any], *, key: Callable[[Any], Any], make: Callable[[Any], Any]
) -> None:
    """Make ``links`` (a service's categories, its locations) be those of the ``wanted`` keys:
    a link whose ``key`` is not wanted is deleted, a wanted key without a link gets one from
    ``make``, validated and saved (in key order, so reruns store the same rows)."""
    have = set()
    for link in links:
        if key(link) in wanted:
            have.add(key(link))
        else:
            link.delete()
    for wanted_key in sorted(wanted - have, key=str):
        link = make(wanted_key)
        clean(link)
        link.save()


def reconcile(
    model: type[models.Model],
    *,
    community: Community,
    parent: dict[str, Any],
    rows: list[dict[str, Any]],
    keep: Callable[[Any], bool] = lambda obj: True,
) -> list[Any]:
    """Make the rows of ``model`` under ``parent`` (e.g. ``{"service_id": …}``) that ``keep``
    selects be ``rows``: the first ones updated in place, extra ones deleted, missing ones
    created. Rows ``keep`` leaves out are not touched."""
    existing = [
        obj
        for obj in model.objects.filter(community=community, **parent).order_by("pk")  # type: ignore[attr-defined]
        if keep(obj)
    ]
    saved = []
    for obj, values in zip_longest(existing, rows):
        if values is None:
            obj.delete()
            continue
        if obj is None:
            obj = model(community=community, **parent)
        changed = obj._state.adding
        for name, value in values.items():
            if getattr(obj, name) != value:
                setattr(obj, name, value)
                changed = True
        if changed:
            clean(obj, exclude=["community"])
            obj.save()
        saved.append(obj)
    return saved


def changed_fields(obj: models.Model, values: dict[str, Any]) -> list[str]:
    changed = []
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed.append(name)
    return changed
