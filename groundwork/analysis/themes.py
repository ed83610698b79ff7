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
   Snowball knows, character pairs for Chinese and Japanese), plus bigrams of neighbouring
   content words. When the answers are bilingual in English and Spanish, words of both
   languages are mapped to shared concepts of the project's civic glossary
   (:mod:`groundwork.analysis.theme_bilingual`), so that answers about one subject meet in one
   theme whatever their language; a corpus in one language keeps its words.
3. *TF-IDF*: terms in at least ``min_df`` answers (2, or 1 for corpora under 50 answers; at
   most 30,000 terms by document frequency), sublinear term frequency, smoothed IDF, rows scaled
   to unit length. Answers with no term left (empty, only stop words, only emoji or digits)
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
   ``sqrt(answers / 2)``), k-means (k-means++ seeded, one start) on a seeded sample of at most
   4,000 answers, refined as in step 6 on the sample (the minimum theme size scaled to it).
   Each clustering is scored by **stability**: two seeded subsamples of 80% of the sample are
   clustered afresh with the same k, and the mean adjusted Rand index between their clusterings
   and the sample's (on the rows they share; "other" is one more group) says how reproducible
   the themes are; times **coverage**, the share of the sample's weight in a theme. *Grain*: a
   plan is built from a handful to a dozen subjects, so (from 3 to 12 for 50 to 99 answers'
   weight) for 100 answers' weight or more the k from 5 to 12 (to 20 above 1,000 answers) are
   preferred: the choice below is made among them when at least one has diverse themes
   (otherwise more themes would repeat each other); else among all k. Stability from two
   resamples is noisy, and fewer, stabler themes lump subjects that people must see apart.
   Among the k whose themes have topic diversity of at least 0.8 (all k when none has), k is
   the largest whose stability × coverage is within 0.05 of the best: equally reproducible
   groupings, the finest one (people merge two themes more easily than they find a hidden one).
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
   below 0.5); otherwise it is one subject and stays whole. After a split every answer is
   assigned again (the refinement of this step) and the check repeats, at most 3 times.
   Both backends follow the same rules.
7. *Labels*: class-based TF-IDF (as BERTopic's c-TF-IDF): a term's share of the theme's
   term occurrences times ``log(1 + A / f)``, with ``A`` the average number of term
   occurrences per theme and ``f`` the term's occurrences in all themes, gives the theme's
   top ``words``. The label is one or two noun phrases from the answers, in their written
   form, joined by the answers' "and" (:mod:`groundwork.analysis.theme_labels`).
8. *Quotes*: informative members, representative yet diverse (maximal marginal relevance),
   from different authors, both sides where a theme holds opposite positions
   (:func:`groundwork.analysis.theme_labels.pick_quotes`). A quote is always one member's
   text, verbatim.
9. *Subthemes*: groups of claims saying nearly the same thing. Every theme with at least
   ``subtheme_min_members`` (12) members (by weight, see *Clean input*) is clustered again by
   steps 4–8 on its own claims (k from 2 to 10, subthemes of at least 5% of the theme and 3
   claims; for themes of 60 or more, k from 4 to 10 is preferred when one of them gives
   distinct subthemes, as in step 5), each named by its most representative claim (a trimmed
   sentence of one of its claims, verbatim, distinct among the siblings) and counted by the
   people who made it (``people``). Every member of such a theme belongs to exactly one
   subtheme (an answer with claims in two subthemes, to the subtheme of the claim that put it
   in the theme); if fewer than two subthemes survive, the theme has none.

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

import math
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.metrics import adjusted_rand_score
from threadpoolctl import threadpool_limits

from groundwork.analysis import theme_bilingual, theme_labels
from groundwork.analysis.claims import Claim, split_claims
from groundwork.analysis.text import TextAnalyzer, base_language, guess_language
from groundwork.analysis.theme_input import is_junk, is_self_description, screen_answers

__all__ = [
    "EMBEDDING_MODEL_ENV",
    "Assignment",
    "Embedder",
    "Member",
    "Quote",
    "StoredTheme",
    "Theme",
    "ThemeModel",
    "ThemeResult",
    "assign_to_themes",
    "corpus_tokens",
    "find_themes",
    "load_embedder",
    "theme_model_from_members",
    "topic_coherence",
    "topic_diversity",
]

DocId = str | int
FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]
#: A sentence-embedding function: texts in, an (n, d) array out.
Embedder = Callable[[Sequence[str]], npt.NDArray[Any]]
Backend = Literal["auto", "lexical", "semantic", "combined"]

#: Environment variable naming a local sentence-transformers model directory.
EMBEDDING_MODEL_ENV = "GROUNDWORK_EMBEDDING_MODEL"

MODEL_VERSION = 1
_LSA_DIMENSIONS = 100
_SVD_FIT_SAMPLE = 20_000
_K_SAMPLE = 4_000
_CENTROID_TERMS = 500
_TOP_N = 10
_DEFAULT_MIN_STRENGTH = {"lexical": 0.05, "semantic": 0.2, "combined": 0.1}
#: The combined backend's share of word statistics (LSA, TF-IDF) beside meaning (embeddings).
_WORDS_SHARE = 0.5


# --------------------------------------------------------------------------------------------
# Results


@dataclass(frozen=True)
class Member:
    """One answer in a theme, with its strength (cosine similarity to the theme's centre) and
    the claim that put it there: ``claim`` is (start, end) in the answer's text (None when the
    themes were found from whole answers, or for a duplicate written differently)."""

    id: DocId
    strength: float
    claim: tuple[int, int] | None = None


@dataclass(frozen=True)
class Quote:
    """A representative answer: its id and its text, verbatim."""

    id: DocId
    text: str


@dataclass
class Theme:
    """A theme (or subtheme): ``id`` is "1", "2", ... for themes, "1.1", "1.2", ... below.

    ``words`` are the top terms as people write them (unigrams and bigrams), ``terms`` the top
    10 folded unigrams, the form :func:`topic_coherence` expects with :func:`corpus_tokens`.
    Members are sorted by strength, strongest first.
    """

    id: str
    label: str
    size: int
    members: list[Member]
    quotes: list[Quote]
    words: list[str]
    terms: list[str]
    subthemes: list[Theme] = field(default_factory=list)
    #: The name in each language the theme's answers are written in, main language first.
    labels: dict[str, str] = field(default_factory=dict)
    people: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "labels": dict(self.labels),
            "size": self.size,
            "people": self.people,
            "words": list(self.words),
            "members": [
                {
                    "id": m.id,
                    "strength": round(m.strength, 4),
                    "claim": None if m.claim is None else list(m.claim),
                }
                for m in self.members
            ],
            "quotes": [{"id": q.id, "text": q.text} for q in self.quotes],
            "subthemes": [s.to_dict() for s in self.subthemes],
        }


@dataclass
class ThemeResult:
    """Themes (largest first), the ids of answers in no theme, and how k was chosen.

    ``k_scores`` maps every k scored to its themes' coherence (mean NPMI of their top words)
    and ``k_diversity`` to their topic diversity (see the module docstring, step 5).
    """

    themes: list[Theme]
    other: list[DocId]
    k: int
    k_scores: dict[int, float]
    backend: str
    model: ThemeModel
    k_diversity: dict[int, float] = field(default_factory=dict)
    k_stability: dict[int, float] = field(default_factory=dict)
    junk: list[DocId] = field(default_factory=list)
    about: list[DocId] = field(default_factory=list)
    rejected: list[DocId] = field(default_factory=list)

    @property
    def top_terms(self) -> list[list[str]]:
        """Each theme's top folded unigrams, for :func:`topic_coherence`/`topic_diversity`."""
        return [t.terms for t in self.themes]

    def to_dict(self) -> dict[str, Any]:
        return {
            "backend": self.backend,
            "k": self.k,
            "k_scores": {str(k): round(v, 4) for k, v in self.k_scores.items()},
            "k_diversity": {str(k): round(v, 4) for k, v in self.k_diversity.items()},
            "k_stability": {str(k): round(v, 4) for k, v in self.k_stability.items()},
            "themes": [t.to_dict() for t in self.themes],
            "other": list(self.other),
            "junk": list(self.junk),
            "about": list(self.about),
            "rejected": list(self.rejected),
        }


@dataclass
class StoredTheme:
    """A theme as stored for assignment: its centroid as term weights (unit length), the
    embedding centroid for semantic models, and its subthemes."""

    id: str
    label: str
    centroid: dict[str, float]
    vector: list[float] | None = None
    subthemes: list[StoredTheme] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "centroid": dict(self.centroid),
            "vector": None if self.vector is None else list(self.vector),
            "subthemes": [s.to_dict() for s in self.subthemes],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> StoredTheme:
        vector = data.get("vector")
        return cls(
            id=str(data["id"]),
            label=str(data.get("label", "")),
            centroid={str(k): float(v) for k, v in dict(data.get("centroid", {})).items()},
            vector=None if vector is None else [float(x) for x in vector],
            subthemes=[cls.from_dict(s) for s in data.get("subthemes", [])],
        )


