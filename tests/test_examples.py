"""The runnable examples in docs/examples run, and find what they claim."""

import importlib.util
from pathlib import Path

import numpy as np
import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "docs" / "examples"


def load(name):
    spec = importlib.util.spec_from_file_location(name, EXAMPLES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_pipeline_search_example(capsys):
    search = load("pipeline_search").main(n_iter=10)
    out = capsys.readouterr().out
    assert "features kept" in out and "clf__gamma masked" in out
    assert search.best_score_ >= search.default_score_
    assert np.isfinite(search.cv_results_["mean_test_score"]).all()


@pytest.mark.parametrize("part", ["regression", "classification"])
def test_problem_formulation_example(part, capsys):
    search = getattr(load("problem_formulation"), part)(n_iter=6)
    assert search.best_score_ >= search.default_score_
    assert len(search.cv_results_["params"]) == 6


def test_multifidelity_search_example(capsys):
    searches = load("multifidelity_search").main(n_candidates=9, max_resources=27)
    out = capsys.readouterr().out
    sklearn_search, halving, hyperband = searches.values()
    # the drop-in runs scikit-learn's schedule: 9 candidates on 3 trees, 3 on 9, 1 on 27
    assert halving.n_candidates_ == sklearn_search.n_candidates_ == [9, 3, 1]
    assert halving.n_resources_ == sklearn_search.n_resources_ == [3, 9, 27]
    assert "9 on 3, 3 on 9, 1 on 27" in out
    for search in (halving, hyperband):
        assert search.best_params_["n_estimators"] == 27
        assert search.score(*_digits_test_set()) > 0.9
    assert len(set(hyperband.cv_results_["bracket"])) > 1


def _digits_test_set():
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    X, y = load_digits(return_X_y=True)
    _, X_test, _, y_test = train_test_split(X, y, stratify=y, random_state=0)
    return X_test, y_test


def test_evolutionary_search_example(capsys):
    searches = load("evolutionary_search").main(n_iter=30, n_jobs=1)
    out = capsys.readouterr().out
    assert searches["auto"].strategy_ == "ga" and searches["cma"].strategy_ == "cma"
    assert "strategy='auto' ran 'ga'" in out
    for search in searches.values():
        assert len(search.cv_results_["params"]) == 30
        assert search.best_score_ > search.default_score_
        # parameters of kernels not chosen are masked, as in GridSearchCV
        degree = search.cv_results_["param_svr__degree"]
        kernels = search.cv_results_["param_svr__kernel"]
        assert all(degree.mask[i] == (kernels[i] != "poly") for i in range(len(kernels)))
