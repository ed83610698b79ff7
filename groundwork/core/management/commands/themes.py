"""Print the themes of any CSV file's text column, without touching the database.

    manage.py themes answers.csv --text-column answer [--id-column id]
        [--lang es | --lang-column language] [--k 8] [--seed 0] [--json]

Row ids are the 0-based data-row index unless ``--id-column`` is given. ``--json`` prints
``{"themes": [{"label", "size", "members", "quotes", "subthemes"}], "other": [...], "junk": [...],
"about": [...]}`` with row ids only (subthemes have the same shape, without subthemes of their
own). "junk" and "about" are the rows set aside before clustering (nothing to group by;
self-descriptions), so every row is in exactly one of themes, other, junk and about.
"""

from __future__ import annotations

import csv
import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from groundwork.analysis.themes import Theme, find_themes


def _theme_json(theme: Theme, *, nested: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {
        "label": theme.label,
        "size": theme.size,
        "members": [m.id for m in theme.members],
        "quotes": [q.id for q in theme.quotes],
    }
    if nested:
        out["subthemes"] = [_theme_json(s, nested=False) for s in theme.subthemes]
    return out


class Command(BaseCommand):
    help = "Find themes in a text column of a CSV file (no database needed)."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="CSV file with a header row (UTF-8)")
        parser.add_argument("--text-column", required=True, help="column with the answers")
        parser.add_argument("--id-column", help="column with row ids (default: row number)")
        lang = parser.add_mutually_exclusive_group()
        lang.add_argument("--lang", help="language code of every row (e.g. en, es)")
        lang.add_argument("--lang-column", help="column with each row's language code")
        parser.add_argument("--k", type=int, help="number of themes (default: chosen)")
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument(
            "--backend", choices=["auto", "lexical", "semantic", "combined"], default="auto"
        )
        parser.add_argument("--no-subthemes", action="store_true")
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
        text_column = options["text_column"]
        try:
            with open(options["file"], encoding="utf-8-sig", newline="") as handle:
                reader = csv.DictReader(handle)
                fields = reader.fieldnames or []
                for column in (text_column, options["id_column"], options["lang_column"]):
                    if column and column not in fields:
                        raise CommandError(f"no column {column!r} in {options['file']}")
                rows = list(reader)
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            raise CommandError(str(exc)) from exc
        texts = [row.get(text_column) or "" for row in rows]
        ids: list[str | int]
        if options["id_column"]:
            ids = [row.get(options["id_column"]) or "" for row in rows]
            if len(set(ids)) != len(ids):
                raise CommandError(f"column {options['id_column']!r} has repeated ids")
        else:
            ids = list(range(len(rows)))
        languages: list[str | None] | str | None = options["lang"]
        if options["lang_column"]:
            languages = [row.get(options["lang_column"]) or None for row in rows]
        if options["k"] is not None and options["k"] < 1:
            raise CommandError("--k must be at least 1")
        result = find_themes(
            texts,
            ids=ids,
            languages=languages,
            k=options["k"],
            seed=options["seed"],
            backend=options["backend"],
            subthemes=not options["no_subthemes"],
        )
        if options["json"]:
            payload = {
                "themes": [_theme_json(t) for t in result.themes],
                "other": list(result.other),
                "junk": list(result.junk),
                "about": list(result.about),
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
            return
        in_themes = sum(t.size for t in result.themes)
        self.stdout.write(
            f"{len(result.themes)} themes ({result.backend}), {in_themes} of {len(texts)} rows "
            f"in a theme, {len(result.other)} other, {len(result.junk)} with nothing to group by, "
            f"{len(result.about)} describing their writer"
        )
        for theme in result.themes:
            self._print_theme(theme, indent="")
            for sub in theme.subthemes:
                self._print_theme(sub, indent="    ")

    def _print_theme(self, theme: Theme, *, indent: str) -> None:
        self.stdout.write(f"\n{indent}{theme.id}. {theme.label} ({theme.size})")
        if theme.words:
            self.stdout.write(f"{indent}   words: {', '.join(theme.words)}")
        for quote in theme.quotes:
            text = " ".join(quote.text.split())
            self.stdout.write(f"{indent}   [{quote.id}] “{text}”")
