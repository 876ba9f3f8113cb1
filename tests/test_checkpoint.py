"""Checkpoint and resume: atomic JSON, safe encoding, replay, and a search killed with SIGKILL."""

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
import warnings

import numpy as np
import pytest
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.pipeline import make_pipeline
from sklearn.tree import DecisionTreeClassifier

from sktune import BayesSearchCV, Categorical, EvolutionarySearchCV, HyperbandSearchCV, Integer, Real
from sktune.checkpoint import Checkpoint, encode_value

ESTIMATOR_MODULE = '''
import time
import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin


class Counted(ClassifierMixin, BaseEstimator):
    """Scores a smooth function of x (and of model's class), logs every fit to a file."""

    def __init__(self, x=0.5, model=None, log=None, delay=0.0, fail_above=None, budget=1):
        self.x = x
        self.model = model
        self.log = log
        self.delay = delay
        self.fail_above = fail_above
        self.budget = budget

    def fit(self, X, y):
        if self.log:
            with open(self.log, "a") as f:
                f.write(f"{self.x!r}\\n")
        time.sleep(self.delay)
        if self.fail_above is not None and self.x > self.fail_above:
            raise ValueError("x too large")
        self.classes_ = np.unique(y)
        return self

    def predict(self, X):
        return np.full(len(X), self.classes_[0])

    def score(self, X, y, sample_weight=None):
        bonus = 0.1 if type(self.model).__name__ == "LogisticRegression" else 0.0
        return -(self.x - 0.3) ** 2 + bonus + 1e-3 * self.budget
'''


@pytest.fixture
def counted(tmp_path, monkeypatch):
    (tmp_path / "counted_estimator.py").write_text(ESTIMATOR_MODULE)
    monkeypatch.syspath_prepend(str(tmp_path))
    import counted_estimator

    return counted_estimator.Counted


@pytest.fixture
def data():
    X = np.zeros((40, 2))
    y = np.arange(40) % 2
    return X, y


SPACE = {"x": Real(0, 1), "model": Categorical([LogisticRegression(), DecisionTreeClassifier()])}


def _fits(log):
    return len(log.read_text().splitlines()) if log.exists() else 0


def _same_results(a, b):
    assert a.cv_results_["params"].__repr__() == b.cv_results_["params"].__repr__()
    for key in a.cv_results_:
        if key.startswith(("split", "mean_test", "std_test", "rank_", "iter", "n_resources", "bracket")):
            assert np.array_equal(np.asarray(a.cv_results_[key]), np.asarray(b.cv_results_[key]), equal_nan=True), key
    assert sorted(a.cv_results_) == sorted(b.cv_results_)
    assert a.best_index_ == b.best_index_ and a.best_score_ == b.best_score_


@pytest.mark.parametrize("make", [
    lambda est, **kw: BayesSearchCV(est, SPACE, n_iter=14, n_points=2, cv=2, random_state=3, **kw),
    lambda est, **kw: BayesSearchCV(est, SPACE, n_iter=14, cv=2, random_state=3,
                                    optimizer_kwargs={"acq_func": "gp_hedge"}, **kw),
    lambda est, **kw: EvolutionarySearchCV(est, SPACE, n_iter=14, population_size=4, cv=2, random_state=3, **kw),
    lambda est, **kw: HyperbandSearchCV(est, SPACE, resource="budget", max_resources=9, min_resources=1,
                                        sampler="bayes", cv=2, random_state=3, **kw),
], ids=["bayes", "bayes_gp_hedge", "evolutionary", "hyperband"])
def test_resume_continues_where_the_search_stopped(counted, data, tmp_path, make):
    X, y = data
    full = make(counted()).fit(X, y)
    n_total = len(full.cv_results_["params"])
    log, path = tmp_path / "fits.log", tmp_path / "search.json"
    stopped = make(counted(log=str(log)), checkpoint=str(path),
                   callbacks=lambda r: r.n_evaluations >= 5).fit(X, y)
    n_first = len(stopped.cv_results_["params"])
    assert 5 <= n_first < n_total and stopped.stop_reason_ == "callback"
    assert len(json.loads(path.read_text())["rows"]) == n_first
    fits_before = _fits(log)
    resumed = make(counted(log=str(log)), checkpoint=str(path)).fit(X, y)
    # Only the evaluations the file lacked were fitted (2 folds each, plus the refit).
    assert _fits(log) - fits_before == 2 * (n_total - n_first) + 1
    _same_results(resumed, full)
    assert len(json.loads(path.read_text())["rows"]) == n_total


