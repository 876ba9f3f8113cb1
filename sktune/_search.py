"""The ask -> evaluate -> tell loop on ``BaseSearchCV._run_search``, shared by every search.

scikit-learn's ``BaseSearchCV.fit`` owns scoring, cross-validation splits, metadata
routing, the parallel run over candidates and folds, ``error_score``, refitting and
the layout of ``cv_results_``. A search class here only decides which candidates to
evaluate next: it builds a :class:`~sktune.space.Space`, hands its unit-cube
description to an optimizer, and feeds the cross-validated scores back as losses.
"""

from __future__ import annotations

import numbers
import warnings
from abc import abstractmethod
from contextlib import contextmanager

import numpy as np
from scipy.optimize import OptimizeResult
from scipy.stats import rankdata
from sklearn.base import BaseEstimator
from sklearn.utils import check_random_state

from ._sklearn_compat import BaseSearchCV, HasMethods, Interval, is_all_fits_failed
from .space import Categorical, Space
from .subset import check_subsets_fit_data


def parse_search_spaces(search_spaces, n_iter) -> list[tuple[Space, int]]:
    """Turn the user's ``search_spaces`` into ``[(Space, n_iter), ...]``.

    - a dict: one space, ``n_iter`` evaluations;
    - a list of dicts: one space choosing between them (see :class:`Space`), with
      ``n_iter`` evaluations per dict, the total scikit-optimize would spend;
    - a list holding ``(dict, n_iter)`` pairs (dicts alone get ``n_iter``): each
      searched in turn with its own budget, as scikit-optimize does.

    The user's objects are never modified.
    """
    if isinstance(search_spaces, dict):
        return [(Space(search_spaces), n_iter)]
    if not isinstance(search_spaces, (list, tuple)) or not search_spaces:
        raise TypeError(
            "search_spaces must be a dict, a list of dicts or a list of (dict, n_iter) "
            f"pairs. Got {search_spaces!r} instead."
        )
    for entry in search_spaces:
        if not isinstance(entry, (dict, tuple)) or (
            isinstance(entry, tuple) and (len(entry) != 2 or not isinstance(entry[0], dict))
        ):
            raise TypeError(
                "search_spaces entries must be dicts or (dict, n_iter) pairs. "
                f"Got {entry!r} instead."
            )
    if all(isinstance(entry, dict) for entry in search_spaces):
        return [(Space(list(search_spaces)), n_iter * len(search_spaces))]
    parsed = []
    for entry in search_spaces:
        entry_n_iter = n_iter
        if isinstance(entry, tuple):
            entry, entry_n_iter = entry
            if (
                not isinstance(entry_n_iter, numbers.Integral)
                or isinstance(entry_n_iter, bool)
                or entry_n_iter < 1
            ):
                raise ValueError(
                    "the n_iter of a (dict, n_iter) pair in search_spaces must be an "
                    f"integer >= 1. Got {entry_n_iter!r} instead."
                )
        parsed.append((Space(entry), int(entry_n_iter)))
    return parsed


def check_param_names(estimator, space: Space) -> None:
    """Raise a ValueError naming any dimension that ``estimator`` does not have.

    A name under a searched step (``clf__C`` while ``clf`` itself is searched) is
    valid when at least one of that step's candidate estimators has it.
    """
    valid = estimator.get_params(deep=True)
    for name in space.names:
        if name in valid:
            continue
        prefix, _, rest = name.rpartition("__")
        while prefix:
            options = [
                c
                for dim in space.dimensions_of(prefix)
                if isinstance(dim, Categorical)
                for c in dim.categories
                if isinstance(c, BaseEstimator)
            ]
            if any(name[len(prefix) + 2 :] in c.get_params(deep=True) for c in options):
                break
            prefix, _, rest = prefix.rpartition("__")
        else:
            raise ValueError(
                f"Invalid parameter {name!r} in search_spaces for estimator "
                f"{estimator!r}. Valid parameters are: {sorted(valid)!r}."
            )


def current_config(estimator, space: Space) -> dict:
    """The estimator's own values of the space's parameters (those it has)."""
    params = estimator.get_params(deep=True)
    return {name: params[name] for name in space.names if name in params}


def _input_columns(X):
    """``(n_features, column names or None)`` of the search's ``X``, if 2-dimensional."""
    shape = getattr(X, "shape", None)
    if shape is None or len(shape) != 2:
        return None
    names = np.asarray(X.columns, dtype=object) if hasattr(X, "columns") else None
    return int(shape[1]), names


