"""Themes across many free-text answers: clusters of answers, labelled by their most distinctive
words, with subthemes, member strengths and verbatim representative quotes. No Django imports.

Pipeline (:func:`find_themes`)
------------------------------
1. *Canonical order.* Answers are processed sorted by (text, language, id), so the result does
   not depend on the order they are given in: permuting the input (with its ids) permutes the
   membership and nothing else. Ids must be unique.
   *Clean input* (:mod:`groundwork.analysis.theme_input`, whose docstring states the rules):
   answers rejected by moderation (``moderated``), junk (keyboard mashes, greetings, test
   entries, bare reactions) and self-descriptions ("I live in…", "Mi hogar…") are set aside
   (``result.rejected``, ``result.junk``, ``result.about``), in no theme and not in "other".
   Answers with the same words are one item, and every item has a weight: the people it
   speaks for, a participant (``authors``) weighing one in all over their distinct items. The
   weights enter every mean, size and word count below, so that one voice posting many times
   cannot fill or name a theme; every answer an item stands for joins the item's theme.
   *Claims* (unless ``claims=False``; :mod:`groundwork.analysis.claims`, whose docstring
   states the rules): every item is cut into its sentences and clauses, and the claims are
   what the steps below cluster, label and quote. A claim that is junk or a self-description
   is left out when its answer has others. An item's weight is shared equally among its
   claims, and a claim's author is its answer's (or the answer itself), so an answer counts
   as one person. At the end a theme holds every answer one of its claims came from, once,
   with the claim (``Member.claim``: start, end in the answer's text) of its strongest; an
   answer about two things is in two themes. Sizes count answers; ``people`` counts voices.
2. *Terms* (:mod:`groundwork.analysis.text`): language-aware tokenizing, stop words and word-form
   folding (English plural folding, Snowball stemming for Spanish, German and other languages
   Snowball knows, character pairs for Chinese and Japanese,
   without pairs holding a function character), plus bigrams of neighbouring
   content words. When English or Spanish answers are at least 5% of the corpus, their words
   are mapped to shared concepts of the project's civic glossary
   (:mod:`groundwork.analysis.theme_bilingual`), so that answers about one subject meet in one
   theme whatever their language and whichever of its words they use ("apartments" and
   "homes", "rent" and "alquiler"); answers in other languages keep their words.
3. *TF-IDF*: terms in at least ``min_df`` answers (2, or 1 for corpora under 50 answers; at
   most 30,000 terms by document frequency), sublinear term frequency, smoothed IDF **squared**
   from 50 answers on (``_IDF_POWER``: a subject's word that few answers use outweighs the
   place's name that answers on every subject share, which otherwise scatters one subject over
   many themes), a word's rarity counted among the answers of the languages it occurs in (so
   a bilingual corpus's shared concept terms weigh what one language's words weigh), rows
   scaled to unit length. Answers with no term left (empty, only stop words, only emoji or digits)
   go to "other".
4. *Representation for clustering.* Lexical backend (the default; no model, no GPU): latent
   semantic analysis, a truncated SVD of the TF-IDF matrix (100 dimensions, fitted on at most
   20,000 answers and applied to all), rows normalised. Semantic backend: unit-length sentence
   embeddings (see :func:`load_embedder`). Combined backend (words and meaning): each answer's
   LSA vector and its embedding, both unit length, side by side weighted so that a cosine is
   the mean of the two cosines (``_WORDS_SHARE``, one half); with no embedding model it is the
   lexical backend. Assignment of new answers to a combined model uses the mean of the cosine
   to a theme's term centroid and the cosine to its embedding centroid.
5. *Choosing k* (unless ``k`` is given): for every k in ``k_range`` (default 2–20, further
   bounded by the number of distinct answers, by ``answers / min_theme_size`` and by
   ``sqrt(answers / 2)``, but never below ``answers / 8`` up to 12, so that a hundred
   answers may still show ten subjects), k-means (k-means++ seeded, one start) on a seeded
   sample of at most 4,000 answers, refined as in step 6 on the sample (the minimum theme size
   scaled to it).
   Each clustering is scored by **stability**: two seeded subsamples of 80% of the sample are
   clustered afresh with the same k, and the mean adjusted Rand index between their clusterings
   and the sample's (on the rows they share; "other" is one more group) says how reproducible
   the themes are; times **coverage**, the share of the sample's weight in a theme. *Grain*:
   from 3 to 12 for 30 to 99 answers' weight, from 5 to 12 for 100 answers' weight or more
   (``_grain``; the square-root bound above never stops under 12 when there are ten distinct
   claims per theme): the choice below is made among them when at least one has diverse
   themes (otherwise more themes would repeat each other); else among all k. Stability from
   two resamples is noisy, and fewer, stabler themes lump subjects that people must see
   apart; more than 12 themes is more headings than a plan is built from, so finer subjects
   are the themes' subthemes (step 9).
   Among the k whose themes have topic diversity of at least 0.8 (all k when none has), k is
   the largest whose stability × coverage is within 0.05 of the best: equally reproducible
   groupings, the finest one (people merge two themes more easily than they find a hidden one).
   The chosen clustering (scored from one k-means start per k) is then fitted again with
   its number of themes from the best of 3 k-means starts on the sample, every answer
   joining its nearest centre, and refined as in step 6.
   ``k_stability`` on the result holds every k's stability. Also recorded, no longer deciding:
   **coherence**, the mean NPMI of word pairs within each theme's top-10 words (by class-based
   TF-IDF, step 7; words of at least two answers, since a word of one answer always co-occurs
   with that answer's other words) from document co-occurrence over the whole corpus: themes
   whose words are used together score higher; and **topic diversity**, the share of unique
   words among all themes' top-10 lists (themes that repeat each other's words are one subject
   split in look-alikes). ``k_scores`` (coherence) and ``k_diversity`` hold every k scored (a k
   whose themes all dissolve has none; all three are empty when ``k`` is given or only one
   theme is possible).
6. *Clustering*: spherical k-means refinement in TF-IDF space (embedding space for the
   semantic backend), starting from the chosen sample clustering (or, when ``k`` is given,
   from every answer's nearest centre of k-means with 3 starts on the sample): each theme's
   centroid is the normalised mean of its members' TF-IDF rows, truncated to its 500
   heaviest terms, and every answer joins its most similar centroid. When the sample is not
   the whole corpus, every answer first joins the most similar of the sample's themes and the
   refinement runs again on all. An answer whose cosine similarity to its best centroid is
   below ``min_strength`` goes to "other"; themes smaller than ``min_theme_size`` (default 1%
   of the answers, at least 3) are dissolved and their members re-assigned. The last step is
   always an assignment to the stored centroids, so :func:`assign_to_themes` with the fitted
   model puts the same answers in the same themes. A member's **strength** is that cosine
   similarity (0–1).
   *Large themes* (unless ``k`` is given; in corpora of at least 100 answers, as fewer give
   too few answers to tell subjects apart): a theme holding more than a quarter of the
   answers' weight is clustered on its own (k chosen as in step 5, from 2 to 12, on its own
   LSA, or embeddings). It holds two or more subjects, and is split, when that clustering is
   stable (adjusted Rand index at least 0.5) and its parts are as distinct as themes are
   (their term centroids' cosine below the median cosine between the themes found, and
   below 0.5); otherwise it is one subject and stays whole. *Loose themes*: a theme whose
   **cohesion** (its members' mean strength) is under 0.6 of the median cohesion of the other
   themes, whatever its size, is not one subject but the residue of answers that fit no theme
   (k-means on short answers gathers those sharing no word with any theme), and is split by
   its own clustering without the two tests. Splits never take the number of themes beyond
   the preferred grain's top (12; step 5), or ``k_range``'s. After a split every
   answer is assigned again (the refinement of this step) and the check repeats, at most 3
   times. Both backends follow the same rules.
7. *Labels*: class-based TF-IDF (as BERTopic's c-TF-IDF): a term's share of the theme's
   term occurrences times ``log(1 + A / f)``, with ``A`` the average number of term
   occurrences per theme and ``f`` the term's occurrences in all themes, gives the theme's
   top ``words``. The label is one or two noun phrases from the answers, in their written
   form, joined by the answers' "and" (:mod:`groundwork.analysis.theme_labels`; in German,
   whose nouns are capitalised, a word written in lower case inside sentences is no noun and
   names nothing). A name a larger theme of the run already has is passed over for the theme's
   next best phrase (its most representative claim, verbatim and trimmed, when no phrase is
   left): two themes are never shown under one name.
8. *Quotes*: informative members, representative yet diverse (maximal marginal relevance),
   from different authors, both sides where a theme holds opposite positions
   (:func:`groundwork.analysis.theme_labels.pick_quotes`). A quote is always one member's
   text, verbatim.
9. *Subthemes*: groups of claims saying nearly the same thing. Every theme with at least
   ``subtheme_min_members`` (8: room for two subthemes of 3 claims and a claim in neither)
   members (by weight, see *Clean input*) is divided on its own claims. Lexical backend:
   claims sharing a distinctive term make a subtheme (greedily, the term with the most
   uncovered claims times its inverse document frequency, held by at least 3 claims not yet
   grouped and by at most half of the theme, whose subject such a term is; up to 10); every
   claim then joins the most similar of them when its cosine similarity to that subtheme's
   centre is at least 0.2 (``_SUBTHEME_MIN_FIT``), and stays in the theme in no subtheme
   otherwise, so that a subtheme stays mainly about its subject instead of gathering the
   theme's leftovers
   (:func:`groundwork.analysis.themes.subthemes._phrase_groups`;
   :func:`assign_to_themes` applies the same threshold). Short claims share few
   words, and a shared distinctive word is the surest sign of a shared subject, so these
   groups are purer than k-means on so few words. Semantic and combined backends, or when no
   two such terms exist: steps 4–8 again (k from 2 to 10, subthemes of at least 5% of the
   theme and 3 claims; for themes of 60 or more, k from 4 to 10 is preferred when one of them
   gives distinct subthemes, as in step 5). Each is named by its most representative claim (a
   trimmed sentence of one of its claims, verbatim, distinct among the siblings) and counted
   by the people who made it (``people``). A member of such a theme belongs to at most one
   subtheme (an answer with claims in two subthemes, to the subtheme of the claim that put it
   in the theme; with the semantic and combined backends to exactly one); if fewer than two
   subthemes survive, the theme has none.

The result is deterministic for a given ``seed`` (every random step is seeded; every order is
derived from the data; vectors are rounded to 6 decimals, and the clustering runs on one
thread, so that last-bit differences cannot flip a decision). The embedding model alone runs
on every core of the machine. :func:`topic_coherence` and :func:`topic_diversity` compute the two
metrics for any list of themes' top words, e.g. to compare with other topic models.

Incremental assignment
----------------------
:class:`ThemeModel` (``result.model``) holds what is needed to place new answers without
clustering again: the vocabulary with its IDF, and for every theme and subtheme its centroid
(term weights; for the semantic backend also the embedding centroid). It converts to and from
JSON-able data (:meth:`ThemeModel.to_dict`, :meth:`ThemeModel.from_dict`).
:func:`assign_to_themes` gives each new answer its nearest stored theme (and subtheme), or
"other". People's decisions live in the stored themes and are never undone: a rename changes
only the stored label; after a merge or after members are moved,
:func:`theme_model_from_members` recomputes the centroids from the curated membership; pinned
quotes are the application's own data and assignment never touches them.
"""

