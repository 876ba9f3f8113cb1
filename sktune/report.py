"""A text report of a fitted search, and a nested cross-validation estimate of it.

The report answers the questions that come after a search: how much did tuning gain
over the defaults, do the best configurations overfit, should a range be widened,
and how optimistic is ``best_score_``?
"""

from __future__ import annotations

import numbers
import warnings

import numpy as np
from sklearn import get_config
from sklearn.base import clone
from sklearn.model_selection import cross_val_score

from .dimensions import Categorical, Integer, Real, same_value
from ._evaluations import best_comparable_row
from ._space_checks import first_refusal, parameter_owners
from .importance import score_key, search_data

__all__ = ["search_report", "nested_cross_val_score", "boundary_parameters"]

# Share of a numeric range (on its own scale) within which a best value counts as
# sitting on a bound.
BOUNDARY_MARGIN = 0.02


def boundary_parameters(search) -> list[tuple[str, object, str, tuple]]:
    """Numeric parameters whose best value sits on a bound of their range.

    The best values are those of the best configuration and of any that scored
    exactly as well (as accuracies on small folds often do): with ``C`` at 3.9 in
    the best and at its upper bound 10 in a tie, a wider range may still pay.
    A grid of numbers listed in order (an ordered
    :class:`~sktune.space.Categorical`, as ``GridSearchCV``'s ``{"C": [0.1, 1, 10]}``
    is read) counts when the best value is its smallest or largest.

    Returns
    -------
    list of (name, value, 'lower' or 'upper', (low, high))
        One entry per parameter, from the best configuration where it sits on a
        bound, else from the first tie that does.
    """
    data = search_data(search)
    rows = _rows_tied_with_best(search)
    found = []
    for name, dim, _ in data.space.dimension_columns():
        if any(entry[0] == name for entry in found):
            continue  # a conditional name has a dimension per branch
        for row in rows:
            edge = _on_bound(search.cv_results_["params"][row], name, dim)
            if edge is not None:
                found.append(edge)
                break
    return found


def _on_bound(params, name, dim):
    """``(name, value, side, (low, high))`` if ``params`` puts ``name`` on a bound of
    the numeric dimension ``dim``, else None."""
    if name not in params or not dim.contains(params[name]):
        return None
    value = params[name]
    if isinstance(dim, Categorical) and dim.is_ordered and _numeric_grid(dim):
        low, high = min(dim.categories), max(dim.categories)
        at_low, at_high = value == low, value == high
    elif isinstance(dim, Integer):
        low, high = dim.low, dim.high
        at_low, at_high = value == low, value == high
    elif isinstance(dim, Real):
        low, high = dim.low, dim.high
        u = float(np.ravel(dim.encode([value]))[0])
        at_low, at_high = u <= BOUNDARY_MARGIN, u >= 1 - BOUNDARY_MARGIN
    else:
        return None
    if not (at_low or at_high):
        return None
    return name, value, "lower" if at_low else "upper", (low, high)


def _unwidenable(estimator, space, name, side) -> str:
    """What to say after a ``Real`` best value on a bound past which ``estimator``
    takes nothing (``alpha`` at the 0 of ``Real(0, 10)``, or ``C``, which does not take
    0 either): the range cannot widen there. Else ''."""
    index = next(i for i, (n, _, _) in enumerate(space.dimension_columns()) if n == name)
    dim = space.dimensions[index]
    if not isinstance(dim, Real):
        return ""
    lower = side == "lower"
    bound = float(dim.low if lower else dim.high)
    if dim.prior == "log-uniform":
        beyond = bound / 10 if lower else bound * 10
    else:
        step = (dim.high - dim.low) / 100
        beyond = bound - step if lower else bound + step
    owners = parameter_owners(estimator, space, index, name)
    if first_refusal(owners, beyond) is None:
        return ""
    text = f", past which {name} takes no value: the range cannot widen there"
    if lower and dim.prior == "uniform" and dim.high > 0 and first_refusal(owners, bound):
        # an open end, as 0 is for C: the values near it need a log scale to be reached
        text += (f"; a log-uniform prior from a small positive value, such as "
                 f"Real({dim.high * 1e-6:g}, {dim.high!r}, prior='log-uniform'), searches "
                 f"the small values more finely")
    return text


