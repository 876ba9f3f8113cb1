"""EvolutionarySearchCV against sklearn-genetic-opt, Optuna's CMA-ES and BayesSearchCV.

Usage (from the repository root, after ``pip install -e ".[bench]"``)::

    python benchmarks/bench_evolutionary.py synthetic --n-iter 100 --seeds 5
    python benchmarks/bench_evolutionary.py synthetic --n-iter 300 --seeds 5
    python benchmarks/bench_evolutionary.py synthetic --n-iter 300 --seeds 50 \
        --methods sktune_evolutionary gasearchcv optuna_cmaes
    python benchmarks/bench_evolutionary.py real --n-iter 100 --seeds 3
    python benchmarks/bench_evolutionary.py subset --n-iter 100 --seeds 3
    python benchmarks/bench_evolutionary.py subset --n-iter 100 --seeds 30 \
        --methods sktune_bayes --reuse benchmarks/results/<earlier run>.json
    python benchmarks/bench_evolutionary.py overhead [--n-iter 3000] [--checkpoint]
    python benchmarks/bench_evolutionary.py parts --n-iter 60 --seeds 3

Every method gets the same budget: the best CV score among its first ``n_iter``
evaluations counts (GASearchCV cannot be told an exact number of evaluations, so it
is run with enough generations and cut). On the feature-subset problems sktune
searches a :class:`~sktune.Subset` of columns; the peers, which have no subset
dimension, search one 0/1 parameter per column. sklearn-genetic-opt has no random_state;
Python's and numpy's global generators are seeded before it runs.
Normalised score as in ``bench_bayes.py``. In the real and subset suites it depends on
every method (100 is the best any found), so rerunning some methods (``--methods``)
needs the others' stored records (``--reuse``): the methods whose code has not changed
repeat their scores seed for seed, and GASearchCV is not reproducible run to run.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from pathlib import Path

import numpy as np
from joblib import Parallel, delayed

sys.path.insert(0, str(Path(__file__).resolve().parent))

from methods import _optuna_space, _sktune_space  # noqa: E402
from problems import REAL, SYNTHETIC, SyntheticEstimator, quiet, random_mean, real_data, synthetic_data  # noqa: E402
from report import markdown_table, mean_ranks, publish  # noqa: E402

from bench_pipelines import _cancer_with_noise, _noisy_classification  # noqa: E402
from sklearn.base import BaseEstimator, TransformerMixin  # noqa: E402
from sklearn.model_selection import StratifiedKFold, train_test_split  # noqa: E402
from sklearn.neighbors import KNeighborsClassifier  # noqa: E402
from sklearn.pipeline import Pipeline  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402
from sklearn.svm import SVC  # noqa: E402

from sktune import BayesSearchCV, ColumnSubset, EvolutionarySearchCV, Subset  # noqa: E402
from sktune.optimizers import Optimizer  # noqa: E402

METHODS = ["sktune_evolutionary", "gasearchcv", "optuna_cmaes", "sktune_bayes"]
REAL_SUBSET = ["svc_cancer", "knn_wine", "elasticnet_diabetes", "tree_cancer"]


SUBSET = {
    "classification_5_of_30_svc": dict(
        data=_noisy_classification, model=SVC,
        space={"clf__C": ("real", 1e-2, 1e3, True), "clf__gamma": ("real", 1e-4, 1.0, True)},
    ),
    "cancer_plus_30_noise_knn": dict(
        data=_cancer_with_noise, model=KNeighborsClassifier,
        space={"clf__n_neighbors": ("int", 1, 50, False), "clf__weights": ("cat", ["uniform", "distance"])},
    ),
}


class FeatureFlags(BaseEstimator, TransformerMixin):
    """Keeps column ``i`` when its parameter ``f<i>`` is 1: a subset for the peers."""

    def __init__(self, **flags):
        for name, value in flags.items():
            setattr(self, name, value)
        self._names = sorted(flags, key=lambda name: int(name[1:]))

    def get_params(self, deep=True):
        return {name: getattr(self, name) for name in self._names}

    def set_params(self, **params):
        for name, value in params.items():
            setattr(self, name, value)
        return self

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        keep = [i for i, name in enumerate(self._names) if getattr(self, name)]
        if not keep:
            raise ValueError("FeatureFlags keeps no column.")
        return X[:, keep]


def _subset_task(problem, method, seed):
    """Data, CV, pipeline and neutral space of a feature-subset problem for ``method``."""
    spec = SUBSET[problem]
    X, y = spec["data"](seed)
    X, X_test, y, y_test = train_test_split(X, y, test_size=0.3, stratify=y, random_state=seed)
    cv = StratifiedKFold(5, shuffle=True, random_state=seed)
    n = X.shape[1]
    if method.startswith("sktune"):
        select, space = ColumnSubset(), dict(spec["space"])
        extra = {"select__columns": Subset(list(range(n)))}
    else:
        select = FeatureFlags(**{f"f{i}": 1 for i in range(n)})
        space = {**{f"select__f{i}": ("int", 0, 1, False) for i in range(n)}, **spec["space"]}
        extra = {}
    pipe = Pipeline([("select", select), ("scale", StandardScaler()), ("clf", spec["model"]())])
    return X, X_test, y, y_test, cv, pipe, space, extra


def _ga_space(space):
    from sklearn_genetic.space import Categorical, Continuous, Integer

    out = {}
    for name, s in space.items():
        if s[0] == "real":
            out[name] = Continuous(s[1], s[2], distribution="log-uniform" if s[3] else "uniform")
        elif s[0] == "int":
            out[name] = Integer(s[1], s[2])
        else:
            out[name] = Categorical(list(s[1]))
    return out


class _NoOptimizer(Optimizer):
    """Uniform random points in generations of CMA-ES's size, with no history, checks
    or learning: the overhead left with it is sktune's search loop alone."""

    def __init__(self, dimensions, random_state=None):
        super().__init__(dimensions, random_state=random_state)
        self.population_size = 4 + int(3 * math.log(self.n_dims))  # as CMAESOptimizer's

    def ask(self, n=1):
        return self._rng.random((n, self.n_dims))

    def tell(self, X, y):
        pass

    def _propose(self, n, already):
        raise NotImplementedError


