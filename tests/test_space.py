import copy

import numpy as np
import pytest
from scipy import stats
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import ParameterGrid
from sklearn.svm import SVC

from sktune.optimizers import BayesOptimizer
from sktune.optimizers._base import snap_points
from sktune.subset import Subset
from sktune.space import (Categorical, Conditional, Distribution, Integer, Real, Space,
                          to_dimension)


def test_real_uniform_maps_linearly():
    dim = Real(-2.0, 6.0)
    assert np.allclose(dim.encode([-2.0, 2.0, 6.0]), [0.0, 0.5, 1.0])
    assert dim.decode([0.25]) == [0.0]


def test_real_log_uniform_maps_logarithmically():
    dim = Real(1e-3, 1e3, prior="log-uniform")
    assert np.allclose(dim.encode([1e-3, 1.0, 1e3]), [0.0, 0.5, 1.0])
    assert dim.decode([0.5])[0] == pytest.approx(1.0)
    assert all(isinstance(v, float) for v in dim.decode([0.1, 0.9]))


@pytest.mark.parametrize(
    "dim",
    [
        Real(-3.0, 7.5),
        Real(1e-5, 1e2, prior="log-uniform"),
        Real(0.1, 0.2, prior="log-uniform", base=2),
    ],
)
def test_real_round_trip(dim):
    rng = np.random.default_rng(0)
    values = dim.decode(rng.random(500))
    back = dim.decode(dim.encode(values))
    assert np.allclose(back, values, rtol=1e-12, atol=0)
    assert all(dim.low <= v <= dim.high for v in values)


@pytest.mark.parametrize(
    "dim",
    [Integer(1, 5), Integer(-10, 10), Integer(1, 1000, prior="log-uniform"), Integer(0, 1)],
)
def test_integer_round_trip_is_exact(dim):
    values = list(range(dim.low, dim.high + 1))
    assert dim.decode(dim.encode(values)) == values
    assert all(type(v) is int for v in dim.decode(np.linspace(0, 1, 17)))


def test_integer_cells_are_equal_under_uniform_prior():
    dim = Integer(1, 4)
    u = np.linspace(0, 1, 4001)[:-1]
    counts = np.bincount(np.array(dim.decode(u)) - 1)
    assert np.all(counts == 1000)


def test_integer_log_prior_favours_small_values():
    values = np.array(Integer(1, 1000, prior="log-uniform").sample(4000, random_state=0))
    # log-uniform: about half of the mass lies below sqrt(1000) ~ 31.6
    assert 0.4 < np.mean(values <= 31) < 0.6
    assert values.min() >= 1 and values.max() <= 1000


def test_categorical_accepts_any_objects_and_round_trips():
    svc, lr = SVC(), LogisticRegression()
    categories = [svc, lr, "passthrough", None, len, 3]
    dim = Categorical(categories)
    decoded = dim.decode(dim.encode(categories))
    assert all(a is b for a, b in zip(decoded, categories))


def test_categorical_prior_shapes_the_unit_line():
    dim = Categorical(["a", "b"], prior=[0.8, 0.2])
    draws = dim.sample(2000, random_state=0)
    assert 0.75 < draws.count("a") / 2000 < 0.85
    assert dim.decode([0.79, 0.81]) == ["a", "b"]


def test_categorical_matches_equal_estimators_by_parameters():
    dim = Categorical([SVC(C=1.0), SVC(C=2.0)])
    assert dim.index(SVC(C=2.0)) == 1
    assert not dim.contains(SVC(C=3.0))
    assert not dim.contains(LogisticRegression())


def test_snapping_a_categorical_looks_its_categories_up_once(monkeypatch):
    # optimizers snap thousands of candidates per proposal: each must not search
    # the categories again (a thousand choices made every Bayesian ask take seconds)
    dim = Categorical([f"v{i}" for i in range(50)] + ["v3"])
    u = np.random.default_rng(0).random(2000)
    expected = dim.encode(dim.decode(u))
    lookups = []
    original = Categorical.index
    monkeypatch.setattr(Categorical, "index", lambda self, v: lookups.append(v) or original(self, v))
    for _ in range(3):
        assert np.array_equal(dim._snap(u), expected)
    assert len(lookups) == len(dim.categories)
    assert dim._snap(np.array([0.999]))[0] == dim.encode(["v3"])[0]  # the repeat snaps to the first


