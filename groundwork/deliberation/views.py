"""Deliberation pages: vote one statement at a time, write statements, see the groups."""

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from groundwork.communities.models import Community
from groundwork.core import generations
from groundwork.core.errors import AlreadyReceived, ApplicationError
from groundwork.core.pagecache import community_keys, public_page
from groundwork.core.permissions import check_perm
from groundwork.core.ratelimits import process_participant, rate_limited
from groundwork.field.queue import from_queue, queueable
from groundwork.planning.models import Participant
from groundwork.planning.participants import (
    participant_for_request,
    participant_from_cookie,
    remember_participant,
)
from groundwork.planning.participants import process_for_request as _process

from . import interchange, selectors, services
from . import results as results_view
from .forms import (
    BulkModerateForm,
    ConversationForm,
    ConversationSettingsForm,
    PolisImportForm,
    SeedStatementForm,
    StatementForm,
    StatementModerateForm,
    StatementTranslateForm,
    VoteForm,
)
from .interchange import UploadError, read_uploaded_export, read_uploaded_translations
from .models import Conversation, Statement, StatementModeration
from .selectors import NEW_STATEMENT_PRIORITY
from .templatetags.statements import statement_text


def _conversation(request: HttpRequest, slug: str, process_slug: str, perm: str) -> Conversation:
    conversation = get_object_or_404(
        Conversation.objects.select_related(
            "process__community__network", "process__current_phase"
        ),
        process__community__slug=slug,
        process__slug=process_slug,
    )
    check_perm(request, perm, conversation)
    return conversation


def _vote_context(
    request: HttpRequest,
    conversation: Conversation,
    participant: Participant | None = None,
    **extra: Any,
) -> dict[str, Any]:
    participant = participant or participant_from_cookie(request, conversation.process)
    statement = selectors.next_statement(conversation, participant)
    return {
        "community": conversation.community,
        "process": conversation.process,
        "conversation": conversation,
        "statement": statement,
        "progress": selectors.voting_progress(conversation, participant),
        "vote_form": VoteForm(initial={"statement": statement.pk} if statement else None),
        "statement_form": extra.pop("statement_form", None) or StatementForm(),
        **extra,
    }


@queueable
@rate_limited("vote", process_participant)
def vote(request: HttpRequest, slug: str, process_slug: str) -> HttpResponse:
    """One statement at a time with agree / disagree / pass. Plain form posts; with htmx only
    the card is swapped. Votes cast offline (field mode) arrive later from the device's queue,
    each with its key; one the server refuses goes back to the device with the reason."""
    conversation = _conversation(request, slug, process_slug, "deliberation.view_conversation")
    if request.method == "POST":
        queued = from_queue(request)
        if queued and not request.user.has_perm("deliberation.vote", conversation):
            return _vote_refused(request, conversation, _("This conversation is closed for votes."))
        check_perm(request, "deliberation.vote", conversation)
        form = VoteForm(request.POST)
        error = _("Choose agree, disagree or pass.")
        if form.is_valid():
            statement = (
                selectors.accepted_statements(conversation)
                .filter(pk=form.cleaned_data["statement"])
                .first()
            )
            try:
                if statement is None:
                    raise ApplicationError(_("That statement is not open for votes."))
                # A new participant is kept only if their vote is: one transaction.
                with transaction.atomic():
                    generations.known_community(conversation.process.community)
                    participant = participant_for_request(request, conversation.process)
                    services.vote_cast(
                        conversation=conversation,
                        participant=participant,
                        statement=statement,
                        value=form.cleaned_data["value"],
                        idempotency_key=form.cleaned_data["idempotency_key"],
                    )
            except AlreadyReceived as exc:
                if not queued:
                    error = exc.message
                else:
                    # Sent before from this device (its answer lost on the way, the participant
                    # cookie with it) or by someone else: nothing is stored and nothing handed
                    # over, and the device need not keep it.
                    messages.info(request, exc.message)
                    return redirect("deliberation:vote", slug=slug, process_slug=process_slug)
            except ApplicationError as exc:
                error = exc.message
            else:
                if request.htmx:
                    response = render(
                        request,
                        "deliberation/vote.html#card",
                        _vote_context(request, conversation, participant),
                    )
                else:
                    response = redirect("deliberation:vote", slug=slug, process_slug=process_slug)
                remember_participant(response, participant)
                return response
        if queued:
            return _vote_refused(request, conversation, error)
        if request.htmx:
            # Swap a fresh card that says what went wrong, not a whole page into the card.
            return render(
                request,
                "deliberation/vote.html#card",
                _vote_context(request, conversation, vote_error=error),
            )
        messages.error(request, error)
        return redirect("deliberation:vote", slug=slug, process_slug=process_slug)
    return render(request, "deliberation/vote.html", _vote_context(request, conversation))


