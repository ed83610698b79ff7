"""Every write to the asset map, and the promotion of residents' answers into assets and
allies: validated, in one transaction, with its audit event."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

import rules
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from groundwork.communities.models import Community, Organization
from groundwork.communities.services import organization_create
from groundwork.core.errors import ApplicationError
from groundwork.core.services import audit_record
from groundwork.core.text import clean_text
from groundwork.planning.models import Contribution, Moderation, QuestionKey

from .models import SHOWN_CONSENTS, AllyOrigin, Asset, AssetKind, Consent, ContactVisibility

# The fields a facilitator sets on an asset (the views' forms carry the same names).
ASSET_FIELDS = (
    "kind",
    "name",
    "name_es",
    "description",
    "description_es",
    "county_fips",
    "area",
    "address",
    "latitude",
    "longitude",
    "contact_name",
    "contact_phone",
    "contact_email",
    "contact_visibility",
    "tags",
    "person_first_name",
    "consent",
    "consent_note",
    "consent_recorded_on",
)
PERSON_FIELDS = ("person_first_name", "consent", "consent_note", "consent_recorded_on")
MAX_TAGS = 12


def _require(actor: Any, perm: str, community: Community) -> None:
    if actor is not None and not rules.has_perm(perm, actor, community):
        raise ApplicationError(_("Only the community's coordinators and facilitators can do that."))


def clean_tags(tags: Iterable[str] | str) -> list[str]:
    """Tags as a short list of distinct words or phrases, lower case, in the order given."""
    if isinstance(tags, str):
        tags = tags.split(",")
    seen: list[str] = []
    for tag in tags:
        word = " ".join(str(tag).split()).lower()[:40]
        if word and word not in seen:
            seen.append(word)
    return seen[:MAX_TAGS]


def _apply(asset: Asset, community: Community, values: dict[str, Any]) -> None:
    """Set and check the fields of an asset (not yet saved)."""
    for name, value in values.items():
        if name not in ASSET_FIELDS:
            raise TypeError(f"asset has no field {name}")
        if name == "tags":
            value = clean_tags(value)
        elif name in ("latitude", "longitude"):
            value = None if value in (None, "") else Decimal(str(value))
        elif isinstance(value, str):
            value = clean_text(value)
        setattr(asset, name, value)
    if not asset.name:
        raise ApplicationError(_("Give the asset a name."), field="name")
    served = list(community.county_fips or [])
    if asset.county_fips and asset.county_fips not in served:
        raise ApplicationError(
            _("Choose one of the counties the community serves."), field="county_fips"
        )
    if (asset.latitude is None) != (asset.longitude is None):
        raise ApplicationError(
            _("Give both the latitude and the longitude, or neither."), field="latitude"
        )
    if asset.contact_visibility not in ContactVisibility.values:
        raise ApplicationError(_("Choose who sees the contact."), field="contact_visibility")
    if asset.kind == AssetKind.INDIVIDUAL:
        if asset.consent == Consent.WITHDRAWN:
            # Nothing that names or reaches the person is kept once they withdraw.
            asset.person_first_name = ""
            asset.contact_name = asset.contact_phone = asset.contact_email = ""
        elif asset.consent not in SHOWN_CONSENTS:
            raise ApplicationError(
                _(
                    "An individual's gifts and skills are listed only with their consent: "
                    "record what they agreed to."
                ),
                field="consent",
            )
        elif not (asset.consent_note or asset.consent_recorded_on):
            raise ApplicationError(
                _("Say how or when the person gave their consent."), field="consent_note"
            )
        if asset.consent == Consent.FIRST_NAME and not asset.person_first_name:
            raise ApplicationError(
                _("Give the person's first name, or choose to show it without a name."),
                field="person_first_name",
            )
        if asset.consent == Consent.ANONYMOUS:
            asset.person_first_name = ""
        # Only a first name: the first word of whatever was typed.
        asset.person_first_name = (asset.person_first_name.split() or [""])[0]
    else:
        asset.person_first_name = ""
        asset.consent = ""
        asset.consent_note = ""
        asset.consent_recorded_on = None
    asset.full_clean(exclude=["contributions"])


@transaction.atomic
def asset_create(
    *,
    actor: Any,
    community: Community,
    contributions: Iterable[Contribution] = (),
    **values: Any,
) -> Asset:
    """Add an asset to the community's map. ``values`` are the fields in ASSET_FIELDS."""
    _require(actor, "directory.change_assets", community)
    asset = Asset(
        community=community,
        added_by=actor if getattr(actor, "is_authenticated", False) else None,
        last_verified=timezone.localdate(),
    )
    _apply(asset, community, values)
    asset.save()
    linked = [c.pk for c in contributions]
    if linked:
        asset.contributions.add(*linked)
    audit_record(
        action="directory.asset_created",
        actor=actor,
        community=community,
        target=asset,
        details={"kind": asset.kind, "answers": sorted(linked)},
    )
    return asset


