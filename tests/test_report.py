"""Parameter importance, the text report, nested cross-validation, and the plots."""

import copy

import numpy as np
import pytest
from scipy.stats import uniform
from sklearn.base import BaseEstimator, RegressorMixin, clone
from sklearn.exceptions import NotFittedError
from sklearn.model_selection import GridSearchCV, RandomizedSearchCV, cross_val_score

from sktune import BayesSearchCV, Categorical, Conditional, HyperbandSearchCV, Integer, Real
from sktune.importance import parameter_importance, search_data
from sktune.report import boundary_parameters, nested_cross_val_score, search_report


class Landscape(RegressorMixin, BaseEstimator):
    """Score: a bowl in ``a`` (best at 0.3), a small slope in ``b``, a bonus for c='y'."""

    def __init__(self, a=0.5, b=0.5, c="x", depth=3, budget=1):
        self.a = a
        self.b = b
        self.c = c
        self.depth = depth
        self.budget = budget

    def fit(self, X, y):
        return self

    def predict(self, X):
        return np.zeros(len(X))

    def score(self, X, y, sample_weight=None):
        return -10 * (self.a - 0.3) ** 2 + 0.01 * self.b + (0.5 if self.c == "y" else 0.0) + 0.01 * self.depth

    def _train_gap(self):
        return 0.2 if self.depth > 8 else 0.0


class GappedLandscape(Landscape):
    """Scores higher on its training folds when depth > 8 (it 'overfits')."""

    def fit(self, X, y):
        self.train_rows_ = len(X)
        return self

    def score(self, X, y, sample_weight=None):
        bonus = self._train_gap() if len(X) == self.train_rows_ else 0.0
        return super().score(X, y) + bonus


class FailingFit(BaseEstimator):
    """Fails the test if anything fits it."""

    def fit(self, X, y):
        raise AssertionError("fitted")


SPACE = {"a": Real(0, 1), "b": Real(0, 1), "c": Categorical(["x", "y"]), "depth": Integer(1, 10)}


@pytest.fixture(scope="module")
def data():
    return np.zeros((21, 1)), np.zeros(21)  # 2 folds of 11 and 10 rows: train and test differ


@pytest.fixture(scope="module")
def search(data):
    X, y = data
    return BayesSearchCV(GappedLandscape(), SPACE, n_iter=30, cv=2, random_state=0,
                         return_train_score=True).fit(X, y)


def test_importance_ranks_the_parameter_that_drives_the_score(search):
    shares = parameter_importance(search)
    assert list(shares)[0] == "a"
    assert shares["a"] > 0.6 and shares["b"] < 0.1
    assert sum(shares.values()) == pytest.approx(1.0)
    assert set(shares) == {"a", "b", "c", "depth"}


def test_search_data_of_a_halving_search_keeps_the_largest_resource(data):
    X, y = data
    hb = HyperbandSearchCV(Landscape(), {"a": Real(0, 1)}, resource="budget", max_resources=27,
                           min_resources=1, cv=2, random_state=0).fit(X, y)
    top = np.asarray(hb.cv_results_["n_resources"]) == 27
    d = search_data(hb)
    assert d.rows.tolist() == np.flatnonzero(top).tolist()
    assert np.allclose(d.scores, hb.cv_results_["mean_test_score"][top])


class CheapLooksBetter(Landscape):
    """Scores higher on a smaller budget, as a model can on a small subsample."""

    def score(self, X, y, sample_weight=None):
        return super().score(X, y) + 1.0 / self.budget


def test_report_of_a_halving_search_lists_the_largest_resource_first(data):
    X, y = data
    hb = HyperbandSearchCV(CheapLooksBetter(), {"a": Real(0, 1)}, resource="budget", max_resources=9,
                           min_resources=1, cv=2, random_state=0).fit(X, y)
    listed = [line for line in search_report(hb, n_top=4).splitlines() if "n_resources=" in line]
    assert len(listed) == 4
    resources = [int(line.split("n_resources=")[1].split()[0]) for line in listed]
    n_top_rung = int(np.sum(np.asarray(hb.cv_results_["n_resources"]) == 9))
    assert resources[: min(4, n_top_rung)] == [9] * min(4, n_top_rung)
    assert resources == sorted(resources, reverse=True)
    best = hb.cv_results_["mean_test_score"][hb.best_index_]
    assert listed[0].split()[0] == f"{best:.6g}"


