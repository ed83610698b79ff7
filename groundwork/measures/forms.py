import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from groundwork.core.errors import ApplicationError
from groundwork.core.forms import Form, ModelForm, WrittenTextField
from groundwork.core.text import in_language

from .choices import item_choices
from .models import Instrument, Item, ItemKind, ItemRole, Section
from .services import MAX_LINKS_AT_ONCE, MAX_TEXT, answer_clean


class SurveyForm(Form):
    """The response form: one field per question, named item_<id>, grouped by section."""

    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args: Any, instrument: Instrument, items: list[Item], **kwargs: Any):
        self.instrument = instrument
        self.items = items
        self.choice_labels: dict[int, dict[str, str]] = {}
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["idempotency_key"] = uuid.uuid4().hex
        added = {f"item_{item.pk}": self._field(item) for item in items}
        self.apply_uswds(added.values())
        self.fields.update(added)

    def _field(self, item: Item) -> forms.Field:
        common = {
            "label": item.prompt,
            "help_text": item.help,
            "required": item.required,
            "error_messages": {
                "required": _("Please answer this question."),
                "invalid_choice": _("Choose from the options given."),
            },
        }
        if item.kind == ItemKind.TEXT:
            return WrittenTextField(max_length=MAX_TEXT, **common)
        if item.kind == ItemKind.NUMBER:
            attrs: dict[str, Any] = {"inputmode": "decimal"}
            return forms.CharField(widget=forms.TextInput(attrs=attrs), **common)
        choices = item_choices(item)
        self.choice_labels[item.pk] = dict(choices)
        if item.kind == ItemKind.MULTIPLE:
            return forms.MultipleChoiceField(
                choices=choices, widget=forms.CheckboxSelectMultiple, **common
            )
        if item.role == ItemRole.COUNTY:
            return forms.ChoiceField(
                choices=[("", _("Choose a county"))] + choices, widget=forms.Select, **common
            )
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for item in self.items:
            name = f"item_{item.pk}"
            if name in self.errors:
                continue
            raw = self.data.getlist(name) if item.kind == ItemKind.MULTIPLE else self.data.get(name)
            try:
                answer_clean(item, raw, labels=self.choice_labels.get(item.pk))
            except ApplicationError as error:
                self.add_error(name, error.message)
                continue
            data[name] = raw
        return data

    def answers(self) -> dict[int, Any]:
        return {item.pk: self.cleaned_data.get(f"item_{item.pk}") for item in self.items}

    def sections(self) -> list[tuple[Section, list[forms.BoundField]]]:
        grouped: dict[int, list[forms.BoundField]] = {}
        sections: dict[int, Section] = {}
        for item in self.items:
            sections[item.section_id] = item.section
            grouped.setdefault(item.section_id, []).append(self[f"item_{item.pk}"])
        return [(sections[pk], grouped[pk]) for pk in sections]


class InstrumentForm(ModelForm):
    class Meta:
        model = Instrument
        fields = [
            "title_en",
            "title_es",
            "intro_en",
            "intro_es",
            "respondents",
            "one_response_per",
            "breakdowns_allowed",
            "results_public",
        ]
        widgets = {
            "intro_en": forms.Textarea(attrs={"rows": 4}),
            "intro_es": forms.Textarea(attrs={"rows": 4}),
            "respondents": forms.RadioSelect,
            "one_response_per": forms.RadioSelect,
        }


class NewInstrumentForm(Form):
    START_CHOICES = [
        ("template", gettext_lazy("Start from the stakeholder survey (you can change it)")),
        ("blank", gettext_lazy("Start from a blank survey")),
    ]
    start = forms.ChoiceField(
        label=gettext_lazy("How do you want to start?"),
        choices=START_CHOICES,
        widget=forms.RadioSelect,
        initial="template",
    )
    title_en = forms.CharField(
        label=gettext_lazy("Title in English (for a blank survey)"), required=False, max_length=200
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from .instruments import shipped

        shipped_choices = [
            (
                f"instrument:{spec.key}",
                _("Start from an assessment: %(title)s (%(n)s statements in %(d)s domains)")
                % {
                    "title": in_language(spec.title_en, spec.title_es),
                    "n": len(spec.statements),
                    "d": len(spec.domains),
                },
            )
            for spec in shipped().values()
        ]
        self.fields["start"].choices = [
            self.START_CHOICES[0],
            *shipped_choices,
            *self.START_CHOICES[1:],
        ]


class SectionForm(ModelForm):
    class Meta:
        model = Section
        fields = ["title_en", "title_es", "intro_en", "intro_es"]
        widgets = {
            "intro_en": forms.Textarea(attrs={"rows": 3}),
            "intro_es": forms.Textarea(attrs={"rows": 3}),
        }


CHOICES_HELP = gettext_lazy(
    "One choice per line: a short value, the English wording and the Spanish wording, "
    "separated by |. For example: trust | Trust among members | Confianza entre integrantes"
)


class ItemForm(ModelForm):
    choices_text = forms.CharField(
        label=gettext_lazy("Choices"),
        help_text=CHOICES_HELP,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    class Meta:
        model = Item
        fields = [
            "kind",
            "role",
            "prompt_en",
            "prompt_es",
            "help_en",
            "help_es",
            "required",
            "min_value",
            "max_value",
            "max_choices",
            "domain_en",
            "domain_es",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.choices:
            self.initial["choices_text"] = "\n".join(
                " | ".join([c["value"], c.get("en", ""), c.get("es", "")])
                for c in self.instance.choices
            )
        self.fields["role"].required = False
        self.fields["role"].help_text = _(
            "The sector and county questions let results be broken down; their choices are "
            "filled in for you."
        )

    def clean_choices_text(self) -> list[dict[str, str]]:
        rows = []
        for number, line in enumerate(self.cleaned_data.get("choices_text", "").splitlines(), 1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")]
            if not parts[0]:
                raise forms.ValidationError(
                    _("Line %(n)s has no value before the first |.") % {"n": number}
                )
            rows.append(
                {
                    "value": parts[0],
                    "en": parts[1] if len(parts) > 1 and parts[1] else parts[0],
                    "es": parts[2] if len(parts) > 2 else "",
                }
            )
        return rows

    def service_fields(self) -> dict[str, Any]:
        data = {k: self.cleaned_data[k] for k in self.Meta.fields}
        data["role"] = data["role"] or ""
        data["choices"] = self.cleaned_data["choices_text"]
        return data


class PublishForm(Form):
    opens_at = forms.DateTimeField(
        label=gettext_lazy("Opens (optional)"),
        required=False,
        help_text=gettext_lazy("Leave empty to open now. Format: 2026-03-01 09:00"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    closes_at = forms.DateTimeField(
        label=gettext_lazy("Closes (optional)"),
        required=False,
        help_text=gettext_lazy("Leave empty to keep it open until you close it."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )


class InvitationLinksForm(Form):
    count = forms.IntegerField(
        label=gettext_lazy("How many links"),
        min_value=1,
        max_value=MAX_LINKS_AT_ONCE,
        initial=10,
        help_text=gettext_lazy("Between 1 and 500; one link for each person you invite."),
    )
    label = forms.CharField(
        label=gettext_lazy("Label (optional)"),
        required=False,
        max_length=100,
        help_text=gettext_lazy("For your records, for example “Board members”."),
    )
