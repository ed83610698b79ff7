from typing import Any

from django import forms

from .errors import ApplicationError


class UswdsFormMixin:
    """Give widgets the U.S. Web Design System classes and link errors for screen readers."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        # Django adds aria-invalid and aria-describedby (<id>_helptext, <id>_error), which
        # includes/field.html uses as element ids.
        self.apply_uswds(self.fields.values())  # type: ignore[attr-defined]

    @staticmethod
    def apply_uswds(fields: Any) -> None:
        """USWDS classes on these fields' widgets (also for fields a form adds later)."""
        for field in fields:
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
