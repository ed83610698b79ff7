"""Statements people agree or disagree with, their votes, and the opinion-group runs over them.

A conversation belongs to a planning process (usually in its "decide" phase); voters are the
process's pseudonymous participants, so a resident needs no account here either.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from groundwork.core.models import TimeStampedModel
from groundwork.core.taskhooks import run_interrupted


class Conversation(TimeStampedModel):
    """The statements-and-votes part of a planning process."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="conversations"
    )
    process = models.OneToOneField(
        "planning.Process", on_delete=models.CASCADE, related_name="conversation"
    )
    topic = models.CharField(_("topic"), max_length=300)
    description = models.TextField(_("description"), max_length=3000, blank=True)
    strict_moderation = models.BooleanField(
        _("strict moderation"),
        default=False,
        help_text=_(
            "With strict moderation, statements written by participants wait for a facilitator "
            "before anyone votes on them. Otherwise they are shown at once (and can be "
            "rejected later)."
        ),
    )
    participants_write = models.BooleanField(_("participants may write statements"), default=True)
    is_open = models.BooleanField(_("open for votes"), default=True)
    # A new analysis is queued once this many votes arrived since the last one.
    votes_per_run = models.PositiveIntegerField(default=20)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")

    def __str__(self) -> str:
        return self.topic

    def get_absolute_url(self) -> str:
        return reverse(
            "deliberation:vote",
            kwargs={"slug": self.process.community.slug, "process_slug": self.process.slug},
        )


class StatementSource(models.TextChoices):
    PARTICIPANT = "participant", _("Written by a participant")
    SEED = "seed", _("Seeded by a facilitator")
    CONTRIBUTION = "contribution", _("Promoted from an answer")
    IMPORT = "import", _("Imported")


class StatementModeration(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    PENDING = "pending", _("Pending")
    REJECTED = "rejected", _("Rejected")


class Statement(models.Model):
    MAX_LENGTH = 400

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="statements"
    )
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="statements"
    )
    # The author's own words, in the language they wrote in: the original, kept as written.
    text = models.TextField(_("statement"), max_length=MAX_LENGTH)
    language = models.CharField(_("language"), max_length=8, blank=True)
    # The same statement in the other language, written (or corrected) by a facilitator.
    translation = models.TextField(_("translation"), max_length=MAX_LENGTH, blank=True)
    translation_language = models.CharField(
        _("language of the translation"), max_length=8, choices=settings.LANGUAGES, blank=True
    )
    translated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("translated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    translated_at = models.DateTimeField(_("translated"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=20, choices=StatementSource.choices)
    author = models.ForeignKey(
        "planning.Participant",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="statements",
    )
    contribution = models.ForeignKey(
        "planning.Contribution",
        verbose_name=_("answer it came from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="statements",
    )
    moderation = models.CharField(
        _("moderation"),
        max_length=10,
        choices=StatementModeration.choices,
        default=StatementModeration.ACCEPTED,
    )
    moderation_reason = models.CharField(_("reason"), max_length=300, blank=True)
    # Kept from an imported Pol.is conversation, so an export gives the same ids back.
    external_id = models.CharField(max_length=40, blank=True)
    idempotency_key = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        ordering = ["conversation", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="statement_idempotent",
            )
        ]
        indexes = [models.Index(fields=["conversation", "moderation"])]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def translation_target(self) -> str:
        """The language a translation is written in: the other one than the original's
        (blank when the original's language was not recorded, as in some imports)."""
        original = base_language(self.language)
        others = [code for code, _name in settings.LANGUAGES if code != original]
        return others[0] if original and len(others) == 1 else ""

    def in_language(self, language: str | None) -> "StatementText":
        """What a reader of ``language`` sees: the translation into their language when there
        is one, else the original (marked "not yet translated" when it is in the other
        language; an original of unknown language is shown as it is)."""
        wanted = base_language(language)
        original = base_language(self.language)
        if self.translation and base_language(self.translation_language) == wanted != original:
            return StatementText(
                text=self.translation,
                language=wanted,
                is_translation=True,
                original=self.text,
                original_language=original,
            )
        return StatementText(
            text=self.text,
            language=original,
            untranslated=bool(original) and original != wanted,
        )


def base_language(code: str | None) -> str:
    """ "es-us" → "es"; blank stays blank."""
    return (code or "").split("-")[0].lower()


@dataclass(frozen=True)
class StatementText:
    """A statement as one reader sees it."""

    text: str
    language: str  # blank when the original's language is not known
    is_translation: bool = False
    original: str = ""
    original_language: str = ""
    untranslated: bool = False


class VoteValue(models.IntegerChoices):
    AGREE = 1, _("Agree")
    DISAGREE = -1, _("Disagree")
    PASS = 0, _("Pass / unsure")


class Vote(models.Model):
    """One vote as cast. A participant may change their mind: the latest vote counts, and the
    earlier ones stay for the record (as in a Pol.is export)."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="votes")
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="votes")
    participant = models.ForeignKey(
        "planning.Participant", on_delete=models.CASCADE, related_name="votes"
    )
    value = models.SmallIntegerField(_("vote"), choices=VoteValue.choices)
    idempotency_key = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["id"]
        constraints = [
            # Keys are unique in the whole conversation, not per participant, so that a key
            # sent by someone else is recognised as theirs (and refused) even in a race.
            models.UniqueConstraint(
                fields=["conversation", "idempotency_key"], name="vote_idempotent_in_conversation"
            ),
            models.CheckConstraint(condition=models.Q(value__in=[-1, 0, 1]), name="vote_value"),
        ]
        indexes = [models.Index(fields=["participant", "statement", "-id"])]

    def __str__(self) -> str:
        return f"{self.participant_id} → {self.statement_id}: {self.value}"


class AnalysisRun(models.Model):
    """One computation of opinion groups over a conversation's votes."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="runs")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    vote_count = models.PositiveIntegerField(default=0)
    participant_count = models.PositiveIntegerField(default=0)
    k = models.PositiveSmallIntegerField(null=True, blank=True)  # the best k of this run
    displayed_k = models.PositiveSmallIntegerField(null=True, blank=True)
    k_streak = models.PositiveSmallIntegerField(default=0)
    parameters = models.JSONField(default=dict, blank=True)
    results = models.JSONField(default=dict, blank=True)
    timings = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("analysis run")
        verbose_name_plural = _("analysis runs")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.conversation} · {self.get_status_display()}"

    @property
    def interrupted(self) -> bool:
        """Failed because the background worker stopped during it (see core.worker)."""
        return run_interrupted(self)


class StatementSeed(models.Model):
    """Where a statement seeded from a theme came from: the theme (its name kept, as a full
    re-run of the themes replaces them), the sentence as it was drafted before any edit, and
    every answer that holds that sentence."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="+"
    )
    statement = models.OneToOneField(Statement, on_delete=models.CASCADE, related_name="seed")
    theme = models.ForeignKey(
        "themes.Theme", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    theme_label = models.CharField(_("theme"), max_length=200)
    original = models.TextField(_("sentence as drafted"), max_length=Statement.MAX_LENGTH)
    contributions = models.ManyToManyField(
        "planning.Contribution", verbose_name=_("answers"), related_name="seeded_statements"
    )

    class Meta:
        verbose_name = _("seeded statement's origin")
        verbose_name_plural = _("seeded statements' origins")

    def __str__(self) -> str:
        return self.original[:80]
