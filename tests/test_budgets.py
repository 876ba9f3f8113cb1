"""Time budget, callbacks that stop a search, and progress reporting."""

import io
import warnings
import time

import numpy as np
import pytest
from scipy.optimize import OptimizeResult
from sklearn.base import BaseEstimator, ClassifierMixin

from sktune import (BayesSearchCV, EvolutionarySearchCV, HyperbandSearchCV, Integer, Real,
                    SuccessiveHalvingSearchCV)
from sktune.callbacks import (
    CheckpointSaver,
    DeadlineStopper,
    DeltaXStopper,
    DeltaYStopper,
    EarlyStopper,
    HollowIterationsStopper,
    NoImprovementStopper,
    ScoreThresholdStopper,
    ThresholdStopper,
    TimerCallback,
    VerboseCallback,
)
from sktune.progress import Progress


class Timed(ClassifierMixin, BaseEstimator):
    """Sleeps ``delay`` seconds per fit, logs when each fit started, scores ``x``."""

    starts = []

    def __init__(self, x=0.5, delay=0.0, budget=1):
        self.x = x
        self.delay = delay
        self.budget = budget

    def fit(self, X, y):
        Timed.starts.append(time.monotonic())
        time.sleep(self.delay)
        self.classes_ = np.unique(y)
        return self

    def predict(self, X):
        return np.full(len(X), self.classes_[0])

    def score(self, X, y, sample_weight=None):
        return self.x


@pytest.fixture
def data():
    X = np.zeros((40, 2))
    y = np.arange(40) % 2
    return X, y


def test_max_time_starts_no_fit_after_the_deadline(data):
    X, y = data
    Timed.starts = []
    search = BayesSearchCV(Timed(delay=0.15), {"x": Real(0, 1)}, n_iter=100, cv=2,
                           max_time=1.0, refit=False, random_state=0)
    start = time.monotonic()
    search.fit(X, y)
    wall = time.monotonic() - start
    n = len(search.cv_results_["params"])
    assert search.stop_reason_ == "max_time"
    assert 2 <= n < 100
    # No fit started after the deadline, and the search ended about one
    # candidate (two fits of 0.15 s) after it at most.
    assert max(Timed.starts) <= start + 1.0 + 0.05
    assert wall < 1.0 + 0.3 + 0.4


@pytest.mark.parametrize("make", [
    lambda **kw: BayesSearchCV(n_iter=5, **kw),
    lambda **kw: HyperbandSearchCV(resource="budget", max_resources=9, min_resources=1, **kw),
], ids=["bayes", "hyperband"])
def test_a_budget_over_before_the_first_batch_still_gives_a_result(data, make):
    # setting up the search can outlast a tiny budget; the first batch runs anyway
    X, y = data
    search = make(estimator=Timed(), search_spaces={"x": Real(0, 1)}, cv=2, max_time=1e-9,
                  random_state=0)
    search.fit(X, y)
    assert search.stop_reason_ == "max_time"
    assert len(search.cv_results_["params"]) >= 1 and hasattr(search, "best_estimator_")


def test_max_time_trims_the_last_batch_to_what_fits(data):
    X, y = data
    Timed.starts = []
    search = BayesSearchCV(Timed(delay=0.05), {"x": Real(0, 1)}, n_iter=40, n_points=8, cv=2,
                           max_time=1.2, refit=False, random_state=0)
    search.fit(X, y)
    n = len(search.cv_results_["params"])
    # Batches of 8 take about 0.8 s: the second is cut to the candidates that fit.
    assert search.stop_reason_ == "max_time"
    assert 8 < n < 16


def test_max_time_cuts_a_first_batch_in_parts(data):
    X, y = data
    Timed.starts = []
    # the first rung holds all 30 candidates (6 s), before any pace is known; its
    # slow candidates go one per part, and the parts stop at the deadline
    search = SuccessiveHalvingSearchCV(Timed(delay=0.1), {"x": Real(0, 1)}, n_candidates=30,
                                       cv=2, max_time=1.0, refit=False, random_state=0,
                                       evaluate_default=False)
    start = time.monotonic()
    search.fit(X, y)
    assert search.stop_reason_ == "max_time"
    assert 2 <= len(search.cv_results_["params"]) < 10
    assert max(Timed.starts) <= start + 1.0 + 0.05
    assert time.monotonic() - start < 1.0 + 0.3 + 0.4


def test_progress_counts_the_time_left_within_max_time(data, capsys):
    X, y = data
    BayesSearchCV(Timed(delay=0.02), {"x": Real(0, 1)}, n_iter=1000, cv=2, max_time=1.0,
                  refit=False, random_state=0, verbose=1).fit(X, y)
    lefts = [line.rpartition("~")[2] for line in capsys.readouterr().out.splitlines() if "left" in line]
    # 1000 evaluations at about 0.05 s would take about a minute: the budget ends it first
    assert lefts and all(left in ("0:00 left", "0:01 left") for left in lefts)


def test_halving_rungs_respect_max_time(data):
    X, y = data
    search = HyperbandSearchCV(Timed(delay=0.02), {"x": Real(0, 1)}, resource="budget",
                               max_resources=27, min_resources=1, cv=2, max_time=0.6,
                               refit=False, random_state=0)
    search.fit(X, y)
    planned = sum(r.n_candidates for b in search.brackets_ for r in b)
    assert search.stop_reason_ == "max_time"
    assert len(search.cv_results_["params"]) < planned
    assert search.n_candidates_[-1] == np.sum(
        (search.cv_results_["bracket"] == search.cv_results_["bracket"][-1])
        & (search.cv_results_["iter"] == search.cv_results_["iter"][-1])
    )


