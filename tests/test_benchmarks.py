"""The benchmark harness itself: known optima and a tiny run without the peers."""

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import problems  # noqa: E402


@pytest.mark.parametrize(
    "name, point",
    [
        ("branin", {"x0": np.pi, "x1": 2.275}),
        ("hartmann6", {f"x{i}": v for i, v in enumerate([0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573])}),
        ("ackley5", {f"x{i}": 0.0 for i in range(5)}),
        ("mixed", {"x0": 0.7, "x1": 0.3, "x2": 0.6, "n": 13, "c": "b"}),
    ],
)
def test_synthetic_functions_reach_their_known_optimum(name, point):
    spec = problems.SYNTHETIC[name]
    assert spec["function"](point) == pytest.approx(spec["optimum"], abs=1e-4)
    assert problems.random_mean(name, n=2000) > spec["optimum"] + 0.1


def test_synthetic_estimator_scores_minus_the_function():
    est = problems.SyntheticEstimator(problem="branin", x0=np.pi, x1=2.275)
    X, y, _ = problems.synthetic_data()
    assert est.fit(X, y).score(X, y) == pytest.approx(-0.397887, abs=1e-5)


def test_sktune_beats_random_on_the_smoke_problem():
    import methods

    X, y, cv = problems.synthetic_data()
    best = {}
    for method in ("sktune", "random"):
        found = []
        for seed in range(3):
            search = methods.make_search(
                method, problems.SyntheticEstimator(problem="branin"),
                problems.SYNTHETIC["branin"]["space"], 20, cv, seed, refit=False,
                evaluate_default=False,
            ).fit(X, y)
            found.append(-max(methods.cv_scores(search)))
        best[method] = np.mean(found)
    assert best["sktune"] < best["random"]
    assert best["sktune"] < 1.0  # the optimum is 0.398; a random point averages about 54


@pytest.mark.parametrize(
    "name, optimum_at, blown_up_at",
    [
        ("hartmann6_diverging", [0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573],
         [0.8, 0.5, 0.5, 0.5, 0.5, 0.5]),
        ("branin_diverging", [np.pi, 2.275], [9.42478, 2.475]),
        ("hartmann6_exploding", [0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573],
         [0.95, 0.5, 0.5, 0.5, 0.5, 0.5]),
    ],
)
def test_diverging_functions_keep_their_optimum_outside_the_region_that_blows_up(
    name, optimum_at, blown_up_at
):
    spec = problems.DIVERGING[name]
    point = lambda values: {f"x{i}": v for i, v in enumerate(values)}  # noqa: E731
    assert spec["function"](point(optimum_at)) == pytest.approx(spec["optimum"], abs=1e-4)
    assert spec["function"](point(blown_up_at)) > 1e5  # Branin's third minimum is in it


def test_diverging_suite_runs_with_and_without_the_cap():
    import bench_bayes
    from sktune.optimizers import bayes

    cap = bayes.DIVERGED
    records, table = bench_bayes.diverging(range(1), 12, n_jobs=1, methods=["sktune", "sktune_no_cap"])
    assert bayes.DIVERGED == cap  # lifted around the uncapped search only
    assert len(records) == 2 * len(problems.DIVERGING) and "sktune_no_cap" in table
    assert all(np.isfinite(r["best"]) and r["best"] < 1e5 for r in records)


def test_halving_defaults_suite_compares_the_searches_at_their_defaults():
    import bench_halving

    records = bench_halving.with_defaults("iris", 0)
    assert [r["method"] for r in records] == bench_halving.DEFAULTS_METHODS
    assert all(0.5 < r["test"] <= 1 and np.isfinite(r["best_cv"]) for r in records)
    # every search halves something on iris's 105 training samples
    assert all(r["n_evals"] >= 4 for r in records)
    table = bench_halving.summarise_defaults(records)
    assert "| iris | sh_random |" in table and "(nan; " in table  # one seed: no standard error
