"""The ask/tell protocol shared by every optimizer, and what an optimizer knows of a space.

An optimizer searches the unit cube ``[0, 1]^d`` and minimises. It is given one
:class:`UnitDimension` per column, which says whether the column is continuous, takes a
finite number of levels, or is a categorical choice, and how to move any point onto a
valid value ("snap"). It never sees parameter names, estimators or cross-validation.

Lifecycle::

    opt = SomeOptimizer(dimensions, random_state=0)
    while not opt.stop():
        X = opt.ask(n)            # (m, d) array, m <= n; m == 0 when nothing new is left
        y = [f(x) for x in X]     # losses; NaN or inf marks a failed evaluation
        opt.tell(X, y)

Points may also be told without having been asked (for example a known default
configuration), and ``tell`` may be called several times before the next ``ask``.
"""

from __future__ import annotations

import math
import numbers
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from functools import partial
from typing import Callable

import numpy as np
from scipy.stats import rankdata

KINDS = ("continuous", "integer", "categorical")


def _clip_unit(u: np.ndarray) -> np.ndarray:
    return np.clip(u, 0.0, 1.0)


@dataclass(frozen=True)
class UnitDimension:
    """What an optimizer knows about one column of the unit cube.

    Parameters
    ----------
    kind : {'continuous', 'integer', 'categorical'}
        Continuous columns take any value in ``[0, 1]``; integer columns are ordered
        levels; categorical columns are unordered levels.
    n_levels : int or None
        Number of distinct values, or None when unbounded or continuous.
    levels : ndarray or None
        Unit coordinate of every level, in order, when there are few enough to list
        (always for categorical columns); None otherwise.
    snap : callable
        Maps an array of coordinates to the canonical coordinates of the values they
        decode to, so that two points meaning the same configuration are equal. It
        treats each coordinate alone: neighbouring columns that share one ``snap``
        (a feature subset's bits) are snapped in one call.
    parent : int or None
        Index of the categorical column that switches this column on, if any.
    active_levels : frozenset of int
        The parent's level indices for which this column is active.
    part_of : int or None
        For one column of a dimension spread over several (a feature subset's bits),
        the index of that dimension's first column: columns with the same
        ``part_of`` are parts of one parameter.
    """

    kind: str
    n_levels: int | None = None
    levels: np.ndarray | None = None
    snap: Callable[[np.ndarray], np.ndarray] = _clip_unit
    parent: int | None = None
    active_levels: frozenset = field(default_factory=frozenset)
    part_of: int | None = None

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}. Got {self.kind!r} instead.")
        if self.kind == "categorical" and self.levels is None:
            raise ValueError("A categorical UnitDimension needs its levels.")
        if self.parent is not None and not self.active_levels:
            raise ValueError("A conditional UnitDimension needs its active_levels.")

    def level_index(self, u: np.ndarray) -> np.ndarray:
        """Index of the level nearest to each coordinate (listed levels only)."""
        u = np.asarray(u, dtype=float)
        return np.abs(u[:, None] - self.levels[None, :]).argmin(axis=1)


def check_count(name: str, value, low: int) -> None:
    """Raise a ValueError naming ``name`` unless ``value`` is an integer >= ``low``."""
    if not isinstance(value, numbers.Integral) or value < low:
        raise ValueError(f"{name} must be an integer >= {low}. Got {value!r} instead.")


def continuous_dimensions(d: int) -> list[UnitDimension]:
    """``d`` continuous columns: the plain box ``[0, 1]^d`` for black-box use."""
    return [UnitDimension("continuous") for _ in range(d)]


def n_configurations(dimensions: list[UnitDimension]) -> float:
    """Number of distinct points of a space, ``inf`` if any column is unbounded."""
    total = 1
    for dim in dimensions:
        if dim.n_levels is None:
            return math.inf
        total *= dim.n_levels
    return total


INACTIVE = 0.5  # the coordinate every inactive column takes


def active_columns(dimensions: list[UnitDimension], X: np.ndarray) -> np.ndarray:
    """Boolean array: which columns of each (snapped) row are switched on.

    A column is active when its parent is active and the parent's level is one of
    its ``active_levels``. Parents must come before their children.
    """
    active = np.ones(X.shape, dtype=bool)
    for j, dim in enumerate(dimensions):
        if dim.parent is not None:
            parent = dimensions[dim.parent]
            levels = parent.level_index(X[:, dim.parent])
            active[:, j] = active[:, dim.parent] & np.isin(levels, list(dim.active_levels))
    return active


def snap_points(dimensions: list[UnitDimension], X: np.ndarray) -> np.ndarray:
    """Map every row of ``X`` onto the canonical coordinates of a valid point.

    Each column is snapped onto one of its values, and inactive columns are set to
    the same constant, so that two points meaning the same configuration are equal.
    """
    X = np.clip(np.asarray(X, dtype=float), 0.0, 1.0)
    out = np.empty_like(X)
    start = 0
    while start < len(dimensions):
        snap = dimensions[start].snap
        stop = start + 1
        while stop < len(dimensions) and dimensions[stop].snap is snap:
            stop += 1
        block = X[:, start:stop]
        out[:, start:stop] = snap(block.ravel()).reshape(block.shape)
        start = stop
    if any(dim.parent is not None for dim in dimensions):
        out[~active_columns(dimensions, out)] = INACTIVE
    return out


