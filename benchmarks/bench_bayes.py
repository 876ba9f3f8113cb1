"""BayesSearchCV against scikit-optimize, Optuna (TPE) and random search, in one run.

Usage (from the repository root, after ``pip install -e ".[bench]"``)::

    python benchmarks/bench_bayes.py synthetic --seeds 10
    python benchmarks/bench_bayes.py synthetic --seeds 10 --methods sktune sktune_gp_hedge
    python benchmarks/bench_bayes.py grid --seeds 10
    python benchmarks/bench_bayes.py real --seeds 5
    python benchmarks/bench_bayes.py diverging --seeds 10
    python benchmarks/bench_bayes.py overhead
    python benchmarks/bench_bayes.py overhead --levels 11 --n-iter 50   # Hartmann-6's grid
    python benchmarks/bench_bayes.py parallel
    python benchmarks/bench_bayes.py smoke          # seconds; what CI may run

Each suite writes ``benchmarks/results/<suite>.json`` and prints a Markdown table for
``docs/benchmarks.md``. Normalised score: 100 is the best value (the known optimum on
the synthetic suite; the best CV score any method found on the real suite), 0 the
mean of a random configuration. Ranks are per problem and seed (1 = best). The grid
suite is the synthetic one with every numeric parameter given as a list of
``--levels`` values, as a ``GridSearchCV`` user swapping in a search would write it;
100 is still the function's optimum, which the grid may not hold. The diverging
suite is three synthetic functions with a region where the loss is astronomical (a
training that blows up, or nearly); it reports each method's mean gap to the optimum, and runs
sktune with and without its cap on diverged losses (``sktune_no_cap``).
"""

from __future__ import annotations

import argparse
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import numpy as np
from joblib import Parallel, delayed

sys.path.insert(0, str(Path(__file__).resolve().parent))

from methods import EXTRA_METHODS, METHODS, cv_scores, make_search  # noqa: E402
from report import markdown_table as _table  # noqa: E402
from report import mean_ranks, publish  # noqa: E402
from problems import (  # noqa: E402
    DIVERGING,
    FUNCTIONS,
    REAL,
    SYNTHETIC,
    SyntheticEstimator,
    grid_space,
    quiet,
    random_mean,
    real_data,
    synthetic_data,
)



def _space(problem, levels):
    space = FUNCTIONS[problem]["space"]
    return grid_space(space, levels) if levels else space


@contextmanager
def _cap_lifted(lifted):
    """With ``lifted``, sktune's optimizer leaves diverged losses as they are."""
    from sktune.optimizers import bayes

    kept = bayes.DIVERGED
    if lifted:
        bayes.DIVERGED = np.inf
    try:
        yield
    finally:
        bayes.DIVERGED = kept


def _run_synthetic(problem, method, seed, n_iter, n_points=1, levels=None):
    quiet()
    X, y, cv = synthetic_data()
    search = make_search(
        method, SyntheticEstimator(problem=problem), _space(problem, levels), n_iter, cv, seed,
        refit=False, evaluate_default=False, n_points=n_points,
    )
    start = time.perf_counter()
    with _cap_lifted(method == "sktune_no_cap"):
        search.fit(X, y)
    wall = time.perf_counter() - start
    scores = np.asarray(cv_scores(search), dtype=float)
    return dict(problem=problem, method=method, seed=seed, best=float(-np.nanmax(scores)),
                n_evals=int(len(scores)), wall=wall)


def _run_real(problem, method, seed, n_iter):
    quiet()
    X_train, X_test, y_train, y_test, cv = real_data(problem, seed)
    spec = REAL[problem]
    search = make_search(method, spec["estimator"](), spec["space"], n_iter, cv, seed)
    start = time.perf_counter()
    search.fit(X_train, y_train)
    wall = time.perf_counter() - start
    scores = np.asarray(cv_scores(search), dtype=float)
    return dict(problem=problem, method=method, seed=seed, best_cv=float(np.nanmax(scores)),
                random_scores=scores.tolist() if method == "random" else None,
                test=float(search.score(X_test, y_test)), n_evals=int(len(scores)), wall=wall)