def test_report_of_a_halving_search_compares_the_default_only_on_the_same_resource(data):
    X, y = data
    make = lambda a: HyperbandSearchCV(CheapLooksBetter(a=a), {"a": Real(0, 1)}, resource="budget",  # noqa: E731
                                       max_resources=9, min_resources=1, cv=2, random_state=0)
    dropped = make(0.95).fit(X, y)  # far from the bowl's bottom: eliminated on the first rung
    line = next(x for x in search_report(dropped).splitlines() if x.startswith("default"))
    assert line == (f"default configuration: {dropped.default_score_:.6g} on resource 1 "
                    "(the best on 9), not comparable")
    kept = make(0.3).fit(X, y)  # the bowl's bottom: it reaches the full budget
    line = next(x for x in search_report(kept).splitlines() if x.startswith("default"))
    assert "tuning gained" in line and "not comparable" not in line


def test_best_so_far_of_a_halving_search_counts_only_the_largest_resource(data):
    from sktune.plot import best_so_far

    X, y = data
    hb = HyperbandSearchCV(CheapLooksBetter(), {"a": Real(0, 1)}, resource="budget", max_resources=9,
                           min_resources=1, cv=2, random_state=0).fit(X, y)
    res = hb.cv_results_
    top = np.asarray(res["n_resources"]) == 9
    curve = best_so_far(hb)
    first = np.flatnonzero(top)[0]
    assert np.isnan(curve[:first]).all()  # the small rungs' higher scores are not counted
    expected = np.maximum.accumulate(np.where(top, res["mean_test_score"], -np.inf))[first:]
    np.testing.assert_allclose(curve[first:], expected)
    assert curve[-1] == hb.best_score_ < res["mean_test_score"].max()


@pytest.mark.parametrize("budgets", [False, True], ids=["list_of_dicts", "dict_n_iter_pairs"])
def test_importance_of_a_search_over_several_dicts_reads_them_as_one_space(data, budgets):
    X, y = data
    branches = [{"c": ["x"], "a": Real(0, 1)}, {"c": ["y"], "b": Real(0, 1)}]
    spaces = [(branch, 8) for branch in branches] if budgets else branches
    search = BayesSearchCV(Landscape(), spaces, n_iter=8, cv=2, random_state=0).fit(X, y)
    d = search_data(search)
    # every row, the estimator's own configuration (read as the first dict) included
    assert d.rows.tolist() == list(range(16))
    shares = parameter_importance(search)
    # each dict fixes c to a value of its own: choosing a dict is choosing c, which
    # (c='y' brings a bonus of 0.5) matters
    assert set(shares) == {"a", "b", "c"} and shares["c"] > 0.01
    assert sum(shares.values()) == pytest.approx(1.0)
    # dicts that share c's value (or fix nothing) are a choice of their own
    shared = [{"c": ["x"], "a": Real(0, 1)}, {"c": ["x"], "b": Real(0, 1)}]
    search.set_params(search_spaces=[(branch, 8) for branch in shared] if budgets else shared)
    assert set(parameter_importance(search.fit(X, y))) == {"a", "b", "c", "<branch>"}


def test_scikit_learn_searches_are_analysed_like_sktune_ones(data):
    X, y = data
    grid = GridSearchCV(Landscape(), {"a": [0.0, 0.3, 0.6, 0.9], "c": ["x", "y"]}, cv=2).fit(X, y)
    shares = parameter_importance(grid)
    assert set(shares) == {"a", "c"} and shares["a"] > shares["c"] > 0.01
    assert search_data(grid).rows.tolist() == list(range(8))
    assert "GridSearchCV: 8 evaluations" in search_report(grid)
    randomized = RandomizedSearchCV(Landscape(), {"a": uniform(0, 1), "b": [0.0, 1.0]},
                                    n_iter=12, cv=2, random_state=0).fit(X, y)
    assert list(parameter_importance(randomized))[0] == "a"
    with pytest.raises(NotFittedError):
        search_report(BayesSearchCV(Landscape(), SPACE))
    spaceless = copy.copy(grid)
    del spaceless.param_grid
    with pytest.raises(TypeError, match="an sktune search, or scikit-learn's GridSearchCV"):
        search_data(spaceless)