def _vote_refused(request: HttpRequest, conversation: Conversation, error: str) -> HttpResponse:
    """A vote from a device's queue that the server refuses: the card with the reason (the
    queue reads it and keeps the vote on the device with that message)."""
    return render(
        request,
        "deliberation/vote.html#card",
        _vote_context(request, conversation, vote_error=error),
        status=400,
    )


AHEAD = 30  # statements a device keeps for voting offline


@require_GET
def vote_ahead(request: HttpRequest, slug: str, process_slug: str) -> JsonResponse:
    """The next statements this participant has not voted on, for voting offline: the page's
    script (field mode) asks for them while online and the service worker keeps the answer.
    Each statement as the voting card shows it, in the reader's language."""
    conversation = _conversation(request, slug, process_slug, "deliberation.view_conversation")
    participant = participant_from_cookie(request, conversation.process)
    candidates = selectors.accepted_statements(conversation)
    if participant is not None:
        candidates = candidates.exclude(votes__participant=participant)
    priorities = selectors.latest_priorities(conversation)
    chosen = sorted(
        candidates.order_by("pk")[:500],
        key=lambda s: (-float(priorities.get(str(s.pk), NEW_STATEMENT_PRIORITY)), s.pk),
    )[:AHEAD]
    progress = selectors.voting_progress(conversation, participant)
    data = {
        "open": conversation.is_open,
        "voted": progress["voted"],
        "total": progress["total"],
        "statements": [
            {
                "id": statement.pk,
                "html": render_to_string(
                    "deliberation/_statement_text.html", statement_text(statement, block=True)
                ),
            }
            for statement in chosen
        ],
    }
    response = JsonResponse(data)
    response["Cache-Control"] = "private, no-cache"
    patch_vary_headers(response, ["Cookie", "Accept-Language"])
    return response


@rate_limited("statement", process_participant)
@require_POST
def statement_new(request: HttpRequest, slug: str, process_slug: str) -> HttpResponse:
    conversation = _conversation(request, slug, process_slug, "deliberation.vote")
    form = StatementForm(request.POST)
    if form.is_valid():
        try:
            with transaction.atomic():
                participant = participant_for_request(request, conversation.process)
                statement = services.statement_submit(
                    conversation=conversation,
                    participant=participant,
                    text=form.cleaned_data["text"],
                    language=get_language() or "",
                    idempotency_key=form.cleaned_data["idempotency_key"],
                )
        except ApplicationError as exc:
            form.add_application_error(exc)
        else:
            if statement.moderation == "pending":
                messages.success(
                    request, _("Thank you. A facilitator will look at your statement soon.")
                )
            else:
                messages.success(request, _("Thank you. Others can now vote on your statement."))
            response = redirect("deliberation:vote", slug=slug, process_slug=process_slug)
            remember_participant(response, participant)
            return response
    return render(
        request,
        "deliberation/vote.html",
        _vote_context(request, conversation, statement_form=form),
        status=400,
    )


