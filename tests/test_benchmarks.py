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
