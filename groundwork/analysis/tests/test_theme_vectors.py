"""The theme engine's vectors (groundwork.analysis.themes.vectors): term weights as their
definitions state them, the vocabulary's cap, LSA's dimensions, and counting distinct
answers."""

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from groundwork.analysis.themes.vectors import (
    _build_vectors,
    _ctfidf,
    _distinct_rows,
    _lsa,
    _normalize_sparse,
    _smoothed_idf,
)


def test_the_smoothed_idf_is_scikit_learns() -> None:
    docs = ["bus route", "bus stop bus", "rent", "rent landlord", "park", "bus park rent"]
    reference = TfidfVectorizer(smooth_idf=True).fit(docs)
    df = np.array(
        [sum(term in doc.split() for doc in docs) for term in reference.get_feature_names_out()]
    )
    assert np.allclose(_smoothed_idf(len(docs), df), reference.idf_)
    # Under 50 answers the weights are the idf itself (squared from 50 on).
    vectors = _build_vectors([doc.split() for doc in docs], min_df=1)
    assert vectors.vocabulary == list(reference.get_feature_names_out())
    assert np.allclose(vectors.idf, reference.idf_)


def test_the_vocabulary_keeps_the_30000_most_used_terms() -> None:
    """A corpus of 30,001 terms keeps 30,000: the term of two answers stays, and of the terms
    of one answer the last in alphabetical order goes."""
    many = [f"t{i:05d}" for i in range(29_999)]
    vectors = _build_vectors([many + ["shared"], ["shared", "alone"]], min_df=1)
    assert len(vectors.vocabulary) == 30_000
    assert "shared" in vectors.vocabulary and "alone" in vectors.vocabulary
    assert "t29998" not in vectors.vocabulary and "t29997" in vectors.vocabulary
    assert vectors.matrix.shape == (2, 30_000)


def test_lsa_has_no_more_dimensions_than_its_rows_can_span() -> None:
    """Ten answers over two hundred terms: at most nine dimensions (rows minus one), each
    answer's coordinates of unit length."""
    rng = np.random.default_rng(0)
    matrix = sp.csr_matrix(rng.random((10, 200)) * (rng.random((10, 200)) < 0.1))
    coords = _lsa(matrix, seed=0)
    assert coords.shape == (10, 9)
    assert np.allclose(np.linalg.norm(coords, axis=1), 1.0, atol=1e-5)


def test_distinct_rows_are_counted_no_further_than_enough() -> None:
    matrix = sp.csr_matrix(np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 0.0], [0.5, 0.5]]))
    assert _distinct_rows(matrix, 10) == 3
    assert _distinct_rows(matrix, 3) == 3
    assert _distinct_rows(matrix, 2) == 2


def test_class_based_tfidf_is_a_terms_share_of_its_theme_times_its_rarity() -> None:
    """c-TF-IDF as the package docstring states it (step 7): a term's share of its theme's
    term occurrences times log(1 + A / f), A the mean number of term occurrences per theme and
    f the term's occurrences in all themes."""
    presence = sp.csr_matrix(
        np.array(
            [
                [1, 1, 0, 0],  # theme 0
                [1, 0, 0, 0],  # theme 0
                [0, 1, 1, 1],  # theme 1
            ],
            dtype=np.float64,
        )
    )
    labels = np.array([0, 0, 1])
    weights = _ctfidf(presence, labels, 2)
    counts = [[2, 1, 0, 0], [0, 1, 1, 1]]
    per_theme = [3, 3]
    in_all = [2, 2, 1, 1]
    average = 6 / 2
    expected = [
        [
            counts[c][j] / per_theme[c] * np.log1p(average / in_all[j]) if in_all[j] else 0.0
            for j in range(4)
        ]
        for c in range(2)
    ]
    assert np.allclose(weights, expected)
    # A theme with no term at all weighs nothing (no division by zero).
    empty = _ctfidf(sp.csr_matrix(np.zeros((2, 3))), np.array([0, 1]), 2)
    assert np.array_equal(empty, np.zeros((2, 3)))


def test_weighted_answers_weigh_in_class_based_tfidf_by_their_weight() -> None:
    """An answer standing for half a voice (a participant's repeated posts share one) counts
    half in a term's occurrences over all themes too."""
    presence = sp.csr_matrix(np.array([[0.5, 1.0], [0.0, 1.0]]))
    weights = _ctfidf(presence, np.array([0, 1]), 2)
    average = 2.5 / 2
    assert np.allclose(
        weights,
        [
            [0.5 / 1.5 * np.log1p(average / 0.5), 1.0 / 1.5 * np.log1p(average / 2.0)],
            [0.0, 1.0 * np.log1p(average / 2.0)],
        ],
    )


def test_a_row_of_zeros_stays_zeros_when_rows_are_scaled_to_unit_length() -> None:
    from groundwork.analysis.themes.vectors import _normalize_rows

    rows = _normalize_rows(np.array([[0.0, 0.0], [3.0, 4.0]]))
    assert rows.tolist() == [[0.0, 0.0], [0.6, 0.8]]
    sparse = _normalize_sparse(sp.csr_matrix(np.array([[0.0, 0.0], [3.0, 4.0]])))
    assert np.allclose(sparse.toarray(), [[0.0, 0.0], [0.6, 0.8]])


def test_vectors_are_rounded_to_six_decimals() -> None:
    """LSA coordinates and a stored model's vectors are rounded to 6 decimals, so that float
    noise from one run's BLAS to another's cannot decide a k-means step or a stored centre."""
    from groundwork.analysis.themes.vectors import _rounded

    rng = np.random.default_rng(1)
    matrix = sp.csr_matrix(rng.random((40, 300)) * (rng.random((40, 300)) < 0.05))
    coords = _lsa(matrix, seed=0)
    assert np.array_equal(coords, np.round(coords, 6))
    assert not np.array_equal(coords, np.round(coords, 5))
    assert _rounded(np.array([0.12345678, -0.5])) == [0.123457, -0.5]


def test_rows_equal_to_nine_decimals_are_one_distinct_row() -> None:
    matrix = sp.csr_matrix(np.array([[0.1234567891, 1.0], [0.1234567894, 1.0], [0.2, 1.0]]))
    assert _distinct_rows(matrix, 10) == 2
