"""Pol.is exports in and out: the upload page, the commands, and a round trip."""

import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from groundwork.analysis import polis_io
from groundwork.communities.models import Role
from groundwork.communities.tests.factories import CommunityFactory, member
from groundwork.deliberation.models import Conversation, Statement, StatementModeration, Vote

# Every test runs beside a look-alike tenant: no response shows it, nothing of it changes.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("beside_other_tenant")]

COMMENTS = (
    "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n"
    "1000,x,0,1,2,0,1,Buses should run on Sundays\n"
    "1001,x,1,2,0,1,-1,Rude remark\n"
    '1002,x,2,1,1,1,1,"A park, by the river"\n'
)
VOTES = (
    "timestamp,datetime,comment-id,voter-id,vote\n"
    "2000,x,0,1,1\n2001,x,0,2,1\n2002,x,2,1,-1\n2003,x,2,2,1\n2004,x,2,1,1\n2005,x,1,2,-1\n"
)


@pytest.fixture
def community(other_tenant, tmp_path_factory):  # type: ignore[no-untyped-def]
    # The other tenant imported the same export under the same slug first.
    folder = _folder(tmp_path_factory.mktemp("other"))
    call_command("import_polis", str(folder), community="birch", slug="transit")
    other_tenant.baseline()
    community = CommunityFactory(slug="alder")
    member(community, Role.COORDINATOR)
    return community


def _folder(tmp_path: Path) -> Path:
    (tmp_path / "comments.csv").write_text(COMMENTS)
    (tmp_path / "votes.csv").write_text(VOTES)
    (tmp_path / "summary.csv").write_text("topic,Transit in Alder\nvoters,2\n")
    return tmp_path


def test_import_command_keeps_ids_moderation_and_vote_order(tmp_path, community):
    call_command("import_polis", str(_folder(tmp_path)), community="alder", slug="transit")
    conversation = Conversation.objects.get(community=community, process__slug="transit")
    assert conversation.topic == "Transit in Alder"
    assert conversation.process.current_phase.kind == "decide"
    by_id = {s.external_id: s for s in Statement.objects.filter(conversation=conversation)}
    assert by_id["1"].moderation == StatementModeration.REJECTED
    assert by_id["1"].moderation_reason == "Rejected in Pol.is"
    assert (by_id["0"].moderation, by_id["0"].moderation_reason) == (
        StatementModeration.ACCEPTED,
        "",
    )
    assert by_id["2"].text == "A park, by the river"
    assert conversation.votes.count() == 6
    # Voter 1 changed their mind on comment 2: the later agree is stored after the disagree.
    changes = list(
        Vote.objects.filter(statement=by_id["2"]).order_by("id").values_list("value", flat=True)
    )
    assert changes == [-1, 1, 1]


PARTICIPANT_VOTES = (
    "participant,group-id,n-comments,n-votes,n-agree,n-disagree,0,1,2\n"
    "1,0,3,3,1,1,1,-1,0\n"
    "2,1,3,2,1,0,0,,1\n"
)


def test_an_export_without_votes_csv_is_read_from_its_participants_table(tmp_path, community):
    # No votes.csv: each voter's latest vote comes from participants-votes.csv, where "0" is a
    # pass (stored as 0, not as an agree) and a blank cell is no vote.
    (tmp_path / "comments.csv").write_text(COMMENTS)
    (tmp_path / "participants-votes.csv").write_text(PARTICIPANT_VOTES)
    call_command("import_polis", str(tmp_path), community="alder", slug="transit")
    conversation = Conversation.objects.get(community=community, process__slug="transit")
    votes = conversation.votes.order_by("participant_id", "statement__external_id")
    by_voter: dict[int, dict[str, int]] = {}
    for participant_id, comment, value in votes.values_list(
        "participant_id", "statement__external_id", "value"
    ):
        by_voter.setdefault(participant_id, {})[comment] = value
    assert list(by_voter.values()) == [{"0": 1, "1": -1, "2": 0}, {"0": 0, "2": 1}]
    assert set(by_voter) == set(conversation.process.participants.values_list("pk", flat=True))


def test_upload_with_a_broken_file_says_which_and_saves_nothing(client, community):
    client.force_login(community.memberships.get().user)
    url = reverse("deliberation:import", args=["alder"])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "title": "Transit",
            "slug": "transit",
            "comments": SimpleUploadedFile("comments.csv", COMMENTS.encode()),
            "votes": SimpleUploadedFile(
                "votes.csv", b"timestamp,datetime,comment-id,voter-id,vote\n1,x,0,1,7\n"
            ),
        },
    )
    assert response.status_code == 200
    assert "votes.csv" in response.content.decode()
    assert not Conversation.objects.filter(community=community).exists()
    assert not community.processes.exists()


def test_upload_then_export_round_trips_the_votes(client, community):
    client.force_login(community.memberships.get().user)
    response = client.post(
        reverse("deliberation:import", args=["alder"]),
        {
            "title": "Transit",
            "slug": "transit",
            "comments": SimpleUploadedFile("comments.csv", COMMENTS.encode()),
            "votes": SimpleUploadedFile("votes.csv", VOTES.encode()),
        },
    )
    assert response.status_code == 302
    archive = client.get(reverse("deliberation:export", args=["alder", "transit"]))
    assert archive["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(archive.content)).namelist()
    assert {"comments.csv", "votes.csv", "participants-votes.csv", "summary.csv"} <= set(names)


def test_export_is_readable_by_the_parser(tmp_path, community):
    call_command("import_polis", str(_folder(tmp_path)), community="alder", slug="transit")
    from groundwork.deliberation.interchange import export_zip

    out = tmp_path / "out"
    zipfile.ZipFile(
        io.BytesIO(export_zip(Conversation.objects.get(community=community)))
    ).extractall(out)
    export = polis_io.read_export(out)
    assert len(export.votes) == 6
    assert sorted(c.moderated for c in export.comments) == [-1, 1, 1]


def test_analyze_polis_prints_the_json_contract(tmp_path, capsys):
    call_command("analyze_polis", str(_folder(tmp_path)), "--json")
    summary = json.loads(capsys.readouterr().out)
    assert set(summary) == {"k", "groups", "representative", "consensus", "group_aware_consensus"}
    assert set(summary["consensus"]) == {"agree", "disagree"}
