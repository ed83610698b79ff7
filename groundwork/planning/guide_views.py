"""Facilitation guide pages: the guides shipped with Groundwork (public) and a community's own
copies (its members read them; its coordinators and facilitators adapt them).

A guide's content can be read in either language whatever the language of the site around it:
`?lang=es` or `?lang=en` picks it, so a facilitator can print the Spanish guide for a table.
"""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groundwork.communities.models import Community
from groundwork.core.errors import ApplicationError
from groundwork.core.pdf import pdf_response, render_pdf
from groundwork.core.permissions import check_perm

from . import selectors, services
from .forms import GuideForm, GuideSectionForm
from .guides import SHIPPED_GUIDES, ShippedGuide, shipped_guide
from .guides.present import GuidePage, guide_page
from .models import Guide, GuideSection

PRINT_CSS = "groundwork/guide-print.css"


def _content_language(request: HttpRequest) -> str:
    lang = request.GET.get("lang", "")
    if lang in dict(settings.LANGUAGES):
        return lang
    return (get_language() or settings.LANGUAGE_CODE)[:2]


def _shipped(guide_slug: str) -> ShippedGuide:
    guide = shipped_guide(guide_slug)
    if guide is None:
        raise Http404
    return guide


def _community_guide(request: HttpRequest, slug: str, guide_slug: str, perm: str) -> Guide:
    community = get_object_or_404(Community, slug=slug)
    check_perm(request, perm, community)
    return get_object_or_404(community.guides.select_related("community"), slug=guide_slug)


def _page(request: HttpRequest, guide: Any, sections: Any) -> GuidePage:
    return guide_page(guide=guide, sections=sections, lang=_content_language(request))


def _print(request: HttpRequest, page: GuidePage, back_url: str) -> HttpResponse:
    return render(
        request,
        "planning/guide_print.html",
        {"page": page, "back_url": back_url, "ui_lang": get_language()},
    )


def _render_pdf(request: HttpRequest, page: GuidePage) -> bytes:
    """The printable page as a PDF, with the print stylesheet and system fonts."""
    return render_pdf(
        "planning/guide_print.html", {"page": page, "pdf": True}, stylesheets=[PRINT_CSS]
    )


def _pdf(request: HttpRequest, page: GuidePage, filename: str) -> HttpResponse:
    pdf = _render_pdf(request, page)
    return pdf_response(pdf, f"{filename}-{page.lang}.pdf", inline=False)


# The guides that come with Groundwork ---------------------------------------------------------


def shipped_guide_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "planning/shipped_guide_list.html",
        {
            "guides": list(SHIPPED_GUIDES.values()),
        },
    )


def shipped_guide_detail(request: HttpRequest, guide_slug: str) -> HttpResponse:
    guide = _shipped(guide_slug)
    return render(
        request,
        "planning/guide_detail.html",
        {
            "page": _page(request, guide, guide.sections),
            "shipped": guide,
            "print_url": reverse("planning:shipped_guide_print", args=[guide.slug]),
            "pdf_url": reverse("planning:shipped_guide_pdf", args=[guide.slug]),
            "copy_targets": list(selectors.guide_copy_targets(user=request.user)),
        },
    )


def shipped_guide_print(request: HttpRequest, guide_slug: str) -> HttpResponse:
    guide = _shipped(guide_slug)
    back = reverse("planning:shipped_guide", args=[guide.slug])
    return _print(request, _page(request, guide, guide.sections), back)


def shipped_guide_pdf(request: HttpRequest, guide_slug: str) -> HttpResponse:
    guide = _shipped(guide_slug)
    return _pdf(request, _page(request, guide, guide.sections), guide.slug)


@require_POST
def guide_copy(request: HttpRequest, guide_slug: str) -> HttpResponse:
    """Copy a shipped guide into one of the communities the person facilitates."""
    source = _shipped(guide_slug)
    community = Community.objects.filter(slug=request.POST.get("community", "")).first()
    check_perm(request, "planning.manage_guides", community)
    if community is None:  # not reached: check_perm refuses
        raise Http404
    try:
        guide = services.guide_copy(
            actor=request.user, community=community, source_slug=source.slug
        )
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("planning:shipped_guide", guide_slug=source.slug)
    messages.success(
        request,
        _("Your copy of the guide is ready. Change anything you need: it is your community's own."),
    )
    return redirect("planning:guide_edit", slug=community.slug, guide_slug=guide.slug)


# A community's guides ---------------------------------------------------------------------------


