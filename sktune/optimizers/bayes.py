"""Bayesian optimisation: a Gaussian-process surrogate and an acquisition function.

The recipe, each part chosen because it holds up on hyperparameter-tuning problems:

- a scrambled Sobol initial design;
- diverged losses (beyond a gap of a thousand times the spread below them) capped
  one range above the ordinary ones, failed evaluations replaced by the worst loss
  seen, then a Yeo-Johnson power transform and standardisation of the losses (as
  HEBO does), so that a few very bad configurations do not flatten the model where
  the good ones are;
- categorical columns one-hot encoded, integer columns kept ordered;
- a Matern-5/2 ARD Gaussian process with MAP hyperparameters (see ``_gp.py``),
  in which the bits of a feature subset with at least ``MIN_BINARY_COLUMNS`` of
  them share one lengthscale: the model then compares subsets by how many
  features they differ in, one hyperparameter where a lengthscale per bit asks
  for more results than a search has;
- log expected improvement over the best loss (less one quantisation step when
  the best loss is tied, as quantised CV scores often are), maximised over quasi-random candidates plus
  perturbations of the best points so far, then refined locally; every candidate is
  snapped onto a valid configuration, and configurations already seen are excluded;
- batches by "kriging believer": each point of a batch is added to the model with its
  predicted value, which also counts towards the best loss, before the next one is
  chosen, so a batch spreads out;
- optionally GP-Hedge (scikit-optimize's default acquisition): EI, PI and LCB each
  nominate a point, and one is picked with odds that grow with how good the model
  later finds each function's nominees (Hoffman et al., 2011).
"""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
from scipy.optimize import fminbound
from scipy.special import erfcx, log_ndtr

from ._base import MIN_BINARY_COLUMNS, Optimizer, PointSet, check_count, grid, n_configurations
from ._gp import GaussianProcess, one_blas_thread
from .random import SobolSampler

ACQUISITION_FUNCTIONS = ("EI", "PI", "LCB", "gp_hedge")
HEDGED = ("EI", "PI", "LCB")
_LOG_SQRT_2PI = 0.5 * math.log(2 * math.pi)


def log_expected_improvement(z: np.ndarray) -> np.ndarray:
    """``log(phi(z) + z * Phi(z))``, stable for very negative ``z``.

    Expected improvement is ``sigma * (phi(z) + z Phi(z))`` with
    ``z = (best - mean) / sigma``; far from the incumbent it underflows to zero, which
    leaves the maximiser with a flat landscape. The logarithm does not (Ament et al.,
    2023, "Unexpected improvements to expected improvement").
    """
    z = np.asarray(z, dtype=float)
    out = np.empty_like(z)
    near = z > -1.0
    zn = z[near]
    out[near] = np.log(np.exp(-0.5 * zn * zn - _LOG_SQRT_2PI) + zn * np.exp(log_ndtr(zn)))
    zf = z[~near]
    # phi(z) + z Phi(z) = phi(z) * (1 - |z| erfcx(-z / sqrt 2) sqrt(pi / 2)) for z < 0
    ratio = -zf * erfcx(-zf / math.sqrt(2.0)) * math.sqrt(math.pi / 2.0)
    out[~near] = -0.5 * zf * zf - _LOG_SQRT_2PI + np.log1p(-np.minimum(ratio, 1 - 1e-16))
    return out


def _yeo_johnson_transform(x: np.ndarray, lmbda: float) -> np.ndarray:
    """The Yeo-Johnson power transform of ``x`` with parameter ``lmbda``."""
    eps = np.finfo(float).eps
    out = np.zeros_like(x)
    pos = x >= 0
    log_pos = np.log1p(x[pos])
    out[pos] = log_pos if abs(lmbda) < eps else np.expm1(lmbda * log_pos) / lmbda
    log_neg = np.log1p(-x[~pos])
    if abs(lmbda - 2) > eps:
        out[~pos] = -np.expm1((2 - lmbda) * log_neg) / (2 - lmbda)
    else:
        out[~pos] = -log_neg
    return out