def test_constructor_callbacks_see_the_whole_search_and_can_stop_it(data):
    X, y = data
    seen = []

    def record(result):
        seen.append(result)
        return result.n_evaluations >= 7

    search = EvolutionarySearchCV(Timed(), {"x": Real(0, 1)}, n_iter=30, population_size=4,
                                  cv=2, random_state=0, callbacks=record).fit(X, y)
    # Generations of 4 after the default: 1, 5, 9 evaluations, then stop.
    assert [r.n_evaluations for r in seen] == [1, 5, 9]
    assert search.stop_reason_ == "callback"
    last = seen[-1]
    assert np.allclose(last.scores, search.cv_results_["mean_test_score"])
    assert last.best_score == pytest.approx(search.best_score_)
    assert last.best_params == search.best_params_
    assert np.allclose(last.func_vals, -last.scores) and last.elapsed > 0


def test_ready_stoppers(data):
    X, y = data
    search = BayesSearchCV(Timed(), {"x": Real(0, 1)}, n_iter=60, cv=2, random_state=0,
                           callbacks=[ScoreThresholdStopper(0.9)]).fit(X, y)
    scores = search.cv_results_["mean_test_score"]
    assert scores[-1] >= 0.9 and (scores[:-1] < 0.9).all()

    stop = NoImprovementStopper(n_evaluations=3, tol=0.05)
    assert not stop(OptimizeResult(func_vals=[-0.1, -0.5, -0.52]))
    assert not stop(OptimizeResult(func_vals=[-0.1, -0.5, -0.52, -0.53, -0.6]))
    assert stop(OptimizeResult(func_vals=[-0.1, -0.5, -0.52, -0.53, -0.54]))
    assert not stop(OptimizeResult(func_vals=[np.nan, np.nan, np.nan, -0.1]))

    deadline = DeadlineStopper(5.0)
    assert not deadline(OptimizeResult(func_vals=[], elapsed=4.9))
    assert deadline(OptimizeResult(func_vals=[], elapsed=5.0))
    with pytest.raises(ValueError, match="n_evaluations must be an integer >= 1"):
        NoImprovementStopper(0)
    with pytest.raises(ValueError, match="total_time must be a number > 0"):
        DeadlineStopper(-1)
    with pytest.raises(ValueError, match="score must be a number"):
        ScoreThresholdStopper("high")

    flat = DeltaYStopper(0.01, n_best=3)
    assert not flat(OptimizeResult(func_vals=[-0.5, -0.9, -0.905]))
    assert flat(OptimizeResult(func_vals=[-0.5, -0.9, -0.905, np.nan, -0.899]))
    assert not flat(OptimizeResult(func_vals=[-0.5, -0.9, -0.905, -0.85]))
    with pytest.raises(ValueError, match="n_best must be an integer >= 2"):
        DeltaYStopper(0.1, n_best=1)
    with pytest.raises(ValueError, match="delta must be a number > 0"):
        DeltaYStopper(0)


def test_scikit_optimize_stoppers_stop_on_its_terms(data):
    X, y = data
    # ThresholdStopper reads func_vals (minus the score): -0.9 is a score of 0.9
    search = BayesSearchCV(Timed(), {"x": Real(0, 1)}, n_iter=60, cv=2, random_state=0,
                           callbacks=[ThresholdStopper(-0.9)]).fit(X, y)
    scores = search.cv_results_["mean_test_score"]
    assert scores[-1] >= 0.9 and (scores[:-1] < 0.9).all()
    hollow = HollowIterationsStopper(n_iterations=3, threshold=0.05)
    assert not hollow(OptimizeResult(func_vals=[-0.1, -0.5, -0.52, -0.53, -0.6]))
    assert hollow(OptimizeResult(func_vals=[-0.1, -0.5, -0.52, -0.53, -0.54]))
    assert (hollow.n_iterations, hollow.threshold) == (3, 0.05)
    # scikit-optimize's names and readings: threshold=, and the gain's sign ignored
    assert HollowIterationsStopper(3, threshold=-0.05).threshold == 0.05
    assert ThresholdStopper(threshold=-0.9).threshold == -0.9
    with pytest.raises(ValueError, match="threshold must be a number"):
        ThresholdStopper("low")
    with pytest.raises(ValueError, match="threshold must be a number"):
        HollowIterationsStopper(3, threshold="low")


