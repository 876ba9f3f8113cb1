"""Search spaces: named dimensions, conditions between them, and the unit cube.

A :class:`Space` maps configurations (``{name: value}`` dicts) onto points of
``[0, 1]^d`` and back. Dimensions may be conditional: a categorical choice switches
other dimensions on or off, and a switched-off dimension is left out of the
configuration. The dimension classes live in :mod:`sktune.dimensions` and are
re-exported here, so ``from sktune.space import Real`` works as in scikit-optimize.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import replace

import numpy as np
from sklearn.utils import check_random_state

from ._dimension_forms import to_dimension
from .dimensions import (
    Categorical,
    Dimension,
    Distribution,
    Integer,
    Real,
    same_value,
)
from .optimizers._base import INACTIVE, UnitDimension, snap_points
from .optimizers._base import n_configurations as unit_configurations

__all__ = [
    "Categorical",
    "Conditional",
    "Dimension",
    "Distribution",
    "Integer",
    "Real",
    "Space",
    "same_value",
    "to_dimension",
]


class Conditional:
    """A dimension that is searched only when another parameter takes given values.

    Parameters
    ----------
    dimension : any dimension spec
        What :func:`~sktune.space.to_dimension` accepts.
    on : str
        Name of a categorical parameter of the same space.
    values : list
        The choices of ``on`` that switch this dimension on.

    Examples
    --------
    >>> from sktune.space import Conditional, Space
    >>> space = Space({
    ...     "kernel": ["rbf", "poly"],
    ...     "degree": Conditional((2, 5), on="kernel", values=["poly"]),
    ... })
    >>> sorted(space.decode([[0.9, 0.5]])[0])
    ['degree', 'kernel']
    >>> space.decode([[0.1, 0.5]])
    [{'kernel': 'rbf'}]
    """

    def __init__(self, dimension, on, values):
        self.dimension = dimension
        self.on = on
        self.values = values

    def __repr__(self):
        return f"Conditional({self.dimension!r}, on={self.on!r}, values={self.values!r})"


_BRANCH = "<branch>"


class Space:
    """Named, possibly conditional, dimensions mapped onto the unit cube.

    Parameters
    ----------
    dimensions : dict, list of dict, list of Dimension or Space
        - A dict ``{name: spec}``, where a spec is anything
          :func:`~sktune.space.to_dimension` accepts, a :class:`Conditional`, or a
          dict ``{choice: {name: spec, ...}, ...}``: a categorical choice whose
          options each switch on their own parameters (use ``{}`` or None for an
          option without parameters). Nested names are full parameter names
          (``"clf__C"``, not ``"C"``).
        - A list of such dicts: one space choosing between them, as scikit-learn's
          grid and randomized searches read a list of dicts. A parameter named in
          several dicts is a separate dimension in each.
        - A list of named :class:`Dimension` objects.

    Notes
    -----
    Each dimension owns one column of the unit cube (a
    :class:`~sktune.subset.Subset` owns one per feature). A dimension whose
    condition does not hold is *inactive*: its column is set to 0.5 and it is left
    out of the decoded configuration, so it is never varied or sent to the estimator.

    Examples
    --------
    >>> from sktune.space import Space
    >>> space = Space({"C": (1e-3, 1e3, "log-uniform"), "kernel": ["rbf", "linear"]})
    >>> X = space.encode([{"C": 1.0, "kernel": "linear"}])
    >>> space.decode(X)
    [{'C': 1.0, 'kernel': 'linear'}]
    """

    def __init__(self, dimensions):
        self.dimensions = []  # unique internal names
        self._params = []  # parameter name of each dimension (None: hidden branch)
        self._conditions = []  # (parent index, frozenset of parent levels) or None
        if isinstance(dimensions, Space):
            self.dimensions = list(dimensions.dimensions)
            self._params = list(dimensions._params)
            self._conditions = list(dimensions._conditions)
        elif isinstance(dimensions, dict):
            self._add_dict(dimensions, None)
        elif isinstance(dimensions, (list, tuple)) and dimensions and all(
            isinstance(d, dict) for d in dimensions
        ):
            self._add_branches(list(dimensions))
        elif isinstance(dimensions, (list, tuple)):
            for spec in dimensions:
                dim = to_dimension(spec)
                if not dim.name:
                    raise ValueError(f"every dimension needs a name. Got {dim!r} instead.")
                self._add(dim, dim.name, None)
        else:
            raise TypeError(
                "a search space must be a dict, a list of dicts or a list of dimensions. "
                f"Got {dimensions!r} instead."
            )
        if not self.dimensions:
            raise ValueError("search space must not be empty. Got no dimensions instead.")
        self._columns = []
        start = 0
        for dim in self.dimensions:
            width = getattr(dim, "n_columns", 1)
            self._columns.append(slice(start, start + width))
            start += width
        self.n_columns = start
        self._units = None

    # -- construction -------------------------------------------------------------

    def _add(self, dim, param, condition):
        """Append a dimension for ``param``; merge with an equal twin under one parent."""
        for k, other in enumerate(self.dimensions):
            if self._params[k] != param:
                continue
            same_parent = (
                condition is not None
                and self._conditions[k] is not None
                and self._conditions[k][0] == condition[0]
            )
            if not same_parent or self._conditions[k][1] & condition[1]:
                raise ValueError(
                    f"parameter {param!r} appears twice in the search space where both "
                    "could be active at once."
                )
            if other._with_name(None) == dim._with_name(None):
                self._conditions[k] = (condition[0], self._conditions[k][1] | condition[1])
                return k
        name = dim.name if param is None else param
        if param is not None and param in self._params:
            # a twin in another branch: a distinct internal name, the same parameter
            name = f"{param}|{self.dimensions[condition[0]].name}={min(condition[1])}"
        self.dimensions.append(dim._with_name(name))
        self._params.append(param)
        self._conditions.append(condition)
        return len(self.dimensions) - 1

    def _add_dict(self, entries: dict, condition):
        deferred = []
        for name, spec in entries.items():
            if not isinstance(name, str):
                raise TypeError(
                    f"search space keys must be parameter names (str). Got {name!r} instead."
                )
            if isinstance(spec, Conditional):
                deferred.append((name, spec))
            elif isinstance(spec, dict):
                self._add_choice(name, spec, condition)
            else:
                self._add(to_dimension(spec, name), name, condition)
        for name, spec in deferred:
            parent = self._parent_of(name, spec, condition)
            self._add(to_dimension(spec.dimension, name), name, parent)

    def _add_choice(self, name, options: dict, condition):
        if not options:
            raise ValueError(f"search space entry {name!r}: a choice needs at least one option.")
        parent = self._add(Categorical(list(options), name=name, ordered=False), name, condition)
        for level, sub in enumerate(options.values()):
            if sub is None:
                continue
            if not isinstance(sub, dict):
                raise TypeError(
                    f"search space entry {name!r}: each option of a choice maps to a dict "
                    f"of the parameters it switches on (or None). Got {sub!r} instead."
                )
            self._add_dict(sub, (parent, frozenset([level])))

    def _add_branches(self, branches: list):
        if len(branches) == 1:
            self._add_dict(branches[0], None)
            return
        branch = self._add(
            Categorical(list(range(len(branches))), name=_BRANCH, ordered=False), None, None
        )
        for level, entries in enumerate(branches):
            if entries:  # an empty dict is the estimator as given, as in GridSearchCV
                self._add_dict(entries, (branch, frozenset([level])))

    def _parent_of(self, name, spec: Conditional, condition):
        candidates = [
            k for k, p in enumerate(self._params)
            if p == spec.on and isinstance(self.dimensions[k], Categorical)
        ]
        if not candidates:
            categorical = [
                p for p, dim in zip(self._params, self.dimensions)
                if p is not None and isinstance(dim, Categorical)
            ]
            raise ValueError(
                f"search space entry {name!r} depends on {spec.on!r}, which must be a "
                "categorical parameter of the same space. "
                + (f"Its categorical parameters are {categorical!r}." if categorical else "It has none.")
            )
        parent = candidates[0]
        values = spec.values if isinstance(spec.values, (list, tuple)) else [spec.values]
        levels = set()
        for value in values:
            try:
                levels.add(self.dimensions[parent].index(value))
            except ValueError:
                raise ValueError(
                    f"search space entry {name!r} depends on {spec.on!r} = {value!r}, "
                    f"which is not one of its choices "
                    f"{list(self.dimensions[parent].categories)!r}."
                ) from None
        return (parent, frozenset(levels))

    # -- description --------------------------------------------------------------

    @property
    def names(self) -> list[str]:
        """Parameter names, each once, in order."""
        return list(dict.fromkeys(p for p in self._params if p is not None))

    @property
    def dimension_params(self) -> list:
        """The parameter name of each dimension, None for the hidden choice between dicts."""
        return list(self._params)

    @property
    def n_dims(self) -> int:
        return len(self.dimensions)

    @property
    def is_conditional(self) -> bool:
        return any(c is not None for c in self._conditions)

    def __len__(self):
        return self.n_dims

    @property
    def n_configurations(self) -> float:
        """Number of distinct configurations, ``inf`` if a dimension is continuous.

        A choice adds up what each of its values switches on, so a list of dicts
        counts as many configurations as scikit-learn's ``ParameterGrid`` of it. A
        feature subset counts the subsets its size limits allow.

        Examples
        --------
        >>> Space([{"kernel": ["linear"], "C": [1, 10]},
        ...        {"kernel": ["rbf"], "C": [1, 10], "gamma": [0.1, 1, 10]}]).n_configurations
        8
        """
        units = self.unit_dimensions()
        children = [[] for _ in self.dimensions]
        roots = []
        for j, condition in enumerate(self._conditions):
            (roots if condition is None else children[condition[0]]).append(j)

        def count(j):
            if hasattr(self.dimensions[j], "n_configurations"):  # a Subset's size limits
                return self.dimensions[j].n_configurations
            if not children[j]:
                return unit_configurations(units[self._columns[j]])
            return sum(
                math.prod(count(c) for c in children[j] if level in self._conditions[c][1])
                for level in range(self.dimensions[j].n_levels)
            )

        return math.prod(count(j) for j in roots)

    def __getitem__(self, name) -> Dimension:
        """The (first) dimension of parameter ``name``."""
        for dim, param in zip(self.dimensions, self._params):
            if param == name:
                return dim
        raise KeyError(name)

    def dimensions_of(self, name) -> list[Dimension]:
        """Every dimension of parameter ``name`` (several in exclusive branches)."""
        return [d for d, p in zip(self.dimensions, self._params) if p == name]

    def chosen_by_branch(self) -> dict[str, list]:
        """Parameters whose value the choice between dicts amounts to, with the value
        each dict fixes, in the dicts' order.

        Of a list of dicts, those each dict fixes to one value of its own (``clf`` in
        ``[{"clf": [SVC()], "clf__C": ...}, {"clf": [LogisticRegression()], ...}]``):
        choosing a dict is choosing that value. Empty for other spaces.
        """
        if None not in self._params:
            return {}
        branch = self._params.index(None)
        chosen = {}
        for name in self.names:
            ks = [k for k, param in enumerate(self._params) if param == name]
            conditions = [self._conditions[k] for k in ks]
            dims = [self.dimensions[k] for k in ks]
            if (len(ks) == self.dimensions[branch].n_levels
                    and all(c is not None and c[0] == branch and len(c[1]) == 1 for c in conditions)
                    and all(isinstance(d, Categorical) and d.n_levels == 1 for d in dims)
                    and not any(same_value(a.categories[0], b.categories[0])
                                for i, a in enumerate(dims) for b in dims[i + 1:])):
                by_level = {min(c[1]): d.categories[0] for c, d in zip(conditions, dims)}
                chosen[name] = [by_level[level] for level in sorted(by_level)]
        return chosen

    def switched_off(self, config: dict) -> set:
        """Names in ``config`` that its own choices switch off.

        A parameter is off when every dimension it has hangs under a choice that
        ``config`` sets to another value (or that is itself off). A choice ``config``
        does not set, or sets to a value outside the space, switches nothing off;
        of a list of dicts, ``config`` is read as the first dict it fits once the
        names that dict lacks are left out.
        """
        active = self._switched_on(config, self._branch_of(config))
        return {
            name for name in config
            if name in self._params
            and not any(on for on, param in zip(active, self._params) if param == name)
        }

    def _switched_on(self, config: dict, branch: int | None) -> list[bool]:
        """Whether each dimension is on under ``config``'s choices and dict ``branch``."""
        active = []
        for condition in self._conditions:
            on = True
            if condition is not None:
                parent, levels = condition
                parent_name = self._params[parent]
                if not active[parent]:
                    on = False
                elif parent_name is None:  # the hidden choice between dicts
                    on = branch is None or branch in levels
                elif parent_name in config and self.dimensions[parent].contains(config[parent_name]):
                    on = self.dimensions[parent].index(config[parent_name]) in levels
            active.append(on)
        return active

    def _branch_of(self, config: dict) -> int | None:
        """The first of a list of dicts that ``config`` fits, less the names it lacks."""
        if not (self._params and self._params[0] is None):
            return None
        for level in range(self.dimensions[0].n_levels):
            active = self._switched_on(config, level)
            names = {param for on, param in zip(active, self._params) if on}
            if self._assign({k: v for k, v in config.items() if k in names}, level) is not None:
                return level
        return None

    def parents_of(self, index: int) -> list[str]:
        """Names of the choices dimension ``index`` hangs under, nearest first."""
        names = []
        condition = self._conditions[index]
        while condition is not None:
            if self._params[condition[0]] is not None:
                names.append(self._params[condition[0]])
            condition = self._conditions[condition[0]]
        return names

    def choices_while_active(self, index: int, name: str):
        """The values categorical parameter ``name`` can take while dimension ``index`` is active.

        Only the choices that switch the dimension on, when it hangs under ``name``;
        all choices of the ``name`` dimensions active along with it otherwise; None
        when no such dimension exists.
        """
        required = {}  # ancestor dimension -> the levels that keep `index` active
        condition = self._conditions[index]
        while condition is not None:
            parent, levels = condition
            required[parent] = levels
            condition = self._conditions[parent]
        choices = []
        for k, (dim, param) in enumerate(zip(self.dimensions, self._params)):
            if param != name or not isinstance(dim, Categorical):
                continue
            if k in required:
                choices += [dim.categories[level] for level in sorted(required[k])]
                continue
            own = self._conditions[k]
            if own is None or (own[0] in required and required[own[0]] <= own[1]):
                choices += list(dim.categories)
        return choices or None

    def dimension_columns(self) -> list[tuple[str, Dimension, slice]]:
        """Each dimension's parameter name (its internal name if hidden), itself and
        its columns in the unit-cube encoding."""
        return [
            (param if param is not None else dim.name, dim, cols)
            for dim, param, cols in zip(self.dimensions, self._params, self._columns)
        ]

    def __repr__(self):
        return f"Space({self.dimensions!r})"

    def _replace_dimension(self, index, dim) -> None:
        """Put ``dim``, of the same kind and columns, in place of dimension ``index``."""
        self.dimensions[index] = dim
        self._units = None

    def unit_dimensions(self) -> list[UnitDimension]:
        """The descriptors optimizers see, one per column."""
        if getattr(self, "_units", None) is None:
            self._units = self._make_unit_dimensions()
        return list(self._units)

    def _make_unit_dimensions(self) -> list[UnitDimension]:
        units = []
        first_column = [cols.start for cols in self._columns]
        for dim, condition, cols in zip(self.dimensions, self._conditions, self._columns):
            own = dim.unit_dimensions()
            if len(own) > 1:
                own = [replace(u, part_of=cols.start) for u in own]
            if condition is not None:
                parent, levels = condition
                own = [
                    replace(u, parent=first_column[parent], active_levels=levels) for u in own
                ]
            units.extend(own)
        return units

    # -- configurations <-> unit cube ---------------------------------------------

    def active(self, X) -> np.ndarray:
        """(n, n_dims) boolean: which dimensions each unit-cube row switches on."""
        X = np.atleast_2d(np.asarray(X, dtype=float))
        active = np.ones((len(X), self.n_dims), dtype=bool)
        for j, condition in enumerate(self._conditions):
            if condition is not None:
                parent, levels = condition
                column = X[:, self._columns[parent].start]
                chosen = self.dimensions[parent].level_index(column)
                active[:, j] = active[:, parent] & np.isin(chosen, list(levels))
        return active

    def decode(self, X) -> list[dict]:
        """``{name: value}`` configurations of unit-cube rows (native Python values).

        Inactive parameters are left out.
        """
        X = np.atleast_2d(np.asarray(X, dtype=float))
        if X.shape[1] != self.n_columns:
            raise ValueError(f"X must have {self.n_columns} columns. Got {X.shape[1]} instead.")
        X = np.clip(X, 0.0, 1.0)
        active = self.active(X)
        columns = [dim.decode(_block(X, cols)) for dim, cols in zip(self.dimensions, self._columns)]
        configs = []
        for i in range(len(X)):
            configs.append({
                param: columns[j][i]
                for j, param in enumerate(self._params)
                if param is not None and active[i, j]
            })
        return configs

    def encode(self, configs) -> np.ndarray:
        """Unit-cube rows of ``{name: value}`` configurations (inactive columns 0.5)."""
        if isinstance(configs, dict):
            raise TypeError(f"configs must be a list of dicts. Got one dict, {configs!r}: pass [config].")
        configs = list(configs)
        X = np.full((len(configs), self.n_columns), INACTIVE)
        for i, config in enumerate(configs):
            levels = self._assign(config)
            if levels is None:
                raise ValueError(
                    f"{config!r} is not a configuration of this search space: it must set "
                    "exactly the parameters its choices switch on, to allowed values."
                )
            for j, value in levels.items():
                X[i, self._columns[j]] = np.ravel(self.dimensions[j].encode([value]))
        return X

    def _assign(self, config: dict, branch: int | None = None):
        """Map dimension index -> value for ``config``; None if it does not fit."""
        if branch is None and self._params and self._params[0] is None:
            for level in range(self.dimensions[0].n_levels):
                found = self._assign(config, level)
                if found is not None:
                    return found
            return None
        values, used = {}, set()
        for j, (dim, param, condition) in enumerate(
            zip(self.dimensions, self._params, self._conditions)
        ):
            if condition is not None:
                parent, levels = condition
                if parent not in values:
                    continue
                if self.dimensions[parent].index(values[parent]) not in levels:
                    continue
            if param is None:
                values[j] = self.dimensions[j].categories[branch]
                continue
            if param not in config or not dim.contains(config[param]):
                return None
            values[j] = config[param]
            used.add(param)
        if used != set(config):
            return None
        return values

    def snap(self, X) -> np.ndarray:
        """Canonical coordinates of the configurations that rows of ``X`` decode to."""
        X = np.clip(np.atleast_2d(np.asarray(X, dtype=float)), 0.0, 1.0).copy()
        for dim, cols in zip(self.dimensions, self._columns):
            if hasattr(dim, "snap_columns"):
                X[:, cols] = dim.snap_columns(X[:, cols])
        return snap_points(self._units or self.unit_dimensions(), X)

    def sample(self, n_samples=1, random_state=None) -> list[dict]:
        """Draw ``n_samples`` configurations from the priors."""
        if isinstance(n_samples, (bool, np.bool_)) or not isinstance(n_samples, numbers.Integral) or n_samples < 0:
            raise ValueError(f"n_samples must be an integer >= 0. Got {n_samples!r} instead.")
        rng = check_random_state(random_state)
        return self.decode(rng.uniform(size=(n_samples, self.n_columns)))

    def contains(self, config) -> bool:
        """Whether ``config`` sets exactly the active parameters, to allowed values."""
        return self._assign(config) is not None


def _block(X, cols: slice):
    """A dimension's coordinates: a vector for one column, a matrix for several."""
    return X[:, cols] if cols.stop - cols.start > 1 else X[:, cols.start]