@dataclass
class ThemeModel:
    """What :func:`assign_to_themes` needs: vocabulary and IDF, the themes' centroids, the
    strength below which an answer is "other". JSON-able through :meth:`to_dict`."""

    backend: str
    vocabulary: list[str]
    idf: list[float]
    themes: list[StoredTheme]
    min_strength: float
    embedding_min_strength: float = _DEFAULT_MIN_STRENGTH["semantic"]
    embedding_model: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": MODEL_VERSION,
            "backend": self.backend,
            "vocabulary": list(self.vocabulary),
            "idf": [round(x, 6) for x in self.idf],
            "themes": [t.to_dict() for t in self.themes],
            "min_strength": self.min_strength,
            "embedding_min_strength": self.embedding_min_strength,
            "embedding_model": self.embedding_model,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ThemeModel:
        version = data.get("version")
        if version != MODEL_VERSION:
            raise ValueError(f"unsupported theme model version: {version!r}")
        vocabulary = [str(t) for t in data["vocabulary"]]
        idf = [float(x) for x in data["idf"]]
        if len(vocabulary) != len(idf):
            raise ValueError("vocabulary and idf differ in length")
        return cls(
            backend=str(data["backend"]),
            vocabulary=vocabulary,
            idf=idf,
            themes=[StoredTheme.from_dict(t) for t in data["themes"]],
            min_strength=float(data["min_strength"]),
            embedding_min_strength=float(
                data.get("embedding_min_strength", _DEFAULT_MIN_STRENGTH["semantic"])
            ),
            embedding_model=data.get("embedding_model"),
        )


@dataclass(frozen=True)
class Assignment:
    """Where a new answer goes: a theme id (None = "other"), a subtheme id if the theme has
    subtheme, the strength (cosine similarity) to the theme, and with claims, the claim
    (start, end in the answer's text) that put it there."""

    id: DocId
    theme: str | None
    subtheme: str | None
    strength: float
    claim: tuple[int, int] | None = None


# --------------------------------------------------------------------------------------------
# Metrics


def corpus_tokens(
    texts: Sequence[str], languages: Sequence[str | None] | str | None = None
) -> list[list[str]]:
    """Folded unigrams of each text, as the engine sees them (the corpus for NPMI)."""
    langs = _languages(languages, len(texts))
    analyzer = TextAnalyzer(bigrams=False)
    return [analyzer.tokens(t, lang) for t, lang in zip(texts, langs, strict=True)]


def topic_coherence(
    topics: Sequence[Sequence[str]], documents: Iterable[Iterable[str]], *, top_n: int = _TOP_N
) -> float:
    """Mean NPMI of the word pairs within each topic's first ``top_n`` words, with
    probabilities from document co-occurrence in ``documents`` (each an iterable of tokens).

    NPMI(a, b) = log(P(a,b) / (P(a) P(b))) / -log P(a,b): 1 when the words always occur
    together, 0 when independent, -1 when never together (also for words absent from the
    corpus). Topics with fewer than two words are skipped; 0.0 if no pair is left.
    """
    words = sorted({w for topic in topics for w in topic[:top_n]})
    index = {w: i for i, w in enumerate(words)}
    rows: list[int] = []
    cols: list[int] = []
    n_docs = 0
    for doc in documents:
        present = {index[w] for w in doc if w in index}
        rows.extend([n_docs] * len(present))
        cols.extend(present)
        n_docs += 1
    matrix = sp.csc_matrix(
        (np.ones(len(rows)), (np.asarray(rows, dtype=np.intp), np.asarray(cols, dtype=np.intp))),
        shape=(n_docs, len(words)),
    )
    topic_idx = [[index[w] for w in dict.fromkeys(topic[:top_n])] for topic in topics]
    return _npmi(topic_idx, matrix, n_docs)


def topic_diversity(topics: Sequence[Sequence[str]], *, top_n: int = _TOP_N) -> float:
    """Share of unique words among all topics' first ``top_n`` words (1.0 = no overlap)."""
    all_words = [w for topic in topics for w in topic[:top_n]]
    if not all_words:
        return 0.0
    return len(set(all_words)) / len(all_words)


def _npmi(topics: Sequence[Sequence[int]], presence: sp.csc_matrix, n_docs: int) -> float:
    """Mean NPMI over topics (lists of column indices of a binary docs × words matrix)."""
    used = sorted({i for t in topics for i in t})
    if n_docs == 0 or not used:
        return 0.0
    sub = presence[:, used]
    sub.data = np.ones_like(sub.data)
    position = {c: j for j, c in enumerate(used)}
    co = (sub.T @ sub).toarray()
    p = np.diag(co) / n_docs
    scores: list[float] = []
    for topic in topics:
        idx = [position[i] for i in topic]
        if len(idx) < 2:
            continue
        pair_scores: list[float] = []
        for a in range(len(idx)):
            for b in range(a + 1, len(idx)):
                joint = co[idx[a], idx[b]] / n_docs
                if joint <= 0:
                    pair_scores.append(-1.0)
                elif joint >= 1:
                    pair_scores.append(1.0)
                else:
                    pmi = math.log(joint / (p[idx[a]] * p[idx[b]]))
                    pair_scores.append(pmi / -math.log(joint))
        scores.append(float(np.mean(pair_scores)))
    return float(np.mean(scores)) if scores else 0.0


# --------------------------------------------------------------------------------------------
# Semantic backend


def load_embedder(model_path: str | None = None) -> Embedder | None:
    """A sentence-embedding function from a local sentence-transformers model directory
    (``model_path`` or ``$GROUNDWORK_EMBEDDING_MODEL``), or None when no model is configured
    or ``sentence-transformers`` is not installed. Loads offline only: nothing is fetched."""
    path = model_path or os.environ.get(EMBEDDING_MODEL_ENV, "")
    if not path:
        return None
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError:
        return None
    model = SentenceTransformer(path, device="cpu", local_files_only=True)
    threads = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()

    def embed(texts: Sequence[str]) -> npt.NDArray[Any]:
        # The model uses every core even inside find_themes, which holds other pools to one
        # thread: embedding is most of a semantic run, and two threads halve it on two cores.
        # The count is fixed per machine, so repeated runs still give the same vectors.
        with threadpool_limits(limits=threads or 1):
            vectors = model.encode(
                list(texts), batch_size=64, normalize_embeddings=True, show_progress_bar=False
            )
        return np.asarray(vectors, dtype=np.float64)

    return embed


def _embed(embedder: Embedder, texts: Sequence[str]) -> FloatArray:
    if not texts:
        return np.zeros((0, 1))
    vectors = np.asarray(embedder(list(texts)), dtype=np.float64)
    if vectors.ndim != 2 or vectors.shape[0] != len(texts):
        raise ValueError("the embedder must return one row per text")
    # Rounded as the LSA vectors are: a model's last bits may depend on its threads.
    return _normalize_rows(vectors.round(6))


# --------------------------------------------------------------------------------------------
# Vectorizing


@dataclass
class _Vectors:
    """TF-IDF of the corpus (canonical order): rows unit length (or empty)."""

    matrix: sp.csr_matrix
    vocabulary: list[str]
    idf: FloatArray


def _languages(languages: Sequence[str | None] | str | None, n: int) -> list[str | None]:
    if languages is None or isinstance(languages, str):
        return [languages] * n
    langs = list(languages)
    if len(langs) != n:
        raise ValueError("languages and texts differ in length")
    return langs


def _build_vectors(term_lists: Sequence[Sequence[str]], *, min_df: int) -> _Vectors:
    n = len(term_lists)
    df: dict[str, int] = {}
    for terms in term_lists:
        for t in set(terms):
            df[t] = df.get(t, 0) + 1
    kept = [t for t, c in df.items() if c >= min_df]
    if len(kept) > 30_000:
        kept.sort(key=lambda t: (-df[t], t))
        kept = kept[:30_000]
    vocabulary = sorted(kept)
    index = {t: i for i, t in enumerate(vocabulary)}
    idf = np.array([math.log((1 + n) / (1 + df[t])) + 1.0 for t in vocabulary])
    return _Vectors(_tfidf(term_lists, index, idf), vocabulary, idf)


def _tfidf(
    term_lists: Sequence[Sequence[str]], index: Mapping[str, int], idf: FloatArray
) -> sp.csr_matrix:
    indptr = [0]
    indices: list[int] = []
    counts: list[int] = []
    for terms in term_lists:
        row: dict[int, int] = {}
        for t in terms:
            j = index.get(t)
            if j is not None:
                row[j] = row.get(j, 0) + 1
        for j in sorted(row):
            indices.append(j)
            counts.append(row[j])
        indptr.append(len(indices))
    tf = np.asarray(counts, dtype=np.float64)
    cols = np.asarray(indices, dtype=np.intp)
    data = (1.0 + np.log(tf)) * idf[cols] if len(cols) else tf
    matrix = sp.csr_matrix(
        (data, cols, np.asarray(indptr, dtype=np.intp)), shape=(len(term_lists), len(idf))
    )
    return _normalize_sparse(matrix)


def _normalize_sparse(matrix: sp.csr_matrix) -> sp.csr_matrix:
    squared = matrix.multiply(matrix).sum(axis=1)
    norms = np.sqrt(np.asarray(squared, dtype=np.float64).ravel())
    norms[norms == 0] = 1.0
    scaled: sp.csr_matrix = sp.csr_matrix(sp.diags(1.0 / norms) @ matrix)
    return scaled