def test_delta_x_stopper_measures_distance_as_scikit_optimize(data):
    from sklearn.svm import SVC

    near = DeltaXStopper(0.1)
    # numbers by their difference, anything else 1 when it differs
    assert near(OptimizeResult(x_iters=[[0.2, 3, "rbf"], [0.25, 3, "rbf"]]))
    assert not near(OptimizeResult(x_iters=[[0.2, 3, "rbf"], [0.25, 3, "linear"]]))
    assert not near(OptimizeResult(x_iters=[[0.2, 3, "rbf"], [0.2, 4, "rbf"]]))
    assert not near(OptimizeResult(x_iters=[[0.2]]))
    # dicts (the constructor's callbacks): a parameter switched off counts as different
    assert not near(OptimizeResult(params=[{"C": 1.0, "gamma": 0.1}, {"C": 1.0}]))
    assert near(OptimizeResult(params=[{"clf": SVC(C=2.0)}, {"clf": SVC(C=2.0)}]))
    assert not near(OptimizeResult(params=[{"clf": SVC(C=2.0)}, {"clf": SVC(C=3.0)}]))
    with pytest.raises(ValueError, match="delta must be a number > 0"):
        DeltaXStopper(0)
    # in a search: the first two configurations lie within 1.5 of each other on [0, 1]
    X, y = data
    for where in ("constructor", "fit"):
        search = BayesSearchCV(Timed(), {"x": Real(0, 1)}, n_iter=20, cv=2, random_state=0,
                               callbacks=[DeltaXStopper(1.5)] if where == "constructor" else None)
        search.fit(X, y, callback=DeltaXStopper(1.5) if where == "fit" else None)
        assert len(search.cv_results_["params"]) == 2 and search.stop_reason_ == "callback"


def test_early_stopper_and_timer_callback_as_in_scikit_optimize(data):
    X, y = data

    class AfterThree(EarlyStopper):
        def _criterion(self, result):
            return len(result.func_vals) >= 3 or None  # None goes on, as in scikit-optimize

    timer = TimerCallback()
    search = BayesSearchCV(Timed(delay=0.05), {"x": Real(0, 1)}, n_iter=20, cv=2,
                           random_state=0, refit=False)
    search.fit(X, y, callback=[timer, AfterThree()])
    assert len(search.cv_results_["params"]) == 3
    # one time per call (per batch); together the search's time at the last call
    assert len(timer.iter_time) == 3 and min(timer.iter_time) >= 0.1
    assert sum(timer.iter_time) <= search.optimizer_results_[0].elapsed
    search.fit(X, y, callback=timer)  # a second search: times start again from 0
    assert len(timer.iter_time) == 3 + 20 and min(timer.iter_time) >= 0.1
    with pytest.raises(NotImplementedError, match="_criterion"):
        EarlyStopper()(OptimizeResult(func_vals=[-0.5]))


def test_stoppers_also_work_as_fit_callbacks(data):
    X, y = data
    search = BayesSearchCV(Timed(), {"x": Real(0, 1)}, n_iter=40, cv=2, random_state=0)
    search.fit(X, y, callback=NoImprovementStopper(n_evaluations=5, tol=1.0))
    assert len(search.cv_results_["params"]) == 6
    search.fit(X, y, callback=DeltaYStopper(1.0, n_best=4))
    assert len(search.cv_results_["params"]) == 4


def test_deadline_stopper_as_fit_callback_counts_from_each_search_start(data):
    X, y = data
    stopper = DeadlineStopper(0.5)  # one instance for two searches
    counts = []
    for _ in range(2):
        search = BayesSearchCV(Timed(delay=0.1), {"x": Real(0, 1)}, n_iter=30, cv=2,
                               refit=False, random_state=0)
        search.fit(X, y, callback=stopper)
        assert search.stop_reason_ == "callback"
        assert search.optimizer_results_[0].elapsed >= 0.5
        counts.append(len(search.cv_results_["params"]))
    # 0.2 s a candidate: the callback after the third (0.6 s) stops each search.
    # Counting from the stopper's first call, the first search ran to 5 candidates
    # and the second stopped at its first callback, 2.
    assert counts[0] <= 4 and abs(counts[1] - counts[0]) <= 1


@pytest.mark.parametrize("bad, message", [
    (dict(max_time=0), "'max_time' parameter"),
    (dict(callbacks=[1]), "^callbacks must be a callable"),
    (dict(checkpoint=3), "'checkpoint' parameter"),
])
def test_bad_budget_arguments_raise_before_any_fit(data, bad, message):
    X, y = data
    Timed.starts = []
    with pytest.raises((ValueError, TypeError), match=message):
        BayesSearchCV(Timed(), {"x": Real(0, 1)}, n_iter=3, cv=2, **bad).fit(X, y)
    assert Timed.starts == []
    # fit's own argument is named as such
    with pytest.raises(TypeError, match="^callback must be a callable"):
        BayesSearchCV(Timed(), {"x": Real(0, 1)}, n_iter=3, cv=2).fit(X, y, callback=[1])
    assert Timed.starts == []


def test_verbose_one_prints_a_line_per_batch_and_no_scikit_learn_lines(data, capsys):
    X, y = data
    BayesSearchCV(Timed(), {"x": Real(0, 1)}, n_iter=4, n_points=2, cv=2, verbose=1,
                  random_state=0).fit(X, y)
    lines = capsys.readouterr().out.strip().splitlines()
    assert [line.split(" | ")[0] for line in lines] == [
        "[BayesSearchCV] 1/4 evaluations", "[BayesSearchCV] 3/4 evaluations",
        "[BayesSearchCV] 4/4 evaluations",
    ]
    assert all("best score" in line and "elapsed" in line for line in lines)
    assert "left" in lines[0] and "left" not in lines[-1]
    BayesSearchCV(Timed(), {"x": Real(0, 1)}, n_iter=2, cv=2, verbose=2, random_state=0).fit(X, y)
    out = capsys.readouterr().out
    assert "Fitting 2 folds for each of 1 candidates" in out and "[BayesSearchCV] 2/2" in out


