"""Random search with a scrambled Sobol sequence."""

from __future__ import annotations

import numpy as np
from scipy.stats import qmc

from ._base import Optimizer


class SobolSampler:
    """Scrambled Sobol points served one by one, drawn in blocks of a power of two.

    Drawing in whole blocks keeps the sequence's balance and makes the points
    independent of how many are asked for at a time.

    Parameters
    ----------
    d : int
        Number of columns.
    rng : numpy.random.Generator
        Source of the scrambling seed.
    """

    def __init__(self, d: int, rng: np.random.Generator):
        self._engine = qmc.Sobol(d, scramble=True, seed=rng)
        self._buffer = np.empty((0, d))
        self._block = 32

    def draw(self, n: int) -> np.ndarray:
        """The next ``n`` points of the sequence."""
        while len(self._buffer) < n:
            self._buffer = np.vstack([self._buffer, self._engine.random(self._block)])
            self._block = min(self._block * 2, 4096)
        points, self._buffer = self._buffer[:n], self._buffer[n:]
        return points


class RandomOptimizer(Optimizer):
    """Quasi-random search: scrambled Sobol points, never repeating a configuration.

    Parameters
    ----------
    dimensions : list of UnitDimension or int
        One descriptor per column; an int ``d`` means ``d`` continuous columns.
    random_state : int, numpy.random.Generator or None
        Seed of the scrambling.
    snap : callable, optional
        Maps points onto canonical valid points (see :class:`Optimizer`).

    Examples
    --------
    >>> import numpy as np
    >>> from sktune.optimizers import RandomOptimizer
    >>> opt = RandomOptimizer(2, random_state=0)
    >>> for _ in range(8):
    ...     X = opt.ask(4)
    ...     opt.tell(X, ((X - 0.3) ** 2).sum(axis=1))
    >>> bool(opt.y.min() < 0.05)
    True
    """

    def __init__(self, dimensions, random_state=None, snap=None):
        super().__init__(dimensions, random_state=random_state, snap=snap)
        self._sobol = SobolSampler(self.n_dims, self._rng)

    def _propose(self, n, already):
        return self._sobol.draw(n)
