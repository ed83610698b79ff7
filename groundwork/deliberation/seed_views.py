"""Pages for seeding a conversation from themes: pick a theme, then accept its candidate
statements one by one (plain forms; nothing needs JavaScript)."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from groundwork.core.errors import ApplicationError

from . import seeding
from .forms import SeedCandidateForm
from .views import _conversation

PERM = "deliberation.seed_from_themes"


def seed_themes(request: HttpRequest, slug: str, process_slug: str) -> HttpResponse:
    """The themes of the five questions, to pick one to draft statements from."""
    conversation = _conversation(request, slug, process_slug, PERM)
    return render(
        request,
        "deliberation/seed_themes.html",
        {
            "community": conversation.community,
            "process": conversation.process,
            "conversation": conversation,
            "questions": seeding.seed_themes(process=conversation.process),
        },
    )


def seed_theme(request: HttpRequest, slug: str, process_slug: str, theme_id: int) -> HttpResponse:
    """A theme's candidate statements, each with a form to edit and accept it."""
    conversation = _conversation(request, slug, process_slug, PERM)
    theme = seeding.seed_theme(process=conversation.process, theme_id=theme_id)
    if theme is None:
        raise Http404
    bound: SeedCandidateForm | None = None
    bound_index = -1
    if request.method == "POST":
        try:
            bound_index = int(request.POST.get("candidate", ""))
        except ValueError:
            bound_index = -1
        bound = SeedCandidateForm(request.POST, prefix=f"c{bound_index}")
        if bound.is_valid():
            try:
                seeding.statement_seed_from_theme(
                    actor=request.user,
                    conversation=conversation,
                    theme=theme,
                    original=bound.cleaned_data["original"],
                    text=bound.cleaned_data["text"],
                )
            except ApplicationError as exc:
                bound.add_application_error(exc)
            else:
                messages.success(request, _("The statement was added. People can vote on it now."))
                return redirect(
                    "deliberation:seed_theme",
                    slug=slug,
                    process_slug=process_slug,
                    theme_id=theme.pk,
                )
    candidates = seeding.seed_candidates(
        conversation=conversation, theme=theme, viewer=request.user
    )
    rows = []
    for index, candidate in enumerate(candidates):
        form = SeedCandidateForm(
            prefix=f"c{index}", initial={"original": candidate.text, "text": candidate.text}
        )
        if (
            bound is not None
            and index == bound_index
            and bound.data.get(f"c{index}-original") == candidate.text
        ):
            form = bound
            bound = None
        rows.append({"index": index, "candidate": candidate, "form": form})
    return render(
        request,
        "deliberation/seed_theme.html",
        {
            "community": conversation.community,
            "process": conversation.process,
            "conversation": conversation,
            "theme": theme,
            "rows": rows,
            # A form sent for a candidate that is gone (accepted meanwhile, answers changed).
            "stale_form": bound,
        },
        status=400 if request.method == "POST" else 200,
    )
