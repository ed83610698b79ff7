import uuid

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from groundwork.core.forms import Form

from .models import (
    AgeBand,
    BarrierKind,
    Channel,
    Contribution,
    Gathering,
    Moderation,
    Process,
    YesNoPreferNot,
)


class ProcessForm(Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    slug = forms.SlugField(
        label=_("Short name for web addresses"),
        max_length=80,
        help_text=_("Lowercase letters, numbers and hyphens, e.g. alder-county."),
    )
    purpose = forms.CharField(
        label=_("Purpose"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=3000,
        required=False,
    )
    starts_on = forms.DateField(
        label=_("Starts"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("Ends"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    areas = forms.CharField(
        label=_("Areas or neighborhoods"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("One per line. Participants may say which one they live in."),
    )

    def clean_areas(self) -> list[str]:
        return [
            line.strip()[:120] for line in self.cleaned_data["areas"].splitlines() if line.strip()
        ]

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The end date must come after the start date."))
        return data


class AnswerForm(Form):
    """The five questions on one page; any may be left empty, but not all."""

    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=60)

    def __init__(self, *args, process: Process, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.questions = list(process.questions.all())
        for question in self.questions:
            self.fields[f"answer_{question.key}"] = forms.CharField(
                label=question.text,
                help_text=question.help,
                required=False,
                max_length=Contribution.MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 3, "maxlength": Contribution.MAX_LENGTH}),
            )
            if question.key == "barriers":
                self.fields["barrier_kind"] = forms.ChoiceField(
                    label=_("Is this barrier mostly inside or outside the community?"),
                    choices=BarrierKind.choices,
                    required=False,
                    widget=forms.RadioSelect,
                )
        self.order_fields([*[f"answer_{q.key}" for q in self.questions], "barrier_kind"])
        if not self.is_bound:
            self.initial["idempotency_key"] = uuid.uuid4().hex

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        if not any((data.get(f"answer_{q.key}") or "").strip() for q in self.questions):
            raise forms.ValidationError(_("Please answer at least one question."))
        return data


class AboutYouForm(Form):
    consent = forms.BooleanField(
        label=_(
            "I agree that Groundwork keeps these answers to see who has been heard. "
            "They are never shown next to what I wrote."
        ),
        required=False,
    )
    area = forms.ModelChoiceField(
        label=_("Where do you live?"),
        queryset=None,
        required=False,
        empty_label=_("Prefer not to say"),
    )
    age_band = forms.ChoiceField(
        label=_("Your age"),
        required=False,
        choices=[("", _("Prefer not to say")), *AgeBand.choices],
    )
    language = forms.ChoiceField(
        label=_("Language you speak at home"),
        required=False,
        choices=[("", _("Prefer not to say")), *settings.LANGUAGES],
    )
    lived_experience = forms.ChoiceField(
        label=_("Have you lived through the problems you wrote about?"),
        required=False,
        choices=[("", _("Prefer not to say")), *YesNoPreferNot.choices[:2]],
    )

    def __init__(self, *args, process: Process, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = process.areas.all()
        if not process.areas.exists():
            del self.fields["area"]


class ContributionFilterForm(Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=[("", _("All")), *Channel.choices]
    )
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("All")), *settings.LANGUAGES]
    )
    moderation = forms.ChoiceField(
        label=_("Moderation"), required=False, choices=[("", _("All")), *Moderation.choices]
    )


class ModerateForm(Form):
    state = forms.ChoiceField(choices=Moderation.choices, widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class GatheringForm(Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Size"), choices=Gathering.Kind.choices)
    starts_at = forms.DateTimeField(
        label=_("Date and time"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    online_url = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    interpretation = forms.CharField(
        label=_("Interpretation offered"),
        max_length=200,
        required=False,
        help_text=_("For example: Spanish interpretation, ASL."),
    )
    facilitator = forms.ModelChoiceField(label=_("Facilitator"), queryset=None, required=False)
    expected_attendance = forms.IntegerField(
        label=_("Expected attendance"), min_value=0, required=False
    )
    actual_attendance = forms.IntegerField(
        label=_("Actual attendance"), min_value=0, required=False
    )
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, required=False
    )

    def __init__(self, *args, process: Process, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        from groundwork.accounts.models import User

        self.fields["facilitator"].queryset = User.objects.filter(
            memberships__community=process.community
        ).order_by("name")


class CaptureForm(Form):
    """Typing in many answers from one gathering or a stack of paper forms, by keyboard."""

    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=60)
    question = forms.ChoiceField(label=_("Question"))
    gathering = forms.ModelChoiceField(
        label=_("Gathering"),
        queryset=None,
        required=False,
        empty_label=_("None (paper form or interview)"),
    )
    channel = forms.ChoiceField(
        label=_("Channel"), choices=[c for c in Channel.choices if c[0] != Channel.ONLINE]
    )
    language = forms.ChoiceField(label=_("Language of the answers"), choices=settings.LANGUAGES)
    lines = forms.CharField(
        label=_("Answers, one per line"),
        widget=forms.Textarea(attrs={"rows": 12, "autofocus": True}),
        help_text=_("Each line becomes one answer. Empty lines are skipped."),
        max_length=200_000,
    )

    def __init__(self, *args, process: Process, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["question"].choices = [(q.key, q.text) for q in process.questions.all()]
        self.fields["gathering"].queryset = process.gatherings.all()
        if not self.is_bound:
            self.initial["idempotency_key"] = uuid.uuid4().hex

    def clean_lines(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["lines"].splitlines() if line.strip()]
        if not lines:
            raise forms.ValidationError(_("Type at least one answer."))
        if len(lines) > 500:
            raise forms.ValidationError(_("Enter at most 500 answers at a time."))
        too_long = [i + 1 for i, line in enumerate(lines) if len(line) > Contribution.MAX_LENGTH]
        if too_long:
            raise forms.ValidationError(
                _("Lines %(lines)s are longer than %(limit)d characters.")
                % {"lines": ", ".join(map(str, too_long[:10])), "limit": Contribution.MAX_LENGTH}
            )
        return lines