def guide_list(request: HttpRequest, slug: str) -> HttpResponse:
    community = get_object_or_404(Community, slug=slug)
    check_perm(request, "planning.view_guides", community)
    return render(
        request,
        "planning/guide_list.html",
        {
            "community": community,
            "guides": selectors.guide_list(community=community),
            "shipped_guides": list(SHIPPED_GUIDES.values()),
            "can_manage": request.user.has_perm("planning.manage_guides", community),
        },
    )


def guide_detail(request: HttpRequest, slug: str, guide_slug: str) -> HttpResponse:
    guide = _community_guide(request, slug, guide_slug, "planning.view_guides")
    community = guide.community
    return render(
        request,
        "planning/guide_detail.html",
        {
            "community": community,
            "guide": guide,
            "page": _page(request, guide, guide.sections.all()),
            "based_on": shipped_guide(guide.based_on) if guide.based_on else None,
            "gatherings": guide.gatherings.select_related("process__community").order_by(
                "-starts_at"
            ),
            "print_url": reverse("planning:guide_print", args=[community.slug, guide.slug]),
            "pdf_url": reverse("planning:guide_pdf", args=[community.slug, guide.slug]),
            "can_manage": request.user.has_perm("planning.manage_guides", community),
        },
    )


def guide_print(request: HttpRequest, slug: str, guide_slug: str) -> HttpResponse:
    guide = _community_guide(request, slug, guide_slug, "planning.view_guides")
    back = reverse("planning:guide", args=[guide.community.slug, guide.slug])
    return _print(request, _page(request, guide, guide.sections.all()), back)


def guide_pdf(request: HttpRequest, slug: str, guide_slug: str) -> HttpResponse:
    guide = _community_guide(request, slug, guide_slug, "planning.view_guides")
    page = _page(request, guide, guide.sections.all())
    return _pdf(request, page, f"{guide.community.slug}-{guide.slug}")


def guide_edit(request: HttpRequest, slug: str, guide_slug: str) -> HttpResponse:
    """Adapt a guide: its title and summary here, its sections one at a time."""
    guide = _community_guide(request, slug, guide_slug, "planning.manage_guides")
    initial = {
        "title_en": guide.title_en,
        "title_es": guide.title_es,
        "summary_en": guide.summary_en,
        "summary_es": guide.summary_es,
    }
    form = GuideForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.guide_update(actor=request.user, guide=guide, **form.cleaned_data)
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(request, _("The guide was saved."))
            return redirect("planning:guide_edit", slug=slug, guide_slug=guide.slug)
    return render(
        request,
        "planning/guide_edit.html",
        {
            "community": guide.community,
            "guide": guide,
            "form": form,
            "sections": guide.sections.all(),
        },
    )


def _section_form(request: HttpRequest, guide: Guide, section: GuideSection | None) -> HttpResponse:
    initial = (
        {
            name: getattr(section, name)
            for name in services.GUIDE_SECTION_FIELDS
            if getattr(section, name) is not None
        }
        if section
        else {}
    )
    form = GuideSectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.guide_section_save(
                actor=request.user, guide=guide, section=section, **form.cleaned_data
            )
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(request, _("“%(heading)s” was saved.") % {"heading": saved.heading})
            edit = reverse("planning:guide_edit", args=[guide.community.slug, guide.slug])
            return redirect(f"{edit}#sections")
    return render(
        request,
        "planning/guide_section_form.html",
        {"community": guide.community, "guide": guide, "section": section, "form": form},
    )


def guide_section_add(request: HttpRequest, slug: str, guide_slug: str) -> HttpResponse:
    guide = _community_guide(request, slug, guide_slug, "planning.manage_guides")
    return _section_form(request, guide, None)


def guide_section_edit(
    request: HttpRequest, slug: str, guide_slug: str, section_id: int
) -> HttpResponse:
    guide = _community_guide(request, slug, guide_slug, "planning.manage_guides")
    section = get_object_or_404(guide.sections, pk=section_id)
    return _section_form(request, guide, section)


def guide_section_delete(
    request: HttpRequest, slug: str, guide_slug: str, section_id: int
) -> HttpResponse:
    """A confirmation page, then the deletion (POST)."""
    guide = _community_guide(request, slug, guide_slug, "planning.manage_guides")
    section = get_object_or_404(guide.sections, pk=section_id)
    if request.method == "POST":
        heading = section.heading
        try:
            services.guide_section_delete(actor=request.user, section=section)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("“%(heading)s” was deleted.") % {"heading": heading})
        edit = reverse("planning:guide_edit", args=[guide.community.slug, guide.slug])
        return redirect(f"{edit}#sections")
    return render(
        request,
        "planning/guide_section_delete.html",
        {"community": guide.community, "guide": guide, "section": section},
    )
