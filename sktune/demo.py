"""Tune a scikit-learn pipeline with BayesSearchCV and compare it with its defaults.

Run ``python -m sktune.demo`` (``--help`` for options). It uses the diabetes data
set that ships with scikit-learn, holds a quarter of it out, tunes a scaler + SVR
pipeline by 5-fold cross-validation on the rest, and prints the default and tuned
R^2 scores and the best parameters.
"""

from __future__ import annotations

import argparse
import time

from sklearn.datasets import load_diabetes
from sklearn.model_selection import KFold, cross_val_score, train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import QuantileTransformer, StandardScaler
from sklearn.svm import SVR

from . import BayesSearchCV
from .space import Categorical, Real


def build_search(n_iter: int, random_state: int) -> BayesSearchCV:
    """The demo's search: which scaler, and the SVR's C, epsilon and gamma."""
    pipeline = Pipeline([("scale", StandardScaler()), ("svr", SVR())])
    space = {
        "scale": Categorical([StandardScaler(), QuantileTransformer(n_quantiles=100)]),
        "svr__C": Real(1e-2, 1e4, prior="log-uniform"),
        "svr__epsilon": Real(1e-2, 1e2, prior="log-uniform"),
        "svr__gamma": Real(1e-5, 1e1, prior="log-uniform"),
    }
    cv = KFold(5, shuffle=True, random_state=random_state)
    return BayesSearchCV(pipeline, space, n_iter=n_iter, cv=cv, random_state=random_state)


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n-iter", type=int, default=30, help="evaluations (default 30)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)

    X, y = load_diabetes(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.25, random_state=args.seed
    )
    search = build_search(args.n_iter, args.seed)
    start = time.perf_counter()
    search.fit(X_train, y_train)
    elapsed = time.perf_counter() - start

    default = search.estimator
    default_cv = cross_val_score(default, X_train, y_train, cv=search.cv).mean()
    default_test = default.fit(X_train, y_train).score(X_test, y_test)
    tuned_test = search.score(X_test, y_test)

    print(f"Data: diabetes ({len(X_train)} training, {len(X_test)} held-out samples)")
    print(f"Search: BayesSearchCV, {args.n_iter} evaluations, 5-fold CV, {elapsed:.1f} s\n")
    print(f"{'':24}{'CV R^2':>12}{'held-out':>10}")
    print(f"{'default configuration':24}{default_cv:12.4f}{default_test:10.4f}")
    print(f"{'tuned configuration':24}{search.best_score_:12.4f}{tuned_test:10.4f}\n")
    print("Best parameters:")
    for name, value in search.best_params_.items():
        print(f"  {name} = {value!r}")
    return dict(default_cv=default_cv, default_test=default_test,
                tuned_cv=search.best_score_, tuned_test=tuned_test)


if __name__ == "__main__":
    main()