def _rows_tied_with_best(search) -> list[int]:
    """The best configuration's ``cv_results_`` row, then those that scored exactly
    as well (on the same resource, in a halving search)."""
    best = _best_row(search)
    results = search.cv_results_
    scores = np.asarray(results[score_key(search)], dtype=float)
    tied = scores == scores[best]
    if "n_resources" in results:
        resources = np.asarray(results["n_resources"])
        tied &= resources == resources[best]
    return [best] + [int(row) for row in np.flatnonzero(tied) if row != best]


def _best_row(search) -> int:
    """The ``cv_results_`` row of the best configuration: ``best_index_`` where the
    search set it, else (a multi-metric search with ``refit=False``) the best score
    of the metric the search optimised, among the rows of the largest resource."""
    if hasattr(search, "best_index_"):
        return search.best_index_
    results = search.cv_results_
    return best_comparable_row(results[score_key(search)], results.get("n_resources"))


def _numeric_grid(dim) -> bool:
    return all(isinstance(v, numbers.Real) and not isinstance(v, (bool, np.bool_)) for v in dim.categories)


def _default_resource(search):
    """The largest resource a halving search gave the estimator's own configuration."""
    results, default = search.cv_results_, search.default_params_
    rows = [i for i, params in enumerate(results["params"])
            if all(k in params and same_value(params[k], v) for k, v in default.items())]
    return max(results["n_resources"][i] for i in rows) if rows else None


def search_report(search, n_top=5, overfit_gap=0.05) -> str:
    """A plain-text report of a fitted search.

    Parameters
    ----------
    search : fitted search
        sktune's, or scikit-learn's ``GridSearchCV``, ``RandomizedSearchCV`` or their
        halving versions. A multi-metric search fitted with ``refit=False`` is
        reported on its first metric.
    n_top : int, default=5
        Number of best configurations whose train-validation gap is shown.
    overfit_gap : float, default=0.05
        A configuration whose mean train score exceeds its validation score by more
        than this is flagged as overfitting.

    Returns
    -------
    str

    Notes
    -----
    The train-validation gap needs ``return_train_score=True`` in the search; without
    it the report says so. ``best_score_`` is the best of many configurations scored
    on the same folds that chose it, hence optimistic: :func:`nested_cross_val_score`
    gives an unbiased estimate.
    """
    key = score_key(search)
    results = search.cv_results_
    metric = key[len("mean_test_") :]
    scores = np.asarray(results[key], dtype=float)
    n = len(scores)
    lines = [f"{type(search).__name__}: {n} evaluation{'s' * (n != 1)}, metric {metric!r}"]
    best = _best_row(search)
    lines.append(f"best score: {scores[best]:.6g} (cv_results_ row {best})")
    lines.append(f"best parameters: {results['params'][best]!r}")
    default = getattr(search, "default_score_", None)
    if default is not None and np.isfinite(default):
        line = f"default configuration: {default:.6g}"
        resources = results.get("n_resources")
        reached = _default_resource(search) if resources is not None else None
        if reached is not None and reached != resources[best]:
            # a halving search dropped it on a smaller resource: the scores differ in kind
            line += f" on resource {reached} (the best on {resources[best]}), not comparable"
        else:
            line += f"; tuning gained {scores[best] - default:+.6g}"
        lines.append(line)
    failed = int(np.isnan(scores).sum())
    if failed:
        lines.append(f"failed evaluations: {failed} of {n}")

    lines.append("")
    lines.append(f"top {min(n_top, n)} configurations (validation score, train - validation gap):")
    train_key = f"mean_train_{metric}"
    # Multi-fidelity searches: rows of the largest resource first, as best_index_ is
    # chosen among them; a score on a smaller resource is not comparable.
    resources = results.get("n_resources")
    by_resource = -np.asarray(resources, dtype=float) if resources is not None else np.zeros(n)
    order = np.lexsort((np.where(np.isnan(scores), np.inf, -scores), by_resource))[:n_top]
    if train_key not in results:
        lines.append("  (train scores not recorded: fit the search with return_train_score=True "
                     "to see the gaps and overfitting flags)")
    train = np.asarray(results[train_key], dtype=float) if train_key in results else None
    for i in order:
        line = f"  {scores[i]:.6g}"
        if train is not None:
            gap = train[i] - scores[i]
            line += f"  gap {gap:+.4f}" + ("  OVERFITTING" if gap > overfit_gap else "")
        if resources is not None:
            line += f"  n_resources={resources[i]}"
        lines.append(f"{line}  {results['params'][i]!r}")

    edges = boundary_parameters(search)
    lines.append("")
    if edges:
        lines.append("best values on a bound of their range (consider widening it):")
        space = search_data(search).space
        for name, value, side, (low, high) in edges:
            line = f"  {name} = {value!r} is at the {side} bound of [{low!r}, {high!r}]"
            lines.append(line + _unwidenable(search.estimator, space, name, side))
    else:
        lines.append("no best value sits on a bound of its range")

    lines.append("")
    lines.append(
        "note: best_score_ comes from the folds used to select it, so it is optimistic; "
        "sktune.report.nested_cross_val_score(search, X, y) estimates the tuned model's "
        "score on data the search never saw"
    )
    return "\n".join(lines)


