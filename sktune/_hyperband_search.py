"""Hyperband: successive halving in several brackets, on the rung loop of
``_multifidelity_search.py``."""

from __future__ import annotations

import numbers
import warnings

import numpy as np

from ._multifidelity_search import _ATTRIBUTES_DOC, _COMMON_DOC, _MultiFidelitySearchCV
from ._sklearn_compat import Interval
from .halving import hyperband


# Fewer candidates than this in all make Hyperband warn that n_candidates can start more.
FEW_CANDIDATES = 10


class HyperbandSearchCV(_MultiFidelitySearchCV):
    __doc__ = f"""Hyperband: successive halving in several brackets, from bold to safe.

    How early candidates can be judged depends on the problem: a small first rung
    tries many candidates but may drop good ones that start slowly. Hyperband
    (Li et al., 2018) hedges with brackets from ``s_max = floor(log_factor(
    max_resources / min_resources))`` halvings down to none, each with about the same
    budget (see :func:`sktune.halving.hyperband`). With ``sampler='bayes'`` later
    brackets draw their candidates from a model of the earlier brackets' results
    (BOHB, Falkner et al., 2018). Given ``param_grid`` (a grid of lists), every point
    of the grid starts, in one bracket: the brackets share the grid out in those
    proportions, as ``HalvingGridSearchCV`` starts every point in its one bracket.

    Parameters
    ----------{_COMMON_DOC}    n_candidates : int or None, default=None
        How many candidates the brackets start in all, shared out in Hyperband's
        proportions (see :func:`sktune.halving.hyperband`). None: Hyperband's own
        numbers, which grow with ``max_resources / min_resources`` and are few on
        small data (iris' 150 samples: 3 and 2), or every point of
        ``param_grid``, or of a finite space with fewer configurations than
        Hyperband's numbers (as many as an integer given, with a warning).

    Attributes
    ----------{_ATTRIBUTES_DOC}    brackets_ : list of list of Rung
        The planned brackets.

    See Also
    --------
    SuccessiveHalvingSearchCV : One bracket.

    Examples
    --------
    >>> from sklearn.datasets import load_digits
    >>> from sklearn.ensemble import RandomForestClassifier
    >>> from sktune import HyperbandSearchCV, Integer
    >>> X, y = load_digits(return_X_y=True)
    >>> search = HyperbandSearchCV(
    ...     RandomForestClassifier(random_state=0), {{"max_depth": Integer(2, 20)}},
    ...     resource="n_estimators", max_resources=45, min_resources=5, cv=3,
    ...     random_state=0,
    ... ).fit(X, y)
    >>> [[(r.n_candidates, r.n_resources) for r in b] for b in search.brackets_]
    [[(9, 5), (3, 15), (1, 45)], [(5, 15), (1, 45)], [(3, 45)]]
    """

    _parameter_constraints: dict = {
        **_MultiFidelitySearchCV._parameter_constraints,
        "n_candidates": [Interval(numbers.Integral, 1, None, closed="left"), None],
    }

    def __init__(
        self,
        estimator,
        search_spaces=None,
        *,
        n_candidates=None,
        factor=3,
        resource="n_samples",
        max_resources="auto",
        min_resources="smallest",
        sampler="random",
        cv=5,
        scoring=None,
        refit=True,
        error_score=np.nan,
        return_train_score=True,
        random_state=None,
        n_jobs=None,
        verbose=0,
        pre_dispatch="2*n_jobs",
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
        self.n_candidates = n_candidates
        self.factor = factor
        self.resource = resource
        self.max_resources = max_resources
        self.min_resources = min_resources
        self.sampler = sampler
        self.random_state = random_state
        self.evaluate_default = evaluate_default
        self.max_time = max_time
        self.callbacks = callbacks
        self.checkpoint = checkpoint
        self.initial_points = initial_points

    def _plan(self, n_splits, y, space):
        # unless told how many, every point of param_grid starts, in one of the brackets,
        # and every configuration of a finite space smaller than Hyperband's own numbers
        if self.n_candidates is not None:
            n_candidates = self._fewer_configurations(space, self.n_candidates, asked=True)
        else:
            n_candidates = self._grid_size(space)
            if n_candidates is None:
                own = hyperband(self.min_resources_, self.max_resources_, self.factor)
                n_own = sum(bracket[0].n_candidates for bracket in own)
                fewer = self._fewer_configurations(space, n_own, asked=False)
                n_candidates = fewer if fewer < n_own else None  # None: Hyperband's own numbers
        self.brackets_ = hyperband(self.min_resources_, self.max_resources_, self.factor,
                                   n_candidates=n_candidates)
        n_starts = sum(bracket[0].n_candidates for bracket in self.brackets_)
        if len(self.brackets_) == 1 and self.max_resources_ < self.factor * self.min_resources_:
            n = self.brackets_[0][0].n_candidates
            warnings.warn(
                f"Hyperband has a single bracket here: max_resources_ "
                f"({self.max_resources_} {self.resource}) is less than factor ({self.factor}) "
                f"times min_resources_ ({self.min_resources_}), so it evaluates "
                f"{n} candidate{'s' if n > 1 else ''} on the full resource. Give "
                "a smaller min_resources, or use SuccessiveHalvingSearchCV or BayesSearchCV.",
                UserWarning,
            )
        elif n_candidates is None and n_starts < FEW_CANDIDATES:
            warnings.warn(
                f"Hyperband starts {n_starts} candidates in all here: its own numbers "
                f"grow with max_resources_ / min_resources_ ({self.max_resources_} / "
                f"{self.min_resources_} {self.resource}). Give n_candidates to start more.",
                UserWarning,
            )
        return self.brackets_
