"""Dimensions: one searched parameter each, its prior and its map onto ``[0, 1]``.

A dimension turns values into coordinates in ``[0, 1]`` and back. Sampling the unit
interval uniformly samples the dimension's prior, so optimizers can work on the unit
cube alone. The forms users write a dimension in (skopt-style tuples, lists,
scipy.stats distributions, scikit-optimize's and Optuna's classes) are read into
these classes by :func:`sktune.space.to_dimension` (in ``_dimension_forms.py``).
"""

from __future__ import annotations

import copy
import math
import numbers
from abc import ABC, abstractmethod
from functools import cached_property

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.utils import check_random_state

from .optimizers._base import UnitDimension

PRIORS = ("uniform", "log-uniform")

# How far inside the unit interval an open end of a Real (or a distribution's) lies.
OPEN_END = 1e-9

# An integer dimension lists the coordinates of its levels up to this many.
MAX_LISTED_LEVELS = 4096


def _check_prior(prior, low):
    if prior not in PRIORS:
        raise ValueError(f"prior must be one of {PRIORS}. Got {prior!r} instead.")
    if prior == "log-uniform" and low <= 0:
        raise ValueError(
            f"low must be > 0 with prior='log-uniform'. Got low={low!r} instead."
        )


def _check_base(base):
    if not isinstance(base, numbers.Real) or isinstance(base, bool):
        raise TypeError(f"base must be a real number. Got {base!r} instead.")
    if not (base > 1 and math.isfinite(base)):
        raise ValueError(f"base must be finite and > 1. Got base={base!r} instead.")


def _check_bounds(low, high, kind):
    what = "an integer" if kind is numbers.Integral else "a real number"
    for name, value in (("low", low), ("high", high)):
        if not isinstance(value, kind) or isinstance(value, bool):
            raise TypeError(f"{name} must be {what}. Got {value!r} instead.")
        if not math.isfinite(value):
            raise ValueError(f"{name} must be finite. Got {value!r} instead.")
    if low >= high:
        raise ValueError(f"low must be < high. Got low={low!r}, high={high!r} instead.")


def _clip(x, low, high):
    """``np.clip`` without its dispatch overhead, which shows on the small arrays here."""
    return np.minimum(np.maximum(x, low), high)


class Dimension(ABC):
    """One searched parameter: its values, prior and coordinates in ``[0, 1]``."""

    name: str | None

    @abstractmethod
    def encode(self, values) -> np.ndarray:
        """Unit coordinates of ``values`` (a sequence), as a float array."""

    @abstractmethod
    def decode(self, u) -> list:
        """Values (native Python objects) at unit coordinates ``u``."""

    @abstractmethod
    def contains(self, value) -> bool:
        """Whether ``value`` is one of this dimension's values."""

    @abstractmethod
    def unit_dimension(self) -> UnitDimension:
        """The descriptor that optimizers see."""

    def unit_dimensions(self) -> list[UnitDimension]:
        """One descriptor per unit-cube column this dimension owns."""
        return [self.unit_dimension()]

    def sample(self, n_samples=1, random_state=None) -> list:
        """Draw ``n_samples`` values from the prior."""
        rng = check_random_state(random_state)
        return self.decode(rng.uniform(size=n_samples))

    def rvs(self, n_samples=1, random_state=None) -> list:
        """scikit-optimize's (and scipy.stats') name for :meth:`sample`."""
        return self.sample(n_samples, random_state=random_state)

    def describe(self, value) -> str:
        """``value`` as messages show it."""
        return repr(value)

    def __contains__(self, value) -> bool:
        return self.contains(value)

    def _snap(self, u):
        return self.encode(self.decode(np.clip(u, 0.0, 1.0)))

    def _with_name(self, name):
        dim = copy.copy(self)
        dim.name = name
        return dim

    def __eq__(self, other):
        return type(self) is type(other) and self._key() == other._key()

    def __hash__(self):
        return hash((type(self).__name__, repr(self._key())))

    @abstractmethod
    def _key(self):
        """Tuple of what defines the dimension, for equality."""


