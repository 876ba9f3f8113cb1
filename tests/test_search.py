import pickle
import warnings

import numpy as np
import pytest
import sklearn
from joblib import parallel_config
from scipy.stats import uniform
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.datasets import load_iris, make_classification
from sklearn.dummy import DummyClassifier
from sklearn.exceptions import FitFailedWarning
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import (
    GridSearchCV,
    GroupKFold,
    KFold,
    RandomizedSearchCV,
    cross_val_score,
)
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC
from sklearn.tree import DecisionTreeClassifier
from sklearn.utils.estimator_checks import parametrize_with_checks

from sktune import (
    BayesSearchCV,
    ColumnSubset,
    EvolutionarySearchCV,
    HyperbandSearchCV,
    Subset,
    SuccessiveHalvingSearchCV,
    _evaluations,
    _search,
    progress,
)
from sktune.space import Integer, Real


@pytest.fixture(scope="module")
def iris():
    return load_iris(return_X_y=True)


class FlakyClassifier(ClassifierMixin, BaseEstimator):
    """Fails to fit when ``fail_above`` < ``x``; scores higher the closer ``x`` is to 0.6."""

    n_fits = 0

    def __init__(self, x=0.0, fail_above=2.0, k="a"):
        self.x = x
        self.fail_above = fail_above
        self.k = k

    def fit(self, X, y, sample_weight=None):
        type(self).n_fits += 1
        if self.x > self.fail_above:
            raise RuntimeError("this configuration cannot be fitted")
        self.classes_ = np.unique(y)
        return self

    def predict(self, X):
        return np.full(len(X), self.classes_[0])

    def score(self, X, y, sample_weight=None):
        return 1.0 - (self.x - 0.6) ** 2 - (0.1 if self.k == "b" else 0.0)


def test_fit_finds_a_good_configuration_and_reports_like_gridsearch(iris):
    X, y = iris
    search = BayesSearchCV(
        SVC(),
        {"C": Real(1e-3, 1e3, prior="log-uniform"), "gamma": (1e-4, 1e1, "log-uniform")},
        n_iter=12,
        cv=3,
        random_state=0,
    ).fit(X, y)
    results = search.cv_results_
    assert len(results["params"]) == 12
    for key in ("mean_test_score", "std_test_score", "rank_test_score", "split0_test_score",
                "mean_fit_time", "param_C", "param_gamma"):
        assert len(results[key]) == 12
    assert search.best_score_ == results["mean_test_score"].max()
    assert search.best_params_ == results["params"][search.best_index_]
    assert search.best_score_ > 0.95
    assert search.best_estimator_.C == search.best_params_["C"]
    assert search.score(X, y) > 0.9
    assert search.predict(X[:3]).shape == (3,)


def test_default_configuration_is_evaluated_first_and_kept(iris):
    X, y = iris
    search = BayesSearchCV(
        LogisticRegression(C=0.5, max_iter=500), {"C": (1e-3, 1e3, "log-uniform")},
        n_iter=5, cv=3, random_state=0,
    ).fit(X, y)
    assert search.cv_results_["params"][0] == {"C": 0.5}
    assert search.default_params_ == {"C": 0.5}
    assert search.default_score_ == search.cv_results_["mean_test_score"][0]
    assert search.best_score_ >= search.default_score_

    off = BayesSearchCV(
        LogisticRegression(C=0.5, max_iter=500), {"C": (1e-3, 1e3, "log-uniform")},
        n_iter=5, cv=3, random_state=0, evaluate_default=False,
    ).fit(X, y)
    assert {"C": 0.5} not in off.cv_results_["params"]
    assert off.default_score_ is None


def test_default_outside_the_space_is_still_evaluated_but_not_modelled(iris):
    X, y = iris
    search = BayesSearchCV(
        LogisticRegression(C=1.0, max_iter=500), {"C": (10.0, 100.0)}, n_iter=4, cv=3, random_state=0
    ).fit(X, y)
    assert search.cv_results_["params"][0] == {"C": 1.0}
    assert all(10.0 <= p["C"] <= 100.0 for p in search.cv_results_["params"][1:])


@pytest.mark.parametrize("search_class", [BayesSearchCV, EvolutionarySearchCV])
def test_a_best_default_outside_the_space_is_named_in_a_warning(iris, search_class):
    X, y = iris
    # C=1 beats every C in [1e-4, 1e-3] on iris, so the outside default is best
    lr = LogisticRegression(C=1.0, max_iter=500)
    with pytest.warns(UserWarning, match=r"lies outside search_spaces \(C=1\.0\)") as record:
        search = search_class(lr, {"C": Real(1e-4, 1e-3)}, n_iter=6, cv=3, random_state=0).fit(X, y)
    assert search.best_index_ == 0 and search.best_params_ == {"C": 1.0}
    assert sum("lies outside" in str(w.message) for w in record) == 1

    quiet = [(lr, {"C": Real(1e-4, 1e-3)}, dict(evaluate_default=False)),  # not evaluated
             (LogisticRegression(C=1e-4, max_iter=500), {"C": Real(1e-4, 10.0)}, {}),  # inside
             (LogisticRegression(C=1e-5, max_iter=500), {"C": Real(0.1, 10.0)}, {})]  # not best
    for estimator, space, options in quiet:
        with warnings.catch_warnings(record=True) as record:
            warnings.simplefilter("always")
            search = search_class(estimator, space, n_iter=6, cv=3, random_state=0, **options).fit(X, y)
        assert not [w for w in record if "lies outside" in str(w.message)]
        assert space["C"].contains(search.best_params_["C"])


def test_the_warning_calls_a_subsets_default_every_feature(iris):
    X, y = iris
    # ColumnSubset's default keeps all 4 columns; the space allows at most 1
    pipe = Pipeline([("select", ColumnSubset()), ("clf", LogisticRegression(max_iter=500))])
    space = {"select__columns": Subset(list(range(4)), max_size=1)}
    with pytest.warns(UserWarning, match=r"\(select__columns=None \(every feature\)\)"):
        search = BayesSearchCV(pipe, space, n_iter=4, cv=3, random_state=0).fit(X, y)
    assert search.best_params_ == {"select__columns": None}


def test_same_seed_same_proposals_whatever_n_jobs(iris):
    X, y = iris
    space = {"C": Real(1e-2, 1e2, prior="log-uniform"), "kernel": ["rbf", "linear"]}
    runs = [
        BayesSearchCV(SVC(), space, n_iter=8, n_points=2, cv=3, random_state=3, n_jobs=n_jobs)
        .fit(X, y)
        .cv_results_["params"]
        for n_jobs in (1, 2, 1)
    ]
    assert runs[0] == runs[1] == runs[2]
    other = BayesSearchCV(SVC(), space, n_iter=8, n_points=2, cv=3, random_state=4).fit(X, y)
    assert other.cv_results_["params"] != runs[0]


def test_batches_propose_distinct_points(iris):
    X, y = iris
    search = BayesSearchCV(
        SVC(), {"C": Integer(1, 40)}, n_iter=15, n_points=4, cv=3, random_state=0,
        evaluate_default=False,
    ).fit(X, y)
    values = [p["C"] for p in search.cv_results_["params"]]
    assert len(values) == 15 and len(set(values)) == 15


def test_auto_batches_count_the_splits_of_the_data_searched(iris):
    from sklearn.model_selection import LeaveOneGroupOut

    X, y = iris
    groups = np.arange(len(y)) % 3  # three groups: three splits
    sizes = []
    search = BayesSearchCV(SVC(), {"C": Real(1e-2, 1e2, prior="log-uniform")}, n_iter=7,
                           n_points="auto", n_jobs=6, cv=LeaveOneGroupOut(), random_state=0,
                           evaluate_default=False)
    with parallel_config(backend="threading"):  # six processes would cost seconds to start
        search.fit(X, y, groups=groups,
                   callback=lambda result: sizes.append(len(result.x_iters)) and False)
    # 6 workers, 3 splits: batches of 2 configurations
    assert np.diff([0] + sizes).tolist() == [2, 2, 2, 1]
    assert search.n_splits_ == 3


