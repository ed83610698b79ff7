"""Grants as 360Giving data (https://standard.threesixtygiving.org): a JSON package
``{"grants": [...]}`` and the flat CSV with the standard's column titles.

The fields the standard requires of every grant are written for each (id, title, description,
currency, amountAwarded, awardDate, recipientOrganization and fundingOrganization, each
organisation with an id and a name); the grant period goes in plannedDates. Amounts are
numbers in whole units with cents, never localized. Identifiers: the network's prefix and the
grant's number (``360G-groundwork-<network>-<id>``), and for organisations without a known
identifier one made the same way, as the standard's guidance allows."""

import csv
import io
from decimal import Decimal
from typing import Any

from .models import Grant

REQUIRED = (
    "id",
    "title",
    "description",
    "currency",
    "amountAwarded",
    "awardDate",
    "recipientOrganization",
    "fundingOrganization",
)

CSV_COLUMNS = (
    ("Identifier", lambda g: g["id"]),
    ("Title", lambda g: g["title"]),
    ("Description", lambda g: g["description"]),
    ("Currency", lambda g: g["currency"]),
    ("Amount Awarded", lambda g: g["amountAwarded"]),
    ("Award Date", lambda g: g["awardDate"]),
    ("Planned Dates:Start Date", lambda g: g["plannedDates"][0]["startDate"]),
    ("Planned Dates:End Date", lambda g: g["plannedDates"][0]["endDate"]),
    ("Recipient Org:Identifier", lambda g: g["recipientOrganization"][0]["id"]),
    ("Recipient Org:Name", lambda g: g["recipientOrganization"][0]["name"]),
    ("Funding Org:Identifier", lambda g: g["fundingOrganization"][0]["id"]),
    ("Funding Org:Name", lambda g: g["fundingOrganization"][0]["name"]),
)


def _prefix(grant: Grant) -> str:
    return f"360G-groundwork-{grant.network.slug}"


def grant_record(grant: Grant) -> dict[str, Any]:
    prefix = _prefix(grant)
    amount = Decimal(grant.amount_cents) / 100
    return {
        "id": f"{prefix}-{grant.pk}",
        "title": grant.title,
        "description": grant.description or grant.title,
        "currency": grant.currency,
        "amountAwarded": float(amount) if amount % 1 else int(amount),
        "awardDate": grant.awarded_on.isoformat(),
        "plannedDates": [
            {"startDate": grant.starts_on.isoformat(), "endDate": grant.ends_on.isoformat()}
        ],
        "recipientOrganization": [
            {"id": f"{prefix}-recipient-{grant.pk}", "name": grant.recipient}
        ],
        "fundingOrganization": [
            {
                "id": grant.funder.identifier or f"{prefix}-funder-{grant.funder_id}",
                "name": grant.funder.name,
            }
        ],
    }


def package(grants: list[Grant]) -> dict[str, Any]:
    return {"grants": [grant_record(g) for g in grants]}


def to_csv(grants: list[Grant]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([title for title, _get in CSV_COLUMNS])
    for grant in grants:
        record = grant_record(grant)
        writer.writerow([get(record) for _title, get in CSV_COLUMNS])
    return out.getvalue()
