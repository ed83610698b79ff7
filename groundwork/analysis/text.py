"""Language-aware tokenizing for residents' answers: words, stop words, light word-form folding.

Used by the theme engine to turn free text into comparable terms. Three things happen to a word:

1. It is lower-cased (``casefold``, so German "Straße" matches "strasse") and split off from
   punctuation, digits-only runs and emoji, which are dropped.
2. Stop words of the answer's language are removed. English, Spanish and German have lists; the
   English one is scikit-learn's list less the words that matter in community planning ("fire",
   "system", "bill", ...), the Spanish and German ones are written for this project after the
   Snowball stop lists. Other languages keep all their words; the theme engine's document
   frequency cut takes care of their most common ones.
3. The word is folded to a matching key: English gets a light plural folding (Harman's
   S-stemmer with a few fixes), so that "parks" meets "park" but "parking" stays apart from
   "park" and "training" from "train"; Spanish, German and the other languages Snowball knows
   get their Snowball stemmer; then accents are stripped, so "educación" and "educacion" meet.

Texts in Chinese or Japanese script, which put no spaces between words, are cut into overlapping
pairs of characters; for terms, a pair holding a function character (particle, pronoun, copula:
``CJK_FUNCTION_CHARACTERS``) is dropped as a stop word is. No Django imports.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import Protocol

import snowballstemmer
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

__all__ = [
    "CJK_FUNCTION_CHARACTERS",
    "SUPPORTED_LANGUAGES",
    "TextAnalyzer",
    "analyze_many",
    "base_language",
    "cjk_characters",
    "fold_word",
    "guess_language",
    "is_stop_word",
    "stop_words",
    "strip_accents",
    "tokenize",
    "words",
]

#: Languages with stop-word lists. Others are tokenized and stemmed (when Snowball knows them).
SUPPORTED_LANGUAGES: tuple[str, ...] = ("en", "es", "de")


# scikit-learn's list carries words that are content in community planning; keep those.
def _wordset(words: str) -> frozenset[str]:
    """The whitespace-separated words of a block of text."""
    return frozenset(words.split())


_ENGLISH_KEEP = _wordset(
    """
    fire bill system computer interest amount thick thin mill cry empty full fill front back
    bottom top side part move found find detail describe call show sincere serious name
    """
)
_ENGLISH_EXTRA = _wordset(
    """
    don't dont doesn't doesnt didn't didnt isn't isnt aren't arent wasn't wasnt weren't werent
    won't wont wouldn't wouldnt shouldn't shouldnt couldn't can't i'm im i've ive i'd i'll it's
    that's thats there's theres they're theyre we're we've weve let's lets you're youre what's
    he's she's who's here's
    just really like think thing things maybe also would could should get got getting
    make making made need needs want wants does did doing going yes ok okay etc
    """
)
_SPANISH = _wordset(
    """
    a al algo algún alguna algunas alguno algunos ante antes aquel aquella aquellas aquellos aquí
    allí ahí así aun aún bajo bien cada casi como cómo con contra cual cuál cuales cuáles cuando
    cuándo cuanto cuánto de del desde donde dónde dos durante e el él ella ellas ello ellos en
    entre era erais eran eras eres es esa esas ese eso esos esta está estaba estabais estaban
    estabas estad estada estadas estado estados estamos estando estar estaremos estará estarán
    estarás estaré estaréis estaría estaríais estaríamos estarían estarías estas este esté estéis
    estemos estén estés esto estos estoy estuve estuviera estuvieron estuvimos estuvo etc fue
    fuera fueran fueron fui fuimos ha había habían haber habrá habría han has hasta hay haya
    hayan he hemos hace hacen hacer hacia hago la las le les lo los más mas me mi mí mis mía mías
    mío míos mucha muchas mucho muchos muy nada ni no nos nosotras nosotros nuestra nuestras
    nuestro nuestros o os otra otras otro otros para pero poco pocos por porque qué que quien
    quién quienes se sea sean según ser será serán sería serían si sí sido siendo sin sobre sois
    somos son soy su sus suya suyas suyo suyos también tan tanto te tenemos tener tengo tenía
    tenían ti tiene tienen todas todo todos tu tú tus tuya tuyas tuyo tuyos un una uno unos usted
    ustedes vosotras vosotros vuestra vuestras vuestro vuestros y ya yo
    puede pueden podemos poder podría podrían debe deben debería deberían creo pienso cosa cosas
    solo sólo además entonces luego pues tal vez
    """
)
_GERMAN = _wordset(
    """
    aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes
    anders auch auf aus bei beim bin bis bist bitte bzw da dabei dadurch dafür daher damit dann
    daran darauf darf darüber das dass daß davon dazu dein deine deinem deinen deiner dem den
    denen denn der deren derer des deshalb dessen dich die dies diese diesem diesen dieser
    dieses dir doch dort du durch dürfen eben eher ein eine einem einen einer eines einige
    einigem einigen einiger einiges einmal er es etc etwas euch euer eure eurem euren eurer
    eures für ganz gegen gewesen gibt hab habe haben hat hatte hatten hätte hätten hier hin
    hinter ich ihm ihn ihnen ihr ihre ihrem ihren ihrer ihres im immer in indem ins ist ja jede
    jedem jeden jeder jedes jene jenem jenen jener jenes jetzt kann kein keine keinem keinen
    keiner keines können könnte könnten mal man manche manchem manchen mancher manches mehr mein
    meine meinem meinen meiner meines mich mir mit muss musste müssen müsste nach nein nicht
    nichts noch nun nur ob oder ohne schon sehr sein seine seinem seinen seiner seines selbst
    sich sie sind so solche solchem solchen solcher solches soll sollen sollte sollten sondern
    sonst sowie über um und uns unser unsere unserem unseren unserer unseres unter usw viel
    viele vom von vor während war wäre wären waren warst was weg weil weiter welche welchem
    welchen welcher welches wenn werde werden wie wieder will wir wird wirst wo wollen wollte
    worden wurde wurden würde würden zb zu zum zur zwar zwischen
    """
)

_SNOWBALL_NAMES = {
    "ar": "arabic",
    "ca": "catalan",
    "cs": "czech",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "es": "spanish",
    "et": "estonian",
    "eu": "basque",
    "fi": "finnish",
    "fr": "french",
    "ga": "irish",
    "hi": "hindi",
    "hu": "hungarian",
    "hy": "armenian",
    "id": "indonesian",
    "it": "italian",
    "lt": "lithuanian",
    "nb": "norwegian",
    "ne": "nepali",
    "nl": "dutch",
    "nn": "norwegian",
    "no": "norwegian",
    "pl": "polish",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sr": "serbian",
    "sv": "swedish",
    "ta": "tamil",
    "tr": "turkish",
}

# A word: letters and digits, with inner apostrophes ("don't", "people's"). Hyphens split.
# Chinese/Japanese runs are matched apart and cut into character pairs.
_CJK_CLASS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(
    rf"(?P<cjk>[{_CJK_CLASS}]+)"
    rf"|(?P<word>(?:(?![{_CJK_CLASS}])[^\W_])+(?:['’](?:(?![{_CJK_CLASS}])[^\W_])+)*)"
    r"|(?P<stop>[.,;:!?¿¡()\[\]{}\"“”„«»…|/\n\r\t•·–—。，、；：！？「」『』（）]+)"
)
_APOSTROPHES = re.compile(r"['’]")
_MIN_LENGTH = 2


def base_language(code: str | None) -> str:
    """The bare language subtag, lower-cased: "es-MX" -> "es", None -> ""."""
    if not code:
        return ""
    return re.split(r"[-_]", code.strip(), maxsplit=1)[0].lower()


# Accents are stripped only from letters of alphabets where they mark an accent (Latin, Greek,
# Cyrillic: code points below U+0530). In other scripts a combining mark is part of the
# letter (Devanagari virama, Japanese dakuten: "が" is not "か") and is kept.
_ACCENTED_SCRIPTS_END = 0x0530


# The combining marks of those alphabets' block of code points, and any character outside it:
# a text wholly inside the block that does not open with a mark has every mark after a letter
# of those alphabets, so one substitution strips them all (most answers: Spanish, German).
_ACCENT_MARKS = re.compile(
    "["
    + "".join(
        re.escape(chr(c)) for c in range(_ACCENTED_SCRIPTS_END) if unicodedata.combining(chr(c))
    )
    + "]"
)
_OUTSIDE_ACCENTED_SCRIPTS = re.compile(f"[^\\x00-\\u{_ACCENTED_SCRIPTS_END - 1:04x}]")


def strip_accents(text: str) -> str:
    """Remove accents from Latin, Greek and Cyrillic letters: "educación" -> "educacion".

    Compatibility forms are unified (NFKC: full-width letters, ligatures); marks on letters of
    other scripts are kept, so Hindi or Japanese words are not changed.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    if decomposed.isascii():
        return decomposed
    if not _OUTSIDE_ACCENTED_SCRIPTS.search(decomposed) and not unicodedata.combining(
        decomposed[0]
    ):
        return unicodedata.normalize("NFC", _ACCENT_MARKS.sub("", decomposed))
    out: list[str] = []
    base_accented = False
    for ch in decomposed:
        if unicodedata.combining(ch):
            if base_accented:
                continue
        else:
            base_accented = ord(ch) < _ACCENTED_SCRIPTS_END
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