def test_categorical_does_not_confuse_true_and_one():
    dim = Categorical([1, "1", None])
    assert dim.index("1") == 1
    assert not dim.contains("2")
    assert dim.contains(None)
    flags = Categorical([0, 1, True, False])
    assert [flags.index(v) for v in (0, 1, True, False, np.True_)] == [0, 1, 2, 3, 2]
    assert not Categorical([1, 2]).contains(True)


def test_categorical_keeps_one_and_one_point_zero_apart():
    # max_features=1 keeps one feature, max_features=1.0 every feature
    dim = Categorical([1, 1.0, "sqrt"])
    assert [dim.index(v) for v in (1, 1.0, np.int64(1), np.float64(1.0), "sqrt")] == [0, 1, 0, 1, 2]
    assert [type(v) for v in dim.decode(dim.encode([1.0, 1]))] == [float, int]
    space = Space({"max_features": dim})
    assert len({tuple(row) for row in space.snap(np.linspace(0, 1, 30)[:, None])}) == 3
    assert Categorical([1.0, 2.0]).index(2) == 1  # an equal number of another kind still matches


@pytest.mark.parametrize(
    "categories, ordered",
    [
        ([0.01, 0.1, 1, 10], True),  # a GridSearchCV grid
        ([500, 200, 100], True),  # decreasing is an order too
        (np.array([2, 4, 8]), True),  # numpy numbers
        ([1, 10], False),  # two levels: nothing to order
        ([10, 1, 100], False),  # not listed in order
        ([0.1, 1, 1.5, 1.2], False),  # in order only up to a point
        ([3, 5, None], False),  # not all numbers
        ([0, 1, True], False),  # booleans are choices
        (["low", "mid", "high"], False),
        ([1.0, float("nan"), 3.0], False),
    ],
)
def test_numbers_listed_in_order_are_ordered_levels(categories, ordered):
    dim = Categorical(categories)
    assert dim.is_ordered is ordered
    assert dim.unit_dimension().kind == ("integer" if ordered else "categorical")
    # the layout on the unit line does not change: same coordinates, same values
    assert dim.decode(dim.encode(list(categories))) == list(categories)
    assert np.array_equal(dim.unit_dimension().levels, dim.encode(list(categories)))


def test_ordered_can_be_set_either_way():
    assert Categorical(["low", "mid", "high"], ordered=True).unit_dimension().kind == "integer"
    assert Categorical([0.1, 1, 10], ordered=False).unit_dimension().kind == "categorical"
    assert Categorical(["only"], ordered=True).unit_dimension().kind == "categorical"
    assert to_dimension([0.1, 1, 10], "C").is_ordered
    assert Categorical([0.1, 1, 10]) != Categorical([0.1, 1, 10], ordered=False)
    with pytest.raises(ValueError, match=r"^ordered must be 'auto', True or False. Got 'yes'"):
        Categorical([1, 2, 3], ordered="yes")


def test_choices_between_dicts_and_estimators_stay_unordered():
    # the hidden choice between the dicts of a list is numbered 0, 1, 2, ...
    space = Space([{"a": [1, 2, 3]}, {"b": Real(0, 1)}, {"c": Real(0, 1)}])
    kinds = [u.kind for u in space.unit_dimensions()]
    assert kinds == ["categorical", "integer", "continuous", "continuous"]
    nested = Space({"k": {1: {"x": Real(0, 1)}, 2: None, 3: {"y": Real(0, 1)}}})
    assert nested.unit_dimensions()[0].kind == "categorical"