def test_verbose_halving_says_which_rung_starts(data, capsys):
    X, y = data
    HyperbandSearchCV(Timed(), {"x": Real(0, 1)}, resource="budget", max_resources=9,
                      min_resources=3, cv=2, verbose=1, random_state=0,
                      evaluate_default=False).fit(X, y)
    rungs = [line for line in capsys.readouterr().out.splitlines() if "rung" in line]
    assert rungs == [
        "[HyperbandSearchCV] bracket 1/2, rung 1/2: 3 candidates with budget=3",
        "[HyperbandSearchCV] bracket 1/2, rung 2/2: 1 candidate with budget=9",
        "[HyperbandSearchCV] bracket 2/2, rung 1/1: 2 candidates with budget=9",
    ]


class CheapLooksBetter(Timed):
    """Scores higher on a smaller budget, as a model can on a small subsample."""

    def score(self, X, y, sample_weight=None):
        return self.x + 1.0 / self.budget


def test_halving_reports_the_best_on_the_largest_resource(data, capsys):
    X, y = data
    seen = []
    search = HyperbandSearchCV(CheapLooksBetter(), {"x": Real(0, 1)}, resource="budget",
                               max_resources=9, min_resources=1, cv=2, verbose=1, random_state=0,
                               callbacks=lambda r: seen.append((r.best_score, r.best_params)) and False,
                               ).fit(X, y)
    # after the last batch, the callbacks and the progress line agree with best_score_
    assert seen[-1] == (pytest.approx(search.best_score_), search.best_params_)
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert f"best score {search.best_score_:.6g}" in last
    # cheaper rows score higher here, yet none of them is reported as the best
    assert max(search.cv_results_["mean_test_score"]) > search.best_score_ + 0.5


def test_halving_progress_extrapolates_from_the_resources_spent(data, monkeypatch):
    X, y = data
    seen = []
    monkeypatch.setattr(Progress, "update", lambda self, n, best, cost_done=None, within_batch=False:
                        within_batch or seen.append((n, cost_done, self.planned_cost)))
    SuccessiveHalvingSearchCV(Timed(), {"x": Real(0, 1)}, resource="budget", max_resources=27,
                              min_resources=3, n_candidates=9, cv=2, verbose=1, random_state=0,
                              evaluate_default=False).fit(X, y)
    # rungs of 9 x 3, 3 x 9 and 1 x 27: a third of the cost each
    assert seen == [(9, 27, 81), (12, 54, 81), (13, 81, 81)]


def test_progress_line():
    progress = Progress("Search", planned=10, stream=io.StringIO(), bar=False)
    start = progress._start
    assert progress.line(4, 0.91234567, now=start + 80) == (
        "[Search] 4/10 evaluations | best score 0.912346 | 1:20 elapsed | ~2:00 left"
    )
    # evaluations of unequal cost: the time left follows the cost, not the count
    costly = Progress("Search", planned=10, stream=io.StringIO(), bar=False, planned_cost=100)
    assert costly.line(8, 0.5, now=costly._start + 20, cost_done=25).endswith("~1:00 left")
    assert progress.line(0, None, now=start + 3) == "[Search] 0/10 evaluations | no score yet | 0:03 elapsed"
    # a time budget ends the search before the extrapolated end
    budgeted = Progress("Search", planned=10, stream=io.StringIO(), bar=False, max_time=90)
    assert budgeted.line(4, 0.5, now=budgeted._start + 80).endswith("1:20 elapsed | ~0:10 left")
    assert budgeted.line(4, 0.5, now=budgeted._start + 20).endswith("~0:30 left")


def test_progress_bar():
    pytest.importorskip("tqdm")  # the progress extra, installed with the README's test command
    stream = io.StringIO()
    bar = Progress("Search", planned=10, stream=stream, bar=True)
    bar.update(5, 0.5)
    bar.note("rung 2/3")
    bar.update(7, 0.6, within_batch=True)  # a bar follows every part of a batch
    bar.close()
    assert "5/10" in stream.getvalue() and "best=0.5" in stream.getvalue()
    assert "[Search] rung 2/3\n" in stream.getvalue()
    assert "7/10" in stream.getvalue() and "best=0.6" in stream.getvalue()
    # the time left is the lines' estimate, capped by max_time (tqdm's own counts
    # evaluations alone and knows no budget)
    stream = io.StringIO()
    budgeted = Progress("Search", planned=10, stream=stream, bar=True, max_time=90)
    budgeted._start -= 80  # 80 s into the search at 4 of 10 evaluations: 2 min more by pace
    budgeted.update(4, 0.5)
    budgeted.close()
    assert "left=~0:10" in stream.getvalue() and "<" not in stream.getvalue()


def test_progress_lines_within_a_batch_come_every_line_seconds(monkeypatch):
    stream = io.StringIO()
    lines = Progress("Search", planned=10, stream=stream, bar=False)
    lines.update(3, 0.5, within_batch=True)  # just started: too soon for a line
    lines.update(4, 0.5)  # a batch's end always gets one
    lines._last_line -= 11  # as if 11 s had passed
    lines.update(6, 0.5, within_batch=True)
    lines.update(7, 0.5, within_batch=True)
    shown = [line.split()[1] for line in stream.getvalue().splitlines()]
    assert shown == ["4/10", "6/10"]


