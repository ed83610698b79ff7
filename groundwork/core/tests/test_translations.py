"""Every user-visible string has a Spanish translation that is neither missing nor fuzzy.

The catalog is re-extracted from the current source (in a copy of the tree), so a string added
to a template or to Python code without a translation fails here, not in front of a resident.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[3]
PO = ROOT / "groundwork" / "locale" / "es" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]")


def _fresh_catalog(tmp_path: Path) -> polib.POFile:
    copy = tmp_path / "groundwork"
    shutil.copytree(
        ROOT / "groundwork", copy, ignore=shutil.ignore_patterns("__pycache__", "static", "*.mo")
    )
    (tmp_path / "extract_settings.py").write_text(
        f"from groundwork.settings import *  # noqa\nLOCALE_PATHS = [{str(copy / 'locale')!r}]\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "extract_settings",
        "PYTHONPATH": f"{tmp_path}{os.pathsep}{ROOT}",
    }
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "manage.py"),
            "makemessages",
            "-l",
            "es",
            "--no-location",
            "--no-obsolete",
        ],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    return polib.pofile(str(copy / "locale" / "es" / "LC_MESSAGES" / "django.po"))


def test_spanish_catalog_is_complete(tmp_path):
    catalog = _fresh_catalog(tmp_path)
    assert len(catalog) > 100
    missing = [e.msgid for e in catalog.untranslated_entries()]
    fuzzy = [e.msgid for e in catalog.fuzzy_entries()]
    assert not missing, f"untranslated: {missing}"
    assert not fuzzy, f"fuzzy: {fuzzy}"


def test_committed_catalog_matches_the_source(tmp_path):
    fresh = {e.msgid for e in _fresh_catalog(tmp_path)}
    committed = {e.msgid for e in polib.pofile(str(PO)) if not e.obsolete}
    assert fresh == committed, "run `make messages` and translate the new strings"


def test_translations_keep_their_placeholders():
    """Every placeholder of the English is in the translation, and none is made up. In a
    plural entry, form 0 is the singular (n = 1): it has the singular's placeholders and may
    add the plural's count ("hace %(months)s mes") or, as English may, leave it out ("the last
    value"); the other forms have exactly the plural's."""
    for entry in polib.pofile(str(PO)):
        if not entry.msgid_plural:
            found = set(PLACEHOLDER.findall(entry.msgstr))
            assert found == set(PLACEHOLDER.findall(entry.msgid)), entry.msgid
            continue
        singular = set(PLACEHOLDER.findall(entry.msgid))
        plural = set(PLACEHOLDER.findall(entry.msgid_plural))
        for form, translated in entry.msgstr_plural.items():
            found = set(PLACEHOLDER.findall(translated))
            if int(form) == 0:
                assert singular <= found <= singular | plural, (entry.msgid, translated)
            else:
                assert found == plural, (entry.msgid_plural, translated)


def test_plural_messages_are_spanish_for_every_count():
    """The catalog's Plural-Forms must match the forms each plural entry has: with three
    forms declared and two written, "9 coalitions match." stayed English on Spanish pages."""
    from django.utils import translation
    from django.utils.translation import ngettext

    catalog = polib.pofile(str(PO))
    header = catalog.metadata["Plural-Forms"]
    nplurals = int(re.search(r"nplurals=(\d+)", header).group(1))
    plurals = [e for e in catalog if e.msgid_plural and not e.obsolete]
    assert plurals
    for entry in plurals:
        assert len(entry.msgstr_plural) == nplurals, entry.msgid
    english = []
    with translation.override("es"):
        for entry in plurals:
            for n in (0, 1, 2, 9, 46, 1000000):
                shown = ngettext(entry.msgid, entry.msgid_plural, n)
                if shown in (entry.msgid, entry.msgid_plural) and shown not in (
                    entry.msgstr_plural.values()
                ):
                    english.append((n, entry.msgid))
    assert not english, english[:10]


def test_the_compiled_catalog_serves_every_translation():
    """The compiled file (.mo) is the catalogue as committed: a stale one (compilemessages
    skips a .mo newer than its .po, as after a merge) shows new strings in English."""
    from django.utils import translation
    from django.utils.translation import gettext, pgettext

    catalog = polib.pofile(str(PO))
    stale = []
    with translation.override("es"):
        for entry in catalog:
            if entry.obsolete or entry.msgid_plural or not entry.msgstr:
                continue
            shown = pgettext(entry.msgctxt, entry.msgid) if entry.msgctxt else gettext(entry.msgid)
            if shown != entry.msgstr:
                stale.append(entry.msgid)
    assert not stale, (
        f"run `make messages`: {len(stale)} translations not compiled, e.g. {stale[:3]}"
    )
