"""polismath's per-participant statistics and subgroups: stored with each run, exported next
to the Pol.is files, and shown to facilitators only where a group has readable currents."""

import csv
import io
import random
import zipfile

import pytest
from django.urls import reverse

from groundwork.communities.models import Role
from groundwork.communities.tests.factories import CommunityFactory, member
from groundwork.deliberation import analysis, services
from groundwork.deliberation.interchange import export_zip
from groundwork.deliberation.models import AnalysisRun, Vote
from groundwork.planning import services as planning
from groundwork.planning.models import Participant

pytestmark = pytest.mark.django_db

POLIS_COLUMNS = ["participant", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree"]


def _conversation(name: str, slug: str):  # type: ignore[no-untyped-def]
    community = CommunityFactory(name=name, slug=slug)
    coordinator = member(community, Role.COORDINATOR)
    process = planning.process_create(
        actor=coordinator, community=community, title="Together", slug="together"
    )
    conversation = services.conversation_create(
        actor=coordinator, process=process, topic="What first?"
    )
    for i in range(15):
        services.statement_seed(
            actor=coordinator, conversation=conversation, text=f"Statement {i}", language="en"
        )
    return conversation


def _vote(conversation, camps=(30, 30, 40), currents=True):  # type: ignore[no-untyped-def]
    """Two sides that disagree on statements 0–7; with ``currents`` the second side splits
    in two on statements 8–13; everyone agrees with 14."""
    statements = list(conversation.statements.order_by("pk"))
    rng = random.Random(3)
    rows = []
    for camp, size in enumerate(camps):
        for _ in range(size):
            person = Participant.objects.create(process=conversation.process)
            for s, statement in enumerate(statements):
                side = 0 if camp == 0 else 1
                if s < 8:
                    value = 1 if (s % 2 == 0) == (side == 0) else -1
                elif s < 14:
                    value = (
                        0
                        if camp == 0 or not currents
                        else (1 if (s % 2 == 0) == (camp == 1) else -1)
                    )
                else:
                    value = 1
                if rng.random() < 0.05:
                    value = rng.choice([1, -1, 0])
                rows.append(
                    Vote(
                        conversation=conversation,
                        statement=statement,
                        participant=person,
                        value=value,
                        idempotency_key=f"{person.pk}-{s}",
                    )
                )
    Vote.objects.bulk_create(rows)


def _run(conversation) -> AnalysisRun:  # type: ignore[no-untyped-def]
    run = AnalysisRun.objects.create(conversation=conversation)
    analysis.run_compute(run)
    run.status = AnalysisRun.Status.DONE
    run.save()
    return run


@pytest.fixture
def two():  # type: ignore[no-untyped-def]
    alder = _conversation("Alder County", "alder")
    birch = _conversation("Birch County", "birch")
    _vote(alder)
    _vote(birch, camps=(12, 12), currents=False)
    return alder, birch


def test_each_voter_gets_polismath_statistics_from_their_own_conversation(two):
    alder, birch = two
    # Someone changes their mind: the latest vote counts.
    changed = Vote.objects.filter(conversation=alder).first()
    Vote.objects.create(
        conversation=alder,
        statement=changed.statement,
        participant=changed.participant,
        value=0 if changed.value != 0 else 1,
        idempotency_key="changed",
    )
    run = _run(alder)
    data = run.results["participants"]
    rows = {r[0]: dict(zip(data["columns"], r, strict=True)) for r in data["rows"]}
    assert set(rows) == set(
        Participant.objects.filter(process=alder.process).values_list("pk", flat=True)
    )
    person = rows[changed.participant_id]
    latest = {}
    for v in Vote.objects.filter(participant_id=changed.participant_id).order_by("id"):
        latest[v.statement_id] = v.value
    assert person["n_votes"] == 15
    assert person["n_agree"] == list(latest.values()).count(1)
    assert person["n_disagree"] == list(latest.values()).count(-1)
    assert person["n_pass"] == list(latest.values()).count(0)
    assert person["group"] == run.results["labels"][str(changed.participant_id)]
    assert 0.3 < person["group_correlation"] <= 1.0
    # The second side of Alder has two currents, of 30 and 40 people.
    split = [g for g in run.results["subgroups"] if g["k"] >= 2 and min(g["sizes"]) > 10]
    assert len(split) == 1 and sorted(split[0]["sizes"]) == [30, 40]
    birch_run = _run(birch)
    assert len(birch_run.results["participants"]["rows"]) == 24


def test_the_export_keeps_the_polis_columns_and_adds_participant_statistics(two):
    alder, _birch = two
    run = _run(alder)
    archive = zipfile.ZipFile(io.BytesIO(export_zip(alder)))
    table = list(csv.reader(io.StringIO(archive.read("participants-votes.csv").decode())))
    assert table[0][:6] == POLIS_COLUMNS
    assert len(table[0]) == 6 + 15 and len(table) == 1 + 100
    stats = list(csv.DictReader(io.StringIO(archive.read("participant-stats.csv").decode())))
    assert len(stats) == 100
    by_id = {row[0]: row for row in table[1:]}
    for row in stats:
        polis = by_id[row["participant"]]
        assert row["group-id"] == polis[1]
        assert row["n-votes"] == polis[3] and row["n-agree"] == polis[4]
        assert int(row["n-votes"]) == int(row["n-agree"]) + int(row["n-disagree"]) + int(
            row["n-pass"]
        )
        assert -1.0 <= float(row["group-correlation"]) <= 1.0
    currents = list(csv.DictReader(io.StringIO(archive.read("subgroups.csv").decode())))
    assert {r["subgroup-id"] for r in currents} >= {"0", "1"}
    statement_ids = set(alder.statements.values_list("pk", flat=True))
    assert {int(r["comment-id"]) for r in currents} <= statement_ids
    assert run.results["subgroups_state"]


def test_a_warm_started_run_keeps_each_groups_currents(two):
    alder, _birch = two
    first = _run(alder)
    second = _run(alder)

    def split(run):
        return [g for g in run.results["subgroups"] if min(g["sizes"]) > 10 and g["k"] >= 2]

    assert sorted(split(second)[0]["sizes"]) == sorted(split(first)[0]["sizes"])


def test_facilitators_see_readable_currents_and_the_public_does_not(client, two):
    alder, birch = two
    _run(alder)
    _run(birch)
    url = reverse("deliberation:results", args=["alder", "together"])
    public = client.get(url).content.decode()
    assert "Currents within groups" not in public
    client.force_login(alder.community.memberships.get(role=Role.COORDINATOR).user)
    page = client.get(url).content.decode()
    assert "Currents within groups" in page
    assert "has 2 currents" in page
    assert "Current 1: 40 people" in page and "Current 2: 30 people" in page
    # Birch's groups have no currents worth telling: nothing is shown.
    client.force_login(birch.community.memberships.get(role=Role.COORDINATOR).user)
    other = client.get(reverse("deliberation:results", args=["birch", "together"])).content.decode()
    assert "Currents within groups" not in other
