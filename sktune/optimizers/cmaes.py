"""CMA-ES on the unit cube, with a floor on the spread of discrete columns and IPOP restarts.

The update follows Hansen's tutorial ("The CMA Evolution Strategy: A Tutorial",
2016), negative ("active") weights included; equation numbers below refer to it.
Discrete columns keep a minimum marginal standard deviation, so that a generation
still leaves the current integer level with probability about ``1 / (d * lambda)``,
the idea behind CMA-ES with margin (Hamano et al., 2022). Categorical columns are
not part of the Gaussian: each has its own probability vector over its levels,
moved towards the levels of the better half of every generation (the ranking and
weights are the Gaussian's), with a floor on every probability, as CatCMA does
(Hamano et al., 2024). When the search stagnates it restarts from a random mean
with twice the population (IPOP-CMA-ES, Auger and Hansen, 2005).

Many binary columns (a feature subset's bits) learn slowly from one generation's
ranking, each bit's effect drowned by the others'. With at least eight of them
(``_base.MIN_BINARY_COLUMNS``), each generation is drawn several times over and the
points kept are those whose bits a ridge regression of every loss so far ranks best:
pre-screening by a surrogate, as in metamodel-assisted evolution strategies
(Emmerich et al., 2002), here a linear model of the bits' main effects, which pools
every result rather than one generation's.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.stats import norm

from ._base import Optimizer, binary_columns, binary_effects, check_count


class CMAESOptimizer(Optimizer):
    """Covariance matrix adaptation evolution strategy with restarts.

    Parameters
    ----------
    dimensions : list of UnitDimension or int
        One descriptor per column; an int ``d`` means ``d`` continuous columns.
    population_size : int, optional
        Points per generation (``lambda``); ``4 + floor(3 ln d)`` by default.
        Doubled at each restart.
    sigma0 : float, default=1/6
        Initial step size, in units of the unit cube (a sixth of its side, as in
        Optuna's CMA-ES sampler).
    category_learning_rate : float, default=0.3
        How far each categorical column's probabilities move, per generation,
        towards the weighted levels of the better half of the generation.
    preselection : int, default=4
        With at least eight binary columns (feature bits), each generation is drawn
        ``preselection`` times over, and the points whose bits a ridge regression of
        the loss ranks so far (on the bits) predicts best are kept. 1 turns this off;
        it never applies before two generations of results.
    random_state : int, numpy.random.Generator or None
        Seed of the sampling.
    snap : callable, optional
        Maps points onto canonical valid points (see :class:`Optimizer`).

    Attributes
    ----------
    n_restarts : int
        Number of restarts so far.

    Notes
    -----
    Ask for a generation (``population_size`` points) at a time. An ask for fewer
    draws a whole generation and returns its first points (the best predicted ones
    with pre-selection), so that a generation cut short proposes what the whole one
    would have begun with.

    Examples
    --------
    >>> import numpy as np
    >>> from sktune.optimizers import CMAESOptimizer
    >>> opt = CMAESOptimizer(3, random_state=0)
    >>> for _ in range(40):
    ...     X = opt.ask(opt.population_size)
    ...     opt.tell(X, ((X - 0.3) ** 2).sum(axis=1))
    >>> bool(opt.y.min() < 1e-3)
    True
    """

    def __init__(
        self,
        dimensions,
        population_size=None,
        sigma0=1 / 6,
        category_learning_rate=0.3,
        preselection=4,
        random_state=None,
        snap=None,
    ):
        super().__init__(dimensions, random_state=random_state, snap=snap)
        if population_size is None:
            population_size = 4 + int(3 * math.log(self.n_dims))
        check_count("population_size", population_size, 2)
        if not 0 < sigma0 <= 1:
            raise ValueError(f"sigma0 must be in (0, 1]. Got {sigma0!r} instead.")
        if not 0 < category_learning_rate <= 1:
            raise ValueError(
                f"category_learning_rate must be in (0, 1]. Got {category_learning_rate!r} instead."
            )
        check_count("preselection", preselection, 1)
        self.sigma0 = float(sigma0)
        self.preselection = int(preselection)
        self.category_learning_rate = float(category_learning_rate)
        self.n_restarts = 0
        categorical = [dim.kind == "categorical" for dim in self.dimensions]
        self._numeric = np.flatnonzero(~np.array(categorical, bool))
        self._categorical = np.flatnonzero(categorical)
        self._binary = binary_columns(self.dimensions)
        self._half_cells = np.array(
            [0.5 / self.dimensions[j].n_levels if self.dimensions[j].n_levels else 0.0
             for j in self._numeric]
        )
        self._start(int(population_size), mean=np.full(len(self._numeric), 0.5))

    @property
    def population_size(self) -> int:
        return self._lambda

    # -- state --------------------------------------------------------------------

    def _start(self, population_size: int, mean: np.ndarray) -> None:
        d = max(len(self._numeric), 1)  # the formulas below need d >= 1
        self._lambda = population_size
        mu = population_size // 2
        # Weights of all lambda points (51-53): positive for the best mu, summing to
        # one, and negative for the rest ("active" CMA-ES), which shrink the
        # covariance along the directions of bad steps.
        w = math.log((population_size + 1) / 2) - np.log(np.arange(1, population_size + 1))
        positive, negative = w[:mu], w[mu:]
        mu_eff = positive.sum() ** 2 / np.sum(positive**2)
        mu_eff_neg = negative.sum() ** 2 / np.sum(negative**2)
        self._mu_eff = mu_eff
        self._c_sigma = (mu_eff + 2) / (d + mu_eff + 5)  # (55)
        self._d_sigma = 1 + 2 * max(0.0, math.sqrt((mu_eff - 1) / (d + 1)) - 1) + self._c_sigma
        self._c_c = (4 + mu_eff / d) / (d + 4 + 2 * mu_eff / d)  # (56)
        self._c_1 = 2 / ((d + 1.3) ** 2 + mu_eff)  # (57)
        self._c_mu = min(
            1 - self._c_1, 2 * (mu_eff - 2 + 1 / mu_eff) / ((d + 2) ** 2 + mu_eff)
        )  # (58)
        scale_neg = 0.0  # no rank-mu update at all (lambda = 2): no negative weights
        if self._c_mu > 0:
            scale_neg = min(
                1 + self._c_1 / self._c_mu,
                1 + 2 * mu_eff_neg / (mu_eff + 2),
                (1 - self._c_1 - self._c_mu) / (d * self._c_mu),
            )
        self._weights = np.concatenate(
            [positive / positive.sum(), scale_neg * negative / np.abs(negative).sum()]
        )
        self._chi_n = math.sqrt(d) * (1 - 1 / (4 * d) + 1 / (21 * d * d))
        self._mean = mean.copy()
        self._sigma = self.sigma0
        self._C = np.eye(len(mean))
        self._B = np.eye(len(mean))
        self._D = np.ones(len(mean))
        self._p_sigma = np.zeros(len(mean))
        self._p_c = np.zeros(len(mean))
        self._generation = 0
        self._results = []  # (point, loss) of the current generation
        self._best_in_run = math.inf
        self._stalled = 0
        # discrete columns: floor of the marginal std (margin)
        self._alpha = min(1.0 / (self.n_dims * population_size), 0.25)  # capped for tiny d * lambda
        self._std_floor = self._half_cells / norm.ppf(1 - self._alpha)
        # categorical columns: uniform probabilities over their levels
        self._probabilities = [
            np.full(self.dimensions[j].n_levels, 1.0 / self.dimensions[j].n_levels)
            for j in self._categorical
        ]

    def _probability_floor(self, n_levels: int) -> float:
        """Least probability any level of a categorical column keeps."""
        return min(self._alpha, 0.5 / n_levels)

    def _propose(self, n, already):
        # An ask's first draw is a whole generation at least, so that asking fewer (a
        # generation cut short) gives the first points of the whole one: a search
        # resumed from its checkpoint with a larger n_iter then replays them.
        if not len(already):
            n = max(n, self._lambda)
        effects = self._binary_effects()
        if effects is None:
            return self._draw(n)
        pool = self._draw(self.preselection * n)
        predicted = self._snap(pool)[:, self._binary] @ effects
        return pool[np.argsort(predicted, kind="stable")[:n]]

    def _binary_effects(self):
        """The binary columns' effects, or None when pre-selection does not apply
        (off, too few such columns, or less than two generations of results)."""
        if self.preselection == 1 or np.isfinite(self.y).sum() < 2 * self._lambda:
            return None
        return binary_effects(self.X, self.y, self._binary)

    def _draw(self, n):
        # Points outside the cube are drawn again (a few times), so that clipping
        # does not pile samples onto the bounds; any left are clipped.
        X = self._sample(n)
        for _ in range(10):
            outside = ((X < 0.0) | (X > 1.0)).any(axis=1)
            if not outside.any():
                break
            X[outside] = self._sample(int(outside.sum()))
        return np.clip(X, 0.0, 1.0)

    def _sample(self, n):
        X = np.empty((n, self.n_dims))
        z = self._rng.standard_normal((n, len(self._numeric)))
        X[:, self._numeric] = self._mean + self._sigma * (z * self._D) @ self._B.T
        for j, q in zip(self._categorical, self._probabilities):
            X[:, j] = self.dimensions[j].levels[self._rng.choice(len(q), size=n, p=q)]
        return X

    def _on_tell(self, X, y):
        self._results.extend(zip(X, y))
        if len(self._results) >= self._lambda:
            self._update()

    # -- the update ---------------------------------------------------------------

    def _update(self) -> None:
        points = np.array([p for p, _ in self._results])
        losses = np.array([v for _, v in self._results])
        losses = np.where(np.isfinite(losses), losses, np.inf)  # failures rank last
        order = np.argsort(losses, kind="stable")[: self._lambda]
        ranked = points[order]
        self._results = []
        self._generation += 1
        self._update_probabilities(ranked)
        if len(self._numeric):
            self._update_gaussian(ranked[:, self._numeric])
        best = losses[order[0]]
        if best < self._best_in_run - 1e-12:
            self._best_in_run, self._stalled = best, 0
        else:
            self._stalled += 1
        if self._should_restart():
            self.n_restarts += 1
            self._start(2 * self._lambda, mean=self._rng.random(len(self._numeric)))

    def _update_probabilities(self, ranked: np.ndarray) -> None:
        """Move each categorical column's probabilities towards its best levels."""
        positive = self._weights[: self._lambda // 2]
        rate = self.category_learning_rate
        for k, j in enumerate(self._categorical):
            q = self._probabilities[k]
            chosen = self.dimensions[j].level_index(ranked[: len(positive), j])
            target = np.bincount(chosen, weights=positive, minlength=len(q))
            floor = self._probability_floor(len(q))
            excess = np.maximum((1 - rate) * q + rate * target - floor, 0.0)
            # every level keeps `floor`; the rest is shared as the update says
            self._probabilities[k] = floor + excess * (1 - floor * len(q)) / excess.sum()

    def _update_gaussian(self, ranked: np.ndarray) -> None:
        """Mean, step size and covariance from the ranked numeric columns."""
        d = len(self._numeric)
        weights, mu = self._weights, self._lambda // 2
        y = (ranked - self._mean) / self._sigma
        y_w = weights[:mu] @ y[:mu]
        self._mean = np.clip(self._mean + self._sigma * y_w, 0.0, 1.0)  # (41)
        inv_sqrt_C = self._B @ np.diag(1 / self._D) @ self._B.T
        self._p_sigma = (1 - self._c_sigma) * self._p_sigma + math.sqrt(
            self._c_sigma * (2 - self._c_sigma) * self._mu_eff
        ) * (inv_sqrt_C @ y_w)  # (43)
        norm_p = np.linalg.norm(self._p_sigma)
        self._sigma *= math.exp(
            min(1.0, (self._c_sigma / self._d_sigma) * (norm_p / self._chi_n - 1))
        )  # (44)
        h_sigma = norm_p / math.sqrt(
            1 - (1 - self._c_sigma) ** (2 * self._generation)
        ) < (1.4 + 2 / (d + 1)) * self._chi_n
        self._p_c = (1 - self._c_c) * self._p_c + h_sigma * math.sqrt(
            self._c_c * (2 - self._c_c) * self._mu_eff
        ) * y_w  # (45)
        # Negative weights act on steps rescaled to the length they would have under
        # the identity (46), so that they cannot make C indefinite.
        whitened = np.sum((y @ inv_sqrt_C) ** 2, axis=1)
        w_o = np.where(weights >= 0, weights, weights * d / np.maximum(whitened, 1e-20))
        rank_mu = (w_o[:, None] * y).T @ y
        self._C = (
            (1 + self._c_1 * (1 - h_sigma) * self._c_c * (2 - self._c_c)
             - self._c_1 - self._c_mu * weights.sum()) * self._C
            + self._c_1 * np.outer(self._p_c, self._p_c)
            + self._c_mu * rank_mu
        )  # (47)
        self._apply_margin()
        self._C = (self._C + self._C.T) / 2
        eigvals, self._B = np.linalg.eigh(self._C)
        self._D = np.sqrt(np.maximum(eigvals, 1e-20))

    def _apply_margin(self) -> None:
        """Keep each discrete column's marginal std above its floor."""
        std = self._sigma * np.sqrt(np.maximum(np.diag(self._C), 1e-300))
        factor = np.where(std < self._std_floor, self._std_floor / std, 1.0)
        if np.any(factor > 1.0):
            self._C = self._C * np.outer(factor, factor)

    def _should_restart(self) -> bool:
        continuous = self._half_cells == 0
        stds = self._sigma * np.sqrt(np.diag(self._C))
        converged = continuous.any() and stds[continuous].max() < 1e-4
        stagnated = self._stalled >= 10 + math.ceil(30 * self.n_dims / self._lambda)
        return bool(converged or stagnated or not np.isfinite(self._D).all())