def _key(word: str) -> str:
    return strip_accents(word.casefold()).replace("’", "'")


@lru_cache(maxsize=32)
def stop_words(language: str | None) -> frozenset[str]:
    """Stop words of a language, casefolded and accent-stripped. Empty for unknown languages."""
    lang = base_language(language)
    if lang == "en":
        raw: Iterable[str] = (set(ENGLISH_STOP_WORDS) - _ENGLISH_KEEP) | _ENGLISH_EXTRA
    elif lang == "es":
        raw = _SPANISH
    elif lang == "de":
        raw = _GERMAN
    else:
        return frozenset()
    return frozenset(_key(w) for w in raw)


def is_stop_word(word: str, language: str | None) -> bool:
    return _key(word) in stop_words(language)


_S_STEM_EXCEPTIONS = {
    "news": "news",
    "series": "series",
    "species": "species",
    "buses": "bus",
    "gases": "gas",
    "lens": "lens",
    "politics": "politics",
    "economics": "economics",
    "physics": "physics",
    "mathematics": "mathematics",
    "always": "always",
    "perhaps": "perhaps",
    "towards": "toward",
    "potatoes": "potato",
    "tomatoes": "tomato",
    "heroes": "hero",
    "echoes": "echo",
    "vetoes": "veto",
}
# Plurals in -ies whose singular ends in -ie (Harman's rule would turn "movies" into "movy").
_IE_SINGULARS = _wordset(
    """
    movie cookie pie tie lie calorie brownie rookie zombie selfie goalie auntie hoodie smoothie
    veggie freebie prairie birdie sweetie newbie
    """
)


