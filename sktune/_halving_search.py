"""Successive halving over a resource: the drop-in for scikit-learn's
``HalvingRandomSearchCV`` and ``HalvingGridSearchCV``, on the rung loop of
``_multifidelity_search.py``.
"""

from __future__ import annotations

import numbers
import warnings

import numpy as np

from ._multifidelity_search import _ATTRIBUTES_DOC, _COMMON_DOC, _MultiFidelitySearchCV
from ._sklearn_compat import Interval, StrOptions
from .halving import n_rungs_possible, n_rungs_required, successive_halving


class SuccessiveHalvingSearchCV(_MultiFidelitySearchCV):
    __doc__ = f"""Successive halving over a resource: many cheap candidates, few costly ones.

    The drop-in for scikit-learn's ``HalvingRandomSearchCV`` (same ``n_candidates``,
    ``factor``, ``resource``, ``min_resources``, ``max_resources`` and
    ``aggressive_elimination``) and, given ``param_grid``, for ``HalvingGridSearchCV``
    (every point of the grid starts), with ``search_spaces`` as in
    :class:`~sktune.BayesSearchCV` (conditional spaces and feature subsets included),
    several metrics, and candidates that can come from a Bayesian model.

    Parameters
    ----------{_COMMON_DOC}    n_candidates : int or 'exhaust', default='exhaust'
        Number of candidates of the first rung. ``'exhaust'`` gives
        ``max_resources_ // min_resources_`` of them, as scikit-learn does: the last
        rung then uses between ``1 / factor`` of the full resource and all of it
        (breast cancer's 569 samples from a first rung of 40: 14 candidates, then 5 on
        120 and 2 on 360);
        with ``param_grid`` (a grid of lists), every point of
        the grid, as ``HalvingGridSearchCV``. A finite space with fewer
        configurations than that (or than an integer given, with a warning) is
        planned as a grid: every configuration starts.
    min_resources : int, 'smallest', 'exhaust' or 'auto', default='auto'
        As above; ``'exhaust'`` as in scikit-learn's halving searches: the first rung
        gets as much as lets the last rung needed to narrow the candidates down to
        fewer than ``factor`` use about the full resource (down to 2 samples per class
        and split). ``'auto'`` is ``'exhaust'`` when every point of ``param_grid``
        (or every configuration of a small finite space) starts and ``'smallest'``
        otherwise: the defaults of ``HalvingGridSearchCV`` and
        ``HalvingRandomSearchCV``.
    aggressive_elimination : bool, default=False
        When resources run out before candidates do, repeat the first rung's resource
        until few enough candidates remain (see
        :func:`sktune.halving.successive_halving`).

    Attributes
    ----------{_ATTRIBUTES_DOC}    n_required_iterations_ : int
        Rungs needed to narrow the first rung's candidates down to fewer than
        ``factor``.
    n_possible_iterations_ : int
        Rungs that fit between ``min_resources_`` and ``max_resources_``; the search
        runs the smaller of the two (the required ones with
        ``aggressive_elimination``).

    See Also
    --------
    HyperbandSearchCV : Several brackets of successive halving.
    sklearn.model_selection.HalvingRandomSearchCV : The scikit-learn original.
    sklearn.model_selection.HalvingGridSearchCV : The same over every point of a grid.

    Examples
    --------
    >>> from sklearn.datasets import load_digits
    >>> from sklearn.ensemble import RandomForestClassifier
    >>> from sktune import Integer, SuccessiveHalvingSearchCV
    >>> X, y = load_digits(return_X_y=True)
    >>> search = SuccessiveHalvingSearchCV(
    ...     RandomForestClassifier(random_state=0), {{"max_depth": Integer(2, 20)}},
    ...     resource="n_estimators", max_resources=60, min_resources=5, cv=3,
    ...     random_state=0,
    ... ).fit(X, y)
    >>> search.n_resources_
    [5, 15, 45]
    >>> int(search.best_params_["n_estimators"])
    45
    """

    _parameter_constraints: dict = {
        **_MultiFidelitySearchCV._parameter_constraints,
        "n_candidates": [Interval(numbers.Integral, 1, None, closed="left"), StrOptions({"exhaust"})],
        "min_resources": [Interval(numbers.Integral, 1, None, closed="left"),
                          StrOptions({"smallest", "exhaust", "auto"})],
        "aggressive_elimination": ["boolean"],
    }

    def __init__(
        self,
        estimator,
        search_spaces=None,
        *,
        n_candidates="exhaust",
        factor=3,
        resource="n_samples",
        max_resources="auto",
        min_resources="auto",
        aggressive_elimination=False,
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
        self.aggressive_elimination = aggressive_elimination
        self.sampler = sampler
        self.random_state = random_state
        self.evaluate_default = evaluate_default
        self.max_time = max_time
        self.callbacks = callbacks
        self.checkpoint = checkpoint
        self.initial_points = initial_points

    def _plan(self, n_splits, y, space):
        grid_size = self._grid_size(space)
        whole_grid = self.n_candidates == "exhaust" and grid_size is not None
        min_resources = self.min_resources
        if min_resources == "auto":
            min_resources = "exhaust" if whole_grid else "smallest"
        if self.n_candidates == min_resources == "exhaust" and not whole_grid:
            raise ValueError(
                "n_candidates and min_resources cannot both be 'exhaust': each is derived "
                "from the other (unless the candidates are every point of param_grid). Give "
                "n_candidates as an integer, or min_resources as an integer or 'smallest'."
            )
        n = self.n_candidates
        if whole_grid:
            n = grid_size
        elif n == "exhaust":
            n = max(1, self.max_resources_ // self.min_resources_)
        if not whole_grid:
            n_planned = n
            n = self._fewer_configurations(space, n, asked=self.n_candidates != "exhaust")
            if n < n_planned and self.min_resources == "auto":
                min_resources = "exhaust"  # as for every point of a grid
        self.n_required_iterations_ = n_rungs_required(n, self.factor)
        if min_resources == "exhaust":
            # start as high as lets the last required rung use the full resource, down
            # to what a fit needs (scikit-learn's 'smallest')
            last = self.n_required_iterations_ - 1
            self.min_resources_ = min(self.max_resources_, max(
                self._fewest_resources(n_splits, y), int(self.max_resources_ // self.factor**last)
            ))
        self.n_possible_iterations_ = n_rungs_possible(
            self.min_resources_, self.max_resources_, self.factor
        )
        rungs = successive_halving(n, self.min_resources_, self.max_resources_, self.factor,
                                   self.aggressive_elimination)
        if len(rungs) == 1:
            warnings.warn(
                f"Successive halving has a single rung here ({rungs[0].n_candidates} "
                f"candidates on {rungs[0].n_resources} of {self.max_resources_} "
                f"{self.resource}, min_resources_={self.min_resources_}, factor="
                f"{self.factor}): no candidate is eliminated, so this is a random search "
                "on that resource. Give a smaller min_resources or a larger n_candidates, "
                "or use BayesSearchCV.",
                UserWarning,
            )
        return [rungs]