def synthetic(seeds, n_iter, problems=None, n_jobs=2, methods=METHODS, n_points=1, levels=None):
    """``n_points``: configurations each search proposes at a time (batches);
    ``levels``: search each problem's grid of that many values per parameter."""
    problems = problems or list(SYNTHETIC)
    tasks = [(p, m, s) for p in problems for s in seeds for m in methods]
    records = Parallel(n_jobs=n_jobs)(
        delayed(_run_synthetic)(p, m, s, n_iter, n_points, levels) for p, m, s in tasks
    )
    best = {(r["problem"], r["method"], r["seed"]): r["best"] for r in records}
    norm = {}
    for p in problems:
        mean_random = random_mean(p, space=_space(p, levels))
        opt = SYNTHETIC[p]["optimum"]
        for m in methods:
            norm[p, m] = [100 * (mean_random - best[p, m, s]) / (mean_random - opt) for s in seeds]
    ranks = mean_ranks(methods, problems, seeds, lambda p, m, s: best[p, m, s])
    rows = [[p] + [f"{np.mean(norm[p, m]):.1f}" for m in methods] for p in problems]
    rows.append(["**mean**"] + [f"**{np.mean([np.mean(norm[p, m]) for p in problems]):.1f}**" for m in methods])
    rows.append(["mean rank"] + [f"{ranks[m]:.2f}" for m in methods])
    return records, _table(rows, ["problem (normalised score)"] + list(methods))


DIVERGING_METHODS = ["sktune", "sktune_no_cap", "skopt", "optuna_tpe", "random"]


def diverging(seeds, n_iter, n_jobs=2, methods=DIVERGING_METHODS):
    """Mean gap to the optimum (best loss minus optimum) on functions that diverge in
    part of their space."""
    problems = list(DIVERGING)
    tasks = [(p, m, s) for p in problems for s in seeds for m in methods]
    records = Parallel(n_jobs=n_jobs)(delayed(_run_synthetic)(p, m, s, n_iter) for p, m, s in tasks)
    best = {(r["problem"], r["method"], r["seed"]): r["best"] for r in records}
    gap = {(p, m): [best[p, m, s] - DIVERGING[p]["optimum"] for s in seeds] for p in problems for m in methods}
    ranks = mean_ranks(methods, problems, seeds, lambda p, m, s: best[p, m, s])
    rows = [[p] + [f"{np.mean(gap[p, m]):.4f}" for m in methods] for p in problems]
    rows.append(["mean rank"] + [f"{ranks[m]:.2f}" for m in methods])
    return records, _table(rows, [f"problem: mean gap to the optimum, {n_iter} evaluations"] + list(methods))


def real(seeds, n_iter, problems=None, n_jobs=2):
    problems = problems or list(REAL)
    tasks = [(p, m, s) for p in problems for s in seeds for m in METHODS]
    records = Parallel(n_jobs=n_jobs)(delayed(_run_real)(p, m, s, n_iter) for p, m, s in tasks)
    by = {(r["problem"], r["method"], r["seed"]): r for r in records}
    norm, test = {}, {}
    for p in problems:
        for m in METHODS:
            norm[p, m], test[p, m] = [], []
        for s in seeds:
            top = max(by[p, m, s]["best_cv"] for m in METHODS)
            rand = np.nanmean(by[p, "random", s]["random_scores"])
            for m in METHODS:
                norm[p, m].append(100 * (by[p, m, s]["best_cv"] - rand) / (top - rand) if top > rand else 100.0)
                test[p, m].append(by[p, m, s]["test"])
    ranks = mean_ranks(METHODS, problems, seeds, lambda p, m, s: -by[p, m, s]["best_cv"])
    rows = [[p] + [f"{np.mean(norm[p, m]):.1f} ({np.mean(test[p, m]):.4f})" for m in METHODS] for p in problems]
    rows.append(["**mean normalised**"] + [f"**{np.mean([np.mean(norm[p, m]) for p in problems]):.1f}**" for m in METHODS])
    rows.append(["mean rank (CV)"] + [f"{ranks[m]:.2f}" for m in METHODS])
    return records, _table(rows, ["problem: normalised CV score (held-out test score)"] + METHODS)


