"""Open data: everything a public planning process (or a network's catalog) publishes, as one
package anyone can download and reuse: CSV files with a Frictionless ``datapackage.json`` that
describes every column, or the same tables as one JSON document.

What is in it is exactly what an anonymous visitor sees on the pages, read through the same
selectors as anonymous: visible answers, themes with their sizes as shown (hidden when small),
statements open for votes with their vote counts (suppressed as on the results page), the
opinion groups of the newest analysis, and the published plan with its progress. Nothing of a
private community, and nothing a facilitator alone may see, is ever in it.
"""

import csv
import io
import json
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _

from groundwork.core.exports import spreadsheet_safe
from groundwork.planning import exports as planning_exports
from groundwork.planning import selectors as planning_selectors
from groundwork.planning.models import Process

# Types a column may have in a Table Schema (https://specs.frictionlessdata.io/table-schema/).
STRING, INTEGER, DATETIME, DATE = "string", "integer", "datetime", "date"


@dataclass
class Table:
    name: str
    description: str
    # (column, Table Schema type, description)
    fields: list[tuple[str, str, str]]
    rows: list[dict[str, Any]] = field(default_factory=list)


def _answers(process: Process, viewer: Any) -> Table:
    types = {"id": INTEGER, "created_at": DATETIME}
    columns = planning_exports.contribution_columns(moderator=False)
    contributions = planning_selectors.contribution_list(process=process, viewer=viewer)
    return Table(
        "answers",
        _("Answers to the five questions that are visible to everyone."),
        [(key, types.get(key, STRING), str(heading)) for key, heading in columns],
        list(
            planning_exports.contribution_rows(
                contributions.select_related("question", "gathering").order_by("id"),
                moderator=False,
            )
        ),
    )


def _themes(process: Process, viewer: Any) -> Table:
    from groundwork.themes.selectors import theme_export_rows

    rows = []
    for question in process.questions.all():
        for row in theme_export_rows(question=question, viewer=viewer):
            rows.append({"question": question.key, **row, "answers": row["answers"] or None})
    return Table(
        "themes",
        _("Themes of the answers to each question, subthemes after their theme."),
        [
            ("question", STRING, _("question")),
            ("key", STRING, _("theme")),
            ("label", STRING, _("label")),
            ("barrier_kind", STRING, _("kind of barrier")),
            ("parent", STRING, _("parent theme")),
            ("answers", INTEGER, _("answers (empty when too few to show)")),
            ("quote_1", STRING, _("quote")),
            ("quote_2", STRING, _("quote")),
            ("quote_3", STRING, _("quote")),
        ],
        rows,
    )


def _statements(process: Process) -> tuple[Table, Table]:
    from groundwork.deliberation.models import StatementModeration
    from groundwork.deliberation.results import results_context
    from groundwork.deliberation.selectors import public_vote_counts, with_vote_counts

    conversation = getattr(process, "conversation", None)
    statements: list[dict[str, Any]] = []
    groups: list[dict[str, Any]] = []
    if conversation is not None:
        accepted = conversation.statements.filter(moderation=StatementModeration.ACCEPTED)
        for s in with_vote_counts(accepted.order_by("id")):
            counts = public_vote_counts(s)
            statements.append(
                {
                    "id": s.pk,
                    "text": s.text,
                    "language": s.language,
                    "translation": s.translation,
                    "agree": counts["agree"],
                    "disagree": counts["disagree"],
                    "pass": counts["passed"],
                    "votes": counts["total"],
                }
            )
        for group in results_context(conversation).get("groups", []):
            groups.append(
                {
                    "group": group["label"],
                    "size": group["size"],
                    "representative": " | ".join(
                        str(r["statement"]) for r in group["representative"]
                    ),
                }
            )
    hidden = _("empty when too few to show")
    return (
        Table(
            "statements",
            _("Statements open for votes, with each person's latest vote counted."),
            [
                ("id", INTEGER, _("id")),
                ("text", STRING, _("statement")),
                ("language", STRING, _("language")),
                ("translation", STRING, _("translation")),
                ("agree", INTEGER, f"{_('agree')} ({hidden})"),
                ("disagree", INTEGER, f"{_('disagree')} ({hidden})"),
                ("pass", INTEGER, f"{_('pass')} ({hidden})"),
                ("votes", INTEGER, f"{_('votes')} ({hidden})"),
            ],
            statements,
        ),
        Table(
            "opinion_groups",
            _("Opinion groups of the newest analysis of the votes."),
            [
                ("group", STRING, _("group")),
                ("size", INTEGER, f"{_('people')} ({hidden})"),
                ("representative", STRING, _("ids of the statements that set it apart")),
            ],
            groups,
        ),
    )


def _plan(process: Process, viewer: Any) -> tuple[Table, Table]:
    from groundwork.plans import selectors as plan_selectors
    from groundwork.plans.exports import activity_columns, activity_rows, plan_document

    activities: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    plan = plan_selectors.plan_for_process(process)
    version = plan_selectors.latest_version(plan) if plan is not None else None
    if plan is not None and version is not None and viewer.has_perm("plans.view_plan", plan):
        live = plan_selectors.public_tracking(plan, version)
        activities = list(activity_rows(plan_document(plan, version, live)))
        updates = [
            {
                "activity": u.activity_id,
                "on_date": u.on_date.isoformat(),
                "progress": u.progress,
                "status": u.status,
                "note": u.note,
            }
            for u in plan_selectors.timeline(plan, version=version)
        ]
    types = {"id": INTEGER, "progress": INTEGER, "starts_on": DATE, "ends_on": DATE}
    return (
        Table(
            "plan_activities",
            _("Activities of the published plan, with what each builds on."),
            [(key, types.get(key, STRING), str(heading)) for key, heading in activity_columns()],
            activities,
        ),
        Table(
            "progress_updates",
            _("Progress updates on the published plan's activities."),
            [
                ("activity", INTEGER, _("activity id")),
                ("on_date", DATE, _("date")),
                ("progress", INTEGER, _("progress (%)")),
                ("status", STRING, _("status")),
                ("note", STRING, _("what happened")),
            ],
            updates,
        ),
    )


