"""BayesSearchCV: Gaussian-process Bayesian optimisation as a scikit-learn search."""

import numbers
import warnings

import numpy as np

from ._search import LONG_RUN_DOC, OptimizerSearchCV
from ._sklearn_compat import Interval, StrOptions
from .optimizers import BayesOptimizer


class BayesSearchCV(OptimizerSearchCV):
    __doc__ = f"""Bayesian optimisation of hyperparameters over cross-validated scores.

    A drop-in replacement for scikit-optimize's ``BayesSearchCV`` built on
    scikit-learn's ``BaseSearchCV``: ``cv_results_``, multi-metric scoring,
    ``refit``, metadata routing, ``n_jobs`` and ``error_score`` behave as in
    ``GridSearchCV``. Candidates are proposed by a Gaussian-process model of the
    scores so far (see :class:`~sktune.optimizers.BayesOptimizer`).

    Parameters
    ----------
    estimator : estimator object
        The model or pipeline to tune. It is cloned, never modified.
    search_spaces : dict, list of dict, list of (dict, int) or Space
        Parameter names (``step__param`` for pipelines) mapped to dimensions: a
        :class:`~sktune.space.Real`, :class:`~sktune.space.Integer` or
        :class:`~sktune.space.Categorical`, a ``(low, high[, prior])`` tuple, a list
        of choices, or a scipy.stats frozen distribution. A list of dicts is one
        space choosing between them, with ``n_iter`` evaluations per dict in all
        (what scikit-optimize would spend on them; given as ``param_distributions``,
        ``n_iter`` in all, as ``RandomizedSearchCV`` spends); a list with ``(dict, n_iter)``
        pairs searches each entry in turn with its own budget. A
        :class:`~sktune.Space` built beforehand is one space with ``n_iter``
        evaluations.
    optimizer_kwargs : dict, default=None
        Options of the :class:`~sktune.optimizers.BayesOptimizer`:
        ``n_initial_points``, ``acq_func`` ('EI', 'PI', 'LCB' or 'gp_hedge'),
        ``kappa`` and ``n_candidates``. scikit-optimize's ``n_random_starts``,
        ``base_estimator='GP'``, ``acq_func_kwargs={{'kappa': ...}}``,
        ``acq_optimizer``, ``acq_optimizer_kwargs={{'n_points': ...}}``,
        ``initial_point_generator`` (the initial design is always scrambled Sobol),
        ``n_jobs`` and ``avoid_duplicates=True`` are read too; any other key or
        value raises an error naming it.
    n_iter : int, default=50
        Number of configurations evaluated (per subspace), the estimator's own
        configuration included.
    scoring : str, callable, list, tuple or dict, default=None
        As in ``GridSearchCV``. With several metrics, the ``refit`` metric is the one
        optimised (the first metric when ``refit`` is a callable or False).
    fit_params : dict, default=None
        Accepted for scikit-optimize's positional order. Pass fit parameters to
        :meth:`fit` instead; these are passed on too, with a ``FutureWarning``
        (scikit-optimize ignored them).
    n_jobs : int, default=None
        Number of jobs running fits in parallel (candidates x folds). It never
        changes which configurations are proposed.
    n_points : int or 'auto', default=1
        Number of configurations proposed and evaluated together in one batch. Use
        ``n_points >= n_jobs / n_splits`` to keep parallel workers busy. ``'auto'``
        sizes batches to the workers of the active joblib backend (a Dask cluster's
        included): ``ceil(workers / n_splits)``; proposals then depend on how many
        workers there are.
    iid : ignored, default='deprecated'
        Accepted for scikit-optimize's positional order; has no effect (scikit-learn
        removed it), with a ``FutureWarning`` when set.
    refit : bool, str or callable, default=True
        As in ``GridSearchCV``.
    cv : int, cross-validation generator or iterable, default=None
        As in ``GridSearchCV``.
    verbose : int, default=0
        1: a line per batch, and within a long one every ten seconds (evaluations
        done out of planned, best score, elapsed and estimated time left; a tqdm
        bar instead on a terminal when tqdm is installed). 2 and more:
        scikit-learn's own lines too, per fit.
    pre_dispatch : int or str, default='2*n_jobs'
        As in ``GridSearchCV``.
    random_state : int, RandomState instance or None, default=None
        Seed of the optimizer: the same seed gives the same proposals, whatever
        ``n_jobs`` is.
    error_score : 'raise' or float, default=np.nan
        Score of a failed fit. Failed configurations are recorded and steered away
        from; they never stop the search.
    return_train_score : bool, default=False
        As in ``GridSearchCV``.
    evaluate_default : bool, default=True
        Evaluate the estimator's own configuration (its current values of the
        searched parameters) first, so that ``best_score_`` is never worse than the
        untuned estimator's. It counts towards ``n_iter``. A configuration outside
        ``search_spaces`` (SVC's ``gamma='scale'`` against a ``Real`` range, say) is
        evaluated as a baseline too; should it score best, ``best_params_`` lies
        outside the space and a warning says so. ``False`` keeps ``best_params_``
        within ``search_spaces``.
{LONG_RUN_DOC}
    Attributes
    ----------
    cv_results_ : dict of numpy (masked) ndarrays
        One entry per evaluated configuration, as in ``GridSearchCV``.
    best_estimator_ : estimator
        Refitted on the whole data with ``best_params_`` (when ``refit``).
    best_score_ : float
        Mean cross-validated score of the best configuration.
    best_params_ : dict
        The best configuration.
    best_index_ : int
        Index of the best configuration in ``cv_results_``.
    default_params_ : dict or None
        The estimator's own configuration, when ``evaluate_default``.
    default_score_ : float or None
        Its mean cross-validated score (the optimised metric).
    stop_reason_ : str or None
        ``'max_time'`` or ``'callback'`` when one of them ended the search early,
        ``'interrupted'`` after Ctrl-C (``KeyboardInterrupt``) ended it,
        ``'exhausted'`` when a finite space (a grid) had fewer configurations than
        the budget.
    optimizer_results_ : list of scipy.optimize.OptimizeResult
        One per subspace: ``x``, ``fun``, ``x_iters``, ``func_vals`` and ``space``,
        in scikit-optimize's convention (``fun`` is the negated best score), and
        ``elapsed``, seconds from the start of the search to the subspace's end.
    scorer_ : function or dict
        Scorer(s) used on held-out data.
    n_splits_ : int
        Number of cross-validation splits.
    refit_time_ : float
        Seconds spent refitting the best model.
    multimetric_ : bool
        Whether several metrics were scored.

    See Also
    --------
    sklearn.model_selection.RandomizedSearchCV : Random search over the same kinds
        of spaces.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.svm import SVC
    >>> from sktune import BayesSearchCV
    >>> from sktune.space import Real
    >>> X, y = load_iris(return_X_y=True)
    >>> search = BayesSearchCV(
    ...     SVC(), {{"C": Real(1e-2, 1e2, prior="log-uniform"), "kernel": ["rbf", "linear"]}},
    ...     n_iter=8, cv=3, random_state=0,
    ... ).fit(X, y)
    >>> bool(search.best_score_ >= search.default_score_)
    True
    """

    _parameter_constraints: dict = {
        **OptimizerSearchCV._parameter_constraints,
        "optimizer_kwargs": [dict, None],
        "fit_params": [dict, None],
        "iid": "no_validation",
        "n_points": [Interval(numbers.Integral, 1, None, closed="left"), StrOptions({"auto"})],
    }

    def __init__(
        self,
        estimator,
        search_spaces=None,
        optimizer_kwargs=None,
        n_iter=50,
        scoring=None,
        fit_params=None,
        n_jobs=None,
        n_points=1,
        iid="deprecated",
        refit=True,
        cv=None,
        verbose=0,
        pre_dispatch="2*n_jobs",
        random_state=None,
        error_score=np.nan,
        return_train_score=False,
        *,
        evaluate_default=True,
        max_time=None,
        callbacks=None,
        checkpoint=None,
        initial_points=None,
        param_distributions=None,
        param_grid=None,
    ):
        super().__init__(
            estimator=estimator,
            scoring=scoring,
            n_jobs=n_jobs,
            refit=refit,
            cv=cv,
            verbose=verbose,
            pre_dispatch=pre_dispatch,
            error_score=error_score,
            return_train_score=return_train_score,
        )
        self.search_spaces = search_spaces
        self.param_distributions = param_distributions
        self.param_grid = param_grid
        self.optimizer_kwargs = optimizer_kwargs
        self.n_iter = n_iter
        self.fit_params = fit_params
        self.n_points = n_points
        self.iid = iid
        self.random_state = random_state
        self.evaluate_default = evaluate_default
        self.max_time = max_time
        self.callbacks = callbacks
        self.checkpoint = checkpoint
        self.initial_points = initial_points

    _OPTIMIZER_OPTIONS = ("n_initial_points", "acq_func", "n_candidates", "kappa")

    def _make_optimizer(self, space, random_state):
        kwargs = _optimizer_options(self.optimizer_kwargs or {}, self._OPTIMIZER_OPTIONS)
        return BayesOptimizer(
            space.unit_dimensions(), random_state=random_state, snap=space.snap, **kwargs
        )

    def fit(self, X, y=None, *, groups=None, callback=None, **fit_params):
        if self.fit_params is not None:
            warnings.warn(
                "fit_params in BayesSearchCV's constructor is deprecated: pass them to "
                "fit(X, y, **fit_params). They are passed on this time.",
                FutureWarning,
            )
            fit_params = {**self.fit_params, **fit_params}
        if self.iid != "deprecated":
            warnings.warn("iid has no effect and will be removed.", FutureWarning)
        return super().fit(X, y, groups=groups, callback=callback, **fit_params)

    fit.__doc__ = OptimizerSearchCV.fit.__doc__

    def _batch_size(self, optimizer):
        if self.n_points == "auto":
            return self._batch_filling_workers()
        return self.n_points

    def _batch_described(self, batch):
        return f"n_points={batch} configuration{'s' * (batch != 1)}"

    def _batch_to_fill(self, batch):
        return (f"n_points={batch}, or 'auto', keeps them busy (configurations proposed "
                "together are chosen before any of their scores is known).")

    def _small_budget_warning(self, space, opt, budget, source):
        if opt.n_told + budget > opt.n_initial_points:
            return None
        if space.n_configurations <= opt.n_initial_points:
            return None  # the initial points can cover the whole space: no model is missed
        return (
            f"{source} leaves {budget} evaluation{'s' * (budget != 1)}, all among the optimizer's "
            f"{opt.n_initial_points} quasi-random initial points: the model never "
            f"proposes one, so this is a quasi-random search. Raise {source}, or use "
            "fewer initial points (optimizer_kwargs={'n_initial_points': ...})."
        )


