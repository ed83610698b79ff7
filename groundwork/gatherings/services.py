"""Every write to gatherings: saving one, a series and its occurrences, registering,
cancelling (the waitlist moves up in order), attendance at the door, photos afterwards."""

from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from groundwork.core.errors import AlreadyReceived, ApplicationError
from groundwork.core.photos import photo_clean
from groundwork.core.services import audit_record
from groundwork.core.text import clean_text, too_long_message

from . import recurrence
from .models import AttendanceSave, Gathering, GatheringPhoto, Registration, Series, Status

DETAIL_FIELDS = (
    "title",
    "title_es",
    "description",
    "description_es",
    "kind",
    "mode",
    "place",
    "accessibility_notes",
    "online_url",
    "language",
    "interpretation_language",
    "asl",
    "interpretation",
    "childcare",
    "food",
    "capacity",
    "guide",
    "agenda",
    "is_public",
)
GATHERING_FIELDS = (*DETAIL_FIELDS, "starts_at", "ends_at", "time_zone", "minutes", "cancelled")
SERIES_FIELDS = (
    *DETAIL_FIELDS,
    "frequency",
    "ordinal",
    "weekday",
    "start_time",
    "end_time",
    "time_zone",
    "starts_on",
    "until",
    "exceptions",
)
# Occurrences are kept as gatherings this far ahead (people register for one of them).
SERIES_HORIZON = timedelta(days=190)


def _check(actor: Any, obj: Any) -> None:
    if not actor.has_perm("gatherings.manage", obj):
        raise ApplicationError(_("You do not have permission to do that."))


def _owner_fields(owner: Any) -> dict[str, Any]:
    from groundwork.communities.models import Network
    from groundwork.planning.models import Process

    if isinstance(owner, Process):
        return {"community": owner.community, "process": owner, "network": None}
    if isinstance(owner, Network):
        return {"network": owner, "community": None, "process": None}
    return {"community": owner, "network": None, "process": None}


def _community(obj: Any) -> Any:
    return obj.community if obj.community_id else None


@transaction.atomic
def gathering_save(
    *, actor: Any, owner: Any = None, gathering: Gathering | None = None, **fields: Any
) -> Gathering:
    """Create a gathering of a community, network or process, or change one. Changing an
    occurrence of a series detaches it: the series leaves it as it is from then on."""
    unknown = set(fields) - set(GATHERING_FIELDS)
    if unknown:
        raise ValueError(f"Not gathering fields: {sorted(unknown)}")
    if gathering is None:
        if owner is None:
            raise ValueError("A new gathering needs its owner.")
        gathering = Gathering(**_owner_fields(owner))
    _check(actor, gathering)
    guide = fields.get("guide")
    if guide is not None and guide.community_id != gathering.community_id:
        raise ApplicationError(_("Choose one of this community's guides."), field="guide")
    for key, value in fields.items():
        setattr(gathering, key, value)
    if gathering.series_id:
        gathering.detached = True
    gathering.full_clean()
    created = gathering.pk is None
    gathering.save()
    audit_record(
        action="gathering.created" if created else "gathering.updated",
        actor=actor,
        community=_community(gathering),
        target=gathering,
    )
    return gathering


@transaction.atomic
def series_save(
    *, actor: Any, owner: Any = None, series: Series | None = None, **fields: Any
) -> Series:
    unknown = set(fields) - set(SERIES_FIELDS)
    if unknown:
        raise ValueError(f"Not series fields: {sorted(unknown)}")
    if series is None:
        if owner is None:
            raise ValueError("A new series needs its owner.")
        series = Series(**_owner_fields(owner))
    _check(actor, series)
    for key, value in fields.items():
        setattr(series, key, value)
    series.full_clean()
    created = series.pk is None
    series.save()
    audit_record(
        action="gathering_series.created" if created else "gathering_series.updated",
        actor=actor,
        community=_community(series),
        target=series,
    )
    series_sync(series=series)
    return series


@transaction.atomic
def series_sync(*, series: Series, now: datetime | None = None) -> int:
    """Make the series' coming occurrences gatherings, as the rule says: new ones added,
    unchanged ones updated, those no longer in the rule (or now an exception) removed, or
    cancelled when people registered. Occurrences changed by hand are left alone. Returns how
    many occurrences there are ahead."""
    now = now or timezone.now()
    wanted = dict(recurrence.occurrences(series, now, now + SERIES_HORIZON))
    existing = {
        g.recurrence_id: g
        for g in series.occurrences.filter(recurrence_id__gte=now).select_for_update()
    }
    details = {name: getattr(series, name) for name in DETAIL_FIELDS}
    owner = {"community": series.community, "network": series.network, "process": series.process}
    for start, end in wanted.items():
        g = existing.pop(start, None)
        if g is None:
            Gathering.objects.create(
                series=series,
                recurrence_id=start,
                starts_at=start,
                ends_at=end,
                time_zone=series.time_zone,
                **owner,
                **details,
            )
        elif not g.detached:
            for key, value in {**details, "starts_at": start, "ends_at": end}.items():
                setattr(g, key, value)
            g.cancelled = False
            g.save()
    for g in existing.values():
        if g.detached:
            continue
        if g.registrations.exclude(status=Status.CANCELLED).exists():
            g.cancelled = True
            g.save(update_fields=["cancelled", "updated_at"])
        else:
            g.delete()
    return len(wanted)


