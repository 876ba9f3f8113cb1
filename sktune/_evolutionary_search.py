"""EvolutionarySearchCV: CMA-ES and genetic search as a scikit-learn search."""

import numbers

import numpy as np

from ._search import OptimizerSearchCV
from ._sklearn_compat import Interval, StrOptions
from .optimizers import CMAESOptimizer, GeneticOptimizer

STRATEGIES = ("auto", "cma", "ga")


class EvolutionarySearchCV(OptimizerSearchCV):
    """Evolutionary search of hyperparameters over cross-validated scores.

    Each generation is one batch of candidates, evaluated in parallel (``n_jobs``)
    by scikit-learn's ``BaseSearchCV``, so ``cv_results_``, scoring, ``refit``,
    metadata routing and ``error_score`` behave as in ``GridSearchCV``. A
    configuration is never evaluated twice.

    Parameters
    ----------
    estimator : estimator object
        The model or pipeline to tune. It is cloned, never modified.
    search_spaces : dict, list of dict, list of (dict, int) or Space
        As in :class:`~sktune.BayesSearchCV`: dimensions, conditional choices,
        feature :class:`~sktune.Subset` s. A list of dicts is one space choosing
        between them, with ``n_iter`` evaluations per dict in all (what
        scikit-optimize would spend on them; given as ``param_distributions``,
        ``n_iter`` in all, as ``RandomizedSearchCV`` spends).
    n_iter : int, default=100
        Number of configurations evaluated, the estimator's own included.
    population_size : int, default=None
        Configurations per generation. Defaults to the strategy's own rule
        (``4 + 3 ln d`` for CMA-ES, about twice that for the genetic algorithm).
    strategy : {'auto', 'cma', 'ga'}, default='auto'
        ``'cma'``: CMA-ES on the numeric columns (integers and feature bits kept
        apart by a margin on their spread), with a probability vector per
        categorical column learned from the same ranking; restarted with a larger
        population when it stagnates. ``'ga'``: a genetic algorithm with per-kind
        mutation, tournament selection, uniform crossover and elitism.
        ``'auto'``: CMA-ES unless the space has conditional dimensions (which
        switch on and off with a choice), the genetic algorithm then.
    scoring, n_jobs, refit, cv, pre_dispatch, error_score, return_train_score
        As in ``GridSearchCV``. With several metrics, the ``refit`` metric is the
        one optimised (the first metric when ``refit`` is a callable or False).
    verbose : int, default=0
        As in :class:`~sktune.BayesSearchCV`: 1 reports each generation, and
        within a long one every ten seconds.
    random_state : int, RandomState instance or None, default=None
        Seed of the search: the same seed gives the same candidates, whatever
        ``n_jobs`` is.
    evaluate_default : bool, default=True
        Evaluate the estimator's own configuration first (it counts towards
        ``n_iter``), even outside ``search_spaces``, as in
        :class:`~sktune.BayesSearchCV`.
    max_time, callbacks, checkpoint, initial_points, param_distributions, param_grid
        Time budget, callbacks after each generation, checkpoint file, warm start,
        and scikit-learn's names for ``search_spaces``, as in
        :class:`~sktune.BayesSearchCV`.

    Attributes
    ----------
    cv_results_, best_estimator_, best_score_, best_params_, best_index_
        As in ``GridSearchCV``.
    default_params_, default_score_ : dict, float or None
        The estimator's own configuration and its score, when ``evaluate_default``.
    strategy_ : str
        The strategy used (``'cma'`` or ``'ga'``).
    stop_reason_ : str or None
        ``'max_time'`` or ``'callback'`` when one of them ended the search early,
        ``'interrupted'`` after Ctrl-C (``KeyboardInterrupt``) ended it,
        ``'exhausted'`` when a finite space (a grid) had fewer configurations than
        the budget.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.svm import SVC
    >>> from sktune import EvolutionarySearchCV, Real
    >>> X, y = load_iris(return_X_y=True)
    >>> search = EvolutionarySearchCV(
    ...     SVC(), {"C": Real(1e-2, 1e2, prior="log-uniform"), "gamma": Real(1e-3, 1e1, prior="log-uniform")},
    ...     n_iter=12, population_size=4, cv=3, random_state=0,
    ... ).fit(X, y)
    >>> search.strategy_
    'cma'
    """

    _parameter_constraints: dict = {
        **OptimizerSearchCV._parameter_constraints,
        "population_size": [Interval(numbers.Integral, 2, None, closed="left"), None],
        "strategy": [StrOptions(set(STRATEGIES))],
    }

    def __init__(
        self,
        estimator,
        search_spaces=None,
        *,
        n_iter=100,
        population_size=None,
        strategy="auto",
        scoring=None,
        n_jobs=None,
        refit=True,
        cv=None,
        verbose=0,
        pre_dispatch="2*n_jobs",
        random_state=None,
        error_score=np.nan,
        return_train_score=False,
        evaluate_default=True,
        max_time=None,
        callbacks=None,
        checkpoint=None,
        initial_points=None,
        param_distributions=None,
        param_grid=None,
    ):
        super().__init__(
            estimator=estimator,
            scoring=scoring,
            n_jobs=n_jobs,
            refit=refit,
            cv=cv,
            verbose=verbose,
            pre_dispatch=pre_dispatch,
            error_score=error_score,
            return_train_score=return_train_score,
        )
        self.search_spaces = search_spaces
        self.param_distributions = param_distributions
        self.param_grid = param_grid
        self.n_iter = n_iter
        self.population_size = population_size
        self.strategy = strategy
        self.random_state = random_state
        self.evaluate_default = evaluate_default
        self.max_time = max_time
        self.callbacks = callbacks
        self.checkpoint = checkpoint
        self.initial_points = initial_points

    def _make_optimizer(self, space, random_state):
        units = space.unit_dimensions()
        strategy = self.strategy
        if strategy == "auto":
            strategy = "ga" if any(u.parent is not None for u in units) else "cma"
        self.strategy_ = strategy
        cls = CMAESOptimizer if strategy == "cma" else GeneticOptimizer
        return cls(units, population_size=self.population_size, random_state=random_state,
                   snap=space.snap)

    def _batch_size(self, optimizer):
        return optimizer.population_size

    def _batch_described(self, batch):
        return f"a generation of {batch}"

    def _batch_to_fill(self, batch):
        return f"population_size={batch} keeps them busy."

    def _small_budget_warning(self, space, opt, budget, source):
        if budget >= opt.population_size:
            return None
        # the space's own count: the optimizer's columns would count every bit pattern
        # of a feature subset and every inactive value of a conditional parameter
        if space.n_configurations <= opt.n_told + budget:
            return None  # the budget covers the whole space: evolving would add nothing
        return (
            f"{source} leaves {budget} evaluation{'s' * (budget != 1)} for a population of "
            f"{opt.population_size}: no generation completes, so nothing evolves and "
            f"this is a random sample of the space. Give {source} room for several "
            "generations, a smaller population_size, or use BayesSearchCV."
        )
