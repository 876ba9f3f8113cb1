"""Multi-fidelity searches against full-fidelity random search and scikit-learn's halving.

Usage (from the repository root, after ``pip install -e ".[bench]"``)::

    python benchmarks/bench_halving.py full --seeds 3
    python benchmarks/bench_halving.py full --seeds 12 --problems forest_20k \
        --methods sklearn_halving sh_random --n-jobs 2
    python benchmarks/bench_halving.py full --seeds 12 --problems boosting_20k \
        --methods sklearn_halving sh_random sh_bayes --n-jobs 2
    python benchmarks/bench_halving.py full --seeds 12 --problems boosting_20k \
        --methods sklearn_halving sh_random random_full_3x --n-jobs 2   # with the ceiling
    python benchmarks/bench_halving.py full --seeds 8 --problems mlp_digits \
        --methods sh_random sh_bayes hyperband_random hyperband_bayes --n-jobs 2   # the samplers
    python benchmarks/bench_halving.py store [--save-largest] [--keep-all]   # warm-start folder
    python benchmarks/bench_halving.py oracle --seeds 6 --problems boosting_20k --n-jobs 2
    python benchmarks/bench_halving.py defaults --seeds 10 --n-jobs 2   # bundled data, defaults
    python benchmarks/bench_halving.py smoke        # seconds; what CI may run

On problems where a full fit is costly (a random forest over ``n_samples``, an MLP
over ``max_iter``, histogram gradient boosting over ``max_iter``, where sktune's
survivors warm start), with the same number of candidates (27) and
the same schedule (factor 3, a first rung of 1/27 of the full resource):

- ``random_full``: ``RandomizedSearchCV``, every candidate on the full resource;
- ``sklearn_halving``: scikit-learn's ``HalvingRandomSearchCV``;
- ``sh_random`` / ``sh_bayes``: sktune's ``SuccessiveHalvingSearchCV`` with Sobol or
  model-based candidates;
- ``hyperband_bayes``: sktune's ``HyperbandSearchCV`` (more candidates: all brackets);
  ``hyperband_random``, the same with Sobol candidates, runs only when ``--methods``
  names it;
- ``bayes_full``: sktune's ``BayesSearchCV`` on the full resource, stopped by a
  callback once it has used ``sh_bayes``'s wall time (equal wall time);
- ``random_full_3x``: ``RandomizedSearchCV`` with three times the candidates (81), all
  on the full resource: a ceiling, not a rival. At about nine times a halving search's
  time, it shows how much more any way of spending that time on random candidates
  could gain. It runs only when ``--methods`` names it.

Every search runs with ``n_jobs=1`` and one BLAS/OpenMP thread, one after another, so
wall times compare (and do not depend on what else the machine runs: the MLP's matrix
products would otherwise take a second core, and slow down many times over when it is
busy). No search scores its training folds (``return_train_score=False``): the halving
searches would by default and random search would not. Each writes
``benchmarks/results/halving_<suite>[_<problem>...].json`` and prints a Markdown table.

``defaults`` is the one-word swap on scikit-learn's bundled classification data
(iris, wine, breast cancer, digits; 30 % held out): a scaled SVC over ``C`` and
``gamma``, and each halving search with nothing but ``random_state`` set, so each
plans its own rungs (``HalvingRandomSearchCV``, ``SuccessiveHalvingSearchCV``,
``HyperbandSearchCV``).

``oracle`` asks how much better successive halving could choose among its own
candidates: it runs ``sh_random``, then cross-validates every first-rung candidate
on the full resource and scores it on the held-out set, and compares the search's
choice with the best candidate by full-resource CV and the best held out.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
from joblib import Parallel, delayed
from sklearn.base import clone
from sklearn.datasets import load_breast_cancer, load_digits, load_iris, load_wine, make_classification
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.experimental import enable_halving_search_cv  # noqa: F401
from sklearn.model_selection import HalvingRandomSearchCV, StratifiedKFold, cross_val_score, train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.svm import SVC
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

sys.path.insert(0, str(Path(__file__).resolve().parent))

from methods import _scipy_space, _sktune_space, make_search  # noqa: E402
from problems import quiet  # noqa: E402
from report import markdown_table, publish  # noqa: E402

from sktune import HyperbandSearchCV, SuccessiveHalvingSearchCV  # noqa: E402

METHODS = ["random_full", "sklearn_halving", "sh_random", "sh_bayes", "hyperband_bayes", "bayes_full",
           "random_full_3x", "hyperband_random"]
# the ceiling and Hyperband's Sobol candidates run only when named
DEFAULT_METHODS = [m for m in METHODS if m not in ("random_full_3x", "hyperband_random")]
N_CANDIDATES = 27


def _classification_20k(seed, scale):
    """20,000 training rows and 4,000 held out (fewer with ``scale``), for the forest
    and the boosting problems."""
    X, y = make_classification(int(24000 * scale), 20, n_informative=8, n_redundant=4,
                               flip_y=0.03, class_sep=0.8, random_state=seed)
    return train_test_split(X, y, test_size=4000 if scale == 1.0 else 0.2, random_state=seed,
                            stratify=y)


def _forest(seed, scale=1.0):
    return dict(
        data=_classification_20k(seed, scale),
        estimator=RandomForestClassifier(n_estimators=max(5, int(40 * scale)), random_state=0),
        space={"max_depth": ("int", 2, 30, False), "max_features": ("real", 0.05, 1.0, False),
               "min_samples_leaf": ("int", 1, 50, True), "criterion": ("cat", ["gini", "entropy"])},
        resource="n_samples",
        max_resources=None,
    )


def _mlp(seed, scale=1.0):
    X, y = load_digits(return_X_y=True)
    return dict(
        data=train_test_split(X, y, test_size=0.25, random_state=seed, stratify=y),
        estimator=make_pipeline(StandardScaler(), MLPClassifier(random_state=0)),
        space={"mlpclassifier__hidden_layer_sizes": ("int", 8, 256, True),
               "mlpclassifier__alpha": ("real", 1e-6, 1e-1, True),
               "mlpclassifier__learning_rate_init": ("real", 1e-4, 3e-1, True)},
        resource="mlpclassifier__max_iter",
        max_resources=max(3, int(81 * scale)),
    )


def _boosting(seed, scale=1.0):
    return dict(
        data=_classification_20k(seed, scale),
        # early_stopping=False: on 20,000 rows "auto" would stop on its own, and
        # max_iter would not be the resource it says
        estimator=HistGradientBoostingClassifier(early_stopping=False, random_state=0),
        space={"learning_rate": ("real", 0.01, 0.5, True), "max_leaf_nodes": ("int", 4, 128, True),
               "min_samples_leaf": ("int", 2, 200, True), "l2_regularization": ("real", 1e-6, 10.0, True)},
        resource="max_iter",
        max_resources=max(3, int(243 * scale)),
    )


PROBLEMS = {"forest_20k": _forest, "mlp_digits": _mlp, "boosting_20k": _boosting}


def _search(method, spec, cv, seed, max_resources, budget=None):
    estimator, space, resource = spec["estimator"], spec["space"], spec["resource"]
    if resource != "n_samples":
        estimator = estimator.set_params(**{resource: max_resources})
    min_resources = max(1, max_resources // N_CANDIDATES)
    # Halving searches score the training folds by default (scikit-learn's choice,
    # which sktune's keep); RandomizedSearchCV does not. Off for all, so that every
    # method does the same work per fit.
    halving = dict(factor=3, resource=resource, max_resources=max_resources,
                   min_resources=min_resources, cv=cv, random_state=seed,
                   return_train_score=False)
    if method == "random_full":
        return make_search("random", estimator, space, N_CANDIDATES, cv, seed)
    if method == "random_full_3x":
        return make_search("random", estimator, space, 3 * N_CANDIDATES, cv, seed)
    if method == "sklearn_halving":
        return HalvingRandomSearchCV(estimator, _scipy_space(space), n_candidates=N_CANDIDATES,
                                     **halving)
    if method in ("sh_random", "sh_bayes"):
        return SuccessiveHalvingSearchCV(estimator, _sktune_space(space), n_candidates=N_CANDIDATES,
                                         sampler=method[3:], **halving)
    if method in ("hyperband_bayes", "hyperband_random"):
        return HyperbandSearchCV(estimator, _sktune_space(space), sampler=method[10:], **halving)
    if method == "bayes_full":
        return make_search("sktune", estimator, space, 500, cv, seed)
    raise ValueError(method)


def run(problem, seed, scale=1.0, methods=DEFAULT_METHODS):
    quiet()
    spec = PROBLEMS[problem](seed, scale)
    with threadpool_limits(1):
        return _run_methods(problem, seed, spec, methods)


def _run_methods(problem, seed, spec, methods):
    """Each method on one problem and seed, one after another; a record each."""
    X_train, X_test, y_train, y_test = spec["data"]
    cv = StratifiedKFold(3, shuffle=True, random_state=seed)
    max_resources = spec["max_resources"] or len(X_train)
    records, walls = [], {}
    for method in methods:
        search = _search(method, spec, cv, seed, max_resources)
        start = time.perf_counter()
        if method == "bayes_full":
            budget = walls.get("sh_bayes", 0.0)
            search.fit(X_train, y_train, callback=lambda res: time.perf_counter() - start > budget)
        else:
            search.fit(X_train, y_train)
        walls[method] = time.perf_counter() - start
        records.append(dict(problem=problem, method=method, seed=seed, wall=walls[method],
                            test=float(search.score(X_test, y_test)),
                            best_cv=float(search.best_score_),
                            n_evals=int(len(search.cv_results_["params"]))))
    return records


def summarise(records, problems, seeds, methods=DEFAULT_METHODS):
    by = {(r["problem"], r["method"], r["seed"]): r for r in records}
    rows = []
    for p in problems:
        base = np.mean([by[p, "random_full", s]["wall"] for s in seeds])
        for m in methods:
            test, best_cv, wall, evals = (np.mean([by[p, m, s][key] for s in seeds])
                                          for key in ("test", "best_cv", "wall", "n_evals"))
            rows.append([p, m, f"{test:.4f}", f"{best_cv:.4f}", f"{wall:.1f}", f"{wall / base:.2f}",
                         f"{evals:.0f}"])
    return markdown_table(rows, ["problem", "method", "held-out score", "best CV score", "wall s",
                                 "wall / random_full", "evaluations"])


BUNDLED = {"iris": load_iris, "wine": load_wine, "breast_cancer": load_breast_cancer,
           "digits": load_digits}
DEFAULTS_METHODS = ["sklearn_halving", "sh_random", "hyperband_random"]


def with_defaults(dataset, seed):
    """Each halving search at its defaults on a bundled dataset; a record each."""
    quiet()
    X, y = BUNDLED[dataset](return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, stratify=y,
                                                        random_state=seed)
    space = {"svc__C": ("real", 1e-2, 1e3, True), "svc__gamma": ("real", 1e-4, 1e0, True)}
    estimator = make_pipeline(StandardScaler(), SVC())
    searches = {
        "sklearn_halving": HalvingRandomSearchCV(estimator, _scipy_space(space), random_state=seed),
        "sh_random": SuccessiveHalvingSearchCV(estimator, _sktune_space(space), random_state=seed),
        "hyperband_random": HyperbandSearchCV(estimator, _sktune_space(space), random_state=seed),
    }
    records = []
    with threadpool_limits(1):
        for method, search in searches.items():
            start = time.perf_counter()
            search.fit(X_train, y_train)
            records.append(dict(problem=dataset, method=method, seed=seed,
                                wall=time.perf_counter() - start,
                                test=float(search.score(X_test, y_test)),
                                best_cv=float(search.best_score_),
                                n_evals=int(len(search.cv_results_["params"]))))
    return records


def summarise_defaults(records):
    """Per dataset and search: means over seeds, and the held-out difference from
    scikit-learn's halving paired by seed (standard error; seeds ahead, behind)."""
    by = {(r["problem"], r["method"], r["seed"]): r for r in records}
    rows = []
    for dataset in dict.fromkeys(r["problem"] for r in records):
        seeds = sorted({r["seed"] for r in records if r["problem"] == dataset})
        for method in DEFAULTS_METHODS:
            rs = [by[dataset, method, s] for s in seeds]
            diff = np.array([by[dataset, method, s]["test"] - by[dataset, "sklearn_halving", s]["test"]
                             for s in seeds])
            se = diff.std(ddof=1) / np.sqrt(len(diff)) if len(diff) > 1 else float("nan")
            paired = ("" if method == "sklearn_halving" else
                      f"{diff.mean():+.4f} ({se:.4f}; {(diff > 0).sum()}, {(diff < 0).sum()})")
            rows.append([dataset, method] + [f"{np.mean([r[k] for r in rs]):.{d}f}" for k, d in
                                             (("test", 4), ("best_cv", 4), ("wall", 2), ("n_evals", 1))]
                        + [paired])
    return markdown_table(rows, ["dataset", "method", "held-out score", "best CV score", "wall s",
                                 "evaluations", "held out minus scikit-learn's (SE; ahead, behind)"])


