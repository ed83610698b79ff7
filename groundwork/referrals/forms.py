import datetime as dt
import uuid
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groundwork.communities.models import Community, Organization
from groundwork.core.forms import Form, WrittenTextField
from groundwork.directory.models import Service, ServiceStatus

from .actions.common import MESSAGE_LIMIT, NOTE_LIMIT
from .models import Consent, ContactMethod, DeclineReason, Outcome, SharedField, Urgency
from .needs import need_choices


class ServiceChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Service) -> str:
        organization = getattr(obj, "organization_name", "")
        label = f"{obj.display_name} · {organization}" if organization else obj.display_name
        return f"{label} ({_('sensitive')})" if obj.sensitive else label


def referable_services(community: Community) -> list[Service]:
    """Active services of the community whose organization can receive referrals."""
    organizations = dict(
        Organization.objects.filter(community=community).values_list("hsds_id", "name")
    )
    services = list(
        Service.objects.filter(
            community=community,
            status=ServiceStatus.ACTIVE,
            organization_id__in=list(organizations),
        ).order_by("name")
    )
    for service in services:
        service.organization_name = organizations.get(service.organization_id, "")  # type: ignore[attr-defined]
    return services


class ReferralForm(Form):
    services = ServiceChoice(
        label=_("Refer to"),
        queryset=Service.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("One or more services of the directory."),
    )
    name = forms.CharField(label=_("The person's name"), max_length=200)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    contact_methods = forms.MultipleChoiceField(
        label=_("Ways to reach them"),
        choices=ContactMethod.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    best_times = forms.CharField(
        label=_("Best times to reach them"), max_length=200, required=False
    )
    language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=settings.LANGUAGES,
        widget=forms.RadioSelect,
        initial="en",
    )
    needs = forms.MultipleChoiceField(
        label=_("Needs"), choices=(), widget=forms.CheckboxSelectMultiple
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"), choices=Urgency.choices, widget=forms.RadioSelect, initial="routine"
    )
    note = WrittenTextField(
        label=_("Note for the receiving organization"), max_length=NOTE_LIMIT, required=False
    )
    consent_method = forms.ChoiceField(
        label=_("How the person agreed"), choices=Consent.Method.choices, widget=forms.RadioSelect
    )
    consent_fields = forms.MultipleChoiceField(
        label=_("Besides their name, the consent covers"),
        choices=SharedField.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        initial=[SharedField.CONTACT],
        help_text=_("The receiving organizations see only what the person agreed to share."),
    )
    consent_until = forms.DateField(label=_("Consent lasts until"))
    attested = forms.BooleanField(
        label=_(
            "I read the person what will be shared, with which organizations and until when, "
            "and they agreed aloud."
        ),
        required=False,
    )
    signature = forms.CharField(
        label=_("Signature: the person types their full name"), max_length=200, required=False
    )
    confirm_duplicate = forms.BooleanField(
        label=_("Send it anyway: this is not the same request"), required=False
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, community: Community, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "idempotency_key": uuid.uuid4().hex,
                "consent_until": timezone.localdate() + dt.timedelta(days=90),
            },
        )
        super().__init__(*args, **kwargs)
        services = referable_services(community)
        field = self.fields["services"]
        field.queryset = Service.objects.filter(pk__in=[s.pk for s in services])
        # The labels name each service's organization (looked up once above).
        field.choices = [(s.pk, field.label_from_instance(s)) for s in services]
        # The network's need categories (the defaults without a network).
        self.fields["needs"].choices = need_choices(community)


def decline_reason_choices() -> list[tuple[str, Any]]:
    return [("", _("Choose a reason")), *DeclineReason.choices]


def outcome_choices() -> list[tuple[str, Any]]:
    return [("", _("Choose an outcome")), *Outcome.choices]


class MessageForm(Form):
    body = WrittenTextField(label=_("Message to the other organization"), max_length=MESSAGE_LIMIT)


class NeedCategoryForm(Form):
    name_en = forms.CharField(label=_("Name in English"), max_length=100)
    name_es = forms.CharField(label=_("Name in Spanish"), max_length=100)
