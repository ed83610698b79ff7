from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from groundwork.accounts.models import User
from groundwork.communities.models import Community, FocusArea, Network, Region, Strategy
from groundwork.core.forms import Form, ModelForm, WrittenTextField

from .models import EvidenceLevel, HelpKind, HelpRequest, HelpStatus, Practice, Urgency


class SearchForm(Form):
    q = forms.CharField(label=_("Words"), required=False, max_length=200)
    focus_area = forms.ChoiceField(
        label=_("Focus area"), required=False, choices=[("", _("Any"))] + FocusArea.choices
    )
    evidence = forms.ChoiceField(
        label=_("Evidence"), required=False, choices=[("", _("Any"))] + EvidenceLevel.choices
    )
    strategy = forms.ChoiceField(label=_("Strategy"), required=False)
    network = forms.ChoiceField(label=_("Network"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        strategies = Strategy.objects.order_by("position", "key").values_list(
            "key", "name_en", "name_es"
        )
        from groundwork.core.text import in_language

        seen: dict[str, str] = {}
        for key, en, es in strategies:
            seen.setdefault(key, in_language(en, es))
        self.fields["strategy"].choices = [("", _("Any"))] + sorted(seen.items())
        self.fields["network"].choices = [("", _("Any"))] + [
            (str(pk), name) for pk, name in Network.objects.values_list("pk", "name")
        ]


class PracticeForm(ModelForm):
    body_en = WrittenTextField(
        label=_("What it is and how it works, in English"), max_length=20000, rows=8
    )
    body_es = WrittenTextField(
        label=_("What it is and how it works, in Spanish"), max_length=20000, rows=8, required=False
    )
    problem = WrittenTextField(label=_("The problem it addresses"), max_length=2000, required=False)
    strengths = WrittenTextField(
        label=_("The strengths it builds on"), max_length=2000, required=False
    )

    class Meta:
        model = Practice
        fields = [
            "title_en",
            "title_es",
            "body_en",
            "body_es",
            "problem",
            "strengths",
            "population",
            "setting",
            "cost",
            "evidence_level",
            "evidence_source",
            "focus_area",
            "strategies",
            "taxonomy_code",
            "licence",
        ]
        widgets = {"strategies": forms.CheckboxSelectMultiple, "evidence_level": forms.RadioSelect}

    def __init__(self, *args: Any, community: Community, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["strategies"].queryset = Strategy.objects.filter(
            network_id=community.network_id
        )
        from groundwork.directory.models import TaxonomyTerm

        terms = TaxonomyTerm.objects.filter(community=community).exclude(code="")
        self.fields["taxonomy_code"] = forms.ChoiceField(
            label=_("Taxonomy term"),
            required=False,
            choices=[("", _("None"))] + sorted({(t.code, t.name) for t in terms}),
        )
        self.term_names = {t.code: t.name for t in terms}

    def cleaned_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["taxonomy_name"] = self.term_names.get(data.get("taxonomy_code") or "", "")
        return data


class AttachmentForm(Form):
    file = forms.FileField(
        label=_("A PDF or an image"), help_text=_("PDF, PNG, JPEG or WebP, at most 10 MB.")
    )


class AdoptForm(Form):
    goal = forms.ChoiceField(label=_("Under which goal of which plan"))

    def __init__(self, *args: Any, goals: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.goals = {str(g.pk): g for g in goals}
        self.fields["goal"].choices = [
            (str(g.pk), f"{g.plan.community.name} · {g.plan.title} · {g.title}") for g in goals
        ]


class CommentForm(Form):
    body = WrittenTextField(label=_("Your comment"), max_length=3000)


class HideForm(Form):
    reason = forms.CharField(label=_("Why is it hidden?"), max_length=300)


class RequestForm(ModelForm):
    details = WrittenTextField(label=_("Details"), max_length=5000, required=False, rows=5)

    class Meta:
        model = HelpRequest
        fields = ["kind", "topic", "details", "strategy", "focus_area", "urgency"]
        widgets = {"kind": forms.RadioSelect, "urgency": forms.RadioSelect}

    def __init__(self, *args: Any, community: Community, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["strategy"].queryset = Strategy.objects.filter(network_id=community.network_id)
        self.fields["kind"].choices = HelpKind.choices
        self.fields["urgency"].choices = Urgency.choices


class TriageForm(Form):
    status = forms.ChoiceField(label=_("Status"), choices=HelpStatus.choices)
    assigned_steward = forms.ModelChoiceField(
        label=_("Steward"), queryset=User.objects.none(), required=False
    )
    assigned_region = forms.ModelChoiceField(
        label=_("Regional hub"), queryset=Region.objects.none(), required=False
    )
    mentor = forms.ModelChoiceField(
        label=_("Mentor coalition"), queryset=Community.objects.none(), required=False
    )
    due_on = forms.DateField(label=_("Due"), required=False)

    def __init__(self, *args: Any, request: HelpRequest, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assigned_steward"].queryset = request.network.stewards.order_by("name")
        self.fields["assigned_region"].queryset = request.network.regions.order_by("name", "pk")
        self.fields["mentor"].queryset = Community.objects.filter(
            network_id=request.network_id, directory_of__isnull=True
        ).exclude(pk=request.community_id)