class _LoopOnlySearchCV(EvolutionarySearchCV):
    def _make_optimizer(self, space, random_state):
        return _NoOptimizer(space.unit_dimensions(), random_state=random_state)


def _search(method, estimator, space, n_iter, cv, seed, refit, extra=None):
    """``extra``: sktune dimensions added to sktune's searches (a Subset)."""
    if method == "sktune_loop_only":
        return _LoopOnlySearchCV(estimator, _sktune_space(space), n_iter=n_iter, cv=cv,
                                 random_state=seed, refit=refit, evaluate_default=False)
    if method == "sktune_evolutionary":
        return EvolutionarySearchCV(estimator, {**(extra or {}), **_sktune_space(space)}, n_iter=n_iter,
                                    cv=cv, random_state=seed, refit=refit, evaluate_default=False)
    if method == "sktune_bayes":
        return BayesSearchCV(estimator, {**(extra or {}), **_sktune_space(space)}, n_iter=n_iter, cv=cv,
                             random_state=seed, refit=refit, evaluate_default=False)
    if method == "optuna_cmaes":
        import optuna
        from optuna_integration import OptunaSearchCV

        optuna.logging.set_verbosity(optuna.logging.WARNING)
        study = optuna.create_study(direction="maximize", sampler=optuna.samplers.CmaEsSampler(seed=seed, warn_independent_sampling=False))
        return OptunaSearchCV(estimator, _optuna_space(space), n_trials=n_iter, cv=cv, study=study,
                              refit=refit, error_score=float("nan"), verbose=0)
    if method == "gasearchcv":
        import random

        from sklearn_genetic import GASearchCV

        random.seed(seed)
        np.random.seed(seed)
        population = max(10, int(round(math.sqrt(n_iter) * 1.5)))
        return GASearchCV(estimator, cv=cv, param_grid=_ga_space(space), population_size=population,
                          generations=int(math.ceil(n_iter / population)) + 2, verbose=False, refit=refit,
                          error_score=float("nan"))
    raise ValueError(method)


def _scores_in_order(search):
    if hasattr(search, "trials_"):
        return [t.value if t.value is not None else np.nan for t in search.trials_]
    return list(search.cv_results_["mean_test_score"])