def _normalize_rows(array: FloatArray) -> FloatArray:
    norms = np.linalg.norm(array, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    scaled: FloatArray = array / norms
    return scaled


def _lsa(matrix: sp.csr_matrix, *, seed: int, dimensions: int = _LSA_DIMENSIONS) -> FloatArray:
    """Unit-length LSA coordinates of the rows (dense TF-IDF when the vocabulary is small)."""
    n, v = matrix.shape
    if v <= dimensions + 1 or n <= 3:
        return _normalize_rows(np.asarray(matrix.toarray(), dtype=np.float64))
    rng = np.random.default_rng(seed)
    fit_rows = (
        np.sort(rng.choice(n, _SVD_FIT_SAMPLE, replace=False)) if n > _SVD_FIT_SAMPLE else None
    )
    fit_matrix = matrix if fit_rows is None else matrix[fit_rows]
    components = min(dimensions, v - 1, fit_matrix.shape[0] - 1)
    if components < 2:
        return _normalize_rows(np.asarray(matrix.toarray(), dtype=np.float64))
    svd = TruncatedSVD(n_components=components, random_state=seed, n_iter=5)
    svd.fit(fit_matrix)
    coords = np.asarray(matrix @ svd.components_.T, dtype=np.float64)
    # Rounded so that float noise from BLAS cannot decide a k-means step.
    return np.round(_normalize_rows(coords), 6)


# --------------------------------------------------------------------------------------------
# Clustering


def _distinct_rows(matrix: sp.csr_matrix, enough: int) -> int:
    """The number of distinct rows, counting no further than ``enough``."""
    seen: set[tuple[bytes, bytes]] = set()
    for i in range(matrix.shape[0]):
        start, end = matrix.indptr[i], matrix.indptr[i + 1]
        seen.add(
            (matrix.indices[start:end].tobytes(), np.round(matrix.data[start:end], 9).tobytes())
        )
        if len(seen) >= enough:
            break
    return len(seen)


def _ctfidf(presence: sp.csr_matrix, labels: IntArray, k: int) -> FloatArray:
    """Class-based TF-IDF (k × terms) from a binary answers × terms matrix."""
    onehot = sp.csr_matrix(
        (np.ones(len(labels)), (labels, np.arange(len(labels)))), shape=(k, len(labels))
    )
    counts = np.asarray((onehot @ presence).toarray(), dtype=np.float64)
    totals = counts.sum(axis=1, keepdims=True)
    totals[totals == 0] = 1.0
    freq = counts.sum(axis=0)
    average = counts.sum() / max(k, 1)
    with np.errstate(divide="ignore"):
        idf = np.where(freq > 0, np.log1p(average / np.where(freq > 0, freq, 1.0)), 0.0)
    weights: FloatArray = (counts / totals) * idf
    return weights


def _top_unigrams(
    weights: FloatArray, vocabulary: Sequence[str], n: int = _TOP_N
) -> list[list[int]]:
    out: list[list[int]] = []
    for row in weights:
        order = np.lexsort((np.arange(len(row)), -row))
        picked: list[int] = []
        for j in order:
            if row[j] <= 0:
                break
            if " " not in vocabulary[j]:
                picked.append(int(j))
                if len(picked) == n:
                    break
        out.append(picked)
    return out


def _kmeans(
    points: FloatArray,
    k: int,
    *,
    seed: int,
    n_init: int = 3,
    weights: FloatArray | None = None,
) -> KMeans:
    model = KMeans(n_clusters=k, n_init=n_init, max_iter=100, random_state=seed)
    # Called only inside find_themes, whose thread pools are limited to one there (a limit per
    # fit would scan the loaded libraries again each time, a fifth of a small run): on a busy
    # 2-core machine OpenMP's spinning threads slow small fits down 5-10x.
    return model.fit(points, sample_weight=weights)


def _sample(n: int, seed: int) -> IntArray:
    """Sorted positions of a seeded sample of at most ``_K_SAMPLE`` rows."""
    if n <= _K_SAMPLE:
        return np.arange(n, dtype=np.intp)
    rng = np.random.default_rng(seed)
    return np.sort(rng.choice(n, _K_SAMPLE, replace=False)).astype(np.intp)


def _centroids(
    rows: sp.csr_matrix,
    labels: IntArray,
    k: int,
    *,
    truncate: int = _CENTROID_TERMS,
    weights: FloatArray | None = None,
) -> sp.csr_matrix:
    """Unit-length (weighted) mean rows per label (label -1 ignored), each cut to its heaviest
    terms."""
    ok = labels >= 0
    values = np.ones(int(ok.sum())) if weights is None else weights[ok]
    onehot = sp.csr_matrix((values, (labels[ok], np.flatnonzero(ok))), shape=(k, rows.shape[0]))
    sums = np.asarray((onehot @ rows).toarray(), dtype=np.float64)
    if truncate and sums.shape[1] > truncate:
        for row in sums:
            if np.count_nonzero(row) > truncate:
                order = np.lexsort((np.arange(len(row)), -row))
                row[order[truncate:]] = 0.0
    return sp.csr_matrix(_normalize_rows(sums))


def _assign(similarity: FloatArray, min_strength: float) -> tuple[IntArray, FloatArray]:
    """Best column per row (first on ties) and its similarity; -1 when below the threshold."""
    if similarity.shape[1] == 0:
        return np.full(similarity.shape[0], -1, dtype=np.intp), np.zeros(similarity.shape[0])
    best = np.asarray(np.argmax(similarity, axis=1), dtype=np.intp)
    strength = similarity[np.arange(similarity.shape[0]), best]
    best = np.where(strength >= min_strength, best, -1).astype(np.intp)
    return best, strength


_MIN_DIVERSITY = 0.8
#: Resamples per k for stability, and the share of the rows each one draws.
_RESAMPLES = 2
_RESAMPLE_SHARE = 0.8
#: Clusterings whose stability × coverage is within this of the best are equally good; the
#: finest of them is taken (merging two themes is easier for people than finding a hidden one).
_STABILITY_TOLERANCE = 0.05
#: A theme holding more than this share of the answers (by weight) is examined for a split.
_LARGE_SHARE = 0.25
#: ... and split when its own clustering reaches this stability (ARI) and its parts' term
#: centroids are less alike than the themes found are (median cosine, pairwise) and than this
#: (cosine): two reproducible subjects, as distinct as two themes.
_SPLIT_STABILITY = 0.5
_SPLIT_SEPARATION = 0.5
_SPLIT_ROUNDS = 3
#: ... into at most this many parts (the top of the 5-12 themes a plan can use; a part over a
#: quarter is examined again).
_SPLIT_PARTS = 12
#: ... in a corpus of at least this many answers (by weight): below it a quarter is fewer than
#: 25 answers, too few for a stable clustering of them to show two subjects.
_SPLIT_MIN_ANSWERS = 100


@dataclass
class _Clustering:
    labels: IntArray  # per row, -1 = other
    strength: FloatArray
    k: int
    scores: dict[int, float]
    term_centroids: sp.csr_matrix
    vectors: FloatArray | None  # embedding centroids (semantic)
    diversity: dict[int, float] = field(default_factory=dict)
    stability: dict[int, float] = field(default_factory=dict)


def _refine(
    tfidf: sp.csr_matrix,
    embeddings: FloatArray | None,
    labels: IntArray,
    k: int,
    *,
    min_size: float,
    min_strength: float,
    weights: FloatArray,
) -> _Clustering | None:
    """Spherical k-means from ``labels`` in the space assignment uses (TF-IDF, or the embeddings
    for the semantic backend), with rows weighted by ``weights``, dissolving themes whose
    weight is under ``min_size``; None when none is left."""
    current_k = k
    strength = np.zeros(tfidf.shape[0])
    term_centroids = sp.csr_matrix((0, tfidf.shape[1]))
    centre_vectors: FloatArray | None = None
    tolerance = 1e-9
    for _round in range(k + 3):
        ok = labels >= 0
        sizes = np.bincount(labels[ok], weights=weights[ok], minlength=current_k)
        keep = np.flatnonzero(sizes >= min_size - tolerance)
        if len(keep) == 0:
            return None
        remap = np.full(current_k, -1, dtype=np.intp)
        remap[keep] = np.arange(len(keep))
        labels = np.where(labels >= 0, remap[np.maximum(labels, 0)], -1).astype(np.intp)
        current_k = len(keep)
        if embeddings is None:
            term_centroids = _centroids(tfidf, labels, current_k, weights=weights)
            similarity = np.asarray((tfidf @ term_centroids.T).toarray(), dtype=np.float64)
        else:
            centre_vectors = _normalize_rows(
                np.vstack(
                    [
                        np.average(embeddings[labels == c], axis=0, weights=weights[labels == c])
                        for c in range(current_k)
                    ]
                )
            )
            similarity = embeddings @ centre_vectors.T
        new_labels, strength = _assign(similarity, min_strength)
        stable = np.array_equal(new_labels, labels)
        labels = new_labels
        ok = labels >= 0
        sizes = np.bincount(labels[ok], weights=weights[ok], minlength=current_k)
        if stable and (sizes >= min_size - tolerance).all():
            break
    # Out of rounds before settling: a theme nobody joined in the last assignment is dropped
    # (no answer's best match, so dropping it moves no one).
    counts = np.bincount(labels[labels >= 0], minlength=current_k)
    if not counts.all():
        keep = np.flatnonzero(counts)
        if len(keep) == 0:
            return None
        remap = np.full(current_k, -1, dtype=np.intp)
        remap[keep] = np.arange(len(keep))
        labels = np.where(labels >= 0, remap[np.maximum(labels, 0)], -1).astype(np.intp)
        current_k = len(keep)
        term_centroids = term_centroids[keep]
        if centre_vectors is not None:
            centre_vectors = centre_vectors[keep]
    if embeddings is not None:
        term_centroids = _centroids(tfidf, labels, current_k, weights=weights)
    return _Clustering(labels, strength, k, {}, term_centroids, centre_vectors)


def _quality(
    clustering: _Clustering,
    presence: sp.csr_matrix,
    presence_csc: sp.csc_matrix,
    vocabulary: Sequence[str],
    shared: npt.NDArray[np.bool_],
) -> tuple[float, float]:
    """Mean NPMI over the whole corpus of the themes' top-10 ``shared`` words (those of at least
    two answers: a word of one answer always co-occurs with that answer's other words, which
    would reward splitting off single answers), and topic diversity of their top-10 words."""
    assigned = clustering.labels >= 0
    n_themes = clustering.term_centroids.shape[0]
    weights = _ctfidf(presence[assigned], clustering.labels[assigned], n_themes)
    top = [t for t in _top_unigrams(weights, vocabulary) if t]
    diversity = topic_diversity([[vocabulary[j] for j in t] for t in top])
    weights[:, ~shared] = 0.0
    top_shared = [t for t in _top_unigrams(weights, vocabulary) if t]
    return _npmi(top_shared, presence_csc, presence_csc.shape[0]), diversity


def _stability(
    tfidf: sp.csr_matrix,
    points: FloatArray,
    embeddings: FloatArray | None,
    weights: FloatArray,
    labels: IntArray,
    k: int,
    *,
    min_size: float,
    min_strength: float,
    seed: int,
) -> float:
    """Mean agreement (adjusted Rand index, "other" as one more group) between ``labels`` and
    the clusterings of ``_RESAMPLES`` seeded subsamples of ``_RESAMPLE_SHARE`` of the rows,
    each clustered afresh (another k-means start, the same refinement) with the same k."""
    n = len(labels)
    size = max(k + 1, round(_RESAMPLE_SHARE * n))
    scores: list[float] = []
    for b in range(_RESAMPLES):
        rng = np.random.default_rng([seed, k, b])
        sub = (
            np.arange(n, dtype=np.intp)
            if size >= n
            else np.sort(rng.choice(n, size, replace=False)).astype(np.intp)
        )
        fitted = _kmeans(points[sub], k, seed=seed + 1 + b, n_init=1, weights=weights[sub])
        refined = _refine(
            tfidf[sub],
            None if embeddings is None else embeddings[sub],
            np.asarray(fitted.labels_, dtype=np.intp),
            k,
            min_size=min_size * len(sub) / n,
            min_strength=min_strength,
            weights=weights[sub],
        )
        other = np.full(len(sub), -1, dtype=np.intp) if refined is None else refined.labels
        scores.append(float(adjusted_rand_score(labels[sub], other)))
    return float(np.mean(scores))


def _choose_k(
    tfidf: sp.csr_matrix,
    points: FloatArray,
    embeddings: FloatArray | None,
    weights: FloatArray,
    presence: sp.csr_matrix,
    presence_csc: sp.csc_matrix,
    vocabulary: Sequence[str],
    k_range: tuple[int, int],
    *,
    min_size: float,
    min_strength: float,
    seed: int,
    preferred: tuple[int, int] | None = None,
) -> tuple[_Clustering, IntArray] | None:
    """The sample's clustering chosen by stability and coverage (see the module docstring):
    among the k whose themes have topic diversity of at least ``_MIN_DIVERSITY`` (all k when
    none has), the largest k whose stability × coverage is within ``_STABILITY_TOLERANCE`` of
    the best. With the sample's rows; None when every k dissolved to nothing."""
    n = points.shape[0]
    sample = _sample(n, seed)
    total = float(weights.sum())
    sample_weights = weights[sample]
    sample_total = float(sample_weights.sum())
    sample_min = min_size if len(sample) == n else min_size * sample_total / max(total, 1e-12)
    sample_tfidf = tfidf[sample]
    sample_points = points[sample]
    sample_embeddings = None if embeddings is None else embeddings[sample]
    sample_presence = presence[sample]
    shared = np.asarray(presence_csc.sum(axis=0)).ravel() >= 2
    candidates: dict[int, _Clustering] = {}
    coherence: dict[int, float] = {}
    diversity: dict[int, float] = {}
    stability: dict[int, float] = {}
    score: dict[int, float] = {}
    for k in range(k_range[0], k_range[1] + 1):
        # One k-means start: the refinement that follows matters more than the best start.
        fitted = _kmeans(sample_points, k, seed=seed, n_init=1, weights=sample_weights)
        refined = _refine(
            sample_tfidf,
            sample_embeddings,
            np.asarray(fitted.labels_, dtype=np.intp),
            k,
            min_size=sample_min,
            min_strength=min_strength,
            weights=sample_weights,
        )
        if refined is None:
            continue
        candidates[k] = refined
        coherence[k], diversity[k] = _quality(
            refined, sample_presence, presence_csc, vocabulary, shared
        )
        stability[k] = _stability(
            sample_tfidf,
            sample_points,
            sample_embeddings,
            sample_weights,
            refined.labels,
            k,
            min_size=sample_min,
            min_strength=min_strength,
            seed=seed,
        )
        covered = float(sample_weights[refined.labels >= 0].sum()) / max(sample_total, 1e-12)
        score[k] = round(max(stability[k], 0.0) * covered, 6)
    if not candidates:
        return None
    eligible = [k for k in candidates if diversity[k] >= _MIN_DIVERSITY] or list(candidates)
    best_score = max(score[k] for k in eligible)
    if preferred is not None:
        grain = [
            k
            for k in eligible
            if preferred[0] <= k <= preferred[1]
            and diversity[k] >= _MIN_DIVERSITY
            and score[k] >= _GRAIN_SHARE * best_score
        ]
        if grain:
            eligible = grain
            best_score = max(score[k] for k in eligible)
    best = max(k for k in eligible if score[k] >= best_score - _STABILITY_TOLERANCE)
    found = candidates[best]
    found.k, found.scores, found.diversity, found.stability = best, coherence, diversity, stability
    return found, sample


#: A k of the preferred grain is chosen when its score is at least this share of the best
#: (0: whenever one of them gives distinct themes).
_GRAIN_SHARE = 0.0


def _grain(total: float) -> tuple[int, int] | None:
    """The preferred range of k for answers weighing ``total`` (see step 5)."""
    if total < 50:
        return None
    if total < 100:
        return (3, 12)  # a few dozen answers: at least three themes when they are distinct
    return (5, 12) if total <= 1000 else (5, 20)


def _cluster(
    tfidf: sp.csr_matrix,
    points: FloatArray,
    embeddings: FloatArray | None,
    vocabulary: Sequence[str],
    *,
    k: int | None,
    k_range: tuple[int, int],
    min_size: float,
    min_strength: float,
    seed: int,
    weights: FloatArray | None = None,
    split_large: bool = False,
    preferred: tuple[int, int] | None = None,
) -> _Clustering:
    """Cluster the rows (all with at least one term or an embedding) into themes."""
    n = tfidf.shape[0]
    w = np.ones(n) if weights is None else weights
    empty = _Clustering(
        np.full(n, -1, dtype=np.intp), np.zeros(n), 0, {}, sp.csr_matrix((0, tfidf.shape[1])), None
    )
    total = float(w.sum())
    if n == 0 or total < min_size:
        return empty
    distinct = (
        _distinct_rows(tfidf, k_range[1])
        if embeddings is None
        else len(np.unique(points.round(9), axis=0))
    )
    k_hi = min(k_range[1], distinct, int(total // min_size), max(2, round(math.sqrt(n / 2))))
    k_lo = min(k_range[0], k_hi)
    found: _Clustering | None
    if k is None and k_hi >= 2:
        presence = tfidf.copy()
        presence.data = np.ones_like(presence.data)
        choice = _choose_k(
            tfidf,
            points,
            embeddings,
            w,
            presence,
            presence.tocsc(),
            vocabulary,
            (max(k_lo, 2), k_hi),
            min_size=min_size,
            min_strength=min_strength,
            seed=seed,
            preferred=preferred,
        )
        if choice is None:
            return empty
        found, sample = choice
        if len(sample) < n:
            # Every answer joins the most similar of the sample's themes, then refinement on all.
            if embeddings is None:
                similarity = np.asarray(
                    (tfidf @ found.term_centroids.T).toarray(), dtype=np.float64
                )
            else:
                assert found.vectors is not None
                similarity = embeddings @ found.vectors.T
            labels, _strength = _assign(similarity, min_strength)
            refined = _refine(
                tfidf,
                embeddings,
                labels,
                found.term_centroids.shape[0],
                min_size=min_size,
                min_strength=min_strength,
                weights=w,
            )
            if refined is None:
                return empty
            refined.k, refined.scores = found.k, found.scores
            refined.diversity, refined.stability = found.diversity, found.stability
            found = refined
    else:
        # k given (or only one theme possible): k-means with it, then the same refinement.
        chosen = 1 if k is None else max(1, min(k, distinct))
        if chosen == 1:
            labels = np.zeros(n, dtype=np.intp)
        else:
            sample = _sample(points.shape[0], seed)
            fitted = _kmeans(points[sample], chosen, seed=seed, weights=w[sample])
            init = np.asarray(fitted.cluster_centers_, dtype=np.float64)
            # Every answer joins its nearest centre (refined below, in the space of assignment).
            distances = (points * points).sum(axis=1)[:, None] - 2.0 * points @ init.T
            distances += (init * init).sum(axis=1)[None, :]
            labels = np.asarray(np.argmin(distances, axis=1), dtype=np.intp)
        found = _refine(
            tfidf,
            embeddings,
            labels,
            chosen,
            min_size=min_size,
            min_strength=min_strength,
            weights=w,
        )
        if found is None:
            return empty
        found.k = chosen
    if split_large and k is None and total >= _SPLIT_MIN_ANSWERS:
        found = _split_large(
            tfidf,
            embeddings,
            vocabulary,
            found,
            weights=w,
            min_size=min_size,
            min_strength=min_strength,
            seed=seed,
            k_max=min(k_range[1], _SPLIT_PARTS),
        )
    return found


def _split_separation(centroids: sp.csr_matrix) -> float:
    """How alike a large theme's parts may be and still be apart: as alike as the themes
    already found are, at most (the median cosine of their term centroids, pairwise, when
    there are three themes or more), and never as alike as ``_SPLIT_SEPARATION``."""
    k = centroids.shape[0]
    if k < 3:
        # One pair of themes says little about how alike themes are (two languages share
        # no word at all).
        return _SPLIT_SEPARATION
    cosine = np.asarray((centroids @ centroids.T).toarray(), dtype=np.float64)
    pairs = cosine[np.triu_indices(k, 1)]
    return min(_SPLIT_SEPARATION, float(np.median(pairs)))


def _split_large(
    tfidf: sp.csr_matrix,
    embeddings: FloatArray | None,
    vocabulary: Sequence[str],
    found: _Clustering,
    *,
    weights: FloatArray,
    min_size: float,
    min_strength: float,
    seed: int,
    k_max: int,
) -> _Clustering:
    """Split every theme holding more than ``_LARGE_SHARE`` of the answers (by weight) when it
    holds distinct subjects: its own clustering (2 to ``k_max`` parts, chosen as k is, on its
    own LSA or embeddings) must be stable (ARI at least ``_SPLIT_STABILITY``) and its parts' term
    centroids less alike than the themes are (:func:`_split_separation`); else it is one
    subject and stays. After
    a split every answer is assigned again (the refinement), and the check repeats."""
    current = found
    k_max = max(2, k_max)
    for _round in range(_SPLIT_ROUNDS):
        labels = current.labels
        ok = labels >= 0
        n_themes = current.term_centroids.shape[0]
        sizes = np.bincount(labels[ok], weights=weights[ok], minlength=n_themes)
        total = float(sizes.sum())
        new_labels = labels.copy()
        next_label = n_themes
        split_any = False
        for c in np.argsort(-sizes, kind="stable"):
            if sizes[c] <= _LARGE_SHARE * total:
                break
            rows = np.flatnonzero(labels == c)
            sub_embeddings = None if embeddings is None else embeddings[rows]
            sub_points = (
                sub_embeddings
                if sub_embeddings is not None
                else _lsa(tfidf[rows], seed=seed, dimensions=50)
            )
            parts = _cluster(
                tfidf[rows],
                sub_points,
                sub_embeddings,
                vocabulary,
                k=None,
                k_range=(2, k_max),
                min_size=min_size,
                min_strength=-1.0,
                seed=seed,
                weights=weights[rows],
            )
            n_parts = parts.term_centroids.shape[0]
            if n_parts < 2 or parts.stability.get(parts.k, 0.0) < _SPLIT_STABILITY:
                continue
            cosine = np.asarray(
                (parts.term_centroids @ parts.term_centroids.T).toarray(), dtype=np.float64
            )
            np.fill_diagonal(cosine, 0.0)
            if cosine.max() >= _split_separation(current.term_centroids):
                continue
            part_labels = parts.labels
            for p in range(1, n_parts):
                new_labels[rows[part_labels == p]] = next_label
                next_label += 1
            split_any = True
        if not split_any:
            break
        refined = _refine(
            tfidf,
            embeddings,
            new_labels,
            next_label,
            min_size=min_size,
            min_strength=min_strength,
            weights=weights,
        )
        if refined is None:
            break
        refined.k, refined.scores = current.k, current.scores
        refined.diversity, refined.stability = current.diversity, current.stability
        current = refined
    return current


# --------------------------------------------------------------------------------------------
# Labels and quotes


def _label(
    weights: FloatArray, vocabulary: Sequence[str], surface: Callable[[str], str]
) -> tuple[str, list[str]]:
    order = np.lexsort((np.arange(len(weights)), -weights))
    ranked = [vocabulary[j] for j in order[:60] if weights[j] > 0]
    parts: list[str] = []
    for term in ranked:
        if len(parts) == 3:
            break
        if term in parts:
            continue
        words = term.split(" ")
        if len(words) == 1:
            if any(term in p.split(" ") for p in parts):
                continue  # already shown inside a bigram
            parts.append(term)
            continue
        # A bigram replaces the words it contains, at the place of the first of them.
        covered = [i for i, p in enumerate(parts) if p in words]
        place = covered[0] if covered else len(parts)
        parts = [p for i, p in enumerate(parts) if i not in covered]
        parts.insert(min(place, len(parts)), term)
    top_words = [surface(t) for t in ranked[:_TOP_N]]
    return ", ".join(surface(p) for p in parts), top_words


def _quote_key(text: str) -> str:
    return " ".join(text.casefold().split())


def _make_theme(
    theme_id: str,
    rows: IntArray,
    strength: FloatArray,
    weights: FloatArray,
    vocabulary: Sequence[str],
    analyzer: TextAnalyzer,
    texts: Sequence[str],
    ids: Sequence[DocId],
    max_quotes: int,
    *,
    languages: Sequence[str | None] | None = None,
    authors: Sequence[Any] | None = None,
    phrases: theme_labels.PhraseIndex | None = None,
) -> Theme:
    """A theme from its member rows (canonical positions) and their strengths.

    ``languages`` and ``authors`` (optional) are per text, like ``texts``; the label is a
    phrase from the members' answers and the quotes are chosen by
    :mod:`groundwork.analysis.theme_labels`, with the corpus's ``phrases`` (without them the
    label is left to the caller, as for subthemes, which are named by a claim)."""
    order = [int(i) for i in np.lexsort((rows, -np.round(strength, 9)))]
    members = [Member(ids[rows[i]], float(strength[i])) for i in order]
    member_rows = [int(rows[i]) for i in order]
    picked = theme_labels.pick_quotes(
        [texts[r] for r in member_rows],
        [float(strength[i]) for i in order],
        languages=None if languages is None else [languages[r] for r in member_rows],
        authors=None if authors is None else [authors[r] for r in member_rows],
        limit=max_quotes,
    )
    quotes = [Quote(ids[member_rows[p]], texts[member_rows[p]]) for p in picked]
    fallback, words = _label(weights, vocabulary, analyzer.surface)
    label = fallback
    labels: dict[str, str] = {}
    if phrases is not None:
        # One name per language of a bilingual theme; the first is its main name.
        # The fallback name is a term as the answers wrote it: a concept shared by the two
        # languages is shown in the glossary's words, which the answers may not use.
        ranked = np.lexsort((np.arange(len(weights)), -weights))
        written = next(
            (
                analyzer.surface(vocabulary[j])
                for j in ranked[:60]
                if weights[j] > 0
                and not any(theme_bilingual.is_concept(p) for p in vocabulary[j].split(" "))
            ),
            words[0] if words else fallback,
        )
        labels = theme_labels.theme_labels(phrases, member_rows, fallback=written)
        label = next(iter(labels.values()))
    terms = [vocabulary[j] for j in _top_unigrams(weights[np.newaxis, :], vocabulary)[0]]
    return Theme(theme_id, label, len(rows), members, quotes, words, terms, labels=labels)


# --------------------------------------------------------------------------------------------
# Public API


def find_themes(
    texts: Sequence[str],
    *,
    ids: Sequence[DocId] | None = None,
    languages: Sequence[str | None] | str | None = None,
    authors: Sequence[Any] | None = None,
    moderated: Sequence[bool | int | None] | None = None,
    k: int | None = None,
    k_range: tuple[int, int] = (2, 20),
    seed: int = 0,
    backend: Backend = "auto",
    embedder: Embedder | None = None,
    min_theme_size: int | None = None,
    min_strength: float | None = None,
    subthemes: bool = True,
    subtheme_min_members: int = 12,
    max_quotes: int = 5,
    claims: bool = True,
) -> ThemeResult:
    """Themes of ``texts`` (see the module docstring for the method and the choice of k).

    ``ids`` default to 0, 1, 2, ... and must be unique. ``languages``: one code for all, one
    per text, or None (each text's language is guessed among English, Spanish and German, else
    treated as unknown). ``backend``: "lexical" (TF-IDF + LSA + k-means), "semantic" (sentence
    embeddings from ``embedder`` or :func:`load_embedder`; falls back to lexical when none is
    available) or "auto" (semantic when an embedder is given or configured).
    ``min_strength``: similarity to a theme below which an answer is "other" (0.05 in TF-IDF
    space, 0.2 in embedding space).
    """
    # Single-threaded BLAS and OpenMP: multi-threaded reductions can differ in the last bits
    # from run to run, which may flip a k-means decision; determinism comes first (and on a
    # busy 2-core machine one thread is also faster for these sizes). The embedding model
    # lifts the limit for itself (see load_embedder); its vectors are rounded.
    with threadpool_limits(limits=1):
        return _find_themes(
            texts,
            ids=ids,
            languages=languages,
            authors=authors,
            moderated=moderated,
            k=k,
            k_range=k_range,
            seed=seed,
            backend=backend,
            embedder=embedder,
            min_theme_size=min_theme_size,
            min_strength=min_strength,
            subthemes=subthemes,
            subtheme_min_members=subtheme_min_members,
            max_quotes=max_quotes,
            claims=claims,
        )


def _find_themes(
    texts: Sequence[str],
    *,
    ids: Sequence[DocId] | None,
    languages: Sequence[str | None] | str | None,
    authors: Sequence[Any] | None,
    moderated: Sequence[bool | int | None] | None,
    k: int | None,
    k_range: tuple[int, int],
    seed: int,
    backend: Backend,
    embedder: Embedder | None,
    min_theme_size: int | None,
    min_strength: float | None,
    subthemes: bool,
    subtheme_min_members: int,
    max_quotes: int,
    claims: bool,
) -> ThemeResult:
    n = len(texts)
    doc_ids: list[DocId] = list(range(n)) if ids is None else list(ids)
    if len(doc_ids) != n:
        raise ValueError("ids and texts differ in length")
    if len(set(doc_ids)) != n:
        raise ValueError("ids must be unique")
    if k is not None and k < 1:
        raise ValueError("k must be at least 1")
    if k_range[0] < 1 or k_range[1] < k_range[0]:
        raise ValueError("k_range must be (low, high) with 1 <= low <= high")
    if authors is not None and len(authors) != n:
        raise ValueError("authors and texts differ in length")
    if moderated is not None and len(moderated) != n:
        raise ValueError("moderated and texts differ in length")
    all_langs = _languages(languages, n)
    if backend != "lexical" and embedder is None:
        embedder = load_embedder()
    used_backend = (
        "lexical"
        if backend == "lexical" or embedder is None
        else "combined"
        if backend == "combined"
        else "semantic"
    )
    threshold = _DEFAULT_MIN_STRENGTH[used_backend] if min_strength is None else min_strength

    # Canonical order: the result must not depend on the input order.
    order = sorted(range(n), key=lambda i: (texts[i], all_langs[i] or "", _id_key(doc_ids[i])))
    # Clean input (groundwork.analysis.theme_input): rejected, junk and self-descriptions are
    # set aside; duplicates are one item that stands for all of them, weighted by voices.
    screened = screen_answers(
        [texts[i] for i in order],
        languages=[all_langs[i] for i in order],
        authors=None if authors is None else [authors[i] for i in order],
        moderated=None if moderated is None else [moderated[i] for i in order],
    )
    i_texts = [texts[order[i]] for i in screened.items]
    # Each item's language, guessed once from the whole answer when not given: its claims
    # share it (a clause alone is often too short to guess), and every later step (claims,
    # concepts, terms, names) reads it instead of guessing again for every claim.
    i_langs = _guessed_languages(i_texts, [all_langs[order[i]] for i in screened.items])
    # Each item's voice (the author of its first occurrence, else the answer itself), so that
    # names, quotes and counts count people, and an answer's claims are one person.
    i_voices: list[Any] = [
        authors[order[i]]
        if authors is not None and authors[order[i]] is not None
        else ("answer", doc_ids[order[i]])
        for i in screened.items
    ]
    stands_for = [[doc_ids[order[j]] for j in group] for group in screened.stands_for]
    # Whether each answer an item stands for is written exactly as the item (then its claims
    # are the item's claims, at the same places).
    same_text = [
        [texts[order[j]] == texts[order[group[0]]] for j in group] for group in screened.stands_for
    ]
    voice_of = {
        doc_ids[i]: authors[i]
        if authors is not None and authors[i] is not None
        else ("answer", doc_ids[i])
        for i in range(n)
    }
    # Claims (groundwork.analysis.claims): every item is cut into its sentences and clauses,
    # and the claims are clustered; an item's weight is shared among its claims.
    units = (
        _claim_units(i_texts, i_langs)
        if claims
        else [(i, 0, len(t)) for i, t in enumerate(i_texts)]
    )
    unit_item = [u[0] for u in units]
    unit_span = [(u[1], u[2]) for u in units]
    per_item = np.bincount(np.asarray(unit_item, dtype=np.intp), minlength=len(i_texts))
    c_texts = [i_texts[i][a:b] for i, a, b in units]
    c_langs = [i_langs[i] for i in unit_item]
    c_ids: list[DocId] = list(range(len(units)))
    c_authors: list[Any] = [i_voices[i] for i in unit_item]
    item_weights = np.asarray(
        [screened.weight[i] / per_item[i] for i in unit_item], dtype=np.float64
    )
    n = len(c_texts)

    # Bilingual answers share concept terms (groundwork.analysis.theme_bilingual).
    analyzer = TextAnalyzer(concepts=theme_bilingual.concepts_for(c_texts, c_langs))
    term_lists = [analyzer.terms(t, lang) for t, lang in zip(c_texts, c_langs, strict=True)]
    vectors = _build_vectors(term_lists, min_df=1 if n < 50 else 2)
    tfidf = vectors.matrix
    meaning: FloatArray | None = None
    if used_backend != "lexical":
        assert embedder is not None
        nonblank = np.array([bool(t.strip()) for t in c_texts], dtype=bool)
        usable = np.flatnonzero(nonblank)
        meaning = _embed(embedder, [c_texts[i] for i in usable])
    else:
        usable = np.flatnonzero(np.diff(tfidf.indptr) > 0)
    usable_weights = item_weights[usable]
    min_size = min_theme_size or max(3, math.ceil(0.01 * float(usable_weights.sum())))
    sub_tfidf = tfidf[usable]
    embeddings: FloatArray | None = meaning
    if used_backend == "combined":
        assert meaning is not None
        # Words and meaning together: each answer's LSA vector and its embedding, both unit
        # length, side by side with weights whose squares sum to one (so the rows stay unit
        # length and a cosine is the weighted mean of the two cosines).
        embeddings = _combined(_lsa(sub_tfidf, seed=seed), meaning)
    points = embeddings if embeddings is not None else _lsa(sub_tfidf, seed=seed)
    clustering = _cluster(
        sub_tfidf,
        points,
        embeddings,
        vectors.vocabulary,
        k=k,
        k_range=k_range,
        min_size=min_size,
        min_strength=threshold,
        seed=seed,
        weights=usable_weights,
        split_large=True,
        preferred=_grain(float(usable_weights.sum())) if k_range == (2, 20) else None,
    )
    # Word statistics count voices: every item weighs what it stands for (theme_input).
    presence = sub_tfidf.copy()
    presence.data = np.ones_like(presence.data)
    presence = sp.csr_matrix(sp.diags(usable_weights) @ presence)
    n_themes = clustering.term_centroids.shape[0]
    assigned = clustering.labels >= 0
    weights = (
        _ctfidf(presence[assigned], clustering.labels[assigned], n_themes)
        if n_themes
        else np.zeros((0, len(vectors.vocabulary)))
    )
    # Themes by size (largest first), ties by their first member in canonical order.
    theme_rows = [np.flatnonzero(clustering.labels == c) for c in range(n_themes)]
    ranking = sorted(range(n_themes), key=lambda c: (-len(theme_rows[c]), int(theme_rows[c][0])))
    themes: list[Theme] = []
    stored: list[StoredTheme] = []
    # The corpus's phrase statistics, built once for every theme's name.
    phrases = theme_labels.phrase_index(c_texts, c_langs, c_authors) if n_themes else None
    for position, c in enumerate(ranking, start=1):
        rows = theme_rows[c]
        theme = _make_theme(
            str(position),
            usable[rows],
            clustering.strength[rows],
            weights[c],
            vectors.vocabulary,
            analyzer,
            c_texts,
            c_ids,
            max_quotes,
            languages=c_langs,
            authors=c_authors,
            phrases=phrases,
        )
        record = StoredTheme(
            theme.id,
            theme.label,
            _centroid_dict(clustering.term_centroids, c, vectors.vocabulary),
            _stored_vector(
                clustering.vectors,
                c,
                meaning if used_backend == "combined" else None,
                rows,
                usable_weights,
            ),
        )
        if subthemes and float(usable_weights[rows].sum()) >= subtheme_min_members:
            theme.subthemes, record.subthemes = _subthemes(
                theme.id,
                rows,
                usable,
                sub_tfidf,
                presence,
                embeddings,
                vectors.vocabulary,
                analyzer,
                c_texts,
                c_ids,
                seed=seed,
                max_quotes=max_quotes,
                weights=usable_weights,
                meaning=None if used_backend != "combined" else meaning,
                languages=c_langs,
                authors=c_authors,
            )
        themes.append(theme)
        stored.append(record)
    # Back from claims to answers: a theme holds every answer one of its claims came from
    # (and every duplicate of it), each once, with its strongest claim.
    answers = _AnswerMap(
        unit_item, unit_span if claims else None, stands_for, same_text, voice_of, i_texts
    )
    for theme in themes:
        answers.apply(theme)
    in_theme = {unit_item[u] for u in usable[assigned].tolist()}
    other = [d for i in range(len(i_texts)) if i not in in_theme for d in stands_for[i]]
    model = ThemeModel(
        backend=used_backend,
        vocabulary=list(vectors.vocabulary),
        idf=[float(x) for x in vectors.idf],
        themes=stored,
        min_strength=_DEFAULT_MIN_STRENGTH["lexical"] if used_backend != "lexical" else threshold,
        embedding_min_strength=threshold
        if used_backend != "lexical"
        else _DEFAULT_MIN_STRENGTH["semantic"],
        embedding_model=os.environ.get(EMBEDDING_MODEL_ENV) if used_backend != "lexical" else None,
    )
    return ThemeResult(
        themes,
        other,
        clustering.k,
        clustering.scores,
        used_backend,
        model,
        clustering.diversity,
        clustering.stability,
        junk=[doc_ids[order[i]] for i in screened.junk],
        about=[doc_ids[order[i]] for i in screened.about],
        rejected=[doc_ids[order[i]] for i in screened.rejected],
    )


def _guessed_languages(texts: Sequence[str], languages: Sequence[str | None]) -> list[str | None]:
    """Each answer's language code: the given one, else guessed once from the whole answer
    (None when unsure), so that its claims share it."""
    return [
        base_language(lang) or guess_language(text) or None
        for text, lang in zip(texts, languages, strict=True)
    ]


def _claim_units(
    texts: Sequence[str], languages: Sequence[str | None]
) -> list[tuple[int, int, int]]:
    """(item, start, end) of every claim of every item, in order. A claim that is junk or a
    self-description (theme_input) is left out when the item has other claims ("I live on Elm
    Street. The drains flood." is about the drains); an item none of whose claims says
    anything else is one claim, the whole item."""
    units: list[tuple[int, int, int]] = []
    for i, text in enumerate(texts):
        pieces = split_claims(text, languages[i])
        kept = [
            p
            for p in pieces
            if not is_junk(p.text, languages[i]) and not is_self_description(p.text)
        ]
        if not kept:
            kept = (
                [Claim(pieces[0].start, pieces[-1].end, "")]
                if pieces
                else [Claim(0, len(text), "")]
            )
        units.extend((i, p.start, p.end) for p in kept)
    return units


class _AnswerMap:
    """Turns a theme of claims (member ids are claim positions) into a theme of answers."""

    def __init__(
        self,
        unit_item: Sequence[int],
        unit_span: Sequence[tuple[int, int]] | None,
        stands_for: Sequence[Sequence[DocId]],
        same_text: Sequence[Sequence[bool]],
        voice_of: Mapping[DocId, Any],
        item_texts: Sequence[str],
    ) -> None:
        self.item_texts = item_texts
        self.unit_item = unit_item
        self.unit_span = unit_span
        self.stands_for = stands_for
        self.same_text = same_text
        self.voice_of = voice_of

    def _members(self, members: Sequence[Member]) -> tuple[list[Member], dict[DocId, int]]:
        best: dict[DocId, int] = {}
        out: list[Member] = []
        for member in members:  # strongest first
            unit = int(member.id)
            item = self.unit_item[unit]
            span = None if self.unit_span is None else self.unit_span[unit]
            for answer, same in zip(self.stands_for[item], self.same_text[item], strict=True):
                if answer in best:
                    continue
                best[answer] = unit
                out.append(Member(answer, member.strength, span if same else None))
        return out, best

    def _quotes(self, quotes: Sequence[Quote]) -> list[Quote]:
        # A quote is its answer's whole text, verbatim (the first answer an item stands for is
        # written exactly as the item), even when one of its claims was picked.
        items = [self.unit_item[int(q.id)] for q in quotes]
        return [Quote(self.stands_for[i][0], self.item_texts[i]) for i in items]

    def apply(self, theme: Theme) -> None:
        members, best = self._members(theme.members)
        theme.members = members
        theme.size = len(members)
        theme.people = len({self.voice_of[m.id] for m in members})
        theme.quotes = self._quotes(theme.quotes)
        for sub in theme.subthemes:
            units = {int(m.id) for m in sub.members}
            sub_members, _ = self._members(sub.members)
            # An answer with claims in two subthemes of one theme is in the subtheme of the
            # claim that put it in the theme: every member in exactly one subtheme.
            sub.members = [m for m in sub_members if best[m.id] in units]
            sub.size = len(sub.members)
            sub.people = len({self.voice_of[m.id] for m in sub.members})
            sub.quotes = self._quotes(sub.quotes)


def _id_key(value: DocId) -> tuple[int, str]:
    return (0, f"{value:020d}") if isinstance(value, int) and value >= 0 else (1, str(value))


def _rounded(vector: FloatArray) -> list[float]:
    return [round(float(x), 6) for x in vector]


def _combined(lsa: FloatArray, meaning: FloatArray) -> FloatArray:
    """Rows of word statistics (LSA) and meaning (embeddings) side by side, unit length."""
    words = _normalize_rows(np.asarray(lsa, dtype=np.float64)) * math.sqrt(_WORDS_SHARE)
    sense = _normalize_rows(np.asarray(meaning, dtype=np.float64)) * math.sqrt(1 - _WORDS_SHARE)
    return np.round(_normalize_rows(np.hstack([words, sense])), 6)


def _stored_vector(
    vectors: FloatArray | None,
    c: int,
    meaning: FloatArray | None,
    rows: IntArray,
    weights: FloatArray,
) -> list[float] | None:
    """A theme's stored embedding centroid: the clustering's centre (semantic backend), or for
    the combined backend (``meaning`` given only then) the weighted mean of its members'
    embeddings (assignment combines it with the term centroid)."""
    if meaning is not None:
        mean = np.average(meaning[rows], axis=0, weights=weights[rows])
        return _rounded(_normalize_rows(mean[np.newaxis])[0])
    return None if vectors is None else _rounded(vectors[c])


def _centroid_dict(
    centroids: sp.csr_matrix, row: int, vocabulary: Sequence[str]
) -> dict[str, float]:
    start, end = centroids.indptr[row], centroids.indptr[row + 1]
    cols = centroids.indices[start:end]
    vals = centroids.data[start:end]
    return {vocabulary[j]: round(float(v), 6) for j, v in zip(cols, vals, strict=True) if v}


#: Subthemes: k from 2 to this, each at least this share of the theme (and 3 answers) ...
_SUBTHEME_K_MAX = 10
_SUBTHEME_MIN_SHARE = 0.05
#: ... preferring k in this range (when one of them gives distinct subthemes) for themes of
#: at least this weight; None: no preference.
_SUBTHEME_GRAIN: tuple[int, int] | None = (4, 10)
_SUBTHEME_GRAIN_FROM = 60.0


def _subthemes(
    parent_id: str,
    rows: IntArray,
    usable: IntArray,
    tfidf: sp.csr_matrix,
    presence: sp.csr_matrix,
    embeddings: FloatArray | None,
    vocabulary: Sequence[str],
    analyzer: TextAnalyzer,
    texts: Sequence[str],
    ids: Sequence[DocId],
    *,
    seed: int,
    max_quotes: int,
    weights: FloatArray,
    languages: Sequence[str | None] | None = None,
    authors: Sequence[Any] | None = None,
    meaning: FloatArray | None = None,
) -> tuple[list[Theme], list[StoredTheme]]:
    sub_tfidf = tfidf[rows]
    sub_weights = weights[rows]
    sub_embeddings = None if embeddings is None else embeddings[rows]
    points = (
        sub_embeddings if sub_embeddings is not None else _lsa(sub_tfidf, seed=seed, dimensions=50)
    )
    total = float(sub_weights.sum())
    clustering = _cluster(
        sub_tfidf,
        points,
        sub_embeddings,
        vocabulary,
        k=None,
        k_range=(2, _SUBTHEME_K_MAX),
        min_size=max(3, math.ceil(_SUBTHEME_MIN_SHARE * total)),
        min_strength=-1.0,
        seed=seed,
        weights=sub_weights,
        preferred=_SUBTHEME_GRAIN if total >= _SUBTHEME_GRAIN_FROM else None,
    )
    n_sub = clustering.term_centroids.shape[0]
    if n_sub < 2:
        return [], []
    weights = _ctfidf(presence[rows], clustering.labels, n_sub)
    sub_rows = [np.flatnonzero(clustering.labels == c) for c in range(n_sub)]
    ranking = sorted(range(n_sub), key=lambda c: (-len(sub_rows[c]), int(sub_rows[c][0])))
    themes: list[Theme] = []
    stored: list[StoredTheme] = []
    for position, c in enumerate(ranking, start=1):
        local = sub_rows[c]
        theme = _make_theme(
            f"{parent_id}.{position}",
            usable[rows[local]],
            clustering.strength[local],
            weights[c],
            vocabulary,
            analyzer,
            texts,
            ids,
            max_quotes,
            languages=languages,
            authors=authors,
        )
        themes.append(theme)
        stored.append(
            StoredTheme(
                theme.id,
                theme.label,
                _centroid_dict(clustering.term_centroids, c, vocabulary),
                _stored_vector(
                    clustering.vectors,
                    c,
                    None if meaning is None else meaning[rows],
                    local,
                    sub_weights,
                ),
            )
        )
    # Each subtheme is named by its most representative claim, distinct among its siblings.
    row_of = {ids[int(p)]: int(p) for p in usable[rows]}
    claims = theme_labels.claim_labels(
        [[row_of[m.id] for m in theme.members] for theme in themes],
        texts,
        languages=languages,
        authors=authors,
    )
    for theme, record, claim in zip(themes, stored, claims, strict=True):
        if claim:
            theme.label = record.label = claim
    return themes, stored


def _model_tfidf(
    model: ThemeModel, texts: Sequence[str], languages: Sequence[str | None]
) -> sp.csr_matrix:
    analyzer = TextAnalyzer(concepts=theme_bilingual.uses_concepts(model.vocabulary))
    term_lists = [analyzer.terms(t, lang) for t, lang in zip(texts, languages, strict=True)]
    index = {t: i for i, t in enumerate(model.vocabulary)}
    return _tfidf(term_lists, index, np.asarray(model.idf, dtype=np.float64))


def _term_matrix(themes: Sequence[StoredTheme], index: Mapping[str, int]) -> sp.csr_matrix:
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    for r, theme in enumerate(themes):
        for term, weight in theme.centroid.items():
            j = index.get(term)
            if j is not None:
                rows.append(r)
                cols.append(j)
                vals.append(weight)
    return sp.csr_matrix((vals, (rows, cols)), shape=(len(themes), len(index)))


def assign_to_themes(
    texts: Sequence[str],
    model: ThemeModel,
    *,
    ids: Sequence[DocId] | None = None,
    languages: Sequence[str | None] | str | None = None,
    embedder: Embedder | None = None,
    min_strength: float | None = None,
    claims: bool = False,
) -> list[Assignment]:
    """Place new answers in the stored themes without clustering again.

    With ``claims``, each answer is cut into claims (as :func:`find_themes` does) and each
    claim is placed: an answer gets one assignment per theme its claims reached (the strongest
    claim in each, strongest theme first), or one to "other" when none did.

    Each text goes to the theme whose centroid is most similar (cosine; first theme on ties),
    or to "other" (``theme=None``) when that similarity is below the model's ``min_strength``
    (or the one given); within a theme with subthemes, to the most similar subtheme. A
    semantic model uses ``embedder`` (or :func:`load_embedder`) when one is available and its
    themes carry embedding centroids, else the term centroids. Stored themes are read, never
    changed.
    """
    n = len(texts)
    doc_ids: list[DocId] = list(range(n)) if ids is None else list(ids)
    if len(doc_ids) != n:
        raise ValueError("ids and texts differ in length")
    langs = _languages(languages, n)
    if n == 0:
        return []
    if claims:
        langs = _guessed_languages(texts, langs)
        units = _claim_units(texts, langs)
        placed = assign_to_themes(
            [texts[i][a:b] for i, a, b in units],
            model,
            ids=list(range(len(units))),
            languages=[langs[i] for i, _, _ in units],
            embedder=embedder,
            min_strength=min_strength,
        )
        by_answer: dict[int, dict[str | None, Assignment]] = {}
        for (i, a, b), where in zip(units, placed, strict=True):
            found = Assignment(doc_ids[i], where.theme, where.subtheme, where.strength, (a, b))
            per = by_answer.setdefault(i, {})
            if where.theme not in per or where.strength > per[where.theme].strength:
                per[where.theme] = found
        out_claims: list[Assignment] = []
        for i in range(n):
            per = by_answer.get(i, {})
            themed = sorted((x for t, x in per.items() if t is not None), key=lambda x: -x.strength)
            if themed:
                out_claims.extend(themed)
            else:
                out_claims.append(
                    Assignment(doc_ids[i], None, None, per[None].strength if None in per else 0.0)
                )
        return out_claims
    use_vectors = model.backend in ("semantic", "combined") and all(
        t.vector is not None for t in model.themes
    )
    if use_vectors and embedder is None:
        embedder = load_embedder(model.embedding_model)
    index = {t: i for i, t in enumerate(model.vocabulary)}
    if use_vectors and embedder is not None and model.backend == "combined":
        # Words and meaning: the weighted mean of the cosine to the term centroid and the
        # cosine to the embedding centroid.
        meaning_rows = _normalize_rows(_embed(embedder, texts))
        term_rows = _model_tfidf(model, texts, langs)
        blank = np.array([not t.strip() for t in texts], dtype=bool)
        threshold = model.embedding_min_strength if min_strength is None else min_strength

        def similarity(themes: Sequence[StoredTheme], rows: IntArray) -> FloatArray:
            centres = np.asarray([t.vector for t in themes], dtype=np.float64)
            words = np.asarray((term_rows[rows] @ _term_matrix(themes, index).T).toarray())
            sense = meaning_rows[rows] @ centres.T
            return np.asarray(_WORDS_SHARE * words + (1 - _WORDS_SHARE) * sense, dtype=np.float64)
    elif use_vectors and embedder is not None:
        points: FloatArray | sp.csr_matrix = _embed(embedder, texts)
        blank = np.array([not t.strip() for t in texts], dtype=bool)
        threshold = model.embedding_min_strength if min_strength is None else min_strength

        def similarity(themes: Sequence[StoredTheme], rows: IntArray) -> FloatArray:
            centres = np.asarray([t.vector for t in themes], dtype=np.float64)
            return np.asarray(points[rows] @ centres.T, dtype=np.float64)
    else:
        tfidf = _model_tfidf(model, texts, langs)
        points = tfidf
        blank = np.diff(tfidf.indptr) == 0
        threshold = model.min_strength if min_strength is None else min_strength

        def similarity(themes: Sequence[StoredTheme], rows: IntArray) -> FloatArray:
            centres = _term_matrix(themes, index)
            return np.asarray((tfidf[rows] @ centres.T).toarray(), dtype=np.float64)

    everyone = np.arange(n, dtype=np.intp)
    best, strength = _assign(similarity(model.themes, everyone), threshold)
    best[blank] = -1
    sub_ids: list[str | None] = [None] * n
    for t, theme in enumerate(model.themes):
        rows = np.flatnonzero(best == t).astype(np.intp)
        if theme.subthemes and len(rows):
            sub_best, _ = _assign(similarity(theme.subthemes, rows), -np.inf)
            for row, s in zip(rows, sub_best, strict=True):
                sub_ids[row] = theme.subthemes[int(s)].id
    out: list[Assignment] = []
    for i in range(n):
        theme_id = None if best[i] < 0 else model.themes[best[i]].id
        out.append(Assignment(doc_ids[i], theme_id, sub_ids[i], float(strength[i])))
    return out


def theme_model_from_members(
    base: ThemeModel,
    members: Mapping[str, Sequence[str]],
    *,
    languages: Mapping[str, Sequence[str | None] | str | None] | None = None,
    labels: Mapping[str, str] | None = None,
    subthemes: Mapping[str, Mapping[str, Sequence[str]]] | None = None,
    embedder: Embedder | None = None,
) -> ThemeModel:
    """A model whose themes are the curated ones: ``members`` maps each theme id to its
    members' texts (after people merged themes or moved answers), ``subthemes`` maps a theme
    id to its subthemes' members. Centroids are recomputed with ``base``'s vocabulary and IDF
    (and embeddings, for a semantic model with an embedder); themes left out are dropped.
    ``labels`` default to the base model's labels."""
    langs = languages or {}
    old = {t.id: t for t in base.themes}
    if base.backend in ("semantic", "combined") and embedder is None:
        embedder = load_embedder(base.embedding_model)

    def build(theme_id: str, texts: Sequence[str], language: Any) -> StoredTheme:
        tfidf = _model_tfidf(base, texts, _languages(language, len(texts)))
        centroid = _centroids(tfidf, np.zeros(len(texts), dtype=np.intp), 1)
        vector = None
        if base.backend in ("semantic", "combined") and embedder is not None and texts:
            vector = _rounded(_normalize_rows(_embed(embedder, texts).mean(axis=0)[np.newaxis])[0])
        label = (labels or {}).get(theme_id) or (old[theme_id].label if theme_id in old else "")
        return StoredTheme(theme_id, label, _centroid_dict(centroid, 0, base.vocabulary), vector)

    themes: list[StoredTheme] = []
    for theme_id, texts in members.items():
        theme = build(theme_id, texts, langs.get(theme_id))
        for sub_id, sub_texts in (subthemes or {}).get(theme_id, {}).items():
            theme.subthemes.append(build(sub_id, sub_texts, langs.get(sub_id)))
        themes.append(theme)
    return ThemeModel(
        backend=base.backend,
        vocabulary=list(base.vocabulary),
        idf=list(base.idf),
        themes=themes,
        min_strength=base.min_strength,
        embedding_min_strength=base.embedding_min_strength,
        embedding_model=base.embedding_model,
    )
