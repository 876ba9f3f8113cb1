import warnings

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.datasets import load_iris, make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_score
from sklearn.pipeline import Pipeline
from sklearn.svm import SVC

from sktune import ColumnSubset, EvolutionarySearchCV, Integer, Real, Subset
from sktune.optimizers import CMAESOptimizer, GeneticOptimizer, RandomOptimizer
from sktune.space import Categorical, Space


def rastrigin(X):
    Z = 10 * (np.asarray(X) - 0.3)
    return (Z**2 - 10 * np.cos(2 * np.pi * Z) + 10).sum(axis=1)


def sphere(X):
    return ((np.asarray(X) - 0.3) ** 2).sum(axis=1)


def run(opt, f, n_evals):
    while opt.n_told < n_evals and not opt.stop():
        X = opt.ask(min(getattr(opt, "population_size", 10), n_evals - opt.n_told))
        if len(X):
            opt.tell(X, f(X))
    return opt


@pytest.mark.parametrize("cls", [CMAESOptimizer, GeneticOptimizer])
def test_seeded_and_better_than_random(cls):
    a = run(cls(5, random_state=1), sphere, 200)
    b = run(cls(5, random_state=1), sphere, 200)
    assert np.array_equal(a.X, b.X)
    rand = run(RandomOptimizer(5, random_state=1), sphere, 200)
    assert a.y.min() < 0.1 * rand.y.min()


def test_cma_adapts_its_step_and_covariance():
    opt = run(CMAESOptimizer(4, random_state=0), sphere, 400)
    assert opt.y.min() < 1e-6
    assert opt._sigma < opt.sigma0  # the step shrank around the optimum
    best = opt.X[opt.best_index]
    assert np.allclose(best, 0.3, atol=1e-2)


def test_cma_resamples_instead_of_piling_points_on_the_bounds():
    # optimum next to the lower bound: clipped samples would sit exactly on it
    opt = run(CMAESOptimizer(3, random_state=0), lambda X: ((X - 0.02) ** 2).sum(axis=1), 200)
    assert opt.y.min() < 1e-4
    assert np.mean(opt.X == 0.0) < 0.02


def test_cma_learns_a_rotated_ill_conditioned_valley():
    rotation = np.linalg.qr(np.random.default_rng(0).normal(size=(4, 4)))[0]
    scales = np.array([1.0, 10.0, 100.0, 1000.0])

    def ellipsoid(X):
        return ((((X - 0.4) @ rotation) * scales) ** 2).sum(axis=1)

    opt = run(CMAESOptimizer(4, random_state=0), ellipsoid, 900)
    assert opt.y.min() < 1e-6 and opt.n_restarts == 0
    # the covariance lines up with the valley: its longest axis is the flattest one
    longest = opt._B[:, np.argmax(opt._D)]
    assert abs(longest @ rotation[:, 0]) > 0.9


@pytest.mark.parametrize("population_size", [2, 3])
def test_cma_smallest_populations_run_without_warnings(population_size):
    space = Space({"a": Integer(1, 10)})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        opt = CMAESOptimizer(space.unit_dimensions(), population_size=population_size,
                             random_state=0, snap=space.snap)
        run(opt, lambda X: np.abs(np.array([c["a"] for c in space.decode(X)]) - 7.0), 10)
    assert opt.y.min() == 0


def test_cma_restarts_with_a_larger_population_on_a_multimodal_function():
    opt = CMAESOptimizer(2, random_state=0)
    first = opt.population_size
    run(opt, rastrigin, 1500)
    assert opt.n_restarts >= 1
    assert opt.population_size == first * 2**opt.n_restarts


def test_cma_keeps_exploring_integer_levels():
    space = Space({"a": Integer(1, 10), "b": Integer(1, 10)})

    def f(X):
        c = np.array([[v["a"], v["b"]] for v in space.decode(X)])
        return ((c - 7) ** 2).sum(axis=1)

    opt = run(CMAESOptimizer(space.unit_dimensions(), random_state=0, snap=space.snap), f, 60)
    assert opt.y.min() == 0
    # the margin keeps discrete columns from freezing: no stall on repeated points
    assert opt.n_told == 60 and len({tuple(r) for r in opt.X}) == 60