def _run(kind, problem, method, seed, n_iter):
    quiet()
    extra = None
    if kind == "synthetic":
        X, y, cv = synthetic_data()
        est, space, X_test, y_test = SyntheticEstimator(problem=problem), SYNTHETIC[problem]["space"], None, None
    elif kind == "subset":
        X, X_test, y, y_test, cv, est, space, extra = _subset_task(problem, method, seed)
    else:
        X, X_test, y, y_test, cv = real_data(problem, seed)
        est, space = REAL[problem]["estimator"](), REAL[problem]["space"]
    search = _search(method, est, space, n_iter, cv, seed, refit=kind != "synthetic", extra=extra)
    start = time.perf_counter()
    search.fit(X, y)
    wall = time.perf_counter() - start
    scores = np.asarray(_scores_in_order(search), dtype=float)[:n_iter]
    record = dict(kind=kind, problem=problem, method=method, seed=seed, best=float(np.nanmax(scores)),
                  n_evals=int(len(scores)), wall=wall)
    if kind != "synthetic":
        record["test"] = float(search.score(X_test, y_test))
        record["scores"] = scores.tolist()
    return record


def suite(kind, problems, seeds, n_iter, n_jobs, methods=METHODS, reused=()):
    """Run ``methods``; ``reused``: stored records of other methods, normalised with them."""
    reused = [r for r in reused if r["problem"] in problems and r["seed"] in seeds
              and r["method"] not in methods]
    tasks = [(p, m, s) for p in problems for s in seeds for m in methods]
    records = Parallel(n_jobs=n_jobs)(delayed(_run)(kind, p, m, s, n_iter) for p, m, s in tasks)
    records = sorted(records + reused, key=lambda r: (problems.index(r["problem"]), r["seed"]))
    methods = [m for m in METHODS if m in {r["method"] for r in records}]
    by = {(r["problem"], r["method"], r["seed"]): r for r in records}
    norm = {}
    for p in problems:
        for m in methods:
            norm[p, m] = []
        for s in seeds:
            if kind == "synthetic":
                top, rand = -SYNTHETIC[p]["optimum"], -random_mean(p)
            else:
                top = max(by[p, m, s]["best"] for m in methods)
                rand = float(np.nanmean(np.concatenate([by[p, m, s]["scores"] for m in methods])))
            for m in methods:
                norm[p, m].append(100 * (by[p, m, s]["best"] - rand) / (top - rand) if top > rand else 100.0)
    ranks = mean_ranks(methods, problems, seeds, lambda p, m, s: -by[p, m, s]["best"])
    rows = [[p] + [f"{np.mean(norm[p, m]):.1f}" for m in methods] for p in problems]
    rows.append(["**mean**"] + [f"**{np.mean([np.mean(norm[p, m]) for p in problems]):.1f}**" for m in methods])
    rows.append(["mean rank"] + [f"{ranks[m]:.2f}" for m in methods])
    return records, markdown_table(rows, [f"{kind}, {n_iter} evaluations (normalised score)"] + methods)


class _Clock:
    """Seconds spent inside the functions it has wrapped; ``install`` (in subclasses)
    wraps a method's functions and returns what undoes it."""

    def __init__(self):
        self.seconds = 0.0

    def wrap(self, function):
        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - start
        return timed


class _EvaluationClock(_Clock):
    """Seconds spent inside each search's evaluation calls (fits, scoring, CV machinery).

    For sktune that is ``evaluate_candidates`` (scikit-learn's ``BaseSearchCV``), for
    GASearchCV its ``evaluate`` (scikit-learn's ``cross_validate`` per individual), so
    that ``wall - inside`` is the optimizer and its own loop in both.
    """

    def install(self, method):
        import sktune._evaluations as evaluations_module
        from sklearn_genetic import GASearchCV

        if method == "gasearchcv":
            original = GASearchCV.evaluate
            GASearchCV.evaluate = self.wrap(original)
            return lambda: setattr(GASearchCV, "evaluate", original)
        original = evaluations_module.Evaluations.__init__
        clock = self

        def init(evaluations, search, evaluate_candidates, **kwargs):
            original(evaluations, search, clock.wrap(evaluate_candidates), **kwargs)

        evaluations_module.Evaluations.__init__ = init
        return lambda: setattr(evaluations_module.Evaluations, "__init__", original)