def nested_cross_val_score(search, X, y=None, *, groups=None, cv=5, scoring=None, n_jobs=None, params=None):
    """Score of the *tuning procedure*: the search re-run inside each outer fold.

    Each outer training fold gets a fresh clone of ``search`` (its own inner
    cross-validation), and the tuned model is scored on the outer test fold.

    Parameters
    ----------
    search : search estimator
        Fitted or not; it is cloned.
    X, y : array-like
        All the data.
    groups : array-like, default=None
        Group labels of the rows, for group-aware folds (``GroupKFold`` and the
        like): the outer folds are split by them, and each outer training fold's
        search gets its rows' labels, as its own ``fit(X, y, groups=...)``.
    cv : int or cross-validation generator, default=5
        The outer folds.
    scoring : str or callable, default=None
        Outer score; the search's own ``score`` by default.
    n_jobs : int, default=None
        Outer folds in parallel.
    params : dict, default=None
        Passed to the search's ``fit``.

    Returns
    -------
    ndarray of shape (n_outer_folds,)

    Raises
    ------
    ValueError
        If ``search`` has ``refit=False``: it keeps no tuned model to score on the
        outer folds, and every score would be NaN.

    Warns
    -----
    UserWarning
        If ``search`` has a ``checkpoint``: it holds the search of all of ``X``, which
        no outer fold's search can resume, so they run without it.
    """
    if getattr(search, "refit", True) is False:
        raise ValueError(
            "nested_cross_val_score scores the tuned model on each outer fold, so the "
            "search must refit it: give refit=True (or, with several metrics, the name "
            "of the metric to refit on). Got refit=False."
        )
    inner = clone(search)
    if getattr(inner, "checkpoint", None) is not None:
        warnings.warn(
            f"nested_cross_val_score runs the search on each outer training fold, which "
            f"the search's checkpoint {inner.checkpoint!r} (of another search, on all of "
            "X) cannot resume: they run without a checkpoint.",
            UserWarning,
        )
        inner.set_params(checkpoint=None)
    params = dict(params or {})
    if groups is not None:
        params["groups"] = groups  # the search's own fit; with routing, the outer split too
    routing = get_config().get("enable_metadata_routing", False)
    return cross_val_score(inner, X, y, groups=None if routing else groups, cv=cv,
                           scoring=scoring, n_jobs=n_jobs, params=params or None)