@pytest.mark.parametrize(
    "spec, expected",
    [
        ((1, 10), Integer(1, 10)),
        ((1e-3, 1e3, "log-uniform"), Real(1e-3, 1e3, prior="log-uniform")),
        ((0.0, 1), Real(0.0, 1)),
        ((2, 64, "log-uniform", 2), Integer(2, 64, prior="log-uniform", base=2)),
        (["rbf", "linear"], Categorical(["rbf", "linear"])),
        ([1, 10], Categorical([1, 10])),
        (("a", "b", "c"), Categorical(["a", "b", "c"])),
        (stats.loguniform(1e-3, 1e3), Real(1e-3, 1e3, prior="log-uniform")),
        (stats.uniform(2, 3), Real(2.0, 5.0)),
        (stats.randint(1, 10), Integer(1, 9)),
    ],
)
def test_to_dimension_reads_every_user_form(spec, expected):
    assert to_dimension(spec, "p") == expected._with_name("p")


def test_unbounded_distribution_maps_through_its_cdf():
    dim = to_dimension(stats.norm(3.0, 2.0), "p")
    assert isinstance(dim, Distribution)
    assert dim.decode([0.5]) == [pytest.approx(3.0)]
    values = dim.sample(200, random_state=0)
    assert np.allclose(dim.decode(dim.encode(values)), values)


def test_distribution_repr_shows_its_keyword_arguments():
    # expon(scale=0.1) and expon() differ: the repr must not hide the keywords
    assert repr(to_dimension(stats.expon(scale=0.1), "p")) == "Distribution(expon(scale=0.1), name='p')"
    assert repr(to_dimension(stats.poisson(500), "p")) == "Distribution(poisson(500), name='p')"
    assert repr(to_dimension(stats.norm(3.0, scale=2.0), "p")) == "Distribution(norm(3.0, scale=2.0), name='p')"


def test_distributions_not_frozen_are_read_as_randomized_search_reads_them():
    # RandomizedSearchCV samples anything with rvs(): scipy.stats.expon as it is, and
    # rv_discrete(values=...), whose values may skip integers or be fractions
    assert to_dimension(stats.expon, "p") == to_dimension(stats.expon(), "p")
    assert to_dimension(stats.uniform, "p") == Real(0.0, 1.0, name="p")
    for values, odds in (([1, 5, 9], [0.2, 0.5, 0.3]), ([0.1, 0.2, 0.7], [0.2, 0.5, 0.3])):
        dim = to_dimension(stats.rv_discrete(values=(values, odds)), "p")
        assert repr(dim) == f"Distribution(rv_discrete(values=({values}, {odds})), name='p')"
        assert dim.decode(dim.encode(values)) == values
        assert [dim.contains(v) for v in values + [2, 0.3]] == [True] * 3 + [False] * 2
        unit = dim.unit_dimension()
        assert unit.n_levels == 3 and np.allclose(unit.levels, [0.1, 0.45, 0.85])
        drawn = dim.sample(4000, random_state=0)
        assert set(drawn) == set(values)
        assert np.allclose([drawn.count(v) / 4000 for v in values], odds, atol=0.03)
    shifted = to_dimension(stats.rv_discrete(values=([1, 5, 9], [0.2, 0.5, 0.3]))(loc=2), "p")
    assert sorted(set(shifted.sample(200, random_state=0))) == [3, 7, 11]
    assert shifted.contains(7) and not shifted.contains(5)
    # other odds are another space (checkpoints compare spaces)
    assert to_dimension(stats.rv_discrete(values=([1, 5], [0.5, 0.5])), "p") != to_dimension(
        stats.rv_discrete(values=([1, 5], [0.1, 0.9])), "p")
    with pytest.raises(TypeError, match=r"'p'.*scipy.stats.gamma needs its shape parameters \(a\)"):
        to_dimension(stats.gamma, "p")


