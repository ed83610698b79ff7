"""Both languages together: English and Spanish answers about one subject meet in one theme.

The theme engine compares answers by their words. An English answer about rent and a Spanish one
about "la renta" or "el alquiler" share no word, so without help they form two parallel themes.
This module maps the words of both languages to shared **concepts** from a bilingual glossary of
the subjects community planning answers talk about (``data/civic_glossary.csv``: housing /
vivienda, rent / alquiler / renta, flood / inundación, school / escuela, ...), so that the
answers' term vectors share those features whatever their language.

How it works
------------
* The glossary lists, per concept, its written forms in English and in Spanish (single words or
  short phrases). Each form is folded exactly as answers are folded
  (:class:`groundwork.analysis.text.TextAnalyzer`: stop words dropped, English plurals folded,
  Spanish Snowball stems, accents stripped), so inflected forms ("inundaciones", "inundó",
  "floods") meet their listed form without being listed one by one. A folded form belongs to
  one concept only, and a phrase must keep two words once folded ("one stop" would stand for
  every "stop"): :func:`glossary_conflicts` lists any form that breaks either rule.
* In an answer, the longest run of neighbouring content words that is a folded form becomes the
  concept's term (``~flood``, ``~childcare``) in place of those words (stop words between them
  are skipped, two in a row at most: "cuidado de los niños"); every other word stays as it
  is. Bigrams are then built over the mapped sequence as before.
* The mapping is used only when a corpus is **bilingual** (:func:`concepts_for`): at least two
  of the glossary's languages each hold at least 5% of the answers (and at least 3). A corpus in
  one language keeps its words exactly as before, so nothing changes for it.
* A theme model fitted with concepts has concept terms in its vocabulary
  (:func:`uses_concepts`), so new answers placed in stored themes are mapped the same way.

Labels stay phrases taken verbatim from the answers (:mod:`groundwork.analysis.theme_labels`):
a bilingual theme gets one label per language from its members in that language, so each
viewer reads the theme's name in their own language, and its quotes come from both.

Extending the glossary: add a row ``concept,english forms,spanish forms`` (forms separated by
``|``), or more forms to a row; list a verb's forms that an English plural folding does not
reach ("flooded", "flooding"). The test suite fails when a folded form would belong to two
concepts. No Django imports.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from groundwork.analysis.text import TextAnalyzer, base_language, guess_language

__all__ = [
    "CONCEPT_PREFIX",
    "GLOSSARY_PATH",
    "Glossary",
    "concepts_for",
    "glossary_conflicts",
    "is_concept",
    "load_glossary",
    "uses_concepts",
]

#: Concept terms start with this character, which no folded word can hold.
CONCEPT_PREFIX = "~"
GLOSSARY_PATH = Path(__file__).resolve().parent / "data" / "civic_glossary.csv"

#: A language counts in a corpus when it holds at least this share of the answers ...
_MIN_SHARE = 0.05
#: ... and at least this many of them.
_MIN_ANSWERS = 3
#: The words of a phrase may stand apart by this many dropped words in a row.
_MAX_GAP = 2


def is_concept(term: str) -> bool:
    """Whether a (unigram) term is a concept of the glossary."""
    return term.startswith(CONCEPT_PREFIX)


@dataclass
class Glossary:
    """Folded forms of every concept by language, and each concept's written forms."""

    languages: tuple[str, ...]
    #: language -> folded form (tuple of folded words) -> concept term ("~housing")
    forms: dict[str, dict[tuple[str, ...], str]]
    #: concept term -> language -> written forms, first the preferred one
    written: dict[str, dict[str, list[str]]]
    #: folded forms claimed by two concepts (language, form, first concept, second concept),
    #: or phrases that fold to one word (language, form, concept, the phrase)
    conflicts: list[tuple[str, tuple[str, ...], str, str]] = field(default_factory=list)

    @cached_property
    def longest(self) -> int:
        """Words in the longest form (computed once: apply runs on every text)."""
        return max((len(f) for forms in self.forms.values() for f in forms), default=1)

    def apply(self, language: str, segments: Sequence[str | None]) -> list[str | None]:
        """The folded words of one text (None where a bigram may not span) with every run of
        neighbouring words that is a concept's form replaced by the concept's term (longest
        run first, left to right)."""
        table = self.forms.get(base_language(language))
        if not table:
            return list(segments)
        longest = self.longest
        out: list[str | None] = []
        i = 0
        n = len(segments)
        while i < n:
            token = segments[i]
            if token is None:
                out.append(None)
                i += 1
                continue
            matched = 0
            concept = ""
            run: list[str] = []
            gap = 0
            j = i
            # A phrase's words may stand apart by dropped stop words ("cuidado de los niños").
            while j < n and len(run) < longest and gap <= _MAX_GAP:
                word = segments[j]
                j += 1
                if word is None:
                    gap += 1
                    continue
                gap = 0
                run.append(word)
                found = table.get(tuple(run))
                if found is not None:
                    matched, concept = j - i, found
            if matched:
                out.append(concept)
                i += matched
            else:
                out.append(token)
                i += 1
        return out

    def shown(self, concept: str, language: str) -> str:
        """A concept's preferred written form in a language (else in any language)."""
        by_language = self.written.get(concept, {})
        forms = by_language.get(base_language(language)) or next(iter(by_language.values()), [])
        return forms[0] if forms else concept.lstrip(CONCEPT_PREFIX).replace("_", " ")


