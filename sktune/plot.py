"""Plots of fitted searches. matplotlib (the ``plot`` extra) is imported only when called.

Every function draws on ``ax`` (or a new figure) and returns the axes, so the plots
compose with the rest of a matplotlib figure.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import OptimizeResult

from ._evaluations import on_largest_resource
from .dimensions import Categorical, Integer, Real
from .importance import (_forest, _levels, analysed_columns, marginal, parameter_importance,
                         score_key, search_data)

__all__ = [
    "plot_convergence",
    "plot_importance",
    "plot_partial_dependence",
    "plot_parallel_coordinates",
]


def _pyplot():
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            "sktune.plot needs matplotlib: pip install 'sktune[plot]'"
        ) from exc
    return plt


def _axes(ax):
    if ax is None:
        _, ax = _pyplot().subplots()
    return ax


def best_so_far(search) -> np.ndarray:
    """The best score after each evaluation, in evaluation order (failures skipped).

    For a halving search only evaluations on the largest resource count, since
    scores on smaller resources are not comparable. ``search`` may also be one of
    its ``optimizer_results_`` (scikit-optimize's form: scores are ``-func_vals``).
    """
    if _is_optimize_result(search):
        results = search
        scores = -np.asarray(search.func_vals, dtype=float)
    else:
        results = search.cv_results_
        scores = np.asarray(results[score_key(search)], dtype=float)
    if "n_resources" in results:
        scores = np.where(on_largest_resource(results["n_resources"]), scores, np.nan)
    filled = np.where(np.isnan(scores), -np.inf, scores)
    best = np.maximum.accumulate(filled)
    return np.where(np.isinf(best), np.nan, best)


def _is_optimize_result(search) -> bool:
    return isinstance(search, OptimizeResult)


def plot_convergence(*searches, labels=None, ax=None):
    """Best score so far against the number of evaluations, one line per search.

    Parameters
    ----------
    *searches : fitted searches
        Or items of a search's ``optimizer_results_``, as scikit-optimize's
        ``plot_convergence`` takes them (one line per subspace).
    labels : list of str, default=None
        Legend entries; the class names by default.
    ax : matplotlib Axes, default=None

    Returns
    -------
    ax : matplotlib Axes
    """
    ax = _axes(ax)
    labels = labels or [type(s).__name__ for s in searches]
    if len(labels) != len(searches):
        raise ValueError(f"labels must have one entry per search ({len(searches)}). Got {labels!r}.")
    for search, label in zip(searches, labels):
        best = best_so_far(search)
        ax.plot(np.arange(1, len(best) + 1), best, label=label, drawstyle="steps-post")
    ax.set_xlabel("evaluations")
    first = searches[0]
    metric = "score" if _is_optimize_result(first) else score_key(first)[len("mean_test_"):]
    ax.set_ylabel(f"best {metric} so far")
    ax.set_title("Convergence")
    ax.legend()
    return ax


def plot_importance(search, n_top=10, ax=None, random_state=0):
    """Horizontal bars of :func:`sktune.importance.parameter_importance`.

    Returns
    -------
    ax : matplotlib Axes
    """
    ax = _axes(ax)
    shares = list(parameter_importance(search, random_state=random_state).items())[:n_top]
    names = [name for name, _ in shares][::-1]
    ax.barh(names, [share for _, share in shares][::-1])
    ax.set_xlabel("importance (share of score variance)")
    ax.set_title("Parameter importance")
    return ax


def plot_partial_dependence(search, params=None, n_top=2, axes=None, random_state=0):
    """Predicted score against each of the top parameters, other parameters averaged.

    The curve is the marginal of a forest fitted to the results (see
    :mod:`sktune.importance`); dots are the evaluated configurations. For a
    conditional parameter both cover only the configurations that switch it on.

    Parameters
    ----------
    search : fitted search
    params : list of str, default=None
        Parameters to show; the ``n_top`` most important by default.
    n_top : int, default=2
    axes : array of matplotlib Axes, default=None
        One per parameter.
    random_state : int, default=0

    Returns
    -------
    axes : ndarray of matplotlib Axes
    """
    data = search_data(search)
    if params is None:
        params = list(parameter_importance(search, random_state=random_state))[:n_top]
    columns = {name: (j, dim, cols) for j, name, dim, cols in analysed_columns(data.space)}
    unknown = [p for p in params if p not in columns]
    if unknown:
        raise ValueError(f"params {unknown!r} are not dimensions of the search space {sorted(columns)!r}.")
    if axes is None:
        _, axes = _pyplot().subplots(1, len(params), figsize=(4 * len(params), 3.5), squeeze=False)
    axes = np.ravel(axes)
    forest, X = _forest(data, random_state)
    scores = data.scores[np.isfinite(data.scores)]
    active = data.space.active(X)
    metric = score_key(search)[len("mean_test_"):]
    for ax, name in zip(axes, params):
        j, dim, cols = columns[name]
        on = active[:, j]  # configurations that switch the parameter on
        levels = _levels(X[on], cols, n_max=50)
        curve = marginal(forest, X[on], cols, levels)
        shown = dim.decode(_block(levels))
        xs = _positions(shown)
        ax.plot(xs, curve, color="C0", label="partial dependence")
        observed = dim.decode(_block(X[on][:, cols]))
        ax.scatter(_positions(observed, like=shown), scores[on], s=10, color="C1",
                   alpha=0.6, label="evaluations")
        if not _numeric(shown):
            ax.set_xticks(range(len(shown)))
            ax.set_xticklabels([_short(v) for v in shown], rotation=30, ha="right")
        elif getattr(dim, "prior", None) == "log-uniform":
            ax.set_xscale("log")
        ax.set_xlabel(name)
        ax.set_ylabel(metric)
    axes[0].legend()
    axes[0].figure.tight_layout()
    return axes


def plot_parallel_coordinates(search, params=None, ax=None):
    """One line per evaluation across the parameters' axes, coloured by score.

    Axes run from the low to the high end of each parameter's range (unit-cube
    coordinates), labelled with the range's bounds, or with a categorical
    parameter's choices where they sit; the best configuration is drawn thick and
    black. A line has a gap where the configuration's choices switch a parameter
    off. Feature subsets, which span several columns, have no axis.

    Returns
    -------
    ax : matplotlib Axes
    """
    plt = _pyplot()
    ax = _axes(ax)
    data = search_data(search)
    drawable = [(j, n, d, c) for j, n, d, c in analysed_columns(data.space) if c.stop - c.start == 1]
    names = list(dict.fromkeys(n for _, n, _, _ in drawable))
    if not names:
        raise ValueError(
            "the search has no parameter to draw an axis for: a feature subset spans "
            "several columns and has none (plot_partial_dependence shows subsets)."
        )
    unknown = [p for p in params if p not in names] if params is not None else []
    if unknown:
        raise ValueError(
            f"params {unknown!r} have no axis; the parameters that have one are {names!r} "
            "(a feature subset spans several columns and has none)."
        )
    dims = [t for t in drawable if params is None or t[1] in params]
    finite = np.isfinite(data.scores)
    X, scores = data.X[finite], data.scores[finite]
    coords = np.column_stack([X[:, c.start] for _, _, _, c in dims])
    coords[~data.space.active(X)[:, [j for j, _, _, _ in dims]]] = np.nan
    span = np.ptp(scores) or 1.0
    cmap = plt.get_cmap("viridis")
    for row, score in zip(coords, scores):
        ax.plot(range(len(dims)), row, color=cmap((score - scores.min()) / span), alpha=0.5, lw=1)
    best = int(np.argmax(scores))
    ax.plot(range(len(dims)), coords[best], color="black", lw=2.5, label="best")
    for k, (_, _, dim, _) in enumerate(dims):
        for position, text in _axis_labels(dim):
            ax.text(k, position, f" {text}", fontsize="x-small", va="center", ha="left")
    ax.set_xticks(range(len(dims)))
    ax.set_xticklabels([n for _, n, _, _ in dims], rotation=30, ha="right")
    ax.set_ylabel("position in range (0 = low, 1 = high)")
    ax.set_title(f"Parallel coordinates ({len(scores)} evaluations)")
    mappable = plt.cm.ScalarMappable(cmap=cmap, norm=plt.Normalize(scores.min(), scores.max()))
    ax.figure.colorbar(mappable, ax=ax, label=score_key(search)[len("mean_test_"):])
    ax.legend()
    return ax


def _axis_labels(dim, max_choices=12) -> list[tuple[float, str]]:
    """(position, text) pairs along a parallel-coordinates axis: a categorical
    dimension's choices where they are encoded (none past ``max_choices``), else
    the range's bounds."""
    if isinstance(dim, Categorical):
        if len(dim.categories) > max_choices:
            return []
        return [(float(np.ravel(dim.encode([c]))[0]), _short(c)) for c in dim.categories]
    if isinstance(dim, (Integer, Real)):
        return [(0.0, f"{dim.low:g}"), (1.0, f"{dim.high:g}")]
    return []


def _block(U):
    return U[:, 0] if U.ndim == 2 and U.shape[1] == 1 else U


def _numeric(values) -> bool:
    return all(isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool)
               for v in values)


def _short(value) -> str:
    text = type(value).__name__ + "()" if hasattr(value, "get_params") else repr(value)
    return text if len(text) <= 20 else text[:17] + "..."


def _positions(values, like=None):
    """x positions: the values themselves if numeric, else their index among ``like``."""
    if _numeric(values) and (like is None or _numeric(like)):
        return np.asarray(values, dtype=float)
    reference = [repr(v) for v in (like if like is not None else values)]
    return np.array([reference.index(repr(v)) if repr(v) in reference else np.nan for v in values])
