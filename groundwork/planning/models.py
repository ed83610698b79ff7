import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from groundwork.core.models import TimeStampedModel
from groundwork.core.text import in_language


class PhaseKind(models.TextChoices):
    GATHER = "gather", _("Gather")
    MAKE_SENSE = "make_sense", _("Make sense")
    DECIDE = "decide", _("Decide")
    PLAN = "plan", _("Plan")
    ACT = "act", _("Act")
    REVIEW = "review", _("Review")


class Process(TimeStampedModel):
    """A community's planning process around the five questions, over months."""

    community = models.ForeignKey(
        "communities.Community",
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        related_name="processes",
    )
    title = models.CharField(_("title"), max_length=200)
    # Optional; shown instead of the title when the page is in Spanish (``display_title``).
    title_es = models.CharField(_("title in Spanish"), max_length=200, blank=True)
    slug = models.SlugField(_("short name"), max_length=80)
    purpose = models.TextField(_("purpose"), max_length=3000, blank=True)
    starts_on = models.DateField(_("starts"), null=True, blank=True)
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    current_phase = models.ForeignKey(
        "Phase",
        verbose_name=_("current phase"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_public = models.BooleanField(_("public"), default=True)
    # When the gather phase last ended: answers captured offline before then are still taken,
    # held for facilitators to accept or reject (field mode).
    gathering_closed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("planning process")
        verbose_name_plural = _("planning processes")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["community", "slug"], name="process_unique_slug"),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="process_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        """The title in the page's language: the Spanish title on Spanish pages, if any."""
        return in_language(self.title, self.title_es)

    def get_absolute_url(self) -> str:
        return reverse(
            "planning:process", kwargs={"slug": self.community.slug, "process_slug": self.slug}
        )

    @property
    def is_gathering(self) -> bool:
        return self.current_phase is not None and self.current_phase.kind == PhaseKind.GATHER


class Phase(models.Model):
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField(_("phase"), max_length=20, choices=PhaseKind.choices)
    description = models.TextField(_("what happens"), max_length=2000, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    starts_on = models.DateField(_("starts"), null=True, blank=True)
    ends_on = models.DateField(_("ends"), null=True, blank=True)

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["process", "order"]

    def __str__(self) -> str:
        return str(self.get_kind_display())


class QuestionKey(models.TextChoices):
    PROBLEMS = "problems", _("Problems")
    BARRIERS = "barriers", _("Barriers")
    STRENGTHS = "strengths", _("Strengths")
    ACTIONS = "actions", _("What we can do")
    ALLIES = "allies", _("Allies")


class Question(models.Model):
    """One of the five questions of a process, worded in English and Spanish."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="questions")
    key = models.CharField(_("question"), max_length=20, choices=QuestionKey.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text_en = models.CharField(_("question in English"), max_length=300)
    text_es = models.CharField(_("question in Spanish"), max_length=300)
    help_en = models.CharField(_("help text in English"), max_length=500, blank=True)
    help_es = models.CharField(_("help text in Spanish"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["process", "order"]
        constraints = [
            models.UniqueConstraint(fields=["process", "key"], name="question_unique_key")
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return in_language(self.text_en, self.text_es)

    @property
    def help(self) -> str:
        return in_language(self.help_en, self.help_es)


class Area(models.Model):
    """A neighborhood or part of the community that participants can say they live in."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="areas")
    name = models.CharField(_("name"), max_length=120)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["process", "order", "name"]
        constraints = [models.UniqueConstraint(fields=["process", "name"], name="area_unique_name")]

    def __str__(self) -> str:
        return self.name


class AgeBand(models.TextChoices):
    UNDER_18 = "under_18", _("Under 18")
    AGE_18_24 = "18_24", _("18 to 24")
    AGE_25_44 = "25_44", _("25 to 44")
    AGE_45_64 = "45_64", _("45 to 64")
    AGE_65_PLUS = "65_plus", _("65 or older")


class YesNoPreferNot(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    PREFER_NOT = "prefer_not", _("Prefer not to say")


class Participant(models.Model):
    """A pseudonymous person taking part in one process; no account needed.

    Residents are recognised by a signed cookie holding `public_id`. Everything about them is
    optional and self-described, for reach and equity only.
    """

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="participants")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    area = models.ForeignKey(
        Area,
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="participants",
    )
    age_band = models.CharField(_("age"), max_length=10, choices=AgeBand.choices, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, blank=True)
    lived_experience = models.CharField(
        _("lived experience"), max_length=12, choices=YesNoPreferNot.choices, blank=True
    )
    consented_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self) -> str:
        return str(_("Participant %(id)s")) % {"id": str(self.public_id)[:8]}


class GroupSize(models.TextChoices):
    """The group a guide's exercise is for (a gathering's kind, of the two sizes)."""

    LARGE = "large", _("Large group")
    SMALL = "small", _("Small group")


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    LARGE_GROUP = "large_group", _("Large-group gathering")
    SMALL_GROUP = "small_group", _("Small-group gathering")
    PAPER = "paper", _("Paper form")
    INTERVIEW = "interview", _("Interview")


class BarrierKind(models.TextChoices):
    """Whether a barrier comes from within the community or from outside it. The barriers
    question is asked as two boxes, one per kind; answers given before that (or typed in from
    a paper form that did not ask) are kept as "unspecified". Answers to the other questions
    have no kind (blank)."""

    INTERNAL = "internal", _("Internal (within the community)")
    EXTERNAL = "external", _("External (outside the community)")
    UNSPECIFIED = "unspecified", _("Not said whether internal or external")


# The order in which the barriers question's boxes are asked, and their short names.
BARRIER_BOX_KINDS = (BarrierKind.INTERNAL, BarrierKind.EXTERNAL)
BARRIER_KIND_SHORT = {
    BarrierKind.INTERNAL: _("internal"),
    BarrierKind.EXTERNAL: _("external"),
    BarrierKind.UNSPECIFIED: _("kind not given"),
}


def barrier_kind_short(kind: str) -> str:
    """ "internal", "external" or "kind not given" (in the active language); empty otherwise."""
    return str(BARRIER_KIND_SHORT.get(kind, "")) if kind else ""


class Moderation(models.TextChoices):
    VISIBLE = "visible", _("Visible")
    HELD = "held", _("Held for review")
    HIDDEN = "hidden", _("Hidden")


class Contribution(models.Model):
    """One answer to one question, from any channel."""

    MAX_LENGTH = 2000

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="contributions"
    )
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="contributions")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="contributions")
    participant = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="contributions"
    )
    gathering = models.ForeignKey(
        "gatherings.Gathering",
        verbose_name=_("gathering"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributions",
    )
    text = models.TextField(_("answer"), max_length=MAX_LENGTH)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    # Internal, external or unspecified for answers to the barriers question; blank otherwise.
    barrier_kind = models.CharField(
        _("kind of barrier"), max_length=12, choices=BarrierKind.choices, blank=True
    )
    moderation = models.CharField(
        _("moderation"), max_length=10, choices=Moderation.choices, default=Moderation.VISIBLE
    )
    moderation_reason = models.CharField(_("reason"), max_length=300, blank=True)
    # One form submission (all its answers) shares a key; a retry finds them by it.
    idempotency_key = models.CharField(max_length=64)
    sequence = models.PositiveIntegerField(default=0)  # position within the submission
    # The normalized text's digest (groundwork.core.fingerprint), set on a participant's
    # answers so that the same answer to the same question is stored once. Empty (NULL) on
    # answers captured from gatherings and paper forms, which many people may word alike, and
    # on repeated answers stored before the rule, which are kept as they were.
    text_fingerprint = models.CharField(max_length=64, null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    # Sent from a device's offline queue: when and on which device (a random label) it was
    # captured; late when it arrived after the process stopped taking answers.
    captured_at = models.DateTimeField(_("captured"), null=True, blank=True)
    captured_device = models.CharField(_("device"), max_length=40, blank=True)
    late = models.BooleanField(_("sent after closing"), default=False)

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["process", "idempotency_key", "question", "sequence"],
                name="contribution_idempotent",
            ),
            models.UniqueConstraint(
                fields=["participant", "question", "text_fingerprint"],
                condition=models.Q(participant__isnull=False, text_fingerprint__isnull=False),
                name="contribution_once_per_participant",
            ),
        ]
        indexes = [
            models.Index(fields=["process", "question", "moderation", "-created_at"]),
            # The reach page: who took part (visible answers per participant) and answers by
            # channel, both answered from the index alone.
            models.Index(fields=["participant", "moderation"]),
            models.Index(fields=["process", "channel", "moderation", "participant"]),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class PopulationDimension(models.TextChoices):
    AREA = "area", _("Area")
    AGE_BAND = "age_band", _("Age")
    LANGUAGE = "language", _("Language")


class PopulationFigure(models.Model):
    """How many people live in one area, or belong to one age band or language group, as the
    facilitators entered or imported it (for example from the census). The reach page compares
    participants with these figures."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="population")
    dimension = models.CharField(
        _("counted by"), max_length=10, choices=PopulationDimension.choices
    )
    # The area's name, an AgeBand value or a language code, matching what participants say.
    value = models.CharField(_("group"), max_length=120)
    population = models.PositiveIntegerField(_("people"))
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("population figure")
        verbose_name_plural = _("population figures")
        ordering = ["process", "dimension", "value"]
        constraints = [
            models.UniqueConstraint(
                fields=["process", "dimension", "value"], name="population_unique_group"
            )
        ]

    def __str__(self) -> str:
        return f"{self.value}: {self.population}"


class Guide(TimeStampedModel):
    """A community's facilitation guide: a copy of a guide shipped with Groundwork (or written
    from scratch) that its facilitators adapt, in English and Spanish."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="guides"
    )
    slug = models.SlugField(_("short name"), max_length=80)
    title_en = models.CharField(_("title in English"), max_length=200)
    title_es = models.CharField(_("title in Spanish"), max_length=200)
    summary_en = models.TextField(_("summary in English"), max_length=3000, blank=True)
    summary_es = models.TextField(_("summary in Spanish"), max_length=3000, blank=True)
    # The slug of the shipped guide this one was copied from, if any.
    based_on = models.CharField(_("based on"), max_length=80, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("facilitation guide")
        verbose_name_plural = _("facilitation guides")
        ordering = ["community", "title_en"]
        constraints = [
            models.UniqueConstraint(fields=["community", "slug"], name="guide_unique_slug")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return in_language(self.title_en, self.title_es)

    @property
    def summary(self) -> str:
        return in_language(self.summary_en, self.summary_es)


class GuideSection(models.Model):
    """One part of a guide: an agenda block, an exercise, or advice on capturing input."""

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    day = models.PositiveSmallIntegerField(_("day"), null=True, blank=True)
    minutes = models.PositiveSmallIntegerField(_("minutes"), null=True, blank=True)
    group_size = models.CharField(_("group"), max_length=10, choices=GroupSize.choices, blank=True)
    question = models.CharField(
        _("question"), max_length=20, choices=QuestionKey.choices, blank=True
    )
    heading_en = models.CharField(_("heading in English"), max_length=200)
    heading_es = models.CharField(_("heading in Spanish"), max_length=200)
    body_en = models.TextField(_("text in English"), max_length=10000, blank=True)
    body_es = models.TextField(_("text in Spanish"), max_length=10000, blank=True)

    class Meta:
        verbose_name = _("guide section")
        verbose_name_plural = _("guide sections")
        ordering = ["guide", "order", "id"]

    def __str__(self) -> str:
        return self.heading

    @property
    def heading(self) -> str:
        return in_language(self.heading_en, self.heading_es)

    @property
    def body(self) -> str:
        return in_language(self.body_en, self.body_es)


class CapturePhoto(models.Model):
    """The photo of a paper form page, attached to the batch of answers typed from it (the
    batch's idempotency key), for checking the typing later. Members only."""

    MAX_BYTES = 5 * 1024 * 1024

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="+"
    )
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="capture_photos")
    idempotency_key = models.CharField(max_length=64)
    # Re-encoded without metadata under a random name (core.photos.photo_clean); served by
    # planning:capture_photo to members, never from /media/.
    image = models.ImageField(upload_to="planning/paper/%Y/%m/")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("photo of a paper form")
        verbose_name_plural = _("photos of paper forms")
        constraints = [
            models.UniqueConstraint(
                fields=["process", "idempotency_key"], name="capture_photo_once_per_batch"
            )
        ]

    def __str__(self) -> str:
        return self.image.name


# Gatherings live in their own app; planning code keeps importing the model from here.
from groundwork.gatherings.models import Gathering  # noqa: E402, F401