def test_workers_that_no_batch_can_use_are_named_with_the_batch_size_that_uses_them(iris):
    X, y = iris
    space = {"C": Real(1e-2, 1e2, prior="log-uniform")}

    def idle_warnings(**kwargs):
        with warnings.catch_warnings(record=True) as caught, parallel_config(backend="threading"):
            warnings.simplefilter("always")
            BayesSearchCV(SVC(), space, n_iter=6, cv=3, random_state=0, **kwargs).fit(X, y)
        return [str(w.message) for w in caught if "idle" in str(w.message)]

    # 8 workers, batches of 3 fits: 5 never get one; n_points=3 would fill them
    assert idle_warnings(n_jobs=8) == [
        "n_jobs=8 gives 8 workers, but a batch has 3 fits (n_points=1 configuration x 3 "
        "folds), so 5 of them stay idle. n_points=3, or 'auto', keeps them busy "
        "(configurations proposed together are chosen before any of their scores is known)."
    ]
    assert "so 1 of them stays idle" in idle_warnings(n_jobs=4)[0]
    assert idle_warnings(n_jobs=8, n_points=3) == []
    assert idle_warnings(n_jobs=8, n_points="auto") == []
    assert idle_warnings(n_jobs=2) == []  # 3 fits for 2 workers: none idle throughout
    assert idle_warnings(n_jobs=8, n_points=6) == []  # one batch holds every evaluation
    # a generation is EvolutionarySearchCV's batch
    with warnings.catch_warnings(record=True) as caught, parallel_config(backend="threading"):
        warnings.simplefilter("always")
        EvolutionarySearchCV(SVC(), space, n_iter=12, population_size=4, cv=3, n_jobs=16,
                             random_state=0).fit(X, y)
    assert [str(w.message) for w in caught if "idle" in str(w.message)] == [
        "n_jobs=16 gives 16 workers, but a batch has 12 fits (a generation of 4 x 3 folds), "
        "so 4 of them stay idle. population_size=6 keeps them busy."
    ]
    # with subspaces, the largest generation decides, whichever subspace comes first
    wide = {"C": Real(1e-2, 1e2, prior="log-uniform"),
            "gamma": Real(1e-3, 1e1, prior="log-uniform"),
            "tol": Real(1e-4, 1e-2, prior="log-uniform"), "coef0": Real(0, 1)}
    for subspaces in ([(space, 8), (wide, 16)], [(wide, 16), (space, 8)]):
        with warnings.catch_warnings(record=True) as caught, parallel_config(backend="threading"):
            warnings.simplefilter("always")
            EvolutionarySearchCV(SVC(), subspaces, cv=3, n_jobs=16, random_state=0).fit(X, y)
        assert not [w for w in caught if "idle" in str(w.message)]


def test_exhausted_finite_space_ends_early_with_a_warning(iris):
    X, y = iris
    search = BayesSearchCV(SVC(), {"kernel": ["rbf", "linear", "poly"]}, n_iter=10, cv=3, random_state=0)
    with pytest.warns(UserWarning, match="exhausted after 3 evaluations"):
        search.fit(X, y)
    kernels = [p["kernel"] for p in search.cv_results_["params"]]
    assert sorted(kernels) == ["linear", "poly", "rbf"]
    assert search.stop_reason_ == "exhausted"
    # a budget the grid fills exactly leaves nothing to explain
    assert BayesSearchCV(SVC(), {"kernel": ["rbf", "linear", "poly"]}, n_iter=3, cv=3,
                         random_state=0).fit(X, y).stop_reason_ is None
    with pytest.warns(UserWarning, match="exhausted after 3 evaluations; its remaining 1 "
                                         "evaluation was not used"):
        BayesSearchCV(SVC(), {"kernel": ["rbf", "linear", "poly"]}, n_iter=4, cv=3,
                      random_state=0).fit(X, y)