class _Numeric(Dimension):
    """Shared logic of Real and Integer: a scale (linear or log) between two bounds."""

    def __init__(self, low, high, prior, base, name):
        _check_base(base)
        self.low = low
        self.high = high
        self.prior = prior
        self.base = base
        self.name = name

    def _transform(self, x):
        x = np.asarray(x, dtype=float)
        return np.log(x) if self.prior == "log-uniform" else x

    def _inverse(self, t):
        return np.exp(t) if self.prior == "log-uniform" else t

    def _key(self):
        return (self.low, self.high, self.prior, self.name)

    @abstractmethod
    def _values(self, u) -> np.ndarray:
        """The values at unit coordinates ``u``, as a float array."""

    def _snap(self, u):
        # as decode-then-encode, without building Python values
        return self.encode(self._values(_clip(u, 0.0, 1.0)))

    def encode(self, values):
        # _t_low and _t_high are set by subclasses: the scale's ends.
        t = self._transform(values)
        return _clip((t - self._t_low) / (self._t_high - self._t_low), 0.0, 1.0)

    @property
    def bounds(self):
        """``(low, high)``."""
        return (self.low, self.high)

    def __repr__(self):
        return (
            f"{type(self).__name__}(low={self.low!r}, high={self.high!r}, "
            f"prior={self.prior!r}, name={self.name!r})"
        )


class Real(_Numeric):
    """A real-valued parameter between ``low`` and ``high`` (both included).

    Parameters
    ----------
    low, high : float
        Bounds, ``low < high``.
    prior : {'uniform', 'log-uniform'}, default='uniform'
        How values are spread: evenly, or evenly in their logarithm (for scales such
        as a regularisation strength or a learning rate).
    base : int, default=10
        Base of the logarithm, kept for scikit-optimize compatibility; a log-uniform
        prior is the same in every base.
    transform : None
        Accepted for scikit-optimize compatibility and ignored: sktune always maps
        dimensions onto ``[0, 1]``.
    name : str, optional
        Parameter name; set from the search-space dict when omitted.
    dtype : type, default=float
        Type of the values returned (``float`` or a numpy float type).

    Examples
    --------
    >>> from sktune.space import Real
    >>> Real(1e-3, 1e3, prior="log-uniform").decode([0.5])
    [1.0]
    """

    # Coordinates are clipped to this range; an end that the estimator refuses (C=0)
    # is left open, as in RandomizedSearchCV, which never draws it (see _opened).
    _u_range = (0.0, 1.0)

    def __init__(
        self, low, high, prior="uniform", base=10, transform=None, name=None, dtype=float
    ):
        _check_bounds(low, high, numbers.Real)
        _check_prior(prior, low)
        super().__init__(low, high, prior, base, name)
        self.dtype = dtype
        self._t_low, self._t_high = (float(v) for v in self._transform([low, high]))

    def _values(self, u):
        u = np.clip(np.atleast_1d(np.asarray(u, dtype=float)), *self._u_range)
        x = _clip(self._inverse(self._t_low + u * (self._t_high - self._t_low)), self.low, self.high)
        # the bounds themselves, not their rounded image through log and exp
        x[u <= 0.0] = self.low
        x[u >= 1.0] = self.high
        return x

    def decode(self, u):
        x = self._values(u)
        return x.tolist() if self.dtype is float else [self.dtype(v) for v in x]

    def encode(self, values):
        # log and exp (or the linear map) need not round-trip to the same float
        u = np.array(super().encode(values), dtype=float)
        v = np.asarray(values, dtype=float)
        off = self._values(u) != v
        if off.any():
            u[off] = self._exact_coordinates(u[off], v[off])
        return u

    def _exact_coordinates(self, u, v):
        """Coordinates near ``u`` that decode exactly to ``v``, where some do.

        Decoding is monotone in the coordinate, so the first float whose value is at
        least ``v`` is found by galloping, then bisecting, over the float grid
        (non-negative floats are ordered as their bit patterns). Where no float
        decodes to ``v``, ``u`` stays.
        """
        top = np.array(1.0).view(np.int64)
        start = u.view(np.int64)

        def at_least(bits):
            return self._values(np.clip(bits, 0, top).view(np.float64)) >= v

        above = at_least(start)
        # bracket: lo decodes below v, hi at or above it
        lo = np.where(above, start - 1, start)
        hi = np.where(above, start, start + 1)
        step = np.ones_like(start)
        for _ in range(64):
            low_ok, high_ok = ~at_least(lo) | (lo <= 0), at_least(hi) | (hi >= top)
            if (low_ok & high_ok).all():
                break
            step *= 2
            lo, hi = np.where(low_ok, lo, lo - step), np.where(high_ok, hi, hi + step)
        lo, hi = np.clip(lo, 0, top), np.clip(hi, 0, top)
        while (hi - lo > 1).any():
            mid = lo + (hi - lo) // 2
            up = at_least(mid)
            lo, hi = np.where(up, lo, mid), np.where(up, mid, hi)
        found = hi.view(np.float64)
        return np.where(self._values(found) == v, found, u)

    def contains(self, value):
        return (
            isinstance(value, numbers.Real)
            and not isinstance(value, bool)
            and self.low <= value <= self.high
        )

    def unit_dimension(self):
        return UnitDimension("continuous", snap=self._snap)

    def _opened(self, low, high):
        """A copy that never gives its ``low`` and/or ``high`` end (both bools), but the
        value ``OPEN_END`` of the range inside it, as :class:`Distribution` keeps off
        an unbounded distribution's ends."""
        dim = copy.copy(self)
        dim._u_range = (OPEN_END if low else self._u_range[0],
                        1.0 - OPEN_END if high else self._u_range[1])
        return dim


