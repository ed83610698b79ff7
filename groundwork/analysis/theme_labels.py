"""Names and quotes for themes that people can plan from. No Django imports.

Theme labels (:func:`theme_label`)
----------------------------------
A theme is named by one or two short **noun phrases taken from its answers**, joined by the
answers' own word for "and" ("Online voting and security", "Cuidado de niños y transporte"):

1. *Candidates* are contiguous runs of words inside one sentence part (punctuation ends a run)
   with a content word at each edge: never a stop word, a number or a weak word ("people",
   "good", "more", "gente") at an edge, and never a lone stop word. Inside a run only a few
   linking words may stand ("access **to** care", "cuidado **de** niños", at most two in a row),
   with at most three content words and five words in all. A candidate's identity is its words
   folded as the theme engine folds them (plurals and stems), so "home ownership" and "homes
   ownership" are one candidate; it is **shown in its most frequent written form**, verbatim
   from the answers (never a stem), lower-cased only where a sentence's first capital would be
   misleading. Chinese and Japanese are written without spaces: there a word is a run of at
   most four characters between spaces or punctuation, with no function character ("我覺得",
   "I think", never names a theme) and no letters of another script run into it; a theme with
   no such phrase is named by its most distinctive character pair, shown as the word the
   answers write it in ("交通部" for "通部", :func:`cjk_word`).
2. *Scores* are class-based and count people, not posts: ``p`` is the share of the theme's
   authors who used the phrase, ``q`` the share of all authors who did (over the whole corpus,
   or an even sample of 4,000 answers for larger ones; the theme's 600 strongest members at
   most), and the score is
   ``p · log(1 + p / q)`` (frequent in the theme, and more frequent there than elsewhere, as
   c-TF-IDF), times a small bonus for two- and three-word phrases, which read better than a
   single word. A phrase must come from at least two authors when the theme has two; one
   participant's repeated word can therefore never name a theme. Without author information
   every answer is its own author.
3. *Redundancy*: a phrase is replaced by a longer phrase containing it when at least half as
   many people used the longer one; the second phrase shares no folded word with the first
   (so "home ownership" is not followed by "home"), is in the same language, and must score at
   least 40% of the first; otherwise the label is one phrase.

Subtheme labels (:func:`claim_labels`)
--------------------------------------
A subtheme is named by its most representative claim: a sentence of one of its strongest
members, verbatim and trimmed (at a clause boundary, or after whole words with "…"), scored by
the words that set the subtheme apart from its siblings, short and informative, and distinct
from its siblings' labels.

Quotes (:func:`pick_quotes`)
----------------------------
Maximal marginal relevance over the members: each next quote is the one with the best
``0.7 · relevance − 0.3 · (largest word overlap with a quote already chosen)``, relevance being
the member's strength relative to the strongest member's. Uninformative answers ("I agree",
"Estoy de acuerdo", fewer than four words or three content words) are skipped, no two quotes
come from one author, and when the theme holds opposite positions (at least two informative
answers on each side, by negation and disagreement cues and a small list of sentiment words in
English and Spanish), at least one quote from each side is shown.

Every result is deterministic: every order is derived from the data, ties by position.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from groundwork.analysis.text import (
    CJK_FUNCTION_CHARACTERS,
    base_language,
    cjk_characters,
    fold_word,
    guess_language,
    stop_words,
    strip_accents,
)

__all__ = [
    "CONNECTORS",
    "Phrase",
    "PhraseIndex",
    "capitalised",
    "claim_labels",
    "cjk_word",
    "connector",
    "is_informative",
    "phrase_index",
    "pick_quotes",
    "stance",
    "theme_label",
    "theme_labels",
    "theme_phrases",
]

Author = Hashable


def _wordset(words: str) -> frozenset[str]:
    """The whitespace-separated words of a block of text."""
    return frozenset(words.split())


def _plain_words(words: str) -> frozenset[str]:
    """The words of a block of text, accents stripped."""
    return frozenset(strip_accents(w) for w in words.split())


#: The word that joins two phrases of a label, by language.
CONNECTORS: dict[str, str] = {
    "en": "and",
    "es": "y",
    "de": "und",
    "fr": "et",
    "pt": "e",
    "it": "e",
    "nl": "en",
    "ca": "i",
}

_MAX_CONTENT = 3
_MAX_WORDS = 5
_MAX_LINKS = 2
_SAMPLE = 4_000
_THEME_SAMPLE = 600
_SECOND_SHARE = 0.4
_EXTEND_SHARE = 0.5
_LENGTH_BONUS = {1: 1.0, 2: 1.35, 3: 1.45}

# Words that may stand inside a phrase but never at its edge ("access to care").
_LINKS: dict[str, frozenset[str]] = {
    "en": _wordset("of for to the in on at with"),
    "es": _wordset("de del la las el los a al en para con por"),
    "de": _wordset("der die das des dem den fur von vom zum zur im am mit"),
}
# Content words too vague to begin or end a name ("people", "good", "more", "gente").
_WEAK: dict[str, frozenset[str]] = {
    "en": _wordset("""
        people person lot lots way ways good great bad better best new many much more most
        less very important agree disagree feel believe say said see know look lead needed
        use used using able kind sort stuff right wrong sure going time times year years
        everyone everybody someone somebody anyone anything everything something nothing
        one two three first second last next different same certain whole real actually
        always never often already still even ever well enough possible current currently
        available allow allowed work working help helps support supported issue issues
        problem problems comment comments point question thank thanks please hello hi yeah
        area areas place places part parts local high provide provided directly
        instead especially half little hard later together away apart ago really quite rather
        maybe perhaps probably certainly definitely simply basically mostly mainly nearly
        almost thing things stuff whatever ones etc else otherwise anyway back mid empty
        afraid hardest easier easy worst biggest running going coming getting
        """),
    "es": _plain_words("""
        gente personas persona mucho mucha muchos muchas bueno buena buenos buenas malo mala
        mejor peor nuevo nueva nuevos nuevas más menos importante acuerdo creo pienso dice
        dicen decir ver saber tiempo año años alguien nadie cosa nada siempre nunca ya todavía
        mismo misma igual cierto verdad hacer hace hay ayuda problema problemas gracias hola
        varias varios algunas algunos directamente además especialmente mitad poco poca
        pocos pocas difícil después antes casi realmente otra otro demás demasiado
        demasiada pasado pasada cerca lejos fuerte
        """),
    "de": _plain_words("""
        leute menschen gut gute guten besser beste neu neue neuen wichtig viel viele mehr
        finde glaube sagen jahr jahre zeit problem probleme danke hallo
        """),
}

_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
#: Chinese and Japanese are written without spaces, so a "word" here is a whole run of
#: characters between punctuation. It can name a theme only when it reads as one word
#: (:func:`_cjk_word_like`).
_CJK_WORD_MAX = 4


def _cjk_word_like(run: str) -> bool:
    """Whether a run of Chinese or Japanese characters reads as one word: at most
    ``_CJK_WORD_MAX`` characters, all of them Chinese or Japanese (no letters of another script
    run into it: "Uber應該"), none a function character ("我覺得", "I think", names nothing)."""
    return (
        len(run) <= _CJK_WORD_MAX
        and cjk_characters(run) == len(run)
        and not CJK_FUNCTION_CHARACTERS.intersection(run)
    )


_SENTENCE_END = re.compile(r"[.!?¿¡…。！？\n]")


# --------------------------------------------------------------------------------------------
# Tokens


class _Token(NamedTuple):
    text: str
    key: str  # folded form; "" when the token ends a run
    kind: int  # _CONTENT, _LINK, _WEAK or _BREAK
    start: int
    end: int
    sentence_start: bool
    before: str  # the word before it in the same run of text, casefolded ("" at a break)
    plain: str  # the word itself, casefolded, accents stripped


_CONTENT, _LINK, _WEAK_KIND, _BREAK = 0, 1, 2, 3


@lru_cache(maxsize=256)
def _base(code: str | None) -> str:
    return base_language(code)


@lru_cache(maxsize=200_000)
def _plain(word: str) -> str:
    return strip_accents(word.casefold().replace("’", "'"))


def _language(text: str, language: str | None) -> str:
    lang = _base(language)
    return lang or guess_language(text)


def _fold(word: str, lang: str) -> str:
    return "-".join(fold_word(part, lang) for part in word.split("-"))


@lru_cache(maxsize=200_000)
def _classify(word: str, lang: str) -> tuple[int, str]:
    lowered = word.casefold().replace("’", "'")
    plain = strip_accents(lowered)
    if len(plain) < 2 or plain.replace("-", "").isdigit():
        return _BREAK, ""
    if plain in _LINKS.get(lang, frozenset()):
        return _LINK, plain
    if plain in stop_words(lang):
        return _BREAK, ""
    if cjk_characters(word) and not _cjk_word_like(word):
        return _BREAK, ""
    key = _fold(word, lang)
    if plain in _WEAK.get(lang, frozenset()) or key in _WEAK.get(lang, frozenset()):
        return _WEAK_KIND, key
    return _CONTENT, key


@lru_cache(maxsize=16_384)
def _tokens(text: str, lang: str) -> tuple[_Token, ...]:
    return tuple(_scan(text, lang))


def _scan(text: str, lang: str) -> list[_Token]:
    out: list[_Token] = []
    previous_end = 0
    sentence_start = True
    for match in _WORD.finditer(text):
        gap = text[previous_end : match.start()]
        if out and gap.strip():
            # Punctuation between two words ends a run; a sentence end starts a new sentence.
            out.append(_Token("", "", _BREAK, previous_end, match.start(), False, "", ""))
            if _SENTENCE_END.search(gap):
                sentence_start = True
        elif not out:
            sentence_start = True
        kind, key = _classify(match.group(), lang)
        before = "" if not out or out[-1].kind == _BREAK and not out[-1].text else out[-1].text
        out.append(
            _Token(
                match.group(),
                key,
                kind,
                match.start(),
                match.end(),
                sentence_start,
                _plain(before) if before else "",
                _plain(match.group()),
            )
        )
        sentence_start = False
        previous_end = match.end()
    return out


def _runs(tokens: Sequence[_Token], verbs: frozenset[str] = frozenset()) -> list[tuple[int, int]]:
    """(first, last) token positions of every candidate phrase in a text (``verbs``: written
    words, accents stripped, that read as verbs in this corpus: a name is a noun phrase, so
    they end a run)."""
    spans: list[tuple[int, int]] = []
    n = len(tokens)
    for i in range(n):
        if tokens[i].kind != _CONTENT or tokens[i].plain in verbs:
            continue
        content = 0
        links = 0
        for j in range(i, min(n, i + _MAX_WORDS)):
            kind = tokens[j].kind
            if kind == _BREAK or tokens[j].plain in verbs:
                break
            if kind == _LINK:
                links += 1
                if links > _MAX_LINKS:
                    break
                continue
            links = 0
            content += 1
            if content > _MAX_CONTENT:
                break
            if kind == _CONTENT:
                spans.append((i, j))
    return spans


def _phrase_key(tokens: Sequence[_Token], i: int, j: int) -> tuple[str, ...]:
    return tuple(t.key for t in tokens[i : j + 1])


def _content_keys(key: tuple[str, ...], lang: str) -> frozenset[str]:
    links = _LINKS.get(lang, frozenset())
    return frozenset(k for k in key if k not in links)


def _shown(text: str, tokens: Sequence[_Token], i: int, j: int, capital_nouns: bool = False) -> str:
    """The phrase as written: its own characters, whitespace collapsed, shouting quietened, and
    a sentence's first capital lowered when nothing else in the phrase is capitalised."""
    raw = " ".join(text[tokens[i].start : tokens[j].end].split())
    words = raw.split(" ")
    words = [w.lower() if len(w) > 4 and w.isupper() else w for w in words]
    first = words[0]
    if (
        capital_nouns is False
        and tokens[i].sentence_start
        and first[:1].isupper()
        and first[1:] == first[1:].lower()
        and not any(w[:1].isupper() for w in words[1:])
    ):
        words[0] = first[:1].lower() + first[1:]
    return " ".join(words)


