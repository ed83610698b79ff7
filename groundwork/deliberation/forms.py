import uuid

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from groundwork.core.forms import Form, WrittenTextField

from .models import Statement, StatementModeration, VoteValue


class ConversationForm(Form):
    topic = forms.CharField(label=_("Topic"), max_length=300)
    description = forms.CharField(
        label=_("What is it about?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=3000,
        required=False,
    )
    strict_moderation = forms.BooleanField(
        label=_("Strict moderation: a facilitator accepts each new statement first"),
        required=False,
    )
    participants_write = forms.BooleanField(
        label=_("Participants may write statements"), required=False, initial=True
    )


class ConversationSettingsForm(ConversationForm):
    is_open = forms.BooleanField(label=_("Open for votes"), required=False)


class VoteForm(Form):
    statement = forms.IntegerField(widget=forms.HiddenInput)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=60)
    value = forms.TypedChoiceField(choices=VoteValue.choices, coerce=int)

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["idempotency_key"] = uuid.uuid4().hex


class StatementForm(Form):
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=60)
    text = WrittenTextField(
        label=_("Your statement"),
        help_text=_("One short idea others can agree or disagree with. No names, please."),
        rows=2,
        max_length=Statement.MAX_LENGTH,
    )

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["idempotency_key"] = uuid.uuid4().hex


class SeedStatementForm(Form):
    text = WrittenTextField(label=_("Statement"), rows=2, max_length=Statement.MAX_LENGTH)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)


class StatementModerateForm(Form):
    state = forms.ChoiceField(choices=StatementModeration.choices, widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class StatementTranslateForm(Form):
    language = forms.ChoiceField(choices=settings.LANGUAGES, widget=forms.HiddenInput)
    translation = WrittenTextField(
        label=_("Translation"), rows=2, max_length=Statement.MAX_LENGTH, required=False
    )


class BulkModerateForm(Form):
    statement = forms.TypedMultipleChoiceField(coerce=int, choices=())
    state = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (StatementModeration.ACCEPTED, _("Accept")),
            (StatementModeration.REJECTED, _("Reject")),
        ],
    )
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)

    def __init__(self, *args, statement_ids=(), **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["statement"].choices = [(pk, pk) for pk in statement_ids]


class PolisImportForm(Form):
    title = forms.CharField(label=_("Title of the new process"), max_length=200)
    slug = forms.SlugField(
        label=_("Short name for web addresses"),
        max_length=80,
        help_text=_("Lowercase letters, numbers and hyphens, e.g. alder-county."),
    )
    comments = forms.FileField(label=_("comments.csv"))
    votes = forms.FileField(
        label=_("votes.csv or participants-votes.csv"),
        help_text=_("The vote file of the same Pol.is export."),
    )
    translations = forms.FileField(
        label=_("comment-translations.csv (optional)"),
        help_text=_(
            "In an export from Groundwork: each statement's language and its text in the "
            "other language."
        ),
        required=False,
    )


class SeedCandidateForm(Form):
    """One candidate statement drafted from a theme's answers, as the facilitator accepts it
    (edited or not). ``original`` is the sentence as drafted, to find the candidate again."""

    original = forms.CharField(widget=forms.HiddenInput, max_length=Statement.MAX_LENGTH)
    text = WrittenTextField(label=_("Statement"), rows=3, max_length=Statement.MAX_LENGTH)