@pytest.mark.parametrize("search_class", [BayesSearchCV, EvolutionarySearchCV])
def test_a_default_the_estimator_reads_differently_is_not_the_space_value(search_class):
    # RandomForestRegressor's own max_features=1.0 is every feature; the space's 1 is one
    from sklearn.datasets import make_regression
    from sklearn.ensemble import RandomForestRegressor

    X, y = make_regression(200, 4, n_informative=4, noise=5, random_state=0)
    search = search_class(RandomForestRegressor(n_estimators=10, random_state=0),
                          {"max_features": [1, 2]}, n_iter=5, cv=3, random_state=0)
    with pytest.warns(UserWarning, match=r"\(max_features=1\.0, another setting than the space's 1\)"):
        search.fit(X, y)
    scores = {repr(p["max_features"]): s for p, s in
              zip(search.cv_results_["params"], search.cv_results_["mean_test_score"])}
    assert set(scores) == {"1.0", "1", "2"}  # one feature was tried too
    assert scores["1"] < scores["1.0"]
    # where an int and a float are the same setting, the default is the space's point
    X, y = load_iris(return_X_y=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the space runs out
        svc = search_class(SVC(), {"C": [0.1, 1, 10]}, n_iter=5, cv=3, random_state=0).fit(X, y)
    assert len(svc.cv_results_["params"]) == 3


def test_an_initial_point_is_read_with_the_step_it_chooses():
    # the pipeline's own step is a Ridge; the point chooses a forest, whose
    # max_features=1.0 (every feature) is not the space's 1 (one feature)
    from sklearn.datasets import make_regression
    from sklearn.ensemble import RandomForestRegressor
    from sklearn.linear_model import Ridge

    X, y = make_regression(200, 4, n_informative=4, noise=5, random_state=0)
    forest = RandomForestRegressor(n_estimators=10, random_state=0)
    space = [{"m": [forest], "m__max_features": [1, 2]}, {"m": [Ridge()], "m__alpha": [1.0, 10.0]}]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the space runs out
        search = BayesSearchCV(Pipeline([("m", Ridge())]), space, n_iter=8, cv=3, random_state=0,
                               evaluate_default=False,
                               initial_points=[{"m": forest, "m__max_features": 1.0}]).fit(X, y)
    features = [repr(p["m__max_features"]) for p in search.cv_results_["params"] if "m__max_features" in p]
    assert sorted(features) == ["1", "1.0", "2"]


def test_int_and_float_differ_where_scikit_learn_reads_them_differently():
    from sklearn.ensemble import RandomForestRegressor
    from sklearn.feature_extraction.text import CountVectorizer

    from sktune._sklearn_compat import int_and_float_differ

    assert int_and_float_differ(RandomForestRegressor(), "max_features")
    assert not int_and_float_differ(RandomForestRegressor(), "n_estimators")
    assert not int_and_float_differ(SVC(), "C")
    pipe = Pipeline([("words", CountVectorizer()), ("svc", SVC())])
    assert int_and_float_differ(pipe, "words__min_df")
    assert not int_and_float_differ(pipe, "svc__C")
    assert not int_and_float_differ(pipe, "svc")
    assert not int_and_float_differ(FlakyClassifier(), "x")  # no constraints to read


class WarningFlakyClassifier(FlakyClassifier):
    """A FlakyClassifier whose fits warn, as a solver that does not converge would."""

    def fit(self, X, y, sample_weight=None):
        warnings.warn("the solver did not converge", UserWarning)
        return super().fit(X, y, sample_weight)


@pytest.mark.parametrize("search_class", [EvolutionarySearchCV, SuccessiveHalvingSearchCV])
def test_fits_failing_beside_others_give_one_warning_for_the_search(iris, search_class):
    # Batches mixing failing and working candidates: scikit-learn warns after each
    # one; the search gives one warning at the end, counting every failed fit.
    X, y = iris
    space = {"x": Real(0.0, 1.0), "k": ["a", "b"]}
    kwargs = dict(n_iter=30) if search_class is EvolutionarySearchCV else dict(n_candidates=27)
    search = search_class(WarningFlakyClassifier(fail_above=0.5), space, cv=3, random_state=0, **kwargs)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        search.fit(X, y)
    scores = search.cv_results_["mean_test_score"]
    n_failed = int(np.isnan(scores).sum())
    assert 0 < n_failed < len(scores) - 2
    failures = [str(w.message) for w in caught if issubclass(w.category, FitFailedWarning)]
    assert failures == [failures[0]]
    assert failures[0].startswith(
        f"{3 * n_failed} fits failed out of a total of {3 * len(scores)}; their score is error_score=nan.")
    assert "this configuration cannot be fitted" in failures[0]
    non_finite = [w for w in caught if "scores are non-finite" in str(w.message)]
    assert len({str(w.message).split(":")[0] for w in non_finite}) == len(non_finite) <= 2  # test, train
    # the fits' own warnings still reach the user
    assert sum("the solver did not converge" in str(w.message) for w in caught) >= 3 * len(scores)


@pytest.mark.parametrize("error_score", [np.nan, -np.inf, 0.0])
def test_failing_fits_never_stop_the_search(iris, error_score):
    X, y = iris
    search = BayesSearchCV(
        FlakyClassifier(fail_above=0.8), {"x": (0.0, 1.0)}, n_iter=14, cv=3,
        random_state=0, error_score=error_score,
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        search.fit(X, y)
    scores = search.cv_results_["mean_test_score"]
    xs = np.array([p["x"] for p in search.cv_results_["params"]])
    assert len(scores) == 14
    assert (xs > 0.8).any(), "the failing region was never tried"
    failed = xs > 0.8
    # one warning, as GridSearchCV gives, with the error itself
    messages = [str(w.message) for w in caught if issubclass(w.category, FitFailedWarning)]
    assert len(messages) == 1
    assert messages[0].startswith(f"{3 * failed.sum()} fits failed out of a total of 42;")
    assert f"error_score={error_score!r}" in messages[0]
    assert "this configuration cannot be fitted" in messages[0]
    if np.isnan(error_score):
        assert np.isnan(scores[failed]).all()
    else:
        assert (scores[failed] == error_score).all()
    assert abs(search.best_params_["x"] - 0.6) < 0.05


def test_error_score_raise_propagates(iris):
    X, y = iris
    search = BayesSearchCV(
        FlakyClassifier(x=0.9, fail_above=0.5), {"x": (0.0, 1.0)}, n_iter=3, cv=3, error_score="raise"
    )
    with pytest.raises(RuntimeError, match="cannot be fitted"):
        search.fit(X, y)


def test_multimetric_scoring_optimises_the_refit_metric(iris):
    X, y = iris
    search = BayesSearchCV(
        SVC(), {"C": (1e-3, 1e2, "log-uniform")}, n_iter=6, cv=3, random_state=0,
        scoring={"acc": "accuracy", "f1": "f1_macro"}, refit="f1",
    ).fit(X, y)
    assert search.multimetric_
    assert "mean_test_acc" in search.cv_results_ and "mean_test_f1" in search.cv_results_
    assert search.best_score_ == search.cv_results_["mean_test_f1"].max()


def test_refit_callable_and_refit_false(iris):
    X, y = iris
    space = {"C": (1e-3, 1e2, "log-uniform")}
    search = BayesSearchCV(
        SVC(), space, n_iter=5, cv=3, random_state=0,
        scoring=["accuracy", "f1_macro"], refit=lambda r: int(np.argmin(r["mean_test_accuracy"])),
    ).fit(X, y)
    assert search.best_index_ == int(np.argmin(search.cv_results_["mean_test_accuracy"]))
    no_refit = BayesSearchCV(SVC(), space, n_iter=4, cv=3, refit=False, random_state=0).fit(X, y)
    assert not hasattr(no_refit, "best_estimator_")
    with pytest.raises(ValueError, match="refit"):
        BayesSearchCV(SVC(), space, n_iter=3, cv=3, scoring=["accuracy", "f1_macro"]).fit(X, y)


def test_pipeline_parameters_and_cross_val_score():
    X, y = make_classification(n_samples=120, n_features=6, random_state=0)
    pipe = Pipeline([("scale", StandardScaler()), ("clf", LogisticRegression(max_iter=300))])
    search = BayesSearchCV(
        pipe,
        {"clf__C": Real(1e-3, 1e2, prior="log-uniform"), "scale": [StandardScaler(), "passthrough"]},
        n_iter=6, cv=3, random_state=0,
    )
    scores = cross_val_score(search, X, y, cv=3)
    assert scores.shape == (3,) and np.all(scores > 0.6)
    search.fit(X, y)
    assert set(search.best_params_) == {"clf__C", "scale"}
    assert isinstance(search.best_estimator_, Pipeline)


class CountingScaler(StandardScaler):
    """A StandardScaler that counts its fits (class-wide, so clones count too)."""

    n_fits = 0

    def fit(self, X, y=None, sample_weight=None):
        type(self).n_fits += 1
        return super().fit(X, y, sample_weight=sample_weight)


@pytest.mark.parametrize("make", [
    lambda pipe, space: BayesSearchCV(pipe, space, n_iter=6, cv=3, random_state=0),
    lambda pipe, space: EvolutionarySearchCV(pipe, space, n_iter=6, cv=3, random_state=0),
    lambda pipe, space: SuccessiveHalvingSearchCV(
        pipe, space, n_candidates=6, resource="clf__max_iter", min_resources=10,
        max_resources=90, cv=3, random_state=0),
])
def test_a_pipeline_memory_fits_a_step_the_space_leaves_alone_once_per_fold(tmp_path, make):
    # the user guide's advice for costly steps (long_searches.rst, "memory=")
    X, y = make_classification(n_samples=120, n_features=6, random_state=0)
    space = {"clf__C": Real(1e-3, 1e2, prior="log-uniform")}
    results = []
    for memory in (None, str(tmp_path)):
        CountingScaler.n_fits = 0
        pipe = Pipeline([("scale", CountingScaler()), ("clf", LogisticRegression(max_iter=300))],
                        memory=memory)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            search = make(pipe, space).fit(X, y)
        results.append((CountingScaler.n_fits, search.cv_results_["mean_test_score"]))
    (fits_alone, scores_alone), (fits_cached, scores_cached) = results
    n_evaluations = len(scores_alone)
    assert fits_alone == 3 * n_evaluations + 1  # every candidate and fold, and the refit
    assert fits_cached == 3 + 1  # each fold once, and the refit on all rows
    np.testing.assert_array_equal(scores_cached, scores_alone)


def test_clone_get_set_params_and_pickle(iris):
    X, y = iris
    space = {"C": Real(1e-2, 1e2, prior="log-uniform")}
    search = BayesSearchCV(SVC(), space, n_iter=4, cv=3, random_state=0)
    params = search.get_params()
    assert params["search_spaces"] is space and params["n_iter"] == 4
    assert "estimator__C" in params
    twin = clone(search)
    assert twin.search_spaces == space and twin.get_params()["n_iter"] == 4
    search.set_params(n_iter=5, estimator__kernel="linear")
    assert search.n_iter == 5 and search.estimator.kernel == "linear"
    search.fit(X, y)
    assert len(search.cv_results_["params"]) == 5
    restored = pickle.loads(pickle.dumps(search))
    assert np.array_equal(restored.predict(X), search.predict(X))
    # the user's space and estimator are untouched
    assert space["C"].name is None
    assert search.estimator.get_params()["C"] == 1.0


def test_metadata_routing_of_sample_weight_and_groups(iris):
    X, y = iris
    groups = np.arange(len(y)) % 5
    received = []

    class Recorder(FlakyClassifier):
        def fit(self, X, y, sample_weight=None):
            received.append(None if sample_weight is None else float(np.sum(sample_weight)))
            return super().fit(X, y)

    weights = np.ones(len(y)) * 2.0
    with sklearn.config_context(enable_metadata_routing=True):
        est = Recorder().set_fit_request(sample_weight=True).set_score_request(sample_weight=False)
        search = BayesSearchCV(est, {"x": (0.0, 1.0)}, n_iter=3, cv=GroupKFold(5), random_state=0)
        search.fit(X, y, groups=groups, sample_weight=weights)
    assert received and all(r is not None for r in received)
    # GroupKFold with 5 groups: each training set holds 4/5 of the weights
    assert received[0] == pytest.approx(2.0 * len(y) * 4 / 5)


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        (dict(search_spaces={"nope": (0.0, 1.0)}), ValueError, "Invalid parameter 'nope'"),
        (dict(search_spaces={"x": (1.0, 0.5)}), ValueError, "'x'.*low must be < high"),
        (dict(search_spaces={"x": (0.0, 1.0, "log-uniform")}), ValueError, "'x'.*low must be > 0"),
        (dict(search_spaces={"k": []}), ValueError, "'k'.*categories must not be empty"),
        (dict(search_spaces={"x": (0.0, 1.0, "gaussian")}), ValueError, "'x'.*prior must be one of"),
        (dict(search_spaces={"x": (0.0, 1.0)}, n_iter=0), ValueError, "'n_iter' parameter"),
        (dict(search_spaces={"x": (0.0, 1.0)}, n_points=0), ValueError, "'n_points' parameter"),
        (dict(search_spaces="x"), ValueError, "'search_spaces' parameter"),
        (dict(search_spaces=[({"x": (0.0, 1.0)}, 0)]), ValueError, "n_iter of a"),
        (dict(search_spaces={}), ValueError, r"search_spaces must name at least one parameter"),
        (dict(search_spaces=[{}]), ValueError, r"search_spaces must name at least one parameter"),
        (dict(search_spaces=[{"x": (0.0, 1.0)}, ({}, 2)]), ValueError,
         r"search_spaces\[1\] must name at least one parameter"),
        (dict(search_spaces={"x": (0.0, 1.0)}, optimizer_kwargs={"base_estimator": "RF"}),
         ValueError, "optimizer_kwargs keys must be among"),
    ],
)
def test_bad_input_raises_before_any_fit(iris, kwargs, error, message):
    X, y = iris
    FlakyClassifier.n_fits = 0
    search = BayesSearchCV(FlakyClassifier(), **{"n_iter": 3, "cv": 3, **kwargs})
    with pytest.raises(error, match=message):
        search.fit(X, y)
    assert FlakyClassifier.n_fits == 0


@pytest.mark.parametrize("cls", [BayesSearchCV, EvolutionarySearchCV, SuccessiveHalvingSearchCV,
                                 HyperbandSearchCV])
@pytest.mark.parametrize("name, value", [("verbose", "2"), ("verbose", 2.5), ("estimator", "svc")])
def test_parameters_the_search_reads_first_get_scikit_learns_error(iris, cls, name, value):
    # fit reads verbose (and a halving search its estimator) before scikit-learn's
    # validation: the error must still be GridSearchCV's, naming the parameter and value
    X, y = iris
    FlakyClassifier.n_fits = 0
    search = cls(FlakyClassifier(), {"x": (0.0, 1.0)}, cv=3).set_params(**{name: value})
    if "resource" in search.get_params():
        search.set_params(resource="n_estimators")  # read from the estimator before fitting
    with pytest.raises(ValueError, match=rf"'{name}' parameter of {cls.__name__} must be .* Got {value!r}"):
        search.fit(X, y)
    assert FlakyClassifier.n_fits == 0
    with sklearn.config_context(skip_parameter_validation=True):  # as scikit-learn's fit
        try:
            search.fit(X, y)
        except Exception as error:  # from the value's use, not from validation
            assert f"'{name}' parameter" not in str(error)


