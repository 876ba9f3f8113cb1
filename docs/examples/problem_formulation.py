"""Search problem-formulation choices as ordinary dimensions.

Run: ``python docs/examples/problem_formulation.py``. A target transform (on or off),
the scaler and class weighting are searched in the same space as the model's
hyperparameters.
"""

from sklearn.compose import TransformedTargetRegressor
from sklearn.datasets import load_diabetes, make_classification
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import QuantileTransformer, RobustScaler, StandardScaler

from sktune import BayesSearchCV, Real


def regression(n_iter=20, random_state=0):
    X, y = load_diabetes(return_X_y=True)
    pipeline = Pipeline([
        ("scale", StandardScaler()),
        ("model", TransformedTargetRegressor(regressor=Ridge())),
    ])
    space = {
        "scale": [StandardScaler(), RobustScaler(), QuantileTransformer(n_quantiles=100)],
        # None: no target transform; a transformer: fit on y, inverted on predictions
        "model__transformer": [None, QuantileTransformer(n_quantiles=100, output_distribution="normal")],
        "model__regressor__alpha": Real(1e-3, 1e3, prior="log-uniform"),
    }
    search = BayesSearchCV(pipeline, space, n_iter=n_iter, cv=5, random_state=random_state).fit(X, y)
    print(f"regression R^2: default {search.default_score_:.4f}, tuned {search.best_score_:.4f}")
    print(f"  target transform: {search.best_params_['model__transformer']!r}")
    return search


def classification(n_iter=20, random_state=0):
    X, y = make_classification(n_samples=600, weights=[0.9, 0.1], random_state=0)
    pipeline = Pipeline([("scale", StandardScaler()), ("clf", LogisticRegression())])
    space = {
        "clf__class_weight": [None, "balanced"],
        "clf__C": Real(1e-3, 1e3, prior="log-uniform"),
    }
    search = BayesSearchCV(
        pipeline, space, n_iter=n_iter, cv=5, scoring="balanced_accuracy", random_state=random_state
    ).fit(X, y)
    print(f"balanced accuracy: default {search.default_score_:.4f}, tuned {search.best_score_:.4f}")
    print(f"  class_weight: {search.best_params_['clf__class_weight']!r}")
    return search


if __name__ == "__main__":
    regression()
    classification()