NEEDS_FIELDS = ("interpretation_language", "asl", "childcare", "dietary", "other_needs")


def _seats_taken(gathering: Gathering) -> int:
    return gathering.registrations.filter(status=Status.REGISTERED).count()


@transaction.atomic
def registration_create(
    *,
    gathering: Gathering,
    name: str,
    email: str = "",
    phone: str = "",
    language: str,
    base_url: str = "",
    **needs: Any,
) -> Registration:
    """Register someone, no account needed: a seat while there is one, else the waitlist.
    The gathering's row is locked, so two people cannot take the last seat at once."""
    unknown = set(needs) - set(NEEDS_FIELDS)
    if unknown:
        raise ValueError(f"Not needs: {sorted(unknown)}")
    locked = Gathering.objects.select_for_update().get(pk=gathering.pk)
    if locked.cancelled or locked.ends_at < timezone.now() or not locked.is_public:
        raise ApplicationError(_("This gathering is not open for registration."))
    full = locked.capacity is not None and _seats_taken(locked) >= locked.capacity
    registration = Registration(
        gathering=locked,
        name=name.strip(),
        email=email.strip().lower(),
        phone=phone.strip(),
        language=language,
        status=Status.WAITLISTED if full else Status.REGISTERED,
        **needs,
    )
    if not registration.email and not registration.phone:
        raise ApplicationError(_("Give an e-mail address or a phone number."), field="email")
    registration.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError:
        raise ApplicationError(
            _("This e-mail address or phone number is already registered."), field="email"
        ) from None
    audit_record(
        action="gathering.registered",
        community=_community(locked),
        target=registration,
        details={"gathering": locked.pk, "status": registration.status},
    )
    _after_commit(registration, "registered", base_url)
    return registration


def _after_commit(registration: Registration, message: str, base_url: str) -> None:
    from . import tasks

    def enqueue() -> None:
        if registration.email:
            tasks.registration_email.enqueue(
                registration_id=registration.pk, message=message, base_url=base_url
            )
        if registration.status == Status.REGISTERED:
            tasks.schedule_reminders(registration, base_url=base_url)

    transaction.on_commit(enqueue)


