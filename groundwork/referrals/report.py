"""De-identified figures of a community's referrals. Every count passes through
``analysis.suppression`` (1–10 hidden, and whatever could be worked out from totals); a
sensitive service is never named: its referrals count under "sensitive services"."""

import statistics
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from groundwork.analysis.suppression import DEFAULT_THRESHOLD, Cell, Line, suppress, suppress_count
from groundwork.communities.models import Community, Network, Organization

from .models import Outcome, Referral, Status
from .needs import need_choices, need_labels

SENSITIVE = "__sensitive__"


@dataclass(frozen=True)
class Row:
    label: str
    cell: Cell
    code: str | None = None  # a stable value (status, outcome, need) where the label is one


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    rows: list[Row]
    total: Cell | None


@dataclass(frozen=True)
class Report:
    community: Community | None
    total: Cell
    tables: list[Table]
    median_days_to_accept: float | None
    accepted_count: Cell


def network_referral_report(*, network: Network, threshold: int = DEFAULT_THRESHOLD) -> Report:
    """The same figures over every community of a network (receiving organizations named
    with their community)."""
    return referral_report(
        communities=list(network.communities.all()),
        threshold=threshold,
        community=None,
        network=network,
    )


def referral_report(
    *,
    community: Community | None,
    threshold: int = DEFAULT_THRESHOLD,
    communities: list[Community] | None = None,
    network: Network | None = None,
) -> Report:
    """The figures of ``community`` (its network's need categories), or of ``communities``
    together (``network``'s categories)."""
    scope = [community] if community is not None else list(communities or [])
    rows = list(
        Referral.objects.filter(community__in=scope).values(
            "status",
            "needs",
            "outcome",
            "receiver_id",
            "service_id",
            "service__name",
            "service__name_es",
            "sensitive",
            "sent_at",
            "accepted_at",
        )
    )
    statuses = Counter(r["status"] for r in rows)
    by_status = [(str(label), statuses.get(value, 0)) for value, label in Status.choices]
    outcomes = Counter(r["outcome"] for r in rows if r["status"] == Status.CLOSED)
    by_outcome = [(str(label), outcomes.get(value, 0)) for value, label in Outcome.choices]
    codes: dict[str, list[str]] = {"status": Status.values, "outcome": Outcome.values}
    organizations = Organization.objects.filter(community__in=scope).select_related("community")
    names = {
        o.pk: o.name if community is not None else f"{o.name} ({o.community.name})"
        for o in organizations
    }
    receivers = Counter(r["receiver_id"] for r in rows)
    by_receiver = sorted(
        ((names.get(pk, "?"), n) for pk, n in receivers.items()), key=lambda item: item[0]
    )
    from groundwork.core.text import in_language

    # One row per service (two organizations may both offer "Food boxes": a name shared by
    # several services is followed by its organization's).
    services = Counter(SENSITIVE if r["sensitive"] else r["service_id"] for r in rows)
    service_labels: dict[Any, tuple[str, str]] = {
        r["service_id"]: (
            in_language(r["service__name"], r["service__name_es"]),
            names.get(r["receiver_id"], "?"),
        )
        for r in rows
        if not r["sensitive"]
    }
    shared = Counter(label for label, _organization in service_labels.values())

    def service_label(key: Any) -> str:
        if key == SENSITIVE:
            return str(_("Sensitive services"))
        label, organization = service_labels[key]
        return f"{label} · {organization}" if shared[label] > 1 else label

    by_service = sorted(
        ((service_label(k), n) for k, n in services.items()), key=lambda item: item[0]
    )
    # The lines share their totals: every referral (status, receiver, service) and the closed
    # ones (outcome, whose total is the "closed" status count). Suppressed together, so no
    # hidden count can be worked out by combining them.
    lines_in: list[tuple[str, str, list[tuple[str, int]], tuple[str, int]]] = [
        ("status", _("Referrals by status"), by_status, ("all", 0)),
        ("receiver", _("Referrals by receiving organization"), by_receiver, ("all", 0)),
        ("service", _("Referrals by service"), by_service, ("all", 0)),
    ]
    closed_index = Status.values.index(Status.CLOSED)
    lines_in.append(
        ("outcome", _("Outcomes of closed referrals"), by_outcome, ("status", closed_index))
    )
    values: dict[tuple[str, int], int] = {("all", 0): len(rows)}
    lines = []
    for key, _title, counts, total_key in lines_in:
        for i, (_label, count) in enumerate(counts):
            values[(key, i)] = count
        lines.append(Line(total_key, tuple((key, i) for i in range(len(counts)))))
    cells = suppress(values, lines, threshold=threshold)
    tables = [
        Table(
            key,
            title,
            [
                Row(label, cells[(key, i)], codes[key][i] if key in codes else None)
                for i, (label, _count) in enumerate(counts)
            ],
            cells[total_key],
        )
        for key, title, counts, total_key in lines_in
    ]
    # A referral may have several needs, so these counts are not a line with a total: each is
    # suppressed on its own. The categories offered, then retired ones and codes from
    # elsewhere (a community that changed networks) that were counted.
    needs = Counter(n for r in rows for n in r["needs"])
    where = community if community is not None else network
    offered = {code for code, _label in need_choices(where)}
    need_rows = [
        (code, label)
        for code, label in need_choices(where, retired=True)
        if code in offered or needs.get(code)
    ]
    known = {code for code, _label in need_rows}
    others = sorted(code for code in needs if code not in known)
    need_rows += list(zip(others, need_labels(where, others), strict=True))
    tables.append(
        Table(
            "need",
            _("Referrals by need (a referral may have several)"),
            [
                Row(str(label), suppress_count(needs.get(value, 0), threshold=threshold), value)
                for value, label in need_rows
            ],
            None,
        )
    )
    waits = [
        (r["accepted_at"] - r["sent_at"]).total_seconds() / 86400
        for r in rows
        if r["accepted_at"] and r["sent_at"]
    ]
    accepted = suppress_count(len(waits), threshold=threshold)
    median = round(statistics.median(waits), 1) if waits and not accepted.hidden else None
    return Report(
        community=community,
        total=cells[("all", 0)],
        tables=tables,
        median_days_to_accept=median,
        accepted_count=accepted,
    )


def report_csv_rows(report: Report) -> list[list[Any]]:
    """figure, category, count (blank when hidden)."""
    out: list[list[Any]] = [["figure", "category", "count"]]
    out.append(["referrals", "total", "" if report.total.hidden else report.total.value])
    for table in report.tables:
        for row in table.rows:
            out.append([table.key, row.label, "" if row.cell.hidden else row.cell.value])
        if table.total is not None:
            out.append([table.key, "total", "" if table.total.hidden else table.total.value])
    out.append(
        [
            "days_to_accept",
            "median",
            "" if report.median_days_to_accept is None else report.median_days_to_accept,
        ]
    )
    return out
