"""Warm starts: the ``initial_points`` a search begins from, as parameter dicts to
evaluate first or as an earlier search's ``cv_results_`` whose scores are told to the
optimizer without fitting again."""

from __future__ import annotations

import ast
import numbers
import warnings

import numpy as np
from sklearn.base import clone

from ._evaluations import on_largest_resource
from ._sklearn_compat import int_and_float_differ
from .dimensions import same_value


def points_in_space(space, configs, estimator) -> tuple[list[int], list[dict]]:
    """Which ``configs`` are points of ``space``: their indices, and the points.

    A configuration that also sets parameters outside the space counts when it sets
    them to the estimator's own values (as a halving search's rows set its resource
    parameter): it is then the same model as that point of the space.
    """
    own = estimator.get_params(deep=True)
    names = set(space.names)
    rows, points = [], []
    for i, config in enumerate(configs):
        point = {k: v for k, v in config.items() if k in names}
        fixed = all(k in own and same_value(v, own[k]) for k, v in config.items() if k not in names)
        if fixed and space.contains(point) and not numbers_read_differently(space, point, estimator):
            rows.append(i)
            points.append(point)
    return rows, points


def is_point_of(space, config, estimator) -> bool:
    """Whether ``config`` is a point of ``space`` (see :func:`points_in_space`)."""
    return bool(points_in_space(space, [config], estimator)[0])


def configured(estimator, config):
    """A copy of ``estimator`` set to ``config``, whose values are copied too (setting a
    step and then its parameters would change the step given); ``ValueError`` when
    ``config`` sets a parameter the estimator, or a step it chooses, lacks."""
    return clone(estimator).set_params(**clone(config, safe=False))


def numbers_read_differently(space, config, estimator) -> dict:
    """``config``'s numbers that ``space`` holds only as the other numeric type (``1``
    for ``1.0``) where the estimator reads the two differently (``max_features``: one
    feature or all of them), each with the space's value. ``config`` is a point of
    ``space``.
    """
    canonical = space.decode(space.encode([config]))[0]
    retyped = [
        name for name, value in config.items()
        if _is_number(value) and _is_number(canonical.get(name))
        and _is_int(value) != _is_int(canonical[name])
    ]
    if not retyped:
        return {}
    try:  # the steps this configuration chooses decide, not the estimator's own
        estimator = configured(estimator, config)
    except ValueError:
        pass
    return {name: canonical[name] for name in retyped if int_and_float_differ(estimator, name)}


def _is_number(value) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


def _is_int(value) -> bool:
    return isinstance(value, numbers.Integral)


def warn_unused_results(n_unused: int, n_results: int) -> None:
    """Say that some of the ``initial_points`` results fit no space."""
    if n_unused:
        warnings.warn(
            f"{n_unused} of the {n_results} results in initial_points are not given to the "
            "optimizer: they are not points of search_spaces, or they set parameters "
            "outside it to values other than the estimator's.",
            UserWarning,
        )


def _metric_of(names, scoring, refit) -> str:
    """Which of a ``cv_results_``'s metrics (``mean_test_<name>`` for ``names``) a
    search with ``scoring`` and ``refit`` optimises.

    With one metric there, that one. With several, the ``refit`` metric of a search
    that also has several, or, for a search of one metric, the column named as its
    ``scoring`` string or ``'score'``; anything else is ambiguous and refused.
    """
    if len(names) == 1:
        return names[0]
    if isinstance(refit, str):  # several metrics here too: the one refitted on
        return refit
    if isinstance(scoring, (list, tuple, dict)):  # several, refit callable or False: the first
        return names[0]
    for name in (scoring, "score"):
        if isinstance(name, str) and name in names:
            return name
    raise ValueError(
        f"initial_points holds the scores of several metrics {sorted(names)!r}, and which "
        f"of them is this search's scoring={scoring!r} cannot be told. Add its scores as "
        "results['mean_test_score'] (e.g. = results['mean_test_<name>']); a column named "
        "as a scoring string ('mean_test_roc_auc' for scoring='roc_auc') is found without it."
    )