def test_search_over_listed_values_proposes_only_them():
    space = Space({"a": stats.rv_discrete(values=([1, 5, 9], [0.2, 0.5, 0.3])), "b": Real(0.0, 1.0)})
    opt = BayesOptimizer(space.unit_dimensions(), n_initial_points=3, random_state=0, snap=space.snap)
    for _ in range(8):
        U = opt.ask()
        configs = space.decode(U)
        opt.tell(U, [(c["a"] - 5) ** 2 + c["b"] for c in configs])
    assert {c["a"] for c in space.decode(opt.X)} <= {1, 5, 9}
    assert min(opt.y) < 0.2


def test_discrete_distribution_round_trips_exactly():
    dim = to_dimension(stats.poisson(4), "p")
    assert dim.unit_dimension().kind == "integer"
    values = list(range(0, 15))
    assert dim.decode(dim.encode(values)) == values


@pytest.mark.parametrize(
    "factory, message",
    [
        (lambda: Real(5.0, 1.0), "low must be < high"),
        (lambda: Integer(3, 3), "low must be < high"),
        (lambda: Real(0.0, 1.0, prior="log-uniform"), "low must be > 0"),
        (lambda: Integer(0, 5, prior="log-uniform"), "low must be > 0"),
        (lambda: Real(1.0, 2.0, prior="normal"), "prior must be one of"),
        (lambda: Categorical([]), "categories must not be empty"),
        (lambda: Categorical(["a"], prior=[0.5]), "prior must be one"),
        (lambda: Integer(1.5, 3), r"^low must be an integer. Got 1.5 instead"),
        (lambda: Real(0.0, "1"), r"^high must be a real number. Got '1' instead"),
        (lambda: Real(0.0, float("inf")), "high must be finite"),
        (lambda: Real(1.0, 2.0, base="e"), r"^base must be a real number. Got 'e' instead"),
        (lambda: Integer(1, 9, prior="log-uniform", base=1), r"^base must be finite and > 1"),
    ],
)
def test_bad_dimensions_raise_clear_errors(factory, message):
    with pytest.raises((ValueError, TypeError), match=message):
        factory()


def test_tuples_are_read_as_scikit_optimize_reads_them():
    space = Space({"a": (1, 2, 3), "b": (1, 2, 3, 4), "c": (1, 10, "log-uniform", 2), "d": (1,),
                   "e": (0.5, 2), "f": ("x", "y")})
    a, b, c, d, e, f = space.dimensions
    categories = [list(dim.categories) for dim in (a, b, d, f)]
    assert categories == [[1, 2, 3], [1, 2, 3, 4], [1], ["x", "y"]]
    assert isinstance(c, Integer) and (c.low, c.high, c.prior, c.base) == (1, 10, "log-uniform", 2)
    assert isinstance(e, Real) and (e.low, e.high) == (0.5, 2)
    with pytest.raises(ValueError, match="'g'.*prior must be one of"):
        Space({"g": (0.1, 1.0, "normal")})


def test_tuple_errors_name_the_parameter():
    with pytest.raises(ValueError, match="'alpha'.*low must be < high"):
        Space({"alpha": (10.0, 1.0)})
    with pytest.raises(ValueError, match="'C'.*low must be > 0"):
        Space({"C": (0.0, 1.0, "log-uniform")})
    with pytest.raises(TypeError, match="'C'"):
        Space({"C": 3})
    with pytest.raises(TypeError, match="'gamma'.*base must be a real number"):
        Space({"gamma": (1e-4, 1.0, "log-uniform", "2")})


class _SampleOnly:
    """What RandomizedSearchCV accepts as a distribution: rvs() and nothing else."""

    def rvs(self, random_state=None):
        return 1.0


def test_a_sample_only_distribution_is_refused_with_what_to_give_instead():
    with pytest.raises(TypeError, match="'C'.*only an rvs.*scipy.stats distribution it draws from"):
        Space({"C": _SampleOnly()})
    with pytest.raises(TypeError) as plain:
        Space({"C": 3})
    assert "rvs" not in str(plain.value)


