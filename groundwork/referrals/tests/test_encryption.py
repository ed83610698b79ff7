"""Personal fields are encrypted at rest, keys rotate, duplicates are found by keyed hash."""

import io

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection

from groundwork.referrals import crypto
from groundwork.referrals.actions import access, messaging, sending, statuses
from groundwork.referrals.models import AccessRecord, Message, Person, Referral

from .conftest import PHONE, refer

CLEAR = ["Rosa Delgado Ibarra", "Rosa", "Delgado", "555-0142", "9195550142", "poultry plant"]
CLEAR += ["rosa.delgado@example.net", "after 3 pm", "call her Tuesday"]


def _everything_stored() -> str:
    """Every value of every table, as the database holds it."""
    parts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 (table names from introspection)
            for row in cursor.fetchall():
                parts.extend(str(value) for value in row)
    return "\n".join(parts)


def _full_loop(w):  # type: ignore[no-untyped-def]
    food, housing = refer(w)
    access.referral_details_read(actor=w.people.pantry_staff, referral=food, reason="view")
    messaging.message_send(actor=w.people.counselor, referral=food, body="Please call her Tuesday")
    statuses.referral_transition(actor=w.people.pantry_staff, referral=food, to_status="accepted")
    return food, housing


def test_the_database_holds_no_clear_text_of_a_name_phone_or_note(world):
    for w in world:
        _full_loop(w)
    stored = _everything_stored()
    for text in CLEAR:
        assert text.casefold() not in stored.casefold(), text
    # And the values are there, readable through the application.
    person = Person.objects.filter(community=world[0].community).get()
    assert person.name == "Rosa Delgado Ibarra"
    assert person.phone == PHONE
    assert (
        Message.objects.filter(referral__community=world[1].community)
        .get()
        .body.startswith("Please")
    )


def test_without_keys_nothing_personal_can_be_stored(world, settings):
    settings.FIELD_ENCRYPTION_KEYS = []
    with pytest.raises(ImproperlyConfigured, match="FIELD_ENCRYPTION_KEYS"):
        refer(world[0])
    assert not Person.objects.exists()


def test_rotation_rewrites_every_value_with_the_newest_key(world, settings):
    for w in world:
        _full_loop(w)
    old = settings.FIELD_ENCRYPTION_KEYS[0]
    before = _everything_stored()
    new = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    out = io.StringIO()
    call_command("referrals_rotate_keys", stdout=out)
    assert "person: 2 rows" in out.getvalue()
    # The old key can go: everything reads with the new one alone.
    settings.FIELD_ENCRYPTION_KEYS = [new]
    assert {p.name for p in Person.objects.all()} == {"Rosa Delgado Ibarra"}
    assert {r.note for r in Referral.objects.all()} == {
        "Lost hours at the poultry plant; two children."
    }
    assert Message.objects.count() == 2
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM referrals_person")
        tokens = [row[0] for row in cursor.fetchall()]
    assert all(t not in before for t in tokens)
    assert all(crypto.newest_key_made(t) for t in tokens)
    # The old key alone no longer reads them.
    settings.FIELD_ENCRYPTION_KEYS = [old]
    with pytest.raises(ImproperlyConfigured):
        list(Person.objects.all())


def test_rotation_recomputes_the_lookup_hashes(world, settings):
    refer(world[0])
    settings.FIELD_LOOKUP_KEY = "another lookup secret, long enough"
    # Under the new look-up key the duplicate is missed until the command runs.
    assert not sending.duplicates_of(
        community=world[0].community,
        sender=world[0].school,
        phone=PHONE,
        email="",
        services=[world[0].food],
    )
    call_command("referrals_rotate_keys", stdout=io.StringIO())
    assert sending.duplicates_of(
        community=world[0].community,
        sender=world[0].school,
        phone=PHONE,
        email="",
        services=[world[0].food],
    )


def test_duplicates_are_found_by_keyed_hash_of_normalized_contact_details(world):
    w, other = world
    refer(w)
    refer(other)  # the same person in another community is another tenant's business
    with pytest.raises(sending.DuplicateReferral) as caught:
        refer(
            w,
            services_=[w.food],
            person=sending.PersonDetails(name="R. Delgado", phone="+1 919 555 0142"),
        )
    assert [r.service_id for r in caught.value.duplicates] == [w.food.pk]
    with pytest.raises(sending.DuplicateReferral):
        refer(
            w,
            services_=[w.housing],
            person=sending.PersonDetails(name="Rosa", email="  ROSA.Delgado@Example.NET "),
        )
    # Confirmed by the sender, it goes.
    assert refer(w, services_=[w.food], confirm_duplicate=True)
    # The hash is keyed: not a plain digest of the number, and it changes with the key.
    person = Person.objects.filter(community=w.community).first()
    import hashlib

    assert person.phone_hash != hashlib.sha256(b"9195550142").hexdigest()
    assert person.phone_hash == crypto.lookup_hash("phone", "9195550142")


def test_a_sensitive_referral_is_not_revealed_to_another_sender_by_the_duplicate_check(world):
    w = world[0]
    refer(w, services_=[w.recovery], method="signed")
    # Another organization refers the same person to the same sensitive service.
    from groundwork.communities.models import Membership, ReferralsRole

    Membership.objects.filter(user=w.people.bystander).update(referrals_role=ReferralsRole.STAFF)
    assert refer(w, actor=w.people.bystander, services_=[w.recovery], method="signed")
    with pytest.raises(sending.DuplicateReferral):
        refer(w, services_=[w.recovery], method="signed")


def test_access_records_are_append_only(world):
    food, _housing = _full_loop(world[0])
    record = AccessRecord.objects.get(referral=food)
    with pytest.raises(TypeError):
        record.save()
    with pytest.raises(TypeError):
        AccessRecord.objects.all().delete()
    with pytest.raises(TypeError):
        AccessRecord.objects.update(reason="export")