# --------------------------------------------------------------------------------------------
# The corpus index


@dataclass
class PhraseIndex:
    """Candidate phrases of a corpus: the author share of every phrase over the corpus (or an
    even sample of it), and the phrases of each answer, found when first asked for."""

    texts: Sequence[str]
    languages: list[str]
    authors: list[Author]
    keys: dict[tuple[str, ...], int]
    share: dict[int, float]  # phrase id -> share of authors (in the sample) who used it
    sample_authors: int
    _doc_phrases: dict[int, frozenset[int]]
    verbs: dict[str, frozenset[str]]

    def phrases_of(self, doc: int) -> frozenset[int]:
        found = self._doc_phrases.get(doc)
        if found is None:
            lang = self.languages[doc]
            tokens = _tokens(self.texts[doc], lang)
            ids: set[int] = set()
            for i, j in _runs(tokens, self.verbs.get(lang, frozenset())):
                key = (lang, *_phrase_key(tokens, i, j))
                ids.add(self.keys.setdefault(key, len(self.keys)))
            found = frozenset(ids)
            self._doc_phrases[doc] = found
        return found


def _doc_languages(texts: Sequence[str], languages: Sequence[str | None] | None) -> list[str]:
    if languages is None:
        return [_language(t, None) for t in texts]
    return [_language(t, lang) for t, lang in zip(texts, languages, strict=True)]


