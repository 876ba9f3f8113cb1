"""Feature subsets: a transformer that keeps chosen columns, and a dimension to search them.

Put a :class:`ColumnSubset` in a pipeline and a :class:`Subset` in the search space
(``{"select__columns": Subset(features, min_size=2)}``): every search class then
chooses which features (or named groups of features) to keep together with the
model's hyperparameters.
"""

from __future__ import annotations

import math
import numbers
import warnings
from collections.abc import Mapping

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, OneToOneFeatureMixin, TransformerMixin
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_is_fitted

from ._sklearn_compat import check_input_columns, select_columns
from .dimensions import Categorical, Dimension, check_choices, same_value
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
    if isinstance(column, numbers.Integral) and not isinstance(column, bool):
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
        if not isinstance(min_size, numbers.Integral) or not 1 <= min_size <= len(self.features):
            raise ValueError(
                f"min_size must be an integer in [1, {len(self.features)}]. Got {min_size!r} instead."
            )
        if not isinstance(self.max_size, numbers.Integral) or not (
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


_UNKNOWN_NAMES = object()  # column names that may or may not reach a step


def check_subsets_fit_data(estimator, space, n_features: int, names=None) -> None:
    """Raise before any fit if a Subset names columns the data does not have.

    Checked for subsets of a :class:`ColumnSubset` whose input sktune can tell from
    the search's ``X``: a step of a pipeline after nothing but one-to-one
    transformers (scalers), a branch of a ``FeatureUnion``, or a branch of a
    ``ColumnTransformer`` that lists its columns. Other steps see transformed data
    and are not checked; after a scaler, column names are checked only when known.
    """
    params = estimator.get_params(deep=True)
    searched = set(space.dimension_params)
    for dim, param in zip(space.dimensions, space.dimension_params):
        if not isinstance(dim, Subset) or param is None or not param.endswith("__columns"):
            continue
        owner_name = param[: -len("__columns")]
        owner = params.get(owner_name)
        if not isinstance(owner, ColumnSubset) or f"{owner_name}__groups" in searched:
            continue  # groups searched too are known only candidate by candidate
        received = _columns_reaching(estimator, owner_name, n_features, names)
        if received is None:
            continue
        n_received, received_names = received
        source = "X" if n_received == n_features else f"the input of {owner_name!r}"
        if owner.groups is None and len(dim.features) > n_received:
            raise ValueError(
                f"search space entry {param!r}: the Subset has {len(dim.features)} features "
                f"but {source} has only {n_received} columns."
            )
        if received_names is _UNKNOWN_NAMES:
            if owner.groups is not None or not all(
                isinstance(f, numbers.Integral) for f in dim.features
            ):
                continue  # names, which depend on the steps' output format
            received_names = None
        try:
            chosen = resolve_columns(dim.features, owner.groups, n_received, received_names)
        except ValueError as exc:
            raise ValueError(f"search space entry {param!r}: {exc}") from None
        if dim.min_size >= len(dim.features):
            left_out = np.setdiff1d(np.arange(n_received), chosen)  # never chosen
        else:
            left_out = np.arange(n_received)  # any column, by some subset
        following = _step_after(estimator, owner_name)
        if following is None:
            continue
        if len(left_out) and _is_column_transformer(following[1]):
            _check_listed_columns(param, owner_name, *following, left_out, n_received,
                                  received_names)
        sizes = _subset_sizes(dim, owner, n_received, received_names)
        if sizes is not None:
            _check_columns_asked(param, space, *following, *sizes)


def _step_after(estimator, path: str):
    """``(path, step)`` of the first step after the pipeline step at ``path``
    (``a__b``) that may change the columns it receives (a nested pipeline's too),
    when only one-to-one steps lie between them; else None."""
    from sklearn.pipeline import Pipeline

    parent, _, last = path.rpartition("__")
    prefix = f"{parent}__" if parent else ""
    container = _step_at(estimator, parent) if parent else estimator
    if not isinstance(container, Pipeline):
        return None
    names = [name for name, _ in container.steps]
    if last not in names:
        return None
    return _first_changing_step(container.steps[names.index(last) + 1:], prefix)


def _step_at(estimator, path: str):
    """The step at ``path`` (``a__b``) of pipelines, feature unions and column
    transformers, or None."""
    from sklearn.compose import ColumnTransformer
    from sklearn.pipeline import FeatureUnion, Pipeline

    for head in path.split("__"):
        if isinstance(estimator, Pipeline):
            branches = dict(estimator.steps)
        elif isinstance(estimator, FeatureUnion):
            branches = dict(estimator.transformer_list)
        elif isinstance(estimator, ColumnTransformer):
            branches = {name: step for name, step, _ in estimator.transformers}
        else:
            return None
        if head not in branches:
            return None
        estimator = branches[head]
    return estimator


def _first_changing_step(steps, prefix=""):
    """``(path, step)`` of the first of pipeline ``steps`` (inside a nested pipeline
    too) that may change the columns it receives, or None."""
    from sklearn.pipeline import Pipeline

    for name, step in steps:
        if isinstance(step, Pipeline):
            return _first_changing_step(step.steps, f"{prefix}{name}__")
        if not _keeps_columns(step):
            return prefix + name, step
    return None


def _is_column_transformer(step) -> bool:
    from sklearn.compose import ColumnTransformer

    return isinstance(step, ColumnTransformer)


def _subset_sizes(dim, owner, n_received: int, names):
    """``(fewest, most)`` columns the subsets of ``dim`` keep, or None if unknown."""
    if owner.groups is None:
        return dim.min_size, dim.max_size
    if names is _UNKNOWN_NAMES:
        return None
    try:
        widths = sorted(len(resolve_columns([g], owner.groups, n_received, names))
                        for g in dim.features)
    except ValueError:
        return None
    return sum(widths[: dim.min_size]), sum(widths[-dim.max_size:])


def _columns_asked_by(step):
    """``(parameter, extra)`` of a step whose fit fails when that parameter asks for
    more than (its value + ``extra``) columns it receives, or None."""
    from sklearn.cross_decomposition import PLSRegression
    from sklearn.decomposition import PCA, IncrementalPCA, TruncatedSVD
    from sklearn.discriminant_analysis import LinearDiscriminantAnalysis
    from sklearn.feature_selection import SequentialFeatureSelector

    if isinstance(step, PLSRegression):  # wavelengths chosen with the components, say
        return "n_components", 0
    if isinstance(step, (PCA, IncrementalPCA, TruncatedSVD, LinearDiscriminantAnalysis)):
        arpack = "arpack" in (getattr(step, "svd_solver", None), getattr(step, "algorithm", None))
        return "n_components", int(arpack)  # ARPACK leaves one out
    if isinstance(step, SequentialFeatureSelector):
        return "n_features_to_select", 1  # it must leave one column out
    return None


def _check_columns_asked(param, space, step_path, step, fewest, most):
    """Raise if the step fed by the subsets of ``param`` asks for more columns than
    any subset keeps (every fit would fail); warn if more than the smallest keep.

    The step may be the estimator's own or a choice of the space at its path; its
    count may be fixed or searched (then the largest value searched counts).
    """
    steps = [step]
    if step_path in space.names:
        steps = [c for d in space.dimensions_of(step_path) if isinstance(d, Categorical)
                 for c in d.categories if isinstance(c, BaseEstimator)]
    for candidate in steps:
        asked = _columns_asked_by(candidate)
        if asked is None:
            continue
        count_name, extra = asked
        searched = f"{step_path}__{count_name}"
        if searched in space.names:
            values = _largest_count(space.dimensions_of(searched))
            how = f"searches {count_name} up to {values}"
        else:
            values = candidate.get_params()[count_name]
            how = f"has {count_name}={values}"
        if not isinstance(values, numbers.Integral) or isinstance(values, bool):
            continue
        needed = values + extra
        where = (f"search space entry {param!r}: step {step_path!r} "
                 f"({type(candidate).__name__}) {how}")
        if needed > most and searched not in space.names:
            raise ValueError(
                f"{where}, which needs {needed} columns, but the subsets keep at most "
                f"{most}: every fit would fail. Lower {count_name}, or raise the Subset's "
                "max_size."
            )
        if needed > fewest:
            warnings.warn(
                f"{where}, which needs {needed} columns, but the smallest subsets keep "
                f"{fewest}: those fits will fail and score error_score. Raise the "
                f"Subset's min_size, or lower {count_name}.",
                UserWarning,
            )


def _largest_count(dimensions):
    """The largest integer the ``dimensions`` of one parameter can give, or None."""
    largest = None
    for dim in dimensions:
        if isinstance(dim, Categorical):
            counts = [c for c in dim.categories
                      if isinstance(c, numbers.Integral) and not isinstance(c, bool)]
            top = max(counts, default=None)
        else:
            top = getattr(dim, "high", None)
            if not isinstance(top, numbers.Integral):
                return None  # a Real: a fraction of the variance, say
        if top is not None:
            largest = top if largest is None else max(largest, top)
    return largest


def _check_listed_columns(param, owner_name, ct_name, ct, left_out, n_received, names):
    """Raise if a branch of ``ct``, which follows a searched ``ColumnSubset``, lists a
    column the subsets may leave out by name (those fits would fail) or lists
    columns by position (they move when a column before them is left out)."""
    advice = (
        f"Search a ColumnSubset at the start of each of its branches instead (e.g. "
        f"'{ct_name}__<branch>__<subset>__columns'), or let it pick its columns with "
        "sklearn.compose.make_column_selector."
    )
    where = (f"search space entry {param!r}: the ColumnTransformer {ct_name!r} after "
             f"ColumnSubset {owner_name!r}")
    names_left_out = set() if names is None or names is _UNKNOWN_NAMES else set(names[left_out])
    for branch, _, columns in ct.transformers:
        if callable(columns):
            continue
        if isinstance(columns, slice):
            if columns.start in (None, 0) and columns.stop is None and columns.step in (None, 1):
                continue  # every column that arrives
            listed = columns
        else:
            listed = [columns] if isinstance(columns, (str, numbers.Integral)) else list(columns)
            if all(isinstance(c, str) for c in listed):
                missing = [c for c in listed if c in names_left_out]
                if missing:
                    raise ValueError(
                        f"{where} picks columns {missing!r} by name in branch {branch!r}, "
                        f"and the Subset can leave them out: those fits would fail. {advice}"
                    )
                continue
        try:
            positions = np.arange(n_received)[listed]
        except (IndexError, TypeError):
            continue  # the ColumnTransformer reports its own errors
        if len(positions) and left_out.min() <= positions.max():
            raise ValueError(
                f"{where} picks the columns of branch {branch!r} by position, and positions "
                "move when a subset leaves a column out, so that branch would get other "
                f"columns. {advice}"
            )


def _keeps_columns(step) -> bool:
    """Whether a pipeline step passes its input's columns on as they are (in number
    and order): nothing, ``'passthrough'``, or a one-to-one transformer (a scaler)."""
    return step is None or step == "passthrough" or isinstance(step, OneToOneFeatureMixin)


def _columns_reaching(estimator, path: str, n_features: int, names):
    """``(n_features, names)`` of the data the step at ``path`` (``a__b``) receives.

    None when that cannot be told without fitting: a step after one that may change
    the columns, a column selector given as a callable, a meta-estimator sktune does
    not know. After one-to-one steps the names are ``_UNKNOWN_NAMES``: whether they
    survive depends on the steps' output format.
    """
    from sklearn.compose import ColumnTransformer  # only needed here, and slow to import
    from sklearn.pipeline import FeatureUnion, Pipeline

    if not path:
        return n_features, names
    head, _, rest = path.partition("__")
    if isinstance(estimator, Pipeline):
        for name, step in estimator.steps:
            if name == head:
                return _columns_reaching(step, rest, n_features, names)
            if not _keeps_columns(step):
                return None
            names = _UNKNOWN_NAMES
        return None
    if isinstance(estimator, FeatureUnion):
        branches = dict(estimator.transformer_list)
        if head not in branches:
            return None
        return _columns_reaching(branches[head], rest, n_features, names)
    if isinstance(estimator, ColumnTransformer):
        branches = {name: (step, columns) for name, step, columns in estimator.transformers}
        if head not in branches or names is _UNKNOWN_NAMES:
            return None
        step, columns = branches[head]
        positions = _listed_columns(columns, n_features, names)
        if positions is None:
            return None
        chosen_names = None if names is None else names[positions]
        return _columns_reaching(step, rest, len(positions), chosen_names)
    return None


def _listed_columns(columns, n_features: int, names):
    """Positions a ``ColumnTransformer`` branch's ``columns`` select, if listed."""
    if isinstance(columns, slice):
        if all(isinstance(v, (numbers.Integral, type(None))) for v in
               (columns.start, columns.stop, columns.step)):
            return np.arange(n_features)[columns]
        return None
    if callable(columns) or isinstance(columns, (str, numbers.Integral)):
        return None  # a selector, or a single column passed on as 1-D
    try:
        return resolve_columns(columns, None, n_features, names)
    except ValueError:
        return None  # the ColumnTransformer reports its own errors
