"""Successive halving and Hyperband where scikit-learn's HalvingRandomSearchCV runs.

Run: ``python docs/examples/multifidelity_search.py``. Tunes a random forest on the
digits data over the number of trees (3 to 81), three ways: scikit-learn's
``HalvingRandomSearchCV``, sktune's ``SuccessiveHalvingSearchCV`` given the same
arguments, and ``HyperbandSearchCV`` with Bayesian proposals. Prints each search's
rungs, wall time, best configuration and held-out accuracy.
"""

import time

from scipy.stats import randint, uniform
from sklearn.datasets import load_digits
from sklearn.ensemble import RandomForestClassifier
from sklearn.experimental import enable_halving_search_cv  # noqa: F401
from sklearn.model_selection import HalvingRandomSearchCV, train_test_split

from sktune import HyperbandSearchCV, SuccessiveHalvingSearchCV


def main(n_candidates=27, max_resources=81, random_state=0):
    X, y = load_digits(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(X, y, stratify=y, random_state=0)

    forest = RandomForestClassifier(random_state=0)
    # scipy.stats distributions, as HalvingRandomSearchCV takes them
    distributions = {
        "max_depth": randint(2, 30),
        "max_features": uniform(0.05, 0.95),
        "min_samples_leaf": randint(1, 10),
    }
    # the resource is the number of trees: 3 on the first rung, then 9, 27 and 81
    budget = dict(resource="n_estimators", min_resources=3, max_resources=max_resources,
                  factor=3, cv=3, random_state=random_state)
    searches = {
        "scikit-learn HalvingRandomSearchCV": HalvingRandomSearchCV(
            forest, distributions, n_candidates=n_candidates, **budget),
        # the same call with the class name changed; survivors keep their trees
        "sktune SuccessiveHalvingSearchCV": SuccessiveHalvingSearchCV(
            forest, distributions, n_candidates=n_candidates, **budget),
        # several brackets, candidates proposed by a model of the results so far
        "sktune HyperbandSearchCV (Bayesian)": HyperbandSearchCV(
            forest, distributions, sampler="bayes", **budget),
    }
    for name, search in searches.items():
        start = time.perf_counter()
        search.fit(X_train, y_train)
        seconds = time.perf_counter() - start
        rungs = ", ".join(f"{c} on {r}" for c, r in zip(search.n_candidates_, search.n_resources_))
        print(f"{name}: {seconds:.1f} s, held-out accuracy {search.score(X_test, y_test):.4f}")
        print(f"  candidates on trees, rung by rung: {rungs}")
        print(f"  best: {search.best_params_}")
    return searches


if __name__ == "__main__":
    main()
