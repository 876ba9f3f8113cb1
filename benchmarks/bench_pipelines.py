"""Searching features and models together with hyperparameters (issue: pipelines).

Usage (from the repository root, after ``pip install -e ".[bench]"``)::

    python benchmarks/bench_pipelines.py subset --seeds 5
    python benchmarks/bench_pipelines.py model_choice --seeds 5
    OMP_NUM_THREADS=1 python benchmarks/bench_pipelines.py wide --seeds 3

``subset``: problems where irrelevant features hurt. At the same number of
cross-validated evaluations (``--n-iter``, 5-fold), four strategies:

- joint: one BayesSearchCV over a feature Subset and the model's hyperparameters;
- all features: BayesSearchCV over the hyperparameters only;
- select, then tune: half the budget searches the Subset with default
  hyperparameters, the other half tunes the hyperparameters on the chosen features;
- GA select, then tune: the same with sklearn-genetic-opt's ``GAFeatureSelectionCV``
  as the first stage (the issue's example; two generations, the population the
  budget allows), BayesSearchCV as the second. ``--strategies`` picks some.

``model_choice``: three classifiers with their own spaces. sktune searches them as
one conditional space (a list of dicts); scikit-optimize as subspaces with a third of
the budget each; RandomizedSearchCV over the list of dicts. Normalised score: 100 =
the best CV score any method found (per seed), 0 = the mean of random configurations.

``wide``: the searches' own time where a space has many bits. BayesSearchCV and
EvolutionarySearchCV, ``--n-iter`` evaluations (default 40, 3-fold), over a Subset of
1,000 columns of ``make_classification(300, 1000, n_informative=10)`` and a
LogisticRegression's ``C``; ``--seeds`` runs of each, one after the other, timed.

Results go to ``benchmarks/results/<suite>.json`` (``<suite>_<n_iter>.json`` for a
budget other than the default) and a Markdown table is printed.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
from joblib import Parallel, delayed
from scipy.stats import loguniform
from sklearn.datasets import load_breast_cancer, load_digits, make_classification
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import RandomizedSearchCV, StratifiedKFold, train_test_split
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

sys.path.insert(0, str(Path(__file__).resolve().parent))

from problems import quiet  # noqa: E402
from report import markdown_table as _table  # noqa: E402
from report import publish  # noqa: E402

from sktune import BayesSearchCV, ColumnSubset, EvolutionarySearchCV, Integer, Real, Subset  # noqa: E402


# ------------------------------------------------------------------ feature subsets


def _noisy_classification(seed):
    X, y = make_classification(
        n_samples=500, n_features=30, n_informative=5, n_redundant=0, random_state=1000 + seed
    )
    return X, y


def _cancer_with_noise(seed):
    X, y = load_breast_cancer(return_X_y=True)
    noise = np.random.default_rng(seed).normal(size=(len(X), 30))
    return np.hstack([X, noise]), y


SUBSET_PROBLEMS = {
    "classification_5_of_30_svc": dict(
        data=_noisy_classification,
        model=lambda: SVC(),
        space={"clf__C": Real(1e-2, 1e3, prior="log-uniform"), "clf__gamma": Real(1e-4, 1e0, prior="log-uniform")},
    ),
    "cancer_plus_30_noise_knn": dict(
        data=_cancer_with_noise,
        model=lambda: KNeighborsClassifier(),
        space={"clf__n_neighbors": Integer(1, 50), "clf__weights": ["uniform", "distance"]},
    ),
}


def _subset_pipeline(model):
    return Pipeline([("select", ColumnSubset()), ("scale", StandardScaler()), ("clf", model)])


def _run_subset(problem, strategy, seed, n_iter):
    quiet()
    spec = SUBSET_PROBLEMS[problem]
    X, y = spec["data"](seed)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, stratify=y, random_state=seed)
    cv = StratifiedKFold(5, shuffle=True, random_state=seed)
    features = Subset(list(range(X.shape[1])), min_size=1)
    pipe = _subset_pipeline(spec["model"]())
    start = time.perf_counter()
    if strategy == "joint":
        search = BayesSearchCV(pipe, {"select__columns": features, **spec["space"]},
                               n_iter=n_iter, cv=cv, random_state=seed).fit(X_train, y_train)
        n_evals = len(search.cv_results_["params"])
    elif strategy == "all_features":
        search = BayesSearchCV(pipe, spec["space"], n_iter=n_iter, cv=cv, random_state=seed).fit(X_train, y_train)
        n_evals = len(search.cv_results_["params"])
    elif strategy == "ga_select_then_tune":
        first, n_first = _ga_feature_selection(spec["model"](), n_iter // 2, cv, seed)
        first.fit(X_train, y_train)
        pipe.set_params(select__columns=[int(i) for i in np.flatnonzero(first.best_features_)])
        search = BayesSearchCV(pipe, spec["space"], n_iter=n_iter - n_first, cv=cv,
                               random_state=seed).fit(X_train, y_train)
        n_evals = n_first + len(search.cv_results_["params"])
    else:
        first = BayesSearchCV(pipe, {"select__columns": features}, n_iter=n_iter // 2, cv=cv,
                              random_state=seed).fit(X_train, y_train)
        pipe.set_params(select__columns=first.best_params_["select__columns"])
        search = BayesSearchCV(pipe, spec["space"], n_iter=n_iter - n_iter // 2, cv=cv,
                               random_state=seed).fit(X_train, y_train)
        n_evals = len(first.cv_results_["params"]) + len(search.cv_results_["params"])
    columns = search.best_estimator_.named_steps["select"].columns
    n_kept = X.shape[1] if columns is None else len(columns)
    return dict(problem=problem, strategy=strategy, seed=seed, best_cv=float(search.best_score_),
                test=float(search.score(X_test, y_test)), n_evals=n_evals, n_features=n_kept,
                wall=time.perf_counter() - start)


def _ga_feature_selection(model, budget, cv, seed):
    """sklearn-genetic-opt's GAFeatureSelectionCV with the model's default
    hyperparameters, as large as ``budget`` evaluations allow; and its evaluations.

    Its mu + lambda algorithm evaluates the population, then twice the population a
    generation: two generations of ``budget // 5`` cost ``budget`` at most."""
    import random

    from sklearn_genetic import GAFeatureSelectionCV

    population, generations = max(2, budget // 5), 2
    random.seed(seed)  # it draws from the global generators
    np.random.seed(seed)
    selector = GAFeatureSelectionCV(
        Pipeline([("scale", StandardScaler()), ("clf", model)]), cv=cv,
        population_size=population, generations=generations, verbose=False, n_jobs=1,
    )
    return selector, population * (1 + 2 * generations)


SUBSET_STRATEGIES = ["joint", "all_features", "select_then_tune", "ga_select_then_tune"]


def subset(seeds, n_iter, n_jobs, strategies=SUBSET_STRATEGIES):
    tasks = [(p, s, seed) for p in SUBSET_PROBLEMS for s in strategies for seed in seeds]
    records = Parallel(n_jobs=n_jobs)(delayed(_run_subset)(p, s, seed, n_iter) for p, s, seed in tasks)
    rows = []
    for p in SUBSET_PROBLEMS:
        row = [p]
        for s in strategies:
            rs = [r for r in records if r["problem"] == p and r["strategy"] == s]
            row.append(f"{np.mean([r['test'] for r in rs]):.4f} (CV {np.mean([r['best_cv'] for r in rs]):.4f}, "
                       f"{np.mean([r['n_features'] for r in rs]):.1f} feat.)")
        rows.append(row)
    wins = {s: sum(
        all(r["test"] > o["test"] for o in records if o["problem"] == r["problem"] and o["seed"] == r["seed"]
            and o["strategy"] != s)
        for r in records if r["strategy"] == s) for s in strategies}
    rows.append(["seeds where best on held-out"] + [str(wins[s]) for s in strategies])
    return records, _table(rows, ["problem: held-out accuracy (best CV, features kept)"] + list(strategies))


# ------------------------------------------------------------------ model choice


def _digits(seed):
    X, y = load_digits(return_X_y=True)
    idx = np.random.default_rng(seed).permutation(len(X))[:700]
    return X[idx], y[idx]


def _model_spaces(kind):
    """Three classifiers with their own ranges, in each library's vocabulary."""
    if kind == "skopt":
        from skopt.space import Categorical as C, Integer as I, Real as R
    else:
        from sktune.space import Categorical as C, Integer as I, Real as R
    return [
        {"clf": C([SVC()]), "clf__C": R(1e-2, 1e3, prior="log-uniform"), "clf__gamma": R(1e-5, 1e-1, prior="log-uniform")},
        {"clf": C([RandomForestClassifier(n_estimators=50, random_state=0)]), "clf__max_depth": I(2, 30),
         "clf__max_features": R(0.05, 1.0)},
        {"clf": C([LogisticRegression(max_iter=300)]), "clf__C": R(1e-4, 1e2, prior="log-uniform")},
    ]


def _random_spaces():
    from scipy.stats import randint, uniform

    return [
        {"clf": [SVC()], "clf__C": loguniform(1e-2, 1e3), "clf__gamma": loguniform(1e-5, 1e-1)},
        {"clf": [RandomForestClassifier(n_estimators=50, random_state=0)], "clf__max_depth": randint(2, 31),
         "clf__max_features": uniform(0.05, 0.95)},
        {"clf": [LogisticRegression(max_iter=300)], "clf__C": loguniform(1e-4, 1e2)},
    ]


def _run_model_choice(method, seed, n_iter):
    quiet()
    X, y = _digits(seed)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, stratify=y, random_state=seed)
    cv = StratifiedKFold(5, shuffle=True, random_state=seed)
    pipe = Pipeline([("scale", StandardScaler()), ("clf", LogisticRegression(max_iter=300))])
    per_model = n_iter // 3
    start = time.perf_counter()
    if method == "sktune":
        search = BayesSearchCV(pipe, _model_spaces("sktune"), n_iter=per_model, cv=cv, random_state=seed)
    elif method == "skopt":
        from skopt import BayesSearchCV as SkoptBayesSearchCV

        search = SkoptBayesSearchCV(pipe, _model_spaces("skopt"), n_iter=per_model, cv=cv, random_state=seed,
                                    error_score=float("nan"))
    else:
        search = RandomizedSearchCV(pipe, _random_spaces(), n_iter=3 * per_model, cv=cv, random_state=seed)
    search.fit(X_train, y_train)
    scores = np.asarray(search.cv_results_["mean_test_score"], dtype=float)
    return dict(method=method, seed=seed, best_cv=float(np.nanmax(scores)), scores=scores.tolist(),
                test=float(search.score(X_test, y_test)), n_evals=len(scores),
                best_model=type(search.best_params_["clf"]).__name__, wall=time.perf_counter() - start)