@transaction.atomic
def asset_update(*, actor: Any, asset: Asset, **values: Any) -> Asset:
    """Change an asset's fields (only those given)."""
    _require(actor, "directory.change_assets", asset.community)
    before = {name: getattr(asset, name) for name in ASSET_FIELDS}
    _apply(asset, asset.community, values)
    asset.save()
    changed = sorted(
        name
        for name in ASSET_FIELDS
        if getattr(asset, name) != before[name] and name not in PERSON_FIELDS
    )
    # Which personal fields changed is recorded, never their values.
    changed += sorted(n for n in PERSON_FIELDS if getattr(asset, n) != before[n])
    audit_record(
        action="directory.asset_updated",
        actor=actor,
        community=asset.community,
        target=asset,
        details={"fields": changed},
    )
    return asset


@transaction.atomic
def asset_verify(*, actor: Any, asset: Asset, on: date | None = None) -> Asset:
    """Record that someone checked the asset's details are still right."""
    _require(actor, "directory.change_assets", asset.community)
    asset.last_verified = on or timezone.localdate()
    asset.save(update_fields=["last_verified", "updated_at"])
    audit_record(
        action="directory.asset_verified",
        actor=actor,
        community=asset.community,
        target=asset,
        details={"on": asset.last_verified.isoformat()},
    )
    return asset


@transaction.atomic
def asset_delete(*, actor: Any, asset: Asset) -> None:
    """Take an asset off the map (its links to plan activities go with it)."""
    _require(actor, "directory.change_assets", asset.community)
    audit_record(
        action="directory.asset_deleted",
        actor=actor,
        community=asset.community,
        target=asset,
        details={"kind": asset.kind, "name": asset.name if asset.kind != "individual" else ""},
    )
    asset.delete()


# Promotion of residents' answers ---------------------------------------------------------


def promotable_answers(
    *, community: Community, contribution_ids: Iterable[int], question: str
) -> list[Contribution]:
    """The visible answers to ``question`` picked, with every visible answer to the same
    question of the same process in the very same words (ten people who wrote "the library
    has computers" all stand behind the asset). Raises when any pick is not a visible answer
    to that question in this community."""
    ids = {int(i) for i in contribution_ids}
    if not ids:
        raise ApplicationError(_("Pick at least one answer."))
    picked = list(
        Contribution.objects.filter(
            community=community,
            pk__in=ids,
            moderation=Moderation.VISIBLE,
            question__key=question,
        )
    )
    if len(picked) != len(ids):
        raise ApplicationError(
            _("Only visible answers to the %(question)s question of this community can be used.")
            % {"question": QuestionKey(question).label.lower()}
        )
    same = Q()
    for c in picked:
        same |= Q(process_id=c.process_id, question_id=c.question_id, text=c.text)
    return list(
        Contribution.objects.filter(same, community=community, moderation=Moderation.VISIBLE)
        .order_by("pk")
        .distinct()
    )


@transaction.atomic
def asset_promote(
    *,
    actor: Any,
    community: Community,
    contribution_ids: Iterable[int],
    asset: Asset | None = None,
    **values: Any,
) -> tuple[Asset, int]:
    """Turn answers to the strengths question into an asset in one step: a new asset (from
    ``values``), or an existing one of this community that the answers are added to. The asset
    keeps the link to every answer (and to the answers in the same words). Returns the asset
    and how many answers it now stands on."""
    _require(actor, "directory.promote_answers", community)
    answers = promotable_answers(
        community=community, contribution_ids=contribution_ids, question=QuestionKey.STRENGTHS
    )
    if asset is None:
        asset = asset_create(actor=actor, community=community, contributions=answers, **values)
    else:
        if asset.community_id != community.pk or not asset.is_shown:
            raise ApplicationError(_("Choose an asset of this community."), field="asset")
        asset.contributions.add(*answers)
    audit_record(
        action="directory.answers_promoted",
        actor=actor,
        community=community,
        target=asset,
        details={"answers": [c.pk for c in answers]},
    )
    return asset, asset.contributions.count()


@transaction.atomic
def ally_promote(
    *,
    actor: Any,
    community: Community,
    contribution_ids: Iterable[int],
    organization: Organization | None = None,
    name: str = "",
    sector: str = "",
    website: str = "",
    description: str = "",
) -> Organization:
    """Turn answers to the allies question into an ally in one step: a new organization of the
    community, or one it already lists. The organization keeps the residents' words that
    named it (``AllyOrigin``)."""
    _require(actor, "directory.promote_answers", community)
    answers = promotable_answers(
        community=community, contribution_ids=contribution_ids, question=QuestionKey.ALLIES
    )
    if organization is None:
        organization = organization_create(
            actor=actor,
            community=community,
            name=name,
            sector=sector,
            website=website,
            description=description,
        )
    elif organization.community_id != community.pk:
        raise ApplicationError(_("Choose an organization of this community."), field="organization")
    AllyOrigin.objects.bulk_create(
        [
            AllyOrigin(community=community, organization=organization, contribution=c)
            for c in answers
        ],
        ignore_conflicts=True,
    )
    audit_record(
        action="directory.ally_promoted",
        actor=actor,
        community=community,
        target=organization,
        details={"answers": [c.pk for c in answers]},
    )
    return organization