def _check_callbacks(callback) -> list:
    if callback is None:
        return []
    callbacks = list(callback) if isinstance(callback, (list, tuple)) else [callback]
    for cb in callbacks:
        if not callable(cb):
            raise TypeError(
                f"callback must be a callable or a list of callables. Got {cb!r} instead."
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
        "search_spaces": [dict, list],
        "n_iter": [Interval(numbers.Integral, 1, None, closed="left")],
        "random_state": ["random_state"],
        "evaluate_default": ["boolean"],
    }

    @abstractmethod
    def _make_optimizer(self, space: Space, random_state):
        """An optimizer for ``space``'s unit-cube description, seeded with ``random_state``."""

    def _batch_size(self, optimizer) -> int:
        """Number of configurations evaluated together (one ``evaluate_candidates`` call)."""
        return 1

    # State that lives only while ``fit`` runs; never pickled (scikit-learn sends the
    # search object to its workers, and callbacks may be lambdas).
    _TRANSIENT = ("_callbacks", "_evaluations", "_input_columns", "_fit_data")

    def __getstate__(self):
        state = dict(super().__getstate__())
        for key in self._TRANSIENT:
            state.pop(key, None)
        return state

    @property
    def total_iterations(self) -> int:
        """Number of evaluations ``fit`` will run at most, over all subspaces."""
        spaces = self.search_spaces
        if isinstance(spaces, dict):
            return self.n_iter
        return sum(e[1] if isinstance(e, tuple) else self.n_iter for e in spaces)

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
            ``space``; losses are negated scores). A callback that returns True ends
            the search of that subspace, as in scikit-optimize.
        **fit_params : dict
            Parameters routed to the estimator's ``fit``, the scorer and the splitter,
            as in ``GridSearchCV.fit``.

        Returns
        -------
        self : object
            The fitted search.
        """
        self._callbacks = _check_callbacks(callback)
        self._input_columns = _input_columns(X)
        self._fit_data = (X, y, groups)
        if groups is not None:
            fit_params["groups"] = groups
        try:
            super().fit(X, y, **fit_params)
        finally:
            del self._callbacks, self._input_columns, self._fit_data
        self._restore_failed_candidates()
        return self

    def _run_search(self, evaluate_candidates):
        subspaces = parse_search_spaces(self.search_spaces, self.n_iter)
        self._check_spaces([space for space, _ in subspaces])
        rng = check_random_state(self.random_state)
        seeds = rng.randint(np.iinfo(np.int32).max, size=len(subspaces))
        optimizers = [
            self._make_optimizer(space, seed) for (space, _), seed in zip(subspaces, seeds)
        ]
        self.optimizer_results_ = []
        with self._interruptible(evaluate_candidates) as evaluations:
            budgets = [n_iter for _, n_iter in subspaces]
            if self.evaluate_default:
                budgets[0] -= self._evaluate_default(subspaces, optimizers, evaluations)
            for (space, _), opt, budget in zip(subspaces, optimizers, budgets):
                self._search_subspace(space, opt, budget, evaluations)

    def _check_spaces(self, spaces) -> None:
        """Raise, before anything is fitted, on names or subsets that do not fit."""
        for space in spaces:
            check_param_names(self.estimator, space)
            if getattr(self, "_input_columns", None) is not None:
                check_subsets_fit_data(self.estimator, space, *self._input_columns)

    @contextmanager
    def _interruptible(self, evaluate_candidates):
        """Yield the search's :class:`_Evaluations`; on Ctrl-C keep what finished."""
        evaluations = _Evaluations(self, evaluate_candidates)
        self._evaluations = evaluations
        self.default_params_ = None
        self.default_score_ = None
        try:
            yield evaluations
        except KeyboardInterrupt:
            if evaluations.n_done == 0:
                raise
            warnings.warn(
                f"Search interrupted: cv_results_ and best_* describe the "
                f"{evaluations.n_done} evaluations that had finished.",
                UserWarning,
            )
        evaluations.raise_if_nothing_succeeded()

    def _evaluate_default(self, subspaces, optimizers, evaluations) -> int:
        """Evaluate the estimator's own configuration; return the evaluations used."""
        default = current_config(self.estimator, subspaces[0][0])
        loss = evaluations.losses([default])
        for (space, _), opt in zip(subspaces, optimizers):
            own = current_config(self.estimator, space)
            if space.contains(own):
                opt.tell(space.encode([own]), loss)
        self.default_params_ = default
        self.default_score_ = float(-loss[0])
        return 1

    def _search_subspace(self, space, opt, budget, evaluations):
        """Ask, evaluate and tell until the budget, the space or a callback ends it."""
        callbacks = getattr(self, "_callbacks", [])
        try:
            while budget > 0:
                X = opt.ask(min(self._batch_size(opt), budget))
                if len(X):
                    opt.tell(X, evaluations.losses(space.decode(X)))
                    budget -= len(X)
                if budget > 0 and opt.stop():
                    warnings.warn(
                        f"The search space {space.names!r} was exhausted after "
                        f"{opt.n_told} evaluations; its remaining {budget} "
                        "evaluations were not used.",
                        UserWarning,
                    )
                    break
                if any(cb(_optimize_result(space, opt)) for cb in callbacks):
                    break
        finally:
            self.optimizer_results_.append(_optimize_result(space, opt))

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