def test_space_round_trip_and_native_types():
    space = Space(
        {
            "C": Real(1e-3, 1e3, prior="log-uniform"),
            "degree": (1, 5),
            "kernel": ["rbf", "poly"],
            "tol": stats.loguniform(1e-5, 1e-1),
        }
    )
    configs = space.sample(50, random_state=1)
    X = space.encode(configs)
    assert X.shape == (50, 4) and X.min() >= 0 and X.max() <= 1
    back = space.decode(X)
    for a, b in zip(configs, back):
        assert a["degree"] == b["degree"] and type(b["degree"]) is int
        assert a["kernel"] == b["kernel"]
        assert b["C"] == pytest.approx(a["C"], rel=1e-12)
        assert type(b["C"]) is float


def test_snapping_is_idempotent_and_decodes_identically():
    space = Space({"n": Integer(1, 1000, prior="log-uniform"), "k": ["a", "b", "c"], "x": (0.0, 1.0)})
    dims = space.unit_dimensions()
    X = np.random.default_rng(0).random((200, 3))
    S = snap_points(dims, X)
    assert np.array_equal(snap_points(dims, S), S)
    assert space.decode(S) == space.decode(X)


def test_sampling_is_seeded():
    space = Space({"a": (0.0, 1.0), "b": (1, 9)})
    assert space.sample(5, random_state=3) == space.sample(5, random_state=3)
    assert space.sample(5, random_state=3) != space.sample(5, random_state=4)
    assert space.sample(0) == []
    for not_a_count in (-1, 2.5, True):
        with pytest.raises(ValueError, match="n_samples must be an integer >= 0"):
            space.sample(not_a_count)


def test_encode_refuses_one_configuration_not_in_a_list():
    space = Space({"a": (0.0, 1.0), "b": ["x", "y"]})
    with pytest.raises(TypeError, match=r"configs must be a list of dicts.*pass \[config\]"):
        space.encode({"a": 0.5, "b": "x"})
    assert space.encode([{"a": 0.5, "b": "x"}]).shape == (1, 2)


@pytest.mark.parametrize("use, error, message", [
    (lambda: Space([Real(0, 1)]), ValueError, "every dimension needs a name"),
    (lambda: Space("abc"), TypeError, "must be a dict, a list of dicts or a list of dimensions"),
    (lambda: Space({1: Real(0, 1)}), TypeError, r"keys must be parameter names \(str\). Got 1"),
    (lambda: Space({"a": Real(0, 1)}).decode(np.zeros((1, 3))), ValueError, "X must have 1 columns. Got 3"),
    (lambda: Space({"a": Real(0, 1)}).encode([{"b": 0.5}]), ValueError, "is not a configuration"),
    (lambda: Space({"a": Real(0, 1)}).encode([{"a": 0.5, "b": 1}]), ValueError, "is not a configuration"),
    (lambda: Space({"a": Real(0, 1)})["b"], KeyError, "b"),
], ids=["unnamed", "string", "key", "width", "missing", "extra", "getitem"])
def test_space_misuse_raises_clear_errors(use, error, message):
    with pytest.raises(error, match=message):
        use()


@pytest.mark.parametrize("distribution, inside, outside", [
    (stats.randint(1, 10), [1, 5, 5.0, np.int64(9)], [0, 10, 5.5, "5", True]),
    (stats.loguniform(1e-3, 1), [1e-3, 0.5, 1.0], [2.0, 0.0, "a", None]),
    (stats.poisson(3), [0, 3, 100], [-1, 2.5]),
    (stats.norm(0, 1), [-1e6, 0.0, 3.5, np.float32(2)], [np.inf, -np.inf, np.nan, "0"]),
    (stats.expon(), [0.0, 1e3], [-1e-9, np.inf]),
])
def test_a_distribution_contains_the_values_it_can_draw(distribution, inside, outside):
    # used to tell whether a default or an initial point lies in the space
    dim = Distribution(distribution)
    assert all(dim.contains(v) for v in inside)
    assert not any(dim.contains(v) for v in outside)


