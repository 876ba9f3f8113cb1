"""Benchmark problems: synthetic test functions dressed as estimators, and real tuning tasks.

Spaces are written once in a neutral form, ``{name: spec}`` with specs
``("real", low, high, log)``, ``("int", low, high, log)`` or ``("cat", [choices])``,
and translated for each library in ``methods.py``.
"""

from __future__ import annotations

import warnings

import numpy as np
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.datasets import load_breast_cancer, load_diabetes, load_wine
from sklearn.ensemble import GradientBoostingRegressor, RandomForestClassifier
from sklearn.linear_model import ElasticNet, LogisticRegression
from sklearn.model_selection import KFold, StratifiedKFold, train_test_split
from sklearn.neighbors import KNeighborsClassifier
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC, SVR
from sklearn.tree import DecisionTreeClassifier

# ---------------------------------------------------------------- synthetic functions


def branin(p):
    x1, x2 = p["x0"], p["x1"]
    return (
        (x2 - 5.1 / (4 * np.pi**2) * x1**2 + 5 / np.pi * x1 - 6) ** 2
        + 10 * (1 - 1 / (8 * np.pi)) * np.cos(x1)
        + 10
    )


_H_A = np.array(
    [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
)
_H_P = 1e-4 * np.array(
    [
        [1312, 1696, 5569, 124, 8283, 5886],
        [2329, 4135, 8307, 3736, 1004, 9991],
        [2348, 1451, 3522, 2883, 3047, 6650],
        [4047, 8828, 8732, 5743, 1091, 381],
    ]
)
_H_ALPHA = np.array([1.0, 1.2, 3.0, 3.2])


def hartmann6(p):
    x = np.array([p[f"x{i}"] for i in range(6)])
    return -float(_H_ALPHA @ np.exp(-(_H_A * (x - _H_P) ** 2).sum(axis=1)))


def ackley5(p):
    x = np.array([p[f"x{i}"] for i in range(5)])
    return float(
        -20 * np.exp(-0.2 * np.sqrt(np.mean(x**2)))
        - np.exp(np.mean(np.cos(2 * np.pi * x)))
        + 20
        + np.e
    )


_MIXED_TARGETS = {"a": (0.2, 0.8, 0.5), "b": (0.7, 0.3, 0.6), "c": (0.4, 0.4, 0.1), "d": (0.9, 0.9, 0.9)}
_MIXED_OFFSETS = {"a": 0.3, "b": 0.0, "c": 0.15, "d": 0.6}


def mixed(p):
    """Three reals, an integer and a categorical whose choice moves the optimum."""
    t = _MIXED_TARGETS[p["c"]]
    reals = sum((p[f"x{i}"] - t[i]) ** 2 for i in range(3))
    return _MIXED_OFFSETS[p["c"]] + reals + ((p["n"] - 13) / 10.0) ** 2


SYNTHETIC = {
    "branin": dict(
        function=branin,
        optimum=0.397887,
        space={"x0": ("real", -5.0, 10.0, False), "x1": ("real", 0.0, 15.0, False)},
    ),
    "hartmann6": dict(
        function=hartmann6,
        optimum=-3.32237,
        space={f"x{i}": ("real", 0.0, 1.0, False) for i in range(6)},
    ),
    "ackley5": dict(
        function=ackley5,
        optimum=0.0,
        space={f"x{i}": ("real", -5.0, 10.0, False) for i in range(5)},
    ),
    "mixed": dict(
        function=mixed,
        optimum=0.0,
        space={
            **{f"x{i}": ("real", 0.0, 1.0, False) for i in range(3)},
            "n": ("int", 1, 30, False),
            "c": ("cat", ["a", "b", "c", "d"]),
        },
    ),
}


def _diverging(function, blows_up):
    """``function``, except where ``blows_up(p)``: there a model's training diverges
    and its loss is astronomical (1e20 and more), as an SGD regressor's squared error
    is with too large a step."""

    def diverging_function(p):
        return 1e20 * (1 + abs(p["x1"])) if blows_up(p) else function(p)

    return diverging_function


def _hartmann6_exploding(p):
    """Hartmann-6, except that beyond ``x0 = 0.7`` the loss explodes with ``x0`` (from
    1.6e4 to 1e6), as a squared error does when a step size grows towards divergence."""
    return 10 ** (6 * p["x0"]) if p["x0"] > 0.7 else hartmann6(p)


# Synthetic functions with a region that diverges (a third of Hartmann-6's cube, a third
# of Branin's box) or explodes (three tenths of Hartmann-6's); their optima lie outside it.
DIVERGING = {
    "hartmann6_diverging": dict(
        function=_diverging(hartmann6, lambda p: p["x0"] > 0.7 or p["x5"] < 0.1),
        optimum=-3.32237,
        space=SYNTHETIC["hartmann6"]["space"],
    ),
    "branin_diverging": dict(
        function=_diverging(branin, lambda p: p["x0"] > 5.0),
        optimum=0.397887,
        space=SYNTHETIC["branin"]["space"],
    ),
    "hartmann6_exploding": dict(
        function=_hartmann6_exploding,
        optimum=-3.32237,
        space=SYNTHETIC["hartmann6"]["space"],
    ),
}
FUNCTIONS = {**SYNTHETIC, **DIVERGING}


class SyntheticEstimator(RegressorMixin, BaseEstimator):
    """An estimator whose score is minus a test function of its parameters."""

    def __init__(self, problem="branin", x0=0.0, x1=0.0, x2=0.0, x3=0.0, x4=0.0, x5=0.0, n=1, c="a"):
        self.problem = problem
        self.x0, self.x1, self.x2, self.x3, self.x4, self.x5 = x0, x1, x2, x3, x4, x5
        self.n = n
        self.c = c

    def fit(self, X, y=None):
        self.is_fitted_ = True
        return self

    def predict(self, X):
        return np.zeros(len(X))

    def score(self, X, y=None, sample_weight=None):
        return -FUNCTIONS[self.problem]["function"](self.get_params())


def synthetic_data():
    """Dummy data and folds: the score ignores them."""
    return np.zeros((8, 1)), np.zeros(8), KFold(2)


def grid_space(space, levels):
    """``space`` as a ``GridSearchCV`` user writes it: each numeric parameter a list
    of ``levels`` evenly spaced values in increasing order (fewer for a short integer
    range), categorical ones unchanged."""
    out = {}
    for name, s in space.items():
        if s[0] == "real":
            out[name] = ("cat", [float(v) for v in np.linspace(s[1], s[2], levels)])
        elif s[0] == "int":
            out[name] = ("cat", sorted({int(round(v)) for v in np.linspace(s[1], s[2], levels)}))
        else:
            out[name] = s
    return out


def random_mean(problem, n=20000, seed=12345, space=None):
    """Mean of the function over configurations drawn from the space's priors
    (``space``: another space for the same function, such as its grid)."""
    rng = np.random.default_rng(seed)
    spec = SYNTHETIC[problem]
    values = []
    for _ in range(n):
        p = {}
        for name, s in (space or spec["space"]).items():
            if s[0] == "real":
                p[name] = rng.uniform(s[1], s[2])
            elif s[0] == "int":
                p[name] = int(rng.integers(s[1], s[2] + 1))
            else:
                p[name] = s[1][rng.integers(len(s[1]))]
        values.append(spec["function"](p))
    return float(np.mean(values))


# ---------------------------------------------------------------- real tuning problems


def _scaled(model):
    return make_pipeline(StandardScaler(), model)


REAL = {
    "svc_cancer": dict(
        data=load_breast_cancer,
        estimator=lambda: _scaled(SVC()),
        space={"svc__C": ("real", 1e-3, 1e3, True), "svc__gamma": ("real", 1e-5, 1e1, True)},
        classifier=True,
    ),
    "logreg_cancer": dict(
        data=load_breast_cancer,
        estimator=lambda: _scaled(LogisticRegression(max_iter=500)),
        space={
            "logisticregression__C": ("real", 1e-4, 1e4, True),
            "logisticregression__class_weight": ("cat", [None, "balanced"]),
            "logisticregression__fit_intercept": ("cat", [True, False]),
        },
        classifier=True,
    ),
    "knn_wine": dict(
        data=load_wine,
        estimator=lambda: _scaled(KNeighborsClassifier()),
        space={
            "kneighborsclassifier__n_neighbors": ("int", 1, 60, False),
            "kneighborsclassifier__weights": ("cat", ["uniform", "distance"]),
            "kneighborsclassifier__p": ("int", 1, 2, False),
        },
        classifier=True,
    ),
    "forest_cancer": dict(
        data=load_breast_cancer,
        estimator=lambda: RandomForestClassifier(n_estimators=30, random_state=0),
        space={
            "max_depth": ("int", 1, 20, False),
            "min_samples_leaf": ("int", 1, 30, False),
            "max_features": ("real", 0.05, 1.0, False),
            "criterion": ("cat", ["gini", "entropy"]),
        },
        classifier=True,
    ),
    "gboost_diabetes": dict(
        data=load_diabetes,
        estimator=lambda: GradientBoostingRegressor(random_state=0),
        space={
            "learning_rate": ("real", 1e-3, 1.0, True),
            "n_estimators": ("int", 10, 150, False),
            "max_depth": ("int", 1, 6, False),
            "subsample": ("real", 0.3, 1.0, False),
        },
        classifier=False,
    ),
    "mlp_wine": dict(
        data=load_wine,
        estimator=lambda: _scaled(MLPClassifier(max_iter=300, random_state=0)),
        space={
            "mlpclassifier__alpha": ("real", 1e-6, 1e1, True),
            "mlpclassifier__hidden_layer_sizes": ("int", 2, 64, True),
            "mlpclassifier__learning_rate_init": ("real", 1e-4, 1e-1, True),
        },
        classifier=True,
    ),
    "elasticnet_diabetes": dict(
        data=load_diabetes,
        estimator=lambda: _scaled(ElasticNet(max_iter=5000)),
        space={
            "elasticnet__alpha": ("real", 1e-4, 1e2, True),
            "elasticnet__l1_ratio": ("real", 0.0, 1.0, False),
        },
        classifier=False,
    ),
    "svr_diabetes": dict(
        data=load_diabetes,
        estimator=lambda: _scaled(SVR()),
        space={
            "svr__C": ("real", 1e-2, 1e4, True),
            "svr__epsilon": ("real", 1e-3, 1e2, True),
            "svr__gamma": ("real", 1e-5, 1e1, True),
        },
        classifier=False,
    ),
    "tree_cancer": dict(
        data=load_breast_cancer,
        estimator=lambda: DecisionTreeClassifier(random_state=0),
        space={
            "max_depth": ("int", 1, 30, False),
            "min_samples_split": ("int", 2, 60, False),
            "min_samples_leaf": ("int", 1, 40, False),
            "criterion": ("cat", ["gini", "entropy", "log_loss"]),
        },
        classifier=True,
    ),
}


def real_data(problem, seed):
    """Train/test split (75/25) and 5-fold CV, both fixed by ``seed``."""
    spec = REAL[problem]
    X, y = spec["data"](return_X_y=True)
    stratify = y if spec["classifier"] else None
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.25, random_state=seed, stratify=stratify
    )
    splitter = StratifiedKFold if spec["classifier"] else KFold
    cv = splitter(5, shuffle=True, random_state=seed)
    return X_train, X_test, y_train, y_test, cv


def quiet():
    """Silence convergence and similar warnings, here and in joblib workers."""
    import os

    os.environ["PYTHONWARNINGS"] = "ignore"
    warnings.simplefilter("ignore")
