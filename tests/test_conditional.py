import numpy as np
import pytest
from sklearn.base import clone
from sklearn.datasets import make_classification
from sklearn.decomposition import PCA
from sklearn.ensemble import RandomForestClassifier
from sklearn.feature_selection import SelectKBest
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

from sktune import BayesSearchCV, EvolutionarySearchCV, SuccessiveHalvingSearchCV
from sktune.optimizers import BayesOptimizer
from sktune.optimizers._base import active_columns, snap_points
from sktune.space import Conditional, Integer, Real, Space


def model_choice():
    return {
        "clf": {
            SVC(): {"clf__C": Real(1e-2, 1e2, prior="log-uniform"), "clf__gamma": Real(1e-3, 1.0, prior="log-uniform")},
            RandomForestClassifier(n_estimators=10, random_state=0): {"clf__max_depth": Integer(1, 8)},
            LogisticRegression(max_iter=500): {"clf__C": Real(1e-2, 1e2, prior="log-uniform")},
        },
        "reduce": {
            PCA(): {"reduce__n_components": Integer(2, 6)},
            SelectKBest(): {"reduce__k": Integer(2, 6)},
            "passthrough": None,
        },
    }


def test_nested_choice_switches_its_parameters_on_and_off():
    space = Space(model_choice())
    configs = space.sample(200, random_state=0)
    for config in configs:
        clf = type(config["clf"]).__name__
        expected = {"SVC": {"clf__C", "clf__gamma"}, "RandomForestClassifier": {"clf__max_depth"},
                    "LogisticRegression": {"clf__C"}}[clf]
        reduce = config["reduce"]
        expected |= {"PCA": {"reduce__n_components"}, "SelectKBest": {"reduce__k"}}.get(
            type(reduce).__name__, set()
        )
        assert set(config) == {"clf", "reduce"} | expected
    # round trip, and inactive columns take one canonical value
    X = space.encode(configs)
    assert space.decode(X) == configs
    assert np.array_equal(space.snap(X), X)
    inactive = ~active_columns(space.unit_dimensions(), X)
    assert inactive.any() and np.all(X[inactive] == 0.5)


def test_varying_an_inactive_column_changes_nothing():
    space = Space({"kernel": ["rbf", "poly"], "degree": Conditional((2, 5), on="kernel", values="poly")})
    a = space.snap([[0.1, 0.2]])
    b = space.snap([[0.1, 0.9]])
    assert np.array_equal(a, b) and space.decode(a) == [{"kernel": "rbf"}]
    c, d = space.snap([[0.9, 0.2]]), space.snap([[0.9, 0.9]])
    assert space.decode(c) == [{"kernel": "poly", "degree": 2}]
    assert space.decode(d) == [{"kernel": "poly", "degree": 5}]


def test_finite_conditional_space_is_exhausted_without_duplicates():
    space = Space({"kernel": ["rbf", "poly"], "degree": Conditional((2, 4), on="kernel", values=["poly"])})
    opt = BayesOptimizer(space.unit_dimensions(), n_initial_points=2, random_state=0, snap=space.snap)
    seen = []
    while not opt.stop():
        X = opt.ask(1)
        if len(X):
            seen.extend(map(str, space.decode(X)))
            opt.tell(X, np.random.default_rng(len(seen)).random(len(X)))
    assert len(seen) == len(set(seen)) == 4  # rbf, and poly with degree 2, 3 or 4


def test_list_of_dicts_is_one_space_choosing_between_them():
    space = Space([{"kernel": ["rbf"], "gamma": (0.1, 1.0)}, {"kernel": ["poly"], "degree": (2, 5)}])
    assert space.names == ["kernel", "gamma", "degree"]
    configs = space.sample(100, random_state=0)
    assert {frozenset(c) for c in configs} == {frozenset({"kernel", "gamma"}), frozenset({"kernel", "degree"})}
    assert space.decode(space.encode(configs)) == configs
    assert not space.contains({"kernel": "rbf", "degree": 3})