def test_report_states_gain_overfitting_bounds_and_optimism(search):
    text = search_report(search)
    assert f"{len(search.cv_results_['params'])} evaluations" in text
    assert f"best score: {search.best_score_:.6g}" in text
    assert "tuning gained" in text and "default configuration" in text
    top = text.split("top 5 configurations")[1].split("\n\n")[0].strip().splitlines()[1:]
    assert len(top) == 5
    for line in top:
        depth = int(line.split("'depth': ")[1].split("}")[0].split(",")[0])
        assert ("OVERFITTING" in line) == (depth > 8)
    assert "nested_cross_val_score" in text and "optimistic" in text


def test_report_without_train_scores_says_how_to_get_them(data):
    X, y = data
    plain = BayesSearchCV(Landscape(), SPACE, n_iter=6, cv=2, random_state=0).fit(X, y)
    assert "return_train_score=True" in search_report(plain)


def test_boundary_parameters_suggest_widening(data):
    X, y = data
    # The bonus grows with depth, so the best depth is the upper bound 10.
    s = BayesSearchCV(Landscape(), {"depth": Integer(1, 10), "a": Real(0.5, 1.0)}, n_iter=15, cv=2,
                      random_state=0).fit(X, y)
    found = {name: side for name, _, side, _ in boundary_parameters(s)}
    assert found == {"depth": "upper", "a": "lower"}
    assert "a = 0.5 is at the lower bound of [0.5, 1.0]" in search_report(s)


def test_boundary_parameters_read_a_grid_of_numbers_and_gridsearchcv(data):
    from sklearn.model_selection import GridSearchCV

    X, y = data
    # listed largest first: the bound is still the value, not the position
    grid = {"depth": [10, 6, 3, 1], "a": [0.5, 0.75, 1.0], "c": ["x", "y", "z"]}
    for search in (
        BayesSearchCV(Landscape(), grid, n_iter=12, cv=2, random_state=0),
        GridSearchCV(Landscape(), grid, cv=2),
    ):
        search.fit(X, y)
        found = {name: (value, side, bounds) for name, value, side, bounds in boundary_parameters(search)}
        assert found == {"depth": (10, "upper", (1, 10)), "a": (0.5, "lower", (0.5, 1.0))}
    unordered = GridSearchCV(Landscape(), {"depth": [10, 1, 6], "a": [0.5, 1.0]}, cv=2).fit(X, y)
    assert boundary_parameters(unordered) == []


class Plateau(RegressorMixin, BaseEstimator):
    """Scores ``min(C, 1)``: every C from 1 up ties for best."""

    def __init__(self, C=1.0):
        self.C = C

    def fit(self, X, y):
        return self

    def predict(self, X):
        return np.zeros(len(X))

    def score(self, X, y, sample_weight=None):
        return min(self.C, 1.0)


def test_boundary_parameters_count_a_tie_with_the_best(data):
    X, y = data
    # scikit-learn's best is C=1, the first of the tied; C=10 scores as well, on the bound
    search = GridSearchCV(Plateau(), {"C": [0.1, 1.0, 10.0]}, cv=2).fit(X, y)
    assert search.best_params_ == {"C": 1.0}
    assert boundary_parameters(search) == [("C", 10.0, "upper", (0.1, 10.0))]
    assert "C = 10.0 is at the upper bound of [0.1, 10.0]" in search_report(search)
    below = GridSearchCV(Plateau(), {"C": [0.1, 1.0, 10.0, 100.0]}, cv=2).fit(X, y)
    assert boundary_parameters(below) == [("C", 100.0, "upper", (0.1, 100.0))]


