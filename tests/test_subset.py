import pickle
import unittest
import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import sparse
from sklearn.base import clone
from sklearn.compose import ColumnTransformer
from sklearn.cross_decomposition import PLSRegression
from sklearn.datasets import make_classification
from sklearn.decomposition import PCA, KernelPCA
from sklearn.feature_selection import SelectKBest, SequentialFeatureSelector
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_score
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.estimator_checks import parametrize_with_checks

from sktune import BayesSearchCV, ColumnSubset, EvolutionarySearchCV, Subset, SuccessiveHalvingSearchCV
from sktune.optimizers import BayesOptimizer
from sktune.space import Categorical, Integer, Real, Space

X_NUM = np.arange(20, dtype=float).reshape(4, 5)


@pytest.mark.parametrize(
    "columns, groups, expected",
    [
        (None, None, [0, 1, 2, 3, 4]),
        ([True, False, True, False, False], None, [0, 2]),
        ([4, 1], None, [1, 4]),
        ([-1], None, [4]),
        (["odd"], {"odd": [1, 3], "even": [0, 2, 4]}, [1, 3]),
        (["odd", 0], {"odd": [1, 3]}, [0, 1, 3]),
    ],
)
def test_column_subset_on_arrays(columns, groups, expected):
    out = ColumnSubset(columns=columns, groups=groups).fit_transform(X_NUM)
    assert np.array_equal(out, X_NUM[:, expected])


def test_column_subset_keeps_dataframes_and_names():
    df = pd.DataFrame(X_NUM, columns=list("abcde"))
    selector = ColumnSubset(columns=["e", "b"]).fit(df)
    out = selector.transform(df)
    assert isinstance(out, pd.DataFrame) and list(out.columns) == ["b", "e"]
    assert list(selector.get_feature_names_out()) == ["b", "e"]
    grouped = ColumnSubset(columns=["first"], groups={"first": ["a", "c"]}).fit_transform(df)
    assert list(grouped.columns) == ["a", "c"]


def _kept_among_first_three(frame):
    return [name for name in frame.columns if name in ("f0", "f1", "f2")]


def test_column_subset_keeps_polars_frames_for_name_based_steps_after_it():
    pl = pytest.importorskip("polars")  # in the test extra: skipped only outside it
    X, y = make_classification(150, 6, random_state=0)
    names = [f"f{i}" for i in range(6)]
    frames = {"pandas": pd.DataFrame(X, columns=names), "polars": pl.DataFrame(X, schema=names)}
    out = ColumnSubset(columns=["f4", "f1"]).fit_transform(frames["polars"])
    assert isinstance(out, pl.DataFrame) and out.columns == ["f1", "f4"]
    assert np.array_equal(out.to_numpy(), X[:, [1, 4]])
    reordered = frames["polars"].select(names[::-1])

    def refuses_reordered(estimator):
        try:
            estimator.fit(frames["polars"]).transform(reordered)
        except ValueError as error:
            return "feature names" in str(error)
        return False

    # as scikit-learn's own estimators (scikit-learn 1.5 reads no names from recent polars)
    assert refuses_reordered(ColumnSubset(columns=[0])) == refuses_reordered(StandardScaler())
    # a step that picks columns by name needs a frame from the subset
    scale_first_three = ColumnTransformer([("num", StandardScaler(), _kept_among_first_three)],
                                          remainder="passthrough")
    try:
        clone(scale_first_three).fit(frames["polars"])
    except AttributeError:  # scikit-learn 1.5's ColumnTransformer picks no polars columns by name
        return
    pipe = Pipeline([("select", ColumnSubset()), ("scale", scale_first_three), ("clf", LogisticRegression())])
    space = {"select__columns": Subset(names, min_size=3), "clf__C": Real(1e-2, 1e2, prior="log-uniform")}
    results = {
        kind: BayesSearchCV(pipe, space, n_iter=6, cv=3, random_state=0, error_score="raise").fit(frame, y)
        for kind, frame in frames.items()
    }
    assert results["polars"].cv_results_["params"] == results["pandas"].cv_results_["params"]
    assert np.allclose(results["polars"].cv_results_["mean_test_score"],
                       results["pandas"].cv_results_["mean_test_score"], equal_nan=True)


