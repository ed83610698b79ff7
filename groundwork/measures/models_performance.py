"""Performance measures of a plan activity, in the three quadrants of Results-Based
Accountability, and their values per period.

A "better off" measure counts the people with an improved skill, attitude, behaviour or
circumstance; each of its values also says out of how many, so the page shows the number and
the percent. Any other measure may carry "out of" too (the percent on time: 18 of 20)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from groundwork.core.models import TimeStampedModel
from groundwork.core.text import in_language

from .models import Direction, PeriodValue


class Quadrant(models.TextChoices):
    HOW_MUCH = "how_much", _("How much did we do?")
    HOW_WELL = "how_well", _("How well did we do it?")
    BETTER_OFF = "better_off", _("Is anyone better off?")


class PerformanceMeasure(TimeStampedModel):
    activity = models.ForeignKey(
        "plans.Activity",
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="performance_measures",
    )
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="+"
    )
    quadrant = models.CharField(_("question"), max_length=12, choices=Quadrant.choices)
    name_en = models.CharField(_("measure in English"), max_length=300)
    name_es = models.CharField(_("measure in Spanish"), max_length=300, blank=True)
    unit = models.CharField(
        _("unit"), max_length=100, blank=True, help_text=_("For example: people, meetings, %.")
    )
    direction = models.CharField(
        _("which way is better"), max_length=4, choices=Direction.choices, default=Direction.UP
    )
    target_value = models.FloatField(_("target value"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("performance measure")
        verbose_name_plural = _("performance measures")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name_en

    @property
    def name(self) -> str:
        return in_language(self.name_en, self.name_es)

    @property
    def needs_out_of(self) -> bool:
        return self.quadrant == Quadrant.BETTER_OFF


class PerformanceValue(PeriodValue):
    measure = models.ForeignKey(
        PerformanceMeasure,
        verbose_name=_("performance measure"),
        on_delete=models.CASCADE,
        related_name="values",
    )
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="+"
    )
    out_of = models.FloatField(_("out of"), null=True, blank=True)

    class Meta(PeriodValue.Meta):
        verbose_name = _("performance value")
        verbose_name_plural = _("performance values")
        ordering = ["period_kind", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "period_kind", "period_start"],
                name="measures_performance_value_one_per_period",
            ),
            models.CheckConstraint(
                condition=Q(out_of__isnull=True) | Q(out_of__gt=0),
                name="measures_performance_value_out_of_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure_id} {self.period_label}: {self.value}"

    @property
    def percent(self) -> float | None:
        if self.out_of:
            return self.value / self.out_of * 100
        return None