def _english_fold(word: str) -> str:
    """Harman's S-stemmer (1991) with fixes for -sses/-xes/-ches/-shes: plurals only."""
    if word in _S_STEM_EXCEPTIONS:
        return _S_STEM_EXCEPTIONS[word]
    if len(word) <= 3 or not word.endswith("s"):
        return word
    if word.endswith("ies") and word[:-1] in _IE_SINGULARS:
        return word[:-1]
    if word.endswith("ies") and len(word) > 4 and not word.endswith(("eies", "aies")):
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes", "zzes")):
        return word[:-2]
    if word.endswith("es") and not word.endswith(("aes", "ees", "oes")):
        return word[:-1]
    if word.endswith(("us", "ss", "is", "'s")):
        return word
    return word[:-1]


@lru_cache(maxsize=64)
def _stemmer(language: str) -> Callable[[str], str] | None:
    name = _SNOWBALL_NAMES.get(language)
    if name is None:
        return None
    stemmer = snowballstemmer.stemmer(name)
    return stemmer.stemWord  # type: ignore[no-any-return]


def fold_word(word: str, language: str | None) -> str:
    """The matching key of one word: casefolded, lightly stemmed, accents stripped."""
    lang = base_language(language)
    lowered = word.casefold().replace("’", "'")
    if lang == "en":
        if lowered.endswith("'s"):
            lowered = lowered[:-2]
        folded = _english_fold(_APOSTROPHES.sub("", lowered))
    else:
        lowered = _APOSTROPHES.sub("", lowered)
        stem = _stemmer(lang)
        folded = stem(lowered) if stem is not None else lowered
    return strip_accents(folded)