class Integer(_Numeric):
    """An integer parameter between ``low`` and ``high`` (both included).

    Each integer owns an interval of the unit line, so that sampling it uniformly
    gives every integer its prior probability, and a coordinate anywhere in that
    interval decodes to it.

    Parameters
    ----------
    low, high : int
        Bounds, ``low < high``.
    prior : {'uniform', 'log-uniform'}, default='uniform'
        Evenly spread integers, or evenly spread in their logarithm (``low >= 1``).
    base : int, default=10
        Kept for scikit-optimize compatibility; a log-uniform prior is the same in
        every base.
    transform : None
        Accepted for scikit-optimize compatibility and ignored.
    name : str, optional
        Parameter name; set from the search-space dict when omitted.
    dtype : type, default=int
        Type of the values returned.

    Examples
    --------
    >>> from sktune.space import Integer
    >>> Integer(1, 4).decode([0.0, 0.3, 0.99])
    [1, 2, 4]
    """

    def __init__(
        self, low, high, prior="uniform", base=10, transform=None, name=None, dtype=int
    ):
        _check_bounds(low, high, numbers.Integral)
        _check_prior(prior, low)
        super().__init__(int(low), int(high), prior, base, name)
        self.dtype = dtype
        # Each integer k covers [k - 0.5, k + 0.5] on the (log) scale.
        self._t_low, self._t_high = (
            float(v) for v in self._transform([self.low - 0.5, self.high + 0.5])
        )

    @property
    def n_levels(self):
        return self.high - self.low + 1

    def _values(self, u):
        t = self._t_low + np.atleast_1d(np.asarray(u, dtype=float)) * (self._t_high - self._t_low)
        return _clip(np.floor(self._inverse(t) + 0.5), self.low, self.high)

    def decode(self, u):
        return [self.dtype(int(v)) for v in self._values(u)]

    def contains(self, value):
        return (
            isinstance(value, numbers.Integral)
            and not isinstance(value, bool)
            and self.low <= value <= self.high
        ) or (
            isinstance(value, numbers.Real)
            and not isinstance(value, bool)
            and float(value).is_integer()
            and self.low <= value <= self.high
        )

    def unit_dimension(self):
        levels = None
        if self.n_levels <= MAX_LISTED_LEVELS:
            levels = self.encode(np.arange(self.low, self.high + 1))
        return UnitDimension("integer", n_levels=self.n_levels, levels=levels, snap=self._snap)