def test_a_finished_search_resumed_with_a_larger_n_iter_continues(counted, data, tmp_path):
    X, y = data
    path, log = tmp_path / "more.json", tmp_path / "fits.log"
    make = lambda n_iter: BayesSearchCV(counted(log=str(log)), SPACE, n_iter=n_iter, cv=2,  # noqa: E731
                                        random_state=3, checkpoint=str(path))
    make(8).fit(X, y)
    before = _fits(log)
    extended = make(14).fit(X, y)  # the first 8 replayed (the last batch refitted), 6 new
    assert _fits(log) - before == 2 * 6 + 1
    _same_results(extended, make(14).set_params(checkpoint=None).fit(X, y))
    # a generation cut short to fit n_iter is proposed whole with a larger one: the
    # candidates the file holds are its first, replayed; only the rest are fitted
    # (CMA-ES drew its categorical column after the numeric ones, so asking 1 point
    # instead of 4 gave another first point with most seeds, 3 excepted)
    for seed in (0, 1, 3, 4):
        evolved = lambda n_iter, **kw: EvolutionarySearchCV(  # noqa: E731
            counted(log=str(log)), SPACE, n_iter=n_iter, population_size=4, cv=2,
            random_state=seed, **kw)
        path = str(tmp_path / f"evolved{seed}.json")
        evolved(10, checkpoint=path).fit(X, y)  # default, 4, 4, 1 of 4
        before = _fits(log)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            resumed = evolved(14, checkpoint=path).fit(X, y)
        assert _fits(log) - before == 2 * 4 + 1
        _same_results(resumed, evolved(14).fit(X, y))


def test_a_halving_search_that_warm_starts_its_estimator_resumes(data, tmp_path):
    # the search wraps the estimator to continue fits across rungs; the checkpoint
    # must describe the estimator as given, not the wrapper and its temporary folder
    X, y = data
    path = tmp_path / "warm.json"
    make = lambda **kw: HyperbandSearchCV(  # noqa: E731
        GradientBoostingClassifier(random_state=0), {"max_depth": Integer(1, 4)},
        resource="n_estimators", max_resources=9, min_resources=1, cv=2, random_state=0, **kw)
    full = make().fit(X, y)
    make(checkpoint=str(path), callbacks=lambda r: r.n_evaluations >= 6).fit(X, y)
    _same_results(make(checkpoint=str(path)).fit(X, y), full)


def test_a_checkpoint_whose_batches_no_longer_match_warns_and_fits_the_rest(counted, data, tmp_path):
    X, y = data
    log, path = tmp_path / "fits.log", tmp_path / "search.json"
    make = lambda n_points, **kw: BayesSearchCV(  # noqa: E731
        counted(log=str(log)), SPACE, n_iter=12, n_points=n_points, cv=2, random_state=3,
        checkpoint=str(path), refit=False, **kw)
    make(2, callbacks=lambda r: r.n_evaluations >= 10).fit(X, y)
    assert len(json.loads(path.read_text())["rows"]) == 11  # the default, then five pairs
    before = _fits(log)
    # The default configuration and the six quasi-random points do not depend on the
    # batch size and are replayed; the model's first batch of three is not the saved
    # pair, so from there on everything is fitted anew.
    with pytest.warns(UserWarning, match=r"stops matching this search after 7 evaluations; its "
                                         r"other 4 evaluations are not reused \(was the "
                                         r"random_state, n_points or population_size changed"):
        resumed = make(3).fit(X, y)
    assert len(resumed.cv_results_["params"]) == 12
    assert _fits(log) - before == 2 * 5
    # the file now holds this search's twelve, not the four stale ones as well, so
    # the next resume matches throughout and refits only the last batch (of two)
    assert len(json.loads(path.read_text())["rows"]) == 12
    before = _fits(log)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        again = make(3).fit(X, y)
    assert _fits(log) - before == 2 * 2
    _same_results(again, resumed)