class _OperatorClock(_Clock):
    """Seconds spent inside each search's optimizer proper: its proposals and updates.

    For sktune that is the optimizer's ``ask`` and ``tell``; for GASearchCV, DEAP's
    variation (``varOr`` / ``varAnd``: crossover and mutation), its selection and
    its first population. What the searches do around them (decoding, logbooks,
    hall of fame, scikit-learn's ``BaseSearchCV``) is left out of both.
    """

    def install(self, method):
        if method == "gasearchcv":
            import sklearn_genetic.algorithms as ga_algorithms
            from sklearn_genetic import GASearchCV

            variations = {name: getattr(ga_algorithms, name) for name in ("varOr", "varAnd")}
            for name, function in variations.items():
                setattr(ga_algorithms, name, self.wrap(function))
            original = GASearchCV._register
            clock = self

            def register(search):
                original(search)
                for name in ("select", "population"):
                    search.toolbox.register(name, clock.wrap(getattr(search.toolbox, name)))

            GASearchCV._register = register

            def uninstall():
                GASearchCV._register = original
                for name, function in variations.items():
                    setattr(ga_algorithms, name, function)

            return uninstall
        search_class = _LoopOnlySearchCV if method == "sktune_loop_only" else EvolutionarySearchCV
        original = search_class._make_optimizer
        clock = self

        def make_optimizer(search, space, random_state):
            optimizer = original(search, space, random_state)
            optimizer.ask = clock.wrap(optimizer.ask)
            optimizer.tell = clock.wrap(optimizer.tell)
            return optimizer

        search_class._make_optimizer = make_optimizer
        return lambda: setattr(search_class, "_make_optimizer", original)


def _optimizer_alone(method, n_iter, seed):
    """Seconds a CMA-ES spends outside the objective over ``n_iter`` evaluations of
    Hartmann-6 on its box ``[0, 1]^6`` (whole generations), with no search around it:
    the ask and tell of the ``cmaes`` library (what Optuna's CMA-ES sampler runs), or
    of sktune's ``CMAESOptimizer`` on plain continuous columns. Returns the seconds
    and the number of evaluations."""
    from problems import hartmann6

    if method == "cmaes_library_alone":
        import cmaes

        opt = cmaes.CMA(mean=np.full(6, 0.5), sigma=0.3, bounds=np.array([[0.0, 1.0]] * 6), seed=seed)

        def ask():
            return [opt.ask() for _ in range(opt.population_size)]

        def tell(points, losses):
            opt.tell(list(zip(points, losses)))
    else:
        from sktune.optimizers import CMAESOptimizer

        opt = CMAESOptimizer(6, random_state=seed)

        def ask():
            return opt.ask(opt.population_size)

        tell = opt.tell
    outside, n = 0.0, 0
    while n < n_iter:
        start = time.perf_counter()
        points = ask()
        outside += time.perf_counter() - start
        losses = [hartmann6({f"x{i}": v for i, v in enumerate(x)}) for x in points]
        start = time.perf_counter()
        tell(points, losses)
        outside += time.perf_counter() - start
        n += len(points)
    return outside, n


