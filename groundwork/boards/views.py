"""Boards of a community or a network: the list, one board (its seats, members and meetings),
the composition report, and the forms of those who run them. Plain forms, no script."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groundwork.communities.models import Community, Network
from groundwork.core.errors import ApplicationError
from groundwork.core.permissions import check_perm

from . import selectors, services
from .composition import compose
from .forms import BoardForm, MeetingForm, MemberForm, SeatForm
from .models import Board, Seat


def _owner(slug: str | None, network_slug: str | None) -> Community | Network:
    if network_slug is not None:
        return get_object_or_404(Network, slug=network_slug)
    return get_object_or_404(
        Community.objects.select_related("network"), slug=slug, directory_of__isnull=True
    )


def _board(
    request: HttpRequest, slug: str | None, network_slug: str | None, pk: int, perm: str
) -> Board:
    owner = _owner(slug, network_slug)
    board = get_object_or_404(owner.boards.select_related("community", "network"), pk=pk)
    check_perm(request, perm, board)
    return board


def _seat(board: Board, seat_id: int) -> Seat:
    return get_object_or_404(board.seats.select_related("member"), pk=seat_id)


def _list_url(owner: Community | Network) -> str:
    if isinstance(owner, Network):
        return reverse("boards:network_list", kwargs={"network_slug": owner.slug})
    return reverse("boards:community_list", kwargs={"slug": owner.slug})


def _context(owner: Community | Network, **extra: Any) -> dict[str, Any]:
    is_network = isinstance(owner, Network)
    return {
        "owner": owner,
        "network": owner if is_network else None,
        "community": None if is_network else owner,
        "list_url": _list_url(owner),
        **extra,
    }


def board_list(
    request: HttpRequest, slug: str | None = None, network_slug: str | None = None
) -> HttpResponse:
    owner = _owner(slug, network_slug)
    if isinstance(owner, Community):
        check_perm(request, "communities.view_community", owner)
    can_add = request.user.has_perm("boards.manage", owner)
    form = BoardForm(request.POST or None) if can_add else None
    if request.method == "POST":
        check_perm(request, "boards.manage", owner)
        assert form is not None
        if form.is_valid():
            try:
                board = services.board_save(actor=request.user, owner=owner, **form.cleaned_data)
            except ApplicationError as error:
                form.add_application_error(error)
            else:
                messages.success(
                    request,
                    _("“%(name)s” was created. Add its seats next.") % {"name": board},
                )
                return redirect(board)
    return render(
        request,
        "boards/board_list.html",
        _context(owner, boards=selectors.owner_boards(owner=owner, user=request.user), form=form),
    )


def board_detail(
    request: HttpRequest, pk: int, slug: str | None = None, network_slug: str | None = None
) -> HttpResponse:
    board = _board(request, slug, network_slug, pk, "boards.view")
    can_manage = request.user.has_perm("boards.manage", board)
    seats = selectors.board_seats(board=board)
    history = (
        selectors.past_terms(board=board)
        if request.user.has_perm("boards.view_history", board)
        else None
    )
    if can_manage and (any(_holder(s) for s in seats) or history):
        services.roster_viewed(actor=request.user, board=board)
    rows = []
    for seat in seats:
        member = _holder(seat)
        rows.append(
            {
                "seat": seat,
                "urls": {
                    name: board.url(f"seat_{name}", seat_id=seat.pk)
                    for name in ("edit", "fill", "vacate", "delete")
                }
                if can_manage
                else {},
                "member": member if can_manage else None,
                # The public sees a name only when the person agreed to be listed.
                "public_name": member.display_name if member and member.listed_publicly else "",
            }
        )
    meeting_form = (
        MeetingForm(gatherings=selectors.gatherings_to_link(board=board)) if can_manage else None
    )
    return render(
        request,
        "boards/board_detail.html",
        _context(
            board.owner,
            board=board,
            rows=rows,
            meetings=[
                {"meeting": m, "unlink": board.url("meeting_unlink", meeting_id=m.pk)}
                for m in selectors.board_meetings(board=board)
            ],
            meeting_form=meeting_form,
            urls={
                name: board.url(name)
                for name in ("edit", "seat_new", "meeting_link", "composition")
            },
            can_manage=can_manage,
            composition=compose(seats),
            # Members see a past holder's name when they agreed to be listed; managers always.
            history=[
                {"term": t, "name": t.display_name if can_manage or t.listed_publicly else ""}
                for t in history
            ]
            if history is not None
            else None,
        ),
    )


def _holder(seat: Seat) -> Any:
    try:
        return seat.member
    except Seat.member.RelatedObjectDoesNotExist:  # type: ignore[attr-defined]
        return None


def composition(
    request: HttpRequest, pk: int, slug: str | None = None, network_slug: str | None = None
) -> HttpResponse:
    board = _board(request, slug, network_slug, pk, "boards.view")
    return render(
        request,
        "boards/composition.html",
        _context(board.owner, board=board, composition=compose(selectors.board_seats(board=board))),
    )


def board_edit(
    request: HttpRequest, pk: int, slug: str | None = None, network_slug: str | None = None
) -> HttpResponse:
    board = _board(request, slug, network_slug, pk, "boards.manage")
    form = BoardForm(request.POST or None, instance=board)
    if request.method == "POST" and form.is_valid():
        try:
            services.board_save(actor=request.user, board=board, **form.cleaned_data)
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect(board)
    return render(request, "boards/board_form.html", _context(board.owner, board=board, form=form))


def seat_form(
    request: HttpRequest,
    pk: int,
    slug: str | None = None,
    network_slug: str | None = None,
    seat_id: int | None = None,
) -> HttpResponse:
    board = _board(request, slug, network_slug, pk, "boards.manage")
    seat = _seat(board, seat_id) if seat_id is not None else None
    form = SeatForm(request.POST or None, instance=seat)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.seat_save(
                actor=request.user, board=board, seat=seat, **form.cleaned_data
            )
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(request, _("The seat “%(title)s” was saved.") % {"title": saved})
            return redirect(board)
    return render(
        request,
        "boards/seat_form.html",
        _context(board.owner, board=board, seat=seat, form=form),
    )


@require_POST
def seat_delete(
    request: HttpRequest,
    pk: int,
    seat_id: int,
    slug: str | None = None,
    network_slug: str | None = None,
) -> HttpResponse:
    board = _board(request, slug, network_slug, pk, "boards.manage")
    seat = _seat(board, seat_id)
    try:
        services.seat_delete(actor=request.user, seat=seat)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The seat “%(title)s” was removed.") % {"title": seat})
    return redirect(board)


def seat_fill(
    request: HttpRequest,
    pk: int,
    seat_id: int,
    slug: str | None = None,
    network_slug: str | None = None,
) -> HttpResponse:
    board = _board(request, slug, network_slug, pk, "boards.manage")
    seat = _seat(board, seat_id)
    if _holder(seat) is not None:
        messages.info(request, _("Someone already holds this seat. Vacate it first."))
        return redirect(board)
    form = MemberForm(request.POST or None, initial={"has_lived_experience": seat.lived_experience})
    if request.method == "POST" and form.is_valid():
        try:
            member = services.seat_fill(actor=request.user, seat=seat, **form.cleaned_data)
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(
                request,
                _("%(name)s now holds the seat “%(title)s”.")
                % {"name": member.display_name, "title": seat},
            )
            return redirect(board)
    return render(
        request,
        "boards/seat_fill.html",
        _context(board.owner, board=board, seat=seat, form=form),
    )


@require_POST
def seat_vacate(
    request: HttpRequest,
    pk: int,
    seat_id: int,
    slug: str | None = None,
    network_slug: str | None = None,
) -> HttpResponse:
    board = _board(request, slug, network_slug, pk, "boards.manage")
    seat = _seat(board, seat_id)
    services.seat_vacate(actor=request.user, seat=seat)
    messages.success(request, _("The seat “%(title)s” is vacant.") % {"title": seat})
    return redirect(board)


@require_POST
def meeting_link(
    request: HttpRequest, pk: int, slug: str | None = None, network_slug: str | None = None
) -> HttpResponse:
    board = _board(request, slug, network_slug, pk, "boards.manage")
    form = MeetingForm(request.POST, gatherings=selectors.gatherings_to_link(board=board))
    if not form.is_valid():
        messages.error(request, _("Choose one of the gatherings in the list."))
        return redirect(board)
    try:
        services.meeting_link(
            actor=request.user, board=board, gathering=form.cleaned_data["gathering"]
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The gathering is now one of the board's meetings."))
    return redirect(board)


@require_POST
def meeting_unlink(
    request: HttpRequest,
    pk: int,
    meeting_id: int,
    slug: str | None = None,
    network_slug: str | None = None,
) -> HttpResponse:
    board = _board(request, slug, network_slug, pk, "boards.manage")
    meeting = get_object_or_404(board.meetings, pk=meeting_id)
    services.meeting_unlink(actor=request.user, meeting=meeting)
    messages.success(request, _("The gathering is no longer listed as a meeting of the board."))
    return redirect(board)
