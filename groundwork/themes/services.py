"""Every write to themes: validated, atomic, audited; runs queued on commit."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from groundwork.core.errors import ApplicationError
from groundwork.core.services import audit_record
from groundwork.planning.models import BarrierKind, Contribution, Question
from groundwork.plans.theme_links import carry_over

from .models import Theme, ThemeMembership, ThemeRun


def _require_curate(actor: Any, process: Any) -> None:
    if actor is None or not actor.has_perm("themes.curate", process):
        raise ApplicationError(_("You do not have permission to do that."))


def _audit(action: str, actor: Any, theme: Theme, **details: Any) -> None:
    audit_record(
        action=action,
        actor=actor,
        community=theme.process.community,
        target=theme,
        details=details,
    )


@transaction.atomic
def themes_request(*, actor: Any, question: Question, start_over: bool = False) -> ThemeRun:
    """A facilitator asks for themes now. Once people have curated the themes, a run only adds
    new answers to them, unless ``start_over`` (which clusters everything again)."""
    process = question.process
    _require_curate(actor, process)
    pending = ThemeRun.objects.filter(
        question=question, status__in=[ThemeRun.Status.QUEUED, ThemeRun.Status.RUNNING]
    ).first()
    if pending is not None and pending.start_over == start_over:
        return pending
    run = ThemeRun(process=process, question=question, start_over=start_over, requested_by=actor)
    run.full_clean(exclude=["requested_by"])
    run.save()
    audit_record(
        action="themes.requested",
        actor=actor,
        community=process.community,
        target=run,
        details={"start_over": start_over},
    )
    from .tasks import themes_compute

    run_id = run.pk
    transaction.on_commit(lambda: themes_compute.enqueue(run_id=run_id))
    return run


@transaction.atomic
def theme_rename(*, actor: Any, theme: Theme, label: str) -> Theme:
    _require_curate(actor, theme.process)
    label = " ".join(label.split())
    if not label:
        raise ApplicationError(_("Give the theme a name."), field="label")
    old = theme.label
    theme.label = label
    theme.label_is_custom = True
    theme.curated = True
    theme.full_clean()
    theme.save(update_fields=["label", "label_is_custom", "curated"])
    _audit("themes.renamed", actor, theme, old=old, new=label)
    return theme


def _drop_subthemes(theme: Theme) -> None:
    ThemeMembership.objects.filter(theme=theme).update(subtheme=None)
    theme.subthemes.all().delete()


@transaction.atomic
def theme_merge(*, actor: Any, source: Theme, target: Theme) -> Theme:
    """Move every answer of ``source`` into ``target`` and remove ``source``."""
    _require_curate(actor, target.process)
    if (
        source.pk == target.pk
        or source.question_id != target.question_id
        or source.parent_id
        or target.parent_id
    ):
        raise ApplicationError(_("Choose another theme of the same question."), field="target")
    if source.barrier_kind != target.barrier_kind:
        raise ApplicationError(
            _("Choose a theme of the same kind of barrier (internal or external)."),
            field="target",
        )
    _drop_subthemes(source)
    _drop_subthemes(target)
    # An answer with a claim in both themes stays once in the merged theme, with the claim
    # that was already there.
    ThemeMembership.objects.filter(
        theme=source,
        contribution_id__in=ThemeMembership.objects.filter(theme=target).values("contribution_id"),
    ).delete()
    moved = ThemeMembership.objects.filter(theme=source).update(theme=target)
    seen = {q["id"] for q in target.quotes}
    target.quotes = [*target.quotes, *(q for q in source.quotes if q["id"] not in seen)]
    if target.pinned_quote_id is None and source.pinned_quote_id is not None:
        target.pinned_quote_id = source.pinned_quote_id
    target.size = target.memberships.count()
    target.curated = True
    target.full_clean()
    target.save()
    _audit("themes.merged", actor, target, source=source.label, source_key=source.key, moved=moved)
    carry_over(source=source, target=target)
    source.delete()
    return target


@transaction.atomic
def theme_split(*, actor: Any, theme: Theme) -> list[Theme]:
    """Split a theme into its subthemes: each becomes a theme of its own."""
    _require_curate(actor, theme.process)
    subthemes = list(theme.subthemes.all())
    if theme.parent_id or len(subthemes) < 2:
        raise ApplicationError(_("This theme has no subthemes to split into."))
    for sub in subthemes:
        ThemeMembership.objects.filter(theme=theme, subtheme=sub).update(theme=sub, subtheme=None)
        sub.parent = None
        sub.curated = True
        sub.size = sub.memberships.count()
        sub.save(update_fields=["parent", "curated", "size"])
    # Members in no subtheme (there should be none) go to the largest part.
    if ThemeMembership.objects.filter(theme=theme).update(theme=subthemes[0], subtheme=None):
        subthemes[0].size = subthemes[0].memberships.count()
        subthemes[0].save(update_fields=["size"])
    _audit("themes.split", actor, theme, into=[s.label for s in subthemes])
    largest = max(subthemes, key=lambda s: (s.size, -s.pk))
    carry_over(source=theme, target=largest)
    theme.delete()
    return subthemes


@transaction.atomic
def membership_move(
    *, actor: Any, contribution: Contribution, theme: Theme, source: Theme | None = None
) -> ThemeMembership:
    """Move an answer's claim from ``source`` (one of its themes) to another theme of its
    question, or put an answer in a theme for the first time. Without ``source``, the answer's
    only theme is the source; an answer in several themes needs it said. When the answer
    already has a claim in ``theme``, that one stays and the moved one goes."""
    _require_curate(actor, theme.process)
    if theme.parent_id or contribution.question_id != theme.question_id:
        raise ApplicationError(_("Choose a theme of the same question."), field="theme")
    if theme.barrier_kind and theme.barrier_kind != (
        contribution.barrier_kind or BarrierKind.UNSPECIFIED
    ):
        raise ApplicationError(
            _("Choose a theme of the same kind of barrier (internal or external)."),
            field="theme",
        )
    existing = ThemeMembership.objects.filter(contribution=contribution).select_related("theme")
    if source is not None:
        membership = existing.filter(theme=source).first()
        if membership is None:
            raise ApplicationError(_("This answer is not in that theme."), field="contribution")
    else:
        found = list(existing[:2])
        if len(found) > 1:
            raise ApplicationError(
                _("This answer is in several themes: move it from one of them."),
                field="contribution",
            )
        membership = found[0] if found else None
    old = membership.theme if membership is not None else None
    already = existing.filter(theme=theme).first()
    if already is not None and membership is not None and already.pk != membership.pk:
        # The answer already supports the target theme: the moved claim goes, the other stays.
        membership.delete()
        membership = already
    if membership is None:
        membership = ThemeMembership(
            contribution=contribution, theme=theme, claim_start=0, claim_end=len(contribution.text)
        )
    membership.theme = theme
    membership.subtheme = None
    membership.moved_by_human = True
    membership.full_clean()
    membership.save()
    if old is not None and old.pk != theme.pk:
        old.quotes = [q for q in old.quotes if q["id"] != contribution.pk]
        if old.pinned_quote_id == contribution.pk:
            old.pinned_quote = None
        old.size = old.memberships.count()
        old.save(update_fields=["quotes", "pinned_quote", "size"])
    theme.size = theme.memberships.count()
    theme.save(update_fields=["size"])
    _audit(
        "themes.moved",
        actor,
        theme,
        contribution=contribution.pk,
        source=old.label if old is not None else "",
    )
    return membership


@transaction.atomic
def quote_pin(*, actor: Any, theme: Theme, contribution: Contribution | None) -> Theme:
    """Pin one member's words as the theme's first quote (None unpins)."""
    _require_curate(actor, theme.process)
    if (
        contribution is not None
        and not ThemeMembership.objects.filter(theme=theme, contribution=contribution).exists()
    ):
        raise ApplicationError(_("Pin an answer that belongs to this theme."))
    theme.pinned_quote = contribution
    theme.curated = True
    theme.full_clean()
    theme.save(update_fields=["pinned_quote", "curated"])
    _audit("themes.pinned", actor, theme, contribution=contribution.pk if contribution else None)
    return theme