def overhead(n_iter=300, seed=0, checkpoint=False):
    """Time outside fits, and outside evaluation calls, per evaluation on Hartmann-6;
    and, as a floor, what a CMA-ES alone costs per evaluation with no search around it.
    With ``checkpoint``, sktune's searches also save every batch to a checkpoint file
    (in a temporary folder), whose writes then count outside evaluation calls."""
    import tempfile

    quiet()
    X, y, cv = synthetic_data()
    rows, records = [], []
    # sktune_loop_only: EvolutionarySearchCV's loop with an optimizer that does nothing
    for method in ("sktune_evolutionary", "sktune_loop_only", "gasearchcv", "optuna_cmaes"):
        # an untimed run first, so that no method pays for first-call costs (imports,
        # caches) that a real search pays once
        _search(method, SyntheticEstimator(problem="hartmann6"), SYNTHETIC["hartmann6"]["space"],
                30, cv, seed + 1, refit=False).fit(X, y)
        search = _search(method, SyntheticEstimator(problem="hartmann6"), SYNTHETIC["hartmann6"]["space"],
                         n_iter, cv, seed, refit=False)
        if checkpoint and method.startswith("sktune"):
            search.set_params(checkpoint=os.path.join(tempfile.mkdtemp(), "search.json"))
        timed = method != "optuna_cmaes"  # Optuna's loop is not instrumented
        clock, operators = _EvaluationClock(), _OperatorClock()
        uninstall = [c.install(method) for c in (clock, operators)] if timed else []
        start = time.perf_counter()
        try:
            search.fit(X, y)
        finally:
            for undo in uninstall:
                undo()
        wall = time.perf_counter() - start
        n = len(_scores_in_order(search))
        inside = 0.0
        if hasattr(search, "cv_results_") and "mean_fit_time" in search.cv_results_:
            res = search.cv_results_
            inside = float(np.sum(res["mean_fit_time"] + res["mean_score_time"]) * cv.get_n_splits())
        per_eval = (wall - inside) / n
        own = (wall - clock.seconds) / n if timed else float("nan")
        in_operators = operators.seconds / n if timed else float("nan")
        records.append(dict(method=method, n_evals=n, wall=wall, per_eval=per_eval, optimizer_per_eval=own,
                            operators_per_eval=in_operators))
        rows.append([method, n, f"{per_eval * 1000:.2f}", f"{own * 1000:.3f}", f"{in_operators * 1000:.4f}"])
    for method in ("cmaes_library_alone", "sktune_cmaes_alone"):
        _optimizer_alone(method, 30, seed + 1)  # untimed, as above
        own, n = _optimizer_alone(method, n_iter, seed)
        records.append(dict(method=method, n_evals=n, wall=own, per_eval=float("nan"),
                            optimizer_per_eval=own / n, operators_per_eval=own / n))
        rows.append([method, n, "-", f"{own / n * 1000:.3f}", f"{own / n * 1000:.4f}"])
    ga = next(r for r in records if r["method"] == "gasearchcv")
    for row, r in zip(rows, records):
        row += [f"{r[key] / ga[key]:.3f}" for key in ("per_eval", "optimizer_per_eval", "operators_per_eval")]
    return records, markdown_table(rows, ["method", "evaluations", "ms/eval outside fits",
                                          "ms/eval outside evaluation calls", "ms/eval in optimizer operators",
                                          "ratio (outside fits)", "ratio (outside evaluation calls)",
                                          "ratio (operators)"])