def test_initial_points_are_evaluated_first_and_counted(data):
    X, y = data
    search = BayesSearchCV(Timed(), {"x": Real(0, 1)}, n_iter=6, cv=2, random_state=0,
                           initial_points=[{"x": 0.11}, {"x": 0.22}]).fit(X, y)
    xs = [p["x"] for p in search.cv_results_["params"]]
    assert xs[:3] == [0.5, 0.11, 0.22] and len(xs) == 6


def test_initial_points_beyond_the_budget_are_dropped_with_a_warning(data):
    X, y = data
    initial = [{"x": v} for v in (0.1, 0.2, 0.3, 0.4)]
    with pytest.warns(UserWarning, match="initial_points holds 4 configurations to evaluate, "
                                         "but n_iter leaves room for 2"):
        search = BayesSearchCV(Timed(), {"x": Real(0, 1)}, n_iter=3, cv=2, random_state=0,
                               initial_points=initial).fit(X, y)
    assert [p["x"] for p in search.cv_results_["params"]] == [0.5, 0.1, 0.2]
    # with scikit-optimize's (dict, n_iter) pairs the first pair's n_iter sets the room
    with pytest.warns(UserWarning, match=r"but search_spaces\[0\]'s n_iter leaves room for 2"):
        pairs = BayesSearchCV(Timed(), [({"x": Real(0, 1)}, 3), ({"x": Real(0, 1)}, 2)], n_iter=50,
                              cv=2, random_state=0, initial_points=initial).fit(X, y)
    assert [p["x"] for p in pairs.cv_results_["params"][:3]] == [0.5, 0.1, 0.2]
    assert len(pairs.cv_results_["params"]) == 5
    with pytest.warns(UserWarning, match="the first rung takes 3 candidates .*: 2 of them"):
        halving = SuccessiveHalvingSearchCV(
            Timed(), {"x": Real(0, 1)}, resource="budget", max_resources=9, min_resources=3,
            n_candidates=3, cv=2, random_state=0, initial_points=initial,
        ).fit(X, y)
    assert [p["x"] for p in halving.cv_results_["params"][:3]] == [0.5, 0.1, 0.2]


def test_hyperband_starts_initial_points_in_later_brackets_when_the_first_is_full(data):
    X, y = data
    # brackets start 9, 5 and 3 candidates (min_resources 1, max_resources 9)
    initial = [{"x": round(0.05 * i, 2)} for i in range(1, 13)]  # 12 configurations
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # room for all: no warning
        search = HyperbandSearchCV(
            Timed(), {"x": Real(0, 1)}, resource="budget", max_resources=9, min_resources=1,
            cv=2, random_state=0, initial_points=initial,
        ).fit(X, y)
    res = search.cv_results_
    starts = [(p["x"], b) for p, i, b in zip(res["params"], res["iter"], res["bracket"]) if i == 0]
    given = [c["x"] for c in initial]
    # the estimator's own configuration, then the first eight given, fill bracket 0;
    # the other four open bracket 1
    assert [x for x, b in starts if b == 0][:9] == [0.5] + given[:8]
    assert [x for x, b in starts if b == 1][:4] == given[8:]
    more = initial + [{"x": round(0.9 + 0.01 * i, 2)} for i in range(7)]  # 19 in all
    with pytest.warns(UserWarning, match="holds 19 configurations to evaluate, but the "
                                         "brackets' first rungs take 17 candidates .*: 3 of"):
        HyperbandSearchCV(
            Timed(), {"x": Real(0, 1)}, resource="budget", max_resources=9, min_resources=1,
            cv=2, random_state=0, initial_points=more,
        ).fit(X, y)


def test_initial_points_from_cv_results_inform_without_refitting(data):
    X, y = data
    first = BayesSearchCV(Timed(), {"x": Real(0, 1)}, n_iter=8, cv=2, random_state=0).fit(X, y)
    Timed.starts = []
    second = BayesSearchCV(Timed(), {"x": Real(0, 1)}, n_iter=4, cv=2, random_state=1,
                           evaluate_default=False, initial_points=first.cv_results_).fit(X, y)
    assert len(second.cv_results_["params"]) == 4 and len(Timed.starts) == 4 * 2 + 1
    # Told that large x scores best, the model proposes near the best seen so far.
    assert min(p["x"] for p in second.cv_results_["params"]) > 0.5
    cold = BayesSearchCV(Timed(), {"x": Real(0, 1)}, n_iter=4, cv=2, random_state=1,
                         evaluate_default=False).fit(X, y)
    assert second.best_score_ > cold.best_score_


@pytest.mark.parametrize("scoring, refit, metric", [
    ("accuracy", True, "accuracy"),  # list scoring names its columns after the scorers
    (None, True, "score"),
    ({"a": "accuracy", "b": "balanced_accuracy"}, "b", "b"),
    ({"a": "accuracy", "b": "balanced_accuracy"}, "a", "a"),
    (lambda est, X, y: {"a": est.score(X, y), "b": est.score(X, y)}, "b", "b"),  # a callable's
])
def test_initial_points_of_several_metrics_give_this_searchs_own(data, scoring, refit, metric):
    X, y = data
    columns = {name: np.array([0.1 * (k + 1), 0.5, 0.9 - 0.1 * k]) for k, name in
               enumerate(["a", "b", "accuracy", "roc_auc", "score"])}
    results = {"params": [{"x": 0.1}, {"x": 0.5}, {"x": 0.9}],
               **{f"mean_test_{name}": values for name, values in columns.items()}}
    search = BayesSearchCV(Timed(), {"x": Real(0, 1)}, n_iter=1, cv=2, scoring=scoring,
                           refit=refit, evaluate_default=False, initial_points=results)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # one evaluation: no model proposes it
        search.fit(X, y)
    assert np.array_equal(search.optimizer_results_[0].func_vals[:3], -columns[metric])