#: Chinese and Japanese function characters (particles, pronouns, the copula, measure words,
#: "very", "not"...): a character pair holding one is the script's counterpart of a stop word
#: ("我覺" of "我覺得", "I think"; "車的", "是一"), and names no subject.
CJK_FUNCTION_CHARACTERS = frozenset(
    "的了是在和與与及或也都就而但我你妳您他她它們们這这那之其此個个吗嗎呢吧啊着著被把讓让給给"
    "對对從从很得地更最還还又再已並并"
    "のはがをにでとへやかねよなもだ"
)


_CJK_CHARACTER = re.compile(f"[{_CJK_CLASS}]")


def cjk_characters(word: str) -> int:
    """How many Chinese or Japanese characters ``word`` holds."""
    return len(_CJK_CHARACTER.findall(word))


def _cjk_content_pairs(run: str) -> list[str]:
    """The run's character pairs without those holding a function character."""
    return [p for p in _cjk_pairs(run) if not CJK_FUNCTION_CHARACTERS.intersection(p)]


def _cjk_pairs(run: str) -> list[str]:
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def words(text: str) -> list[str]:
    """Raw word tokens in reading order, lower-cased, punctuation and emoji dropped."""
    out: list[str] = []
    for match in _TOKEN.finditer(text):
        if match.lastgroup == "word":
            out.append(match.group().lower())
        elif match.lastgroup == "cjk":
            out.extend(_cjk_pairs(match.group()))
    return out


_GUESS_CANDIDATES = SUPPORTED_LANGUAGES


def guess_language(text: str, default: str = "") -> str:
    """A crude guess among English, Spanish and German by stop-word share; ``default`` if unsure.

    Only meant for answers with no stated language: two stop-word hits at least, and a clear
    winner, or the default.
    """
    tokens = [_key(w) for w in words(text)]
    if not tokens:
        return default
    scores = sorted(
        ((sum(t in stop_words(lang) for t in tokens), lang) for lang in _GUESS_CANDIDATES),
        reverse=True,
    )
    (best, lang), (second, _) = scores[0], scores[1]
    if best >= 2 and best >= 1.5 * second:
        return lang
    return default


class ConceptMap(Protocol):
    """Maps folded words of a language to shared concept terms (see
    :mod:`groundwork.analysis.theme_bilingual`)."""

    def apply(self, language: str, segments: Sequence[str | None]) -> list[str | None]: ...

    def shown(self, concept: str, language: str) -> str: ...


