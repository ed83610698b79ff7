"""Field mode's server side: the queue's JSON answers, late captures after a process closed,
photos of paper pages (members only, audited), the manifests and the service worker."""

import io
import json
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from groundwork.communities.models import Role
from groundwork.communities.tests.factories import member
from groundwork.core.models import AuditEvent
from groundwork.field.queue import rejection_message
from groundwork.planning import services
from groundwork.planning.models import CapturePhoto, Contribution, PhaseKind

pytestmark = pytest.mark.django_db

QUEUE = {"HTTP_X_GROUNDWORK_QUEUE": "1"}


def _capture_url(tenant):  # type: ignore[no-untyped-def]
    return reverse("planning:capture", args=[tenant.community.slug, tenant.process.slug])


def _capture(client, tenant, text, key, **extra):  # type: ignore[no-untyped-def]
    data = {
        "idempotency_key": key,
        "question": "strengths",
        "channel": "paper",
        "language": "en",
        "lines": text,
        **extra,
    }
    return client.post(_capture_url(tenant), data, **QUEUE)


def _close(tenant):  # type: ignore[no-untyped-def]
    phase = tenant.process.phases.get(kind=PhaseKind.MAKE_SENSE)
    services.process_set_phase(actor=tenant.coordinator, process=tenant.process, phase=phase)
    tenant.process.refresh_from_db()


def _png(size=(20, 20)) -> bytes:  # type: ignore[no-untyped-def]
    out = io.BytesIO()
    Image.new("RGB", size, "white").save(out, format="PNG")
    return out.getvalue()


def test_a_queued_capture_is_acknowledged_once_in_json(client, tenant, other_tenant):
    client.force_login(tenant.coordinator)
    before = Contribution.objects.filter(process=other_tenant.process).count()
    when = (timezone.now() - timedelta(minutes=5)).isoformat()
    for _attempt in range(2):  # the second is a retry after a lost acknowledgement
        response = _capture(
            client,
            tenant,
            "Church pantry\nYouth choir",
            "k-queued",
            field_captured_at=when,
            field_device="ab12cd34",
        )
        assert response.status_code == 200, response.content.decode()
        assert response.json()["status"] == "stored"
        assert response["Cache-Control"] == "no-store"
    stored = Contribution.objects.filter(process=tenant.process, idempotency_key="k-queued")
    assert stored.count() == 2
    assert {c.captured_device for c in stored} == {"ab12cd34"}
    assert all(c.captured_at is not None and not c.late for c in stored)
    assert Contribution.objects.filter(process=other_tenant.process).count() == before


def test_a_refused_submission_says_why(client, tenant):
    client.force_login(tenant.coordinator)
    response = _capture(client, tenant, "x" * 2001, "k-long")
    assert response.status_code == 422
    body = response.json()
    assert body["status"] == "rejected"
    assert "Answers, one per line" in body["message"]
    assert "longer than 2000 characters" in body["message"]
    assert not Contribution.objects.filter(idempotency_key="k-long").exists()


def test_without_the_header_nothing_changes(client, tenant):
    client.force_login(tenant.coordinator)
    response = client.post(
        _capture_url(tenant),
        {
            "idempotency_key": "k-plain",
            "question": "strengths",
            "channel": "paper",
            "language": "en",
            "lines": "Pantry",
        },
    )
    assert response.status_code == 302


def test_signed_out_a_queued_post_is_kept_for_later(client, tenant):
    response = _capture(client, tenant, "Pantry", "k-out")
    assert response.status_code == 302  # to sign in: not JSON, so the device keeps it
    assert not Contribution.objects.filter(idempotency_key="k-out").exists()


def test_captured_before_closing_is_taken_late_and_held(client, tenant, other_tenant):
    client.force_login(tenant.coordinator)
    captured = timezone.now() - timedelta(hours=1)
    _close(tenant)
    response = _capture(
        client,
        tenant,
        "Pantry",
        "k-late",
        field_captured_at=captured.isoformat(),
        field_device="dev1",
    )
    assert response.json()["status"] == "stored"
    late = Contribution.objects.get(idempotency_key="k-late")
    assert late.late and late.moderation == "held" and late.process == tenant.process
    # Facilitators see when and where, and accept it.
    page = client.get(
        reverse("planning:contributions", args=[tenant.community.slug, tenant.process.slug])
        + "?question=strengths&moderation=held"
    ).content.decode()
    assert "Captured offline on" in page and "dev1" in page and "Accept" in page
    # The other tenant's process is still taking answers, and its answers are unchanged.
    assert other_tenant.process.is_gathering


def test_captured_after_closing_is_refused(client, tenant):
    client.force_login(tenant.coordinator)
    _close(tenant)
    later = timezone.now() + timedelta(minutes=1)  # clamped to now: after the close
    response = _capture(client, tenant, "Pantry", "k-after", field_captured_at=later.isoformat())
    assert response.status_code == 422
    assert not Contribution.objects.filter(idempotency_key="k-after").exists()
    # Without a capture time (a live post) it is refused as before.
    response = _capture(client, tenant, "Pantry", "k-live")
    assert response.status_code == 422