def test_column_subset_on_sparse_and_in_column_transformer():
    out = ColumnSubset(columns=[0, 3]).fit_transform(sparse.csr_matrix(X_NUM))
    assert sparse.issparse(out) and np.array_equal(out.toarray(), X_NUM[:, [0, 3]])
    # the format stays as given (a CSR text matrix is not turned into CSC for the next
    # step to turn back); formats that cannot slice columns come out as CSR
    for given, expected in [("csr", "csr"), ("csc", "csc"), ("coo", "csr"), ("lil", "csr")]:
        for container in (sparse.csr_matrix, sparse.csr_array):
            data = container(X_NUM).asformat(given)
            out = ColumnSubset(columns=[3, 1]).fit_transform(data)
            assert out.format == expected and type(out).__name__.endswith(type(data).__name__[-6:])
            assert np.array_equal(out.toarray(), X_NUM[:, [1, 3]])
    ct = ColumnTransformer([("keep", ColumnSubset(columns=[1]), [0, 1, 2])])
    assert np.array_equal(ct.fit_transform(X_NUM), X_NUM[:, [1]])


@pytest.mark.parametrize(
    "columns, groups, message",
    [
        ([7], None, "column 7 does not exist"),
        (["a"], None, "has no column names"),
        ([True, False], None, "one entry per feature"),
        ([], None, "at least one column"),
    ],
)
def test_column_subset_errors(columns, groups, message):
    with pytest.raises(ValueError, match=message):
        ColumnSubset(columns=columns, groups=groups).fit(X_NUM)


def test_column_subset_checks_the_width_at_transform():
    selector = ColumnSubset(columns=[0]).fit(X_NUM)
    with pytest.raises(ValueError, match="expecting 5 features"):
        selector.transform(X_NUM[:, :3])


def test_column_subset_refuses_a_dataframe_whose_columns_moved():
    frame = pd.DataFrame(X_NUM, columns=list("abcde"))
    selector = ColumnSubset(columns=["a"]).fit(frame)
    # by position, the reordered frame's first column is "e": it used to be kept silently
    with pytest.raises(ValueError, match="same order as they were in fit"):
        selector.transform(frame[list("edcba")])
    with pytest.raises(ValueError, match="unseen at fit time"):
        selector.transform(frame.rename(columns={"b": "z"}))
    assert selector.transform(frame).columns.tolist() == ["a"]


@pytest.mark.parametrize("columns, hint", [("a", r"pass \['a'\]"), (3, r"pass \[3\]")])
def test_column_subset_refuses_a_single_column_not_in_a_list(columns, hint):
    frame = pd.DataFrame(X_NUM, columns=list("abcde"))
    with pytest.raises(TypeError, match=f"columns must be a list.*{hint}"):
        ColumnSubset(columns=columns).fit(frame)


def _checks_listed(mark):
    """``parametrize_with_checks``' mark with its checks in a list: scikit-learn before
    1.7 passes a generator, which pytest deprecates (and pytest 10 refuses)."""
    argnames, argvalues = mark.args
    return pytest.mark.parametrize(argnames, list(argvalues), **mark.kwargs)


@_checks_listed(parametrize_with_checks([ColumnSubset(), ColumnSubset(columns=[0])]))
def test_column_subset_passes_scikit_learns_estimator_checks(estimator, check):
    try:
        check(estimator)
    except unittest.SkipTest as skip:  # the array-API check alone, which needs SCIPY_ARRAY_API
        assert "SCIPY_ARRAY_API" in str(skip)