def _doc_authors(n: int, authors: Sequence[Author | None] | None) -> list[Author]:
    if authors is None:
        return [("answer", i) for i in range(n)]
    if len(authors) != n:
        raise ValueError("authors and texts differ in length")
    # An answer without a known author is its own author.
    return [("answer", i) if a is None else ("author", a) for i, a in enumerate(authors)]


def phrase_index(
    texts: Sequence[str],
    languages: Sequence[str | None] | None = None,
    authors: Sequence[Author | None] | None = None,
) -> PhraseIndex:
    """The phrase statistics of a corpus (built once per run and shared by its themes)."""
    n = len(texts)
    index = PhraseIndex(
        texts=texts,
        languages=_doc_languages(texts, languages),
        authors=_doc_authors(n, authors),
        keys={},
        share={},
        sample_authors=0,
        _doc_phrases={},
        verbs={},
    )
    step = max(1, math.ceil(n / _SAMPLE))
    sample = range(0, n, step)
    index.verbs = _verb_keys(index, sample)
    pairs: set[tuple[int, Author]] = set()
    everyone: set[Author] = set()
    for doc in sample:
        author = index.authors[doc]
        everyone.add(author)
        for phrase in index.phrases_of(doc):
            pairs.add((phrase, author))
    counts = Counter(phrase for phrase, _author in pairs)
    index.sample_authors = len(everyone)
    index.share = {p: c / max(1, len(everyone)) for p, c in counts.items()}
    if step > 1:
        index._doc_phrases.clear()  # kept only when they are the whole corpus
    return index


