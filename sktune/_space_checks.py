"""A search space checked against the estimator it tunes, before anything is fitted.

Every name of the space must be a parameter of the estimator (of each choice of a
searched step it hangs under), and every value one that scikit-learn's own checks of
that parameter accept; a ``Real`` whose end alone is refused is searched without it.
"""

from __future__ import annotations

from sklearn.base import BaseEstimator

from ._sklearn_compat import invalid_value_message
from .space import Categorical, Distribution, Integer, Real, Space


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