from __future__ import annotations

import sys
import types
from typing import Any

from groundwork.analysis.themes.assign import assign_to_themes, theme_model_from_members
from groundwork.analysis.themes.describe import _make_theme
from groundwork.analysis.themes.embedding import load_embedder
from groundwork.analysis.themes.metrics import corpus_tokens, topic_coherence, topic_diversity
from groundwork.analysis.themes.pipeline import find_themes
from groundwork.analysis.themes.results import (
    EMBEDDING_MODEL_ENV,
    MODEL_VERSION,
    Assignment,
    Backend,
    DocId,
    Embedder,
    Member,
    Quote,
    StoredTheme,
    Theme,
    ThemeModel,
    ThemeResult,
)

__all__ = [
    "EMBEDDING_MODEL_ENV",
    "MODEL_VERSION",
    "Assignment",
    "Backend",
    "DocId",
    "Embedder",
    "Member",
    "Quote",
    "StoredTheme",
    "Theme",
    "ThemeModel",
    "ThemeResult",
    "_make_theme",
    "assign_to_themes",
    "corpus_tokens",
    "find_themes",
    "load_embedder",
    "theme_model_from_members",
    "topic_coherence",
    "topic_diversity",
]

_PARTS = (
    "results",
    "metrics",
    "embedding",
    "vectors",
    "clustering",
    "describe",
    "units",
    "subthemes",
    "pipeline",
    "assign",
)


_ORIGINAL: dict[str, tuple[types.ModuleType, Any]] = {}


def _owner(name: str) -> types.ModuleType | None:
    for part in _PARTS:
        module = sys.modules.get(f"{__name__}.{part}")
        if module is not None and name in vars(module):
            return module
    return None


class _Package(types.ModuleType):
    """A tuning constant of a part (``themes._K_SAMPLE``) can be read, set and deleted (set
    back) on the package, reaching the part that uses it, as when the engine was one module
    (tests lower the sample size this way, with pytest's monkeypatch)."""

    def __getattr__(self, name: str) -> Any:
        owner = _owner(name)
        if owner is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        return vars(owner)[name]

    def __setattr__(self, name: str, value: Any) -> None:
        owner = _owner(name) if name.startswith("_") and not name.startswith("__") else None
        if owner is None or name in vars(self):
            super().__setattr__(name, value)
            return
        _ORIGINAL.setdefault(name, (owner, vars(owner)[name]))
        setattr(owner, name, value)

    def __delattr__(self, name: str) -> None:
        if name in _ORIGINAL:
            owner, value = _ORIGINAL.pop(name)
            setattr(owner, name, value)
            return
        super().__delattr__(name)


sys.modules[__name__].__class__ = _Package
