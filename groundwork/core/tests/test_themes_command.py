"""manage.py themes: themes of any CSV, without the database."""

import csv
import json
import random
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

TOPICS = {
    "parks": ["park", "playground", "trees", "trail", "benches", "picnic", "garden"],
    "flood": ["flood", "drains", "storm", "river", "basement", "sandbags", "levee"],
    "bus": ["bus", "route", "schedule", "transit", "ride", "fare", "driver"],
}


def write_csv(path, *, with_ids=False, languages=False):
    rng = random.Random(0)
    rows = []
    for i in range(90):
        topic = sorted(TOPICS)[i % 3]
        text = " ".join(rng.choice(TOPICS[topic]) for _ in range(4)).capitalize()
        rows.append({"answer": text, "id": f"r{i}", "lang": "en"})
    rows.append({"answer": "", "id": "empty", "lang": "en"})
    with open(path, "w", newline="", encoding="utf-8") as handle:
        fields = ["answer"] + (["id"] if with_ids else []) + (["lang"] if languages else [])
        writer = csv.DictWriter(handle, fieldnames=fields, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return [r["answer"] for r in rows]


def run(*args):
    out = StringIO()
    call_command("themes", *args, stdout=out)
    return out.getvalue()


def test_json_output_uses_row_numbers(tmp_path):
    path = tmp_path / "a.csv"
    texts = write_csv(path)
    data = json.loads(run(str(path), "--text-column", "answer", "--json", "--lang", "en"))
    assert set(data) == {"themes", "other", "junk", "about"}
    assert len(data["themes"]) == 3
    seen = list(data["other"]) + data["junk"] + data["about"]
    for theme in data["themes"]:
        assert {"label", "size", "members", "quotes"} <= set(theme)
        assert theme["size"] == len(theme["members"])
        assert set(theme["quotes"]) <= set(theme["members"])
        seen += theme["members"]
    assert sorted(seen) == list(range(len(texts)))
    assert data["junk"] == [90]  # the empty row: set aside, not a theme


def test_id_and_language_columns(tmp_path):
    path = tmp_path / "b.csv"
    write_csv(path, with_ids=True, languages=True)
    data = json.loads(
        run(
            str(path),
            "--text-column",
            "answer",
            "--id-column",
            "id",
            "--lang-column",
            "lang",
            "--json",
        )
    )
    members = {m for t in data["themes"] for m in t["members"]} | set(data["other"])
    assert "r0" in members and data["junk"] == ["empty"]


def test_human_readable_output(tmp_path):
    path = tmp_path / "c.csv"
    texts = write_csv(path)
    out = run(str(path), "--text-column", "answer", "--k", "2", "--no-subthemes")
    assert "themes (lexical)" in out
    assert any(f"“{t}”" in out for t in texts if t)


def test_errors(tmp_path):
    path = tmp_path / "d.csv"
    write_csv(path, languages=True)
    with pytest.raises(CommandError):
        run(str(path), "--text-column", "nope")
    with pytest.raises(CommandError):
        run(str(tmp_path / "missing.csv"), "--text-column", "answer")
    with pytest.raises(CommandError):
        run(str(path), "--text-column", "answer", "--id-column", "lang")  # repeated ids