class _Evaluations:
    """Runs batches through ``evaluate_candidates`` and returns their losses, ``-score``.

    The score is the ``refit`` metric for multi-metric scoring (the first metric when
    ``refit`` is a callable or False), and the single score otherwise. A batch whose
    every fit failed is recorded here (scikit-learn raises instead of returning it)
    and reads as NaN losses.
    """

    def __init__(self, search, evaluate_candidates):
        self._search = search
        self._evaluate = evaluate_candidates
        self._key = None
        self.n_done = 0
        self.failed = []
        self._last_error = None

    def losses(self, candidates: list, cv=None, more_results=None) -> np.ndarray:
        """Cross-validate ``candidates`` (on ``cv``'s splits, if given) and return ``-score``.

        ``more_results`` maps extra ``cv_results_`` columns to one value per candidate.
        """
        try:
            results = self._evaluate(candidates, cv=cv, more_results=more_results)
        except ValueError as exc:
            if not is_all_fits_failed(exc):
                raise
            extras = more_results or {}
            self.failed.extend(
                (self.n_done + i, c, {key: values[i] for key, values in extras.items()})
                for i, c in enumerate(candidates)
            )
            self.n_done += len(candidates)
            self._last_error = exc
            return np.full(len(candidates), np.nan)
        self.n_done += len(candidates)
        if self._key is None:
            names = [k[len("mean_test_") :] for k in results if k.startswith("mean_test_")]
            refit = self._search.refit
            if len(names) > 1:
                self._search._check_refit_for_multimetric(names)
                name = refit if isinstance(refit, str) else names[0]
            else:
                name = names[0]
            self._key = f"mean_test_{name}"
        return -np.asarray(results[self._key][-len(candidates) :], dtype=float)

    def raise_if_nothing_succeeded(self):
        if self._last_error is not None and len(self.failed) == self.n_done:
            raise self._last_error


def _rank(means: np.ndarray) -> np.ndarray:
    """Ranks as scikit-learn gives them: 1 is best, failures tie for last."""
    if np.isnan(means).all():
        return np.ones(len(means), dtype=np.int32)
    filled = np.where(np.isnan(means), np.nanmin(means) - 1, means)
    return rankdata(-filled, method="min").astype(np.int32)


def insert_failed_candidates(results: dict, failed: list, error_score: float):
    """Insert wholly failed candidates into ``cv_results_`` at their positions.

    Parameters
    ----------
    results : dict
        ``cv_results_`` of the candidates that were recorded.
    failed : list of (int, dict, dict)
        Position in evaluation order, parameters and extra ``cv_results_`` values
        (such as ``n_resources``) of each failed candidate.
    error_score : float
        Score recorded for each of their folds.

    Returns
    -------
    results : dict
        The merged results, in evaluation order, ranks recomputed.
    order : ndarray of int
        New position of each originally recorded candidate.
    """
    n_total = len(results["params"]) + len(failed)
    failed_at = {pos: params for pos, params, _ in failed}
    extras_at = {pos: extras for pos, _, extras in failed}
    order = np.array([i for i in range(n_total) if i not in failed_at])
    merged = {}
    for key, value in results.items():
        if key.startswith("rank_"):
            continue
        if key == "params":
            rows = [None] * n_total
            for new, params in zip(order, value):
                rows[new] = params
            for pos, params in failed_at.items():
                rows[pos] = params
            merged[key] = rows
        elif key.startswith("param_"):
            name = key[len("param_") :]
            column = np.ma.MaskedArray(np.empty(n_total, dtype=object), mask=True)
            column[order] = value
            column.mask[order] = np.ma.getmaskarray(value)
            for pos, params in failed_at.items():
                if name in params:
                    column[pos] = params[name]
            merged[key] = column
        elif all(key in extras for extras in extras_at.values()):
            column = np.empty(n_total, dtype=np.asarray(value).dtype)
            column[order] = value
            for pos, extras in extras_at.items():
                column[pos] = extras[key]
            merged[key] = column
        else:
            value = np.asarray(value)
            is_score = "_test_" in key or "_train_" in key
            fill = 0.0 if key.startswith("std_") else (error_score if is_score else np.nan)
            if value.dtype.kind not in "fc":
                column = np.empty(n_total, dtype=object)
                fill = None
            else:
                column = np.full(n_total, fill, dtype=float)
            column[order] = value
            if fill is None:
                column[list(failed_at)] = None
            merged[key] = column
    for key in results:
        if key.startswith("rank_"):
            merged[key] = _rank(merged["mean_" + key[len("rank_") :]])
    return merged, order


def _optimize_result(space: Space, opt) -> OptimizeResult:
    """scikit-optimize style summary of one subspace's search so far."""
    configs = space.decode(opt.X) if opt.n_told else []
    x_iters = [[c.get(name) for name in space.names] for c in configs]
    best = opt.best_index
    return OptimizeResult(
        x=x_iters[best] if best is not None else None,
        fun=float(opt.y[best]) if best is not None else np.nan,
        x_iters=x_iters,
        func_vals=opt.y.copy(),
        space=space,
    )