# Words before a noun ("the", "our", "de la") and before a verb ("we", "will", "se", "no"):
# a word met more often after the second kind than after the first reads as a verb here and is
# kept from the edges of a name, as are common verbs and verb endings.
_NOUN_CUES: dict[str, frozenset[str]] = {
    "en": _wordset("""
        the a an our my your their his her its this these those more no any some every each
        of for in on at with about by from than
        """),
    "es": _wordset("""
        el la los las un una unos unas del al de en con para por sin su sus mi mis nuestro
        nuestra nuestros nuestras este esta estos estas ese esa esos esas
        """),
}
_VERB_CUES: dict[str, frozenset[str]] = {
    "en": _wordset("""
        i we they you he she it who that which will would should can could must may might
        don't dont doesn't didn't not never also just always to
        """),
    "es": _wordset("se no que lo le les me nos te ya tambien nunca quien"),
}
_VERB_WORDS: dict[str, frozenset[str]] = {
    "en": _wordset("""
        go goes went gone come comes came call calls called grew grow grows hold holds held
        happen happens happened hit run runs ran set sets end ends ended start starts started
        stop stops stopped open opens opened ask asks asked affect affects affected burn burns
        know knows knew miss misses missed remember remembers got get gets take takes took
        give gives gave keep keeps kept put puts try tries tried seem seems seemed become
        becomes became bring brings brought left pay pays paid live lives lived want wants
        wanted think thinks thought talk talks talked weigh weighs checked check
        """),
    "es": _plain_words("""
        necesite necesita necesitan une unen conocen conoce saben sabe viven vive subieron
        subió dejó dejaron pierde pierden pasan pasa piden pide cierra cierran organiza
        organizan ayudan ayuda cuidar dar llegar usar pedir tienen tiene están está va van
        hacen hace da dan quiere quieren sigue siguen afecta afectan afectó existe existen
        falta faltan sirve sirven funciona funcionan cuesta cuestan llega llegan trabaja
        trabajan paga pagan usa usan gana ganan busca buscan deja dejan lleva llevan queda
        quedan parece parecen abre abren cambia cambian necesitamos tenemos queremos podemos
        vemos vivimos pagamos trabajamos sabemos creemos veo vivo tengo quiero
        """),
}
#: English words ending in -ed read as verbs (past tenses, participles) in a name, except these.
_ED_NOUNS = _wordset("""
    need needed speed seed feed breed weed greed deed bed shed red hundred kindred sacred
    """)
_VERB_ENDINGS: dict[str, tuple[str, ...]] = {
    "es": ("aron", "ieron", "aban", "amos", "emos", "imos", "ando", "iendo"),
}


def _is_past_form(word: str) -> bool:
    """An English past tense or participle ("filled", "worked", "flooded"): it ends a name."""
    return len(word) > 4 and word.endswith("ed") and word not in _ED_NOUNS


#: Languages that write every noun with a capital: there a word written in lower case inside a
#: sentence more often than with a capital is not a noun (a verb, an adjective, an adverb:
#: "machen", "online", "höher") and is kept from the edges of a name.
_CAPITAL_NOUNS = frozenset({"de"})


def _verb_keys(index: PhraseIndex, sample: range) -> dict[str, frozenset[str]]:
    noun: Counter[tuple[str, str]] = Counter()
    verb: Counter[tuple[str, str]] = Counter()
    seen: set[tuple[str, str]] = set()
    for doc in sample:
        lang = index.languages[doc]
        noun_cues = _NOUN_CUES.get(lang, frozenset())
        verb_cues = _VERB_CUES.get(lang, frozenset())
        capitals = lang in _CAPITAL_NOUNS
        for token in _tokens(index.texts[doc], lang):
            if token.kind != _CONTENT:
                continue
            pair = (lang, token.plain)
            seen.add(pair)
            if capitals:
                # A sentence's first word is capitalised whatever it is: only the others count.
                if not token.sentence_start:
                    if token.text[:1].isupper():
                        noun[pair] += 1
                    else:
                        verb[pair] += 1
            elif token.before in noun_cues:
                noun[pair] += 1
            elif token.before in verb_cues:
                verb[pair] += 1
    out: dict[str, set[str]] = {}
    for lang, key in seen:
        plain = key
        listed = _VERB_WORDS.get(lang, frozenset())
        if (
            verb[(lang, key)] > noun[(lang, key)]
            or key in listed
            or plain.endswith(_VERB_ENDINGS.get(lang, ()))
            or (lang == "en" and _is_past_form(plain))
        ):
            out.setdefault(lang, set()).add(key)
    # Written forms, not stems: "cuidar" is a verb, "cuidado" is not.
    for lang, words in _VERB_WORDS.items():
        out.setdefault(lang, set()).update(words)
    return {lang: frozenset(keys) for lang, keys in out.items()}


# --------------------------------------------------------------------------------------------
# Theme labels


@dataclass(frozen=True)
class Phrase:
    """A candidate name: as shown, its folded words, language, how many of the theme's authors
    used it, and its score."""

    text: str
    key: tuple[str, ...]
    language: str
    authors: int
    score: float


def connector(language: str, following: str = "") -> str:
    """The word for "and" in ``language`` ("y", or "e" before an /i/ sound in Spanish)."""
    lang = base_language(language)
    word = CONNECTORS.get(lang, "&")
    if lang == "es":
        start = strip_accents(following[:3].casefold())
        if start.startswith("i") or (start.startswith("hi") and start[2:3] not in "aeou"):
            return "e"
    return word


