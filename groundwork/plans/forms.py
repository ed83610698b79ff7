import uuid
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groundwork.communities.models import Organization
from groundwork.core.forms import Form, WrittenTextField

from .models import Activity, ActivityStatus, EndorsementValue, LinkKind, Plan


class PlanForm(Form):
    title = forms.CharField(label=_("Title of the plan"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class GoalForm(Form):
    title = forms.CharField(label=_("Goal"), max_length=300)
    description = forms.CharField(
        label=_("Description"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    statement = forms.IntegerField(required=False, widget=forms.HiddenInput)
    theme = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ActivityForm(Form):
    goal = forms.ModelChoiceField(label=_("Goal"), queryset=None, empty_label=None)
    title = forms.CharField(label=_("Activity"), max_length=300)
    description = forms.CharField(
        label=_("Description"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    lead_name = forms.CharField(
        label=_("Lead person"),
        max_length=200,
        required=False,
        help_text=_("A person who leads it, or choose a lead organization below, or both."),
    )
    lead_organization = forms.ModelChoiceField(
        label=_("Lead organization"), queryset=None, required=False
    )
    partners = forms.CharField(
        label=_("Partners"),
        max_length=500,
        required=False,
        help_text=_("People and groups who take part, separated by commas."),
    )
    starts_on = forms.DateField(label=_("Starts"), required=False, widget=forms.DateInput)
    ends_on = forms.DateField(label=_("Ends"), required=False, widget=forms.DateInput)
    resources = forms.CharField(
        label=_("Resources needed"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    status = forms.ChoiceField(label=_("Status"), choices=ActivityStatus.choices)

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = plan.goals.order_by("order", "id")  # type: ignore[attr-defined]
        self.fields["lead_organization"].queryset = Organization.objects.filter(  # type: ignore[attr-defined]
            community=plan.community
        ).order_by("name")

    @classmethod
    def initial_for(cls, activity: Activity) -> dict[str, Any]:
        return {
            "goal": activity.goal_id,
            "title": activity.title,
            "description": activity.description,
            "lead_name": activity.lead_name,
            "lead_organization": activity.lead_organization_id,
            "partners": activity.partners,
            "starts_on": activity.starts_on,
            "ends_on": activity.ends_on,
            "resources": activity.resources,
            "status": activity.status,
        }


def _ids(values: list[str]) -> list[int]:
    try:
        return [int(v) for v in values]
    except (TypeError, ValueError) as error:
        raise forms.ValidationError(_("Pick from the list.")) from error


class LinkForm(Form):
    """Evidence picked with checkboxes in the builder, linked to one activity."""

    kind = forms.ChoiceField(choices=LinkKind.choices, widget=forms.HiddenInput)
    activity = forms.ModelChoiceField(label=_("Add to activity"), queryset=None)

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = plan.activities.all()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        source = self.data
        data["contributions"] = _ids(source.getlist("contributions"))
        data["statements"] = _ids(source.getlist("statements"))
        data["organizations"] = _ids(source.getlist("organizations"))
        data["themes"] = _ids(source.getlist("themes"))
        data["assets"] = _ids(source.getlist("assets"))
        data["services"] = _ids(source.getlist("services"))
        return data


class PublishForm(Form):
    note = forms.CharField(
        label=_("What changed in this version"),
        max_length=500,
        required=False,
    )


class ProgressForm(Form):
    on_date = forms.DateField(label=_("Date"), widget=forms.DateInput)
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    status = forms.ChoiceField(label=_("Status"), choices=ActivityStatus.choices)
    note = forms.CharField(
        label=_("What happened"), max_length=3000, widget=forms.Textarea(attrs={"rows": 3})
    )
    photo = forms.ImageField(
        label=_("Photo (optional)"),
        required=False,
        help_text=_(
            "A JPEG, PNG or WebP of at most 5 MB. The note above describes it for people who "
            "cannot see it. Where it was taken is removed from the file."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on_date"].initial = timezone.localdate()
        self.fields["photo"].widget.attrs.update(
            {"accept": "image/jpeg,image/png,image/webp", "class": "usa-file-input"}
        )


class EndorseForm(Form):
    """One pair of fields per activity of the draft: support or concerns, and a comment."""

    # Views replace earlier ones, so a form sent without a key (a page from before keys) is
    # still safe to store; with one, a retry is recognised and kept to its sender.
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=60, required=False)

    def __init__(self, *args: Any, activities: list[Activity], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.activities = activities
        if not self.is_bound:
            self.initial["idempotency_key"] = uuid.uuid4().hex
        for activity in activities:
            self.fields[f"value_{activity.pk}"] = forms.ChoiceField(
                label=_("Your view of “%(title)s”") % {"title": activity.title},
                choices=EndorsementValue.choices,
                required=False,
                widget=forms.RadioSelect(attrs={"class": "usa-radio__input"}),
            )
            self.fields[f"comment_{activity.pk}"] = WrittenTextField(
                label=_("Comment (you can write in English or Spanish)"),
                max_length=1000,
                required=False,
                rows=2,
            )


class FollowForm(Form):
    email = forms.EmailField(label=_("Your e-mail address"), max_length=254)
