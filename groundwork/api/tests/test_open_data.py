"""Open data of a process: what anonymous visitors see and nothing more, every column of every
CSV described in datapackage.json with a type its values have, and nothing of a private
community or of the other tenant."""

import csv
import io
import json
import zipfile
from datetime import date, datetime

import pytest

from groundwork.deliberation import services as deliberation
from groundwork.planning import services as planning
from groundwork.plans import services as plans

pytestmark = pytest.mark.django_db

PARSE = {
    "integer": int,
    "datetime": datetime.fromisoformat,
    "date": date.fromisoformat,
    "string": str,
}


def _url(tenant, part: str) -> str:  # type: ignore[no-untyped-def]
    return f"/api/communities/{tenant.label}/processes/2027/{part}"


def test_the_package_holds_what_the_public_sees(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    # Held for review (it names a phone number): not public, not in the package.
    planning.contributions_submit(
        process=tenant.process,
        participant=tenant.participants[1],
        answers=[planning.Answer("problems", "Call me at 919-555-0100 about the bus")],
        language="en",
        channel="online",
        idempotency_key="held",
    )
    plans.plan_publish(actor=tenant.coordinator, plan=tenant.plan, note="First")
    plans.activity_save(
        actor=tenant.coordinator, plan=tenant.plan, goal=tenant.goal, title="Van pilot"
    )
    deliberation.conversation_update(
        actor=tenant.coordinator,
        conversation=tenant.conversation,
        topic="Getting around",
        strict_moderation=True,
    )
    deliberation.statement_submit(
        conversation=tenant.conversation,
        participant=tenant.participants[0],
        text="Waiting for a facilitator",
        language="en",
        idempotency_key="pending",
    )
    response = client.get(_url(tenant, "open-data.zip"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    package = json.loads(archive.read("datapackage.json"))
    everything = ""
    for resource in package["resources"]:
        text = archive.read(resource["path"]).decode()
        everything += text
        rows = list(csv.reader(io.StringIO(text)))
        fields = resource["schema"]["fields"]
        assert rows[0] == [f["name"] for f in fields], resource["name"]
        assert all(f["description"] for f in fields)
        for row in rows[1:]:
            for value, spec in zip(row, fields, strict=True):
                if value:
                    PARSE[spec["type"]](value)  # every value has its column's type
    names = [r["name"] for r in package["resources"]]
    assert names == [
        "answers",
        "themes",
        "statements",
        "opinion_groups",
        "plan_activities",
        "progress_updates",
    ]
    assert tenant.marker in everything  # its own answer, statement and plan
    assert "919-555-0100" not in everything
    assert "Waiting for a facilitator" not in everything
    assert "Van pilot" not in everything  # added to the draft after publishing
    assert other_tenant.marker not in everything
    answers = list(csv.DictReader(io.StringIO(archive.read("answers.csv").decode())))
    assert len(answers) == len(tenant.contributions)
    statements = list(csv.DictReader(io.StringIO(archive.read("statements.csv").decode())))
    assert {s["text"] for s in statements} == {
        "We need a bus",
        f"The {tenant.marker} ferry should run",
    }
    # The same tables as JSON.
    body = client.get(_url(tenant, "open-data")).json()
    assert [r["name"] for r in body["datapackage"]["resources"]] == names
    assert len(body["tables"]["answers"]) == len(answers)
    assert len(body["tables"]["plan_activities"]) == 1


def test_a_private_process_publishes_nothing(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    tenant.community.is_public = False
    tenant.community.save()
    assert client.get(_url(tenant, "open-data.zip")).status_code == 401
    client.force_login(tenant.coordinator)
    assert client.get(_url(tenant, "open-data.zip")).status_code == 404
    assert client.get(_url(tenant, "open-data")).status_code == 404


def test_a_networks_catalog_as_open_data(client, tenant, other_tenant):  # type: ignore[no-untyped-def]
    from groundwork.communities.tests.factories import CommunityFactory, NetworkGoalFactory

    tenant.network.state = "NC"
    tenant.network.save()
    tenant.community.county_fips = ["37001"]
    tenant.community.save()
    CommunityFactory(network=tenant.network, name="Hidden County", is_public=False)
    NetworkGoalFactory(network=tenant.network, title="Trauma-informed schools")
    NetworkGoalFactory(network=other_tenant.network, title=f"Goal {other_tenant.marker}")
    response = client.get(f"/api/networks/{tenant.network.slug}/open-data.zip")
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    package = json.loads(archive.read("datapackage.json"))
    names = [r["name"] for r in package["resources"]]
    assert names == ["coalitions", "counties_without_coalition", "strategies", "statewide_goals"]
    coalitions = list(csv.DictReader(io.StringIO(archive.read("coalitions.csv").decode())))
    assert [c["slug"] for c in coalitions] == [tenant.label]
    assert coalitions[0]["counties"] == "37001"
    gaps = list(
        csv.DictReader(io.StringIO(archive.read("counties_without_coalition.csv").decode()))
    )
    assert len(gaps) == 99 and "37001" not in {g["fips"] for g in gaps}  # NC has 100 counties
    goals = archive.read("statewide_goals.csv").decode()
    assert "Trauma-informed schools" in goals and other_tenant.marker not in goals
    body = client.get(f"/api/networks/{tenant.network.slug}/open-data").json()
    assert [c["slug"] for c in body["tables"]["coalitions"]] == [tenant.label]