def overhead(n_iters=(50, 200), seeds=(0,), methods=("sktune", "skopt", "optuna_tpe"), levels=None):
    """Wall time outside fits per evaluation, on Hartmann-6 where fits take ~0 s.

    ``levels``: search its grid of that many values per parameter instead (six
    categorical parameters, as a ``GridSearchCV`` user writes them)."""
    quiet()
    records = []
    X, y, cv = synthetic_data()
    for n_iter in n_iters:
        for method in methods:
            for seed in seeds:
                search = make_search(method, SyntheticEstimator(problem="hartmann6"),
                                     _space("hartmann6", levels), n_iter, cv, seed,
                                     refit=False, evaluate_default=False)
                start = time.perf_counter()
                search.fit(X, y)
                wall = time.perf_counter() - start
                if hasattr(search, "cv_results_") and "mean_fit_time" in search.cv_results_:
                    res = search.cv_results_
                    inside = float(np.sum(res["mean_fit_time"] + res["mean_score_time"]) * cv.get_n_splits())
                else:
                    inside = 0.0
                records.append(dict(method=method, n_iter=n_iter, seed=seed, wall=wall,
                                    per_eval=(wall - inside) / n_iter))
    rows = []
    for n_iter in n_iters:
        per = {m: np.mean([r["per_eval"] for r in records if r["method"] == m and r["n_iter"] == n_iter]) for m in methods}
        rows.append([n_iter] + [f"{per[m] * 1000:.1f}" for m in methods]
                    + [f"{per['sktune'] / per['skopt']:.3f}" if "skopt" in per else "-"])
    return records, _table(rows, ["evaluations"] + [f"{m} ms/eval" for m in methods] + ["sktune / skopt"])


def _start_workers(estimator, X, y, n_jobs):
    """Have joblib start (or reuse) its workers, each importing the estimator's module."""
    from sklearn.base import clone

    small = clone(estimator).set_params(n_estimators=5)
    Parallel(n_jobs=n_jobs)(delayed(clone(small).fit)(X, y) for _ in range(4 * n_jobs))