def theme_phrases(index: PhraseIndex, members: Sequence[int], *, limit: int = 10) -> list[Phrase]:
    """The best candidate phrases of a theme (positions of its members in the index's corpus,
    strongest first), best first, without shown duplicates."""
    docs = list(members[:_THEME_SAMPLE])
    authors_of: dict[int, set[Author]] = {}
    theme_authors: set[Author] = set()
    for doc in docs:
        author = index.authors[doc]
        theme_authors.add(author)
        for phrase in index.phrases_of(doc):
            authors_of.setdefault(phrase, set()).add(author)
    if not authors_of:
        return []
    n_authors = len(theme_authors)
    needed = 2 if n_authors >= 2 else 1
    by_id = {v: k for k, v in index.keys.items() if v in authors_of}
    scored: list[tuple[float, tuple[str, ...], int]] = []
    counts: dict[int, int] = {}
    for phrase, people in authors_of.items():
        count = len(people)
        counts[phrase] = count
        if count < needed:
            continue
        p = count / n_authors
        q = max(index.share.get(phrase, 0.0), p * len(docs) / max(len(index.texts), 1))
        q = max(q, 1.0 / max(index.sample_authors, 1))
        key = by_id[phrase]
        n_content = len(_content_keys(key[1:], key[0]))
        score = p * math.log1p(p / q) * _LENGTH_BONUS.get(n_content, 1.45)
        scored.append((score, key, phrase))
    scored.sort(key=lambda s: (-s[0], s[1]))
    # A phrase gives way to a longer one containing it that half as many people used.
    supers: dict[tuple[str, ...], list[tuple[float, tuple[str, ...], int]]] = {}
    for item in scored:
        key = item[1]
        body = key[1:]
        for length in range(1, len(body)):
            for start in range(len(body) - length + 1):
                supers.setdefault((key[0], *body[start : start + length]), []).append(item)
    chosen: list[tuple[float, tuple[str, ...], int]] = []
    seen: set[tuple[str, ...]] = set()
    for item in scored:
        if len(chosen) >= limit * 3:
            break
        score, key, phrase = item
        longer = [
            s
            for s in supers.get(key, [])
            if counts[s[2]] >= _EXTEND_SHARE * counts[phrase] and len(s[1]) > len(key)
        ]
        if longer:
            best = max(longer, key=lambda s: (counts[s[2]], s[0], tuple(-len(k) for k in s[1])))
            item = (max(score, best[0]), best[1], best[2])
        if item[1] in seen:
            continue
        seen.add(item[1])
        chosen.append(item)
    chosen.sort(key=lambda s: (-s[0], s[1]))
    shown = _surfaces(index, docs, {c[2] for c in chosen[:limit]})
    out: list[Phrase] = []
    for score, key, phrase in chosen[:limit]:
        text = shown.get(phrase)
        if text:
            out.append(Phrase(text, key[1:], key[0], counts[phrase], score))
    return out


def _surfaces(index: PhraseIndex, docs: Sequence[int], wanted: set[int]) -> dict[int, str]:
    """The most frequent written form of each wanted phrase among the docs (ties: shorter,
    then alphabetical)."""
    forms: dict[int, Counter[str]] = {}
    for doc in docs:
        if not wanted & index.phrases_of(doc):
            continue
        lang = index.languages[doc]
        text = index.texts[doc]
        tokens = _tokens(text, lang)
        for i, j in _runs(tokens, index.verbs.get(lang, frozenset())):
            phrase = index.keys.get((lang, *_phrase_key(tokens, i, j)))
            if phrase in wanted:
                assert phrase is not None
                shown = _shown(text, tokens, i, j, capital_nouns=lang == "de")
                forms.setdefault(phrase, Counter())[shown] += 1
    return {
        phrase: min(counter.items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))[0]
        for phrase, counter in forms.items()
    }


def capitalised(text: str) -> str:
    """The text with its first letter upper-cased (a name's first word)."""
    return text[:1].upper() + text[1:] if text else text


#: A proper name (every word capitalised: the town, the county, "BG") used by this share of the
#: corpus's authors is the conversation's setting, not a subject: it never names a theme.
_SETTING_SHARE = 0.05
#: In a bilingual theme, a language gets its own name when at least this share of the theme's
#: authors (and two) wrote in it.
_LANGUAGE_SHARE = 0.1


def _is_proper_name(text: str, language: str) -> bool:
    links = _LINKS.get(language, frozenset())
    words = [w for w in text.split(" ") if _plain(w) not in links]
    return bool(words) and all(w[:1].isupper() for w in words)


def _uninformative(index: PhraseIndex, phrase: Phrase) -> bool:
    """A proper name that sets the scene (the town's name in a conversation about the town):
    said of every subject, so it names none."""
    found = index.keys.get((phrase.language, *phrase.key))
    share = index.share.get(found, 0.0) if found is not None else 0.0
    # German writes every noun with a capital: there a capital does not mark a name.
    return (
        phrase.language != "de"
        and share >= _SETTING_SHARE
        and _is_proper_name(phrase.text, phrase.language)
    )