def test_report_says_when_a_bound_cannot_widen():
    from sklearn.linear_model import LogisticRegression, RidgeClassifier

    # noise labels, 30 % positive: the strongest regularisation scores best
    rng = np.random.RandomState(0)
    X, y = rng.randn(120, 5), (rng.rand(120) < 0.3).astype(int)

    def bound_lines(estimator, space, initial_points=None):
        search = BayesSearchCV(estimator, space, n_iter=6, cv=3, random_state=0,
                               initial_points=initial_points).fit(X, y)
        return [line for line in search_report(search).splitlines() if "bound of [" in line]

    # C takes no value at or below 0: a log scale, not a wider range, reaches small C
    (line,) = bound_lines(LogisticRegression(), {"C": Real(0, 10)}, [{"C": 1e-3}])
    assert line.startswith("  C = 0.001 is at the lower bound of [0, 10], past which C takes no "
                           "value: the range cannot widen there; a log-uniform prior")
    assert "Real(1e-05, 10, prior='log-uniform')" in line
    # alpha takes 0 but nothing below: no wider range, and no log scale (it would lose 0)
    (line,) = bound_lines(RidgeClassifier(), {"alpha": Real(0, 10)})
    assert line.startswith("  alpha = ") and line.endswith(
        " is at the lower bound of [0, 10], past which alpha takes no value: the range "
        "cannot widen there")
    # a bound that can widen is only reported
    (line,) = bound_lines(LogisticRegression(), {"C": Real(1e-3, 10, prior="log-uniform")})
    assert line.startswith("  C = ") and line.endswith(" is at the lower bound of [0.001, 10]")


def test_nested_cross_val_score_refits_the_search_per_outer_fold(data):
    from sklearn.datasets import load_iris
    from sklearn.linear_model import LogisticRegression

    X, y = load_iris(return_X_y=True)
    search = BayesSearchCV(LogisticRegression(max_iter=500), {"C": Real(1e-3, 1e2, prior="log-uniform")},
                           n_iter=4, cv=3, random_state=0)
    scores = nested_cross_val_score(search, X, y, cv=3)
    assert scores.shape == (3,) and (scores > 0.8).all()
    assert not hasattr(search, "cv_results_")
    # without refit there is no tuned model to score: an error before any fit, not NaNs
    search.set_params(refit=False, estimator=FailingFit())
    with pytest.raises(ValueError, match="must refit it.*Got refit=False"):
        nested_cross_val_score(search, X, y, cv=3)


@pytest.mark.parametrize("routing", [False, True])
def test_nested_cross_val_score_splits_both_levels_by_groups(routing):
    import sklearn
    from sklearn.datasets import make_classification
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    X, y = make_classification(120, 4, random_state=0)
    groups = np.repeat(np.arange(6), 20)
    search = BayesSearchCV(LogisticRegression(), {"C": Real(1e-2, 1e2, prior="log-uniform")},
                           n_iter=4, cv=GroupKFold(2), random_state=0)
    # scikit-learn's own nested pattern, written out: groups for the outer split and the inner fit
    expected = cross_val_score(clone(search), X, y, cv=GroupKFold(3), groups=groups,
                               params={"groups": groups})
    with sklearn.config_context(enable_metadata_routing=routing):
        scores = nested_cross_val_score(search, X, y, groups=groups, cv=GroupKFold(3))
    assert np.array_equal(scores, expected)


def test_nested_cross_val_score_of_a_checkpointed_search_runs_its_folds_without_it(tmp_path):
    from sklearn.datasets import load_iris
    from sklearn.linear_model import LogisticRegression

    X, y = load_iris(return_X_y=True)
    path = tmp_path / "search.json"
    search = BayesSearchCV(LogisticRegression(max_iter=500), {"C": Real(1e-3, 1e2, prior="log-uniform")},
                           n_iter=4, cv=3, random_state=0, checkpoint=str(path)).fit(X, y)
    saved = path.read_text()
    # each outer fold's search would find the file of the search on all of X and fail
    with pytest.warns(UserWarning, match="cannot resume: they run without a checkpoint"):
        scores = nested_cross_val_score(search, X, y, cv=3)
    assert scores.shape == (3,) and (scores > 0.8).all()
    assert path.read_text() == saved and search.checkpoint == str(path)
    # scikit-learn's cross_val_score fails on every fold, and its message says why
    from sklearn.model_selection import cross_val_score
    with pytest.raises(ValueError, match="cross-validated as a whole .* checkpoint=None there"):
        cross_val_score(search, X, y, cv=3, error_score="raise")


# -- plots --------------------------------------------------------------------------------


@pytest.fixture
def plt():
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    yield plt
    plt.close("all")


def _png(fig, path):
    fig.savefig(path)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 5000


