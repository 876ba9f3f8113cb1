"""Rows that scikit-learn's ``BaseSearchCV`` did not score itself, merged into its
``cv_results_``: evaluations replayed from a checkpoint, put before the new ones, and
wholly failed candidates, put back at their places. Columns and ranks follow
scikit-learn's layout.
"""

from __future__ import annotations

import numpy as np
from scipy.stats import rankdata


def param_column(n: int, values: dict) -> np.ma.MaskedArray:
    """A ``cv_results_['param_*']`` column: ``values`` by row, masked elsewhere.

    Numbers get a numeric dtype and anything else ``object``, as scikit-learn does.
    """
    dtype = np.dtype(object)
    try:
        inferred = np.array(list(values.values()))
    except ValueError:
        inferred = None
    if inferred is not None and inferred.ndim == 1 and inferred.dtype.kind in "biuf":
        dtype = inferred.dtype
    column = np.ma.MaskedArray(np.empty(n, dtype=dtype), mask=True)
    for i, value in values.items():
        column[i] = value
    return column


def prepend_rows(rows: list, results: dict) -> dict:
    """``cv_results_`` with the ``(params, values)`` ``rows`` before ``results``' rows."""
    params = [p for p, _ in rows] + list(results["params"])
    names = []
    for p in params:
        names.extend(n for n in p if n not in names)
    merged = {}
    for key, value in results.items():
        if key.startswith("rank_"):
            continue
        if key.startswith("param_"):
            if "params" in merged or any(k.startswith("param_") for k in merged):
                continue
            for name in names:
                merged[f"param_{name}"] = param_column(
                    len(params), {i: p[name] for i, p in enumerate(params) if name in p}
                )
        elif key == "params":
            merged[key] = params
        else:
            prior = [np.nan if v.get(key) is None else v.get(key) for _, v in rows]
            merged[key] = np.concatenate([np.asarray(prior), np.asarray(value)])
    for key in results:
        if key.startswith("rank_"):
            merged[key] = _rank(merged["mean_" + key[len("rank_") :]])
    return merged


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
            mask = np.ma.getmaskarray(value)
            entries = {int(new): value[i] for i, new in enumerate(order) if not mask[i]}
            entries.update({pos: p[name] for pos, p in failed_at.items() if name in p})
            merged[key] = param_column(n_total, entries)
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