def oracle(problem, seed):
    """sh_random's held-out score against the best of its own first-rung candidates,
    each cross-validated (same folds) and scored held out on the full resource."""
    quiet()
    spec = PROBLEMS[problem](seed)
    X_train, X_test, y_train, y_test = spec["data"]
    cv = StratifiedKFold(3, shuffle=True, random_state=seed)
    max_resources = spec["max_resources"] or len(X_train)
    with threadpool_limits(1):
        search = _search("sh_random", spec, cv, seed, max_resources).fit(X_train, y_train)
        results = search.cv_results_
        first_rung = [p for p, i in zip(results["params"], results["iter"]) if i == 0]
        full_cv, held_out = [], []
        for params in first_rung:
            estimator = clone(search.estimator).set_params(**params)
            if spec["resource"] != "n_samples":
                estimator.set_params(**{spec["resource"]: max_resources})
            full_cv.append(float(cross_val_score(estimator, X_train, y_train, cv=cv).mean()))
            held_out.append(float(estimator.fit(X_train, y_train).score(X_test, y_test)))
    return dict(problem=problem, seed=seed, chosen=float(search.score(X_test, y_test)),
                best_by_full_cv=held_out[int(np.argmax(full_cv))], best_held_out=max(held_out),
                full_cv=full_cv, held_out=held_out)


