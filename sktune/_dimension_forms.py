"""Every form a user writes a dimension in, read into sktune's dimension classes.

:func:`to_dimension` takes sktune's ``Real``/``Integer``/``Categorical``/
``Distribution``, scikit-optimize's and Optuna's dimension classes (read from their
attributes, never imported), skopt-style ``(low, high[, prior[, base]])`` tuples,
lists of categories and scipy.stats distributions, and explains what else it got.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from .dimensions import Categorical, Dimension, Distribution, Integer, Real, is_integer


def _from_scipy(dist, name):
    kind = dist.dist.name
    low, high = dist.support()
    if kind in ("loguniform", "reciprocal"):
        return Real(float(low), float(high), prior="log-uniform", name=name)
    if kind == "uniform":
        return Real(float(low), float(high), name=name)
    if kind == "randint" and high > low:
        return Integer(int(low), int(high), name=name)
    return Distribution(dist, name=name)


def _frozen(dist):
    """``dist`` frozen at its default location and scale, if it has no shape to give."""
    if dist.shapes:
        raise TypeError(
            f"scipy.stats.{dist.name} needs its shape parameters ({dist.shapes}): give "
            f"them, as in scipy.stats.{dist.name}({dist.shapes}, ...)."
        )
    return dist.freeze()


def _is_from(spec, package, names) -> bool:
    """Whether ``spec`` is one of ``names``, classes of ``package`` (never imported)."""
    cls = type(spec)
    return cls.__module__.split(".")[0] == package and cls.__name__ in names


def _from_optuna(spec, name):
    """The sktune dimension for an Optuna ``FloatDistribution``, ``IntDistribution`` or
    ``CategoricalDistribution`` (as ``OptunaSearchCV``'s ``param_distributions`` hold
    them): a ``step`` makes the values a grid, searched as ordered levels."""
    kind = type(spec).__name__
    if kind == "CategoricalDistribution":
        return Categorical(list(spec.choices), name=name)
    prior = "log-uniform" if spec.log else "uniform"
    if kind == "IntDistribution":
        if spec.step == 1:
            return Integer(spec.low, spec.high, prior=prior, name=name)
        return Categorical(list(range(spec.low, spec.high + 1, spec.step)), name=name)
    if spec.step is None:
        return Real(spec.low, spec.high, prior=prior, name=name)
    # Optuna's values low + k * step, up to high, without float noise (0.3, not
    # 0.30000000000000004): rounded to 15 significant digits of the largest
    n = int(math.floor((spec.high - spec.low) / spec.step + 1e-8)) + 1
    digits = 15 - math.ceil(math.log10(max(abs(spec.low), abs(spec.high), spec.step)))
    return Categorical([round(spec.low + k * spec.step, digits) for k in range(n)], name=name)


def _from_skopt(spec, name):
    """The sktune dimension equal to a scikit-optimize ``Real``, ``Integer`` or
    ``Categorical``, read from its attributes (scikit-optimize is never imported)."""
    name = name if name is not None else spec.name
    kind = type(spec).__name__
    if kind == "Categorical":
        return Categorical(list(spec.categories), prior=spec.prior, name=name)
    dtype = np.dtype(spec.dtype).type
    if kind == "Real":
        dtype = float if dtype is np.float64 else dtype
        return Real(spec.low, spec.high, prior=spec.prior, base=spec.base, name=name, dtype=dtype)
    # scikit-optimize returns numpy int64 by default; sktune returns Python ints
    dtype = int if dtype is np.int64 else dtype
    return Integer(spec.low, spec.high, prior=spec.prior, base=spec.base, name=name, dtype=dtype)


def _from_tuple(spec, name):
    low, high, *rest = spec
    prior = rest[0] if rest else "uniform"
    base = rest[1] if len(rest) > 1 else 10
    if is_integer(low) and is_integer(high):
        return Integer(low, high, prior=prior, base=base, name=name)
    return Real(low, high, prior=prior, base=base, name=name)


def to_dimension(spec, name=None) -> Dimension:
    """Build a dimension from any accepted form.

    Parameters
    ----------
    spec : Dimension, tuple, list or scipy.stats frozen distribution
        - a :class:`Real`, :class:`Integer`, :class:`Categorical` or
          :class:`Distribution` (copied, never modified);
        - scikit-optimize's ``Real``, ``Integer`` or ``Categorical``
          (``from skopt.space import Real``), read into sktune's own, and Optuna's
          ``FloatDistribution``, ``IntDistribution`` or ``CategoricalDistribution``
          (one with a ``step`` becomes a :class:`Categorical` of its values);
        - ``(low, high[, prior[, base]])``: :class:`Integer` when both bounds are
          integers, :class:`Real` otherwise; any other tuple, such as ``(1, 2, 3)``,
          is a :class:`Categorical`, as in scikit-optimize;
        - a list (or any other sequence but a tuple or a string): a
          :class:`Categorical` of its elements;
        - a frozen distribution such as ``scipy.stats.loguniform(1e-3, 1e3)``, or
          one that needs no arguments, such as ``scipy.stats.expon`` or
          ``scipy.stats.rv_discrete(values=(xk, pk))``, as RandomizedSearchCV takes
          them.
    name : str, optional
        Parameter name, used in error messages and given to the returned dimension.

    Returns
    -------
    Dimension
        A new dimension object named ``name``.
    """
    label = f"search space entry {name!r}" if name is not None else "dimension"
    try:
        if isinstance(spec, Dimension):
            return spec._with_name(name if name is not None else spec.name)
        if _is_from(spec, "skopt", ("Real", "Integer", "Categorical")):
            return _from_skopt(spec, name)
        if _is_from(spec, "optuna", ("FloatDistribution", "IntDistribution",
                                     "CategoricalDistribution")):
            return _from_optuna(spec, name)
        if hasattr(spec, "dist") and hasattr(spec, "ppf"):
            return _from_scipy(spec, name)
        if hasattr(spec, "freeze") and hasattr(spec, "ppf"):
            # not frozen, as scipy.stats.expon or rv_discrete(values=...): RandomizedSearchCV
            # samples these too
            return _from_scipy(_frozen(spec), name)
        if isinstance(spec, tuple):
            # As scikit-optimize reads tuples: (low, high) or (low, high, prior[, base]),
            # and any other tuple, such as (1, 2, 3), lists categories.
            bounds = 2 <= len(spec) <= 4 and all(
                isinstance(v, numbers.Real) and not isinstance(v, bool) for v in spec[:2]
            )
            if bounds and (len(spec) == 2 or isinstance(spec[2], str)):
                return _from_tuple(spec, name)
            return Categorical(list(spec), name=name)
        if isinstance(spec, (list, range)) or (isinstance(spec, np.ndarray) and spec.ndim):
            return Categorical(list(spec), name=name)
    except (TypeError, ValueError) as exc:
        raise type(exc)(f"Invalid {label}: {exc}") from None
    hint = ""
    if spec is None or isinstance(spec, (str, bytes, numbers.Number, np.ndarray, np.generic)):
        # as GridSearchCV says it: a fixed value is a list of one
        hint = f" A single value goes in a list of one: [{spec!r}]."
    elif isinstance(spec, (set, frozenset)):
        hint = " A set has no order: give its categories as a list."
    elif hasattr(spec, "__next__"):
        hint = " A generator or iterator can be read only once: give a list."
    elif hasattr(spec, "rvs"):
        # RandomizedSearchCV only samples, so any object with rvs() will do there
        hint = (" An object with only an rvs() method, which RandomizedSearchCV also takes, "
                "has no cdf and ppf to map it onto the unit cube the optimizers search: "
                "give the scipy.stats distribution it draws from, or a Real or Integer.")
    raise TypeError(
        f"Invalid {label}: it must be a Real, Integer or Categorical, a (low, high[, "
        f"prior]) tuple, a list of categories or a scipy.stats frozen distribution. "
        f"Got {spec!r} instead.{hint}"
    )