MODEL_METHODS = ["sktune", "skopt", "random"]


def model_choice(seeds, n_iter, n_jobs):
    records = Parallel(n_jobs=n_jobs)(delayed(_run_model_choice)(m, s, n_iter) for s in seeds for m in MODEL_METHODS)
    by = {(r["method"], r["seed"]): r for r in records}
    norm = {m: [] for m in MODEL_METHODS}
    for s in seeds:
        top = max(by[m, s]["best_cv"] for m in MODEL_METHODS)
        rand = np.nanmean(by["random", s]["scores"])
        for m in MODEL_METHODS:
            norm[m].append(100 * (by[m, s]["best_cv"] - rand) / (top - rand))
    rows = [
        ["normalised CV score"] + [f"{np.mean(norm[m]):.1f}" for m in MODEL_METHODS],
        ["held-out accuracy"] + [f"{np.mean([by[m, s]['test'] for s in seeds]):.4f}" for m in MODEL_METHODS],
        ["evaluations"] + [str(by[m, seeds[0]]["n_evals"]) for m in MODEL_METHODS],
    ]
    return records, _table(rows, ["model choice on digits (700 samples)"] + MODEL_METHODS)


# ------------------------------------------------------------------ wide subsets


WIDE_METHODS = {"bayes": BayesSearchCV, "evolutionary": EvolutionarySearchCV}


