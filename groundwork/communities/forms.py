from django import forms
from django.utils.translation import gettext_lazy as _

from groundwork.core.forms import Form

from .models import Community, Network, Role, Sector


class CommunityForm(Form):
    name = forms.CharField(label=_("Name of the community"), max_length=200)
    slug = forms.SlugField(
        label=_("Short name for web addresses"),
        max_length=80,
        help_text=_("Lowercase letters, numbers and hyphens, e.g. alder-county."),
    )
    kind = forms.ChoiceField(label=_("Kind of community"), choices=Community.Kind.choices)
    network = forms.ModelChoiceField(
        label=_("Network"),
        queryset=Network.objects.none(),
        required=False,
        empty_label=_("Not part of a network"),
    )
    coalition_name = forms.CharField(label=_("Coalition name"), max_length=200, required=False)
    area_served = forms.CharField(
        label=_("Counties or area served"), max_length=500, required=False
    )
    description = forms.CharField(
        label=_("About the coalition"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
    )
    sectors = forms.MultipleChoiceField(
        label=_("Sectors at the table"),
        choices=Sector.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    is_public = forms.BooleanField(
        label=_("Anyone can see this community's profile"), required=False, initial=True
    )

    def __init__(self, *args, user=None, editing: bool = False, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["slug"]
            del self.fields["network"]
        elif user is not None and user.is_authenticated:
            self.fields["network"].queryset = Network.objects.filter(stewards=user)
            if not self.fields["network"].queryset.exists():
                del self.fields["network"]


class InvitationForm(Form):
    email = forms.EmailField(
        label=_("E-mail address (optional)"),
        required=False,
        help_text=_("Leave empty to make a link you can share yourself."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.MEMBER)
    max_uses = forms.IntegerField(
        label=_("How many people may use the link"),
        required=False,
        min_value=1,
        max_value=500,
        help_text=_("For links only. Leave empty for no limit until it expires."),
    )


class RoleForm(Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class OrganizationForm(Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    sector = forms.ChoiceField(label=_("Sector"), choices=Sector.choices)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    description = forms.CharField(
        label=_("What they offer"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )
