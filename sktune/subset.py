"""Feature subsets: a transformer that keeps chosen columns, and a dimension to search them.

Put a :class:`ColumnSubset` in a pipeline and a :class:`Subset` in the search space
(``{"select__columns": Subset(features, min_size=2)}``): every search class then
chooses which features (or named groups of features) to keep together with the
model's hyperparameters.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_is_fitted

from ._sklearn_compat import check_input_columns, select_columns
from .dimensions import Dimension, check_choices, is_integer, same_value
from .optimizers._base import UnitDimension

_OFF, _ON = 0.25, 0.75


def _snap_bit(u):
    """A subset bit's canonical coordinate (a function, not a lambda: searches pickle)."""
    return np.where(u >= 0.5, _ON, _OFF)


class ColumnSubset(TransformerMixin, BaseEstimator):
    """Keep a subset of the columns of ``X``.

    Works on numpy arrays, sparse matrices and pandas or polars DataFrames (a
    DataFrame stays a DataFrame of its library), in a ``Pipeline`` or a
    ``ColumnTransformer``.

    Parameters
    ----------
    columns : array-like, default=None
        Which columns to keep: a boolean mask, integer positions, column names (for a
        DataFrame), or names of ``groups``. None keeps every column.
    groups : dict of str -> list, default=None
        Named groups of columns (positions or names). Naming a group in ``columns``
        keeps all of its columns.

    Attributes
    ----------
    columns_ : ndarray of int
        Positions of the kept columns, in their order in ``X``.
    n_features_in_ : int
        Number of columns seen in ``fit``.
    feature_names_in_ : ndarray of str
        Column names seen in ``fit``, when ``X`` has them.

    Examples
    --------
    >>> import numpy as np
    >>> from sktune import ColumnSubset
    >>> X = np.arange(12).reshape(3, 4)
    >>> ColumnSubset(columns=["odd"], groups={"odd": [1, 3]}).fit_transform(X)
    array([[ 1,  3],
           [ 5,  7],
           [ 9, 11]])
    """

    def __init__(self, columns=None, groups=None):
        self.columns = columns
        self.groups = groups

    def __sklearn_tags__(self):
        # values pass through untouched: any dtype, NaN, sparse, strings
        tags = super().__sklearn_tags__()
        tags.no_validation = True
        tags.input_tags.allow_nan = True
        tags.input_tags.sparse = True
        tags.input_tags.string = True
        tags.input_tags.categorical = True
        return tags

    def _more_tags(self):  # the same, for scikit-learn < 1.6
        return {"no_validation": True, "allow_nan": True, "X_types": ["2darray", "sparse", "string", "categorical"]}

    def fit(self, X, y=None):
        """Resolve ``columns`` against the columns of ``X``.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Input data.
        y : ignored

        Returns
        -------
        self : ColumnSubset
            The fitted transformer.
        """
        n_features = _n_columns(X)
        names = np.asarray(X.columns, dtype=object) if hasattr(X, "columns") else None
        check_input_columns(self, X, reset=True)
        self.columns_ = resolve_columns(self.columns, self.groups, n_features, names)
        return self

    def transform(self, X):
        """Keep the chosen columns.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Data with the columns seen in ``fit``.

        Returns
        -------
        X_subset : array-like or DataFrame of shape (n_samples, n_kept)
            The kept columns.
        """
        check_is_fitted(self, "columns_")
        _n_columns(X)
        check_input_columns(self, X, reset=False)
        if sparse.issparse(X):
            # CSR and CSC slice their columns as they are; other formats cannot slice
            if X.format not in ("csr", "csc"):
                X = X.tocsr()
            return X[:, self.columns_]
        if hasattr(X, "columns"):
            return select_columns(X, self.columns_)
        return np.asarray(X)[:, self.columns_]

    def get_feature_names_out(self, input_features=None):
        """Names of the kept columns.

        Parameters
        ----------
        input_features : array-like of str, default=None
            Input names; defaults to ``feature_names_in_`` or ``x0, x1, ...``.

        Returns
        -------
        feature_names_out : ndarray of str
            The kept names.
        """
        check_is_fitted(self, "columns_")
        if input_features is None:
            input_features = getattr(self, "feature_names_in_", None)
        if input_features is None:
            input_features = [f"x{i}" for i in range(self.n_features_in_)]
        return np.asarray(input_features, dtype=object)[self.columns_]