def _monotone_numbers(values) -> bool:
    """Whether ``values`` are three or more finite real numbers in strictly increasing
    or strictly decreasing order."""
    if len(values) < 3 or not all(
        isinstance(v, numbers.Real) and not isinstance(v, (bool, np.bool_)) for v in values
    ):
        return False
    steps = np.diff(np.asarray(values, dtype=float))
    return bool(np.all(np.isfinite(steps)) and (np.all(steps > 0) or np.all(steps < 0)))


def check_choices(choices, parameter, what) -> list:
    """``choices`` as a list, or a TypeError naming ``parameter``.

    A string or a number is refused rather than read as its characters or as
    nothing; ``what`` says what the list should hold.
    """
    if isinstance(choices, (str, bytes)) or not hasattr(choices, "__iter__"):
        hint = ""
        if isinstance(choices, (str, bytes, numbers.Number)):
            hint = f" (for that one, pass [{choices!r}]"
            if is_integer(choices) and choices > 1:
                hint += f"; for 0 to {choices - 1}, range({choices})"
            hint += ")"
        raise TypeError(f"{parameter} must be a list of {what}. Got {choices!r} instead{hint}.")
    return list(choices)


def is_integer(value) -> bool:
    """Whether ``value`` is an integer (numpy's included) and not a boolean."""
    return _number_kind(value) == "integer"


def _number_kind(value) -> str | None:
    """'integer' or 'real' for a number (numpy's included), None for anything else."""
    if isinstance(value, (bool, np.bool_)):
        return None
    if isinstance(value, numbers.Integral):
        return "integer"
    return "real" if isinstance(value, numbers.Real) else None


def same_value(a, b) -> bool:
    """Whether two parameter values are the same setting.

    Estimators are equal when they have the same class and the same parameters;
    booleans only to booleans; other objects by identity or ``==`` (without raising
    on arrays).
    """
    if a is b:
        return True
    a_bool, b_bool = isinstance(a, (bool, np.bool_)), isinstance(b, (bool, np.bool_))
    if a_bool or b_bool:  # True is not the setting 1
        return a_bool and b_bool and bool(a) == bool(b)
    if isinstance(a, BaseEstimator) or isinstance(b, BaseEstimator):
        if type(a) is not type(b):
            return False
        pa, pb = a.get_params(deep=False), b.get_params(deep=False)
        return pa.keys() == pb.keys() and all(same_value(pa[k], pb[k]) for k in pa)
    if type(a) is not type(b) and not (
        isinstance(a, numbers.Number) and isinstance(b, numbers.Number)
    ):
        return False
    try:
        return bool(a == b)
    except Exception:
        return False