#: A character pair is shown as the longer word holding it when at least this share of the
#: pair's uses are in that word.
_CJK_WORD_SHARE = 0.5


def cjk_word(pair: str, texts: Sequence[str]) -> str:
    """The word a Chinese or Japanese character pair is part of in ``texts``: the longest run
    holding it that reads as a word (:func:`_cjk_word_like`) and holds at least
    ``_CJK_WORD_SHARE`` of the pair's uses ("交通部" for "通部"); else the pair. Ties go to the
    more frequent run, then the first in code-point order."""
    uses = 0
    counts: Counter[str] = Counter()
    for text in texts:
        start = text.find(pair)
        while start >= 0:
            uses += 1
            for size in range(len(pair) + 1, _CJK_WORD_MAX + 1):
                for first in range(max(0, start + len(pair) - size), start + 1):
                    run = text[first : first + size]
                    if len(run) == size and _cjk_word_like(run):
                        counts[run] += 1
            start = text.find(pair, start + 1)
    fitting = [run for run, count in counts.items() if count >= _CJK_WORD_SHARE * uses]
    return min(fitting, key=lambda run: (-len(run), -counts[run], run)) if fitting else pair


def theme_labels(
    index: PhraseIndex,
    members: Sequence[int],
    *,
    fallback: str = "",
    taken: frozenset[str] = frozenset(),
) -> dict[str, str]:
    """A theme's name in each language its answers are written in: the language most of its
    authors wrote in first, then any other in which at least ``_LANGUAGE_SHARE`` of them (and
    two) wrote, each named from its own answers (:func:`theme_label`)."""
    by_language: dict[str, list[int]] = {}
    for doc in members:
        by_language.setdefault(index.languages[doc], []).append(doc)
    people = {lang: len({index.authors[d] for d in docs}) for lang, docs in by_language.items()}
    total = sum(people.values())
    order = sorted(by_language, key=lambda lang: (-people[lang], lang))
    out: dict[str, str] = {}
    for lang in order:
        if out and (people[lang] < 2 or people[lang] < _LANGUAGE_SHARE * total):
            continue
        label = theme_label(
            index, by_language[lang], fallback=fallback if not out else "", taken=taken
        )
        if label:
            out[lang] = label
    return out or {"": capitalised(fallback)}


def theme_label(
    index: PhraseIndex,
    members: Sequence[int],
    *,
    fallback: str = "",
    taken: frozenset[str] = frozenset(),
) -> str:
    """A theme's name: its best phrase, and a second one joined by the answers' "and" when it
    adds something (see the module docstring); ``fallback`` when no phrase was found. Proper
    names that set the scene are passed over, and so are names in ``taken`` (casefolded: the
    names of larger themes of the same run), the next best phrase naming the theme instead."""
    phrases = [p for p in theme_phrases(index, members, limit=15) if not _uninformative(index, p)]
    for start in range(len(phrases)):
        label = _named(phrases[start:])
        if label.casefold() not in taken:
            return label
    return capitalised(fallback)


def _named(phrases: Sequence[Phrase]) -> str:
    first = phrases[0]
    first_words = _content_keys(first.key, first.language)
    for other in phrases[1:]:
        if other.score < _SECOND_SHARE * first.score:
            break
        if other.language != first.language:
            continue
        if first_words & _content_keys(other.key, other.language):
            continue
        if other.text.casefold() in first.text.casefold():
            continue
        joined = f"{first.text} {connector(first.language, other.text)} {other.text}"
        return capitalised(joined)
    return capitalised(first.text)


# --------------------------------------------------------------------------------------------
# Informative answers and positions

_AGREEMENT = re.compile(
    r"^\W*(?:i\s+)?(?:(?:totally|completely|strongly|fully)\s+)?(?:agree[ds]?|disagree[ds]?|"
    r"same|me\s+too|yes|no|ok(?:ay)?|true|exactly|indeed|of\s+course|\+1|this|that|"
    r"(?:estoy\s+)?(?:totalmente\s+|muy\s+)?(?:de\s+acuerdo|en\s+desacuerdo)|s[ií]|claro|"
    r"igual|lo\s+mismo|yo\s+tambi[eé]n|exacto|ich\s+stimme\s+zu|genau|ja|nein)"
    r"(?:\s+(?:with\s+(?:this|that|you|the\s+above)|con\s+(?:esto|eso|usted)|"
    r"completely|totally|100\s*%?))?\W*$",
    re.IGNORECASE,
)
_MIN_WORDS = 4
_MIN_CONTENT = 3


def _content_words(text: str, lang: str) -> list[str]:
    return [t.key for t in _tokens(text, lang) if t.kind in (_CONTENT, _WEAK_KIND)]


def is_informative(text: str, language: str | None = None) -> bool:
    """Whether an answer says something on its own: not a bare "I agree" / "Estoy de acuerdo"
    and at least four words, three of them content words."""
    if _AGREEMENT.match(text.strip()):
        return False
    lang = _language(text, language)
    if len(_WORD.findall(text)) < _MIN_WORDS:
        return False
    return len(_content_words(text, lang)) >= _MIN_CONTENT