def test_initial_points_of_several_metrics_that_cannot_be_told_apart_are_refused(data):
    X, y = data
    results = {"params": [{"x": 0.1}, {"x": 0.9}], "mean_test_acc": [0.9, 0.1],
               "mean_test_auc": [0.1, 0.9]}
    Timed.starts = []
    for scoring in (None, "accuracy"):
        search = BayesSearchCV(Timed(), {"x": Real(0, 1)}, n_iter=3, cv=2, scoring=scoring,
                               initial_points=results)
        with pytest.raises(ValueError, match=r"several metrics \['acc', 'auc'\], and which of "
                                             f"them is this search's scoring={scoring!r}"):
            search.fit(X, y)
    assert Timed.starts == []


def test_initial_points_read_dataframes_and_csv_of_cv_results():
    import io

    import pandas as pd
    from sklearn.datasets import load_iris
    from sklearn.svm import SVC

    X, y = load_iris(return_X_y=True)
    space = [  # a conditional space: inactive parameters are masked, NaN in a frame
        {"kernel": ["rbf"], "C": Real(1e-2, 1e2, prior="log-uniform"), "gamma": Real(1e-3, 1, prior="log-uniform")},
        {"kernel": ["poly"], "C": Real(1e-2, 1e2, prior="log-uniform"), "degree": Integer(2, 4)},
    ]
    first = BayesSearchCV(SVC(), space, n_iter=6, cv=3, random_state=0).fit(X, y)
    frame = pd.DataFrame(first.cv_results_)
    # CSV keeps numbers in a column of their own, and as text beside gamma='scale'
    saved = pd.read_csv(io.StringIO(frame.to_csv(index=False)))
    assert saved["param_gamma"].dropna().map(type).eq(str).all()

    def proposals(initial):
        with pytest.warns(UserWarning, match="1 of the 12 results"):  # the default's gamma='scale'
            search = BayesSearchCV(SVC(), space, n_iter=5, cv=3, random_state=1, initial_points=initial)
            return search.fit(X, y).cv_results_["params"]

    told = proposals(first.cv_results_)
    assert proposals(frame) == told
    assert proposals(saved) == told
    cold = BayesSearchCV(SVC(), space, n_iter=5, cv=3, random_state=1).fit(X, y).cv_results_["params"]
    assert cold != told


def test_initial_points_read_lists_and_tuples_back_from_csv():
    import io

    import pandas as pd
    from sklearn.datasets import load_iris
    from sklearn.linear_model import LogisticRegression
    from sklearn.neural_network import MLPClassifier
    from sklearn.pipeline import Pipeline

    from sktune import ColumnSubset, Subset

    X, y = load_iris(return_X_y=True)
    # CSV writes a feature subset's list as "[0, 2]" and a layer sizes tuple as "(5, 5)"
    subsets = (Pipeline([("cols", ColumnSubset()), ("clf", LogisticRegression(max_iter=500))]),
               {"cols__columns": Subset([0, 1, 2, 3], min_size=2),
                "clf__C": Real(1e-2, 1e2, prior="log-uniform")})
    layers = (MLPClassifier(max_iter=20, random_state=0),
              {"hidden_layer_sizes": [(5,), (10,), (5, 5)],
               "alpha": Real(1e-5, 1e-1, prior="log-uniform")})
    for estimator, space in (subsets, layers):
        # evaluate_default=False: the estimator's own columns=None would reach CSV as a
        # missing value, which is read as an inactive parameter (see the docs)
        first = BayesSearchCV(estimator, space, n_iter=8, cv=3, random_state=0,
                              evaluate_default=False)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the MLP's convergence
            first.fit(X, y)
        saved = pd.read_csv(io.StringIO(pd.DataFrame(first.cv_results_).to_csv(index=False)))
        name = next(iter(space))
        assert saved[f"param_{name}"].map(type).eq(str).all()

        def proposals(initial):
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                search = BayesSearchCV(estimator, space, n_iter=4, cv=3, random_state=1,
                                       initial_points=initial).fit(X, y)
            assert not any("not given to the optimizer" in str(w.message) for w in caught)
            return search.cv_results_["params"]

        assert proposals(saved) == proposals(first.cv_results_)


def test_initial_points_read_a_dataframe_of_configurations(data):
    import pandas as pd

    X, y = data
    configs = [{"x": 0.11}, {"x": 0.22}]
    frames = [pd.DataFrame(configs)]
    polars = pytest.importorskip("polars")  # in the test extra: skipped only outside it
    frames.append(polars.DataFrame(configs))
    for frame in frames:
        search = BayesSearchCV(Timed(), {"x": Real(0, 1)}, n_iter=4, cv=2, random_state=0,
                               initial_points=frame).fit(X, y)
        xs = [p["x"] for p in search.cv_results_["params"]]
        assert xs[:3] == [0.5, 0.11, 0.22] and all(type(x) is float for x in xs)
    with pytest.raises(ValueError, match=r"initial_points sets \['mean_test_score'\]"):
        BayesSearchCV(Timed(), {"x": Real(0, 1)}, n_iter=3, cv=2,
                      initial_points=pd.DataFrame({"mean_test_score": [0.5]})).fit(X, y)