class Categorical(Dimension):
    """A choice among ``categories``, which may be any objects.

    Categories can be numbers, strings, ``None``, ``'passthrough'``, callables or
    estimators. They are returned as given (not copied), as in ``GridSearchCV``.

    Parameters
    ----------
    categories : sequence
        The choices, at least one.
    prior : sequence of float, optional
        Probability of each category when sampling; uniform by default.
    transform : None
        Accepted for scikit-optimize compatibility and ignored.
    name : str, optional
        Parameter name; set from the search-space dict when omitted.
    ordered : 'auto' or bool, default='auto'
        Whether the listed order of the categories means something, so that the
        optimizers treat them as ordered levels (the Gaussian process measures how
        far apart two categories are, CMA-ES steps between neighbours) instead of
        unrelated choices. ``'auto'``: ordered when there are three or more
        categories, all real numbers, listed in increasing or decreasing order, as
        in a ``GridSearchCV`` grid such as ``[0.01, 0.1, 1, 10]``. The values
        proposed are the same either way; only how the search learns from them
        changes.

    Examples
    --------
    >>> from sktune.space import Categorical
    >>> Categorical(["rbf", "linear"]).decode([0.1, 0.9])
    ['rbf', 'linear']
    >>> Categorical([0.01, 0.1, 1, 10]).is_ordered
    True
    """

    def __init__(self, categories, prior=None, transform=None, name=None, ordered="auto"):
        self.categories = tuple(check_choices(categories, "categories", "choices"))
        if not self.categories:
            raise ValueError("categories must not be empty. Got an empty list instead.")
        if not (isinstance(ordered, (bool, np.bool_)) or (isinstance(ordered, str) and ordered == "auto")):
            raise ValueError(f"ordered must be 'auto', True or False. Got {ordered!r} instead.")
        self.prior = prior
        self.name = name
        self.ordered = ordered
        if prior is None:
            weights = np.full(len(self.categories), 1.0 / len(self.categories))
        else:
            weights = np.asarray(prior, dtype=float)
            if (
                weights.shape != (len(self.categories),)
                or np.any(weights < 0)
                or not np.isclose(weights.sum(), 1.0)
            ):
                raise ValueError(
                    "prior must be one non-negative probability per category, summing "
                    f"to 1. Got {prior!r} for {len(self.categories)} categories instead."
                )
        self._edges = np.concatenate([[0.0], np.cumsum(weights)])
        self._edges[-1] = 1.0
        self._centres = (self._edges[:-1] + self._edges[1:]) / 2

    @property
    def n_levels(self):
        return len(self.categories)

    @property
    def is_ordered(self) -> bool:
        """Whether optimizers see the categories as levels in their listed order."""
        if isinstance(self.ordered, str):  # 'auto'
            return _monotone_numbers(self.categories)
        return bool(self.ordered)

    def level_index(self, u) -> np.ndarray:
        """Index of the category at each unit coordinate."""
        u = np.atleast_1d(np.asarray(u, dtype=float))
        return np.searchsorted(self._edges[1:-1], u, side="right")

    def index(self, value) -> int:
        """Position of ``value`` among the categories; ValueError if absent.

        Of equal numbers, one of the same kind wins: ``1.0`` is not the setting
        ``1`` (``max_features=1.0`` keeps every feature, ``max_features=1`` one).
        """
        matches = [i for i, category in enumerate(self.categories) if same_value(category, value)]
        if not matches:
            raise ValueError(f"{value!r} is not one of the categories {list(self.categories)!r}.")
        for i in matches:
            if _number_kind(self.categories[i]) == _number_kind(value):
                return i
        return matches[0]

    def encode(self, values):
        return np.array([self._centres[self.index(v)] for v in values], dtype=float)

    def decode(self, u):
        return [self.categories[i] for i in self.level_index(u)]

    @cached_property
    def _encoded_levels(self) -> np.ndarray:
        """Where each level's category encodes: where index() finds it, the first of
        equal categories."""
        return self.encode(self.categories)

    def _snap(self, u):
        # encode(decode(u)) without looking each value up again
        return self._encoded_levels[self.level_index(np.clip(u, 0.0, 1.0))]

    def contains(self, value):
        return any(same_value(c, value) for c in self.categories)

    def unit_dimension(self):
        kind = "integer" if self.is_ordered and self.n_levels > 1 else "categorical"
        return UnitDimension(kind, n_levels=self.n_levels, levels=self._centres.copy(), snap=self._snap)

    def _key(self):
        return (tuple(map(repr, self.categories)), repr(self.prior), self.name, self.is_ordered)

    def __repr__(self):
        ordered = "" if isinstance(self.ordered, str) else f", ordered={self.ordered!r}"
        return f"Categorical(categories={list(self.categories)!r}, name={self.name!r}{ordered})"