def test_same_name_with_different_ranges_in_exclusive_branches():
    space = Space({"clf": {"a": {"C": (0.1, 1.0)}, "b": {"C": (10.0, 20.0)}}})
    for config in space.sample(50, random_state=0):
        assert (0.1 <= config["C"] <= 1.0) if config["clf"] == "a" else (10.0 <= config["C"] <= 20.0)
    with pytest.raises(ValueError, match="'C' appears twice"):
        Space({"C": (0.1, 1.0), "clf": {"a": {"C": (10.0, 20.0)}}})


@pytest.mark.parametrize(
    "spec, message",
    [
        ({"degree": Conditional((2, 5), on="kernel", values=["poly"])}, "depends on 'kernel'.*It has none"),
        ({"kernel": ["rbf", "poly"], "x": (0.0, 1.0), "degree": Conditional((2, 5), on="kernl", values=["poly"])},
         r"depends on 'kernl'.*Its categorical parameters are \['kernel'\]"),
        ({"kernel": ["rbf"], "degree": Conditional((2, 5), on="kernel", values=["poly"])},
         "'poly', which is not one of its choices"),
        ({"x": (0.0, 1.0), "degree": Conditional((2, 5), on="x", values=[0.5])}, "must be a categorical"),
        ({"clf": {"a": [1, 2]}}, "maps to a dict"),
        ({"clf": {}}, "needs at least one option"),
    ],
)
def test_bad_conditions_raise_clear_errors(spec, message):
    with pytest.raises((ValueError, TypeError), match=message):
        Space(spec)


@pytest.fixture(scope="module")
def data():
    return make_classification(n_samples=150, n_features=8, n_informative=4, random_state=0)


def pipeline():
    return Pipeline([("scale", StandardScaler()), ("reduce", "passthrough"), ("clf", LogisticRegression())])


def test_search_over_a_conditional_pipeline(data):
    X, y = data
    search = BayesSearchCV(pipeline(), model_choice(), n_iter=14, cv=3, random_state=0)
    search.fit(X, y)
    results = search.cv_results_
    # no parameter was ever sent to a step that lacks it: every fit succeeded
    assert np.isfinite(results["mean_test_score"]).all()
    is_svc = np.array([isinstance(p["clf"], SVC) for p in results["params"]])
    assert is_svc.any() and (~is_svc).any()
    # gamma is masked exactly where the classifier is not an SVC
    assert np.array_equal(results["param_clf__gamma"].mask, ~is_svc)
    # no configuration was evaluated twice
    keys = [repr(sorted((k, repr(v)) for k, v in p.items())) for p in results["params"]]
    assert len(set(keys)) == len(keys)
    assert search.best_score_ >= search.default_score_


def test_clone_and_cross_val_score_around_a_conditional_search(data):
    X, y = data
    search = BayesSearchCV(pipeline(), model_choice(), n_iter=5, cv=2, random_state=0)
    twin = clone(search)
    assert repr(twin.get_params()["search_spaces"]) == repr(search.search_spaces)
    assert Space(twin.search_spaces).names == Space(search.search_spaces).names
    scores = cross_val_score(search, X, y, cv=2)
    assert scores.shape == (2,) and np.all(scores > 0.5)


def test_list_of_dicts_search_shares_one_budget_and_model(data):
    X, y = data
    spaces = [
        {"clf": [SVC()], "clf__C": Real(1e-2, 1e2, prior="log-uniform")},
        {"clf": [LogisticRegression(max_iter=500)], "clf__C": Real(1e-2, 1e2, prior="log-uniform")},
    ]
    search = BayesSearchCV(pipeline(), spaces, n_iter=4, cv=3, random_state=0)
    assert search.total_iterations == 8
    search.fit(X, y)
    assert len(search.cv_results_["params"]) == 8
    assert len(search.optimizer_results_) == 1
    kinds = {type(p["clf"]).__name__ for p in search.cv_results_["params"]}
    assert kinds == {"SVC", "LogisticRegression"}


def test_snap_of_unit_dimensions_matches_space_snap():
    space = Space(model_choice())
    X = np.random.default_rng(1).random((50, space.n_columns))
    assert np.array_equal(snap_points(space.unit_dimensions(), X), space.snap(X))


