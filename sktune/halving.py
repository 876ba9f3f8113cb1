"""Rungs and brackets: the schedules of successive halving and Hyperband.

A *rung* evaluates some candidates with some amount of a resource (training
samples, trees, iterations); the best ``1 / factor`` of them go on to the next rung,
which gives each ``factor`` times the resource. A *bracket* is a sequence of rungs
started by one set of candidates. Successive halving runs one bracket; Hyperband runs
several, from many candidates on a small resource to a few on the full one, because
which of those trade-offs is best depends on the problem.

The functions here only plan: they take numbers and return numbers, and fit nothing.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass


@dataclass(frozen=True)
class Rung:
    """One rung of a bracket: how many candidates, and the resource each gets."""

    n_candidates: int
    n_resources: int


def _check_plan_args(min_resources, max_resources, factor):
    for name, value in (("min_resources", min_resources), ("max_resources", max_resources)):
        if not isinstance(value, numbers.Integral) or isinstance(value, bool) or value < 1:
            raise ValueError(f"{name} must be an integer >= 1. Got {value!r} instead.")
    if min_resources > max_resources:
        raise ValueError(
            f"min_resources ({min_resources}) must not exceed max_resources ({max_resources})."
        )
    if not isinstance(factor, numbers.Real) or isinstance(factor, bool) or factor <= 1:
        raise ValueError(f"factor must be a number > 1. Got {factor!r} instead.")


def n_halvings(n: float, factor: float) -> int:
    """Largest ``k`` with ``factor ** k <= n`` (exact, unlike ``floor(log(n, factor))``)."""
    k = 0
    while factor ** (k + 1) <= n * (1 + 1e-12):
        k += 1
    return k


def n_rungs_required(n_candidates: int, factor: float) -> int:
    """Rungs needed to bring ``n_candidates`` down to fewer than ``factor``."""
    return 1 + n_halvings(n_candidates, factor)


def n_rungs_possible(min_resources: int, max_resources: int, factor: float) -> int:
    """Rungs that fit between ``min_resources`` and ``max_resources``."""
    return 1 + n_halvings(max_resources // min_resources, factor)


def successive_halving(
    n_candidates, min_resources, max_resources, factor=3, aggressive_elimination=False
) -> list[Rung]:
    """The rungs of successive halving, as scikit-learn's halving searches plan them.

    Rung ``i`` evaluates ``ceil(n / factor)`` of the previous rung's ``n``
    candidates with ``min_resources * factor ** i`` resources (capped at
    ``max_resources``). The bracket stops when fewer than ``factor`` candidates are
    left, or when the resource cannot grow any more.

    Parameters
    ----------
    n_candidates : int
        Number of candidates of the first rung.
    min_resources, max_resources : int
        Resource of the first rung, and the most any rung may use.
    factor : float, default=3
        Ratio of the resources of consecutive rungs and inverse of the proportion of
        candidates kept.
    aggressive_elimination : bool, default=False
        When the resources run out before the candidates do, repeat the first rung's
        resource until few enough candidates are left, so that the last rung still
        ends with fewer than ``factor`` candidates.

    Returns
    -------
    list of Rung

    Examples
    --------
    >>> [(r.n_candidates, r.n_resources) for r in successive_halving(27, 10, 90)]
    [(27, 10), (9, 30), (3, 90)]
    """
    _check_plan_args(min_resources, max_resources, factor)
    if not isinstance(n_candidates, numbers.Integral) or n_candidates < 1:
        raise ValueError(f"n_candidates must be an integer >= 1. Got {n_candidates!r} instead.")
    n_required = n_rungs_required(n_candidates, factor)
    n_possible = n_rungs_possible(min_resources, max_resources, factor)
    n_rungs = n_required if aggressive_elimination else min(n_required, n_possible)
    rungs, n = [], int(n_candidates)
    for i in range(n_rungs):
        power = max(0, i - n_required + n_possible) if aggressive_elimination else i
        resources = min(int(factor**power * min_resources), max_resources)
        rungs.append(Rung(n, resources))
        n = math.ceil(n / factor)
    return rungs


def _share_out(total: int, weights) -> list[int]:
    """``total`` split into whole parts in proportion to ``weights`` (largest remainders;
    ties go to the earlier weight).

    Examples
    --------
    >>> _share_out(20, [9, 5, 3])
    [11, 6, 3]
    """
    weights = [float(w) for w in weights]
    exact = [total * w / sum(weights) for w in weights]
    parts = [int(math.floor(x + 1e-9)) for x in exact]
    by_remainder = sorted(range(len(parts)), key=lambda i: parts[i] - exact[i])
    for i in by_remainder[: total - sum(parts)]:
        parts[i] += 1
    return parts


def hyperband(min_resources, max_resources, factor=3, n_candidates=None) -> list[list[Rung]]:
    """The brackets of Hyperband (Li et al., 2018), most exploratory first.

    With ``s_max = floor(log_factor(max_resources / min_resources))``, bracket ``s``
    (from ``s_max`` down to 0) starts ``ceil((s_max + 1) / (s + 1) * factor ** s)``
    candidates on ``max_resources / factor ** s`` and halves them ``s`` times, so
    that every bracket ends on ``max_resources`` and all use about the same budget.

    Parameters
    ----------
    min_resources, max_resources : int
        Smallest resource a rung may use, and the full resource.
    factor : float, default=3
        Ratio of the resources of consecutive rungs.
    n_candidates : int, optional
        How many candidates the brackets start in all, such as every point of a
        grid. The brackets then share them out in the proportions above (a bracket
        left with none is dropped), and a rung that would pass a single candidate on
        to another is skipped: only a bracket's last rung runs with one.

    Returns
    -------
    list of list of Rung

    Examples
    --------
    >>> for bracket in hyperband(10, 90):
    ...     print([(r.n_candidates, r.n_resources) for r in bracket])
    [(9, 10), (3, 30), (1, 90)]
    [(5, 30), (1, 90)]
    [(3, 90)]
    >>> for bracket in hyperband(10, 90, n_candidates=34):
    ...     print([(r.n_candidates, r.n_resources) for r in bracket])
    [(18, 10), (6, 30), (2, 90)]
    [(10, 30), (3, 90)]
    [(6, 90)]
    """
    _check_plan_args(min_resources, max_resources, factor)
    s_max = n_halvings(max_resources / min_resources, factor)
    halvings = list(range(s_max, -1, -1))
    starts = [math.ceil((s_max + 1) / (s + 1) * factor**s - 1e-9) for s in halvings]
    if n_candidates is not None:
        if not isinstance(n_candidates, numbers.Integral) or n_candidates < 1:
            raise ValueError(
                f"n_candidates must be an integer >= 1 or None. Got {n_candidates!r} instead."
            )
        starts = _share_out(int(n_candidates), starts)
    brackets = []
    for s, n in zip(halvings, starts):
        bracket = []
        for i in range(s + 1):
            resources = max_resources if i == s else int(max_resources / factor ** (s - i))
            size = max(1, int(n / factor**i + 1e-9))
            if size > 1 or i == s:
                bracket.append(Rung(size, max(resources, min_resources)))
        if n:
            brackets.append(bracket)
    return brackets