def conversation_start(request: HttpRequest, slug: str, process_slug: str) -> HttpResponse:
    process = _process(request, slug, process_slug, "planning.change_process")
    if hasattr(process, "conversation"):
        return redirect("deliberation:statements", slug=slug, process_slug=process_slug)
    form = ConversationForm(request.POST or None, initial={"topic": process.display_title})
    if request.method == "POST" and form.is_valid():
        try:
            services.conversation_create(actor=request.user, process=process, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_application_error(exc)
        else:
            messages.success(
                request, _("The conversation is ready. Add a few statements to start.")
            )
            return redirect("deliberation:statements", slug=slug, process_slug=process_slug)
    return render(
        request,
        "deliberation/conversation_form.html",
        {"community": process.community, "process": process, "form": form},
    )


def statements(request: HttpRequest, slug: str, process_slug: str) -> HttpResponse:
    """Facilitators: the settings, every statement with its moderation, and seeding."""
    conversation = _conversation(request, slug, process_slug, "deliberation.moderate")
    settings_form = ConversationSettingsForm(
        request.POST if request.POST.get("form") == "settings" else None,
        initial={
            "topic": conversation.topic,
            "description": conversation.description,
            "strict_moderation": conversation.strict_moderation,
            "participants_write": conversation.participants_write,
            "is_open": conversation.is_open,
        },
    )
    seed_form = SeedStatementForm(
        request.POST if request.POST.get("form") == "seed" else None,
        initial={"language": get_language()},
    )
    if request.method == "POST":
        form = settings_form if request.POST.get("form") == "settings" else seed_form
        if form.is_valid():
            try:
                if form is settings_form:
                    services.conversation_update(
                        actor=request.user, conversation=conversation, **form.cleaned_data
                    )
                    messages.success(request, _("Saved."))
                else:
                    services.statement_seed(
                        actor=request.user, conversation=conversation, **form.cleaned_data
                    )
                    messages.success(request, _("The statement was added."))
            except ApplicationError as exc:
                form.add_application_error(exc)
            else:
                return redirect("deliberation:statements", slug=slug, process_slug=process_slug)
    return render(
        request,
        "deliberation/statements.html",
        {
            "community": conversation.community,
            "process": conversation.process,
            "conversation": conversation,
            "statements": selectors.statement_list(conversation, moderator=True),
            "pending": conversation.statements.filter(
                moderation=StatementModeration.PENDING
            ).count(),
            "settings_form": settings_form,
            "seed_form": seed_form,
            "max_length": Statement.MAX_LENGTH,
        },
    )


def queue(request: HttpRequest, slug: str, process_slug: str) -> HttpResponse:
    """Facilitators: the statements waiting for a decision, oldest first, with the personal-data
    check beside each; accept, reject with a reason, translate, or decide on several at once."""
    conversation = _conversation(request, slug, process_slug, "deliberation.moderate")
    return render(
        request,
        "deliberation/queue.html",
        {
            "community": conversation.community,
            "process": conversation.process,
            "conversation": conversation,
            "queue": selectors.moderation_queue(conversation),
            "max_length": Statement.MAX_LENGTH,
        },
    )


@require_POST
def queue_decide(
    request: HttpRequest, slug: str, process_slug: str, statement_id: int
) -> HttpResponse:
    statement = _moderate(request, slug, process_slug, statement_id)
    if statement is not None:
        if statement.moderation == StatementModeration.ACCEPTED:
            messages.success(request, _("Accepted: people can now vote on it."))
        else:
            messages.success(request, _("Rejected."))
    return redirect("deliberation:queue", slug=slug, process_slug=process_slug)


def _moderate(
    request: HttpRequest, slug: str, process_slug: str, statement_id: int
) -> Statement | None:
    """Apply the posted moderation decision to one statement of the conversation in the URL;
    the statement when it was saved, else None (the error is in the messages)."""
    conversation = _conversation(request, slug, process_slug, "deliberation.moderate")
    statement = get_object_or_404(conversation.statements, pk=statement_id)
    form = StatementModerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid moderation state."))
        return None
    try:
        services.statement_moderate(actor=request.user, statement=statement, **form.cleaned_data)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return None
    return statement


@require_POST
def queue_bulk(request: HttpRequest, slug: str, process_slug: str) -> HttpResponse:
    conversation = _conversation(request, slug, process_slug, "deliberation.moderate")
    form = BulkModerateForm(
        request.POST,
        statement_ids=conversation.statements.filter(
            moderation=StatementModeration.PENDING
        ).values_list("pk", flat=True),
    )
    if not request.POST.getlist("statement"):
        messages.error(request, _("Select at least one statement."))
    elif form.is_valid():
        try:
            decided = services.statements_moderate_bulk(
                actor=request.user,
                conversation=conversation,
                statement_ids=form.cleaned_data["statement"],
                state=form.cleaned_data["state"],
                reason=form.cleaned_data["reason"],
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            accepted = form.cleaned_data["state"] == StatementModeration.ACCEPTED
            count = len(decided)
            messages.success(
                request,
                (
                    ngettext(
                        "%(count)d statement accepted.", "%(count)d statements accepted.", count
                    )
                    if accepted
                    else ngettext(
                        "%(count)d statement rejected.", "%(count)d statements rejected.", count
                    )
                )
                % {"count": count},
            )
    else:
        messages.error(
            request, _("Those statements are no longer waiting. The list below is up to date.")
        )
    return redirect("deliberation:queue", slug=slug, process_slug=process_slug)


@require_POST
def statement_translate(
    request: HttpRequest, slug: str, process_slug: str, statement_id: int
) -> HttpResponse:
    """Write or correct a statement's translation, from the queue or the statements page."""
    conversation = _conversation(request, slug, process_slug, "deliberation.moderate")
    statement = get_object_or_404(conversation.statements, pk=statement_id)
    back = (
        "deliberation:queue" if request.POST.get("next") == "queue" else "deliberation:statements"
    )
    form = StatementTranslateForm(request.POST)
    if form.is_valid():
        try:
            services.statement_translate(
                actor=request.user,
                statement=statement,
                language=form.cleaned_data["language"],
                text=form.cleaned_data["translation"],
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The translation was saved."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    response = redirect(back, slug=slug, process_slug=process_slug)
    response["Location"] += f"#statement-{statement.pk}"
    return response


@require_POST
def statement_moderate(
    request: HttpRequest, slug: str, process_slug: str, statement_id: int
) -> HttpResponse:
    if _moderate(request, slug, process_slug, statement_id) is not None:
        messages.success(request, _("Moderation saved."))
    return redirect("deliberation:statements", slug=slug, process_slug=process_slug)


@require_POST
def statement_from_contribution(
    request: HttpRequest, slug: str, process_slug: str, contribution_id: int
) -> HttpResponse:
    """Promote a resident's answer to a statement to vote on, keeping the link to it."""
    conversation = _conversation(request, slug, process_slug, "deliberation.moderate")
    contribution = get_object_or_404(conversation.process.contributions, pk=contribution_id)
    try:
        services.statement_seed(
            actor=request.user,
            conversation=conversation,
            text=contribution.text[:400],
            language=contribution.language,
            contribution=contribution,
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The answer is now a statement people can vote on."))
    return redirect("deliberation:statements", slug=slug, process_slug=process_slug)


@require_POST
def analysis_request(request: HttpRequest, slug: str, process_slug: str) -> HttpResponse:
    conversation = _conversation(request, slug, process_slug, "deliberation.moderate")
    services.analysis_request(actor=request.user, conversation=conversation)
    messages.success(
        request, _("A new analysis is on its way. The results page updates when it is ready.")
    )
    return redirect("deliberation:results", slug=slug, process_slug=process_slug)


@public_page(community_keys)
def results(request: HttpRequest, slug: str, process_slug: str) -> HttpResponse:
    conversation = _conversation(request, slug, process_slug, "deliberation.view_conversation")
    context = results_view.results_context(conversation)
    return render(
        request,
        "deliberation/results.html",
        {
            "community": conversation.community,
            "process": conversation.process,
            "conversation": conversation,
            "can_moderate": request.user.has_perm("deliberation.moderate", conversation),
            **context,
            # Sub-currents within groups: facilitators only, and only where readable.
            "subgroups": _readable_subgroups(request, conversation, context.get("run")),
        },
    )


def polis_import(request: HttpRequest, slug: str) -> HttpResponse:
    """Upload a Pol.is export (comments.csv and votes.csv or participants-votes.csv)."""
    community = get_object_or_404(Community, slug=slug)
    check_perm(request, "communities.invite_members", community)
    form = PolisImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            export = read_uploaded_export(data["comments"], data["votes"])
            translations = read_uploaded_translations(data.get("translations"))
            conversation = services.conversation_import_polis(
                actor=request.user,
                community=community,
                title=data["title"],
                slug=data["slug"],
                export=export,
                translations=translations,
            )
        except UploadError as exc:
            form.add_error(None, exc.message)
        except ValueError:  # the files were read but do not hold together as one export
            form.add_error(
                None,
                _("The files could not be read as a Pol.is export (comments and votes in CSV)."),
            )
        except ApplicationError as exc:
            form.add_application_error(exc)
        else:
            messages.success(
                request,
                _("The conversation was imported. Its opinion groups are being computed."),
            )
            return redirect(
                "deliberation:results", slug=slug, process_slug=conversation.process.slug
            )
    return render(request, "deliberation/polis_import.html", {"community": community, "form": form})


def polis_export(request: HttpRequest, slug: str, process_slug: str) -> HttpResponse:
    conversation = _conversation(request, slug, process_slug, "deliberation.moderate")
    response = HttpResponse(interchange.export_zip(conversation), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{slug}-{process_slug}-polis.zip"'
    return response


def _readable_subgroups(request: HttpRequest, conversation: Conversation, run: Any) -> list[Any]:
    from .subgroups import readable_subgroups

    if not request.user.has_perm("deliberation.moderate", conversation):
        return []
    return readable_subgroups(conversation, run)


def _report_context(request: HttpRequest, conversation: Conversation) -> dict[str, Any]:
    from groundwork.plans.models import Plan

    from . import report as report_data

    plan = Plan(process=conversation.process, community=conversation.community)
    draft = request.user.has_perm("plans.change_plan", plan)
    return {
        "community": conversation.community,
        "process": conversation.process,
        "conversation": conversation,
        "language": get_language(),
        **report_data.report_context(conversation, draft=draft),
    }


def report(request: HttpRequest, slug: str, process_slug: str) -> HttpResponse:
    """The conversation's report: what it was, who took part, the groups and who is in them,
    what unites and divides them, and what became of it in the plan."""
    conversation = _conversation(request, slug, process_slug, "deliberation.view_report")
    return render(
        request, "deliberation/report.html", {**_report_context(request, conversation), "site": ""}
    )


def report_pdf(request: HttpRequest, slug: str, process_slug: str) -> HttpResponse:
    from groundwork.core.pdf import pdf_response, render_pdf

    conversation = _conversation(request, slug, process_slug, "deliberation.view_report")
    context = {
        **_report_context(request, conversation),
        "site": request.build_absolute_uri("/").rstrip("/"),
    }
    pdf = render_pdf(
        "deliberation/pdf/report.html", context, stylesheets=["deliberation/report-print.css"]
    )
    return pdf_response(pdf, f"{slug}-{process_slug}-report-{get_language()}.pdf")
