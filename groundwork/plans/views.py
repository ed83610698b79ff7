"""Plan pages: the builder for facilitators, endorsement by residents, the published plan
(page and PDF), the difference between versions, progress updates and their timeline."""

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.syndication.views import Feed
from django.core.cache import cache
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from groundwork.core import pdfstore
from groundwork.core.errors import AlreadyReceived, ApplicationError
from groundwork.core.fragments import fragment, role_class
from groundwork.core.generations import community_key
from groundwork.core.pagecache import community_keys, public_page
from groundwork.core.permissions import check_perm
from groundwork.core.photos import photo_response
from groundwork.core.ratelimits import posted_address, process_participant, rate_limited
from groundwork.deliberation.models import Statement
from groundwork.directory.asset_selectors import gaps as directory_gaps
from groundwork.planning.models import QuestionKey
from groundwork.planning.participants import (
    participant_for_request,
    participant_from_cookie,
    remember_participant,
)
from groundwork.planning.participants import process_for_request as _process
from groundwork.themes.models import Theme

from . import pdfs, selectors, services
from .forms import (
    ActivityForm,
    EndorseForm,
    FollowForm,
    GoalForm,
    LinkForm,
    PlanForm,
    ProgressForm,
    PublishForm,
)
from .models import Activity, LinkKind, Plan, PlanVersion, ProgressUpdate
from .snapshot import diff_snapshots

PRINT_CSS = "plans/plan-print.css"


def _plan(request: HttpRequest, slug: str, process_slug: str, perm: str) -> Plan:
    process = _process(request, slug, process_slug, "planning.view_process")
    plan = selectors.plan_for_process(process)
    if plan is None:
        raise Http404
    plan.process = process
    check_perm(request, perm, plan)
    return plan


def _context(plan: Plan, **extra: Any) -> dict[str, Any]:
    return {"community": plan.process.community, "process": plan.process, "plan": plan, **extra}


def _builder_url(plan: Plan) -> str:
    return reverse("plans:builder", args=[plan.process.community.slug, plan.process.slug])


# --- The published plan ----------------------------------------------------------------


BODY_CACHE_SECONDS = 60 * 60


def _version_body(request: HttpRequest, plan: Plan, version: PlanVersion) -> dict[str, Any]:
    """The published version as the page shows it: its title and the rendered goals,
    activities and appendix. A version never changes, so the rendering is kept in the cache
    under a key made of the version, the language, today and every activity's live progress;
    a hit reads neither the snapshot nor renders the activities again."""
    live = selectors.public_tracking(plan, version)
    key = selectors.version_body_key(version, live, get_language() or "")
    cached = cache.get(key)
    if cached is None:
        public = selectors.public_plan(version, live)
        body = render_to_string(
            "plans/_version_body.html",
            {**_context(plan, version=version), "public": public},
            request=request,
        )
        cached = {"title": version.snapshot.get("title", plan.title), "body": body}
        cache.set(key, cached, BODY_CACHE_SECONDS)
    return cached


def _version_page(request: HttpRequest, plan: Plan, version: PlanVersion | None) -> HttpResponse:
    context = _context(
        plan,
        version=version,
        numbers=selectors.version_numbers(plan),
        can_change=request.user.has_perm("plans.change_plan", plan),
        can_endorse=request.user.has_perm("plans.endorse", plan),
    )
    if version is not None:
        cached = _version_body(request, plan, version)
        context["version_title"] = cached["title"]
        context["body"] = mark_safe(cached["body"])  # noqa: S308 - rendered by our template
        context["follow_form"] = FollowForm(auto_id="follow_%s")
    return render(request, "plans/plan_detail.html", context)


@public_page(community_keys)
def plan_detail(request: HttpRequest, slug: str, process_slug: str) -> HttpResponse:
    """The latest published version; before the first, a word on where the plan stands."""
    process = _process(request, slug, process_slug, "planning.view_process")
    plan = selectors.plan_for_process(process)
    if plan is None:
        if request.user.has_perm("planning.change_process", process):
            return redirect("plans:builder", slug=slug, process_slug=process_slug)
        return render(
            request,
            "plans/no_plan.html",
            {"community": process.community, "process": process},
            status=404,
        )
    plan.process = process
    check_perm(request, "plans.view_plan", plan)
    return _version_page(request, plan, selectors.latest_version(plan, with_snapshot=False))


