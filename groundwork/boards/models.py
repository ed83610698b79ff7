"""Advisory boards, committees and working groups of a network or a community: seats with a
term, each speaking for a sector or constituency, some reserved for people with lived
experience; the members holding them (with an account, or by name only with their recorded
consent); and their meetings, which are gatherings (``gatherings.Gathering`` keeps the agenda
and the minutes)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from groundwork.communities.models import Sector
from groundwork.core.models import TimeStampedModel
from groundwork.core.text import in_language


class Kind(models.TextChoices):
    ADVISORY_BOARD = "advisory_board", _("Advisory board")
    COMMITTEE = "committee", _("Committee")
    WORKING_GROUP = "working_group", _("Working group")
    TASK_FORCE = "task_force", _("Task force")


class Board(TimeStampedModel):
    community = models.ForeignKey(
        "communities.Community",
        verbose_name=_("community"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="boards",
    )
    network = models.ForeignKey(
        "communities.Network",
        verbose_name=_("network"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="boards",
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.ADVISORY_BOARD
    )
    name = models.CharField(_("name"), max_length=200)
    name_es = models.CharField(_("name in Spanish"), max_length=200, blank=True)
    purpose = models.TextField(_("purpose"), max_length=2000, blank=True)
    purpose_es = models.TextField(_("purpose in Spanish"), max_length=2000, blank=True)
    is_public = models.BooleanField(
        _("public"),
        default=True,
        help_text=_(
            "Anyone can see its seats, its composition and the members who agreed to be "
            "listed by name."
        ),
    )

    class Meta:
        verbose_name = _("board")
        verbose_name_plural = _("boards")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(community__isnull=False, network__isnull=True)
                | Q(community__isnull=True, network__isnull=False),
                name="board_one_owner",
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return in_language(self.name, self.name_es)

    @property
    def display_purpose(self) -> str:
        return in_language(self.purpose, self.purpose_es)

    @property
    def owner(self):  # type: ignore[no-untyped-def]
        return self.community if self.community_id else self.network

    def url_kwargs(self) -> dict[str, object]:
        if self.community_id:
            return {"slug": self.community.slug, "pk": self.pk}
        return {"network_slug": self.network.slug, "pk": self.pk}

    def url(self, name: str, **extra: object) -> str:
        prefix = "community" if self.community_id else "network"
        return reverse(f"boards:{prefix}_{name}", kwargs={**self.url_kwargs(), **extra})

    def get_absolute_url(self) -> str:
        return self.url("detail")


class Seat(TimeStampedModel):
    """A place at the table: whom it speaks for, its term, and whether it is reserved for a
    person with lived experience."""

    board = models.ForeignKey(
        Board, verbose_name=_("board"), on_delete=models.CASCADE, related_name="seats"
    )
    title = models.CharField(
        _("seat"), max_length=200, help_text=_("For example: Parent of a young child.")
    )
    sector = models.CharField(_("sector"), max_length=30, choices=Sector.choices)
    constituency = models.CharField(
        _("constituency"),
        max_length=200,
        blank=True,
        help_text=_("Whom the seat speaks for, in a few words."),
    )
    lived_experience = models.BooleanField(
        _("reserved for a person with lived experience"), default=False
    )
    term_start = models.DateField(_("term starts"), null=True, blank=True)
    term_end = models.DateField(_("term ends"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        ordering = ["board", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__isnull=True)
                | Q(term_start__isnull=True)
                | Q(term_end__gte=models.F("term_start")),
                name="seat_term_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title


class SeatHolder(models.Model):
    """Who holds (or held) a seat: an account, or a name kept with consent; whether they bring
    lived experience, and whether their name may be shown publicly."""

    name = models.CharField(_("name"), max_length=200, blank=True)
    has_lived_experience = models.BooleanField(_("has lived experience"), default=False)
    listed_publicly = models.BooleanField(_("listed by name on public pages"), default=False)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.name:
            return self.name
        # Each kind of holder has its own link to the account (``user``).
        return str(self.user) if self.user_id else ""  # type: ignore[attr-defined]


class Member(TimeStampedModel, SeatHolder):
    """The person holding a seat now: linked to an account, or named only, with the consent
    they gave recorded (when, how, and who recorded it)."""

    seat = models.OneToOneField(
        Seat, verbose_name=_("seat"), on_delete=models.CASCADE, related_name="member"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="board_seats",
    )
    consent_recorded_at = models.DateTimeField(_("consent recorded"), null=True, blank=True)
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("consent recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    consent_note = models.CharField(_("how consent was given"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("board member")
        verbose_name_plural = _("board members")
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False)
                | (~Q(name="") & Q(consent_recorded_at__isnull=False)),
                name="board_member_account_or_consent",
            )
        ]


class PastTerm(SeatHolder):
    """Someone who held a seat before: kept when they leave it, with the dates they held it
    (from being seated to leaving). A named person without an account was kept with their
    consent, and stays so; being listed by name follows what they agreed to while seated."""

    seat = models.ForeignKey(
        Seat, verbose_name=_("seat"), on_delete=models.CASCADE, related_name="past_terms"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    started_on = models.DateField(_("held from"))
    ended_on = models.DateField(_("held until"))

    class Meta:
        verbose_name = _("past holder of a seat")
        verbose_name_plural = _("past holders of seats")
        ordering = ["seat", "-ended_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__gte=models.F("started_on")),
                name="board_past_term_ends_after_start",
            )
        ]


class Meeting(TimeStampedModel):
    """A meeting of the board: one of its owner's gatherings (with its agenda and minutes)."""

    board = models.ForeignKey(
        Board, verbose_name=_("board"), on_delete=models.CASCADE, related_name="meetings"
    )
    gathering = models.ForeignKey(
        "gatherings.Gathering",
        verbose_name=_("gathering"),
        on_delete=models.CASCADE,
        related_name="board_meetings",
    )

    class Meta:
        verbose_name = _("board meeting")
        verbose_name_plural = _("board meetings")
        ordering = ["-gathering__starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["board", "gathering"], name="board_meeting_once")
        ]

    def __str__(self) -> str:
        return f"{self.board} · {self.gathering}"
