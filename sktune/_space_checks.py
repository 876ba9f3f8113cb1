"""A search space checked against the estimator it tunes and the data, before anything
is fitted.

Every name of the space must be a parameter of the estimator (of each choice of a
searched step it hangs under), and every value one that scikit-learn's own checks of
that parameter accept; a ``Real`` whose end alone is refused is searched without it.
Every feature subset must fit the columns that reach its ``ColumnSubset``, and the
steps after it must not depend on columns a subset can leave out.
"""

from __future__ import annotations

import numbers
import warnings

import numpy as np
from sklearn.base import BaseEstimator, OneToOneFeatureMixin

from ._sklearn_compat import invalid_value_message
from .dimensions import is_integer
from .space import Categorical, Distribution, Integer, Real, Space
from .subset import ColumnSubset, Subset, resolve_columns


def _searched_step(space: Space, index: int, name: str):
    """``(step, choices)`` of the longest searched step that parameter ``name`` hangs
    under, with the choices it is active with (dimension ``index``); None if none."""
    step = name
    while "__" in step:
        step = step.rpartition("__")[0]
        choices = space.choices_while_active(index, step)
        if choices is not None:
            return step, choices
    return None


def _full_name_hint(space: Space, index: int, name: str) -> str:
    """A hint when dimension ``index`` hangs under a choice of a step that has a
    parameter ``name``: the user gave its short name instead of ``step__name``."""
    for step in space.parents_of(index):
        choices = space.choices_while_active(index, step) or []
        if any(isinstance(c, BaseEstimator) and name in c.get_params() for c in choices):
            return (f" Parameters under a choice of {step!r} take their full names: "
                    f"{step + '__' + name!r}.")
    return ""


def check_param_names(estimator, space: Space) -> None:
    """Raise a ValueError naming any dimension that ``estimator`` does not have.

    A name under a searched step (``clf__C`` while ``clf`` itself is searched) must
    be a parameter of every choice of that step under which it is active: of the
    choices that switch it on, or of all of them when it is not conditional.
    """
    valid = estimator.get_params(deep=True)
    for index, name in enumerate(space.dimension_params):
        if name is None:
            continue
        searched = _searched_step(space, index, name)
        if searched is None:
            if name not in valid:
                raise ValueError(
                    f"Invalid parameter {name!r} in search_spaces for estimator "
                    f"{estimator!r}.{_full_name_hint(space, index, name)} Valid "
                    f"parameters are: {sorted(valid)!r}."
                )
            continue
        step, choices = searched
        sub = name[len(step) + 2 :]
        for choice in choices:
            if not (isinstance(choice, BaseEstimator) and sub in choice.get_params(deep=True)):
                raise ValueError(
                    f"Invalid parameter {name!r} in search_spaces: it is active when "
                    f"{step!r} is {choice!r}, which has no parameter {sub!r}."
                )


def parameter_owners(estimator, space: Space, index: int, name: str) -> list:
    """``(estimator, parameter)`` pairs that dimension ``index`` (named ``name``) sets:
    the step it hangs under, or each choice of a searched step it is active with."""
    searched = _searched_step(space, index, name)
    if searched is not None:
        step, choices = searched
        return [(c, name[len(step) + 2 :]) for c in choices if isinstance(c, BaseEstimator)]
    path, _, own = name.rpartition("__")
    owner = estimator.get_params(deep=True)[path] if path else estimator
    return [(owner, own)] if isinstance(owner, BaseEstimator) else []


def first_refusal(owners, value) -> str | None:
    """scikit-learn's message for the first of ``owners`` (``(estimator, parameter)``
    pairs, as :func:`parameter_owners` gives them) that refuses ``value``; None if all
    take it."""
    return next((message for owner, param in owners
                 if (message := invalid_value_message(owner, param, value)) is not None), None)