def test_genetic_finds_a_feature_subset_and_a_category():
    space = Space({"cols": Subset(list(range(12))), "k": Categorical(list("abcd")), "x": Real(0.0, 1.0)})
    good = {1, 4, 7}

    def f(X):
        return np.array([
            len(set(c["cols"]) ^ good) + (c["k"] != "c") + (c["x"] - 0.6) ** 2 for c in space.decode(X)
        ])

    opt = run(GeneticOptimizer(space.unit_dimensions(), random_state=0, snap=space.snap), f, 400)
    best = space.decode(opt.X[[opt.best_index]])[0]
    assert set(best["cols"]) == good and best["k"] == "c"


def test_cma_preselects_many_bits_by_a_model_of_their_effects():
    space = Space({"cols": Subset(list(range(20))), "x": Real(0.0, 1.0)})
    good = set(range(0, 20, 3))

    def f(X):
        return np.array([len(set(c["cols"]) ^ good) + (c["x"] - 0.6) ** 2 for c in space.decode(X)])

    def best(preselection, seed):
        opt = CMAESOptimizer(space.unit_dimensions(), preselection=preselection,
                             random_state=seed, snap=space.snap)
        return run(opt, f, 100).y.min()

    on = [best(4, seed) for seed in range(6)]
    off = [best(1, seed) for seed in range(6)]
    assert max(on) < 0.1  # the right subset on every seed
    assert np.mean(on) < 0.2 * np.mean(off)


def test_cma_preselection_leaves_spaces_with_few_bits_alone():
    space = Space({"cols": Subset(list(range(7))), "x": Real(0.0, 1.0)})

    def f(X):
        return np.array([len(c["cols"]) + c["x"] for c in space.decode(X)])

    a, b = (run(CMAESOptimizer(space.unit_dimensions(), preselection=k, random_state=0,
                               snap=space.snap), f, 60) for k in (1, 4))
    assert np.array_equal(a.X, b.X)


def test_cma_learns_categories_with_their_own_probabilities():
    # each category moves the optimum of the reals; "b" holds the best one
    targets = {"a": 0.2, "b": 0.7, "c": 0.4, "d": 0.9}
    offsets = {"a": 0.3, "b": 0.0, "c": 0.15, "d": 0.6}
    space = Space({"x": Real(0.0, 1.0), "y": Real(0.0, 1.0), "k": Categorical(list("abcd"))})

    def f(X):
        return np.array([offsets[c["k"]] + (c["x"] - targets[c["k"]]) ** 2 + (c["y"] - 0.5) ** 2
                         for c in space.decode(X)])

    opts = [run(CMAESOptimizer(space.unit_dimensions(), random_state=s, snap=space.snap), f, 150)
            for s in range(5)]
    for opt in opts:
        assert space.decode(opt.X[[opt.best_index]])[0]["k"] == "b"
        assert opt.y.min() < 1e-3
        # the probabilities concentrate on "b" but keep every category possible
        q = opt._probabilities[0]
        assert q[1] > 0.8 and q.min() >= opt._probability_floor(4) - 1e-12
    # CMA-ES + probabilities beat the genetic algorithm on this space
    ga = [run(GeneticOptimizer(space.unit_dimensions(), random_state=s, snap=space.snap), f, 150).y.min()
          for s in range(5)]
    assert np.mean([o.y.min() for o in opts]) < np.mean(ga)