def test_user_objects_are_never_modified():
    dim = Real(0.1, 1.0)
    spaces = {"C": dim, "kernel": ["a", "b"]}
    before = copy.deepcopy(spaces)
    space = Space(spaces)
    assert dim.name is None and space["C"].name == "C"
    assert spaces["kernel"] == before["kernel"] and spaces.keys() == before.keys()


def test_space_contains():
    space = Space({"C": (0.1, 10.0), "k": ["a", "b"]})
    assert space.contains({"C": 1.0, "k": "a"})
    assert not space.contains({"C": 100.0, "k": "a"})
    assert not space.contains({"C": 1.0})


@pytest.mark.parametrize("prior", ["uniform", "log-uniform"])
def test_real_values_survive_encode_then_decode_exactly(prior):
    # log/exp need not round-trip to the same float (vectorised exp differs by an ulp
    # on some CPUs); encode nudges the coordinate so that decoding gives the value back
    dim = Real(1e-3, 1e3, prior=prior)
    values = dim.decode(np.random.default_rng(0).random(2000))
    assert dim.decode(dim.encode(values)) == values
    assert [dim.decode(dim.encode([v]))[0] for v in values[:200]] == values[:200]


def test_random_spaces_round_trip_and_snap_onto_their_own_points(random_space):
    rng = np.random.default_rng(0)
    for _ in range(200):
        space = random_space(rng)
        U = rng.random((40, space.n_columns))
        U[:4], U[4:8] = 0.0, 1.0  # the bounds
        configs = space.decode(U)
        assert all(space.contains(c) for c in configs)
        encoded = space.encode(configs)
        assert repr(space.decode(encoded)) == repr(configs)
        assert np.array_equal(space.snap(encoded), encoded)  # encoding is canonical
        snapped = space.snap(U)
        assert np.array_equal(space.snap(snapped), snapped)
        assert repr(space.decode(snapped)) == repr(configs)


@pytest.mark.parametrize("low, high, prior", [
    (1e-8, 1e8, "log-uniform"), (24.8, 4.2e7, "log-uniform"), (-5.0, 17.3, "uniform"), (0.1, 0.2, "uniform"),
])
def test_every_real_value_decodes_from_its_own_coordinate(low, high, prior):
    # log and exp need not round-trip; on numpy 1.24 a few values in 10,000 sat
    # several float steps away from the coordinate first computed
    real = Real(low, high, prior=prior)
    values = real.decode(np.random.default_rng(0).random(20000))
    assert real.decode(real.encode(values)) == values
    assert real.decode(real.encode([low, high])) == [low, high]


@pytest.mark.parametrize("grid", [
    {"C": [0.1, 1, 10, 100], "gamma": [1e-4, 1e-3, 1e-2]},
    [{"kernel": ["linear"], "C": [1, 10]}, {"kernel": ["rbf"], "C": [1, 10], "gamma": [0.1, 1, 10]}],
    [{"a": [1, 2]}, {"b": ["x", "y", "z"], "c": [None, 3]}],
    {"max_depth": [None, 3, 5], "max_features": ["sqrt", None], "bootstrap": [True, False]},
])
def test_a_grid_counts_the_configurations_parameter_grid_lists(grid):
    assert Space(grid).n_configurations == len(ParameterGrid(grid))


def test_choices_add_up_what_they_switch_on_and_ranges_count_their_values():
    kernel = {"kernel": ["rbf", "poly", "linear"], "C": [1, 10],
              "degree": Conditional(Integer(2, 5), on="kernel", values=["poly"])}
    assert Space(kernel).n_configurations == (1 + 4 + 1) * 2
    nested = {"clf": {SVC(): {"C": [1, 10]}, LogisticRegression(): {"C": [1, 2, 3]}}, "x": [1, 2]}
    assert Space(nested).n_configurations == (2 + 3) * 2
    assert Space({"n": Integer(1, 10), "k": [1, 2]}).n_configurations == 20
    assert Space({"C": Real(0.1, 1), "k": [1, 2]}).n_configurations == np.inf


