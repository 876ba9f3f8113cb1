"""Successive halving and Hyperband: the planner (no fits) and the search classes."""

import os
import tempfile
import warnings

import numpy as np
import pytest
from scipy.stats import uniform
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.datasets import make_classification
from sklearn.experimental import enable_halving_search_cv  # noqa: F401
from sklearn.ensemble import BaggingClassifier, RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import (GridSearchCV, HalvingGridSearchCV, HalvingRandomSearchCV,
                                     KFold, cross_val_score)
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC
from sklearn.tree import DecisionTreeClassifier
from threadpoolctl import threadpool_limits

from sktune import Categorical, HyperbandSearchCV, Integer, Real, SuccessiveHalvingSearchCV
from sktune._proposals import Proposals
from sktune._rung_splits import RungSplits
from sktune.halving import Rung, hyperband, n_halvings, successive_halving
from sktune.space import Space


class Probe(ClassifierMixin, BaseEstimator):
    """Scores what it saw: its training size, class balance, or ``x`` set by ``budget``."""

    def __init__(self, x=0.5, budget=100, report="x", fail_below=0, flip_at=None):
        self.x = x
        self.budget = budget
        self.report = report
        self.fail_below = fail_below
        self.flip_at = flip_at

    def fit(self, X, y):
        if len(X) < self.fail_below:
            raise ValueError("too few samples")
        self.n_train_ = len(X)
        self.share_of_ones_ = float(np.mean(np.asarray(y) == 1))
        self.classes_ = np.unique(y)
        return self

    def predict(self, X):
        return np.full(len(X), self.classes_[0])

    def score(self, X, y, sample_weight=None):
        if self.report == "n_train":
            return float(self.n_train_)
        if self.report == "share":
            return self.share_of_ones_
        # Small budgets favour large x; from flip_at on, small x wins.
        flipped = self.flip_at is not None and self.budget >= self.flip_at
        return -self.x if flipped else self.x


@pytest.fixture(scope="module")
def data():
    X = np.random.default_rng(0).normal(size=(300, 3))
    y = np.r_[np.zeros(200, dtype=int), np.ones(100, dtype=int)]
    return X, y


# -- planner ---------------------------------------------------------------------------


def test_n_halvings_is_exact_where_floating_point_log_is_not():
    assert n_halvings(243, 3) == 5  # floor(log(243, 3)) is 4 in floating point
    assert n_halvings(242, 3) == 4
    assert n_halvings(1, 3) == 0
    assert n_halvings(8, 2) == 3


