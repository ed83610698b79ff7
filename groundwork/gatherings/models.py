"""Gatherings people can find and join: one-off or a series, owned by a community (and maybe
one of its planning processes) or by a network; registrations with access needs and a
waitlist; reminders sent once each."""

import secrets
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from groundwork.core.models import TimeStampedModel
from groundwork.core.text import in_language

# The online link is shown to registered people only from this long before the start.
LINK_REVEALED_BEFORE = timedelta(hours=1)
DEFAULT_LENGTH = timedelta(hours=2)


class Kind(models.TextChoices):
    WORKSHOP = "workshop", _("Workshop")
    LARGE = "large", _("Large group")
    SMALL = "small", _("Small group")
    PEER = "peer", _("Peer connection")
    TRAINING = "training", _("Training")
    OTHER = "other", _("Other")


class Mode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("In person and online")


class Interpretation(models.TextChoices):
    NONE = "", _("None")
    EN = "en", _("Into English")
    ES = "es", _("Into Spanish")


class GatheringDetails(TimeStampedModel):
    """What a one-off gathering and a series (the template of its occurrences) both say."""

    community = models.ForeignKey(
        "communities.Community",
        verbose_name=_("community"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    network = models.ForeignKey(
        "communities.Network",
        verbose_name=_("network"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    process = models.ForeignKey(
        "planning.Process",
        verbose_name=_("planning process"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=200)
    title_es = models.CharField(_("title in Spanish"), max_length=200, blank=True)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    description_es = models.TextField(_("description in Spanish"), max_length=5000, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.OTHER)
    mode = models.CharField(
        _("how people take part"), max_length=10, choices=Mode.choices, default=Mode.IN_PERSON
    )
    place = models.CharField(_("place"), max_length=300, blank=True)
    accessibility_notes = models.CharField(_("accessibility"), max_length=500, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    interpretation_language = models.CharField(
        _("live interpretation"), max_length=8, choices=Interpretation.choices, blank=True
    )
    asl = models.BooleanField(_("ASL interpretation"), default=False)
    interpretation = models.CharField(
        _("interpretation offered"),
        max_length=200,
        blank=True,
        help_text=_("For example: Spanish interpretation, ASL."),
    )
    childcare = models.BooleanField(_("childcare"), default=False)
    food = models.CharField(_("food"), max_length=200, blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    guide = models.ForeignKey(
        "planning.Guide",
        verbose_name=_("facilitation guide"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    agenda = models.TextField(_("agenda"), max_length=5000, blank=True)
    is_public = models.BooleanField(
        _("listed publicly"),
        default=True,
        help_text=_("Shown on the public pages and open to registration."),
    )

    class Meta:
        abstract = True

    @property
    def display_title(self) -> str:
        return in_language(self.title, self.title_es)

    @property
    def display_description(self) -> str:
        return in_language(self.description, self.description_es)

    @property
    def owner(self):  # type: ignore[no-untyped-def]
        return self.community if self.community_id else self.network


def _one_owner(prefix: str) -> list[models.CheckConstraint]:
    return [
        models.CheckConstraint(
            condition=Q(community__isnull=False, network__isnull=True)
            | Q(community__isnull=True, network__isnull=False, process__isnull=True),
            name=f"{prefix}_one_owner",
        )
    ]


class Frequency(models.TextChoices):
    WEEKLY = "WEEKLY", _("Every week")
    MONTHLY = "MONTHLY", _("Every month")


class Weekday(models.TextChoices):
    MO = "MO", _("Monday")
    TU = "TU", _("Tuesday")
    WE = "WE", _("Wednesday")
    TH = "TH", _("Thursday")
    FR = "FR", _("Friday")
    SA = "SA", _("Saturday")
    SU = "SU", _("Sunday")


class Ordinal(models.IntegerChoices):
    FIRST = 1, pgettext_lazy("before a weekday", "first")
    SECOND = 2, pgettext_lazy("before a weekday", "second")
    THIRD = 3, pgettext_lazy("before a weekday", "third")
    FOURTH = 4, pgettext_lazy("before a weekday", "fourth")
    LAST = -1, pgettext_lazy("before a weekday", "last")


class Series(GatheringDetails):
    """Gatherings that repeat by an RFC 5545 rule, entered in plain words: every week on a
    weekday, or every month on the first…last weekday, at a time in a time zone. Its
    occurrences are Gathering rows (series_sync) so people register for one of them."""

    community = models.ForeignKey(
        "communities.Community",
        verbose_name=_("community"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="gathering_series",
    )
    network = models.ForeignKey(
        "communities.Network",
        verbose_name=_("network"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="gathering_series",
    )
    uid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    frequency = models.CharField(
        _("repeats"), max_length=8, choices=Frequency.choices, default=Frequency.MONTHLY
    )
    ordinal = models.SmallIntegerField(
        _("which one in the month"), choices=Ordinal.choices, null=True, blank=True
    )
    weekday = models.CharField(_("day of the week"), max_length=2, choices=Weekday.choices)
    start_time = models.TimeField(_("starts at"))
    end_time = models.TimeField(_("ends at"))
    time_zone = models.CharField(_("time zone"), max_length=64, default="America/New_York")
    starts_on = models.DateField(_("first date"))
    until = models.DateField(_("last date"), null=True, blank=True)
    # Dates (ISO, one per line) on which there is no gathering: EXDATE.
    exceptions = models.TextField(_("no gathering on"), blank=True)

    class Meta:
        verbose_name = _("series of gatherings")
        verbose_name_plural = _("series of gatherings")
        ordering = ["title"]
        constraints = [
            *_one_owner("series"),
            models.CheckConstraint(
                condition=Q(end_time__gt=models.F("start_time")), name="series_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.display_title

    @property
    def rrule(self) -> str:
        from .recurrence import rule_text

        return rule_text(self)

    @property
    def exception_dates(self):  # type: ignore[no-untyped-def]
        from .recurrence import parse_dates

        return parse_dates(self.exceptions)


class GatheringQuerySet(models.QuerySet["Gathering"]):
    def upcoming(self, now=None):  # type: ignore[no-untyped-def]
        now = now or timezone.now()
        return self.filter(is_public=True, cancelled=False, ends_at__gte=now).order_by(
            "starts_at", "pk"
        )


class Gathering(GatheringDetails):
    """One meeting: on its own, of a series, and perhaps of a planning process (whose capture
    mode, attendance and reach figures use it)."""

    Kind = Kind  # planning code says Gathering.Kind.LARGE

    community = models.ForeignKey(
        "communities.Community",
        verbose_name=_("community"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="gatherings",
    )
    network = models.ForeignKey(
        "communities.Network",
        verbose_name=_("network"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="gatherings",
    )
    process = models.ForeignKey(
        "planning.Process",
        verbose_name=_("planning process"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="gatherings",
    )
    guide = models.ForeignKey(
        "planning.Guide",
        verbose_name=_("facilitation guide"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="gatherings",
    )
    series = models.ForeignKey(
        Series,
        verbose_name=_("series"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="occurrences",
    )
    # For an occurrence: its start by the series' rule (RECURRENCE-ID), kept when changed.
    recurrence_id = models.DateTimeField(null=True, blank=True, editable=False)
    # Changed by hand: series_sync leaves it as it is.
    detached = models.BooleanField(default=False, editable=False)
    cancelled = models.BooleanField(_("cancelled"), default=False)
    uid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    starts_at = models.DateTimeField(_("date and time"))
    ends_at = models.DateTimeField(_("ends"))
    time_zone = models.CharField(_("time zone"), max_length=64, default="America/New_York")
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("facilitator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    expected_attendance = models.PositiveIntegerField(
        _("expected attendance"), null=True, blank=True
    )
    actual_attendance = models.PositiveIntegerField(_("actual attendance"), null=True, blank=True)
    walk_ins = models.PositiveIntegerField(_("came without registering"), default=0)
    notes = models.TextField(_("notes"), max_length=5000, blank=True)
    minutes = models.TextField(_("minutes"), max_length=20000, blank=True)

    objects = GatheringQuerySet.as_manager()

    class Meta:
        verbose_name = _("gathering")
        verbose_name_plural = _("gatherings")
        ordering = ["-starts_at"]
        constraints = [
            *_one_owner("gathering"),
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")), name="gathering_ends_after_start"
            ),
            models.UniqueConstraint(
                fields=["series", "recurrence_id"], name="gathering_one_per_occurrence"
            ),
        ]
        indexes = [models.Index(fields=["starts_at"], name="gathering_starts_idx")]

    def __str__(self) -> str:
        return self.display_title

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.ends_at is None and isinstance(self.starts_at, datetime):
            self.ends_at = self.starts_at + DEFAULT_LENGTH  # a record without its end time
        super().save(*args, **kwargs)

    @property
    def is_online(self) -> bool:
        return self.mode in (Mode.ONLINE, Mode.HYBRID)

    @property
    def is_in_person(self) -> bool:
        return self.mode in (Mode.IN_PERSON, Mode.HYBRID)

    def link_revealed(self, now=None) -> bool:  # type: ignore[no-untyped-def]
        """Whether registered people see the online link now: shortly before and during."""
        now = now or timezone.now()
        return bool(self.online_url) and self.starts_at - LINK_REVEALED_BEFORE <= now <= (
            self.ends_at
        )

    def url_kwargs(self) -> dict[str, object]:
        if self.community_id:
            return {"slug": self.community.slug, "pk": self.pk}
        return {"network_slug": self.network.slug, "pk": self.pk}

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        prefix = "community" if self.community_id else "network"
        return reverse(f"gatherings:{prefix}_detail", kwargs=self.url_kwargs())


class Status(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    WAITLISTED = "waitlisted", _("On the waitlist")
    CANCELLED = "cancelled", _("Cancelled")


def _nonce() -> str:
    return secrets.token_urlsafe(18)


class Registration(TimeStampedModel):
    """Someone coming to a gathering, with or without an account. Their signed link (links.py)
    names this registration and its nonce, and nothing else."""

    gathering = models.ForeignKey(Gathering, on_delete=models.CASCADE, related_name="registrations")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    interpretation_language = models.CharField(
        _("I need interpretation into"),
        max_length=8,
        choices=Interpretation.choices,
        blank=True,
    )
    asl = models.BooleanField(_("I need ASL interpretation"), default=False)
    childcare = models.PositiveSmallIntegerField(_("children who need childcare"), default=0)
    dietary = models.CharField(_("dietary needs"), max_length=300, blank=True)
    other_needs = models.CharField(_("other access needs"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REGISTERED
    )
    promoted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    attended = models.BooleanField(_("came"), default=False)
    nonce = models.CharField(max_length=40, default=_nonce, editable=False)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(email="") | ~Q(phone=""), name="registration_email_or_phone"
            ),
            # One active registration per address and gathering: a double submit, or two
            # at once, cannot take two seats.
            models.UniqueConstraint(
                fields=["gathering", "email"],
                condition=~Q(email="") & ~Q(status="cancelled"),
                name="registration_one_per_email",
            ),
            models.UniqueConstraint(
                fields=["gathering", "phone"],
                condition=~Q(phone="") & ~Q(status="cancelled"),
                name="registration_one_per_phone",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class AttendanceSave(models.Model):
    """One save of a gathering's attendance at the door, by the form's idempotency key: a
    sheet sent twice (a double click, a device's offline queue sending again) is applied once,
    and the key sent by anyone else acts on nothing."""

    gathering = models.ForeignKey(
        Gathering, on_delete=models.CASCADE, related_name="attendance_saves"
    )
    idempotency_key = models.CharField(max_length=64)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    saved_at = models.DateTimeField(default=timezone.now)
    # Set when the sheet was filled in on a device without a connection and sent later.
    captured_at = models.DateTimeField(null=True, blank=True)
    captured_device = models.CharField(max_length=40, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["gathering", "idempotency_key"], name="attendance_saved_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.gathering_id} {self.idempotency_key}"


class ReminderKind(models.TextChoices):
    DAY = "day", _("A day before")
    HOUR = "hour", _("An hour before")


REMINDER_LEAD = {ReminderKind.DAY: timedelta(days=1), ReminderKind.HOUR: timedelta(hours=1)}


class ReminderSent(models.Model):
    """A reminder that went out: one per registration and kind, so none goes twice."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(max_length=4, choices=ReminderKind.choices)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["registration", "kind"], name="reminder_sent_once")
        ]

    def __str__(self) -> str:
        return f"{self.registration_id} {self.kind}"


class GatheringPhoto(models.Model):
    """A photo from a gathering, added afterwards by those who run it. Everyone who may see the
    gathering sees it only when the people who can be recognised in it agreed to be shown
    publicly; otherwise only those who run the gathering do, and each of their views is
    audited. Re-encoded without its metadata (core.photos); served by a view that checks who
    may see it (gatherings:*_photo), never from /media/."""

    gathering = models.ForeignKey(Gathering, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to="gatherings/photos/%Y/%m/")
    description = models.CharField(
        _("what the photo shows, for people who cannot see it"), max_length=300
    )
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    public = models.BooleanField(
        _("everyone who can be recognised in it agreed to be shown publicly"), default=False
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("photo of a gathering")
        verbose_name_plural = _("photos of gatherings")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.description
