"""The ask -> evaluate -> tell loop on ``BaseSearchCV._run_search``, shared by every search.

scikit-learn's ``BaseSearchCV.fit`` owns scoring, cross-validation splits, metadata
routing, the parallel run over candidates and folds, ``error_score``, refitting and
the layout of ``cv_results_``. A search class here only decides which candidates to
evaluate next: it builds a :class:`~sktune.space.Space`, hands its unit-cube
description to an optimizer, and feeds the cross-validated scores back as losses.
"""

from __future__ import annotations

import math
import numbers
import os
import warnings
from abc import abstractmethod
from collections.abc import Iterable
from contextlib import contextmanager

import numpy as np
from joblib import effective_n_jobs
from scipy.optimize import OptimizeResult
from sklearn.base import is_classifier
from sklearn.model_selection import check_cv
from sklearn.utils import check_random_state

from ._cv_results import insert_failed_candidates
from ._evaluations import Evaluations, RUNNING_BEST, StopSearch
from ._initial_points import (
    is_point_of,
    numbers_read_differently,
    parse_initial_points,
    points_in_space,
    warn_unused_results,
)
from ._search_spaces import parse_search_spaces, subspace_budgets
from ._sklearn_compat import BaseSearchCV, HasMethods, Interval, validate_parameters
from ._space_checks import check_param_names, check_param_values, check_subsets_fit_data
from .checkpoint import Checkpoint, categories_by_name, fingerprint
from .progress import Progress
from .space import Space


# numpydoc entries of the constructor parameters every search has for long runs.
LONG_RUN_DOC = """    max_time : float, default=None
        Time budget in seconds for the search (refit excluded). A batch starts only
        while time is left (the first always does) and, from the pace of the
        batches so far, is cut to the candidates expected to finish before the
        deadline, again before each of its parts; the search ends within about one
        candidate's evaluation of it (or one part's, with several workers; the
        first part always runs).
    callbacks : callable or list of callables, default=None
        Called after each batch with a :class:`scipy.optimize.OptimizeResult` of the
        whole search so far (``scores``, ``best_score``, ``best_params``, ``params``,
        ``n_evaluations``, ``elapsed``, ``func_vals``; in the halving searches
        ``best_*`` are the best on the largest resource so far); one returning True
        ends the search. Ready ones are in :mod:`sktune.callbacks`.
    checkpoint : str or path-like, default=None
        A JSON file that receives every finished evaluation (written atomically). A
        later ``fit`` with the same file, data and settings resumes: evaluations
        found in the file are not fitted again (see :mod:`sktune.checkpoint`).
    initial_points : list of dict, dict or DataFrame, default=None
        A warm start. A list of parameter dicts: configurations evaluated first
        (after the estimator's own), counted in the budget. A previous search's
        ``cv_results_``: its scored configurations (those of its largest resource,
        for a halving search's) are given to the optimizer as known results,
        without being fitted again and without entering this search's
        ``cv_results_``; use it only with the same data, folds and scoring. A pandas
        or polars DataFrame of either (one row per configuration) is read the same
        way, also a ``cv_results_`` saved to CSV and read back: its ``param_*``
        columns give the configurations.
    param_distributions : dict or list of dict, default=None
        scikit-learn's name for ``search_spaces``, so that a
        ``RandomizedSearchCV(estimator, param_distributions=...)`` call needs only its
        class name changed. A list of dicts given here is budgeted as there:
        ``n_iter`` (in the searches that have it) counts all evaluations, not
        evaluations per dict.
    param_grid : dict or list of dict, default=None
        ``GridSearchCV``'s name for the space, budgeted as ``param_distributions``.
        Lists of numbers in order are searched as ordered levels. The budget
        decides how many grid points are evaluated (every point, and no more, when
        it allows more evaluations than the grid has points).
        Give exactly one of ``search_spaces``, ``param_distributions`` and
        ``param_grid``.
"""


def current_config(estimator, space: Space) -> dict:
    """The estimator's own values of the space's parameters it has and uses.

    Parameters that its own choices switch off (``degree`` of an RBF kernel under a
    ``Conditional`` on ``kernel``) are left out, as in every other candidate.
    """
    params = estimator.get_params(deep=True)
    own = {name: params[name] for name in space.names if name in params}
    off = space.switched_off(own)
    return {name: value for name, value in own.items() if name not in off}


