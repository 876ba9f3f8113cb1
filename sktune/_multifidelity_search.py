"""The rung loop that successive halving and Hyperband share.

Candidates are first scored cheaply (on a fraction of the training samples, or with
few trees or iterations) and only the best go on to costlier rungs. Where candidates
come from is a choice: scrambled Sobol points, or a Gaussian-process model of the
highest resource that has enough results (as BOHB does with its density model).
The schedules themselves are planned in :mod:`sktune.halving`; the two searches are
``_halving_search.py`` and ``_hyperband_search.py``.
"""

from __future__ import annotations

import math
import numbers
import shutil
import tempfile
import warnings

import numpy as np
from scipy.optimize import OptimizeResult
from sklearn.base import is_classifier
from sklearn.utils import check_random_state

from ._evaluations import best_comparable_row, on_largest_resource
from ._initial_points import is_point_of, parse_initial_points, points_in_space, warn_unused_results
from ._proposals import SAMPLERS, Proposals
from ._rung_splits import RungSplits
from ._search import LONG_RUN_DOC, OptimizerSearchCV, current_config
from ._search_spaces import parse_search_spaces
from ._sklearn_compat import Interval, StrOptions, select_best_index, validate_parameters
from ._warm_start import WarmStartedEstimator, warm_start_param
from .halving import n_rungs_possible
from .space import Space


def _n_samples(X) -> int:
    """Rows of ``X``: an array, a DataFrame, a list, or any object numpy can convert."""
    if hasattr(X, "shape"):
        return int(X.shape[0])
    if hasattr(X, "__len__"):
        return len(X)
    return int(np.asarray(X).shape[0])