def test_halving_takes_initial_points_in_its_first_rung(data):
    X, y = data
    search = HyperbandSearchCV(Timed(), {"x": Real(0, 1)}, resource="budget", max_resources=9,
                               min_resources=1, cv=2, random_state=0, evaluate_default=False,
                               initial_points=[{"x": 1.0}]).fit(X, y)
    # x = 1 scores highest: the warm-start point survives every rung and wins.
    assert search.cv_results_["params"][0]["x"] == 1.0
    assert search.best_params_["x"] == 1.0


@pytest.mark.parametrize("initial, message", [
    ([{"nope": 1}], r"initial_points sets \['nope'\]"),
    ({"params": []}, "must be a search's cv_results_"),
    ("x", "'initial_points' parameter"),
    ([1, 2], "must be a list of parameter dicts"),
])
def test_bad_initial_points_raise_before_any_fit(data, initial, message):
    X, y = data
    Timed.starts = []
    with pytest.raises(ValueError, match=message):
        BayesSearchCV(Timed(), {"x": Real(0, 1)}, n_iter=3, cv=2, initial_points=initial).fit(X, y)
    assert Timed.starts == []


@pytest.mark.parametrize("search_class", [BayesSearchCV, SuccessiveHalvingSearchCV])
def test_initial_points_a_chosen_step_cannot_take_raise_before_any_fit(search_class):
    # the names exist in the space (a tree's max_depth), but not on the SVC this point chooses
    from sklearn.datasets import load_iris
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.svm import SVC
    from sklearn.tree import DecisionTreeClassifier

    X, y = load_iris(return_X_y=True)
    pipe = Pipeline([("clf", LogisticRegression())])
    space = {"clf": {LogisticRegression(): {"clf__C": Real(0.1, 10.0)},
                     DecisionTreeClassifier(): {"clf__max_depth": Integer(1, 5)}}}
    point = {"clf": SVC(), "clf__max_depth": 3}
    search = search_class(pipe, space, cv=2, initial_points=[point])
    with pytest.raises(ValueError, match=r"initial_points\[0\] = .* cannot be set on the estimator: "
                                         r"Invalid parameter 'max_depth' for estimator SVC"):
        search.fit(X, y)
    assert not hasattr(search, "cv_results_")
    # a point that can be set is left as given (set_params would have changed its tree)
    tree = DecisionTreeClassifier()
    point = {"clf": tree, "clf__max_depth": 3}
    budget = dict(n_iter=6) if search_class is BayesSearchCV else {}
    search = search_class(pipe, space, cv=2, random_state=0, initial_points=[point], **budget)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        search.fit(X, y)
    assert not [w for w in caught if "not a point of search_spaces" in str(w.message)]
    assert tree.max_depth is None
    assert any(type(p["clf"]) is DecisionTreeClassifier and p["clf__max_depth"] == 3
               for p in search.cv_results_["params"])


def test_initial_points_cannot_set_the_warm_start_wrappers_own_parameters():
    from sklearn.ensemble import RandomForestClassifier

    X, y = np.zeros((60, 2)), np.arange(60) % 2
    search = SuccessiveHalvingSearchCV(RandomForestClassifier(), {"max_depth": Integer(1, 5)},
                                       resource="n_estimators", max_resources=9, cv=2,
                                       initial_points=[{"max_depth": 2, "store": "elsewhere"}])
    with pytest.raises(ValueError, match=r"initial_points sets \['store'\]"):
        search.fit(X, y)


def test_halving_says_which_initial_points_it_cannot_start(data):
    X, y = data
    search = SuccessiveHalvingSearchCV(Timed(), {"x": Real(0, 0.5)}, resource="budget", max_resources=9,
                                       min_resources=1, cv=2, random_state=0,
                                       initial_points=[{"x": 0.2}, {"x": 0.9}])
    with pytest.warns(UserWarning, match=r"1 of the 2 configurations in initial_points is not a point "
                                         r"of search_spaces \(such as \{'x': 0.9\}\)"):
        search.fit(X, y)
    xs = [p["x"] for p in search.cv_results_["params"]]
    assert 0.2 in xs and 0.9 not in xs


def test_verbose_callback_prints_each_evaluation_once_and_never_stops(capsys):
    X, y = np.zeros((20, 1)), np.arange(20) % 2
    show = VerboseCallback(n_total=6)
    search = BayesSearchCV(Timed(), {"x": Real(0, 1)}, n_iter=6, n_points=2, cv=2, random_state=0,
                           callbacks=[show]).fit(X, y)
    lines = capsys.readouterr().out.strip().splitlines()
    assert [line.split(":")[0] for line in lines] == [f"evaluation {k}/6" for k in range(1, 7)]
    scores = search.cv_results_["mean_test_score"]
    for k, line in enumerate(lines):
        assert f"score {scores[k]:.4g}, best {scores[: k + 1].max():.4g} (" in line
    assert search.stop_reason_ is None
    # as a fit callback it starts afresh on each subspace
    spaces = [({"x": Real(0, 0.5)}, 2), ({"x": Real(0.5, 1)}, 3)]
    BayesSearchCV(Timed(), spaces, cv=2, random_state=0, evaluate_default=False).fit(
        X, y, callback=VerboseCallback(n_total=5))
    lines = capsys.readouterr().out.strip().splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "evaluation 1/5", "evaluation 2/5", "evaluation 1/5", "evaluation 2/5", "evaluation 3/5"]
    with pytest.raises(ValueError, match="n_total must be an integer >= 0"):
        VerboseCallback(n_total=-1)