def version_detail(request: HttpRequest, slug: str, process_slug: str, number: int) -> HttpResponse:
    plan = _plan(request, slug, process_slug, "plans.view_plan")
    version = get_object_or_404(plan.versions.defer("snapshot"), number=number)
    return _version_page(request, plan, version)


@public_page(community_keys)
def version_pdf(request: HttpRequest, slug: str, process_slug: str, number: int) -> HttpResponse:
    """The version's stored PDF (groundwork.core.pdfstore), rendered now if there is none."""
    plan = _plan(request, slug, process_slug, "plans.view_plan")
    # The snapshot is read only if the PDF has to be rendered.
    version = get_object_or_404(plan.versions.defer("snapshot"), number=number)
    language = get_language()
    return pdfstore.serve(
        request,
        pdfs.version_pdf_key_now(plan, version, language),
        lambda: pdfs.render_version_pdf(
            plan, version, selectors.public_tracking(plan, version), language
        ),
        f"{plan.process.slug}-plan-v{number}-{language}.pdf",
    )


def version_diff(request: HttpRequest, slug: str, process_slug: str) -> HttpResponse:
    plan = _plan(request, slug, process_slug, "plans.view_plan")
    numbers = selectors.version_numbers(plan)
    try:
        old_n = int(request.GET.get("from") or (numbers[-2] if len(numbers) > 1 else 0))
        new_n = int(request.GET.get("to") or (numbers[-1] if numbers else 0))
    except ValueError as error:
        raise Http404 from error
    versions = {v.number: v for v in plan.versions.filter(number__in=[old_n, new_n])}
    if old_n not in versions or new_n not in versions:
        return render(request, "plans/diff.html", _context(plan, numbers=numbers, diff=None))
    diff = diff_snapshots(versions[old_n].snapshot, versions[new_n].snapshot)
    return render(
        request,
        "plans/diff.html",
        _context(plan, numbers=numbers, diff=diff, old=versions[old_n], new=versions[new_n]),
    )


def timeline(request: HttpRequest, slug: str, process_slug: str) -> HttpResponse:
    """The progress of the published plan: only the activities in its latest version. Before
    the first version, facilitators see the draft's."""
    plan = _plan(request, slug, process_slug, "plans.view_plan")
    version = selectors.latest_version(plan, with_snapshot=False)
    if version is None and not request.user.has_perm("plans.change_plan", plan):
        raise Http404
    live = selectors.tracking(plan) if version is None else selectors.public_tracking(plan, version)
    return render(
        request,
        "plans/timeline.html",
        _context(plan, updates=selectors.timeline(plan, version=version), live=live),
    )


def update_photo(
    request: HttpRequest, slug: str, process_slug: str, update_id: int
) -> HttpResponse:
    """A progress update's photo, for those who may see the plan's progress."""
    plan = _plan(request, slug, process_slug, "plans.view_plan")
    updates = ProgressUpdate.objects.filter(activity__plan=plan).exclude(photo="")
    if not request.user.has_perm("plans.change_plan", plan):
        # Others see the photos of the published plan's activities only.
        version = selectors.latest_version(plan, with_snapshot=False)
        if version is None:
            raise Http404
        updates = updates.filter(activity_id__in=list(selectors.version_activities(version)))
    update = get_object_or_404(updates, pk=update_id)
    return photo_response(update.photo)


class UpdatesFeed(Feed):
    """Progress updates of the activities in the latest published version, as an Atom feed."""

    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, slug: str, process_slug: str) -> Plan:  # type: ignore[override]
        plan = _plan(request, slug, process_slug, "plans.view_plan")
        plan.published_version = selectors.latest_version(plan, with_snapshot=False)  # type: ignore[attr-defined]
        if plan.published_version is None:  # type: ignore[attr-defined]
            raise Http404
        return plan

    def title(self, plan: Plan) -> str:
        return _("Progress on %(plan)s") % {"plan": plan.title}

    def link(self, plan: Plan) -> str:
        return plan.get_absolute_url()

    def subtitle(self, plan: Plan) -> str:
        return plan.process.community.name

    def items(self, plan: Plan) -> Any:
        updates = list(
            selectors.timeline(plan, version=plan.published_version, limit=50)  # type: ignore[attr-defined]
        )
        for update in updates:  # every update is of this plan: no query per item for its link
            update.activity.plan = plan
        return updates

    def item_title(self, item: Any) -> str:
        return f"{item.activity.title}: {item.progress}% · {item.get_status_display()}"

    def item_description(self, item: Any) -> str:
        return item.note

    def item_link(self, item: Any) -> str:
        process = item.activity.plan.process
        url = reverse("plans:timeline", args=[process.community.slug, process.slug])
        return f"{url}#update-{item.pk}"

    def item_pubdate(self, item: Any) -> Any:
        return item.created_at