def grid(dimensions: list[UnitDimension]) -> np.ndarray:
    """Every point of a finite space whose levels are all listed, one per row."""
    axes = [dim.levels for dim in dimensions]
    mesh = np.meshgrid(*axes, indexing="ij")
    return np.stack([m.ravel() for m in mesh], axis=1)


class PointSet:
    """Set of points (rows), compared by their exact coordinates."""

    def __init__(self, points=()):
        self._keys = set()
        self.update(points)

    def __len__(self):
        return len(self._keys)

    def __contains__(self, point) -> bool:
        return np.asarray(point, dtype=float).tobytes() in self._keys

    def add(self, point) -> None:
        self._keys.add(np.asarray(point, dtype=float).tobytes())

    def update(self, points) -> None:
        """Add every row of ``points``."""
        for point in points:
            self.add(point)

    def new_rows(self, X: np.ndarray) -> np.ndarray:
        """Boolean mask of the rows of ``X`` that are neither in the set nor repeated."""
        seen = set()
        keep = np.zeros(len(X), dtype=bool)
        for i, row in enumerate(np.asarray(X, dtype=float)):
            key = row.tobytes()
            if key not in self._keys and key not in seen:
                keep[i] = True
                seen.add(key)
        return keep


# Fewest binary columns (such as a feature subset's bits) for which CMA-ES also
# learns a linear model of their main effects, and the Bayesian optimizer's Gaussian
# process gives a subset's bits one shared lengthscale: many bits learn slowly one
# by one.
MIN_BINARY_COLUMNS = 8


def binary_columns(dimensions) -> np.ndarray:
    """Indices of the ordered columns with exactly two levels (categories excluded)."""
    return np.array(
        [j for j, dim in enumerate(dimensions) if dim.kind != "categorical" and dim.n_levels == 2],
        dtype=int,
    )


def binary_effects(X: np.ndarray, y: np.ndarray, columns: np.ndarray):
    """Slopes of a ridge regression of the loss ranks on the binary ``columns`` of
    ``X``, or None with fewer than ``MIN_BINARY_COLUMNS`` of them or fewer than two
    finite losses.

    A point's ``X[:, columns] @ slopes`` ranks it by the main effects of its bits:
    lower is better. A few dozen results estimate one slope per bit, where a model
    with a lengthscale per bit, or one generation's ranking, learn them slowly.
    Failed evaluations (non-finite losses) are left out.
    """
    finite = np.isfinite(y)
    if len(columns) < MIN_BINARY_COLUMNS or finite.sum() < 2:
        return None
    bits = X[finite][:, columns]
    bits = bits - bits.mean(axis=0)
    ranks = rankdata(y[finite]) / finite.sum()
    gram = bits.T @ bits + np.eye(len(columns))
    return np.linalg.solve(gram, bits.T @ (ranks - ranks.mean()))