def test_convergence_plot_has_one_monotone_line_per_search(search, data, plt, tmp_path):
    from sktune.plot import plot_convergence

    X, y = data
    other = BayesSearchCV(Landscape(), SPACE, n_iter=10, cv=2, random_state=1).fit(X, y)
    ax = plot_convergence(search, other, labels=["long", "short"])
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == ["long", "short"]
    assert len(lines[0].get_xdata()) == 30 and len(lines[1].get_xdata()) == 10
    best = np.asarray(lines[0].get_ydata(), dtype=float)
    assert (np.diff(best) >= 0).all() and best[-1] == pytest.approx(search.best_score_)
    assert ax.get_xlabel() == "evaluations" and ax.get_ylabel() == "best score so far"
    _png(ax.figure, tmp_path / "convergence.png")
    with pytest.raises(ValueError, match="labels must have one entry per search"):
        plot_convergence(search, labels=["a", "b"])
    # scikit-optimize's call: a subspace's result, whose func_vals are minus the scores
    result = search.optimizer_results_[0]
    line = plot_convergence(result, ax=plt.subplots()[1]).get_lines()[0]
    assert np.array_equal(line.get_ydata(), best) and line.get_label() == "OptimizeResult"


def test_importance_plot_shows_bars_in_order(search, plt, tmp_path):
    from sktune.plot import plot_importance

    ax = plot_importance(search)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[-1] == "a" and sorted(labels) == ["a", "b", "c", "depth"]
    widths = [p.get_width() for p in ax.patches]
    assert len(widths) == 4 and widths[-1] == max(widths)
    assert "importance" in ax.get_xlabel()
    _png(ax.figure, tmp_path / "importance.png")


def test_partial_dependence_finds_the_bowl(search, plt, tmp_path):
    from sktune.plot import plot_partial_dependence

    axes = plot_partial_dependence(search, params=["a", "c"])
    assert [ax.get_xlabel() for ax in axes] == ["a", "c"]
    curve = axes[0].get_lines()[0]
    xs, ys = np.asarray(curve.get_xdata()), np.asarray(curve.get_ydata())
    assert 0.1 < xs[np.argmax(ys)] < 0.5  # the bowl's bottom is at a = 0.3
    assert [t.get_text() for t in axes[1].get_xticklabels()] == ["'x'", "'y'"]
    ys_c = axes[1].get_lines()[0].get_ydata()
    assert ys_c[1] > ys_c[0]  # c='y' scores higher
    assert len(axes[0].collections) == 1  # the evaluations
    _png(axes[0].figure, tmp_path / "pd.png")
    with pytest.raises(ValueError, match="not dimensions of the search space"):
        plot_partial_dependence(search, params=["nope"])


def test_parallel_coordinates_draws_every_evaluation_and_the_best(search, plt, tmp_path):
    from sktune.plot import plot_parallel_coordinates

    ax = plot_parallel_coordinates(search)
    n = int(np.isfinite(search_data(search).scores).sum())
    lines = ax.get_lines()
    assert len(lines) == n + 1 and lines[-1].get_label() == "best"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "b", "c", "depth"]
    assert f"({n} evaluations)" in ax.get_title()
    _png(ax.figure, tmp_path / "parallel.png")


def test_parallel_coordinates_label_their_axes_and_break_where_a_parameter_is_off(search, data, plt):
    from sktune.plot import plot_parallel_coordinates

    def labels(ax, k):
        return {t.get_text().strip(): t.get_position()[1] for t in ax.texts if t.get_position()[0] == k}

    ax = plot_parallel_coordinates(search)
    assert labels(ax, 0) == {"0": 0.0, "1": 1.0} and labels(ax, 3) == {"1": 0.0, "10": 1.0}
    c = SPACE["c"]
    assert labels(ax, 2) == {"'x'": c.encode(["x"])[0], "'y'": c.encode(["y"])[0]}
    # depth only counts when c is 'y': rows with c='x' have no point on its axis
    X, y = data
    space = {"c": ["x", "y"], "depth": Conditional(Integer(1, 10), on="c", values=["y"]), "a": Real(0, 1)}
    conditional = BayesSearchCV(Landscape(), space, n_iter=12, cv=2, random_state=0).fit(X, y)
    ax = plot_parallel_coordinates(conditional, ax=plt.subplots()[1])
    names = [t.get_text() for t in ax.get_xticklabels()]
    depth = [np.asarray(line.get_ydata(), dtype=float)[names.index("depth")] for line in ax.get_lines()[:-1]]
    off = [p["c"] == "x" for p in conditional.cv_results_["params"]]
    assert 0 < sum(off) < 12 and list(np.isnan(depth)) == off
    with pytest.raises(ValueError, match=r"params \['nope'\] have no axis.*\['c', 'a', 'depth'\]"):
        plot_parallel_coordinates(conditional, params=["nope", "a"])