@pytest.mark.parametrize(
    "make",
    [lambda **kw: BayesSearchCV(n_iter=4, **kw),
     lambda **kw: EvolutionarySearchCV(n_iter=4, **kw),
     lambda **kw: SuccessiveHalvingSearchCV(n_candidates=4, **kw),
     lambda **kw: HyperbandSearchCV(**kw)],
)
def test_param_distributions_is_scikit_learns_name_for_the_space(iris, make):
    X, y = iris
    space = {"C": uniform(0.01, 10.0)}
    common = dict(estimator=LogisticRegression(), cv=3, random_state=0)
    named = make(param_distributions=space, **common).fit(X, y)
    positional = make(search_spaces=space, **common).fit(X, y)
    assert named.cv_results_["params"] == positional.cv_results_["params"]
    twin = clone(named).get_params()
    assert twin["search_spaces"] is None and list(twin["param_distributions"]) == ["C"]
    grid_named = make(param_grid=space, **common).fit(X, y)
    assert grid_named.cv_results_["params"] == positional.cv_results_["params"]
    assert clone(grid_named).get_params()["search_spaces"] is None
    FlakyClassifier.n_fits = 0
    for spaces in ({}, {"search_spaces": space, "param_distributions": space},
                   {"param_distributions": space, "param_grid": space}):
        with pytest.raises(ValueError, match="exactly one of them"):
            make(estimator=FlakyClassifier(), cv=3, **spaces).fit(X, y)
    assert FlakyClassifier.n_fits == 0


@pytest.mark.parametrize("cls", [BayesSearchCV, EvolutionarySearchCV, SuccessiveHalvingSearchCV,
                                 HyperbandSearchCV])
def test_an_empty_dict_of_a_grid_is_the_estimator_as_given(iris, cls):
    # GridSearchCV evaluates {} as the estimator unchanged, its parameters masked
    X, y = iris
    grid = [{"C": [0.1, 10.0]}, {}, {"kernel": ["linear"]}]
    reference = GridSearchCV(SVC(), grid, cv=3).fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the grid runs out, or halving has one rung
        search = cls(SVC(), param_grid=grid, cv=3, random_state=0, evaluate_default=False).fit(X, y)
    res = search.cv_results_
    first = [i for i in range(len(res["params"])) if res.get("iter", np.zeros(99))[i] == 0]
    as_text = lambda rows: sorted(str(sorted(p.items())) for p in rows)
    assert as_text(res["params"][i] for i in first) == as_text(reference.cv_results_["params"])
    empty = next(i for i in first if res["params"][i] == {})
    assert res["param_C"].mask[empty] and res["param_kernel"].mask[empty]
    at = {str(p): s for p, s in zip(reference.cv_results_["params"], reference.cv_results_["mean_test_score"])}
    if "n_resources" not in res or res["n_resources"][empty] == len(X):  # not a subsample
        assert res["mean_test_score"][empty] == at["{}"]


@pytest.mark.parametrize("cls", [BayesSearchCV, EvolutionarySearchCV])
def test_a_gridsearchcv_call_runs_with_the_class_name_changed(iris, cls):
    X, y = iris
    grid = [{"kernel": ["linear"], "C": np.logspace(-2, 2, 5)},
            {"kernel": ["rbf"], "C": [0.1, 1.0, 10.0], "gamma": [0.01, 0.1, 1.0]}]
    common = dict(estimator=SVC(), param_grid=grid, cv=3)
    reference = GridSearchCV(**common).fit(X, y)
    # n_iter counts in all, as for param_distributions; a grid smaller than it is
    # evaluated whole, each point once, after the estimator's own configuration
    # (gamma='scale', off the grid), and the search says why it stopped short
    with pytest.warns(UserWarning, match="exhausted"):
        search = cls(n_iter=20, random_state=0, **common).fit(X, y)
    params = search.cv_results_["params"]
    assert params[0] == {"kernel": "rbf", "C": 1.0, "gamma": "scale"} == search.default_params_
    as_tuples = lambda rows: sorted(tuple(sorted((k, str(v)) for k, v in p.items())) for p in rows)
    assert as_tuples(params[1:]) == as_tuples(reference.cv_results_["params"])
    assert search.best_score_ == pytest.approx(max(reference.best_score_, search.default_score_))
    assert search.stop_reason_ == "exhausted"
    # a smaller budget is spread over the whole list, not given per dict
    assert len(cls(n_iter=6, random_state=0, **common).fit(X, y).cv_results_["params"]) == 6


@pytest.mark.parametrize("cls", [BayesSearchCV, EvolutionarySearchCV])
def test_a_list_of_dicts_is_budgeted_by_the_name_it_is_given_under(iris, cls):
    X, y = iris
    dicts = [{"C": uniform(0.01, 10.0)}, {"C": uniform(10.0, 100.0), "fit_intercept": [False]}]
    common = dict(estimator=LogisticRegression(max_iter=300), n_iter=6, cv=3, random_state=0)
    # scikit-learn's name, scikit-learn's meaning: n_iter in all, as RandomizedSearchCV
    named = cls(param_distributions=dicts, **common)
    assert named.total_iterations == 6
    assert len(named.fit(X, y).cv_results_["params"]) == 6
    assert len(RandomizedSearchCV(param_distributions=dicts, **common).fit(X, y).cv_results_["params"]) == 6
    # scikit-optimize's name, scikit-optimize's meaning: n_iter per dict
    skopt_style = cls(search_spaces=dicts, **common)
    assert skopt_style.total_iterations == 12
    assert len(skopt_style.fit(X, y).cv_results_["params"]) == 12


def test_nested_names_under_a_searched_step_are_checked():
    X, y = make_classification(n_samples=60, random_state=0)
    pipe = Pipeline([("clf", DummyClassifier())])
    ok = {"clf": [LogisticRegression()], "clf__C": (0.1, 1.0)}
    BayesSearchCV(pipe, ok, n_iter=2, cv=2, random_state=0).fit(X, y)
    bad = {"clf": [LogisticRegression()], "clf__gamma": (0.1, 1.0)}
    with pytest.raises(ValueError, match="Invalid parameter 'clf__gamma'"):
        BayesSearchCV(pipe, bad, n_iter=2, cv=2).fit(X, y)


class _SubclassedNeighbors(KNeighborsClassifier):
    """Outside scikit-learn: its constraints are not read (it may accept more)."""


@pytest.mark.parametrize("cls", [BayesSearchCV, EvolutionarySearchCV, SuccessiveHalvingSearchCV])
@pytest.mark.parametrize(
    "estimator, space, message",
    [
        # removed in scikit-learn 1.4, still in many tutorials: every fit with it failed
        (LogisticRegression(), {"penalty": ["l2", "none"], "C": (0.1, 1.0)},
         r"Invalid value 'none' for 'penalty' in search_spaces \(one of its choices\)\. "
         r"The 'penalty' parameter of LogisticRegression must be"),
        (KNeighborsClassifier(), {"n_neighbors": Integer(0, 10)},
         r"Invalid value 0 for 'n_neighbors' in search_spaces \(the low end of Integer\(low=0"),
        (KNeighborsClassifier(), {"n_neighbors": Real(1, 10)},  # floats: an int is needed
         r"Invalid value 1\.0 for 'n_neighbors'.*must be an int"),
        # scikit-learn takes Python floats (and float64) there, not float32
        (DecisionTreeClassifier(), {"max_features": np.array([0.5, 1.0], dtype=np.float32)},
         r"Invalid value (np\.float32\()?0\.5\)? for 'max_features'"),
        (Pipeline([("clf", DummyClassifier())]),
         {"clf": {LogisticRegression(): {"clf__C": Real(-1.0, 10.0)}, DummyClassifier(): None}},
         r"Invalid value -1\.0 for 'clf__C' in search_spaces \(the low end of Real"),
    ],
)
def test_values_scikit_learn_refuses_are_refused_before_any_fit(cls, estimator, space, message):
    X, y = make_classification(n_samples=60, random_state=0)
    search = cls(estimator, space, cv=2, random_state=0)
    search.set_params(callbacks=lambda result: pytest.fail("fitted"))
    with pytest.raises(ValueError, match=message):
        search.fit(X, y)


