"""What the theme engine clusters: answers screened before themes are found. No Django imports.

:func:`screen_answers` sorts every answer into exactly one of five places, by these rules, in
this order:

1. *Rejected*: the answer's moderation flag says it was rejected (``moderated`` is False, or
   -1 as in a Pol.is export's ``moderated`` column). Rejected answers are not read further.
2. *Junk*: an answer with nothing to group by. After splitting it into words (lower-cased,
   accents stripped, words without a letter such as numbers dropped), it is junk when no word
   is left (empty, only digits, emoji or punctuation), or when every word is one of these: a
   stop word of its language; a *filler* word, i.e. a greeting, a thank-you, a test word, a
   bare reaction of assent or dissent, or a word about answering itself ("hello", "test",
   "ok", "agree", "comment"; English, Spanish and German lists below); a *keyboard mash*:
   four or more letters with no vowel ("sdfg"), a run of five keys along one keyboard row or
   a four-key row run on its own ("qwert", "asdf"), a unit of one to four letters repeated
   to six letters or more ("asdfasdf", "jajaja"), or one letter three times or more
   ("xxx"). A single word that is none of these ("Housing") is an answer, not junk.
3. *About the people who answered*: an answer whose every sentence is a self-description
   and that contains no word of opinion. A self-description starts with "I live", "I have
   lived", "I grew up", "I was born", "I rent", "I work as/in/at/for", "I identify as",
   "My household", "My family", "My age", "My income", or "I am"/"I'm" followed by a
   word that describes a person rather than a feeling (an article, a number, an age,
   "over/under/between", a gender, a trade or a status such as "retired", "student",
   "renter", "from", "eligible"); in Spanish "Soy" (not "soy de la opinión"), "Vivo", "He
   vivido", "Nací", "Tengo N años", "Mi hogar", "Mi familia", "Trabajo como/en/de"; in
   German "Ich bin ein/eine/N/aus…", "Ich wohne", "Ich lebe in/seit", "Mein Haushalt",
   "Meine Familie". Words of opinion ("should", "need", "think", "worried", "but",
   "debería", "creo", "pero", "sollte", "finde", …) keep the answer among the answers: "I
   live on Elm Street and the drains flood" is about the drains. These answers are shown
   apart (who answered), never as a theme.
4. *Duplicates*: answers with the same words in the same order (ignoring case, accents,
   punctuation and spacing) are one item; the first in the caller's canonical order stands
   for the rest. A participant who posts the same words twice is one voice.
5. Everything else is an item to cluster.

Each item has a **weight**: how many people it speaks for. A voice is a participant (the
``authors`` given) or, without an author, the answer itself. A participant's weight is one in
all, shared equally among their distinct items, so that one person posting thirty different
answers about a pet project weighs as one person and cannot name or fill a theme alone; an
item posted by several people counts each of them. Without authors every distinct item
weighs the number of answers it stands for.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

from groundwork.analysis.text import (
    base_language,
    guess_language,
    stop_words,
    strip_accents,
    words,
)

__all__ = ["Screened", "is_junk", "is_keyboard_mash", "is_self_description", "screen_answers"]


def _set(text: str) -> frozenset[str]:
    return frozenset(strip_accents(w.casefold()) for w in text.split())


#: Greetings, thanks, test words, bare reactions and words about answering, in English,
#: Spanish and German: an answer made only of these (and stop words) says nothing to group.
FILLER_WORDS = _set(
    """
    hello hi hey hiya howdy greetings thanks thank thx ty cheers bye goodbye please
    test tests testing tested tester asdf qwerty foo bar baz lorem ipsum dummy sample
    ok okay okey yes yeah yep yup no nope nah na sure fine cool nice great good bad lol lmao
    haha hahaha hmm hm meh wow yay idk dunno whatever nothing none nil null
    agree agreed agrees disagree disagreed disagrees strongly totally completely highly
    absolutely definitely maybe perhaps true false correct right wrong exactly indeed
    comment comments entry entries post posts message answer answers response responses
    submission statement reply n/a
    hola buenas buenos dias gracias adios chao prueba pruebas probando si vale bueno bien
    mal claro nada ninguno ninguna acuerdo desacuerdo totalmente comentario comentarios
    respuesta respuestas mensaje
    hallo servus danke tschuss ja nein jawohl gut schlecht stimmt stimme zu einverstanden
    richtig falsch genau nichts kommentar kommentare antwort beitrag statement
    """
)

_VOWELS = frozenset("aeiouyäöüàáâãåèéêëìíîïòóôõùúûýÿæœø")
_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm", "qwertzuiop", "yxcvbnm", "azertyuiop")
_LINES = [line for row in _ROWS for line in (row, row[::-1])]
_RUNS_OF_FIVE = frozenset(line[i : i + 5] for line in _LINES for i in range(len(line) - 4))
_RUNS_OF_FOUR = frozenset(line[i : i + 4] for line in _LINES for i in range(len(line) - 3))


def is_keyboard_mash(word: str) -> bool:
    """Whether one lower-case word of letters looks typed at random (see the module rules)."""
    if not word.isalpha() or not word.isascii():
        return False
    if len(word) >= 4 and not any(ch in _VOWELS for ch in word):
        return True
    if len(word) == 4 and word in _RUNS_OF_FOUR:
        return True
    if any(word[i : i + 5] in _RUNS_OF_FIVE for i in range(len(word) - 4)):
        return True
    if len(word) >= 3 and len(set(word)) == 1:
        return True
    if len(word) >= 6:
        for unit in range(1, 5):
            if len(word) % unit == 0 and word == word[:unit] * (len(word) // unit):
                return True
    return False


_LETTERS = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
_WORDS = re.compile(r"\w+")


def _folded(text: str) -> str:
    lowered = text.casefold().replace("’", "'")
    return lowered if lowered.isascii() else strip_accents(lowered)


def is_junk(text: str, language: str | None = None) -> bool:
    """Whether an answer has nothing to group by (rule 2 of the module docstring)."""
    lang = base_language(language)
    english = stop_words("en")
    own = stop_words(lang) if lang else None
    # Words are read lazily: most answers stop at their first word of substance.
    for match in _LETTERS.finditer(_folded(text)):
        token = match.group()
        if token in english or token in FILLER_WORDS or is_keyboard_mash(token):
            continue
        if own is None:
            own = stop_words(guess_language(text, "en"))
        if token not in own:
            return False
    return True


# ---------------------------------------------------------------------------------------------
# Self-descriptions

_PERSON_WORDS = (
    r"a|an|one|\d+|over|under|between|aged|age|male|female|man|woman|non-binary|nonbinary|"
    r"retired|unemployed|employed|self[- ]employed|currently|student|parent|mother|father|"
    r"mom|mum|dad|grandparent|grandmother|grandfather|homeowner|renter|tenant|landlord|"
    r"resident|citizen|immigrant|veteran|from|born|originally|eligible|receiving|living|"
    r"renting|married|single|divorced|widowed|disabled|blind|deaf|in\s+my\s+\d+s|"
    r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)\w*"
)
_SELF_OPENERS = re.compile(
    r"""^(?:
        i\s+(?:am|'m)\s+(?:"""
    + _PERSON_WORDS
    + r""")\b
      | i'?m\s+(?:"""
    + _PERSON_WORDS
    + r""")\b
      | i\s+(?:live|lived|have\s+lived|'ve\s+lived|grew\s+up|was\s+born|rent|own\s+(?:a|my|our)
               |work\s+(?:as|in|at|for|from)|identify\s+as|speak|moved\s+here
               |have\s+been\s+living)\b
      | i've\s+lived\b
      | (?:my|our)\s+(?:household|family|age|income|home\s+language|first\s+language
                       |kids|children)\b
      | we\s+(?:live|are\s+a\s+family|rent|own)\b
      | soy\s+(?!de\s+la\s+opini|partidari|favorable|contrari|consciente)\w
      | vivo\b | he\s+vivido\b | llevo\s+\d+\s+anos\b | naci\b | tengo\s+\d+\s+anos\b
      | tengo\s+(?:\d+|un|una|dos|tres|cuatro)\s+(?:hij|nin)
      | (?:mi|nuestro|nuestra)\s+(?:hogar|familia|casa\s+es|edad|ingreso)\b
      | (?:en\s+mi\s+(?:hogar|casa)\s+(?:somos|vivimos))\b
      | trabajo\s+(?:como|en|de)\b | alquilo\b | rento\b | vivimos\b
      | ich\s+bin\s+(?:ein|eine|\d+|aus|uber|unter|zwischen|student|studentin|rentner|rentnerin
                    |mutter|vater|mann|frau|mannlich|weiblich|selbststandig|arbeitslos)\b
      | ich\s+(?:wohne|lebe\s+(?:in|seit|auf|am))\b
      | (?:mein|unser)\s+haushalt\b | (?:meine|unsere)\s+familie\b
    )""",
    re.VERBOSE,
)
_OPINION_WORDS = _set(
    """
    should shouldn't must need needs needed want wants wish hope think thought believe feel
    worried worry concerned concern afraid fear support oppose agree disagree but however
    although though please would like love hate prefer better worse best worst problem
    problems issue issues unfortunately sadly glad happy unhappy pleased frustrated angry
    debería deberían debe deben necesito necesitamos necesita necesitan quiero queremos
    quisiera creo pienso opino espero ojala pero aunque sin embargo favor apoyo mejor peor
    problema problemas preocupa preocupado preocupada miedo gustaria
    sollte sollten muss mussen brauche brauchen braucht will wollen wunsche hoffe glaube
    finde denke meine aber jedoch leider besser schlechter problem probleme sorge angst
    """
)
_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n+")


def _plain(text: str) -> str:
    lowered = strip_accents(text.casefold()).replace("’", "'")
    return re.sub(r"\s+", " ", re.sub(r"^[\s\"'“”«»¡¿(\-–—*•]+", "", lowered)).strip()


def is_self_description(text: str) -> bool:
    """Whether an answer only describes the person who wrote it (rule 3 of the docstring)."""
    if not _SELF_OPENERS.match(_plain(text[:60])):
        return False  # the first sentence is not about its writer: most answers stop here
    sentences = [s for s in (_plain(part) for part in _SENTENCE.split(text)) if s]
    if not sentences:
        return False
    if not all(_SELF_OPENERS.match(s) for s in sentences):
        return False
    return not any(strip_accents(w) in _OPINION_WORDS for w in words(text))


# ---------------------------------------------------------------------------------------------
# Screening


def duplicate_key(text: str) -> str:
    """The words of an answer in order, lower-cased and without accents: equal keys are
    duplicates."""
    return " ".join(_WORDS.findall(_folded(text)))


@dataclass
class Screened:
    """Positions (into the texts given) by where they went; ``items`` are the answers to
    cluster, each standing for ``stands_for[i]`` (its own position first) with ``weight[i]``."""

    items: list[int] = field(default_factory=list)
    stands_for: list[list[int]] = field(default_factory=list)
    weight: list[float] = field(default_factory=list)
    junk: list[int] = field(default_factory=list)
    about: list[int] = field(default_factory=list)
    rejected: list[int] = field(default_factory=list)


def _rejected(flag: bool | int | None) -> bool:
    if flag is None:
        return False
    if isinstance(flag, bool):
        return not flag
    return int(flag) < 0


def screen_answers(
    texts: Sequence[str],
    *,
    languages: Sequence[str | None] | None = None,
    authors: Sequence[Hashable | None] | None = None,
    moderated: Sequence[bool | int | None] | None = None,
) -> Screened:
    """Sort answers (in the order given; callers give their canonical order) by the rules of
    the module docstring. ``authors``: a participant per answer (None when unknown);
    ``moderated``: per answer True/1/0/None to keep, False or -1 for rejected."""
    n = len(texts)
    langs = list(languages) if languages is not None else [None] * n
    who = list(authors) if authors is not None else [None] * n
    flags = list(moderated) if moderated is not None else [None] * n
    if not len(langs) == len(who) == len(flags) == n:
        raise ValueError("languages, authors and moderated must have one entry per text")
    out = Screened()
    first: dict[str, int] = {}
    # Each distinct (text, language) is read once: answers written the same way by many people
    # get the same verdict and key.
    verdicts: dict[tuple[str, str | None], tuple[str, str]] = {}
    for i, text in enumerate(texts):
        if _rejected(flags[i]):
            out.rejected.append(i)
            continue
        verdict = verdicts.get((text, langs[i]))
        if verdict is None:
            if is_junk(text, langs[i]):
                verdict = ("junk", "")
            elif is_self_description(text):
                verdict = ("about", "")
            else:
                verdict = ("item", duplicate_key(text))
            verdicts[text, langs[i]] = verdict
        kind, key = verdict
        if kind == "junk":
            out.junk.append(i)
        elif kind == "about":
            out.about.append(i)
        else:
            item = first.get(key)
            if item is None:
                first[key] = len(out.items)
                out.items.append(i)
                out.stands_for.append([i])
            else:
                out.stands_for[item].append(i)
    # Voices: a participant, or an answer without one. Each voice weighs one in all, shared
    # among its distinct items.
    voices_of: list[set[tuple[str, Hashable]]] = []
    items_of_voice: dict[tuple[str, Hashable], int] = {}
    for group in out.stands_for:
        voices = {("p", who[i]) if who[i] is not None else ("a", i) for i in group}
        voices_of.append(voices)
        for voice in voices:
            items_of_voice[voice] = items_of_voice.get(voice, 0) + 1
    out.weight = [sum(1.0 / items_of_voice[v] for v in voices) for voices in voices_of]
    return out