def _split_forms(cell: str) -> list[str]:
    return [f.strip() for f in cell.split("|") if f.strip()]


@lru_cache(maxsize=4)
def load_glossary(path: str | None = None) -> Glossary:
    """The glossary at ``path`` (default: the project's civic glossary), its forms folded."""
    source = Path(path) if path else GLOSSARY_PATH
    with source.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    languages = tuple(c for c in (rows[0].keys() if rows else ()) if c != "concept")
    analyzer = TextAnalyzer(bigrams=False)
    forms: dict[str, dict[tuple[str, ...], str]] = {lang: {} for lang in languages}
    written: dict[str, dict[str, list[str]]] = {}
    conflicts: list[tuple[str, tuple[str, ...], str, str]] = []
    for row in rows:
        concept = CONCEPT_PREFIX + row["concept"].strip()
        for lang in languages:
            listed = _split_forms(row.get(lang) or "")
            written.setdefault(concept, {})[lang] = listed
            singles = {
                tuple(analyzer.tokens(form, lang))
                for form in listed
                if len(form.replace("-", " ").split()) == 1
            }
            for form in listed:
                folded = tuple(analyzer.tokens(form, lang))
                if not folded:
                    continue
                if (
                    len(folded) == 1
                    and len(form.replace("-", " ").split()) > 1
                    and folded not in singles
                ):
                    # "one stop" would stand for every "stop": a phrase must keep two words
                    # (unless the word alone is one of the concept's forms: "every spring").
                    conflicts.append((lang, folded, concept, f"the phrase {form!r}"))
                    continue
                owner = forms[lang].get(folded)
                if owner is not None and owner != concept:
                    conflicts.append((lang, folded, owner, concept))
                    continue
                forms[lang][folded] = concept
    return Glossary(languages, forms, written, conflicts)


def glossary_conflicts(path: str | None = None) -> list[str]:
    """Folded forms that two concepts of the glossary claim, as readable lines."""
    glossary = load_glossary(path)
    return [
        f"{lang}: {' '.join(form)!r} in {first} and {second}"
        for lang, form, first, second in glossary.conflicts
    ]


def _languages_of(texts: Sequence[str], languages: Sequence[str | None] | None) -> Iterable[str]:
    for i, text in enumerate(texts):
        lang = base_language(languages[i]) if languages is not None else ""
        yield lang or guess_language(text)


def concepts_for(
    texts: Sequence[str],
    languages: Sequence[str | None] | None = None,
    glossary: Glossary | None = None,
) -> Glossary | None:
    """The glossary, when the answers are bilingual in its languages (two of them each hold at
    least 5% of the answers, and at least 3); None otherwise (one language keeps its words)."""
    if not texts:
        return None
    glossary = glossary or load_glossary()
    counts = Counter(_languages_of(texts, languages))
    needed = max(_MIN_ANSWERS, _MIN_SHARE * len(texts))
    present = [lang for lang in glossary.languages if counts.get(lang, 0) >= needed]
    return glossary if len(present) >= 2 else None


def uses_concepts(vocabulary: Iterable[str]) -> Glossary | None:
    """The glossary, when a fitted vocabulary holds concept terms (so that new answers are
    mapped as the ones it was fitted on); None otherwise."""
    if any(CONCEPT_PREFIX in term for term in vocabulary):
        return load_glossary()
    return None
