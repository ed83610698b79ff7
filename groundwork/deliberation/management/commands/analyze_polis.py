"""Print opinion groups, representative and consensus statements of a Pol.is export folder,
without touching the database."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from groundwork.analysis.polis_io import analyze_folder, read_comments


class Command(BaseCommand):
    help = "Analyse a Pol.is export folder (comments.csv, votes.csv or participants-votes.csv)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("folder")
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        parser.add_argument("--seed", type=int, default=0)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = analyze_folder(options["folder"], seed=options["seed"])
        except (OSError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(summary, ensure_ascii=False))
            return
        texts: dict[str, str] = {}
        try:
            comments, _columns = read_comments(f"{options['folder']}/comments.csv")
            texts = {str(c.comment_id): c.body for c in comments}
        except (OSError, ValueError):
            pass
        sizes: dict[int, int] = {}
        for group in summary["groups"].values():
            sizes[group] = sizes.get(group, 0) + 1
        self.stdout.write(f"{summary['k']} groups, {len(summary['groups'])} participants clustered")
        for group in sorted(sizes):
            self.stdout.write(f"\nGroup {group}: {sizes[group]} participants")
            for sid in summary["representative"].get(str(group), []):
                self.stdout.write(f"  [{sid}] {texts.get(str(sid), '')[:100]}")
        for kind in ("agree", "disagree"):
            self.stdout.write(f"\nConsensus ({kind}):")
            for sid in summary["consensus"][kind]:
                self.stdout.write(f"  [{sid}] {texts.get(str(sid), '')[:100]}")
        best = sorted(summary["group_aware_consensus"].items(), key=lambda kv: -kv[1])[:5]
        self.stdout.write("\nGroup-aware consensus (top 5):")
        for sid, value in best:
            self.stdout.write(f"  [{sid}] {value:.3f} {texts.get(sid, '')[:90]}")
