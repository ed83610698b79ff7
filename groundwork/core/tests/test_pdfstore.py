"""Stored PDFs (groundwork.core.pdfstore): the worker renders them when their content changes,
a request serves the stored file with an ETag and Last-Modified (304 when the reader has it),
and renders once and stores when there is none."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse

from groundwork.plans import services as plans

pytestmark = pytest.mark.django_db


def _pdf_url(tenant: Any, number: int = 1) -> str:
    return reverse(
        "plans:version_pdf",
        kwargs={
            "slug": tenant.community.slug,
            "process_slug": tenant.process.slug,
            "number": number,
        },
    )


def _stored() -> list[str]:
    return sorted(default_storage.listdir("pdfs")[1]) if default_storage.exists("pdfs") else []


def _post_progress(tenant: Any) -> None:
    """Progress on the tenant's activity: what its plan PDF shows changes."""
    plans.progress_post(
        actor=tenant.coordinator,
        activity=tenant.activity,
        on_date=date(2026, 1, 15),
        progress=40,
        status="under_way",
        note="Two vans running",
    )


def _no_rendering(monkeypatch: Any) -> None:
    def refuse(*args: Any, **kwargs: Any) -> bytes:
        raise AssertionError("rendered again")

    monkeypatch.setattr("groundwork.core.pdf.render_pdf", refuse)
    monkeypatch.setattr("groundwork.plans.pdfs.render_pdf", refuse)
    monkeypatch.setattr("groundwork.landscape.pdfs.render_pdf", refuse)


def test_a_plan_pdf_is_rendered_once_then_served_with_its_etag(tenant, other_tenant, monkeypatch):  # type: ignore[no-untyped-def]
    for t in (tenant, other_tenant):
        plans.plan_publish(actor=t.coordinator, plan=t.plan)
    client = Client()
    first = client.get(_pdf_url(tenant))
    assert first.status_code == 200
    assert first.content.startswith(b"%PDF")
    assert first["ETag"] and first["Last-Modified"]
    assert len(_stored()) == 1
    other = client.get(_pdf_url(other_tenant))  # same slugs, its own file
    assert other["ETag"] != first["ETag"]
    assert len(_stored()) == 2

    _no_rendering(monkeypatch)
    again = client.get(_pdf_url(tenant))
    assert again.status_code == 200
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    unchanged = client.get(_pdf_url(tenant), HTTP_IF_NONE_MATCH=first["ETag"])
    assert unchanged.status_code == 304
    assert unchanged.content == b""


def test_posted_progress_makes_a_new_pdf(tenant, other_tenant):  # type: ignore[no-untyped-def]
    plans.plan_publish(actor=tenant.coordinator, plan=tenant.plan)
    client = Client()
    before = client.get(_pdf_url(tenant))
    _post_progress(tenant)
    after = client.get(_pdf_url(tenant))
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert client.get(_pdf_url(tenant), HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 200


def test_a_stored_pdf_is_served_without_reading_the_plan_again_until_a_write_or_the_next_day(
    tenant, other_tenant, monkeypatch, django_assert_max_num_queries
):  # type: ignore[no-untyped-def]
    """Its key (every activity's live progress and the plan's money) is remembered until the
    community's next write or the next day; the file is then served as before."""
    from datetime import timedelta

    from django.utils import timezone

    plans.plan_publish(actor=tenant.coordinator, plan=tenant.plan)
    plans.plan_publish(actor=other_tenant.coordinator, plan=other_tenant.plan)
    client = Client()
    client.cookies["returning"] = "1"  # not served from the page cache (see the next test)
    first = client.get(_pdf_url(tenant))
    assert "X-Page-Cache" not in first
    # The process, the plan and the version: no activity, cost or progress row.
    with django_assert_max_num_queries(3):
        again = client.get(_pdf_url(tenant))
    assert again["ETag"] == first["ETag"]
    # A write to the other community changes nothing here.
    _post_progress(other_tenant)
    assert client.get(_pdf_url(tenant))["ETag"] == first["ETag"]
    # The next day, with no write, the key is worked out again (an activity may be overdue).
    tomorrow = timezone.localdate() + timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)
    next_day = client.get(_pdf_url(tenant))
    assert next_day.status_code == 200
    assert next_day["ETag"] != first["ETag"]