def test_checkpoint_saver_writes_the_progress_after_every_batch(tmp_path):
    import joblib

    X, y = np.zeros((20, 1)), np.arange(20) % 2
    path = tmp_path / "progress.pkl"
    seen = []

    def read_back(result):  # runs after the saver: the file must hold this batch already
        seen.append(len(joblib.load(path).func_vals))
        return False

    search = BayesSearchCV(Timed(), {"x": Real(0, 1)}, n_iter=6, n_points=2, cv=2, random_state=0,
                           evaluate_default=False)
    search.fit(X, y, callback=[CheckpointSaver(path, compress=3), read_back])
    assert seen == [2, 4, 6]
    saved = joblib.load(path)
    scores = search.cv_results_["mean_test_score"]
    assert np.array_equal(saved.func_vals, -scores)
    assert [x[0] for x in saved.x_iters] == [p["x"] for p in search.cv_results_["params"]]
    assert not [f for f in tmp_path.iterdir() if f != path]  # no temporary file left

    # a constructor callback saves the whole search: params and scores
    whole = tmp_path / "whole.pkl"
    search = BayesSearchCV(Timed(), {"x": Real(0, 1)}, n_iter=4, cv=2, random_state=0,
                           callbacks=[CheckpointSaver(str(whole), store_objective=False)]).fit(X, y)
    saved = joblib.load(whole)
    assert np.array_equal(saved.scores, search.cv_results_["mean_test_score"])
    assert saved.params == list(search.cv_results_["params"])


def test_checkpoint_saver_that_cannot_save_warns_once_and_the_search_goes_on(tmp_path):
    X, y = np.zeros((20, 1)), np.arange(20) % 2
    missing = tmp_path / "no such folder" / "progress.pkl"
    search = BayesSearchCV(Timed(), {"x": Real(0, 1)}, n_iter=6, n_points=2, cv=2, random_state=0)
    with pytest.warns(UserWarning, match="CheckpointSaver could not save") as record:
        search.fit(X, y, callback=CheckpointSaver(missing))
    assert len([w for w in record if "CheckpointSaver" in str(w.message)]) == 1
    assert len(search.cv_results_["params"]) == 6 and search.stop_reason_ is None


@pytest.mark.parametrize("args, kwargs, message", [
    ((3,), {}, "checkpoint_path must be a file path"),
    (("a.pkl",), {"compression": 3}, r"dump_options must be among .* Got \['compression'\]"),
])
def test_checkpoint_saver_refuses_bad_arguments(args, kwargs, message):
    with pytest.raises(ValueError, match=message):
        CheckpointSaver(*args, **kwargs)


def test_initial_points_from_a_halving_search_keep_only_its_largest_resource():
    from sktune._initial_points import parse_initial_points

    results = {"params": [{"x": 0.1}, {"x": 0.2}, {"x": 0.3}, {"x": 0.4}, {"x": 0.5}],
               "mean_test_score": np.array([0.9, 0.8, 0.5, 0.6, 0.4]),
               "n_resources": np.array([1, 1, 3, 9, 9])}
    configs, scores = parse_initial_points(results, None, True, Timed(), [])
    # the high scores of the small rungs are not comparable and are left out
    assert configs == [{"x": 0.4}, {"x": 0.5}]
    np.testing.assert_array_equal(scores, [0.6, 0.4])


def test_results_of_a_halving_search_over_a_parameter_inform_a_search_at_that_value(data):
    X, y = data
    hb = HyperbandSearchCV(Timed(), {"x": Real(0, 1)}, resource="budget", max_resources=9,
                           min_resources=1, cv=2, random_state=0, evaluate_default=False).fit(X, y)
    top = np.flatnonzero(np.asarray(hb.cv_results_["n_resources"]) == 9)
    assert all(hb.cv_results_["params"][i]["budget"] == 9 for i in top)
    # budget=9 is this estimator's own value: the rows are points of its space
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        warm = BayesSearchCV(Timed(budget=9), {"x": Real(0, 1)}, n_iter=2, cv=2, random_state=0,
                             evaluate_default=False, initial_points=hb.cv_results_).fit(X, y)
    told = warm.optimizer_results_[0].x_iters
    assert len(told) == len(top) + 2
    assert [x[0] for x in told[: len(top)]] == [hb.cv_results_["params"][i]["x"] for i in top]
    # with another budget they describe other models: not told, and said so
    with pytest.warns(UserWarning, match=rf"{len(top)} of the {len(top)} results in initial_points "
                                         "are not given to the optimizer"):
        cold = BayesSearchCV(Timed(budget=1), {"x": Real(0, 1)}, n_iter=2, cv=2, random_state=0,
                             evaluate_default=False, initial_points=hb.cv_results_).fit(X, y)
    assert len(cold.optimizer_results_[0].x_iters) == 2
