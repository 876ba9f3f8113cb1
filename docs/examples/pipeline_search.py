"""Search which features, which steps and which model together with their hyperparameters.

Run: ``python docs/examples/pipeline_search.py``. Prints the best configuration found
on the breast-cancer data with 20 noise columns added, and its held-out accuracy.
"""

import numpy as np
from sklearn.datasets import load_breast_cancer
from sklearn.decomposition import PCA
from sklearn.ensemble import RandomForestClassifier
from sklearn.feature_selection import SelectKBest
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

from sktune import BayesSearchCV, ColumnSubset, Integer, Real, Subset


def main(n_iter=30, random_state=0):
    X, y = load_breast_cancer(return_X_y=True)
    X = np.hstack([X, np.random.default_rng(0).normal(size=(len(X), 20))])
    X_train, X_test, y_train, y_test = train_test_split(X, y, stratify=y, random_state=0)

    pipeline = Pipeline([
        ("select", ColumnSubset()),          # which columns
        ("scale", StandardScaler()),
        ("reduce", "passthrough"),           # which reduction, if any
        ("clf", LogisticRegression(max_iter=1000)),  # which model
    ])
    space = {
        "select__columns": Subset(list(range(X.shape[1])), min_size=5),
        # a choice maps each option to the parameters it switches on
        "reduce": {
            PCA(): {"reduce__n_components": Integer(2, 5)},
            SelectKBest(): {"reduce__k": Integer(2, 5)},
            "passthrough": None,
        },
        "clf": {
            LogisticRegression(max_iter=1000): {"clf__C": Real(1e-3, 1e3, prior="log-uniform")},
            SVC(): {
                "clf__C": Real(1e-3, 1e3, prior="log-uniform"),
                "clf__gamma": Real(1e-4, 1e0, prior="log-uniform"),
            },
            RandomForestClassifier(n_estimators=50, random_state=0): {"clf__max_depth": Integer(2, 12)},
        },
    }
    search = BayesSearchCV(pipeline, space, n_iter=n_iter, cv=5, random_state=random_state)
    search.fit(X_train, y_train)

    best = search.best_params_
    print(f"default pipeline, CV accuracy: {search.default_score_:.4f}")
    print(f"best pipeline,    CV accuracy: {search.best_score_:.4f}, held-out: {search.score(X_test, y_test):.4f}")
    kept = best["select__columns"]
    kept = range(X.shape[1]) if kept is None else kept  # None: the untouched pipeline
    print(f"features kept: {len(kept)} of {X.shape[1]} ({sum(c >= 30 for c in kept)} of them noise)")
    for name, value in best.items():
        if name != "select__columns":
            print(f"  {name} = {value!r}")
    # parameters of steps that were not chosen are masked, as in GridSearchCV
    masked = search.cv_results_["param_clf__gamma"].mask
    print(f"evaluations without an SVC (clf__gamma masked): {masked.sum()} of {len(masked)}")
    return search


if __name__ == "__main__":
    main()