def check_param_values(estimator, space: Space) -> None:
    """Raise a ValueError for a value of the space that scikit-learn's own checks
    refuse for the parameter it goes to: a category, or either end of a range.

    Such a value fails every fit it is in (``'none'`` for ``penalty``, which
    scikit-learn removed; an ``Integer(0, 10)`` for ``n_neighbors``). A ``Real``
    whose end alone is refused (``Real(0, 10)`` for ``C``, ``Real(0, 1)`` for
    ``max_features``) is searched without that end instead, in ``space`` itself, as
    RandomizedSearchCV never draws it from ``uniform(0, 10)``.
    """
    for index, name in enumerate(space.dimension_params):
        if name is None:
            continue
        dim = space.dimensions[index]
        categorical = isinstance(dim, Categorical)
        if categorical:
            values = list(dim.categories)
        elif isinstance(dim, (Integer, Real, Distribution)):
            values = dim.decode([0.0, 1.0])  # its two ends
        else:  # a Subset, whose values go to sktune's ColumnSubset
            continue
        owners = parameter_owners(estimator, space, index, name)
        messages = [first_refusal(owners, value) for value in values]
        if isinstance(dim, Real) and any(messages):
            opened = dim._opened(*(message is not None for message in messages))
            if not any(first_refusal(owners, value) for value in opened.decode([0.0, 1.0])):
                space._replace_dimension(index, opened)
                continue
        for k, message in enumerate(messages):
            if message is None:
                continue
            where = ("one of its choices" if categorical else
                     f"the {('low', 'high')[k]} end of {dim!r}")
            raise ValueError(f"Invalid value {values[k]!r} for {name!r} in "
                             f"search_spaces ({where}). {message}")


_UNKNOWN_NAMES = object()  # column names that may or may not reach a step


def check_subsets_fit_data(estimator, space, n_features: int, names=None, varied=()) -> None:
    """Raise before any fit if a Subset names columns the data does not have.

    Checked for subsets of a :class:`ColumnSubset` whose input sktune can tell from
    the search's ``X``: a step of a pipeline after nothing but one-to-one
    transformers (scalers) or steps whose fixed parameters say how many columns they
    give (an integer ``n_components`` of a PCA), a branch of a ``FeatureUnion``, or a
    branch of a ``ColumnTransformer`` that lists its columns. Other steps see
    transformed data and are not checked; after such steps, column names are checked
    only when known. ``varied`` names parameters the search sets on candidates besides
    the space's (a halving search's resource).
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
        received = _columns_reaching(estimator, owner_name, n_features, names, space, varied)
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
    (``a__b``) that may change the columns it receives (a nested pipeline's too,
    and after a nested pipeline's end, the outer pipeline's next steps), when only
    one-to-one steps lie between them; else None."""
    from sklearn.pipeline import Pipeline

    parent, _, last = path.rpartition("__")
    prefix = f"{parent}__" if parent else ""
    container = _step_at(estimator, parent) if parent else estimator
    if not isinstance(container, Pipeline):
        return None
    names = [name for name, _ in container.steps]
    if last not in names:
        return None
    found = _first_changing_step(container.steps[names.index(last) + 1:], prefix)
    if found is None and parent:
        return _step_after(estimator, parent)
    return found


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
    count may be fixed or searched (then the smallest value searched decides the
    error, when every value is an integer, and the largest the warning).
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
        where = f"search space entry {param!r}: step {step_path!r} ({type(candidate).__name__})"
        if searched in space.names:
            least, values = _count_range(space.dimensions_of(searched))
            least_how = f"searches {count_name} from {least}"
            how = f"searches {count_name} up to {values}"
        else:
            least = values = candidate.get_params()[count_name]
            least_how = how = f"has {count_name}={values}"
        if is_integer(least) and least + extra > most:
            raise ValueError(
                f"{where} {least_how}, which needs {least + extra} columns, but the subsets "
                f"keep at most {most}: every fit would fail. Lower {count_name}, or raise "
                "the Subset's max_size."
            )
        if not is_integer(values):
            continue
        needed = values + extra
        if needed > fewest:
            warnings.warn(
                f"{where} {how}, which needs {needed} columns, but the smallest subsets keep "
                f"{fewest}: those fits will fail and score error_score. Raise the "
                f"Subset's min_size, or lower {count_name}.",
                UserWarning,
            )


def _count_range(dimensions):
    """``(smallest, largest)`` integer the ``dimensions`` of one parameter can give;
    either is None when unknown (a Real, say a fraction of the variance, or a
    category that is not an integer, such as None)."""
    smallest = largest = None
    all_integers = True
    for dim in dimensions:
        if isinstance(dim, Categorical):
            counts = [c for c in dim.categories if is_integer(c)]
            all_integers &= len(counts) == len(dim.categories)
            low, top = min(counts, default=None), max(counts, default=None)
        else:
            low, top = getattr(dim, "low", None), getattr(dim, "high", None)
            if not isinstance(top, numbers.Integral):
                return None, None
        if top is not None:
            largest = top if largest is None else max(largest, top)
            smallest = low if smallest is None else min(smallest, low)
    return (smallest if all_integers else None), largest


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