class TextAnalyzer:
    """Turns texts into folded terms (unigrams, and bigrams of neighbouring content words).

    Keeps caches of folded words and counts of the surface forms it has seen, so that a term can
    be shown to people as a readable word (``surface``) rather than as its stem.

    ``language`` per text: an ISO code ("en", "es-MX", "de"); empty or None means "guess among
    English, Spanish and German, else treat as unknown".

    ``concepts`` (optional) maps words of several languages to shared concept terms, applied to
    every text's folded words before bigrams are built; a concept term is shown as the
    concept's written form in the language that used it most.
    """

    def __init__(self, *, bigrams: bool = True, concepts: ConceptMap | None = None) -> None:
        self.bigrams = bigrams
        self.concepts = concepts
        # (concept term, language) -> times seen
        self._concept_counts: Counter[tuple[str, str]] = Counter()
        # (language, lower-cased word) -> key or "" for stop words / too short
        self._cache: dict[tuple[str, str], str] = {}
        self._surface_counts: Counter[tuple[str, str]] = Counter()
        self._surface: dict[str, str] | None = None

    def _fold(self, lang: str, word: str) -> str:
        cache_key = (lang, word)
        folded = self._cache.get(cache_key)
        if folded is None:
            folded = ""
            stops = stop_words(lang)
            k = _key(word)
            if len(k) >= _MIN_LENGTH and not k.isdigit() and k not in stops:
                folded = fold_word(word, lang)
                if len(folded) < _MIN_LENGTH or folded in stops:
                    folded = ""
            self._cache[cache_key] = folded
        return folded

    def tokens(self, text: str, language: str | None = "en") -> list[str]:
        """Folded content words in reading order (stop words removed)."""
        return [t for t in self._segments(text, language) if t is not None]

    def terms(self, text: str, language: str | None = "en") -> list[str]:
        """Folded unigrams, plus "a b" bigrams of content words that stand side by side."""
        seq = self._segments(text, language)
        out = [t for t in seq if t is not None]
        if self.bigrams:
            prev: str | None = None
            for t in seq:
                if t is not None and prev is not None and t != prev:
                    out.append(f"{prev} {t}")
                prev = t
        return out

    def _segments(self, text: str, language: str | None) -> list[str | None]:
        """Folded tokens, with None where a bigram may not span (punctuation, stop words)."""
        lang = base_language(language)
        if not lang:
            lang = guess_language(text)
        self._surface = None
        out: list[str | None] = []
        counts = self._surface_counts
        for match in _TOKEN.finditer(text):
            kind = match.lastgroup
            if kind == "word":
                word = match.group().lower()
                folded = self._fold(lang, word)
                if folded:
                    out.append(folded)
                    counts[(lang, word)] += 1
                    continue
            elif kind == "cjk":
                # Overlapping character pairs are already "bigrams": no pairs of pairs.
                for pair in _cjk_content_pairs(match.group()):
                    out.append(pair)
                    out.append(None)
                    counts[("", pair)] += 1
                continue
            # Punctuation, or a dropped (stop) word: no bigram spans it.
            if out and out[-1] is not None:
                out.append(None)
        if self.concepts is not None:
            out = self.concepts.apply(lang, out)
            for term in out:
                if term is not None and term.startswith("~"):
                    self._concept_counts[(term, lang)] += 1
        return out

    def surface(self, term: str) -> str:
        """The most frequent written form of a folded term ("communiti" -> "community")."""
        if self._surface is None:
            best: dict[str, tuple[int, int, str]] = {}
            for (lang, word), n in self._surface_counts.items():
                key = self._cache.get((lang, word), word)
                if not key:
                    continue
                shown = _APOSTROPHES.sub("'", word)
                if lang == "en" and shown.endswith("'s"):
                    shown = shown[:-2]
                current = best.get(key)
                candidate = (n, -len(shown), shown)
                if current is None or candidate > current:
                    best[key] = candidate
            self._surface = {k: v[2] for k, v in best.items()}
            if self.concepts is not None:
                used: dict[str, tuple[int, str]] = {}
                for (concept, lang), n in sorted(self._concept_counts.items()):
                    if n > used.get(concept, (0, ""))[0]:
                        used[concept] = (n, lang)
                for concept, (_n, lang) in used.items():
                    self._surface[concept] = self.concepts.shown(concept, lang)
        return " ".join(self._surface.get(part, part) for part in term.split(" "))


def tokenize(text: str, language: str | None = "en") -> list[str]:
    """Folded content words of one text (a fresh analyzer; use TextAnalyzer for many texts)."""
    return TextAnalyzer(bigrams=False).tokens(text, language)


def analyze_many(
    texts: Sequence[str], languages: Sequence[str | None], analyzer: TextAnalyzer | None = None
) -> list[list[str]]:
    """Terms of many texts (see ``TextAnalyzer.terms``)."""
    a = analyzer or TextAnalyzer()
    return [a.terms(t, lang) for t, lang in zip(texts, languages, strict=True)]
