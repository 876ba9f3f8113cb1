"""Searches on a Dask cluster through joblib's dask backend (extra ``distributed``)."""

import joblib
import numpy as np
import pytest
from sklearn.datasets import load_iris
from sklearn.svm import SVC

from sktune import BayesSearchCV, EvolutionarySearchCV, Real, SuccessiveHalvingSearchCV

distributed = pytest.importorskip("distributed")

SPACE = {"C": Real(1e-2, 1e2, prior="log-uniform"), "gamma": Real(1e-3, 1e1, prior="log-uniform")}


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as cluster:
        with distributed.Client(cluster) as client:
            yield client


@pytest.mark.parametrize("make", [
    lambda **kw: BayesSearchCV(SVC(), SPACE, n_iter=8, n_points=2, cv=3, random_state=0, **kw),
    lambda **kw: EvolutionarySearchCV(SVC(), SPACE, n_iter=12, population_size=4, cv=3,
                                      random_state=0, **kw),
    lambda **kw: SuccessiveHalvingSearchCV(SVC(), SPACE, n_candidates=9, min_resources=30, cv=3,
                                           random_state=0, **kw),
], ids=["bayes", "evolutionary", "halving"])
def test_results_on_a_dask_cluster_equal_the_local_run(client, make):
    X, y = load_iris(return_X_y=True)
    local = make().fit(X, y)
    with joblib.parallel_backend("dask"):
        remote = make(n_jobs=-1).fit(X, y)
    assert remote.cv_results_["params"] == local.cv_results_["params"]
    assert np.allclose(remote.cv_results_["mean_test_score"], local.cv_results_["mean_test_score"])
    assert remote.best_params_ == local.best_params_


def test_auto_batches_match_the_cluster_workers(client):
    X, y = load_iris(return_X_y=True)
    sizes = []
    search = BayesSearchCV(SVC(), SPACE, n_iter=9, n_points="auto", cv=2, random_state=0,
                           evaluate_default=False)
    with joblib.parallel_backend("dask"):
        search.fit(X, y, callback=lambda r: sizes.append(len(r.x_iters)) and False)
    # 2 workers x 2 threads, 2 folds: batches of ceil(4 / 2) = 2 configurations.
    assert np.diff([0] + sizes).tolist() == [2] * 4 + [1]
    local = BayesSearchCV(SVC(), SPACE, n_iter=8, n_points="auto", cv=2, random_state=0,
                          evaluate_default=False, n_jobs=6)
    sizes.clear()
    with joblib.parallel_backend("threading"):  # six processes would cost seconds to start
        local.fit(X, y, callback=lambda r: sizes.append(len(r.x_iters)) and False)
    assert np.diff([0] + sizes).tolist() == [3, 3, 2]
