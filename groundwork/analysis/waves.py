"""Comparing two waves of a survey: did the answers change by more than sampling noise?

The test: Mann–Whitney U (the Wilcoxon rank-sum test)
-----------------------------------------------------
Answers on a five-point agreement scale are ordered categories: "agree" is more than
"neither", but not by a known distance, and their distribution is often lopsided. A t-test on
the mean treats the points as equally spaced measurements and leans on normality; the
Mann–Whitney U test uses only the order. It asks whether a person picked at random from wave B
tends to answer higher (or lower) than one picked at random from wave A.

``U`` counts, over every pair of one answer from each wave, the pairs where B's answer is
higher (a tie counts one half). With ``n_a`` and ``n_b`` answers, ``U / (n_a n_b)`` is the
*probability of superiority*: 0.5 means no tendency either way. Under "no change", U has mean
``n_a n_b / 2`` and, with ties (a five-point scale has almost nothing but ties), variance

    n_a n_b / 12 · ((N + 1) − Σ (t³ − t) / (N (N − 1)))

where N = n_a + n_b and t runs over the sizes of the groups of equal answers. The two-sided
p-value comes from the normal approximation with a continuity correction of one half. The
change is called *larger than sampling noise* when p < 0.05.

Domain scores are compared the same way: a respondent's score in a domain is the mean of their
answers to its questions (when they answered at least half of them), and the two waves' scores
are compared with the same test, ties and all.

Limits (said on the page too)
-----------------------------
* The normal approximation wants a few answers in each wave; below ``MIN_ANSWERS`` in either
  wave no test is made (and the survey pages hide such small counts anyway).
* The test assumes the two waves are independent samples. When many of the same people answer
  both waves (an anonymous survey cannot tell), the test is conservative: a real change is
  less likely to be called out, never more.
* It detects a shift in tendency, not every change of shape: answers that move from the middle
  to both ends can leave U at one half.
* Many questions are tested at once: at the 5% level about one question in twenty will be
  flagged by chance alone when nothing changed. Read a single flagged question with care;
  a domain is the sturdier reading.
* Who answered can change between waves (more people from one sector, say): the test cannot
  tell a changed community from a changed sample.

Pure Python, no Django.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

ALPHA = 0.05
MIN_ANSWERS = 5
MIN_SHARE_ANSWERED = 0.5

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Comparison:
    n_a: int
    n_b: int
    mean_a: float
    mean_b: float
    u: float  # pairs where B's answer is higher, ties counted one half
    z: float
    p_value: float

    @property
    def change(self) -> float:
        """Wave B's mean minus wave A's."""
        return self.mean_b - self.mean_a

    @property
    def superiority(self) -> float:
        """The probability that an answer from B is higher than one from A (ties half)."""
        return self.u / (self.n_a * self.n_b)

    @property
    def beyond_noise(self) -> bool:
        return self.p_value < ALPHA

    @property
    def direction(self) -> str:
        """ "up", "down" or "same": the direction of the change when it is beyond noise."""
        if not self.beyond_noise:
            return "same"
        return "up" if self.u > self.n_a * self.n_b / 2 else "down"


def mann_whitney(
    a: Iterable[float], b: Iterable[float], *, min_answers: int = MIN_ANSWERS
) -> Comparison | None:
    """The Mann–Whitney U test of wave B against wave A (see the module's docstring), or None
    when either wave has fewer than ``min_answers`` values. Runs in O(N + k log k) for N values
    with k distinct ones, so 10,000 answers on a five-point scale take a few milliseconds."""
    xs = [float(v) for v in a]
    ys = [float(v) for v in b]
    n_a, n_b = len(xs), len(ys)
    if n_a < max(min_answers, 1) or n_b < max(min_answers, 1):
        return None
    if not all(math.isfinite(v) for v in (*xs, *ys)):
        raise ValueError("values must be finite numbers")
    count_a = Counter(xs)
    count_b = Counter(ys)
    n = n_a + n_b
    rank_sum_b = 0.0
    tie_term = 0.0
    below = 0
    for value in sorted(set(count_a) | set(count_b)):
        t = count_a.get(value, 0) + count_b.get(value, 0)
        mid_rank = below + (t + 1) / 2.0
        rank_sum_b += count_b.get(value, 0) * mid_rank
        tie_term += t**3 - t
        below += t
    u = rank_sum_b - n_b * (n_b + 1) / 2.0
    mu = n_a * n_b / 2.0
    variance = n_a * n_b / 12.0 * ((n + 1) - tie_term / (n * (n - 1)))
    if variance <= 0:
        z, p = 0.0, 1.0
    else:
        gap = max(abs(u - mu) - 0.5, 0.0)
        z = math.copysign(gap / math.sqrt(variance), u - mu) if gap else 0.0
        p = min(1.0, math.erfc(abs(z) / math.sqrt(2.0)))
    return Comparison(
        n_a=n_a,
        n_b=n_b,
        mean_a=math.fsum(xs) / n_a,
        mean_b=math.fsum(ys) / n_b,
        u=u,
        z=z,
        p_value=p,
    )


def domain_scores(
    answers: Iterable[Mapping[K, float]],
    questions: Sequence[K],
    *,
    min_share: float = MIN_SHARE_ANSWERED,
) -> list[float]:
    """Each respondent's score in a domain: the mean of their answers to its ``questions``,
    for respondents who answered at least ``min_share`` of them (others are left out, so a
    person who answered one question of six does not stand for the whole domain)."""
    wanted = list(dict.fromkeys(questions))
    if not wanted:
        return []
    needed = max(1, math.ceil(min_share * len(wanted) - 1e-9))
    scores = []
    for response in answers:
        given = [float(response[q]) for q in wanted if q in response]
        if len(given) >= needed:
            scores.append(math.fsum(given) / len(given))
    return scores
