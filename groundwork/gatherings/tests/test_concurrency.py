"""People registering and cancelling at the same moment: the gathering's row is locked
(SELECT … FOR UPDATE on PostgreSQL, an IMMEDIATE transaction on SQLite), so seats are never
over-given, one address holds one place, and the waitlist moves up in order. On PostgreSQL
(scripts/with-postgres.sh): the tests' in-memory SQLite database shares one cache between
threads, whose table locks do not wait; a SQLite file serializes writers by its IMMEDIATE
transactions anyway."""

import threading

import pytest
from django.db import connection

from groundwork.core.errors import ApplicationError
from groundwork.gatherings import services
from groundwork.gatherings.models import Registration, Status

from .helpers import make_gathering

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrent connections: PostgreSQL"
    ),
]


def _together(calls):  # type: ignore[no-untyped-def]
    """Run the calls in threads released at once; returns (results, errors)."""
    barrier = threading.Barrier(len(calls))
    results, errors = [], []

    def run(call):  # type: ignore[no-untyped-def]
        try:
            barrier.wait(30)
            results.append(call())
        except ApplicationError as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return results, errors


def _register(gathering, n, email=None):  # type: ignore[no-untyped-def]
    return lambda: services.registration_create(
        gathering=gathering, name=f"P{n}", email=email or f"p{n}@example.org", language="en"
    )


def test_last_seat_and_same_address_at_once(tenant, other_tenant):  # type: ignore[no-untyped-def]
    gathering = make_gathering(tenant.community, tenant.coordinator, capacity=2)
    elsewhere = make_gathering(other_tenant.community, other_tenant.coordinator, capacity=2)
    results, errors = _together([_register(gathering, n) for n in range(6)])
    assert not errors
    statuses = sorted(r.status for r in results)
    assert statuses.count(Status.REGISTERED) == 2 and statuses.count(Status.WAITLISTED) == 4
    # The same address twice at once: one place, one refusal.
    results, errors = _together([_register(elsewhere, n, "same@example.org") for n in range(3)])
    assert len(results) == 1 and len(errors) == 2
    assert elsewhere.registrations.count() == 1


def test_cancels_at_once_promote_the_waitlist_in_order(tenant, other_tenant):  # type: ignore[no-untyped-def]
    gathering = make_gathering(tenant.community, tenant.coordinator, capacity=2)
    people = [_register(gathering, n)() for n in range(5)]  # 2 seats, 3 waiting in order
    seats = [p for p in people if p.status == Status.REGISTERED]
    _results, errors = _together(
        [lambda r=r: services.registration_cancel(registration=r) for r in seats]
    )
    assert not errors
    now = {r.name: r.status for r in Registration.objects.filter(gathering=gathering)}
    assert now == {
        "P0": "cancelled",
        "P1": "cancelled",
        "P2": "registered",
        "P3": "registered",
        "P4": "waitlisted",
    }