_NEGATIVE = {
    "en": _wordset("""
        not no never nobody nothing against oppose opposed opposes disagree ban stop stopped
        don't dont doesn't shouldn't won't can't cannot isn't aren't wasn't without lack
        bad worse worst terrible awful poor fail failed failing unfair unsafe dangerous
        wrong harm harmful hate problem expensive waste useless
        """),
    "es": _plain_words("""
        no nunca nadie nada ningún ninguna contra oponer opongo prohibir prohibido desacuerdo
        sin falta mal malo mala peor terrible pésimo injusto peligroso inseguro caro problema
        odio daño
        """),
}
_POSITIVE = {
    "en": _wordset("""
        support supports supported favor favour agree good great better best love like
        benefit benefits helpful help helps safe fair improve improved improves important
        should yes welcome excellent success successful grateful thank thanks
        """),
    "es": _plain_words("""
        apoyo apoyar apoya favor acuerdo bueno buena mejor mejorar excelente ayuda ayudar útil
        seguro justo importante sí gracias agradecido agradecida éxito encanta
        """),
}


def stance(text: str, language: str | None = None) -> int:
    """+1, -1 or 0: the position an answer takes, from negation and disagreement cues and
    sentiment words (English and Spanish; 0 for other languages)."""
    lang = _language(text, language)
    negative = _NEGATIVE.get(lang)
    positive = _POSITIVE.get(lang)
    if negative is None or positive is None:
        return 0
    words = [strip_accents(w.casefold().replace("’", "'")) for w in _WORD.findall(text)]
    neg = sum(w in negative for w in words)
    pos = sum(w in positive for w in words)
    if neg > pos:
        return -1
    if pos > neg:
        return 1
    return 0


# --------------------------------------------------------------------------------------------
# Quotes

_LAMBDA = 0.7
_QUOTE_POOL = 200
_MIN_SIDE = 2


def _word_set(text: str, lang: str) -> frozenset[str]:
    return frozenset(_content_words(text, lang))


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / math.sqrt(len(a) * len(b))


def pick_quotes(
    texts: Sequence[str],
    strengths: Sequence[float],
    *,
    languages: Sequence[str | None] | None = None,
    authors: Sequence[Author | None] | None = None,
    limit: int = 5,
) -> list[int]:
    """Positions of the quotes to show for a theme's members (``texts`` and ``strengths`` in
    the members' order): informative, representative yet diverse, from different authors, and
    both sides of a theme that holds opposite positions (see the module docstring)."""
    n = len(texts)
    if limit <= 0 or n == 0:
        return []
    langs = _doc_languages(texts, languages)
    people = _doc_authors(n, authors)
    order = sorted(range(n), key=lambda i: (-round(strengths[i], 9), i))
    pool: list[int] = []
    informative: set[int] = set()
    fallback: list[int] = []
    seen_texts: set[str] = set()
    for i in order:
        key = " ".join(texts[i].casefold().split())
        if not key or key in seen_texts:
            continue
        seen_texts.add(key)
        if is_informative(texts[i], langs[i]):
            pool.append(i)
            informative.add(i)
        elif not _AGREEMENT.match(texts[i].strip()) and _content_words(texts[i], langs[i]):
            fallback.append(i)
        if len(pool) >= _QUOTE_POOL:
            break
    if len(pool) < limit:
        # Too few informative answers: short ones with some content may fill in.
        pool += fallback[: limit - len(pool)]
    if not pool:
        return []
    words = {i: _word_set(texts[i], langs[i]) for i in pool}
    sides = {i: stance(texts[i], langs[i]) for i in pool}
    top = max(strengths[i] for i in pool)

    def relevance(i: int) -> float:
        return 1.0 if top <= 0 else max(0.0, strengths[i]) / top

    chosen: list[int] = []
    used_authors: set[Author] = set()

    def candidates(side: int | None = None) -> list[int]:
        return [
            i
            for i in pool
            if i not in chosen
            and people[i] not in used_authors
            and (side is None or sides[i] == side)
        ]

    def mmr(i: int) -> float:
        similarity = max((_overlap(words[i], words[c]) for c in chosen), default=0.0)
        return _LAMBDA * relevance(i) - (1 - _LAMBDA) * similarity

    def best(options: list[int]) -> int:
        return max(options, key=lambda i: (mmr(i), -pool.index(i)))

    while len(chosen) < limit:
        options = candidates()
        if not options:
            break
        pick = best(options)
        chosen.append(pick)
        used_authors.add(people[pick])
    # Both sides, when the theme holds both (two informative answers at least on each side).
    side_counts = Counter(sides[i] for i in pool if i in informative)
    if side_counts[1] >= _MIN_SIDE and side_counts[-1] >= _MIN_SIDE:
        for side in (1, -1):
            if any(sides[c] == side for c in chosen):
                continue
            if len(chosen) >= limit:
                # Give up the last quote of the side with the most quotes.
                counts = Counter(sides[c] for c in chosen)
                crowded = max(counts, key=lambda s: (counts[s], s))
                drop = next(c for c in reversed(chosen) if sides[c] == crowded)
                chosen.remove(drop)
                used_authors = {people[c] for c in chosen}
            options = candidates(side)
            if options:
                pick = best(options)
                chosen.append(pick)
                used_authors.add(people[pick])
    return chosen