@pytest.mark.parametrize("make", [
    lambda est, **kw: EvolutionarySearchCV(est, SPACE, n_iter=14, population_size=6, cv=2,
                                           random_state=3, **kw),
    lambda est, **kw: HyperbandSearchCV(est, SPACE, resource="budget", max_resources=9,
                                        min_resources=1, n_candidates=12, cv=2, random_state=3, **kw),
], ids=["evolutionary", "hyperband"])
def test_a_search_stopped_inside_a_batch_replays_its_finished_part(counted, data, tmp_path,
                                                                   make, monkeypatch):
    from sktune import _evaluations

    X, y = data
    full = make(counted()).fit(X, y)
    log, path = tmp_path / "fits.log", tmp_path / "search.json"
    monkeypatch.setattr(_evaluations, "QUICK_CANDIDATE", 0.0)  # one candidate per part
    fit = _evaluations.Evaluations._fit
    calls = []

    def interrupted_fit(self, candidates, *args):
        calls.append(len(candidates))
        if len(calls) == 5:  # the default, then three candidates of the first batch
            raise KeyboardInterrupt
        return fit(self, candidates, *args)

    monkeypatch.setattr(_evaluations.Evaluations, "_fit", interrupted_fit)
    with pytest.warns(UserWarning, match=r"interrupted.*4 evaluations that had finished\.$"):
        make(counted(log=str(log)), checkpoint=str(path), refit=False).fit(X, y)  # no refit to stop
    monkeypatch.setattr(_evaluations.Evaluations, "_fit", fit)
    assert len(json.loads(path.read_text())["rows"]) == 4
    before = _fits(log)
    n_total = len(full.cv_results_["params"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the file matches: no warning that it does not
        resumed = make(counted(log=str(log)), checkpoint=str(path)).fit(X, y)
    # the first batch's three finished candidates are replayed, not fitted again
    assert _fits(log) - before == 2 * (n_total - 4) + 1
    _same_results(resumed, full)


def test_a_finished_checkpoint_refits_only_its_last_batch(counted, data, tmp_path):
    X, y = data
    path, log = tmp_path / "done.json", tmp_path / "fits.log"
    make = lambda: BayesSearchCV(counted(log=str(log)), SPACE, n_iter=6, cv=2, random_state=0,  # noqa: E731
                                 checkpoint=str(path))
    first = make().fit(X, y)
    before = _fits(log)
    again = make().fit(X, y)
    assert _fits(log) - before == 2 + 1
    _same_results(again, first)


def test_a_finished_checkpoint_whose_last_batch_failed_resumes(counted, data, tmp_path):
    X, y = data
    path, log = tmp_path / "done.json", tmp_path / "fits.log"

    def make(fail_above, seed, **kw):
        return BayesSearchCV(counted(fail_above=fail_above, log=str(log)), {"x": Real(0, 1)}, n_iter=4,
                             cv=2, random_state=seed, evaluate_default=False, **kw)

    # a seed whose last proposal is the largest x, so that only it can be made to fail
    for seed in range(50):
        xs = [p["x"] for p in make(None, seed).fit(X, y).cv_results_["params"]]
        if xs[3] > max(xs[:3]):
            break
    fail_above = (xs[3] + max(xs[:3])) / 2
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        first = make(fail_above, seed, checkpoint=str(path)).fit(X, y)
        assert np.isnan(first.cv_results_["mean_test_score"]).tolist() == [False, False, False, True]
        before = _fits(log)
        again = make(fail_above, seed, checkpoint=str(path)).fit(X, y)
    # the last batch that did not fail is fitted again (its 2 folds), then the refit
    assert _fits(log) - before == 2 + 1
    _same_results(again, first)
    # a checkpoint in which everything failed gives the estimator's error again
    path.unlink()
    for _ in range(2):
        with pytest.raises(ValueError, match="fits failed"):
            make(-1.0, seed, checkpoint=str(path)).fit(X, y)


def test_failed_evaluations_are_replayed_not_refitted(counted, data, tmp_path):
    X, y = data
    path, log = tmp_path / "f.json", tmp_path / "fits.log"

    def make(**kw):
        return BayesSearchCV(counted(fail_above=0.6, **kw), {"x": Real(0, 1)}, n_iter=10, cv=2,
                             random_state=0, evaluate_default=False, checkpoint=str(path))

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        full = BayesSearchCV(counted(fail_above=0.6), {"x": Real(0, 1)}, n_iter=10, cv=2,
                             random_state=0, evaluate_default=False).fit(X, y)
        make(log=str(log)).set_params(callbacks=lambda r: r.n_evaluations >= 4).fit(X, y)
        rows = json.loads(path.read_text())["rows"]
        assert any(r["failed"] for r in rows)
        before = _fits(log)
        resumed = make(log=str(log)).fit(X, y)
    assert _fits(log) - before == 2 * 6 + 1
    _same_results(resumed, full)


@pytest.mark.parametrize("error_score", [np.nan, 0.0])
@pytest.mark.parametrize("search", ["evolutionary", "hyperband"])
def test_a_resumed_search_counts_the_failed_fits_it_replays(counted, data, tmp_path, search,
                                                           error_score):
    # generations and rungs mix failing and working candidates; a run that replays
    # them all says what the run that fitted them said
    from sklearn.exceptions import FitFailedWarning

    X, y = data
    path = tmp_path / "f.json"

    def run():
        if search == "evolutionary":
            made = EvolutionarySearchCV(counted(fail_above=0.5), {"x": Real(0, 1)}, n_iter=16,
                                        population_size=4, cv=2, random_state=0)
        else:
            made = HyperbandSearchCV(counted(fail_above=0.5), {"x": Real(0, 1)}, resource="budget",
                                     max_resources=9, min_resources=1, cv=2, random_state=0)
        made.set_params(error_score=error_score, checkpoint=str(path))
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            made.fit(X, y)
        return made, [str(w.message).split(";")[0] for w in caught
                      if issubclass(w.category, FitFailedWarning)]

    first, said = run()
    failed = sum(p["x"] > 0.5 for p in first.cv_results_["params"])
    assert 0 < failed < len(first.cv_results_["params"])
    assert said == [f"{2 * failed} fits failed out of a total of {2 * len(first.cv_results_['params'])}"]
    again, said_again = run()
    assert said_again == said
    _same_results(again, first)


def test_each_row_is_encoded_once_however_often_the_file_is_written(tmp_path, monkeypatch):
    # the file is rewritten whole after every batch; encoding every row again each
    # time grew with the search
    import sktune.checkpoint as checkpoint_module

    encoded = []
    dumps = json.dumps
    monkeypatch.setattr(checkpoint_module.json, "dumps",
                        lambda obj, **kw: encoded.append(obj) or dumps(obj, **kw))
    path = tmp_path / "rows.json"
    ck = Checkpoint(path, {"search": "BayesSearchCV"}, seed=3)
    rows = [{"params": {"x": i / 10}, "extras": {}, "failed": False, "values": {"mean_test_score": -i}}
            for i in range(40)]
    for row in rows:
        ck.append([row])
    assert sum(obj in rows for obj in encoded) == 40  # each row once, not once per write
    saved = path.read_text()
    expected = {"format": "sktune-checkpoint", "version": 2, "fingerprint": {"search": "BayesSearchCV"},
                "seed": 3, "rows": rows}
    assert saved == dumps(expected) and json.loads(saved) == expected
    ck.truncate(10)
    assert json.loads(path.read_text())["rows"] == rows[:10]


def test_file_is_plain_json_with_objects_by_index(counted, data, tmp_path):
    X, y = data
    path = tmp_path / "c.json"
    BayesSearchCV(counted(), SPACE, n_iter=4, cv=2, random_state=0, checkpoint=str(path)).fit(X, y)
    saved = json.loads(path.read_text())
    assert saved["format"] == "sktune-checkpoint" and saved["version"] == 2
    models = [row["params"]["model"] for row in saved["rows"]]
    assert all(set(m) == {"choice"} and m["choice"] in (0, 1) for m in models[1:])
    assert models[0] == {"value": None}  # the estimator's own configuration: model=None
    assert "pickle" not in path.read_text() and "py/object" not in path.read_text()
    assert encode_value(np.float32(0.5), []) == {"value": 0.5}
    assert encode_value((8, 4), []) == {"tuple": [8, 4]}
    assert encode_value(len, [print, len]) == {"choice": 1}
    assert encode_value(print, []) == {"repr": repr(print)}
    assert not [p for p in os.listdir(tmp_path) if p.startswith(".sktune-")]  # no leftovers


def test_a_default_function_outside_the_space_is_replayed(data, tmp_path):
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import FunctionTransformer

    # the estimator as given (evaluated first) holds a function that is not among the
    # choices; it was stored by its repr, whose address differs in every run
    X, y = np.random.RandomState(0).normal(size=(40, 3)), data[1]

    def make(n_iter):
        pipe = Pipeline([("f", FunctionTransformer(lambda x: x)), ("lr", LogisticRegression())])
        space = {"f__func": [np.abs, np.square], "lr__C": Real(1e-2, 1e2, prior="log-uniform")}
        return BayesSearchCV(pipe, space, n_iter=n_iter, cv=2, random_state=0,
                             checkpoint=str(tmp_path / "functions.json"))

    make(4).fit(X, y)
    rows = json.loads((tmp_path / "functions.json").read_text())["rows"]
    stored = rows[0]["params"]["f__func"]["repr"]
    assert stored.endswith("make.<locals>.<lambda>>") and "0x" not in stored
    assert encode_value(object(), []) == {"repr": "<object object>"}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        resumed = make(6).fit(X, y)
    assert not [w for w in caught if "stops matching" in str(w.message)]  # replayed whole
    assert len(resumed.cv_results_["params"]) == 6


@pytest.mark.parametrize("change, differ", [
    (dict(search_spaces={"x": Real(0, 2)}), "search space"),
    (dict(scoring="accuracy"), "scoring"),
    (dict(cv=3), "cv"),
    ("data", r"data \(X, y\)"),
    # a fixed parameter of the estimator changes every score
    (dict(estimator__budget=2), r"estimator differs from this one's \(estimator parameters: budget\)"),
    # so does one of a choice's
    (dict(search_spaces={"x": Real(0, 1), "model": Categorical([LogisticRegression(C=2.0)])}),
     "search space"),
])
def test_a_checkpoint_of_another_search_is_refused(counted, data, tmp_path, change, differ):
    X, y = data
    path, log = tmp_path / "c.json", tmp_path / "fits.log"
    space = {"x": Real(0, 1), "model": Categorical([LogisticRegression()])}
    make = lambda: BayesSearchCV(counted(log=str(log)), space, n_iter=3, cv=2,  # noqa: E731
                                 random_state=0, checkpoint=str(path))
    make().fit(X, y)
    before = _fits(log)
    other = make()
    if change == "data":
        X = X + 1
    else:
        other.set_params(**change)
    with pytest.raises(ValueError, match=f"belongs to another search: its {differ}"):
        other.fit(X, y)
    assert _fits(log) == before


def test_a_checkpoint_is_refused_when_fit_gets_other_groups(counted, data, tmp_path):
    X, y = data  # other groups make other folds, which cv's description does not show
    path, log = tmp_path / "g.json", tmp_path / "fits.log"
    make = lambda: BayesSearchCV(counted(log=str(log)), {"x": Real(0, 1)}, n_iter=3,  # noqa: E731
                                 cv=GroupKFold(2), random_state=0, checkpoint=str(path))
    groups = np.arange(len(y)) % 4
    make().fit(X, y, groups=groups)
    make().fit(X, y, groups=groups.copy())  # the same groups resume
    before = _fits(log)
    with pytest.raises(ValueError, match=r"its fit arguments \(groups, sample_weight, \.\.\.\) differ from"):
        make().fit(X, y, groups=groups[::-1].copy())
    assert _fits(log) == before


def test_a_search_resumes_with_other_parameters_that_only_change_how_it_runs(data, tmp_path):
    X, y = data
    path = tmp_path / "r.json"

    def make(n_jobs):  # SimpleImputer's missing_values=nan must compare equal to itself
        pipe = make_pipeline(SimpleImputer(), LogisticRegression(n_jobs=n_jobs))
        return BayesSearchCV(pipe, {"logisticregression__C": Real(0.1, 10)}, n_iter=3, cv=2,
                             random_state=0, checkpoint=str(path))

    first = make(None).fit(X, y)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        resumed = make(2).fit(X, y)
    assert not [w for w in caught if "stops matching" in str(w.message)]  # replayed whole
    assert resumed.cv_results_["params"] == first.cv_results_["params"]


class _Threaded(ClassifierMixin, BaseEstimator):
    """Stands in for CatBoost: threads and logging under its own names."""

    def __init__(self, C=1.0, depth=6, thread_count=-1, logging_level="Silent"):
        self.C, self.depth = C, depth
        self.thread_count, self.logging_level = thread_count, logging_level

    def fit(self, X, y):
        self.classes_ = np.unique(y)
        return self

    def predict(self, X):
        return np.full(len(X), self.classes_[0])


def test_a_search_resumes_after_a_boosting_library_thread_count_changes(data, tmp_path):
    X, y = data
    path = tmp_path / "t.json"

    def make(**params):
        return BayesSearchCV(_Threaded(**params), {"C": Real(0.1, 10)}, n_iter=3, cv=2,
                             random_state=0, checkpoint=str(path))

    first = make().fit(X, y)
    resumed = make(thread_count=8, logging_level="Verbose").fit(X, y)
    assert resumed.cv_results_["params"] == first.cv_results_["params"]
    with pytest.raises(ValueError, match="depth"):  # one that changes results still refuses
        make(depth=8).fit(X, y)


def test_splits_given_as_a_list_are_compared_index_by_index(counted, tmp_path):
    # index arrays this long print abbreviated: two lists that differ inside them
    # look the same, yet their evaluations cannot be mixed
    X, y = np.zeros((3000, 2)), np.arange(3000) % 2
    splits = [(np.arange(1500, 3000), np.arange(1500)), (np.arange(1500), np.arange(1500, 3000))]
    swapped = [(train.copy(), test.copy()) for train, test in splits]
    swapped[0][0][700], swapped[0][1][700] = swapped[0][1][700], swapped[0][0][700]
    path = tmp_path / "s.json"

    def make(cv):
        return BayesSearchCV(counted(), {"x": Real(0, 1)}, n_iter=2, cv=cv, random_state=0,
                             checkpoint=str(path))

    make(splits).fit(X, y)
    make([(a.copy(), b.copy()) for a, b in splits]).fit(X, y)  # the same splits resume
    with pytest.raises(ValueError, match="its cv differs"):
        make(swapped).fit(X, y)


def test_unreadable_or_foreign_files_are_refused(counted, data, tmp_path):
    X, y = data
    for content, message in [("{not json", "not a readable sktune checkpoint"),
                             (json.dumps({"rows": []}), "not an sktune checkpoint"),
                             (json.dumps({"format": "sktune-checkpoint", "version": 99}), "format version 99")]:
        path = tmp_path / "bad.json"
        path.write_text(content)
        with pytest.raises(ValueError, match=message):
            BayesSearchCV(counted(), {"x": Real(0, 1)}, n_iter=3, cv=2, checkpoint=str(path)).fit(X, y)


def test_a_checkpoint_in_a_missing_folder_is_refused_before_any_fit(counted, data, tmp_path):
    X, y = data
    log = tmp_path / "fits.log"
    path = tmp_path / "no" / "such" / "folder" / "search.json"
    with pytest.raises(ValueError, match=r"checkpoint .*search.json' cannot be written: its folder"):
        BayesSearchCV(counted(log=str(log)), {"x": Real(0, 1)}, n_iter=3, cv=2,
                      checkpoint=str(path)).fit(X, y)
    assert _fits(log) == 0


def test_random_state_none_is_stored_so_the_resumed_run_replays(counted, data, tmp_path):
    X, y = data
    path, log = tmp_path / "n.json", tmp_path / "fits.log"
    make = lambda **kw: BayesSearchCV(counted(log=str(log)), {"x": Real(0, 1)}, n_iter=8, cv=2,  # noqa: E731
                                      checkpoint=str(path), **kw)
    make(callbacks=lambda r: r.n_evaluations >= 4).fit(X, y)
    seed = json.loads(path.read_text())["seed"]
    before = _fits(log)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "stops matching" warning
        make().fit(X, y)
    assert _fits(log) - before == 2 * 4 + 1
    assert Checkpoint.open(str(path), json.loads(path.read_text())["fingerprint"], 0).seed == seed


def test_sigkill_loses_only_the_evaluations_in_flight(counted, data, tmp_path):
    path, log = tmp_path / "killed.json", tmp_path / "fits.log"
    script = tmp_path / "run.py"
    script.write_text(textwrap.dedent(f"""
        import sys
        import numpy as np
        sys.path.insert(0, {str(tmp_path)!r})
        from counted_estimator import Counted
        from sktune import BayesSearchCV, Real
        X, y = np.zeros((40, 2)), np.arange(40) % 2
        BayesSearchCV(Counted(delay=0.05, log={str(log)!r}), {{"x": Real(0, 1)}}, n_iter=30, cv=2,
                      random_state=0, checkpoint={str(path)!r}).fit(X, y)
    """))
    proc = subprocess.Popen([sys.executable, str(script)])
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if path.exists() and len(json.loads(path.read_text())["rows"]) >= 5:
                break
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    finally:
        if proc.poll() is None:
            proc.kill()
    saved = json.loads(path.read_text())["rows"]  # the file is whole: written by rename
    assert 5 <= len(saved) < 30
    fits_before = _fits(log)
    X, y = data
    resumed = BayesSearchCV(counted(delay=0.05, log=str(log)), {"x": Real(0, 1)}, n_iter=30, cv=2,
                            random_state=0, checkpoint=str(path)).fit(X, y)
    assert len(resumed.cv_results_["params"]) == 30
    assert _fits(log) - fits_before == 2 * (30 - len(saved)) + 1
    kept = [row["params"]["x"]["value"] for row in saved]
    assert [p["x"] for p in resumed.cv_results_["params"][: len(saved)]] == kept