def wide_subset(n_runs, n_iter):
    X, y = make_classification(300, 1000, n_informative=10, random_state=0)
    pipe = Pipeline([("select", ColumnSubset()), ("clf", LogisticRegression(max_iter=200))])
    space = {"select__columns": Subset(list(range(X.shape[1])), min_size=1),
             "clf__C": Real(1e-3, 1e2, prior="log-uniform")}
    records = []
    for method, search_class in WIDE_METHODS.items():
        for run in range(n_runs):
            start = time.perf_counter()
            search = search_class(pipe, space, n_iter=n_iter, cv=3, random_state=0).fit(X, y)
            res = search.cv_results_
            records.append(dict(method=method, run=run, wall=time.perf_counter() - start,
                                in_fits=float(3 * (res["mean_fit_time"] + res["mean_score_time"]).sum()),
                                best_cv=float(search.best_score_)))
    rows = []
    for method in WIDE_METHODS:
        rs = [r for r in records if r["method"] == method]
        rows.append([method, " / ".join(f"{r['wall']:.2f}" for r in rs),
                     f"{np.mean([r['in_fits'] for r in rs]):.2f}", f"{rs[0]['best_cv']:.4f}"])
    return records, _table(rows, [f"1,000-bit subset, {n_iter} evaluations", "wall s per run",
                                  "s in fits (mean)", "best CV"])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("suite", choices=["subset", "model_choice", "wide"])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--n-iter", type=int, default=None)
    parser.add_argument("--n-jobs", type=int, default=2)
    parser.add_argument("--strategies", nargs="+", choices=SUBSET_STRATEGIES, default=SUBSET_STRATEGIES)
    args = parser.parse_args(argv)
    quiet()
    start = time.time()
    seeds = list(range(args.seeds))
    default_n_iter = 45 if args.suite == "model_choice" else 40
    n_iter = args.n_iter or default_n_iter
    if args.suite == "subset":
        records, table = subset(seeds, n_iter, args.n_jobs, args.strategies)
    elif args.suite == "wide":
        records, table = wide_subset(args.seeds, n_iter)
    else:
        records, table = model_choice(seeds, n_iter, args.n_jobs)
    # other budgets keep their own record beside the default one
    name = args.suite if n_iter == default_n_iter else f"{args.suite}_{n_iter}"
    if args.suite == "subset" and args.strategies != SUBSET_STRATEGIES:
        name += "_" + "_".join(args.strategies)
    publish("bench_pipelines.py", argv, name, start, records, table)


if __name__ == "__main__":
    main()