def test_cma_on_categories_alone():
    # 216 configurations, no numeric column: the probabilities alone must find the best
    space = Space({"k": Categorical(list("abcdef")), "m": Categorical(list("uvwxyz")),
                   "p": Categorical(list("ABCDEF"))})

    def f(X):
        return np.array([(c["k"] != "e") + 0.5 * (c["m"] != "v") + 0.25 * (c["p"] != "C")
                         for c in space.decode(X)], float)

    def found(cls, seed):
        return run(cls(space.unit_dimensions(), random_state=seed, snap=space.snap), f, 60).y.min() == 0

    cma = sum(found(CMAESOptimizer, seed) for seed in range(8))
    rand = sum(found(RandomOptimizer, seed) for seed in range(8))
    assert cma >= 7 and cma > rand  # random search: about 60 / 216 of the time


@pytest.mark.parametrize("cls", [CMAESOptimizer, GeneticOptimizer])
def test_failures_rank_last(cls):
    def f(X):
        y = sphere(X)
        y[X[:, 0] > 0.6] = np.nan
        return y

    opt = run(cls(3, random_state=0), f, 150)
    assert np.nanmin(opt.y) < 0.01


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(population_size=1), "population_size must be"),
        (dict(sigma0=0), "sigma0 must be"),
        (dict(category_learning_rate=0), "category_learning_rate must be"),
        (dict(preselection=0), "preselection must be"),
        (dict(preselection=2.5), "preselection must be"),
    ],
)
def test_cma_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        CMAESOptimizer(2, **kwargs)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(population_size=1), "population_size must be"),
        (dict(tournament_size=0), "tournament_size must be"),
        (dict(crossover_rate=1.5), "crossover_rate must be"),
        (dict(mutation_rate=0), "mutation_rate must be"),
    ],
)
def test_genetic_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        GeneticOptimizer(2, **kwargs)


@pytest.fixture(scope="module")
def iris():
    return load_iris(return_X_y=True)


SVC_SPACE = {"C": Real(1e-2, 1e2, prior="log-uniform"), "gamma": Real(1e-3, 1e1, prior="log-uniform")}


def test_each_generation_is_one_batch_and_results_are_complete(iris):
    X, y = iris
    batches = []
    search = EvolutionarySearchCV(SVC(), SVC_SPACE, n_iter=13, population_size=4, cv=3, random_state=0)
    search.fit(X, y, callback=lambda res: batches.append(len(res.x_iters)) and False)
    assert search.strategy_ == "cma"
    assert len(search.cv_results_["params"]) == 13
    # SVC's default gamma='scale' lies outside the space: evaluated first as a
    # baseline, not told to CMA-ES; then three generations of 4
    assert batches == [4, 8, 12]
    assert search.best_score_ >= search.default_score_ and search.best_score_ > 0.95


def test_a_budget_smaller_than_one_generation_warns_that_nothing_evolves(iris):
    X, y = iris
    small = EvolutionarySearchCV(SVC(), SVC_SPACE, n_iter=5, population_size=6, cv=3, random_state=0)
    with pytest.warns(UserWarning, match="n_iter leaves 4 evaluations for a population of 6: no "
                                         "generation completes"):
        small.fit(X, y)
    assert len(small.cv_results_["params"]) == 5
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        EvolutionarySearchCV(SVC(), SVC_SPACE, n_iter=7, population_size=6, cv=3,
                             random_state=0).fit(X, y)
        # a space no larger than the budget is evaluated whole: nothing to evolve
        EvolutionarySearchCV(SVC(), {"C": [0.1, 1.0, 10.0]}, n_iter=3, population_size=6, cv=3,
                             random_state=0, evaluate_default=False).fit(X, y)
    # counted as the space counts them: 5 subsets of 4 or more of 4 columns (not the 16
    # bit patterns), and 3 + 2 configurations of two models (not 2 x 3 x 2)
    pipe = Pipeline([("cols", ColumnSubset()), ("clf", LogisticRegression())])
    for space in ({"cols__columns": Subset([0, 1, 2, 3], min_size=3)},
                  {"clf": {LogisticRegression(): {"clf__C": [0.1, 1.0, 10.0]},
                           SVC(): {"clf__kernel": ["rbf", "linear"]}}}):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            whole = EvolutionarySearchCV(pipe, space, n_iter=6, population_size=8, cv=3,
                                         random_state=0, evaluate_default=False).fit(X, y)
        messages = [str(w.message) for w in caught]
        assert len(whole.cv_results_["params"]) == 5
        assert not any("no generation completes" in m for m in messages), messages
        assert any("was exhausted after 5 evaluations" in m for m in messages), messages