@pytest.mark.parametrize("cls", [BayesSearchCV, EvolutionarySearchCV, SuccessiveHalvingSearchCV])
def test_a_range_whose_end_alone_is_refused_is_searched_without_that_end(cls):
    # C=0 fails to fit; RandomizedSearchCV never draws it from uniform(0, 10), so
    # Real(0, 10) is a common way to write the range. Noise labels favour small C,
    # which drives the Bayesian search onto the low end.
    X, _ = make_classification(n_samples=150, random_state=0)
    y = np.random.RandomState(0).randint(0, 2, len(X))
    C = Real(0, 10)
    budget = {"n_candidates": 27} if cls is SuccessiveHalvingSearchCV else {"n_iter": 30}
    lows = []
    for seed in range(3):
        search = cls(LogisticRegression(), {"C": C, "tol": uniform(0, 1e-3)},
                     cv=3, random_state=seed, error_score="raise", **budget).fit(X, y)
        values = np.asarray(search.cv_results_["param_C"], dtype=float)
        assert values.min() > 0.0 and values.max() <= 10.0
        lows.append(values.min())
    if cls is BayesSearchCV:
        assert min(lows) < 1e-6  # the open end itself, just inside 0
    assert C.decode([0.0]) == [0.0]  # the user's dimension is not changed
    # a range refused inside as well is still refused
    with pytest.raises(ValueError, match=r"Invalid value -1\.0 for 'C'"):
        cls(LogisticRegression(), {"C": Real(-1, 0)}, random_state=0, **budget).fit(X, y)


def test_values_are_not_checked_where_scikit_learn_would_not_check_them():
    X, y = make_classification(n_samples=60, random_state=0)
    space = {"n_neighbors": Integer(0, 3)}  # 0 fails to fit, 1 to 3 do not
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the fits with 0 fail
        # an estimator outside scikit-learn may accept what its base class refuses
        search = BayesSearchCV(_SubclassedNeighbors(), space, n_iter=4, cv=2, random_state=0)
        assert search.fit(X, y).best_params_["n_neighbors"] >= 1
        with sklearn.config_context(skip_parameter_validation=True):
            BayesSearchCV(KNeighborsClassifier(), space, n_iter=4, cv=2, random_state=0).fit(X, y)


def test_a_short_name_under_a_searched_step_is_told_its_full_name():
    X, y = make_classification(n_samples=60, random_state=0)
    pipe = Pipeline([("scale", StandardScaler()), ("clf", DummyClassifier())])
    nested = {"clf": {LogisticRegression(): {"C": (0.1, 1.0)}, DummyClassifier(): None}}
    search = BayesSearchCV(pipe, nested, n_iter=2, cv=2)
    search.set_params(callbacks=lambda result: pytest.fail("fitted"))
    with pytest.raises(ValueError, match="Invalid parameter 'C' .*under a choice of 'clf' take their "
                                         "full names: 'clf__C'. Valid parameters are"):
        search.fit(X, y)
    # no hint for a name that no choice has
    search.set_params(search_spaces={"clf": {LogisticRegression(): {"nope": (0.1, 1.0)}}})
    with pytest.raises(ValueError, match="Invalid parameter 'nope'") as raised:
        search.fit(X, y)
    assert "full names" not in str(raised.value)


@pytest.mark.parametrize(
    "space, message",
    [
        # a branch's parameter that only another branch's estimator has
        ({"clf": {FlakyClassifier(): {"clf__x": (0.0, 1.0)},
                  LogisticRegression(): {"clf__fail_above": (0.0, 1.0)}}},
         r"'clf__fail_above'.*active when 'clf' is LogisticRegression\(\)"),
        # an unconditional parameter that one of the step's choices lacks
        ({"clf": [FlakyClassifier(), LogisticRegression()], "clf__x": (0.0, 1.0)},
         r"'clf__x'.*active when 'clf' is LogisticRegression\(\)"),
        ({"scale": [StandardScaler(), "passthrough"], "scale__with_mean": [True, False]},
         r"'scale__with_mean'.*active when 'scale' is 'passthrough'"),
    ],
)
def test_parameters_under_a_searched_step_must_exist_for_each_choice(iris, space, message):
    X, y = iris
    pipe = Pipeline([("scale", StandardScaler()), ("clf", FlakyClassifier())])
    FlakyClassifier.n_fits = 0
    with pytest.raises(ValueError, match=message):
        BayesSearchCV(pipe, space, n_iter=3, cv=3).fit(X, y)
    assert FlakyClassifier.n_fits == 0


def test_subspaces_with_their_own_budgets_and_callbacks(iris):
    X, y = iris
    spaces = [({"C": (0.1, 1.0)}, 5), {"gamma": (0.1, 1.0)}]
    search = BayesSearchCV(SVC(), spaces, n_iter=3, cv=3, random_state=0)
    assert search.total_iterations == 8
    calls = []
    search.fit(X, y, callback=lambda res: calls.append(res.fun) and False)
    assert len(search.cv_results_["params"]) == 8
    assert len(search.optimizer_results_) == 2
    # one call per evaluation, as in scikit-optimize: the estimator's own configuration
    # (evaluated first, within the first subspace's budget) included
    assert len(calls) == 8
    assert search.stop_reason_ is None
    # every result is a skopt-style OptimizeResult: fun is minus the best score
    assert search.optimizer_results_[0].fun == pytest.approx(
        -max(search.cv_results_["mean_test_score"][:5])
    )
    # a callback returning True stops the current subspace
    stopped = BayesSearchCV(SVC(), {"C": (0.1, 1.0)}, n_iter=10, cv=3, random_state=0)
    stopped.fit(X, y, callback=[lambda res: len(res.x_iters) >= 4])
    assert len(stopped.cv_results_["params"]) == 4
    assert stopped.stop_reason_ == "callback"
    with pytest.raises(TypeError, match="callback must be"):
        stopped.fit(X, y, callback=[1])
    # the callbacks hear of the default and the initial points too, and can stop there
    calls = []
    first = BayesSearchCV(SVC(), {"C": (0.1, 1.0)}, n_iter=10, cv=3, random_state=0,
                          initial_points=[{"C": 0.3}, {"C": 0.6}])
    first.fit(X, y, callback=lambda res: calls.append(len(res.x_iters)) or len(res.x_iters) >= 3)
    assert calls == [1, 3] and len(first.cv_results_["params"]) == 3
    assert first.stop_reason_ == "callback"


def test_cv_results_masks_parameters_of_other_subspaces(iris):
    X, y = iris
    spaces = [({"C": (0.1, 1.0)}, 3), ({"gamma": (0.1, 1.0)}, 3)]
    search = BayesSearchCV(SVC(), spaces, cv=3, random_state=0, evaluate_default=False).fit(X, y)
    assert search.cv_results_["param_C"].mask.tolist() == [False] * 3 + [True] * 3
    assert search.cv_results_["param_gamma"].mask.tolist() == [True] * 3 + [False] * 3


def _failing_checks(estimator):
    from sklearn.utils.estimator_checks import check_estimator

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            results = check_estimator(estimator, on_fail=None)
        except TypeError:  # scikit-learn < 1.6
            failed = set()
            for est, check in check_estimator(estimator, generate_only=True):
                try:
                    check(est)
                except Exception:
                    failed.add(getattr(check, "func", check).__name__)
            return failed
    return {r["check_name"] for r in results if r["status"] == "failed"}


def test_check_estimator_fails_no_more_than_randomized_search():
    ours = _failing_checks(
        BayesSearchCV(LogisticRegression(), {"C": Real(0.1, 10.0)}, n_iter=3, cv=2, random_state=0)
    )
    if not ours:  # nothing failed: no need to run the checks on RandomizedSearchCV
        return
    theirs = _failing_checks(
        RandomizedSearchCV(LogisticRegression(), {"C": [0.1, 1.0, 10.0]}, n_iter=3, cv=2, random_state=0)
    )
    assert ours <= theirs, ours - theirs


def test_custom_cv_iterable_and_kfold(iris):
    X, y = iris
    folds = list(KFold(3, shuffle=True, random_state=0).split(X))
    search = BayesSearchCV(SVC(), {"C": (0.1, 10.0)}, n_iter=3, cv=folds, random_state=0).fit(X, y)
    assert search.n_splits_ == 3


def test_interrupt_keeps_the_finished_evaluations(iris):
    X, y = iris

    def interrupt_after_four(res):
        if len(res.x_iters) >= 4:
            raise KeyboardInterrupt

    search = BayesSearchCV(SVC(), {"C": (0.1, 10.0)}, n_iter=20, cv=3, random_state=0)
    with pytest.warns(UserWarning, match="interrupted.*4 evaluations.*refitted now; Ctrl-C again"):
        search.fit(X, y, callback=interrupt_after_four)
    assert len(search.cv_results_["params"]) == 4
    assert search.best_params_ in search.cv_results_["params"]
    assert hasattr(search, "best_estimator_")
    assert search.stop_reason_ == "interrupted"

    def interrupt_after_one(res):
        raise KeyboardInterrupt

    with pytest.warns(UserWarning, match="describe the 1 evaluation that had finished"):
        search.fit(X, y, callback=interrupt_after_one)