def parallel(seeds=range(3), n_iter=16):
    """Wall time of n_jobs=2 with batches against n_jobs=1, on fits of about half a second.

    Batched proposals are not the sequential ones, and on this problem their fits cost
    more or less (``max_features`` sets the cost), so ``n_jobs=1`` is run both ways:
    sequentially (``n_points=1``, the default) and with the same batches as ``n_jobs=2``
    (``n_points=4``: the same configurations, so the ratio is parallelism alone).
    joblib starts its worker processes once per Python session (about 2 s here) and
    keeps them; that start-up is timed apart (``worker_start_up``), just before each
    ``n_jobs=2`` search, which then runs on started workers, as all but a session's
    first do.
    """
    quiet()
    from sklearn.datasets import load_digits
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.model_selection import StratifiedKFold

    X, y = load_digits(return_X_y=True)
    cv = StratifiedKFold(4, shuffle=True, random_state=0)
    space = {"max_depth": ("int", 4, 30, False), "max_features": ("real", 0.05, 0.5, False)}
    estimator = RandomForestClassifier(n_estimators=150, random_state=0)
    records = []
    for seed in seeds:
        for n_jobs, n_points in ((1, 1), (1, 4), (2, 4)):
            search = make_search("sktune", estimator, space, n_iter, cv, seed, refit=False,
                                 n_jobs=n_jobs, n_points=n_points)
            start = time.perf_counter()
            if n_jobs > 1:
                _start_workers(estimator, X, y, n_jobs)
            start_up = time.perf_counter() - start
            search.fit(X, y)
            wall = time.perf_counter() - start - start_up
            fits = float(np.sum(search.cv_results_["mean_fit_time"]) * cv.get_n_splits())
            records.append(dict(seed=seed, n_jobs=n_jobs, n_points=n_points, wall=wall, fit_seconds=fits,
                                best=float(search.best_score_), worker_start_up=start_up))

    def wall(seed, n_jobs, n_points):
        return next(r["wall"] for r in records if (r["seed"], r["n_jobs"], r["n_points"]) == (seed, n_jobs, n_points))

    rows = []
    for seed in seeds:
        sequential, same_batches = wall(seed, 1, 1), wall(seed, 1, 4)
        for r in (r for r in records if r["seed"] == seed):
            rows.append([seed, r["n_jobs"], r["n_points"], f"{r['wall']:.1f}", f"{r['fit_seconds']:.1f}",
                         f"{r['wall'] / sequential:.2f}", f"{r['wall'] / same_batches:.2f}", f"{r['best']:.4f}"])
    means = [np.mean([wall(seed, 2, 4) / wall(seed, *base) for seed in seeds]) for base in ((1, 1), (1, 4))]
    rows.append(["mean", 2, 4, "", "", f"{means[0]:.2f}", f"{means[1]:.2f}", ""])
    first_start_up = next(r["worker_start_up"] for r in records if r["n_jobs"] > 1)
    rows.append(["worker start-up (once per session)", 2, "", f"{first_start_up:.1f}", "", "", "", ""])
    return records, _table(rows, ["seed", "n_jobs", "n_points", "wall s", "s inside fits",
                                  "ratio to n_jobs=1 sequential", "ratio to n_jobs=1 same batches", "best CV"])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("suite", choices=["synthetic", "grid", "real", "diverging", "overhead", "parallel", "smoke"])
    parser.add_argument("--seeds", type=int, default=None)
    parser.add_argument("--n-iter", type=int, default=None)
    parser.add_argument("--problems", nargs="*", default=None)
    parser.add_argument("--n-jobs", type=int, default=2)
    parser.add_argument("--methods", nargs="*", default=None, choices=METHODS + EXTRA_METHODS,
                        help="synthetic and grid suites only; all of METHODS by default")
    parser.add_argument("--levels", type=int, default=None,
                        help="grid suite (default 11) and overhead suite (default: none, the "
                             "continuous space): values listed per numeric parameter")
    parser.add_argument("--n-points", type=int, default=1,
                        help="synthetic suite only: configurations sktune and skopt propose at a time "
                             "(Optuna and random search have no batches)")
    args = parser.parse_args(argv)
    if args.methods and args.suite not in ("synthetic", "grid"):
        parser.error("--methods applies to the synthetic and grid suites only")
    if args.n_points != 1 and args.suite != "synthetic":
        parser.error("--n-points applies to the synthetic suite only")
    quiet()
    start = time.time()
    name = args.suite
    if args.suite == "synthetic":
        records, table = synthetic(range(args.seeds or 10), args.n_iter or 50, args.problems, args.n_jobs,
                                   args.methods or METHODS, args.n_points)
        if args.methods:
            name = "synthetic_" + "_".join(args.methods)
        if args.n_points != 1:
            name += f"_points{args.n_points}"
    elif args.suite == "grid":
        records, table = synthetic(range(args.seeds or 10), args.n_iter or 50, args.problems, args.n_jobs,
                                   args.methods or METHODS, levels=args.levels or 11)
        name = f"grid{args.levels or 11}" + ("_" + "_".join(args.methods) if args.methods else "")
    elif args.suite == "real":
        records, table = real(range(args.seeds or 5), args.n_iter or 40, args.problems, args.n_jobs)
    elif args.suite == "diverging":
        records, table = diverging(range(args.seeds or 10), args.n_iter or 50, args.n_jobs)
    elif args.suite == "overhead":
        records, table = overhead((args.n_iter,) if args.n_iter else (50, 200), levels=args.levels)
        if args.levels:
            name = f"overhead_grid{args.levels}"
        if args.n_iter:
            name += f"_{args.n_iter}"
    elif args.suite == "parallel":
        records, table = parallel(range(args.seeds or 3))
    else:
        records, table = synthetic(range(1), 12, ["branin", "mixed"], 1)
    publish("bench_bayes.py", argv, None if args.suite == "smoke" else name, start, records, table)


if __name__ == "__main__":
    main()