class _MultiFidelitySearchCV(OptimizerSearchCV):
    """Shared loop of the halving searches: brackets of rungs over a resource."""

    _parameter_constraints: dict = {
        **{k: v for k, v in OptimizerSearchCV._parameter_constraints.items() if k != "n_iter"},
        "factor": [Interval(numbers.Real, 1, None, closed="neither")],
        "resource": [str],
        "max_resources": [Interval(numbers.Integral, 1, None, closed="left"), StrOptions({"auto"})],
        "min_resources": [Interval(numbers.Integral, 1, None, closed="left"), StrOptions({"smallest"})],
        "sampler": [StrOptions(set(SAMPLERS))],
    }

    def _plan(self, n_splits, y, space) -> list:
        """The brackets to run, once ``max_resources_`` and ``min_resources_`` are set."""
        raise NotImplementedError

    def _grid_size(self, space):
        """The number of points of ``param_grid``, all of which start (as in
        ``HalvingGridSearchCV``); None when the space is not given as a finite grid."""
        return None if self.param_grid is None else self._finite_size(space)

    @staticmethod
    def _finite_size(space):
        """The number of configurations of ``space`` when finite, else None."""
        n = space.n_configurations
        return int(n) if math.isfinite(n) else None

    def _fewer_configurations(self, space, planned, asked) -> int:
        """``planned`` starting candidates, or the configurations of a finite space
        that has fewer (every one of them then starts, as every point of a grid does);
        with a warning when the user ``asked`` for that many."""
        size = self._finite_size(space)
        if size is None or planned <= size:
            return planned
        if asked:
            warnings.warn(
                f"n_candidates={planned} is more than the {size} configurations of the "
                f"search space: all {size} start.",
                UserWarning,
            )
        return size

    def _make_optimizer(self, space, random_state):
        return Proposals(space, self.sampler, random_state)

    def fit(self, X, y=None, **params):
        """Run the search; see :meth:`BayesSearchCV.fit <sktune.BayesSearchCV.fit>`.

        With a parameter resource that warm starting extends (``n_estimators`` of an
        ensemble, ``max_iter`` of histogram gradient boosting), the estimator is
        wrapped for the search so that survivors continue from their fitted state.
        """
        validate_parameters(self)  # before resource and estimator are read
        param = None
        if self.resource != "n_samples" and self.resource in self.estimator.get_params(deep=True):
            param = warm_start_param(self.estimator, self.resource)
        if param is None:
            return super().fit(X, y, **params)
        original = self.estimator
        store = tempfile.mkdtemp(prefix="sktune-warm-start-")
        largest = self.max_resources if isinstance(self.max_resources, numbers.Integral) else None
        self.estimator = WarmStartedEstimator(original, self.resource, param, store,
                                              max_resources=largest)
        try:
            super().fit(X, y, **params)
        finally:
            self.estimator = original
            shutil.rmtree(store, ignore_errors=True)
        if hasattr(self, "best_estimator_"):
            self.best_estimator_ = self.best_estimator_.estimator_
        return self

    def _params_set_by_search(self) -> tuple:
        return () if self.resource == "n_samples" else (self.resource,)

    def _estimator_as_given(self):
        if isinstance(self.estimator, WarmStartedEstimator):
            return self.estimator.estimator
        return self.estimator

    @property
    def total_iterations(self) -> int:
        """Number of evaluations planned (known once fitted)."""
        return int(sum(getattr(self, "n_candidates_", [])))

    # -- resources ------------------------------------------------------------------

    def _smallest_resource(self, n_splits, y) -> int:
        """A first rung large enough to rank candidates.

        For ``'n_samples'``: at least 20 samples per class for classifiers (and two per
        class per split), 50 samples for other estimators. For a parameter: 1/27 of
        ``max_resources``, three halvings below it at ``factor=3``. Up to a tenth less
        when that fits one more halving below ``max_resources``; and when it leaves no
        room for a second rung (small data), ``max_resources // ceil(factor)``, down to
        what a fit needs, so that something is still halved. Rungs are counted as the
        planner counts them (:func:`sktune.halving.n_rungs_possible`).
        """
        fewest = self._fewest_resources(n_splits, y)
        if self.resource != "n_samples":
            smallest = self.max_resources_ // 27
        elif is_classifier(self.estimator) and y is not None:
            smallest = max(20 * len(np.unique(y)), fewest)
        else:
            smallest = max(50, fewest)
        smallest = int(min(max(1, smallest), self.max_resources_))
        planned = n_rungs_possible(smallest, self.max_resources_, self.factor)
        if planned < 2:  # small data: halve something all the same
            return min(max(fewest, int(self.max_resources_ // math.ceil(self.factor))),
                       self.max_resources_)
        # up to a tenth smaller, if that fits one more halving (digits: 199, not 200)
        nearly = int(self.max_resources_ // self.factor**planned)
        if nearly >= max(0.9 * smallest, fewest, 1) and n_rungs_possible(
                nearly, self.max_resources_, self.factor) > planned:
            return nearly
        return smallest

    def _fewest_resources(self, n_splits, y) -> int:
        """What a fit needs, as scikit-learn's ``'smallest'``: for ``'n_samples'``, 2 per
        class and split for classifiers, 2 per split otherwise; 1 for a parameter."""
        if self.resource != "n_samples":
            return 1
        if is_classifier(self.estimator) and y is not None:
            return 2 * n_splits * len(np.unique(y))
        return 2 * n_splits

    def _resolve_resources(self, space, n_samples, n_splits, y) -> None:
        if self.resource == "n_samples":
            if self.max_resources == "auto":
                self.max_resources_ = n_samples
            elif self.max_resources > n_samples:
                raise ValueError(
                    f"max_resources ({self.max_resources}) must not exceed the number of "
                    f"samples ({n_samples}) when resource='n_samples'."
                )
            else:
                self.max_resources_ = self.max_resources
        else:
            params = self.estimator.get_params(deep=True)
            if self.resource not in params:
                raise ValueError(
                    f"resource must be 'n_samples' or an integer parameter of the "
                    f"estimator. Got {self.resource!r}, which the estimator does not "
                    f"have; its parameters are {sorted(params)!r}."
                )
            if self.resource in space.names:
                raise ValueError(
                    f"resource {self.resource!r} is also a dimension of search_spaces; "
                    "the search sets it on each rung, so remove it from the space."
                )
            self._check_resource_in_every_choice(space)
            if self.max_resources == "auto":
                raise ValueError(
                    "max_resources='auto' is only allowed with resource='n_samples'; give "
                    f"the full value of {self.resource!r} as an integer."
                )
            self.max_resources_ = self.max_resources
        if isinstance(self.min_resources, str):  # 'exhaust' and 'auto' may change it later
            self.min_resources_ = self._smallest_resource(n_splits, y)
        elif self.min_resources > self.max_resources_:
            raise ValueError(
                f"min_resources ({self.min_resources}) must not exceed max_resources "
                f"({self.max_resources_})."
            )
        else:
            self.min_resources_ = self.min_resources

    def _check_resource_in_every_choice(self, space) -> None:
        """Refuse a space that can replace the resource's owner (``clf`` of
        ``clf__n_estimators``) with a step that lacks the resource."""
        for name in space.names:
            if not self.resource.startswith(name + "__"):
                continue
            rest = self.resource[len(name) + 2:]
            for dim in space.dimensions_of(name):
                for choice in getattr(dim, "categories", ()):
                    params = choice.get_params(deep=True) if hasattr(choice, "get_params") else {}
                    if rest not in params:
                        raise ValueError(
                            f"resource {self.resource!r} is not a parameter of {choice!r}, "
                            f"one of the choices for {name!r} in search_spaces: every "
                            "configuration needs it. Search among steps that all have it, "
                            "or use resource='n_samples'."
                        )

    # -- the search -----------------------------------------------------------------

    def _run_search(self, evaluate_candidates, *, callback_ctx=None):
        search_spaces = self._search_spaces()
        subspaces = parse_search_spaces(search_spaces, 1)
        if not isinstance(search_spaces, (dict, Space)) and any(
            isinstance(entry, tuple) for entry in search_spaces
        ):
            raise ValueError(
                f"{type(self).__name__} takes search_spaces as a dict or a list of dicts; "
                "(dict, n_iter) pairs have no meaning here."
            )
        space = subspaces[0][0]
        self._check_spaces([space])
        estimator = self._estimator_as_given()  # not the warm-start wrapper
        initial, initial_scores = parse_initial_points(
            self.initial_points, self.scoring, self.refit, estimator, [space]
        )
        X, y, groups = self._fit_data
        y_array = None if y is None else np.asarray(y)
        splits = list(self._data_splitter().split(X, y, groups))
        n_samples = _n_samples(X)
        self._resolve_resources(space, n_samples, len(splits), y_array)
        brackets = self._plan(len(splits), y_array, space)
        self.n_resources_, self.n_candidates_ = [], []
        self.optimizer_results_ = []
        planned = sum(rung.n_candidates for bracket in brackets for rung in bracket)
        planned_cost = sum(rung.n_candidates * rung.n_resources for bracket in brackets for rung in bracket)
        with self._session(evaluate_candidates, [space], planned, planned_cost,
                           callback_ctx=callback_ctx) as evaluations:
            rng = check_random_state(evaluations.seed)
            proposals = self._make_optimizer(space, rng.randint(np.iinfo(np.int32).max))
            context = dict(space=space, proposals=proposals, splits=splits, y=y_array, brackets=brackets,
                           n_samples=n_samples, rng=rng, evaluations=evaluations,
                           initial=np.empty((0, space.n_columns)), given={})
            if initial_scores is not None:
                rows, points = points_in_space(space, initial, estimator)
                warn_unused_results(len(initial) - len(rows), len(initial))
                if points:
                    proposals.record(space.encode(points), -np.asarray(initial_scores)[rows],
                                     self.max_resources_)
            else:
                rows, known = points_in_space(space, initial, estimator)
                n_outside = len(initial) - len(known)
                if n_outside:
                    example = next(c for i, c in enumerate(initial) if i not in rows)
                    warnings.warn(
                        f"{n_outside} of the {len(initial)} configurations in initial_points "
                        f"{'is not a point' if n_outside == 1 else 'are not points'} of "
                        f"search_spaces (such as {example!r}); a halving search starts only "
                        "points of its space, so they are not evaluated.",
                        UserWarning,
                    )
                if known:
                    context["initial"] = self._queue(known, context)
                    proposals.exclude(context["initial"])
            for b, bracket in enumerate(brackets):
                if self._run_bracket(b, bracket, context):
                    evaluations.subspace_stopped = True
                    break
        self.n_iterations_ = len(self.n_resources_)
        # as scikit-learn's halving searches: what the last rung run would pass on
        self.n_remaining_candidates_ = (
            math.ceil(self.n_candidates_[-1] / self.factor) if self.n_candidates_ else 0
        )
        if "proposals" in context:
            self.optimizer_results_.append(
                _halving_result(space, context["proposals"], evaluations.elapsed)
            )

    def _rung_cv(self, n_resources, context):
        fraction = n_resources / context["n_samples"] if self.resource == "n_samples" else 1.0
        return RungSplits(context["splits"], fraction, context["y"],
                          stratify=is_classifier(self.estimator),
                          seed=context["rng"].randint(np.iinfo(np.int32).max))

    def _run_bracket(self, b, bracket, context) -> bool:
        """Run one bracket; return True when a callback asks to stop."""
        space, proposals = context["space"], context["proposals"]
        first = bracket[0]
        points, losses = np.empty((0, space.n_columns)), np.empty(0)
        queued = np.empty((0, space.n_columns))
        if b == 0 and self.evaluate_default:
            estimator = self._estimator_as_given()  # not the warm-start wrapper
            own = current_config(estimator, space)
            if is_point_of(space, own, estimator):
                queued = self._queue([own], context)
                proposals.exclude(queued)
                self.default_params_ = own
        # warm-start configurations join the first rung, and those it has no room
        # for the next brackets' first rungs
        queued = np.vstack([queued, context["initial"]])
        room = sum(each[0].n_candidates for each in context["brackets"])
        if b == 0 and len(queued) > room:  # said once, before any is evaluated
            where = ("the first rung takes" if len(context["brackets"]) == 1
                     else "the brackets' first rungs take")
            warnings.warn(
                f"initial_points holds {len(context['initial'])} configurations to "
                f"evaluate, but {where} {room} candidates (the estimator's own "
                f"included): {len(queued) - room} of them are not evaluated.",
                UserWarning,
            )
        self._announce_rung(context, b, 0, first.n_candidates, first.n_resources)
        # The first rung's candidates come in thirds with a model, at once without.
        chunk = math.ceil(first.n_candidates / 3) if self.sampler == "bayes" else first.n_candidates
        while len(points) < first.n_candidates:
            wanted = min(chunk, first.n_candidates - len(points))
            new, queued = queued[:wanted], queued[wanted:]
            if len(new) < wanted:
                new = np.vstack([new, proposals.propose(wanted - len(new))])
            if not len(new):
                skipped = " and is skipped" if not len(points) else ""
                warnings.warn(
                    f"The search space {space.names!r} was exhausted: bracket {b} starts "
                    f"with {len(points)} candidates instead of {first.n_candidates}{skipped}.",
                    UserWarning,
                )
                context["evaluations"].space_exhausted = True
                break
            new, new_losses = self._rung(new, first.n_resources, 0, b, context)
            points, losses = np.vstack([points, new]), np.concatenate([losses, new_losses])
            if len(points) == len(new):  # the first part of this rung
                self._record_rung(first.n_resources, 0)
            self.n_candidates_[-1] = len(points)
        context["initial"] = queued  # what this first rung had no room for
        if not len(points):
            return self._stop_requested(context)
        for i, rung in enumerate(bracket[1:], start=1):
            if self._stop_requested(context):
                return True
            keep = np.argsort(np.where(np.isnan(losses), np.inf, losses), kind="stable")
            n_kept = min(rung.n_candidates, len(points))
            self._forget(points[keep[n_kept:]], context)
            points = points[keep[:n_kept]]
            self._announce_rung(context, b, i, len(points), rung.n_resources)
            points, losses = self._rung(points, rung.n_resources, i, b, context)
            self._record_rung(rung.n_resources, len(points))
        self._forget(points, context)  # the bracket's last rung: nothing continues it
        return self._stop_requested(context)

    def _forget(self, points, context) -> None:
        """Drop the warm-start fits of ``points``, which no later rung continues."""
        if isinstance(self.estimator, WarmStartedEstimator) and len(points):
            self.estimator.forget(self._decode(points, context))

    @staticmethod
    def _queue(configs, context) -> np.ndarray:
        """Encode configurations given as values (the estimator's own, ``initial_points``),
        remembering the values so that they are evaluated exactly as given."""
        points = context["space"].encode(configs)
        for point, config in zip(points, configs):
            context["given"][point.tobytes()] = config
        return points

    @staticmethod
    def _decode(points, context) -> list[dict]:
        """Parameter dicts of ``points``, with the values given for queued configurations
        (a log scale's coordinates need not decode back to, say, exactly 0.0001)."""
        decoded = context["space"].decode(points)
        given = context["given"]
        for i, point in enumerate(points):
            config = given.get(point.tobytes())
            if config is not None:
                decoded[i] = {name: config.get(name, value) for name, value in decoded[i].items()}
        return decoded

    def _announce_rung(self, context, bracket, iteration, n_candidates, n_resources) -> None:
        """With ``verbose``, a line as each rung starts (scikit-learn's halving prints one)."""
        brackets = context["brackets"]
        where = f"bracket {bracket + 1}/{len(brackets)}, " if len(brackets) > 1 else ""
        plural = "s" * (n_candidates != 1)
        context["evaluations"].note(
            f"{where}rung {iteration + 1}/{len(brackets[bracket])}: {n_candidates} candidate{plural} "
            f"with {self.resource}={n_resources}"
        )

    def _rung(self, points, n_resources, iteration, bracket, context):
        """Evaluate ``points`` with ``n_resources``; record and return them with their losses.

        Fewer points come back when the time budget cuts the batch short.
        """
        space, proposals = context["space"], context["proposals"]
        params = self._decode(points, context)
        if self.resource != "n_samples":
            params = [{**p, self.resource: n_resources} for p in params]
        n = len(params)
        more = {"iter": [iteration] * n, "n_resources": [n_resources] * n, "bracket": [bracket] * n}
        losses = context["evaluations"].losses(
            params, cv=self._rung_cv(n_resources, context), more_results=more, cost=n_resources
        )
        points = points[: len(losses)]
        proposals.record(points, losses, n_resources)
        if self.default_params_ is not None and bracket == 0:
            own = space.encode([self.default_params_])[0]
            match = np.flatnonzero((points == own).all(axis=1))
            if len(match):
                self.default_score_ = float(-losses[match[0]])
        return points, losses

    def _record_rung(self, n_resources, n_candidates) -> None:
        self.n_resources_.append(int(n_resources))
        self.n_candidates_.append(int(n_candidates))

    def _stop_requested(self, context) -> bool:
        callbacks = getattr(self, "_callbacks", [])
        return any(
            cb(_halving_result(context["space"], context["proposals"], context["evaluations"].elapsed))
            for cb in callbacks
        )

    @staticmethod
    def _select_best_index(refit, refit_metric, results):
        """The best candidate among those evaluated with the largest resource reached."""
        top = np.flatnonzero(on_largest_resource(results["n_resources"]))
        if callable(refit):
            subset = {
                key: (np.asarray(value)[top] if not isinstance(value, list) else [value[i] for i in top])
                for key, value in results.items()
            }
            return int(top[select_best_index(refit, refit_metric, subset)])
        return best_comparable_row(results[f"mean_test_{refit_metric}"], results["n_resources"])


def _halving_result(space, proposals, elapsed: float) -> OptimizeResult:
    """scikit-optimize style summary: the best point is judged on the largest resource.

    ``elapsed``: seconds since the search started, as in ``_optimize_result``.
    """
    points = [p for p, _ in proposals.results.values()]
    losses = [v for _, v in proposals.results.values()]
    resources = [np.full(len(v), r) for r, (_, v) in proposals.results.items()]
    if not points:
        return OptimizeResult(x=None, fun=np.nan, x_iters=[], func_vals=np.empty(0),
                              n_resources=np.empty(0, dtype=int), space=space, elapsed=elapsed)
    X, y, r = np.vstack(points), np.concatenate(losses), np.concatenate(resources)
    x_iters = [[c.get(name) for name in space.names] for c in space.decode(X)]
    top = np.flatnonzero((r == r.max()) & np.isfinite(y))
    best = top[np.argmin(y[top])] if len(top) else None
    return OptimizeResult(
        x=x_iters[best] if best is not None else None,
        fun=float(y[best]) if best is not None else np.nan,
        x_iters=x_iters, func_vals=y, n_resources=r, space=space, elapsed=elapsed,
    )


_COMMON_DOC = """
    estimator : estimator object
        The model or pipeline to tune. It is cloned, never modified.
    search_spaces : dict, list of dict or Space
        As in :class:`~sktune.BayesSearchCV`; a list of dicts is one space that
        chooses between them.
    factor : float, default=3
        Each rung keeps the best ``1 / factor`` of its candidates and gives them
        ``factor`` times the resource.
    resource : str, default='n_samples'
        What a rung rations: ``'n_samples'`` (each rung trains on a subsample of every
        training fold, stratified for classifiers; test folds are unchanged) or an
        integer parameter of the estimator or of a pipeline step (``'n_estimators'``,
        ``'clf__max_iter'``), set on every candidate.
    max_resources : int or 'auto', default='auto'
        The full resource. ``'auto'`` means the number of samples and is only allowed
        with ``resource='n_samples'``.
    min_resources : int or 'smallest', default='smallest'
        Resource of the first rung. ``'smallest'`` is the smallest rung that can still
        rank candidates: for ``'n_samples'``, 20 samples per class for classifiers
        (at least 2 per class and split) and 50 for other estimators; for a parameter,
        ``max_resources // 27``; up to a tenth less when that fits one more halving,
        and where it leaves no second rung (small data), ``max_resources // factor``
        (``factor`` rounded up), down to 2 per class and split.
    sampler : {'random', 'bayes'}, default='random'
        Where candidates come from: scrambled Sobol points, or a Gaussian-process model
        of the results of the largest resource that has enough of them (BOHB-style;
        a third of the candidates are still random). With ``'bayes'`` the first rung
        of a bracket is proposed and evaluated in three parts, so that its later
        parts learn from the earlier ones.
    scoring : str, callable, list, tuple or dict, default=None
        As in ``GridSearchCV``; with several metrics the ``refit`` metric ranks the
        candidates of each rung (the first metric when ``refit`` is a callable or
        False).
    refit : bool, str or callable, default=True
        As in ``GridSearchCV``. A callable receives the ``cv_results_`` rows of the
        largest resource reached and returns an index into them.
    cv : int, cross-validation generator or iterable, default=5
        As in ``GridSearchCV``. The splits are drawn once, so every rung uses the
        same test folds.
    error_score : 'raise' or float, default=np.nan
        Score of a failed fit; a failed candidate ranks last in its rung.
    return_train_score : bool, default=True
        As in ``HalvingRandomSearchCV``.
    random_state : int, RandomState instance or None, default=None
        Seeds the candidates and the subsamples; the same seed gives the same search,
        whatever ``n_jobs`` is.
    n_jobs : int, default=None
        Number of jobs running fits in parallel; a whole rung is one batch.
    verbose : int, default=0
        1: a line as each rung starts (its candidates and resource) and a line per
        batch, and within a long one every ten seconds (evaluations done out of
        planned, best score, elapsed and estimated time left; a tqdm bar instead on
        a terminal when tqdm is installed). 2 and more: scikit-learn's own lines
        too, per fit.
    pre_dispatch : int or str, default='2*n_jobs'
        As in ``GridSearchCV``.
    evaluate_default : bool, default=True
        Make the estimator's own configuration one of the first rung's candidates,
        when it lies within ``search_spaces`` (the next rungs continue candidates of
        the space only).
""" + LONG_RUN_DOC

_ATTRIBUTES_DOC = """
    cv_results_ : dict of numpy (masked) ndarrays
        One row per evaluation (a candidate appears once per rung it reached), with
        ``iter`` (the rung), ``n_resources`` and ``bracket`` columns as well as
        ``GridSearchCV``'s. With a parameter resource, ``param_<resource>`` shows it.
    best_params_, best_score_, best_index_, best_estimator_
        From the best candidate among those evaluated with the largest resource
        reached; ``best_params_`` includes a parameter resource at that value.
    max_resources_, min_resources_ : int
        The resources actually used.
    n_resources_, n_candidates_ : list of int
        Resource and number of candidates of every rung run, in order.
    n_iterations_ : int
        Number of rungs run.
    n_remaining_candidates_ : int
        ``ceil(n_candidates_[-1] / factor)``: the candidates the last rung run would
        keep, as in scikit-learn's halving searches.
    default_params_ : dict or None
        The estimator's own configuration, when ``evaluate_default``.
    default_score_ : float or None
        Its score at the largest resource it reached.
    stop_reason_ : str or None
        ``'max_time'`` or ``'callback'`` when one of them ended the search early,
        ``'interrupted'`` after Ctrl-C (``KeyboardInterrupt``) ended it,
        ``'exhausted'`` when a finite space had fewer configurations than a
        bracket's first rung (a warning says which).
    optimizer_results_ : list of scipy.optimize.OptimizeResult
        ``x``, ``fun`` (negated best score at the largest resource), ``x_iters``,
        ``func_vals``, ``n_resources`` of every evaluation, ``space``, and
        ``elapsed`` seconds.
"""