def parts(n_iter=60, seeds=range(3)):
    """Wall time with two workers when a generation goes to scikit-learn in parts (so
    that an interruption loses only the part in flight) against in one call, as it
    did before: a random forest on 10,000 rows, fits of about a second, generations
    of 20 (parts of 11 and 9). Each seed runs both ways, in alternating order, on
    started workers; both must give the same evaluations."""
    from sklearn.datasets import make_classification
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.base import clone
    from threadpoolctl import threadpool_limits

    from sktune import Integer, Real, _evaluations

    quiet()
    X, y = make_classification(10000, 20, n_informative=8, n_redundant=4, flip_y=0.03,
                               class_sep=0.8, random_state=0)
    space = {"max_depth": Integer(2, 30), "max_features": Real(0.05, 1.0),
             "min_samples_leaf": Integer(1, 50, prior="log-uniform")}
    estimator = RandomForestClassifier(n_estimators=40, random_state=0)
    default = _evaluations.FITS_PER_WORKER
    records, rows = [], []
    Parallel(n_jobs=2)(delayed(clone(estimator).set_params(n_estimators=2).fit)(X, y) for _ in range(8))
    for seed in seeds:
        walls, results = {}, {}
        for way in (("parts", "whole") if seed % 2 == 0 else ("whole", "parts")):
            _evaluations.FITS_PER_WORKER = default if way == "parts" else 10**9
            search = EvolutionarySearchCV(estimator, space, n_iter=n_iter, population_size=20,
                                          cv=StratifiedKFold(3, shuffle=True, random_state=seed),
                                          n_jobs=2, random_state=seed, refit=False)
            start = time.perf_counter()
            try:
                with threadpool_limits(1):
                    search.fit(X, y)
            finally:
                _evaluations.FITS_PER_WORKER = default
            walls[way] = time.perf_counter() - start
            results[way] = search.cv_results_["mean_test_score"]
        same = bool(np.array_equal(results["parts"], results["whole"]))
        records.append(dict(seed=seed, wall_parts=walls["parts"], wall_whole=walls["whole"], same=same))
        rows.append([seed, f"{walls['whole']:.1f}", f"{walls['parts']:.1f}",
                     f"{walls['parts'] / walls['whole']:.3f}", "yes" if same else "NO"])
    ratio = np.mean([r["wall_parts"] / r["wall_whole"] for r in records])
    rows.append(["mean", "", "", f"{ratio:.3f}", ""])
    return records, markdown_table(rows, ["seed", "wall s, one call per generation",
                                          "wall s, in parts", "parts / one call",
                                          "same evaluations"])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("suite", choices=["synthetic", "real", "subset", "overhead", "parts"])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--n-iter", type=int, default=None,
                        help="evaluations per search (default: 100, and 300 for overhead)")
    parser.add_argument("--n-jobs", type=int, default=2)
    parser.add_argument("--methods", nargs="*", default=None, choices=METHODS,
                        help="a subset of the methods (in the synthetic suite a method's normalised "
                             "score does not depend on the others; elsewhere give --reuse)")
    parser.add_argument("--checkpoint", action="store_true",
                        help="overhead suite: sktune's searches write a checkpoint after every batch")
    parser.add_argument("--reuse", default=None,
                        help="real and subset suites: a results file whose records of the methods "
                             "not run (same seeds, problems and n_iter) enter the normalisation")
    args = parser.parse_args(argv)
    if args.n_iter is None:
        args.n_iter = {"overhead": 300, "parts": 60}.get(args.suite, 100)
    if args.checkpoint and args.suite != "overhead":
        parser.error("--checkpoint is for the overhead suite")
    if args.suite in ("overhead", "parts") and (args.methods or args.reuse):
        parser.error(f"the {args.suite} suite runs its own methods: --methods and --reuse do not apply")
    if args.reuse and args.suite == "synthetic":
        parser.error("--reuse is for the real and subset suites: synthetic scores are normalised "
                     "by each problem's known optimum")
    if args.methods and args.suite in ("real", "subset") and not args.reuse:
        parser.error("--methods needs --reuse outside the synthetic suite: the normalisation uses "
                     "every method")
    reused = []
    if args.reuse:
        with open(args.reuse) as f:
            reused = json.load(f)["records"]
        if any(r.get("kind") != args.suite for r in reused):
            parser.error(f"--reuse {args.reuse} holds records of another suite")
        if max(r["n_evals"] for r in reused) != args.n_iter:
            parser.error(f"--reuse {args.reuse} holds searches of another budget than "
                         f"--n-iter {args.n_iter}")
    methods = args.methods or METHODS
    quiet()
    start = time.time()
    seeds = list(range(args.seeds))
    if args.suite == "synthetic":
        records, table = suite("synthetic", list(SYNTHETIC), seeds, args.n_iter, args.n_jobs, methods)
    elif args.suite == "real":
        records, table = suite("real", REAL_SUBSET, seeds, args.n_iter, args.n_jobs, methods, reused)
    elif args.suite == "subset":
        records, table = suite("subset", list(SUBSET), seeds, args.n_iter, args.n_jobs, methods, reused)
    elif args.suite == "parts":
        records, table = parts(args.n_iter, seeds)
    else:
        records, table = overhead(args.n_iter, checkpoint=args.checkpoint)
    if args.suite == "parts":
        name = "evolutionary_parts"
    elif args.suite != "overhead":
        name = f"evolutionary_{args.suite}_{args.n_iter}" + (
            "_rerun_" + "_".join(args.methods) if args.reuse else "")
    else:
        name = "evolutionary_overhead" + (f"_{args.n_iter}" if args.n_iter != 300 else "") + (
            "_checkpoint" if args.checkpoint else "")
    publish("bench_evolutionary.py", argv, name, start, records, table)


if __name__ == "__main__":
    main()