def _n_columns(X) -> int:
    shape = getattr(X, "shape", None)
    if shape is None:
        shape = np.asarray(X).shape
    if len(shape) != 2:
        raise ValueError(
            f"X must be 2-dimensional. Got shape {tuple(shape)} instead. Reshape your data "
            "with X.reshape(-1, 1) if it is one feature, or X.reshape(1, -1) if it is one sample."
        )
    return int(shape[1])


def resolve_columns(columns, groups, n_features: int, names=None) -> np.ndarray:
    """Positions of the columns that ``columns`` (and ``groups``) select.

    Raises a ValueError naming what does not exist among the data's columns.
    """
    if columns is None:
        return np.arange(n_features)
    items = check_choices(columns, "columns", "column positions, names or group names, or a mask")
    if items and all(isinstance(c, (bool, np.bool_)) for c in items):
        if len(items) != n_features:
            raise ValueError(
                f"columns as a boolean mask must have one entry per feature ({n_features}). "
                f"Got {len(items)} entries instead."
            )
        positions = np.flatnonzero(items)
    else:
        expanded = []
        for item in items:
            if groups is not None and isinstance(item, str) and item in groups:
                expanded.extend(groups[item])
            else:
                expanded.append(item)
        positions = np.array([_position(c, n_features, names) for c in expanded], dtype=int)
    if len(positions) == 0:
        raise ValueError("columns must select at least one column. Got an empty selection.")
    return np.unique(positions)


def _position(column, n_features, names) -> int:
    if is_integer(column):
        if not -n_features <= column < n_features:
            raise ValueError(
                f"column {column} does not exist: X has {n_features} columns."
            )
        return int(column) % n_features
    if names is None:
        raise ValueError(
            f"column {column!r} is a name, but X has no column names (pass a DataFrame, "
            "or name groups of positions with groups=)."
        )
    matches = np.flatnonzero(names == column)
    if len(matches) == 0:
        raise ValueError(f"column {column!r} is not among X's columns {list(names)!r}.")
    return int(matches[0])


