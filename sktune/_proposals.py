"""Where the candidates of a multi-fidelity search come from: Sobol points, or a
Gaussian-process model of the results at the largest resource that has enough of them
(as BOHB does with its density model)."""

from __future__ import annotations

import numpy as np

from .optimizers import BayesOptimizer, RandomOptimizer

SAMPLERS = ("random", "bayes")
# Share of model-based proposals drawn at random instead, to keep exploring (BOHB).
RANDOM_FRACTION = 1 / 3


class Proposals:
    """Where new candidates come from: Sobol points, or a model of the best-resourced results.

    Parameters
    ----------
    space : Space
        The search space.
    sampler : {'random', 'bayes'}
        ``'random'``: scrambled Sobol points. ``'bayes'``: a Gaussian-process model
        fitted to the results of the largest resource that has at least as many
        results as a Bayesian search's initial design, with a third of the
        candidates still drawn at random; Sobol points until then.
    random_state : int
        Seed.
    """

    def __init__(self, space, sampler, random_state):
        self.space = space
        self.sampler = sampler
        self._rng = np.random.default_rng(random_state)
        self._units = space.unit_dimensions()
        self._random = RandomOptimizer(self._units, random_state=self._rng, snap=space.snap)
        self._n_enough = BayesOptimizer(self._units).n_initial_points
        self.proposed = np.empty((0, space.n_columns))
        self.results = {}  # n_resources -> (points, losses)

    def exclude(self, U) -> None:
        """Never propose the points ``U`` (already chosen by other means)."""
        self._random.exclude(U)
        self.proposed = np.vstack([self.proposed, U])

    def record(self, U, losses, n_resources) -> None:
        """Store the losses of the points ``U`` evaluated with ``n_resources``."""
        X, y = self.results.get(n_resources, (np.empty((0, U.shape[1])), np.empty(0)))
        self.results[n_resources] = (np.vstack([X, U]), np.concatenate([y, losses]))

    def model_resource(self):
        """The largest resource with enough finite results to model, or None."""
        enough = [r for r, (_, y) in self.results.items() if np.isfinite(y).sum() >= self._n_enough]
        return max(enough) if enough else None

    def propose(self, n) -> np.ndarray:
        """Up to ``n`` new distinct points (fewer only when the space runs out)."""
        resource = self.model_resource() if self.sampler == "bayes" else None
        chosen = np.empty((0, self.space.n_columns))
        if resource is not None:
            n_model = n - self._rng.binomial(n, RANDOM_FRACTION)
            if n_model:
                model = BayesOptimizer(self._units, n_initial_points=1,
                                       random_state=self._rng, snap=self.space.snap)
                model.tell(*self.results[resource])
                if len(self.proposed):
                    model.exclude(self.proposed)
                chosen = model.ask(n_model)
                if len(chosen):
                    self._random.exclude(chosen)
        if len(chosen) < n:
            chosen = np.vstack([chosen, self._random.ask(n - len(chosen))])
        self.proposed = np.vstack([self.proposed, chosen])
        return chosen