def test_parallel_coordinates_of_feature_subsets_alone_say_why_there_is_no_axis(plt):
    from sklearn.linear_model import LinearRegression
    from sklearn.pipeline import Pipeline

    from sktune import ColumnSubset, Subset
    from sktune.plot import plot_parallel_coordinates

    X = np.random.default_rng(0).normal(size=(30, 3))
    pipe = Pipeline([("f", ColumnSubset()), ("m", LinearRegression())])
    search = BayesSearchCV(pipe, {"f__columns": Subset(range(3), min_size=1)}, n_iter=6, cv=2,
                           random_state=0).fit(X, X[:, 0])
    with pytest.raises(ValueError, match="no parameter to draw an axis for: a feature subset"):
        plot_parallel_coordinates(search)


def test_partial_dependence_of_a_conditional_parameter_shows_the_configurations_that_switch_it_on(data, plt):
    from sktune.plot import plot_partial_dependence

    X, y = data
    space = {"c": ["x", "y"], "depth": Conditional(Integer(1, 10), on="c", values=["y"]), "a": Real(0, 1)}
    search = BayesSearchCV(Landscape(), space, n_iter=14, cv=2, random_state=0).fit(X, y)
    depths = [p["depth"] for p in search.cv_results_["params"] if "depth" in p]
    assert 0 < len(depths) < 14
    ax = plot_partial_dependence(search, params=["depth"])[0]
    # no dot for the configurations with c='x' at the depth that encodes 'inactive'
    assert sorted(ax.collections[0].get_offsets()[:, 0]) == sorted(depths)
    assert set(ax.get_lines()[0].get_xdata()) <= set(depths)


def test_plots_of_a_choice_between_dicts_name_it_after_what_each_dict_fixes(data, plt):
    from sktune.plot import plot_parallel_coordinates, plot_partial_dependence

    X, y = data
    dicts = [{"c": ["x"], "a": Real(0, 1)}, {"c": ["y"], "b": Real(0, 1)}]
    search = BayesSearchCV(Landscape(), dicts, n_iter=10, cv=2, random_state=0).fit(X, y)
    ax = plot_partial_dependence(search, params=["c"])[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["'x'", "'y'"]
    # c='y' is worth 0.5 more, whatever a or b is
    curve = ax.get_lines()[0].get_ydata()
    assert len(curve) == 2 and curve[1] > curve[0]
    ax = plot_parallel_coordinates(search, ax=plt.subplots()[1])
    names = [t.get_text() for t in ax.get_xticklabels()]
    assert names.count("c") == 1 and "<branch>" not in names


def test_report_and_bounds_of_a_multi_metric_search_without_refit(data):
    # With several metrics and refit=False no best_index_ is set: the report reads
    # the best row of the first metric (on the largest resource for a halving search).
    X, y = data
    scoring = {"a_score": lambda est, X, y: est.score(X, y), "b_negated": lambda est, X, y: -est.score(X, y)}
    grid = GridSearchCV(Landscape(), {"depth": [1, 5, 10], "a": [0.5, 0.75, 1.0]}, scoring=scoring, refit=False,
                        cv=2).fit(X, y)
    hb = HyperbandSearchCV(CheapLooksBetter(), {"a": Real(0, 1)}, resource="budget", max_resources=9,
                           min_resources=1, scoring=scoring, refit=False, cv=2, random_state=0).fit(X, y)
    for search in (grid, hb):
        assert not hasattr(search, "best_index_")
        results = search.cv_results_
        scores = np.asarray(results["mean_test_a_score"], dtype=float)
        resources = np.asarray(results.get("n_resources", np.ones(len(scores))))
        best = int(np.flatnonzero(resources == resources.max())[np.argmax(scores[resources == resources.max()])])
        report = search_report(search)
        assert "metric 'a_score'" in report
        assert f"best score: {scores[best]:.6g} (cv_results_ row {best})" in report
        assert f"best parameters: {results['params'][best]!r}" in report
    assert boundary_parameters(grid) == [("depth", 10, "upper", (1, 10)), ("a", 0.5, "lower", (0.5, 1.0))]