class Subset(Dimension):
    """A search dimension choosing a subset of ``features``.

    Its values are lists of the chosen items, in the order of ``features``: pass them
    to :class:`ColumnSubset` (``columns``). ``None`` (ColumnSubset's default) is read
    as every feature, so an untouched pipeline counts as a point of the space. Each item owns one column of the unit
    cube (a bit), which the Bayesian model and the genetic operators both handle.

    Parameters
    ----------
    features : list
        The items to choose from: column positions, column names, or names of groups
        declared in the :class:`ColumnSubset`.
    min_size : int, default=1
        Fewest items chosen.
    max_size : int, default=None
        Most items chosen; all of them by default.
    name : str, optional
        Parameter name.

    Examples
    --------
    >>> from sktune import Subset
    >>> Subset(["age", "income", "city"], min_size=2).decode([[0.9, 0.1, 0.4]])
    [['age', 'city']]
    """

    def __init__(self, features, min_size=1, max_size=None, name=None):
        if isinstance(features, Mapping):
            raise TypeError(
                "features must be a list of columns or group names. Got a dict instead: "
                "declare groups in ColumnSubset(groups={...}) and pass their names here, "
                f"e.g. Subset({list(features)[:3]!r})."
            )
        if isinstance(features, (set, frozenset)):
            raise TypeError(
                "features must be an ordered list (a set's order changes between "
                "runs, and with it the search). Got a set instead."
            )
        self.features = check_choices(features, "features", "columns or group names")
        if not self.features:
            raise ValueError("features must not be empty. Got an empty list instead.")
        for i, feature in enumerate(self.features):
            if any(same_value(feature, other) for other in self.features[:i]):
                raise ValueError(
                    f"features must not repeat an item: {feature!r} appears more than once."
                )
        self.min_size = min_size
        self.max_size = len(self.features) if max_size is None else max_size
        if not is_integer(min_size) or not 1 <= min_size <= len(self.features):
            raise ValueError(
                f"min_size must be an integer in [1, {len(self.features)}]. Got {min_size!r} instead."
            )
        if not is_integer(self.max_size) or not (
            min_size <= self.max_size <= len(self.features)
        ):
            raise ValueError(
                f"max_size must be an integer in [min_size, {len(self.features)}]. "
                f"Got {max_size!r} instead."
            )
        self.name = name

    @property
    def n_columns(self) -> int:
        return len(self.features)

    @property
    def n_configurations(self) -> int:
        """How many subsets the size limits allow."""
        n = len(self.features)
        return sum(math.comb(n, k) for k in range(self.min_size, self.max_size + 1))

    def _chosen(self, U) -> np.ndarray:
        """Boolean choices of each row, repaired to respect the size limits.

        ``U`` has one row per subset; a vector is one row, or, for a single
        feature, one value per subset.
        """
        U = np.asarray(U, dtype=float).reshape(-1, self.n_columns)
        chosen = U >= 0.5
        for row, u in zip(chosen, U):
            count = row.sum()
            if count < self.min_size:
                off = np.flatnonzero(~row)
                row[off[np.argsort(-u[off], kind="stable")[: self.min_size - count]]] = True
            elif count > self.max_size:
                on = np.flatnonzero(row)
                row[on[np.argsort(u[on], kind="stable")[: count - self.max_size]]] = False
        return chosen

    def sample(self, n_samples=1, random_state=None) -> list:
        rng = check_random_state(random_state)
        return self.decode(rng.uniform(size=(n_samples, self.n_columns)))

    def encode(self, values) -> np.ndarray:
        X = np.full((len(values), self.n_columns), _OFF)
        for i, value in enumerate(values):
            if value is None:  # ColumnSubset's default: every column
                X[i] = _ON
                continue
            for item in value:
                X[i, self._index(item)] = _ON
        return X

    def decode(self, U) -> list:
        return [[f for f, on in zip(self.features, row) if on] for row in self._chosen(U)]

    def snap_columns(self, U) -> np.ndarray:
        """Canonical coordinates of the subsets that rows of ``U`` decode to."""
        return np.where(self._chosen(U), _ON, _OFF)

    def _index(self, item) -> int:
        for i, feature in enumerate(self.features):
            if same_value(feature, item):
                return i
        raise ValueError(f"{item!r} is not one of the features {self.features!r}.")

    def contains(self, value) -> bool:
        if value is None:  # every feature, as ColumnSubset(columns=None) keeps
            return self.max_size == len(self.features)
        try:
            items = list(value)
            positions = {self._index(item) for item in items}
        except (TypeError, ValueError):
            return False
        return len(positions) == len(items) and self.min_size <= len(items) <= self.max_size

    def describe(self, value) -> str:
        return "None (every feature)" if value is None else repr(value)

    def unit_dimension(self) -> UnitDimension:
        return self.unit_dimensions()[0]

    def unit_dimensions(self) -> list[UnitDimension]:
        levels = np.array([_OFF, _ON])
        bit = UnitDimension("integer", n_levels=2, levels=levels, snap=_snap_bit)
        return [bit] * self.n_columns

    def _key(self):
        return (tuple(map(repr, self.features)), self.min_size, self.max_size, self.name)

    def __repr__(self):
        return (
            f"Subset({self.features!r}, min_size={self.min_size}, max_size={self.max_size}, "
            f"name={self.name!r})"
        )