class InterruptedOnFit(FlakyClassifier):
    """Raises KeyboardInterrupt once, on the ``at``-th fit of the run (counted across
    clones; ``>=`` since two threads may count past it together)."""

    at = 0
    fired = False

    def fit(self, X, y, sample_weight=None):
        super().fit(X, y)
        cls = type(self)
        if cls.n_fits >= cls.at and not cls.fired:
            cls.fired = True
            raise KeyboardInterrupt
        return self


@pytest.mark.parametrize(
    "make",
    [lambda **kw: BayesSearchCV(n_iter=20, n_points=9, **kw),
     lambda **kw: EvolutionarySearchCV(n_iter=20, population_size=9, **kw),
     lambda **kw: SuccessiveHalvingSearchCV(n_candidates=9, **kw)],
)
@pytest.mark.parametrize("n_jobs", [None, 2])
def test_interrupt_inside_a_batch_keeps_its_finished_candidates(iris, make, n_jobs, monkeypatch):
    X, y = iris
    monkeypatch.setattr(_evaluations, "QUICK_CANDIDATE", 0.0)  # every candidate counts as slow
    # two workers: parts of 2 candidates (3 fits per worker), never grown
    monkeypatch.setattr(_evaluations, "FITS_PER_WORKER", 3)
    monkeypatch.setattr(_evaluations, "PART_SECONDS", 0.0)
    InterruptedOnFit.n_fits, InterruptedOnFit.at, InterruptedOnFit.fired = 0, 3 * 4 + 2, False  # 5th candidate
    search = make(estimator=InterruptedOnFit(), search_spaces={"x": Real(0.0, 1.0)}, cv=3,
                  random_state=0, evaluate_default=False, n_jobs=n_jobs)
    with parallel_config(backend="threading"), pytest.warns(UserWarning, match="interrupted.*4 evaluations"):
        search.fit(X, y)
    assert len(search.cv_results_["params"]) == 4


def _call_sizes(monkeypatch) -> list:
    """The number of candidates of each call to scikit-learn, as the search makes them."""
    sizes = []
    fit = _evaluations.Evaluations._fit

    def counting_fit(self, candidates, *args):
        sizes.append(len(candidates))
        return fit(self, candidates, *args)

    monkeypatch.setattr(_evaluations.Evaluations, "_fit", counting_fit)
    return sizes


def test_quick_candidates_go_to_scikit_learn_together(iris, monkeypatch):
    X, y = iris
    sizes = _call_sizes(monkeypatch)
    monkeypatch.setattr(_evaluations, "QUICK_CANDIDATE", 60.0)  # quick however busy the machine
    common = dict(n_iter=18, population_size=9, cv=3, random_state=0, evaluate_default=False)
    space = {"x": Real(0.0, 1.0)}
    EvolutionarySearchCV(FlakyClassifier(), space, **common).fit(X, y)
    assert sizes == [1, 8, 1, 8]  # the first of each generation alone, then the rest
    sizes.clear()
    with pytest.raises(ValueError, match="fits failed"):  # quick failures say nothing of the rest
        EvolutionarySearchCV(FlakyClassifier(fail_above=-1.0), space, **common).fit(X, y)
    assert sizes == [1] * 18
    sizes.clear()
    monkeypatch.setattr(_evaluations, "QUICK_CANDIDATE", 0.0)
    EvolutionarySearchCV(FlakyClassifier(), space, **common).fit(X, y)
    assert sizes == [1] * 18


@pytest.mark.parametrize("search_class, budget", [
    (BayesSearchCV, dict(n_iter=6)),
    (EvolutionarySearchCV, dict(n_iter=8, population_size=4)),
    (SuccessiveHalvingSearchCV, dict(n_candidates=4, resource="n_samples", min_resources=30)),
])
def test_a_search_whose_every_fit_failed_counts_them_all(iris, search_class, budget):
    # the error of the last batch said "All the 3 fits failed" after 18 or 24 had
    X, y = iris
    search = search_class(FlakyClassifier(fail_above=-1.0), {"x": Real(0.0, 1.0)}, cv=3,
                          random_state=0, evaluate_default=False, **budget)
    FlakyClassifier.n_fits = 0
    with pytest.raises(ValueError) as raised:
        search.fit(X, y)
    assert FlakyClassifier.n_fits > 3
    message = str(raised.value)
    assert f"All the {FlakyClassifier.n_fits} fits failed." in message
    assert "details about the failures of the last 3 fits:" in message
    assert "this configuration cannot be fitted" in message


def test_progress_is_shown_within_a_batch_that_goes_in_parts(iris, monkeypatch, capsys):
    X, y = iris
    monkeypatch.setattr(_evaluations, "QUICK_CANDIDATE", 0.0)  # one candidate per part
    common = dict(n_iter=18, population_size=9, cv=3, random_state=0, evaluate_default=False,
                  verbose=1)
    space = {"x": Real(0.0, 1.0)}

    def counts():
        lines = capsys.readouterr().out.splitlines()
        return [int(line.split()[1].split("/")[0]) for line in lines if "evaluations |" in line]

    monkeypatch.setattr(progress, "LINE_SECONDS", 1e9)
    EvolutionarySearchCV(FlakyClassifier(), space, **common).fit(X, y)
    assert counts() == [9, 18]  # parts quicker than LINE_SECONDS: once per generation
    monkeypatch.setattr(progress, "LINE_SECONDS", 0.0)
    EvolutionarySearchCV(FlakyClassifier(), space, **common).fit(X, y)
    assert counts() == list(range(1, 19))  # a slow generation shows each candidate it finishes


@pytest.mark.parametrize("make", [
    lambda **kw: BayesSearchCV(n_iter=12, **kw),
    lambda **kw: EvolutionarySearchCV(n_iter=12, population_size=4, **kw),
], ids=["bayes", "evolutionary"])
def test_the_callbacks_result_is_built_only_for_callbacks(iris, make, monkeypatch):
    # it decodes every point so far, per batch: quadratic in the search's length,
    # for nothing when no callback reads it
    X, y = iris
    built = []
    original = _search._optimize_result
    monkeypatch.setattr(_search, "_optimize_result", lambda *args: built.append(1) or original(*args))
    search = make(estimator=FlakyClassifier(), search_spaces={"x": Real(0.0, 1.0)}, cv=2, random_state=0)
    search.fit(X, y)
    assert len(built) == 1 and len(search.optimizer_results_) == 1  # for optimizer_results_
    built.clear()
    calls = []
    search.fit(X, y, callback=lambda result: calls.append(len(result.x_iters)) and False)
    assert len(built) == len(calls) + 1 and calls[-1] == 12


def test_the_folds_per_candidate_are_counted_once_per_search(iris, monkeypatch):
    # each batch asks how many folds a candidate has (to size its parts, and for
    # scikit-learn's callbacks); the search's own splitter is built once for it
    X, y = iris
    built = []
    original = EvolutionarySearchCV._data_splitter
    monkeypatch.setattr(EvolutionarySearchCV, "_data_splitter",
                        lambda self: built.append(1) or original(self))
    with parallel_config(backend="threading"):
        EvolutionarySearchCV(FlakyClassifier(), {"x": Real(0.0, 1.0)}, n_iter=20,
                             population_size=4, cv=3, random_state=0, n_jobs=2).fit(X, y)
    assert len(built) == 1


def test_several_workers_get_a_batch_in_parts_that_grow_to_part_seconds(iris, monkeypatch):
    X, y = iris
    sizes = _call_sizes(monkeypatch)
    monkeypatch.setattr(_evaluations, "FITS_PER_WORKER", 3)  # 3 fits for each of 2 workers: 2 candidates
    monkeypatch.setattr(_evaluations, "PART_SECONDS", 0.0)
    common = dict(n_iter=18, population_size=9, cv=3, random_state=0, evaluate_default=False)
    space = {"x": Real(0.0, 1.0)}
    with parallel_config(backend="threading"):
        parts = EvolutionarySearchCV(FlakyClassifier(), space, n_jobs=2, **common).fit(X, y)
        assert sizes == [2, 2, 2, 2, 1] * 2
        sizes.clear()
        monkeypatch.setattr(_evaluations, "PART_SECONDS", 1e6)  # quick: the rest of it at once
        whole = EvolutionarySearchCV(FlakyClassifier(), space, n_jobs=2, **common).fit(X, y)
        assert sizes == [2, 7] * 2
    one_worker = EvolutionarySearchCV(FlakyClassifier(), space, **common).fit(X, y)
    for search in (parts, whole):  # the same evaluations however a batch is cut
        assert search.cv_results_["params"] == one_worker.cv_results_["params"]
        assert np.array_equal(search.cv_results_["mean_test_score"], one_worker.cv_results_["mean_test_score"])