def parse_initial_points(initial_points, scoring, refit, estimator, spaces):
    """``(configs, scores)`` of a warm start; ``scores`` is None when they must be fitted.

    ``initial_points`` is a list of parameter dicts, or a ``cv_results_`` dict whose
    rows of its largest ``n_resources`` (all rows, when it has no such column) come
    with their scores of the metric the search optimises (see :func:`_metric_of`).
    """
    if initial_points is None:
        return [], None
    if hasattr(initial_points, "columns") and not isinstance(initial_points, dict):
        initial_points = frame_as_initial_points(initial_points)
    if isinstance(initial_points, dict):
        names = [k[len("mean_test_") :] for k in initial_points if k.startswith("mean_test_")]
        if "params" not in initial_points or not names:
            raise ValueError(
                "initial_points given as a dict must be a search's cv_results_, with "
                f"'params' and 'mean_test_*' entries. Got the keys {sorted(initial_points)!r}."
            )
        key = f"mean_test_{_metric_of(names, scoring, refit)}"
        if key not in initial_points:
            raise ValueError(
                f"initial_points has no {key!r} column for refit={refit!r}; it has "
                f"{sorted(k for k in initial_points if k.startswith('mean_test_'))!r}."
            )
        rows = np.arange(len(initial_points["params"]))
        if "n_resources" in initial_points:
            rows = rows[on_largest_resource(initial_points["n_resources"])]
        configs = [dict(initial_points["params"][i]) for i in rows]
        scores = np.asarray(initial_points[key], dtype=float)[rows]
    elif isinstance(initial_points, (list, tuple)) and all(isinstance(c, dict) for c in initial_points):
        configs, scores = [dict(c) for c in initial_points], None
    else:
        raise ValueError(
            "initial_points must be a list of parameter dicts, a search's cv_results_, or "
            f"a DataFrame of either. Got {initial_points!r} instead."
        )
    valid = set(estimator.get_params(deep=True))
    for space in spaces:
        valid.update(space.names)
    for config in configs:
        unknown = sorted(set(config) - valid)
        if unknown:
            raise ValueError(
                f"initial_points sets {unknown!r}, which are neither parameters of the "
                "estimator nor dimensions of search_spaces."
            )
    if scores is None:  # to be fitted: each must set parameters its own estimator has
        for i, config in enumerate(configs):
            try:
                configured(estimator, config)
            except ValueError as error:
                raise ValueError(
                    f"initial_points[{i}] = {config!r} cannot be set on the estimator: {error}"
                ) from None
    return configs, scores


def frame_as_initial_points(frame):
    """A DataFrame (pandas, polars) of ``initial_points`` as :func:`parse_initial_points`
    reads them: a ``cv_results_`` dict when it has ``mean_test_*`` columns, else a list
    of parameter dicts, one per row.

    The parameters come from a ``params`` column holding dicts (a ``cv_results_``
    turned into a DataFrame), else from the ``param_*`` columns (one saved to CSV and
    read back, whose ``params`` are strings, and whose columns mixing numbers with
    text, such as ``'scale'`` and values of ``gamma``, hold numbers as text), else
    from every column (a frame of configurations). Missing values, a
    ``cv_results_``'s inactive parameters, are left out of their row.
    """
    columns = [str(name) for name in frame.columns]
    data = {name: [_scalar(v) for v in frame[original].to_list()]
            for name, original in zip(columns, frame.columns)}
    n_rows = len(frame)
    if "params" in data and all(isinstance(p, dict) for p in data["params"]):
        params = [dict(p) for p in data["params"]]
    else:
        names = [c for c in columns if c.startswith("param_")]
        prefix, read = ("param_", _value_from_text) if names else ("", lambda value: value)
        params = [{c[len(prefix):]: read(data[c][i]) for c in names or columns
                   if not _missing(data[c][i])} for i in range(n_rows)]
    if any(c.startswith("mean_test_") for c in columns):
        return {**data, "params": params}
    return params


def _value_from_text(value):
    """A CSV cell as the value CSV wrote: ``'0.25'`` as ``0.25``, ``'3'`` as ``3``, and
    a list or tuple of plain values (a feature subset's ``'[0, 2]'``, a layer sizes
    tuple's ``'(10, 10)'``) as that list or tuple; anything else unchanged.

    Lists and tuples are read with :func:`ast.literal_eval`, which builds literals
    only and never runs code.
    """
    if not isinstance(value, str):
        return value
    for kind in (int, float):
        try:
            return kind(value)
        except ValueError:
            pass
    text = value.strip()
    if text[:1] in ("[", "(") and text[-1:] in ("]", ")"):
        try:
            parsed = ast.literal_eval(text)
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            return value
        if isinstance(parsed, (list, tuple)):
            return parsed
    return value


def _scalar(value):
    """A DataFrame cell as a plain Python value (``np.int64(3)`` as ``3``)."""
    return value.item() if isinstance(value, np.generic) else value


def _missing(value) -> bool:
    if value is None or type(value).__name__ in ("NAType", "NaTType"):
        return True
    return isinstance(value, float) and value != value
