"""A genetic algorithm for mixed, conditional and feature-subset spaces.

Each column mutates according to its kind: continuous columns take Gaussian steps
whose size adapts (the one-fifth success rule), ordered levels (integers, feature
bits) move to a neighbouring level, categorical columns jump to a random level.
Parents are chosen by tournament among the best points found so far (which keeps the
elite), and children mix their parents column by column (uniform crossover).
"""

from __future__ import annotations

import math

import numpy as np

from ._base import Optimizer, check_count
from .random import SobolSampler


class GeneticOptimizer(Optimizer):
    """Steady (mu + lambda) genetic algorithm on the unit cube.

    Parameters
    ----------
    dimensions : list of UnitDimension or int
        One descriptor per column; an int ``d`` means ``d`` continuous columns.
    population_size : int, optional
        Points per generation and number of parents kept;
        ``max(10, 4 + floor(3 ln d) * 2)`` by default.
    tournament_size : int, default=3
        Candidates per tournament when choosing a parent.
    crossover_rate : float, default=0.9
        Probability that a child mixes two parents rather than copying one.
    mutation_rate : float, optional
        Probability that a column mutates; ``1 / d`` by default (at least one column
        always mutates).
    random_state : int, numpy.random.Generator or None
        Seed of the algorithm's random generator.
    snap : callable, optional
        Maps points onto canonical valid points (see :class:`Optimizer`).

    Examples
    --------
    >>> import numpy as np
    >>> from sktune.optimizers import GeneticOptimizer
    >>> opt = GeneticOptimizer(3, random_state=0)
    >>> for _ in range(30):
    ...     X = opt.ask(opt.population_size)
    ...     opt.tell(X, ((X - 0.3) ** 2).sum(axis=1))
    >>> bool(opt.y.min() < 1e-2)
    True
    """

    def __init__(
        self,
        dimensions,
        population_size=None,
        tournament_size=3,
        crossover_rate=0.9,
        mutation_rate=None,
        random_state=None,
        snap=None,
    ):
        super().__init__(dimensions, random_state=random_state, snap=snap)
        if population_size is None:
            population_size = max(10, 2 * (4 + int(3 * math.log(self.n_dims))))
        check_count("population_size", population_size, 2)
        check_count("tournament_size", tournament_size, 1)
        if not 0 <= crossover_rate <= 1:
            raise ValueError(f"crossover_rate must be in [0, 1]. Got {crossover_rate!r} instead.")
        if mutation_rate is not None and not 0 < mutation_rate <= 1:
            raise ValueError(f"mutation_rate must be in (0, 1]. Got {mutation_rate!r} instead.")
        self.population_size = int(population_size)
        self.tournament_size = int(tournament_size)
        self.crossover_rate = float(crossover_rate)
        self.mutation_rate = 1.0 / self.n_dims if mutation_rate is None else float(mutation_rate)
        self._step = 0.15  # Gaussian step of continuous columns, adapted
        self._sobol = SobolSampler(self.n_dims, self._rng)
        self._parent_best = math.inf

    def _parents(self):
        """The best ``population_size`` points so far (failures last), best first."""
        losses = np.where(np.isfinite(self.y), self.y, np.inf)
        order = np.argsort(losses, kind="stable")[: self.population_size]
        return self.X[order], losses[order]

    def _propose(self, n, already):
        if self.n_told < self.population_size:
            return self._sobol.draw(n)
        parents, losses = self._parents()
        children = np.empty((n, self.n_dims))
        for i in range(n):
            a = self._tournament(losses)
            child = parents[a].copy()
            if self._rng.random() < self.crossover_rate:
                b = self._tournament(losses)
                mix = self._rng.random(self.n_dims) < 0.5
                child[mix] = parents[b][mix]
            children[i] = self._mutate(child)
        return children

    def _tournament(self, losses) -> int:
        entrants = self._rng.integers(len(losses), size=self.tournament_size)
        return int(entrants[np.argmin(losses[entrants])])

    def _mutate(self, x: np.ndarray) -> np.ndarray:
        mutate = self._rng.random(self.n_dims) < self.mutation_rate
        mutate[self._rng.integers(self.n_dims)] = True
        for j in np.flatnonzero(mutate):
            dim = self.dimensions[j]
            if dim.kind == "categorical":
                x[j] = self._rng.choice(dim.levels)
            elif dim.levels is not None and dim.n_levels <= 16:
                level = dim.level_index(x[j : j + 1])[0] + self._rng.choice([-1, 1])
                x[j] = dim.levels[int(np.clip(level, 0, dim.n_levels - 1))]
            else:
                x[j] = x[j] + self._rng.normal(0.0, self._step)
        return np.clip(x, 0.0, 1.0)

    def _on_tell(self, X, y):
        # one-fifth rule: grow the step while children often beat the parents' best
        if self.n_told <= self.population_size:
            finite = self.y[np.isfinite(self.y)]
            self._parent_best = finite.min() if finite.size else math.inf
            return
        finite = np.where(np.isfinite(y), y, np.inf)
        success = np.mean(finite < self._parent_best)
        self._step = float(np.clip(self._step * math.exp((success - 0.2) / 0.8), 1e-3, 0.5))
        self._parent_best = min(self._parent_best, finite.min())