def test_a_resident_answer_sent_late_is_held(client, tenant):
    captured = timezone.now() - timedelta(hours=2)
    _close(tenant)
    url = reverse("planning:answer", args=[tenant.community.slug, tenant.process.slug])
    page = client.get(url)
    assert page.status_code == 409
    response = client.post(
        url,
        {
            "idempotency_key": "k-res",
            "answer_strengths": "Our library",
            "field_captured_at": captured.isoformat(),
        },
        **QUEUE,
    )
    assert response.json()["status"] == "stored", response.content
    answer = Contribution.objects.get(idempotency_key="k-res")
    assert answer.late and answer.moderation == "held" and answer.participant is not None


def test_paper_photo_is_members_only_and_audited(client, tenant, other_tenant, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(tenant.coordinator)
    photo = SimpleUploadedFile("page.png", _png(), content_type="image/png")
    response = _capture(client, tenant, "Pantry\nChoir", "k-photo", photo=photo)
    assert response.json()["status"] == "stored"
    kept = CapturePhoto.objects.get(process=tenant.process)
    assert kept.idempotency_key == "k-photo" and kept.image.name.endswith(".png")
    url = reverse(
        "planning:paper_photo", args=[tenant.community.slug, tenant.process.slug, kept.pk]
    )
    got = client.get(url)
    assert got.status_code == 200 and got["Content-Type"] == "image/png"
    assert AuditEvent.objects.filter(action="capture_photo.viewed").count() == 1
    listing = client.get(
        reverse("planning:contributions", args=[tenant.community.slug, tenant.process.slug])
        + "?question=strengths"
    ).content.decode()
    assert url in listing
    # Not through the other tenant's address, not for its members, not signed out.
    foreign = reverse(
        "planning:paper_photo",
        args=[other_tenant.community.slug, other_tenant.process.slug, kept.pk],
    )
    assert client.get(foreign).status_code == 403  # not a member there
    other_tenant.community.memberships.create(user=tenant.coordinator, role=Role.MEMBER)
    assert client.get(foreign).status_code == 404  # a member there: still not its photo
    client.force_login(other_tenant.coordinator)
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302
    facilitator = member(tenant.community, Role.MEMBER)
    client.force_login(facilitator)
    assert client.get(url).status_code == 200


def test_paper_photo_type_and_size_are_checked(client, tenant, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(tenant.coordinator)
    fake = SimpleUploadedFile("page.png", b"%PDF-1.4 not an image", content_type="image/png")
    response = _capture(client, tenant, "Pantry", "k-fake", photo=fake)
    assert response.status_code == 422 and "JPEG, PNG or WebP" in response.json()["message"]
    assert not Contribution.objects.filter(idempotency_key="k-fake").exists()
    big = SimpleUploadedFile(
        "big.png", _png() + b"\0" * (5 * 1024 * 1024), content_type="image/png"
    )
    response = _capture(client, tenant, "Pantry", "k-big", photo=big)
    assert response.status_code == 422 and "5 MB" in response.json()["message"]
    assert not CapturePhoto.objects.exists()


def test_manifests_name_each_community(client, tenant, other_tenant):
    data = client.get(reverse("field:community_manifest", args=[tenant.community.slug])).json()
    assert data["start_url"] == tenant.community.get_absolute_url()
    assert data["name"] == "Alder County · Groundwork"
    assert {i["sizes"] for i in data["icons"]} == {"any", "192x192", "512x512"}
    assert client.get(reverse("field:manifest")).json()["start_url"] == "/"
    other_tenant.community.is_public = False
    other_tenant.community.save()
    private = reverse("field:community_manifest", args=[other_tenant.community.slug])
    assert client.get(private).status_code == 302  # sign in first
    page = client.get(tenant.community.get_absolute_url()).content.decode()
    assert 'rel="manifest" href="/c/alder/manifest.webmanifest"' in page


def test_the_service_worker_precaches_the_shell(client, settings, tmp_path):
    settings.FIELD_BUILD = tmp_path
    (tmp_path / "sw.js").write_text("/* bundle */", encoding="utf-8")
    from groundwork.field import views

    views._worker_bundle.cache_clear()
    response = client.get("/sw.js")
    views._worker_bundle.cache_clear()
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    body = response.content.decode()
    manifest = json.loads(body[len("self.__WB_MANIFEST=") : body.index(";self.GW_FIELD")])
    urls = {entry["url"] for entry in manifest}
    assert "/static/vendor/uswds/css/uswds.min.css" in urls
    assert "/static/groundwork/groundwork.css" in urls
    assert not any(u.startswith("http") for u in urls)  # nothing from elsewhere
    assert body.endswith("/* bundle */")


def test_token_and_waiting_page(client):
    assert client.get(reverse("field:token")).json()["csrf"]
    page = client.get(reverse("field:waiting"), HTTP_ACCEPT_LANGUAGE="es")
    assert page.status_code == 200


def test_rejection_message_reads_alerts_and_field_errors():
    html = (
        '<h1>Form</h1><div class="usa-alert usa-alert--error"><div class="usa-alert__body">'
        '<p class="usa-alert__text">Fix it.</p></div></div>'
        '<label for="a">Name <span class="usa-hint">(optional)</span></label>'
        '<span class="usa-error-message">Too long.</span>'
    )
    assert rejection_message(html) == "Fix it. Name (optional): Too long."
    assert rejection_message("<h1>Closed</h1>") == "Closed"
