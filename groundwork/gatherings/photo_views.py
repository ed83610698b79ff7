"""Photos of a gathering: those who run it add and remove them; everyone who may see the
gathering sees the ones the people in them agreed to show, the rest only those who run it."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groundwork.core.errors import ApplicationError
from groundwork.core.permissions import check_perm
from groundwork.core.photos import photo_response
from groundwork.core.services import audit_record

from . import services
from .forms import PhotoForm
from .services import _community
from .views import _gathering, _list_url, _owner


def photos(
    request: HttpRequest, pk: int, slug: str | None = None, network_slug: str | None = None
) -> HttpResponse:
    owner = _owner(slug, network_slug)
    gathering = _gathering(owner, pk)
    check_perm(request, "gatherings.manage", gathering)
    form = PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            data = form.cleaned_data
            services.photo_add(
                actor=request.user,
                gathering=gathering,
                upload=data["photo"],
                description=data["description"],
                caption=data["caption"],
                public=data["public"],
            )
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(request, _("The photo was added."))
            return redirect(request.path)
    return render(
        request,
        "gatherings/photos.html",
        {
            "gathering": gathering,
            "owner": owner,
            "community": gathering.community,
            "list_url": _list_url(owner),
            "form": form,
            "photos": list(gathering.photos.all()),
            "max_photos": services.MAX_PHOTOS,
        },
        status=400 if form.errors else 200,
    )


@require_POST
def photo_remove(
    request: HttpRequest,
    pk: int,
    photo_id: int,
    slug: str | None = None,
    network_slug: str | None = None,
) -> HttpResponse:
    gathering = _gathering(_owner(slug, network_slug), pk)
    check_perm(request, "gatherings.manage", gathering)
    photo = get_object_or_404(gathering.photos, pk=photo_id)
    services.photo_delete(actor=request.user, photo=photo)
    messages.success(request, _("The photo was removed."))
    return redirect(gathering.get_absolute_url() + "photos/")


def photo(
    request: HttpRequest,
    pk: int,
    photo_id: int,
    slug: str | None = None,
    network_slug: str | None = None,
) -> HttpResponse:
    gathering = _gathering(_owner(slug, network_slug), pk)
    check_perm(request, "gatherings.view", gathering)
    found = get_object_or_404(gathering.photos, pk=photo_id)
    if found.public:
        return photo_response(found.image)
    if not request.user.has_perm("gatherings.manage", gathering):
        raise Http404
    response = photo_response(found.image, cache="private, no-store")
    audit_record(
        action="gathering.photo_viewed",
        actor=request.user,
        community=_community(gathering),
        target=gathering,
        details={"photo": found.pk},
    )
    return response
