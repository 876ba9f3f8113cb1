"""Which parameters mattered: fANOVA-style importance from a forest fitted to the results.

A random forest learns the score as a function of the configuration (its unit-cube
encoding). The *marginal* of a parameter is the forest's prediction averaged over
the evaluated configurations while that parameter alone takes each of its values;
its variance, as a share of the variance of all marginals, is the parameter's
first-order importance (the idea of fANOVA, Hutter et al., 2014, estimated on the
data instead of integrated over the whole space).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.utils.validation import check_is_fitted

from ._evaluations import metric_key, on_largest_resource
from .space import Categorical, Space

__all__ = ["SearchData", "search_data", "parameter_importance", "marginal", "analysed_columns"]


@dataclass
class SearchData:
    """The evaluations of a fitted search, ready for analysis.

    Attributes
    ----------
    space : Space
        The search space (one space even for scikit-optimize style subspaces).
    X : ndarray of shape (n, space.n_columns)
        Unit-cube encoding of each evaluated configuration.
    scores : ndarray of shape (n,)
        Their score (the optimised metric); NaN for failures.
    params : list of dict
        The configurations.
    rows : ndarray of int
        Their rows in ``cv_results_`` (for a halving search, those of the largest
        resource when there are at least five, else all).
    """

    space: Space
    X: np.ndarray
    scores: np.ndarray
    params: list
    rows: np.ndarray


def score_key(search) -> str:
    """The ``cv_results_`` column of the score the search optimised."""
    check_is_fitted(search, "cv_results_")
    names = [k[len("mean_test_") :] for k in search.cv_results_ if k.startswith("mean_test_")]
    return metric_key(names, search.refit)


def _searched_spaces(search):
    """The space ``search`` searched, in any form :class:`Space` reads."""
    if hasattr(search, "_search_spaces"):
        return search._search_spaces()
    for name in ("param_grid", "param_distributions"):  # scikit-learn's searches
        if hasattr(search, name):
            return getattr(search, name)
    raise TypeError(
        "search must be a search over a space: an sktune search, or scikit-learn's "
        f"GridSearchCV, RandomizedSearchCV or their halving versions. Got "
        f"{type(search).__name__} instead."
    )


def search_data(search) -> SearchData:
    """The evaluations of a fitted search: sktune's, or scikit-learn's (its grid or
    distributions read as a space)."""
    key = score_key(search)
    spaces = _searched_spaces(search)
    if isinstance(spaces, (list, tuple)):
        spaces = [s[0] if isinstance(s, tuple) else s for s in spaces]
        space = Space(spaces) if len(spaces) > 1 else Space(spaces[0])
    else:
        space = Space(spaces)
    results = search.cv_results_
    rows = np.arange(len(results["params"]))
    if "n_resources" in results:
        top = rows[on_largest_resource(results["n_resources"])]
        rows = top if len(top) >= 5 else rows
    names = set(space.names)
    params = [{k: v for k, v in results["params"][i].items() if k in names} for i in rows]
    keep = [i for i, p in enumerate(params) if space.contains(p)]
    rows, params = rows[keep], [params[i] for i in keep]
    scores = np.asarray(results[key], dtype=float)[rows]
    X = space.encode(params) if params else np.empty((0, space.n_columns))
    return SearchData(space, X, scores, params, rows)


def analysed_columns(space: Space) -> list[tuple[int, str, object, slice]]:
    """``(index, name, dimension, columns)`` of each dimension of ``space`` to analyse.

    Of a list of dicts that each fix one parameter to a value of their own (a model
    choice fixing ``clf``), the choice between the dicts is that parameter, a
    categorical of the values the dicts fix; its fixed copies, which never vary
    within a dict, are left out.
    """
    chosen = space.chosen_by_branch()
    label, values = next(iter(chosen.items())) if len(chosen) == 1 else (None, None)
    rows = []
    for index, (param, (name, dim, cols)) in enumerate(
            zip(space.dimension_params, space.dimension_columns())):
        if label is not None and param == label:
            continue
        if label is not None and param is None:
            name, dim = label, Categorical(values, name=label, ordered=False)
        rows.append((index, name, dim, cols))
    return rows


def _forest(data: SearchData, random_state):
    from sklearn.ensemble import RandomForestRegressor

    finite = np.isfinite(data.scores)
    if finite.sum() < 3:
        raise ValueError(
            f"parameter importance needs at least 3 successful evaluations. Got {int(finite.sum())}."
        )
    forest = RandomForestRegressor(n_estimators=100, min_samples_leaf=2, random_state=random_state)
    return forest.fit(data.X[finite], data.scores[finite]), data.X[finite]


def _levels(X: np.ndarray, cols: slice, n_max: int = 25) -> np.ndarray:
    """Up to ``n_max`` distinct observed encodings of a dimension, spread over its range."""
    values = np.unique(X[:, cols], axis=0)
    if len(values) > n_max:
        values = values[np.linspace(0, len(values) - 1, n_max).round().astype(int)]
    return values


def marginal(forest, X: np.ndarray, cols: slice, values: np.ndarray) -> np.ndarray:
    """Mean prediction over the rows of ``X`` with columns ``cols`` set to each of ``values``."""
    out = np.empty(len(values))
    for k, value in enumerate(values):
        Z = X.copy()
        Z[:, cols] = value
        out[k] = forest.predict(Z).mean()
    return out


def parameter_importance(search, random_state=0) -> dict:
    """Share of the score's variance explained by each parameter alone.

    Parameters
    ----------
    search : fitted search
        An sktune search, or scikit-learn's ``GridSearchCV``, ``RandomizedSearchCV``
        or their halving versions.
    random_state : int, default=0
        Seed of the forest.

    Returns
    -------
    dict
        Parameter name to importance, summing to 1 (all zero if the score never
        changed), most important first. Of a list of dicts, the choice between them
        is ``'<branch>'``, or the parameter it amounts to when each dict fixes one to a
        value of its own (``'clf'`` when each dict names its classifier).
    """
    data = search_data(search)
    forest, X = _forest(data, random_state)
    variances = {}
    for _, name, _, cols in analysed_columns(data.space):
        curve = marginal(forest, X, cols, _levels(X, cols))
        variances[name] = variances.get(name, 0.0) + float(np.var(curve))
    total = sum(variances.values())
    shares = {k: (v / total if total > 0 else 0.0) for k, v in variances.items()}
    return dict(sorted(shares.items(), key=lambda kv: -kv[1]))
