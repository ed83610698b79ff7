from typing import Any

from django import forms
from django.forms.fields import BaseTemporalField

from .errors import ApplicationError
from .text import clean_text, too_long_message


class _WrittenBoundField(forms.BoundField):
    @property
    def aria_describedby(self) -> str | None:
        ids = [i for i in (super().aria_describedby or "").split() if i]
        if self.auto_id:
            ids.insert(len(ids) - (1 if self.errors else 0), f"{self.auto_id}_count")
        return " ".join(ids)


class WrittenTextField(forms.CharField):
    """Free text that people write (answers, statements, comments): kept as written.

    The text is normalized only where that is safe (:func:`clean_text`: line endings, control
    characters, the space around it), never cut: text over ``max_length`` characters is sent
    back with a message naming the box and the limit. The browser gets no ``maxlength`` (which
    silently cuts pasted text) but a ``data-maxlength`` that ``written-text.js`` counts
    against, and ``includes/field.html`` shows the limit under the box.
    """

    def __init__(self, *, max_length: int, rows: int = 3, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": rows}))
        kwargs.setdefault("strip", False)
        self.limit = max_length  # read by widget_attrs, which the constructor calls
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs["data-maxlength"] = str(self.limit)
        return attrs

    def to_python(self, value: Any) -> str:
        return clean_text(super().to_python(value))

    def validate(self, value: Any) -> None:
        super().validate(value)
        if len(value) > self.limit:
            raise forms.ValidationError(
                too_long_message(label=self.label, length=len(value), limit=self.limit),
                code="too_long",
            )

    def get_bound_field(self, form: forms.BaseForm, field_name: str) -> forms.BoundField:
        return _WrittenBoundField(form, self, field_name)


# What browsers put in and read from date, time and number inputs, whatever the page's
# language: <input type="date"> shows nothing for "02/11/2026", and a form saved unchanged
# would then lose the date. Spanish writes dates and decimals its own way on the page; inside
# an input's value they are always ISO and "." decimals.
ISO_DATE = "%Y-%m-%d"
ISO_TIME = "%H:%M"
ISO_DATETIME = "%Y-%m-%dT%H:%M"


def unlocalize_widget(field: forms.Field) -> None:
    """Make a date, time or number field render what the browser's input understands.

    Date and time widgets get ISO formats (and the matching input type unless hidden);
    number widgets are never localized, so a value reads ``2.5``, not ``2,5``. Parsing already
    accepts ISO in every language (Django adds the ISO formats to each locale's input formats).
    """
    widget = field.widget
    hidden = widget.is_hidden
    if isinstance(widget, forms.DateTimeInput):
        widget.format = ISO_DATETIME
        if not hidden:
            widget.input_type = "datetime-local"
    elif isinstance(widget, forms.DateInput):
        widget.format = ISO_DATE
        if not hidden:
            widget.input_type = "date"
    elif isinstance(widget, forms.TimeInput):
        widget.format = ISO_TIME
        if not hidden:
            widget.input_type = "time"
    if isinstance(
        field, (forms.IntegerField, forms.FloatField, forms.DecimalField, BaseTemporalField)
    ):
        field.localize = False
        widget.is_localized = False


class UswdsFormMixin:
    """Give widgets the U.S. Web Design System classes and link errors for screen readers;
    render date, time and number values as the browser's inputs read them, in any language."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        # Django adds aria-invalid and aria-describedby (<id>_helptext, <id>_error), which
        # includes/field.html uses as element ids.
        self.apply_uswds(self.fields.values())  # type: ignore[attr-defined]

    @staticmethod
    def apply_uswds(fields: Any) -> None:
        """USWDS classes on these fields' widgets (also for fields a form adds later), and
        unlocalized date, time and number values."""
        for field in fields:
            unlocalize_widget(field)
            widget = field.widget
            css = {
                forms.Select: "usa-select",
                forms.SelectMultiple: "usa-select",
                forms.Textarea: "usa-textarea",
                forms.CheckboxInput: "usa-checkbox__input",
                forms.CheckboxSelectMultiple: "usa-checkbox__input",
                forms.RadioSelect: "usa-radio__input",
            }.get(type(widget), "usa-input")
            classes = widget.attrs.get("class", "").split()
            if css not in classes:
                widget.attrs["class"] = " ".join([*classes, css])

    def __getitem__(self, name: str) -> Any:
        # Fields a form adds after __init__ (e.g. one per question) get the classes too: a
        # radio button without its USWDS class shows the browser's circle beside USWDS's own.
        field = self.fields[name]  # type: ignore[attr-defined]
        self.apply_uswds([field])
        return super().__getitem__(name)  # type: ignore[misc]

    def add_application_error(self, error: ApplicationError) -> None:
        field = error.field if error.field in self.fields else None  # type: ignore[attr-defined]
        self.add_error(field, error.message)  # type: ignore[attr-defined]


class Form(UswdsFormMixin, forms.Form):
    pass


class ModelForm(UswdsFormMixin, forms.ModelForm):  # type: ignore[type-arg]
    pass