# --------------------------------------------------------------------------------------------
# Subtheme labels: the most representative claim

_CLAIM_POOL = 40
_CLAIM_CHARS = 90
_SENTENCE = re.compile(r"[^.!?;\n。！？]+[.!?;。！？]*")
_CLAUSE = re.compile(r"[,:;–—]|\s-\s")


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(text) if s.strip()]


#: A word that ties a sentence to the one before it ("But", "Also", "Pero", "Aber"): a name
#: does not follow anything, so it is dropped from a claim's start when enough is left.
_LEADING_CONNECTIVE = re.compile(
    r"^(?:but|and|so|also|plus|however|pero|y|además|tambien|también|aber|und|auch)\b[\s,]+",
    re.IGNORECASE,
)


def _trim(sentence: str, lang: str) -> str:
    """A sentence cut to a readable length: at a clause boundary when the clause says enough,
    else after whole words with "…". A connective at its start and trailing punctuation are
    dropped."""
    text = " ".join(sentence.split())
    rest = _LEADING_CONNECTIVE.sub("", text, count=1)
    if rest != text and len(_content_words(rest, lang)) >= _MIN_CONTENT:
        text = rest
    if len(text) > _CLAIM_CHARS:
        cut = ""
        for match in _CLAUSE.finditer(text):
            if match.start() > _CLAIM_CHARS:
                break
            head = text[: match.start()]
            if len(_content_words(head, lang)) >= _MIN_CONTENT:
                cut = head
                break
        if cut:
            text = cut
        else:
            head = text[: _CLAIM_CHARS + 1]
            head = head[: head.rfind(" ")] if " " in head else head[:_CLAIM_CHARS]
            text = head.rstrip(" ,;:–—-") + "…"
    text = text.rstrip(" .;:,!?。！？")
    return capitalised(text)


def claim_labels(
    groups: Sequence[Sequence[int]],
    texts: Sequence[str],
    *,
    languages: Sequence[str | None] | None = None,
    authors: Sequence[Author | None] | None = None,
) -> list[str]:
    """One label per sibling subtheme: the sentence of one of its strongest members (``groups``
    hold positions in ``texts``, strongest first) that best says what sets the subtheme apart
    from its siblings, verbatim and trimmed, distinct from the other labels."""
    langs = _doc_languages(texts, languages)
    people = _doc_authors(len(texts), authors)
    # Word shares by authors, in each subtheme and in all of them together.
    group_share: list[dict[str, float]] = []
    everyone: dict[str, set[Author]] = {}
    all_authors: set[Author] = set()
    for rows in groups:
        per: dict[str, set[Author]] = {}
        group_authors: set[Author] = set()
        for doc in rows[:_THEME_SAMPLE]:
            author = people[doc]
            group_authors.add(author)
            all_authors.add(author)
            for word in _word_set(texts[doc], langs[doc]):
                per.setdefault(word, set()).add(author)
                everyone.setdefault(word, set()).add(author)
        size = max(1, len(group_authors))
        group_share.append({w: len(a) / size for w, a in per.items()})
    total = max(1, len(all_authors))
    share_all = {w: len(a) / total for w, a in everyone.items()}
    labels: list[str] = []
    taken: list[frozenset[str]] = []
    order = sorted(range(len(groups)), key=lambda g: (-len(groups[g]), g))
    result: dict[int, str] = {}
    for g in order:
        shares = group_share[g]
        options: list[tuple[float, int, int, str, frozenset[str]]] = []
        for rank, doc in enumerate(groups[g][:_CLAIM_POOL]):
            lang = langs[doc]
            for position, sentence in enumerate(_sentences(texts[doc])):
                if _AGREEMENT.match(sentence):
                    continue
                trimmed = _trim(sentence, lang)
                words = _word_set(trimmed, lang)
                if len(words) < 2:
                    continue
                weight = sum(
                    shares.get(w, 0.0) * math.log1p(shares.get(w, 0.0) / share_all.get(w, 1.0))
                    for w in words
                )
                score = weight / math.sqrt(len(words))
                if len(words) < _MIN_CONTENT:
                    score *= 0.7
                if trimmed.endswith("…"):
                    score *= 0.85
                score *= 1.0 / (1.0 + 0.01 * rank)
                options.append((score, rank, position, trimmed, words))
        options.sort(key=lambda o: (-o[0], o[1], o[2], o[3]))
        label = ""
        for _score, _rank, _position, trimmed, words in options:
            key = trimmed.casefold()
            if any(key == existing.casefold() for existing in labels):
                continue
            if any(len(words & t) / len(words | t) >= 0.8 for t in taken):
                continue
            label = trimmed
            taken.append(words)
            break
        if not label and groups[g]:
            label = _trim(texts[groups[g][0]], langs[groups[g][0]])
        labels.append(label)
        result[g] = label
    return [result[g] for g in range(len(groups))]