def test_each_row_is_formatted_once_during_the_search_and_once_at_its_end(iris, monkeypatch):
    # scikit-learn formats every row so far after each batch: quadratic in a long search
    from sktune._sklearn_compat import BaseSearchCV

    X, y = iris
    formatted = []
    format_results = BaseSearchCV._format_results

    def counting(self, candidate_params, *args, **kwargs):
        formatted.append(len(candidate_params))
        return format_results(self, candidate_params, *args, **kwargs)

    monkeypatch.setattr(BaseSearchCV, "_format_results", counting)
    search = EvolutionarySearchCV(FlakyClassifier(), {"x": Real(0.0, 1.0)}, n_iter=60,
                                  population_size=6, cv=3, random_state=0).fit(X, y)
    n = len(search.cv_results_["params"])
    assert n == 60
    assert sum(formatted) == 2 * n and formatted[-1] == n
    assert search.cv_results_["rank_test_score"].min() == 1
    assert search.best_score_ == search.cv_results_["mean_test_score"].max()


class InterruptedOnRefit(FlakyClassifier):
    """Raises KeyboardInterrupt when fitted on all of the data: the refit."""

    error = KeyboardInterrupt

    def fit(self, X, y, sample_weight=None):
        if len(X) == 150:
            raise self.error
        return super().fit(X, y)


class FailingOnRefit(InterruptedOnRefit):
    error = MemoryError


@pytest.mark.parametrize(
    "make",
    [lambda **kw: BayesSearchCV(n_iter=6, **kw),
     lambda **kw: EvolutionarySearchCV(n_iter=6, population_size=5, **kw),
     lambda **kw: SuccessiveHalvingSearchCV(n_candidates=6, min_resources=50, **kw)],
    ids=["bayes", "evolutionary", "halving"],
)
@pytest.mark.parametrize("refit_stopped_by", [InterruptedOnRefit, FailingOnRefit])
def test_interrupt_in_the_refit_keeps_what_the_search_found(iris, make, refit_stopped_by):
    # Ctrl-C in the refit (a second Ctrl-C, say, after one ended the search) or an
    # error there stops fit, but the search's results stay readable, as fit would
    # have set them
    X, y = iris
    search = make(estimator=refit_stopped_by(fail_above=0.8), search_spaces={"x": Real(0.0, 1.0)},
                  cv=3, random_state=0)
    with pytest.raises(refit_stopped_by.error), warnings.catch_warnings():
        warnings.simplefilter("ignore", FitFailedWarning)
        search.fit(X, y)
    expected = make(estimator=FlakyClassifier(fail_above=0.8), search_spaces={"x": Real(0.0, 1.0)},
                    cv=3, random_state=0, refit=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FitFailedWarning)
        expected.fit(X, y)
    interrupted = refit_stopped_by is InterruptedOnRefit
    assert search.stop_reason_ == ("interrupted" if interrupted else expected.stop_reason_)
    assert not hasattr(search, "best_estimator_")
    assert search.cv_results_["params"] == expected.cv_results_["params"]
    np.testing.assert_array_equal(search.cv_results_["mean_test_score"],
                                  expected.cv_results_["mean_test_score"])
    assert (search.best_index_, search.best_params_) == (expected.best_index_, expected.best_params_)


def test_interrupt_before_anything_finished_propagates(iris):
    X, y = iris

    class Interrupting(FlakyClassifier):
        def fit(self, X, y, sample_weight=None):
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        BayesSearchCV(Interrupting(), {"x": (0.0, 1.0)}, n_iter=3, cv=3).fit(X, y)


def _blas_threads():
    """The thread counts of the BLAS libraries loaded (none for a numpy without one)."""
    threadpoolctl = pytest.importorskip("threadpoolctl")  # installed with scikit-learn
    return {m["num_threads"] for m in threadpoolctl.threadpool_info() if m["user_api"] == "blas"}


def _record_blas_threads(monkeypatch, owner, method="_propose") -> list:
    """A list that receives the BLAS thread counts at each call of ``owner.method``."""
    seen = []
    original = getattr(owner, method)

    def record(self, *args, **kwargs):
        seen.append(_blas_threads())
        return original(self, *args, **kwargs)

    monkeypatch.setattr(owner, method, record)
    return seen


def test_gaussian_process_works_on_one_blas_thread_and_leaves_the_setting_as_it_was(monkeypatch):
    # small matrices on several BLAS threads cost many times more than on one
    threadpoolctl = pytest.importorskip("threadpoolctl")
    from sktune import SuccessiveHalvingSearchCV
    from sktune.optimizers import BayesOptimizer
    from sktune.optimizers._gp import GaussianProcess

    with threadpoolctl.threadpool_limits(limits=2, user_api="blas"):
        before = _blas_threads()
        fits = _record_blas_threads(monkeypatch, GaussianProcess, "fit")
        predictions = _record_blas_threads(monkeypatch, GaussianProcess, "predict")
        X, y = load_iris(return_X_y=True)
        space = {"C": Real(1e-2, 1e2, prior="log-uniform")}
        BayesSearchCV(SVC(), space, n_iter=8, cv=2, random_state=0).fit(X, y)
        n_bayes = len(fits)
        SuccessiveHalvingSearchCV(SVC(), space, sampler="bayes", n_candidates=9, min_resources=30,
                                  cv=2, random_state=0).fit(X, y)
        n_halving = len(fits)
        # and the optimizer on its own, outside any search
        opt = BayesOptimizer(3, random_state=0)
        for _ in range(8):
            points = opt.ask()
            opt.tell(points, ((points - 0.3) ** 2).sum(axis=1))
        assert _blas_threads() == before
    assert n_bayes >= 3 and n_halving > n_bayes and len(fits) > n_halving
    assert all(threads == {1} for threads in fits + predictions)
    assert before == {2} or not before  # a numpy without a BLAS library reports none


def test_evolutionary_search_leaves_blas_threads_as_they_are(monkeypatch):
    # CMA-ES works on d x d matrices, no faster on one thread: limiting BLAS around
    # every generation's ask would only cost the limit's own time
    threadpoolctl = pytest.importorskip("threadpoolctl")
    from sktune import EvolutionarySearchCV
    from sktune.optimizers import CMAESOptimizer

    with threadpoolctl.threadpool_limits(limits=2, user_api="blas"):
        if _blas_threads() != {2}:
            pytest.skip("needs a BLAS library that can run on two threads")
        seen = _record_blas_threads(monkeypatch, CMAESOptimizer)
        X, y = load_iris(return_X_y=True)
        EvolutionarySearchCV(SVC(), {"C": Real(1e-2, 1e2, prior="log-uniform")}, n_iter=12,
                             population_size=4, cv=2, random_state=0).fit(X, y)
    assert len(seen) >= 3
    assert all(threads == {2} for threads in seen)


# -- scikit-learn's estimator checks ------------------------------------------------------

def _checks_listed(mark):
    """``parametrize_with_checks``' mark with its checks in a list: scikit-learn before
    1.7 passes a generator, which pytest deprecates (and pytest 10 refuses)."""
    argnames, argvalues = mark.args
    return pytest.mark.parametrize(argnames, list(argvalues), **mark.kwargs)


def _regression_searches():
    from sklearn.linear_model import Ridge

    space = {"alpha": Real(0.1, 1.0)}
    return [
        BayesSearchCV(Ridge(), space, n_iter=2, cv=2, random_state=0),
        EvolutionarySearchCV(Ridge(), space, n_iter=3, population_size=3, cv=2, random_state=0),
        SuccessiveHalvingSearchCV(Ridge(), space, n_candidates=2, min_resources=4, cv=2, random_state=0),
        # 8, not 4: two fewer brackets, a third of the time, every check's outcome unchanged
        HyperbandSearchCV(Ridge(), space, min_resources=8, cv=2, random_state=0),
    ]


def _outcome(check, estimator):
    try:
        check(estimator)
    except Exception as exc:  # noqa: BLE001 - the check's verdict, whatever it raises
        return type(exc).__name__
    return "passed"


_GRID_OUTCOMES = {}


@_checks_listed(parametrize_with_checks(_regression_searches()))
def test_estimator_checks_pass_where_they_pass_for_grid_search(estimator, check):
    from sklearn.linear_model import Ridge

    name = getattr(check, "func", check).__name__
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if name not in _GRID_OUTCOMES:
            grid = GridSearchCV(Ridge(), {"alpha": [0.1, 1.0]}, cv=2)
            _GRID_OUTCOMES[name] = _outcome(check, grid)
        outcome = _outcome(check, estimator)
    # passes, is skipped, or fails exactly where GridSearchCV does (check_supervised_y_2d:
    # neither meta-estimator repeats the warning its estimator would give)
    assert outcome in ("passed", "SkipTest", _GRID_OUTCOMES[name])


def test_a_budget_within_the_initial_points_warns_that_no_model_is_used(iris):
    X, y = iris
    space = {"C": Real(1e-2, 1e2, prior="log-uniform"), "tol": Real(1e-5, 1e-2, prior="log-uniform")}
    # two columns: five quasi-random points, the estimator's own configuration included
    quick = BayesSearchCV(LogisticRegression(max_iter=500), space, n_iter=5, cv=3, random_state=0)
    with pytest.warns(UserWarning, match="n_iter leaves 4 evaluations, all among the optimizer's "
                                         "5 quasi-random initial points"):
        quick.fit(X, y)
    with pytest.warns(UserWarning, match="n_iter leaves 1 evaluation, all among"):
        quick.set_params(n_iter=2).fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        BayesSearchCV(LogisticRegression(max_iter=500), space, n_iter=6, cv=3, random_state=0).fit(X, y)
        BayesSearchCV(LogisticRegression(max_iter=500), space, n_iter=5, cv=3, random_state=0,
                      optimizer_kwargs={"n_initial_points": 3}).fit(X, y)