def _values_outside(config: dict, space: Space, estimator) -> list[str]:
    """``name=value`` for each of ``config``'s values that ``space`` does not allow."""
    described = []
    for name, value in config.items():
        dimensions = space.dimensions_of(name)
        if not any(d.contains(value) for d in dimensions):
            # a conditional name has a dimension per branch: the first that says more
            texts = [d.describe(value) for d in dimensions]
            described.append(f"{name}={next((t for t in texts if t != repr(value)), repr(value))}")
    if not described and space.contains(config):  # 1.0 where the space has 1, say
        described = [
            f"{name}={config[name]!r}, another setting than the space's {value!r}"
            for name, value in numbers_read_differently(space, config, estimator).items()
        ]
    return described


def _input_columns(X):
    """``(n_features, column names or None)`` of the search's ``X``, if 2-dimensional."""
    shape = getattr(X, "shape", None)
    if shape is None or len(shape) != 2:
        return None
    names = np.asarray(X.columns, dtype=object) if hasattr(X, "columns") else None
    return int(shape[1]), names


def _check_callbacks(callback, name="callback") -> list:
    """``callback`` (a callable, a list of them or None) as a list; ``name`` is the
    parameter an error names: fit's ``callback`` or the constructor's ``callbacks``."""
    if callback is None:
        return []
    callbacks = list(callback) if isinstance(callback, (list, tuple)) else [callback]
    for cb in callbacks:
        if not callable(cb):
            raise TypeError(
                f"{name} must be a callable or a list of callables. Got {cb!r} instead."
            )
    return callbacks


