"""Evolve an SVR's kernel, its kernel's own parameters and the scaler together.

Run: ``python docs/examples/evolutionary_search.py``. On scikit-learn's diabetes
data, EvolutionarySearchCV searches a conditional space (``degree`` exists only for
the polynomial kernel, ``gamma`` not for the linear one) with each strategy, a whole
generation fitted in parallel. Prints each strategy's generations, best CV and
held-out R², and the best configuration.
"""

from sklearn.datasets import load_diabetes
from sklearn.model_selection import train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import MinMaxScaler, StandardScaler
from sklearn.svm import SVR

from sktune import EvolutionarySearchCV, Integer, Real


def main(n_iter=150, n_jobs=2, random_state=0):
    X, y = load_diabetes(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)

    pipeline = Pipeline([("scale", StandardScaler()), ("svr", SVR())])
    gamma = Real(1e-4, 1e0, prior="log-uniform")
    space = {
        "scale": [StandardScaler(), MinMaxScaler()],
        "svr__C": Real(1e-1, 1e3, prior="log-uniform"),
        "svr__epsilon": Real(1e-2, 1e2, prior="log-uniform"),
        # each kernel switches on its own parameters
        "svr__kernel": {
            "rbf": {"svr__gamma": gamma},
            "poly": {"svr__gamma": gamma, "svr__degree": Integer(2, 3)},
            "linear": None,
        },
    }
    searches = {}
    # 'auto' picks the genetic algorithm for a conditional space; 'cma' runs CMA-ES
    # with learned probabilities for the categorical choices
    for strategy in ("auto", "cma"):
        search = EvolutionarySearchCV(pipeline, space, n_iter=n_iter, strategy=strategy, cv=5,
                                      n_jobs=n_jobs, random_state=random_state)
        # a callback (scikit-optimize's form) hears of each generation once it is scored
        generations = []
        search.fit(X_train, y_train, callback=lambda result: generations.append(len(result.x_iters)))
        print(f"strategy={strategy!r} ran {search.strategy_!r}: "
              f"{len(search.cv_results_['params'])} evaluations in {len(generations)} generations")
        print(f"  CV R^2 {search.best_score_:.4f} (default configuration {search.default_score_:.4f}), "
              f"held-out {search.score(X_test, y_test):.4f}")
        print(f"  best: {search.best_params_}")
        searches[strategy] = search
    return searches


if __name__ == "__main__":
    main()