def yeo_johnson(x: np.ndarray) -> np.ndarray:
    """``x`` Yeo-Johnson transformed with its maximum-likelihood ``lmbda``.

    The same result as ``scipy.stats.yeojohnson(x)[0]`` in recent SciPy (the same
    likelihood, search bounds and tolerance), here for every SciPy version this
    package supports, and about ten times faster than SciPy 1.17, whose generic
    array handling costs more than the arithmetic on a few hundred losses.
    """
    x = np.asarray(x, dtype=float)
    n = len(x)
    signed_log = np.sum(np.sign(x) * np.log1p(np.abs(x)))
    finfo = np.finfo(float)

    def negative_log_likelihood(lmbda):
        variance = _yeo_johnson_transform(x, lmbda).var()
        if not variance >= finfo.smallest_normal:  # a degenerate fit: never the best
            return np.inf
        return -(-n / 2 * np.log(variance) + (lmbda - 1) * signed_log)

    # search bounds that keep the transform of values up to 20 times the largest
    # within half the float exponent range (as SciPy chooses them)
    log1p_max_x = np.log1p(20 * np.max(np.abs(x)))
    low = (np.log(finfo.tiny) - np.log(finfo.eps)) / 2 / log1p_max_x
    high = (np.log(finfo.max) + np.log(finfo.eps)) / 2 / log1p_max_x
    if np.all(x < 0):
        low, high = 2 - high, 2 - low
    elif np.any(x < 0):
        low, high = max(2 - high, low), min(2 - low, high)
    with np.errstate(over="ignore", invalid="ignore"):
        lmbda = fminbound(negative_log_likelihood, low, high, xtol=1.48e-08)
    return _yeo_johnson_transform(x, lmbda)


# A gap between two losses this many times the spread of all the losses below it
# separates diverged fits (a training that blew up) from ordinary ones.
DIVERGED = 1e3


def cap_diverged_losses(y: np.ndarray) -> np.ndarray:
    """``y`` with diverged losses lowered to one range above the ordinary ones.

    A diverged fit (an SGD or gradient boosting regressor with too large a step: a
    squared error of 1e27 where good ones are 3e3, or an R^2 of -3e6) would
    otherwise fill the standardised scale alone and flatten every ordinary loss to
    the same value. The ordinary losses are the best ones up to the first gap that is
    ``DIVERGED`` times their spread, and at least half of them; capped, the others
    still rank worst. Losses with no such gap, however heavy-tailed, are left
    to the power transform; non-finite ones are left alone.
    """
    finite = np.sort(y[np.isfinite(y)])
    n = len(finite)
    if n < 3:
        return y
    first = n // 2  # the ordinary losses are at least half
    spreads = finite[first : n - 1] - finite[0]
    gaps = np.diff(finite[first:])
    split = np.flatnonzero((spreads > 0) & (gaps > DIVERGED * spreads))
    if not len(split):
        return y
    top = finite[first + split[0]]
    y = y.copy()
    y[np.isfinite(y) & (y > top)] = top + spreads[split[0]]
    return y


def standardize_losses(y: np.ndarray) -> np.ndarray:
    """Finite, power-transformed, standardised version of the losses ``y``.

    Diverged losses are capped (:func:`cap_diverged_losses`), and failed evaluations
    (NaN or infinite losses) take the worst finite loss, so the model learns to avoid
    both without being dominated by them.
    """
    y = cap_diverged_losses(np.asarray(y, dtype=float).copy())
    finite = np.isfinite(y)
    if not finite.any():
        return np.zeros_like(y)
    y[~finite] = y[finite].max()
    largest = np.abs(y).max()
    if largest > 1e150:  # a sentinel such as -1e300 for "invalid": keep y.std() finite
        y = y / largest
    spread = y.std()
    if spread <= 1e-12 * max(1.0, abs(y.mean())):
        return np.zeros_like(y)
    z = (y - y.mean()) / spread
    if len(np.unique(z)) > 2:
        transformed = yeo_johnson(z)
        if np.all(np.isfinite(transformed)):
            z = transformed
    std = z.std()
    return (z - z.mean()) / std if std > 0 else np.zeros_like(z)