def test_an_anonymous_reader_gets_a_stored_pdf_from_the_page_cache_with_its_etag(
    tenant, other_tenant, monkeypatch, django_assert_num_queries
):  # type: ignore[no-untyped-def]
    plans.plan_publish(actor=tenant.coordinator, plan=tenant.plan)
    plans.plan_publish(actor=other_tenant.coordinator, plan=other_tenant.plan)
    first = Client().get(_pdf_url(tenant))
    assert first["X-Page-Cache"] == "miss"
    other = Client().get(_pdf_url(other_tenant))  # same path shape, the other community's plan
    assert other["X-Page-Cache"] == "miss" and other.content != first.content
    _no_rendering(monkeypatch)
    with django_assert_num_queries(0):
        hit = Client().get(_pdf_url(tenant))
    assert hit["X-Page-Cache"] == "hit"
    assert hit.content == first.content
    for header in ("ETag", "Last-Modified", "Content-Disposition", "Content-Type"):
        assert hit[header] == first[header]
    unchanged = Client().get(_pdf_url(tenant), HTTP_IF_NONE_MATCH=first["ETag"])
    assert (unchanged.status_code, unchanged["X-Page-Cache"]) == (304, "hit")
    assert unchanged.content == b"" and unchanged["ETag"] == first["ETag"]
    # Posted progress is in the next reader's PDF.
    monkeypatch.undo()
    _post_progress(tenant)
    after = Client().get(_pdf_url(tenant), HTTP_IF_NONE_MATCH=first["ETag"])
    assert after.status_code == 200 and after["X-Page-Cache"] == "miss"
    assert after["ETag"] != first["ETag"] and after.content != first.content


def test_the_worker_renders_the_plan_pdfs_when_a_version_is_published(
    tenant, other_tenant, monkeypatch, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    from django_tasks_db.models import DBTaskResult

    from groundwork.plans.tasks import plan_pdfs_render

    with django_capture_on_commit_callbacks(execute=True):
        plans.plan_publish(actor=tenant.coordinator, plan=tenant.plan)
    queued = DBTaskResult.objects.filter(task_path__endswith="plan_pdfs_render")
    assert [row.args_kwargs["kwargs"] for row in queued] == [{"plan_id": tenant.plan.pk}]
    assert plan_pdfs_render.call(plan_id=tenant.plan.pk) == 2  # English and Spanish
    assert len(_stored()) == 2
    assert plan_pdfs_render.call(plan_id=tenant.plan.pk) == 0  # kept already

    _no_rendering(monkeypatch)
    for language in ("en", "es"):
        response = Client(HTTP_ACCEPT_LANGUAGE=language).get(_pdf_url(tenant))
        assert response.status_code == 200
        assert response.content.startswith(b"%PDF")
    assert len(_stored()) == 2


def test_the_landscape_pdf_is_rendered_by_the_worker_and_served_stored(
    tenant, other_tenant, monkeypatch, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    from groundwork.landscape.services import landscape_report_generate
    from groundwork.landscape.tasks import landscape_pdfs_render

    reports = []
    for t in (tenant, other_tenant):
        t.network.stewards.add(t.coordinator)
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            reports.append(landscape_report_generate(actor=t.coordinator, network=t.network))
        assert len(callbacks) == 1
    assert landscape_pdfs_render.call(report_id=reports[0].pk) == 2
    stored = _stored()
    assert len(stored) == 2

    _no_rendering(monkeypatch)
    url = reverse("landscape:report_pdf", kwargs={"network_slug": tenant.network.slug})
    client = Client()
    response = client.get(url)
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    # The other network's report was not rendered yet: its first reader would wait for it.
    other = reverse("landscape:report_pdf", kwargs={"network_slug": other_tenant.network.slug})
    with pytest.raises(AssertionError, match="rendered again"):
        client.get(other)
    assert _stored() == stored


def test_the_printed_map_hatches_its_gaps_in_one_shape(tenant, other_tenant):  # type: ignore[no-untyped-def]
    from django.template.loader import render_to_string

    from groundwork.landscape.charts import GAP_FILL, CountyMap, MapCounty

    counties = [
        MapCounty(fips="1", name="A", path="M0,0L1,1Z", fill=GAP_FILL, title="A"),
        MapCounty(fips="2", name="B", path="M2,2L3,3Z", fill=GAP_FILL, title="B"),
        MapCounty(fips="3", name="C", path="M4,4L5,5Z", fill="#2378c3", title="C"),
    ]
    county_map = CountyMap("0 0 10 10", "", counties, False)
    context = {"map": county_map, "map_id": "m", "map_label": "Map"}
    web = render_to_string("landscape/_map.html", context)
    printed = render_to_string("landscape/_map.html", {**context, "for_print": True})
    assert web.count(f'fill="{GAP_FILL}"') == 2
    assert printed.count(f'fill="{GAP_FILL}"') == 1
    assert 'd="M0,0L1,1Z M2,2L3,3Z"' in printed
    assert printed.count('fill="none"') == 2