def test_a_subset_counts_the_subsets_its_size_limits_allow():
    # C(4, 2) + C(4, 3): the six pairs and four triples, not the 16 patterns of its bits
    assert Space({"cols": Subset(list("abcd"), min_size=2, max_size=3)}).n_configurations == 10
    assert Space({"cols": Subset(list("abcd")), "k": [1, 2]}).n_configurations == 15 * 2


@pytest.mark.parametrize(
    "spec, hint",
    [
        (1.0, r"A single value goes in a list of one: \[1\.0\]\."),
        ("rbf", r"A single value goes in a list of one: \['rbf'\]\."),
        (None, r"A single value goes in a list of one: \[None\]\."),
        (np.array(0.5), r"A single value goes in a list of one"),
        ({0.1, 1.0}, r"A set has no order: give its categories as a list\."),
        ((c for c in [0.1, 1.0]), r"A generator or iterator can be read only once: give a list\."),
    ],
)
def test_entries_that_are_not_spaces_say_what_to_write_instead(spec, hint):
    # GridSearchCV refuses a bare value too; each of these needs a list
    with pytest.raises(TypeError, match=r"Invalid search space entry 'C': it must be .* " + hint):
        Space({"C": spec})


def _optuna_like(kind, **attributes):
    """An object shaped as Optuna's distribution ``kind`` (Optuna is not a test
    dependency): its module, class name and the attributes sktune reads."""
    distribution = type(kind, (), {"__module__": "optuna.distributions"})()
    vars(distribution).update(attributes)
    return distribution


def test_optuna_distributions_are_read_as_dimensions():
    # OptunaSearchCV's param_distributions, given to an sktune search as they are
    assert to_dimension(_optuna_like("FloatDistribution", low=1e-3, high=1.0, log=True, step=None),
                        "C") == Real(1e-3, 1.0, prior="log-uniform", name="C")
    assert to_dimension(_optuna_like("FloatDistribution", low=0.0, high=1.0, log=False, step=None),
                        "x") == Real(0.0, 1.0, name="x")
    assert to_dimension(_optuna_like("IntDistribution", low=1, high=64, log=True, step=1),
                        "k") == Integer(1, 64, prior="log-uniform", name="k")
    # a step makes a grid of Optuna's values, searched as ordered levels, without float noise
    stepped = to_dimension(_optuna_like("FloatDistribution", low=0.1, high=0.7, log=False, step=0.1))
    assert stepped.categories == (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7) and stepped.is_ordered
    assert to_dimension(_optuna_like("IntDistribution", low=1, high=10, log=False, step=3)
                        ).categories == (1, 4, 7, 10)
    choice = to_dimension(_optuna_like("CategoricalDistribution", choices=("rbf", None)), "kernel")
    assert choice == Categorical(["rbf", None], name="kernel")


def test_the_choice_between_dicts_is_named_after_what_each_dict_fixes():
    model_choice = [{"clf": [SVC()], "clf__C": Real(0.1, 10)},
                    {"clf": [LogisticRegression()], "clf__C": Real(0.1, 10)}]
    chosen = Space(model_choice).chosen_by_branch()
    assert list(chosen) == ["clf"] and [type(c) for c in chosen["clf"]] == [SVC, LogisticRegression]
    both = [{"clf": [SVC()], "scale": [True]}, {"clf": [LogisticRegression()], "scale": [False]}]
    assert list(Space(both).chosen_by_branch()) == ["clf", "scale"]
    assert Space(both).chosen_by_branch()["scale"] == [True, False]
    # a value two dicts share, a dict that fixes nothing, two values in one dict, one dict
    for spaces in ([{"clf": [SVC()], "clf__C": [1, 2]}, {"clf": [SVC()], "clf__C": [3, 4]}],
                   [{"clf": [SVC()]}, {}],
                   [{"clf": [SVC()]}, {"clf": [LogisticRegression(), SVC(kernel="linear")]}],
                   [{"clf": [SVC()]}],
                   {"clf": [SVC(), LogisticRegression()]}):
        assert Space(spaces).chosen_by_branch() == {}
