"""The user's ``search_spaces`` read into the subspaces a search runs in turn.

Every form :class:`~sktune.BayesSearchCV` takes (a dict, a :class:`Space`, a list of
dicts, ``(dict, n_iter)`` pairs) becomes a list of ``(Space, n_iter)``; what set each
budget is kept for the warnings that name it.
"""

from __future__ import annotations

import numbers

from .space import Space


def parse_search_spaces(search_spaces, n_iter, per_dict=True) -> list[tuple[Space, int]]:
    """Turn the user's ``search_spaces`` into ``[(Space, n_iter), ...]``.

    - a dict or a :class:`Space`: one space, ``n_iter`` evaluations;
    - a list of dicts: one space choosing between them (see :class:`Space`), with
      ``n_iter`` evaluations per dict, the total scikit-optimize would spend (or
      ``n_iter`` in all, as ``RandomizedSearchCV`` spends, when not ``per_dict``);
    - a list holding ``(dict, n_iter)`` pairs (dicts alone get ``n_iter``): each
      searched in turn with its own budget, as scikit-optimize does.

    The user's objects are never modified.
    """
    if isinstance(search_spaces, Space):
        return [(search_spaces, n_iter)]
    if isinstance(search_spaces, dict):
        return [(_space_of(search_spaces, "search_spaces"), n_iter)]
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
    budgets = subspace_budgets(search_spaces, n_iter, per_dict)
    if all(isinstance(entry, dict) for entry in search_spaces):
        return [(_space_of(list(search_spaces), "search_spaces"), budgets[0][0])]
    parsed = []
    for i, (entry, (entry_n_iter, _)) in enumerate(zip(search_spaces, budgets)):
        if isinstance(entry, tuple):
            entry = entry[0]
            if (
                not isinstance(entry_n_iter, numbers.Integral)
                or isinstance(entry_n_iter, bool)
                or entry_n_iter < 1
            ):
                raise ValueError(
                    "the n_iter of a (dict, n_iter) pair in search_spaces must be an "
                    f"integer >= 1. Got {entry_n_iter!r} instead."
                )
        parsed.append((_space_of(entry, f"search_spaces[{i}]"), int(entry_n_iter)))
    return parsed


def _space_of(spaces, where: str) -> Space:
    """The :class:`Space` of a dict or list of dicts given as ``where``; one that
    names no parameter is refused naming ``where``, not as an empty ``Space``."""
    if not spaces or (isinstance(spaces, list) and len(spaces) == 1 and not spaces[0]):
        raise ValueError(
            f"{where} must name at least one parameter to search. Got {spaces!r} "
            "instead. To score the estimator as it is, use "
            "sklearn.model_selection.cross_validate."
        )
    return Space(spaces)


def subspace_budgets(search_spaces, n_iter, per_dict=True) -> list[tuple[int, str]]:
    """The evaluations each subspace of ``search_spaces`` gets, as
    :func:`parse_search_spaces` splits them (which also checks them), each with what
    set it, as a warning should name it: ``n_iter``, or the ``n_iter`` of a
    ``(dict, n_iter)`` pair."""
    if isinstance(search_spaces, (dict, Space)):
        return [(n_iter, "n_iter")]
    if all(isinstance(entry, dict) for entry in search_spaces):
        return [(n_iter * len(search_spaces) if per_dict else n_iter, "n_iter")]
    return [
        (entry[1], f"search_spaces[{i}]'s n_iter") if isinstance(entry, tuple)
        else (n_iter, "n_iter")
        for i, entry in enumerate(search_spaces)
    ]