def test_subset_dimension_round_trip_and_size_limits():
    dim = Subset(list("abcdef"), min_size=2, max_size=4, name="cols")
    rng = np.random.default_rng(0)
    U = rng.random((300, 6))
    values = dim.decode(U)
    assert all(2 <= len(v) <= 4 for v in values)
    assert dim.decode(dim.encode(values)) == values
    assert np.array_equal(dim.snap_columns(dim.snap_columns(U)), dim.snap_columns(U))
    # repair keeps the items closest to being chosen
    assert dim.decode([[0.9, 0.1, 0.45, 0.2, 0.3, 0.0]]) == [["a", "c"]]
    assert dim.decode([[0.9, 0.8, 0.7, 0.6, 0.95, 0.55]]) == [["a", "b", "c", "e"]]
    assert dim.contains(["a", "b"]) and not dim.contains(["a"]) and not dim.contains(["z", "a"])
    # sampled subsets keep the features' order and the size limits, and repeat with the seed
    drawn = dim.sample(200, random_state=0)
    assert all(dim.contains(v) and v == sorted(v) for v in drawn)
    assert {len(v) for v in drawn} == {2, 3, 4}
    assert dim.sample(5, random_state=1) == dim.sample(5, random_state=1) != dim.sample(5, random_state=2)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(features=[]), "features must not be empty"),
        (dict(features=[1, 2], min_size=0), "min_size must be"),
        (dict(features=[1, 2], min_size=True), "min_size must be an integer"),
        (dict(features=[1, 2], max_size=True), "max_size must be an integer"),
        (dict(features=[1, 2], min_size=2, max_size=1), "max_size must be"),
        (dict(features=[1, 2], max_size=3), "max_size must be"),
        (dict(features=["age", "income", "age"]), "'age' appears more than once"),
        (dict(features=[0, 1, 1]), "1 appears more than once"),
    ],
)
def test_subset_dimension_errors(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Subset(**kwargs)


@pytest.mark.parametrize(
    "features, hint",
    [(12, r"range\(12\)"), ("age", r"pass \['age'\]"), (None, "Got None instead")],
)
def test_subset_refuses_features_that_are_not_a_list(features, hint):
    # a string used to become its characters, and a number a bare TypeError
    with pytest.raises(TypeError, match=f"features must be a list of columns.*{hint}"):
        Subset(features)


def test_a_subset_of_one_feature_decodes_one_value_per_row():
    space = Space({"a": Real(0, 1), "cols": Subset(["only"])})
    configs = space.decode(np.random.default_rng(0).random((6, 2)))
    assert len(configs) == 6 and all(c["cols"] == ["only"] for c in configs)
    assert Subset(["only"]).decode([0.2, 0.9, 0.4]) == [["only"]] * 3


def test_subset_refuses_unordered_or_grouped_features():
    # a dict of groups belongs in ColumnSubset; the error says so and names its keys
    with pytest.raises(TypeError, match=r"ColumnSubset\(groups=\{...\}\).*Subset\(\['mean', 'worst'\]\)"):
        Subset({"mean": [0, 1], "worst": [2, 3]})
    with pytest.raises(TypeError, match="ordered list"):
        Subset({"a", "b"})


def test_subset_in_a_space_with_hyperparameters_is_searched_by_the_optimizer():
    space = Space({"select__columns": Subset(list(range(8)), min_size=1), "C": Real(0.1, 10.0)})
    assert space.n_columns == 9
    good = {0, 1, 2}

    def loss(config):
        chosen = set(config["select__columns"])
        return len(chosen ^ good) + (config["C"] - 3.0) ** 2 / 100

    opt = BayesOptimizer(space.unit_dimensions(), random_state=0, snap=space.snap)
    for _ in range(40):
        X = opt.ask(1)
        opt.tell(X, [loss(c) for c in space.decode(X)])
    best = space.decode(opt.X[[opt.best_index]])[0]
    assert set(best["select__columns"]) == good


@pytest.fixture(scope="module")
def noisy_data():
    X, y = make_classification(
        n_samples=200, n_features=4, n_informative=4, n_redundant=0, random_state=0
    )
    noise = np.random.default_rng(0).normal(size=(200, 8))
    return np.hstack([X, noise]), y


def _refused_before_any_fit(search, X, y, match):
    """Assert that fitting ``search`` raises a ValueError matching ``match`` before
    any candidate is fitted (a callback would fail the test after the first batch)."""
    search.set_params(callbacks=lambda result: pytest.fail("fitted"))
    with pytest.raises(ValueError, match=match):
        search.fit(X, y)
    search.set_params(callbacks=None)


def subset_pipeline():
    return Pipeline([
        ("select", ColumnSubset()),
        ("scale", StandardScaler()),
        ("clf", LogisticRegression()),
    ])


def test_joint_search_of_features_and_hyperparameters(noisy_data):
    X, y = noisy_data
    chosen = []
    for seed in range(4):
        search = BayesSearchCV(
            subset_pipeline(),
            {"select__columns": Subset(list(range(12)), min_size=1),
             "clf__C": Real(1e-3, 1e2, prior="log-uniform")},
            n_iter=25, cv=3, random_state=seed,
        ).fit(X, y)
        best = search.best_params_["select__columns"]
        chosen.append(list(range(12)) if best is None else best)  # None: every column
        assert search.best_score_ >= search.default_score_
        # the first candidate is the pipeline's own configuration (all columns)
        assert search.cv_results_["params"][0]["select__columns"] is None
        assert isinstance(search.cv_results_["param_select__columns"][1], list)
        assert np.isfinite(search.cv_results_["mean_test_score"]).all()
    # the informative columns (0-3) are kept far more often than the noise (4-11);
    # Sobol points alone give 0.875 against 0.719 here
    informative = sum(c < 4 for cols in chosen for c in cols) / (4 * len(chosen))
    noise = sum(c >= 4 for cols in chosen for c in cols) / (8 * len(chosen))
    assert informative >= 0.85 and informative - noise >= 0.3


def test_subset_wider_than_the_data_fails_before_any_fit(noisy_data):
    X, y = noisy_data
    search = BayesSearchCV(
        subset_pipeline(), {"select__columns": Subset(list(range(20)))}, n_iter=3, cv=3
    )
    with pytest.raises(ValueError, match="'select__columns'.*20 features but X has only 12"):
        search.fit(X, y)
    names = BayesSearchCV(
        subset_pipeline(), {"select__columns": Subset(["x0", "nope"])}, n_iter=3, cv=3
    )
    df = pd.DataFrame(X, columns=[f"x{i}" for i in range(12)])
    with pytest.raises(ValueError, match="'nope' is not among X's columns"):
        names.fit(df, y)
    # groups set by the space too, not by the step: its names are groups, not columns
    groups = {"low": ["x0", "x1"], "high": ["x10", "x11"]}
    grouped = BayesSearchCV(
        subset_pipeline(), {"select__columns": Subset(["low", "high"]), "select__groups": [groups]},
        n_iter=3, cv=3, random_state=0,
    ).fit(df, y)
    chosen = [p["select__columns"] for p in grouped.cv_results_["params"][1:]]  # after the default
    assert all(c and set(c) <= {"low", "high"} for c in chosen)
    assert np.isfinite(grouped.cv_results_["mean_test_score"]).all()


def test_subset_wider_than_the_data_fails_before_any_fit_in_a_warm_started_search(noisy_data):
    # halving over a forest's n_estimators wraps the pipeline while it runs
    from sklearn.ensemble import RandomForestClassifier

    X, y = noisy_data
    pipe = Pipeline([("select", ColumnSubset()), ("forest", RandomForestClassifier())])
    fitted = []
    search = SuccessiveHalvingSearchCV(
        pipe, {"select__columns": Subset(list(range(20)))}, resource="forest__n_estimators",
        max_resources=9, cv=3, callbacks=lambda result: fitted.append(result) and False,
    )
    with pytest.raises(ValueError, match="'select__columns'.*20 features but X has only 12"):
        search.fit(X, y)
    assert fitted == []


@pytest.mark.parametrize("columns", [list(range(10)), slice(0, 10), [f"x{i}" for i in range(10)],
                                     slice("x0", "x9"), slice(None, "x9")])
def test_subset_wider_than_its_column_transformer_branch_fails_before_any_fit(noisy_data, columns):
    # the branch passes on 10 of X's 12 columns; positions 10 and 11 do not exist there
    X, y = noisy_data
    df = pd.DataFrame(X, columns=[f"x{i}" for i in range(12)])
    branch = Pipeline([("select", ColumnSubset()), ("scale", StandardScaler())])
    pipe = Pipeline([("ct", ColumnTransformer([("num", branch, columns)])),
                     ("clf", LogisticRegression())])
    fitted = []
    search = BayesSearchCV(
        pipe, {"ct__num__select__columns": Subset(list(range(12)))}, n_iter=3, cv=3,
        callbacks=lambda result: fitted.append(result) and False,
    )
    with pytest.raises(ValueError, match="12 features but the input of 'ct__num__select' has "
                                         "only 10 columns"):
        search.fit(df, y)
    assert fitted == []
    if isinstance(columns, list) and isinstance(columns[0], str):
        search.set_params(search_spaces={"ct__num__select__columns": Subset(["x0", "x11"])})
        with pytest.raises(ValueError, match="'x11' is not among X's columns"):
            search.fit(df, y)


def test_subset_wider_than_a_feature_union_branch_fails_before_any_fit(noisy_data):
    X, y = noisy_data  # a branch of a FeatureUnion sees all of X
    union = Pipeline([("union", FeatureUnion([("a", ColumnSubset()), ("b", ColumnSubset())])),
                      ("clf", LogisticRegression())])
    with pytest.raises(ValueError, match="13 features but X has only 12"):
        BayesSearchCV(union, {"union__b__columns": Subset(list(range(13)))}, n_iter=3,
                      cv=3).fit(X, y)


def test_subset_after_a_scaler_is_checked_before_any_fit(noisy_data):
    X, y = noisy_data  # a scaler keeps X's 12 columns; a PCA would not
    df = pd.DataFrame(X, columns=[f"x{i}" for i in range(12)])
    scaled = Pipeline([("scale", StandardScaler()), ("keep", "passthrough"),
                       ("select", ColumnSubset()), ("clf", LogisticRegression())])
    for features, message in [(list(range(13)), "13 features but X has only 12"),
                              ([0, 12], "column 12 does not exist: X has 12 columns")]:
        with pytest.raises(ValueError, match=message):
            BayesSearchCV(scaled, {"select__columns": Subset(features)}, n_iter=3, cv=3,
                          callbacks=lambda r: pytest.fail("fitted")).fit(df, y)
    # names reach the subset only with pandas output: not judged before fitting
    pandas_out = clone(scaled).set_output(transform="pandas")
    BayesSearchCV(pandas_out, {"select__columns": Subset(["x0", "x5"])}, n_iter=2, cv=3,
                  random_state=0, error_score="raise").fit(df, y)
    # after a step that may change the columns nothing is claimed before fitting
    reduced = Pipeline([("pca", PCA(0.9)), ("select", ColumnSubset()), ("clf", LogisticRegression())])
    search = BayesSearchCV(reduced, {"select__columns": Subset(list(range(5)))}, n_iter=2, cv=3,
                           random_state=0).fit(X, y)
    assert len(search.cv_results_["params"]) == 2


@pytest.mark.parametrize("reducer, count", [(PCA(3), "n_components"), (SelectKBest(k=3), "k")],
                         ids=["pca", "kbest"])
def test_subset_wider_than_a_reducer_gives_fails_before_any_fit(noisy_data, reducer, count):
    X, y = noisy_data  # an integer n_components or k says how many columns come out
    pipe = Pipeline([("reduce", reducer), ("select", ColumnSubset()), ("clf", LogisticRegression())])
    subset = {"select__columns": Subset(list(range(5)))}
    search = BayesSearchCV(pipe, subset, n_iter=2, cv=3, random_state=0)
    _refused_before_any_fit(search, X, y, "5 features but the input of 'select' has only 3 columns")
    # the same subset is fine when the space may replace the reducer or its count
    for space in ({"reduce": [PCA(6), "passthrough"]}, {f"reduce__{count}": [6, 8]}):
        search.set_params(search_spaces={**subset, **space})
        assert len(search.fit(X, y).cv_results_["params"]) == 2
    # or when a halving search sets that count as its resource
    halving = SuccessiveHalvingSearchCV(pipe, subset, resource=f"reduce__{count}",
                                        max_resources=9, min_resources=3, n_candidates=3,
                                        cv=3, random_state=0).fit(X, y)
    assert halving.n_resources_ == [3, 9]
    # and checked against X when every choice keeps the columns
    search.set_params(search_spaces={"select__columns": Subset(list(range(13))),
                                     "reduce": [StandardScaler(), "passthrough"]})
    _refused_before_any_fit(search, X, y, "13 features but X has only 12")


@pytest.mark.parametrize("make", [
    lambda pipe, space: BayesSearchCV(pipe, space, n_iter=3, cv=3),
    lambda pipe, space: EvolutionarySearchCV(pipe, space, n_iter=4, population_size=2, cv=3),
    lambda pipe, space: SuccessiveHalvingSearchCV(pipe, space, n_candidates=3, min_resources=60, cv=3),
], ids=["bayes", "evolutionary", "halving"])
@pytest.mark.parametrize("columns, how", [
    (["x0", "x1"], "picks columns \\['x0', 'x1'\\] by name in branch 'num'"),
    ("x3", "picks columns \\['x3'\\] by name in branch 'num'"),
    ([0, 1], "picks the columns of branch 'num' by position"),
    ([True] * 2 + [False] * 10, "picks the columns of branch 'num' by position"),
    (slice(0, 4), "picks the columns of branch 'num' by position"),
])
def test_a_column_transformer_listing_columns_after_a_searched_subset_fails_before_any_fit(
        noisy_data, make, columns, how):
    # by name its fits fail whenever the subset drops a listed column; by position
    # the branch silently gets other columns
    X, y = noisy_data
    df = pd.DataFrame(X, columns=[f"x{i}" for i in range(12)])
    ct = ColumnTransformer([("num", StandardScaler(), columns)], remainder="passthrough")
    pipe = Pipeline([("select", ColumnSubset()), ("keep", "passthrough"), ("ct", ct),
                     ("clf", LogisticRegression())])
    search = make(pipe, {"select__columns": Subset(list(df.columns), min_size=3)})
    _refused_before_any_fit(search, df, y, f"'select__columns': the ColumnTransformer 'ct' after "
                                           f"ColumnSubset 'select' {how}.*make_column_selector")
    # the same when a subset is put in front of an existing pipeline
    wrapped = Pipeline([("select", ColumnSubset()), ("model", clone(pipe[2:]))])
    search.set_params(estimator=wrapped)
    _refused_before_any_fit(search, df, y, "the ColumnTransformer 'model__ct' after ColumnSubset 'select'")


def test_a_column_transformer_after_a_subset_may_pick_columns_every_subset_keeps(noisy_data):
    X, y = noisy_data
    df = pd.DataFrame(X, columns=[f"x{i}" for i in range(12)])

    def search(columns, subset):
        ct = ColumnTransformer([("num", StandardScaler(), columns)], remainder="passthrough")
        pipe = Pipeline([("select", ColumnSubset()), ("ct", ct), ("clf", LogisticRegression())])
        space = {"select__columns": subset, "clf__C": Real(1e-2, 1e2, prior="log-uniform")}
        return BayesSearchCV(pipe, space, n_iter=3, cv=3, random_state=0,
                             error_score="raise").fit(df, y)

    def numeric(frame):
        return list(frame.columns)

    # a selector sees the subset's own columns
    assert len(search(numeric, Subset(list(df.columns), min_size=2)).cv_results_["params"]) == 3
    # every subset keeps x0-x3, and positions 0-3 hold them
    kept = Subset(["x0", "x1", "x2", "x3"], min_size=4)
    assert len(search(["x0", "x1"], kept).cv_results_["params"]) == 3
    assert len(search([0, 1], kept).cv_results_["params"]) == 3
    with pytest.raises(ValueError, match="picks columns \\['x5'\\] by name"):
        search(["x0", "x5"], kept)  # x5 is never kept


def _reducing_pipeline(reduce):
    return Pipeline([("select", ColumnSubset()), ("scale", StandardScaler()),
                     ("reduce", reduce), ("clf", LogisticRegression())])


@pytest.mark.parametrize("make", [
    lambda pipe, space: BayesSearchCV(pipe, space, n_iter=3, cv=3),
    lambda pipe, space: EvolutionarySearchCV(pipe, space, n_iter=4, population_size=2, cv=3),
    lambda pipe, space: SuccessiveHalvingSearchCV(pipe, space, n_candidates=3, min_resources=60, cv=3),
], ids=["bayes", "evolutionary", "halving"])
def test_a_step_asking_for_more_columns_than_any_subset_keeps_fails_before_any_fit(noisy_data, make):
    X, y = noisy_data
    search = make(_reducing_pipeline(PCA(n_components=5)),
                  {"select__columns": Subset(list(range(12)), max_size=4)})
    _refused_before_any_fit(search, X, y, "'select__columns': step 'reduce' \\(PCA\\) has "
                                          "n_components=5, .*at most 4: every fit would fail")
    # groups: the two widest of three keep at most 2 + 3 columns
    groups = {"a": [0], "b": [1, 2], "c": [3, 4, 5]}
    search.set_params(estimator=_reducing_pipeline(PCA(n_components=6)).set_params(select__groups=groups),
                      search_spaces={"select__columns": Subset(list(groups), max_size=2)})
    _refused_before_any_fit(search, X, y, "at most 5: every fit would fail")


@pytest.mark.parametrize("n_components", [Integer(5, 8), Categorical([5, 6]), [6, 5]])
def test_a_searched_count_no_subset_can_give_fails_before_any_fit(noisy_data, n_components):
    X, y = noisy_data
    search = BayesSearchCV(_reducing_pipeline(PCA()),
                           {"select__columns": Subset(list(range(12)), max_size=4),
                            "reduce__n_components": n_components},
                           n_iter=3, cv=3, random_state=0)
    _refused_before_any_fit(search, X, y, "'select__columns': step 'reduce' \\(PCA\\) searches "
                                          "n_components from 5, which needs 5 columns, but the "
                                          "subsets keep at most 4: every fit would fail")


def test_a_searched_count_that_can_keep_every_column_is_not_refused(noisy_data):
    # n_components=None keeps what arrives: those fits work whatever the subset
    X, y = noisy_data
    search = BayesSearchCV(_reducing_pipeline(PCA()),
                           {"select__columns": Subset(list(range(12)), min_size=4, max_size=4),
                            "reduce__n_components": [None, 5]},
                           n_iter=4, cv=3, random_state=0)
    with pytest.warns(UserWarning, match="searches n_components up to 5, which needs 5 columns"):
        search.fit(X, y)
    assert np.isfinite(search.cv_results_["mean_test_score"]).any()


@pytest.mark.parametrize("reduce, space, asks", [
    (PCA(n_components=4), {}, "'reduce' \\(PCA\\) has n_components=4, which needs 4 columns"),
    (PCA(), {"reduce__n_components": Integer(1, 6)}, "searches n_components up to 6"),
    (PCA(), {"reduce": Categorical([PCA(n_components=4), KernelPCA(n_components=9), "passthrough"])},
     "has n_components=4"),
    (SequentialFeatureSelector(LogisticRegression(), n_features_to_select=2), {},
     "has n_features_to_select=2, which needs 3 columns"),
    (PCA(n_components=2, svd_solver="arpack"), {}, "has n_components=2, which needs 3 columns"),
])
def test_a_step_asking_for_more_columns_than_the_smallest_subsets_keep_warns(noisy_data, reduce, space,
                                                                             asks):
    X, y = noisy_data
    search = BayesSearchCV(_reducing_pipeline(reduce),
                           {"select__columns": Subset(list(range(12)), min_size=2), **space},
                           n_iter=1, cv=2, evaluate_default=False, random_state=0)
    with pytest.warns(UserWarning, match=f"{asks}.*but the smallest subsets keep 2: those fits will fail"):
        search.fit(X, y)


def test_a_step_after_the_end_of_a_nested_pipeline_is_checked_before_any_fit(noisy_data):
    # the subset's pipeline ends after a scaler; its output goes on to the outer PCA
    X, y = noisy_data
    prep = Pipeline([("select", ColumnSubset()), ("scale", StandardScaler())])
    pipe = Pipeline([("prep", prep), ("reduce", PCA(n_components=5)), ("clf", LogisticRegression())])
    search = BayesSearchCV(pipe, {"prep__select__columns": Subset(list(range(12)), max_size=4)},
                           n_iter=3, cv=3, random_state=0)
    _refused_before_any_fit(search, X, y, "'prep__select__columns': step 'reduce' \\(PCA\\) has "
                                          "n_components=5, .*at most 4: every fit would fail")
    # inside a FeatureUnion, joined with two more columns: 3 or 4 kept make 5 or 6 for PCA
    union = Pipeline([("union", FeatureUnion([("prep", prep), ("pca", PCA(n_components=2))])),
                      ("reduce", PCA(n_components=5)), ("clf", LogisticRegression())])
    subset = Subset(list(range(12)), min_size=3, max_size=4)
    search.set_params(estimator=union, search_spaces={"union__prep__select__columns": subset})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        search.fit(X, y)
    assert np.isfinite(search.cv_results_["mean_test_score"]).all()


def test_pls_regression_after_a_subset_is_checked_before_any_fit(noisy_data):
    # choosing wavelengths together with PLS components: a fit fails when the
    # components outnumber the columns kept
    X, _ = noisy_data
    y = X[:, 0] + X[:, 1]
    pls = Pipeline([("select", ColumnSubset()), ("pls", PLSRegression(n_components=3))])
    search = BayesSearchCV(pls, {"select__columns": Subset(list(range(12)), max_size=2)},
                           n_iter=2, cv=2, random_state=0)
    _refused_before_any_fit(search, X, y, "step 'pls' \\(PLSRegression\\) has n_components=3, "
                                          "which needs 3 columns, but the subsets keep at most 2")
    search.set_params(search_spaces={"select__columns": Subset(list(range(12)), min_size=2),
                                     "pls__n_components": Integer(1, 4)})
    with pytest.warns(UserWarning, match="searches n_components up to 4, which needs 4 columns, "
                                         "but the smallest subsets keep 2"):
        search.fit(X, y)


@pytest.mark.parametrize("reduce, space", [
    (PCA(n_components=2), {}),
    (PCA(n_components=0.9), {}),  # a share of the variance
    (KernelPCA(n_components=9), {}),  # not bound by its input's columns
    (PCA(), {"reduce__n_components": Integer(1, 2)}),
])
def test_a_step_every_subset_feeds_enough_columns_does_not_warn(noisy_data, reduce, space):
    X, y = noisy_data
    search = BayesSearchCV(_reducing_pipeline(reduce),
                           {"select__columns": Subset(list(range(12)), min_size=2), **space},
                           n_iter=1, cv=2, evaluate_default=False, random_state=0)
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*smallest subsets")
        search.fit(X, y)


def test_subset_search_with_dataframes_clone_and_cross_val_score(noisy_data):
    X, y = noisy_data
    df = pd.DataFrame(X, columns=[f"x{i}" for i in range(12)])
    search = BayesSearchCV(
        subset_pipeline(), {"select__columns": Subset(list(df.columns), max_size=6)},
        n_iter=4, cv=2, random_state=0, evaluate_default=False,
    )
    scores = cross_val_score(clone(search), df, y, cv=2)
    assert scores.shape == (2,) and np.all(scores > 0.5)
    search.fit(df, y)
    assert list(search.best_estimator_[:-1].get_feature_names_out()) == search.best_params_["select__columns"]


@pytest.mark.parametrize("make", [
    lambda pipe, space: BayesSearchCV(pipe, space, n_iter=4, cv=3, random_state=0),
    lambda pipe, space: EvolutionarySearchCV(pipe, space, n_iter=4, population_size=2, cv=3, random_state=0),
    lambda pipe, space: SuccessiveHalvingSearchCV(pipe, space, n_candidates=4, min_resources=60, cv=3,
                                                  random_state=0),
], ids=["bayes", "evolutionary", "halving"])
def test_a_fitted_search_over_a_subset_pickles(make):
    X, y = make_classification(200, 6, random_state=0)
    pipe = Pipeline([("select", ColumnSubset()), ("clf", LogisticRegression())])
    search = make(pipe, {"select__columns": Subset(list(range(6)), min_size=2)}).fit(X, y)
    restored = pickle.loads(pickle.dumps(search))
    assert np.array_equal(restored.predict(X), search.predict(X))
    assert restored.best_params_ == search.best_params_