# --- Following by e-mail ---------------------------------------------------------------


@rate_limited("follow", process_participant, posted_address)
def follow(request: HttpRequest, slug: str, process_slug: str) -> HttpResponse:
    """Ask for the plan's progress updates by e-mail (the form is on the plan page)."""
    plan = _plan(request, slug, process_slug, "plans.view_plan")
    if not plan.versions.exists():
        raise Http404
    initial = {"email": request.user.email} if request.user.is_authenticated else {}
    form = FollowForm(request.POST or None, initial=initial, auto_id="follow_%s")
    if request.method == "POST" and form.is_valid():
        try:
            services.follow_create(
                plan=plan,
                email=form.cleaned_data["email"],
                user=request.user,
                language=get_language() or "",
                site_root=request.build_absolute_uri("/"),
            )
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            # The same words whether the address is new, waiting or already following.
            days = settings.FOLLOW_CONFIRM_DAYS
            messages.success(
                request,
                ngettext(
                    "Check your e-mail: we sent a link to confirm that you want news on this "
                    "plan. Open it within %(days)d day; until then we send nothing else.",
                    "Check your e-mail: we sent a link to confirm that you want news on this "
                    "plan. Open it within %(days)d days; until then we send nothing else.",
                    days,
                )
                % {"days": days},
            )
            return redirect(plan.get_absolute_url())
    return render(request, "plans/follow.html", _context(plan, follow_form=form))


@require_http_methods(["GET", "POST"])
def follow_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the confirmation e-mail. Opening it asks (link checkers open links); the
    button confirms. Confirming twice shows the same page."""
    found = services.follow_from_confirm_token(token)
    if found is not None and request.method == "POST":
        found = services.follow_confirm(follow=found)
    return render(
        request,
        "plans/follow_confirm.html",
        {"follow": found, "token": token, "done": found is not None and found.confirmed_at},
    )


@csrf_exempt  # the signed token is the credential; mail clients post it (one-click)
@require_http_methods(["GET", "POST"])
def unfollow(request: HttpRequest, token: str) -> HttpResponse:
    """Stop the e-mails from the link in any of them, without signing in. Opening the link
    asks to confirm (link checkers open links); the button, or a mail client's one-click
    unsubscribe, stops them."""
    found = services.follow_from_token(token)
    if request.method == "POST":
        if found is not None:
            services.follow_delete(follow=found)
        return render(request, "plans/unfollow.html", {"done": True})
    return render(request, "plans/unfollow.html", {"follow": found, "token": token})


# --- Endorsement -----------------------------------------------------------------------


@rate_limited("endorsement", process_participant)
def endorse(request: HttpRequest, slug: str, process_slug: str) -> HttpResponse:
    plan = _plan(request, slug, process_slug, "plans.view_draft")
    rows = selectors.plan_activities(plan)
    activities = [r.activity for r in rows]
    participant = participant_from_cookie(request, plan.process)
    initial = {}
    if participant is not None:
        for e in participant.endorsements.filter(activity__plan=plan):
            initial[f"value_{e.activity_id}"] = e.value
            initial[f"comment_{e.activity_id}"] = e.comment
    form = EndorseForm(request.POST or None, activities=activities, initial=initial)
    if request.method == "POST":
        check_perm(request, "plans.endorse", plan)
        if form.is_valid():
            entries = [
                services.EndorsementEntry(
                    activity_id=a.pk,
                    value=form.cleaned_data.get(f"value_{a.pk}") or "",
                    comment=form.cleaned_data.get(f"comment_{a.pk}") or "",
                )
                for a in activities
            ]
            try:
                with transaction.atomic():
                    participant = participant_for_request(request, plan.process, participant)
                    services.endorsements_submit(
                        plan=plan,
                        participant=participant,
                        entries=entries,
                        actor=request.user,
                        idempotency_key=form.cleaned_data["idempotency_key"],
                    )
            except AlreadyReceived as error:
                # Someone else's form: a message, no participant, no cookie.
                messages.info(request, error.message)
                return redirect("plans:endorse", slug=slug, process_slug=process_slug)
            except ApplicationError as error:
                form.add_application_error(error)
            else:
                messages.success(request, _("Thank you. Your views on the draft plan were saved."))
                response = redirect("plans:endorse", slug=slug, process_slug=process_slug)
                remember_participant(response, participant)
                return response
    for row in rows:
        row.value_field = form[f"value_{row.activity.pk}"]  # type: ignore[attr-defined]
        row.comment_field = form[f"comment_{row.activity.pk}"]  # type: ignore[attr-defined]
    return render(
        request,
        "plans/endorse.html",
        _context(
            plan,
            form=form,
            rows=rows,
            goals=selectors.goals_with_activities(plan, rows),
            can_endorse=request.user.has_perm("plans.endorse", plan),
        ),
    )


# --- The builder -----------------------------------------------------------------------


def _plan_money(plan: Plan) -> Any:
    from . import budget_selectors

    return budget_selectors.plan_money(plan)


def _money_maps(rows: list[Any]) -> dict[str, Any]:
    """The plan's money for the builder: totals, and per goal and per activity by id (from
    the rows' activities, which carry their cost and in-kind totals)."""
    from . import budget_selectors

    return budget_selectors.money_maps([r.activity for r in rows])