class Distribution(Dimension):
    """A parameter drawn from a scipy.stats frozen distribution.

    Coordinates are the distribution's cumulative probabilities, so any continuous or
    discrete distribution maps onto ``[0, 1]``, unbounded ones included. Usually built
    for you from a distribution in a search space; the common ones (``uniform``,
    ``loguniform``, ``randint``) become :class:`Real` or :class:`Integer` instead.

    Parameters
    ----------
    distribution : scipy.stats frozen distribution
        Anything with ``cdf``, ``ppf`` and ``support``.
    name : str, optional
        Parameter name.
    """

    _EPS = OPEN_END

    def __init__(self, distribution, name=None):
        for method in ("cdf", "ppf", "support"):
            if not hasattr(distribution, method):
                raise TypeError(
                    f"distribution must be a scipy.stats frozen distribution. "
                    f"Got {distribution!r} instead."
                )
        self.distribution = distribution
        self.name = name
        self.discrete = hasattr(distribution.dist, "pmf")
        self.low, self.high = distribution.support()
        # rv_discrete(values=(xk, pk)) lists its values, which may skip integers or not
        # be integers at all: read them (with any loc) at the middle of each step of the cdf
        self._listed = None
        if self.discrete and hasattr(distribution.dist, "pk"):
            steps = distribution.dist.pk
            self._listed = distribution.ppf(np.cumsum(steps) - steps / 2)
        self._integral = self._listed is None or bool(np.all(self._listed == np.round(self._listed)))

    def encode(self, values):
        v = np.asarray(values, dtype=float)
        if self._listed is not None:
            # the middle of the value's step of the cdf, wherever the previous value is
            u = self.distribution.cdf(v) - self.distribution.pmf(v) / 2
        elif self.discrete:
            u = (self.distribution.cdf(v - 1) + self.distribution.cdf(v)) / 2
        else:
            u = self.distribution.cdf(v)
        return np.clip(u, 0.0, 1.0)

    def decode(self, u):
        u = np.clip(np.atleast_1d(np.asarray(u, dtype=float)), self._EPS, 1 - self._EPS)
        x = self.distribution.ppf(u)
        if self.discrete and self._integral:
            return [int(v) for v in x]
        return [float(v) for v in x]

    def contains(self, value):
        if not isinstance(value, numbers.Real) or isinstance(value, bool):
            return False
        if self._listed is not None:
            return bool(np.any(self._listed == value))
        if not math.isfinite(value) or (self.discrete and not float(value).is_integer()):
            return False  # no draw is infinite, even from an unbounded distribution
        return bool(self.low <= value <= self.high)

    def unit_dimension(self):
        if not self.discrete:
            return UnitDimension("continuous", snap=self._snap)
        if self._listed is not None:
            return UnitDimension("integer", n_levels=len(self._listed),
                                 levels=self.encode(self._listed), snap=self._snap)
        n = self.high - self.low + 1
        n_levels = int(n) if math.isfinite(n) else None
        levels = None
        if n_levels is not None and n_levels <= MAX_LISTED_LEVELS:
            levels = self.encode(np.arange(self.low, self.high + 1))
        return UnitDimension("integer", n_levels=n_levels, levels=levels, snap=self._snap)

    def _key(self):
        # the repr holds the name, the arguments and any listed values with their odds
        return (repr(self), self.name)

    def __repr__(self):
        dist = self.distribution
        arguments = [repr(a) for a in dist.args] + [f"{k}={v!r}" for k, v in dist.kwds.items()]
        if self._listed is not None:
            listed = f"values=({dist.dist.xk.tolist()!r}, {dist.dist.pk.tolist()!r})"
            return f"Distribution(rv_discrete({', '.join([listed, *arguments])}), name={self.name!r})"
        return f"Distribution({dist.dist.name}({', '.join(arguments)}), name={self.name!r})"