class Optimizer(ABC):
    """Base class of sktune's optimizers: minimise a function on the unit cube.

    Subclasses implement :meth:`_propose`. The base class keeps the history, snaps
    proposals onto valid points, never proposes a point twice, and ends the search
    when a finite space has been exhausted.

    Parameters
    ----------
    dimensions : list of UnitDimension, int or Space
        One descriptor per column; an int ``d`` means ``d`` continuous columns; a
        :class:`~sktune.space.Space` gives its columns and, unless ``snap`` is
        given, its own ``snap``.
    random_state : int, numpy.random.Generator or None
        Seed of the optimizer's own random generator.
    snap : callable, optional
        Maps an ``(n, d)`` array onto canonical valid points. Defaults to snapping
        each column with its descriptor and blanking inactive columns; a search
        space can supply its own (for constraints spanning several columns).
    """

    def __init__(self, dimensions, random_state=None, snap=None):
        given = dimensions
        if isinstance(dimensions, numbers.Integral) and not isinstance(dimensions, (bool, np.bool_)):
            dimensions = continuous_dimensions(int(dimensions))
        elif hasattr(dimensions, "unit_dimensions"):  # a Space (not imported: it imports us)
            snap = dimensions.snap if snap is None else snap
            dimensions = dimensions.unit_dimensions()
        if not isinstance(dimensions, (list, tuple)) or not dimensions or not all(
            isinstance(dim, UnitDimension) for dim in dimensions
        ):
            raise ValueError(
                "dimensions must be a number of continuous columns (>= 1), a Space or a "
                f"non-empty list of UnitDimension. Got {given!r} instead."
            )
        if snap is not None and not callable(snap):
            raise TypeError(f"snap must be a callable or None. Got {snap!r} instead.")
        self.dimensions = list(dimensions)
        self.random_state = random_state
        self._snap = snap if snap is not None else partial(snap_points, self.dimensions)
        try:
            self._rng = np.random.default_rng(random_state)
        except (TypeError, ValueError):
            raise ValueError(
                "random_state must be None, an integer >= 0 or a numpy.random.Generator. "
                f"Got {random_state!r} instead."
            ) from None
        self.X = np.empty((0, len(self.dimensions)))
        self.y = np.empty(0)
        self._seen = PointSet()
        self._pending = np.empty((0, len(self.dimensions)))
        self._exhausted = False

    @property
    def n_dims(self) -> int:
        return len(self.dimensions)

    @property
    def n_told(self) -> int:
        return len(self.y)

    def ask(self, n: int = 1) -> np.ndarray:
        """Propose up to ``n`` new distinct points.

        Returns fewer rows (possibly none) only when the space has no more unseen
        points. Points asked and not yet told are treated as pending: they are not
        proposed again.
        """
        if isinstance(n, (bool, np.bool_)) or not isinstance(n, numbers.Integral):
            raise TypeError(f"n must be an integer >= 1. Got {n!r} instead.")
        if n < 1:
            raise ValueError(f"n must be an integer >= 1. Got {n!r} instead.")
        proposals = np.empty((0, self.n_dims))
        for _ in range(3):
            wanted = n - len(proposals)
            if wanted <= 0:
                break
            X = self._snap(self._propose(wanted, proposals))
            X = X[self._seen.new_rows(X)]
            self._seen.update(X[:wanted])
            proposals = np.vstack([proposals, X[:wanted]])
        if len(proposals) < n:
            proposals = np.vstack([proposals, self._unseen_points(n - len(proposals))])
        if len(proposals) < n:
            self._exhausted = True
        self._pending = np.vstack([self._pending, proposals])
        return proposals

    def tell(self, X, y) -> None:
        """Record the losses ``y`` of points ``X``; NaN or inf marks a failure."""
        X = np.atleast_2d(np.asarray(X, dtype=float))
        try:
            y = np.asarray(y, dtype=float).ravel()
        except (TypeError, ValueError):
            raise TypeError(
                f"y must be the losses of X, numbers (NaN or inf for a failure). Got {y!r} instead."
            ) from None
        if X.shape != (len(y), self.n_dims):
            raise ValueError(
                f"X must have shape (len(y), {self.n_dims}) = ({len(y)}, {self.n_dims}). "
                f"Got {X.shape} instead."
            )
        if not len(y):
            return  # ask() had nothing left to propose
        if not ((X >= 0.0) & (X <= 1.0)).all():
            raise ValueError(
                "X must lie in the unit cube [0, 1]^d, as ask() returns it (map values with "
                "Space.encode). Got values from {:g} to {:g}.".format(np.nanmin(X), np.nanmax(X))
            )
        # points asked for are snapped already; snap only the others
        pending = PointSet(self._pending)
        unsnapped = np.array([row not in pending for row in X], dtype=bool)
        if unsnapped.any():
            X = X.copy()
            X[unsnapped] = self._snap(X[unsnapped])
        self._seen.update(X)
        told = PointSet(X)
        if len(self._pending):
            self._pending = self._pending[told.new_rows(self._pending)]
        self.X = np.vstack([self.X, X])
        self.y = np.concatenate([self.y, y])
        self._on_tell(X, y)

    def exclude(self, X) -> None:
        """Never propose the points ``X`` (evaluated elsewhere, or unwanted)."""
        X = self._snap(np.atleast_2d(np.asarray(X, dtype=float)))
        self._seen.update(X)

    def stop(self) -> dict:
        """Reasons to stop, as a dict; empty while the search should go on."""
        reasons = {}
        if self._exhausted or len(self._seen) >= n_configurations(self.dimensions):
            reasons["exhausted"] = (
                "every configuration of the finite space has been proposed"
            )
        return reasons

    @property
    def best_index(self) -> int | None:
        """Index of the best finite loss told so far, None if there is none."""
        finite = np.isfinite(self.y)
        if not finite.any():
            return None
        return int(np.flatnonzero(finite)[np.argmin(self.y[finite])])

    @abstractmethod
    def _propose(self, n: int, already: np.ndarray) -> np.ndarray:
        """Return about ``n`` candidate points (unsnapped is fine).

        ``already`` holds the points proposed earlier in this same ``ask``.
        """

    def _on_tell(self, X: np.ndarray, y: np.ndarray) -> None:
        """Hook called with the (snapped) points and losses just recorded."""

    def _unseen_points(self, n: int) -> np.ndarray:
        """Up to ``n`` points never seen, found by enumeration or random draws."""
        if n_configurations(self.dimensions) <= 100_000 and all(
            dim.levels is not None for dim in self.dimensions
        ):
            candidates = self._snap(grid(self.dimensions))
        else:
            candidates = self._snap(self._rng.random((256 * n, self.n_dims)))
        candidates = candidates[self._seen.new_rows(candidates)]
        if len(candidates) > n:
            candidates = candidates[self._rng.choice(len(candidates), n, replace=False)]
        self._seen.update(candidates)
        return candidates