# scikit-optimize's Optimizer options that sktune honours: aliases of its own, a
# Gaussian-process model, and choices of how the initial design is drawn and the
# acquisition maximised.
_SKOPT_OPTIONS = ("n_random_starts", "base_estimator", "acq_func_kwargs", "acq_optimizer",
                  "acq_optimizer_kwargs", "initial_point_generator", "n_jobs",
                  "avoid_duplicates")
_SKOPT_INITIAL_DESIGNS = ("random", "sobol", "halton", "hammersly", "lhs", "grid")


def _optimizer_options(kwargs: dict, own: tuple) -> dict:
    """BayesOptimizer arguments from ``optimizer_kwargs`` (sktune's or scikit-optimize's).

    scikit-optimize's keys are translated where sktune does the same thing
    (``n_random_starts``, ``acq_func_kwargs={'kappa': ...}``,
    ``acq_optimizer_kwargs={'n_points': ...}``), accepted where they ask for what
    sktune always does (``base_estimator='GP'``, any ``acq_optimizer``, an initial
    design, ``avoid_duplicates=True``) or for how the work is spread (``n_jobs``), and
    refused otherwise, so a request is never silently dropped.
    """
    unknown = sorted(set(kwargs) - set(own) - set(_SKOPT_OPTIONS))
    hints = []
    base_estimator = kwargs.get("base_estimator", "GP")
    if not (isinstance(base_estimator, str) and base_estimator.upper() == "GP"):
        unknown.append(f"base_estimator={base_estimator!r}")
        hints.append(" sktune's model is always a Gaussian process, which takes integer and "
                     "categorical dimensions as they are: leave base_estimator out.")
    if kwargs.get("acq_func") in ("EIps", "PIps"):
        unknown.append(f"acq_func={kwargs['acq_func']!r}")
        hints.append(" Acquisitions per second (EIps, PIps) are not available: use 'EI', and "
                     "max_time=... to bound the search's wall time.")
    if kwargs.get("acq_optimizer", "auto") not in ("auto", "sampling", "lbfgs"):
        unknown.append(f"acq_optimizer={kwargs['acq_optimizer']!r}")
    if kwargs.get("initial_point_generator", "sobol") not in _SKOPT_INITIAL_DESIGNS:
        unknown.append(f"initial_point_generator={kwargs['initial_point_generator']!r}")
    if kwargs.get("avoid_duplicates", True) is not True:
        unknown.append(f"avoid_duplicates={kwargs['avoid_duplicates']!r}")
    acq_func_kwargs = dict(kwargs.get("acq_func_kwargs") or {})
    unknown += [f"acq_func_kwargs[{k!r}]" for k in sorted(acq_func_kwargs) if k != "kappa"]
    acq_optimizer_kwargs = dict(kwargs.get("acq_optimizer_kwargs") or {})
    unknown += [f"acq_optimizer_kwargs[{k!r}]" for k in sorted(acq_optimizer_kwargs)
                if k not in ("n_points", "n_restarts_optimizer", "n_jobs")]
    if unknown:
        raise ValueError(
            f"optimizer_kwargs keys must be among {list(own)}, or scikit-optimize's "
            "n_random_starts, base_estimator='GP', acq_func_kwargs={'kappa': ...}, "
            "acq_optimizer, acq_optimizer_kwargs={'n_points': ...}, "
            "initial_point_generator, n_jobs and avoid_duplicates=True. "
            f"Got {unknown} instead." + "".join(hints)
        )
    options = {key: kwargs[key] for key in own if key in kwargs}
    if "n_random_starts" in kwargs:
        options.setdefault("n_initial_points", kwargs["n_random_starts"])
    if "kappa" in acq_func_kwargs:
        options.setdefault("kappa", acq_func_kwargs["kappa"])
    if "n_points" in acq_optimizer_kwargs:
        options.setdefault("n_candidates", acq_optimizer_kwargs["n_points"])
    return options
