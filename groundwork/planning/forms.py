import csv
import io
import re
import uuid
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from groundwork.core.forms import Form, WrittenTextField

from .boxes import answer_boxes
from .models import (
    AgeBand,
    Channel,
    Contribution,
    Gathering,
    Moderation,
    Process,
    QuestionKey,
    YesNoPreferNot,
)
from .services import MAX_POPULATION, Answer, PopulationEntry, population_figures_check


def area_names(text: str) -> list[str]:
    """Area names typed one per line, trimmed to the field's length, blank lines skipped."""
    return [line.strip()[:120] for line in text.splitlines() if line.strip()]


class DatesForm(Form):
    """Optional start and end dates, the end not before the start. Subclasses place the two
    fields with ``field_order``."""

    starts_on = forms.DateField(
        label=_("Starts"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("Ends"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The end date must come after the start date."))
        return data


TITLE_ES_HELP = _("Shown to people reading in Spanish; leave empty to show the title above.")


class ProcessForm(DatesForm):
    field_order = ["title", "title_es", "slug", "purpose", "starts_on", "ends_on", "areas"]

    title = forms.CharField(label=_("Title"), max_length=200)
    title_es = forms.CharField(
        label=_("Title in Spanish"), max_length=200, required=False, help_text=TITLE_ES_HELP
    )
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
    areas = forms.CharField(
        label=_("Areas or neighborhoods"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("One per line. Participants may say which one they live in."),
    )

    def clean_areas(self) -> list[str]:
        return area_names(self.cleaned_data["areas"])


class AnswerForm(Form):
    """The five questions on one page, the barriers question as two boxes (internal, then
    external); any box may be left empty, but not all."""

    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=60)

    def __init__(self, *args, process: Process, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.questions = list(process.questions.all())
        self.boxes = answer_boxes(self.questions)
        for box in self.boxes:
            self.fields[f"answer_{box.name}"] = WrittenTextField(
                label=box.prompt or box.question.text,
                help_text="" if box.barrier_kind else box.question.help,
                required=False,
                max_length=Contribution.MAX_LENGTH,
            )
        self.apply_uswds(self.fields[f"answer_{box.name}"] for box in self.boxes)
        if not self.is_bound:
            self.initial["idempotency_key"] = uuid.uuid4().hex

    def sections(self) -> list[dict[str, Any]]:
        """Each question with its box (or, for the barriers question, its two boxes)."""
        sections: list[dict[str, Any]] = []
        for box in self.boxes:
            if sections and sections[-1]["question"].pk == box.question.pk:
                sections[-1]["fields"].append(self[f"answer_{box.name}"])
            else:
                sections.append(
                    {
                        "question": box.question,
                        "grouped": bool(box.barrier_kind),
                        "fields": [self[f"answer_{box.name}"]],
                    }
                )
        return sections

    def answers(self) -> list[Answer]:
        return [
            Answer(
                question=box.question.key,
                text=self.cleaned_data.get(f"answer_{box.name}", ""),
                barrier_kind=box.barrier_kind,
            )
            for box in self.boxes
        ]

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        # A box with an error (too long) was answered: say what is wrong with it, not that
        # nothing was answered.
        if not self.errors and not any(data.get(f"answer_{b.name}") for b in self.boxes):
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
    gathering = forms.ModelChoiceField(
        label=_("Gathering"), required=False, queryset=None, empty_label=_("All")
    )
    area = forms.ModelChoiceField(
        label=_("Where they live"), required=False, queryset=None, empty_label=_("All")
    )
    moderation = forms.ChoiceField(
        label=_("Moderation"), required=False, choices=[("", _("All")), *Moderation.choices]
    )

    def __init__(self, *args, process: Process, moderator: bool, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["gathering"].queryset = process.gatherings.all()
        self.fields["area"].queryset = process.areas.all()
        if not moderator:
            del self.fields["moderation"]
            del self.fields["area"]
        elif not process.areas.exists():
            del self.fields["area"]
        if not process.gatherings.exists():
            del self.fields["gathering"]


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
    guide = forms.ModelChoiceField(
        label=_("Facilitation guide it follows"),
        queryset=None,
        required=False,
        empty_label=_("None"),
    )
    is_public = forms.BooleanField(
        label=_("Listed publicly"),
        required=False,
        initial=True,
        help_text=_("Shown on the public pages and open to registration."),
    )

    def __init__(self, *args, process: Process, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        from groundwork.accounts.models import User

        self.fields["facilitator"].queryset = User.objects.filter(
            memberships__community=process.community
        ).order_by("name")
        self.fields["guide"].queryset = process.community.guides.order_by("title_en", "pk")


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
    lines = WrittenTextField(
        label=_("Answers, one per line"),
        widget=forms.Textarea(attrs={"rows": 12, "autofocus": True}),
        help_text=_("Each line becomes one answer. Empty lines are skipped."),
        max_length=200_000,
    )
    photo = forms.FileField(
        label=_("Photo of the paper page (optional)"),
        required=False,
        help_text=_(
            "The page these answers were typed from, for checking the typing later: a JPEG, "
            "PNG or WebP of at most 5 MB. Only the community's members see it."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp", "class": "usa-file-input"}
        ),
    )

    def __init__(self, *args, process: Process, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        # One choice per box of the answer form (internal and external barriers apart), and
        # one for barriers whose kind the paper or the notes do not say.
        self.boxes = {
            b.name: b for b in answer_boxes(list(process.questions.all()), unspecified=True)
        }
        self.fields["question"].choices = [(name, b.label) for name, b in self.boxes.items()]
        self.fields["gathering"].queryset = process.gatherings.all()
        if not self.is_bound:
            self.initial["idempotency_key"] = uuid.uuid4().hex

    def answers(self) -> list[Answer]:
        box = self.boxes[self.cleaned_data["question"]]
        return [
            Answer(question=box.question.key, text=line, barrier_kind=box.barrier_kind)
            for line in self.cleaned_data["lines"]
        ]

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


class ProcessSettingsForm(DatesForm):
    """What a process is, where it stands, and whether the public can see it."""

    field_order = [
        "title",
        "title_es",
        "purpose",
        "starts_on",
        "ends_on",
        "is_public",
        "current_phase",
    ]

    title = forms.CharField(label=_("Title"), max_length=200)
    title_es = forms.CharField(
        label=_("Title in Spanish"), max_length=200, required=False, help_text=TITLE_ES_HELP
    )
    purpose = forms.CharField(
        label=_("Purpose"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=3000,
        required=False,
    )
    is_public = forms.BooleanField(label=_("Anyone can see this process"), required=False)
    current_phase = forms.ModelChoiceField(
        label=_("Current phase"),
        queryset=None,
        empty_label=None,
        help_text=_("Answers are taken only while the process is in its gathering phase."),
    )
    new_areas = forms.CharField(
        label=_("Add areas or neighborhoods"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("One per line. Areas already listed stay as they are."),
    )

    def __init__(self, *args, process: Process, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["current_phase"].queryset = process.phases.all()

    def clean_new_areas(self) -> list[str]:
        return area_names(self.cleaned_data["new_areas"])


class PhaseForm(DatesForm):
    field_order = ["description", "starts_on", "ends_on"]

    description = forms.CharField(
        label=_("What happens"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )


class QuestionWordingForm(Form):
    text_en = forms.CharField(label=_("Question in English"), max_length=300)
    text_es = forms.CharField(label=_("Question in Spanish"), max_length=300)
    help_en = forms.CharField(label=_("Help text in English"), max_length=500, required=False)
    help_es = forms.CharField(label=_("Help text in Spanish"), max_length=500, required=False)


GUIDE_TEXT_HELP = _(
    "Plain text. Leave a blank line between paragraphs; start a line with “- ” for a bullet "
    "or “1. ” for a numbered step."
)


class GuideForm(Form):
    title_en = forms.CharField(label=_("Title in English"), max_length=200)
    title_es = forms.CharField(label=_("Title in Spanish"), max_length=200)
    summary_en = forms.CharField(
        label=_("Summary in English"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=3000,
        required=False,
    )
    summary_es = forms.CharField(
        label=_("Summary in Spanish"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=3000,
        required=False,
    )


class GuideSectionForm(Form):
    heading_en = forms.CharField(label=_("Heading in English"), max_length=200)
    heading_es = forms.CharField(label=_("Heading in Spanish"), max_length=200)
    body_en = forms.CharField(
        label=_("Text in English"),
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=10000,
        required=False,
        help_text=GUIDE_TEXT_HELP,
    )
    body_es = forms.CharField(
        label=_("Text in Spanish"),
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=10000,
        required=False,
        help_text=GUIDE_TEXT_HELP,
    )
    order = forms.IntegerField(
        label=_("Order"),
        min_value=0,
        max_value=32000,
        required=False,
        help_text=_("Sections are shown from the lowest number to the highest."),
    )
    day = forms.IntegerField(
        label=_("Day"),
        min_value=1,
        max_value=14,
        required=False,
        help_text=_("Leave empty for preparation and follow-up."),
    )
    minutes = forms.IntegerField(label=_("Minutes"), min_value=1, max_value=720, required=False)
    group_size = forms.ChoiceField(
        label=_("Group"),
        choices=[("", _("Not a group exercise")), *Gathering.Kind.choices],
        required=False,
    )
    question = forms.ChoiceField(
        label=_("Question"),
        choices=[("", _("None of the five questions")), *QuestionKey.choices],
        required=False,
    )


class PopulationForm(Form):
    """One number per area, age band and language, for the reach page's comparison."""

    source = forms.CharField(
        label=_("Source of these figures"),
        max_length=200,
        required=False,
        help_text=_(
            "For example: US Census Bureau, American Community Survey 2019–2023. "
            "It applies to every figure on this form."
        ),
    )

    def __init__(self, *args, groups, figures, **kwargs):  # type: ignore[no-untyped-def]
        """`groups`: dimension -> [(value, label)]; `figures`: the process's figures."""
        super().__init__(*args, **kwargs)
        current = {(f.dimension, f.value): f for f in figures}
        self.groups: dict[str, list[tuple[str, str, str]]] = {}
        for dimension, values in groups.items():
            self.groups[dimension] = []
            for i, (value, label) in enumerate(values):
                name = f"{dimension}_{i}"
                self.groups[dimension].append((name, value, label))
                self.fields[name] = forms.IntegerField(
                    label=label,
                    min_value=0,
                    max_value=MAX_POPULATION,
                    required=False,
                    widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                )
                self.fields[name].widget.attrs["class"] = "usa-input usa-input--small"
                if (dimension, value) in current:
                    self.initial[name] = current[(dimension, value)].population
        sources = [f.source for f in figures if f.source]
        if sources:
            self.initial["source"] = max(set(sources), key=sources.count)

    def fieldsets(self) -> list[tuple[str, list[forms.BoundField]]]:
        legends = {
            "area": _("People living in each area"),
            "age_band": _("People in each age band"),
            "language": _("People by language spoken at home"),
        }
        return [
            (str(legends.get(dimension, dimension)), [self[name] for name, _v, _l in fields])
            for dimension, fields in self.groups.items()
            if fields
        ]

    def entries(self) -> list[PopulationEntry]:
        source = self.cleaned_data.get("source", "")
        return [
            PopulationEntry(dimension, value, self.cleaned_data[name], source)
            for dimension, fields in self.groups.items()
            for name, value, _label in fields
            if self.cleaned_data.get(name) is not None
        ]


_WHOLE_NUMBER = re.compile(r"\d+|\d{1,3}(?:([,. \u00a0])\d{3})(?:\1\d{3})*")
HEADER_WORDS = {"dimension", "dimensión", "dimension_type"}


class PopulationImportForm(Form):
    """A CSV file of population figures: dimension,value,population[,source] on each line."""

    MAX_BYTES = 1_000_000
    MAX_LINES = 5000
    MAX_PROBLEMS = 30

    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: dimension (area, age_band or language), group, number of people, and "
            "optionally the source. A first line naming the columns is skipped."
        ),
    )

    def __init__(self, *args, process: Process, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.process = process
        self.entries: list[PopulationEntry] = []
        self.fields["file"].widget.attrs.update(
            {"accept": ".csv,text/csv", "class": "usa-file-input"}
        )

    def clean_file(self):  # type: ignore[no-untyped-def]
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is too large: at most 1 MB."))
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise forms.ValidationError(
                _("The file must be a CSV file saved as UTF-8 text.")
            ) from error
        entries, problems = parse_population_csv(text, max_lines=self.MAX_LINES)
        if not entries and not problems:
            raise forms.ValidationError(_("The file has no figures in it."))
        value_problems, cleaned = population_figures_check(process=self.process, entries=entries)
        # Problems in line order, whichever check found them.
        problems = [text for _line, text in sorted(problems + value_problems)]
        if problems:
            shown = problems[: self.MAX_PROBLEMS]
            if len(problems) > len(shown):
                shown.append(
                    _("… and %(count)d more problems.") % {"count": len(problems) - len(shown)}
                )
            raise forms.ValidationError(
                [_("Nothing was imported. Correct these lines and upload the file again:")] + shown
            )
        self.entries = cleaned
        return upload


def parse_population_csv(
    text: str, *, max_lines: int = 5000
) -> tuple[list[PopulationEntry], list[tuple[int, str]]]:
    """The shape of a population CSV: (entries, [(line, problem)]). Accepts commas, semicolons
    or tabs between columns, an optional first line naming the columns, and numbers written
    with thousands separators (4,100 or 4.100 or 4 100)."""
    first = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    entries: list[PopulationEntry] = []
    problems: list[tuple[int, str]] = []

    def problem(line: int, text: str) -> None:
        problems.append((line, _("Line %(line)d: %(problem)s") % {"line": line, "problem": text}))

    try:
        for row in reader:
            line = reader.line_num
            cells = [cell.strip() for cell in row]
            while cells and not cells[-1]:
                cells.pop()
            if not cells:
                continue
            if not entries and not problems and cells[0].casefold() in HEADER_WORDS:
                continue
            if len(entries) + len(problems) >= max_lines:
                problem(
                    line, _("the file has too many lines (at most %(max)d).") % {"max": max_lines}
                )
                break
            if len(cells) not in (3, 4):
                problem(
                    line,
                    _("expected 3 or 4 columns (dimension, group, people), found %(count)d.")
                    % {"count": len(cells)},
                )
                continue
            number = cells[2]
            if not _WHOLE_NUMBER.fullmatch(number):
                problem(
                    line,
                    _("the number of people must be a whole number, not “%(value)s”.")
                    % {"value": number[:40]},
                )
                continue
            population = int(re.sub(r"\D", "", number))
            source = cells[3] if len(cells) == 4 else ""
            entries.append(PopulationEntry(cells[0], cells[1], population, source, line))
    except csv.Error as error:
        problem(
            reader.line_num, _("the line cannot be read as CSV (%(error)s).") % {"error": error}
        )
    return entries, problems