def process_tables(process: Process) -> list[Table]:
    """Every table of a process's open data, as an anonymous visitor may see it."""
    viewer = AnonymousUser()
    statements, groups = _statements(process)
    activities, updates = _plan(process, viewer)
    return [
        _answers(process, viewer),
        _themes(process, viewer),
        statements,
        groups,
        activities,
        updates,
    ]


@dataclass
class Package:
    name: str
    title: str
    description: str
    tables: list[Table]


def process_package(process: Process) -> Package:
    return Package(
        f"{process.community.slug}-{process.slug}".lower(),
        f"{process.community.name} · {process.title}",
        _(
            "What this planning process publishes: answers, themes, statements and votes, "
            "opinion groups and the plan. Counts of 1 to 10 people are left empty."
        ),
        process_tables(process),
    )


def network_package(network: Any) -> Package:
    """A network's public catalog: its coalitions as anyone sees them, the counties no
    coalition serves, its strategies and statewide goals."""
    from groundwork.landscape.forms import filtered_catalog

    catalog, _form = filtered_catalog(network=network, user=AnonymousUser(), data=None)
    coalitions = [
        {
            "slug": e.community.slug,
            "name": e.community.name,
            "coalition_name": e.community.coalition_name,
            "counties": ";".join(c.fips for c in e.counties),
            "stage": e.stage,
            "sectors": ";".join(e.community.sectors or []),
            "focus_areas": ";".join(e.community.focus_areas or []),
            "strategies": ";".join(s.key for s in e.strategies),
            "statewide_goals": ";".join(str(g.pk) for g in e.goals),
        }
        for e in catalog.entries
    ]
    listed = _("several values are separated by semicolons")
    return Package(
        network.slug.lower(),
        network.name,
        _("The network's public catalog of coalitions, its strategies and statewide goals."),
        [
            Table(
                "coalitions",
                _(
                    "Coalitions as the public catalog shows them, with their counties, stage "
                    "and strategies."
                ),
                [
                    ("slug", STRING, _("short name")),
                    ("name", STRING, _("name")),
                    ("coalition_name", STRING, _("coalition name")),
                    ("counties", STRING, f"{_('county FIPS codes')} ({listed})"),
                    ("stage", STRING, _("maturity stage")),
                    ("sectors", STRING, f"{_('sectors')} ({listed})"),
                    ("focus_areas", STRING, f"{_('focus areas')} ({listed})"),
                    ("strategies", STRING, f"{_('strategies')} ({listed})"),
                    ("statewide_goals", STRING, f"{_('statewide goal ids')} ({listed})"),
                ],
                coalitions,
            ),
            Table(
                "counties_without_coalition",
                _(
                    "Counties of the network's state that no coalition in the public catalog "
                    "serves."
                ),
                [("fips", STRING, _("county FIPS code")), ("name", STRING, _("county"))],
                [{"fips": r.county.fips, "name": r.county.name} for r in catalog.gaps],
            ),
            Table(
                "strategies",
                _("The network's strategies (its theory of change)."),
                [
                    ("key", STRING, _("short name")),
                    ("name_en", STRING, _("name in English")),
                    ("name_es", STRING, _("name in Spanish")),
                ],
                list(
                    network.strategies.order_by("position", "id").values(
                        "key", "name_en", "name_es"
                    )
                ),
            ),
            Table(
                "statewide_goals",
                _("The network's statewide goals."),
                [
                    ("id", INTEGER, _("id")),
                    ("title", STRING, _("title")),
                    ("description", STRING, _("description")),
                ],
                list(network.goals.order_by("id").values("id", "title", "description")),
            ),
        ],
    )


def datapackage(package: Package) -> dict[str, Any]:
    return {
        "profile": "tabular-data-package",
        "name": package.name,
        "title": package.title,
        "description": package.description,
        "resources": [
            {
                "name": table.name,
                "path": f"{table.name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "description": table.description,
                "schema": {
                    "fields": [
                        {"name": name, "type": kind, "description": description}
                        for name, kind, description in table.fields
                    ],
                    "missingValues": [""],
                },
            }
            for table in package.tables
        ],
    }


def _csv(table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    names = [name for name, _kind, _description in table.fields]
    writer.writerow(names)
    for row in table.rows:
        # Cells a spreadsheet would run as a formula are defused, as in every export.
        writer.writerow(
            ["" if row.get(name) is None else spreadsheet_safe(row.get(name)) for name in names]
        )
    return out.getvalue()


def zip_package(package: Package) -> bytes:
    """The CSV files and their datapackage.json, zipped."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "datapackage.json", json.dumps(datapackage(package), ensure_ascii=False, indent=2)
        )
        for table in package.tables:
            archive.writestr(f"{table.name}.csv", _csv(table))
    return buffer.getvalue()


def json_package(package: Package) -> dict[str, Any]:
    """The same tables as one JSON document, with the package's description."""
    return {
        "datapackage": datapackage(package),
        "tables": {table.name: table.rows for table in package.tables},
    }