class OptimizerSearchCV(BaseSearchCV):
    """Base class of searches driven by an ask/tell optimizer.

    Subclasses set ``_parameter_constraints``, their ``__init__`` and
    :meth:`_make_optimizer`. The loop lives here: build the space, evaluate the
    estimator's own configuration first (if asked), then ask the optimizer for a
    batch, evaluate it with cross-validation and tell the losses back, until the
    budget is spent, a callback asks to stop or a finite space is exhausted.
    """

    _parameter_constraints: dict = {
        **BaseSearchCV._parameter_constraints,
        "estimator": [HasMethods(["fit"])],
        "search_spaces": [dict, list, Space, None],
        "param_distributions": [dict, list, Space, None],
        "param_grid": [dict, list, Space, None],
        "n_iter": [Interval(numbers.Integral, 1, None, closed="left")],
        "random_state": ["random_state"],
        "evaluate_default": ["boolean"],
        "max_time": [Interval(numbers.Real, 0, None, closed="neither"), None],
        "callbacks": [list, tuple, callable, None],
        "checkpoint": [str, os.PathLike, None],
        "initial_points": [list, dict, HasMethods(["to_dict"]), None],  # DataFrames: pandas, polars
    }

    @abstractmethod
    def _make_optimizer(self, space: Space, random_state):
        """An optimizer for ``space``'s unit-cube description, seeded with ``random_state``."""

    def _batch_size(self, optimizer) -> int:
        """Number of configurations evaluated together (one ``evaluate_candidates`` call)."""
        return 1

    # State that lives only while ``fit`` runs; never pickled (scikit-learn sends the
    # search object to its workers, and callbacks may be lambdas).
    _TRANSIENT = ("_callbacks", "_search_callbacks", "_evaluations", "_input_columns", "_fit_data",
                  "_fit_params", "_progress_level", "_default_outside", "_search_ended", "_folds")

    def __getstate__(self):
        state = dict(super().__getstate__())
        for key in self._TRANSIENT:
            state.pop(key, None)
        return state

    def _search_spaces(self):
        """The user's search spaces, given under one of the three names."""
        given = [name for name in ("search_spaces", "param_distributions", "param_grid")
                 if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError(
                "Give the space as search_spaces, as param_distributions or as "
                f"param_grid (scikit-learn's names), exactly one of them. Got {given or 'none'}."
            )
        return getattr(self, given[0])

    @property
    def _n_iter_per_dict(self) -> bool:
        """Whether a list of dicts gets ``n_iter`` per dict (scikit-optimize's
        ``search_spaces``) or in all (scikit-learn's names)."""
        return self.search_spaces is not None

    @property
    def total_iterations(self) -> int:
        """Number of evaluations ``fit`` will run at most, over all subspaces."""
        budgets = subspace_budgets(self._search_spaces(), self.n_iter, self._n_iter_per_dict)
        return sum(budget for budget, _ in budgets)

    def fit(self, X, y=None, *, groups=None, callback=None, **fit_params):
        """Run the search: evaluate candidates by cross-validation, then refit.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,) or (n_samples, n_outputs), default=None
            Target, None for unsupervised learning.
        groups : array-like of shape (n_samples,), default=None
            Group labels for a group-aware ``cv`` splitter.
        callback : callable or list of callables, default=None
            Called after each batch with a :class:`scipy.optimize.OptimizeResult` of
            the current subspace (``x``, ``fun``, ``x_iters``, ``func_vals``,
            ``space``, and ``elapsed`` seconds since the search started; losses
            are negated scores). A callback that returns True ends the search of
            that subspace, as in scikit-optimize, and ``stop_reason_`` reads
            ``'callback'``. While the search runs, ``best_score_`` and
            ``best_params_`` hold the best so far (where ``fit`` sets them at its
            end: not for a callable ``refit``, nor for several metrics with
            ``refit=False``).
        **fit_params : dict
            Parameters routed to the estimator's ``fit``, the scorer and the splitter,
            as in ``GridSearchCV.fit``.

        Returns
        -------
        self : object
            The fitted search.
        """
        validate_parameters(self)  # before verbose is rewritten below
        self.__dict__.pop("_default_outside", None)  # left by a fit that raised
        self._callbacks = _check_callbacks(callback)
        self._search_callbacks = _check_callbacks(self.callbacks, "callbacks")
        self._input_columns = _input_columns(X)
        self._fit_data = (X, y, groups)
        if groups is not None:
            fit_params["groups"] = groups
        self._fit_params = dict(fit_params)
        # verbose=1 is sktune's line per batch; scikit-learn's own lines start at 2.
        verbose, cv = self.verbose, self.cv
        self.verbose = 0 if verbose <= 1 else verbose + 1
        self._progress_level = verbose
        if isinstance(cv, Iterable) and not isinstance(cv, str) and not hasattr(cv, "split"):
            # splits given as an iterable (maybe a generator): read them once, since
            # both scikit-learn and the halving searches go through them
            self.cv = check_cv(cv)
        # best_score_ and best_params_ follow the search while it runs (see
        # Evaluations); a fit that fails before its search ends gives back those of the
        # previous fit, if any
        previous = {k: self.__dict__[k] for k in RUNNING_BEST if k in self.__dict__}
        try:
            super().fit(X, y, **fit_params)
        except BaseException as exc:
            if not self._keep_results_of_failed_refit(exc):
                for key in RUNNING_BEST:
                    self.__dict__.pop(key, None)
                self.__dict__.update(previous)
            raise
        finally:
            self.verbose, self.cv = verbose, cv
            for key in self._TRANSIENT:
                if key not in ("_evaluations", "_default_outside"):  # both read below
                    self.__dict__.pop(key, None)
        self._restore_failed_candidates()
        self._warn_if_best_is_outside_space()
        return self

    def _keep_results_of_failed_refit(self, exc: BaseException) -> bool:
        """After an error or Ctrl-C in the refit (a second one, say, after the first
        ended the search), keep what the search found: ``cv_results_`` and ``best_*``
        as ``fit`` would have set them, without ``best_estimator_``. False if ``exc``
        came before the search ended."""
        evaluations = self.__dict__.get("_evaluations")
        if not self.__dict__.get("_search_ended") or evaluations.results() is None:
            return False
        for key in ("best_estimator_", "refit_time_"):  # a clone the refit never finished
            self.__dict__.pop(key, None)
        self.cv_results_ = evaluations.results()
        self._restore_failed_candidates()
        if isinstance(exc, KeyboardInterrupt):
            self.stop_reason_ = "interrupted"
        return True

    def _warn_if_best_is_outside_space(self) -> None:
        """Say so when the best configuration is the estimator's own and lies outside
        ``search_spaces`` (evaluated as a baseline): the one way ``best_params_`` can."""
        row, names = self.__dict__.pop("_default_outside", (None, []))
        if row is None or getattr(self, "best_index_", None) != row:
            return
        which = f" ({', '.join(names)})" if names else ""
        warnings.warn(
            "The estimator's own configuration scored best, and it lies outside "
            f"search_spaces{which}: best_params_ holds values the space does not allow. "
            "Widen the space or raise n_iter to search further; evaluate_default=False "
            "keeps best_params_ within search_spaces.",
            UserWarning,
        )

    def _run_search(self, evaluate_candidates, *, callback_ctx=None):
        subspaces = parse_search_spaces(self._search_spaces(), self.n_iter, self._n_iter_per_dict)
        spaces = [space for space, _ in subspaces]
        self._check_spaces(spaces)
        initial = parse_initial_points(self.initial_points, self.scoring, self.refit,
                                       self.estimator, spaces)
        self.optimizer_results_ = []
        budgets = [n_iter for _, n_iter in subspaces]
        # what set each budget, for the warnings that name it
        sources = [source for _, source in subspace_budgets(
            self._search_spaces(), self.n_iter, self._n_iter_per_dict)]
        with self._session(evaluate_candidates, spaces, sum(budgets), callback_ctx=callback_ctx) as evaluations:
            rng = check_random_state(evaluations.seed)
            seeds = rng.randint(np.iinfo(np.int32).max, size=len(subspaces))
            optimizers = [self._make_optimizer(space, seed) for space, seed in zip(spaces, seeds)]
            # workers are idle throughout only if even the largest batch leaves them so
            largest = max(optimizers, key=self._batch_size)
            message = self._idle_workers_warning(largest, sum(budgets))
            if message is not None:
                warnings.warn(message, UserWarning)
            # the default and the initial points count in the first subspace's n_iter:
            # its callbacks hear of them, as of every other batch
            if self.evaluate_default:
                budgets[0] -= self._evaluate_default(subspaces, optimizers, evaluations)
                if optimizers[0].n_told and self._callbacks_stop(spaces[0], optimizers[0], evaluations):
                    budgets[0] = 0
            used = self._warm_start(initial, subspaces, optimizers, evaluations, budgets[0], sources[0])
            budgets[0] -= used
            if used and self._callbacks_stop(spaces[0], optimizers[0], evaluations):
                budgets[0] = 0
            for (space, _), opt, budget, source in zip(subspaces, optimizers, budgets, sources):
                self._search_subspace(space, opt, budget, evaluations, source)

    def _estimator_as_given(self):
        """The estimator as the user gave it (a search may wrap it while ``fit`` runs)."""
        return self.estimator

    def _data_splitter(self):
        """``cv`` as scikit-learn's ``fit`` checks it, for the data being searched."""
        _, y, _ = self._fit_data
        return check_cv(self.cv, y, classifier=is_classifier(self.estimator))

    def _check_spaces(self, spaces) -> None:
        """Raise, before anything is fitted, on names or subsets that do not fit."""
        estimator = self._estimator_as_given()  # not a wrapper, which hides its steps
        for space in spaces:
            check_param_names(estimator, space)
            check_param_values(estimator, space)
            if getattr(self, "_input_columns", None) is not None:
                check_subsets_fit_data(estimator, space, *self._input_columns,
                                       varied=self._params_set_by_search())

    def _params_set_by_search(self) -> tuple:
        """Estimator parameters the search sets on candidates besides the space's."""
        return ()

    @contextmanager
    def _session(self, evaluate_candidates, spaces, planned, planned_cost=None, callback_ctx=None):
        """Yield the search's :class:`~sktune._evaluations.Evaluations`, with its budget, callbacks,
        progress and checkpoint; end cleanly when one of them stops the search or on
        Ctrl-C, keeping every finished evaluation. ``planned`` evaluations are expected,
        costing ``planned_cost`` in all when their costs differ. ``callback_ctx`` is
        the context scikit-learn (1.9 and later) gives ``_run_search`` for the callbacks
        set with ``set_callbacks``: the search is one task under it, each batch one of
        the search's."""
        checkpoint = None
        if self.checkpoint is not None:
            X, y, _ = self._fit_data
            seed = (
                int(self.random_state)
                if isinstance(self.random_state, numbers.Integral)
                else check_random_state(self.random_state).randint(np.iinfo(np.int32).max)
            )
            checkpoint = Checkpoint.open(
                self.checkpoint,
                fingerprint(self, spaces, X, y, self._fit_params, self._estimator_as_given()),
                seed,
            )
        progress = None
        if getattr(self, "_progress_level", 0) >= 1:
            progress = Progress(type(self).__name__, planned, planned_cost=planned_cost,
                                max_time=self.max_time)
        search_ctx = None
        if callback_ctx is not None:  # as GridSearchCV's, but the number of batches is open
            search_ctx = callback_ctx.subcontext(task_name="search", max_subtasks=None)
            search_ctx.call_on_fit_task_begin(estimator=self)
        evaluations = Evaluations(
            self, evaluate_candidates, max_time=self.max_time,
            callbacks=self._search_callbacks, progress=progress,
            checkpoint=checkpoint, categories=categories_by_name(spaces),
            callback_ctx=search_ctx,
        )
        self._evaluations = evaluations
        self.default_params_ = None
        self.default_score_ = None
        try:
            yield evaluations
        except StopSearch:
            pass
        except KeyboardInterrupt:
            if evaluations.n_done == 0:
                raise
            evaluations.stop_reason = "interrupted"
            refit = (" The best is refitted now; Ctrl-C again stops that and keeps them."
                     if self.refit else "")
            warnings.warn(
                f"Search interrupted: cv_results_ and best_* describe the "
                f"{evaluations.n_done} evaluation{'s' * (evaluations.n_done != 1)} that had "
                f"finished.{refit}",
                UserWarning,
            )
        finally:
            if progress is not None:
                progress.close()
        evaluations.finish()
        evaluations.complete_results()
        if search_ctx is not None:
            search_ctx.call_on_fit_task_end(estimator=self)
        self.stop_reason_ = evaluations.stop_reason or (
            "callback" if evaluations.subspace_stopped
            else "exhausted" if evaluations.space_exhausted else None
        )
        self._search_ended = True

    def _format_results(self, candidate_params, n_splits, out, more_results=None):
        evaluations = getattr(self, "_evaluations", None)
        if evaluations is None:
            return super()._format_results(candidate_params, n_splits, out, more_results)
        return evaluations.format_results(
            super()._format_results, candidate_params, n_splits, out, more_results
        )

    def _evaluate_default(self, subspaces, optimizers, evaluations) -> int:
        """Evaluate the estimator's own configuration; return the evaluations used."""
        default = current_config(self.estimator, subspaces[0][0])
        row = evaluations.n_done
        loss = evaluations.losses([default])
        inside = False
        for (space, _), opt in zip(subspaces, optimizers):
            own = current_config(self.estimator, space)
            if is_point_of(space, own, self.estimator):
                opt.tell(space.encode([own]), loss)
                inside = True
        if not inside:
            self._default_outside = (row, _values_outside(default, subspaces[0][0], self.estimator))
        self.default_params_ = default
        self.default_score_ = float(-loss[0])
        return 1

    def _warm_start(self, initial, subspaces, optimizers, evaluations, budget, source) -> int:
        """Evaluate or tell the parsed ``initial_points`` within the first subspace's
        ``budget`` (set by ``source``); return the evaluations used."""
        configs, scores = initial
        if not configs:
            return 0
        if scores is None:
            if len(configs) > budget:
                warnings.warn(
                    f"initial_points holds {len(configs)} configurations to evaluate, but "
                    f"{source} leaves room for {budget}: the others are not evaluated.",
                    UserWarning,
                )
            configs = configs[:budget]
            scores = -evaluations.losses(configs)
            configs = configs[: len(scores)]
            used = len(configs)
        else:
            used = 0
        told = set()
        for (space, _), opt in zip(subspaces, optimizers):
            rows, points = points_in_space(space, configs, self.estimator)
            if rows:
                opt.tell(space.encode(points), -np.asarray(scores)[rows])
                told.update(rows)
        if not used:  # results of an earlier search: say if some fit nowhere
            warn_unused_results(len(configs) - len(told), len(configs))
        return used

    def _n_splits(self) -> int:
        """Folds per candidate of the search's own splitter, counted once per fit
        (scikit-learn 1.5 sets ``n_splits_`` only after the search)."""
        if getattr(self, "_folds", None) is None:
            self._folds = self._data_splitter().get_n_splits(*self._fit_data)
        return self._folds

    def _idle_workers_warning(self, opt, planned) -> str | None:
        """Why some of ``n_jobs``' workers would get no fit in any batch of this
        search of ``planned`` evaluations, or None."""
        batch = self._batch_size(opt)
        if planned <= batch:
            return None
        workers, n_splits = effective_n_jobs(self.n_jobs), self._n_splits()
        idle = workers - batch * n_splits
        if idle <= 0:
            return None
        return (
            f"n_jobs={self.n_jobs!r} gives {workers} workers, but a batch has "
            f"{batch * n_splits} fits ({self._batch_described(batch)} x {n_splits} "
            f"folds), so {idle} of them stay{'s' * (idle == 1)} idle. "
            + self._batch_to_fill(self._batch_filling_workers())
        )

    def _batch_filling_workers(self) -> int:
        """Configurations per batch that give each of ``n_jobs``' workers a fit."""
        return max(1, math.ceil(effective_n_jobs(self.n_jobs) / self._n_splits()))

    def _batch_described(self, batch: int) -> str:
        """A batch of ``batch`` configurations, in the search's own terms."""
        return f"{batch} configuration{'s' * (batch != 1)}"

    def _batch_to_fill(self, batch: int) -> str:
        """What gives batches of ``batch`` configurations, in the search's own terms."""
        return f"Batches of {batch} configurations would keep them busy."

    def _small_budget_warning(self, space, opt, budget, source) -> str | None:
        """Why ``budget`` evaluations are too few for this search's method in
        ``space``, or None; ``source`` names the parameter that set them."""
        return None

    def _search_subspace(self, space, opt, budget, evaluations, source):
        """Ask, evaluate and tell until the budget, the space or a callback ends it."""
        message = self._small_budget_warning(space, opt, budget, source) if budget > 0 else None
        if message is not None:
            warnings.warn(message, UserWarning)
        try:
            while budget > 0:
                X = opt.ask(min(self._batch_size(opt), budget))
                if len(X):
                    losses = evaluations.losses(space.decode(X))
                    opt.tell(X[: len(losses)], losses)
                    budget -= len(losses)
                if budget > 0 and opt.stop():
                    warnings.warn(
                        f"The search space {space.names!r} was exhausted after "
                        f"{opt.n_told} evaluation{'s' * (opt.n_told != 1)}; its remaining "
                        f"{budget} evaluation{'s were' if budget != 1 else ' was'} not used.",
                        UserWarning,
                    )
                    evaluations.space_exhausted = True
                    break
                if self._callbacks_stop(space, opt, evaluations):
                    break
        finally:
            self.optimizer_results_.append(_optimize_result(space, opt, evaluations.elapsed))

    def _callbacks_stop(self, space, opt, evaluations) -> bool:
        """Call ``fit``'s callbacks with the subspace's result so far; True if one
        asks to end the subspace's search."""
        callbacks = getattr(self, "_callbacks", [])
        if not callbacks:  # the result decodes every point so far: only for a reader
            return False
        result = _optimize_result(space, opt, evaluations.elapsed)
        if any(cb(result) for cb in callbacks):
            evaluations.subspace_stopped = True
            return True
        return False

    def _restore_failed_candidates(self):
        """Put the candidates of wholly failed batches back into ``cv_results_``."""
        evaluations = self.__dict__.pop("_evaluations", None)
        if evaluations is None or not evaluations.failed:
            return
        error_score = np.nan if self.error_score == "raise" else float(self.error_score)
        self.cv_results_, order = insert_failed_candidates(
            self.cv_results_, evaluations.failed, error_score
        )
        if hasattr(self, "best_index_"):
            self.best_index_ = int(order[self.best_index_])


def _optimize_result(space: Space, opt, elapsed: float) -> OptimizeResult:
    """scikit-optimize style summary of one subspace's search so far.

    ``elapsed`` (seconds since the search started) lets a ``DeadlineStopper`` count
    from the start of this search, not from its own first call.
    """
    configs = space.decode(opt.X) if opt.n_told else []
    names = space.names
    x_iters = [[c.get(name) for name in names] for c in configs]
    best = opt.best_index
    return OptimizeResult(
        x=x_iters[best] if best is not None else None,
        fun=float(opt.y[best]) if best is not None else np.nan,
        x_iters=x_iters,
        func_vals=opt.y.copy(),
        space=space,
        elapsed=elapsed,
    )
