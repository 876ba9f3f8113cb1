"""The searches compared in the benchmarks, each built from a neutral space spec.

Peers (scikit-optimize, Optuna) come from the ``bench`` extra and are imported only
when their method is built.
"""

from __future__ import annotations

from scipy.stats import loguniform, uniform
from sklearn.model_selection import RandomizedSearchCV

from sktune import BayesSearchCV, Categorical, Integer, Real


def _sktune_space(space):
    out = {}
    for name, s in space.items():
        if s[0] == "real":
            out[name] = Real(s[1], s[2], prior="log-uniform" if s[3] else "uniform")
        elif s[0] == "int":
            out[name] = Integer(s[1], s[2], prior="log-uniform" if s[3] else "uniform")
        else:
            out[name] = Categorical(s[1])
    return out


def _skopt_space(space):
    from skopt.space import Categorical as C, Integer as I, Real as R

    out = {}
    for name, s in space.items():
        if s[0] == "real":
            out[name] = R(s[1], s[2], prior="log-uniform" if s[3] else "uniform")
        elif s[0] == "int":
            out[name] = I(s[1], s[2], prior="log-uniform" if s[3] else "uniform")
        else:
            out[name] = C(s[1])
    return out


def _optuna_space(space):
    from optuna.distributions import (
        CategoricalDistribution,
        FloatDistribution,
        IntDistribution,
    )

    out = {}
    for name, s in space.items():
        if s[0] == "real":
            out[name] = FloatDistribution(s[1], s[2], log=s[3])
        elif s[0] == "int":
            out[name] = IntDistribution(s[1], s[2], log=s[3])
        else:
            out[name] = CategoricalDistribution(s[1])
    return out


def _scipy_space(space):
    out = {}
    for name, s in space.items():
        if s[0] == "real":
            out[name] = loguniform(s[1], s[2]) if s[3] else uniform(s[1], s[2] - s[1])
        elif s[0] == "int":
            # scipy has no log-uniform integer: draw log-uniform reals and round
            out[name] = (
                list(range(s[1], s[2] + 1)) if not s[3] else _LogInt(s[1], s[2])
            )
        else:
            out[name] = list(s[1])
    return out


class _LogInt:
    """Integers drawn log-uniformly, for RandomizedSearchCV."""

    def __init__(self, low, high):
        self.low, self.high = low, high

    def rvs(self, random_state=None):
        return int(round(loguniform(self.low - 0.5, self.high + 0.5).rvs(random_state=random_state)))


def make_search(method, estimator, space, n_iter, cv, seed, refit=True, n_jobs=1, n_points=1, evaluate_default=True):
    """A search object of ``method`` over ``space`` with ``n_iter`` evaluations."""
    if method in ("sktune", "sktune_gp_hedge", "sktune_no_cap"):
        return BayesSearchCV(
            estimator, _sktune_space(space), n_iter=n_iter, cv=cv, random_state=seed,
            refit=refit, n_jobs=n_jobs, n_points=n_points, evaluate_default=evaluate_default,
            optimizer_kwargs={"acq_func": "gp_hedge"} if method == "sktune_gp_hedge" else None,
        )
    if method == "skopt":
        from skopt import BayesSearchCV as SkoptBayesSearchCV

        return SkoptBayesSearchCV(
            estimator, _skopt_space(space), n_iter=n_iter, cv=cv, random_state=seed,
            refit=refit, n_jobs=n_jobs, n_points=n_points, error_score=float("nan"),
        )
    if method == "optuna_tpe":
        import optuna
        from optuna_integration import OptunaSearchCV

        optuna.logging.set_verbosity(optuna.logging.WARNING)
        return OptunaSearchCV(
            estimator, _optuna_space(space), n_trials=n_iter, cv=cv, random_state=seed,
            refit=refit, n_jobs=n_jobs, error_score=float("nan"), verbose=0,
        )
    if method == "random":
        return RandomizedSearchCV(
            estimator, _scipy_space(space), n_iter=n_iter, cv=cv, random_state=seed,
            refit=refit, n_jobs=n_jobs,
        )
    raise ValueError(f"unknown method {method!r}")


def cv_scores(search):
    """Mean CV scores of every evaluated configuration, in evaluation order."""
    if hasattr(search, "trials_"):  # OptunaSearchCV
        return [t.value if t.value is not None else float("nan") for t in search.trials_]
    return list(search.cv_results_["mean_test_score"])


METHODS = ["sktune", "skopt", "optuna_tpe", "random"]
# Variants a suite runs only when asked (``--methods``): scikit-optimize's default
# acquisition in sktune's optimizer; sktune without capping diverged losses (the
# search is the same, ``bench_bayes`` lifts the cap around its fit).
EXTRA_METHODS = ["sktune_gp_hedge", "sktune_no_cap"]
