"""Photos of a gathering, in two tenants: those who run it add and remove them; the public sees
only the photos the people in them agreed to show; every view of another photo is audited."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from groundwork.communities.models import Role
from groundwork.communities.tests.factories import member
from groundwork.core.errors import ApplicationError
from groundwork.core.models import AuditEvent
from groundwork.gatherings import services
from groundwork.gatherings.models import GatheringPhoto

from .helpers import make_gathering, steward

pytestmark = pytest.mark.django_db


def _image(kind: str = "JPEG", size: tuple[int, int] = (40, 30)) -> SimpleUploadedFile:
    out = io.BytesIO()
    picture = Image.new("RGB", size, "green")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make: metadata that must not survive
    picture.save(out, format=kind, **({"exif": exif} if kind == "JPEG" else {}))
    return SimpleUploadedFile(f"p.{kind.lower()}", out.getvalue(), f"image/{kind.lower()}")


@pytest.fixture
def both(tenant, other_tenant):  # type: ignore[no-untyped-def]
    ours = make_gathering(tenant.community, tenant.coordinator, title="Hall")
    theirs = make_gathering(other_tenant.community, other_tenant.coordinator, title="Hall")
    return tenant, other_tenant, ours, theirs


def _url(gathering, *rest):  # type: ignore[no-untyped-def]
    return gathering.get_absolute_url() + "photos/" + "".join(f"{r}/" for r in rest)


def test_a_coordinator_adds_photos_the_public_sees_only_the_agreed_ones(client, both):  # type: ignore[no-untyped-def]
    tenant, other, ours, theirs = both
    client.force_login(tenant.coordinator)
    page = client.post(
        _url(ours),
        {"photo": _image(), "description": "Residents around the county map", "public": "on"},
    )
    assert page.status_code == 302
    client.post(_url(ours), {"photo": _image("PNG"), "description": "Children drawing"})
    shown, kept = GatheringPhoto.objects.filter(gathering=ours).order_by("pk")
    assert (shown.public, kept.public) == (True, False)
    assert b"PhoneMaker" not in shown.image.read()  # metadata stripped
    client.logout()

    detail = client.get(ours.get_absolute_url()).content.decode()
    assert 'alt="Residents around the county map"' in detail
    assert "Children drawing" not in detail
    assert client.get(_url(ours, shown.pk))["Content-Type"] == "image/jpeg"
    assert client.get(_url(ours, kept.pk)).status_code == 404
    # A photo is found only through its own gathering (and its own community).
    assert client.get(_url(theirs, shown.pk)).status_code == 404
    assert client.get(_url(ours)).status_code in (302, 403)  # the managing page

    client.force_login(tenant.coordinator)
    before = AuditEvent.objects.filter(action="gathering.photo_viewed").count()
    response = client.get(_url(ours, kept.pk))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    viewed = AuditEvent.objects.filter(action="gathering.photo_viewed")
    assert viewed.count() == before + 1
    assert viewed.latest("pk").details == {"photo": kept.pk}
    assert "Children drawing" in client.get(ours.get_absolute_url()).content.decode()


def test_the_other_tenant_cannot_add_see_or_remove(client, both):  # type: ignore[no-untyped-def]
    tenant, other, ours, theirs = both
    photo = services.photo_add(
        actor=tenant.coordinator, gathering=ours, upload=_image(), description="Hall"
    )
    client.force_login(other.coordinator)
    assert client.get(_url(ours)).status_code == 403
    assert client.post(_url(ours), {"photo": _image(), "description": "x"}).status_code == 403
    assert client.post(_url(ours, photo.pk, "remove")).status_code == 403
    assert client.get(_url(ours, photo.pk)).status_code == 404
    # Through their own gathering's address, our photo does not exist.
    assert client.post(_url(theirs, photo.pk, "remove")).status_code == 404
    assert GatheringPhoto.objects.filter(pk=photo.pk).exists()
    with pytest.raises(ApplicationError):
        services.photo_add(
            actor=other.coordinator, gathering=ours, upload=_image(), description="x"
        )
    # A resident of our community (no role to run gatherings) cannot either.
    resident = member(tenant.community, Role.MEMBER)
    client.force_login(resident)
    assert client.get(_url(ours)).status_code == 403
    assert client.get(_url(ours, photo.pk)).status_code == 404


def test_bad_photos_and_missing_descriptions_are_refused_with_nothing_kept(client, both):  # type: ignore[no-untyped-def]
    tenant, _other, ours, _theirs = both
    client.force_login(tenant.coordinator)
    gif = _image("GIF")
    page = client.post(_url(ours), {"photo": gif, "description": "A gif"})
    assert page.status_code == 400
    assert "JPEG, PNG or WebP" in page.content.decode()
    page = client.post(_url(ours), {"photo": _image(), "description": "   "})
    assert page.status_code == 400
    not_an_image = SimpleUploadedFile("p.jpg", b"not an image", "image/jpeg")
    assert client.post(_url(ours), {"photo": not_an_image, "description": "x"}).status_code == 400
    assert not GatheringPhoto.objects.exists()


def test_a_gathering_keeps_at_most_so_many_photos(both, monkeypatch):  # type: ignore[no-untyped-def]
    tenant, other, ours, theirs = both
    monkeypatch.setattr(services, "MAX_PHOTOS", 2)
    for n in range(2):
        services.photo_add(
            actor=tenant.coordinator, gathering=ours, upload=_image(), description=f"n{n}"
        )
    with pytest.raises(ApplicationError) as refused:
        services.photo_add(
            actor=tenant.coordinator, gathering=ours, upload=_image(), description="one more"
        )
    assert refused.value.field == "photo"
    assert ours.photos.count() == 2
    with pytest.raises(ApplicationError) as refused:
        services.photo_add(
            actor=other.coordinator,
            gathering=theirs,
            upload=_image(),
            description="A hall",
            caption="x" * 301,
        )
    assert refused.value.field == "caption"
    assert not theirs.photos.exists()


def test_removing_a_photo_deletes_its_file_and_is_audited(client, both, tmp_path):  # type: ignore[no-untyped-def]
    tenant, _other, ours, _theirs = both
    photo = services.photo_add(
        actor=tenant.coordinator, gathering=ours, upload=_image(), description="Hall"
    )
    stored = photo.image.path
    client.force_login(tenant.coordinator)
    assert client.post(_url(ours, photo.pk, "remove")).status_code == 302
    assert not GatheringPhoto.objects.filter(pk=photo.pk).exists()
    import os

    assert not os.path.exists(stored)
    assert AuditEvent.objects.filter(action="gathering.photo_removed").count() == 1


def test_network_stewards_run_the_photos_of_their_networks_gatherings(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    lead = steward(tenant.network)
    call = make_gathering(tenant.network, lead, title="Peer call")
    client.force_login(lead)
    page = client.post(_url(call), {"photo": _image(), "description": "Screen of faces"})
    assert page.status_code == 302
    assert call.photos.count() == 1
    client.force_login(steward(other_tenant.network))
    assert client.get(_url(call)).status_code == 403
