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