@transaction.atomic
def registration_cancel(*, registration: Registration, base_url: str = "") -> Registration | None:
    """Cancel a registration (by its signed link, or a facilitator). If it held a seat, the
    first person on the waitlist gets it and an e-mail. Returns the person promoted."""
    locked = Gathering.objects.select_for_update().get(pk=registration.gathering_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == Status.CANCELLED:
        return None
    held_seat = registration.status == Status.REGISTERED
    registration.status = Status.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at", "updated_at"])
    audit_record(
        action="gathering.registration_cancelled",
        community=_community(locked),
        target=registration,
        details={"gathering": locked.pk},
    )
    if not held_seat:
        return None
    return _promote(locked, base_url)


def _promote(gathering: Gathering, base_url: str) -> Registration | None:
    if gathering.capacity is not None and _seats_taken(gathering) >= gathering.capacity:
        return None
    first = (
        gathering.registrations.select_for_update()
        .filter(status=Status.WAITLISTED)
        .order_by("created_at", "pk")
        .first()
    )
    if first is None:
        return None
    first.status = Status.REGISTERED
    first.promoted_at = timezone.now()
    first.save(update_fields=["status", "promoted_at", "updated_at"])
    audit_record(
        action="gathering.promoted_from_waitlist",
        community=_community(gathering),
        target=first,
        details={"gathering": gathering.pk},
    )
    _after_commit(first, "promoted", base_url)
    return first


@transaction.atomic
def attendance_save(
    *,
    actor: Any,
    gathering: Gathering,
    came: set[int],
    walk_ins: int = 0,
    listed: set[int] | None = None,
    idempotency_key: str = "",
    captured_at: datetime | None = None,
    captured_device: str = "",
) -> Gathering:
    """At the door: who of the registered came, and how many came without registering. The
    gathering's attendance (which the process's reach figures read) is their sum.

    ``listed`` are the registrations the sheet showed (a sheet kept on a device offline may
    predate later registrations: those are left as they are). A sheet sent again with its
    idempotency key is applied once; the key sent by someone else changes nothing
    (``AlreadyReceived``)."""
    _check(actor, gathering)
    if idempotency_key:
        if len(idempotency_key) > 64:
            raise ApplicationError(_("The form is out of date. Reload the page and try again."))
        if _attendance_sent(gathering, actor, idempotency_key):
            return gathering
        try:
            with transaction.atomic():
                AttendanceSave.objects.create(
                    gathering=gathering,
                    idempotency_key=idempotency_key,
                    saved_by=actor,
                    captured_at=captured_at,
                    captured_device=captured_device[:40],
                )
        except IntegrityError:  # the same sheet, sent twice at once
            if _attendance_sent(gathering, actor, idempotency_key):
                return gathering
            raise
    regs = gathering.registrations.exclude(status=Status.CANCELLED)
    sheet = regs if listed is None else regs.filter(pk__in=listed)
    sheet.filter(pk__in=came).update(attended=True)
    sheet.exclude(pk__in=came).update(attended=False)
    gathering.walk_ins = max(0, walk_ins)
    gathering.actual_attendance = regs.filter(attended=True).count() + gathering.walk_ins
    gathering.save(update_fields=["walk_ins", "actual_attendance", "updated_at"])
    details: dict[str, Any] = {"came": len(came), "walk_ins": gathering.walk_ins}
    if captured_at is not None:
        details["captured_at"] = captured_at.isoformat()
    audit_record(
        action="gathering.attendance",
        actor=actor,
        community=_community(gathering),
        target=gathering,
        details=details,
    )
    return gathering


def _attendance_sent(gathering: Gathering, actor: Any, key: str) -> bool:
    """Whether this actor already saved the sheet with this key; ``AlreadyReceived`` when
    someone else did."""
    sent = AttendanceSave.objects.filter(gathering=gathering, idempotency_key=key).first()
    if sent is None:
        return False
    if sent.saved_by_id != actor.pk:
        raise AlreadyReceived()
    return True


# --- Photos of a gathering ------------------------------------------------------------------

MAX_PHOTOS = 30


@transaction.atomic
def photo_add(
    *,
    actor: Any,
    gathering: Gathering,
    upload: Any,
    description: str,
    caption: str = "",
    public: bool = False,
) -> GatheringPhoto:
    """Keep a photo from the gathering (JPEG, PNG or WebP, at most 5 MB, re-encoded without
    its metadata), described for people who cannot see it. ``public`` says the people who can
    be recognised in it agreed to be shown to everyone who may see the gathering."""
    if not actor.has_perm("gatherings.manage", gathering):
        raise ApplicationError(_("Only those who run the gathering can add its photos."))
    description = clean_text(description).strip()
    if not description:
        raise ApplicationError(
            _("Say what the photo shows, for people who cannot see it."), field="description"
        )
    caption = clean_text(caption).strip()
    for field, text in (("description", description), ("caption", caption)):
        limit = GatheringPhoto._meta.get_field(field).max_length
        if len(text) > limit:
            raise ApplicationError(
                too_long_message(
                    label=GatheringPhoto._meta.get_field(field).verbose_name,
                    length=len(text),
                    limit=limit,
                ),
                field=field,
            )
    # Locked, so that two uploads at once cannot pass the limit together.
    Gathering.objects.select_for_update().filter(pk=gathering.pk).first()
    if gathering.photos.count() >= MAX_PHOTOS:
        raise ApplicationError(
            _("A gathering keeps at most %(count)s photos: remove one first.")
            % {"count": MAX_PHOTOS},
            field="photo",
        )
    image = photo_clean(upload)
    photo = GatheringPhoto(
        gathering=gathering,
        description=description,
        caption=caption,
        public=public,
        uploaded_by=actor if actor.is_authenticated else None,
    )
    photo.image.save(image.name, image, save=False)
    photo.full_clean()
    photo.save()
    audit_record(
        action="gathering.photo_added",
        actor=actor,
        community=_community(gathering),
        target=gathering,
        details={"photo": photo.pk, "public": public},
    )
    return photo


@transaction.atomic
def photo_delete(*, actor: Any, photo: GatheringPhoto) -> None:
    gathering = photo.gathering
    if not actor.has_perm("gatherings.manage", gathering):
        raise ApplicationError(_("Only those who run the gathering can remove its photos."))
    audit_record(
        action="gathering.photo_removed",
        actor=actor,
        community=_community(gathering),
        target=gathering,
        details={"photo": photo.pk},
    )
    photo.image.delete(save=False)
    photo.delete()