def improvement_margin(z: np.ndarray) -> float:
    """How much a new point must beat the best loss ``z.min()`` by to count.

    Zero, unless the best loss is tied: cross-validated scores are often quantised
    (one sample of a fold is a fixed step), and then a point can only improve by at
    least the gap between the two best distinct losses. Requiring that step keeps the
    search from filling a plateau of equal best scores.
    """
    z = np.sort(z)
    if len(z) < 3 or z[1] - z[0] > 1e-9:
        return 0.0
    distinct = np.unique(np.round(z, 9))
    return float(distinct[1] - distinct[0]) if len(distinct) > 1 else 0.0


def _is_one_hot(dim) -> bool:
    """Whether the model sees column ``dim`` as one-hot indicators."""
    return dim.kind == "categorical" and dim.n_levels > 1


class BayesOptimizer(Optimizer):
    """Minimise an expensive function on a mixed unit cube with a Gaussian process.

    Parameters
    ----------
    dimensions : list of UnitDimension or int
        One descriptor per column; an int ``d`` means ``d`` continuous columns.
    n_initial_points : int, optional
        Number of quasi-random points before the model is used. Defaults to
        ``min(max(5, d + 1), 10)`` for ``d`` columns. Points told without being asked
        (such as a known default configuration) count towards it.
    acq_func : {'EI', 'PI', 'LCB', 'gp_hedge'}, default='EI'
        Acquisition function: log expected improvement, log probability of
        improvement, lower confidence bound (``mean - kappa * std``), or GP-Hedge,
        which lets each of the three nominate a point and picks one with
        probabilities ``softmax(gains)``; a function's gain falls by the model's
        predicted (standardised) loss at its nominee once that loss is known.
    kappa : float, default=1.96
        Weight of the standard deviation in the lower confidence bound.
    n_candidates : int, default=1024
        Number of quasi-random candidates scored per proposal, before local
        refinement.
    random_state : int, numpy.random.Generator or None
        Seed of the optimizer's random generator.
    snap : callable, optional
        Maps points onto canonical valid points (see :class:`Optimizer`).

    Attributes
    ----------
    gains_ : ndarray of shape (3,)
        With ``acq_func='gp_hedge'``: the gains of EI, PI and LCB.

    Examples
    --------
    >>> import numpy as np
    >>> from sktune.optimizers import BayesOptimizer
    >>> opt = BayesOptimizer(2, random_state=0)
    >>> for _ in range(20):
    ...     X = opt.ask()
    ...     opt.tell(X, ((X - 0.3) ** 2).sum(axis=1))
    >>> bool(opt.y.min() < 1e-3)
    True
    """

    def __init__(
        self,
        dimensions,
        n_initial_points=None,
        acq_func="EI",
        n_candidates=1024,
        random_state=None,
        snap=None,
        kappa=1.96,
    ):
        super().__init__(dimensions, random_state=random_state, snap=snap)
        if acq_func not in ACQUISITION_FUNCTIONS:
            raise ValueError(
                f"acq_func must be one of {ACQUISITION_FUNCTIONS}. Got {acq_func!r} instead."
            )
        if n_initial_points is None:
            n_initial_points = min(max(5, self.n_dims + 1), 10)
        check_count("n_initial_points", n_initial_points, 1)
        check_count("n_candidates", n_candidates, 1)
        if not isinstance(kappa, (int, float, np.integer, np.floating)) or not kappa >= 0:
            raise ValueError(f"kappa must be a number >= 0. Got {kappa!r} instead.")
        self.n_initial_points = int(n_initial_points)
        self.acq_func = acq_func
        self.kappa = float(kappa)
        self.gains_ = np.zeros(len(HEDGED))
        self._nominees = []  # GP-Hedge: points each function nominated, gains not yet counted
        self.n_candidates = int(n_candidates)
        self._sobol = SobolSampler(self.n_dims, self._rng)
        self._gp = None
        self._n_at_last_fit = 0
        self._finite_grid = None
        # columns that _perturb moves a level at a time (few listed levels)
        self._stepped_columns = [
            j for j, dim in enumerate(self.dimensions)
            if dim.levels is not None and not (dim.kind == "integer" and dim.n_levels > 16)
        ]
        if n_configurations(self.dimensions) <= 4 * self.n_candidates and all(
            dim.levels is not None for dim in self.dimensions
        ):
            self._finite_grid = np.unique(self._snap(grid(self.dimensions)), axis=0)

    # -- features -----------------------------------------------------------------

    def _features(self, X: np.ndarray) -> np.ndarray:
        """Model inputs: ordered columns as they are, categorical ones one-hot."""
        columns = []
        for j, dim in enumerate(self.dimensions):
            if _is_one_hot(dim):
                columns.append(np.eye(dim.n_levels)[dim.level_index(X[:, j])])
            else:
                columns.append(X[:, j : j + 1])
        return np.hstack(columns)

    def _feature_is_categorical(self) -> np.ndarray:
        """Which model inputs (columns of :meth:`_features`) are one-hot indicators."""
        flags = []
        for dim in self.dimensions:
            flags += [True] * dim.n_levels if _is_one_hot(dim) else [False]
        return np.array(flags, dtype=bool)

    def _feature_lengthscales(self) -> np.ndarray:
        """Index of each model input's lengthscale: its own, except that the columns
        of one dimension spread over at least ``MIN_BINARY_COLUMNS`` (a feature
        subset's bits) share one."""
        sizes = Counter(dim.part_of for dim in self.dimensions if dim.part_of is not None)
        shared_parts = {part for part, size in sizes.items() if size >= MIN_BINARY_COLUMNS}
        indices, owners = [], {}
        for dim in self.dimensions:
            for _ in range(dim.n_levels if _is_one_hot(dim) else 1):
                owner = ("part", dim.part_of) if dim.part_of in shared_parts else len(indices)
                indices.append(owners.setdefault(owner, len(owners)))
        return np.array(indices, dtype=int)

    # -- proposals ----------------------------------------------------------------

    def _propose(self, n, already):
        pending = np.vstack([self._pending, already])
        n_finite = int(np.isfinite(self.y).sum())
        if self.n_told + len(pending) < self.n_initial_points or n_finite < 2:
            return self._sobol.draw(n)
        z = standardize_losses(self.y)
        if np.ptp(z) == 0:
            return self._sobol.draw(n)
        with one_blas_thread():
            return self._propose_from_model(n, z, pending)

    def _propose_from_model(self, n, z, pending):
        """``n`` points chosen by the acquisition, given the standardised losses ``z``
        and the points ``pending`` evaluation."""
        F = self._features(self.X)
        if self._gp is None:
            self._gp = GaussianProcess(
                F.shape[1],
                categorical=self._feature_is_categorical(),
                shared=self._feature_lengthscales(),
            )
        refit = self.n_told <= 100 or self.n_told - self._n_at_last_fit >= max(
            1, self.n_told // 50
        )
        self._gp.fit(F, z, optimize=refit)
        if refit:
            self._n_at_last_fit = self.n_told
        if self._nominees:
            for nominated in self._nominees:
                self.gains_ -= self._gp.predict(self._features(nominated))[0]
            self._nominees = []
        # Kriging believer: pending and chosen points join the model at their
        # predicted losses, which count as results. A point predicted to beat the best
        # loss becomes the one to beat, or the rest of a batch crowds around it.
        best = z.min() - improvement_margin(z)
        if len(pending):
            best = min(best, self._believe(pending))
        chosen = []
        excluded = PointSet(pending)
        for i in range(n):
            x = self._choose(best, excluded)
            if x is None:
                break
            chosen.append(x)
            excluded.add(x)
            if i < n - 1:  # the model is refitted before the next proposal anyway
                best = min(best, self._believe(x[None, :]))
        return np.array(chosen).reshape(-1, self.n_dims)

    def _believe(self, points: np.ndarray) -> float:
        """Condition the model on ``points`` at their predicted losses; the lowest."""
        features = self._features(points)
        mean, _ = self._gp.predict(features)
        self._gp.condition(np.vstack([self._gp.X_, features]), np.concatenate([self._gp.y_, mean]))
        return float(mean.min())

    def _choose(self, best: float, excluded: PointSet):
        """The next point: the acquisition's maximiser, or GP-Hedge's pick of three."""
        if self.acq_func != "gp_hedge":
            return self._maximize_acquisition(best, excluded, self.acq_func)
        nominees = [self._maximize_acquisition(best, excluded, acq) for acq in HEDGED]
        if nominees[0] is None:
            return None
        odds = np.exp(self.gains_ - self.gains_.max())
        self._nominees.append(np.array(nominees))
        return nominees[self._rng.choice(len(HEDGED), p=odds / odds.sum())]

    def _acquisition(self, X: np.ndarray, best: float, acq: str) -> np.ndarray:
        mean, std = self._gp.predict(self._features(X))
        if acq == "LCB":
            return -(mean - self.kappa * std)
        # Improvement is measured from the best loss, less the noise level.
        zscore = (best - mean) / std
        if acq == "PI":
            return log_ndtr(zscore)
        return np.log(std) + log_expected_improvement(zscore)

    def _valid_new(self, X: np.ndarray, excluded: PointSet) -> np.ndarray:
        X = self._snap(X)
        keep = self._seen.new_rows(X)
        keep &= excluded.new_rows(X) if len(excluded) else True
        return X[keep]

    def _perturb(self, centres: np.ndarray, scale: float, n_each: int) -> np.ndarray:
        """Random neighbours of each centre.

        Continuous columns take Gaussian steps; columns with few listed levels
        (categories, bits, small integer ranges) change level with probability
        about ``1 / d``, so that every neighbour differs in a few places at most.
        """
        centred = np.repeat(centres, n_each, axis=0)
        X = centred + self._rng.normal(0.0, scale, centred.shape)
        rate = max(scale, 1.0 / self.n_dims)
        stepped = self._stepped_columns
        X[:, stepped] = centred[:, stepped]
        # Column by column (the draws come in this order): which rows move, then
        # rng.integers as rng.choice(levels) or rng.choice([-1, 1]) would draw it,
        # without their overhead, which dominates with a subset's hundreds of bits.
        # A step of -1 or +1 on two levels lands on level 0 or 1 wherever it starts,
        # so two-level columns take their new levels as categories do.
        rows, columns, values = [], [], []
        for j in stepped:
            dim = self.dimensions[j]
            moved = (self._rng.random(len(X)) < rate).nonzero()[0]
            if len(moved) == 0:
                continue
            if dim.kind == "categorical" or dim.n_levels == 2:
                new = dim.levels[self._rng.integers(0, len(dim.levels), len(moved))]
            else:
                step = 2 * self._rng.integers(0, 2, len(moved)) - 1
                level = dim.level_index(X[moved, j]) + step
                new = dim.levels[np.minimum(np.maximum(level, 0), dim.n_levels - 1)]
            rows.append(moved)
            columns.append((j, len(moved)))
            values.append(new)
        if rows:
            where, counts = zip(*columns)
            X[np.concatenate(rows), np.repeat(where, counts)] = np.concatenate(values)
        return np.clip(X, 0.0, 1.0)

    def _maximize_acquisition(self, best: float, excluded: PointSet, acq: str):
        if self._finite_grid is not None:
            candidates = self._valid_new(self._finite_grid, excluded)
            if len(candidates) == 0:
                return None
            return candidates[np.argmax(self._acquisition(candidates, best, acq))]
        order = np.argsort(np.where(np.isfinite(self.y), self.y, np.inf))
        incumbents = self.X[order[: min(5, len(order))]]
        candidates = np.vstack(
            [
                self._rng.random((self.n_candidates, self.n_dims)),
                self._perturb(incumbents, 0.1, 32),
                self._perturb(incumbents, 0.02, 32),
            ]
        )
        candidates = self._valid_new(candidates, excluded)
        if len(candidates) == 0:
            return None
        scores = self._acquisition(candidates, best, acq)
        for scale in (0.05, 0.01, 0.002):
            top = candidates[np.argsort(scores)[-5:]]
            local = self._valid_new(self._perturb(top, scale, 24), excluded)
            if len(local):
                candidates = np.vstack([candidates, local])
                scores = np.concatenate([scores, self._acquisition(local, best, acq)])
        return candidates[np.argmax(scores)]