@pytest.mark.parametrize(
    "n_candidates, min_resources, max_resources, factor, aggressive",
    [(27, 10, 300, 3, False), (100, 20, 300, 3, False), (30, 10, 30, 3, True),
     (12, 15, 300, 2, False), (50, 40, 300, 4, True), (7, 50, 300, 3, False)],
)
def test_successive_halving_plans_as_scikit_learn_runs(n_candidates, min_resources, max_resources,
                                                       factor, aggressive):
    X = np.random.default_rng(0).normal(size=(max_resources, 2))
    y = np.arange(max_resources) % 2
    theirs = HalvingRandomSearchCV(
        Probe(), {"x": uniform(0, 1)},
        n_candidates=n_candidates, factor=factor, min_resources=min_resources,
        max_resources=max_resources, aggressive_elimination=aggressive, cv=2, random_state=0,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs.fit(X, y)
    ours = successive_halving(n_candidates, min_resources, max_resources, factor, aggressive)
    assert [r.n_resources for r in ours] == theirs.n_resources_
    assert [r.n_candidates for r in ours] == theirs.n_candidates_


def test_hyperband_matches_the_paper_table():
    # Li et al. (2018), Table 1: R = 81, eta = 3.
    brackets = hyperband(1, 81, 3)
    assert [[(r.n_candidates, r.n_resources) for r in b] for b in brackets] == [
        [(81, 1), (27, 3), (9, 9), (3, 27), (1, 81)],
        [(34, 3), (11, 9), (3, 27), (1, 81)],
        [(15, 9), (5, 27), (1, 81)],
        [(8, 27), (2, 81)],
        [(5, 81)],
    ]
    assert all(b[-1].n_resources == 100 for b in hyperband(7, 100, 3))
    assert hyperband(50, 50) == [[Rung(1, 50)]]


@pytest.mark.parametrize(
    "args, message",
    [((0, 10), "min_resources must be an integer >= 1"),
     ((20, 10), r"min_resources \(20\) must not exceed max_resources \(10\)"),
     ((1, 10, 1), "factor must be a number > 1"),
     ((1, 10.5), "max_resources must be an integer")],
)
def test_planner_rejects_bad_arguments(args, message):
    with pytest.raises(ValueError, match=message):
        hyperband(*args)
    with pytest.raises(ValueError, match=message):
        successive_halving(9, *args)


# -- rungs on n_samples ------------------------------------------------------------------


def test_rungs_subsample_training_folds_stratified_and_keep_test_folds(data):
    X, y = data
    splits = list(KFold(5, shuffle=True, random_state=0).split(X, y))
    rung = RungSplits(splits, fraction=0.25, y=y, stratify=True, seed=1)
    out = list(rung.split(X, y))
    assert rung.get_n_splits() == 5
    for (train, test), (small, same_test) in zip(splits, out):
        assert np.array_equal(test, same_test)
        assert len(small) == int(0.25 * len(train))
        assert set(small) <= set(train)
        assert abs(np.mean(y[small] == 1) - np.mean(y[train] == 1)) < 0.03
    assert [s.tolist() for s, _ in out] == [s.tolist() for s, _ in rung.split(X, y)]


def test_successive_halving_on_samples_reports_rungs_like_scikit_learn(data):
    X, y = data
    search = SuccessiveHalvingSearchCV(
        Probe(report="n_train"), {"x": Real(0, 1)}, n_candidates=9, min_resources=30,
        cv=KFold(5, shuffle=True, random_state=0), random_state=0, evaluate_default=False,
    ).fit(X, y)
    res = search.cv_results_
    assert search.n_resources_ == [30, 90, 270] and search.n_candidates_ == [9, 3, 1]
    assert res["iter"].tolist() == [0] * 9 + [1] * 3 + [2]
    assert res["n_resources"].tolist() == [30] * 9 + [90] * 3 + [270]
    assert res["bracket"].tolist() == [0] * 13
    # Every training fold keeps n_resources / n_samples of its 240 samples.
    assert res["mean_test_score"].tolist() == [24.0] * 9 + [72.0] * 3 + [216.0]
    assert search.max_resources_ == 300 and search.min_resources_ == 30
    assert search.best_index_ == 12 and search.n_iterations_ == 3


@pytest.mark.parametrize("kwargs", [
    dict(n_candidates=5, min_resources="exhaust"),  # above sktune's 'smallest' (40)
    dict(n_candidates=6, min_resources="exhaust", factor=2),
    dict(n_candidates=30, min_resources="exhaust"),  # below sktune's 'smallest', not below 12
    dict(n_candidates=10, min_resources=25),
    dict(n_candidates=60, min_resources=30, max_resources=100, aggressive_elimination=True),
])
def test_resources_and_iteration_counts_as_halving_random_search(data, kwargs):
    X, y = data
    theirs = HalvingRandomSearchCV(Probe(), {"x": uniform(0, 1)}, cv=3, random_state=0,
                                   **kwargs).fit(X, y)
    ours = SuccessiveHalvingSearchCV(Probe(), {"x": Real(0, 1)}, cv=3, random_state=0,
                                     evaluate_default=False, **kwargs).fit(X, y)
    for name in ("min_resources_", "max_resources_", "n_resources_", "n_candidates_",
                 "n_required_iterations_", "n_possible_iterations_", "n_iterations_",
                 "n_remaining_candidates_"):
        assert getattr(ours, name) == getattr(theirs, name), name


@pytest.mark.parametrize("grid", [
    {"x": [0.1, 0.2, 0.3, 0.4], "budget": [1, 2, 3]},
    [{"x": [0.1, 0.9], "report": ["x"]}, {"x": [0.3, 0.5, 0.7], "budget": [1, 2], "flip_at": [5]}],
    {"x": [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9], "budget": [1, 2, 3]},  # 'exhaust' below 'smallest'
])
def test_param_grid_starts_every_point_as_halving_grid_search(data, grid):
    X, y = data
    theirs = HalvingGridSearchCV(Probe(), grid, cv=3).fit(X, y)
    ours = SuccessiveHalvingSearchCV(Probe(), param_grid=grid, cv=3, random_state=0).fit(X, y)
    for name in ("min_resources_", "max_resources_", "n_resources_", "n_candidates_",
                 "n_required_iterations_", "n_possible_iterations_", "n_iterations_"):
        assert getattr(ours, name) == getattr(theirs, name), name
    first_rung = ours.cv_results_["params"][: ours.n_candidates_[0]]
    everything = theirs.cv_results_["params"][: theirs.n_candidates_[0]]
    key = lambda params: sorted(params.items())  # noqa: E731
    assert sorted(map(key, first_rung)) == sorted(map(key, everything))
    assert ours.best_params_["x"] == theirs.best_params_["x"]  # the largest x scores best
    assert ours.best_score_ == theirs.best_score_
    assert ours.stop_reason_ is None  # the whole grid is the plan, not an exhausted space


def test_param_grid_with_smallest_or_a_number_of_candidates_samples_as_before(data):
    X, y = data
    grid = {"x": [0.1, 0.2, 0.3, 0.4], "budget": [1, 2, 3]}
    smallest = SuccessiveHalvingSearchCV(Probe(), param_grid=grid, cv=3, random_state=0,
                                         min_resources="smallest").fit(X, y)
    assert smallest.min_resources_ == 40 and smallest.n_candidates_[0] == 12
    assert smallest.n_resources_ == [40, 120]  # the third rung would need 360 of 300
    few = SuccessiveHalvingSearchCV(Probe(), param_grid=grid, n_candidates=5, cv=3,
                                    random_state=0).fit(X, y)
    assert few.min_resources_ == 40 and few.n_candidates_ == [5, 2]


def test_classifier_subsamples_keep_class_proportions(data):
    X, y = data
    search = SuccessiveHalvingSearchCV(
        Probe(report="share"), {"x": Real(0, 1)}, n_candidates=3, min_resources=60,
        max_resources=180, cv=3, random_state=0,
    ).fit(X, y)
    assert np.allclose(search.cv_results_["mean_test_score"], 1 / 3, atol=0.02)


def test_smallest_first_rung_can_rank_candidates(data):
    X, y = data
    search = SuccessiveHalvingSearchCV(Probe(), {"x": Real(0, 1)}, cv=5, random_state=0).fit(X, y)
    assert search.min_resources_ == 40  # 20 per class, 2 classes
    assert search.n_candidates_[0] == 300 // 40
    reg = SuccessiveHalvingSearchCV(
        Probe(), {"x": Real(0, 1)}, resource="budget", max_resources=270, cv=3
    )
    reg.fit(X, y)
    assert reg.min_resources_ == 10 and reg.n_resources_ == [10, 30, 90, 270][: reg.n_iterations_]


def test_a_first_rung_a_tenth_smaller_is_taken_when_it_fits_one_more_halving(data):
    X, y = np.r_[data[0], data[0][:56]], np.r_[data[1], data[1][:56]]
    # 356 samples: 40 (20 per class) fits one halving below them, 39 (356 // 9) two
    halving = SuccessiveHalvingSearchCV(Probe(), {"x": Real(0, 1)}, cv=5, random_state=0)
    halving.fit(X, y)
    assert halving.min_resources_ == 39 and halving.n_resources_ == [39, 117, 351]
    assert halving.n_candidates_ == [9, 3, 1]
    hyperband = HyperbandSearchCV(Probe(), {"x": Real(0, 1)}, cv=5, random_state=0)
    hyperband.fit(X, y)  # 40 would give two brackets of 3 and 2 candidates
    assert [b[0].n_candidates for b in hyperband.brackets_] == [9, 5, 3]
    # 320 samples: 320 // 9 = 35 is more than a tenth below 40, so 40 it stays
    halving.fit(X[:320], y[:320])
    assert halving.min_resources_ == 40 and halving.n_resources_ == [40, 120]


def test_small_data_shrink_the_first_rung_so_that_something_is_halved(data):
    X, y = data
    small = np.r_[0:60, 200:240]  # 100 samples: 40 (20 per class) leaves no second rung
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        halving = SuccessiveHalvingSearchCV(Probe(), {"x": Real(0, 1)}, cv=3, random_state=0)
        halving.fit(X[small], y[small])
    assert halving.min_resources_ == 33 and halving.n_resources_ == [33, 99]
    assert halving.n_candidates_ == [3, 1]
    hyperband = HyperbandSearchCV(Probe(), {"x": Real(0, 1)}, cv=3, random_state=0)
    with pytest.warns(UserWarning, match="starts 5 candidates in all"):
        hyperband.fit(X[small], y[small])
    assert [b[0].n_resources for b in hyperband.brackets_] == [33, 100]
    # with a factor that is not an integer, as the planner counts rungs (100 // 40 is
    # 2, less than 2.5: one rung); 100 // 3 = 33 leaves room for a second
    uneven = SuccessiveHalvingSearchCV(Probe(), {"x": Real(0, 1)}, cv=3, factor=2.5, random_state=0)
    uneven.fit(X[small], y[small])
    assert uneven.min_resources_ == 33 and len(uneven.n_resources_) == 2
    # never below what a fit needs: 2 per class and split, with 5 splits
    five = SuccessiveHalvingSearchCV(Probe(), {"x": Real(0, 1)}, cv=5, factor=6, random_state=0)
    with pytest.warns(UserWarning, match="single rung"):
        five.fit(X[small], y[small])
    assert five.min_resources_ == 20  # not 100 // 6


def test_a_plan_of_one_rung_warns_that_nothing_is_halved(data):
    X, y = data
    few = SuccessiveHalvingSearchCV(Probe(), {"x": Real(0, 1)}, cv=3, random_state=0)
    tiny = np.r_[0:15, 200:215]  # 30 samples; a fit needs 12 (2 per class and split)
    with pytest.warns(UserWarning, match=r"single rung here \(2 candidates on 12 of 30"):
        few.fit(X[tiny], y[tiny])
    assert few.n_candidates_ == [2]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        SuccessiveHalvingSearchCV(Probe(), {"x": Real(0, 1)}, cv=3, random_state=0).fit(X, y)


def test_a_hyperband_of_one_bracket_or_few_candidates_warns(data):
    X, y = data
    tiny = np.r_[0:15, 200:215]  # 30 samples; a fit needs 12, more than 30 / 3
    search = HyperbandSearchCV(Probe(), {"x": Real(0, 1)}, cv=3, random_state=0)
    with pytest.warns(UserWarning, match=r"single bracket here: max_resources_ \(30 n_samples\)"):
        search.fit(X[tiny], y[tiny])
    assert search.n_candidates_ == [1]
    small = np.r_[0:60, 200:240]  # 100 samples
    # two brackets, of Hyperband's own 3 and 2 candidates: few, and it says so
    two = HyperbandSearchCV(Probe(), {"x": Real(0, 1)}, cv=3, min_resources=20, random_state=0)
    with pytest.warns(UserWarning, match=r"starts 5 candidates in all here: .*\(100 / 20 "
                                         r"n_samples\)\. Give n_candidates to start more"):
        two.fit(X[small], y[small])
    assert [b[0].n_candidates for b in two.brackets_] == [3, 2]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        HyperbandSearchCV(Probe(), {"x": Real(0, 1)}, cv=3, min_resources=20, n_candidates=12,
                          random_state=0).fit(X[small], y[small])


# -- a parameter as the resource ----------------------------------------------------------


def test_best_comes_from_the_largest_resource_reached(data):
    X, y = data
    search = HyperbandSearchCV(
        Probe(flip_at=27), {"x": Real(0, 1)}, resource="budget", max_resources=27,
        min_resources=1, cv=2, random_state=0,
    ).fit(X, y)
    res = search.cv_results_
    top = res["n_resources"] == 27
    assert res["n_resources"][search.best_index_] == 27
    assert search.best_score_ == res["mean_test_score"][top].max()
    # On small budgets large x looked best; the overall maximum is not chosen.
    assert res["mean_test_score"].max() > search.best_score_
    assert search.best_params_["budget"] == 27
    assert search.best_estimator_.budget == 27
    assert res["param_budget"][search.best_index_] == 27
    assert sorted(set(res["bracket"].tolist())) == list(range(len(search.brackets_)))
    planned = [r.n_candidates for b in search.brackets_ for r in b]
    assert search.n_candidates_ == planned
    assert len(res["params"]) == sum(planned)


def test_hyperband_brackets_start_with_distinct_new_candidates(data):
    X, y = data
    search = HyperbandSearchCV(
        Probe(), {"x": Real(0, 1), "report": ["x"]}, resource="budget", max_resources=81,
        min_resources=3, cv=2, random_state=0,
    ).fit(X, y)
    res = search.cv_results_
    first = [p["x"] for p, i in zip(res["params"], res["iter"]) if i == 0]
    assert len(first) == len(set(first)) == sum(b[0].n_candidates for b in search.brackets_)


@pytest.mark.parametrize("n_points", [2, 5, 6, 20])
def test_hyperband_over_param_grid_starts_every_point_once(data, n_points):
    X, y = data
    grid = {"x": [round(0.01 * i, 2) for i in range(1, n_points + 1)]}
    search = HyperbandSearchCV(
        Probe(), param_grid=grid, resource="budget", max_resources=27, min_resources=1,
        cv=2, random_state=0, evaluate_default=False,
    ).fit(X, y)
    res = search.cv_results_
    starts = [(p["x"], b) for p, i, b in zip(res["params"], res["iter"], res["bracket"]) if i == 0]
    # every point starts, in exactly one bracket
    assert sorted(x for x, _ in starts) == grid["x"]
    assert sum(b[0].n_candidates for b in search.brackets_) == n_points
    assert search.stop_reason_ is None
    # the best comes from the full resource; the largest x there wins
    assert search.best_params_["budget"] == 27
    assert search.best_score_ == res["mean_test_score"][res["n_resources"] == 27].max()


def test_hyperband_over_param_grid_keeps_its_estimators_own_point(data):
    X, y = data
    search = HyperbandSearchCV(
        Probe(x=0.3), param_grid={"x": [0.1, 0.2, 0.3, 0.4]}, resource="budget",
        max_resources=9, min_resources=1, cv=2, random_state=0,
    ).fit(X, y)
    res = search.cv_results_
    first = [p["x"] for p, i in zip(res["params"], res["iter"]) if i == 0]
    assert sorted(first) == [0.1, 0.2, 0.3, 0.4]
    assert search.default_params_ == {"x": 0.3}


@pytest.mark.parametrize("n_candidates", [1, 7, 30])
def test_hyperband_starts_as_many_candidates_as_asked(data, n_candidates):
    X, y = data  # Hyperband's own numbers from 1 to 9 budget units: 9, 5 and 3
    search = HyperbandSearchCV(
        Probe(), {"x": Real(0, 1)}, n_candidates=n_candidates, resource="budget",
        max_resources=9, min_resources=1, factor=3, cv=2, random_state=0, evaluate_default=False,
    ).fit(X, y)
    assert search.brackets_ == hyperband(1, 9, 3, n_candidates=n_candidates)
    res = search.cv_results_
    first = [p["x"] for p, i in zip(res["params"], res["iter"]) if i == 0]
    assert len(first) == len(set(first)) == n_candidates
    assert search.n_candidates_ == [r.n_candidates for b in search.brackets_ for r in b]
    # over a grid, as many points as asked start, not every one
    grid = HyperbandSearchCV(
        Probe(), param_grid={"x": [round(0.01 * i, 2) for i in range(1, 41)]},
        n_candidates=n_candidates, resource="budget", max_resources=9, min_resources=1,
        cv=2, random_state=0, evaluate_default=False,
    ).fit(X, y)
    assert sum(b[0].n_candidates for b in grid.brackets_) == n_candidates


@pytest.mark.parametrize("n_candidates", [0, 2.5, "exhaust"])
def test_hyperband_refuses_a_bad_number_of_candidates_before_any_fit(data, n_candidates):
    X, y = data
    with pytest.raises(ValueError, match="'n_candidates' parameter of HyperbandSearchCV must be "
                                         "an int in the range \\[1, inf\\) or None"):
        HyperbandSearchCV(_NeverFit(), {"x": Real(0, 1)}, n_candidates=n_candidates).fit(X, y)


def test_hyperband_plan_shares_a_number_of_candidates_out():
    plain = hyperband(10, 90)
    assert hyperband(10, 90, n_candidates=17) == plain  # Hyperband's own numbers
    # the user guide's example: 20 grid points on digits (200 to 1,797 samples)
    assert hyperband(200, 1797, n_candidates=20) == [[Rung(12, 599), Rung(4, 1797)], [Rung(8, 1797)]]
    larger = hyperband(10, 90, n_candidates=34)
    assert [[(r.n_candidates, r.n_resources) for r in b] for b in larger] == [
        [(18, 10), (6, 30), (2, 90)], [(10, 30), (3, 90)], [(6, 90)],
    ]
    for n in range(1, 40):
        brackets = hyperband(10, 90, n_candidates=n)
        assert sum(b[0].n_candidates for b in brackets) == n
        for bracket in brackets:
            assert bracket[-1].n_resources == 90
            # only a bracket's last rung runs with one candidate
            assert all(r.n_candidates > 1 for r in bracket[:-1])
            sizes = [r.n_candidates for r in bracket]
            assert sizes == sorted(sizes, reverse=True)
    # fewer candidates than brackets: the brackets left with none are dropped
    assert hyperband(10, 90, n_candidates=2) == [[Rung(1, 90)], [Rung(1, 90)]]
    with pytest.raises(ValueError, match="n_candidates must be an integer >= 1 or None"):
        hyperband(10, 90, n_candidates=0)


def test_multimetric_refit_name_and_callable_refit(data):
    X, y = data
    X2, y2 = make_classification(200, 6, random_state=0)
    space = {"C": Real(1e-3, 1e2, prior="log-uniform")}
    search = SuccessiveHalvingSearchCV(
        LogisticRegression(), space, scoring=["accuracy", "neg_log_loss"], refit="neg_log_loss",
        n_candidates=9, min_resources=60, cv=3, random_state=0,
    ).fit(X2, y2)
    res = search.cv_results_
    top = np.flatnonzero(res["n_resources"] == max(res["n_resources"]))
    assert search.best_index_ == top[np.argmax(res["mean_test_neg_log_loss"][top])]
    assert search.best_score_ == res["mean_test_neg_log_loss"][search.best_index_]
    seen = {}

    def pick_last(results):
        seen["n"] = len(results["params"])
        return len(results["params"]) - 1

    chosen = SuccessiveHalvingSearchCV(
        LogisticRegression(), space, refit=pick_last, n_candidates=9, min_resources=60, cv=3,
        random_state=0,
    ).fit(X2, y2)
    assert seen["n"] == chosen.n_candidates_[-1]
    assert chosen.best_index_ == len(chosen.cv_results_["params"]) - 1


def test_failures_on_small_rungs_do_not_stop_the_search(data):
    X, y = data
    search = SuccessiveHalvingSearchCV(
        Probe(fail_below=100), {"x": Real(0, 1)}, n_candidates=9, min_resources=30, cv=2,
        random_state=0,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        search.fit(X, y)
    res = search.cv_results_
    assert np.isnan(res["mean_test_score"][res["n_resources"] == 30]).all()
    assert res["iter"].tolist() == [0] * 9 + [1] * 3 + [2]
    assert res["n_resources"].tolist() == [30] * 9 + [90] * 3 + [270]
    assert np.isfinite(res["mean_test_score"][-1])
    assert search.best_index_ == 12


def test_default_configuration_is_a_first_rung_candidate(data):
    X, y = data
    search = SuccessiveHalvingSearchCV(
        Probe(x=1.0), {"x": Real(0, 1)}, n_candidates=9, min_resources=30, cv=2, random_state=0
    ).fit(X, y)
    # x = 1 scores highest, so the default survives every rung and is the best.
    assert search.cv_results_["params"][0] == {"x": 1.0}
    assert search.default_params_ == {"x": 1.0}
    assert search.default_score_ == pytest.approx(1.0)
    assert search.best_params_ == {"x": 1.0}


def test_given_configurations_are_evaluated_with_the_values_given(data):
    X, y = data
    # On this log scale no unit coordinate decodes back to exactly 1e-4 or 3e-5.
    search = SuccessiveHalvingSearchCV(
        Probe(x=1e-4), {"x": Real(1e-6, 1e-1, prior="log-uniform")}, n_candidates=9,
        min_resources=30, cv=2, initial_points=[{"x": 3e-5}], random_state=0,
    ).fit(X, y)
    first_rung = search.cv_results_["params"][:9]
    assert first_rung[0] == {"x": 1e-4} and first_rung[1] == {"x": 3e-5}
    assert search.default_params_ == {"x": 1e-4}


def test_scored_initial_points_steer_bayesian_candidates_from_the_first_rung(data):
    # Earlier results say small x is best (Probe itself scores x, so the first rung's
    # candidates must come from the results given, not from fits)
    X, y = data
    xs = np.linspace(0.05, 0.95, 8)
    earlier = {"params": [{"x": float(x)} for x in xs], "mean_test_score": -xs}

    def first_rung(initial_points):
        search = SuccessiveHalvingSearchCV(
            Probe(), {"x": Real(0.0, 1.0)}, n_candidates=27, min_resources=30, cv=2,
            sampler="bayes", initial_points=initial_points, random_state=0,
        ).fit(X, y)
        rows = np.flatnonzero(search.cv_results_["iter"] == 0)[1:]  # the default aside
        return np.array([search.cv_results_["params"][i]["x"] for i in rows])

    steered, unsteered = first_rung(earlier), first_rung(None)
    assert len(steered) == len(unsteered) == 26  # the results given are not rows
    assert np.median(steered) < 0.2 < 0.4 < np.median(unsteered)


@pytest.mark.parametrize("resource", [
    dict(min_resources=100),
    dict(resource="n_estimators", max_resources=9, min_resources=3),  # warm started
])
def test_a_default_the_estimator_reads_differently_is_not_a_candidate(resource):
    # RandomForestRegressor's own max_features=1.0 is every feature; the space's 1 is one
    from sklearn.datasets import make_regression
    from sklearn.ensemble import RandomForestRegressor

    X, y = make_regression(300, 4, n_informative=4, noise=5, random_state=0)
    search = SuccessiveHalvingSearchCV(
        RandomForestRegressor(n_estimators=10, random_state=0), {"max_features": [1, 2, 3, 4]},
        n_candidates=4, cv=3, random_state=0, **resource,
    ).fit(X, y)
    first_rung = [p["max_features"] for p, i in zip(search.cv_results_["params"], search.cv_results_["iter"])
                  if i == 0]
    assert sorted(first_rung) == [1, 2, 3, 4] and all(type(v) is int for v in first_rung)
    assert search.default_params_ is None


def test_default_outside_the_space_is_not_a_candidate(data):
    X, y = data
    search = SuccessiveHalvingSearchCV(
        Probe(x=2.0), {"x": Real(0, 1)}, n_candidates=9, min_resources=30, cv=2, random_state=0
    ).fit(X, y)
    # a configuration outside the space could not be continued on the next rungs
    assert search.default_params_ is None and search.default_score_ is None
    assert all(0 <= p["x"] <= 1 for p in search.cv_results_["params"])


# -- where candidates come from -----------------------------------------------------------


def test_bayes_proposals_use_the_largest_resource_with_enough_results():
    space = Space({"x": Real(0, 1), "y": Real(0, 1)})
    proposals = Proposals(space, "bayes", random_state=0)
    first = proposals.propose(6)
    assert proposals.model_resource() is None
    loss = lambda U: ((U - 0.8) ** 2).sum(axis=1)  # noqa: E731
    proposals.record(first, loss(first), 10)
    assert proposals.model_resource() == 10
    proposals.record(first[:2], loss(first[:2]), 30)
    assert proposals.model_resource() == 10  # two results at 30 are too few
    model_losses, random_losses = [], []
    for seed in range(5):
        bayes = Proposals(space, "bayes", random_state=seed)
        rand = Proposals(space, "random", random_state=seed)
        for p in (bayes, rand):
            U = p.propose(8)
            p.record(U, loss(U), 10)
        model_losses.append(loss(bayes.propose(12)).mean())
        random_losses.append(loss(rand.propose(12)).mean())
        assert len(np.unique(np.vstack([bayes.proposed]), axis=0)) == len(bayes.proposed)
    assert np.mean(model_losses) < 0.5 * np.mean(random_losses)


def test_bayes_sampler_runs_and_is_reproducible_whatever_n_jobs():
    X, y = make_classification(240, 6, random_state=0)
    space = {"C": Real(1e-3, 1e2, prior="log-uniform"), "class_weight": [None, "balanced"]}

    def run(n_jobs):
        return HyperbandSearchCV(
            LogisticRegression(), space, sampler="bayes", min_resources=30, cv=3,
            random_state=1, n_jobs=n_jobs,
        ).fit(X, y)

    one, two = run(1), run(2)
    assert one.cv_results_["params"] == two.cv_results_["params"]
    assert np.allclose(one.cv_results_["mean_test_score"], two.cv_results_["mean_test_score"])
    assert one.best_params_ == two.best_params_


# -- scikit-learn conventions ---------------------------------------------------------------


def test_conditional_pipeline_clone_and_cross_val_score():
    X, y = make_classification(300, 8, random_state=0)
    pipe = Pipeline([("scale", StandardScaler()), ("clf", LogisticRegression())])
    spaces = [
        {"clf": [LogisticRegression()], "clf__C": Real(1e-2, 1e2, prior="log-uniform")},
        {"clf": [SVC()], "clf__C": Real(1e-2, 1e2, prior="log-uniform"),
         "clf__kernel": Categorical(["rbf", "linear"])},
    ]
    search = SuccessiveHalvingSearchCV(pipe, spaces, min_resources=60, cv=3, random_state=0)
    scores = cross_val_score(search, X, y, cv=2)
    assert scores.shape == (2,) and (scores > 0.6).all()
    copy = clone(search)
    assert copy.get_params()["min_resources"] == 60 and not hasattr(copy, "cv_results_")
    search.fit(X, y)
    res = search.cv_results_
    linear = np.array([type(c).__name__ == "LogisticRegression" for c in res["param_clf"]])
    assert res["param_clf__kernel"].mask[linear].all()
    assert not res["param_clf__kernel"].mask[~linear].any()


class _NeverFit(Probe):
    def fit(self, X, y):
        raise AssertionError("fitted before the input was checked")


@pytest.mark.parametrize(
    "kwargs, message",
    [(dict(resource="nope", max_resources=10), "resource must be 'n_samples' or an integer parameter"),
     (dict(resource="budget"), "max_resources='auto' is only allowed with resource='n_samples'"),
     (dict(resource="x", max_resources=10), "resource 'x' is also a dimension"),
     (dict(max_resources=1000), r"max_resources \(1000\) must not exceed the number of samples"),
     (dict(min_resources=200, max_resources=100), r"min_resources \(200\) must not exceed"),
     (dict(factor=1), "'factor' parameter"),
     (dict(sampler="tpe"), "'sampler' parameter"),
     (dict(min_resources="exhaust"), "n_candidates and min_resources cannot both be 'exhaust'")],
)
def test_bad_input_raises_before_any_fit(data, kwargs, message):
    X, y = data
    with pytest.raises(ValueError, match=message):
        SuccessiveHalvingSearchCV(_NeverFit(), {"x": Real(0, 1)}, **kwargs).fit(X, y)
    if "exhaust" in kwargs.values():  # Hyperband's brackets span all resources
        with pytest.raises(ValueError, match="'min_resources' parameter"):
            HyperbandSearchCV(_NeverFit(), {"x": Real(0, 1)}, **kwargs).fit(X, y)


@pytest.mark.parametrize("cls", [SuccessiveHalvingSearchCV, HyperbandSearchCV])
def test_an_empty_space_is_refused_before_any_fit(data, cls):
    # GridSearchCV(param_grid={}) scores the estimator once; a search has nothing to do
    X, y = data
    with pytest.raises(ValueError, match=r"search_spaces must name at least one parameter.*"
                                         r"cross_validate"):
        cls(_NeverFit(), param_grid={}).fit(X, y)


def test_budget_pairs_are_rejected(data):
    X, y = data
    with pytest.raises(ValueError, match=r"\(dict, n_iter\) pairs have no meaning"):
        HyperbandSearchCV(_NeverFit(), [({"x": Real(0, 1)}, 5)]).fit(X, y)


def test_callback_stops_after_a_rung_and_interrupt_keeps_results(data):
    X, y = data
    search = SuccessiveHalvingSearchCV(
        Probe(), {"x": Real(0, 1)}, n_candidates=9, min_resources=30, cv=2, random_state=0,
        evaluate_default=False,
    )
    search.fit(X, y, callback=lambda result: len(result.x_iters) >= 9)
    assert search.n_resources_ == [30] and len(search.cv_results_["params"]) == 9
    assert search.stop_reason_ == "callback"

    class Interrupting(Probe):
        def fit(self, X, y):
            if self.budget >= 9:
                raise KeyboardInterrupt
            return super().fit(X, y)

    interrupted = HyperbandSearchCV(
        Interrupting(), {"x": Real(0, 1)}, resource="budget", max_resources=9, min_resources=1,
        cv=2, random_state=0,
    )
    with pytest.warns(UserWarning, match="Search interrupted"):
        interrupted.fit(X, y)
    assert interrupted.cv_results_["n_resources"].tolist() == [1] * 9 + [3] * 3
    assert interrupted.stop_reason_ == "interrupted"


def test_a_small_finite_space_is_planned_as_a_grid(data):
    # every configuration starts and the rungs are planned for that many, as for
    # param_grid: no rung that keeps every candidate, and the last on the full resource
    X, y = data
    common = dict(resource="budget", max_resources=27, cv=2, random_state=0, evaluate_default=False)
    space = {"x": [0.1, 0.2, 0.3, 0.4, 0.5]}
    halving = SuccessiveHalvingSearchCV(Probe(), space, **common)
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*(exhausted|single|n_candidates)")  # the plan fits
        halving.fit(X, y)
    assert halving.cv_results_["n_resources"].tolist() == [9] * 5 + [27] * 2
    assert halving.stop_reason_ is None
    hyperband = HyperbandSearchCV(Probe(), space, min_resources=1, **common)
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*(exhausted|single|n_candidates)")
        hyperband.fit(X, y)
    res = hyperband.cv_results_
    brackets, resources = res["bracket"], res["n_resources"]
    first_rung = {b: resources[brackets == b].min() for b in set(brackets.tolist())}
    starts = [p["x"] for p, b, r in zip(res["params"], brackets, resources) if r == first_rung[b]]
    assert sorted(starts) == space["x"]  # each configuration starts once, in some bracket
    assert len(first_rung) > 1  # shared out among the brackets
    assert all(resources[brackets == b].max() == 27 for b in first_rung)
    with pytest.warns(UserWarning, match="n_candidates=9 is more than the 5 configurations"):
        SuccessiveHalvingSearchCV(Probe(), space, n_candidates=9, **common).fit(X, y)


def test_hyperband_skips_brackets_the_exhausted_space_cannot_start(data):
    # a repeated category counts each time (as in a grid) but is evaluated once: 12
    # configurations counted, 3 given, so the space runs out in bracket 0, which
    # was to start 7 (Probe scores x whatever its report)
    X, y = data
    search = HyperbandSearchCV(
        Probe(), {"report": Categorical(["a", "b", "c"] + ["c"] * 9)},
        resource="budget", max_resources=27, min_resources=1, cv=2, random_state=0,
        evaluate_default=False,
    )
    with pytest.warns(UserWarning, match="bracket 1 starts with 0 candidates .* skipped"):
        search.fit(X, y)
    res = search.cv_results_
    assert set(res["bracket"].tolist()) == {0}
    assert search.stop_reason_ == "exhausted"
    assert sorted(p["report"] for p, r in zip(res["params"], res["n_resources"]) if r == 1) == list("abc")


# -- warm start across rungs ----------------------------------------------------------------


class CountingForest(RandomForestClassifier):
    """Logs how many trees each fit builds (fewer when it continues a saved fit)."""

    def fit(self, X, y, sample_weight=None):
        before = len(getattr(self, "estimators_", [])) if self.warm_start else 0
        super().fit(X, y, sample_weight=sample_weight)
        with open(self.log_path, "a") as f:
            f.write(f"{len(self.estimators_) - before}\n")
        return self


def _record_stores(monkeypatch) -> list:
    """Record the folders the warm start creates (other processes may create theirs
    in the same temporary folder meanwhile)."""
    import sktune._multifidelity_search as multifidelity_search

    created, original = [], tempfile.mkdtemp

    def mkdtemp(**kwargs):
        created.append(original(**kwargs))
        return created[-1]

    monkeypatch.setattr(multifidelity_search.tempfile, "mkdtemp", mkdtemp)
    return created


def _trees(path):
    return sum(int(n) for n in path.read_text().split()) if path.exists() else 0


@pytest.mark.parametrize("pipeline", [False, True])
def test_survivors_continue_from_their_fitted_forest(tmp_path, monkeypatch, pipeline):
    import sktune._multifidelity_search as multifidelity_search

    X, y = make_classification(200, 6, random_state=0)
    log = tmp_path / "trees.log"
    CountingForest.log_path = str(log)
    forest = CountingForest(random_state=0)
    prefix = "forest__" if pipeline else ""
    estimator = Pipeline([("scale", StandardScaler()), ("forest", forest)]) if pipeline else forest
    kwargs = dict(n_candidates=9, resource=f"{prefix}n_estimators", max_resources=9, min_resources=1,
                  cv=2, random_state=0, evaluate_default=False)
    space = {f"{prefix}max_depth": Integer(1, 30)}
    stores = _record_stores(monkeypatch)
    warm = SuccessiveHalvingSearchCV(estimator, space, **kwargs).fit(X, y)
    warm_trees = _trees(log)
    log.unlink()
    monkeypatch.setattr(multifidelity_search, "warm_start_param", lambda estimator, resource: None)
    cold = SuccessiveHalvingSearchCV(estimator, space, **kwargs).fit(X, y)
    # Per fold: 9 x 1 tree, then 3 candidates x (3 - 1), then 1 x (9 - 3); plus the
    # refit's 9. From scratch: 9 x 1 + 3 x 3 + 1 x 9 per fold.
    assert warm_trees == 2 * (9 + 3 * 2 + 6) + 9
    assert _trees(log) == 2 * (9 + 3 * 3 + 9) + 9
    assert np.array_equal(warm.cv_results_["mean_test_score"], cold.cv_results_["mean_test_score"])
    assert warm.best_params_ == cold.best_params_
    assert type(warm.best_estimator_) is type(estimator)
    assert warm.estimator is estimator
    assert len(stores) == 1 and not os.path.exists(stores[0])  # its folder is gone


def test_warm_started_forest_is_scored_with_the_sample_weight_as_a_cold_one(monkeypatch):
    import sktune._multifidelity_search as multifidelity_search

    X, y = make_classification(200, 6, flip_y=0.2, random_state=0)
    weights = np.random.default_rng(0).uniform(0.1, 3.0, len(y))
    kwargs = dict(n_candidates=9, resource="n_estimators", max_resources=9, min_resources=1,
                  cv=2, random_state=0, evaluate_default=False)
    space = {"max_depth": Integer(1, 30)}
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*does not support sample_weight")
        warm = SuccessiveHalvingSearchCV(RandomForestClassifier(random_state=0), space,
                                         **kwargs).fit(X, y, sample_weight=weights)
    monkeypatch.setattr(multifidelity_search, "warm_start_param", lambda estimator, resource: None)
    cold = SuccessiveHalvingSearchCV(RandomForestClassifier(random_state=0), space,
                                     **kwargs).fit(X, y, sample_weight=weights)
    assert np.allclose(warm.cv_results_["mean_test_score"], cold.cv_results_["mean_test_score"])


@pytest.mark.parametrize("pipeline", [False, True])
def test_survivors_continue_with_metadata_routing_on(tmp_path, monkeypatch, pipeline):
    import sklearn

    import sktune._multifidelity_search as multifidelity_search

    X, y = make_classification(200, 6, flip_y=0.2, random_state=0)
    weights = np.random.default_rng(0).uniform(0.1, 3.0, len(y))
    log = tmp_path / "trees.log"
    CountingForest.log_path = str(log)
    prefix = "forest__" if pipeline else ""
    kwargs = dict(n_candidates=9, resource=f"{prefix}n_estimators", max_resources=9, min_resources=1,
                  cv=2, random_state=0, evaluate_default=False)
    space = {f"{prefix}max_depth": Integer(1, 30)}
    with sklearn.config_context(enable_metadata_routing=True):
        forest = CountingForest(random_state=0).set_fit_request(sample_weight=True)
        forest.set_score_request(sample_weight=True)
        scale = StandardScaler().set_fit_request(sample_weight=False)
        estimator = Pipeline([("scale", scale), ("forest", forest)]) if pipeline else forest
        try:
            GridSearchCV(estimator, {f"{prefix}max_depth": [1, 2]}, cv=2).fit(X, y, sample_weight=weights)
        except Exception as error:  # scikit-learn 1.5 cannot route a pipeline's score
            with pytest.raises(type(error)):
                SuccessiveHalvingSearchCV(estimator, space, **kwargs).fit(X, y, sample_weight=weights)
            return
        log.unlink()
        warm = SuccessiveHalvingSearchCV(estimator, space, **kwargs).fit(X, y, sample_weight=weights)
        warm_trees = _trees(log)
        log.unlink()
        monkeypatch.setattr(multifidelity_search, "warm_start_param", lambda estimator, resource: None)
        cold = SuccessiveHalvingSearchCV(estimator, space, **kwargs).fit(X, y, sample_weight=weights)
        with pytest.raises(Exception, match="sample_weight"):  # the requests are the estimator's
            unrequested = CountingForest(random_state=0)
            SuccessiveHalvingSearchCV(unrequested, {"max_depth": Integer(1, 30)},
                                      **{**kwargs, "resource": "n_estimators"}).fit(X, y, sample_weight=weights)
    assert warm_trees == 2 * (9 + 3 * 2 + 6) + 9  # as without routing: survivors continue
    assert _trees(log) == 2 * (9 + 3 * 3 + 9) + 9
    assert np.allclose(warm.cv_results_["mean_test_score"], cold.cv_results_["mean_test_score"])
    assert warm.best_params_ == cold.best_params_
    assert type(warm.best_estimator_) is type(estimator)


def test_survivors_continue_under_scikit_learn_callbacks(tmp_path, task_recorder):
    X, y = make_classification(200, 6, random_state=0)
    CountingForest.log_path = str(tmp_path / "trees.log")
    pipe = Pipeline([("scale", StandardScaler()), ("forest", CountingForest(random_state=0))])
    recorder = task_recorder(propagate=True)
    search = SuccessiveHalvingSearchCV(
        pipe, {"forest__max_depth": Integer(1, 30)}, n_candidates=9, resource="forest__n_estimators",
        max_resources=9, min_resources=1, cv=2, random_state=0, evaluate_default=False,
    ).set_callbacks(recorder)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the forest itself takes no callbacks
        search.fit(X, y)
    n_evaluations = len(search.cv_results_["params"])
    assert np.isfinite(search.cv_results_["mean_test_score"]).all()
    assert _trees(tmp_path / "trees.log") == 2 * (9 + 3 * 2 + 6) + 9  # survivors continued
    # every fit, continued or not, is a task of the search's tree: set up once, no copies
    pipeline_fits = [e for e in recorder.events if e[0] == "begin" and e[1] == "fit" and e[4] == "Pipeline"]
    assert len(pipeline_fits) == 2 * n_evaluations + 1
    assert recorder.setups == 1
    assert not hasattr(pipe, "_skl_callbacks")


@pytest.mark.parametrize("boosting", ["histogram", "gradient"])
def test_models_that_stop_early_score_as_fresh_fits(boosting):
    # A continued fit checks its stopping rule afresh, so it would run past the
    # iteration where a fresh fit with the same resource stops.
    from sklearn.ensemble import GradientBoostingClassifier, HistGradientBoostingClassifier
    from sklearn.model_selection import StratifiedKFold, cross_val_score

    X, y = make_classification(600, 10, n_informative=5, random_state=0)
    if boosting == "histogram":
        estimator = HistGradientBoostingClassifier(early_stopping=True, n_iter_no_change=2,
                                                   random_state=0)
        resource, max_resources = "max_iter", 81
    else:
        estimator = GradientBoostingClassifier(n_iter_no_change=2, validation_fraction=0.2,
                                               random_state=0)
        resource, max_resources = "n_estimators", 81
    cv = StratifiedKFold(3, shuffle=True, random_state=0)
    # one OpenMP thread: on 600 rows the histogram model's threads cost more than they give
    with threadpool_limits(limits=1, user_api="openmp"):
        search = SuccessiveHalvingSearchCV(
            estimator, {"learning_rate": Real(0.01, 0.5)}, resource=resource,
            max_resources=max_resources, min_resources=3, cv=cv, random_state=0,
        ).fit(X, y)
        res = search.cv_results_
        assert res["n_resources"].max() == max_resources
        later = np.flatnonzero(res["iter"] > 0)  # the first rung's fits are fresh anyway
        assert len(later) == 13
        for i in later:
            assert res["params"][i][resource] == res["n_resources"][i]
            fresh = clone(estimator).set_params(**res["params"][i])
            assert res["mean_test_score"][i] == cross_val_score(fresh, X, y, cv=cv).mean()


def test_a_chosen_step_that_cannot_continue_is_fitted_from_scratch():
    # The pipeline's own forest warm starts; AdaBoost, a choice of the space, has
    # n_estimators but no warm_start, and its survivors scored NaN.
    from sklearn.ensemble import AdaBoostClassifier
    from sklearn.model_selection import StratifiedKFold, cross_val_score

    X, y = make_classification(300, 6, random_state=0)
    pipe = Pipeline([("scale", StandardScaler()), ("clf", RandomForestClassifier(random_state=0))])
    space = {"clf": {RandomForestClassifier(random_state=0): {"clf__max_depth": Integer(1, 3)},
                     AdaBoostClassifier(random_state=0): {"clf__learning_rate": Real(0.1, 2.0)}}}
    cv = StratifiedKFold(3)
    search = SuccessiveHalvingSearchCV(pipe, space, resource="clf__n_estimators", max_resources=27,
                                       min_resources=3, n_candidates=9, cv=cv, random_state=0).fit(X, y)
    res = search.cv_results_
    later = [i for i in np.flatnonzero(res["iter"] > 0)]
    assert {type(res["params"][i]["clf"]).__name__ for i in later} == {
        "AdaBoostClassifier", "RandomForestClassifier"}
    for i in later:
        fresh = clone(pipe).set_params(**res["params"][i])
        assert res["mean_test_score"][i] == cross_val_score(fresh, X, y, cv=cv).mean()


def test_a_resource_some_choices_lack_is_refused_before_fitting(tmp_path):
    X, y = make_classification(200, 6, random_state=0)
    CountingForest.log_path = str(tmp_path / "trees.log")
    pipe = Pipeline([("scale", StandardScaler()), ("clf", CountingForest(random_state=0))])
    space = {"clf": {CountingForest(random_state=0): {"clf__max_depth": Integer(2, 10)},
                     LogisticRegression(): {"clf__C": Real(0.1, 10.0)}}}
    search = SuccessiveHalvingSearchCV(pipe, space, resource="clf__n_estimators", max_resources=9,
                                       min_resources=1, cv=2, random_state=0)
    with pytest.raises(ValueError, match=r"resource 'clf__n_estimators' is not a parameter of "
                                         r"LogisticRegression\(\), one of the choices for 'clf'"):
        search.fit(X, y)
    assert not (tmp_path / "trees.log").exists()


def test_only_models_that_do_not_stop_early_continue():
    from sklearn.ensemble import GradientBoostingClassifier, HistGradientBoostingClassifier

    from sktune._warm_start import continues_exactly

    X, y = make_classification(100, 4, random_state=0)
    fitted = dict(
        forest=RandomForestClassifier(n_estimators=3, random_state=0).fit(X, y),
        boosting=GradientBoostingClassifier(n_estimators=3).fit(X, y),
        boosting_stopping=GradientBoostingClassifier(n_estimators=3, n_iter_no_change=2).fit(X, y),
        histogram=HistGradientBoostingClassifier(max_iter=3, early_stopping=False).fit(X, y),
        histogram_stopping=HistGradientBoostingClassifier(max_iter=3, early_stopping=True).fit(X, y),
        histogram_auto=HistGradientBoostingClassifier(max_iter=3).fit(X, y),  # 'auto': off on 100 rows
    )
    resources = dict(forest="n_estimators", boosting="n_estimators", boosting_stopping="n_estimators",
                     histogram="max_iter", histogram_stopping="max_iter", histogram_auto="max_iter")
    continued = {name: continues_exactly(model, resources[name]) for name, model in fitted.items()}
    assert continued == dict(forest=True, boosting=True, boosting_stopping=False, histogram=True,
                             histogram_stopping=False, histogram_auto=True)
    pipe = Pipeline([("scale", StandardScaler()), ("gb", fitted["boosting_stopping"])])
    assert not continues_exactly(pipe, "gb__n_estimators")
    pipe = Pipeline([("scale", StandardScaler()), ("gb", fitted["boosting"])])
    assert continues_exactly(pipe, "gb__n_estimators")


def test_warm_start_is_only_used_where_the_resource_is_a_total():
    from sktune._warm_start import warm_start_param
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.neural_network import MLPClassifier

    assert warm_start_param(RandomForestClassifier(), "n_estimators") == "warm_start"
    assert warm_start_param(HistGradientBoostingClassifier(), "max_iter") == "warm_start"
    assert warm_start_param(MLPClassifier(), "max_iter") is None
    pipe = Pipeline([("s", StandardScaler()), ("f", RandomForestClassifier())])
    assert warm_start_param(pipe, "f__n_estimators") == "f__warm_start"
    nested = Pipeline([("s", StandardScaler()), ("model", Pipeline([("f", RandomForestClassifier())]))])
    assert warm_start_param(nested, "model__f__n_estimators") == "model__f__warm_start"
    # fitted as a copy, which would not continue the saved fit: saving it would only cost time
    from sklearn.compose import TransformedTargetRegressor
    from sklearn.ensemble import RandomForestRegressor

    target = TransformedTargetRegressor(regressor=RandomForestRegressor())
    assert warm_start_param(target, "regressor__n_estimators") is None
    assert warm_start_param(Pipeline([("t", target)]), "t__regressor__n_estimators") is None


def test_splits_given_as_a_generator_work_as_the_splitter_does():
    X, y = make_classification(300, 5, random_state=0)
    splitter = KFold(3, shuffle=True, random_state=0)

    def make(cv):
        return SuccessiveHalvingSearchCV(LogisticRegression(), {"C": Real(0.01, 10, prior="log-uniform")},
                                         n_candidates=9, min_resources=60, cv=cv, random_state=0)

    generator = splitter.split(X, y)
    from_generator = make(generator).fit(X, y)
    from_splitter = make(splitter).fit(X, y)
    assert from_generator.n_resources_ == from_splitter.n_resources_ == [60, 180]
    assert np.array_equal(from_generator.cv_results_["mean_test_score"],
                          from_splitter.cv_results_["mean_test_score"])
    assert from_generator.cv is generator  # the parameter is left as given


def _saved_resources(monkeypatch):
    """Record the resource of every fit the warm start saves."""
    import sktune._warm_start as warm_start

    saved = []
    original = warm_start.WarmStartedEstimator._save

    def save(path, model, done):
        saved.append(done)
        original(path, model, done)

    monkeypatch.setattr(warm_start.WarmStartedEstimator, "_save", staticmethod(save))
    return saved


def test_fits_on_the_largest_resource_are_not_saved(monkeypatch):
    X, y = make_classification(200, 6, random_state=0)
    saved = _saved_resources(monkeypatch)
    search = HyperbandSearchCV(RandomForestClassifier(random_state=0), {"max_depth": Integer(1, 30)},
                               resource="n_estimators", max_resources=9, min_resources=1, cv=2,
                               random_state=0).fit(X, y)
    resources = search.cv_results_["n_resources"]
    # every fit below the largest resource is saved, once per fold; none on it
    assert sorted(saved) == sorted(2 * [int(r) for r in resources if r < 9])
    assert (resources == 9).sum() >= 3 and 9 not in saved


def test_a_fit_that_cannot_be_saved_still_counts(monkeypatch):
    import sktune._multifidelity_search as multifidelity_search
    import sktune._warm_start as warm_start

    X, y = make_classification(200, 6, random_state=0)
    kwargs = dict(n_candidates=9, resource="n_estimators", max_resources=9, min_resources=1, cv=2,
                  random_state=0)
    space = {"max_depth": Integer(1, 30)}

    attempts = []

    def disk_full(filename, value):
        attempts.append(filename)
        with open(filename, "wb") as f:
            f.write(b"partial")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(warm_start, "_write", disk_full)
    unsaved = SuccessiveHalvingSearchCV(RandomForestClassifier(random_state=0), space, **kwargs).fit(X, y)
    assert attempts  # the saves were tried, and failed
    monkeypatch.setattr(multifidelity_search, "warm_start_param", lambda estimator, resource: None)
    cold = SuccessiveHalvingSearchCV(RandomForestClassifier(random_state=0), space, **kwargs).fit(X, y)
    assert np.isfinite(unsaved.cv_results_["mean_test_score"]).all()
    assert np.array_equal(unsaved.cv_results_["mean_test_score"], cold.cv_results_["mean_test_score"])


def _scaled_by(k):
    return lambda x: x * k


def test_functions_in_the_pipeline_are_told_apart_in_every_process():
    from joblib import Parallel, delayed
    from sklearn.preprocessing import FunctionTransformer

    from sktune._warm_start import WarmStartedEstimator

    def folder(function):
        pipe = Pipeline([("f", FunctionTransformer(function)), ("rf", RandomForestClassifier())])
        return WarmStartedEstimator(pipe, "rf__n_estimators", "rf__warm_start", "store")._folder()

    # a lambda cannot be pickled by reference (joblib.hash failed on it); closures
    # that compute different things must not share saved fits
    functions = [_scaled_by(2), _scaled_by(3), lambda x: x + 1]
    here = [folder(f) for f in functions]
    assert len(set(here)) == 3 and folder(_scaled_by(2)) == here[0]
    # workers, which get copies of the functions, find the same folders
    assert Parallel(n_jobs=2)(delayed(folder)(f) for f in functions) == here


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_a_pipeline_holding_a_lambda_is_warm_started(monkeypatch, n_jobs):
    import sktune._multifidelity_search as multifidelity_search
    from sklearn.preprocessing import FunctionTransformer

    # hashing its configuration failed, and with it every fit of the search
    X, y = make_classification(200, 6, random_state=0)
    pipe = Pipeline([("f", FunctionTransformer(lambda x: 2 * x)),
                     ("rf", RandomForestClassifier(random_state=0))])
    kwargs = dict(n_candidates=9, resource="rf__n_estimators", max_resources=9, min_resources=1,
                  cv=2, random_state=0, n_jobs=n_jobs)
    space = {"rf__max_depth": Integer(1, 30)}
    saved = _saved_resources(monkeypatch) if n_jobs == 1 else None
    warm = SuccessiveHalvingSearchCV(pipe, space, **kwargs).fit(X, y)
    if saved is not None:
        assert saved  # the forests of the first rungs were saved
    monkeypatch.setattr(multifidelity_search, "warm_start_param", lambda estimator, resource: None)
    cold = SuccessiveHalvingSearchCV(pipe, space, **kwargs).fit(X, y)
    assert np.isfinite(warm.cv_results_["mean_test_score"]).all()
    assert np.array_equal(warm.cv_results_["mean_test_score"], cold.cv_results_["mean_test_score"])
    assert isinstance(warm.best_estimator_, Pipeline)


def test_a_choice_of_models_is_warm_started_without_changing_the_space(monkeypatch):
    import sktune._multifidelity_search as multifidelity_search
    from sklearn.ensemble import ExtraTreesClassifier

    # dropping a candidate's saved fits set its parameters on the space's own
    # estimator, so the estimator as given stopped being a point of the space and
    # the first rung raised
    X, y = make_classification(300, 6, random_state=0)
    forest, extra = RandomForestClassifier(random_state=0), ExtraTreesClassifier(random_state=0)
    space = {"clf": {forest: {"clf__max_depth": Integer(1, 10)},
                     extra: {"clf__min_samples_leaf": Integer(1, 20)}}}
    before = [forest.get_params(), extra.get_params()]
    pipe = Pipeline([("clf", ExtraTreesClassifier(random_state=0))])
    kwargs = dict(n_candidates=9, resource="clf__n_estimators", max_resources=9, min_resources=1,
                  cv=2, random_state=0)
    warm = SuccessiveHalvingSearchCV(pipe, space, **kwargs).fit(X, y)
    assert [forest.get_params(), extra.get_params()] == before
    assert warm.default_score_ is not None  # the estimator as given was found in the space
    monkeypatch.setattr(multifidelity_search, "warm_start_param", lambda estimator, resource: None)
    cold = SuccessiveHalvingSearchCV(pipe, space, **kwargs).fit(X, y)
    assert np.array_equal(warm.cv_results_["mean_test_score"], cold.cv_results_["mean_test_score"])


def test_a_searched_parameter_named_like_the_wrappers_own_reaches_the_estimator(monkeypatch):
    import sktune._multifidelity_search as multifidelity_search

    # BaggingClassifier's base model is its parameter "estimator", a name the
    # warm-start wrapper also has for what it wraps
    X, y = make_classification(300, 6, random_state=0)
    trees = [DecisionTreeClassifier(max_depth=1), DecisionTreeClassifier(max_depth=None)]
    space = {"estimator": trees, "max_samples": Real(0.2, 1.0)}
    kwargs = dict(n_candidates=9, resource="n_estimators", max_resources=9, min_resources=1, cv=2,
                  random_state=0)
    warm = SuccessiveHalvingSearchCV(BaggingClassifier(random_state=0), space, **kwargs).fit(X, y)
    monkeypatch.setattr(multifidelity_search, "warm_start_param", lambda estimator, resource: None)
    cold = SuccessiveHalvingSearchCV(BaggingClassifier(random_state=0), space, **kwargs).fit(X, y)
    assert np.array_equal(warm.cv_results_["mean_test_score"], cold.cv_results_["mean_test_score"])
    assert isinstance(warm.best_estimator_, BaggingClassifier)
    assert warm.best_estimator_.estimator.max_depth == warm.best_params_["estimator"].max_depth


def test_saved_fits_are_dropped_once_no_rung_continues_them():
    X, y = make_classification(200, 6, random_state=0)
    folders = []
    search = SuccessiveHalvingSearchCV(
        RandomForestClassifier(random_state=0), {"max_depth": Integer(1, 30)}, n_candidates=9,
        resource="n_estimators", max_resources=9, min_resources=1, cv=2, random_state=0,
        evaluate_default=False,
        # after each rung: how many configurations have saved fits in the folder
        callbacks=lambda res: folders.append((res.n_evaluations, len(os.listdir(search.estimator.store)))))
    search.fit(X, y)
    # 9 saved on 1 tree; the 6 dropped go before the 3 continue on 3 trees; then the 2
    # dropped go, and the last one's 9 trees are not saved
    assert folders == [(9, 9), (12, 3), (13, 1)]