def test_same_seed_same_candidates_whatever_n_jobs(iris):
    X, y = iris
    runs = [
        EvolutionarySearchCV(SVC(), SVC_SPACE, n_iter=10, population_size=5, cv=3, random_state=2,
                             n_jobs=n_jobs).fit(X, y).cv_results_["params"]
        for n_jobs in (1, 2)
    ]
    assert runs[0] == runs[1]


def test_auto_picks_cma_unless_the_space_is_conditional(iris):
    X, y = iris
    mixed = EvolutionarySearchCV(SVC(), {**SVC_SPACE, "kernel": ["rbf", "linear"]}, n_iter=8, cv=3,
                                 population_size=4, random_state=0).fit(X, y)
    assert mixed.strategy_ == "cma"
    assert {p["kernel"] for p in mixed.cv_results_["params"]} == {"rbf", "linear"}
    conditional = {"kernel": {"rbf": {"gamma": Real(1e-3, 1e1, prior="log-uniform")}, "linear": {}},
                   "C": Real(1e-2, 1e2, prior="log-uniform")}
    branching = EvolutionarySearchCV(SVC(), conditional, n_iter=8, cv=3, population_size=4,
                                     random_state=0).fit(X, y)
    assert branching.strategy_ == "ga"
    pipe = Pipeline([("select", ColumnSubset()), ("clf", LogisticRegression(max_iter=300))])
    subset = EvolutionarySearchCV(pipe, {"select__columns": Subset([0, 1, 2, 3])}, n_iter=10, cv=3,
                                  population_size=4, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        subset.fit(X, y)
    assert subset.strategy_ == "cma"
    keys = [str(p) for p in subset.cv_results_["params"]]
    assert len(keys) == len(set(keys))  # no configuration refitted


def test_conditional_pipeline_clone_and_cross_val_score():
    X, y = make_classification(n_samples=120, n_features=6, random_state=0)
    pipe = Pipeline([("clf", LogisticRegression())])
    space = {"clf": {SVC(): {"clf__C": Real(0.1, 10.0)}, LogisticRegression(max_iter=300): {"clf__C": Real(0.1, 10.0)}}}
    search = EvolutionarySearchCV(pipe, space, n_iter=8, population_size=4, cv=3, random_state=0)
    scores = cross_val_score(clone(search), X, y, cv=2)
    assert scores.shape == (2,) and np.all(scores > 0.6)
    search.fit(X, y)
    assert np.isfinite(search.cv_results_["mean_test_score"]).all()


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(population_size=1), "'population_size' parameter"),
        (dict(strategy="pso"), "'strategy' parameter"),
        (dict(n_iter=0), "'n_iter' parameter"),
    ],
)
def test_bad_parameters_raise_before_fitting(iris, kwargs, message):
    X, y = iris
    with pytest.raises(ValueError, match=message):
        EvolutionarySearchCV(SVC(), SVC_SPACE, cv=3, **kwargs).fit(X, y)


def test_cma_integer_search_through_the_estimator(iris):
    X, y = iris
    from sklearn.neighbors import KNeighborsClassifier

    search = EvolutionarySearchCV(KNeighborsClassifier(), {"n_neighbors": Integer(1, 40)}, n_iter=15,
                                  population_size=5, cv=3, random_state=0).fit(X, y)
    values = [p["n_neighbors"] for p in search.cv_results_["params"]]
    assert all(isinstance(v, int) for v in values) and len(set(values)) == len(values)