def test_default_configuration_leaves_out_the_parameters_its_choices_switch_off():
    X, y = make_classification(120, 5, random_state=0)
    space = {"kernel": ["rbf", "poly"], "degree": Conditional(Integer(2, 4), on="kernel", values=["poly"]),
             "C": Real(0.1, 10, prior="log-uniform")}
    search = BayesSearchCV(SVC(), space, n_iter=4, cv=3, random_state=0).fit(X, y)
    # SVC's own degree=3 has no effect with its rbf kernel: shown masked, as elsewhere
    assert search.default_params_ == {"kernel": "rbf", "C": 1.0}
    assert search.cv_results_["params"][0] == {"kernel": "rbf", "C": 1.0}
    assert np.ma.getmaskarray(search.cv_results_["param_degree"])[0]
    # and, being a point of the space now, the default is told to the optimizer
    assert len(search.optimizer_results_[0].x_iters) == 4
    assert Space(space).switched_off({"kernel": "rbf", "degree": 3, "C": 1.0}) == {"degree"}
    assert Space(space).switched_off({"kernel": "poly", "degree": 3}) == set()
    assert Space(space).switched_off({"kernel": "sigmoid", "degree": 3}) == set()  # unknown choice


def test_default_configuration_of_a_list_of_dicts_is_read_as_the_dict_it_fits():
    X, y = make_classification(120, 5, random_state=0)
    space = [{"kernel": ["rbf"], "gamma": Real(1e-3, 1.0, prior="log-uniform")},
             {"kernel": ["poly"], "degree": Integer(2, 4)}]
    search = BayesSearchCV(SVC(gamma=0.1), space, n_iter=4, cv=3, random_state=0).fit(X, y)
    # SVC(gamma=0.1) has degree=3 too, which its rbf kernel ignores: masked, as in
    # every other row of the first dict, and the default is a point of the space
    assert search.default_params_ == {"kernel": "rbf", "gamma": 0.1}
    assert np.ma.getmaskarray(search.cv_results_["param_degree"])[0]
    assert len(search.optimizer_results_[0].x_iters) == 8  # 4 per dict, the default included
    assert Space(space).switched_off({"kernel": "rbf", "gamma": 0.1, "degree": 3}) == {"degree"}
    assert Space(space).switched_off({"kernel": "poly", "gamma": 0.1, "degree": 3}) == {"gamma"}
    # a choice that is itself switched off switches off what hangs under it
    nested = Space({"clf": {SVC(): {"clf__kernel": {"poly": {"clf__degree": Integer(2, 4)}, "rbf": None}},
                            LogisticRegression(): {"clf__C": Real(0.1, 1.0)}}})
    config = {"clf": LogisticRegression(), "clf__kernel": "poly", "clf__degree": 3, "clf__C": 0.5}
    assert nested.switched_off(config) == {"clf__kernel", "clf__degree"}
    # a configuration that fits neither dict switches nothing off
    assert Space(space).switched_off({"kernel": "linear", "gamma": 0.1, "degree": 3}) == set()
    assert Space(space).switched_off({"kernel": "rbf", "gamma": 5.0, "degree": 3}) == set()


@pytest.mark.parametrize("make", [
    lambda space: BayesSearchCV(SVC(), space, n_iter=6, cv=3, random_state=0),
    lambda space: EvolutionarySearchCV(SVC(), space, n_iter=6, population_size=3, cv=3, random_state=0),
    lambda space: SuccessiveHalvingSearchCV(SVC(), space, n_candidates=6, min_resources=60, cv=3,
                                            random_state=0),
], ids=["bayes", "evolutionary", "halving"])
def test_a_space_built_beforehand_is_searched_like_its_dict(make):
    X, y = make_classification(150, 5, random_state=0)
    spec = {"kernel": ["rbf", "poly"], "degree": Conditional(Integer(2, 4), on="kernel", values=["poly"]),
            "C": Real(0.1, 10, prior="log-uniform")}
    from_space = make(Space(spec)).fit(X, y)
    from_dict = make(spec).fit(X, y)
    assert repr(from_space.cv_results_["params"]) == repr(from_dict.cv_results_["params"])
    if hasattr(from_dict, "n_iter"):
        assert from_space.total_iterations == from_dict.total_iterations == 6