def summarise_oracle(records):
    """One row per problem and seed, then each problem's means over its seeds."""
    def row(problem, seed, rs):
        return [problem, seed] + [f"{np.mean(values):.5f}" for values in (
            [r["chosen"] for r in rs], [r["best_by_full_cv"] for r in rs],
            [r["best_held_out"] for r in rs], [min(r["held_out"]) for r in rs])]

    rows = [row(r["problem"], r["seed"], [r]) for r in records]
    for problem in dict.fromkeys(r["problem"] for r in records):
        rows.append(row(problem, "mean", [r for r in records if r["problem"] == problem]))
    return markdown_table(rows, ["problem", "seed", "halving's choice, held out",
                                 "best by full-resource CV, held out", "best held out", "worst held out"])


def warm_store(save_largest=False, keep_all=False):
    """The most the warm-start folder holds (measured after each rung), and wall
    time, for a forest over ``n_estimators`` (20,000 rows, 3 folds, up to 81 trees).
    ``save_largest`` also saves fits on ``max_resources`` and ``keep_all`` keeps every
    fit until the search ends, as sktune did before commits 2ad7abf and de0c07b."""
    import os

    from sktune._warm_start import WarmStartedEstimator

    def folder_bytes(path):
        return sum(os.path.getsize(os.path.join(root, f)) for root, _, files in os.walk(path) for f in files)

    original_fit, original_forget = WarmStartedEstimator.fit, WarmStartedEstimator.forget

    def fit_saving_all(self, X, y=None, **fit_params):
        largest, self.max_resources = self.max_resources, None
        try:
            return original_fit(self, X, y, **fit_params)
        finally:
            self.max_resources = largest

    X, y = make_classification(20000, 20, n_informative=8, random_state=0)
    space = {"max_depth": ("int", 2, 30, False), "max_features": ("real", 0.05, 1.0, False)}
    if save_largest:
        WarmStartedEstimator.fit = fit_saving_all
    if keep_all:
        WarmStartedEstimator.forget = lambda self, candidates: None
    records = []
    try:
        for cls, extra in ((SuccessiveHalvingSearchCV, dict(n_candidates=N_CANDIDATES)),
                           (HyperbandSearchCV, {})):
            sizes = []
            search = cls(RandomForestClassifier(random_state=0), _sktune_space(space),
                         resource="n_estimators", max_resources=81, min_resources=3, cv=3,
                         random_state=0, callbacks=lambda res: sizes.append(folder_bytes(search.estimator.store)),
                         **extra)
            start = time.perf_counter()
            search.fit(X, y)
            records.append(dict(method=cls.__name__, save_largest=save_largest, keep_all=keep_all,
                                peak_mb=max(sizes) / 1e6, wall=time.perf_counter() - start,
                                n_evals=len(search.cv_results_["params"])))
    finally:
        WarmStartedEstimator.fit, WarmStartedEstimator.forget = original_fit, original_forget
    rows = [[r["method"], "yes" if save_largest else "no", "no" if keep_all else "yes",
             f"{r['peak_mb']:.0f}", f"{r['wall']:.1f}", r["n_evals"]] for r in records]
    return records, markdown_table(rows, ["search", "fits on max_resources saved", "fits dropped when done",
                                          "folder MB at most", "wall s", "evaluations"])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("suite", choices=["full", "smoke", "store", "oracle", "defaults"])
    parser.add_argument("--save-largest", action="store_true",
                        help="store: also save fits on max_resources, as sktune did before")
    parser.add_argument("--keep-all", action="store_true",
                        help="store: keep every fit until the search ends, as sktune did before")
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--problems", nargs="*", default=None)
    parser.add_argument("--methods", nargs="*", default=None, choices=METHODS,
                        help="a subset of the methods (random_full always runs: the reference)")
    parser.add_argument("--n-jobs", type=int, default=1,
                        help="(problem, seed) pairs run in parallel; each search still uses one core")
    args = parser.parse_args(argv)
    started = time.time()
    if args.suite == "store":
        with threadpool_limits(1):
            records, table = warm_store(args.save_largest, args.keep_all)
        publish("bench_halving.py", argv,
                "halving_store" + "_save_largest" * args.save_largest + "_keep_all" * args.keep_all,
                started, records, table)
        return records
    if args.suite == "defaults":
        datasets = args.problems or list(BUNDLED)
        runs = Parallel(n_jobs=args.n_jobs)(
            delayed(with_defaults)(d, s) for d in datasets for s in range(args.seeds))
        records = [r for records in runs for r in records]
        publish("bench_halving.py", argv, "halving_defaults" + "".join(f"_{d}" for d in args.problems or []),
                started, records, summarise_defaults(records))
        return records
    problems = args.problems or list(PROBLEMS)
    if args.suite == "oracle":
        records = Parallel(n_jobs=args.n_jobs)(
            delayed(oracle)(p, s) for p in problems for s in range(args.seeds))
        publish("bench_halving.py", argv, "halving_oracle" + "".join(f"_{p}" for p in args.problems or []),
                started, records, summarise_oracle(records))
        return records
    if args.suite == "smoke":
        seeds, scale = [0], 0.02
    else:
        seeds, scale = list(range(args.seeds)), 1.0
    methods = ["random_full"] + [m for m in args.methods or DEFAULT_METHODS if m != "random_full"]
    if "bayes_full" in methods and "sh_bayes" not in methods:
        parser.error("bayes_full needs sh_bayes (it gets sh_bayes's wall time)")
    runs = Parallel(n_jobs=args.n_jobs)(delayed(run)(p, s, scale, methods) for p in problems for s in seeds)
    records = [r for records in runs for r in records]
    table = summarise(records, problems, seeds, methods)
    name = f"halving_{args.suite}" + "".join(f"_{p}" for p in args.problems or [])
    publish("bench_halving.py", argv, None if args.suite == "smoke" else name, started, records, table)
    return records


if __name__ == "__main__":
    main()