def test_the_small_budget_warning_names_the_pair_whose_n_iter_is_too_small(iris):
    # scikit-optimize's (dict, n_iter) pairs: each pair's own n_iter sets its budget,
    # so the warning must name it, not the search's n_iter (here large enough)
    X, y = iris
    pairs = [({"C": Real(1e-2, 1e2, prior="log-uniform"), "tol": Real(1e-5, 1e-2, prior="log-uniform")}, 4),
             ({"C": Real(1e-2, 1e2, prior="log-uniform"), "tol": Real(1e-5, 1e-2, prior="log-uniform"),
               "fit_intercept": [True, False]}, 12)]
    search = BayesSearchCV(LogisticRegression(max_iter=500), pairs, n_iter=50, cv=3, random_state=0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        search.fit(X, y)
    messages = [str(w.message) for w in caught if "quasi-random initial points" in str(w.message)]
    # the first pair's 4 evaluations less the default: 3, within 5 initial points;
    # the second pair's 12 leave room for the model
    assert messages == [
        "search_spaces[0]'s n_iter leaves 3 evaluations, all among the optimizer's 5 "
        "quasi-random initial points: the model never proposes one, so this is a "
        "quasi-random search. Raise search_spaces[0]'s n_iter, or use fewer initial "
        "points (optimizer_kwargs={'n_initial_points': ...})."
    ]
    evolutionary = EvolutionarySearchCV(LogisticRegression(max_iter=500), [pairs[1], (pairs[0][0], 3)],
                                        n_iter=50, population_size=5, cv=3, random_state=0)
    with pytest.warns(UserWarning, match=r"search_spaces\[1\]'s n_iter leaves 3 evaluations for a "
                                         r"population of 5: .* Give search_spaces\[1\]'s n_iter room"):
        evolutionary.fit(X, y)


def test_a_space_smaller_than_the_initial_points_does_not_warn_about_the_model(iris):
    X, y = iris
    # two configurations, five initial points: the budget is cut by the space, not the design
    search = BayesSearchCV(LogisticRegression(max_iter=500), {"C": [0.1, 1.0]}, n_iter=5, cv=3,
                           random_state=0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        search.fit(X, y)
    messages = [str(w.message) for w in caught]
    assert not any("quasi-random initial points" in m for m in messages), messages
    assert any("was exhausted after 2 evaluations" in m for m in messages), messages
    assert len(search.cv_results_["params"]) == 2
    # a feature subset and a choice of models counted as the space counts them (5 subsets
    # of 4 columns with 3 or more, 3 + 2 configurations), not by the optimizer's columns
    pipe = Pipeline([("cols", ColumnSubset()), ("clf", LogisticRegression(max_iter=500))])
    for space in ({"cols__columns": Subset([0, 1, 2, 3], min_size=3)},
                  {"clf": {LogisticRegression(max_iter=500): {"clf__C": [0.1, 1.0, 10.0]},
                           SVC(): {"clf__kernel": ["rbf", "linear"]}}}):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            BayesSearchCV(pipe, space, n_iter=4, cv=3, random_state=0,
                          optimizer_kwargs={"n_initial_points": 5}).fit(X, y)
        messages = [str(w.message) for w in caught]
        assert not any("quasi-random initial points" in m for m in messages), messages


LOGISTIC_C = {"C": Real(1e-3, 1e3, prior="log-uniform")}


@pytest.mark.parametrize("cls", [BayesSearchCV, EvolutionarySearchCV])
def test_best_score_and_params_follow_the_search_while_it_runs(iris, cls):
    X, y = iris
    seen = []
    search = cls(LogisticRegression(max_iter=300), LOGISTIC_C, n_iter=12, cv=3, random_state=0,
                 callbacks=lambda res: seen.append((res.n_evaluations, search.best_score_,
                                                     search.best_params_)))
    search.fit(X, y)
    scores, params = search.cv_results_["mean_test_score"], search.cv_results_["params"]
    assert len(seen) >= 2
    for n_done, best_score, best_params in seen:
        best = int(np.argmax(scores[:n_done]))
        assert best_score == scores[best] and best_params == params[best]
    assert seen[-1][1:] == (search.best_score_, search.best_params_)


def test_best_so_far_in_a_halving_search_is_on_the_largest_resource(iris):
    X, y = iris
    seen = []
    search = SuccessiveHalvingSearchCV(
        LogisticRegression(max_iter=300), LOGISTIC_C, n_candidates=9, factor=3,
        min_resources=30, cv=3, random_state=0,
        callbacks=lambda res: seen.append((res.n_evaluations, search.best_score_)))
    search.fit(X, y)
    results = search.cv_results_
    for n_done, best_score in seen:
        resources = results["n_resources"][:n_done]
        on_top = results["mean_test_score"][:n_done][resources == resources.max()]
        assert best_score == on_top.max()
    assert len({n for n, _ in seen}) >= 2 and seen[-1][1] == search.best_score_


@pytest.mark.parametrize("settings", [dict(scoring=["accuracy", "f1_macro"], refit=False),
                                      dict(refit=lambda results: 0)])
def test_no_best_score_where_gridsearchcv_has_none(iris, settings):
    X, y = iris
    grid = GridSearchCV(LogisticRegression(max_iter=300), {"C": [0.1, 1.0]}, cv=3, **settings).fit(X, y)
    search = BayesSearchCV(LogisticRegression(max_iter=300), LOGISTIC_C, n_iter=4, cv=3,
                           random_state=0, **settings).fit(X, y)
    assert not hasattr(grid, "best_score_") and not hasattr(search, "best_score_")
    assert hasattr(search, "best_params_") == hasattr(grid, "best_params_")


def test_a_failed_fit_leaves_the_previous_best_in_place(iris):
    X, y = iris

    def fail_after_two(result):
        if result.n_evaluations >= 3:
            raise RuntimeError("stop here")

    search = BayesSearchCV(LogisticRegression(max_iter=300), LOGISTIC_C, n_iter=4, cv=3, random_state=0)
    search.fit(X[:100], y[:100])
    before = (search.best_score_, search.best_params_)
    search.set_params(callbacks=fail_after_two, random_state=1)
    with pytest.raises(RuntimeError, match="stop here"):
        search.fit(X, y)
    assert (search.best_score_, search.best_params_) == before
    fresh = clone(search)
    with pytest.raises(RuntimeError, match="stop here"):
        fresh.fit(X, y)
    assert not hasattr(fresh, "best_score_") and not hasattr(fresh, "best_params_")


@pytest.mark.parametrize("make", [
    lambda: BayesSearchCV(SVC(), {"C": Real(1e-2, 1e2, prior="log-uniform")}, n_iter=5, n_points=2,
                          cv=3, random_state=0),
    lambda: EvolutionarySearchCV(SVC(), {"C": Real(1e-2, 1e2, prior="log-uniform")}, n_iter=8, cv=3,
                                 random_state=0),
    lambda: SuccessiveHalvingSearchCV(SVC(), {"C": Real(1e-2, 1e2, prior="log-uniform")}, n_candidates=9,
                                      min_resources=15, cv=3, random_state=0),
    lambda: HyperbandSearchCV(SVC(), {"C": Real(1e-2, 1e2, prior="log-uniform")}, min_resources=15, cv=3,
                              random_state=0),
], ids=["bayes", "evolutionary", "halving", "hyperband"])
def test_scikit_learn_callbacks_see_every_batch_and_fit(iris, make, task_recorder):
    X, y = iris
    recorder = task_recorder()
    search = make().set_callbacks(recorder)
    search.fit(X, y)
    events = [event[:4] if event[0] == "begin" else event[:3] for event in recorder.events]
    # the search is one task of the fit (as GridSearchCV's), the refit the next
    top = [e for e in events if e[1] not in ("batch", "candidate-split-evaluation")]
    assert top == [("begin", "fit", 0, 2), ("begin", "search", 0, None), ("end", "search", 0),
                   ("begin", "refit-with-best-params", 1, 0), ("end", "refit-with-best-params", 1),
                   ("end", "fit", 0)]
    batches = [e for e in events if e[0] == "begin" and e[1] == "batch"]
    fits = [e for e in events if e[0] == "begin" and e[1] == "candidate-split-evaluation"]
    n_evaluations = len(search.cv_results_["params"])
    assert len(batches) >= 2
    assert sum(e[3] for e in batches) == len(fits) == 3 * n_evaluations
    assert [e[2] for e in batches] == list(range(len(batches)))
    for kind in ("batch", "candidate-split-evaluation"):
        assert sum(e[1] == kind and e[0] == "begin" for e in events) == sum(
            e[1] == kind and e[0] == "end" for e in events)