def builder(request: HttpRequest, slug: str, process_slug: str) -> HttpResponse:
    process = _process(request, slug, process_slug, "planning.change_process")
    plan = selectors.plan_for_process(process)
    if plan is None:
        form = PlanForm(
            request.POST or None,
            initial={"title": _("%(process)s: our plan") % {"process": process.display_title}},
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.plan_create(actor=request.user, process=process, **form.cleaned_data)
            except ApplicationError as error:
                form.add_application_error(error)
            else:
                messages.success(request, _("The draft plan is ready. Add goals, then activities."))
                source = {
                    name: request.GET[name]
                    for name in ("statement", "theme")
                    if request.GET.get(name, "").isdigit()
                }
                if source:
                    return redirect(
                        reverse("plans:goal_add", args=[slug, process_slug])
                        + f"?{urlencode(source)}"
                    )
                return redirect("plans:builder", slug=slug, process_slug=process_slug)
        return render(
            request,
            "plans/plan_start.html",
            {"community": process.community, "process": process, "form": form},
        )
    plan.process = process
    check_perm(request, "plans.change_plan", plan)

    def body() -> str:
        rows = selectors.plan_activities(plan)
        # The evidence to pick from and the gaps are panels of their own (builder_evidence),
        # loaded when the facilitator opens one: most visits change the draft, not its links.
        context = _context(
            plan,
            goals=selectors.goals_with_activities(plan, rows),
            money=_money_maps(rows),
            rows=rows,
            numbers=selectors.version_numbers(plan),
            publish_form=PublishForm(),
            live=selectors.tracking(plan),
            link_kinds=LinkKind,
            panels=[*selectors.EVIDENCE_PANELS, "gaps"],
        )
        return render_to_string("plans/_builder_body.html", context, request)

    # The draft is kept as a fragment until the community's next write: every facilitator
    # who may change the plan sees the same draft.
    return render(
        request,
        "plans/builder.html",
        _context(
            plan,
            body=fragment(
                request,
                "plans:builder",
                keys=[community_key(process.community.slug)],
                role=role_class(request.user, process.community, change=True),
                render=body,
            ),
        ),
    )


def builder_evidence(
    request: HttpRequest, slug: str, process_slug: str, panel: str
) -> HttpResponse:
    """One of the builder's evidence panels: what to pick from for one kind of link (with the
    activities to link it to), or the gaps. The builder loads it in place with htmx; without
    JavaScript it is a page of its own, whose link form goes back to the builder."""
    plan = _plan(request, slug, process_slug, "plans.change_plan")
    if panel not in selectors.EVIDENCE_PANELS and panel != "gaps":
        raise Http404
    context = _context(plan, panel=panel)
    if panel == "gaps":
        themes = selectors.evidence_themes(plan.process)
        context["evidence"] = {"themes": themes}
        context["gaps"] = directory_gaps(
            community=plan.process.community,
            process=plan.process,
            strength_themes=themes.get(QuestionKey.STRENGTHS, []),
        )
    else:
        context["evidence"] = selectors.evidence_panel(plan, selectors.EVIDENCE_PANELS[panel])
        context["activities"] = list(
            plan.activities.order_by("goal__order", "goal_id", "order", "id").only(
                "id", "title", "plan_id"
            )
        )
    template = "plans/builder_evidence.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#panel"
    return render(request, template, context)


def coverage(request: HttpRequest, slug: str, process_slug: str) -> HttpResponse:
    plan = _plan(request, slug, process_slug, "plans.change_plan")
    rows = selectors.plan_activities(plan)
    return render(
        request,
        "plans/coverage.html",
        _context(plan, coverage=selectors.coverage(plan, rows), rows=rows),
    )


def plan_edit(request: HttpRequest, slug: str, process_slug: str) -> HttpResponse:
    plan = _plan(request, slug, process_slug, "plans.change_plan")
    form = PlanForm(request.POST or None, initial={"title": plan.title, "summary": plan.summary})
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_update(actor=request.user, plan=plan, **form.cleaned_data)
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            return redirect(_builder_url(plan))
    return render(
        request, "plans/form.html", _context(plan, form=form, heading=_("Plan title and summary"))
    )


def goal_form(
    request: HttpRequest, slug: str, process_slug: str, goal_id: int | None = None
) -> HttpResponse:
    statement_id = request.POST.get("statement") or request.GET.get("statement")
    theme_id = request.POST.get("theme") or request.GET.get("theme")
    process = _process(request, slug, process_slug, "planning.change_process")
    source = {
        name: value
        for name, value in (("statement", statement_id), ("theme", theme_id))
        if value and str(value).isdigit()
    }
    if selectors.plan_for_process(process) is None:
        # "Make it a plan goal" before there is a plan: start one, then come back here.
        query = f"?{urlencode(source)}" if source else ""
        return redirect(reverse("plans:builder", args=[slug, process_slug]) + query)
    plan = _plan(request, slug, process_slug, "plans.change_plan")
    goal = get_object_or_404(plan.goals, pk=goal_id) if goal_id else None
    statement = None
    if "statement" in source:
        statement = Statement.objects.filter(
            pk=int(source["statement"]), conversation__process=plan.process
        ).first()
    theme = None
    if "theme" in source:
        theme = Theme.objects.filter(
            pk=int(source["theme"]), process=plan.process, parent=None
        ).first()
    if goal is not None:
        initial = {"title": goal.title, "description": goal.description}
    elif statement is not None:
        initial = {"title": statement.text, "statement": statement.pk}
    elif theme is not None:
        initial = {"title": theme.label, "theme": theme.pk}
    else:
        initial = {}
    form = GoalForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_save(
                actor=request.user,
                plan=plan,
                goal=goal,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                statement=statement,
                theme=theme,
            )
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(request, _("The goal was saved."))
            return redirect(_builder_url(plan))
    heading = _("Change the goal") if goal else _("Add a goal")
    return render(
        request,
        "plans/form.html",
        _context(plan, form=form, heading=heading, statement=statement, theme=theme),
    )


def activity_form(
    request: HttpRequest, slug: str, process_slug: str, activity_id: int | None = None
) -> HttpResponse:
    plan = _plan(request, slug, process_slug, "plans.change_plan")
    activity = get_object_or_404(plan.activities, pk=activity_id) if activity_id else None
    if activity is None and not plan.goals.exists():
        messages.warning(request, _("Add a goal first: every activity serves a goal."))
        return redirect(_builder_url(plan))
    initial = ActivityForm.initial_for(activity) if activity else {"goal": request.GET.get("goal")}
    form = ActivityForm(request.POST or None, plan=plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_save(
                actor=request.user, plan=plan, activity=activity, **form.cleaned_data
            )
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(request, _("The activity was saved."))
            return redirect(_builder_url(plan))
    heading = _("Change the activity") if activity else _("Add an activity")
    return render(request, "plans/form.html", _context(plan, form=form, heading=heading))


@require_POST
def move(
    request: HttpRequest, slug: str, process_slug: str, what: str, item_id: int
) -> HttpResponse:
    """Move a goal or an activity one place up or down (buttons in the builder)."""
    plan = _plan(request, slug, process_slug, "plans.change_plan")
    direction = request.POST.get("direction", "")
    if what == "goal":
        goal = get_object_or_404(plan.goals.select_related("plan"), pk=item_id)
        services.goal_move(actor=request.user, goal=goal, direction=direction)
        anchor = f"#goal-{goal.pk}"
    else:
        activity = get_object_or_404(plan.activities.select_related("plan"), pk=item_id)
        services.activity_move(actor=request.user, activity=activity, direction=direction)
        anchor = f"#activity-{activity.pk}"
    return redirect(_builder_url(plan) + anchor)


@require_http_methods(["GET", "POST"])
def delete(
    request: HttpRequest, slug: str, process_slug: str, what: str, item_id: int
) -> HttpResponse:
    """Ask, then remove a goal or an activity from the draft."""
    plan = _plan(request, slug, process_slug, "plans.change_plan")
    if what == "goal":
        item: Any = get_object_or_404(plan.goals.select_related("plan"), pk=item_id)
        heading = _("Remove the goal “%(title)s”?") % {"title": item.title}
    else:
        item = get_object_or_404(plan.activities.select_related("plan"), pk=item_id)
        heading = _("Remove the activity “%(title)s”?") % {"title": item.title}
    if request.method == "POST":
        try:
            if what == "goal":
                services.goal_delete(actor=request.user, goal=item)
            else:
                services.activity_delete(actor=request.user, activity=item)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("“%(title)s” was removed.") % {"title": item.title})
        return redirect(_builder_url(plan))
    return render(
        request, "plans/confirm_delete.html", _context(plan, item=item, heading=heading, what=what)
    )


@require_POST
def link(request: HttpRequest, slug: str, process_slug: str) -> HttpResponse:
    plan = _plan(request, slug, process_slug, "plans.change_plan")
    form = LinkForm(request.POST, plan=plan)
    if not form.is_valid():
        messages.error(request, _("Choose an activity and pick at least one item."))
        return redirect(_builder_url(plan))
    data = form.cleaned_data
    try:
        added = services.activity_link(
            actor=request.user,
            activity=data["activity"],
            kind=data["kind"],
            contribution_ids=data["contributions"],
            statement_ids=data["statements"],
            organization_ids=data["organizations"],
            theme_ids=data["themes"],
            asset_ids=data["assets"],
            service_ids=data["services"],
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            ngettext(
                "%(n)s link added to “%(activity)s”.",
                "%(n)s links added to “%(activity)s”.",
                added,
            )
            % {"n": added, "activity": data["activity"]},
        )
    return redirect(_builder_url(plan) + f"#activity-{data['activity'].pk}")


@require_POST
def unlink(request: HttpRequest, slug: str, process_slug: str, activity_id: int) -> HttpResponse:
    plan = _plan(request, slug, process_slug, "plans.change_plan")
    activity = get_object_or_404(plan.activities.select_related("plan"), pk=activity_id)
    try:
        services.activity_unlink(
            actor=request.user,
            activity=activity,
            kind=request.POST.get("kind", ""),
            key=request.POST.get("key", ""),
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect(_builder_url(plan) + f"#activity-{activity.pk}")


@require_POST
def endorsement_toggle(request: HttpRequest, slug: str, process_slug: str) -> HttpResponse:
    plan = _plan(request, slug, process_slug, "plans.change_plan")
    try:
        services.endorsement_set_open(
            actor=request.user, plan=plan, is_open=request.POST.get("open") == "1"
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The draft is open for endorsement.")
            if plan.endorsement_open
            else _("Endorsement is closed."),
        )
    return redirect(_builder_url(plan))


@require_POST
def publish(request: HttpRequest, slug: str, process_slug: str) -> HttpResponse:
    plan = _plan(request, slug, process_slug, "plans.change_plan")
    form = PublishForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        version = services.plan_publish(actor=request.user, plan=plan, note=note)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect(_builder_url(plan))
    messages.success(request, _("Version %(n)s of the plan is published.") % {"n": version.number})
    return redirect("plans:plan", slug=slug, process_slug=process_slug)


def progress(request: HttpRequest, slug: str, process_slug: str, activity_id: int) -> HttpResponse:
    plan = _plan(request, slug, process_slug, "plans.post_progress")
    activity: Activity = get_object_or_404(
        plan.activities.select_related("plan", "goal"), pk=activity_id
    )
    form = ProgressForm(
        request.POST or None,
        request.FILES or None,
        initial={"progress": activity.progress, "status": activity.status},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.progress_post(actor=request.user, activity=activity, **form.cleaned_data)
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            version = selectors.latest_version(plan, with_snapshot=False)
            if version is None or activity.pk in selectors.version_activities(version):
                messages.success(request, _("The progress update was posted."))
                return redirect("plans:timeline", slug=slug, process_slug=process_slug)
            # The public sees it once a version with this activity is published.
            messages.success(
                request,
                _(
                    "The progress update was posted. It will be public once a version of the "
                    "plan with this activity is published."
                ),
            )
            return redirect(_builder_url(plan) + f"#activity-{activity.pk}")
    return render(
        request,
        "plans/progress_form.html",
        _context(plan, form=form, activity=activity, updates=activity.updates.all()[:10]),
    )