def _columns_reaching(estimator, path: str, n_features: int, names, space, varied=(), prefix=""):
    """``(n_features, names)`` of the data the step at ``path`` (``a__b``) receives.

    None when that cannot be told without fitting: a step after one that may change
    the columns (unless a parameter neither ``space`` nor ``varied`` changes sets how
    many it gives) or that ``space`` replaces by one that may (``prefix`` is
    ``estimator``'s path in the search's estimator), a column selector given as a
    callable, a meta-estimator sktune does not know. After such steps the names are
    ``_UNKNOWN_NAMES``: whether they survive depends on the steps' output format.
    """
    from sklearn.compose import ColumnTransformer  # only needed here, and slow to import
    from sklearn.pipeline import FeatureUnion, Pipeline

    if not path:
        return n_features, names
    head, _, rest = path.partition("__")
    inner = f"{prefix}{head}__"
    if isinstance(estimator, Pipeline):
        searched = [*space.names, *varied]
        for name, step in estimator.steps:
            if name == head:
                return _columns_reaching(step, rest, n_features, names, space, varied, inner)
            step_path = prefix + name
            if step_path in searched:
                if not all(isinstance(d, Categorical) and all(map(_keeps_columns, d.categories))
                           for d in space.dimensions_of(step_path)):
                    return None
            elif not _keeps_columns(step):
                if any(p.startswith(step_path + "__") for p in searched):
                    return None
                n_features = _columns_given_by(step, n_features)
                if n_features is None:
                    return None
            names = _UNKNOWN_NAMES
        return None
    if isinstance(estimator, FeatureUnion):
        branches = dict(estimator.transformer_list)
        if head not in branches:
            return None
        return _columns_reaching(branches[head], rest, n_features, names, space, varied, inner)
    if isinstance(estimator, ColumnTransformer):
        branches = {name: (step, columns) for name, step, columns in estimator.transformers}
        if head not in branches or names is _UNKNOWN_NAMES:
            return None
        step, columns = branches[head]
        positions = _listed_columns(columns, n_features, names)
        if positions is None:
            return None
        chosen_names = None if names is None else names[positions]
        return _columns_reaching(step, rest, len(positions), chosen_names, space, varied, inner)
    return None


def _columns_given_by(step, n_received: int):
    """How many columns ``step`` outputs from ``n_received``, when a parameter fixes
    it (PCA's integer ``n_components``, SelectKBest's ``k``); else None."""
    from sklearn.decomposition import PCA, IncrementalPCA, TruncatedSVD
    from sklearn.feature_selection import SelectKBest

    if isinstance(step, (PCA, IncrementalPCA, TruncatedSVD)) and is_integer(step.n_components):
        return int(step.n_components)
    if isinstance(step, SelectKBest) and is_integer(step.k):
        return min(int(step.k), n_received)
    return None


def _listed_columns(columns, n_features: int, names):
    """Positions a ``ColumnTransformer`` branch's ``columns`` select, if listed."""
    if isinstance(columns, slice):
        bounds = (columns.start, columns.stop, columns.step)
        if all(isinstance(v, (numbers.Integral, type(None))) for v in bounds):
            return np.arange(n_features)[columns]
        if names is None or names is _UNKNOWN_NAMES or columns.step is not None:
            return None
        known = list(names)
        ends = [columns.start, columns.stop]
        if not all(end is None or (isinstance(end, str) and end in known) for end in ends):
            return None  # the ColumnTransformer reports its own errors
        first = 0 if ends[0] is None else known.index(ends[0])
        last = len(known) - 1 if ends[1] is None else known.index(ends[1])
        return np.arange(first, last + 1)  # a slice of names includes its end
    if callable(columns) or isinstance(columns, (str, numbers.Integral)):
        return None  # a selector, or a single column passed on as 1-D
    try:
        return resolve_columns(columns, None, n_features, names)
    except ValueError:
        return None  # the ColumnTransformer reports its own errors
